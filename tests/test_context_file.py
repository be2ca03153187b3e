r"""An assignment's context file (issue 16, point 6): ``derivax steps DOC --context FILE.yaml``.

Its domains and assumptions join the assumptions of the steps about their symbols, its definitions act
like the document's own (the evidence names the file), and a declared vector or matrix keeps a step
from being judged as arithmetic on numbers. Each capability: a right step ``ok``, a wrong twin ``wrong``
with a witness. A bad file is one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from derivax.assignment import ContextFileError, assignment_from_text, load_assignment
from derivax.cli import main
from derivax.steps import check_document
from tests.conftest import SEEDS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "context"

CONTEXT = r"""
assignment: a test assignment
symbols:
  '\beta_1': {kind: scalar, domain: '0 < \beta_1 < 1'}
  't': {domain: integer >= 1}
  '\eta': {domain: positive}
  'Q': {kind: matrix, properties: [orthogonal]}
  'x_k': {kind: random variable, properties: [independent, zero mean]}
definitions:
  - '\sigma(z) = \frac{1}{1+e^{-z}}'
  - 'C(a) = -(y\ln a + (1-y)\ln(1-a))'
  - 'u = e^{-z}'
assumptions:
  - '|w| \ge 4'
"""


def _steps(document: str, context: str | None = CONTEXT) -> dict[str, object]:
    assignment = assignment_from_text(textwrap.dedent(context), "hw.yaml") if context else None
    found = check_document(textwrap.dedent(document), assignment=assignment)
    return {f"{r.left} {r.relation} {r.right}": r for r in found}


def test_a_domain_decides_a_step_and_its_wrong_twin_gets_a_witness_inside_the_domain():
    steps = _steps(
        r"""
        $$\beta_1^2 < \beta_1 < 1$$

        $$2\beta_1^2 < 2\beta_1^3 = \beta_1^3 + \beta_1^3$$
        """
    )
    right = steps[r"\beta_1^2 < \beta_1"]
    assert right.status == "ok" and r"0 < \beta_1 < 1 (domain of \beta_1) (context file hw.yaml)" in right.message
    twin = steps[r"2\beta_1^2 < 2\beta_1^3"]  # true for beta_1 > 1, false inside the domain
    assert twin.status == "wrong" and twin.counterexample is not None
    witness = float(twin.counterexample.at["beta_1"])
    assert 0 < witness < 1  # the witness respects the declared domain


def test_without_the_context_file_the_same_steps_are_not_decided_by_a_domain():
    steps = _steps(r"$$\beta_1^2 < \beta_1 < 1$$", context=None)
    assert steps[r"\beta_1^2 < \beta_1"].status == "undecided"


def test_an_integer_domain_holds_for_integers_and_its_twin_is_refuted_at_an_integer():
    steps = _steps(
        r"""
        $$(-1)^{2t} + t = 1 + t = t + \cos(2\pi t)$$

        $$(-1)^{2t} + t = 1 + t = t + \cos(\pi t)$$
        """
    )
    assert steps[r"(-1)^{2t} + t = 1 + t"].status == "ok"
    assert "t an integer (domain of t)" in steps[r"(-1)^{2t} + t = 1 + t"].message
    assert steps[r"1 + t = t + \cos(2\pi t)"].status == "ok"
    twin = steps[r"1 + t = t + \cos(\pi t)"]
    assert twin.status == "wrong" and twin.counterexample is not None
    assert float(twin.counterexample.at["t"]) % 2 == 1  # an odd integer, inside the domain


def test_a_definition_from_the_file_acts_like_the_documents_own_and_names_the_file():
    steps = _steps(
        r"""
        $$C'(a) = -\frac{y}{a} + \frac{1-y}{1-a}$$

        $$\sigma(z) = \frac{1}{1+u} = \sigma(-z) + 1$$
        """
    )
    right = steps[r"C'(a) = -\frac{y}{a} + \frac{1-y}{1-a}"]
    assert right.status == "ok" and "C(a) (context file hw.yaml)" in right.message
    first = steps[r"\sigma(z) = \frac{1}{1+u}"]
    assert first.status == "ok" and "u (context file hw.yaml)" in first.message
    twin = steps[r"\frac{1}{1+u} = \sigma(-z) + 1"]
    assert twin.status == "wrong" and twin.counterexample is not None and "u (context file hw.yaml)" in twin.message


def test_the_documents_own_definition_takes_precedence_in_its_section():
    steps = _steps(
        r"""
        $$u = e^{z}$$

        $$\sigma(-z) = \frac{1}{1+u} = \frac{1}{1 + e^{z}}$$
        """
    )
    right = steps[r"\sigma(-z) = \frac{1}{1+u}"]
    assert right.status == "ok" and "u (line 2)" in right.message and "hw.yaml" not in right.message


def test_a_context_definition_is_not_flagged_where_the_section_states_a_condition():
    steps = _steps(
        r"""
        Here we take $u$ to be something else, where the case of interest is different.

        $$\sigma(z) = \frac{1}{1+u} = \sigma(-z) + 1$$
        """
    )
    twin = steps[r"\frac{1}{1+u} = \sigma(-z) + 1"]
    assert twin.status == "undecided" and "condition" in twin.message


def test_a_declared_matrix_keeps_a_step_from_being_judged_as_numbers():
    # judged on instances with the declared properties, in the order written (tests/test_matrices.py)
    steps = _steps(r"$$Q^T Q w = Q Q^T w = w$$")
    assert {r.status for r in steps.values()} == {"ok"}
    assert all("Q orthogonal" in r.message and r.method == "matrices" for r in steps.values())
    plain = _steps(r"$$A B x = B A x = x B A$$", context="symbols: {A: {kind: matrix}, B: {kind: matrix}}")
    assert plain["A B x = B A x"].status == "wrong"  # as numbers AB = BA would be ok


_VECTORS = """
symbols:
  'n': {kind: scalar, domain: integer >= 1}
  'a': {kind: vector, properties: [probability vector]}
  'y': {kind: vector, properties: [one-hot]}
