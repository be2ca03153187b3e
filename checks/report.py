r"""The claim library's report: every claim typeset with its evidence, its wrong twins' counterexamples and its figure.

:func:`write_report` renders verification results it is handed (a :class:`ClaimReport` per
claim and per wrong twin): it draws the figures (:mod:`derivax.plots`), writes ``derivations.tex``
from the Jinja2 template ``checks/templates/derivations.tex.j2`` and, when asked, compiles it to
PDF. It runs no verification itself: ``derivax report`` obtains the results as ``derivax verify``
does, through the result cache (:func:`derivax.cache.cached_verify`).

Everything TeX (escaping, the gate for math, the sandboxed compiler, the templates' environment)
is :mod:`derivax.tex`; this module builds the claims' views (plain dicts of :class:`Tex` and
``str``) and the document. A student's feedback PDF is :mod:`derivax.feedback`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from derivax.claims import Claim
from derivax.domains import Sym, Vec
from derivax.evidence import Evidence, Verdict
from derivax.settings import Settings
from derivax.tex import (
    ReportError,
    Tex,
    breakable,
    counterexample_view,
    display_math,
    escape_latex,
    inline_math,
    number_tex,
    point_tex,
    prose,
    render,
    safe_math_tex,
    write_tex,
)
from derivax.verification import ClaimReport

__all__ = ["ReportResult", "build_tex", "write_report"]


# --- the view model: plain dicts of Tex and str for the template ---------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _ranges(values: Sequence[int]) -> str:
    values = list(values)
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}, \\dots, {values[-1]}"
    return ", ".join(str(v) for v in values)


def _symbols(claim: Claim) -> list[dict[str, Any]]:
    out = []
    for s in claim.symbols:
        try:
            domain = s.render()
        except Exception as error:  # a user's odd domain must not stop the report
            domain = f"{s.name}: {error}"
        box = s.typical
        sampled = Tex(rf"sampled in $[{number_tex(float(box[0]))}, {number_tex(float(box[1]))}]$")
        if isinstance(s, Vec):
            sampled = Tex(f"{s.kind} vector of size $n$; " + (sampled if s.kind == "real" else "one-hot"))
        out.append({"domain": inline_math(domain), "sampled": sampled})
    return out


_NUMERIC_ROWS = (
    ("samples", "points sampled"),
    ("max_abs_error", "max absolute error"),
    ("max_rel_error", "max relative error"),
    ("max_standard_error", "max Monte-Carlo standard error"),
    ("hypothesis_held", "points where the hypothesis held"),
    ("hypothesis_failed", "points where it failed"),
    ("unusable_points", "non-finite points"),
)


def _tolerance(details: dict[str, Any]) -> Tex:
    """``rtol``/``atol`` as used, and the allowance for a Monte-Carlo witness's standard error."""
    text = rf"$\mathrm{{rtol}} = {number_tex(details['rtol'])}$, $\mathrm{{atol}} = {number_tex(details['atol'])}$"
    if details.get("z_score_for_standard_error") and details.get("max_standard_error"):
        text += rf" plus ${number_tex(details['z_score_for_standard_error'])}$ standard errors of the witness"
    return Tex(text)


def _evidence(claim: Claim, name: str, ev: Evidence) -> dict[str, Any]:
    """One checker's evidence as rows (label, value) for the template, every detail field shown once."""
    details = dict(ev.details)
    rows: list[tuple[str, Any]] = []
    steps = details.pop("steps", None)
    if "route" in details:
        rows.append(("route", details.pop("route")))
    if name == "numeric":
        for key, label in _NUMERIC_ROWS:
            if key in details:
                value = details.pop(key)
                if key == "max_standard_error" and not value:
                    continue
                rows.append((label, inline_math(number_tex(value))))
        worst = details.pop("worst_at", None) or details.pop("worst_point", None)
        if worst:
            rows.append(("worst point", point_tex(claim, worst)))
    if "rtol" in details and "atol" in details:
        rows.append(("tolerance", _tolerance(ev.details)))
        details.pop("rtol")
        details.pop("atol")
    details.pop("z_score_for_standard_error", None)
    labels = {"examples_per_size": "examples per size", "digits": "digits (mpmath)", "seed": "seed", "sizes": "sizes", "size": "size"}
    for key, value in details.items():
        if value is None:
            continue
        if key == "sizes" and isinstance(value, list):
            rows.append(("sizes", inline_math("n = " + _ranges(value))))
        elif key == "sizes" and isinstance(value, int):
            rows.append(("sizes checked", inline_math(str(value))))
        elif isinstance(value, int | float | list):
            rows.append((labels.get(key, key.replace("_", " ")), inline_math(number_tex(value))))
        else:
            rows.append((labels.get(key, key.replace("_", " ")), str(value)))
    rows.append(("time", _seconds(ev.seconds)))
    facts = [{"text": prose(str(s.get("fact", ""))), "how": str(s.get("established_by") or "not established")} for s in steps or []]
    ce = counterexample_view(claim, ev.counterexample) if ev.counterexample is not None else None
    return {"name": name, "verdict": ev.verdict.value, "summary": ev.summary, "rows": rows, "facts": facts, "counterexample": ce}


