"""The ``derivax`` command line: list and verify claims.

Exit status: 0 when every claim holds (with ``--twins``: every twin is refuted),
1 when any does not, 2 for a usage or input error (one line, no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import os
import re
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from derivax.atomicio import OutputError, atomic_write_text, check_writable_folder
from derivax.evidence import Verdict, json_safe, printable
from derivax.inputlimits import allow_long_integers
from derivax.isolation import ErrorLog, guarded
from derivax.settings import CHECKERS, Settings, SettingsError

if TYPE_CHECKING:
    from derivax.claims import Claim
    from derivax.verification import ClaimReport
    from derivax.workerpool import Workers

# SymPy (the claims, the registry), JAX, Hypothesis, rich and the grammar are imported by the commands
# that use them, so `derivax --help` starts in a tenth of a second and `list` without JAX.

__all__ = ["main"]


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors that are the user's input, reported on one line with exit 2 (imported here: they live with SymPy)."""
    from derivax.answerkeys import GradingError
    from derivax.claims import ClaimError
    from derivax.domains import DomainError
    from derivax.latex import LatexError
    from derivax.registry import RegistryError

    return (RegistryError, SettingsError, ClaimError, DomainError, OutputError, LatexError, GradingError)


_STYLE = {Verdict.PROVED: "bold green", Verdict.CONFIRMED: "green", Verdict.REFUTED: "bold red", Verdict.UNDECIDED: "yellow"}


def _positive_float(text: str) -> float:
    """A finite number of seconds above 0 (``--timeout 0`` used to mean no limit at all)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, got {text!r}")
    return value


def _fraction(text: str) -> float:
    """A fraction of the points, from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a fraction from 0 to 1, got {text!r}")
    return value


