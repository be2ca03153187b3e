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
    "Claim": "derivax.claims",
    "ClaimError": "derivax.claims",
    "Twin": "derivax.claims",
    "Interval": "derivax.domains",
    "S": "derivax.domains",
    "Sym": "derivax.domains",
    "Vec": "derivax.domains",
    "Counterexample": "derivax.evidence",
    "Evidence": "derivax.evidence",
    "Verdict": "derivax.evidence",
    "CI": "derivax.settings",
    "Settings": "derivax.settings",
    "SettingsError": "derivax.settings",
    "ClaimReport": "derivax.verification",
    "verify": "derivax.verification",
}

__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'derivax' has no attribute {name!r}")
