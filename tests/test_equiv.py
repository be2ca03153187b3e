"""`derivax equiv`: the regression table through the batch mode, every witness re-evaluated, and the CLI.

The table (tests/data/equiv_pairs.yaml) is judged once, by ``derivax equiv --batch --json`` in
worker processes. Each row's verdict is asserted, and each ``different`` verdict's witness is
re-evaluated here with SymPy alone (substitution and ``evalf``), independently of derivax.equiv.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
import sympy as sp
import yaml

from derivax.cli import main
from derivax.equiv import equivalent, equivalent_batch
from derivax.latex import parse

TABLE = Path(__file__).parent / "data" / "equiv_pairs.yaml"
ROWS = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
TIMEOUT = 5.0
SHAPE = {"verdict", "kind", "method", "witness", "key_parsed", "answer_parsed", "seconds"}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def judge_table() -> dict[str, Any]:
    code, out = run("equiv", "--batch", str(TABLE), "--json", "--jobs", "2", "--timeout", str(TIMEOUT))
    assert code in (0, 1), out
    return {**json.loads(out), "exit_code": code}


@pytest.fixture(scope="module")
def batch(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The table judged once per test session, also under pytest-xdist (the first worker judges it)."""
    if not hasattr(request.config, "workerinput"):
        return judge_table()
    shared = tmp_path_factory.getbasetemp().parent
    done, lock = shared / "equiv_batch.json", shared / "equiv_batch.lock"
    failed = shared / "equiv_batch.failed"
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        for _ in range(3000):
            if done.exists():
                return json.loads(done.read_text())
            if failed.exists():
                pytest.fail("judging the table failed in the other pytest worker (see its error)")
            time.sleep(0.1)
        pytest.fail("the other pytest worker did not finish judging the table in 300 s")
    try:
        data = judge_table()
    except BaseException:
        failed.touch()
        raise
    partial = shared / "equiv_batch.json.partial"
    partial.write_text(json.dumps(data))
    partial.rename(done)
    return data


@pytest.fixture(scope="module")
def results(batch: dict[str, Any]) -> dict[str, dict]:
    return {r["id"]: r for r in batch["results"]}


def test_table_is_large_and_covers_every_kind():
    assert len(ROWS) >= 150
    assert len({r["id"] for r in ROWS}) == len(ROWS), "ids must be unique"
    assert {r["expected"] for r in ROWS} == {"equivalent", "different", "undecided"}
    prefixes = {r["id"].split("-")[0] for r in ROWS}
    assert {"expr", "near", "eqn", "eqn2", "ineq", "ineq2", "assume", "logic", "set", "kind", "case", "hostile"} <= prefixes


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_verdict(results: dict[str, dict], row: dict):
    result = results[row["id"]]
    assert result["verdict"] == row["expected"], f"{row['id']}: {result}"


def test_the_exit_status_says_whether_every_pair_is_as_expected(batch: dict[str, Any]):
    """0 where every row's verdict is its ``expected`` one, the table's near misses included (probe helper-182 F17)."""
    met = [r["as_expected"] for r in batch["results"]]
    assert met == [r["verdict"] == row["expected"] for r, row in zip(batch["results"], ROWS, strict=True)]
    assert batch["exit_code"] == (0 if all(met) else 1)


def test_results_in_input_order_with_the_json_shape(batch: dict[str, Any]):
    assert [r["id"] for r in batch["results"]] == [r["id"] for r in ROWS]
    for r in batch["results"]:
        assert SHAPE <= set(r), r
        assert r["verdict"] in ("equivalent", "different", "undecided")
        assert (r["witness"] is not None) == (r["verdict"] == "different"), r
        if r["verdict"] == "undecided":
            assert r["reason"], r
        else:
            assert r["method"], r


