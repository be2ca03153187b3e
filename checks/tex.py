r"""TeX safety and compilation: escaping, the one gate for math, and the sandboxed compiler.

The two documents derivax typesets, the claim library's report (:mod:`derivax.report`) and a
student's grading feedback (:mod:`derivax.feedback`), are built from the pieces here and nothing
else touches TeX. This module imports neither of them.

Escaping: every string a template prints is escaped with :func:`escape_latex` unless it is a
:class:`Tex`, LaTeX that derivax built itself (SymPy's ``latex()`` of a statement, a symbol's
domain, numbers). So a claim title, a reference, a twin's reason or a student's name or answer
containing ``_ % & # $ { } \ ~ ^`` is printed as those characters and cannot break the build.
Prose fields that are documented as LaTeX (a claim's ``doc``, its proof facts) keep their math
segments (``:math:`...```, ``\(...\)``, ``$...$``) when those pass the gate below, and escape
everything else (:func:`prose`).

No markup from input: SymPy prints a symbol's name as it is, so SymPy's LaTeX of a student's
answer or of a user's claim can carry any TeX (``x^{\openin1 /etc/passwd ...}``). All math goes
through one gate, :func:`math_tex_problem`: only control sequences on an allow-list of what
SymPy's printer emits (and escape_latex's vocabulary inside ``\text``), no ``^^`` escapes, no
``% # $``, nothing but printable ASCII, nested groups. Math that fails it is printed as escaped
text (``\texttt``), never dropped. Behind the gate, :func:`compile_pdf` runs TeX in a scratch
folder holding only the document, with kpathsea in paranoid mode (no reading or writing outside
it), no shell escape and a wall-time limit that kills the process group.

Templates (``checks/templates/*.tex.j2``) are rendered by :func:`render` with LaTeX-safe Jinja2
delimiters; :func:`write_tex` writes a document and, when asked, compiles it.

The TeX toolchain on Debian: :data:`APT_INSTALL` (``lmodern`` is optional: without it the
documents fall back to Computer Modern in the OT1 encoding).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy as sp

from derivax.atomicio import atomic_write_text
from derivax.claims import Claim
from derivax.domains import Sym
from derivax.evidence import Counterexample, plain

__all__ = [
    "APT_INSTALL",
    "COMPILE_TIMEOUT_S",
    "MAX_MATH_CHARS",
    "TEMPLATES",
    "ReportError",
    "Tex",
    "TexNotFound",
    "TexOutput",
    "as_text",
    "breakable",
    "compile_pdf",
    "counterexample_view",
    "display_math",
    "escape_latex",
    "inline_math",
    "math_tex_problem",
    "number_tex",
    "point_tex",
    "prose",
    "render",
    "safe_math_tex",
    "symbol_tex",
    "write_tex",
]

TEMPLATES = Path(__file__).parent / "templates"
APT_INSTALL = "apt-get install -y --no-install-recommends latexmk texlive-latex-base texlive-latex-recommended lmodern poppler-utils"
COMPILE_TIMEOUT_S = 300
_JOB = "document"  # the .tex's name in its scratch folder
_OUTPUT_TAIL_BYTES = 64 * 1024
_TEX_PATH_VARIABLES = frozenset({"TEXINPUTS", "TEXMFOUTPUT", "TEXMFDOTDIR", "BIBINPUTS", "BSTINPUTS"})
_LOG_TAIL_LINES = 30


class ReportError(RuntimeError):
    """A document could not be written or compiled; the message says why (with the LaTeX log's tail)."""


class TexNotFound(ReportError):
    """No TeX installation on PATH: the .tex was written, no PDF was made."""


class Tex(str):
    """LaTeX built by derivax (or by SymPy): printed by the templates as it is, never escaped."""

    __slots__ = ()


# --- escaping -----------------------------------------------------------------------------------------------------

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # In the default OT1 font encoding these three print as other glyphs (¡ ¿ —).
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # No ligatures: ` as typed (not an opening quote or with ! and ? an inverted mark); -- see escape_latex.
    "`": r"\`{}",
    "\n": " ",
    "\t": " ",
    "\r": " ",
}
# Non-ASCII: accented letters become accent commands, a few letters and symbols their LaTeX names,
# anything else a visible code point: pdflatex stops on a Unicode character it does not know.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
}
_LETTERS = {
    "ß": r"\ss{}",
    "æ": r"\ae{}",
    "Æ": r"\AE{}",
    "ø": r"\o{}",
    "Ø": r"\O{}",
    "œ": r"\oe{}",
    "Œ": r"\OE{}",
    "ł": r"\l{}",
    "Ł": r"\L{}",
    "ı": r"\i{}",
    "\u00a0": "~",
    "\u2013": "--",
    "\u2014": "---",
    "\u2018": "`",
    "\u2019": "'",
    "\u201c": "``",
    "\u201d": "''",
    "\u2026": r"\ldots{}",
    "\u00b7": r"\ensuremath{\cdot}",
    "\u00a7": r"\S{}",
    "\u00b0": r"\ensuremath{^\circ}",
}
_MATH_CHARS = {
    "×": r"\times",
    "÷": r"\div",
    "±": r"\pm",
    "≤": r"\le",
    "≥": r"\ge",
    "≠": r"\ne",
    "≈": r"\approx",
    "→": r"\to",
    "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow",
    "∞": r"\infty",
    "∈": r"\in",
    "∑": r"\sum",
    "∏": r"\prod",
    "∂": r"\partial",
    "∇": r"\nabla",
    "√": r"\surd",
    "−": "-",
    "′": "'",
}
_GREEK_NAMES = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega"
_GREEK = dict(zip("αβγδεζηθικλμνξπρστυφχψω", (f"\\{name}" for name in _GREEK_NAMES.split()), strict=True))
_GREEK.update(dict(zip("ΓΔΘΛΞΠΣΦΨΩ", (f"\\{name}" for name in "Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega".split()), strict=True)))
_MATH_CHARS.update(_GREEK)