def _int_at_least(low: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {text!r}")
        return value

    parse.__name__ = f"whole number >= {low}"
    return parse


_positive_int = _int_at_least(1)
_count = _int_at_least(0)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (``derivax grade: error: argument --jobs: ...``), exit 2.

    The usage block argparse prints by default buries the one line that says what is wrong.
    """

    def error(self, message: str) -> NoReturn:
        if re.search(r"unrecognized arguments: .*-\\", message):
            # derivax equiv '\ln\sigma(x)' '-\ln(1+e^{-x})': argparse takes LaTeX that starts with a minus for an option
            message += "; LaTeX that starts with '-' needs '--' before it (derivax equiv -- KEY ANSWER) or a space in front"
        self.exit(2, f"{self.prog}: error: {printable(message)} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="derivax", description="Verify the analytic claims of deep learning three independent ways.")
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
    v.add_argument("--timeout", type=float, default=Settings.timeout_s, help="CPU seconds allowed for the symbolic checker per claim")
    v.add_argument("--twins", action="store_true", help="verify the wrong twins instead; succeed only if every twin is refuted")
    v.add_argument("--json", action="store_true", help="print the results as JSON")
    v.add_argument("--no-cache", action="store_true", help="ignore and do not write the result cache in .derivax_cache/")
    v.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="worker processes verifying claims in parallel; 1 verifies them here, one after another (default: all cores, %(default)s)",
    )
    v.add_argument(
        "--claim-deadline",
        type=_positive_float,
        default=300.0,
        help="seconds a worker may spend on one claim before it is stopped and the claim is undecided (default %(default)s)",
    )
    v.add_argument(
        "--scheduler",
        metavar="ADDRESS|local",
        help="verify on a Dask distributed cluster (a scheduler's address, or 'local' for --jobs workers here); same verdicts",
    )
    c = sub.add_parser("check", help="is a LaTeX equality, inequality or limit true (under assumptions)?")
    c.add_argument("relation", help=r"LaTeX, e.g. '\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1-\\sigma(z))'")
    c.add_argument("--assume", action="append", default=[], help=r"a LaTeX condition, e.g. '|w| \\ge 4' (repeatable)")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--timeout", type=_positive_float, default=5.0, help="CPU seconds allowed (default %(default)s)")
    c.add_argument("--json", action="store_true")
    g = sub.add_parser("grade", help="grade YAML submissions against built-in claims or an answer key")
    g.add_argument(
        "submissions",
        nargs="+",
        help="YAML files {student: NAME, answers: {PROBLEM_ID: LATEX}}, or Markdown/LaTeX documents (.md, .tex, .txt): "
        "their steps are judged, and '%% derivax: answer ID: LATEX' lines give their answers",
    )
    g.add_argument("--key", help="answer key YAML {PROBLEM: {answer: LATEX, assume: [...], points: N}}; default: the built-in claims")
    rubric = g.add_mutually_exclusive_group()
    rubric.add_argument(
        "--problems",
        metavar="ID,ID,...",
        help="the problems to grade: built-in claim ids (`derivax list`), or some of --key's problems; needed without --key",
    )
    rubric.add_argument(
        "--problems-from-first-submission",
        action="store_true",
        help="without --key: grade the built-in claims that the first readable submission answers (check it is complete)",
    )
    g.add_argument("--out", default="reports/grades", help="folder for feedback, gradebook.csv and results.json (default %(default)s)")
    g.add_argument("--timeout", type=_positive_float, default=5.0, help="CPU seconds allowed per answer (default %(default)s)")
    g.add_argument("--undecided-credit", type=_fraction, default=0.0, help="fraction (0 to 1) of the points given for an undecided answer")
    g.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, help="worker processes (default: all cores, %(default)s)")
    g.add_argument(
        "--student-deadline",
        type=_positive_float,
        default=None,
        help="seconds a worker may spend on one student before it is stopped and the student's answers are undecided "
        "(default: (timeout + 5) x problems + 30)",
    )
    g.add_argument(
        "--worker-memory-mb",
        type=_count,
        default=None,
        help="address space of each worker process in MB, 0 for no limit (default: half the machine's memory shared by the workers)",
    )
    g.add_argument(
        "--max-file-bytes",
        type=_positive_int,
        default=2_000_000,
        help="largest submission or key file read (default %(default)s)",
    )
    g.add_argument("--json", action="store_true", help="print every result as JSON")
    g.add_argument(
        "--fresh",
        action="store_true",
        help="regrade every student; by default a student whose results.json in --out was graded from the same file, rubric, "
        "options and derivax version is reused (finishing an interrupted run)",
    )
    g.add_argument(
        "--progress",
        action="store_true",
        help="show progress with an estimate of the time left on stderr also when it is not a terminal (a line every 10 s); "
        "on a terminal the bar is shown anyway",
    )
    g.add_argument("--pdf", action="store_true", help="also write one feedback PDF per student (needs TeX)")
    g.add_argument(
        "--context",
        metavar="FILE.yaml",
        help="an assignment's context file (as for `derivax steps --context`): document submissions' steps are judged under it",
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS|local",
        help="grade on a Dask distributed cluster: a running scheduler's address (tcp://host:8786), or 'local' for a "
        "LocalCluster of --jobs workers on this machine; the files written are the same as without it",
    )
    g.add_argument(
        "--html",
        action="store_true",
        help="also write one HTML page per student, index.html (the class at a glance), class-summary.json and the class "
        "figures; results.json outputs become HTML",
    )
    r = sub.add_parser("report", help="write a LaTeX report of the claims with their evidence and plots (and a PDF)")
    r.add_argument("ids", nargs="*", help="claim ids (default: the whole built-in library)")
    r.add_argument("--out", default="reports", help="folder for derivations.tex, the figures and the PDF (default %(default)s)")
    r.add_argument("--pdf", action="store_true", help="compile the PDF with latexmk (needs a TeX installation; see the README)")
    r.add_argument("--samples", type=int, default=Settings.samples)
    r.add_argument("--examples", type=int, default=Settings.examples)
    r.add_argument("--seed", type=int, default=None)
    r.add_argument("--checks", default=",".join(CHECKERS))
    r.add_argument("--timeout", type=float, default=Settings.timeout_s)
    r.add_argument("--no-cache", action="store_true", help="ignore and do not write the result cache in .derivax_cache/")
    st_ = sub.add_parser("steps", help="check every step of the derivations in Markdown/LaTeX documents")
    st_.add_argument("documents", nargs="+", help=".md, .tex or .txt files, or folders to search for them")
    st_.add_argument(
        "--format",
        choices=("text", "json", "junit", "github", "html"),
        default="text",
        help="output format (default %(default)s); html writes one annotated page per document into --out",
    )
    st_.add_argument("--out", default="reports/steps", help="folder for --format html pages (default %(default)s)")
    st_.add_argument("--json", action="store_true", help="same as --format json")
    st_.add_argument("--strict", action="store_true", help="also fail (exit 1) on unparsed or undecided steps")
    st_.add_argument("--all", action="store_true", help="text format: list every step, not only the ones that need a look")
    st_.add_argument("--timeout", type=_positive_float, default=3.0, help="CPU seconds allowed per step (default %(default)s)")
    st_.add_argument(
        "--document-timeout",
        type=_positive_float,
        default=300.0,
        help="seconds allowed per document; later steps are undecided (default %(default)s)",
    )
    st_.add_argument(
        "--max-document-bytes", type=_positive_int, default=2_000_000, help="larger documents are skipped (default %(default)s)"
    )
    st_.add_argument(
        "--max-steps", type=_positive_int, default=20_000, help="steps judged per document; later ones are undecided (default %(default)s)"
    )
    st_.add_argument(
        "--context",
        metavar="FILE.yaml",
        help="the assignment's context file: symbols with kinds and domains, definitions, assumptions (see the README)",
    )
    eq = sub.add_parser("equiv", help="are a key and an answer the same object (expression, equation, inequality, set)?")
    eq.add_argument("key", nargs="?", help=r"LaTeX key, e.g. 'x^2 > 4'")
    eq.add_argument("answer", nargs="?", help=r"LaTeX answer, e.g. 'x < -2 \\vee x > 2'")
    eq.add_argument("--assume", action="append", default=[], help=r"a LaTeX condition, e.g. 'x \\ge 0' (repeatable)")
    eq.add_argument("--batch", metavar="PAIRS.yaml", help="judge a YAML list of {id, key, answer, assume: [...]} instead")
    eq.add_argument(
        "--jobs", type=_count, default=os.cpu_count() or 1, help="batch worker processes, 0 for none (default: all cores, %(default)s)"
    )
    eq.add_argument("--timeout", type=_positive_float, default=5.0, help="CPU seconds allowed per pair (default %(default)s)")
    eq.add_argument(
        "--scheduler",
        metavar="ADDRESS|local",
        help="--batch on a Dask distributed cluster (a scheduler's address, or 'local' for --jobs workers here); same verdicts",
    )
    eq.add_argument("--seed", type=int, default=0, help="seed for the sampled points (default %(default)s)")
    eq.add_argument("--json", action="store_true", help="print the verdict(s) as JSON")
    return parser


def _split(targets: Sequence[str]) -> tuple[list[str], list[str]]:
    """Claims files and claim ids among the command's targets."""
    files = [t for t in targets if t.endswith(".py") or Path(t).is_file()]
    return files, [t for t in targets if t not in files]


def _load(targets: Sequence[str], remember: bool = False) -> list[Claim]:
    from derivax.registry import builtin_claims, claims_from_file, select

    files, ids = _split(targets)
    pool: list[Claim] = []
    loaded = {}
    for f in files:
        loaded[f] = claims_from_file(f)
        pool += loaded[f]
    if not files:
        pool = builtin_claims()
    if remember:  # lets the next fully cached run answer without importing the claims files
        from derivax import cache

        cache.remember(loaded) if files else cache.remember_library(pool)
    return select(pool, ids)


def _settings(args: argparse.Namespace) -> Settings:
    checks = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    return Settings(checks=checks, samples=args.samples, examples=args.examples, seed=args.seed, timeout_s=args.timeout)


def _run(
    claims: list[Claim],
    settings: Settings,
    quiet: bool,
    use_cache: bool = True,
    jobs: int = 1,
    deadline_s: float | None = None,
    scheduler: str | None = None,
    workers: Workers | None = None,
) -> list[ClaimReport]:
    """Every claim's report in order: from the result cache, or verified (by ``jobs`` worker processes; ``workers`` started ahead)."""
    from derivax.cache import CACHE_DIR
    from derivax.parallel import verify_claims
    from derivax.progress import progress

    with progress(f"verifying ({jobs} jobs)" if jobs > 1 else "verifying", len(claims), quiet=quiet) as advance:

        def advanced(_index: int, report: ClaimReport) -> None:  # cached and verified claims alike
            advance(description=f"{'cached' if report.cached else 'verified'} {report.claim.id}")

        return verify_claims(
            claims,
            settings,
            jobs=jobs,
            use_cache=use_cache,
            cache_dir=CACHE_DIR,
            on_report=advanced,
            deadline_s=deadline_s,
            scheduler=scheduler,
            workers=workers,
        )


def _table(reports: list[ClaimReport], settings: Settings, twins: bool, seconds: float, files: Sequence[str] = ()) -> None:
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
                # the claims files too: a claim of one is no built-in id (the command failed: probe helper-151)
                f"Reproduce: derivax verify {escape(' '.join(shlex.quote(f) for f in files) + ' ' if files else '')}{escape(r.claim.id)}"
                f" --seed {seed}"
            )
        elif not expected:
            reasons = "; ".join(f"{n}: {e.summary}" for n, e in r.evidence.items() if e.verdict is not Verdict.PROVED)
            console.print(f"[yellow]{escape(r.claim.id)} {r.verdict}[/]: {escape(reasons)}")
    good = sum((r.verdict is Verdict.REFUTED) if twins else r.holds for r in reports)
    what = "twins refuted" if twins else "claims hold"
    console.print(f"{good} of {len(reports)} {what} in {seconds:.1f} s (seed {seed}).")


