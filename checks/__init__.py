"""derivax: verify the analytic claims of deep learning three independent ways.

The public surface is small: declare claims with :class:`Sym`, :class:`Vec`,
:class:`Claim` and :class:`Twin`; check them with :func:`verify` under
:class:`Settings`. Names are imported on first use, so that grading and LaTeX
checks start without loading JAX.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Claim": "checks.claims",
    "ClaimError": "checks.claims",
    "Twin": "checks.claims",
    "Interval": "checks.domains",
    "S": "checks.domains",
    "Sym": "checks.domains",
    "Vec": "checks.domains",
    "Counterexample": "checks.evidence",
    "Evidence": "checks.evidence",
    "Verdict": "checks.evidence",
    "CI": "checks.settings",
    "Settings": "checks.settings",
    "SettingsError": "checks.settings",
    "ClaimReport": "checks.verification",
    "verify": "checks.verification",
}

__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'checks' has no attribute {name!r}")