def _non_ascii(char: str) -> str:
    if char in _LETTERS:
        return _LETTERS[char]
    if char in _MATH_CHARS:
        return rf"\ensuremath{{{_MATH_CHARS[char]}}}"
    base, *marks = unicodedata.normalize("NFD", char)
    if base.isascii() and base.isalpha() and marks and all(m in _ACCENTS for m in marks):
        out = base if base not in "ij" else "\\" + base  # dotless i/j under an accent
        for mark in marks:
            out = f"\\{_ACCENTS[mark]}{{{out}}}"
        return out
    if unicodedata.category(char).startswith(("C", "Z")):
        return " "
    return rf"\texttt{{[U+{ord(char):04X}]}}"


def escape_latex(text: Any) -> str:
    r"""``text`` as LaTeX that prints exactly those characters (outside math).

    >>> escape_latex("50% of x_1 & {y} costs $3 #1 \\ ~^")
    '50\\% of x\\_1 \\& \\{y\\} costs \\$3 \\#1 \\textbackslash{} \\textasciitilde{}\\textasciicircum{}'
    >>> escape_latex("Zoë")
    'Zo\\"{e}'
    """
    out = []
    for char in str(text):
        if char == "-" and out and out[-1].endswith("-"):
            out.append("{}-")
        elif char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char.isascii():
            out.append(char if char.isprintable() else " ")
        else:
            out.append(_non_ascii(char))
    return "".join(out)


def breakable(text: Any, every: int = 16) -> Tex:
    """Escaped ``text`` that may break after punctuation and inside long runs (ids, answers, paths)."""
    out, run = [], 0
    for char in str(text):
        out.append(escape_latex(char))
        run = 0 if char == " " else run + 1
        if char in "-/_.,;:=+*)]}|\\^" or run >= every:
            out.append(r"\allowbreak{}")
            run = 0
    return Tex("".join(out))


# --- the one gate for math: an allow-list of what SymPy's printer (and derivax) emits -------------------------
#
# Math reaches the document from SymPy's ``latex()`` of parsed answers, from claim files and from this
# module. A symbol's *name* is printed by SymPy as it is, so a name (a student's answer, a user's claim)
# can carry any TeX: ``\openin`` + ``\readline`` copy /etc/passwd into the PDF, ``\scantokens`` with
# ``^^5c`` escapes rebuilds forbidden commands, ``\immediate\write`` rewrites files. A deny-list of such
# commands is always one primitive short, so the gate is an allow-list: control sequences that only
# typeset (Greek letters, operators, accents, delimiters, fonts), checked token by token together with
# the characters that TeX gives meaning to (``%`` comments, ``#`` parameters, ``$`` math shift, ``^^``
# character-code escapes, control and non-ASCII characters, which inputenc makes active). Anything that
# fails is never typeset: the callers print it escaped, as text.

