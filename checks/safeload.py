"""Reading an untrusted YAML file with limits that hold before the work starts.

``yaml.safe_load`` never runs code, but it trusts the shape of the file:

- an *alias bomb* ("billion laughs", under 1 KB) is a few hundred nodes on disk that stand for
  billions once the aliases are expanded; anything that walks the loaded data (``str()`` of an
  answer, a JSON dump) then grows to gigabytes. Here every node's *expanded* size is counted while
  the file is composed (an alias counts the size of the node it repeats), and the file is refused
  as soon as that passes :attr:`YamlLimits.max_nodes`;
- YAML nested 50,000 deep ends in ``RecursionError`` inside PyYAML, which is not a ``YAMLError``
  and so escaped every caller's error handling; here depth is counted and limited;
- a duplicate key silently keeps the last value (a student's second answer to a problem
  replaces the first); here it is an error naming the key and both lines;
- a binary or non-UTF-8 file used to be read with replacement characters; here it is an error
  saying which byte, so names and answers are never silently altered.

Every error is a :class:`YamlInputError` whose message names the file and, for a limit, the limit
and how to raise it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["YamlInputError", "YamlLimits", "load_yaml_file", "load_yaml_text", "text_of_bytes"]


class YamlInputError(ValueError):
    """A YAML file that cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class YamlLimits:
    """Limits on one file; the defaults are far above any real submission, key or batch."""

    max_bytes: int = 2_000_000
    max_nodes: int = 200_000  # nodes of the file with every alias expanded
    max_depth: int = 100  # nested mappings and lists
    size_flag: str = ""  # the command-line flag that raises max_bytes, named in the message


class _LimitError(Exception):
    """Raised inside the loader; :func:`load_yaml_text` adds the file's name."""


_TYPED_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp"))


class _LimitedLoader(yaml.SafeLoader):
    """``SafeLoader`` that counts depth and expanded size while composing, and refuses duplicate keys."""

    limits = YamlLimits()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._size: dict[int, int] = {}  # id(node) -> its size with aliases expanded
        self._aliased = False  # whether the file uses an alias (*name): the message says what the count counts

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):  # the same node again: its size counts again in the parent
            self._aliased = True
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > self.limits.max_depth:
            line = self.peek_event().start_mark.line + 1
            raise _LimitError(f"nested over {self.limits.max_depth} levels deep (line {line}); the limit is {self.limits.max_depth}")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        size = 1 + sum(self._size.get(id(c), 1) for c in children)
        if size > self.limits.max_nodes and self._aliased:
            raise _LimitError(
                f"stands for over {self.limits.max_nodes:,} values once its aliases (*name) are expanded "
                f"(line {node.start_mark.line + 1}); the limit is {self.limits.max_nodes:,} (an alias bomb?)"
            )
        if size > self.limits.max_nodes:  # 100,000 plain keys: no alias in it
            line = node.start_mark.line + 1
            raise _LimitError(f"holds over {self.limits.max_nodes:,} values (line {line}); the limit is {self.limits.max_nodes:,}")
        self._size[id(node)] = size
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag in _TYPED_SCALARS:
                    # a key is a name as written: problem 2.10 stays "2.10" (it was 2.1), "no" stays "no" (it was False),
                    # "01" stays "01" (probe helper-142: a right answer to 2.10 scored 0, as missing and unknown)
                    key_node.tag = "tag:yaml.org,2002:str"
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: SafeConstructor reports it
                if first is not None:
                    raise _LimitError(f"duplicate key {key!r} (line {first} and line {line}); keep one")
                seen[key] = line
        return super().construct_mapping(node, deep)


