"""Run derivax and latex2sympy2_extended (the reader behind Math-Verify) over the same LaTeX.

Both readings are evaluated at the same random rational point, symbols matched by name once both
spellings are reduced to derivax's identifiers (``lambda_{\\text{max}}`` is ``lambda_max``). A
disagreement is an input where one reading is a number and the other is not, or the values differ.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterable
from pathlib import Path

import sympy as sp

from derivax.documents import steps
from derivax.latex import LatexError, parse
from derivax.limits import TimeLimitExceeded, time_limit

__all__ = ["disagreements", "seed_inputs"]


@functools.cache
def _key(name: str) -> str:
    """A symbol name of either reader as derivax's identifier (reading it with derivax's own grammar)."""
    for candidate in (name, "\\" + name):
        try:
            expr = parse(candidate, timeout_s=1).expr
        except LatexError:
            continue
        if isinstance(expr, sp.Symbol):
            return expr.name
    return re.sub(r"[\\{}\s]", "", name)


_SLOW = object()  # a reading whose value took over the limit: not compared (the readings are not judged by it)


def _value(expr: sp.Expr, point: dict[str, sp.Rational]) -> complex | object | None:
    try:
        # 10 s of CPU: SymPy spent 136 s on doit() of \sum_{i=0}^{n} \frac{1}{i} - n at a fractional n (it was one test)
        with time_limit(10.0):
            done = expr.doit()
            subs = {s: point[_key(s.name)] for s in done.free_symbols if isinstance(s, sp.Symbol)}
            value = done.subs(subs).evalf(30)
        return complex(value) if value.is_number else None
    except TimeLimitExceeded:
        return _SLOW
    except Exception:  # a reading that cannot be evaluated (undefined functions, indexed entries)
        return None


def seed_inputs(seeds: Path) -> list[str]:
    """Both sides of every step ``derivax steps`` finds in the seeds (equation tags already stripped)."""
    found = []
    for path in sorted(seeds.glob("0*.txt")):
        for step in steps(path.read_text(encoding="utf-8")):
            found += [step.left.latex, step.right.latex]
    return [side for side in dict.fromkeys(found) if not any(op in side for op in ("\\Rightarrow", "\\implies"))]


def disagreements(inputs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``{latex: (derivax's reading, the peer's reading)}`` for every input the two read differently."""
    from latex2sympy2_extended import latex2sympy

    out: dict[str, tuple[str, str]] = {}
    for latex in inputs:
        try:
            ours = parse(latex).expr
        except LatexError:
            continue
        try:
            theirs = latex2sympy(latex)
        except Exception:  # the peer refuses it: not a disagreement about a reading
            continue
        if not isinstance(ours, sp.Expr) or not isinstance(theirs, sp.Expr):
            continue
        rng = random.Random(0)
        point: dict[str, sp.Rational] = {}
        for s in sorted(ours.free_symbols | theirs.free_symbols, key=str):
            if isinstance(s, sp.Symbol):
                point.setdefault(_key(s.name), sp.Rational(rng.randint(11, 97), 37))
        a, b = _value(ours, point), _value(theirs, point)
        if _SLOW in (a, b) or (a is None and b is None):
            continue
        if a is None or b is None or abs(a - b) > 1e-12 * max(1.0, abs(a)):
            out[latex] = (sp.sstr(ours), sp.sstr(theirs))
    return out


if __name__ == "__main__":  # print the current disagreements, to review and list them
    from tests.conftest import SEEDS
    from tests.readings_table import READINGS

    for latex, (ours, theirs) in disagreements([entry for entry, _ in READINGS] + seed_inputs(SEEDS)).items():
        print(f"{latex!r}: derivax {ours} | peer {theirs}")