# Control words allowed in math mode: everything SymPy's LaTeX printer emits for the expressions derivax
# handles, what derivax builds (numbers, points, statements) and the math of the built-in library's
# prose. Each only typesets; none reads, writes, defines or expands anything.
_MATH_WORDS = frozenset(
    (
        # Greek and Hebrew letters, other letter-like symbols
        "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi"
        " pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega"
        " Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
        " aleph beth daleth gimel ell eth hbar hslash mho wp imath jmath Re Im infty partial nabla emptyset varnothing"
        # functions and operators with limits
        " arccos arcsin arctan arg cos cosh cot coth csc sec sin sinh tan tanh exp log ln lg"
        " lim limsup liminf max min sup inf det gcd deg dim ker Pr hom bmod pmod mod"
        " sum prod coprod int iint iiint iiiint oint bigcup bigcap bigvee bigwedge bigoplus bigotimes limits nolimits"
        # structure and fonts
        " frac dfrac tfrac binom dbinom tbinom sqrt substack operatorname mathrm mathbf mathit mathsf mathtt"
        " mathcal mathfrak mathbb boldsymbol displaystyle textstyle scriptstyle scriptscriptstyle mathrel mathop mathbin"
        # accents
        " hat widehat tilde widetilde bar overline underline vec dot ddot dddot ddddot check breve acute grave mathring prime"
        # delimiters
        " left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr"
        " langle rangle lfloor rfloor lceil rceil lbrace rbrace vert Vert lvert rvert lVert rVert mid"
        # binary operators and relations
        " cdot cdots ldots vdots ddots times div pm mp ast star circ bullet dagger otimes oplus odot ominus"
        " to rightarrow leftarrow Rightarrow Leftarrow Leftrightarrow leftrightarrow Longrightarrow longrightarrow"
        " Longleftrightarrow longleftrightarrow mapsto implies impliedby iff uparrow downarrow"
        " leq geq le ge neq ne lt gt ll gg approx sim simeq cong equiv propto perp parallel not"
        " in notin ni subset subseteq supset supseteq subsetneq supsetneq cup cap setminus"
        " wedge vee neg lnot veebar land lor forall exists nexists triangle angle colon"
        # spacing
        " quad qquad"
    ).split()
)
# escape_latex typesets symbols such as √ and ° as \ensuremath{\surd}, \ensuremath{^\circ}: allowed there.
_MATH_WORDS = _MATH_WORDS | {v[1:] for v in _MATH_CHARS.values() if v.startswith("\\")} | {"circ"}
# Allowed in text and math: the text commands and what escape_latex emits that works in both modes.
_BOTH_WORDS = frozenset("text texttt textrm textbf textit ensuremath ldots dots allowbreak S".split())
# Allowed in text mode only: the rest of escape_latex's vocabulary (accents, letters, escaped characters).
_TEXT_WORDS = frozenset(
    "textbackslash textasciitilde textasciicircum textless textgreater textbar ss ae AE o O oe OE l L i j u H v r c".split()
)
_MATH_SYMBOLS = frozenset(r"\: \; \! \|".split())
_BOTH_SYMBOLS = frozenset(["\\,", "\\ ", "\\{", "\\}", "\\_", "\\%", "\\#", "\\&", "\\$"])
_TEXT_SYMBOLS = frozenset(["\\`", "\\'", '\\"', "\\^", "\\~", "\\=", "\\."])
# Commands whose braced argument is typeset in text mode, and the one that goes back to math from text.
_TEXT_ARGUMENT = frozenset("text texttt textrm textbf textit".split())
_MATH_ARGUMENT = frozenset(["ensuremath"])
# What may follow \left, \right, \middle and the \big family.
_SIZED = frozenset("left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr".split())
_DELIMITERS = frozenset(
    ["(", ")", "[", "]", "|", ".", "/", "<", ">", "\\{", "\\}", "\\|"]
    + [
        f"\\{w}"
        for w in "langle rangle lfloor rfloor lceil rceil lbrace rbrace vert Vert lvert rvert lVert rVert uparrow downarrow".split()
    ]
)
_MATH_ENVIRONMENTS = frozenset(
    {"matrix", "pmatrix", "bmatrix", "vmatrix", "Bmatrix", "smallmatrix", "array", "cases", "aligned", "gathered", "split"}
)
# Printable ASCII but the math shift, the comment and the parameter characters; the backslash starts a
# control sequence (checked against the lists above). No control character, no non-ASCII character.
_SAFE_CHARACTERS = frozenset(chr(c) for c in range(0x20, 0x7F)) - set("$%#")
_MATH_TOKEN = re.compile(r"\\begin\{(?P<begin>[A-Za-z]+\*?)\}|\\end\{(?P<end>[A-Za-z]+\*?)\}|\\[A-Za-z]+|\\.|.", re.S)
MAX_MATH_CHARS = 20_000