def _workers_ahead(args: argparse.Namespace, settings: Settings) -> contextlib.AbstractContextManager[Any]:
    """The worker processes of ``--jobs N`` (None when there are none to start): spawned before the claims are loaded, or forked after.

    A spawned worker spends about a second importing the checkers; started first, that overlaps loading
    the claims here. For the built-in library they are forked once it is loaded instead (see below).
    Claim ids alone (no files, no twins) name how many claims there are: no more workers than that.
    Only when claims will surely be verified (``--no-cache``, or a result cache with no entry yet): a
    run the result cache answers starts no worker, as before."""
    from derivax.cache import CACHE_DIR

    will_verify = args.no_cache or not any(Path(CACHE_DIR).glob("*.json"))
    if args.jobs <= 1 or args.scheduler is not None or not will_verify:
        return contextlib.nullcontext(None)
    from derivax.parallel import start_workers

    files, ids = _split(args.targets)
    count = min(args.jobs, len(ids)) if ids and not files and not args.twins else args.jobs
    # The built-in library names JAX only inside its witnesses, so this process stays free of it and
    # the workers can be forked once the claims are loaded (launched in _verify), inheriting them. A
    # claims file usually imports JAX at the top: spawned now, importing while the file loads here.
    return start_workers(settings, jobs=count, use_cache=not args.no_cache, cache_dir=CACHE_DIR, fork=not files)


def _verify(args: argparse.Namespace) -> int:
    settings = _settings(args)
    start = time.perf_counter()
    reports = None
    if not args.no_cache:
        from derivax import cache

        files, ids = _split(args.targets)
        reports = cache.reports_without_loading(files or None, ids, settings, twins=args.twins)
    if reports is None:
        with _workers_ahead(args, settings) as workers:
            claims = _load(args.targets, remember=not args.no_cache)
            if args.twins:
                claims = [t for c in claims for t in (c.wrong_twins() if not c.is_twin else [c])]
                if not claims:
                    from derivax.registry import RegistryError

                    raise RegistryError("the selected claims have no wrong twins to verify.")
            if workers is not None:
                workers.launch()  # forked now, with the claims loaded, before the progress bar's thread starts
            reports = _run(
                claims,
                settings,
                quiet=args.json,
                use_cache=not args.no_cache,
                jobs=args.jobs,
                deadline_s=args.claim_deadline,
                scheduler=args.scheduler,
                workers=workers,
            )
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"claims": [r.as_dict() for r in reports], "seed": settings.seed or 0, "seconds": round(seconds, 3)}, indent=2))
    else:
        _table(reports, settings, args.twins, seconds, _split(args.targets)[0])
    ok = all(r.verdict is Verdict.REFUTED for r in reports) if args.twins else all(r.holds for r in reports)
    return 0 if ok else 1


