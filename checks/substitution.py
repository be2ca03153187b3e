r"""Numbers put in for names: which value a step substitutes for each name, read from the two sides as written.

A computation by hand writes a formula, then the same formula with numbers in place of its names, then the
result::

    \Delta\theta = -\frac{\epsilon}{\delta + \sqrt{r}} g
    \Delta\theta = -\frac{1}{10^{-8} + \sqrt{2.501e^{-17}}} \cdot 5.001e^{-9}

The middle step is a claim about the values put in, some of which the document gave before (r, g) and some of
which the step itself is the first to state (the learning rate epsilon = 1, delta = 10^{-8}). :func:`substituted`
aligns the two sides token by token, a name of the left side against a number of the right side, so that each
name gets the number written in its place (the same number wherever the name occurs). The step is ``ok`` when
every value the document gave agrees with the number put in (to one unit of its last written digit) and the left
side, evaluated at those values, equals the right side (mpmath, 30 digits, relative 1e-12: an independent check of
the alignment). A value that disagrees with the document's is reported, never flagged: a name may mean something
else in another part of a long computation (delta is a parameter in one optimiser and a small constant in the next).
Nothing here evaluates input: the sides are the grammar's SymPy objects, each piece is read by :func:`latex.parse`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from derivax.digits import relative_unit
from derivax.latex import LatexError, Parsed, parse
from derivax.limits import TimeLimitExceeded

__all__ = ["Substitution", "substituted"]

_MAX_TEXT = 600  # characters a side: the alignment is a search; a longer side is no hand computation
_MAX_CALLS = 20_000  # the search's budget (a side with many names and numbers gives up, undecided)
_RTOL = 1e-12  # the left side at the values put in against the right side: the same numbers in the same formula

_SPACING = re.compile(r"\\(?:left|right|[,;:!]|quad|qquad)(?![a-zA-Z])")
_TIMES = re.compile(r"\\(?:cdot|times)(?![a-zA-Z])")
_ACCENTED = r"\\(?:hat|bar|tilde|vec|mathbf|boldsymbol)\{\\?[a-zA-Z]+\}"
_NAME = re.compile(rf"(?:{_ACCENTED}|\\[a-zA-Z]+|[a-zA-Z])(?:_(?:\{{[a-zA-Z0-9,]+\}}|\\[a-zA-Z]+|[a-zA-Z0-9]))?")
_DIGITS = r"\d+(?:\.\d+)?"
_EXPONENT = r"(?:\{-?\d+\}|-?\d)"
_BODIES = (
    rf"{_DIGITS}e\^{_EXPONENT}",  # 5.001e^{-9}, as the seeds write 5.001 \times 10^{-9}
    rf"{_DIGITS}\*10\^{_EXPONENT}",
    rf"10\^{_EXPONENT}",
    r"\\frac\{\d+\}\{\d+\}",
    _DIGITS,
)
# each written with its sign, without it (the sign a token of the formula: -\epsilon), or in parentheses
_NUMBERS = tuple(re.compile(form.format(body)) for body in _BODIES for form in (r"\(-?{}\)", "-?{}", "{}"))
_TOKEN = re.compile(r"\\[a-zA-Z]+|\d+(?:\.\d+)?|.")


@dataclass(frozen=True)
class Substitution:
    """What a step puts in: ``values`` (name -> (number as written, its value)), with the names the document had
    given a value (``known``: name -> where), and ``disagree`` (name -> the document's value and where) where the
    number put in is another."""

    values: Mapping[str, tuple[str, sp.Expr]]
    known: Mapping[str, str]
    disagree: Mapping[str, tuple[sp.Expr, str]]

    def describe(self) -> str:
        """The values, those the document gave with their lines, the new ones as put in by this step."""
        given = [f"{n} = {t} ({self.known[n]})" for n, (t, _) in self.values.items() if n in self.known]
        new = [f"{n} = {t}" for n, (t, _) in self.values.items() if n not in self.known]
        parts = ([", ".join(given)] if given else []) + ([f"{', '.join(new)} put in by this step (no earlier value)"] if new else [])
        return "; ".join(parts)


def _plain(latex: str, spaces: bool = False) -> str:
    """The text to align: spacing and \\left/\\right dropped, products as ``*``; the spaces kept where ``spaces``
    (between a command and a letter they are what ends the command: ``\\eta x``)."""
    plain = _TIMES.sub(" * ", _SPACING.sub(" ", latex))
    return plain if spaces else "".join(plain.split())


def _tokens(left: str, names: set[str]) -> list[tuple[str, str]]:
    """The left side as ('name', symbol name) and ('text', literal) tokens (``\\Delta\\theta`` one name)."""
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(left):
        if left[at].isspace():
            at += 1
            continue
        m = _NAME.match(left, at)
        if m is not None and not left.startswith("\\frac", at) and not left.startswith("\\sqrt", at):
            after = _NAME.match(left, m.end()) if m.group(0) == "\\Delta" else None
            chunks = ([left[at : after.end()]] if after else []) + [m.group(0)]
            found = next(((chunk, name) for chunk in chunks if (name := _name_of(chunk, names)) is not None), None)
            if found is not None:
                out.append(("name", found[1]))
                at += len(found[0])
                continue
        t = _TOKEN.match(left, at)
        out.append(("text", t.group(0)))
        at = t.end()
    return out


def _exponent(tokens: list[tuple[str, str]], i: int) -> int:
    """The index after the exponent that starts at ``i`` (one token, or a braced group); ``i`` where there is none."""
    if i >= len(tokens):
        return i
    if tokens[i] != ("text", "{"):
        return i + 1
    depth = 0
    for j in range(i, len(tokens)):
        depth += {("text", "{"): 1, ("text", "}"): -1}.get(tokens[j], 0)
        if depth == 0:
            return j + 1
    return i


def _name_of(chunk: str, names: set[str]) -> str | None:
    """The symbol a piece of the left side names, if it is one of the side's names."""
    try:
        expr = parse(chunk, timeout_s=0.5).expr
    except (LatexError, TimeLimitExceeded):
        return None
    return expr.name if isinstance(expr, sp.Symbol) and expr.name in names else None


def _numbers_at(right: str, at: int) -> list[tuple[int, str]]:
    """The numbers written at ``at`` of the right side, longest first (``-4.999e^{-9}``, ``(-1)``, ``10^{-8}``)."""
    found = set()
    for pattern in _NUMBERS:
        m = pattern.match(right, at)
        if m is not None:
            found.add(m.group(0))
    return sorted(((at + len(t), t) for t in found), reverse=True)


def _align(tokens: list[tuple[str, str]], right: str) -> tuple[dict[str, str], dict[str, tuple[str, tuple]]] | None:
    """Each name's number as written, and the powers put in whole (``p_1^t`` against ``0.9``: name -> (number,
    exponent tokens)); None where the sides do not align (or the search ran out)."""
    calls = 0
    bound: dict[str, str] = {}
    powers: dict[str, tuple[str, tuple]] = {}

    def put(end: int, name: str, store: dict, value: Any, after: int) -> bool:
        before = store.get(name)
        if before is not None and before != value:
            return False
        store[name] = value
        if go(after, end):
            return True
        if before is None:
            del store[name]
        return False

    def go(i: int, at: int) -> bool:
        nonlocal calls
        calls += 1
        if calls > _MAX_CALLS:
            raise _OutOfBudget
        if i == len(tokens):
            return at == len(right)
        kind, text = tokens[i]
        if kind == "text":
            if right.startswith(text, at) and go(i + 1, at + len(text)):
                return True
        else:
            power = _exponent(tokens, i + 2) if tokens[i + 1 : i + 2] == [("text", "^")] else i
            for end, number in _numbers_at(right, at):
                if put(end, text, bound, number, i + 1):
                    return True
                whole = (number, tuple(tokens[i + 2 : power]))
                if power > i + 2 and text not in bound and put(end, text, powers, whole, power):
                    return True
        # 1 * 5.001e^{-9} for \epsilon g: an explicit product sign the formula did not write
        return right.startswith("*", at) and tokens[i] != ("text", "*") and go(i, at + 1)

    try:
        return (dict(bound), dict(powers)) if go(0, 0) else None
    except (_OutOfBudget, RecursionError):
        return None


class _OutOfBudget(Exception):
    pass


def _value(number: str) -> sp.Expr | None:
    try:
        expr = parse(number, timeout_s=0.5).expr
    except (LatexError, TimeLimitExceeded):
        return None
    return expr if isinstance(expr, sp.Expr) and expr.is_number and expr.is_finite else None


def _agrees(written: str, value: sp.Expr, known: sp.Expr) -> bool:
    """A number put in against the document's value: the value rounded to the digits written (half a unit of the
    last written digit; exactly, for a whole number). 5.1 for 5.001 is another number, 5.00 the same."""
    unit = relative_unit(_mantissa(written))
    a, b = mpmath.mpf(sp.N(value, 30)), mpmath.mpf(sp.N(known, 30))
    if unit is None:
        return abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)
    return abs(a - b) <= unit * abs(a) * 0.5000001