def _twin(report: ClaimReport, seed: int) -> dict[str, Any]:
    claim = report.claim
    refutation = report.first_refutation()
    return {
        "id": claim.id,
        "id_tex": breakable(claim.id),
        "name": claim.id.split("/", 1)[-1],
        "why": claim.why,
        "statement": display_math(_statement(claim)),
        "refuted": refutation is not None,
        "verdict": report.verdict.value,
        "by": refutation.checker if refutation else "",
        "counterexample": counterexample_view(claim, refutation.counterexample) if refutation else None,
        "checks": [(n, e.verdict.value) for n, e in report.evidence.items()],
        "reasons": [] if refutation else [(n, e.summary) for n, e in report.evidence.items()],
        "reproduce": f"derivax verify --twins {claim.twin_of} --seed {seed}",
    }


_RELATION_TEX = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}


def _symbol_names(claim: Claim, size: int | None) -> dict[sp.Symbol, str]:
    """Each symbol's own LaTeX (``lam`` prints as ``\\lambda``), where it is well formed."""
    names: dict[sp.Symbol, str] = {}
    for s in claim.symbols:
        if isinstance(s, Vec) and size is not None:
            tex = s.latex or s.name
            names.update({x: f"{tex}_{{{k}}}" for k, x in enumerate(s.at(size), start=1)})
        elif isinstance(s, Sym) and s.latex:
            names[s.symbol] = s.latex
    return {k: v for k, v in names.items() if safe_math_tex(v)}


def _statement(claim: Claim) -> str:
    """The statement typeset by SymPy, as :meth:`Claim.statement_latex`, with the symbols' own LaTeX names."""
    try:
        inst = claim.instances()[0]
        names = _symbol_names(claim, inst.size)

        def tex(expr: Any) -> str:
            # 50-digit Floats (exact iterates) are printed with 8: the statement is for reading.
            expr = expr.xreplace({f: sp.Float(f, 8) for f in expr.atoms(sp.Float)}) if isinstance(expr, sp.Basic) else expr
            return sp.latex(expr, symbol_names=names)

        body = f"{tex(inst.lhs)} {_RELATION_TEX[inst.rel]} {tex(inst.rhs)}"
        if inst.given is not None:
            arrow = r"\iff" if claim.iff else r"\implies"
            body = f"{tex(inst.given)} {arrow} {body}"
        return body
    except Exception as error:  # a user's claim that SymPy cannot typeset still gets its section
        return rf"\text{{{escape_latex(f'(statement not typeset: {type(error).__name__}: {error})')}}}"


def _claim_view(report: ClaimReport, twins: list[ClaimReport], figure: Any, problem: str, seed: int) -> dict[str, Any]:
    claim = report.claim
    refuted_twins = sum(t.verdict is Verdict.REFUTED for t in twins)
    return {
        "id": claim.id,
        "id_tex": breakable(claim.id),
        "anchor": Tex("claim:" + re.sub(r"[^a-z0-9-]", "-", claim.id)),
        "title": claim.title,
        "verdict": report.verdict.value,
        "holds": report.holds,
        "statement": display_math(_statement(claim)),
        "kind": _kind(claim),
        "sizes": inline_math("n = " + _ranges(claim.sizes)) if claim.sizes else None,
        "symbols": _symbols(claim),
        "doc": prose(claim.doc) if claim.doc else None,
        "notes": prose(claim.notes) if claim.notes else None,
        "refs": list(claim.refs),
        "seeds": list(claim.seeds),
        "checks": [_evidence(claim, name, ev) for name, ev in report.evidence.items()],
        "counterexample": counterexample_view(claim, report.counterexample) if report.counterexample else None,
        "reproduce": f"derivax verify {claim.id} --seed {seed}",
        "seconds": _seconds(report.seconds),
        "twins": [_twin(t, seed) for t in twins],
        "twins_refuted": refuted_twins,
        "twins_ok": refuted_twins == len(twins),
        "figure": {"file": figure.path.name, "caption": Tex(figure.caption)} if figure is not None else None,
        "figure_problem": problem,
    }


