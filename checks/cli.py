"""The ``derivax`` command line: list and verify claims.

Exit status: 0 when every claim holds (with ``--twins``: every twin is refuted),
1 when any does not, 2 for a usage or input error (one line, no traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checks.claims import Claim, ClaimError
from checks.domains import DomainError
from checks.evidence import Verdict
from checks.registry import RegistryError, builtin_claims, claims_from_file, select
from checks.settings import CHECKERS, Settings, SettingsError

if TYPE_CHECKING:
    from checks.verification import ClaimReport

__all__ = ["main"]

USER_ERRORS = (RegistryError, SettingsError, ClaimError, DomainError)
_STYLE = {Verdict.PROVED: "bold green", Verdict.CONFIRMED: "green", Verdict.REFUTED: "bold red", Verdict.UNDECIDED: "yellow"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="derivax", description="Verify the analytic claims of deep learning three independent ways.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the claims (id, title)").add_argument(
        "files", nargs="*", help="claims files (.py); default: the built-in library"
    )
    v = sub.add_parser("verify", help="verify claims symbolically, numerically and adversarially")
    v.add_argument("targets", nargs="*", help="claim ids and/or claims files (.py); default: the whole built-in library")
    v.add_argument("--samples", type=int, default=Settings.samples, help="numeric sample points per claim (default %(default)s)")
    v.add_argument("--examples", type=int, default=Settings.examples, help="Hypothesis examples per claim (default %(default)s)")
    v.add_argument("--seed", type=int, default=None, help="seed for sampling and search (default: 0; reported in the evidence)")
    v.add_argument("--checks", default=",".join(CHECKERS), help="comma-separated checkers to run (default %(default)s)")
    v.add_argument("--timeout", type=float, default=Settings.timeout_s, help="seconds allowed for the symbolic checker per claim")
    v.add_argument("--twins", action="store_true", help="verify the wrong twins instead; succeed only if every twin is refuted")
    v.add_argument("--json", action="store_true", help="print the results as JSON")
    v.add_argument("--no-cache", action="store_true", help="ignore and do not write the result cache in .derivax_cache/")
    c = sub.add_parser("check", help="is a LaTeX equality, inequality or limit true (under assumptions)?")
    c.add_argument("relation", help=r"LaTeX, e.g. '\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1-\\sigma(z))'")
    c.add_argument("--assume", action="append", default=[], help=r"a LaTeX condition, e.g. '|w| \\ge 4' (repeatable)")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--timeout", type=float, default=5.0, help="seconds allowed (default %(default)s)")
    c.add_argument("--json", action="store_true")
    g = sub.add_parser("grade", help="grade YAML submissions against built-in claims or an answer key")
    g.add_argument("submissions", nargs="+", help="YAML files {student: NAME, answers: {PROBLEM_ID: LATEX}}")
    g.add_argument("--key", help="answer key YAML {PROBLEM: {answer: LATEX, assume: [...], points: N}}; default: the built-in claims")
    g.add_argument("--out", default="reports/grades", help="folder for feedback, gradebook.csv and results.json (default %(default)s)")
    g.add_argument("--timeout", type=float, default=5.0, help="seconds allowed per answer (default %(default)s)")
    g.add_argument("--undecided-credit", type=float, default=0.0, help="fraction of the points given for an undecided answer")
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores, %(default)s)")
    g.add_argument("--json", action="store_true", help="print every result as JSON")
    g.add_argument("--pdf", action="store_true", help="also write one feedback PDF per student (needs TeX)")
    r = sub.add_parser("report", help="write a LaTeX report of the claims with their evidence and plots (and a PDF)")
    r.add_argument("ids", nargs="*", help="claim ids (default: the whole built-in library)")
    r.add_argument("--out", default="reports", help="folder for derivations.tex, the figures and the PDF (default %(default)s)")
    r.add_argument("--pdf", action="store_true", help="compile the PDF with latexmk (needs a TeX installation; see the README)")
    r.add_argument("--samples", type=int, default=Settings.samples)
    r.add_argument("--examples", type=int, default=Settings.examples)
    r.add_argument("--seed", type=int, default=None)
    r.add_argument("--checks", default=",".join(CHECKERS))
    r.add_argument("--timeout", type=float, default=Settings.timeout_s)
    st_ = sub.add_parser("steps", help="check every step of the derivations in Markdown/LaTeX documents")
    st_.add_argument("documents", nargs="+", help=".md, .tex or .txt files, or folders to search for them")
    st_.add_argument("--format", choices=("text", "json", "junit", "github"), default="text", help="output format (default %(default)s)")
    st_.add_argument("--json", action="store_true", help="same as --format json")
    st_.add_argument("--strict", action="store_true", help="also fail (exit 1) on unparsed or undecided steps")
    st_.add_argument("--all", action="store_true", help="text format: list every step, not only the ones that need a look")
    st_.add_argument("--timeout", type=float, default=3.0, help="seconds allowed per step (default %(default)s)")
    eq = sub.add_parser("equiv", help="are a key and an answer the same object (expression, equation, inequality, set)?")
    eq.add_argument("key", nargs="?", help=r"LaTeX key, e.g. 'x^2 > 4'")
    eq.add_argument("answer", nargs="?", help=r"LaTeX answer, e.g. 'x < -2 \\vee x > 2'")
    eq.add_argument("--assume", action="append", default=[], help=r"a LaTeX condition, e.g. 'x \\ge 0' (repeatable)")
    eq.add_argument("--batch", metavar="PAIRS.yaml", help="judge a YAML list of {id, key, answer, assume: [...]} instead")
    eq.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="batch worker processes (default: all cores, %(default)s)")
    eq.add_argument("--timeout", type=float, default=5.0, help="seconds allowed per pair (default %(default)s)")
    eq.add_argument("--seed", type=int, default=0, help="seed for the sampled points (default %(default)s)")
    eq.add_argument("--json", action="store_true", help="print the verdict(s) as JSON")
    return parser


def _split(targets: Sequence[str]) -> tuple[list[str], list[str]]:
    """Claims files and claim ids among the command's targets."""
    files = [t for t in targets if t.endswith(".py") or Path(t).is_file()]
    return files, [t for t in targets if t not in files]


