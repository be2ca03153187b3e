"""Session 21's defects (found by this session's probes and its reading of the seeds): each with a right case and a wrong twin."""

from __future__ import annotations

import pytest

from derivax.assignment import assignment_from_text
from derivax.steps import check_document


def _steps(document: str, context: str | None = None) -> list[tuple[str, str, str, str]]:
    """(kind, 'left relation right', status, message) of every step, in order."""
    assignment = assignment_from_text(context, "ctx.yaml") if context else None
    found = check_document(document, assignment=assignment)
    return [(r.kind, f"{r.left} {r.relation} {r.right}", r.status, r.message) for r in found]


def _implications(document: str) -> dict[str, tuple[str, str]]:
    return {text: (status, message) for kind, text, status, message in _steps(document) if kind == "implies"}


# --- a premise of alternatives: A \text{ or } B \Rightarrow C ----------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "premise", "expected"),
    [
        # only the last alternative was the premise: x = 3 => x^2 = 9 holds, so the false step was ok
        (r"x = 2 \text{ or } x = 3 \Rightarrow x^2 = 9", r"x = 2 \vee x = 3", "wrong"),
        (r"x = 3 \text{ or } x = -3 \Rightarrow x^2 = 9", r"x = 3 \vee x = -3", "ok"),
        (r"x = 2 \vee x = 3 \Rightarrow x^2 = 9", r"x = 2 \vee x = 3", "wrong"),  # \vee split two unparsed chains
        (r"x > 2 \lor x < -2 \Rightarrow x^2 > 4", r"x > 2 \vee x < -2", "ok"),
        (r"x > 2 \text{ or } x < -1 \Rightarrow x^2 > 4", r"x > 2 \vee x < -1", "wrong"),
    ],
)
def test_a_premise_of_alternatives_is_all_of_them(display, premise, expected):
    steps = _steps(f"Solve.\n\n$${display}$$\n")
    implied = [(text, status, message) for kind, text, status, message in steps if kind == "implies"]
    assert len(implied) == 1, steps
    text, status, message = implied[0]
    assert text.startswith(f"{premise} =>"), text
    assert status == expected, message
    # the alternatives are relations of the implication, never definitions (x = 2 was learnt as x's definition)
    assert all(status == "given" and "definition" not in message for kind, _, status, message in steps if kind == "chain"), steps


@pytest.mark.parametrize(
    ("display", "second", "expected"),
    [
        # the conclusion B or C of the first arrow is the premise of the second (it was C alone: x = -3 => x = -3 ok)
        (r"x^2 = 9 \Rightarrow x = 3 \text{ or } x = -3 \Rightarrow x = -3", r"x = 3 \vee x = -3 => x = -3", "wrong"),
        (r"x^2 = 9 \Rightarrow x = 3 \text{ or } x = -3 \Rightarrow |x| = 3", r"x = 3 \vee x = -3 => |x| = 3", "ok"),
    ],
)
def test_alternatives_concluded_are_the_premise_of_the_next_arrow(display, second, expected):
    found = _implications(f"Solve.\n\n$${display}$$\n")
    assert found[second][0] == expected, found
    # and the first arrow's conclusion is B or C only: the next arrow's conclusion was added to it as a third alternative
    first = [text for text in found if text.startswith("x^2 = 9 =>")]
    assert first == [r"x^2 = 9 => x = 3 \vee x = -3"], found


def test_a_wrong_alternative_concluded_is_flagged_and_not_hidden_by_the_next_arrow():
    found = _implications("Solve.\n\n$$x^2 = 9 \\Rightarrow x = 3 \\text{ or } x = 4 \\Rightarrow |x| = 3$$\n")
    # x^2 = 9 => x = 3 or x = 4 or |x| = 3 held: the third alternative, the next arrow's conclusion, covered x = -3
    assert found[r"x^2 = 9 => x = 3 \vee x = 4"][0] == "wrong", found


# --- a restatement with matrices is checked by its rewrite, as with numbers -----------------------------------------


@pytest.mark.parametrize(("factor", "expected"), [(r"(I - \eta I)", "ok"), (r"(I + \eta I)", "wrong")])
def test_a_restatement_with_matrices_is_given_and_its_rewrite_judged(factor, expected):
    document = (
        "Newton's step:\n\n"
        "$$w_{\\text{new}} = w_{\\text{old}} - \\eta I w_{\\text{old}}$$\n\n"
        f"$$w_{{\\text{{new}}}} = {factor} w_{{\\text{{old}}}}$$\n"
    )
    steps = _steps(document, "assignment: probe\nsymbols:\n  'I': {kind: matrix, properties: [identity]}\n")
    rewrite = [(status, message) for kind, _, status, message in steps if kind == "rewrite"]
    restated = [(status, message) for kind, text, status, message in steps if kind == "chain" and factor in text]
    assert [s for s, _ in rewrite] == [expected], steps
    assert restated and restated[0][0] == "given" and "restates" in restated[0][1], steps


