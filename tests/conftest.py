"""Shared fixtures: the registry, the CI settings, the seeds folder."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from derivax.registry import builtin_claims

# Tests compile with JAX's persistent compilation cache off (derivax.parallel): nothing is written to the
# user's cache folder, and each test compiles as a cold run would. tests/test_parallel.py turns it on in a folder of its own.
os.environ.setdefault("DERIVAX_JAX_CACHE", "")

REGISTRY = builtin_claims()
# The seven claims every other tool refers to (issue 2), in the order of its list.
CORE_IDS = (
    "softmax-ce-delta",
    "sigmoid-saturation-bound",
    "sigmoid-saturation-width",
    "weight-decay-factor",
    "adam-bias-correction",
    "gd-quadratic-convergence",
    "init-variance",
)
# A user's own claims file: one true claim with a twin, one false claim (CLI and pytest-plugin tests).
USER_CLAIMS = textwrap.dedent(
    """
    import jax
    import sympy as sp
    from derivax import Claim, Sym, Twin

    x = Sym("x", typical=(-2.0, 2.0))
    X = x.symbol

    TANH_PRIME = Claim(
        id="tanh-prime", title="tanh' = 1 - tanh^2", symbols=(x,),
        lhs=sp.diff(sp.tanh(X), X), rhs=1 - sp.tanh(X) ** 2,
        witness=jax.grad(jax.numpy.tanh), refs=("any calculus text",),
        twins=(Twin("plus", "sign flipped", rhs=1 + sp.tanh(X) ** 2),),
    )
    WRONG = Claim(
        id="wrong-tanh-prime", title="tanh' = 1 + tanh^2 (false)", symbols=(x,),
        lhs=sp.diff(sp.tanh(X), X), rhs=1 + sp.tanh(X) ** 2,
        witness=jax.grad(jax.numpy.tanh), refs=("a mistake",),
    )
    """
)
TWINS = [t for c in REGISTRY for t in c.wrong_twins()]
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the homework seeds are not at {SEEDS} (they sit beside the checkout in ../shared/seeds)")
    return SEEDS


def judged_steps(document: str, **options: object) -> dict[str, object]:
    """The steps of a test document (dedented, its first line line 1) that are not ``given``, keyed "line: left rel right"."""
    from derivax.steps import check_document

    found = check_document(textwrap.dedent(document).lstrip("\n"), timeout_s=20, **options)
    return {f"{r.line}: {r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def statuses(found: dict[str, object]) -> dict[str, str]:
    """Each judged step's status."""
    return {key: r.status for key, r in found.items()}
