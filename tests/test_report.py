r"""LaTeX reports: every claim and its twins' counterexamples in the document, escaping, figures, PDF.

PDF checks need a TeX installation (latexmk or pdflatex) and poppler's pdftotext; they are
skipped with the reason when those are missing. CI installs them (see the README).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import jax
import pytest
import sympy as sp

from derivax import Claim, Settings, Sym, Twin
from derivax.evidence import Verdict
from derivax.feedback import build_grading_tex, write_grading_pdf
from derivax.grading import AnswerResult, StudentResult
from derivax.outnames import student_stem
from derivax.registry import builtin_claims, select
from derivax.report import ReportResult, write_report
from derivax.tex import ReportError, TexNotFound, compile_pdf, counterexample_view, escape_latex
from derivax.verification import verify

FAST = Settings(samples=32, examples=20, seed=0)
HOSTILE = r"x_1 50% & #2 $5 {a} \relax ~ ^ <b> |c|"

_TEX = shutil.which("pdflatex")
_PDFTOTEXT = shutil.which("pdftotext")
_KPSEWHICH = shutil.which("kpsewhich")
_LMODERN = _KPSEWHICH is not None and subprocess.run([_KPSEWHICH, "lmodern.sty"], capture_output=True, text=True).stdout.strip() != ""
needs_tex = pytest.mark.skipif(
    _TEX is None or _PDFTOTEXT is None,
    reason="no TeX installation (pdflatex) or pdftotext on PATH; install them with: "
    "apt-get install -y --no-install-recommends latexmk texlive-latex-base texlive-latex-recommended lmodern poppler-utils",
)


def run_report(
    ids: list[str], out: Path, pdf: bool, settings: Settings, *, claims: list[Claim] | None = None, figures: bool = True
) -> ReportResult:
    """Verify the claims (the built-in ones by default) and their twins here, then hand the results to the report."""
    selected = select(claims if claims is not None else builtin_claims(), ids)
    reports = [verify(c, settings) for c in selected]
    twins = {c.id: [verify(t, settings) for t in c.wrong_twins()] for c in selected}
    return write_report(reports, twins, out, pdf, settings, figures=figures)


def pdf_text(pdf: Path) -> str:
    """The PDF's text with line-end hyphenation of ids undone and whitespace collapsed.

    Without the lmodern package the fonts are OT1 Computer Modern, where ``_`` is drawn as a
    rule (no character) and ``~ ^`` are accents: those are mapped back so the texts compare.
    """
    text = subprocess.run([_PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(re.sub(r"-\s*\n\s*", "-", text).split())
    return text if _LMODERN else text.replace("\u02dc", "~").replace("\u02c6", "^")


def shown(text: str) -> str:
    """``text`` as pdftotext reads it back from the document's fonts."""
    return text if _LMODERN else text.replace("_", " ")


# --- escaping -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a_b", r"a\_b"),
        ("50%", r"50\%"),
        ("R&D", r"R\&D"),
        ("#1", r"\#1"),
        ("$5", r"\$5"),
        ("{x}", r"\{x\}"),
        ("a\\b", r"a\textbackslash{}b"),
        ("~", r"\textasciitilde{}"),
        ("x^2", r"x\textasciicircum{}2"),
        ("|w| >= 4", r"\textbar{}w\textbar{} \textgreater{}= 4"),
        ("line\nbreak", "line break"),
        ("Zoë Ñ", r"Zo\"{e} \~{N}"),
        ("σ ≥ 1", r"\ensuremath{\sigma} \ensuremath{\ge} 1"),
        ("李", r"\texttt{[U+674E]}"),
    ],
    ids=str.split("underscore percent ampersand hash dollar braces backslash tilde caret bars newline accents greek cjk"),
)
def test_escape_latex(text, expected):
    assert escape_latex(text) == expected


def test_escaped_text_has_no_bare_special_character():
    escaped = escape_latex(HOSTILE)
    # Drop the escapes we produce; nothing special may remain.
    rest = re.sub(r"\\(text[a-z]+\{\}|[_%&#${}])", "", escaped)
    assert not re.search(r"[_%&#${}\\~^]", rest), rest


# --- the report ---------------------------------------------------------------------------------------------------


