"""Finding claims: the built-in library, or a user's own file loaded by path."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

from derivax.claims import Claim

__all__ = ["RegistryError", "builtin_claims", "claims_from_file", "claims_in_module", "select"]


class RegistryError(LookupError):
    """A claim id or claims file could not be found or loaded."""


def claims_in_module(module: ModuleType) -> list[Claim]:
    """Every Claim bound to a name in ``module``, in definition order."""
    found = [v for v in vars(module).values() if isinstance(v, Claim)]
    source = getattr(module, "__file__", "") or ""
    return [c if c.source else _with_source(c, source) for c in found]


def _with_source(claim: Claim, source: str) -> Claim:
    import dataclasses

    return dataclasses.replace(claim, source=source)


def _float64_first() -> None:
    """Claim modules may build JAX arrays at import: switch JAX to float64 before loading them."""
    import derivax.numeric  # noqa: F401


def builtin_claims() -> list[Claim]:
    """The library in ``derivations/``: every claim of every module.

    The library's modules load JAX only when a witness runs (``derivations/_common.py``, in float64),
    so listing the claims does not import it."""
    import derivax.derivations

    claims: list[Claim] = []
    for info in sorted(pkgutil.iter_modules(derivax.derivations.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            claims += claims_in_module(importlib.import_module(f"derivax.derivations.{info.name}"))
    ids = [c.id for c in claims]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RegistryError(f"claim ids must be unique; repeated: {', '.join(duplicates)}")
    return claims


def claims_from_file(path: str | Path) -> list[Claim]:
    """Load a user's claims file by path (no package needed) and return its claims."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError(f"{path}: no such file. Give a .py file that declares Claim objects.")
    _float64_first()
    name = f"derivax_user_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RegistryError(f"{path}: not a Python file that can be imported.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise RegistryError(f"{path}: loading failed: {type(error).__name__}: {error}") from error
    claims = claims_in_module(module)
    if not claims:
        raise RegistryError(f"{path}: declares no Claim objects.")
    return claims


def select(claims: list[Claim], ids: list[str]) -> list[Claim]:
    """The claims with these ids (all when ``ids`` is empty), or a clear error."""
    if not ids:
        return claims
    by_id = {c.id: c for c in claims}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise RegistryError(f"unknown claim id(s): {', '.join(missing)}. Run 'derivax list' to see the ids.")
    return [by_id[i] for i in ids]
