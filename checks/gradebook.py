"""Grading's outputs: feedback Markdown, the gradebook CSV, Gradescope's results.json, and resuming.

Everything a student wrote is untrusted on the way out: file names come from
:mod:`derivax.outnames` and are checked to stay inside the output folder (:func:`output_path`),
spreadsheet cells that a spreadsheet would run as a formula are neutralised (:func:`gradebook_csv`),
and names are shown on one line (:func:`display_name`).

A re-run finishes an interrupted class without regrading anyone done: each results.json records a
:func:`content_key` of what it was graded from, and :func:`reuse_result` takes a result back only
when that key matches and the file is exactly what this version would write for it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import os
import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from derivax.answerkeys import GradingError, Key
from derivax.evidence import json_safe, printable, visible
from derivax.grading import AnswerResult, StudentResult, Submission
from derivax.settings import user_cache_dir
from derivax.steps import cut_short

__all__ = [
    "content_key",
    "display_name",
    "duplicate_names",
    "feedback_markdown",
    "gradebook_csv",
    "gradescope_json",
    "output_path",
    "reuse_result",
    "spreadsheet_safe",
]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(cell: Any) -> Any:
    """A text cell that Excel, LibreOffice or Sheets would run as a formula, prefixed with ``'``.

    A student named ``=HYPERLINK("http://evil", "click")`` would otherwise be a live formula in the
    instructor's gradebook (CSV injection). The quote is what spreadsheets themselves use to mark
    text; numbers (the scores) are left as numbers. Escape sequences and bidirectional overrides are shown as
    escapes (:func:`derivax.evidence.visible`): a gradebook is also read with ``cat``.
    """
    if not isinstance(cell, str):
        return cell
    # one line a cell: quoted CSV may hold line breaks, but `cat` and a CI log show each as a line of its own
    cell = visible(cell).replace("\r", "\\r").replace("\n", "\\n")
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def gradebook_csv(students: list[StudentResult], problems: list[str]) -> str:
    """One row per student, one column per problem (the score), the total, the maximum and the file.

    ``source`` (the submission file) tells two students of the same name apart; a student whose grading was lost
    has empty scores. Quoting is the csv module's, and every text cell goes through :func:`spreadsheet_safe`.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(c) for c in ["student", *problems, "total", "max", "source"]])
    for s in students:
        by_problem = {r.problem: r for r in s.results}
        # a student whose grading was lost (worker died, deadline) has no scores: never a zero a grader would take for one
        scores = ["" if s.error else by_problem[p].score if p in by_problem else "" for p in problems]
        row = [s.student, *scores, "" if s.error else s.score, s.max_score, s.source]
        writer.writerow([spreadsheet_safe(c) for c in row])
    return out.getvalue()


def gradescope_json(student: StudentResult, key: str = "", *, html: bool = False) -> str:
    """Gradescope's results.json: ``tests[]`` with name, score, max_score, output.

    ``student`` and ``source`` (extra top-level keys, which Gradescope ignores) say whose results
    these are, so a file can be matched to its student without trusting its name. With a
    :func:`content_key`, ``derivax_key`` and ``derivax_answers`` (every field a
    :class:`StudentResult` is rebuilt from) let a re-run reuse the result (:func:`reuse_result`).
    A student whose grading was lost (``error``: worker died, deadline) gets no key, so a re-run
    tries them again: the loss was the run's, not the answers'. A document submission adds a
    ``derivation`` entry (no points) with its steps' verdicts and each wrong step.
    With ``html``, ``output_format`` is ``html`` and each output is an escaped HTML fragment.
    """
    # a student whose grading was lost, or whose file was not read, carries no score: Gradescope would post a zero
    # for right answers (probe helper-189 F3); the output says why, and the gradebook's row is blank
    tests = [
        {
            "name": r.problem,
            **({} if student.error else {"score": r.score}),
            "max_score": r.max_score,
            "output": _output(r.status, r.message, html),
        }
        for r in student.results
    ]
    if student.steps:
        tests.append({"name": "derivation", "score": 0.0, "max_score": 0.0, "output": _steps_output(student.steps, html)})
    data: dict[str, Any] = {"score": student.score, "student": student.student, "source": student.source, "tests": tests}
    if student.error:
        del data["score"]
        data["output"] = f"Not graded: {student.error}. Grade this student again (derivax grade) or by hand."
    if html:
        data["output_format"] = "html"
    if key and not student.error:
        data["derivax_key"] = key
        data["derivax_answers"] = [{f: getattr(r, f) for f in _ANSWER_FIELDS} for r in student.results]
    return json.dumps(json_safe(data), indent=2)


