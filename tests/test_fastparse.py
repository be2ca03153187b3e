r"""The deterministic reader (checks/fastparse.py) must build Earley's very tree, or leave the input to Earley.

A misreading is the worst defect derivax can have, so the fast path is checked differentially: on every
input of the readings table, of the five seeds (displays, both sides of every step, assumptions, as
documents find them, with and without inline math) and of the pair table, the fast tree is the tree
lark's Earley parser builds from the same source, and the whole reading (the SymPy object, kind,
numbers, spellings, domain, second readings) is the same with the fast path on and off. Generated
inputs (Hypothesis) go through the same check. Speed is measured in benchmarks/parse_speed.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import lark
import pytest
import sympy as sp
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derivax import documents, fastparse, latex
from derivax.fastparse import same_tree
from derivax.latex import LatexError, alternative_readings
from derivax.limits import TimeLimitExceeded
from tests.conftest import SEEDS
from tests.readings_table import READINGS


def _assert_fast_tree_is_earleys(text: str) -> None:
    """Where the fast path reads ``text`` (normalised), its tree is Earley's tree, strictly."""
    source = _source(text)
    if source is None:
        return
    fast = fastparse.tree(source)
    if fast is not None:
        assert same_tree(fast, _earley(source)), f"{text!r}: fast {fast} | Earley {_earley(source)}"


def _seed_inputs() -> list[str]:
    found: list[str] = []
    for path in sorted(SEEDS.glob("0*.txt")) if SEEDS.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        for inline in (False, True):
            shown, steps = documents.displays_and_steps(text, inline=inline)
            found += [d.latex for d in shown]
            for step in steps:
                found += [step.left.latex, step.right.latex, *step.assumptions]
    return found


def _pair_inputs() -> list[str]:
    rows = yaml.safe_load((Path(__file__).parent / "data" / "equiv_pairs.yaml").read_text(encoding="utf-8"))
    return [str(row[side]) for row in rows for side in ("key", "answer") if row.get(side) is not None]


INPUTS = list(dict.fromkeys([text for text, _ in READINGS] + _seed_inputs() + _pair_inputs()))
CHUNKS = 8  # Earley takes ~5 ms an input: chunks let pytest-xdist share the work


def _source(text: str) -> str | None:
    """The normalized source :func:`derivax.latex.parse` would parse, or None where it refuses before parsing."""
    if len(text) > latex.MAX_LENGTH or not text.strip():
        return None
    try:
        return latex.normalize(text)
    except Exception:
        return None


def _earley(source: str) -> object:
    try:
        return latex._parser().parse(source)
    except lark.exceptions.LarkError as error:
        return error


def test_the_patterns_are_the_grammars():
    """The fast reader matches tokens with the grammar's own regular expressions, as lark compiled them."""
    terminals = {t.name: t.pattern.to_regexp() for t in latex._parser().terminals}
    for name, pattern in fastparse.PATTERNS.items():
        assert terminals[name] == pattern, name


def test_the_fast_path_is_in_use():
    """It was checked against lark 1.3's Earley parser; on another lark, Earley reads everything (slower)."""
    if not lark.__version__.startswith("1.3."):
        pytest.skip(f"lark {lark.__version__}: the fast path is off")
    assert latex._FAST_PATH


def test_the_fast_path_reads_most_inputs():
    """A regression that sends everything to Earley would be slow, not wrong: caught here, not by a timing."""
    table = [_source(text) for text, _ in READINGS]
    read = sum(1 for source in table if source is not None and fastparse.tree(source) is not None)
    assert read >= 0.85 * len(table), f"{read} of {len(table)}"


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_fast_tree_is_earleys_tree(chunk):
    for text in INPUTS[chunk::CHUNKS]:
        _assert_fast_tree_is_earleys(text)


