"""One item, one verdict: any exception while judging an item becomes that item's reason.

An answer, a step or a pair is untrusted input fed to SymPy, mpmath and a parser; some inputs make
them raise what nobody anticipated (``OverflowError: too many digits in integer``,
``RecursionError``, ``AttributeError`` from deep inside ``solveset``, ``MemoryError``). One such
item must never end the run for the rest of the class. :func:`guarded` runs one item, and on any
``Exception`` returns a one-line reason for the item's ``undecided`` verdict and appends the
traceback to an :class:`ErrorLog` file, never to the user's terminal (a traceback there reads as
"the tool is broken" and hides the verdicts that were fine).

``KeyboardInterrupt`` and ``SystemExit`` are not caught: Ctrl-C still stops the run (and the
caller writes what is done).
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

__all__ = ["ErrorLog", "guarded", "internal_error_reason"]

T = TypeVar("T")

MEMORY_HINT = "raise the limit with --worker-memory-mb"


def internal_error_reason(error: BaseException, log: ErrorLog | None = None) -> str:
    """``internal error: OverflowError: ...; please report (details in LOG)``, on one short line."""
    if isinstance(error, MemoryError):
        return f"the checker ran out of memory on this item ({MEMORY_HINT})"
    text = " ".join(str(error).split())
    if len(text) > 160:
        text = text[:160] + "..."
    where = f" (traceback in {log.path})" if log is not None else ""
    return f"internal error: {type(error).__name__}{': ' + text if text else ''}; please report{where}"


@dataclass(frozen=True)
class ErrorLog:
    """A file that collects the tracebacks of internal errors; created only when one happens.

    Several worker processes may append to one log: each record is one ``write`` on a file
    opened with ``O_APPEND``, so records do not interleave.
    """

    path: Path

    @classmethod
    def temporary(cls) -> ErrorLog:
        """A log in the system's temporary folder, for commands without an output folder. Its name is this run's
        own (pid, time and a random part): a file left by an earlier process with the same pid is never reported
        as this run's errors."""
        name = f"derivax-errors-{os.getpid()}-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}.log"
        return cls(Path(tempfile.gettempdir()) / name)

    def record(self, context: str, error: BaseException) -> None:
        """Append ``error``'s traceback under a header naming the item; never raises."""
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        entry = f"--- {stamp} pid {os.getpid()}: {context}\n{trace}\n"
        try:
            # (never through a link planted where the log goes: tracebacks can quote a student's input)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o644)
            try:
                os.write(fd, entry.encode("utf-8", errors="replace"))
            finally:
                os.close(fd)
        except OSError:
            pass  # a log that cannot be written must not cost the item its verdict

    def exists(self) -> bool:
        return self.path.is_file()


def guarded(work: Callable[[], T], context: str, log: ErrorLog | None) -> tuple[T | None, str]:
    """``(work(), "")``, or ``(None, reason)`` if it raised; the traceback goes to ``log``.

    ``RecursionError`` and ``MemoryError`` are ``Exception`` subclasses and are caught like the
    rest; after them the interpreter has unwound the stack or freed the memory and can go on.
    """
    try:
        return work(), ""
    except Exception as error:
        if log is not None:
            log.record(context, error)
        return None, internal_error_reason(error, log)