def _load(targets: Sequence[str], remember: bool = False) -> list[Claim]:
    files, ids = _split(targets)
    pool: list[Claim] = []
    loaded = {}
    for f in files:
        loaded[f] = claims_from_file(f)
        pool += loaded[f]
    if not files:
        pool = builtin_claims()
    if remember:  # lets the next fully cached run answer without importing the claims files
        from checks import cache

        cache.remember(loaded) if files else cache.remember_library(pool)
    return select(pool, ids)


def _settings(args: argparse.Namespace) -> Settings:
    checks = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    return Settings(checks=checks, samples=args.samples, examples=args.examples, seed=args.seed, timeout_s=args.timeout)


def _run(claims: list[Claim], settings: Settings, quiet: bool, use_cache: bool = True) -> list[ClaimReport]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from checks.cache import CACHE_DIR, cached_verify
    from checks.verification import verify

    reports = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        transient=True,
        disable=quiet or not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("verifying", total=len(claims))
        for claim in claims:
            bar.update(task, description=f"verifying {claim.id}")
            reports.append(cached_verify(claim, settings, CACHE_DIR, use_cache, verifier=verify)[0])
            bar.advance(task)
    return reports


def _table(reports: list[ClaimReport], settings: Settings, twins: bool, seconds: float) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # Piped output (CI logs) gets a wide fixed width rather than 80 columns of truncated cells.
    console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
    table = Table(title="derivax: wrong twins" if twins else "derivax: claims", title_justify="left")
    table.add_column("claim", no_wrap=True)
    table.add_column("verdict")
    for name in settings.checks:
        table.add_column(name)
    table.add_column("s", justify="right")
    for r in reports:
        cells = [f"[{_STYLE[e.verdict]}]{e.verdict}[/]" for e in r.evidence.values()]
        table.add_row(escape(r.claim.id), f"[{_STYLE[r.verdict]}]{r.verdict}[/]", *cells, f"{r.seconds:.1f}")
    console.print(table)
    seed = 0 if settings.seed is None else settings.seed
    for r in reports:
        expected = r.verdict is Verdict.REFUTED if twins else r.holds
        refutation = r.first_refutation()
        if refutation and twins:
            console.print(escape(f"{r.claim.id} ({r.claim.why}): refuted by {refutation.checker} {refutation.counterexample.describe()}"))
        elif refutation:
            console.print(
                f"[bold red]{escape(r.claim.id)} refuted[/] by {refutation.checker} {escape(refutation.counterexample.describe())}. "
                f"Reproduce: derivax verify {escape(r.claim.id)} --seed {seed}"
            )
        elif not expected:
            reasons = "; ".join(f"{n}: {e.summary}" for n, e in r.evidence.items() if e.verdict is not Verdict.PROVED)
            console.print(f"[yellow]{escape(r.claim.id)} {r.verdict}[/]: {escape(reasons)}")
    good = sum((r.verdict is Verdict.REFUTED) if twins else r.holds for r in reports)
    what = "twins refuted" if twins else "claims hold"
    console.print(f"{good} of {len(reports)} {what} in {seconds:.1f} s (seed {seed}).")