def _list(args: argparse.Namespace) -> int:
    listing = None
    if not args.files:  # the built-in library, read from its sources: no SymPy to import
        from derivax.cache import library_listing

        listing = library_listing()
    if listing is None:
        listing = [(c.id, c.title) for c in _load(args.files)]
    width = max(len(cid) for cid, _ in listing)
    for cid, title in listing:
        print(f"{cid:<{width}}  {title}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from derivax.judge import checked_within
    from derivax.latex import LatexError, functions_named, parse, parse_assumption, values_in

    try:
        assumptions = [parse_assumption(a) for a in args.assume]
        # a capital (or f, g, h) the assumptions name alone is a number before parentheses too: 2L(x - y) under L > 0 was
        # the function L applied (probe helper-138); the README's rule, "alone in the statement or its assumptions"
        with functions_named(frozenset(), values_in(assumptions)):
            statement = parse(args.relation)
    except LatexError as error:
        if args.json:  # JSON on stdout whatever happens, as equiv --json does (it printed nothing: probe helper-151)
            failed = {"relation": args.relation, "assume": args.assume, "verdict": "undecided", "method": "input", "reason": str(error)}
            print(json.dumps(failed, indent=2))
        raise
    log = ErrorLog.temporary()
    judgement, failure = guarded(
        lambda: checked_within(statement, assumptions, seed=args.seed, timeout_s=args.timeout), f"check {args.relation[:200]!r}", log
    )
    if judgement is None:
        print(f"undecided: {failure}")
        return 1
    if args.json:
        reading = {"relation": args.relation, "parsed": str(statement.expr), "read_as": statement.read_as}
        assumed = {"assume": args.assume, "assume_read_as": [a.read_as for a in assumptions]}
        print(json.dumps(json_safe({**reading, **assumed, **judgement.as_dict()}), indent=2))
    else:
        print(f"read as: {statement.read_as}" + "".join(f"\n  assuming: {a.read_as}" for a in assumptions))
        print(f"{judgement.verdict}: {judgement.describe()}")
    return 0 if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED) else 1


