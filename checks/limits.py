"""Time limits for work that may not finish (SymPy can hang on a hard simplify).

Every limit and every budget counts this process's CPU seconds (:func:`clock`), not the wall clock: a
machine shared with other work gives each check the same time as a quiet one, so a verdict that rests on
how far SymPy or a search got within its time is the same under any load (a periodic inequality solved
in 0.6 s of CPU was undecided when other processes held the cores). Wall time is only reported.

The seconds the garbage collector takes are left out: a full collection in a process that has judged
thousands of statements takes a tenth of a second or more, whenever the allocations happen to trigger
it, and a 0.5 s budget that it fell into had been cut short ((x - e^{-x})^4 > 10^{-40} was confirmed in
CI, its landmark not found in time).
"""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["TimeLimitExceeded", "clock", "time_left", "time_limit"]

_collecting: list[float] = []  # the CPU clock when the running collection began (empty between collections)
_collected = [0.0]  # CPU seconds spent in the garbage collector so far


def _collector_timed(phase: str, info: dict) -> None:
    if phase == "start":
        _collecting[:] = [time.process_time()]
    elif _collecting:
        _collected[0] += time.process_time() - _collecting.pop()


gc.callbacks.append(_collector_timed)


def clock() -> float:
    """The clock of every limit and budget: this process's CPU seconds (all threads), less the garbage collector's
    (standing still while a collection runs)."""
    return (_collecting[0] if _collecting else time.process_time()) - _collected[0]


class TimeLimitExceeded(Exception):
    """The work ran past its time limit."""


def _inside_gc_callback(frame: Any) -> bool:
    codes = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    hook = sys.unraisablehook
    while isinstance(hook, functools.partial):  # pytest's hook is a partial: its code is the function's
        hook = hook.func
    hook = getattr(hook, "__code__", None)
    while frame is not None:
        # A finalizer (__del__, a weakref callback such as weakref.finalize) or the unraisable-exception hook cannot
        # raise either: the exception would be printed (or, under pytest, turned into an error of the hook) and the
        # limit lost; the next tick raises it outside.
        if frame.f_code in codes or frame.f_code is hook or frame.f_code.co_name == "__del__":
            return True
        if frame.f_globals.get("__name__") in ("weakref", "_weakrefset"):
            return True
        frame = frame.f_back
    return False


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds`` of this process's CPU time (:func:`clock`).

    While a limit runs, ``SIGPROF`` (``ITIMER_PROF``) ticks every :data:`_TICK` of CPU time and its handler
    compares the clock with the innermost deadline, so it interrupts pure-Python work such as SymPy. Off the
    main thread (where signals cannot be used) the block runs unlimited; callers that take untrusted input
    run it in a worker process instead.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    # Nested limits: the inner one may not outlive the outer one, and the outer one resumes after it. The timer
    # is set once, for all of them: set again at each inner block (a parse inside a reading), it counted from the
    # kernel's last sample of the CPU time (up to a tick, 4 ms, stale), and the outer limit of many short inner
    # ones never came.
    deadline = clock() + seconds
    if _DEADLINES:
        deadline, seconds = min((deadline, seconds), _DEADLINES[-1])  # the outer limit's, where it comes first
    else:
        _PREVIOUS.append(signal.signal(signal.SIGPROF, _tick))
        signal.setitimer(signal.ITIMER_PROF, _TICK, _TICK)
    _DEADLINES.append((deadline, seconds))
    try:
        yield
    finally:
        _DEADLINES.pop()
        if not _DEADLINES:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, _PREVIOUS.pop())


_TICK = 0.005  # CPU seconds between two looks at the deadline
_DEADLINES: list[tuple[float, float]] = []  # (CPU-clock deadline, seconds) of the limits on the main thread, innermost last
_PREVIOUS: list = []  # the SIGPROF handler before the outermost limit


def _forgotten_in_child() -> None:
    """A forked child has no timer (POSIX resets it): it starts with no limit running, not with its parent's."""
    if _DEADLINES:
        _DEADLINES.clear()
        signal.signal(signal.SIGPROF, _PREVIOUS.pop() if _PREVIOUS else signal.SIG_DFL)
    _PREVIOUS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forgotten_in_child)


def _tick(signum: int, frame: Any) -> None:
    # An exception raised inside a garbage-collector callback (Hypothesis registers one) is printed and ignored, and
    # the limit would be lost: there, wait for the next tick. Elsewhere raise, and again at the next tick in case
    # it is swallowed all the same; leaving the block stops that.
    if _DEADLINES and clock() >= _DEADLINES[-1][0] and not _inside_gc_callback(frame):
        raise TimeLimitExceeded(f"timed out after {_DEADLINES[-1][1]:g} s of CPU")


def time_left() -> float:
    """The CPU seconds left to the innermost :func:`time_limit` around the caller (0.0 where none is running)."""
    if threading.current_thread() is not threading.main_thread() or not _DEADLINES:
        return 0.0
    return max(_DEADLINES[-1][0] - clock(), 1e-6)