def math_tex_problem(tex: str) -> str:
    r"""Why ``tex`` must not be typeset as math (``""`` when it may): the one gate for math from input.

    Math may use only the control sequences that typeset (the allow-lists above: what SymPy's
    printer emits for derivax's expressions, and escape_latex's vocabulary inside ``\text``), only
    printable ASCII without ``$ % #``, never ``^^`` (TeX's character-code escape, which can spell
    any command, ``^^5c`` being a backslash). Braces, ``\left``/``\right`` and matrix-like
    environments must nest; ``&`` and ``\\`` only inside an environment; text-mode groups get no
    math-only commands or ``^ _ &``. So what passes cannot read or write a file, define or expand a
    macro, change a catcode, or leave math mode, and it typesets.

    >>> math_tex_problem(r"\frac{1}{e^{- x} + 1}")
    ''
    >>> math_tex_problem(r"x^{\openin1 /etc/passwd}")
    'the control sequence \\openin is not allowed in math'
    """
    if not tex.strip():
        return "empty"
    if len(tex) > MAX_MATH_CHARS:
        return f"longer than {MAX_MATH_CHARS} characters"
    if "^^" in tex:
        return "^^ (a character-code escape) is not allowed"
    # The open groups: (what closes it, typeset in text mode?). The bottom level is math.
    stack: list[tuple[str, bool]] = []
    argument_mode: bool | None = None  # a \text-like command waits for its braced argument (True: text)
    needs_delimiter = ""  # \left and the like wait for their delimiter
    for match in _MATH_TOKEN.finditer(tex):
        token, begin, end = match.group(), match.group("begin"), match.group("end")
        text_mode = stack[-1][1] if stack else False
        if token == " ":
            continue
        if needs_delimiter:
            if token not in _DELIMITERS:
                return f"{needs_delimiter} is not followed by a delimiter"
            needs_delimiter = ""
            continue
        if argument_mode is not None:
            if token != "{":
                return "a text command without a braced argument"
            stack.append(("}", argument_mode))
            argument_mode = None
            continue
        if begin is not None:
            if text_mode or begin not in _MATH_ENVIRONMENTS:
                return f"the environment {begin} is not allowed in math"
            stack.append((f"\\end{{{begin}}}", False))
        elif end is not None or token in ("}", "\\right"):
            closer = f"\\end{{{end}}}" if end is not None else token
            if not stack or stack[-1][0] != closer:
                return f"{token} does not close the innermost open group"
            stack.pop()
            if token == "\\right":
                needs_delimiter = token
        elif token == "{":
            stack.append(("}", text_mode))
        elif token == "\\left":
            if text_mode:
                return "\\left in text"
            stack.append(("\\right", False))
            needs_delimiter = token
        elif token.startswith("\\") and len(token) > 1:
            word = token[1:]
            allowed = (
                token in _BOTH_SYMBOLS
                or word in _BOTH_WORDS
                or (text_mode and (token in _TEXT_SYMBOLS or word in _TEXT_WORDS))
                or (not text_mode and (token in _MATH_SYMBOLS or word in _MATH_WORDS))
                or (token == "\\\\" and not text_mode and any(c.startswith("\\end") for c, _ in stack))
            )
            if not allowed:
                return f"the control sequence {token} is not allowed in {'text' if text_mode else 'math'}"
            if token == "\\middle" and not any(c == "\\right" for c, _ in stack):
                return "\\middle outside \\left ... \\right"
            if word in _SIZED:
                needs_delimiter = token
            elif word in _TEXT_ARGUMENT:
                argument_mode = True
            elif word in _MATH_ARGUMENT:
                argument_mode = False
        elif token == "\\":
            return "a lone backslash"
        elif token not in _SAFE_CHARACTERS:
            return f"the character {token!r} is not allowed in math"
        elif token == "&" and (text_mode or not any(c.startswith("\\end") for c, _ in stack)):
            return "& outside a matrix-like environment"
        elif text_mode and token in "^_":
            return f"{token} in text"
    if needs_delimiter:
        return f"{needs_delimiter} is not followed by a delimiter"
    if argument_mode is not None:
        return "a text command without its argument"
    if tex.rstrip()[-1] in "^_":
        return "a sub- or superscript without its argument"
    if stack:
        return f"unclosed group (expected {stack[-1][0]})"
    return ""


