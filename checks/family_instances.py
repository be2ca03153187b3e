r"""Steps about the entries of a family that the document defines over its index, judged at instances of the index
letters.

A recurrent chain ``h_1 = \sigma(x)``, ``h_i = \sigma(w_i h_{i-1})`` and a step written for any layer,

.. math:: \frac{\partial h_n}{\partial w_i} = \sigma'(w_n h_{n-1}) \frac{\partial (w_n h_{n-1})}{\partial w_i},

is a claim for every n and i. With the letters left as letters, ``h_{n-1}`` and ``w_n`` are names the step cannot
see into (``w_n`` may be ``w_i``). Here the letters of the step's subscripts get numbers, the LaTeX is read again
(``h_{3-1}`` is ``h_2``), the definitions are put in down to the family's start, and each instance is judged by the
checker of every step. ``\delta_{n,i}`` is Kronecker's delta where the document spells it so ("$\delta_{n,i} = 1$
if $n = i$"), and a derivative of one weight by another of its family (``\partial w_3 / \partial w_2``) is 0: the
weights of one chain, and a name a context file declares a scalar, are free of each other.

An instance where an entry falls before the family's start (``h_0`` at n = 1) is left out, as the text leaves it
out; an instance with a name still unknown after the definitions leaves the step undecided. The step is ``ok`` when
every instance left holds (at least :data:`_AT_LEAST` of them) and, as a link of a chain, ``wrong`` at the first that
fails, with that instance and its point as the witness.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.calculus import ENTRY, derivative_done
from derivax.latex import Parsed, named_derivative

# the letters a subscript uses as an index of a family (t: a time step, h_t of a recurrent network)
_LETTERS = "ijklmnt"
_VALUES = range(1, 5)
_AT_LEAST = 3
_SUBSCRIPT = re.compile(r"_\s*(?:\{(?P<group>[^{}]*)\}|(?P<one>[A-Za-z0-9]))")
_INTEGER_SUM = re.compile(r"\s*-?\s*\d+(?:\s*[-+]\s*\d+)*\s*")
# \delta_{n,i} = 1 if n = i: Kronecker's delta of two index expressions, as the prose spells it
_KRONECKER_SAID = re.compile(
    r"\\delta\s*_\s*\{\s*(?P<a>[a-z](?:\s*[-+]\s*\d+)?)\s*,\s*(?P<b>[a-z](?:\s*[-+]\s*\d+)?)\s*\}\s*=\s*1\s*\$?[\s,]*"
    r"(?:if|when|for)\s*\$?\s*(?P=a)\s*=\s*(?P=b)\s*\$"
)
_DELTA_AT = re.compile(r"\\delta\s*_\s*\{\s*(?P<a>\d+)\s*,\s*(?P<b>\d+)\s*\}")


def index_letters(*sides: str) -> list[str]:
    """The index letters the sides' subscripts use (``n`` and ``i`` of ``h_{n-1}``, ``w_i``, ``\\delta_{n,i}``)."""
    found: dict[str, None] = {}
    for side in sides:
        for sub in _SUBSCRIPT.finditer(side):
            text = sub["group"] if sub["group"] is not None else sub["one"]
            if re.search(r"\\[A-Za-z]", text):  # w_{\text{new}}, x_{\max}: a label, no index
                continue
            for letter in re.findall(r"(?<![A-Za-z])([a-z])(?![A-Za-z])", text):
                if letter in _LETTERS:
                    found[letter] = None
    return list(found)


def instantiated(latex: str, values: dict[str, int]) -> str | None:
    """``latex`` with each index letter of a subscript given its number and the subscript's integer arithmetic done
    (``h_{n-1}`` at n = 3 is ``h_{2}``); None where an index falls below 0."""
    below = False

    def put(sub: re.Match) -> str:
        nonlocal below
        text = sub["group"] if sub["group"] is not None else sub["one"]
        if re.search(r"\\[A-Za-z]", text):
            return sub.group(0)
        parts = []
        for part in text.split(","):
            numbered = re.sub(r"(?<![A-Za-z])([a-z])(?![A-Za-z])", lambda m: str(values.get(m.group(1), m.group(1))), part)
            if numbered != part and _INTEGER_SUM.fullmatch(numbered):  # n - 1 at n = 3: 2
                total = sum(int(term) for term in re.findall(r"[-+]?\d+", numbered.replace(" ", "")))
                below = below or total < 0
                numbered = str(total)
            parts.append(numbered.strip())
        return "_{" + ",".join(parts) + "}"

    out = _SUBSCRIPT.sub(put, latex)
    return None if below else out


