r"""No markup from input: what a student (or a claim file) writes never runs as TeX.

A student's answer reaches the grading PDF: the "Read as" line typesets SymPy's LaTeX of the
parsed answer, and SymPy prints a symbol's name as it is. A name such as
``x^{(\openin1 /etc/passwd \readline1to\x \x)}`` once put /etc/passwd into the PDF, and
``\scantokens`` with ``^^5c`` escapes rewrote gradebook.csv. Two layers stop that, tested here
without relying on the LaTeX reader (hostile SymPy symbols are built directly):

- the gate (:func:`derivax.tex.math_tex_problem`): math is typeset only when every control
  sequence is on an allow-list of what SymPy's printer emits; anything else is shown escaped;
- the sandbox (:func:`derivax.tex.compile_pdf`): each PDF is compiled in its own scratch folder
  with kpathsea in paranoid mode, no shell escape and a wall-time limit, so even TeX that got past
  the gate reads and writes nothing outside that folder and cannot hang the class.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import derivax.latex
from derivax import Claim, Settings, Sym, Twin
from derivax.evidence import Counterexample, Verdict
from derivax.feedback import _read_as, build_grading_tex, write_grading_pdf
from derivax.grading import AnswerResult, StudentResult
from derivax.judge import Judgement
from derivax.latex import Parsed
from derivax.report import build_tex
from derivax.tex import ReportError, compile_pdf, escape_latex, inline_math, math_tex_problem, prose, safe_math_tex
from derivax.verification import verify

_TEX = shutil.which("pdflatex")
_PDFTOTEXT = shutil.which("pdftotext")
needs_tex = pytest.mark.skipif(
    _TEX is None or _PDFTOTEXT is None,
    reason="no TeX installation (pdflatex) or pdftotext on PATH; install them with: "
    "apt-get install -y --no-install-recommends latexmk texlive-latex-base texlive-latex-recommended lmodern poppler-utils",
)

# The primitives and macros of the attacks: reading and writing files, re-reading text as TeX, defining.
FORBIDDEN = (
    "openin",
    "readline",
    "read",
    "scantokens",
    "input",
    "write",
    "openout",
    "catcode",
    "csname",
    "def",
    "immediate",
    "expandafter",
    "lowercase",
    "uppercase",
    "endinput",
    "special",
    "newread",
    "jobname",
)
PASSWD = r"x_{a}^{(\openin1 /etc/passwd \readline1to\x \x)}"
SCANTOKENS = r"\scantokens{^^5cimmediate^^5cwrite18{rm -rf ~}}"
PAYLOADS = (
    PASSWD,
    SCANTOKENS,
    r"\input{/etc/passwd}",
    r"\immediate\write16{x}",
    r"\catcode`\^^5c=12",
    r"\csname openin\endcsname",
    r"^^5cinput /etc/passwd",
    r"\def\a{\a}\a",
    r"\expandafter\openin",
    r"\openout1=gradebook.csv",
)
HOSTILE_NAMES = (
    r"x^{(\openin1 /etc/passwd \readline1to\x \x)}",
    r"y_{\scantokens{^^5cwrite18{id}}}",
    r"w\immediate\write18{touch pwned}",
    r"z^^5cinput{/etc/passwd}",
    r"v\catcode92=12 \def\x{1}",
    r"u\csname input\endcsname{/etc/passwd}",
)


def control_words(tex: str) -> set[str]:
    """The control words TeX would see in ``tex`` (escaped text has none: its backslashes are \\textbackslash)."""
    return set(re.findall(r"\\([A-Za-z]+)", tex))


def assert_inert(tex: str) -> None:
    """No forbidden control word and no ``^^`` escape anywhere in ``tex``."""
    assert not control_words(tex) & set(FORBIDDEN), sorted(control_words(tex) & set(FORBIDDEN))
    assert "^^" not in tex


# --- (a) the gate: SymPy's LaTeX passes, attacks do not -----------------------------------------------------------

x, y, n, k = sp.symbols("x y n k")
SYMPY_EXPRESSIONS = [
    x / y,
    sp.Rational(3, 4),
    sp.sqrt(x) + sp.root(x, 3),
    sp.Sum(x**k / sp.factorial(k), (k, 0, n)),
    sp.Product(1 - x / k, (k, 1, n)),
    sp.log(x) + sp.log(x, 2) - sp.ln(y),
    1 / (1 + sp.exp(-x)),
    sp.exp(-x) / (1 + sp.exp(-x)) ** 2,
    sp.Symbol("alpha_1") * sp.Symbol("sigma") ** 2 + sp.Symbol("lambda_max") - sp.Symbol("Delta"),
    sp.Symbol("w_hat") + sp.Symbol("xdot") + sp.Symbol("xbar") + sp.Symbol("xvec") + sp.Symbol("xbold"),
    sp.Matrix([[1, x], [y, sp.sqrt(2)]]),
    sp.Matrix([x, y, 1]),
    sp.Abs(x) + sp.floor(x) + sp.ceiling(y),
    sp.Max(x, y) - sp.Min(x, 0),
    sp.Piecewise((x, x > 0), (0, True)),
    sp.Derivative(sp.Function("f")(x), x),
    sp.Derivative(sp.Function("f")(x, y), x, y),
    sp.Integral(sp.exp(-(x**2)), (x, -sp.oo, sp.oo)),
    sp.Limit(sp.sin(x) / x, x, 0),
    sp.Limit((1 + x / n) ** n, n, sp.oo),
    sp.tanh(x) + sp.atan(x) + sp.cosh(y),
    sp.Eq(x, y),
    sp.Ne(x, 1),
    sp.And(x >= 0, y <= 1),
    sp.Or(x > 0, sp.Not(y < 1)),
    sp.Implies(x > 0, y > 0),
    sp.Interval.open(0, sp.oo),
    sp.Union(sp.Interval(0, 1), sp.FiniteSet(2, 3)),
    sp.Complement(sp.S.Reals, sp.FiniteSet(0)),
    sp.S.EmptySet,
    sp.binomial(n, k) * sp.gamma(x),
    sp.Float(1.5e-20) * x,
    sp.Indexed("w", sp.Idx("i")),
    sp.Function("sigma")(x) * (1 - sp.Function("sigma")(x)),
    sp.KroneckerDelta(n, k),
    sp.I * x + sp.conjugate(y),
    sp.oo - sp.zoo,
    sp.MatrixSymbol("W", 2, 2).T * sp.MatrixSymbol("v", 2, 1),
]


@pytest.mark.parametrize("expr", SYMPY_EXPRESSIONS, ids=lambda e: str(e)[:40])
def test_sympy_latex_passes_the_gate(expr):
    tex = sp.latex(expr)
    assert math_tex_problem(tex) == "", tex
    assert inline_math(tex) == f"${tex}$"


_LEAVES = st.sampled_from(
    [sp.Symbol(s) for s in ("x", "y", "w_1", "alpha", "sigma", "eta", "lambda_max", "theta_hat", "b")] + [sp.Integer(2), sp.Rational(1, 3)]
)
_EXPRESSIONS = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda a, b: a + b, inner, inner),
        st.builds(lambda a, b: a * b, inner, inner),
        st.builds(lambda a, b: a / (1 + b**2), inner, inner),
        st.builds(lambda a: a**2, inner),
        st.builds(sp.sqrt, inner),
        st.builds(sp.exp, inner),
        st.builds(lambda a: sp.log(1 + a**2), inner),
        st.builds(sp.sin, inner),
        st.builds(sp.Abs, inner),
        st.builds(lambda a: 1 / (1 + sp.exp(-a)), inner),
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EXPRESSIONS)
def test_sympy_latex_of_built_expressions_passes_the_gate(expr):
    tex = sp.latex(expr)
    assert safe_math_tex(tex), (tex, math_tex_problem(tex))


@pytest.mark.parametrize("payload", PAYLOADS + HOSTILE_NAMES)
def test_attacks_are_refused(payload):
    assert math_tex_problem(payload) != ""
    assert math_tex_problem(sp.latex(sp.Symbol(payload) ** 2 + 1)) != ""
    shown = inline_math(payload)
    assert shown.startswith(r"\texttt{")  # shown, escaped, as text
    assert_inert(shown)


@pytest.mark.parametrize(
    "tex",
    [
        r"\openin",
        r"\readline",
        r"\scantokens",
        r"\input",
        r"\write",
        r"\catcode",
        r"\csname",
        "^^5c",
        r"\def",
        r"\immediate",
        r"\let",
        r"\edef",
        r"\futurelet",
        r"\afterassignment",
        r"\pdfprimitive",
        r"\directlua",
        r"\special",
        r"\jobname",
        r"\usepackage",
        "x % comment",
        "#1",
        "a $ b",
        "x^^M",
        "\u03b1",
        "x\x00",
        "x\n\ny",
        "x\\",
        r"\text{\input{/etc/passwd}}",
        r"\mathrm{\openin1}",
        r"\operatorname{\scantokens{x}}",
        r"\begin{document}",
        r"\end{document}",
        r"\begin {matrix} 1 \end {matrix}",
        r"\begin{matrix} 1 \end{pmatrix}",
        r"\left( x",
        r"x \right)",
        r"\left\input x \right)",
        r"{x",
        r"x}",
        r"a & b",
        r"a \\ b",
        r"\text{x^2}",
        r"\text",
        r"\frac12^",
    ],
)
def test_forbidden_control_sequences_and_characters_are_refused(tex):
    assert not safe_math_tex(tex), tex


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_text_always_passes_inside_text(text):
    r"""Whatever a student types, ``\text{escape_latex(...)}`` is math that passes: the fallback never fails."""
    assert math_tex_problem(rf"\text{{{escape_latex(text)}}}") == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"\\{}^_$%#&~ x15cinputopenwrite", "^^5c", r"\input", r"\openin", "\u00e9", r"\frac"])).map("".join))
def test_math_from_any_text_is_inert(text):
    """Arbitrary text through ``inline_math``: either it passes the gate, or it is printed as text with no command in it."""
    shown = inline_math(text)
    if safe_math_tex(text):
        assert shown == f"${text}$"
    else:
        assert shown.startswith(r"\texttt{")
    assert_inert(shown)


def test_prose_keeps_good_math_and_escapes_hostile_math():
    tex = prose(r"Good :math:`\frac{1}{n}`; bad :math:`\input{/etc/passwd}` and $\openin1 x$ and \(^^5cdef\).")
    assert r"$\frac{1}{n}$" in tex
    assert_inert(tex)
    assert "/etc/passwd" in tex  # shown, not dropped


# --- (b) the grading TeX: hostile answers, readings, counterexamples ------------------------------------------------


def _hostile_reading(monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...] = HOSTILE_NAMES) -> None:
    """Make the reader return symbols with hostile names, whatever the answer (the test does not depend on it)."""
    expr = sum((sp.Symbol(name) ** 2 for name in names), sp.Integer(0)) + 1 / (1 + sp.exp(-sp.Symbol(names[0])))

    def parse(text: str, **_kw: object) -> Parsed:
        return Parsed(text, expr, "expression")

    monkeypatch.setattr(derivax.latex, "parse", parse)


def _hostile_result() -> StudentResult:
    at = {name: 0.5 for name in HOSTILE_NAMES}
    at["plain_string"] = r"\openin1=/etc/passwd ^^5c"
    ce = Counterexample(at=at, lhs=r"\scantokens{^^5cinput}", rhs=[1.0, r"\csname x\endcsname"], note=r"\write18{id}")
    judgement = Judgement(Verdict.REFUTED, r"numeric \immediate", "differs", ce)
    return StudentResult(
        student=r"Eve \openin1 /etc/passwd \readline1to\x \x",
        source=r"subs/\input{/etc/passwd}.yaml",
        error=r"\catcode`\^^5c=12",
        results=[
            AnswerResult("p1", "incorrect", r"differs; \def\a{\a}\a", 0.0, 1.0, PASSWD, judgement),
            AnswerResult("p2", "correct", "equivalent", 1.0, 1.0, SCANTOKENS),
            AnswerResult("p3", "undecided", r"\immediate\write16{x}", 0.0, 1.0, r"\csname openin\endcsname"),
        ],
    )


class _Key:
    """A key whose student spellings are hostile (counterexample points print them)."""

    def spelled(self, name: str) -> str:
        return name + r"\expandafter\input"


def test_grading_tex_has_no_command_from_the_student(monkeypatch):
    _hostile_reading(monkeypatch)
    assert _read_as("anything") is not None and _read_as("anything").startswith(r"\texttt{")  # shown as text, not dropped
    tex = build_grading_tex(_hostile_result(), {"p1": _Key()})
    body = tex.split(r"\begin{document}", 1)[1]
    assert_inert(body)
    assert_inert(tex)
    assert "Read as:" in tex and "shown as text" in tex
    assert "etc/passwd" in body  # the payload is printed (escaped), never silently dropped


def test_a_safe_reading_is_still_typeset(monkeypatch):
    monkeypatch.setattr(derivax.latex, "parse", lambda text, **_kw: Parsed(text, 1 / (1 + sp.exp(-sp.Symbol("x"))), "expression"))
    assert _read_as("anything") == r"$\displaystyle \frac{1}{1 + e^{- x}}$"


def test_claim_from_a_user_file_is_inert():
    """A claim file is input too: its symbol names and LaTeX, doc and twins reach the report."""
    name, latex = HOSTILE_NAMES[0], r"\input{/etc/passwd}"
    s = Sym(name, latex, typical=(-1.0, 1.0))
    t = Sym(HOSTILE_NAMES[2], typical=(-1.0, 1.0))
    X, T = s.symbol, t.symbol
    claim = Claim(
        id="hostile-user-claim",
        title=r"\openin1 /etc/passwd",
        doc=r"See :math:`\scantokens{^^5cinput /etc/passwd}` and :math:`x^2`.",
        symbols=(s, t),
        lhs=(X + T) ** 2,
        rhs=X**2 + 2 * X * T + T**2,
        witness=lambda a, b: (a + b) ** 2,
        refs=(r"\input{/etc/passwd}, section \write18",),
        twins=(Twin(r"\openin1", r"\csname input\endcsname", rhs=X**2 + T**2),),
    )
    fast = Settings(samples=8, examples=5, seed=0, checks=("symbolic",))
    twins = {claim.id: [verify(t, fast) for t in claim.wrong_twins()]}
    tex = build_tex([verify(claim, fast)], twins, fast, date="2026-01-01")
    assert_inert(tex.split(r"\begin{document}", 1)[1])
    assert "$x^2$" in tex


# --- (c) compiled: nothing read from /etc/passwd, nothing written next to the PDF ---------------------------------


def _only(runner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile with latexmk (when installed) or, hiding it, with pdflatex twice: both paths are confined."""
    if runner == "latexmk" and shutil.which("latexmk") is None:
        pytest.skip("latexmk is not on PATH")
    if runner == "pdflatex":
        real = shutil.which
        monkeypatch.setattr("derivax.tex.shutil.which", lambda name: None if name == "latexmk" else real(name))


