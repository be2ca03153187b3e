"""A claim's report (each checker's evidence and the combined verdict) and the rule that combines them.

Overall verdict:

- ``refuted``: any checker found a counterexample (the first one is reported);
- ``proved``: SymPy established the statement and the numeric witness agrees;
- ``confirmed``: SymPy was undecided, but the witness and the property search agree;
- ``undecided``: anything else, with each checker's reason in its evidence.

Apart from :mod:`derivax.verification`, which runs the checkers: the parent of ``derivax verify
--jobs N`` builds reports from what its workers send and never imports the checkers (JAX,
Hypothesis: most of a second of start-up before it can hand out the first claim).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from derivax.claims import Claim
from derivax.evidence import Counterexample, Evidence, Verdict

__all__ = ["ClaimReport", "combine"]


@dataclass(frozen=True)
class ClaimReport:
    """A claim, each checker's evidence, and the combined verdict."""

    claim: Claim
    evidence: dict[str, Evidence]
    verdict: Verdict
    seconds: float
    cached: bool = False

    @property
    def counterexample(self) -> Counterexample | None:
        refuted = self.first_refutation()
        return refuted.counterexample if refuted else None

    def first_refutation(self) -> Evidence | None:
        return next((e for e in self.evidence.values() if e.verdict is Verdict.REFUTED), None)

    @property
    def holds(self) -> bool:
        return self.verdict in (Verdict.PROVED, Verdict.CONFIRMED)

    def explain(self) -> str:
        lines = [f"{self.claim.id}: {self.verdict}"]
        lines += [f"  {name}: {e.verdict} - {e.summary}" for name, e in self.evidence.items()]
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        """How a notebook shows it as math (MathJax): the statement or reading, and the verdict in words."""
        from derivax.html import latex_fragment

        return latex_fragment(self)

    def _repr_html_(self) -> str:
        """How a notebook shows it: the same marks and counterexample as derivax's HTML pages."""
        from derivax.html import fragment

        return fragment(self)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.claim.id,
            "title": self.claim.title,
            "verdict": self.verdict.value,
            "checks": {name: e.as_dict() for name, e in self.evidence.items()},
            "counterexample": self.counterexample.as_dict() if self.counterexample else None,
            "seconds": round(self.seconds, 3),
            "cached": self.cached,
        }
        if self.claim.twin_of:
            out["twin_of"] = self.claim.twin_of
            out["why_wrong"] = self.claim.why
        return out


def combine(evidence: dict[str, Evidence]) -> Verdict:
    verdicts = {name: e.verdict for name, e in evidence.items()}
    if Verdict.REFUTED in verdicts.values():
        return Verdict.REFUTED
    numeric_ok = verdicts.get("numeric") is Verdict.CONFIRMED
    if verdicts.get("symbolic") is Verdict.PROVED and (numeric_ok or "numeric" not in verdicts):
        return Verdict.PROVED
    confirmations = [v for v in verdicts.values() if v is Verdict.CONFIRMED]
    if confirmations and all(v in (Verdict.CONFIRMED, Verdict.PROVED) for n, v in verdicts.items() if n != "symbolic"):
        return Verdict.CONFIRMED
    return Verdict.UNDECIDED
