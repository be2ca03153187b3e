"""`derivax grade` on a made-up class: the right verdict for every answer, and bad input survived."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from derivax.cli import main
from tests.conftest import CORE_IDS

CLASS = Path(__file__).parent / "data" / "class"
RUBRIC = ",".join(CORE_IDS)  # the instructor's rubric: never derived from what the students answered

EXPECTED = {
    "Alice Archer": dict.fromkeys(
        CORE_IDS,
        "correct",
    ),
    # Equivalent forms that look nothing like the key: acosh for ln, reordered, negative powers.
    "Bob Baker": dict.fromkeys(
        CORE_IDS,
        "correct",
    ),
    "Carol Chen": dict.fromkeys(
        CORE_IDS,
        "incorrect",
    ),
    "Dave Dunn": {
        "softmax-ce-delta": "unparsed",
        "sigmoid-saturation-bound": "unparsed",
        "sigmoid-saturation-width": "missing",
        "weight-decay-factor": "unparsed",
        "adam-bias-correction": "unparsed",
        "gd-quadratic-convergence": "unparsed",
        "init-variance": "unparsed",
    },
    # Wrong answers that agree with the key at a few points.
    "Erin Evans": {
        "init-variance": "incorrect",
        "adam-bias-correction": "incorrect",
        "weight-decay-factor": "incorrect",
        "softmax-ce-delta": "incorrect",
    },
    "Frank Fox": {
        "softmax-ce-delta": "correct",
        "weight-decay-factor": "correct",
        "adam-bias-correction": "correct",
        "gd-quadratic-convergence": "correct",
        "init-variance": "correct",
        "sigmoid-saturation-bound": "correct",
    },
    # Grace writes beta for beta_1, lambda for lambda_max, N for n: read as the key's names, each answer is the key, so
    # a person judges the notation (session 46; they were incorrect, refuted by giving her names their own values)
    "Grace Green": {
        "adam-bias-correction": "undecided",
        "gd-quadratic-convergence": "undecided",
        "init-variance": "undecided",
        "weight-decay-factor": "correct",
    },
    "Heidi Hall": {"init-variance": "unparsed", "sigmoid-saturation-bound": "correct"},
    "Ivan Ivanov": {
        "init-variance": "unparsed",
        "softmax-ce-delta": "unparsed",
        "sigmoid-saturation-bound": "correct",
        "no-such-claim": "unknown",
    },
    "Leo Lopez": {
        "sigmoid-saturation-width": "correct",
        "weight-decay-factor": "correct",
        "gd-quadratic-convergence": "correct",
        "softmax-ce-delta": "correct",
    },
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    import contextlib
    import io
    import shutil

    import yaml

    out = tmp_path_factory.mktemp("grades")
    folder = tmp_path_factory.mktemp("class")
    for path in CLASS.glob("*.yaml"):
        shutil.copy(path, folder)
    # A 1 MB answer is made here rather than kept in the repository.
    huge = {"student": "Heidi Hall", "answers": {"init-variance": "x+" * 500_000, "sigmoid-saturation-bound": "4"}}
    (folder / "heidi.yaml").write_text(yaml.safe_dump(huge))

    buffer, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        code = main(["grade", *sorted(map(str, folder.glob("*.yaml"))), "--problems", RUBRIC, "--out", str(out), "--json"])
    return code, json.loads(buffer.getvalue()), errors.getvalue(), out


def test_every_answer_gets_the_right_verdict(graded):
    code, data, _, _ = graded
    assert code == 1  # judy.yaml and kim.yaml were not read: listed in the gradebook unscored, and the exit says so
    got = {s["student"]: {a["problem"]: a["status"] for a in s["answers"]} for s in data["students"]}
    for student, expected in EXPECTED.items():
        for problem, status in expected.items():
            assert got[student][problem] == status, (student, problem, got[student][problem])


def test_incorrect_answers_carry_a_point_and_both_values(graded):
    _, data, _, _ = graded
    carol = next(s for s in data["students"] if s["student"] == "Carol Chen")
    for answer in carol["answers"]:
        assert "differs from the key" in answer["message"] and "key =" in answer["message"] and "answer =" in answer["message"]


def test_bad_files_are_reported_and_the_rest_graded(graded):
    _, data, errors, _ = graded
    assert "judy.yaml: not valid YAML (line 3" in errors
    assert "kim.yaml: the file is empty" in errors
    assert len(data["students"]) == len(EXPECTED)


def test_outputs_gradebook_feedback_and_gradescope(graded):
    _, _, _, out = graded
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert {r["student"] for r in rows} == set(EXPECTED) | {"judy", "kim"}  # the files not read, by their names
    assert all(r["total"] == "" for r in rows if r["student"] in ("judy", "kim"))
    alice = next(r for r in rows if r["student"] == "Alice Archer")
    assert float(alice["total"]) == 7.0
    results = json.loads((out / "carol.results.json").read_text())  # named after the submission file
    assert results["student"] == "Carol Chen" and results["source"].endswith("carol.yaml")
    assert {t["name"] for t in results["tests"]} >= {"softmax-ce-delta", "init-variance"}
    assert all({"name", "score", "max_score", "output"} <= set(t) for t in results["tests"])
    assert "## softmax-ce-delta: incorrect" in (out / "carol.md").read_text()


def test_nothing_readable_is_an_input_error(tmp_path, capsys):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert main(["grade", str(empty), "--problems", RUBRIC, "--out", str(tmp_path / "o")]) == 2
    assert "no submission could be read" in capsys.readouterr().err


KEYED = Path(__file__).parent / "data" / "keyed"


def test_instructor_key_grades_expressions_equations_inequalities_and_sets(tmp_path, capsys):
    code = main(
        [
            "grade",
            "--key",
            str(KEYED / "key.yaml"),
            str(KEYED / "right.yaml"),
            str(KEYED / "wrong.yaml"),
            "--out",
            str(tmp_path),
            "--json",
            "--jobs",
            "1",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    by_student = {s["student"]: {a["problem"]: a for a in s["answers"]} for s in data["students"]}
    assert {p: a["status"] for p, a in by_student["Rita Right"].items()} == dict.fromkeys(
        ["simplify", "solve", "where-positive", "interval", "log-rule"], "correct"
    )
    walt = by_student["Walt Wrong"]
    assert {a["status"] for a in walt.values()} == {"incorrect"}
    assert "x = -2 satisfies the key but not the answer" in walt["solve"]["message"]
    assert "1 is in the answer's set" in walt["interval"]["message"]
    rows = list(csv.DictReader((tmp_path / "gradebook.csv").open()))
    assert {r["student"]: float(r["total"]) for r in rows} == {"Rita Right": 6.0, "Walt Wrong": 0.0}


def test_a_large_class_is_graded_in_worker_processes_in_input_order(tmp_path, capsys):
    import yaml

    alice = yaml.safe_load((CLASS / "alice.yaml").read_text())
    paths = []
    for i in range(16):
        path = tmp_path / f"s{i:02d}.yaml"
        path.write_text(yaml.safe_dump({"student": f"Student {i:02d}", "answers": alice["answers"]}))
        paths.append(str(path))
    assert main(["grade", *paths, "--problems", RUBRIC, "--out", str(tmp_path / "out"), "--json", "--jobs", "2"]) == 0
    students = json.loads(capsys.readouterr().out)["students"]
    assert [s["student"] for s in students] == [f"Student {i:02d}" for i in range(16)]
    assert all(s["score"] == 7 for s in students)


def test_one_reading_is_graded_once_whatever_its_spelling(monkeypatch, tmp_path):
    """Answers that read to the same object share one verdict; the digits rule and second readings keep theirs."""
    from derivax import grading
    from derivax.answerkeys import keys_from_file

    (tmp_path / "key.yaml").write_text("p:\n  answer: 'a(1-a)'\n")
    keys = keys_from_file(tmp_path / "key.yaml")
    calls = []
    real = grading.grade_answer
    monkeypatch.setattr(grading, "grade_answer", lambda key, answer, **o: calls.append(answer) or real(key, answer, **o))
    cache: dict = {}
    spellings = ["a - a^2", "-a^2 + a", "- a^{2} + a", "0.5", "0.50", "b(1+a)", r"b \cdot (1+a)"]
    students = [grading.Submission(str(i), {"p": s}, f"{i}.yaml") for i, s in enumerate(spellings)]
    results = [grading.grade_submission(s, keys, cache).results[0] for s in students]
    assert calls == ["a - a^2", "0.5", "0.50", "b(1+a)", r"b \cdot (1+a)"]
    assert [r.answer for r in results] == spellings  # each student's own text is kept
    assert [r.status for r in results[:3]] == ["correct"] * 3
