"""Run the checkers on a claim and combine their verdicts (the report and the rule: :mod:`derivax.claimreport`).

Overall verdict:

- ``refuted``: any checker found a counterexample (the first one is reported);
- ``proved``: SymPy established the statement and the numeric witness agrees;
- ``confirmed``: SymPy was undecided, but the witness and the property search agree;
- ``undecided``: anything else, with each checker's reason in its evidence.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable

from derivax import numeric, symbolic
from derivax import property as property_check
from derivax.claimreport import ClaimReport, combine
from derivax.claims import Claim
from derivax.evidence import Evidence, undecided
from derivax.settings import Settings

__all__ = ["CHECKERS", "ClaimReport", "combine", "verify"]

CHECKERS: dict[str, Callable[[Claim, Settings], Evidence]] = {
    "symbolic": symbolic.check,
    "numeric": numeric.check,
    "property": property_check.check,
}


def _run(name: str, claim: Claim, settings: Settings) -> Evidence:
    start = time.perf_counter()
    try:
        evidence = CHECKERS[name](claim, settings)
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        return undecided(name, f"checker error: {type(error).__name__}: {error} ({where.filename.split('/')[-1]}:{where.lineno})")
    return dataclasses.replace(evidence, seconds=time.perf_counter() - start)


def verify(claim: Claim, settings: Settings) -> ClaimReport:
    """Run each checker named in ``settings.checks`` and combine their verdicts."""
    start = time.perf_counter()
    evidence = {name: _run(name, claim, settings) for name in settings.checks}
    return ClaimReport(claim, evidence, combine(evidence), time.perf_counter() - start)
