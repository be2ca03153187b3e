r"""Session 50: false verdicts found by this session's probes and its own review, each with a twin.

- ``\sqrt{-1} = i`` and ``\sqrt{-4} = 2i`` were refuted at i = 0: true of complex numbers, where i is the imaginary
  unit. A constant side without a real value beside a side that names i or j is undecided now (derivax works over
  the reals); beside any other side it is still refuted (``\sqrt{-1} = 2``: no number, real or complex).
- ``\sum_{i=1}^3 i^2 + i = 15 + i`` "could not be valued in time": the free i's value went into the sum's index too
  (``xreplace`` knows no binding). Bound variables that clash with a point's names are renamed first
  (``realeval._bound_apart``); both readings of the sum's body now have values, and the false one is refuted.
"""

from __future__ import annotations

import pytest

from derivax.latex import parse


def _verdict(statement: str, *assumed: str):
    from derivax.judge import check_statement

    return check_statement(parse(statement), [parse(a) for a in assumed], timeout_s=10)


@pytest.mark.parametrize("text", [r"\sqrt{-1} = i", r"\sqrt{-4} = 2i", r"i = \sqrt{-1}", r"\sqrt{-9} = 3j"])
def test_a_root_of_a_negative_number_beside_i_is_left_to_the_complex_numbers(text):
    judged = _verdict(text)
    assert judged.verdict.name == "UNDECIDED"
    assert "imaginary unit" in judged.reason


@pytest.mark.parametrize("text", [r"\sqrt{-1} = 2", r"\ln(-1) = x", r"\frac{1}{0} = 2"])
def test_a_side_without_a_real_value_beside_another_is_still_refuted(text):
    assert _verdict(text).verdict.name == "REFUTED"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (r"\sum_{i=1}^3 i^2 + i = 15 + i", "REFUTED"),  # false in both readings (14 + i; 20 against 15 + i)
        (r"\sum_{i=1}^3 i^2 + i = 21", "REFUTED"),
        (r"i + \sum_{i=1}^3 i^2 = 14 + i", "PROVED"),  # the twin: the sum ends before + i
        (r"\sum_{i=1}^3 i^2 + i = 20", "UNDECIDED"),  # the readings disagree (as written i + 14; or the sum of i^2 + i)
    ],
)
def test_a_free_name_that_is_also_a_sums_index_is_valued_apart(text, verdict):
    assert _verdict(text).verdict.name == verdict


def test_bound_apart_renames_only_the_clashing_bound_variable():
    import sympy as sp

    from derivax.realeval import _bound_apart

    i, j, n = sp.symbols("i j n")
    # SymPy's first limit is the innermost: j runs to the free i, the inner i to n
    expr = i + sp.Sum(i**2 * j, (i, 1, n), (j, 1, i))
    apart = _bound_apart(expr, {i})
    assert i in apart.free_symbols and j not in apart.free_symbols  # the free i stays free
    assert apart.xreplace({i: 2, n: 3}).doit() == 2 + sum(k**2 * m for m in range(1, 3) for k in range(1, 4))
    inner_first = sp.Sum(i * j, (j, 1, i), (i, 1, n))  # j's end is the outer, bound i: renamed with it
    assert apart_value(_bound_apart(i + inner_first, {i}), {i: 5, n: 3}) == 5 + sum(k * m for k in range(1, 4) for m in range(1, k + 1))


def apart_value(expr, values):
    return expr.xreplace(values).doit()
