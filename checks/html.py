r"""Self-contained HTML views: annotated derivations, a student's feedback, the class at a glance.

Every page is one file with its style inline: no network, no script, no CDN. Mathematics is
MathML from SymPy's presentation printer, which current browsers render natively; what is
typeset is derivax's *reading* (SymPy's objects, never the student's LaTeX), so a misreading is
seen at a glance, and the student's text is shown beside it as text.

Everything from input is data here:

- text (names, answers, document lines, messages) goes through Jinja2 with autoescaping;
- MathML is parsed and rebuilt (:func:`mathml`): only MathML elements and a short list of
  presentation attributes with plain values survive, and the rebuilt tree is serialised by
  :mod:`xml.etree`, which escapes every text node. Anything else is shown as text instead.

Each mark has a symbol and a word, not colour alone (``✓ ok``, ``✗ wrong``, ``? undecided``,
``⚠ unparsed``), so the pages read in greyscale and to a screen reader.
"""

from __future__ import annotations

import html as html_text
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from derivax.documents import source_lines
from derivax.evidence import visible
from derivax.steps import cut_short

__all__ = ["MARKS", "class_index", "fragment", "latex_fragment", "mathml", "reading_mathml", "steps_page", "student_page"]

MARKS = {
    "ok": ("✓", "ok"),
    "correct": ("✓", "correct"),
    "wrong": ("✗", "wrong"),
    "incorrect": ("✗", "incorrect"),
    "undecided": ("?", "undecided"),
    "unparsed": ("⚠", "unparsed"),
    "missing": ("–", "missing"),
    "skipped": ("–", "skipped"),
    "given": ("=", "given (a definition or restatement)"),
    "unknown": ("·", "not graded"),
    "proved": ("✓", "proved"),
    "confirmed": ("✓", "confirmed"),
    "refuted": ("✗", "refuted"),
}

_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder munderover "
    "mtable mtr mtd mstyle mpadded mphantom menclose merror".split()
)
_ATTRIBUTES = frozenset(
    "mathvariant stretchy fence separator separators form lspace rspace linethickness displaystyle "
    "columnalign notation accent accentunder largeop movablelimits symmetric scriptlevel display".split()
)
_ATTRIBUTE_VALUE = re.compile(r"[A-Za-z0-9 .%#-]{0,40}")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
MAX_MATHML_CHARS = 200_000


def _numeric_entities(text: str) -> str:
    """HTML's named entities (SymPy writes ``&InvisibleTimes;``) as numeric ones, which XML reads."""

    def number(match: re.Match[str]) -> str:
        char = html_text.unescape(match.group(0))
        if char == match.group(0) or match.group(1) in ("lt", "gt", "amp", "quot", "apos"):
            return match.group(0)
        return "".join(f"&#x{ord(c):x};" for c in char)

    return _NAMED.sub(number, text)


def _clean(element: ET.Element) -> ET.Element:
    """A copy of ``element`` with only MathML elements and allowed attributes; ValueError otherwise."""
    if element.tag not in _ELEMENTS:
        raise ValueError(f"element {element.tag!r} is not MathML")
    out = ET.Element(element.tag)
    for name, value in element.attrib.items():
        if name in _ATTRIBUTES and _ATTRIBUTE_VALUE.fullmatch(value):
            out.set(name, value)
    out.text = element.text
    for child in element:
        cleaned = _clean(child)
        cleaned.tail = child.tail
        out.append(cleaned)
    return out


def mathml(expr: Any, *, display: bool = False) -> Markup | None:
    """``expr`` (SymPy) as a sanitised ``<math>`` element, or None if SymPy cannot print it."""
    from sympy.printing.mathml import mathml as sympy_mathml

    try:
        raw = sympy_mathml(expr, printer="presentation")
    except Exception:  # an object SymPy cannot print is shown as text instead
        return None
    if len(raw) > MAX_MATHML_CHARS:
        return None
    try:
        tree = _clean(ET.fromstring(f"<math>{_numeric_entities(raw)}</math>"))
    except (ET.ParseError, ValueError):
        return None
    tree.set("display", "block" if display else "inline")
    return Markup(ET.tostring(tree, encoding="unicode"))


@lru_cache(maxsize=2048)
def reading_mathml(latex: str, *, display: bool = False) -> Markup | None:
    """The reading of ``latex`` (derivax's grammar) typeset; None if it does not parse."""
    from derivax.latex import LatexError, parse

    if not latex.strip() or len(latex) > 4000:
        return None
    try:
        parsed = parse(latex)
    except LatexError:
        return None
    except Exception:  # a view never fails on what it shows; the verdict already says why
        return None
    return mathml(parsed.expr, display=display)


