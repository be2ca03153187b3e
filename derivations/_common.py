"""SymPy building blocks shared by the claim modules (sigmoid, softmax), and JAX loaded on first use.

The claim modules name ``jax`` and ``jnp`` only inside witnesses, which run when the numeric checker
runs; importing JAX costs over a second, so ``derivax list`` and ``derivax --help`` must not pay it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import sympy as sp


class LazyModule:
    """A module imported on first attribute access (``jnp.sum`` imports ``jax.numpy`` then), with JAX in float64.

    float64 as :mod:`derivax.numeric` sets it: the witnesses are compared at rtol down to 1e-9, and a
    witness may be called before the numeric checker has been imported (a test, a user's script).
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        if self._module is None:
            from derivax.settings import jax_in_float64

            jax_in_float64()
            self._module = importlib.import_module(self._name)
        return self._module

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self._load(), attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{' (loaded)' if self._module is not None else ''}>"


jax = LazyModule("jax")
jnp = LazyModule("jax.numpy")


def rbg_key(key: Any) -> Any:
    """The engine's threefry key as the seed of XLA's RngBitGenerator stream (``unsafe_rbg``).

    The engine hands each sampled point its own threefry split, so one stream per point is sound. The
    RBG sampler compiles in a fraction of threefry's time (each threefry draw inlines the whole hash,
    about 0.3 s of XLA compile a call site here) and draws large Monte-Carlo batches faster.
    """
    return jax.random.wrap_key_data(jnp.concatenate([key, key]), impl="unsafe_rbg")


def sigmoid(z: sp.Expr) -> sp.Expr:
    r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`."""
    return 1 / (1 + sp.exp(-z))


def sigmoid_prime(z: sp.Expr) -> sp.Expr:
    r""":math:`\sigma'(z) = e^{-z}/(1 + e^{-z})^2`, written out (not via sigma(1 - sigma))."""
    return sp.exp(-z) / (1 + sp.exp(-z)) ** 2


def softmax(zs: tuple[sp.Symbol, ...], j: int) -> sp.Expr:
    r""":math:`a_j = e^{z_j} / \sum_k e^{z_k}`."""
    return sp.exp(zs[j]) / sum(sp.exp(z) for z in zs)