def _output(status: str, message: str, html: bool) -> str:
    if not html:
        return f"{status}: {message}"
    from derivax.html import MARKS

    symbol, word = MARKS.get(status, ("·", status))
    return f"<p><strong>{symbol} {escape(word)}</strong>: {escape(message)}</p>"


def _steps_output(steps: Sequence[Any], html: bool) -> str:
    """A derivation's verdicts in a few lines: the counts, then each wrong or skipped step with its line and reason."""
    counts = Counter(r.status for r in steps)
    head = ", ".join(f"{counts[k]} {k}" for k in ("ok", "wrong", "undecided", "unparsed", "given", "skipped") if counts[k])
    # each wrong step, and each display the student's own directive exempted (the grader sees what it hid)
    shown = [r for r in steps if r.status in ("wrong", "skipped")]
    wrong = [f"line {r.line}: {' '.join(p for p in (r.left, r.relation, r.right) if p)}: {r.message}" for r in shown]
    stopped = cut_short(list(steps))
    head = f"{head}; {stopped}" if stopped else head
    if not html:
        return "\n".join([f"{len(steps)} steps: {head}", *wrong])
    items = "".join(f"<li>{escape(w)}</li>" for w in wrong)
    return f"<p>{len(steps)} steps: {escape(head)}</p>" + (f"<ul>{items}</ul>" if items else "")


_ANSWER_FIELDS = ("problem", "status", "message", "score", "max_score", "answer", "read_as", "mistake")
_STATUSES = frozenset({"correct", "incorrect", "unparsed", "undecided", "missing", "unknown"})
MAX_RESULTS_BYTES = 64_000_000  # a results.json larger than this was not written by grade (answers are capped)


def content_key(submission: Submission, keys: Mapping[str, Key], options: Mapping[str, Any]) -> str:
    """What a student's result depends on, hashed: a result with the same key would grade the same.

    The submission's bytes, the rubric (each problem's id, key answer, assumptions and points; a
    built-in claim's target and accepted forms stand for its answer, the derivax version for its domains), the
    options that change verdicts (timeout, undecided credit, seed) and the derivax version (the
    grader itself). ``jobs``, memory and deadlines are left out: they change no verdict.
    "" (never reused) when the file's bytes could not be read.
    """
    from derivax import __version__

    if not submission.digest or submission.document:
        return ""  # unreadable bytes, or a document (its steps are not stored to be taken back): always graded
    rubric = [
        [k.problem, k.latex, list(k.assume), k.points]
        + ([[[f.latex, f.note] for f in k.forms]] if k.forms else [])
        + ([[[m.latex, m.feedback, m.points] for m in k.mistakes]] if k.mistakes else [])
        for k in keys.values()
    ]
    graded_with = {
        "timeout_s": float(options.get("timeout_s", 5.0)),
        "undecided_credit": float(options.get("undecided_credit", 0.0)),
        "seed": int(options.get("seed", 0)),
    }
    payload = {"derivax": __version__, "submission": submission.digest, "rubric": rubric, "options": graded_with}
    secret = grading_secret()
    if secret is None:
        return ""  # no secret to sign with: every student is graded
    return "hmac-sha256:" + hmac.new(secret, json.dumps(payload, sort_keys=True).encode("utf-8", "replace"), hashlib.sha256).hexdigest()


_SECRET: list[bytes | None] = []  # read once a process


