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
from tests.judged import plain_verdict_of

ROOT = Path(__file__).resolve().parents[1]


def _by_line(text: str) -> dict[int, str]:
    return {r.line: r.status for r in check_document(text, timeout_s=5.0, seed=0) if r.status != "given"}


_check = plain_verdict_of  # (tests/judged.py)


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
    # 30 s: SymPy's proof of the sign-squared bound is checked where the difference turns, a search of 3 to 4 s of CPU
    # here. That search had a fixed 2 s, so the proof came out "confirmed" at any budget on a slower machine (stop 78's
    # CI); it now gets what the caller left (compare._holds_where_it_turns)
    assert checked_within(parse(relation), [], timeout_s=30.0, seed=0).verdict.value == status


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
    assert _implied(text) == [("f'(w) = 2aw + b = 0", status)]


def test_a_chain_set_to_a_number_is_a_premise_with_every_link():
    implied = _implied("# R\n\n$$x = |x| = 3$$\n\nhence\n\n$$x = 3$$\n")
    assert implied == [("x = |x| = 3", "ok")]  # the last link alone fails at x = -3
    assert _implied("# R\n\n$$x = |x| = 3$$\n\nhence\n\n$$x = -3$$\n")[0][1] == "wrong"  # twin
    assert "wrong" not in {s for _, s in _implied("# R\n\n$$w_1 = w_0 - \\eta g = 3$$\n\nhence\n\n$$w_2 = 5$$\n")}


def _implied(text: str) -> list[tuple[str, str]]:
    return [(r.left, r.status) for r in check_document(text, timeout_s=5.0, seed=0) if r.relation == "=>"]


# --- probe helper-157: characters a converter types, plain-TeX fonts, conditions that do not read ---


@pytest.mark.parametrize(
    ("condition", "status"),
    [
        ("$x ≥ 0$", "ok"),  # was wrong at x = -1: the condition was no condition
        ("$x ≤ 0$", "wrong"),  # twin
        ("$x \\ge\u00a00$", "ok"),  # a no-break space inside
        ("$x &gt; 0$", "ok"),  # an HTML entity
        ("$x &lt; 0$", "wrong"),
        ("$x \\in \\mathbb{R}_{\\ge 0}$", "ok"),
        ("$x \\in \\mathbb{R}_{>0}$", "ok"),
        ("$x \\in \\mathbb{R}_+$", "undecided"),  # nonnegative or positive by convention: not read, so never wrong
        ("$x \\ge 0 \\text{ real}$", "undecided"),  # stated, not read: was wrong "assuming" it
    ],
)
def test_a_stated_condition_in_any_spelling_is_read_or_blocks_a_flag(condition, status):
    text = f"# P\n\nFor {condition}: $$\\sqrt{{x^2}} + 1 = |x| + 1 = x + 1$$\n"
    assert {r.left: r.status for r in check_document(text, timeout_s=5.0, seed=0)}["|x| + 1"] == status


@pytest.mark.parametrize(
    ("relation", "status"),
    [
        ("x² ≥ 0", "proved"),
        ("x² < 0", "refuted"),
        ("∑_{k=1}^{3} k = 6", "proved"),
        ("\\frac{∂}{∂x} x^2 = 2x", "proved"),
        ("x > 2 ⇒ x^2 > 4", "proved"),
        ("x > 2 ⇒ x^2 > 5", "refuted"),
        ("\\frac{{\\rm d}}{{\\rm d}x} x^2 = x", "refuted"),  # was proved: {\rm d} a factor that cancelled
        ("\\frac{{\\rm d}}{{\\rm d}x} x^2 = 2x", "proved"),
        ("\\frac{\\rm d}{{\\rm d}x} \\sin x = \\cos x", "proved"),
        ("{\\rm ReLU}(x) = \\max(0,x)", "proved"),  # was the product R*E*L*U*x, refuted
        ("{\\rm sign}(-3) = -1", "proved"),
        ("\\int_0^1 x \\, {\\rm d}x = \\frac12", "proved"),
        ("n_{\\rm in} = 3 \\Rightarrow n_{in} = 3", "proved"),  # a subscript stays the word
        ("(\\sqrt{x})^2 = |x|", "proved"),
    ],
)
def test_converter_characters_and_plain_tex_fonts_read_as_their_commands(relation, status):
    assert _check(relation) == status