def _grade(args: argparse.Namespace) -> int:
    """Grade a class against the instructor's rubric and write each student's files under ``--out``.

    The rubric (``--key``, ``--problems`` or, if asked for, the first submission's problems) fixes
    every student's ``max_score``; answers outside it are reported as unknown and score nothing.
    File names come from :func:`derivax.outnames.unique_stems`, so no student's files overwrite
    another's, and each is checked to stay inside ``--out``.

    Re-running the command after an interruption (Ctrl-C, a killed process, a crash) finishes the
    class: a student whose results.json matches (:func:`derivax.gradebook.reuse_result`) is taken
    from it, not regraded, and the gradebook is the one an uninterrupted run writes. ``--fresh``
    regrades everyone.
    """
    from derivax import answerkeys, gradebook, grading
    from derivax.outnames import stems_of_inputs, unique_stems
    from derivax.progress import progress
    from derivax.registry import builtin_claims
    from derivax.workerpool import default_memory_mb

    claims = {c.id: c for c in builtin_claims()}
    keys: dict[str, answerkeys.Key] = {}
    if args.key:
        keys = answerkeys.keys_from_file(args.key)
        if args.problems_from_first_submission:
            raise answerkeys.GradingError(
                "--problems-from-first-submission is for built-in claims; with --key, pick problems with --problems"
            )
        if args.problems is not None:
            keys = answerkeys.select_keys(keys, answerkeys.problem_ids(args.problems), args.key)
    elif args.problems is not None:
        keys = answerkeys.keys_from_claims(answerkeys.problem_ids(args.problems), claims)
    elif not args.problems_from_first_submission and not all(Path(p).suffix.lower() in grading.DOCUMENT_SUFFIXES for p in args.submissions):
        raise answerkeys.GradingError("no rubric: pass --problems ID,ID,... (built-in claims, see `derivax list`) or --key KEY.yaml")
    limits = dataclasses.replace(answerkeys.DEFAULT_LIMITS, max_bytes=args.max_file_bytes)
    assignment = None
    if args.context:
        from derivax.assignment import ContextFileError, load_assignment

        try:
            assignment = load_assignment(args.context)
        except ContextFileError as error:
            raise answerkeys.GradingError(str(error)) from None
    out = Path(args.out)
    check_writable_folder(out)  # before any grading: a read-only or misnamed --out fails in a second, not after the class
    errors = []
    submissions = []
    unread = []  # files not read: a gradebook row each, without scores, and exit 1 (they were dropped, exit 0)
    feedback = {p for p in args.submissions if gradebook.written_feedback(p)}  # derivax's own, from an earlier run
    for path in args.submissions:
        if path in feedback:
            # grade subs/*.md --out subs, run again: last run's feedback is no student (it was graded as one)
            print(f"derivax: skipped {gradebook.display_name(str(path))}: feedback derivax wrote, not a submission", file=sys.stderr)
            continue
        try:
            submissions.append(grading.load_submission(path, limits))
        except answerkeys.GradingError as error:
            errors.append(str(error))
            print(f"derivax: skipped {gradebook.display_name(str(error))}", file=sys.stderr)
            unread.append(str(path))
    if not submissions:
        raise answerkeys.GradingError("no submission could be read; see the messages above")
    if not keys and args.problems_from_first_submission:  # the instructor vouches for that file
        first = submissions[0]
        known = [p for p in first.answers if p in claims]
        if not known:
            raise answerkeys.GradingError(f"{first.source}: answers no built-in claim, so it gives no rubric; pass --problems ID,ID,...")
        keys = answerkeys.keys_from_claims(known, claims)
        print(f"derivax: rubric from {gradebook.display_name(first.source)}: {', '.join(keys)}", file=sys.stderr)
    outside: dict[str, int] = {}
    for sub_ in submissions:
        for problem in [*sub_.answers, *sub_.rejected]:
            if problem not in keys:
                outside[problem] = outside.get(problem, 0) + 1
    if outside:
        listed = ", ".join(f"{gradebook.display_name(p)} ({n})" for p, n in sorted(outside.items()))
        print(f"derivax: answers outside the rubric, reported as unknown and worth nothing: {listed}", file=sys.stderr)
    # (derivax's own feedback among the paths is rewritten in place: it was skipped as a submission above)
    handed_in = [p for p in args.submissions if p not in feedback]
    inputs = [*handed_in, *([args.key] if args.key else []), *([args.context] if args.context else [])]
    stems = unique_stems([(s.student, s.source) for s in submissions], stems_of_inputs(inputs, out))
    for stem in stems:
        gradebook.output_path(out, stem, ".md")  # refuse a name that would leave --out before grading anyone
    log = ErrorLog(out / "derivax-errors.log")
    # each file not read: a row without scores, with the rubric's maximum (the problems, missing)
    unread_rows = [
        grading.StudentResult(
            Path(path).stem,
            path,
            [grading.AnswerResult(p, "missing", "not read", 0.0, k.points) for p, k in keys.items()],
            error="the submission file was not read",
        )
        for path in unread
    ]
    book = _Gradebook(out, list(keys), len(submissions), unread_rows)

    options = {"timeout_s": args.timeout, "undecided_credit": args.undecided_credit, "seed": 0}
    content_keys = [gradebook.content_key(s, keys, options) for s in submissions]

    def pages(index: int, student: grading.StudentResult) -> None:
        """The student's HTML page (``--html``), with their derivation if they handed in a document."""
        if args.html:
            from derivax.html import student_page

            page = student_page(student, keys, steps=student.steps, text=submissions[index].document)
            path = gradebook.output_path(out, stems[index], ".html")
            if not _holds(path, page):
                atomic_write_text(path, page)

    def finished(index: int, student: grading.StudentResult) -> None:
        """Write one student's files the moment they are graded: an interrupted run keeps them."""
        atomic_write_text(gradebook.output_path(out, stems[index], ".md"), gradebook.feedback_markdown(student))
        atomic_write_text(
            gradebook.output_path(out, stems[index], ".results.json"),
            gradebook.gradescope_json(student, content_keys[index], html=args.html),
        )
        pages(index, student)
        book.add(index, student)

    memory_mb = default_memory_mb(args.jobs) if args.worker_memory_mb is None else args.worker_memory_mb
    done: list[grading.StudentResult | None] = [None] * len(submissions)
    try:
        if not args.fresh:
            for i, s in enumerate(submissions):
                done[i] = gradebook.reuse_result(out, stems[i], s, keys, content_keys[i], html=args.html)
        todo = [i for i, r in enumerate(done) if r is None]
        if len(todo) < len(submissions):
            resumed = len(submissions) - len(todo)
            print(f"derivax: resumed: {resumed} students already graded in {out}, grading {len(todo)}", file=sys.stderr)
        for i, r in enumerate(done):
            if r is not None:  # its results.json is already right; its feedback may be missing
                feedback = gradebook.output_path(out, stems[i], ".md")
                if not _holds(feedback, gradebook.feedback_markdown(r)):
                    atomic_write_text(feedback, gradebook.feedback_markdown(r))
                pages(i, r)
                book.add(i, r)

        with progress("grading", len(submissions), done=len(submissions) - len(todo), show=args.progress) as advance:

            def graded(j: int, student: grading.StudentResult) -> None:
                done[todo[j]] = student
                finished(todo[j], student)
                advance()

            grading.grade_all(
                [submissions[i] for i in todo],
                keys,
                jobs=args.jobs,
                on_result=graded,
                deadline_s=args.student_deadline,
                memory_mb=memory_mb,
                log=log,
                scheduler=args.scheduler,
                assignment=assignment,
                **options,
            )
    except KeyboardInterrupt:
        book.write()
        left = len(submissions) - book.count
        print(
            f"derivax: interrupted: {book.count} of {len(submissions)} students graded and written to {out}/ "
            f"(gradebook.csv has them); {left} remain",
            file=sys.stderr,
        )
        return 130
    students = [s for s in done if s is not None]
    book.write()
    if log.exists():
        print(f"derivax: some answers met an internal error (graded undecided); tracebacks in {log.path}", file=sys.stderr)
    duplicates = gradebook.duplicate_names(students)
    for name, sources in duplicates:
        named = f"{len(sources)} submissions name the student {gradebook.display_name(name)!r}"
        print(f"derivax: {named}: {', '.join(map(gradebook.display_name, sources))}; each is graded into its own files", file=sys.stderr)
    if args.pdf:
        _grade_pdfs(students, stems, out, keys, log)
    if args.html:
        _class_views(students, stems, out, keys, args.timeout)
    if args.json:
        print(
            json.dumps(
                json_safe(
                    {
                        "problems": list(keys),
                        "students": [
                            {
                                "student": s.student,
                                "source": s.source,
                                "stem": stem,
                                "score": s.score,
                                "max_score": s.max_score,
                                "answers": [r.as_dict() for r in s.results],
                                **({"error": s.error} if s.error else {}),
                            }
                            for s, stem in zip(students, stems, strict=True)
                        ],
                        "duplicates": [{"student": name, "sources": sources} for name, sources in duplicates],
                        "errors": errors,
                    }
                ),
                indent=2,
            )
        )
    else:
        for s in students:
            marks = " ".join(f"{gradebook.display_name(r.problem)}={r.status}" for r in s.results)
            scored = f"{s.score:g}/{s.max_score:g}" if not s.error else f"not graded (out of {s.max_score:g})"
            print(f"{gradebook.display_name(s.student)}: {scored}  {marks}")
        pages = ", HTML pages and index.html" if args.html else ""
        print(f"wrote feedback, results.json{pages} and gradebook.csv for {len(students)} students to {out}/")
    if unread:
        print(f"derivax: {len(unread)} submission files not read (each named above); gradebook.csv lists them unscored", file=sys.stderr)
    lost = [s for s in students if s.error]
    if lost:  # a worker killed, a deadline: not graded, which exit 0 and a zero in the gradebook would hide
        named = "; ".join(f"{gradebook.display_name(s.student)} ({gradebook.display_name(s.error)})" for s in lost[:10])
        more = f" and {len(lost) - 10} more" if len(lost) > 10 else ""
        print(
            f"derivax: {len(lost)} students not graded in full: {named}{more}; their gradebook rows have no scores. "
            "Run the same command again to grade them (the others are reused)",
            file=sys.stderr,
        )
    return 1 if lost or unread else 0  # a file not read was dropped from the class with exit 0


