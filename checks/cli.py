"""The ``derivax`` command line: list and verify claims.

Exit status: 0 when every claim holds (with ``--twins``: every twin is refuted),
1 when any does not, 2 for a usage or input error (one line, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from checks.claims import Claim, ClaimError
from checks.domains import DomainError
from checks.evidence import Verdict
from checks.registry import RegistryError, builtin_claims, claims_from_file, select
from checks.settings import CHECKERS, Settings, SettingsError
from checks.verify import ClaimReport, verify

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
    return parser


def _load(targets: Sequence[str]) -> list[Claim]:
    files = [t for t in targets if t.endswith(".py") or Path(t).is_file()]
    ids = [t for t in targets if t not in files]
    pool: list[Claim] = []
    for f in files:
        pool += claims_from_file(f)
    if not files:
        pool = builtin_claims()
    return select(pool, ids)


def _settings(args: argparse.Namespace) -> Settings:
    checks = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    return Settings(checks=checks, samples=args.samples, examples=args.examples, seed=args.seed, timeout_s=args.timeout)


def _run(claims: list[Claim], settings: Settings, quiet: bool) -> list[ClaimReport]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

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
            reports.append(verify(claim, settings))
            bar.advance(task)
    return reports


def _table(reports: list[ClaimReport], settings: Settings, twins: bool, seconds: float) -> None:
    from rich.console import Console
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
        table.add_row(r.claim.id, f"[{_STYLE[r.verdict]}]{r.verdict}[/]", *cells, f"{r.seconds:.1f}")
    console.print(table)
    seed = 0 if settings.seed is None else settings.seed
    for r in reports:
        expected = r.verdict is Verdict.REFUTED if twins else r.holds
        refutation = r.first_refutation()
        if refutation and twins:
            console.print(f"{r.claim.id} ({r.claim.why}): refuted by {refutation.checker} {refutation.counterexample.describe()}")
        elif refutation:
            console.print(
                f"[bold red]{r.claim.id} refuted[/] by {refutation.checker} {refutation.counterexample.describe()}. "
                f"Reproduce: derivax verify {r.claim.id} --seed {seed}"
            )
        elif not expected:
            reasons = "; ".join(f"{n}: {e.summary}" for n, e in r.evidence.items() if e.verdict is not Verdict.PROVED)
            console.print(f"[yellow]{r.claim.id} {r.verdict}[/]: {reasons}")
    good = sum((r.verdict is Verdict.REFUTED) if twins else r.holds for r in reports)
    what = "twins refuted" if twins else "claims hold"
    console.print(f"{good} of {len(reports)} {what} in {seconds:.1f} s (seed {seed}).")


def _verify(args: argparse.Namespace) -> int:
    settings = _settings(args)
    claims = _load(args.targets)
    if args.twins:
        claims = [t for c in claims for t in (c.wrong_twins() if not c.is_twin else [c])]
        if not claims:
            raise RegistryError("the selected claims have no wrong twins to verify.")
    start = time.perf_counter()
    reports = _run(claims, settings, quiet=args.json)
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"list": _list, "verify": _verify}[args.command](args)
    except USER_ERRORS as error:
        print(f"derivax: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
