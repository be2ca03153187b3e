r"""The largest and smallest entry of a family in a statement about its entries: ``\lambda_{\max}`` beside ``\lambda_i``.

``-1 < 1 - 2\epsilon\lambda_i < 1 \Rightarrow \epsilon < \frac{1}{\lambda_{\max}}`` (gradient descent on a quadratic)
says something of every eigenvalue and concludes about the largest: read as the field reads it, the relation with the
free index holds for every i, and :math:`\lambda_{\max} = \max_i \lambda_i`. Such a statement is written out at each
size n = 1..4 (:func:`by_size`): :math:`\lambda_1, \dots, \lambda_n` fresh symbols, each relation in i the
conjunction over them, :math:`\lambda_{\max}` their Max (:math:`\lambda_{\min}` their Min), and every assumption on
:math:`\lambda_i` stated for each entry. A refutation at a size is one of the statement as written for some values
(the premise for every i is the strongest reading, so it fails under any); a confirmation is "for every i, at the
sizes tried", which the evidence says.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sympy as sp

__all__ = ["SIZES", "by_size", "family_extremes"]

SIZES = (1, 2, 3, 4)
_EXTREME = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*)_(?P<which>max|min)")
_MEMBER = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*)_(?P<idx>[a-z])")


def family_extremes(*exprs: Any) -> dict[str, tuple[sp.Symbol, list[sp.Symbol]]]:
    """``{stem: (letter, [extremes])}`` for each family the statement writes with a one-letter free index
    (``lambda_i``) and a largest or smallest entry (``lambda_max``, ``lambda_min``); empty where there is none
    (the statement is then judged as written)."""
    symbols = set().union(*(getattr(e, "free_symbols", set()) for e in exprs))
    members: dict[str, set[str]] = {}
    extremes: dict[str, list[sp.Symbol]] = {}
    for symbol in symbols:
        name = getattr(symbol, "name", "")
        if (member := _MEMBER.fullmatch(name)) is not None and member["idx"] not in ("x", "y", "z"):
            members.setdefault(member["stem"], set()).add(member["idx"])
        elif (extreme := _EXTREME.fullmatch(name)) is not None:
            extremes.setdefault(extreme["stem"], []).append(symbol)
    # one index letter per family: lambda_i beside lambda_j is two entries, not "every i"
    return {
        stem: (sp.Symbol(next(iter(members[stem]))), sorted(found, key=str))
        for stem, found in extremes.items()
        if len(members.get(stem, ())) == 1
    }


def _entries(stem: str, letter: sp.Symbol, symbols: set[Any], n: int) -> tuple[Any, list[sp.Symbol]]:
    """The member symbol as read (``lambda_i``, with its assumptions) and the fresh entries ``lambda_1..lambda_n``."""
    member = next(s for s in symbols if getattr(s, "name", "") == f"{stem}_{letter}")
    return member, [sp.Symbol(f"{stem}_{k}", **member.assumptions0) for k in range(1, n + 1)]


def _written_out(expr: Any, families: dict[str, tuple[sp.Symbol, list[sp.Symbol]]], symbols: set[Any], n: int) -> Any:
    """``expr`` at size ``n``: each family's extreme its Max or Min, and the whole the conjunction over the entries
    where it writes the member (``for every i``)."""
    out = expr
    for stem, (letter, extremes) in families.items():
        member, entries = _entries(stem, letter, symbols, n)
        for extreme in extremes:
            which = sp.Max if extreme.name.endswith("_max") else sp.Min
            out = out.xreplace({extreme: which(*entries)})
        if out.has(member):
            out = sp.And(*(out.xreplace({member: entry}) for entry in entries))
    return out


def _at(parsed: Any, condition: Any, **changes: Any) -> Any:
    """``parsed`` (a Parsed) with ``condition`` for its reading."""
    # a chain's links written out may fold into one relation (lambda_1 <= lambda_1 <= lambda_1 at n = 1): a condition
    kind = "logic" if isinstance(condition, sp.And) or parsed.kind == "chain" else parsed.kind
    return dataclasses.replace(parsed, expr=condition, kind=kind, **changes)


def by_size(premise: Any, conclusion: Any, assumptions: list[Any]) -> list[tuple[int, Any, Any, list[Any]]]:
    """``(n, premise, conclusion, assumptions)`` at each size of :data:`SIZES` (see the module docstring);
    ``premise`` and ``conclusion`` are Parsed (:class:`derivax.latex.Parsed`), as are the assumptions."""
    families = family_extremes(premise.condition, conclusion.condition)
    symbols = premise.symbols | conclusion.symbols
    out = []
    for n in SIZES:
        stated = [_at(a, _written_out(a.condition, families, symbols | a.symbols, n)) for a in assumptions]
        domain = tuple(_written_out(d, families, symbols, n) for d in (*premise.domain, *conclusion.domain))
        first, second = (_at(p, _written_out(p.condition, families, symbols, n), domain=domain) for p in (premise, conclusion))
        out.append((n, first, second, stated))
    return out
