"""CI output is not a channel for injection: hostile file names and documents cannot forge annotations or break JUnit XML.

``derivax steps --format github`` prints workflow commands (``::error file=F,line=N::MESSAGE``), which
the runner reads one per line; ``--format junit`` prints XML for CI servers. File names and document
text are input: a newline would start a second command, a ``,line=999`` in a name would rewrite the
annotation's line, and a control character would make the XML unreadable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from derivax.cli import main
from derivax.report_steps import escape_data, escape_property, render, shown_in_log, xml_text
from derivax.steps import StepResult, check_document

# Every character below 0x20: XML allows only tab, newline and carriage return of them.
CONTROL = "".join(chr(i) for i in range(0x20))
HOSTILE_NAMES = [
    "new\nline.md",
    "a,line=999,title=X.md",
    "colons::error file=evil.md::pwned.md",
    "100%25 sure %0A.md",
    "cr\r::warning::x.md",
]
DOCUMENT = "Intro " + CONTROL.replace("\n", "") + "\n\n$$1 + 1 = 3$$\n\n$$2 + 2 = 5" + CONTROL.replace("\n", "") + "$$\n"


def _unescape_property(value: str) -> str:
    """The runner's reading of a property value (actions/runner ActionCommand): ``%25`` last."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ",")):
        value = value.replace(escaped, raw)
    return value.replace("%25", "%")


def _unescape_data(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n")):
        value = value.replace(escaped, raw)
    return value.replace("%25", "%")


def parse_annotation(line: str) -> tuple[str, dict[str, str], str] | None:
    """``(command, properties, message)`` of one workflow command line, read as the runner reads it; None if not one.

    ``::COMMAND[ KEY=VALUE[,KEY=VALUE]...]::MESSAGE``: the properties end at the first ``::``, are split
    at ``,`` and each at its first ``=``.
    """
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    head, message = line[2:end], line[end + 2 :]
    command, _, props = head.partition(" ")
    properties: dict[str, str] = {}
    for pair in filter(None, props.split(",")):
        key, sep, value = pair.partition("=")
        assert sep, f"a property without '=': {pair!r}"
        assert key not in properties, f"property {key!r} given twice: {line!r}"
        properties[key] = _unescape_property(value)
    return command, properties, _unescape_data(message)


def _wrong(left: str, right: str, message: str, line: int = 7) -> StepResult:
    return StepResult("wrong", left, "=", right, line, line, "chain", message)


def test_escaping_is_the_toolkits():
    assert escape_data("100% \r\n: ,") == "100%25 %0D%0A: ,"
    assert escape_property("100% \r\n: ,") == "100%25 %0D%0A%3A %2C"
    for text in ["%0A", "%%25", "a\nb\rc", "::,:,", CONTROL]:
        assert _unescape_data(escape_data(text)) == text
        assert _unescape_property(escape_property(text)) == text


def test_xml_text_removes_exactly_what_xml_forbids():
    kept = "\t\n\r" + "".join(chr(c) for c in range(0x20, 0xD800, 97)) + "\ue000\ufffd\U0001f600"
    assert xml_text(kept) == kept
    assert xml_text(CONTROL) == "\t\n\r"
    assert xml_text("a\ud800b\udfffc\ufffed\uffffe") == "abcde"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_github_annotations_from_hostile_names_and_steps(name):
    message = f"1 + 1 is 2 {CONTROL} not 3 ::error file=x::y %0A"
    checked = [(name, [_wrong("1 + 1\n::error::forged", "3\r\n", message), StepResult("ok", "a", "=", "a", 9, 9, "chain", "")])]
    lines = render(checked, "github").split("\n")
    annotations = [parse_annotation(line) for line in lines if line.startswith("::")]
    assert len(annotations) == 1 and len(lines) == 2 and lines[1].startswith("derivax steps: ")
    command, properties, text = annotations[0]
    assert command == "error" and properties == {"file": name, "line": "7"}
    # control characters other than line breaks are shown as escapes (session 32): an ESC in a file name set the title
    assert text == f"wrong step: 1 + 1\n::error::forged = 3\r\n: {shown_in_log(message)}" and "\x1b" not in text


def test_github_names_that_are_not_utf8_do_not_stop_the_run():
    (annotation, _) = render([("bad\udcff.md", [_wrong("1", "2", "no")])], "github").split("\n")
    assert parse_annotation(annotation)[1]["file"] == "bad\ufffd.md"
    annotation.encode("utf-8")


def test_junit_with_control_characters_everywhere_parses():
    name = "dir/" + CONTROL + "\ud800<&>\"'.md"
    checked = [
        (
            name,
            [
                _wrong("1 + 1" + CONTROL, "3 <&>", "is 2" + CONTROL + "\ufffe\uffff ]]> end"),
                StepResult("unparsed", "x" + CONTROL, "=", "4", 8, 8, "chain", "cannot parse " + CONTROL),
            ],
        )
    ]
    root = ET.fromstring(render(checked, "junit").encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == xml_text(name) and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert [c.get("classname") for c in cases] == [xml_text(name)] * 2
    assert cases[0].get("name") == "line 7: 1 + 1\t\n\r = 3 <&>"
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == "is 2\t\n\r ]]> end"
    assert failure.text == "is 2\t\n\r ]]> end"
    skipped = cases[1].find("skipped")
    assert skipped is not None and skipped.get("message") == "unparsed: cannot parse \t\n\r"


def _hostile_documents(folder: Path) -> list[Path]:
    docs = []
    for i, name in enumerate(HOSTILE_NAMES):
        sub = folder / f"d{i}"
        sub.mkdir()
        doc = sub / name
        doc.write_text(DOCUMENT, encoding="utf-8")
        docs.append(doc)
    return docs


def _wrong_line(doc: Path) -> int:
    """The line of ``1 + 1 = 3`` in ``doc`` read as the command line reads it (its carriage return is a line break)."""
    (step,) = [r for r in check_document(doc.read_text(encoding="utf-8")) if r.status == "wrong"]
    return step.line


def test_cli_github_one_annotation_per_wrong_step(tmp_path, capsys):
    docs = _hostile_documents(tmp_path)
    assert main(["steps", *map(str, docs), "--format", "github"]) == 1
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    annotations = [parse_annotation(line) for line in lines]
    assert lines[-1] == f"derivax steps: {2 * len(docs)} steps, {len(docs)} wrong" and annotations[-1] is None
    found = annotations[:-1]
    assert all(a is not None for a in found) and len(found) == len(docs)
    assert [(a[0], a[1]) for a in found if a] == [("error", {"file": str(d), "line": str(_wrong_line(d))}) for d in docs]
    assert all(re.fullmatch(r"wrong step: 1 \+ 1 = 3: .*", a[2]) for a in found if a)


def test_cli_junit_names_each_file_and_parses(tmp_path, capsys):
    docs = _hostile_documents(tmp_path)
    assert main(["steps", *map(str, docs), "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(d) for d in docs]
    for suite, doc in zip(suites, docs, strict=True):
        assert suite.get("failures") == "1" and suite.get("skipped") == "1"
        failing = [c for c in suite.findall("testcase") if c.find("failure") is not None]
        assert [c.get("name") for c in failing] == [f"line {_wrong_line(doc)}: 1 + 1 = 3"]
        skipped = [c.find("skipped") for c in suite.findall("testcase")]
        assert any(s is not None and "cannot parse" in (s.get("message") or "") for s in skipped)
