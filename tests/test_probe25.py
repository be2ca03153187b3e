"""Session 25: findings of fresh probes (textbook relations, LaTeX documents), each fix with a right case and a wrong twin.

See tests/FINDINGS.md, "Session 25".
"""

from __future__ import annotations

import pytest

from derivax.judge import check_statement
from derivax.latex import parse
from derivax.steps import check_document


def _verdict(text: str) -> str:
    return check_statement(parse(text)).verdict.name


def _statuses(document: str) -> dict[str, str]:
    return {f"{r.left} {r.relation} {r.right}": r.status for r in check_document(document)}


# --- D is a diagonal matrix as often as a dimension: its products keep their order ------------------------------------


@pytest.mark.parametrize("relation", ["AD = DA", r"P D P^{-1} A = A P D P^{-1}"])
def test_a_product_with_d_is_not_taken_to_commute(relation):
    assert _verdict(relation) == "UNDECIDED"


@pytest.mark.parametrize("relation", ["ND = DN", "2D + D = 3D", r"P D P^{-1} P = P D"])
def test_d_still_commutes_with_counts_and_cancels_where_the_order_is_kept(relation):
    assert _verdict(relation) == "PROVED"


# --- assumptions in words about several symbols: "let $a$ and $b$ be positive constants" ------------------------------


@pytest.mark.parametrize(
    "prose",
    [
        "Let $a$ and $b$ be positive constants.",
        "Suppose $a$, $b$ are positive reals.",
        "Let $a, b$ be positive.",
        "For positive $a$ and $b$,",
        "Assume $a$, $b$ and $c$ are all strictly positive.",
    ],
)
def test_a_sign_stated_in_words_for_several_symbols_holds_for_each(prose):
    statuses = _statuses(prose + "\n\n$$ |a| + 2|b| = a + 2b = 2b + a $$\n")
    assert statuses == {"|a| + 2|b| = a + 2b": "ok", "a + 2b = 2b + a": "ok"}


def test_the_wrong_sign_in_words_flags_the_same_step_with_a_point_inside():
    (first, second) = check_document("Suppose $u$, $v$ are negative reals.\n\n$$ |u| + 2|v| = u + 2v = 2v + u $$\n")
    assert (first.status, second.status) == ("wrong", "ok")
    assert "u=-1, v=-1" in first.message and "assuming u < 0, v < 0" in first.message


@pytest.mark.parametrize("prose", ["Let $a + b$ be positive.", "$a$ and $b$ are not positive.", "If $a$ is positive and $b$ is not,"])
def test_words_about_more_than_plain_symbols_state_nothing_for_them(prose):
    statuses = _statuses(prose + "\n\n$$ |a| + 2|b| = a + 2b = 2b + a $$\n")
    assert statuses["|a| + 2|b| = a + 2b"] != "ok"
