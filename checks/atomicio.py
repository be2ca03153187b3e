"""Writing output files whole or not at all.

``Path.write_text`` truncates the file first and then writes: a full disk, a read-only folder or a
kill in between leaves a 0-byte or half-written file, possibly in place of an earlier run's good
one. :func:`atomic_write_text` writes a temporary file beside the target and renames it over the
target (``os.replace`` is atomic on POSIX and Windows), so a reader sees the old file or the new
one, never a mix; on failure the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["OutputError", "atomic_write_bytes", "atomic_write_text", "check_writable_folder"]


class OutputError(OSError):
    """An output that cannot be written; the message names the path and the system's reason."""


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8; unencodable characters replaced) to ``path`` atomically.

    Raises :class:`OutputError` naming ``path`` if it cannot be written; nothing is left behind.
    """
    atomic_write_bytes(path, text.encode("utf-8", errors="replace"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a symbolic link planted at ``path`` is replaced, never followed (a figure
    written through ``class-scores.png -> ~/.bashrc`` overwrote the file outside the output folder: probe helper-182 F7).

    Raises :class:`OutputError` naming ``path`` if it cannot be written; nothing is left behind.
    """
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def check_writable_folder(folder: Path, flag: str = "--out") -> None:
    """Create ``folder`` if needed and prove a file can be written there, before any work starts.

    Raises :class:`OutputError` with one line saying what is wrong (a file where the folder should
    be, no permission, a full disk), so a class is not graded only to fail at the first write.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{flag} {folder} is a file, not a folder; name a folder (it is created if missing)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder {folder}: {error.strerror or error}") from None
    probe = folder / ".derivax-write-test"
    try:
        atomic_write_text(probe, "ok\n")
        probe.unlink()
    except OutputError as error:
        raise OutputError(f"cannot write to the output folder {folder}: {str(error).rsplit(': ', 1)[-1]}") from None
    except OSError:
        pass