# --- Euler's e with a parenthesised power ------------------------------------------------------------------------------

from derivax.judge import check_statement  # noqa: E402
from derivax.latex import parse  # noqa: E402


def _verdict(text: str, *assume: str) -> tuple[str, str]:
    judged = check_statement(parse(text), [parse(a) for a in assume])
    return judged.verdict.name, f"{judged.method}: {judged.reason}"


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # e^{(u+t)} was the name e__uplust: the right ones refuted at e__uplust = 0
        (r"e^{(u+t)} = e^u e^t", "PROVED"),
        (r"e^{(2)} = e^2", "PROVED"),
        (r"\tanh(a+b) = \frac{e^{(a+b)} - e^{-(a+b)}}{e^{(a+b)} + e^{-(a+b)}}", "PROVED"),
        (r"e^{(u+t)} = e^u", "REFUTED"),
        (r"e^{(2)} = e^3", "REFUTED"),
    ],
)
def test_e_to_a_parenthesised_number_or_sum_is_the_exponential(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


def test_e_with_a_lone_index_stays_a_label():
    assert str(parse(r"e^{(i)}").expr) == "e__i"


# --- a bare argument ends at the parenthesis around its function ---------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # (\ln x) y was ln(x y): the right one refuted, the wrong one proved
        (r"(\ln x) y = y \ln x", "PROVED"),
        (r"(\ln x) y = \ln(xy)", "REFUTED"),
        (r"\left(\sin x\right) y = y\sin x", "PROVED"),
        (r"\left(\sin x\right) y = \sin(xy)", "REFUTED"),
        (r"(\cos\theta) r = r\cos\theta", "PROVED"),
        (r"(\log_{10} b) v = v \log_{10} b", "PROVED"),
        (r"\sum_{i=1}^{3}(\ln x_i) y_i = \sum_{i=1}^{3} y_i \ln x_i", "PROVED"),
        (r"\sum_{i=1}^{3}(\ln x_i) y_i = \sum_{i=1}^{3} \ln (x_i y_i)", "REFUTED"),
    ],
)
def test_a_bare_argument_stops_at_the_closing_parenthesis(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


# --- ^T on a capital Greek letter is a transpose --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (r"\Sigma^T \Sigma^T = (\Sigma^T)^2", "PROVED"),  # was Sigma^T Sigma**T: refuted at T = 4
        (r"(\Lambda^T A)^T = A^T \Lambda", "PROVED"),
        (r"(\Lambda^T A)^T = \Lambda A^T", "UNDECIDED"),  # false for matrices, true for numbers: never proved
    ],
)
def test_a_capital_greek_letter_transposed(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


def test_a_lowercase_greek_letter_to_the_t_stays_a_power():
    assert str(parse(r"\beta^T").expr) == "beta**T"


# --- a bound's decimals never loosen the statement's tolerance -------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "assume"),
    [
        # both were confirmed "within the digits written" (rtol 0.008 and 6.4e-05): the bound's digits counted
        (r"\tanh x = 2\sigma(2x) - 1 + 10^{-7}", r"x > 12.5"),
        (r"\arcsin(\sin x) = x", r"|x| \le 1.5708"),
    ],
)
def test_a_decimal_bound_does_not_loosen_the_equation(statement, assume):
    verdict, summary = _verdict(statement, assume)
    assert verdict == "REFUTED", summary


@pytest.mark.parametrize(("statement", "expected"), [(r"x^2 = 2.25", "CONFIRMED"), (r"x^2 = 2.5", "REFUTED")])
def test_a_value_assumed_still_counts_its_digits(statement, expected):
    verdict, summary = _verdict(statement, r"x = 1.5")
    assert verdict == expected, summary


# --- an implication's conclusion boundary past SymPy's default precision -------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # atanh(1 - 10^{-30}) is oo at SymPy's default precision: proved (or confirmed), false at x = 34.5
        (r"\tanh x < 1 - 10^{-30} \Rightarrow x < 34", ("REFUTED",)),
        (r"\tanh x < 1 - 10^{-20} \Rightarrow x < 20", ("REFUTED",)),
        (r"\tanh x < 1 - 10^{-30} \Rightarrow x < 35", ("PROVED", "CONFIRMED")),  # the end is 34.885
        (r"x^2 < 1 \Rightarrow x < 0.9999999", ("REFUTED",)),
        (r"x^2 < 1 \Rightarrow x < 1.0000001", ("PROVED", "CONFIRMED")),
    ],
)
def test_points_just_past_the_conclusions_ends_are_tried(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict in expected, summary
