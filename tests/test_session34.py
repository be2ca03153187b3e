"""Session 34: the findings of probes AA (one question through check, equiv, grade and steps), AB (thin regions)
and AC (hostile input), each with a right case and its wrong twin."""

from __future__ import annotations

import textwrap

import pytest

from derivax.steps import check_document


def _results(document: str) -> dict[tuple[str, str], tuple[str, str]]:
    results = check_document(textwrap.dedent(document), timeout_s=10)
    return {(r.left, r.right): (r.status, r.message) for r in results}


# Probe AA: a chain's decimal was read as a new value of pi for the whole document.


@pytest.mark.parametrize(
    ("text", "defines"),
    [
        ("$$ \\pi = 3.14 = 3.14 $$", False),  # read as pi = 3 (the full stop of 3.14 taken for a sentence's end)
        ("Let $\\pi = 0.3$.", True),  # Bishop's mixture weight
        ("Let $\\pi = 0.3$. Then", True),
        ("where $\\pi = 3.14159$.", False),
        ("where \\pi = 2.", True),
        ("$$\\pi = 0.25, \\mu = 1$$", True),
    ],
)
def test_a_value_of_pi_is_read_whole(text, defines):
    from derivax import documents

    assert documents.defines_pi(text) is defines


def test_a_chain_opening_with_pi_never_gives_pi_a_new_value():
    right = _results("# Q\n\n$$ \\pi = 3.14 = 3.14 $$\n\n$$ \\cos \\pi = -1 = -1 $$\n")
    assert right[("\\cos \\pi", "-1")][0] == "ok"  # flagged wrong before: cos(3) is not -1
    wrong = _results("# Q\n\n$$ \\pi = 3.14 = 3.14 $$\n\n$$ 100\\pi = 314 = 314 $$\n")
    assert wrong[("100\\pi", "314")][0] == "wrong"  # ok before: 100 * 3.14
    identity = _results("$$ \\pi = 3.14 = 3.14 $$\n\n$$ \\sin(\\pi - x) = \\sin x = \\sin x $$\n")
    assert identity[("\\sin(\\pi - x)", "\\sin x")][0] == "ok"  # undecided before: "pi on one side only"


# Probe AC: pairing bare bars searched every way to pair them before any time limit had started.


@pytest.mark.parametrize("hostile", ["|x|" * 30, "|a|b" * 20, "x|y|" * 20, "|x|" * 60])
def test_pairing_bars_takes_polynomial_time(hostile):
    import time

    from derivax import latex

    start = time.process_time()
    latex._paired_bars(hostile)
    latex._paired_bars(hostile, 1)
    assert time.process_time() - start < 5.0  # milliseconds now; minutes before (30 bars of |x|)


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        ("|x||y| = |xy|", "PROVED"),
        ("|x| |y| + |x| = |x|(|y| + 1)", "PROVED"),
        ("|x||y| = |x + y|", "REFUTED"),
        ("|x|y| + 1| = |xy| + 1", "REFUTED"),  # x = -1, y = 1
    ],
)
def test_bars_still_pair_as_written(statement, verdict):
    from derivax.judge import check_statement
    from derivax.latex import parse

    assert check_statement(parse(statement), timeout_s=10).verdict.name == verdict