@needs_tex
def test_report_pdf_has_every_claim_twin_counterexample_and_figure(tmp_path):
    ids = ["weight-decay-factor", "sigmoid-saturation-width"]
    result = run_report(ids, tmp_path, True, FAST)
    tex = result.tex.read_text(encoding="utf-8")
    assert result.tex == tmp_path / "derivations.tex"
    for report in result.reports:
        assert report.claim.id in tex
        assert report.holds, report.explain()
    for claim_id, twins in result.twins.items():
        assert twins, f"{claim_id} has no twins in the report"
        for twin in twins:
            assert twin.verdict is Verdict.REFUTED, twin.explain()
            shown = counterexample_view(twin.claim, twin.counterexample)
            assert shown["lhs"] in tex and shown["rhs"] in tex and shown["at"] in tex
    assert sorted(p.name for p in result.figures) == sorted(f"plot-{i}.pdf" for i in ids)
    for figure in result.figures:
        assert figure.is_file() and figure.read_bytes().startswith(b"%PDF")
        assert rf"\includegraphics[width=\linewidth]{{{figure.name}}}" in tex
    assert result.pdf == tmp_path / "derivations.pdf"
    text = pdf_text(result.pdf)
    for claim_id in ids:
        assert claim_id in text
    for name in ("times-m", "first-order", "no-batch", "no-factor-2", "plus-one"):
        assert name in text
    assert "refuted by" in text and "Figure 1" in text


def test_report_without_tex_writes_the_tex_and_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr("derivax.tex.shutil.which", lambda _name: None)
    result = run_report([], tmp_path, True, FAST, claims=[_hostile_claim()], figures=False)
    assert result.pdf is None and result.tex.is_file()
    assert any("no TeX installation found" in m and "apt-get install" in m for m in result.messages)
    with pytest.raises(TexNotFound, match=r"no TeX installation found .*texlive-latex-base"):
        compile_pdf(result.tex)


HOSTILE_TITLE = r"Odd_name 100% & #1 $x$ {y} \ ~ ^"


def _hostile_claim() -> Claim:
    x = Sym("x", "x", typical=(-2.0, 2.0))
    X = x.symbol
    return Claim(
        id="hostile-claim",
        title=HOSTILE_TITLE,
        doc=r"Math stays: :math:`x^2 \ge 0`; a broken one is printed as text: :math:`\frac{1}{`; and 50% & # stay text.",
        symbols=(x,),
        lhs=sp.diff(X**2, X),
        rhs=2 * X,
        witness=jax.grad(lambda v: v**2),
        refs=(r"Ref_with % & # $ { } \ chars",),
        twins=(Twin(r"bad_twin%&#", r"why: 3x_1 & {oops} 100% \wrong", rhs=3 * X),),
    )


@needs_tex
def test_special_characters_in_a_claim_do_not_break_the_build(tmp_path):
    result = run_report([], tmp_path, True, FAST, claims=[_hostile_claim()], figures=False)
    tex = result.tex.read_text(encoding="utf-8")
    assert escape_latex(HOSTILE_TITLE) in tex
    assert "$x^2 \\ge 0$" in tex  # well-formed math kept
    text = pdf_text(result.pdf)
    assert shown("Odd_name 100% & #1 $x$ {y} \\ ~ ^") in text
    assert shown("Ref_with % & # $ { } \\ chars") in text
    assert shown("bad_twin%&#") in text and shown("why: 3x_1 & {oops} 100% \\wrong") in text
    assert "refuted by" in text


def test_compile_failure_is_an_error_with_the_log_tail(tmp_path):
    if _TEX is None:
        pytest.skip("no TeX installation (pdflatex) on PATH")
    broken = tmp_path / "broken.tex"
    broken.write_text("\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n")
    with pytest.raises(ReportError, match=r"(?s)failed on .*broken\.tex.*Undefined control sequence"):
        compile_pdf(broken)


def test_the_report_renders_results_it_is_handed_and_verifies_nothing(tmp_path, monkeypatch):
    claim = _hostile_claim()
    reports, twins = [verify(claim, FAST)], {claim.id: [verify(t, FAST) for t in claim.wrong_twins()]}

    def no_verify(*_args, **_kwargs):
        raise AssertionError("the report verified a claim itself")

    monkeypatch.setattr("derivax.verification.verify", no_verify)
    result = write_report(reports, twins, tmp_path, False, FAST, figures=False)
    assert result.reports == reports and result.twins == twins and result.pdf is None
    assert escape_latex(HOSTILE_TITLE) in result.tex.read_text(encoding="utf-8")


