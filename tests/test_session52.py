r"""Session 52: readings added and false verdicts found by this session's probes (helpers 141-144) and its own review,
each with a twin. The full list, with what is left, is in tests/FINDINGS.md "Session 52".

- ``\|x\|^2_2`` (the power before the subscript that names the norm) is ``\|x\|_2^2``; ``\operatorname{erf}\frac{x}{\sqrt2}``
  is erf of the fraction where nothing multiplies after it.
"""

from __future__ import annotations

import pytest

from derivax.evidence import Verdict
from derivax.judge import checked_within
from derivax.latex import LatexError, parse, parse_assumption

HOLDS = (Verdict.PROVED, Verdict.CONFIRMED)


def _verdict(relation: str, assumptions: tuple[str, ...] = ()) -> Verdict:
    return checked_within(parse(relation), [parse_assumption(a) for a in assumptions], timeout_s=10.0, seed=0).verdict


def test_a_norm_whose_power_comes_before_its_subscript_is_that_norm():
    assert parse(r"\|x\|^2_2").expr == parse(r"\|x\|_2^2").expr
    assert parse(r"\|x\|^{2}_{1}").expr == parse(r"\|x\|_1^2").expr
    assert parse(r"\|x\|^2_1").expr != parse(r"\|x\|_2^2").expr  # twin: the 1-norm is not the 2-norm


def test_a_named_function_of_a_fraction_is_read_where_the_fraction_ends_the_factor():
    assert parse(r"\operatorname{erf}\frac{x}{\sqrt2}").expr == parse(r"\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)").expr
    assert _verdict(r"\frac{1}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt2}\right) \ge 0") in HOLDS
    # twin: the Gaussian CDF is not >= 1/2 everywhere
    assert _verdict(r"\frac{1}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt2}\right) \ge \frac{1}{2}") == Verdict.REFUTED


@pytest.mark.parametrize("text", [r"\mathrm{erf}\frac{x}{2} y", r"A^\mathrm{T}\frac{1}{2}"])
def test_a_named_function_of_a_fraction_followed_by_a_factor_stays_refused(text):
    with pytest.raises(LatexError):
        parse(text)
