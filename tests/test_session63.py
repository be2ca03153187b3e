"""Session 63: each fix with its twin (hard-wrapped prose; probe helpers 204-205)."""

from __future__ import annotations

import re

import pytest

from tests.judged import steps_of

# --- a sentence wrapped over lines is read as one (the withdrawn R1 of session 62, done on the prose alone) ----------

ASSUMED = r"""# Problem 1

For the rest of this problem we assume $0 < \eta < 1$ as the lecture did, and we simplify the update factor.
$$|1-\eta| + \eta = RIGHT$$
"""
DEFINED = r"""# Problem 2

The derivative of the log-normaliser follows, where $s = e^{a} + e^{b}$ is the sum of the two exponentials.
$$\frac{\partial}{\partial a} \ln s = \frac{1}{s} \frac{\partial s}{\partial a} = RIGHT$$
"""


def _wrapped(document: str, at: int) -> str:
    """The document with its prose line (the third) broken at its ``at``-th space outside math."""
    lines = document.split("\n")
    prose = lines[2]
    spaces = [m.start() for m in re.finditer(" ", prose) if prose[: m.start()].count("$") % 2 == 0]
    cut = spaces[at % len(spaces)]
    return "\n".join([*lines[:2], prose[:cut], prose[cut + 1 :], *lines[3:]])


def _verdicts(document: str) -> list[tuple[str, str, str]]:
    return [(status, left, right) for _, status, left, right in steps_of(document, messages=False)]


@pytest.mark.parametrize(
    ("document", "right", "expected"),
    [
        (ASSUMED, r"1 - \eta + \eta = 1", ["ok", "ok"]),
        (ASSUMED, r"\eta - 1 + \eta = 2\eta - 1", ["wrong", "ok"]),
        (DEFINED, r"\frac{e^{a}}{e^{a} + e^{b}}", ["ok", "ok"]),
        (DEFINED, r"\frac{e^{b}}{e^{a} + e^{b}}", ["ok", "wrong"]),
    ],
)
def test_a_prose_line_wrapped_anywhere_reads_as_the_line_it_was(document, right, expected):
    whole = document.replace("RIGHT", right)
    verdicts = _verdicts(whole)
    assert [status for status, *_ in verdicts] == expected  # the prose is what decides (see the twin below)
    for at in range(0, 24, 3):
        assert _verdicts(_wrapped(whole, at)) == verdicts, _wrapped(whole, at)


def test_the_prose_is_what_decides_those_verdicts():
    # without the sentence the assumption and the definition are gone: nothing is decided by them
    assumed = ASSUMED.replace("RIGHT", r"1 - \eta + \eta = 1").split("\n")
    assert _verdicts("\n".join(assumed[:2] + assumed[3:]))[0][0] != "ok"  # |1 - eta| = 1 - eta needs eta <= 1
    defined = DEFINED.replace("RIGHT", r"\frac{e^{b}}{e^{a} + e^{b}}").split("\n")
    assert "wrong" not in [status for status, *_ in _verdicts("\n".join(defined[:2] + defined[3:]))]


@pytest.mark.parametrize(
    "between",
    [
        "$$x = 1$$",  # a display between two lines ends the sentence's reach
        "",  # a blank line ends the paragraph
        "# Problem 3",  # so does a heading
        "- a list item with words",
        "\\section*{Problem 3}",
    ],
)
def test_a_wrapped_sentence_does_not_reach_past_a_display_a_paragraph_or_a_heading(between):
    chain = r"$$|1-\eta| + \eta = 1 - \eta + \eta = 1$$"
    joined = f"For the rest of this problem we assume\n$0 < \\eta < 1$ as the lecture did. Then\n{chain}\n"
    assert [status for _, status, *_ in steps_of(joined, messages=False)] == ["ok", "ok"]
    apart = f"For the rest of this problem we assume\n{between}\n$0 < \\eta < 1$ as the lecture did. Then\n{chain}\n"
    assert [status for _, status, *_ in steps_of(apart, messages=False)][-2] != "ok"