def _verify(args: argparse.Namespace) -> int:
    settings = _settings(args)
    start = time.perf_counter()
    reports = None
    if not args.no_cache:
        from checks import cache

        files, ids = _split(args.targets)
        reports = cache.reports_without_loading(files or None, ids, settings, twins=args.twins)
    if reports is None:
        claims = _load(args.targets, remember=not args.no_cache)
        if args.twins:
            claims = [t for c in claims for t in (c.wrong_twins() if not c.is_twin else [c])]
            if not claims:
                raise RegistryError("the selected claims have no wrong twins to verify.")
        reports = _run(claims, settings, quiet=args.json, use_cache=not args.no_cache)
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"claims": [r.as_dict() for r in reports], "seed": settings.seed or 0, "seconds": round(seconds, 3)}, indent=2))
    else:
        _table(reports, settings, args.twins, seconds)
    ok = all(r.verdict is Verdict.REFUTED for r in reports) if args.twins else all(r.holds for r in reports)
    return 0 if ok else 1


def _list(args: argparse.Namespace) -> int:
    claims = _load(args.files)
    width = max(len(c.id) for c in claims)
    for c in claims:
        print(f"{c.id:<{width}}  {c.title}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from checks.judge import check_statement
    from checks.latex import parse

    statement = parse(args.relation)
    assumptions = [parse(a) for a in args.assume]
    judgement = check_statement(statement, assumptions, seed=args.seed, timeout_s=args.timeout)
    if args.json:
        print(
            json.dumps({"relation": args.relation, "parsed": str(statement.expr), "assume": args.assume, **judgement.as_dict()}, indent=2)
        )
    else:
        print(f"{judgement.verdict}: {judgement.describe()}")
    return 0 if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED) else 1


def _grade(args: argparse.Namespace) -> int:
    from checks import grading

    if args.key:
        keys = grading.keys_from_file(args.key)
    else:
        claims = {c.id: c for c in builtin_claims()}
    students, errors = [], []
    submissions = []
    for path in args.submissions:
        try:
            submissions.append(grading.load_submission(path))
        except grading.GradingError as error:
            errors.append(str(error))
            print(f"derivax: skipped {error}", file=sys.stderr)
    if not submissions:
        raise grading.GradingError("no submission could be read; see the messages above")
    if not args.key:
        asked = {p for s in submissions for p in s.answers}
        unknown = sorted(asked - set(claims))
        keys = {cid: grading.key_from_claim(claims[cid]) for cid in sorted(asked & set(claims))}
        if unknown:
            print(f"derivax: not built-in claim ids (graded as unknown): {', '.join(unknown)}", file=sys.stderr)
    options = {"timeout_s": args.timeout, "undecided_credit": args.undecided_credit}
    students = grading.grade_all(submissions, keys, jobs=args.jobs, **options)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for s in students:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", s.student).strip("._") or "student"
        (out / f"{stem}.md").write_text(grading.feedback_markdown(s), encoding="utf-8")
        (out / f"{stem}.results.json").write_text(grading.gradescope_json(s), encoding="utf-8")
    (out / "gradebook.csv").write_text(grading.gradebook_csv(students, list(keys)), encoding="utf-8")
    if args.pdf:
        from checks.report import write_grading_pdf

        for s in students:
            written = write_grading_pdf(s, out, keys=keys)
            if written.pdf is None:  # no TeX: the .tex files are written, say so once
                print(f"derivax: {written.message}", file=sys.stderr)
                break
    if args.json:
        print(
            json.dumps(
                {
                    "students": [
                        {
                            "student": s.student,
                            "source": s.source,
                            "score": s.score,
                            "max_score": s.max_score,
                            "answers": [r.as_dict() for r in s.results],
                        }
                        for s in students
                    ],
                    "errors": errors,
                },
                indent=2,
            )
        )
    else:
        for s in students:
            marks = " ".join(f"{r.problem}={r.status}" for r in s.results)
            print(f"{s.student}: {s.score:g}/{s.max_score:g}  {marks}")
        print(f"wrote feedback, results.json and gradebook.csv for {len(students)} students to {out}/")
    return 0