@pytest.mark.parametrize(
    "relation",
    [
        "\\mathbf{a} × \\mathbf{b} = \\mathbf{b} × \\mathbf{a}",  # was proved: × slipped past the vector-product refusal
        "\\sigma^{−1}(0.5) = 0",  # a Unicode minus slipped past the inverse-function refusal (refuted)
        "σ^{-1}(0.5) = 0",
        "\\ln θ^y (1-θ)^{1-y} = y\\ln θ + (1-y)\\ln(1-θ)",  # refuted past the bare-argument refusal
        "x > 0 \\Rightarrow x \\in \\mathbb{R}_+",
    ],
)
def test_the_refusals_see_the_characters_as_their_commands(relation):
    from derivax.latex import LatexError

    with pytest.raises(LatexError):
        parse(relation)


def test_a_document_in_converter_characters_reads_as_in_commands():
    text = "# P\n\nLet $π(a) = a^2$. Then $$π(3) = 9$$\n\n# Q\n\n$$2x + 1 = 5 \\quad ∴ \\quad x = 3$$\n"
    found = {(r.line, r.relation): r.status for r in check_document(text, timeout_s=5.0, seed=0) if r.status != "given"}
    assert found[(3, "=")] == "ok"  # was wrong: pi(3) = 3 pi
    assert found[(7, "=>")] == "wrong"  # ∴ is \therefore: x = 3 was a definition, and later steps ok with it


def test_not_equal_in_a_chain_means_not_the_same_expression():
    found = _by_line("# P\n\n$$(x+1)^2 = x^2 + 2x + 1 \\neq x^2 + 1$$\n")
    assert found == {3: "undecided"}  # was wrong at x = 0, where both are 1
    steps = check_document("# P\n\n$$(x+1)^2 = x^2 + 2x + 1 \\neq 1 + 2x + x^2$$\n", timeout_s=5.0, seed=0)
    assert {r.relation: r.status for r in steps}["!="] == "wrong"  # twin: the same expression


# --- probe helper-159: numbers ---


@pytest.mark.parametrize(
    ("relation", "status"),
    [
        ("2e^{-3} = \\frac{2}{e^3}", "undecided"),  # was refuted: read 0.002 alone
        ("0.5 e^{-2} = \\frac{1}{2} e^{-2}", "undecided"),
        ("1e^{-3} = 0.001", "proved"),  # scientific alone
        ("-1.45e^{-4} + (-9.5e^{-5}) = -2.4e^{-4}", "proved"),  # the seeds' optimizer arithmetic stays decided
        ("10^{-8} - 5.001e^{-9} = -4.999e^{-9}", "refuted"),
        ("e \\approx 3", "undecided"),  # was refuted: a rounding to a whole number
        ("e \\approx 4", "refuted"),
        ("\\sigma(-10) \\approx 0.0000", "confirmed"),  # was refuted for any value but 0
        ("\\sigma(-10) = 0.00", "confirmed"),
        ("\\sigma(-4) \\approx 0.00", "refuted"),  # twin: 0.018 is past one unit
        ("\\tanh(0.1) \\approx 0.1 + 0.1", "refuted"),  # was confirmed with a slack of 300 %
        ("\\sigma(0.1) \\approx 0.5 + 0.1", "undecided"),  # 0.525 against 0.6: one unit of 0.1
        ("\\sigma(0.1) \\approx 0.5 + 0.1/4", "confirmed"),
        ("0.1 \\cdot 0.9^{10} = 0.1 \\cdot 0.3487", "confirmed"),  # was refuted for its exact 0.1
        ("0.1 \\cdot 0.9^{10} = 0.1 \\cdot 0.3587", "refuted"),
        ("e^{100 \\ln 0.99} = e^{-1.005}", "confirmed"),
        ("e^{100 \\ln 0.99} = e^{-1.015}", "refuted"),
    ],
)
def test_numbers_as_written(relation, status):
    assert _check(relation) == status


# --- probes 156, 157: conditions on a display's own line ---


def test_a_condition_on_a_displays_line_is_read_or_blocks_the_verdict():
    words = _by_line("# P\n\nLet $x$ be positive. Then $$|x| + 1 = x + 1 = 1 + x$$\n")
    assert words == {3: "ok"}  # was wrong at x = -1
    after = check_document("# P\n\n$$|x| + 1 = x + 1 = 1 + x$$ for $x \\ge 0$.\n", timeout_s=5.0, seed=0)
    assert {r.left: r.status for r in after}["|x| + 1"] == "undecided"  # was wrong
    switched = "# P\n\nLet $x > 0$. We get $$|x| + 1 = x + 1$$ Now let $x < 0$: $$|x| = x$$\n"
    assert "ok" not in {r.status for r in check_document(switched, timeout_s=5.0, seed=0) if r.left == "|x|"}  # was ok
    twin = "# P\n\nLet $x$ be positive. Then $$|x| + 1 = x + 2$$\n"
    assert _by_line(twin.replace("$$|x| + 1 = x + 2$$", "$$q = |x| + 1 = x + 2$$")) == {3: "wrong"}