def grading_secret() -> bytes | None:
    """The key that signs a result's content key, kept outside ``--out`` and the submissions: 32 random bytes in
    ``$DERIVAX_SECRET_DIR`` (else ``$XDG_CACHE_HOME/derivax``, else ``~/.cache/derivax``)/``grading-secret``, made
    on first use, readable by its user alone. Everything else in the key is public (the submission's bytes, the
    rubric), so without it a student who could put a results.json in ``--out`` (the default ``reports/grades`` under
    the folder ``grade`` runs in: an autograder that runs in the submission's folder) forged full marks that were
    taken back. None (nothing is reused) where it cannot be read or made."""
    if _SECRET:
        return _SECRET[0]
    path = Path(os.environ.get("DERIVAX_SECRET_DIR") or user_cache_dir()) / "grading-secret"
    secret = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_hex(32))
        text = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(text) if len(text) == 64 else None  # a file being written by another process: not yet
    except (OSError, ValueError):
        secret = None
    if secret is not None:
        _SECRET.append(secret)
    return secret


def _answer_from(data: Any, keys: Mapping[str, Key]) -> AnswerResult | None:
    """One ``derivax_answers`` entry back as an :class:`AnswerResult`, or None if anything is off."""
    if not isinstance(data, dict) or set(data) != set(_ANSWER_FIELDS):
        return None
    texts = ("problem", "status", "message", "answer", "read_as", "mistake")
    if not all(isinstance(data[f], str) for f in texts) or data["status"] not in _STATUSES:
        return None
    score, top = data["score"], data["max_score"]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in (score, top)):
        return None
    expected_max = keys[data["problem"]].points if data["problem"] in keys else 0.0
    if top != expected_max or not 0 <= score <= top:
        return None
    known = {m.latex: m.points for m in keys[data["problem"]].mistakes} if data["problem"] in keys else {}
    if data["mistake"] and (data["status"] != "incorrect" or data["mistake"] not in known or score != known[data["mistake"]]):
        return None
    partial = data["status"] == "incorrect" and data["mistake"]
    if (data["status"] == "correct" and score != top) or (data["status"] not in ("correct", "undecided") and score != 0 and not partial):
        return None  # the score grade_answer gives each status: a hand-raised score is not taken back
    return AnswerResult(
        data["problem"], data["status"], data["message"], score, top, data["answer"], read_as=data["read_as"], mistake=data["mistake"]
    )


def reuse_result(
    out: Path, stem: str, submission: Submission, keys: Mapping[str, Key], key: str, *, html: bool = False
) -> StudentResult | None:
    """The student's result from an earlier run's ``out/STEM.results.json``, or None to grade them.

    Reused only if the file carries this ``key`` (:func:`content_key`), names this student and
    source, answers exactly the problems :func:`grade_submission` would, and writing the rebuilt
    result gives back the very same file. Anything else (missing, truncated, edited, another
    version's or another rubric's file) means regrade: never trusted blindly, never a crash.
    The rebuilt answers carry no ``judgement`` (its message still says how and where).
    """
    if not key:
        return None
    try:
        path = output_path(out, stem, ".results.json")
        if not path.is_file() or path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("derivax_key") != key:
            return None
        if data.get("student") != submission.student or data.get("source") != submission.source:
            return None
        stored = data.get("derivax_answers")
        problems = [*keys, *(p for p in [*submission.answers, *submission.rejected] if p not in keys)]
        if not isinstance(stored, list) or len(stored) != len(problems):
            return None
        results = [_answer_from(a, keys) for a in stored]
        if any(r is None or r.problem != p for r, p in zip(results, problems, strict=True)):
            return None
        student = StudentResult(submission.student, submission.source, [r for r in results if r is not None])
        return student if gradescope_json(student, key, html=html) == text else None
    except (OSError, ValueError, RecursionError, GradingError):  # ValueError covers bad JSON and bad UTF-8
        return None


def display_name(name: str) -> str:
    """A student's name on one line with control characters shown as escapes (``\\n``, ``\\x1b``).

    For terminals and Markdown headings: a name cannot start a new line of the feedback or send
    escape sequences to the instructor's terminal.
    """
    return printable(name)


