"""Session 47: readings that changed a verdict, each with a wrong twin.

- A number in parentheses at the end of a relation, one space after an operand (``y = x^2 (2)``), is an equation number
  to some writers and a factor to the grammar: either reading makes the other writer's right step wrong. It is refused;
  documents still cut a tag after ``\\quad``, ``~``, a comma or two spaces, where it cannot be a factor.
- ``F^2(1)`` where F is a function (applied in the input, or defined by the document) was F**2, the call dropped.
"""

from __future__ import annotations

import pytest

from tests.conftest import judged_steps, statuses


def _read(text: str):
    from derivax.latex import parse

    return parse(text)


@pytest.mark.parametrize("text", ["y = x^2 (2)", "y = x^2 \\quad (2)", "y = f(x) (1)", "a = \\pi (3)"])
def test_a_number_in_parentheses_after_a_space_at_the_end_is_refused(text):
    from derivax.latex import LatexError

    with pytest.raises(LatexError, match="equation number or a factor"):
        _read(text)


@pytest.mark.parametrize(
    ("text", "reading"),
    [("y = 2(3)", "Eq(y, 6)"), ("y = x \\cdot (2)", "Eq(y, 2*x)"), ("2 (3) = 6", "Eq(6, 6)"), ("y = f(2)", "Eq(y, f(2))")],
)
def test_a_factor_in_parentheses_that_is_no_tag_is_still_read(text, reading):
    assert str(_read(text).expr) == reading


def test_in_a_document_a_quad_tag_is_cut_and_a_one_space_tag_is_not_judged():
    found = statuses(
        judged_steps(
            r"""
            $$y = x \cdot x \quad (1)$$

            $$y = x^2 \quad (2)$$

            $$z = x^2 (3)$$

            $$z = 3x^2$$
            """
        )
    )
    assert found["3: x \\cdot x = x^2"] == "ok"  # the \quad tags cut: x^2, not 2x^2
    assert "unparsed" in found.values()  # z = x^2 (3): 3x^2 or a tag? neither reading is judged
    assert "wrong" not in found.values()


def test_a_wrong_step_beside_quad_tags_is_still_flagged():
    found = statuses(judged_steps(r"""
        $$y = x \cdot x \quad (1)$$

        $$y = 2x^2 \quad (2)$$
        """))
    assert found["3: x \\cdot x = 2x^2"] == "wrong"


def test_a_power_of_a_function_applied_elsewhere_is_refused():
    from derivax.latex import LatexError

    with pytest.raises(LatexError, match="power of a function"):
        _read("F(1) = F^2(1)")
    assert str(_read("A^2(x+y) = A^2 x + A^2 y").expr) == "Eq(A**2*(x + y), A**2*x + A**2*y)"  # A is no function here


def test_a_power_of_a_function_the_document_defines_is_not_judged():
    found = statuses(judged_steps(r"""
        Let $F(x) = 2x + 1$.

        $$F(1) + F^2(1) = 12$$

        $$F(1) + F(1)^2 = 12$$

        $$F(1) + F(1)^2 = 13$$
        """))
    assert found == {"3: F(1) + F^2(1) = 12": "unparsed", "5: F(1) + F(1)^2 = 12": "ok", "7: F(1) + F(1)^2 = 13": "wrong"}


@pytest.mark.parametrize(
    ("key", "answer", "status"),
    [
        # the question restated: the same solution set, and nothing solved (it scored full marks)
        ("x = 3 \\text{ or } x = -2", "x^2 - x - 6 = 0", "undecided"),
        ("\\{3, -2\\}", "(x - 3)(x + 2) = 0", "undecided"),
        ("x = 2", "2x = 4", "undecided"),
        # solved answers, and a key that is itself a relation between symbols (a line), are graded as before
        ("x = 3 \\text{ or } x = -2", "\\{-2, 3\\}", "correct"),
        ("x = 2", "x = \\frac{4}{2}", "correct"),
        ("x = 2", "2 = x", "correct"),
        ("y = 2x + 1", "y - 2x = 1", "correct"),
        # the wrong twins stay wrong
        ("x = 3 \\text{ or } x = -2", "x^2 - x - 5 = 0", "incorrect"),
        ("x = 2", "2x = 5", "incorrect"),
    ],
)
def test_an_equation_still_to_solve_for_a_solved_key_is_left_to_a_person(key, answer, status):
    from tests.test_session46 import _graded

    graded = _graded(key, answer)
    assert graded.status == status, graded.message
    if status == "undecided":
        assert "still to be solved" in graded.message


@pytest.mark.parametrize("text", ["a_{10} = a_{1,0}", "a_{1,0} + a_{10} = 0", "\\lambda_{1,2} = \\lambda_{12}"])
def test_two_digit_indices_joined_and_with_a_comma_in_one_input_are_refused(text):
    """a_{1,0} and a_{10} were one name, and a_{10} = a_{1,0} was proved: the tenth entry, or row 1, column 0?"""
    from derivax.latex import LatexError

    with pytest.raises(LatexError, match="two digits written both joined and with a comma"):
        _read(text)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("w_{12} + w_{1,3} = w_{1,3} + w_{12}", "Eq(w_12 + w_13, w_12 + w_13)"),  # different entries: no clash
        ("w_{1,2} = w_{2,1}", "Eq(w_12, w_21)"),
        ("w_{j,k} = w_{jk}", "Eq(w_jk, w_jk)"),  # letters join as before
    ],
)
def test_indices_written_one_way_are_read_as_before(text, reading):
    assert str(_read(text).expr) == reading


def _verdict(statement: str, *assumed: str):
    from derivax.judge import check_statement
    from derivax.latex import parse

    return check_statement(parse(statement), [parse(a) for a in assumed], timeout_s=10)


@pytest.mark.parametrize(
    ("statement", "assumed"),
    [
        ("\\ln(-x^2-1) < \\ln(-x^2-1) + 1", ()),  # proved "where what is written is defined", which is nowhere
        ("\\sqrt{-x^2-1} \\le \\sqrt{-x^2-1} + 1", ()),
        ("\\ln x < \\ln x + 1", ("x < 0",)),
        ("\\ln(-1) < \\ln(-1) + 1", ()),  # constants outside the reals: proved by the sign of the difference
        ("\\sqrt{-1} = \\sqrt{-1} + 1", ()),  # it crashed (a difference settled, its sides without a real value)
    ],
)
def test_a_relation_between_sides_defined_nowhere_is_undecided(statement, assumed):
    judged = _verdict(statement, *assumed)
    assert judged.verdict.name == "UNDECIDED"
    assert "not real" in judged.reason or "defined nowhere" in judged.reason


@pytest.mark.parametrize(
    ("statement", "assumed", "verdict"),
    [
        ("\\sqrt{x} < \\sqrt{x} + 1", (), "PROVED"),  # defined for x >= 0: proved there, as before
        ("\\ln x < \\ln x + 1", ("x > 0",), "PROVED"),
        ("\\ln x + 1 < \\ln x", ("x > 0",), "REFUTED"),  # the wrong twin
        ("\\ln x + \\ln y = \\ln(xy)", ("x < 0", "y < 0"), "REFUTED"),  # a side not real where the other is: as before
    ],
)
def test_relations_defined_somewhere_keep_their_verdicts(statement, assumed, verdict):
    assert _verdict(statement, *assumed).verdict.name == verdict