def safe_math_tex(tex: str) -> bool:
    """Whether ``tex`` may be typeset as math (see :func:`math_tex_problem`, which says why not)."""
    return not math_tex_problem(tex)


def as_text(tex: str) -> Tex:
    """Math that failed the gate, shown as what it is: escaped, in typewriter type (never dropped)."""
    return Tex(rf"\texttt{{{breakable(tex)}}}")


def inline_math(tex: str) -> Tex:
    """Inline math for LaTeX that derivax or SymPy produced; escaped text if it fails the gate."""
    return Tex(f"${tex}$") if safe_math_tex(tex) else as_text(tex)


def display_math(tex: str) -> Tex:
    r"""Display math, scaled down to the line width when wider (``\fitmath`` in the template)."""
    return Tex(rf"\fitmath{{{tex}}}") if safe_math_tex(tex) else as_text(tex)


_PROSE_MATH = re.compile(r":math:`(?P<rst>[^`]+)`|\\\((?P<paren>.+?)\\\)|(?<!\\)\$(?P<dollar>[^$]+?)(?<!\\)\$", re.S)


def prose(text: str) -> Tex:
    r"""Text documented as LaTeX prose: math segments that pass the gate kept, everything else escaped."""
    text = " ".join(textwrap.dedent(text).split())
    out, last = [], 0
    for match in _PROSE_MATH.finditer(text):
        math = next(g for g in match.groups() if g is not None)
        out.append(escape_latex(text[last : match.start()]))
        out.append(f"${math}$" if safe_math_tex(math) else escape_latex(match.group()))
        last = match.end()
    out.append(escape_latex(text[last:]))
    return Tex("".join(out))


# --- numbers, points and counterexamples --------------------------------------------------------------------------

_SIMPLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?$")


def number_tex(value: Any, digits: int = 6) -> Tex:
    """A value in math: ``digits`` significant digits, powers of ten written out, vectors in parentheses."""
    value = plain(value)
    if isinstance(value, bool) or value is None:
        return Tex(rf"\text{{{escape_latex(value)}}}")
    if isinstance(value, int):
        return Tex(str(value))
    if isinstance(value, float):
        text = f"{value:.{digits}g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            power = f"10^{{{int(exponent)}}}"
            text = {"1": power, "-1": f"-{power}"}.get(mantissa, f"{mantissa} \\times {power}")
        return Tex(text)
    if isinstance(value, list):
        return Tex(r"\left(" + r",\allowbreak\, ".join(number_tex(v, digits) for v in value) + r"\right)")
    if isinstance(value, str) and value in ("inf", "-inf", "nan"):
        return Tex({"inf": r"\infty", "-inf": r"-\infty", "nan": r"\text{NaN}"}[value])
    return Tex(rf"\text{{{escape_latex(value)}}}")


