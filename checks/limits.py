"""Time limits for work that may not finish (SymPy can hang on a hard simplify).

Every limit and every budget counts this process's CPU seconds (:func:`clock`), not the wall clock: a
machine shared with other work gives each check the same time as a quiet one, so a verdict that rests on
how far SymPy or a search got within its time is the same under any load (a periodic inequality solved
in 0.6 s of CPU was undecided when other processes held the cores). Wall time is only reported.

The seconds the garbage collector takes are left out: a full collection in a process that has judged
thousands of statements takes a tenth of a second or more, whenever the allocations happen to trigger
it, and a 0.5 s budget that it fell into had been cut short ((x - e^{-x})^4 > 10^{-40} was confirmed in
CI, its landmark not found in time). So is the work a process does once, whichever check comes first
(:func:`set_aside`): JAX's start, 2 s of CPU, fell into the first guided search of a pytest worker, and a true
inequality checked first there ran out of its 5 s (session 70).
"""

from __future__ import annotations

import contextvars
import dataclasses
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

__all__ = ["TimeLimitExceeded", "clock", "set_aside", "time_left", "time_limit"]

_stopped: list[float] = []  # the CPU time when the clock stopped, once for each reason it stands still now, outermost first
_stood = [0.0]  # CPU seconds the clock has stood still so far
_collecting = [False]  # a collection is running, and its start stopped the clock


def _stop_clock() -> None:
    _stopped.append(time.process_time())


def _start_clock() -> None:
    now = time.process_time()  # (before the pop: a collection between the two would be counted twice)
    if not _stopped:  # (a forked child forgot its parent's stops)
        return
    began = _stopped.pop()
    if not _stopped:  # (a stop inside another is inside its seconds already)
        _stood[0] += now - began


def _collector_timed(phase: str, info: dict) -> None:
    if phase == "start":
        _collecting[0] = True
        _stop_clock()
    elif _collecting[0]:  # (a collection that began before this module was loaded never stopped it)
        _collecting[0] = False
        _start_clock()


gc.callbacks.append(_collector_timed)


def clock() -> float:
    """The clock of every limit and budget: this process's CPU seconds (all threads), less the garbage collector's
    and those of :func:`set_aside` (standing still while they run)."""
    return (_stopped[0] if _stopped else time.process_time()) - _stood[0]


@contextmanager
def set_aside() -> Iterator[None]:
    """The clock stands still in the block: for work a process does once, whichever check happens to need it first
    (starting JAX), so that no check's budget depends on the checks before it. Never for a check's own work: no limit
    can end the block."""
    depth = len(_stopped)
    try:
        _stop_clock()  # (inside the try: a signal's exception right after the stop still starts the clock again)
        yield
    finally:
        if len(_stopped) > depth:
            _start_clock()


class TimeLimitExceeded(Exception):
    """The work ran past its time limit."""


class _OuterLimitExceeded(BaseException):
    """An enclosing limit ran out while an inner block (or a handler of untrusted input's errors) kept catching its
    :class:`TimeLimitExceeded`: raised past every ``except Exception`` up to the :func:`time_limit` whose deadline it
    is, which raises :class:`TimeLimitExceeded` to its own caller. Without it, an integral's quadrature at each point
    caught the answer's limit as its own, turned it into "no value here", and went on to the next point: 11 s of CPU
    for a 1 s limit (probe helper-121)."""

    def __init__(self, owner: int, message: str) -> None:
        super().__init__(message)
        self.owner = owner


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
    depth = len(_DEADLINES)
    settings = _settings()
    limit = _Deadline(clock() + seconds, seconds, depth)
    if _DEADLINES:
        outer = _DEADLINES[-1]
        if outer.at <= limit.at:  # the outer limit's, where it comes first
            limit = _Deadline(outer.at, outer.seconds, outer.owner)
    else:
        _PREVIOUS.append(signal.signal(signal.SIGPROF, _tick))
        signal.setitimer(signal.ITIMER_PROF, _TICK, _TICK)
    _DEADLINES.append(limit)
    try:
        yield
    except _OuterLimitExceeded as passed:
        if passed.owner != depth:
            raise
        raise TimeLimitExceeded(str(passed)) from None
    finally:
        del _DEADLINES[depth:]  # this limit and any an interrupted inner block left behind
        _restore_settings(settings)
        if not _DEADLINES:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, _PREVIOUS.pop())


