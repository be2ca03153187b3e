"""Session 70: the clock set aside for work a process does once (derivax.limits.set_aside), so that a check's budget
does not depend on the checks before it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from derivax import limits
from derivax.limits import TimeLimitExceeded, clock, set_aside, time_limit


def _spin(seconds: float) -> None:
    began = time.process_time()
    while time.process_time() - began < seconds:
        pass


def test_the_clock_stands_still_while_work_is_set_aside():
    before = clock()
    with set_aside():
        _spin(0.2)
    assert clock() - before < 0.05


def test_a_stop_inside_a_stop_is_counted_once():
    before, stood = clock(), limits._stood[0]
    with set_aside():
        _spin(0.05)
        with set_aside():
            _spin(0.05)
        _spin(0.05)
    assert limits._stood[0] - stood == pytest.approx(0.15, abs=0.03)  # not 0.2: the inner stop is inside the outer
    assert clock() - before < 0.03
    assert not limits._stopped


def test_no_limit_ends_a_block_set_aside_and_the_limit_still_ends_the_work_after_it():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.1):
            with set_aside():
                _spin(0.3)  # past the limit's 0.1 s of CPU, but none of it counted
            reached = True
            _spin(1.0)
    assert reached


def test_the_clock_counts_again_after_a_block_set_aside():
    with set_aside():
        _spin(0.05)
    before = clock()
    _spin(0.1)
    assert clock() - before >= 0.09


@pytest.mark.parametrize(("module", "warm_up"), [("derivax.search", "warmed_up"), ("derivax.setsolve", "solvers_loaded")])
def test_what_a_process_does_once_is_charged_to_no_check(module, warm_up):
    """JAX's start (2 s of CPU) went into the budget of the first check that searched, and SymPy's solvers' first
    imports (0.5 s) into the first check that solved: the old code counted them."""
    program = textwrap.dedent(
        f"""
        import time
        from derivax.limits import clock
        from {module} import {warm_up}
        cpu, counted = time.process_time(), clock()
        {warm_up}()
        print(time.process_time() - cpu, clock() - counted)
        """
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300, check=True)
    spent, counted = map(float, done.stdout.split())
    assert spent > 0.05, "the warm-up did no work: it was done already"
    assert counted < spent / 4  # (the old code counted all of it)


def test_a_jax_that_does_not_start_leaves_the_check_to_the_other_searches(monkeypatch):
    """The warm-up runs outside the guided search's guard: one that raises must cost the search, never the check."""
    from derivax import search
    from derivax.judge import check_statement
    from derivax.latex import parse

    def broken() -> None:
        raise RuntimeError("no backend")

    calls = []
    for warm_up in (broken, lambda: False):
        monkeypatch.setattr(search, "warmed_up", lambda w=warm_up: calls.append(w) or w())
        assert check_statement(parse(r"e^{u} \ge 1 + u"), timeout_s=10).verdict.value in ("proved", "confirmed")
        assert check_statement(parse(r"e^{u} \ge 1 + 1.01 u"), timeout_s=10).verdict.value == "refuted"
    assert calls, "no check reached the guided search: the test proves nothing"


def test_a_warm_up_that_fails_is_tried_a_few_times_and_one_that_worked_never_again(monkeypatch):
    from derivax import search

    calls = []

    def failing(key: tuple) -> None:
        calls.append(key)
        raise MemoryError

    monkeypatch.setattr(search, "_warm_ups", [])
    monkeypatch.setattr(search, "_cached", failing)
    assert [search.warmed_up() for _ in range(5)] == [False] * 5
    assert len(calls) == search._WARM_UP_TRIES  # a passing failure is tried again, a lasting one not at every check
    monkeypatch.setattr(search, "_warm_ups", [False])
    monkeypatch.setattr(search, "_cached", lambda key: calls.append(key))
    assert search.warmed_up() is True and search.warmed_up() is True
    assert len(calls) == search._WARM_UP_TRIES + 1


def test_a_limit_already_past_when_a_block_is_set_aside_raises_only_after_it():
    """The old tick raised inside the block: the clock stood still past the deadline."""
    finished_inside = False
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            try:
                _spin(1.0)
            except TimeLimitExceeded:  # caught, and the work goes on past the deadline
                pass
            with set_aside():
                _spin(0.1)
                finished_inside = True
            _spin(1.0)
    assert finished_inside
    assert not limits._stopped