def _class_views(students: list[Any], stems: list[str], out: Path, keys: dict[str, Any], timeout_s: float) -> None:
    """``grade --html``: index.html, class-summary.json and the class figures (PNG and SVG, for the PDF too)."""
    from derivax.classview import summarise
    from derivax.html import class_index
    from derivax.plots import class_figures

    print("derivax: grouping the incorrect answers into mistakes ...", file=sys.stderr)
    summary = summarise(students, keys, timeout_s=min(timeout_s, 2.0))
    atomic_write_text(out / "index.html", class_index(summary, students, [f"{stem}.html" for stem in stems]))
    atomic_write_text(out / "class-summary.json", json.dumps(json_safe(summary.as_dict()), indent=2))
    class_figures(summary, out)


def _holds(path: Path, text: str) -> bool:
    """Whether ``path`` already holds exactly ``text`` (so a resumed student's file need not be rewritten)."""
    try:
        return path.is_file() and path.read_text(encoding="utf-8") == text
    except (OSError, ValueError):
        return False


class _Gradebook:
    """``gradebook.csv`` of the students graded so far, in input order, rewritten atomically.

    Rewritten at most every :attr:`EVERY_S` seconds while grading (a class of thousands does not
    rewrite it thousands of times) and once at the end or on Ctrl-C, so a killed run leaves a
    complete, consistent file of the students done by then.
    """

    EVERY_S = 2.0

    def __init__(self, out: Path, problems: list[str], total: int, unread: list[Any] = ()) -> None:
        self.path = out / "gradebook.csv"
        self.problems = problems
        self.rows: list[Any] = [None] * total
        self.unread = list(unread)  # submission files not read: after the students, without scores
        self.count = 0
        self._written = time.monotonic()

    def add(self, index: int, student: Any) -> None:
        self.rows[index] = student
        self.count += 1
        if time.monotonic() - self._written > self.EVERY_S:
            self.write()

    def write(self) -> None:
        from derivax.gradebook import gradebook_csv

        atomic_write_text(self.path, gradebook_csv([r for r in self.rows if r is not None] + self.unread, self.problems))
        self._written = time.monotonic()


def _grade_pdfs(students: list[Any], stems: list[str], out: Path, keys: dict[str, Any], log: ErrorLog) -> None:
    """One feedback PDF per student; one student's PDF that fails costs that PDF only."""
    from derivax import gradebook
    from derivax.feedback import write_grading_pdf

    for s, stem in zip(students, stems, strict=True):
        gradebook.output_path(out, stem, ".tex")
        written, failure = guarded(lambda s=s, stem=stem: write_grading_pdf(s, out, keys=keys, stem=stem), f"PDF of {s.source}", log)
        if written is None:
            print(f"derivax: no PDF for {gradebook.display_name(s.source)}: {failure}", file=sys.stderr)
            continue
        if written.pdf is None and getattr(written, "failed", False):  # this student's PDF only (a TeX error or timeout)
            print(f"derivax: {gradebook.display_name(written.message)}", file=sys.stderr)
        elif written.pdf is None:  # no TeX installation: the .tex files are written; say so once
            print(f"derivax: {written.message}", file=sys.stderr)
            break


