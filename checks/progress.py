"""A progress bar on stderr with the time left, for ``verify`` and ``grade``.

On a terminal it is rich's bar (drawn in place, gone at the end). Where stderr is not a terminal
(a log, CI) nothing is shown unless asked for (``grade --progress``); then a plain line is written
at most every :data:`PLAIN_EVERY_S` seconds and at the end, so a log is not flooded.

The time left in the plain lines is the items left times the mean time an item took since the bar
started: ``left = (total - done) * elapsed / (done - done_at_start)``; the terminal bar shows rich's
estimate (the same, from the rate over the last 30 s). Items done before the start (students resumed
from an earlier run) count as done but not in the rate, so they do not make it look faster.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["PLAIN_EVERY_S", "progress", "time_left"]

PLAIN_EVERY_S = 10.0


def time_left(total: int, done: int, done_at_start: int, elapsed_s: float) -> float | None:
    """Seconds left at the mean rate since the start; None until one item has been timed."""
    timed = done - done_at_start
    if timed <= 0 or elapsed_s <= 0:
        return None
    return max(0, total - done) * elapsed_s / timed


def _clock(seconds: float | None) -> str:
    """``1:02:03``, ``4:05`` or ``?`` (not known yet)."""
    if seconds is None:
        return "?"
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@contextmanager
def progress(
    description: str, total: int, *, done: int = 0, show: bool = False, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[Callable[..., None]]:
    """Yield ``advance(count=1, description=None)``; draw the bar while the block runs.

    Drawn on a terminal unless ``quiet``; elsewhere only with ``show`` (plain lines). ``done`` items
    are finished already (resumed): counted, but not in the rate.
    """
    stream = stream or sys.stderr
    terminal = stream.isatty()
    if quiet or not (terminal or show):
        yield lambda count=1, description=None: None
        return
    if terminal:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            transient=True,
            console=Console(file=stream),
        ) as bar:
            task = bar.add_task(description, total=total, completed=done)

            def advance(count: int = 1, description: str | None = None) -> None:
                bar.update(task, advance=count, **({"description": description} if description else {}))

            yield advance
        return
    start = last = time.monotonic()
    state = {"done": done}

    def line(now: float) -> None:
        left = time_left(total, state["done"], done, now - start)
        print(f"derivax: {description}: {state['done']}/{total}, {_clock(now - start)} elapsed, about {_clock(left)} left", file=stream)

    def advance_plain(count: int = 1, description: str | None = None) -> None:
        nonlocal last
        state["done"] += count
        now = time.monotonic()
        if now - last >= PLAIN_EVERY_S:
            last = now
            line(now)

    yield advance_plain
    line(time.monotonic())
