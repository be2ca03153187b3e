"""Regression rows for false verdicts the deciders gave (issue 14's table): each is now the true one.

- ``\\min(x, 20) = x`` was ``confirmed``: the sampling box never passed 20. One point in six is now
  drawn far from the origin (magnitudes up to 1e6), so the failure at large x is found.
- ``\\ln(xy) = \\ln x + \\ln y`` under x < 0, y < 0 was ``proved``: log rules were applied with
  ``force=True`` whatever the assumptions. They now apply only where the assumptions justify them.
"""

from __future__ import annotations

import pytest

from derivax.judge import check_statement
from derivax.latex import parse

ROWS = [
    # (statement, assumptions, verdicts allowed)
    (r"\min(x, 20) = x", [], {"refuted"}),
    (r"\max(x, -20) = x", [], {"refuted"}),
    (r"\min(x, 20) = x", [r"x \le 20"], {"proved", "confirmed"}),
    (r"\ln(xy) = \ln x + \ln y", [r"x < 0", r"y < 0"], {"undecided", "refuted"}),
    (r"\ln(xy) = \ln x + \ln y", [r"x > 0", r"y > 0"], {"proved", "confirmed"}),
    (r"\ln(x^2) = 2\ln x", [r"x < 0"], {"undecided", "refuted"}),
    (r"\ln(x^2) = 2\ln x", [r"x > 0"], {"proved", "confirmed"}),
    # delta written for a partial derivative: the quotient is not C/a, so this step is not proved
    (r"\frac{\delta C}{\delta a} = \frac{C}{a}", [], {"undecided"}),
]


@pytest.mark.parametrize(("statement", "assume", "allowed"), ROWS, ids=[f"{r[0]} | {', '.join(r[1])}" for r in ROWS])
def test_the_true_verdict(statement, assume, allowed):
    judgement = check_statement(parse(statement), [parse(a) for a in assume], timeout_s=10)
    assert judgement.verdict.value in allowed, judgement.describe()
    if judgement.verdict.value == "refuted":
        assert judgement.counterexample is not None


def test_an_unparsed_step_reports_the_readers_message_not_an_internal_error():
    from derivax.steps import check_document

    results = check_document("$$ \\begin{cases} 1 \\end{cases} = x = y $$\n")
    unparsed = [r for r in results if r.status == "unparsed"]
    assert unparsed and unparsed[0].message.startswith("a case without its condition")
