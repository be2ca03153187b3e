"""``derivax verify --jobs N``: the same output as the sequential path, a lost worker costs one claim, JAX's cache on disk.

No test here is timed: the speed is measured by benchmarks/verify_library.py (figures in the README).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from derivax.cli import main
from derivax.parallel import jax_cache_dir
from tests.conftest import USER_CLAIMS

# Claims whose witness kills or stalls the worker that runs it; the claims beside them are ordinary.
HOSTILE_CLAIMS = textwrap.dedent(
    """
    import os, signal, time
    import jax
    import sympy as sp
    from derivax import Claim, Sym

    x = Sym("x", typical=(-2.0, 2.0))
    X = x.symbol

    def _kills_its_process(x):
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or a crash in C would

    def _never_returns(x):
        time.sleep(3600)

    KILLER = Claim(
        id="kills-worker", title="true, but its witness kills the process", symbols=(x,),
        lhs=sp.diff(X**2, X), rhs=2 * X, witness=_kills_its_process, refs=("a test",),
    )
    HANG = Claim(
        id="hangs-worker", title="true, but its witness never returns", symbols=(x,),
        lhs=sp.diff(X**3, X), rhs=3 * X**2, witness=_never_returns, refs=("a test",),
    )
    """
)


def _without_times(data: dict) -> dict:
    """A verify --json result without its wall-clock fields (the only part allowed to differ between runs)."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "seconds"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


def _text_without_times(text: str) -> str:
    return re.sub(r"\b\d+\.\d\b", "T", text)


@pytest.fixture
def user_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the result cache, if any, lands here
    path = tmp_path / "my_claims.py"
    path.write_text(USER_CLAIMS + HOSTILE_CLAIMS.replace("import jax\n", "").replace("from derivax import Claim, Sym\n", ""))
    return path


