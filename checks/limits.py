"""Time limits for work that may not finish (SymPy can hang on a hard simplify)."""

from __future__ import annotations

import gc
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["TimeLimitExceeded", "time_limit"]


class TimeLimitExceeded(Exception):
    """The work ran past its time limit."""


def _inside_gc_callback(frame: Any) -> bool:
    codes = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    hook = getattr(sys.unraisablehook, "__code__", None)
    while frame is not None:
        # A finalizer (__del__) or the unraisable-exception hook cannot raise either: the exception would be
        # printed (or, under pytest, turned into an error of the hook) and the limit lost.
        if frame.f_code in codes or frame.f_code is hook or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds`` of wall time.

    Uses ``SIGALRM``, which interrupts pure-Python work such as SymPy. Off the
    main thread (where signals cannot be used) the block runs unlimited; callers
    that take untrusted input run it in a worker process instead.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expire(signum, frame):
        # An exception raised inside a garbage-collector callback (Hypothesis registers one) is printed and
        # ignored, and the limit would be lost: there, wait 10 ms and try again. Elsewhere raise, and fire
        # again soon in case it is swallowed all the same; leaving the block cancels that (``finally``).
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        if not _inside_gc_callback(frame):
            raise TimeLimitExceeded(f"timed out after {seconds:g} s")

    # Nested limits: the inner one may not outlive the outer one, and the outer one resumes after it.
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left > 0 else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left > 0:
            # Fire the outer handler at once if its time ran out meanwhile.
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - start), 1e-6))