@pytest.mark.parametrize("layout", [" ", "\n"])
def test_sigma_called_a_standard_deviation_multiplies_its_bracket(layout):
    text = f"# P\n\nLet $X$ have standard deviation $\\sigma$. Then{layout}$$h = \\sigma(2\\pi)^{{1/2}} = \\sqrt{{2\\pi}}\\,\\sigma$$\n"
    found = {r.left: r.status for r in check_document(text, timeout_s=5.0, seed=0)}
    assert found["\\sigma(2\\pi)^{1/2}"] == "ok"  # was wrong: the logistic function at 2 pi
    twin = text.replace("= \\sqrt{2\\pi}\\,\\sigma", "= \\sqrt{\\pi}\\,\\sigma")
    assert {r.left: r.status for r in check_document(twin, timeout_s=5.0, seed=0)}["\\sigma(2\\pi)^{1/2}"] == "wrong"


def test_an_escaped_dollar_is_no_math_delimiter():
    text = "# P\n\nA GPU hour costs \\$5. For $x \\ge 0$: $$\\sqrt{x^2} + 1 = |x| + 1 = x + 1$$\n"
    assert {r.left: r.status for r in check_document(text, timeout_s=5.0, seed=0)}["|x| + 1"] == "ok"  # was wrong
    twin = text.replace("$x \\ge 0$", "$x \\le 0$")
    assert {r.left: r.status for r in check_document(twin, timeout_s=5.0, seed=0)}["|x| + 1"] == "wrong"


def test_pieces_of_a_definition_side_by_side_define_nothing():
    text = "# P\n\nDefine $$g(x) = x^2 \\quad (x > 0), \\qquad g(x) = -x^2 \\quad (x \\le 0).$$ Then $$g(1) + 2 = 1 + 2 = 3$$\n"
    found = {(r.left, r.right): r.status for r in check_document(text, timeout_s=5.0, seed=0)}
    assert found[("g(1) + 2", "1 + 2")] != "wrong"  # was wrong against the last piece, -x^2
    cases = "# P\n\n$$g(x) = \\begin{cases} x^2 & x > 0 \\\\ -x^2 & x \\le 0 \\end{cases}$$\n\n$$g(1) + 2 = 1 + 2 = 3$$\n"
    assert {(r.left, r.right): r.status for r in check_document(cases, timeout_s=5.0, seed=0)}[("g(1) + 2", "1 + 2")] == "ok"
    wrong = cases.replace("= 1 + 2 = 3", "= -1 + 2 = 1")
    assert {(r.left, r.right): r.status for r in check_document(wrong, timeout_s=5.0, seed=0)}[("g(1) + 2", "-1 + 2")] == "wrong"


# --- probe helper-158: activations ---


@pytest.mark.parametrize(
    ("relation", "assume", "status"),
    [
        ("2\\operatorname{ReLU}'(x) = 2", "x > 0", "proved"),  # was refuted: nan in ReLU'(0)'s case made the product nan
        ("2\\operatorname{ReLU}'(x) = 1", "x > 0", "refuted"),
        ("\\lim_{x\\to 2}\\operatorname{ReLU}'(x) = 1", None, "proved"),
        ("\\frac{1}{1/0} = 0", None, "refuted"),  # a part without a value outside any case still leaves none
        ("\\tanh^{(1)}(x) = 1-\\tanh^2 x", None, "proved"),  # was a power, refuted
        ("\\exp^{(3)}(x) = e^x", None, "proved"),
        ("\\exp^{(3)}(x) = 3e^x", None, "refuted"),
    ],
)
def test_activation_derivatives_inside_expressions(relation, assume, status):
    assumptions = [parse(assume)] if assume else []
    assert checked_within(parse(relation), assumptions, timeout_s=10.0, seed=0).verdict.value == status


def test_the_nth_derivative_of_sigma_is_refused_as_two_readings():
    from derivax.latex import LatexError

    with pytest.raises(LatexError, match="layer"):
        parse("\\sigma^{(3)}(0) = -\\frac18")