def _kind(claim: Claim) -> str:
    if claim.given is not None:
        return (
            "an equivalence (the hypothesis holds iff the conclusion does)" if claim.iff else "an implication (hypothesis, then conclusion)"
        )
    lhs = claim.instances()[0].lhs
    if isinstance(lhs, sp.Basic) and lhs.has(sp.Limit):
        return "a limit"
    return {"==": "an identity", "<=": "an inequality", ">=": "an inequality", "<": "a strict inequality", ">": "a strict inequality"}[
        claim.rel
    ]


# --- the document -------------------------------------------------------------------------------------------------


def build_tex(
    reports: Sequence[ClaimReport],
    twins: dict[str, list[ClaimReport]],
    settings: Settings,
    figures: dict[str, Any] | None = None,
    problems: dict[str, str] | None = None,
    *,
    title: str = "derivax: the analytic claims of deep learning, verified",
    date: str | None = None,
) -> str:
    """The complete LaTeX document for verified claims, their twins and their figures."""
    from derivax import __version__

    figures, problems = figures or {}, problems or {}
    seed = 0 if settings.seed is None else settings.seed
    claims = [_claim_view(r, twins.get(r.claim.id, []), figures.get(r.claim.id), problems.get(r.claim.id, ""), seed) for r in reports]
    all_twins = [t for r in reports for t in twins.get(r.claim.id, [])]
    return render(
        "derivations.tex.j2",
        title=title,
        date=date or datetime.date.today().isoformat(),
        version=__version__,
        settings={
            "checks": ", ".join(settings.checks),
            "samples": settings.samples,
            "examples": settings.examples,
            "seed": seed,
            "rtol": inline_math(number_tex(settings.rtol)),
            "atol": inline_math(number_tex(settings.atol)),
            "timeout": f"{settings.timeout_s:g} s",
        },
        claims=claims,
        holding=sum(r.holds for r in reports),
        twins_total=len(all_twins),
        twins_refuted=sum(t.verdict is Verdict.REFUTED for t in all_twins),
        figures=len(figures),
    )


# --- the report ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    """What :func:`write_report` wrote, with the results it rendered."""

    tex: Path
    pdf: Path | None
    figures: list[Path]
    reports: list[ClaimReport]
    twins: dict[str, list[ClaimReport]]
    messages: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """Every claim holds and every wrong twin is refuted."""
        return all(r.holds for r in self.reports) and all(t.verdict is Verdict.REFUTED for ts in self.twins.values() for t in ts)


def write_report(
    reports: Sequence[ClaimReport],
    twins: dict[str, list[ClaimReport]],
    out: Path,
    pdf: bool,
    settings: Settings,
    *,
    figures: bool = True,
    progress: Callable[[str], None] | None = None,
) -> ReportResult:
    """Write the report of ``reports`` (one per claim, in order) and ``twins`` (claim id -> its twins' reports).

    The results are the caller's (verified under ``settings``, which the document's header
    states); nothing is verified here. Writes ``out/derivations.tex`` and ``out/plot-<id>.pdf``
    for each claim with a figure (its ``figure`` field); with ``pdf=True`` compiles
    ``out/derivations.pdf``. No TeX installation is not an error: ``pdf`` is None and
    ``messages`` says how to install one. A compilation failure raises :class:`ReportError`
    with the log's tail.
    """
    say = progress or (lambda _message: None)
    reports = list(reports)
    twins = {r.claim.id: list(twins.get(r.claim.id, [])) for r in reports}
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"cannot create the output folder {out}: {error.strerror}") from None
    drawn, problems, messages = {}, {}, []
    if figures:
        from derivax import plots

        for report in reports:
            claim_id = report.claim.id
            if report.claim.figure is None:
                continue
            say(f"drawing the figure for {claim_id}")
            try:
                figure = plots.draw(report.claim, out)
            except Exception as error:  # a figure that fails is reported in the document, not hidden
                problems[claim_id] = f"the figure could not be drawn: {type(error).__name__}: {error}"
                messages.append(f"{claim_id}: {problems[claim_id]}")
                continue
            if figure is not None:
                drawn[claim_id] = figure
    for claim_id, ts in twins.items():
        missed = [t.claim.id for t in ts if t.verdict is not Verdict.REFUTED]
        if missed:
            messages.append(f"{claim_id}: wrong twin(s) not refuted with these settings: {', '.join(missed)}")
    say("writing derivations.tex" + (" and compiling it" if pdf else ""))
    tex_text = build_tex(reports, twins, settings, drawn, problems)
    written = write_tex(out / "derivations.tex", tex_text, pdf, inputs=[f.path for f in drawn.values()])
    if written.message:
        messages.append(written.message)
    return ReportResult(written.tex, written.pdf, [f.path for f in drawn.values()], reports, twins, messages)