def _verified_with_twins(
    claims: list[Claim], settings: Settings, use_cache: bool, say: Callable[[str], None]
) -> tuple[list[ClaimReport], dict[str, list[ClaimReport]]]:
    """Each claim's report and its wrong twins' reports, through the result cache as ``derivax verify`` gets them."""
    from derivax.cache import CACHE_DIR, cached_verify
    from derivax.parallel import use_compilation_cache
    from derivax.verification import verify

    use_compilation_cache()  # the report's claims and twins reuse the witnesses `derivax verify` compiled

    def one(claim: Claim) -> ClaimReport:
        return cached_verify(claim, settings, CACHE_DIR, use_cache, verifier=verify)[0]

    reports, twins = [], {}
    for claim in claims:
        say(f"verifying {claim.id}")
        reports.append(one(claim))
        twins[claim.id] = [one(t) for t in claim.wrong_twins()]
    return reports, twins


def _report(args: argparse.Namespace) -> int:
    from derivax.registry import builtin_claims, select
    from derivax.report import write_report
    from derivax.tex import ReportError

    def say(message: str) -> None:
        print(message, file=sys.stderr)

    settings = _settings(args)
    claims = select(builtin_claims(), list(args.ids))
    check_writable_folder(Path(args.out))  # a misnamed --out fails before the claims are verified, not after
    reports, twins = _verified_with_twins(claims, settings, not args.no_cache, say)
    try:
        result = write_report(reports, twins, Path(args.out), args.pdf, settings, progress=say)
    except ReportError as error:
        print(f"derivax: error: {printable(str(error))}", file=sys.stderr)
        return 2
    for message in result.messages:
        print(f"derivax: {message}", file=sys.stderr)
    print(f"wrote {result.tex}" + (f" and {result.pdf}" if result.pdf else ""))
    return 0 if result.holds else 1


