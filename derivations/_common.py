"""SymPy building blocks shared by the claim modules (sigmoid, softmax)."""

from __future__ import annotations

import sympy as sp


def sigmoid(z: sp.Expr) -> sp.Expr:
    r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`."""
    return 1 / (1 + sp.exp(-z))


def sigmoid_prime(z: sp.Expr) -> sp.Expr:
    r""":math:`\sigma'(z) = e^{-z}/(1 + e^{-z})^2`, written out (not via sigma(1 - sigma))."""
    return sp.exp(-z) / (1 + sp.exp(-z)) ** 2


def softmax(zs: tuple[sp.Symbol, ...], j: int) -> sp.Expr:
    r""":math:`a_j = e^{z_j} / \sum_k e^{z_k}`."""
    return sp.exp(zs[j]) / sum(sp.exp(z) for z in zs)