def _report(args: argparse.Namespace) -> int:
    from checks.report import ReportError, run_report

    try:
        result = run_report(
            list(args.ids), Path(args.out), args.pdf, _settings(args), progress=lambda cid: print(f"verifying {cid}", file=sys.stderr)
        )
    except ReportError as error:
        print(f"derivax: error: {error}", file=sys.stderr)
        return 2
    for message in result.messages:
        print(f"derivax: {message}", file=sys.stderr)
    print(f"wrote {result.tex}" + (f" and {result.pdf}" if result.pdf else ""))
    return 0 if result.holds else 1


def _documents(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.suffix in (".md", ".tex", ".txt") and f.is_file())
        elif p.is_file():
            found.append(p)
        else:
            raise RegistryError(f"{p}: no such file or folder")
    return found


def _steps(args: argparse.Namespace) -> int:
    from checks import report_steps
    from checks.steps import check_document

    fmt = "json" if args.json else args.format
    checked = []
    for path in _documents(args.documents):
        text = path.read_text(encoding="utf-8", errors="replace")
        checked.append((str(path), check_document(text, timeout_s=args.timeout)))
    print(report_steps.render(checked, fmt, show_all=args.all))
    failing = {"wrong"} | ({"unparsed", "undecided"} if args.strict else set())
    return 1 if any(r.status in failing for _, results in checked for r in results) else 0


def _equiv(args: argparse.Namespace) -> int:
    """One pair: exit 0 equivalent, 1 different or undecided, 2 input error. A batch: 0 once every pair has a verdict."""
    from checks import equiv

    if args.batch:
        if args.key is not None or args.assume:
            print("derivax: error: give either --batch PAIRS.yaml or KEY ANSWER [--assume COND], not both", file=sys.stderr)
            return 2
        try:
            pairs = equiv.load_pairs(args.batch)
        except equiv.EquivInputError as error:
            print(f"derivax: error: {error}", file=sys.stderr)
            return 2
        start = time.perf_counter()
        results = equiv.equivalent_batch(pairs, jobs=args.jobs, timeout_s=args.timeout, seed=args.seed)
        seconds = time.perf_counter() - start
        if args.json:
            print(json.dumps({"results": results, "seconds": round(seconds, 3), "jobs": args.jobs}, indent=2))
        else:
            for r in results:
                print(f"{r['id']}: {equiv.describe(r)}")
            counts = {v: sum(r["verdict"] == v for r in results) for v in (equiv.EQUIVALENT, equiv.DIFFERENT, equiv.UNDECIDED)}
            summary = ", ".join(f"{n} {v}" for v, n in counts.items())
            print(f"{len(results)} pairs in {seconds:.1f} s ({args.jobs} jobs): {summary}")
        return 0
    if args.key is None or args.answer is None:
        print("derivax: error: equiv needs KEY and ANSWER (LaTeX), or --batch PAIRS.yaml", file=sys.stderr)
        return 2
    result = equiv.equivalent(args.key, args.answer, args.assume, timeout_s=args.timeout, seed=args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
    if result["method"] == "input":  # a side or an assumption does not parse: an input error
        print(f"derivax: error: {result['reason']}", file=sys.stderr)
        return 2
    if not args.json:
        print(equiv.describe(result))
    return 0 if result["verdict"] == equiv.EQUIVALENT else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from checks.grading import GradingError
    from checks.latex import LatexError

    try:
        commands = {"list": _list, "verify": _verify, "check": _check, "grade": _grade, "steps": _steps, "report": _report, "equiv": _equiv}
        return commands[args.command](args)
    except (*USER_ERRORS, LatexError, GradingError) as error:
        print(f"derivax: error: {error}", file=sys.stderr)
        return 2


def entry() -> None:
    """Console-script entry: a closed pipe (``derivax steps ... | head``) ends quietly."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    entry()