def _reading(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """Everything a reading gives, read afresh with the fast path on or off."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(fastparse, "tree", lambda source: None)
        try:
            parsed, registered = latex._read_source(text, latex.normalize(text), 10.0, frozenset())
        except LatexError as error:
            return ("refused", str(error), error.position)
    items = parsed.expr if isinstance(parsed.expr, tuple) else (parsed.expr,)
    return (parsed, parsed.kind, registered, alternative_readings(list(items)))


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_reading_is_the_same_with_the_fast_path_on_and_off(chunk, monkeypatch):
    for text in INPUTS[chunk::CHUNKS]:
        if _source(text) is None:
            continue
        assert _reading(text, True, monkeypatch) == _reading(text, False, monkeypatch), text


# --- generated inputs ---------------------------------------------------------------------------------

ATOMS = ["x", "y", "a", "b", "L", "f", "p", "n", "e", "w_1", "x_i", "z_{ij}", "a^L", "a^{(l)}", "z_j^L", r"\alpha", r"\lambda_{\max}"]
ATOMS += [r"\hat{w}", r"\mathbf{x}", "2", "3.5", ".5", "12", r"\pi", r"\infty", r"\sigma", r"\sigma_k", "W_{1}", "x'", r"\eta", "var", "T"]
PIECES = [*ATOMS, "+", "-", "*", r"\cdot", "/", "^", "_", "(", ")", "[", "]", "{", "}", "|", ",", "=", "<", r"\le", r"\ne", "'", "!"]
PIECES += [r"\frac", r"\sqrt", r"\sin", r"\ln", r"\log", r"\max", r"\lvert", r"\rvert", r"\sum", r"\nabla", r"\frac{d}{dx}", r"\vee"]
PIECES += [r"\Rightarrow", r"\operatorname{ReLU}", r"\mathbb{E}", r"\frac{dC}{dz}", "^2", "^{-1}", "^T", "_{i=1}^{n}", "_i", " "]
PIECES += [
    r"\neg",
    r"\in",
    r"\notin",
    r"\cup",
    r"\setminus",
    r"\{",
    r"\}",
    r"\emptyset",
    r"\mathbb{R}",
    r"\lim_{x \to 0}",
    "^+",
    r"\log_2",
    r"\binom",
]


def _latex() -> st.SearchStrategy:
    """LaTeX built like the field's (sums, calls, bars, labels, operators), often one piece off."""

    def extend(inner: st.SearchStrategy) -> st.SearchStrategy:
        two = st.tuples(inner, inner)
        return st.one_of(
            two.map(lambda p: f"{p[0]} + {p[1]}"),
            two.map(lambda p: f"{p[0]} - {p[1]}"),
            inner.map(lambda a: f"-{a}"),
            two.map(lambda p: f"{p[0]} {p[1]}"),
            two.map(lambda p: f"{p[0]}{p[1]}"),
            two.map(lambda p: rf"{p[0]} \cdot {p[1]}"),
            two.map(lambda p: f"{p[0]}/{p[1]}"),
            two.map(lambda p: f"{p[0]}^{{{p[1]}}}"),
            st.tuples(inner, st.sampled_from(["2", "n", "L", "-1", "T", "{(l)}"])).map(lambda p: f"{p[0]}^{p[1]}"),
            two.map(lambda p: rf"\frac{{{p[0]}}}{{{p[1]}}}"),
            inner.map(lambda a: rf"\sqrt{{{a}}}"),
            inner.map(lambda a: f"({a})"),
            inner.map(lambda a: f"|{a}|"),
            st.tuples(st.sampled_from(["f", "a", "x", "W_1", "p", r"\sigma", r"\max"]), inner).map(lambda p: f"{p[0]}({p[1]})"),
            st.tuples(st.sampled_from([r"\sin", r"\ln", r"\exp", r"\tanh^2", r"\log"]), inner).map(lambda p: f"{p[0]}({p[1]})"),
            st.tuples(st.sampled_from([r"\sin", r"\ln", r"\cos"]), inner).map(lambda p: f"{p[0]} {p[1]}"),
            st.tuples(st.sampled_from([r"\sum_{i=1}^{n}", r"\sum_i", r"\sum_{j \ne i}", r"\frac{d}{dx}", r"\nabla_w"]), inner).map(
                lambda p: f"{p[0]} {p[1]}"
            ),
            st.tuples(inner, st.sampled_from(["=", "<", r"\le", r"\vee", r"\Rightarrow"]), inner).map(lambda p: f"{p[0]} {p[1]} {p[2]}"),
            st.tuples(st.sampled_from(["(", "[", r"\{"]), inner, inner, st.sampled_from([")", "]", r"\}"])).map(
                lambda p: f"{p[0]}{p[1]}, {p[2]}{p[3]}"
            ),
            st.tuples(inner, st.sampled_from([r"\in [0, 1)", r"\notin \mathbb{R}", r"\in (0, 1) \cup \{2\}"])).map(
                lambda p: f"{p[0]} {p[1]}"
            ),
            st.tuples(st.sampled_from([r"\neg", "(", r"\lim_{x \to 0}", r"\log_2", r"\binom{n}"]), inner).map(lambda p: f"{p[0]} {p[1]}"),
        )

    built = st.recursive(st.sampled_from(ATOMS), extend, max_leaves=8)
    mutated = st.tuples(built, st.integers(0, 200), st.sampled_from(PIECES)).map(lambda p: p[0][: p[1]] + p[2] + p[0][p[1] :])
    soup = st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join)
    return st.one_of(built, mutated, soup)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_latex())
def test_on_generated_latex_the_fast_tree_is_earleys_tree(text):
    _assert_fast_tree_is_earleys(text)


def _sympy_trees() -> st.SearchStrategy:
    names = [sp.Symbol(s) for s in ("x", "y", "w", "a", "b", "alpha", "beta", "lambda", "theta", "epsilon", "eta")]
    unary = [sp.exp, sp.log, sp.sin, sp.cos, sp.tanh, sp.sqrt, sp.Abs]
    fractions = st.tuples(st.integers(1, 9), st.integers(2, 9)).map(lambda p: sp.Rational(*p))
    leaves = st.one_of(st.sampled_from(names), st.integers(1, 9).map(sp.Integer), fractions)

    def extend(inner: st.SearchStrategy) -> st.SearchStrategy:
        return st.one_of(
            st.tuples(inner, inner).map(lambda p: p[0] + p[1]),
            st.tuples(inner, inner).map(lambda p: p[0] * p[1]),
            st.tuples(inner, inner).map(lambda p: p[0] / p[1] if p[1] != 0 else p[0]),
            st.tuples(inner, st.integers(-3, 4)).map(lambda p: p[0] ** p[1]),
            st.tuples(st.sampled_from(unary), inner).map(lambda p: p[0](p[1])),
        )

    return st.recursive(leaves, extend, max_leaves=8)