def test_no_pair_hangs(batch: dict[str, Any]):
    """A guard against a hang, not a speed target (those are in benchmarks/): the limit counts CPU seconds, the
    report wall seconds, and on two loaded cores a pair's wall time can pass the limit (5.8 s seen in CI) without
    its CPU time doing so. Twice the limit and more is a limit not enforced."""
    hung = {r["id"]: r["seconds"] for r in batch["results"] if r["seconds"] > 2 * TIMEOUT + 2}
    assert not hung


# --------------------------------------------------------------------------------------------
# independent re-evaluation of witnesses: SymPy substitution and evalf, nothing from derivax.equiv

DIGITS = 100


def real_value(expr: Any) -> sp.Float | None:
    """The value of a closed expression if it and every part of it are real and finite, else None."""
    for part in sp.preorder_traversal(expr):
        if isinstance(part, sp.Basic) and not part.free_symbols and not isinstance(part, sp.Tuple):
            value = sp.N(part, DIGITS)
            if not value.is_Number or not value.is_finite or value.has(sp.I):
                return None
    return sp.N(expr, DIGITS)


def holds(cond: Any, point: dict) -> bool:
    """Truth of a parsed condition at an exact point; a relation with a side that is not real is false."""
    cond = sp.to_nnf(cond, simplify=False) if isinstance(cond, sp.Not | sp.Implies | sp.Equivalent) else cond
    if cond in (sp.true, sp.false):
        return bool(cond)
    if isinstance(cond, sp.And):
        return all(holds(c, point) for c in cond.args)
    if isinstance(cond, sp.Or):
        return any(holds(c, point) for c in cond.args)
    if isinstance(cond, sp.Not):
        return not holds(cond.args[0], point)
    sides = []
    for side in (cond.lhs, cond.rhs):
        if side in (sp.oo, -sp.oo):
            sides.append(side)
            continue
        value = real_value(side.xreplace(point))
        if value is None:
            return False
        sides.append(value)
    a, b = sides
    if a in (sp.oo, -sp.oo) or b in (sp.oo, -sp.oo):
        return bool(type(cond)(a, b))
    tol = sp.Float(10) ** -60 * max(1, abs(a), abs(b))
    equal = abs(a - b) <= tol
    return {
        sp.Equality: equal,
        sp.Unequality: not equal,
        sp.StrictGreaterThan: a > b and not equal,
        sp.GreaterThan: a > b or equal,
        sp.StrictLessThan: a < b and not equal,
        sp.LessThan: a < b or equal,
    }[type(cond)]


def condition(text: str) -> Any:
    parsed = parse(text)
    return sp.And(*parsed.expr) if parsed.kind == "chain" else parsed.expr


def exact_point(witness: dict) -> dict:
    if "exact" in witness:
        return {sp.Symbol(name): parse(tex).expr for name, tex in witness["exact"].items()}
    at = witness["at"]
    return {sp.Symbol(name): sp.Float(value, 30) if isinstance(value, float) else sp.Integer(value) for name, value in at.items()}


def membership(text: str, point: dict, value: Any = None) -> bool:
    """In the solution set of a condition, or (``value`` given) is ``value`` an element of a set?"""
    parsed = parse(text)
    if parsed.kind == "set":
        if value is None:  # a set against a condition in one variable: the variable's value
            (value,) = point.values()
        return bool(parsed.expr.contains(value))
    # A point is in the solution set only where the input is defined (the domain recorded while reading:
    # sqrt(x)^2 = -1 is x = -1 to SymPy, but only for x >= 0).
    return holds(condition(text), point) and all(bool(d.xreplace(point)) for d in parsed.domain if d.free_symbols <= set(point))


DIFFERENT = [r for r in ROWS if r["expected"] == "different"]