# --- probe helper-156: a key that holds everywhere ---


@pytest.mark.parametrize("answer", ["\\sigma(x)(1-\\sigma(x)) \\le \\frac12", "0 \\le 1", "x^2 + 1 > 0"])
def test_a_bound_key_is_not_matched_by_any_true_statement(answer):
    from derivax.equiv import equivalent

    assert equivalent("\\sigma(x)(1-\\sigma(x)) \\le \\frac14", answer)["verdict"] != "equivalent"  # were equivalent


@pytest.mark.parametrize(
    ("key", "answer"), [("x^2 + 1 > 0", "x^2 > -1"), ("x^2 + y^2 \\ge 2xy", "(x-y)^2 \\ge 0"), ("x^2 < 4", "-2 < x < 2")]
)
def test_a_bound_rearranged_and_a_solution_set_stay_equivalent(key, answer):
    from derivax.equiv import equivalent

    assert equivalent(key, answer)["verdict"] == "equivalent"


@pytest.mark.parametrize(("names", "status"), [("a+b", "refuted"), ("u+v", "refuted"), ("x+y", "refuted")])
def test_an_implication_fails_at_its_conclusions_end_with_simple_others(names, status):
    # w = 4, the rest 0: |4 sigma'(0)| = 1 >= 1 and |w| > 4 fails (confirmed for some letters: probe helper-158)
    statement = parse(f"|w\\sigma'(w{names})| \\ge 1 \\Rightarrow |w| > 4")
    assert checked_within(statement, [], timeout_s=10.0, seed=0).verdict.value == status
    twin = parse(f"|w\\sigma'(w{names})| \\ge 1 \\Rightarrow |w| \\ge 4")
    # (about 16 s of CPU cold: the sampling of the premise's thin set; 10 s held only with caches warmed by earlier tests)
    assert checked_within(twin, [], timeout_s=40.0, seed=0).verdict.value in ("proved", "confirmed")


# --- review helper-160 of this session's change ---


def test_a_chain_set_to_zero_keeps_its_links_judged():
    text = "Let $f(w) = (w-1)^2$. Then\n$$f'(w) = 2(w - 2) = 0,$$ hence $$w = 2$$\n"
    found = {(r.left, r.relation, r.right): r.status for r in check_document(text, timeout_s=5.0, seed=0)}
    assert found[("f'(w)", "=", "2(w - 2)")] == "wrong"  # was given: the premise took the link, the slip went unseen


def test_a_grouped_conclusion_after_a_chain_keeps_the_chain_links():
    text = "# A\n\n$$x^2 - 4 = (x-2)^2 = 0 \\Rightarrow (x = 2 \\vee x = -2)$$\n"
    found = {(r.left, r.right): r.status for r in check_document(text, timeout_s=5.0, seed=0)}
    assert found[("x^2 - 4", "(x-2)^2")] == "wrong"  # it was an ok implication from the chain as a premise


def test_a_grouped_row_with_prose_is_read_clause_by_clause():
    found = _by_line("# B\n\n$$x^2 = 4 \\Rightarrow (x = 2 \\vee x = -2) \\text{ so } |x| = 3$$\n")
    assert found == {3: "wrong"}  # was no step at all


def test_kroneckers_delta_spelled_as_an_indicator_stays_kroneckers():
    text = "# D\n\nThe Kronecker delta is $\\delta_{ij} = \\mathbb{I}(i = j)$. Then $$g = a_j(\\delta_{jj} - a_j) = a_j(1 - a_j)$$\n"
    assert _by_line(text) == {3: "ok"}


@pytest.mark.parametrize(
    ("after", "status"),
    [
        ("where $x \\in \\mathbb{R}$.", "wrong"),  # a kind, no condition: was not flagged
        ("which is nonnegative.", "wrong"),  # a remark on the result
        ("for $x > 0$.", "wrong"),  # the failure at x = 1 lies inside the condition
    ],
)
def test_prose_after_a_display_that_rescues_nothing_leaves_it_flagged(after, status):
    text = f"# A\n\n$$\\frac{{d}}{{dx}} x^3 = 2x^2$$ {after}\n"
    assert _by_line(text) == {3: status}


def test_positive_or_zero_is_nonnegative():
    assert _by_line("Let $x$ be positive or zero. Then $$|x| + x > 0$$\n") != {1: "ok"}  # fails at 0: was ok
    assert _by_line("Let $x$ be positive or zero. Then $$|x| + x \\ge 0$$\n") == {1: "ok"}