def kronecker_said(text: str) -> str:
    """The prose that spells ``\\delta_{a,b}`` as Kronecker's delta ("$\\delta_{n,i} = 1$ if $n = i$"), '' if none."""
    found = _KRONECKER_SAID.search(text)
    return re.sub(r"\s+", " ", found.group(0).replace("$", "")).strip() if found else ""


def _kronecker_put_in(latex: str) -> str:
    r"""``\delta_{3,2}`` as 0 and ``\delta_{3,3}`` as 1 (after :func:`instantiated`)."""
    return _DELTA_AT.sub(lambda m: "1" if int(m["a"]) == int(m["b"]) else "0", latex)


def free_of_each_other(symbol: sp.Symbol, defined: Callable[[str], bool], scalars: frozenset[str]) -> bool:
    """Whether a name left after the definitions is a coordinate of its own: a numbered entry of a family the document
    does not define (the weight w_2), or a name the context file declares a scalar (the input x)."""
    if symbol.name in scalars:
        return True
    entry = ENTRY.fullmatch(symbol.name)
    return entry is not None and entry["idx"].isdigit() and not defined(entry["stem"])


def _derivatives_taken(expr: Any, free: Callable[[sp.Symbol], bool]) -> Any:
    r"""The derivatives the reading left opaque, taken where everything in them is a coordinate of its own:
    ``\partial w_3 / \partial w_2`` is 0, ``\partial (w_3 h_2) / \partial w_2`` with h_2 put in is a derivative."""
    if not isinstance(expr, sp.Basic):
        return expr

    def opaque(e: Any) -> bool:
        return isinstance(e, AppliedUndef) and (e.func.__name__ == "d_wrt" or named_derivative(e.func.__name__) is not None)

    def taken(e: Any) -> Any:
        if e.func.__name__ == "d_wrt" and len(e.args) == 2 and isinstance(e.args[1], sp.Symbol):
            top, variable = e.args
            if not top.has(AppliedUndef, sp.Indexed) and all(free(s) for s in top.free_symbols):
                return derivative_done(sp.Derivative(top, variable))
            return e
        named = named_derivative(e.func.__name__)
        if named is not None and len(e.args) == 1 and isinstance(e.args[0], sp.Symbol) and e.args[0].name == named[1].name:
            quantity = sp.Symbol(named[0].name, **e.args[0].assumptions0)
            if free(quantity) and free(e.args[0]):
                return sp.Integer(1) if quantity == e.args[0] else sp.Integer(0)
        return e

    expr = expr.replace(opaque, taken)
    return expr.replace(lambda e: isinstance(e, sp.Subs) and not e.expr.has(AppliedUndef), lambda e: e.doit())


