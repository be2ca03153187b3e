r"""A student's grading feedback: one document per student with each answer, its verdict and its counterexample.

:func:`build_grading_tex` renders a :class:`derivax.grading.StudentResult` with the template
``checks/templates/grading.tex.j2``; :func:`write_grading_pdf` writes it and compiles it
(``derivax grade --pdf``). A student's text is input: names and answers are escaped, and the
answer as derivax read it (SymPy's LaTeX of the parsed answer) is typeset only when it passes the
gate for math (:func:`derivax.tex.math_tex_problem`). The compilation is confined and bounded
(:func:`derivax.tex.compile_pdf`), and one student's failure never stops the class.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import Any

import sympy as sp

from derivax.outnames import student_stem
from derivax.tex import Tex, TexOutput, as_text, breakable, counterexample_view, escape_latex, math_tex_problem, render, write_tex

__all__ = ["STUDENT_COMPILE_TIMEOUT_S", "build_grading_tex", "write_grading_pdf"]

# A student's feedback is a page or two: 20 s is ample, and bounds what one submission can cost the class.
STUDENT_COMPILE_TIMEOUT_S = 20


_STATUS = {"correct": "proved", "incorrect": "refuted", "unparsed": "undecided", "undecided": "undecided", "missing": "undecided"}


def _read_as(answer: str) -> Tex | None:
    r"""The answer as derivax read it, typeset by SymPy from the parsed expression (never the raw LaTeX).

    SymPy prints a symbol's name as it is, so a reading whose names carry TeX (``x^{\openin1 ...}``)
    fails the gate and is shown as text, escaped, with the reason: the student sees what was read,
    and none of it is run by TeX.
    """
    if not answer.strip() or len(answer) > 400:
        return None
    try:
        from derivax.latex import parse

        parsed = parse(answer)
        if parsed.kind != "expression":
            return None
        tex = sp.latex(parsed.expr)
    except Exception:
        return None
    if len(tex) >= 1500:
        return None
    problem = math_tex_problem(tex)
    if problem:
        return Tex(rf"{as_text(tex)} {{\footnotesize (shown as text: {escape_latex(problem)})}}")
    return Tex(rf"$\displaystyle {tex}$")


def _answer_view(result: Any, key: Any = None) -> dict[str, Any]:
    judgement = getattr(result, "judgement", None)
    ce = judgement.counterexample if judgement is not None else None
    message = result.message
    if ce is not None:
        # The counterexample is typeset below; keep only what the message adds to it (after "; "), and a known
        # mistake's feedback, which comes first ("You integrated ... (your answer is equivalent to the known mistake
        # x^2, symbolic (identical)). differs from the key at ..."): it was lost from the PDF
        marker = f"the known mistake {result.mistake}, " if getattr(result, "mistake", "") else ""
        end = message.find("). ", message.find(marker)) if marker and marker in message else -1
        rest = message[end + 2 :] if end >= 0 else message
        added = rest.split("; ", 1)[1] if "; " in rest else ""
        message = f"{message[: end + 2]} {added}".strip() if end >= 0 else added
        spelled = key.spelled if key is not None and hasattr(key, "spelled") else str
        ce = dataclasses.replace(ce, at={spelled(str(k)): v for k, v in ce.at.items()})
    return {
        "problem": result.problem,
        "problem_tex": breakable(result.problem),
        "status": result.status,
        "tone": _STATUS.get(result.status, "undecided"),
        "score": f"{result.score:g}",
        "max_score": f"{result.max_score:g}",
        "answer": breakable(result.answer) if result.answer else None,
        "read_as": _read_as(result.answer) if result.status in ("correct", "incorrect", "undecided") else None,
        "message": message,
        "method": judgement.method if judgement is not None else "",
        "counterexample": counterexample_view(None, ce) if ce is not None else None,
    }


def build_grading_tex(student: Any, keys: dict[str, Any] | None = None, *, date: str | None = None) -> str:
    """The LaTeX feedback document for one :class:`derivax.grading.StudentResult` (``keys`` give the students' spellings)."""
    keys = keys or {}
    return render(
        "grading.tex.j2",
        student=student.student,
        source=student.source,
        error=student.error,
        score=f"{student.score:g}",
        max_score=f"{student.max_score:g}",
        answers=[_answer_view(r, keys.get(r.problem)) for r in student.results],
        date=date or datetime.date.today().isoformat(),
    )


def write_grading_pdf(
    student_result: Any,
    out_dir: Path,
    *,
    keys: dict[str, Any] | None = None,
    pdf: bool = True,
    stem: str | None = None,
    timeout_s: float = STUDENT_COMPILE_TIMEOUT_S,
) -> TexOutput:
    """Write ``out_dir/<student>.tex`` and compile it to ``<student>.pdf`` (``derivax grade --pdf``).

    ``keys`` (problem -> :class:`derivax.answerkeys.Key`, optional) print counterexample points with
    the student's own symbol names. ``stem`` (from :func:`derivax.outnames.unique_stems`) names the
    files so that they match the student's other outputs and never collide with another student's.

    Returns the written files. Never raises for one student's PDF: the document holds a student's
    text, so its compilation is confined (:func:`derivax.tex.compile_pdf`: own scratch folder, paranoid TeX,
    ``timeout_s`` of wall time) and a failure or timeout comes back as ``pdf`` None with
    ``failed`` True and the reason in ``message``, so the caller goes on with the class. ``pdf``
    None with ``failed`` False means no TeX installation was found (``message`` says how to install one).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tex = out_dir / f"{stem or student_stem(student_result.student)}.tex"
    written = write_tex(tex, build_grading_tex(student_result, keys), pdf, timeout_s=timeout_s, keep_going=True)
    if written.failed:
        return dataclasses.replace(written, message=f"no PDF for {student_result.student}: {written.message}")
    return written
