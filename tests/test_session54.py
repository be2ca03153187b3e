r"""Session 54: false verdicts found by this session's own review of what was left and by its probes (helpers 156-159),
each with a twin. The full list, with what is left, is in tests/FINDINGS.md "Session 54".

- A display whose implication groups its alternatives in parentheses (``x^2 = 4 \Rightarrow (x = 2 \vee x = 3) \wedge
  y = 1``) is read whole: the conclusion was cut to its last relation.
- Roots of cubics and quartics that no radical writes (x^3 - 3x + 1) are exact landmarks (CRootOf).
- A document that defines \delta_{jk} as its own quantity has no Kronecker delta.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from derivax.judge import checked_within
from derivax.latex import parse
from derivax.steps import check_document

ROOT = Path(__file__).resolve().parents[1]


def _by_line(text: str) -> dict[int, str]:
    return {r.line: r.status for r in check_document(text, timeout_s=5.0, seed=0) if r.status != "given"}


def _check(relation: str) -> str:
    return checked_within(parse(relation), [], timeout_s=10.0, seed=0).verdict.value


@pytest.mark.parametrize(
    ("display", "status"),
    [
        (r"x^2 = 4 \wedge y = 1 \Rightarrow y = 1 \wedge (x = 2 \vee x = 3)", "wrong"),  # was ok: cut to y = 1
        (r"x^2 = 4 \wedge y = 1 \Rightarrow y = 1 \wedge (x = 2 \vee x = -2)", "ok"),
        (r"x^2 = 4 \wedge y = 1 \Rightarrow (x = 2 \vee x = 3) \wedge y = 1", "wrong"),
        (r"x^2 = 4 \Rightarrow (x = 2 \vee x = 3)", "wrong"),  # was no step at all
        (r"x^2 = 4 \Rightarrow \left(x = 2 \text{ or } x = -2\right)", "ok"),
        (r"x + y = 3, \quad x - y = 1 \Rightarrow x = 2 \wedge (y = 1 \vee y = 5)", "ok"),
        (r"x + y = 3, \quad x - y = 1 \Rightarrow x = 2 \wedge (y = 3 \vee y = 5)", "wrong"),
        (r"y = 1 \wedge (x = 2 \vee x = -2) \Leftarrow x^2 = 4 \wedge y = 1", "ok"),
        (r"(x^2 = 4 \wedge y = 1) \Rightarrow y = 1", "ok"),
    ],
)
def test_an_implication_with_grouped_alternatives_is_read_whole(display, status):
    assert _by_line(f"# P\n\n$${display}$$\n") == {3: status}


def test_parentheses_without_alternatives_keep_the_row_reading():
    # (x - 1)^2 and a case in parentheses are no logical group: the row is read as before
    found = _by_line("# P\n\n$$f(x) = (x-1)^2 \\Rightarrow f(x) = x^2 - 2x + 1$$\n")
    assert found.get(3) != "wrong"


@pytest.mark.parametrize(
    ("relation", "status"),
    [
        (r"\operatorname{sign}(x^3-3x+1)^2 = 1", "refuted"),  # fails at the three roots alone: was confirmed
        (r"\mathbb{1}[x^3 - 3x + 1 = 0] = 0", "refuted"),
        (r"\operatorname{sign}(x^3-3x+1)^2 \le 1", "proved"),  # twin
        (r"\operatorname{sign}(x^2+1)^2 = 1", "proved"),
    ],
)
def test_roots_no_radical_writes_are_exact_landmarks(relation, status):
    assert _check(relation) == status


def test_a_root_no_radical_writes_is_shown_by_its_polynomial_and_digits():
    ce = checked_within(parse(r"\operatorname{sign}(x^3-3x+1)^2 = 1"), [], timeout_s=10.0, seed=0).counterexample
    shown = ce.coordinates()["x"]
    assert "root" in shown and "x^{3} - 3 x + 1" in shown and re.search(r"-1\.8793852", shown), shown


def test_a_document_defining_its_own_delta_jk_has_no_kronecker_delta():
    chain = "$$g = a_j(\\delta_{jj} - a_j) = a_j - a_j^2$$\n"
    own = "# P\n\nLet $\\delta_{jk} = a_j - y_k$.\n\n" + chain
    assert _by_line(own).get(5) != "ok"  # delta_jj = a_j - y_j there, not 1
    kronecker = "# P\n\nLet $\\delta_j^L$ be the error, and $\\delta_{jk} = 1$ if $j = k$.\n\n"
    assert _by_line(kronecker + chain) == {5: "ok"}  # twins: Kronecker's delta stated, a backprop error delta_j beside it
    assert _by_line(kronecker + chain.replace("= a_j - a_j^2", "= 2a_j - a_j^2")) == {5: "wrong"}
    cases = "# P\n\n$$\\delta_{jk} = \\begin{cases} 1 & j = k \\\\ 0 & j \\ne k \\end{cases}$$\n\n"
    assert _by_line(cases + chain.replace("= a_j - a_j^2", "= 2a_j - a_j^2")).get(5) == "wrong"


def test_no_source_file_holds_an_invalid_escape():
    # "\R" and "\v" in a plain docstring: the first a warning (an error in a later Python), the second a control character
    found = []
    for p in sorted([*(ROOT / "checks").glob("*.py"), *(ROOT / "tests").glob("*.py")]):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(p.read_text(encoding="utf-8"), str(p), "exec")
            except (SyntaxError, SyntaxWarning, DeprecationWarning) as error:
                found.append(f"{p.name}: {error}")
    assert found == []


@pytest.mark.parametrize(("solution", "status"), [("-\\frac{b}{2a}", "ok"), ("-\\frac{b}{a}", "wrong")])
def test_a_chain_set_to_zero_is_the_premise_of_the_result_drawn_from_it(solution, status):
    # "f'(w) = 2aw + b = 0, hence w = ...": the chain's last link is the premise (the step was not judged)
    text = f"# R\n\nAssume $a > 0$. We set the derivative to zero:\n\n$$f'(w) = 2aw + b = 0$$\n\nhence\n\n$$w = {solution}$$\n"
    assert _implied(text) == [("f'(w) = 2aw + b \\wedge 2aw + b = 0", status)]


def test_a_chain_set_to_a_number_is_a_premise_with_every_link():
    implied = _implied("# R\n\n$$x = |x| = 3$$\n\nhence\n\n$$x = 3$$\n")
    assert implied == [("x = |x| \\wedge |x| = 3", "ok")]  # the last link alone fails at x = -3
    assert _implied("# R\n\n$$x = |x| = 3$$\n\nhence\n\n$$x = -3$$\n")[0][1] == "wrong"  # twin
    assert "wrong" not in {s for _, s in _implied("# R\n\n$$w_1 = w_0 - \\eta g = 3$$\n\nhence\n\n$$w_2 = 5$$\n")}


def _implied(text: str) -> list[tuple[str, str]]:
    return [(r.left, r.status) for r in check_document(text, timeout_s=5.0, seed=0) if r.relation == "=>"]
