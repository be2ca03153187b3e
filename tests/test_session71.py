"""Session 71: prose that turns to the next thing ("Now, let's look at ...") states no condition."""

from __future__ import annotations

import pytest

from tests.judged import steps_of


def _unrolled(prose: str, term: str) -> list[str]:
    document = (
        "# P\n\nThe average is\n\n$$v_t = \\beta v_{t-1} + (1-\\beta) g_t$$\n\nwith $v_0 = 0$.\n\n"
        f"{prose}\n\n$$\\hat v_t = \\frac{{v_t}}{{1-\\beta^t}}"
        f" = \\frac{{\\sum_{{i=0}}^{{t-1}} \\beta^i (1-\\beta) {term}}}{{1-\\beta^t}}$$\n"
    )
    return [s[1] for s in steps_of(document) if s[1] != "given"]


@pytest.mark.parametrize(
    "prose", ["Now, let's look at the corrected average $\\hat v_t$ of $v_t$:", "Let us simplify $\\hat v_t$, the corrected $v_t$:"]
)
def test_lets_look_at_is_no_condition(prose):
    # seed 003:217-219: a repeated off-by-one index of the unrolled sum stayed undecided behind "let's look at"
    assert _unrolled(prose, "g_{t-i}") == ["ok"]
    assert _unrolled(prose, "g_{t-i-1}") == ["wrong"]  # at t = 1 the sum gives (1 - beta) g_0, the recurrence g_1


def test_lets_look_at_a_case_is_still_one():
    # "let's look at $t = 1$" picks a value: the step is not flagged against the text
    assert _unrolled("Now, let's look at $t = 1$ in $v_t$:", "g_{t-i-1}") == ["undecided"]