def _passwd_first_line() -> str:
    passwd = Path("/etc/passwd")
    return passwd.read_text(encoding="utf-8", errors="replace").splitlines()[0] if passwd.is_file() else "root:x:0:0"


def _pdf_text(pdf: Path) -> str:
    return subprocess.run([_PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_tex
@pytest.mark.parametrize("gate", ["on", "bypassed"])
def test_student_pdf_reads_no_file_and_writes_none(tmp_path, monkeypatch, gate):
    """With the gate, the payload is printed as text; with it bypassed, the sandbox still holds."""
    _hostile_reading(monkeypatch, (r"x^{(\openin1 /etc/passwd \readline1to\x \x)}",))
    if gate == "bypassed":
        monkeypatch.setattr("derivax.tex.math_tex_problem", lambda _tex: "")
        monkeypatch.setattr("derivax.feedback.math_tex_problem", lambda _tex: "")
    gradebook = tmp_path / "gradebook.csv"
    gradebook.write_text("student,score\nann,1\n", encoding="utf-8")
    student = StudentResult("Eve", "eve.yaml", [AnswerResult("p1", "incorrect", "differs", 0.0, 1.0, PASSWD)])
    written = write_grading_pdf(student, tmp_path)
    assert written.tex.is_file() and not (written.pdf is None and not written.failed)
    if written.pdf is not None:
        text = _pdf_text(written.pdf)
        assert _passwd_first_line() not in text and "root:x:0:0" not in text
    else:  # TeX stopped at the refused \openin: a failed PDF for this student, said so
        assert written.message.startswith("no PDF for Eve:")
    assert gradebook.read_text(encoding="utf-8") == "student,score\nann,1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["gradebook.csv", "Eve.tex"] + (["Eve.pdf"] if written.pdf else []))


_SNOOP = r"""\documentclass{article}
\begin{document}
\newread\r
\openin\r=/etc/passwd \ifeof\r ABSOLUTE-CLOSED\else\read\r to\x ABSOLUTE-OPEN:\x\fi\closein\r
\openin\r=../gradebook.csv \ifeof\r PARENT-CLOSED\else PARENT-OPEN\fi\closein\r
\openin\r=gradebook.csv \ifeof\r SIBLING-CLOSED\else\read\r to\x SIBLING-OPEN:\x\fi\closein\r
\openin\r=.secret \ifeof\r DOT-CLOSED\else DOT-OPEN\fi\closein\r
\end{document}
"""


@needs_tex
@pytest.mark.parametrize("runner", ["latexmk", "pdflatex"])
def test_compile_reads_only_its_scratch_folder(tmp_path, monkeypatch, runner):
    """TeX that got past every gate still cannot read /etc/passwd or the files next to its .tex."""
    _only(runner, monkeypatch)
    monkeypatch.setenv("TEXINPUTS", f"{tmp_path}:")  # a caller's search path must not open the output folder
    monkeypatch.setenv("openin_any", "a")  # nor a permissive setting of the caller's
    (tmp_path / "gradebook.csv").write_text("student,score\n", encoding="utf-8")
    (tmp_path / ".secret").write_text("secret\n", encoding="utf-8")
    tex = tmp_path / "snoop.tex"
    tex.write_text(_SNOOP, encoding="utf-8")
    pdf = compile_pdf(tex, 60)
    text = " ".join(_pdf_text(pdf).split())
    for what in ("ABSOLUTE", "PARENT", "SIBLING", "DOT"):
        assert f"{what}-CLOSED" in text, text
    assert "root:x:0:0" not in text and _passwd_first_line() not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [".secret", "gradebook.csv", "snoop.pdf", "snoop.tex"]


@needs_tex
@pytest.mark.parametrize(
    "target", ["gradebook.csv", "../out/gradebook.csv", "{ABS}/gradebook.csv", "latexmkrc"], ids=["sibling", "parent", "absolute", "rc"]
)
@pytest.mark.parametrize("runner", ["latexmk", "pdflatex"])
def test_compile_writes_nothing_outside_its_scratch_folder(tmp_path, monkeypatch, target, runner):
    _only(runner, monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    gradebook = out / "gradebook.csv"
    gradebook.write_text("student,score\nann,1\n", encoding="utf-8")
    name = target.replace("{ABS}", str(out))
    tex = out / "writer.tex"
    tex.write_text(
        "\\documentclass{article}\\begin{document}\\newwrite\\w\\immediate\\openout\\w=" + name + "\\relax\n"
        "\\immediate\\write\\w{pwned}\\immediate\\closeout\\w written\\end{document}\n",
        encoding="utf-8",
    )
    try:
        compile_pdf(tex, 60)
    except ReportError as error:  # paranoid TeX refuses the file: "I can't write on file"
        assert "can't write" in str(error) or "writer.tex" in str(error)
    assert gradebook.read_text(encoding="utf-8") == "student,score\nann,1\n"
    assert not (out / "latexmkrc").exists()
    assert sorted(p.name for p in out.iterdir() if p.name != "writer.pdf") == ["gradebook.csv", "writer.tex"]


# --- (d) a TeX loop times out, as a failure, quickly --------------------------------------------------------------

_LOOP = "\\documentclass{article}\\begin{document}\\def\\a{\\a}\\a\\end{document}\n"


@pytest.mark.parametrize("runner", ["latexmk", "pdflatex"])
def test_a_looping_document_times_out_as_a_failure(tmp_path, monkeypatch, runner):
    if _TEX is None:
        pytest.skip("no TeX installation (pdflatex) on PATH")
    _only(runner, monkeypatch)
    tex = tmp_path / "loop.tex"
    tex.write_text(_LOOP, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ReportError, match=r"took longer than 3 s on .*loop\.tex"):
        compile_pdf(tex, 3)
    assert time.monotonic() - started < 15
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.tex"]


def test_a_student_pdf_that_fails_or_times_out_is_returned_not_raised(tmp_path, monkeypatch):
    if _TEX is None:
        pytest.skip("no TeX installation (pdflatex) on PATH")
    student = StudentResult("Loopy", "loopy.yaml", [AnswerResult("p1", "correct", "ok", 1.0, 1.0, "x")])
    (tmp_path / "Loopy.pdf").write_bytes(b"%PDF stale")  # an earlier run's PDF must not pass for this one's
    monkeypatch.setattr("derivax.feedback.build_grading_tex", lambda *_a, **_kw: _LOOP)
    started = time.monotonic()
    written = write_grading_pdf(student, tmp_path, timeout_s=3)
    assert time.monotonic() - started < 15
    assert written.pdf is None and written.failed
    assert written.message.startswith("no PDF for Loopy:") and "took longer than 3 s" in written.message
    assert written.tex == tmp_path / "Loopy.tex" and written.tex.is_file()
    assert not (tmp_path / "Loopy.pdf").exists()
    monkeypatch.setattr("derivax.feedback.build_grading_tex", lambda *_a, **_kw: "\\documentclass{article}\\begin{document}\\oops\n")
    written = write_grading_pdf(student, tmp_path)
    assert written.pdf is None and written.failed and "Undefined control sequence" in written.message