@pytest.mark.parametrize("row", DIFFERENT, ids=[r["id"] for r in DIFFERENT])
def test_witness_re_evaluated(results: dict[str, dict], row: dict):
    witness = results[row["id"]]["witness"]
    assert witness, "a different verdict carries a witness"
    if "kinds" in witness:
        key, answer = parse(row["key"]), parse(row["answer"])
        families = {"expression": "expression", "set": "set"}
        kinds = {families.get(key.kind, "condition"), families.get(answer.kind, "condition")}
        assert len(kinds) == 2, witness
        if kinds == {"set", "condition"}:  # a set of numbers against a condition on several variables
            cond = key if key.kind != "set" else answer
            assert len(cond.symbols) != 1
        return
    if "element" in witness:  # two sets (with their parameters' values in exact, if any)
        value, params = parse(witness["exact_element"]).expr, exact_point(witness)
        in_key = parse(row["key"]).expr.xreplace(params).contains(value)
        in_answer = parse(row["answer"]).expr.xreplace(params).contains(value)
        assert (bool(in_key), bool(in_answer)) == (witness["in_key"], witness["in_answer"])
        assert in_key != in_answer
        return
    point = exact_point(witness)
    for assumption in row.get("assume", []):
        assert holds(condition(assumption), point), f"the witness breaks the assumption {assumption}"
    if "in_key" in witness:
        in_key, in_answer = membership(row["key"], point), membership(row["answer"], point)
        assert (in_key, in_answer) == (witness["in_key"], witness["in_answer"]), (point, witness)
        assert in_key != in_answer
        return
    key = real_value(parse(row["key"]).expr.doit().xreplace(point))
    answer = real_value(parse(row["answer"]).expr.doit().xreplace(point))
    assert key is not None and answer is not None, f"both sides must be real at the witness {point}"
    assert abs(key - answer) > sp.Float(10) ** -60 * max(1, abs(key), abs(answer))
    assert abs(float(key) - witness["key"]) <= 1e-9 * max(1.0, abs(float(key)))
    assert abs(float(answer) - witness["answer"]) <= 1e-9 * max(1.0, abs(float(answer)))


# --------------------------------------------------------------------------------------------
# single pairs, the command line


def test_one_pair_json_shape_and_exit_codes():
    code, out = run("equiv", "x^2 > 4", r"x < -2 \vee x > 2", "--json")
    result = json.loads(out)
    assert code == 0 and result["verdict"] == "equivalent" and SHAPE <= set(result)
    assert result["kind"] == "inequality" and result["key_parsed"] == "x**2 > 4"
    code, out = run("equiv", "x^2 = 4", "x = 2")
    assert out.splitlines()[:2] == ["key read as: Eq(x**2, 4)", "answer read as: Eq(x, 2)"]  # the reading is shown
    assert code == 1 and out.splitlines()[2].startswith("different: x = -2 satisfies the key but not the answer")
    code, out = run("equiv", "f(x)", "g(x)")
    assert code == 1 and out.splitlines()[2].startswith("undecided: uses functions defined elsewhere")
    code, out = run("equiv", r"\sqrt{x^2}", "x", "--assume", r"x \ge 0")
    assert code == 0


def test_input_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert run("equiv", "x +", "x")[0] == 2
    assert "does not parse" in capsys.readouterr().err
    assert run("equiv", "x", "x", "--assume", r"\input{x}")[0] == 2
    assert run("equiv", "x")[0] == 2
    assert run("equiv", "--batch", str(tmp_path / "missing.yaml"))[0] == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "mapping.yaml").write_text("key: x\nanswer: x\n")
    assert run("equiv", "--batch", str(tmp_path / "mapping.yaml"))[0] == 2
    assert "expected a list" in capsys.readouterr().err
    (tmp_path / "broken.yaml").write_text("- {id: a, key: 'x'\n")
    assert run("equiv", "--batch", str(tmp_path / "broken.yaml"))[0] == 2
    assert run("equiv", "x", "x", "--batch", str(TABLE))[0] == 2


def test_case_sensitive_names():
    """Names are case-sensitive: X is not x. An answer that is the key with X read as x is a person's to judge
    (undecided, saying so); one that is not the key under any such reading is different."""
    result = equivalent("x^2 + y", "X^2 + y")
    assert result["verdict"] == "undecided" and "X read as x" in result["reason"], result
    twin = equivalent("x^2 + y", "X^3 + y")
    assert twin["verdict"] == "different"
    assert set(twin["witness"]["at"]) == {"x", "X", "y"}
    assert equivalent(r"\Lambda", r"\lambda")["verdict"] == "undecided"
    assert equivalent(r"2\Lambda", r"\lambda")["verdict"] == "different"