"""


@pytest.mark.parametrize(("derivative", "status"), [(r"-\frac{y_j}{a_j}", "ok"), (r"\frac{y_j}{a_j}", "wrong")])
def test_a_name_given_a_value_from_declared_vectors_is_a_definition_the_next_step_uses(derivative, status):
    # C is new and scalar; y and a are declared vectors. C's line is a definition (it was undecided, 'nothing to
    # check on its own'), and dC/da_j is judged with it: -y_j/a_j is right, its sign slip wrong at an instance.
    steps = _steps(
        rf"""
        The cost is

        $$C = -\sum_{{i=1}}^{{n}} y_i \ln a_i$$

        so that

        $$\frac{{\partial C}}{{\partial a_j}} = {derivative}$$
        """,
        context=_VECTORS,
    )
    definition = steps[r"C = -\sum_{i=1}^{n} y_i \ln a_i"]
    assert definition.status == "given" and "definition of C (line 4)" in definition.message
    judged = steps[rf"\frac{{\partial C}}{{\partial a_j}} = {derivative}"]
    assert judged.status == status and "definition of C (line 4)" in judged.message
    assert (judged.counterexample is not None) == (status == "wrong")


def test_a_name_given_a_value_the_text_presents_as_a_result_is_not_taken_as_given():
    steps = _steps("combine (8) & (9):\n$$\\delta = a - y$$", context=_VECTORS)
    (only,) = steps.values()
    assert only.status == "undecided" and "presents it as a result" in only.message


def test_an_assumption_joins_only_the_steps_about_its_symbols():
    steps = _steps(
        r"""
        $$\sqrt{w^2} = |w| = w^2/|w|$$

        $$v^2 - 1 = (v-1)(v+1)$$
        """
    )
    about_w = steps[r"\sqrt{w^2} = |w|"]
    assert about_w.status == "ok" and r"|w| \ge 4 (context file hw.yaml)" in about_w.message
    about_v = steps["v^2 - 1 = (v-1)(v+1)"]
    assert about_v.status == "ok" and "context file" not in about_v.message


def test_an_assumption_from_the_file_decides_an_inequality_and_its_twin_is_refuted_inside_it():
    steps = _steps(
        r"""
        $$|w| - 4 \ge 0 \ge 4 - |w|$$

        $$w^2 + w \ge 25 + w = w + 25$$
        """
    )
    right = steps["|w| - 4 >= 0"]
    assert right.status == "ok" and r"|w| \ge 4 (context file hw.yaml)" in right.message
    twin = steps["w^2 + w >= 25 + w"]
    assert twin.status == "wrong" and 4 <= abs(float(twin.counterexample.at["w"])) < 5


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("symbols: {x: {kind: tensor}}", "kind"),
        ("symbols: {x: {domain: 'y > 0'}}", "about x alone"),
        ("symbols: {x: {properties: [shiny]}}", "shiny"),
        ("symbols: {x: {colour: red}}", "unknown field"),
        ("symbols: {'x + y': {}}", "not a single symbol"),
        ("assumptions: ['x = 1']", "equation"),
        ("assumptions: ['\\frac{1}{']", "cannot read"),
        ("definitions: ['x > 1']", "not a definition"),
        ("definitions: ['\\sigma(z) = \\tanh(z)']", "not a definition"),
        ("definitions: ['f(x) = f(x-1) + 1']", "recursive"),
        ("steps: []", "unknown key"),
        ("[1, 2]", "expected a mapping"),
        ("symbols: {x: {}}\nsymbols: {y: {}}", "duplicate key"),
        ("a: [b", "not valid YAML"),
        ("symbols: !!python/object/apply:os.system ['echo owned']", "not valid YAML"),
        ("symbols: {\"__import__('os').system('echo owned')\": {}}", "symbols"),
        ("definitions: ['\\input{/etc/passwd} = 1']", "definitions"),
        (
            "a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
            "alias",
        ),
    ],
)
def test_a_bad_context_file_is_one_line_naming_the_file_and_exit_code_2(tmp_path, capsys, text, says):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ContextFileError, match=says):
        load_assignment(bad)
    document = tmp_path / "doc.md"
    document.write_text("$$1 + 1 = 2$$\n", encoding="utf-8")
    assert main(["steps", str(document), "--context", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("derivax: error:") and str(bad) in err and "\n" not in err


def test_a_missing_or_oversized_context_file_is_refused_before_any_step(tmp_path, capsys):
    document = tmp_path / "doc.md"
    document.write_text("$$1 + 1 = 2$$\n", encoding="utf-8")
    assert main(["steps", str(document), "--context", str(tmp_path / "none.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    big = tmp_path / "big.yaml"
    big.write_text("assumptions:\n" + "  - 'x > 0'\n" * 30_000, encoding="utf-8")
    assert main(["steps", str(document), "--context", str(big)]) == 2
    assert "limited to" in capsys.readouterr().err


def test_the_command_line_reads_the_file_and_the_json_names_it(tmp_path, capsys):
    context = tmp_path / "hw.yaml"
    context.write_text(CONTEXT, encoding="utf-8")
    document = tmp_path / "doc.md"
    document.write_text("$$\\beta_1^2 < \\beta_1 < 1$$\n", encoding="utf-8")
    assert main(["steps", str(document), "--context", str(context), "--format", "json"]) == 0
    steps = json.loads(capsys.readouterr().out)["documents"][0]["steps"]
    assert [s["status"] for s in steps] == ["ok", "ok"] and all(str(context) in s["message"] for s in steps)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_context_file_loads(path):
    assignment = load_assignment(path)
    assert assignment.title and (assignment.assumptions or assignment.definitions)


_CHAIN = r"\frac{\partial L_{reg}}{\partial L} \frac{\partial L}{\partial y} \frac{\partial y}{\partial z}"
# Steps of the seeds that their example context file decides, each checked by hand (seed, line, left side):
# 001:132 |w s'(wa)| >= 1 => s'(wa) >= 1/|w|: divide by |w| > 0 (the premise fails at w = 0); true.
# 003:269 1 - 2 eps lambda_i < 1: eps > 0 and lambda_i > 0 (a positive definite H), so 2 eps lambda_i > 0; true.
CONTEXT_DECIDED = {
    ("001", 132, r"|w\sigma'(wa)| \geq 1"): "ok",
    ("003", 269, r"1 - 2\epsilon\lambda_i"): "ok",
    # -1 < 1 - 2 eps lambda_i < 1 for every i => eps < 1/lambda_max: eps lambda_i < 1 for each (eps, lambda_i > 0), so
    # eps < 1/lambda_i for the largest lambda_i too (derivax.extremes: written out at n = 1..4); true
    ("003", 269, r"-1 < 1 - 2\epsilon\lambda_i < 1"): "ok",
    # vectors and matrices on random instances (derivax.matrices; Q orthogonal, Lambda diagonal, I identity)
    ("003", 253, r"w_0 - 2\epsilon Q\Lambda Q^T w_0"): "ok",
    ("003", 253, r"(I - 2\epsilon Q\Lambda Q^T) w_0"): "ok",
    ("003", 255, r"Q(I - 2\epsilon \Lambda) Q^T Q(I - 2\epsilon \Lambda) Q^T w_0"): "ok",
    ("003", 287, r"w_{\text{old}} - \eta Iw_{\text{old}}"): "ok",  # rewrites: on the result's line
    ("003", 289, r"(I - \eta I)w_{\text{old}}"): "ok",
    # w_new = w_old - eta((2H)^{-1} 2H w_old) => w_new = w_old - eta I w_old: one subject, so the claim that the right
    # sides agree; (2H)^{-1} 2H = I for H positive definite (invertible); true
    (
        "003",
        283,
        r"w_{\text{new}} = w_{\text{old}} - \eta((2H)^{-1}2Hw_{\text{old}})",
    ): "ok",
    # Newton's step with J(w) = w^T H w from the file (session 64): w_new = w_old - eta((2H)^{-1} grad J(w_old)) => w_new =
    # w_old - eta((2H)^{-1} 2H w_old): one subject, the right sides compared; grad J(w_old) = (H + H^T) w_old = 2H w_old
    # for H symmetric; true
    (
        "003",
        281,
        r"w_{\text{new}} = w_{\text{old}} - \eta((2H)^{-1}\nabla J(w_{\text{old}}))",
    ): "ok",
    # gradient descent w_t = w_{t-1} - 2 eps Q Lambda (Q^T w_{t-1}) (line 249) unrolled to w_0: 243 restates w_new
    # (line 239) with grad J(w_old) = 2 Q Lambda Q^T w_old; w_1 = w_0 - 2 eps Q Lambda Q^T w_0 is the rule at t = 1;
    # w_2 = Q(I - 2 eps Lambda)Q^T w_1 the rule at t = 2 with Q^T Q = I, and with w_1 from the line before; the
    # closed form w_t = Q(I - 2 eps Lambda)^t Q^T w_0 at t = 1..4. All true.
    ("003", 243, r"w_{\text{new}}"): "ok",
    ("003", 253, "w_1"): "ok",
    ("003", 255, "w_2"): "ok",
    ("003", 255, r"Q(I - 2\epsilon \Lambda) Q^T w_1"): "ok",
    ("003", 259, "w_t"): "ok",
    # gradients of J(w) = w^T H w (defined in the prose) on instances, H = Q Lambda Q^T stated in the file: 2Hw
    # for H symmetric; 2(Q Lambda Q^T) w is 2Hw written out; 2 Q Lambda (Q^T w) the same product regrouped.
    ("003", 227, r"\nabla J(w)"): "ok",
    ("003", 231, r"\nabla J(w)"): "ok",
    ("003", 235, r"\nabla J(w)"): "ok",
    # the L2-regularised neuron the file defines (z = wx + b, y = sigma(z), L = (y - t)^2/2, R = w^2/2,
    # L_reg = L + lambda R), each partial on its computation graph: dL_reg/dL = 1, dL/dy = y - t,
    # dy/dz = sigma(z)(1 - sigma(z)), dz/dw = x, dz/dx = w, dz/db = 1, dL_reg/dR dR/dw = lambda w. All true.
    # Its garbled row dL_reg/dR = 1 stays undecided; the row dL_reg/dz = dL_reg/dL dL/dy (= y - t) is false as written
    # (dy/dz is missing: at b = t = w = x = 0 it is 1/8 against 1/2) and is flagged, as a reader sees it (session 50:
    # a condition in words 15 lines up, "provided by each expert", had excused it). Keyed apart from the right row.
    ("003", 125, "the row dL_reg/dz = dL_reg/dL dL/dy, as written"): "wrong",
    ("003", 125, r"\frac{\partial L_{reg}}{\partial L} \frac{\partial L}{\partial y}"): "ok",
    ("003", 125, r"\frac{\partial L_{reg}}{\partial z}"): "ok",
    ("003", 125, _CHAIN): "ok",
    ("003", 125, r"\frac{\partial L_{reg}}{\partial w}"): "ok",
    (
        "003",
        125,
        _CHAIN + r" \frac{\partial z}{\partial w} + \frac{\partial L_{reg}}{\partial R} \frac{\partial R}{\partial w}",
    ): "ok",
    ("003", 125, r"\frac{\partial L_{reg}}{\partial x}"): "ok",
    ("003", 125, _CHAIN + r" \frac{\partial z}{\partial x}"): "ok",
    ("003", 125, r"\frac{\partial L_{reg}}{\partial b}"): "ok",
    ("003", 125, _CHAIN + r" \frac{\partial z}{\partial b}"): "ok",
    ("003", 125, r"(y - t) \times \sigma(z) \times (1 - \sigma(z)) \times 1"): "ok",
}
# 002 (theta declared a scalar, so \nabla_\theta is d/dtheta): each round of SGD by hand rewrites
# (1/m) \nabla_\theta \sigma(w_x x theta + w_y y theta) t as (1/m) \nabla_\theta 1/(1 + e^{(w_x x theta + w_y y theta)}) t,
# the exponent's sign dropped: sigma(u) = 1/(1 + e^{-u}), and 1/(1 + e^{u}) = sigma(-u) = 1 - sigma(u), whose
# derivative is the negative of sigma's (at theta = 0, w_x = x = 1: 1/4 against -1/4). Wrong, in all four rounds.
_SGD_BY_HAND = r"\frac{1}{m} * \nabla_{\theta} * \sigma(w_x * x * \theta + w_y * y * \theta) * t"
CONTEXT_DECIDED |= {("002", line, _SGD_BY_HAND): "wrong" for line in (27, 67, 134, 202)}
# 002 b 2. with the chain the file states (h_1 = sigma(x), h_i = sigma(w_i h_{i-1})), at n = 3: dh_3/dw_3 =
# sigma'(w_3 h_2) h_2 and dh_3/dw_2 = sigma'(w_3 h_2) w_3 sigma'(w_2 h_1) h_1, sigma' = sigma(1 - sigma). Both true.
# dh_3/dw_1 = 0: h_3 = sigma(w_3 sigma(w_2 sigma(x))) has no w_1, and the file declares the input x a scalar (session 66;
# undeclared, x might depend on w_1). True.
CONTEXT_DECIDED |= {("002", 340, r"\frac{\partial h_3}{\partial w_3}"): "ok", ("002", 340, r"\frac{\partial h_3}{\partial w_2}"): "ok"}
CONTEXT_DECIDED |= {("002", 340, r"\frac{\partial h_3}{\partial w_1}"): "ok"}
# 002 b 1. for any layer (session 66, derivax.family_instances, at n = 2..4 and i = 1..4): the chain rule
# dh_n/dw_i = sigma'(w_n h_{n-1}) d(w_n h_{n-1})/dw_i, its product rule with dw_n/dw_i = delta_{n,i} (Kronecker's, as the
# text spells it after the display), the same one layer down, and dh_n/dw_1 = 0 for every n (h_1 = sigma(x)). All true.
_LAYER = (
    r"\frac{\partial \sigma(w_N \cdot h_{M})}{\partial (w_N \cdot h_{M})} "
    r"\left[ \frac{\partial w_N}{\partial w_i} \cdot h_{M} + w_N \cdot \frac{\partial h_{M}}{\partial w_i} \right]"
)
CONTEXT_DECIDED |= {
    ("002", 322, r"\frac{\partial h_n}{\partial w_i}"): "ok",
    ("002", 322, _LAYER.replace("w_N", "w_n").replace("h_{M}", "h_{n-1}")): "ok",
    ("002", 328, r"\frac{\partial h_{n-1}}{\partial w_i}"): "ok",
    ("002", 328, _LAYER.replace("w_N", "w_{n-1}").replace("h_{M}", "h_{n-2}")): "ok",
    ("002", 332, r"\frac{\partial h_n}{\partial w_1}"): "ok",
}

# ... and the steps with expectations and variances (derivax.expectations), hand-checked in tests/test_expectations.py.
CONTEXT_DECIDED |= __import__("tests.test_expectations", fromlist=["EXPECTATIONS_DECIDED"]).EXPECTATIONS_DECIDED


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("0*.txt")))
def test_a_seeds_context_file_only_adds_decisions_each_checked_by_hand(name, seeds_dir):
    from tests.test_steps import SEED_WRONG_LINES

    text = (seeds_dir / name).read_text()
    (context,) = EXAMPLES.glob(name[:3] + "_*.yaml")
    plain = check_document(text)
    read = check_document(text, assignment=load_assignment(context))
    assert [(r.line, r.left, r.right) for r in plain] == [(r.line, r.left, r.right) for r in read]
    # no right step flagged: the wrong steps are the seed's own, and those the file decides (each in the table)
    decided_wrong = {line for (seed, line, _), status in CONTEXT_DECIDED.items() if seed == name[:3] and status == "wrong"}
    assert {r.line for r in read if r.status == "wrong"} - decided_wrong == SEED_WRONG_LINES[name]
    # Under a heavy load a step can run out of its time limit in one run and not the other: that is no decision.
    # A step whose verdict changes is either a timeout or in the hand-checked table, and it was undecided before.
    pairs = [(p, r) for p, r in zip(plain, read, strict=True) if p.status != r.status and "timed out" not in p.message + r.message]
    # A definition that uses a declared matrix or vector is not read as a scalar definition (given -> undecided).
    # A link of an implication's premise is 'given' (the implication is its check) unless it holds as it stands.
    assert all(p.status in ("undecided", "given") for p, r in pairs)
    # A line the file keeps from being a definition (it uses a declared vector) can make a later one 'given'.
    changed = {(name[:3], r.line, r.left): r.status for _, r in pairs if r.status not in ("undecided", "given")}
    expected = {k: v for k, v in CONTEXT_DECIDED.items() if k[0] == name[:3]}
    assert changed.items() <= expected.items()
    missing = set(expected) - set(changed)
    # A decision that needs sampling within the step's time limit (001:132) may stay undecided under load
    # (and when the run without the file timed out on it, the pair is not counted above): never another verdict.
    assert all(r.status in ("undecided", expected[(name[:3], r.line, r.left)]) for r in read if (name[:3], r.line, r.left) in missing)


def test_reading_a_context_file_has_a_time_limit():
    from derivax.assignment import read_assignment

    data = {"assumptions": [f"x_{{{i}}} > {i}" for i in range(400)]}
    with pytest.raises(ContextFileError, match="took over"):
        read_assignment(data, "slow.yaml", max_seconds=0.05)
    assert len(read_assignment({"assumptions": ["x > 0"]}, "quick.yaml").assumptions) == 1