def _shown(value: Any) -> str:
    """A value the document gave, as a short decimal (-2.5e-9, not -1/400000000)."""
    if isinstance(value, sp.Expr) and value.is_number and not value.is_Integer:
        return mpmath.nstr(mpmath.mpf(sp.N(value, 20)), 6)
    return sp.sstr(value)


def _mantissa(written: str) -> str:
    m = re.search(r"\d+(?:\.\d+)?", written)
    return m.group(0) if m else written


def _root(name: str, number: str, exponent: tuple, values: dict, known: Callable) -> sp.Expr | None:
    """The value of the base of a power put in whole (``p_1^t`` against ``0.9``): the number itself where the exponent
    is 1 (t = 1 given), else the base's value given elsewhere (the evaluation then checks the power); None otherwise.
    A power never brings a value of its own: ``\\beta^t`` against 0.9 with t = 2 may be the exponent forgotten."""
    if len(exponent) == 1 and exponent[0][0] == "name":
        other = exponent[0][1]
        stated = values[other][1] if other in values else (known(other) or (None,))[0]
    elif all(k == "text" for k, _ in exponent):
        stated = _value("".join(t for _, t in exponent).strip("{}"))
    else:
        return None
    if stated == 1:
        return _value(number)
    if stated is None:
        return None
    if name in values:
        return values[name][1]
    given = known(name)
    return given[0] if given is not None and isinstance(given[0], sp.Expr) and given[0].is_number else None


