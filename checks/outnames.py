"""File names for what ``derivax grade`` writes per student: readable, unique, and harmless.

Names come from students (their submission files and the names they typed), so they are
untrusted. A name is turned into a *stem* (``STEM.md``, ``STEM.results.json``, ``STEM.tex``) that:

- keeps the student's letters and digits in any script (``张伟``, ``Zoë``), NFC-normalised so the
  composed and decomposed spellings of one name give one stem;
- has no path separator, NUL, control or format character, no dot (so it is never ``..``, never
  hidden and never ends in another output's suffix), no character Windows refuses (``<>:"/\\|?*``),
  and does not start with ``-`` (a file named ``-x.tex`` would be an option to latexmk);
- is not a Windows device name (``CON``, ``NUL``, ``COM1`` ...);
- is at most :data:`MAX_STEM_BYTES` bytes of UTF-8, far below the usual 255-byte limit on a file
  name even with the longest suffix we add.

:func:`unique_stems` then makes the stems of a class distinct, also when compared without case
(macOS and Windows file systems): every student in a group that would share a file gets a short
hash of their own submission path, so no one's feedback overwrites another's, and a student's name
does not depend on who else is in the class or in which order the files were given.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePath

__all__ = ["MAX_STEM_BYTES", "collision_key", "stems_of_inputs", "student_stem", "unique_stems"]

MAX_STEM_BYTES = 80
HASH_CHARS = 8
FALLBACK = "student"
_WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})


def _kept(char: str) -> bool:
    """Letters, digits and combining marks of any script (marks: Devanagari, Thai ... need them), ``-`` and ``_``."""
    return char in "-_" or unicodedata.category(char)[0] in "LNM"


def _truncate(text: str, limit: int) -> str:
    """At most ``limit`` bytes of UTF-8, cut at a character boundary."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def student_stem(name: str, limit: int = MAX_STEM_BYTES) -> str:
    """A readable, safe file-name stem for one name (not unique by itself: see :func:`unique_stems`).

    Every run of other characters (spaces, dots, slashes, NUL, newlines, punctuation) becomes one
    ``_``; an empty result becomes ``student``.
    """
    text = unicodedata.normalize("NFC", name)
    stem = re.sub(r"_+", "_", "".join(c if _kept(c) else "_" for c in text))
    stem = _truncate(stem.strip("_-"), limit).strip("_-")
    if not stem:
        return FALLBACK
    if stem.upper() in _WINDOWS_DEVICES:
        stem = f"_{stem}"
    return stem


def collision_key(stem: str) -> str:
    """Two stems with one key would be one file on a case-insensitive file system."""
    return unicodedata.normalize("NFC", stem.casefold())


def _digest(source: str, student: str) -> str:
    """A short hash that stays the same for the same submission path and name on every run."""
    return hashlib.sha256(f"{source}\0{student}".encode("utf-8", errors="surrogatepass")).hexdigest()[:HASH_CHARS]


# the class's own files in --out (index.html, class-summary.json, class-scores.png, gradebook.csv, derivax-errors.log):
# a student's stem never spells one of them (a submission named index.yaml had its page replaced by the class index)
RESERVED_STEMS = frozenset({"index", "class-summary", "class-scores", "class-problems", "gradebook", "derivax-errors"})


# what grade writes per student: STEM plus one of these
OUTPUT_SUFFIXES = (".results.json", ".md", ".html", ".tex", ".pdf")


def stems_of_inputs(inputs: Sequence[str | Path], out: Path) -> frozenset[str]:
    """The collision keys of the stems whose files in ``out`` would be one of ``inputs`` (``grade subs/*.md --out
    subs`` wrote alice's feedback over her submission alice.md, and a rerun graded the feedback; probe helper-142)."""
    folder, taken = out.resolve(), set()
    for path in inputs:
        try:
            resolved = Path(path).resolve()
        except (OSError, RuntimeError):  # a link that loops (skipped as a submission): its own name (probe helper-182 F14)
            resolved = Path(path).absolute()
        if resolved.parent != folder:
            continue
        for suffix in OUTPUT_SUFFIXES:
            if resolved.name.casefold().endswith(suffix):
                taken.add(collision_key(resolved.name[: -len(suffix)]))
    return frozenset(taken)


def unique_stems(entries: Sequence[tuple[str, str]], taken: frozenset[str] = frozenset()) -> list[str]:
    """One distinct stem per ``(student, source)`` entry, in input order.

    The stem is based on the submission file's stem (``carol.yaml`` -> ``carol``), which the
    instructor chose and which is unique within a folder; an entry without a source falls back to
    the student's name. Entries whose stems would collide (ignoring case) all get ``-HASH`` of their
    source path and name, so adding a student never renames another student's existing file unless
    they collide, or spell one of the class's own files (:data:`RESERVED_STEMS`). A stem equal to a
    used one after that (the same file given twice, or a name that happens to spell another's hashed
    stem) gets ``-2``, ``-3`` ... A stem in ``taken`` (:func:`stems_of_inputs`: its files would overwrite an input)
    gets ``-HASH`` as well.
    """
    bases = [student_stem(PurePath(source).stem if source else student) for student, source in entries]
    counts: dict[str, int] = {}
    for base in bases:
        counts[collision_key(base)] = counts.get(collision_key(base), 0) + 1
    stems: list[str] = []
    used: set[str] = set()
    for (student, source), base in zip(entries, bases, strict=True):
        stem = base
        if counts[collision_key(base)] > 1 or collision_key(base) in RESERVED_STEMS or collision_key(base) in taken:
            stem = f"{student_stem(base, MAX_STEM_BYTES - HASH_CHARS - 1)}-{_digest(source, student)}"
        candidate, n = stem, 1
        while collision_key(candidate) in used or collision_key(candidate) in taken:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(collision_key(candidate))
        stems.append(candidate)
    return stems
