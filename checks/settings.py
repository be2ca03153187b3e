"""Checker settings: frozen, validated, with a CI profile that pins the seed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

__all__ = ["CHECKERS", "CI", "Settings", "SettingsError", "jax_in_float64", "user_cache_dir"]

CHECKERS = ("symbolic", "numeric", "property")


class SettingsError(ValueError):
    """A setting is out of range; the message says which and what to use."""


@dataclass(frozen=True)
class Settings:
    """How hard each checker tries, and with which tolerances.

    ``rtol``/``atol`` are the defaults for deterministic comparisons; a claim
    may declare its own (Monte-Carlo claims do) and the evidence records the
    tolerance actually used.
    """

    checks: tuple[str, ...] = CHECKERS
    samples: int = 256
    examples: int = 150
    rtol: float = 1e-9
    atol: float = 1e-12
    seed: int | None = None
    timeout_s: float = 20.0

    def __post_init__(self) -> None:
        unknown = [c for c in self.checks if c not in CHECKERS]
        if unknown or not self.checks:
            raise SettingsError(f"checks={self.checks!r}: choose from {', '.join(CHECKERS)}.")
        if self.samples < 1:
            raise SettingsError(f"samples={self.samples!r} must be at least 1. To skip sampling, drop 'numeric' from checks.")
        if self.examples < 1:
            raise SettingsError(f"examples={self.examples!r} must be at least 1. To skip the search, drop 'property' from checks.")
        if not (0 <= self.rtol < 1 and self.atol >= 0):
            raise SettingsError(f"rtol={self.rtol!r}, atol={self.atol!r}: need 0 <= rtol < 1 and atol >= 0.")
        if self.timeout_s <= 0:
            raise SettingsError(f"timeout_s={self.timeout_s!r} must be positive.")


CI = Settings(seed=0)


def user_cache_dir() -> Path:
    """derivax's folder in the user's cache: ``$XDG_CACHE_HOME/derivax``, else ``~/.cache/derivax`` (compiled code,
    the grading secret)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")) / "derivax"


def jax_in_float64() -> ModuleType:
    """JAX, set up as every witness and search needs it: float64 (witnesses are compared at rtol down to 1e-9), and
    XLA's LLVM optimisation off for CPU code unless the user set a level in ``XLA_FLAGS``: the witnesses are small
    programs compiled once and run on a few hundred points, and that optimisation took half of a cold verify's
    compile time (5.1 s of 33 compiles) for nothing measurable when they run (benchmarks/verify_profile.py);
    Monte-Carlo witnesses, whose run costs more than their compile, ask for level 2 on their own ``jit``. The
    flag must be set before JAX starts its backend: every module that computes with JAX takes it from here."""
    if "xla_backend_optimization_level" not in os.environ.get("XLA_FLAGS", ""):
        os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} --xla_backend_optimization_level=0".strip()
    import jax

    jax.config.update("jax_enable_x64", True)
    return jax