def substituted(
    left: Parsed,
    right: Parsed,
    known: Callable[[str], tuple[sp.Expr, str] | None],
) -> tuple[str, Substitution | None, str]:
    r"""Whether ``right`` is ``left`` with numbers put in for its names: ``("ok" | "undecided" | "", substitution,
    reason)``; ``""`` where the step is no substitution (the right side has names, or the sides do not align).

    ``known(name)``: the value the document gave the name before the step and where (a number), or None.
    """
    if not isinstance(left.expr, sp.Expr) or not isinstance(right.expr, sp.Expr) or not right.expr.is_number:
        return "", None, ""
    known = functools.cache(known)  # asked for a name by the powers, the exponents and the agreement alike
    names = {s.name for s in left.expr.free_symbols if isinstance(s, sp.Symbol)}
    left_text, right_text = _plain(left.text, spaces=True), _plain(right.text)
    if not names or len(left_text) > _MAX_TEXT or len(right_text) > _MAX_TEXT:
        return "", None, ""
    tokens = _tokens(left_text, names)
    if {t for k, t in tokens if k == "name"} != names:
        return "", None, ""  # a name the pieces do not show (written inside a command): no reading of the values
    aligned = _align(tokens, right_text)
    if aligned is None:
        return "", None, ""
    written, powers = aligned
    values: dict[str, tuple[str, sp.Expr]] = {}
    for name, number in written.items():
        value = _value(number)
        if value is None:
            return "", None, ""
        values[name] = (number, value)
    exponents: set[str] = set()
    for name, (number, exponent) in powers.items():  # p_1^t against 0.9, t = 1 given: p_1 = 0.9
        base = _root(name, number, exponent, values, known)
        if base is None:
            return "", None, ""
        values.setdefault(name, (number if base == _value(number) else sp.sstr(base), base))
        exponents |= {t for k, t in exponent if k == "name"}
    if set(values) | exponents != names:
        return "", None, ""
    for name in exponents - set(values):  # p_1^t with t = 1 given: t is reported with the values the document gave
        stated = known(name)[0]
        values[name] = (sp.sstr(stated), stated)
    given, disagree = {}, {}
    for name, (number, value) in values.items():
        stated = known(name)
        if stated is None:
            continue
        expr, where = stated
        if not (isinstance(expr, sp.Expr) and expr.is_number):  # a formula, or a value stated and not read (None)
            disagree[name] = (expr, where)
            continue
        given[name] = where
        if not _agrees(number, value, expr):
            disagree[name] = (expr, where)
    found = Substitution(values, given, disagree)
    if disagree:
        said = ", ".join(
            f"{n} = {values[n][0]} where {where} {'gives ' + _shown(v) if v is not None else 'states a value not read here'}"
            for n, (v, where) in disagree.items()
        )
        return "undecided", found, f"the right side puts numbers in for the names, but {said}: not judged (a name reused?)"
    symbols = {s for s in left.expr.free_symbols if s.name in values}
    at = {s: values[s.name][1] for s in symbols}
    try:
        with mpmath.workdps(30):
            a = sp.N(left.expr.xreplace(at), 30)
            b = sp.N(right.expr, 30)
            if not (a.is_number and b.is_number and a.is_finite and b.is_finite):
                return "", None, ""
            a, b = complex(a), complex(b)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return "", None, ""
    if abs(a - b) > _RTOL * max(abs(a), abs(b)) + 1e-300:
        return "", None, ""  # the alignment was no substitution: nothing said
    reason = f"the right side is the left with numbers put in for its names: {found.describe()}"
    return "ok", found, f"{reason} (both sides evaluated at 30 digits, relative {_RTOL:g})"
