"""Session 24: findings of fresh derivations written beside the seeds, each fix with a right case and a wrong twin.

See tests/FINDINGS.md, "Session 24".
"""

from __future__ import annotations

import pytest

from derivax.steps import check_document


def _statuses(document: str) -> dict[str, str]:
    return {f"{r.left} {r.relation} {r.right}": r.status for r in check_document(document)}


# --- a part's letter alone on its line ends the part: what part (a) set is not used in part (b) ---------------------


@pytest.mark.parametrize("marker", [r" $\mathbf{b}$ ", "b", "**b**", r"$\textbf{b}$"])
def test_a_bold_letter_alone_on_its_line_starts_a_part(marker):
    document = (
        f"1) Problem 1\n\n $\\mathbf{{a}}$ \n\nLet $u = 3$. Then\n\n$$u^2 + 1 = 10$$\n\n{marker}\n\nIn general,\n\n$$u^2 + 1 = 10$$\n"
    )
    results = check_document(document)
    assert [(r.line, r.status) for r in results] == [(7, "ok"), (13, "undecided")]  # line 13: u is no longer 3


def test_a_value_set_before_a_part_marker_is_still_used_inside_the_same_part():
    # the twin: the same lines without a marker between them use u = 3 (a lone slip is named, not flagged: it may be
    # an equation being solved)
    document = "1) Problem 1\n\nLet $u = 3$. Then\n\n$$u^2 + 1 = 10$$\n\nand\n\n$$u^2 + 2 = 12$$\n"
    first, second = check_document(document)
    assert (first.status, second.status) == ("ok", "undecided")
    assert "is 11, not 12" in second.message


def test_a_variable_alone_on_its_line_is_no_part_marker():
    document = "1) Problem 1\n\nLet $u = 3$, the output\n\n$b$\n\nis then\n\n$$u^2 + 2 = 12$$\n"
    (result,) = check_document(document)
    assert "is 11, not 12" in result.message
