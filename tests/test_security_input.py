r"""Nothing from input runs as code: a corpus of payloads through every input channel, and a canary file.

Each payload, if it reached the Python source that ``sympy.lambdify`` generates, would create the
canary file. The first test shows that the payloads are live (plain ``lambdify`` of a function named
by the payload does create the canary), so the channel tests below are not vacuous: if any channel
let a name from input into generated code, its canary would appear.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import sympy as sp
import yaml

from derivax.cli import main
from derivax.codegen import UnsafeExpression, safe_lambdify
from derivax.latex import LatexError, parse

# Payloads in a label ^{(...)}: the grammar reads a label only when its text is an index (i, l-1, \ell), so it
# refuses these outright; they stay to show that this door is shut (a refusal, never code run).
_IN_A_LABEL = {"function-labels", "prime-function", "sum-index-label", "symbol-label"}


def _opener(canary: Path) -> str:
    # A Python expression without parentheses or braces (the grammar's labels refuse them):
    # string escapes spell the parentheses inside a literal, and exec runs it.
    return "'open\\x28\"" + str(canary) + '","w"\\x29#\'+str'


def payloads(canary: Path) -> dict[str, str]:
    """LaTeX whose names, if printed into Python source, would create ``canary``."""
    code = _opener(canary)
    return {
        "function-labels": rf"F_{{a}}^{{(0 if 0 else exec)}}(G_{{a}}^{{(0 if 0 else {code})}}(x))",
        "prime-function": rf"F_{{a}}^{{(0 if 0 else exec)}}'(G_{{a}}^{{(0 if 0 else {code})}}(x))",
        "sum-index-label": rf"\sum_{{i_{{a}}^{{(0 if 0 else {code})}}=1}}^{{3}} x",
        "symbol-label": rf"x_{{a}}^{{(0 if 0 else {code})}}",
        "subscript-text": rf"x_{{0 if 0 else {code}}}",
        "derivative-symbol": rf"\frac{{\partial C_{{{code}}}}}{{\partial x}}",
    }


def _relation(payload: str) -> str:
    return payload + " > 0" if "\\sum" not in payload else payload + " = 3x"


def test_the_payloads_are_live(tmp_path):
    """Plain lambdify of a function named by the payload runs it; safe_lambdify refuses it."""
    canary = tmp_path / "CANARY"
    x = sp.Symbol("x")
    # The names the reader made before names became safe identifiers: base_sub^label.
    name = "F_a^0 if 0 else exec"
    inner = sp.Function(f"G_a^0 if 0 else {_opener(canary)}")(x)
    expr = sp.Function(name)(inner)
    fn = sp.lambdify([x], expr, modules="mpmath")
    try:
        fn(1)
    except Exception:  # the payload's call returns None and the outer call fails: the canary is made first
        pass
    assert canary.exists(), "the payload should be live against plain lambdify, or the channel tests prove nothing"
    canary.unlink()
    with pytest.raises(UnsafeExpression):
        safe_lambdify([x], expr, "mpmath")
    assert not canary.exists()


@pytest.mark.parametrize("kind", list(payloads(Path("/c"))))
def test_reading_gives_safe_identifiers(kind, tmp_path):
    """Every symbol and function name the reader makes is an ASCII identifier; a payload in a label is refused."""
    text = _relation(payloads(tmp_path / "CANARY")[kind])
    if kind in _IN_A_LABEL:
        with pytest.raises(LatexError):
            parse(text)
        return
    parsed = parse(text)
    names = {s.name for s in parsed.expr.atoms(sp.Symbol)}
    names |= {str(f.func) for f in parsed.expr.atoms(sp.core.function.AppliedUndef)}
    assert names
    for name in names:
        assert name.isascii() and name.replace("_", "a").isalnum(), name


def test_safe_lambdify_refuses_a_hostile_symbol_name_it_did_not_rename():
    """Bound and free symbols with any name are renamed before code is generated."""
    hostile = sp.Symbol("__import__('os').system('true')")
    i = sp.Symbol("i; import os", integer=True)
    fn = safe_lambdify([hostile], sp.Sum(hostile * i, (i, 1, 3)), "mpmath")
    assert fn(2) == 12


@pytest.fixture
def canary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "CANARY"
    yield path
    assert not path.exists(), "input ran as code: the canary file was created"


def _kinds() -> list[str]:
    return list(payloads(Path("/c")))


@pytest.mark.parametrize("kind", _kinds())
def test_check_relation_and_assumption(kind, canary, capsys):
    p = payloads(canary)[kind]
    assert main(["check", _relation(p), "--timeout", "3"]) in (0, 1, 2)
    assert main(["check", "x^2 \\ge 0", "--assume", _relation(p), "--timeout", "3"]) in (0, 1, 2)


@pytest.mark.parametrize("kind", _kinds())
def test_equiv_single_and_batch(kind, canary, tmp_path, capsys):
    p = payloads(canary)[kind]
    assert main(["equiv", p, "x", "--timeout", "3"]) in (0, 1, 2)
    assert main(["equiv", "x", "x", "--assume", _relation(p), "--timeout", "3"]) in (0, 1, 2)
    batch = tmp_path / "pairs.yaml"
    batch.write_text(
        yaml.safe_dump(
            [
                {"id": "side", "key": "x", "answer": p},
                {"id": "assume", "key": "x", "answer": "x", "assume": [_relation(p)]},
                {"id": "honest", "key": "x^2", "answer": "x \\cdot x"},
            ]
        ),
        encoding="utf-8",
    )
    assert main(["equiv", "--batch", str(batch), "--jobs", "1", "--timeout", "3", "--json"]) in (0, 1)
    out = capsys.readouterr().out
    assert '"honest"' in out


@pytest.mark.parametrize("kind", _kinds())
def test_documents_markdown_and_tex(kind, canary, tmp_path, capsys):
    p = payloads(canary)[kind]
    md = tmp_path / "hw.md"
    md.write_text(f"<!-- derivax: assume {_relation(p)} -->\n$$x + x = 2x$$\n\n$$ {p} = {p} + 0 $$\n", encoding="utf-8")
    tex = tmp_path / "hw.tex"
    tex.write_text(f"% derivax: assume {_relation(p)}\n\\[ x + x = 2x \\]\n\\[ {p} = {p} + 0 \\]\n", encoding="utf-8")
    assert main(["steps", str(md), str(tex), "--format", "json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("kind", _kinds())
def test_grade_answers_and_keys(kind, canary, tmp_path, capsys):
    p = payloads(canary)[kind]
    sub = tmp_path / "student.yaml"
    sub.write_text(yaml.safe_dump({"student": "Eve", "answers": {"sigmoid-derivative": p, "k": p}}), encoding="utf-8")
    key = tmp_path / "key.yaml"
    key.write_text(yaml.safe_dump({"k": {"answer": "x", "assume": [_relation(p)]}, "k2": {"answer": p}}), encoding="utf-8")
    out = tmp_path / "out"
    # A key whose answer cannot be read is refused as a whole (exit 2): the payloads in a label are unreadable.
    assert main(["grade", str(sub), "--key", str(key), "--out", str(out), "--jobs", "1", "--timeout", "3"]) in (
        (2,) if kind in _IN_A_LABEL else (0, 1)
    )
    assert main(["grade", str(sub), "--problems", "sigmoid-derivative", "--out", str(out), "--jobs", "1", "--timeout", "3"]) in (0, 1)


def test_a_document_with_a_payload_still_judges_its_honest_steps(tmp_path, capsys):
    canary = tmp_path / "CANARY"
    p = payloads(canary)["function-labels"]
    doc = tmp_path / "hw.md"
    doc.write_text(
        textwrap.dedent(f"""
        $$ {p} = {p} + 0 = x $$

        $$ (x+1)^2 = x^2 + 2x + 1 = (1 + x)^2 $$
        """),
        encoding="utf-8",
    )
    main(["steps", str(doc), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert not canary.exists()
    statuses = [s["status"] for d in report["documents"] for s in d["steps"]]
    assert statuses[-2:] == ["ok", "ok"], statuses


def test_the_audit_admits_a_ufunc_reduce_and_no_other_attribute():
    """NumPy's printer writes logical_and.reduce for Piecewise: that, and only a ufunc's reduce, passes."""
    import io
    import tokenize

    import numpy as np

    from derivax.codegen import _attribute_of_namespace

    x = sp.Symbol("x", real=True)
    fn = safe_lambdify([x], sp.Piecewise((x, (x > 0) & (x < 2)), (0, True)), "numpy")
    assert float(fn(1.0)) == 1.0 and float(fn(3.0)) == 0.0

    def attribute(source: str, namespace: dict) -> bool:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        return _attribute_of_namespace(tokens, 2, namespace)

    assert attribute("logical_and.reduce(a)", {"logical_and": np.logical_and})
    assert not attribute("logical_and.accumulate(a)", {"logical_and": np.logical_and})  # not the printer's
    assert not attribute("os.system('x')", {"os": __import__("os")})  # a module's function: refused
    assert not attribute("mystery.reduce(a)", {})  # an owner the namespace does not hold
