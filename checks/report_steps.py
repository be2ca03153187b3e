"""Rendering step results: text for people, JSON for tools, JUnit XML and GitHub annotations for CI."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from xml.sax.saxutils import escape, quoteattr

from derivax.evidence import json_safe, printable
from derivax.gradebook import display_name
from derivax.steps import StepResult, cut_short, not_judged

__all__ = ["escape_data", "escape_property", "render", "xml_text"]

Checked = list[tuple[str, list[StepResult]]]


def render(checked: Checked, fmt: str, *, show_all: bool = False) -> str:
    return {"text": _text, "json": _json, "junit": _junit, "github": _github}[fmt](checked, show_all)


def _text(checked: Checked, show_all: bool) -> str:
    lines = []
    for path, results in checked:
        path = display_name(path)  # a document's text and name reach a terminal or a CI log: one line each, no escapes
        counts = Counter(r.status for r in results)
        summary = ", ".join(f"{counts[s]} {s}" for s in ("ok", "wrong", "unparsed", "undecided", "given") if counts[s])
        stopped = cut_short(results)
        lines.append(f"{path}: {len(results)} steps ({summary or 'none found'})" + (f"; {stopped}" if stopped else ""))
        for r in results:
            if show_all or r.status == "wrong":
                lines.append(f"  {path}:{r.line}: {r.status}: {display_name(f'{r.left} {r.relation} {r.right}')}")
                if r.read_as:
                    lines.append(f"      read as: {display_name(r.read_as)}")
                lines.append(f"      {display_name(r.message)}")
    return "\n".join(lines)


def _json(checked: Checked, _: bool) -> str:
    return json.dumps(json_safe({"documents": [{"path": p, "steps": [r.as_dict() for r in rs]} for p, rs in checked]}), indent=2)


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``@actions/core`` ``escapeData``).

    The runner reads one command per line, so a newline in a file name or a step would end the
    annotation and start whatever text follows as a new command (another ``::error``, or
    ``::stop-commands::``). ``%`` goes first so that the escapes themselves round-trip.
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=...``), as ``@actions/core`` ``escapeProperty`` does.

    On top of :func:`escape_data`: ``,`` separates properties and ``::`` ends them, so a file named
    ``a,line=999,title=X.md`` would otherwise rewrite the line and title of its own annotation.
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> str:
    """``text`` as valid UTF-8: a file name that is not (lone surrogates from ``os.fsdecode``) gets U+FFFD.

    Printing such a name would otherwise stop the whole run with ``UnicodeEncodeError``.
    """
    return _SURROGATE.sub("\ufffd", text)


def shown_in_log(text: str) -> str:
    """``text`` for a workflow command: control and format characters shown as escapes (an escape sequence set the
    terminal's title, a right-to-left override turned a file name around), but for the line breaks, which the
    command's own escaping carries (``%0A``), so that the runner reads the file name as it is."""
    return "".join(c if c in "\r\n" else printable(c) for c in text)


def _github(checked: Checked, strict: bool) -> str:
    """``::error`` per wrong step; with ``strict`` (``steps --strict``, which fails on them) ``::warning`` per unparsed or
    undecided step too."""
    lines = []
    for path, results in checked:
        path = shown_in_log(_utf8(path))  # an escape sequence or a bidi override in a file name: shown, not sent
        # a document not read, or steps a limit left unjudged: said in the log, never a silent pass (probe helper-151)
        unread = [r for r in results if r.status == "unparsed" and r.kind == "document"]
        for r in unread:
            lines.append(f"::error file={escape_property(path)}::{escape_data(shown_in_log(r.message))}")
        stopped = cut_short(results)
        if stopped:  # (an error: the job fails on a document a limit stopped, as on one not read)
            lines.append(f"::error file={escape_property(path)}::{escape_data(shown_in_log(stopped))}")
        for r in results:
            if r in unread:
                continue
            if strict and r.status in ("unparsed", "undecided"):
                message = f"{r.status} step (--strict fails on it): {r.left} {r.relation} {r.right}: {r.message}"
                rows = f"line={max(r.line, 1)}" + (f",endLine={r.right_line}" if r.right_line > r.line else "")
                lines.append(f"::warning file={escape_property(path)},{rows}::{escape_data(shown_in_log(message))}")
            if r.status == "wrong":
                message = f"wrong step: {r.left} {r.relation} {r.right}: {r.message}"
                # a step over several rows (A &= B \\ &= C): from its left side's row to the row of the expression it
                # brings in, which is where the mistake is
                rows = f"line={r.line}" + (f",endLine={r.right_line}" if r.right_line > r.line else "")
                lines.append(f"::error file={escape_property(path)},{rows}::{escape_data(shown_in_log(message))}")
    total = sum(len(rs) for _, rs in checked)
    wrong = sum(r.status == "wrong" for _, rs in checked for r in rs)
    lines.append(f"derivax steps: {total} steps, {wrong} wrong")
    return "\n".join(lines)


# Characters XML 1.0 does not allow, not even as character references: C0 controls other than
# tab, newline and carriage return, lone surrogates (from undecodable file names), U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids removed.

    Escaping cannot help here (``&#0;`` is not well-formed either), and one such character
    from a document or a file name would make the whole report unreadable to a CI server.
    """
    return _NOT_XML.sub("", text)


def _format_shown(text: str) -> str:
    """``text`` with its format and separator characters shown as escapes (a right-to-left override in a file name
    reordered the test's name in a CI viewer); the control characters are :func:`xml_text`'s."""
    return "".join(printable(c) if unicodedata.category(c) in ("Cf", "Zl", "Zp") else c for c in text)


def _attr(text: str, limit: int | None = None) -> str:
    """A quoted attribute value: cleaned (:func:`_format_shown`, :func:`xml_text`), cut to ``limit`` characters, then
    escaped (quotes, ``&<>``, newlines, tabs)."""
    return quoteattr(xml_text(_format_shown(text))[:limit])


def _junit(checked: Checked, strict: bool) -> str:
    """JUnit XML: a wrong step is a failure; under ``--strict`` an unparsed or undecided one is too, as the exit code
    says (it was a skipped test, and a CI viewer showed no failure for a job that failed)."""
    failing = ("wrong", "unparsed", "undecided") if strict else ("wrong",)
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<testsuites>"]
    for path, results in checked:
        # a document not read, or the steps a limit left unjudged, fail the job as a wrong step does: failures too (the
        # report was green, 0 failures, for a job that exited 1; probe helper-189 F2)
        unchecked = [r for r in results if (r.status == "unparsed" and r.kind == "document") or not_judged(r)]
        failures = sum(r.status in failing or r in unchecked for r in results)
        skipped = sum(r.status in ("unparsed", "undecided", "given") and r.status not in failing and r not in unchecked for r in results)
        out.append(f'  <testsuite name={_attr(path)} tests="{len(results)}" failures="{failures}" skipped="{skipped}">')
        for r in results:
            name = _attr(f"line {r.line}: {r.left} {r.relation} {r.right}", 200)
            out.append(f"    <testcase classname={_attr(path)} name={name}>")
            if r.status == "wrong":
                body = escape(xml_text(_format_shown(r.message)), {"\r": "&#13;"})
                out.append(f"      <failure message={_attr(r.message, 500)}>{body}</failure>")
            elif r.status in failing or r in unchecked:
                shown = f"{r.status} (--strict): {r.message}" if r.status in failing else f"not checked: {r.message}"
                body = escape(xml_text(_format_shown(shown)), {"\r": "&#13;"})
                out.append(f"      <failure message={_attr(shown, 500)}>{body}</failure>")
            elif r.status in ("unparsed", "undecided", "given"):
                out.append(f"      <skipped message={_attr(f'{r.status}: {r.message}', 500)}/>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out)