def symbol_tex(claim: Claim | None, name: str) -> str:
    """A symbol's name as math: the claim's own LaTeX, SymPy's for a plain name, else the name as text.

    Names come from claim files and from students' answers (counterexample points use their
    spellings), so whatever is returned as math has passed the gate.
    """
    for s in claim.symbols if claim else ():
        if s.name == name:
            tex = s.latex or (sp.latex(s.symbol) if isinstance(s, Sym) else s.name)
            if safe_math_tex(tex):
                return tex
    if _SIMPLE_NAME.match(name):
        tex = sp.latex(sp.Symbol(name))
        if safe_math_tex(tex):
            return tex
    return rf"\text{{{escape_latex(name)}}}"


def point_tex(claim: Claim | None, at: dict[str, Any]) -> Tex:
    """``$w = 4.28$, $a = 0.26$``: a counterexample's point, one math group per symbol (so lines can break)."""
    parts = [inline_math(f"{symbol_tex(claim, str(name))} = {number_tex(value)}") for name, value in at.items()]
    return Tex(", ".join(parts) if parts else "every point")


def counterexample_view(claim: Claim | None, ce: Counterexample) -> dict[str, Any]:
    # Close sides (1 - x vs exp(-x) at small x) get every digit, so the reader sees where they differ.
    digits = 6 if str(number_tex(ce.lhs)) != str(number_tex(ce.rhs)) else 12
    lhs, rhs = inline_math(number_tex(ce.lhs, digits)), inline_math(number_tex(ce.rhs, digits))
    return {"at": point_tex(claim, ce.at), "lhs": lhs, "rhs": rhs, "note": ce.note}


# --- templates ----------------------------------------------------------------------------------------------------


def _finalize(value: Any) -> str:
    """Every printed value is escaped unless it is :class:`Tex` (the one place escaping happens)."""
    if isinstance(value, Tex):
        return value
    if value is None:
        return ""
    return escape_latex(value)


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_statement_prefix="%%",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    env.filters["breakable"] = breakable
    return env


def render(template: str, **context: Any) -> str:
    """``templates/<template>`` rendered with ``context``: every value escaped unless it is :class:`Tex`."""
    return _environment().get_template(template).render(**context)


# --- compiling ----------------------------------------------------------------------------------------------------