def judged_at_instances(
    left: str,
    right: str,
    read: Callable[[str], Parsed | None],
    expand: Callable[[Parsed], tuple[Parsed, list]],
    judge: Callable[[Parsed, Parsed], tuple],
    family_defined: Callable[[str], bool],
    scalars: frozenset[str],
    kronecker: str,
    between: Sequence[Any] = (),
) -> tuple[str, str, Any, str, list] | None:
    """(status, message, counterexample, method, definitions used) of ``left = right`` judged at every instance of
    its index letters (:data:`_VALUES` each), or None where that does not settle it (module docstring).

    ``read`` reads a side's LaTeX as the step's sides are read; ``expand`` puts in the definitions known at the
    step; ``judge`` is the checker of every step; ``family_defined(stem)``: whether the document defines a family
    of that name; ``kronecker``: the prose that spells delta as Kronecker's ('' if none); ``between``: relations
    between the index letters the step is stated under ("For $i < n$"): only the instances that meet them are judged."""
    letters = index_letters(left, right)
    if not letters or len(letters) > 2 or re.search(r"\\(?:sum|prod|int|lim|min|max)\b", left + right):
        return None
    # at least one entry of a family the document defines, with an index letter: else instances teach nothing new
    if not any(family_defined(m["stem"]) for m in (ENTRY.fullmatch(n) for n in _names(left + right, letters)) if m is not None):
        return None

    def free(symbol: sp.Symbol) -> bool:
        return free_of_each_other(symbol, family_defined, scalars)

    judged: list[dict[str, int]] = []
    used: list = []
    left_out: list[tuple[dict[str, int], list[str]]] = []
    said = f"; \\delta as Kronecker's delta, as the text says: {kronecker}" if kronecker and "delta" in left + right else ""
    for numbers in itertools.product(_VALUES, repeat=len(letters)):
        values = dict(zip(letters, numbers, strict=True))
        if any(c.subs({s: values[s.name] for s in c.free_symbols}) is sp.false for c in between):
            continue  # n = i under "For $i < n$": outside what the step claims
        sides = [instantiated(side, values) for side in (left, right)]
        if any(s is None for s in sides):
            continue
        if kronecker:
            sides = [_kronecker_put_in(s) for s in sides]
        elif any(_DELTA_AT.search(s) for s in sides):
            return None  # \delta_{3,2} of a delta the document does not spell as Kronecker's: an unknown
        parsed = [read(s) for s in sides]
        if any(p is None or not isinstance(p.expr, sp.Expr) for p in parsed):
            return None
        if any(s.name in letters for p in parsed for s in p.expr.free_symbols):
            return None  # \frac{1}{n} beside h_n: the letter is also a name of the step, no index alone
        expanded = []
        for p in parsed:
            wide, definitions = expand(p)
            used += definitions
            expanded.append(replace(wide, expr=_derivatives_taken(wide.expr, free)))
        names = set().union(*(e.expr.free_symbols for e in expanded))
        unreached = sorted(s.name for s in names if _numbered_entry_of(s.name, family_defined))
        if unreached:  # h_0 at n = 1: an entry the definitions did not reach, before the family's start; left out as the text does
            left_out.append((values, unreached))
            continue
        if any(e.expr.has(AppliedUndef, sp.Derivative, sp.Indexed) for e in expanded) or not all(free(s) for s in names):
            return None
        status, message, ce, method = judge(*expanded)
        if status == "wrong":
            meets = f", which meets {', '.join(sp.sstr(c) for c in between)} (stated for it)" if between else ""
            where = f"at {_at(values)}{meets} (the index letters given numbers, the definitions put in{said})"
            return "wrong", f"{where}: {message}", ce, method, used
        if status != "ok":
            return None
        judged.append(values)
    if len(judged) < _AT_LEAST:
        return None
    ranges = " and ".join(f"{k} = {', '.join(str(v) for v in sorted({j[k] for j in judged}))}" for k in letters)
    out = ""
    if left_out:
        only = {k: sorted({v[k] for v, _ in left_out} - {j[k] for j in judged}) for k in letters}
        where = " and ".join(f"{k} = {', '.join(map(str, vs))}" for k, vs in only.items() if vs) or f"{len(left_out)} instances"
        entries = sorted({name for _, unreached in left_out for name in unreached})
        out = f"; {where} left out: it writes {', '.join(entries)}, before the family's start"
    within = f" where {', '.join(sp.sstr(c) for c in between)} (stated for it)" if between else ""
    message = f"instantiated at {ranges}{within} ({len(judged)} instances; the definitions put in{said}{out}): each holds exactly"
    return "ok", message, None, "instances of the index letters", used


def _at(values: dict[str, int]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in values.items())


def _names(latex: str, letters: list[str]) -> list[str]:
    """The entry names ``stem_letter`` the LaTeX writes with one of the letters (``h_n``, ``h_{n-1}`` as ``h_n``)."""
    found = re.findall(r"([A-Za-z]+)\s*_\s*\{?\s*([a-z])", latex)
    return [f"{stem}_{letter}" for stem, letter in found if letter in letters]


def _numbered_entry_of(name: str, family_defined: Callable[[str], bool]) -> bool:
    entry = ENTRY.fullmatch(name)
    return entry is not None and entry["idx"].isdigit() and family_defined(entry["stem"])