@pytest.mark.parametrize(
    ("assume", "status"),
    [("x \\in \\mathbb{R}_+^{*}", "proved"), ("x \\in \\mathbb{R}_{>0}", "proved"), ("x \\in \\mathbb{R}_{\\ge 0}", "refuted")],
)
def test_half_lines_by_name(assume, status):
    assert checked_within(parse("x > 0"), [parse(assume)], timeout_s=10.0, seed=0).verdict.value == status


def test_the_nonzero_reals_are_no_half_line():
    from derivax.latex import LatexError

    with pytest.raises(LatexError, match="nonzero"):
        parse("x \\in \\mathbb{R}^{*}")  # was the positive half-line: sqrt(x^2) = x proved under it


@pytest.mark.parametrize(
    ("relation", "status"),
    [
        ("{\\rm w}_1 + {\\rm w}_2 = {\\rm w}_2 + {\\rm w}_1", "proved"),  # a roman letter is a name (was refused)
        ("\\frac{\\rm d}{\\rm dx} x^2 = 2x", "proved"),
        ("0.9 \\cdot 3e^{-4} = 2.7e^{-4}", "proved"),  # one convention per input: 2.7e^{-4} is scientific, so 3e^{-4} too
        ("x^3 - 3x + 1 \\le 0 \\Rightarrow x \\le 1.53208888623795", "refuted"),  # its largest root is 1.5320888862379560...
        ("x^3 - 3x + 1 \\le 0 \\Rightarrow x \\le 1.533", "confirmed"),
    ],
)
def test_review_160_readings(relation, status):
    assert _check(relation) == status


def test_a_display_of_numbers_is_flagged_whatever_prose_follows():
    assert _by_line("# A\n\n$$2 + 2 = 5$$ (clearly $2 < 5$).\n") == {3: "wrong"}


def test_two_grouped_implications_on_a_row_are_not_merged():
    row = "$$x^2 - 3x + 2 = 0 \\Rightarrow (x = 1 \\vee x = 2), \\quad x^2 - 4 = 0 \\Rightarrow (x = 2 \\vee x = {x})$$"
    for x in ("-2", "3"):  # the right first implication was wrong, a false second one ok
        steps = check_document(f"# A\n\n{row.replace('{x}', x)}\n", timeout_s=5.0, seed=0)
        assert not [r for r in steps if r.relation == "=>" and r.status in ("ok", "wrong")]


def test_a_remark_in_parentheses_after_an_implication_is_no_conjunct():
    steps = check_document("# B\n\n$$x^2 < 1 \\Rightarrow x < 1 \\qquad (\\text{as } x > -1 \\text{ or } x = 0)$$\n", timeout_s=5.0, seed=0)
    assert [(r.left, r.status) for r in steps if r.relation == "=>"] == [("x^2 < 1", "ok")]  # was unparsed


def test_a_second_display_on_the_line_is_no_condition():
    assert set(_by_line("# C\n\nLet $x$ be positive. $$\\ln(x) < x$$ and $$x^2 \\ge 0$$\n").values()) == {"ok"}


@pytest.mark.parametrize("words", ["be positive or negative", "be positive semi-definite", "be positive or zero"])
def test_sign_words_that_allow_more_assume_nothing_strict(words):
    assert "ok" not in _by_line(f"# D\n\nLet $x$ {words}. Then $$|x| + x > 0$$\n").values()


def test_a_question_assumes_nothing():
    assert _by_line("# E\n\nWe ask whether $x$ is positive: $$|x| + x > 0$$\n") != {3: "ok"}


def test_a_failure_inside_either_reading_of_a_half_line_is_flagged():
    text = "Let $x \\in \\mathbb{R}_+$. Then\n$$\\frac{d}{dx} x^3 = 2x^2$$\n"
    assert _by_line(text) == {2: "wrong"}  # x = 1 is in R_+ either way (it was undecided: review helper-160)
    outside = "For $x \\in \\mathbb{R}_+$: $$\\sqrt{x^2} + 1 = |x| + 1 = x + 1$$\n"
    assert {r.left: r.status for r in check_document(outside, timeout_s=5.0, seed=0)}["|x| + 1"] == "undecided"


# --- review helper-161 (second half of the session's change) ---