def _relation_mathml(left: str, relation: str, right: str) -> Markup | None:
    """A step ``left REL right`` typeset from the readings of both sides."""
    a, b = reading_mathml(left), reading_mathml(right)
    if a is None or b is None:
        return None
    symbol = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥", "approx": "≈", "=>": "⇒", "<=>": "⇔"}.get(relation, relation)
    mo = ET.Element("mo")
    mo.text = symbol
    return Markup(f'<math display="block"><mrow>{_children(a)}{ET.tostring(mo, encoding="unicode")}{_children(b)}</mrow></math>')


def _children(math: Markup) -> str:
    """What a sanitised ``<math ...>...</math>`` holds (its serialisation is ours, so the cut is exact)."""
    text = str(math)
    return text[text.index(">") + 1 : text.rindex("</math>")]


def _counterexample(ce: Any) -> dict[str, Any] | None:
    if ce is None:
        return None
    data = ce.as_dict() if hasattr(ce, "as_dict") else dict(ce)
    return {"at": dict(data.get("at") or {}), "lhs": data.get("lhs"), "rhs": data.get("rhs"), "note": data.get("note", "")}


def _visible(value: Any) -> Any:
    """Text from input with control characters and bidirectional overrides shown as escapes (:func:`visible`):
    escaped HTML is still text, but a right-to-left override turns the rest of a name or an answer around."""
    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("derivax", "templates"),
    autoescape=True,  # every string from input is text on the page
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_visible,
)
_ENV.globals["mark"] = lambda status: MARKS.get(status, ("·", status))


def _render(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)


def steps_view(results: Sequence[Any], text: str) -> list[dict[str, Any]]:
    """The document's lines, each with the steps that end on it (annotations go after their display)."""
    lines = source_lines(text)  # numbered as the steps are (never at a form feed)
    after: dict[int, list[Any]] = {}
    for r in results:
        after.setdefault(max(r.line, r.right_line or r.line), []).append(r)
    last = len(lines)
    for line in [n for n in after if n > last]:  # a step past the end (never expected): keep it visible
        after.setdefault(last, []).extend(after.pop(line))
    view = []
    for number, line in enumerate(lines, 1):
        steps = [
            {
                "r": r,
                "math": _relation_mathml(r.left, r.relation, r.right) if r.status != "unparsed" else None,
                "ce": _counterexample(r.counterexample),
            }
            for r in after.get(number, [])
        ]
        view.append({"number": number, "text": line, "steps": steps})
    return view


def steps_page(path: str, text: str, results: Sequence[Any], *, title: str = "") -> str:
    """One document's annotated derivation: every line, each step marked after its display."""
    counts = Counter(r.status for r in results)
    # a document not read, or cut short by a limit: said above the text (its entry has no line, and the page showed a
    # bare "unparsed 1": probe helper-189 F5); the template escapes it
    stopped = cut_short(list(results))
    notes = [r.message for r in results if r.kind == "document"] + ([stopped] if stopped else [])
    view = steps_view(results, text)
    return _render("steps.html.j2", title=title or path, path=path, lines=view, counts=counts, total=len(results), notes=notes)


def _answer_view(result: Any, key: Any) -> dict[str, Any]:
    judgement = getattr(result, "judgement", None)
    ce = _counterexample(judgement.counterexample if judgement is not None else None)
    if ce is not None and key is not None:
        ce["at"] = {key.spelled(k): v for k, v in ce["at"].items()}
    return {"r": result, "math": reading_mathml(result.answer) if result.answer else None, "ce": ce}


def student_page(student: Any, keys: Mapping[str, Any] | None = None, *, steps: Sequence[Any] = (), text: str = "", title: str = "") -> str:
    """A student's feedback: each answer with its mark, reading and counterexample; a document's steps."""
    keys = keys or {}
    answers = [_answer_view(r, keys.get(r.problem)) for r in student.results]
    lines = steps_view(steps, text) if text else []
    return _render(
        "student.html.j2",
        title=title or f"Feedback for {student.student}",
        student=student,
        answers=answers,
        lines=lines,
        step_counts=Counter(r.status for r in steps),
    )


def _bars(values: Sequence[float], maximum: float, bins: int = 10) -> list[dict[str, Any]]:
    """A histogram of scores as bars: label, count, height in percent of the tallest."""
    if maximum <= 0:
        edges = [0.0]
    else:
        step = maximum / bins
        edges = [i * step for i in range(bins + 1)]
    counts = [0] * max(1, len(edges) - 1)
    for v in values:
        index = 0 if maximum <= 0 else min(int(v / maximum * bins), bins - 1)
        counts[index] += 1
    top = max(counts) or 1
    labels = [f"{edges[i]:g}–{edges[i + 1]:g}" if len(edges) > 1 else "0" for i in range(len(counts))]
    return [{"label": label, "count": c, "height": round(100 * c / top)} for label, c in zip(labels, counts, strict=True)]