def _settings() -> tuple:
    """The process-wide settings that code changes for a while and puts back: mpmath's working precisions
    (``workdps``), SymPy's global parameters (``evaluate(False)``), whether the garbage collector runs, and the context
    variables (the reading's names and log base in :mod:`derivax.latex`, ``decimal``'s context).

    A limit that runs out raises at every tick until its block is left, so the raise can land inside the ``__exit__``
    or ``finally`` that puts a setting back, before it does: 98 of 200 limits on a loop of ``workdps`` blocks left
    mpmath at 5 or 200 digits, and every later check in the process computed at that precision (in CI,
    ``10^{99999}`` was written 1.00297973367585e+99999 and guided searches found nothing at "60 digits"). Each
    :func:`time_limit` puts back what it found; modules not loaded yet have nothing to put back."""
    mpmath = sys.modules.get("mpmath")
    parameters = sys.modules.get("sympy.core.parameters")
    flags = parameters.global_parameters if parameters is not None else None
    return (
        (mpmath.mp.prec, mpmath.iv.prec) if mpmath is not None else None,
        (flags.evaluate, flags.distribute, flags.exp_is_pow) if flags is not None else None,
        gc.isenabled(),
        contextvars.copy_context(),
    )


def _restore_settings(settings: tuple) -> None:
    precisions, flags, collecting, context = settings
    mpmath = sys.modules.get("mpmath")
    if precisions is not None and (mpmath.mp.prec, mpmath.iv.prec) != precisions:
        mpmath.mp.prec, mpmath.iv.prec = precisions
    parameters = sys.modules.get("sympy.core.parameters")
    if flags is not None and parameters is not None:
        current = parameters.global_parameters
        if (current.evaluate, current.distribute, current.exp_is_pow) != flags:
            current.evaluate, current.distribute, current.exp_is_pow = flags
    if collecting and not gc.isenabled():
        gc.enable()
    for variable, value in contextvars.copy_context().items():
        if variable in context:
            if context[variable] is not value:
                variable.set(context[variable])
        else:  # set in the block and never reset: back to its default, where it has one
            try:
                variable.set(contextvars.Context().run(variable.get))
            except LookupError:
                pass


@dataclasses.dataclass
class _Deadline:
    """A running limit: when it ends (the CPU clock), its length, and which limit (depth, outermost 0) set it; an inner
    limit longer than the time its outer one has left keeps the outer one's deadline and owner."""

    at: float
    seconds: float
    owner: int
    raised: bool = False  # TimeLimitExceeded was raised once already, and the work went on: it was caught


_TICK = 0.005  # CPU seconds between two looks at the deadline
_DEADLINES: list[_Deadline] = []  # the limits running on the main thread, innermost last
_PREVIOUS: list = []  # the SIGPROF handler before the outermost limit


def _forgotten_in_child() -> None:
    """A forked child has no timer (POSIX resets it): it starts with no limit running, not with its parent's."""
    if _DEADLINES:
        _DEADLINES.clear()
        signal.signal(signal.SIGPROF, _PREVIOUS.pop() if _PREVIOUS else signal.SIG_DFL)
    _PREVIOUS.clear()
    _stopped.clear()  # (nor a clock its parent had stopped: a limit of its own would never run out)
    _collecting[0] = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forgotten_in_child)


def _tick(signum: int, frame: Any) -> None:
    # An exception raised inside a garbage-collector callback (Hypothesis registers one) is printed and ignored, and
    # the limit would be lost: there, wait for the next tick. Elsewhere raise, and again at the next tick in case
    # it is swallowed all the same; leaving the block stops that.
    # An outer limit's deadline, or one whose TimeLimitExceeded was caught and the work went on, goes past every handler
    # to its own block (_OuterLimitExceeded).
    if _DEADLINES and not _stopped and clock() >= _DEADLINES[-1].at and not _inside_gc_callback(frame) and not _keeping_the_books(frame):
        limit = _DEADLINES[-1]
        message = f"timed out after {limit.seconds:g} s of CPU"
        if limit.owner == len(_DEADLINES) - 1 and not limit.raised:
            limit.raised = True
            raise TimeLimitExceeded(message)
        raise _OuterLimitExceeded(limit.owner, message)


def _keeping_the_books(frame: Any) -> bool:
    """Whether the signal landed in a limit's own entry or exit (:func:`time_limit`'s body, or contextlib's code that
    runs it): raised there, the exit's clean-up never ran, and a timer left ticking with no limit to raise for ended a
    process ("Profiling timer expired"); the next tick raises outside it."""
    if frame is not None and frame.f_globals.get("__name__") in ("contextlib", __name__):
        # (and this module's own code: a tick that lands inside the handler of the tick before it, while that one looks
        # for a garbage collector's callback, raised past the block's exit in CI: the next tick raises, outside)
        return True
    for _ in range(3):  # putting the numeric settings back calls mpmath's precision setter: two frames further in
        if frame is None:
            return False
        if frame.f_code in _BOOKKEEPING_CODES:
            return True
        frame = frame.f_back
    return False


_BOOKKEEPING_CODES = frozenset({time_limit.__wrapped__.__code__, _restore_settings.__code__})


def time_left() -> float:
    """The CPU seconds left to the innermost :func:`time_limit` around the caller (0.0 where none is running)."""
    if threading.current_thread() is not threading.main_thread() or not _DEADLINES:
        return 0.0
    return max(_DEADLINES[-1].at - clock(), 1e-6)
