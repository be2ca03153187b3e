"""`derivax grade` with hostile or unlucky input: file names, spreadsheet formulas, and who sets the rubric.

A class whose names collide (spacing, case, Unicode form), use other scripts, or try to leave the
output folder must still get one set of files per student, inside ``--out``, each naming its student.
A name that is a spreadsheet formula must reach the gradebook as text. And the rubric is the
instructor's: a student answering extra problems changes no one else's maximum.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from derivax.answerkeys import GradingError
from derivax.cli import main
from derivax.gradebook import output_path
from derivax.outnames import MAX_STEM_BYTES, collision_key, student_stem, unique_stems

RIGHT = {"init-variance": r"\frac{1}{n}", "sigmoid-saturation-bound": "4"}
RUBRIC = ",".join(RIGHT)
EXTRA = {"weight-decay-factor": r"e^{-\eta\lambda/m}", "adam-bias-correction": r"1-\beta_1^t"}

# (submission file under the class folder, student name): 15 students whose names or files collide.
NASTY_NAME = "a/../../b\x00c\nd\x1b[31m"
CLASS_15 = [
    ("Alice Smith.yaml", "Alice Smith"),
    ("Alice_Smith.yaml", "Alice_Smith"),
    ("upper/ALICE SMITH.yaml", "ALICE SMITH"),  # differs only in case: one file on macOS and Windows
    ("张伟.yaml", "张伟"),
    ("李娜.yaml", "李娜"),
    ("...yaml", ".."),  # the file's stem is ".."
    ("Zoë.yaml", "Zoë"),
    ("nfd/Zoe\u0308.yaml", "Zoe\u0308"),  # the same name, decomposed
    ("Zoé.yaml", "Zoé"),
    ("é" * 120 + ".yaml", "é" * 300),  # a 245-byte file name; a 300-character student name
    ("evil\nname.yaml", NASTY_NAME),
    ("-rf.yaml", "-rf"),  # would be an option to latexmk
    ("CON.yaml", "CON"),  # a Windows device name
    ("s1/submission.yaml", "Sam Same"),  # two folders, one file name, one student name
    ("s2/submission.yaml", "Sam Same"),
]


def _write_class(folder: Path, entries: list[tuple[str, str]], answers: dict[str, str] | None = None) -> list[str]:
    paths = []
    for relative, student in entries:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"student": student, "answers": answers or RIGHT}, allow_unicode=True), encoding="utf-8")
        paths.append(str(path))
    return paths


def _grade(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["grade", *args, "--jobs", "1"])
    return code, out.getvalue(), err.getvalue()


# --- file names ---------------------------------------------------------------------------------------------------


def test_stems_are_readable_safe_and_short():
    assert student_stem("张伟") == "张伟"
    assert student_stem("Zoe\u0308") == student_stem("Zoë") == "Zoë"  # NFC
    assert student_stem("Zoé") == "Zoé" != student_stem("Zoë")
    assert student_stem("Alice Smith") == "Alice_Smith"
    assert student_stem(r"Ann_O'Hara 100% & #1 $ {x} \ Zoë") == "Ann_O_Hara_100_1_x_Zoë"
    for hostile in ("..", ".", "", "/", "\x00", "...", " \n\t"):
        assert student_stem(hostile) == "student"
    assert student_stem(NASTY_NAME) == "a_b_c_d_31m"
    assert student_stem(".bashrc") == "bashrc" and student_stem("-rf") == "rf"
    assert student_stem("con") == "_con" and student_stem("LPT1") == "_LPT1"
    assert student_stem('a<b>c:d"e|f?g*h\\i') == "a_b_c_d_e_f_g_h_i"
    assert student_stem("\u202eevil\u200b") == "evil"  # bidi override and zero-width space are not letters
    for long in ("x" * 300, "é" * 300, "张" * 300):
        stem = student_stem(long)
        assert len(stem.encode()) <= MAX_STEM_BYTES and stem == long[: len(stem)]


def test_unique_stems_from_names_alone():
    names = [student for _, student in CLASS_15]
    stems = unique_stems([(name, "") for name in names])
    assert len({collision_key(s) for s in stems}) == len(names)
    assert "张伟" in stems and "李娜" in stems and "Zoé" in stems
    # Every member of a colliding group is told apart by a hash, not by its position in the class.
    assert [s for s in stems if s.startswith("Alice_Smith-") or s.startswith("ALICE_SMITH-")] == stems[:3]
    assert stems[-2:] == [f"{stems[-2]}", f"{stems[-2]}-2"]  # the same name and no file: numbered in turn
    again = unique_stems([(name, "") for name in reversed(names[:-2])])  # the order does not matter
    assert list(reversed(again)) == stems[:-2]


def test_a_class_of_colliding_names_gets_one_set_of_files_each_inside_out(tmp_path):
    folder, out = tmp_path / "class", tmp_path / "out"
    paths = _write_class(folder, CLASS_15)
    code, stdout, stderr = _grade(*paths, "--problems", RUBRIC, "--out", str(out), "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    students = data["students"]
    assert [s["student"] for s in students] == [student for _, student in CLASS_15]
    stems = [s["stem"] for s in students]
    assert len({collision_key(s) for s in stems}) == 15  # distinct, also on a case-insensitive file system
    expected = {"gradebook.csv", *(f"{s}.md" for s in stems), *(f"{s}.results.json" for s in stems)}
    assert {p.name for p in out.iterdir()} == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class", "out"]  # nothing written outside --out
    for name in expected:
        assert len(name.encode()) < 255 and not name.startswith((".", "-"))
        assert not any(unicodedata.category(c).startswith("C") or c in '/\\<>:"|?*' for c in name), repr(name)
    for s, path in zip(students, paths, strict=True):
        results = json.loads((out / f"{s['stem']}.results.json").read_text(encoding="utf-8"))
        assert (results["student"], results["source"]) == (s["student"], path)
        assert [t["name"] for t in results["tests"]] == list(RIGHT) and results["score"] == 2
    assert {"张伟", "李娜", "Zoé"} <= set(stems)
    assert sum(s.startswith("Zoë-") for s in stems) == 2 and sum(s.startswith("submission-") for s in stems) == 2
    long_stem = stems[9]
    assert long_stem.startswith("éééé") and len(long_stem.encode()) <= MAX_STEM_BYTES
    nasty = (out / f"{stems[10]}.md").read_text(encoding="utf-8").splitlines()[0]
    assert nasty == r"# Feedback for a/../../b\x00c\nd\x1b\[31m"  # one line, no escape sequence (and no link)
    # The same name after case, Unicode form and spacing are set aside: reported, and each graded.
    assert data["duplicates"] == [
        {"student": "Alice Smith", "sources": [paths[0], paths[2]]},
        {"student": "Zoë", "sources": [paths[6], paths[7]]},
        {"student": "Sam Same", "sources": paths[-2:]},
    ]
    assert "2 submissions name the student 'Sam Same'" in stderr
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8", newline="")))
    assert [r["source"] for r in rows] == [p.replace("\n", "\\n") for p in paths]  # one line a cell


def test_output_path_refuses_to_leave_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert output_path(out, "carol", ".md") == out / "carol.md"
    for stem in ("../carol", "a/b", "/etc/passwd"):
        with pytest.raises(GradingError, match="leave the output folder"):
            output_path(out, stem, ".md")
    (out / "planted.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(GradingError, match="leave the output folder"):
        output_path(out, "planted", ".md")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs a TeX installation")
def test_pdf_feedback_uses_the_same_unique_stems(tmp_path):
    paths = _write_class(tmp_path / "class", [("Alice Smith.yaml", "Alice Smith"), ("Alice_Smith.yaml", "Alice_Smith")])
    code, stdout, stderr = _grade(*paths, "--problems", "init-variance", "--out", str(tmp_path / "out"), "--json", "--pdf")
    assert code == 0, stderr
    stems = [s["stem"] for s in json.loads(stdout)["students"]]
    assert len(set(stems)) == 2
    for stem in stems:
        assert (tmp_path / "out" / f"{stem}.pdf").is_file() and (tmp_path / "out" / f"{stem}.md").is_file()


# --- the gradebook ------------------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def test_formula_names_are_text_in_the_gradebook(tmp_path):
    paths = _write_class(tmp_path / "class", [(f"s{i}.yaml", name) for i, name in enumerate([*FORMULAS, "Plain Name"])], RIGHT)
    code, _, stderr = _grade(*paths, "--problems", RUBRIC, "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    with (tmp_path / "out" / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["student", *RIGHT, "total", "max", "source"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (row, cell)
    # a name's line breaks are shown as \\r and \\n (one line a cell): "\\r=1+1" starts with a backslash, no formula
    shown = [name.replace("\r", "\\r").replace("\n", "\\n") for name in FORMULAS]
    assert [row[0] for row in rows[1:]] == [*(s if s.startswith("\\") else f"'{s}" for s in shown), "Plain Name"]
    assert all(row[-3:-1] == ["2.0", "2.0"] for row in rows[1:])  # scores stay numbers


# --- the rubric ---------------------------------------------------------------------------------------------------


def test_extra_answers_change_no_one_elses_max_score(tmp_path):
    paths = _write_class(tmp_path / "class", [("ann.yaml", "Ann"), ("ben.yaml", "Ben")], None)
    Path(paths[1]).write_text(yaml.safe_dump({"student": "Ben", "answers": {"init-variance": r"\frac{1}{n}", **EXTRA}}), encoding="utf-8")
    Path(paths[0]).write_text(yaml.safe_dump({"student": "Ann", "answers": {"init-variance": r"n^{-1}"}}), encoding="utf-8")
    for rubric in (["--problems", "init-variance"], ["--problems-from-first-submission"]):
        out = tmp_path / rubric[0]
        code, stdout, stderr = _grade(*paths, *rubric, "--out", str(out), "--json")
        assert code == 0, stderr
        data = json.loads(stdout)
        assert data["problems"] == ["init-variance"]
        by_name = {s["student"]: s for s in data["students"]}
        assert {n: (s["score"], s["max_score"]) for n, s in by_name.items()} == {"Ann": (1, 1), "Ben": (1, 1)}
        extra = {a["problem"]: a for a in by_name["Ben"]["answers"] if a["problem"] in EXTRA}
        assert {p: (a["status"], a["score"], a["max_score"]) for p, a in extra.items()} == dict.fromkeys(EXTRA, ("unknown", 0, 0))
        assert "## weight-decay-factor: unknown" in (out / "ben.md").read_text(encoding="utf-8")
        assert "answers outside the rubric" in stderr and "weight-decay-factor (1)" in stderr
        rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8", newline="")))
        assert list(rows[0]) == ["student", "init-variance", "total", "max", "source"]


def test_no_rubric_or_unknown_problem_ids_exit_2(tmp_path):
    paths = _write_class(tmp_path / "class", [("ann.yaml", "Ann")])
    code, _, stderr = _grade(*paths, "--out", str(tmp_path / "out"))
    assert code == 2 and "--problems" in stderr and "--key" in stderr and len(stderr.strip().splitlines()) == 1
    code, _, stderr = _grade(*paths, "--problems", "init-variance,no-such-claim,also-bad", "--out", str(tmp_path / "out"))
    assert code == 2 and "no-such-claim, also-bad" in stderr
    assert not (tmp_path / "out").exists()  # refused before anything was graded or written


def test_problems_pick_part_of_an_instructors_key(tmp_path):
    keyed = Path(__file__).parent / "data" / "keyed"
    out = tmp_path / "out"
    key, right = str(keyed / "key.yaml"), str(keyed / "right.yaml")
    code, stdout, stderr = _grade("--key", key, right, "--problems", "simplify", "--out", str(out), "--json")
    assert code == 0, stderr
    (rita,) = json.loads(stdout)["students"]
    assert (rita["score"], rita["max_score"]) == (2, 2)
    assert {a["status"] for a in rita["answers"] if a["problem"] != "simplify"} == {"unknown"}
    code, _, stderr = _grade("--key", key, right, "--problems", "simplify,nope", "--out", str(out))
    assert code == 2 and "nope" in stderr