def test_jobs_2_gives_the_sequential_output_on_library_claims(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for jobs in ("1", "2"):
        code = main(["verify", "weight-decay-factor", "sigmoid-derivative", "--seed", "0", "--json", "--no-cache", "--jobs", jobs])
        outputs[jobs] = (code, _without_times(json.loads(capsys.readouterr().out)))
    assert outputs["1"] == outputs["2"]
    code, data = outputs["2"]
    assert code == 0 and [c["id"] for c in data["claims"]] == ["weight-decay-factor", "sigmoid-derivative"]
    assert [c["verdict"] for c in data["claims"]] == ["proved", "proved"]


def test_jobs_2_gives_the_sequential_output_on_a_refutation_and_twins(user_file, capsys):
    """Text output with a refutation (exit 1), then the twins: the same lines in the same order, apart from the times."""
    outputs = {}
    for jobs in ("1", "2"):
        refuted = main(["verify", str(user_file), "tanh-prime", "wrong-tanh-prime", "--seed", "3", "--no-cache", "--jobs", jobs])
        text = capsys.readouterr().out
        twins = main(["verify", str(user_file), "tanh-prime", "--twins", "--json", "--no-cache", "--jobs", jobs])
        outputs[jobs] = (refuted, _text_without_times(text), twins, _without_times(json.loads(capsys.readouterr().out)))
    assert outputs["1"] == outputs["2"]
    refuted, text, twins, data = outputs["2"]
    assert refuted == 1 and "wrong-tanh-prime refuted" in text and "my_claims.py wrong-tanh-prime --seed 3" in text
    assert twins == 0 and [c["verdict"] for c in data["claims"]] == ["refuted"]


def test_a_claim_whose_worker_dies_is_undecided_and_the_others_are_verified(user_file, capsys):
    code = main(["verify", str(user_file), "tanh-prime", "kills-worker", "wrong-tanh-prime", "--seed", "0", "--json", "--jobs", "2"])
    assert code == 1
    by_id = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    assert list(by_id) == ["tanh-prime", "kills-worker", "wrong-tanh-prime"], "library order, whatever finished first"
    lost = by_id["kills-worker"]
    assert lost["verdict"] == "undecided" and lost["counterexample"] is None
    assert all(e["verdict"] == "undecided" and "worker process died" in e["summary"] for e in lost["checks"].values())
    assert by_id["tanh-prime"]["verdict"] == "proved"
    assert by_id["wrong-tanh-prime"]["verdict"] == "refuted", "the claims after the lost one still run"
    # A lost claim says nothing about the claim: it is not stored, so the next run tries it again.
    assert main(["verify", str(user_file), "tanh-prime", "wrong-tanh-prime", "kills-worker", "--json", "--jobs", "2"]) == 1
    again = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    assert again["tanh-prime"]["cached"] and again["wrong-tanh-prime"]["cached"]
    assert not again["kills-worker"]["cached"] and again["kills-worker"]["verdict"] == "undecided"


@pytest.mark.slow
def test_a_claim_past_the_deadline_is_undecided_and_the_other_is_verified(user_file, capsys):
    # 60 s: a generous bound for a cold worker (JAX import, a compile) on a loaded 2-core machine.
    argv = ["verify", str(user_file), "hangs-worker", "tanh-prime", "--json", "--jobs", "2", "--no-cache", "--claim-deadline", "60"]
    assert main(argv) == 1
    by_id = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    assert by_id["tanh-prime"]["verdict"] == "proved"
    hang = by_id["hangs-worker"]
    assert hang["verdict"] == "undecided" and "deadline of 60 s" in hang["checks"]["numeric"]["summary"]


def test_jobs_must_be_a_positive_whole_number(capsys):
    assert main(["verify", "--jobs", "0"]) == 2
    assert "argument --jobs: must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DERIVAX_JAX_CACHE": "/somewhere/jax", "XDG_CACHE_HOME": "/xdg"}, "/somewhere/jax"),
        ({"DERIVAX_JAX_CACHE": "", "XDG_CACHE_HOME": "/xdg"}, None),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/derivax/jax"),
        ({"HOME": "/home/someone"}, "/home/someone/.cache/derivax/jax"),
    ],
    ids=["env-var", "env-var-empty-turns-it-off", "xdg", "home"],
)
def test_the_compilation_cache_folder(env, expected, monkeypatch):
    for name in ("DERIVAX_JAX_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    found = jax_cache_dir()
    assert (str(found) if found is not None else None) == expected


def test_verify_keeps_compiled_witnesses_in_the_cache_folder(tmp_path):
    """A cold run writes JAX's compiled code under DERIVAX_JAX_CACHE; the second finds and reuses it (JAX logs the hits)."""
    folder = tmp_path / "jax"
    env = {**os.environ, "DERIVAX_JAX_CACHE": str(folder), "JAX_LOGGING_LEVEL": "DEBUG"}
    command = [sys.executable, "-m", "derivax.cli", "verify", "weight-decay-factor", "--no-cache", "--jobs", "1", "--checks", "numeric"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert first.returncode == 0, first.stderr
    entries = sorted(p.name for p in folder.iterdir())
    assert entries, "nothing was written to the compilation cache"
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "Persistent compilation cache hit" in second.stderr
    assert sorted(p.name for p in folder.iterdir()) == entries, "the second run compiled nothing new"


def test_when_no_worker_can_start_the_claims_are_verified_here(user_file, capsys, monkeypatch):
    from derivax import workerpool

    def cannot_start(*args, **kwargs):
        raise workerpool.WorkerPoolError("the worker processes cannot start (see the messages above)")

    monkeypatch.setattr(workerpool, "run_pool", cannot_start)
    assert main(["verify", str(user_file), "tanh-prime", "wrong-tanh-prime", "--json", "--no-cache", "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    assert [c["verdict"] for c in json.loads(captured.out)["claims"]] == ["proved", "refuted"]
    assert "verifying the remaining claims in this process" in captured.err


def test_the_costliest_claims_are_sent_first_and_the_reports_come_back_in_order(monkeypatch, tmp_path):
    """Dispatch order (most sizes first) is only an order: each report is the claim's, in the order asked."""
    from derivax import cluster, parallel
    from derivax.registry import builtin_claims
    from derivax.settings import Settings

    monkeypatch.chdir(tmp_path)
    claims = [c for c in builtin_claims() if c.id in ("sigmoid-derivative", "softmax-ce-delta", "adam-moment-expansion")]
    sent: list[str] = []

    def run_tasks(fn, context, tasks, *, on_done, on_lost, **kwargs):
        sent.extend(claim_id for _, claim_id in tasks)
        for j, _ in enumerate(tasks):
            on_lost(j, "not run in this test")

    monkeypatch.setattr(cluster, "run_tasks", run_tasks)
    reports = parallel.verify_claims(claims, Settings(), jobs=2, use_cache=False)
    assert sent == ["softmax-ce-delta", "adam-moment-expansion", "sigmoid-derivative"]
    assert [r.claim.id for r in reports] == [c.id for c in claims]


def _count_started_workers(monkeypatch) -> list[int]:
    """How many workers each ``Workers`` started ahead (one entry per pool: spawned at once, or forked once the claims are loaded)."""
    from derivax import workerpool

    started: list[int] = []
    real = workerpool.Workers.launch

    def counting(self):
        launched = self.launched
        real(self)
        if not launched:
            started.append(len(self.started))

    monkeypatch.setattr(workerpool.Workers, "launch", counting)
    return started


def test_verify_with_workers_started_ahead_gives_the_sequential_output(capsys, tmp_path, monkeypatch):
    """The command starts its workers before loading the claims; the output is still the sequential path's."""
    monkeypatch.chdir(tmp_path)
    started = _count_started_workers(monkeypatch)
    outputs = {}
    for jobs in ("1", "3"):
        code = main(["verify", "weight-decay-factor", "parameter-count", "--seed", "0", "--json", "--no-cache", "--jobs", jobs])
        outputs[jobs] = (code, _without_times(json.loads(capsys.readouterr().out)))
    assert outputs["1"] == outputs["3"]
    assert started == [2], "started ahead, no more workers than the two claims named"


def test_a_run_the_result_cache_answers_starts_no_worker(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    started = _count_started_workers(monkeypatch)
    argv = ["verify", "weight-decay-factor", "--seed", "0", "--json", "--jobs", "2", "--checks", "symbolic"]
    assert main(argv) == 0 and started == [1], "an empty result cache: the worker starts ahead"
    first = _without_times(json.loads(capsys.readouterr().out))
    assert main(argv) == 0 and started == [1], "answered from the result cache: no worker started"
    again = json.loads(capsys.readouterr().out)
    assert again["claims"][0]["cached"] and _without_times(again)["claims"][0]["verdict"] == first["claims"][0]["verdict"]


# A fresh process (no JAX, one thread), as `derivax verify` starts: the built-in library's workers are
# forked there once the claims are loaded. The script records each decision fork_is_safe made.
_FORKING_VERIFY = """
import sys
from derivax import workerpool
from derivax.cli import main

decided = []
real = workerpool.fork_is_safe
workerpool.fork_is_safe = lambda: decided.append(real()) or decided[-1]
code = main(sys.argv[1:])
print("fork decisions:", decided, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_the_library_workers_are_forked_once_it_is_loaded_and_give_the_sequential_output(tmp_path):
    argv = ["verify", "weight-decay-factor", "sigmoid-derivative", "--seed", "0", "--json", "--no-cache"]
    env = {**os.environ, "DERIVAX_JAX_CACHE": ""}
    runs = {}
    for jobs in ("1", "2"):
        command = [sys.executable, "-c", _FORKING_VERIFY, *argv, "--jobs", jobs]
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
        assert done.returncode == 0, done.stderr
        runs[jobs] = (_without_times(json.loads(done.stdout)), done.stderr)
    assert runs["1"][0] == runs["2"][0]
    assert "fork decisions: []" in runs["1"][1], "one job: no worker"
    assert "fork decisions: [True, True]" in runs["2"][1], "two workers, both forked"


def test_fork_is_safe_only_in_one_thread_without_jax():
    script = (
        "import threading, time\n"
        "from derivax.workerpool import fork_is_safe\n"
        "alone = fork_is_safe()\n"
        "t = threading.Thread(target=time.sleep, args=(0.5,)); t.start()\n"
        "threaded = fork_is_safe(); t.join()\n"
        "import jax\n"
        "print(alone, threaded, fork_is_safe())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = "True False False" if sys.platform == "linux" else "False False False"
    assert done.stdout.split() == expected.split()


# The parent forks two workers, prints their ids and dies at once (SIGKILL: no clean-up of its own).
_PARENT_DIES = """
import os, signal, sys
from derivax.workerpool import Workers

def echo(context, task):
    return task

workers = Workers(echo, None, 2, fork=True)
workers.launch()
print(" ".join(str(proc.pid) for _, proc in workers.started), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _exited(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:") and ("Z" in line or "X" in line) for line in status)
    except FileNotFoundError:
        return True


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_end_when_their_parent_dies():
    """Each forked worker closes the parent's pipe ends it inherited, its own pipe's among them: else it would wait forever."""
    import time

    done = subprocess.run([sys.executable, "-c", _PARENT_DIES], capture_output=True, text=True, timeout=120)
    pids = [int(p) for p in done.stdout.split()]
    assert len(pids) == 2, done.stderr
    deadline = time.monotonic() + 30
    while not all(_exited(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_exited(p) for p in pids), "a forked worker outlived its parent"


# A forked pool whose first task kills its worker: the task is lost, a replacement (forked too) takes the rest.
_FORKED_WORKER_DIES = """
import os, signal, sys
from derivax import workerpool

def task(context, item):
    if item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()

decided = []
real = workerpool.fork_is_safe
workerpool.fork_is_safe = lambda: decided.append(real()) or decided[-1]
done, lost = {}, {}
workers = workerpool.Workers(task, None, 1, fork=True)
workers.launch()
workerpool.run_pool(task, None, ["die", "a", "b"], jobs=1, on_done=done.__setitem__, on_lost=lost.__setitem__, workers=workers)
print(sorted(done.items()), sorted(lost), decided)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_forked_worker_that_dies_costs_its_task_and_a_forked_replacement_takes_the_rest():
    done = subprocess.run([sys.executable, "-c", _FORKED_WORKER_DIES], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[(1, 'A'), (2, 'B')] [0] [True, True]"