_LINKED = "a symbolic link inside the folder: not followed (its target may lie anywhere; name it on the command line to check it)"


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` resolves inside ``root`` (a path that cannot be resolved, a link loop, is not)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _documents(paths: Sequence[str]) -> list[tuple[Path, str]]:
    """The documents to check, each with why it is not read ("" if it is): a folder's .md, .tex and .txt files, a
    file named on the command line as it is. A link inside a folder is not followed: a student's link to
    /etc/passwd or a runner's credentials was read and copied into the HTML report."""
    from derivax.registry import RegistryError

    found: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            root, unread = p.resolve(), []

            # (os.walk, each folder it cannot list reported: a path past the system's limit, 1,200 folders deep, stopped
            # the whole run with a traceback from rglob: probe helper-182 F13)
            def note(error: OSError, unread: list = unread, p: Path = p) -> None:
                unread.append((Path(error.filename or p), error.strerror or str(error)))

            walked = os.walk(p, onerror=note)
            inside = sorted(Path(top) / name for top, _, files in walked for name in files if Path(name).suffix in (".md", ".tex", ".txt"))
            if not inside and not unread:  # a mistyped docs folder passed CI with nothing checked
                raise RegistryError(f"{p}: no .md, .tex or .txt documents in this folder")
            found += [(f, _LINKED if f.is_symlink() or not _inside(f, root) else "") for f in inside]
            found += [(folder, f"a folder that cannot be read: {why}") for folder, why in unread]
        elif p.exists() or p.is_symlink():  # a pipe, a device or a looping link named is refused when read; the rest is checked
            found.append((p, ""))
        else:
            raise RegistryError(f"{p}: no such file or folder")
    return found


def _steps(args: argparse.Namespace) -> int:
    from derivax import report_steps
    from derivax.assignment import ContextFileError, load_assignment
    from derivax.safeload import YamlInputError, read_input_file, text_of_bytes
    from derivax.steps import StepResult, check_document, cut_short

    fmt = "json" if args.json else args.format
    if fmt == "html":
        check_writable_folder(Path(args.out))  # before the work, not after it
    assignment = None
    if args.context:
        try:
            assignment = load_assignment(args.context)
        except ContextFileError as error:
            print(f"derivax: error: {printable(str(error))}", file=sys.stderr)
            return 2
    checked = []
    texts: list[str] = []
    skipped = 0
    log = ErrorLog.temporary()
    for path, linked in _documents(args.documents):
        size = 0 if linked else path.stat().st_size
        why = linked or f"{size} bytes; the limit is {args.max_document_bytes} (raise it with --max-document-bytes)"
        text = ""
        if not linked and size <= args.max_document_bytes:
            try:
                raw = read_input_file(path, args.max_document_bytes, "--max-document-bytes")  # a regular file only
                text = text_of_bytes(raw, path, "Markdown or LaTeX", document=True)
                why = ""
            except OSError as error:  # a file this user cannot read: reported, and the other documents are checked
                why = f"cannot read it: {error.strerror or error}"
            except YamlInputError as error:  # binary, or not UTF-8
                why = str(error).removeprefix(f"{path}: ")
        if why:
            skipped += 1
            print(f"derivax: skipped {printable(str(path))}: {why}", file=sys.stderr)
            # in the machine outputs too: a CI report that leaves the document out looks green while the job fails
            checked.append((str(path), [StepResult("unparsed", "", "", "", 0, 0, "document", f"not checked: {why}")]))
            texts.append("")
            continue
        results, failure = guarded(
            lambda text=text: check_document(
                text,
                timeout_s=args.timeout,
                deadline_s=args.document_timeout,
                max_steps=args.max_steps,
                log=log,
                assignment=assignment,
            ),
            f"document {path}",
            log,
        )
        if results is None:  # the document's steps could not even be found: one undecided entry says why
            results = [StepResult("undecided", "", "", "", 0, 0, "document", failure)]
        checked.append((str(path), results))
        texts.append(text)
    if fmt == "html":
        _steps_html(checked, texts, Path(args.out))
    else:
        # github and junit: under --strict the steps that fail the job are annotated (or failures) too, else the job
        # failed with no annotation and a JUnit report of failures="0"
        print(report_steps.render(checked, fmt, show_all=args.strict if fmt in ("github", "junit") else args.all))
    if log.exists():
        print(f"derivax: some steps met an internal error (undecided); tracebacks in {log.path}", file=sys.stderr)
    failing = {"wrong"} | ({"unparsed", "undecided"} if args.strict else set())
    # a document skipped or cut short by a limit was not checked: a CI gate must not pass a document by its size or its slowness
    stopped = [(path, cut_short(results)) for path, results in checked if cut_short(results)]
    for path, why in stopped:
        print(f"derivax: {printable(path)}: {why}", file=sys.stderr)
    failed = any(r.status in failing for _, results in checked for r in results) or skipped > 0 or bool(stopped)
    return 1 if failed else 0


def _steps_html(checked: list[tuple[str, list[Any]]], texts: list[str], out: Path) -> None:
    """``steps --format html``: one self-contained annotated page per document, named after its file."""
    from derivax.gradebook import output_path
    from derivax.html import steps_page
    from derivax.outnames import stems_of_inputs, unique_stems

    stems = unique_stems([(Path(path).stem, path) for path, _ in checked], stems_of_inputs([path for path, _ in checked], out))
    for (path, results), text, stem in zip(checked, texts, stems, strict=True):
        page = output_path(out, stem, ".html")
        atomic_write_text(page, steps_page(path, text, results))
        counts = ", ".join(f"{n} {s}" for s, n in sorted(Counter(r.status for r in results).items()))
        print(f"{printable(str(path))}: {len(results)} steps ({counts or 'none found'}): wrote {printable(str(page))}")


def _equiv(args: argparse.Namespace) -> int:
    """One pair: exit 0 equivalent, 1 different or undecided, 2 input error. A batch: 0 where every pair's verdict is
    its ``expected`` one (``equivalent`` where none is given; a bad pair never is), 1 otherwise, 2 a bad pairs file."""
    from derivax import equiv, gradebook

    if args.scheduler and not args.batch:
        print("derivax: error: --scheduler runs a --batch on a cluster; one pair is judged here", file=sys.stderr)
        return 2
    if args.batch:
        if args.key is not None or args.assume:
            print("derivax: error: give either --batch PAIRS.yaml or KEY ANSWER [--assume COND], not both", file=sys.stderr)
            return 2
        try:
            pairs = equiv.load_pairs(args.batch)
        except equiv.EquivInputError as error:
            print(f"derivax: error: {printable(str(error))}", file=sys.stderr)
            return 2
        start = time.perf_counter()
        results = equiv.equivalent_batch(pairs, jobs=args.jobs, timeout_s=args.timeout, seed=args.seed, scheduler=args.scheduler)
        seconds = time.perf_counter() - start
        for pair, result in zip(pairs, results, strict=True):
            result["as_expected"] = equiv.as_expected(pair, result)
        missed = [r["id"] for r in results if not r["as_expected"]]
        if args.json:
            print(json.dumps(json_safe({"results": results, "seconds": round(seconds, 3), "jobs": args.jobs}), indent=2))
        else:
            for r in results:
                print(gradebook.display_name(f"{r['id']}: {equiv.describe(r)}"))
            counts = {v: sum(r["verdict"] == v for r in results) for v in (equiv.EQUIVALENT, equiv.DIFFERENT, equiv.UNDECIDED)}
            summary = ", ".join(f"{n} {v}" for v, n in counts.items())
            print(f"{len(results)} pairs in {seconds:.1f} s ({args.jobs} jobs): {summary}")
        if missed:  # on stderr in both formats: the JSON on stdout stays one document
            shown = ", ".join(gradebook.display_name(str(pid)) for pid in missed[:10]) + (", ..." if len(missed) > 10 else "")
            print(
                f"derivax: {len(missed)} of {len(results)} pairs not as expected (equivalent where no expected is given): {shown}",
                file=sys.stderr,
            )
        return 1 if missed else 0
    if args.key is None or args.answer is None:
        print("derivax: error: equiv needs KEY and ANSWER (LaTeX), or --batch PAIRS.yaml", file=sys.stderr)
        return 2
    result = equiv.equivalent(args.key, args.answer, args.assume, timeout_s=args.timeout, seed=args.seed)
    if args.json:
        print(json.dumps(json_safe(result), indent=2))
    if result["method"] == "input":  # a side or an assumption does not parse: an input error
        print(f"derivax: error: {printable(result['reason'])}", file=sys.stderr)
        return 2
    if not args.json:
        print(f"key read as: {result.get('key_parsed', '?')}\nanswer read as: {result.get('answer_parsed', '?')}")
        print(equiv.describe(result))
    return 0 if result["verdict"] == equiv.EQUIVALENT else 1


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # --help, or a usage error already printed on one line
        return done.code if isinstance(done.code, int) else 2
    allow_long_integers()
    try:
        commands = {"list": _list, "verify": _verify, "check": _check, "grade": _grade, "steps": _steps, "report": _report, "equiv": _equiv}
        return commands[args.command](args)
    except _user_errors() as error:
        print(f"derivax: error: {printable(str(error))}", file=sys.stderr)
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
