"""A class judged once per reading across workers (issue 18, point 4), and grading's progress line.

Each worker sends back, with its student, the verdicts it found; the parent passes them on with
every other worker's next task (:func:`derivax.workerpool.run_pool`'s ``annotate``), so a reading
one worker judged is not judged again by another. The verdict of a memo key does not depend on
which worker found it, so the files are the same as with one process.
"""

from __future__ import annotations

import io
import json

from derivax import grading, progress
from derivax.answerkeys import keys_from_file
from derivax.cli import main
from derivax.workerpool import run_pool


def _echo(context: str, task: object) -> tuple[str, object]:
    """A task for run_pool (module level: a spawned worker imports it by name)."""
    return context, task


def test_annotate_says_what_each_task_carries_and_to_which_worker():
    done: dict[int, object] = {}
    asked: list[tuple[int, int]] = []

    def annotate(index: int, worker: int) -> tuple[int, int]:
        asked.append((index, worker))
        return index * 10, worker

    run_pool(_echo, "ctx", ["a", "b", "c", "d"], jobs=2, on_done=done.__setitem__, on_lost=done.__setitem__, annotate=annotate)
    assert sorted(i for i, _ in asked) == [0, 1, 2, 3]
    assert {w for _, w in asked} <= {0, 1}
    assert done == {i: ("ctx", (i * 10, w)) for i, w in asked}


def test_a_worker_reuses_the_verdicts_it_is_sent_and_returns_only_its_own(monkeypatch, tmp_path):
    (tmp_path / "key.yaml").write_text("p:\n  answer: 'a(1-a)'\nq:\n  answer: '2x'\n")
    keys = keys_from_file(tmp_path / "key.yaml")
    calls: list[str] = []
    real = grading.grade_answer
    monkeypatch.setattr(grading, "grade_answer", lambda key, answer, **o: calls.append(answer) or real(key, answer, **o))
    monkeypatch.setattr(grading, "_WORKER_CACHE", {})
    context = (keys, {"timeout_s": 5.0, "undecided_credit": 0.0, "seed": 0}, None, None)
    first, found = grading._grade_in_worker(context, (grading.Submission("A", {"p": "a - a^2", "q": "x + x"}, "a.yaml"), ()))
    assert calls == ["a - a^2", "x + x"] and len(found) == 2
    # Another worker, sent those verdicts with its task, judges only the answer it has not seen.
    monkeypatch.setattr(grading, "_WORKER_CACHE", {})
    calls.clear()
    second, found_second = grading._grade_in_worker(
        context, (grading.Submission("B", {"p": "-a^2 + a", "q": "3x"}, "b.yaml"), tuple(found))
    )
    assert calls == ["3x"]
    assert [m for m, _ in found_second] == [grading._memo_key("q", "3x")]
    assert [r.status for r in second.results] == ["correct", "incorrect"]
    assert second.results[0].answer == "-a^2 + a"  # the student's own spelling, the shared verdict
    assert second.results[0].message == first.results[0].message


def test_two_workers_write_the_files_one_process_writes(tmp_path):
    (tmp_path / "key.yaml").write_text("p:\n  answer: 'a(1-a)'\n  mistakes:\n    - {answer: '1 - a', feedback: 'dropped a', points: 0.5}\n")
    spellings = ["a - a^2", "-a^2 + a", "1 - a", "1-a", "a + a^2", "a(1-a", "2a", "a^{1}-a^2", "", "a - a^2 + 0"]
    paths = []
    for i in range(24):
        path = tmp_path / f"s{i:02d}.yaml"
        path.write_text(json.dumps({"student": f"S{i}", "answers": {"p": spellings[i % len(spellings)]}}))
        paths.append(str(path))
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["grade", *paths, "--key", str(tmp_path / "key.yaml"), "--out", str(out), "--jobs", jobs]) == 0
        outs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".md", ".json", ".csv")}
    assert outs["1"] == outs["2"] and len(outs["1"]) == 2 * 24 + 1


def test_time_left_is_the_mean_rate_since_the_start_without_the_resumed():
    assert progress.time_left(100, 10, 0, 20.0) == 180.0
    assert progress.time_left(100, 60, 50, 20.0) == 80.0  # 50 resumed: 10 done in 20 s, 40 left
    assert progress.time_left(100, 50, 50, 20.0) is None
    assert progress._clock(None) == "?" and progress._clock(65.4) == "1:05" and progress._clock(3725) == "1:02:05"


def test_progress_is_silent_off_a_terminal_unless_asked_for(monkeypatch):
    quiet = io.StringIO()
    with progress.progress("grading", 3, stream=quiet) as advance:
        advance()
    assert quiet.getvalue() == ""
    monkeypatch.setattr(progress, "PLAIN_EVERY_S", 0.0)
    shown = io.StringIO()
    with progress.progress("grading", 3, done=1, show=True, stream=shown) as advance:
        advance()
        advance()
    lines = shown.getvalue().splitlines()
    assert lines[-1].startswith("derivax: grading: 3/3, ") and lines[-1].endswith("about 0:00 left")
    assert len(lines) == 3


def _pid_and_task(context: str, task: object) -> tuple[int, str, object]:
    """A task for run_pool that says which process ran it."""
    import os

    return os.getpid(), context, task


def test_workers_started_ahead_are_the_ones_that_run_the_tasks():
    from derivax.workerpool import Workers

    done: dict[int, object] = {}
    with Workers(_pid_and_task, "ctx", 2) as ahead:
        pids = {proc.pid for _, proc in ahead.started}
        run_pool(_pid_and_task, "ctx", ["a", "b", "c"], jobs=2, on_done=done.__setitem__, on_lost=done.__setitem__, workers=ahead)
        assert ahead.started == [], "run_pool took both workers (and stopped them)"
    assert sorted(done) == [0, 1, 2] and {task for _, _, task in done.values()} == {"a", "b", "c"}
    assert {pid for pid, _, _ in done.values()} <= pids, "no worker was started besides those started ahead"


def test_workers_started_for_another_context_are_left_to_their_owner():
    from derivax.workerpool import Workers

    done: dict[int, object] = {}
    with Workers(_pid_and_task, "other", 1) as ahead:
        pids = {proc.pid for _, proc in ahead.started}
        run_pool(_pid_and_task, "ctx", ["a"], jobs=1, on_done=done.__setitem__, on_lost=done.__setitem__, workers=ahead)
        assert len(ahead.started) == 1, "not taken: it would have run the task with the wrong context"
    assert done[0][1:] == ("ctx", "a") and done[0][0] not in pids
    assert not any(proc.is_alive() for _, proc in ahead.started)