_PIECE = re.compile(r"\\[a-zA-Z]+|\\.|\s+|.")


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """An input of the table, the seeds or the pair table with a few pieces deleted, repeated, swapped or added."""
    pieces = _PIECE.findall(draw(st.sampled_from(INPUTS)))
    for _ in range(draw(st.integers(1, 3))):
        if not pieces:
            break
        i = draw(st.integers(0, len(pieces) - 1))
        change = draw(st.sampled_from(["delete", "repeat", "space", "swap", "add"]))
        if change == "delete":
            del pieces[i]
        elif change == "repeat":
            pieces.insert(i, draw(st.sampled_from(pieces)))
        elif change == "space":
            pieces.insert(i, " ")
        elif change == "swap":
            j = draw(st.integers(0, len(pieces) - 1))
            pieces[i], pieces[j] = pieces[j], pieces[i]
        else:
            pieces.insert(i, draw(st.sampled_from(PIECES)))
    return "".join(pieces)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_mutated())
def test_on_real_inputs_slightly_changed_the_fast_tree_is_earleys_tree(text):
    _assert_fast_tree_is_earleys(text)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_sympy_trees())
def test_on_what_sympy_prints_the_fast_tree_is_earleys_tree(expr):
    """The round trip of tests/test_readings.py (sympy.latex read back) goes through the fast path: the same trees."""
    source = _source(sp.latex(expr))
    if source is None:
        return
    fast = fastparse.tree(source)
    if fast is not None:
        assert same_tree(fast, _earley(source)), f"{source!r}"


# --- where the grammar has two trees, the fast path takes Earley's or leaves the input to it ---------


@pytest.mark.parametrize(
    "text",
    [
        r"a^L + z_j^L",  # a label, not a power (the alternative listed first)
        r"x^{(l)} - W^{(2)}",
        r"\sin x^2",  # sin(x^2): the longest power after a bare function
        r"f(x)^2 + a(b+c)",  # calls outrank products
        r"\sigma(z)(1-\sigma(z))",
        r"\sin^2(x) + \ln(x)^2",
        r"|x| + |y - 1| \le 2",
        r"\sum_{i=1}^{n} 2i + 1",  # an operator's body runs to the product's end
        r"3\frac{d}{dw} w^2 \cdot w",
        r"\log \sum_k e^{z_k}",
        r"\log_2 x^2 + \log_{10}(y)",
        r"\lim_{x \to 0^+} \frac{1}{x}",
        r"(x > 0 \wedge y > 0) \vee \neg(x \in [0, 1))",
        r"(-\infty, 2) \cup \{3, 4\}",
    ],
)
def test_ambiguous_notation_the_fast_path_reads_as_earley(text):
    source = latex.normalize(text)
    fast = fastparse.tree(source)
    assert fast is not None and same_tree(fast, _earley(source))


@pytest.mark.parametrize(
    "text",
    [
        r"relu(x) + var(y)",  # a word WORDOP matches, or its letters
        r"x_{ i} + 1",  # a subscript that starts with a space: two ways to cut the token
        r"x^{(\sin l + 1)}",  # a label whose power reading holds a function (``(\sin l)`` alone is now \sin(l))
        r"\{1\}",  # a set, or braces around 1: Earley decides
        r"p(y|x)",
        r"a_1 + \dots + a_n",
        r"\log_2(x)^2",  # log_base_bare(2, (x)^2) by the order at power_noprefix: left to Earley
    ],
)
def test_what_the_fast_path_does_not_settle_is_left_to_earley(text):
    assert fastparse.tree(latex.normalize(text)) is None


def test_the_fast_path_runs_under_the_time_limit(monkeypatch):
    """parse's timeout_s covers the fast reader as it covers Earley: running out of time is the same refusal."""

    def overtime(source: str) -> None:
        raise TimeLimitExceeded("timed out")

    monkeypatch.setattr(fastparse, "tree", overtime)
    with pytest.raises(LatexError, match="parsing took over") as error:
        latex._read_source("x + 1", "x + 1", 2.0, frozenset())
    assert error.value.overtime


def test_input_too_deep_for_the_fast_reader_goes_to_earley():
    assert fastparse.tree(r"\sin " * 3000 + "x") is None


@pytest.mark.parametrize("text", [r"((\sqrt{x}))", "((x))", "((x + 1))"])
def test_an_input_wholly_in_parentheses_is_read_as_earley_reads_it(text):
    # found by the generated test above under -n 2: the fast reader gave paren(paren(sqrt)), Earley sqrt
    _assert_fast_tree_is_earleys(text)
