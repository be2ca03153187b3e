"""Session 42: the review of session 41's slice (helper-103) and the probes after it. Each with a right step and a
wrong twin, or the false verdict it replaced."""

from __future__ import annotations

import pytest

from tests.conftest import judged_steps, statuses

_judged, _status = judged_steps, statuses


@pytest.mark.parametrize("arrow", [r"\implies", r"\iff"])
def test_an_arrow_on_the_next_row_takes_the_whole_disjunction_as_its_premise(arrow: str):
    """x^2 = 1 => x = 1 or x = -1 \\\\ => x = 1: the second step's premise is the disjunction (read as x = 1 alone, it was
    a false ``ok``)."""
    found = _judged(
        rf"""
        Solve.

        $$
        \begin{{aligned}}
        x^2 = 1 &{arrow} x = 1 \lor x = -1 \\
        &{arrow} x = 1
        \end{{aligned}}
        $$
        """
    )
    verdicts = {key.split(": ", 1)[1]: r for key, r in found.items()}
    relation = "=>" if arrow == r"\implies" else "<=>"
    assert verdicts[f"x^2 = 1 {relation} x = 1 \\vee x = -1"].status == "ok"
    last = verdicts[f"x = 1 \\vee x = -1 {relation} x = 1"]
    assert last.status == "wrong"
    assert "x = -1" in last.message


def test_cases_on_two_rows_of_a_chain_each_hold_for_their_own_row():
    """\\sqrt{x^2} = x for x < 0 \\\\ = x for x > 0: the cases contradict each other, and pooling them made every step
    hold vacuously (``ok`` assuming x < 0, x > 0)."""
    found = _judged(
        r"""
        Compute.

        $$
        \begin{aligned}
        \sqrt{x^2} &= x \qquad \text{for } x < 0 \\
        &= x \qquad \text{for } x > 0
        \end{aligned}
        $$
        """
    )
    for r in found.values():
        assumed = " ".join(r.message.split("assuming", 1)[1:])
        assert not ("x < 0" in assumed and "x > 0" in assumed), r.message
    assert all(r.status != "ok" or "\\sqrt" not in r.left for r in found.values())


def test_a_case_on_one_row_of_a_chain_is_the_chains():
    found = _status(
        _judged(
            r"""
            Compute.

            $$
            \begin{aligned}
            \max(0, x) + x &= 2x \\
            &= 2|x| \qquad \text{for } x > 0
            \end{aligned}
            $$

            $$
            \begin{aligned}
            \max(0, x) + x &= 3x \\
            &= 3|x| \qquad \text{for } x > 0
            \end{aligned}
            $$
            """
        )
    )
    assert found == {"5: \\max(0, x) + x = 2x": "ok", "5: 2x = 2|x|": "ok", "12: \\max(0, x) + x = 3x": "wrong", "12: 3x = 3|x|": "ok"}


def test_e_defined_in_an_aligned_row_is_the_documents_letter():
    """``e &= d + 1`` (an alignment point before the equals sign) defines e; it was read as Euler's number (a false
    ``wrong``: e is 2.71828, not 3), and a comment line between the rows does not change that."""
    for between in ("", "% next \\\\\n"):
        rows = "d &= 2 \\\\\n" + between + "e &= d + 1 = 3 \\\\\nf &= e + 1 = 5\n"
        found = _status(_judged("Let us compute.\n\n$$\n\\begin{aligned}\n" + rows + "\\end{aligned}\n$$\n"))
        assert found.get(f"{7 if between else 6}: d + 1 = 3") == "ok", found
        assert found.get(f"{8 if between else 7}: e + 1 = 5") == "wrong", found


def test_a_font_switch_with_spaces_names_one_word():
    """``n_{\\rm i n}`` is n_in, as ``n_{\\rm in}`` and ``n_\\text{in}`` are (math mode ignores the space)."""
    found = _status(
        _judged(
            r"""
            Let $n_\text{in} = 3$.

            $$ m = 2 n_{\rm i n} = 6 $$

            $$ k = 2 n_{\rm i n} = 7 $$
            """
        )
    )
    assert found == {"3: 2 n_{\\rm i n} = 6": "ok", "5: 2 n_{\\rm i n} = 7": "wrong"}