def class_index(summary: Any, students: Sequence[Any], pages: Sequence[str], *, title: str = "Class summary") -> str:
    """The class at a glance: score distribution, counts per problem, wrong answers grouped (largest first)."""
    rows = [{"s": s, "page": page, "steps": Counter(r.status for r in s.steps)} for s, page in zip(students, pages, strict=True)]
    problems = [{"p": p, "classes": [{"c": c, "math": reading_mathml(c.representative)} for c in p.classes]} for p in summary.problems]
    bars = _bars(summary.scores, summary.max_score)
    return _render("index.html.j2", title=title, summary=summary, problems=problems, rows=rows, bars=bars, statuses=STATUS_ORDER)


STATUS_ORDER = ("correct", "incorrect", "undecided", "unparsed", "missing")


_FRAGMENT_STYLE = (
    ".derivax .mark{font-weight:600;padding:0 .3rem;border-radius:.2rem}"
    ".derivax .ok,.derivax .correct,.derivax .proved,.derivax .confirmed{background:#e3f4e3;color:#14541a}"
    ".derivax .wrong,.derivax .incorrect,.derivax .refuted{background:#fbe3e3;color:#8a1111}"
    ".derivax .undecided{background:#fff3cf;color:#6b4b00}"
    ".derivax .unparsed,.derivax .missing,.derivax .skipped,.derivax .given{background:#ececec;color:#3a3a3a}"
)


def fragment(obj: Any) -> str:
    """An HTML fragment for a notebook (``_repr_html_``): a verdict, a step, an answer, a student, a claim.

    The same marks and counterexample tables as the pages, escaped the same way.
    """
    kind = {
        "Judgement": "judgement",
        "Evidence": "evidence",
        "ClaimReport": "claim",
        "StepResult": "step",
        "AnswerResult": "answer",
        "StudentResult": "student",
    }[type(obj).__name__]
    ce = _counterexample(getattr(obj, "counterexample", None))
    math = None
    item = None
    if kind == "answer":
        judgement = getattr(obj, "judgement", None)
        ce = _counterexample(judgement.counterexample if judgement is not None else None)
        math = reading_mathml(obj.answer) if obj.answer else None
    elif kind == "claim":
        math = _claim_mathml(obj.claim)
    elif kind == "step":
        item = {"r": obj, "math": _relation_mathml(obj.left, obj.relation, obj.right) if obj.status != "unparsed" else None, "ce": ce}
    return _render("fragment.html.j2", kind=kind, obj=obj, ce=ce, math=math, item=item, style=_FRAGMENT_STYLE)


def _claim_mathml(claim: Any) -> Markup | None:
    """A claim's statement ``lhs REL rhs`` typeset (the library's own SymPy objects)."""
    import sympy as sp

    relation = {"==": sp.Eq, "<=": sp.Le, ">=": sp.Ge, "<": sp.Lt, ">": sp.Gt}.get(claim.rel)
    if relation is None:
        return None
    try:
        statement = claim.instances()[0]  # sides given as functions (of the size, or built when checked) at their first size
        return mathml(relation(statement.lhs, statement.rhs, evaluate=False), display=True)
    except Exception:  # a statement SymPy cannot build as one relation (matrices): shown without it
        return None


def latex_fragment(obj: Any) -> str:
    r"""The ``_repr_latex_`` of a verdict, an answer or a claim report: a line of math for a notebook.

    A claim shows its statement (the library's SymPy), an answer its reading; every piece of math
    passes the gate for math from input (:func:`derivax.tex.math_tex_problem`) or is shown as
    escaped text; words are ``\text{}`` of escaped text.
    """
    import sympy as sp

    from derivax.tex import escape_latex, math_tex_problem

    def text(words: str) -> str:
        return rf"\text{{{escape_latex(words)}}}"

    def maths(expr: Any) -> str:
        try:
            tex = sp.latex(expr)
        except Exception:  # a statement SymPy cannot print: shown as its words
            return text(str(expr))
        return tex if not math_tex_problem(tex) else text(tex)

    name = type(obj).__name__
    if name == "ClaimReport":
        relation = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}.get(obj.claim.rel, obj.claim.rel)
        try:
            statement = obj.claim.instances()[0]  # sides given as functions, at their first size
            sides = maths(statement.lhs), maths(statement.rhs)
        except Exception:  # a claim read back from the cache's manifest has no sides to show
            sides = text("(statement not loaded)"), text("")
        body = rf"{sides[0]} {relation} {sides[1]} \quad {text(f'{obj.claim.id}: {obj.verdict}')}"
    elif name == "AnswerResult":
        reading = None
        if obj.answer and len(obj.answer) <= 4000:
            from derivax.latex import LatexError, parse

            try:
                reading = parse(obj.answer).expr
            except LatexError:
                reading = None
        shown = maths(reading) if reading is not None else text(obj.answer or "no answer")
        body = rf"{shown} \quad {text(f'{obj.problem}: {obj.status} ({obj.score:g}/{obj.max_score:g})')}"
    else:  # a Judgement or an Evidence
        body = text(obj.describe() if hasattr(obj, "describe") else f"{obj.checker}: {obj.verdict} - {obj.summary}")
    return f"$\\displaystyle {body}$"