def _name_key(name: str) -> str:
    """Names that a person would read as the same: case, Unicode form and spacing aside."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def duplicate_names(students: Sequence[StudentResult]) -> list[tuple[str, list[str]]]:
    """``(name, [source, ...])`` for every name that more than one submission gives.

    Both submissions are graded and get their own files; the instructor should know, since the
    gradebook then has two rows that differ only in ``source``.
    """
    groups: dict[str, list[StudentResult]] = {}
    for s in students:
        groups.setdefault(_name_key(s.student), []).append(s)
    return [(group[0].student, [s.source for s in group]) for group in groups.values() if len(group) > 1]


def output_path(out: Path, stem: str, suffix: str) -> Path:
    """``out/STEM+SUFFIX``, refused unless it is directly inside ``out`` (also after following links).

    Stems from :func:`derivax.outnames.unique_stems` cannot leave ``out``; this check keeps that true
    whatever a later change does, and refuses to write through a link planted in ``out``.
    """
    path = out / f"{stem}{suffix}"
    if path.name != f"{stem}{suffix}" or path.resolve().parent != out.resolve():
        raise GradingError(f"refusing to write {path!s}: the name would leave the output folder {out}")
    return path


def markdown_text(text: str) -> str:
    r"""``text`` as Markdown that shows it and does nothing else: on one line (:func:`printable`), ``&``, ``<`` and
    ``>`` as entities (no HTML tag, comment or autolink), ``[``, ``]``, ``*``, ``_``, ``~``, ``|`` and backticks escaped
    (no link, image, emphasis, strikethrough, table or code span), a backslash before punctuation doubled (``\{``
    stays ``\{``), and a web address shown as code (GitHub's Markdown links a bare one).

    >>> markdown_text("<script>x</script> [a](javascript:b) 2*x*y \\{1\\}")
    '&lt;script&gt;x&lt;/script&gt; \\[a\\](javascript:b) 2\\*x\\*y \\\\{1\\\\}'
    """
    shown = printable(text)
    # a web address as a code span (GitHub's and GitLab's Markdown turn a bare https://... or www. into a link)
    parts = _ADDRESS.split(shown)
    return "".join(markdown_code(part) if i % 2 else _markdown_plain(part) for i, part in enumerate(parts))


_ADDRESS = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.-]{1,20}://|www\.|mailto:)\S*)", re.IGNORECASE)


def _markdown_plain(text: str) -> str:
    """Text without a web address as Markdown that shows it: see :func:`markdown_text` (``_`` and ``~`` and ``|``
    escaped too: emphasis, strikethrough and tables in GitHub's Markdown)."""
    text = re.sub(r"\\(?=[!-/:-@\[-`{-~])", r"\\\\", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\[\]*`_~|])", r"\\\1", text)


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span: fenced by more backticks than any run inside it (CommonMark), so an answer
    with a backtick cannot end the span and have the rest read as Markdown or HTML."""
    text = printable(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def written_feedback(path: str | Path) -> bool:
    """Whether ``path`` is a feedback file grade wrote: ``STEM.md`` that starts ``# Feedback for`` beside its
    ``STEM.results.json``."""
    path = Path(path)
    if path.suffix.lower() != ".md" or not path.with_suffix(".results.json").is_file():
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(64).startswith(b"# Feedback for ")
    except OSError:
        return False


def feedback_markdown(student: StudentResult) -> str:
    """A student's feedback as Markdown: whatever came from the submission (name, answers, messages quoting it) is
    shown as text (:func:`markdown_text`, :func:`markdown_code`), never read as Markdown or HTML."""
    scored = f"{student.score:g} / {student.max_score:g}" if not student.error else f"not graded (out of {student.max_score:g})"
    lines = [f"# Feedback for {markdown_text(display_name(student.student))}", "", f"Score: {scored}", ""]
    if student.error:
        lines += [f"**Submission problem:** {markdown_text(student.error)}", ""]
    for r in student.results:
        answer = f"Your answer: {markdown_code(r.answer)}" if r.answer else "No answer."
        read = [f"Read as: {markdown_code(r.read_as)}", ""] if r.read_as else []
        lines += [f"## {markdown_text(display_name(r.problem))}: {r.status}", "", answer, "", *read, markdown_text(r.message), ""]
    if student.steps:
        derivation = [markdown_text(line) for line in _steps_output(student.steps, False).split("\n")]
        lines += ["## Derivation", "", "\n\n".join(derivation), ""]
    return "\n".join(lines)
