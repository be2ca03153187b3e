"""derivax: verify the analytic claims of deep learning three independent ways.

The public surface is small: declare claims with :class:`Sym`, :class:`Vec`,
:class:`Claim` and :class:`Twin`; check them with :func:`verify` under
:class:`Settings`.
"""

from checks.claims import Claim, ClaimError, Twin
from checks.domains import Interval, S, Sym, Vec
from checks.evidence import Counterexample, Evidence, Verdict
from checks.settings import CI, Settings, SettingsError
from checks.verify import ClaimReport, verify

__all__ = [
    "CI",
    "Claim",
    "ClaimError",
    "ClaimReport",
    "Counterexample",
    "Evidence",
    "Interval",
    "S",
    "Settings",
    "SettingsError",
    "Sym",
    "Twin",
    "Vec",
    "Verdict",
    "verify",
]

__version__ = "0.1.0"