@pytest.mark.parametrize(
    ("chain", "conclusion"),
    [
        ("\\sigma(z) = \\frac{1}{1+e^{z}} = 0.5", "z = 0"),  # the logistic written wrong
        ("x^2 - 4 = (x-2)^2 = 0", "x = 2"),
        ("\\ln(x) = x - 1 = 0", "x = 1"),
    ],
)
def test_a_chain_set_to_a_number_before_hence_keeps_every_link_a_claim(chain, conclusion):
    text = f"$${chain},$$ hence $${conclusion}$$\n"
    steps = check_document(text, timeout_s=5.0, seed=0)
    assert next(r.status for r in steps if r.relation == "=" and r.kind == "chain") == "wrong"  # was given


def test_a_strict_premise_is_tried_beside_its_roots():
    assert _check("x^3 - 3x + 1 < 0 \\Rightarrow x < 1.53208888623795") == "refuted"


@pytest.mark.parametrize("words", ["be positive or $0$", "be positive (or zero)", "be positive or null"])
def test_more_ways_of_saying_nonnegative(words):
    assert _by_line(f"Let $x$ {words}. Then $$|x| + x > 0$$\n") != {1: "ok"}


@pytest.mark.parametrize("sentence", ["We do not know if $x$ is positive.", "Check if $x$ is positive:"])
def test_asking_if_assumes_nothing(sentence):
    assert _by_line(f"{sentence} $$|x| = x$$\n") != {1: "ok"}


@pytest.mark.parametrize(
    ("relation", "status"),
    [
        ("{\\rm x}(1 + {\\rm y}) = {\\rm x} + {\\rm y}", "refuted"),  # a roman letter before a bracket multiplies it
        ("1.5e^{-2} \\cdot 2 = 3e^{-2}", "proved"),  # was refuted on a mixed reading
        ("0.5e^{-2} + 1.5e^{-2} = 2e^{-2}", "proved"),
    ],
)
def test_review_161_readings(relation, status):
    assert _check(relation) == status


@pytest.mark.parametrize("after", ["where $x \\ge 1$ and $y > 0$.", "where $x \\ge 1$, $y > 0$."])
def test_every_condition_after_a_display_is_weighed(after):
    text = f"# P\n\n$$\\frac{{\\partial}}{{\\partial x}} (|y| x^2) = 2xy$$ {after}\n"
    assert _by_line(text) == {3: "undecided"}  # was wrong at y = -1, which the second condition rules out


def test_a_condition_on_other_names_rescues_nothing():
    assert _by_line("# P\n\n$$\\frac{d}{dx} x^2 = x$$ (see Section 2 where $n > 1$).\n") == {3: "wrong"}


@pytest.mark.parametrize(
    "said",
    [
        "We initialise the weights as $W_{ij} \\sim \\mathcal{N}(0, \\sigma^2)$. The hidden units use the logistic sigmoid:",
        "The std of the noise is $\\sigma$. For the network,",
    ],
)
def test_sigma_stays_the_logistic_where_the_text_uses_it_so(said):
    text = f"# P\n\n{said}\n$$\\sigma'(0) = \\sigma(0)(1 - \\sigma(0)) = \\frac{{1}}{{4}}$$\n"
    assert set(_by_line(text).values()) == {"ok"}  # sigma(0) was read 0: both links wrong


def test_a_derivative_by_order_before_a_bare_argument_is_refused():
    from derivax.latex import LatexError

    assert _check("\\tanh^{(1)}\\left(x\\right) = 1 - \\tanh^2(x)") == "proved"
    with pytest.raises(LatexError):
        parse("\\sin^{(2)} x = -\\sin x")  # was a power, refuted


@pytest.mark.parametrize(
    ("relation", "status"),
    [
        ("\\frac{1}{3} \\approx 30\\%", "confirmed"),  # 30 % is rounded at its tens (it was 0.30, refuted)
        ("\\frac{1}{3} \\approx 33\\%", "confirmed"),
        ("\\frac{1}{3} \\approx 50\\%", "refuted"),
        ("0.975 = 97.5\\%", "proved"),
    ],
)
def test_a_percentage_of_tens_is_rounded_at_its_tens(relation, status):
    assert _check(relation) == status


def test_the_not_equal_reason_names_the_relation_on_one_line():
    steps = check_document("# P\n\n$$(x+1)^2 = x^2 + 2x + 1 \\neq x^2 + 1$$\n", timeout_s=5.0, seed=0)
    message = next(r.message for r in steps if r.relation == "!=")
    assert "\\neq" in message and "\n" not in message  # a plain "\neq" had made a line break of it