def test_cli_report_goes_through_the_result_cache(tmp_path, monkeypatch, capsys):
    """``derivax report`` gets its results as ``derivax verify`` does: a second run is served from the cache."""
    from derivax.cli import main

    monkeypatch.chdir(tmp_path)  # the cache folder (.derivax_cache/) is relative to the working folder
    command = ["report", "sigmoid-derivative", "--out", "out", "--samples", "32", "--examples", "20", "--seed", "0"]
    assert main(command) == 0
    first = (tmp_path / "out" / "derivations.tex").read_text(encoding="utf-8")
    assert "sigmoid-derivative" in first and any((tmp_path / ".derivax_cache").glob("*.json"))
    assert "verifying sigmoid-derivative" in capsys.readouterr().err

    def no_verify(*_args, **_kwargs):
        raise AssertionError("verified again")

    monkeypatch.setattr("derivax.verification.verify", no_verify)
    assert main(command) == 0
    assert (tmp_path / "out" / "derivations.tex").read_text(encoding="utf-8") == first
    with pytest.raises(AssertionError, match="verified again"):  # --no-cache neither reads nor trusts the cache
        main([*command, "--no-cache"])


# --- figures ------------------------------------------------------------------------------------------------------


def test_the_other_figures_come_from_their_witnesses(tmp_path):
    from derivax import plots
    from derivax.registry import builtin_claims

    claims = {c.id: c for c in builtin_claims()}
    assert {cid for cid, c in claims.items() if c.figure is not None} == {
        "sigmoid-saturation-width",
        "weight-decay-factor",
        "gd-quadratic-convergence",
        "adam-bias-correction",
        "init-variance",
    }  # each declared in its claim (the figure field); the engine names no claim
    expected = {
        "gd-quadratic-convergence": ["step t", "Trajectories", "Rate against step size"],
        "adam-bias-correction": ["step t", "First moment", "Second moment"],
        "init-variance": ["fan-in n", "Monte-Carlo"],
    }
    for claim_id, words in expected.items():
        figure = plots.draw(claims[claim_id], tmp_path)
        assert figure is not None and figure.path.read_bytes().startswith(b"%PDF")
        assert "witness" in figure.caption
        if _PDFTOTEXT:  # matplotlib embeds the labels as text (pdf.fonttype 42)
            text = pdf_text(figure.path)
            for word in words:
                assert word in text, (claim_id, word, text)
    assert plots.draw(claims["softmax-ce-delta"], tmp_path) is None
    assert all(twin.figure is None for twin in claims["init-variance"].wrong_twins())


# --- grading feedback ---------------------------------------------------------------------------------------------


HOSTILE_ANSWER = r"\frac}{ % & # $ ~ ^ \end{document}"


def _hostile_student() -> StudentResult:
    return StudentResult(
        student=r"Ann_O'Hara 100% & #1 $ {x} \ Zoë",
        source="tests/data/class/ann_%.yaml",
        results=[
            AnswerResult("init-variance", "correct", "equivalent to the key (symbolic)", 1.0, 1.0, r"\frac{1}{n}"),
            AnswerResult("weight-decay-factor", "unparsed", r"unexpected '}' at 3: \frac}{ % & #", 0.0, 1.0, HOSTILE_ANSWER),
            AnswerResult("adam-bias-correction", "missing", "no answer given", 0.0, 1.0, ""),
        ],
    )


def test_grading_tex_escapes_names_and_answers():
    tex = build_grading_tex(_hostile_student())
    assert escape_latex(r"Ann_O'Hara 100% & #1 $ {x} \ Zoë") in tex
    assert r"\end{document}" not in tex.split(r"\begin{document}", 1)[1].rsplit(r"\end{document}", 1)[0]
    assert student_stem(r"Ann_O'Hara 100% & #1 $ {x} \ Zoë") == "Ann_O_Hara_100_1_x_Zoë"


@needs_tex
def test_grading_pdf_for_a_hostile_student(tmp_path):
    written = write_grading_pdf(_hostile_student(), tmp_path)
    assert written.pdf is not None and written.pdf.name == "Ann_O_Hara_100_1_x_Zoë.pdf"
    text = pdf_text(written.pdf)
    assert "Ann_O’Hara 100% & #1 $ {x} \\ Zoë" in text  # the apostrophe is typeset as one
    assert HOSTILE_ANSWER in text
    for word in ("correct", "unparsed", "missing"):
        assert word in text
    assert "score1/3" in text.replace(" ", "")


@needs_tex
def test_whole_library_report_compiles_with_every_claim_and_the_five_figures(tmp_path):
    """The document the README promises: every claim of the library and the five figures, in one PDF.

    Light settings keep it to a couple of minutes; the claims' verdicts are not what is tested here.
    """
    light = Settings(samples=32, examples=10, seed=0, checks=("numeric",))
    result = run_report([], tmp_path, True, light)
    text = pdf_text(result.pdf)
    ids = [c.id for c in builtin_claims()]
    assert [r.claim.id for r in result.reports] == ids
    missing = [i for i in ids if i not in text]
    assert not missing, f"claim ids missing from the PDF text: {missing}"
    assert len(result.figures) == 5 and all(f.is_file() for f in result.figures)
    assert "Figure 5" in text