def _log_tail(log: Path, output: str) -> str:
    """The part of the LaTeX log that says what went wrong: from the first error line, else the last lines."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else output
    lines = text.splitlines()
    first_error = next((i for i, line in enumerate(lines) if line.startswith("!") or re.match(r"^[^:\s]+:\d+: ", line)), None)
    chosen = lines[first_error : first_error + _LOG_TAIL_LINES] if first_error is not None else lines[-_LOG_TAIL_LINES:]
    return "\n".join(chosen)


def _tex_environment() -> dict[str, str]:
    """The environment TeX runs in: kpathsea in paranoid mode, no shell escape, no search path of the caller's.

    ``openin_any=p``/``openout_any=p`` refuse absolute paths, ``..`` and dotfiles for reading and
    writing, so a document (or a student's text that got into one) can reach only its own scratch
    folder: not /etc/passwd, not the gradebook next to its PDF. Variables that would add folders
    to the search path (``TEXINPUTS``) or allow writing elsewhere (``TEXMFOUTPUT``) are dropped.
    """
    env = {k: v for k, v in os.environ.items() if k not in _TEX_PATH_VARIABLES}
    env.update(openin_any="p", openout_any="p", shell_escape="f", max_print_line="1000")
    return env


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and its children (latexmk starts pdflatex): its own process group."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - not POSIX
            process.kill()
    except ProcessLookupError:
        pass
    process.wait()


def _run_tex(command: list[str], cwd: Path, timeout_s: float) -> tuple[int | None, str]:
    """Run one TeX command in ``cwd``; (exit status, or None when it ran out of time; the output's tail).

    It runs in a new session (its own process group) with no terminal input, so that a timeout
    kills pdflatex under latexmk too, and a document that waits for input ends instead.
    """
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=_tex_environment(),
            start_new_session=True,
        )
        try:
            returncode: int | None = process.wait(timeout=max(timeout_s, 0.1))
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            if process.poll() is None:
                _kill_group(process)
        size = output.seek(0, os.SEEK_END)
        output.seek(max(0, size - _OUTPUT_TAIL_BYTES))
        return returncode, output.read().decode("utf-8", errors="replace")


def compile_pdf(tex: Path, timeout_s: float = COMPILE_TIMEOUT_S, *, inputs: Sequence[Path] = ()) -> Path:
    """Compile ``tex`` with latexmk, or pdflatex twice, in a scratch folder; return the PDF next to ``tex``.

    The scratch folder (:func:`tempfile.mkdtemp`) holds only a copy of the .tex (as ``document.tex``,
    so no file name reaches the command line) and ``inputs`` (the figures it includes): TeX, in
    paranoid mode (:func:`_tex_environment`), can read and write nothing else, not the other files
    of the output folder. The PDF is copied next to ``tex``; the scratch folder is removed. The
    whole compilation (every run) has ``timeout_s`` seconds of wall time, after which its process
    group is killed.

    Raises :class:`TexNotFound` when pdflatex is not on PATH, and :class:`ReportError` with the
    log's tail when compilation fails, produces no PDF or takes longer than ``timeout_s``.
    """
    tex = Path(tex).resolve()
    latexmk, pdflatex = shutil.which("latexmk"), shutil.which("pdflatex")
    if pdflatex is None:
        raise TexNotFound(
            f"no TeX installation found (pdflatex is not on PATH); wrote {tex} but no PDF. On Debian/Ubuntu install it with: {APT_INSTALL}"
        )
    pdf = tex.with_suffix(".pdf")
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape"]
    source = f"{_JOB}.tex"
    runs = [[latexmk, "-norc", "-pdf", "-silent", *flags, source]] if latexmk else [[pdflatex, *flags, source]] * 2
    try:
        scratch = Path(tempfile.mkdtemp(prefix="derivax-tex-"))
    except OSError as error:
        raise ReportError(f"cannot make a scratch folder to compile {tex}: {error}") from None
    try:
        pdf.unlink(missing_ok=True)  # a PDF of an earlier run must not pass for this one's
        shutil.copyfile(tex, scratch / source)
        for path in inputs:
            shutil.copyfile(path, scratch / Path(path).name)
        deadline = time.monotonic() + timeout_s
        output = ""
        for command in runs:
            name = Path(command[0]).name
            returncode, output = _run_tex(command, scratch, deadline - time.monotonic())
            log = _log_tail(scratch / f"{_JOB}.log", output).replace(source, tex.name)
            if returncode is None:
                raise ReportError(f"{name} took longer than {timeout_s:g} s on {tex} and was stopped; the LaTeX log ends:\n{log}")
            if returncode != 0:
                raise ReportError(f"{name} failed on {tex} (exit {returncode}); the LaTeX log says:\n{log}")
        built = scratch / f"{_JOB}.pdf"
        if not built.is_file():
            log = _log_tail(scratch / f"{_JOB}.log", output).replace(source, tex.name)
            raise ReportError(f"{Path(runs[0][0]).name} produced no PDF for {tex}:\n{log}")
        shutil.copyfile(built, pdf)
    except OSError as error:
        raise ReportError(f"cannot compile {tex}: {error}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return pdf


@dataclass(frozen=True)
class TexOutput:
    """A written document: the .tex, the PDF when one was compiled, and why not otherwise.

    ``failed`` is True when a compilation was tried and failed or timed out (``message`` has the
    reason and the log's tail); with ``pdf`` None and ``failed`` False, no PDF was asked for or no
    TeX installation was found (``message`` says how to install one).
    """

    tex: Path
    pdf: Path | None = None
    message: str = ""
    failed: bool = False


def write_tex(
    tex: Path, text: str, pdf: bool, *, timeout_s: float = COMPILE_TIMEOUT_S, inputs: Sequence[Path] = (), keep_going: bool = False
) -> TexOutput:
    """Write ``tex`` and, with ``pdf``, compile it; with ``keep_going`` a failed compilation is returned, not raised."""
    atomic_write_text(tex, text)  # (a link planted at the path is replaced, never written through)
    if not pdf:
        return TexOutput(tex)
    try:
        return TexOutput(tex, compile_pdf(tex, timeout_s, inputs=inputs))
    except TexNotFound as missing:
        return TexOutput(tex, None, str(missing))
    except ReportError as error:
        if not keep_going:
            raise
        return TexOutput(tex, None, str(error), failed=True)
