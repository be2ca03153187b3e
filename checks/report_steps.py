"""Rendering step results: text for people, JSON for tools, JUnit XML and GitHub annotations for CI."""

from __future__ import annotations

import json
from collections import Counter
from xml.sax.saxutils import escape, quoteattr

from checks.steps import StepResult

__all__ = ["render"]

Checked = list[tuple[str, list[StepResult]]]


def render(checked: Checked, fmt: str, *, show_all: bool = False) -> str:
    return {"text": _text, "json": _json, "junit": _junit, "github": _github}[fmt](checked, show_all)


def _text(checked: Checked, show_all: bool) -> str:
    lines = []
    for path, results in checked:
        counts = Counter(r.status for r in results)
        summary = ", ".join(f"{counts[s]} {s}" for s in ("ok", "wrong", "unparsed", "undecided") if counts[s])
        lines.append(f"{path}: {len(results)} steps ({summary or 'none found'})")
        for r in results:
            if show_all or r.status == "wrong":
                lines.append(f"  {path}:{r.line}: {r.status}: {r.left} {r.relation} {r.right}")
                lines.append(f"      {r.message}")
    return "\n".join(lines)


def _json(checked: Checked, _: bool) -> str:
    return json.dumps({"documents": [{"path": p, "steps": [r.as_dict() for r in rs]} for p, rs in checked]}, indent=2)


def _one_line(text: str) -> str:
    # Workflow commands end at a newline; '%' must be escaped first.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github(checked: Checked, _: bool) -> str:
    lines = []
    for path, results in checked:
        for r in results:
            if r.status == "wrong":
                lines.append(f"::error file={path},line={r.line}::{_one_line(f'wrong step: {r.left} {r.relation} {r.right}: {r.message}')}")
    total = sum(len(rs) for _, rs in checked)
    wrong = sum(r.status == "wrong" for _, rs in checked for r in rs)
    lines.append(f"derivax steps: {total} steps, {wrong} wrong")
    return "\n".join(lines)


def _junit(checked: Checked, _: bool) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<testsuites>"]
    for path, results in checked:
        failures = sum(r.status == "wrong" for r in results)
        skipped = sum(r.status in ("unparsed", "undecided") for r in results)
        out.append(f'  <testsuite name={quoteattr(path)} tests="{len(results)}" failures="{failures}" skipped="{skipped}">')
        for r in results:
            name = quoteattr(f"line {r.line}: {r.left} {r.relation} {r.right}"[:200])
            out.append(f"    <testcase classname={quoteattr(path)} name={name}>")
            if r.status == "wrong":
                out.append(f"      <failure message={quoteattr(r.message[:500])}>{escape(r.message)}</failure>")
            elif r.status in ("unparsed", "undecided"):
                out.append(f"      <skipped message={quoteattr(f'{r.status}: {r.message}'[:500])}/>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out)