def test_truncated_parse_is_undecided_never_a_verdict_on_a_prefix():
    for answer in ("x + 1 +", "x + 1)", r"x + 1 \frac{", "x^2 = 4 \\vee"):
        result = equivalent("x + 1", answer)
        assert result["verdict"] == "undecided" and result["method"] == "input", (answer, result)
        assert "does not parse" in result["reason"]


def test_bad_pairs_get_their_own_verdict_in_process():
    pairs = [
        ["not", "a", "mapping"],
        {"id": "no-answer", "key": "x"},
        {"id": "bad-assume", "key": "x", "answer": "x", "assume": [{"x": 1}]},
        {"id": "number", "key": 2, "answer": r"\frac{4}{2}"},
        # a field the pair does not have (a misspelt "assume") is refused, as an answer key's is (session 59)
        {"id": "unknown", "key": "2x > 6", "answer": "x > 3", "ignored": "field"},
        {"id": "ok", "key": "2x > 6", "answer": "x > 3", "note": "a note is a field"},
    ]
    results = equivalent_batch(pairs, jobs=0)
    assert [r["id"] for r in results] == ["0", "no-answer", "bad-assume", "number", "unknown", "ok"]
    # a key YAML read as a number is refused as grade refuses it (010 would be 8, 1.00 would be 1.0: never as written)
    assert [r["verdict"] for r in results] == ["undecided", "undecided", "undecided", "undecided", "undecided", "equivalent"]
    assert "unknown field 'ignored'" in results[4]["reason"]
    assert "not a mapping" in results[0]["reason"] and "no answer" in results[1]["reason"]
    assert "put it in quotes" in results[3]["reason"]


def test_a_stuck_worker_is_stopped_and_the_batch_goes_on():
    pairs = [
        # seconds a point, several in all (against 1 + x it is now refuted at the first point, in a second)
        {"id": "slow", "key": r"\sum_{k=1}^{10^{5}} \frac{1}{k^x}", "answer": r"\sum_{k=1}^{10^{5}} \frac{1}{k^x} + 10^{-70}"},
        {"id": "quick", "key": "x^2 = 4", "answer": r"\{-2, 2\}"},
    ]
    # the slow pair takes about 16 s here (more under load); 1 s of wall time also stopped the quick pair in a fresh
    # worker when the machine was busy (its first solve loads SymPy's solvers): 8 s tells the two apart either way
    results = equivalent_batch(pairs, jobs=1, timeout_s=30, deadline_s=8.0)
    assert results[0]["verdict"] == "undecided" and "worker was stopped" in results[0]["reason"]
    assert results[1]["verdict"] == "equivalent"


def test_sets_that_sympy_cannot_compare_in_time_are_told_apart_at_their_endpoints(monkeypatch):
    # Seen in a loaded CI run: SymPy's Complement ran out of its share of time and the sampled points
    # (0 and interior points) agreed, so [0, sqrt 2] and [0, 1.414] came out 'equivalent'. The endpoints,
    # a point in each gap and one beyond each end decide two unions of intervals; SymPy is not needed.
    import sympy as sp

    def no_time(*args, **kwargs):
        raise NotImplementedError("as if out of time")

    monkeypatch.setattr(sp, "Complement", no_time)
    result = equivalent(r"[0, \sqrt{2}]", "[0, 1.42]")  # (1.414 is the end rounded: the key's to say, session 49)
    assert result["verdict"] == "different", result
    assert equivalent(r"(0, 1) \cup (1, 2)", "(0, 2)")["verdict"] == "different"  # they differ at 1 only
    assert equivalent("[0, 2]", r"[0, 1] \cup [1, 2]")["verdict"] == "equivalent"  # the right twin
