r"""Re-running `derivax grade` after an interruption finishes the class without regrading anyone done.

A Ctrl-C, a killed process or a crash leaves some students' files in ``--out``; the same command run
again must reuse exactly those whose results.json still matches what they would be graded from (the
file's bytes, the rubric, the options, the version), regrade the rest, and write the gradebook an
uninterrupted run writes. Regrading is counted by wrapping :func:`derivax.grading.grade_submission`
(``--jobs 1`` grades in this process).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from derivax import answerkeys, gradebook, grading
from derivax.cli import main

PROBLEM = "sigmoid-derivative"
ANSWERS = {
    "ann": r"\sigma(z)(1-\sigma(z))",
    "ben": r"\sigma(z) - \sigma(z)^2",
    "cat": r"\sigma(z)^2",  # wrong
    "dan": r"\frac{1}{1+e^{-z}}",  # wrong
}


@pytest.fixture
def graded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The students graded (by name) in this test, in order; grading itself is unchanged."""
    seen: list[str] = []
    real = grading.grade_submission

    def counting(submission: grading.Submission, *args: object, **kwargs: object) -> grading.StudentResult:
        seen.append(submission.student)
        return real(submission, *args, **kwargs)

    monkeypatch.setattr(grading, "grade_submission", counting)
    return seen


def _write(folder: Path, name: str, answer: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"student: {name}\nanswers:\n  {PROBLEM}: '{answer}'\n", encoding="utf-8")
    return path


def _class(tmp_path: Path) -> list[str]:
    folder = tmp_path / "subs"
    folder.mkdir()
    return [str(_write(folder, name, answer)) for name, answer in ANSWERS.items()]


def _grade(paths: list[str], out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Run the command; the exit status and how many students stderr says were resumed."""
    code = main(["grade", *paths, "--problems", PROBLEM, "--out", str(out), "--jobs", "1", *extra])
    err = capsys.readouterr().err
    found = re.search(r"resumed: (\d+) students already graded in .*, grading (\d+)", err)
    resumed = int(found.group(1)) if found else 0
    if found:
        assert int(found.group(2)) == len(paths) - resumed
    return code, resumed


def test_interrupted_run_finishes_without_regrading(tmp_path: Path, graded: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    paths, out = _class(tmp_path), tmp_path / "out"
    assert _grade(paths, out, capsys) == (0, 0)
    assert sorted(graded) == sorted(ANSWERS)
    book = (out / "gradebook.csv").read_bytes()
    feedback = (out / "cat.md").read_bytes()
    assert b"1.0" in book and b"0.0" in book  # right and wrong answers both graded

    # Interrupted before cat finished: neither of its files was written.
    (out / "cat.results.json").unlink()
    (out / "cat.md").unlink()
    (out / "gradebook.csv").unlink()
    graded.clear()
    assert _grade(paths, out, capsys) == (0, 3)
    assert graded == ["cat"]
    assert (out / "gradebook.csv").read_bytes() == book
    assert (out / "cat.md").read_bytes() == feedback

    # A missing feedback file alone is rewritten from the results.json, without grading.
    (out / "ann.md").unlink()
    graded.clear()
    assert _grade(paths, out, capsys) == (0, 4)
    assert graded == [] and (out / "ann.md").is_file()
    assert (out / "gradebook.csv").read_bytes() == book


def test_changed_submission_options_and_fresh_regrade(tmp_path: Path, graded: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    paths, out = _class(tmp_path), tmp_path / "out"
    _grade(paths, out, capsys)

    _write(Path(paths[2]).parent, "cat", r"\sigma(z)(1-\sigma(z))")  # cat fixes the answer: only cat is regraded
    graded.clear()
    assert _grade(paths, out, capsys) == (0, 3)
    assert graded == ["cat"]
    assert "cat,1.0,1.0,1.0," in (out / "gradebook.csv").read_text(encoding="utf-8")

    graded.clear()
    assert _grade(paths, out, capsys, "--undecided-credit", "0.5") == (0, 0)  # another option: everyone
    assert sorted(graded) == sorted(ANSWERS)

    graded.clear()
    assert _grade(paths, out, capsys, "--undecided-credit", "0.5", "--fresh") == (0, 0)
    assert sorted(graded) == sorted(ANSWERS)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "",
        lambda text: "[1, 2]",
        lambda text: "\udcff\x00 not json",  # not UTF-8
        lambda text: "[" * 100_000,
        lambda text: text.replace('"score": 0.0', '"score": 1.0'),  # a hand-raised score
        lambda text: text.replace('"status": "incorrect"', '"status": "correct"'),
        lambda text: text.replace('"max_score": 1.0', '"max_score": true'),
        lambda text: text.replace('"derivax_key": "hmac-sha256:', '"derivax_key": "hmac-sha256:0'),
        lambda text: text.replace('"student": "dan"', '"student": "ann"'),
    ],
)
def test_damaged_results_are_regraded(damage, tmp_path: Path, graded: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    paths, out = _class(tmp_path), tmp_path / "out"
    _grade(paths, out, capsys)
    book = (out / "gradebook.csv").read_bytes()
    results = out / "dan.results.json"
    before = results.read_text(encoding="utf-8")
    assert before != damage(before)
    results.write_bytes(damage(before).encode("utf-8", "surrogateescape"))
    graded.clear()
    assert _grade(paths, out, capsys) == (0, 3)
    assert graded == ["dan"]
    assert results.read_text(encoding="utf-8") == before
    assert (out / "gradebook.csv").read_bytes() == book


def test_lost_student_is_retried(tmp_path: Path, graded: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A student whose grading was lost (worker died, deadline) has no key: the re-run tries again."""
    paths, out = _class(tmp_path), tmp_path / "out"
    _grade(paths, out, capsys)
    sub = grading.load_submission(paths[0])
    lost = grading.lost_student(sub, answerkeys.keys_from_claims([PROBLEM], {PROBLEM: _claim()}), "the worker process died")
    assert "derivax_key" not in gradebook.gradescope_json(lost, "sha256:x")
    (out / "ann.results.json").write_text(gradebook.gradescope_json(lost, "sha256:x"), encoding="utf-8")
    graded.clear()
    assert _grade(paths, out, capsys) == (0, 3)
    assert graded == ["ann"]


def _claim():
    from derivax.registry import builtin_claims

    return next(c for c in builtin_claims() if c.id == PROBLEM)