def load_yaml_text(text: str, name: str, limits: YamlLimits = YamlLimits()) -> Any:
    """Parse ``text`` (the contents of ``name``) within ``limits``; raise :class:`YamlInputError`."""
    loader_class = type("_Loader", (_LimitedLoader,), {"limits": limits})
    try:
        # built inside: building the loader reads the text, and a control character (\x01) raised a ReaderError that
        # took down a whole class's grading (probe helper-139)
        loader = loader_class(text)
    except yaml.YAMLError as error:
        raise YamlInputError(f"{name}: not valid YAML: {str(error).splitlines()[0].strip()}") from None
    try:
        return loader.get_single_data()
    except _LimitError as error:
        raise YamlInputError(f"{name}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise YamlInputError(f"{name}: not valid YAML{where}: {getattr(error, 'problem', None) or error}") from None
    except RecursionError:  # a shape the depth count does not see; never a traceback
        raise YamlInputError(f"{name}: nested too deeply to read") from None
    finally:
        loader.dispose()


def load_yaml_file(path: str | Path, limits: YamlLimits = YamlLimits()) -> Any:
    """Read and parse one YAML file within ``limits``; every problem is a :class:`YamlInputError`."""
    data = read_input_file(path, limits.max_bytes, limits.size_flag)
    return load_yaml_text(text_of_bytes(data, path, "YAML"), str(path), limits)


def _linked_folder(path: Path) -> bool:
    """Whether a folder on ``path`` as written is a symbolic link (``bob/notes.md`` with ``bob -> /private``), for the
    folders named in a relative path, and the file's own folder in an absolute one (the folders above it are the
    grader's, who may keep their home behind a link)."""
    folders = list(path.parents)[:-1] if not path.is_absolute() else [path.parent]
    return any(folder.is_symlink() for folder in folders)


def read_input_file(path: str | Path, max_bytes: int, size_flag: str = "", *, links: bool = True) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them; a :class:`YamlInputError` for anything else.

    A FIFO, a device or a folder is refused before it is read: opening a FIFO blocked a whole class's grading for
    ever, and /dev/zero (its size is 0) was read without end (probe helper-113). With ``links`` False a symbolic link
    is refused too: a student's submission linked to /etc/passwd, or to a classmate's file, was shown in the feedback.
    """
    path = Path(path)
    try:
        found = path.lstat()
    except FileNotFoundError:
        raise YamlInputError(f"{path}: no such file") from None
    except OSError as error:
        raise YamlInputError(f"{path}: cannot read it: {error.strerror or error}") from None
    if not links and (stat.S_ISLNK(found.st_mode) or _linked_folder(path)):
        raise YamlInputError(f"{path}: a symbolic link, not read as a submission (it could show another file): copy the file in its place")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:  # a file this user may not read, a link to nothing: a message, the rest still runs
        raise YamlInputError(f"{path}: cannot read it: {error.strerror or error}") from None
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode):
            kind = "a folder" if stat.S_ISDIR(opened.st_mode) else "a pipe" if stat.S_ISFIFO(opened.st_mode) else "a device"
            raise YamlInputError(f"{path}: {kind}, not a regular file: not read")
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise YamlInputError(f"{path}: cannot read it: {error.strerror or error}") from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        how = f" (raise it with {size_flag})" if size_flag else ""
        raise YamlInputError(f"{path}: over {max_bytes} bytes; files are limited to {max_bytes} bytes{how}")
    return data


def text_of_bytes(data: bytes, path: str | Path, kind: str, document: bool = False) -> str:
    """A file's bytes as UTF-8 text (a byte-order mark dropped); a binary file or one that is not UTF-8 is a
    :class:`YamlInputError` that says so (a binary .md was graded as 14 unreadable steps, silently). A ``document``
    (Markdown, LaTeX) reads \\r\\n and \\r as \\n, as Python reads a text file, and may hold a stray NUL (conversion
    noise: its control characters are escaped wherever they are shown); binary is then bytes that are not UTF-8."""
    nul = data.find(b"\x00")
    if nul >= 0 and not document:
        raise YamlInputError(f"{path}: a binary file (a NUL byte at offset {nul}), not {kind} text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlInputError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}): a binary file, or another"
            " encoding; save it as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if document else text


def not_latex_text(value: object) -> str:
    """Why a field meant as LaTeX that YAML did not read as text is refused, with the fix (``010`` is 8 to YAML, ``1:00``
    is 60, ``.inf`` infinity, ``1.00`` is 1.0: never what was written)."""
    if isinstance(value, str):
        return "is empty"
    kinds = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping", type(None): "empty"}
    kind = kinds.get(type(value), type(value).__name__)
    return f"is not LaTeX text: YAML read it as {kind}; put it in quotes, as written (e.g. '2.20 \\times 10^{{4}}')"
