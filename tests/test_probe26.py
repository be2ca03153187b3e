"""Session 26: findings of fresh probes and the defects left in session 25, each fix with a right case and a wrong twin.

See tests/FINDINGS.md, "Session 26".
"""

from __future__ import annotations

import pytest

from derivax.judge import check_statement
from derivax.latex import LatexError, parse
from derivax.steps import check_document


def _verdict(text: str) -> str:
    return check_statement(parse(text)).verdict.name


def _statuses(document: str) -> dict[str, str]:
    return {f"{r.left} {r.relation} {r.right}": r.status for r in check_document(document)}


# --- premises (and conclusions) listed with commas around an arrow are one conjunction --------------------------------


@pytest.mark.parametrize(
    "relation",
    [
        r"x > 0, x < 1 \Rightarrow x^2 < x",
        r"x, y > 0 \Rightarrow xy > 0",
        r"a, b > 0 \implies a + b > 0",
        r"a > 0, \eta a < 2 \Rightarrow \eta < 2/a",
        r"x \in (0, 1], y > 0 \Rightarrow xy > 0",
        r"x > 0 \Rightarrow x^2 > 0, x^3 > 0",
    ],
)
def test_relations_listed_with_commas_around_an_arrow_are_their_conjunction(relation):
    assert _verdict(relation) in ("PROVED", "CONFIRMED")


@pytest.mark.parametrize(
    "relation",
    [
        r"x > 0, x < 1 \Rightarrow x^2 > x",
        r"x, y > 0 \Rightarrow xy < 0",
        r"x > 0 \Rightarrow x^2 > 0, x^3 < 0",
        r"x > -1, x < 1 \Rightarrow x^2 < x",
    ],
)
def test_a_wrong_conclusion_from_listed_premises_is_refuted(relation):
    assert _verdict(relation) == "REFUTED"


def test_the_listed_premises_are_read_as_a_conjunction():
    assert str(parse(r"x > 0, x < 1 \Rightarrow x^2 < x").expr) == "Implies((x > 0) & (x < 1), x**2 < x)"
    assert str(parse(r"x, y > 0 \Rightarrow xy > 0").expr) == "Implies((x > 0) & (y > 0), x*y > 0)"


@pytest.mark.parametrize("relation", [r"x^2 = 1 \Rightarrow x = 1, -1", r"x > 0, 2 \Rightarrow x > 0", r"f(x), x > 0 \Rightarrow x > 0"])
def test_a_comma_that_does_not_list_relations_is_still_refused(relation):
    with pytest.raises(LatexError):
        parse(relation)


# --- a relation spelled \mathrel{=}, or with a note over it, is the relation --------------------------------------------


@pytest.mark.parametrize(("relation", "verdict"), [
    (r"(x+1)^2 \mathrel{=} x^2 + 2x + 1", "PROVED"),
    (r"(x+1)^2 \mathrel{=} x^2 + 2x + 2", "REFUTED"),
    (r"x \overset{(a)}{\le} x + 1", "PROVED"),
    (r"x + 1 \stackrel{\text{def}}{\le} x", "REFUTED"),
])
def test_a_relation_spelled_as_one_is_checked_as_the_relation(relation, verdict):
    assert _verdict(relation) == verdict


def test_align_rows_spelled_with_mathrel_are_steps_and_a_slip_is_flagged():
    document = "\\begin{align*}\nf(x) &= (x+1)^2 \\\\\n &\\mathrel{=} x^2 + 2x + 1 \\\\\n &\\mathrel{=} x^2 + 2x + 2\n\\end{align*}\n"
    statuses = _statuses(document)
    assert statuses["(x+1)^2 = x^2 + 2x + 1"] == "ok"
    assert statuses["x^2 + 2x + 1 = x^2 + 2x + 2"] == "wrong"
