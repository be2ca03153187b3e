"""pytest plugin: a project's claims become test items, checked on every ``pytest`` run.

Off unless asked for: ``pytest --derivax``, or in the project's ``pyproject.toml``

.. code-block:: toml

    [tool.derivax]
    derivax = true                   # collect claims on every pytest run
    glob = "derivations/**/*.py"     # where the claims files are (a string or a list)
    examples = 100                   # optional checker settings: samples, examples, seed,
    checks = ["symbolic", "numeric"] # checks, timeout, rtol, atol
    cache = true                     # reuse results from .derivax_cache/ in the rootdir (default)
    strict = false                   # true: an undecided checker fails its item

Each claim gives one item per checker and one per wrong twin::

    derivations/softmax.py::softmax-ce-delta::symbolic
    derivations/softmax.py::softmax-ce-delta::numeric
    derivations/softmax.py::softmax-ce-delta::property
    derivations/softmax.py::softmax-ce-delta::twin::flipped-sign

A checker item runs that checker only (seed 0 unless configured) and fails when
it refutes the claim, with the verdict and the counterexample (symbol values,
both sides' values) as the failure text; an undecided checker skips the item
with its reason (``--derivax-strict`` fails it). A twin item passes when the
twin is refuted. ``-k``, ``-m derivax``, ``-x``, ``--junitxml`` and
pytest-xdist's ``-n`` work as for any test.

The claims files are found by the glob under the rootdir; when pytest collects
its ``testpaths`` (no paths on the command line) they are added to them, and
when paths are given only the claims files under those paths are collected.
``--derivax-builtin`` adds derivax's own library.

Collection loads the claims files (SymPy and JAX are imported only when a file
matches) and verifies nothing; the checks run when the items run.
"""

from __future__ import annotations

import importlib.util
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["ClaimFailure"]

DEFAULT_GLOB = "derivations/**/*.py"
CACHE_DIR = ".derivax_cache"
# The built-in library's folder, wherever it is installed (derivax/derivations in a wheel, derivations/ in a checkout).
_BUILTIN = Path(next(iter(importlib.util.find_spec("derivax.derivations").submodule_search_locations))).resolve()
_SETTINGS_KEYS = {"samples": "samples", "examples": "examples", "seed": "seed", "checks": "checks", "timeout": "timeout_s"}
_SETTINGS_KEYS |= {"rtol": "rtol", "atol": "atol"}


class ClaimFailure(Exception):
    """A claim refuted (or a twin not refuted): the message is the whole failure text."""


@dataclass(frozen=True)
class _Options:
    files: frozenset[Path]
    settings: dict[str, Any] = field(default_factory=dict)
    use_cache: bool = True
    strict: bool = False
    cache_dir: Path = Path(CACHE_DIR)

    def checks(self) -> tuple[str, ...]:
        from derivax.settings import CHECKERS

        return tuple(self.settings.get("checks", CHECKERS))

    def make_settings(self, **changes: Any) -> Any:
        from derivax.settings import Settings

        return Settings(**{"seed": 0, **self.settings, **changes})


_OPTIONS = pytest.StashKey[_Options]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivax", "derivax: verify the analytic claims of derivation files")
    group.addoption("--derivax", action="store_true", default=False, help="collect claims as test items (one per claim and checker)")
    group.addoption(
        "--derivax-glob",
        action="append",
        default=None,
        metavar="GLOB",
        help=f"claims files under the rootdir (repeatable; default [tool.derivax] glob, else {DEFAULT_GLOB})",
    )
    group.addoption("--derivax-builtin", action="store_true", default=False, help="also collect derivax's built-in claim library")
    group.addoption("--derivax-no-cache", action="store_true", default=False, help=f"re-check every claim, ignoring {CACHE_DIR}/")
    group.addoption("--derivax-strict", action="store_true", default=False, help="fail (not skip) items whose checker is undecided")


def _tool_table(rootpath: Path) -> dict[str, Any]:
    path = rootpath / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise pytest.UsageError(f"derivax: {path}: cannot read [tool.derivax]: {error}") from error
    table = data.get("tool", {}).get("derivax", {})
    if not isinstance(table, dict):
        raise pytest.UsageError(f"derivax: {path}: [tool.derivax] must be a table, e.g. derivax = true under [tool.derivax].")
    return table


def _settings(table: dict[str, Any], where: Path) -> dict[str, Any]:
    from derivax.settings import Settings, SettingsError

    chosen = {_SETTINGS_KEYS[k]: v for k, v in table.items() if k in _SETTINGS_KEYS}
    if "checks" in chosen:
        chosen["checks"] = (chosen["checks"],) if isinstance(chosen["checks"], str) else tuple(chosen["checks"])
    try:
        Settings(**{"seed": 0, **chosen})
    except (SettingsError, TypeError) as error:
        raise pytest.UsageError(f"derivax: {where}: [tool.derivax]: {error}") from error
    return chosen


def _matched(rootpath: Path, globs: list[str]) -> list[Path]:
    found: dict[Path, None] = {}
    for pattern in globs:
        if not isinstance(pattern, str) or not pattern or Path(pattern).is_absolute():
            raise pytest.UsageError(f"derivax: glob {pattern!r}: give a pattern relative to the rootdir {rootpath}, e.g. {DEFAULT_GLOB!r}.")
        for path in sorted(rootpath.glob(pattern)):
            if path.suffix == ".py" and not path.name.startswith("_") and "__pycache__" not in path.parts and path.is_file():
                found.setdefault(path.resolve(), None)
    return list(found)


def _builtin_files() -> list[Path]:
    return sorted(p.resolve() for p in _BUILTIN.glob("*.py") if not p.name.startswith("_"))


def _covered(path: Path, args: list[str], invocation_dir: Path) -> bool:
    for arg in args:
        base = (invocation_dir / arg.split("::")[0]).resolve()
        if path == base or base in path.parents:
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    table = _tool_table(config.rootpath)
    where = config.rootpath / "pyproject.toml"
    if not (config.getoption("derivax") or config.getoption("derivax_builtin") or table.get("derivax") is True):
        return
    config.addinivalue_line("markers", "derivax: a claim check collected by the derivax plugin")
    globs = config.getoption("derivax_glob") or table.get("glob", DEFAULT_GLOB)
    globs = [globs] if isinstance(globs, str) else list(globs)
    user = _matched(config.rootpath, globs)
    builtin = _builtin_files() if config.getoption("derivax_builtin") else []
    use_cache = not config.getoption("derivax_no_cache") and table.get("cache", True) is not False
    strict = config.getoption("derivax_strict") or table.get("strict", False) is True
    config.stash[_OPTIONS] = _Options(frozenset(user + builtin), _settings(table, where), use_cache, strict, config.rootpath / CACHE_DIR)
    # Paths on the command line restrict collection as usual; testpaths (a default) gain the claims files.
    invocation_dir = config.invocation_params.dir
    extra = builtin if config.args_source is pytest.Config.ArgsSource.ARGS else user + builtin
    for path in extra:
        if not _covered(path, config.args, invocation_dir):
            config.args.append(str(path))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    options = parent.config.stash.get(_OPTIONS, None)
    if options is None or file_path.suffix != ".py" or file_path.resolve() not in options.files:
        return None
    nodeid = None
    if file_path.resolve().parent == _BUILTIN and parent.config.rootpath not in file_path.resolve().parents:
        nodeid = f"derivax-builtin/{file_path.name}"  # pytest would give a file outside the rootdir an empty id
    return ClaimsFile.from_parent(parent, path=file_path, nodeid=nodeid)


def _options(node: pytest.Item | pytest.Collector) -> _Options:
    return node.config.stash[_OPTIONS]


class ClaimsFile(pytest.File):
    """A claims file: one collector per claim it declares."""

    def collect(self) -> Iterator[pytest.Collector]:
        from derivax.registry import RegistryError

        try:
            claims = self._claims()
        except RegistryError as error:
            raise self.CollectError(f"derivax: {error}") from error
        seen: dict[str, Any] = {}
        for claim in claims:
            if claim.id in seen and seen[claim.id] is not claim:
                raise self.CollectError(f"derivax: {self.path}: two claims have the id {claim.id!r}; ids must be unique.")
            seen[claim.id] = claim
        for claim in seen.values():
            yield ClaimNode.from_parent(self, name=claim.id, claim=claim)

    def _claims(self) -> list[Any]:
        from derivax.registry import RegistryError, claims_from_file, claims_in_module

        path = self.path.resolve()
        if path.parent == _BUILTIN:  # the library: import it as the package it is, not a second copy
            import importlib

            from derivax.registry import builtin_claims

            builtin_claims()  # float64 first, then every module, as the CLI loads them
            return claims_in_module(importlib.import_module(f"derivax.derivations.{path.stem}"))
        try:
            return claims_from_file(path)
        except RegistryError as error:
            if str(error).endswith("declares no Claim objects."):
                return []  # a helper module matched by the glob
            raise


class ClaimNode(pytest.Collector):
    """One claim: an item per checker, and a ``twin`` collector for its wrong twins."""

    def __init__(self, *, claim: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        for checker in _options(self).checks():
            yield CheckItem.from_parent(self, name=checker, claim=self.claim, checker=checker)
        if self.claim.twins:
            yield TwinsNode.from_parent(self, name="twin", claim=self.claim)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, _line(self.claim), self.claim.id


class TwinsNode(pytest.Collector):
    """A claim's wrong twins, one item each."""

    def __init__(self, *, claim: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim

    def collect(self) -> Iterator[pytest.Item]:
        for twin in self.claim.wrong_twins():
            yield TwinItem.from_parent(self, name=twin.id.split("/", 1)[1], claim=twin)


def _line(claim: Any) -> int | None:
    """0-based line of the claim's declaration (for pytest's locations), when it has a literal id."""
    from derivax.cache import claim_statements

    try:
        span = claim_statements(claim.source).get(claim.twin_of or claim.id)
    except (OSError, ValueError):
        return None
    return span[0] - 1 if span else None


class _ClaimItem(pytest.Item):
    def __init__(self, *, claim: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.add_marker("derivax")

    def _verify(self, settings: Any) -> tuple[Any, bool]:
        from derivax.cache import cached_verify

        options = _options(self)
        report, hit = cached_verify(self.claim, settings, options.cache_dir, options.use_cache)
        self.user_properties += [("verdict", report.verdict.value), ("cached", str(hit).lower())]
        return report, hit

    def _where(self) -> str:
        line = _line(self.claim)
        return _relative(self.path, self.config) + (f":{line + 1}" if line is not None else "")

    def _reproduce(self, settings: Any, checks: bool) -> str:
        from derivax.settings import Settings

        parts = ["derivax verify"]
        if self.path.resolve().parent != _BUILTIN:
            parts.append(_relative(self.path, self.config))
        parts.append(self.claim.twin_of or self.claim.id)
        if self.claim.is_twin:
            parts.append("--twins")
        if checks or settings.checks != Settings.checks:
            parts.append(f"--checks {','.join(settings.checks)}")
        for name in ("samples", "examples"):
            if getattr(settings, name) != getattr(Settings, name):
                parts.append(f"--{name} {getattr(settings, name)}")
        parts.append(f"--seed {settings.seed}")
        return " ".join(parts)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        if isinstance(excinfo.value, ClaimFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)


def _relative(path: Path, config: pytest.Config) -> str:
    try:
        return str(path.resolve().relative_to(config.invocation_params.dir.resolve()))
    except ValueError:
        return str(path)


def _skip(reason: str) -> None:
    """Skip the running item, reported at the claim's declaration rather than inside this plugin."""
    try:
        error = pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:  # a pytest without the keyword: the plugin's own line it is
        error = pytest.skip.Exception(reason)
    raise error


def _cached_note(hit: bool) -> list[str]:
    return [f"  (result from {CACHE_DIR}/; --derivax-no-cache re-checks)"] if hit else []


class CheckItem(_ClaimItem):
    """One checker on one claim: fails on a refutation, skips when undecided (fails with --derivax-strict)."""

    def __init__(self, *, checker: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.checker = checker

    def runtest(self) -> None:
        from derivax.evidence import Verdict

        settings = _options(self).make_settings(checks=(self.checker,))
        report, hit = self._verify(settings)
        evidence = report.evidence[self.checker]
        name = f"{self.claim.id}::{self.checker}"
        if evidence.verdict is Verdict.REFUTED:
            found = evidence.counterexample.describe()
            lines = [f"refuted by {self.checker} {found}", f"  claim {self.claim.id}: {self.claim.title}"]
            if found not in evidence.summary:
                lines.append(f"  {self.checker}: {evidence.summary}")
            lines += [f"  declared at {self._where()}", f"  reproduce: {self._reproduce(settings, checks=True)}"]
            raise ClaimFailure("\n".join(lines + _cached_note(hit)))
        if evidence.verdict is Verdict.UNDECIDED:
            if _options(self).strict:
                lines = [f"undecided (--derivax-strict): {evidence.summary}", f"  claim {self.claim.id}: {self.claim.title}"]
                lines.append(f"  declared at {self._where()}")
                raise ClaimFailure("\n".join(lines + _cached_note(hit)))
            _skip(f"{name} undecided: {evidence.summary}")

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, _line(self.claim), f"{self.claim.id}::{self.checker}"


class TwinItem(_ClaimItem):
    """A wrong twin: passes when some checker refutes it with a counterexample."""

    def runtest(self) -> None:
        from derivax.evidence import Verdict

        settings = _options(self).make_settings()
        report, hit = self._verify(settings)
        if report.verdict is Verdict.REFUTED:
            return
        base, twin = self.claim.twin_of, self.claim.id.split("/", 1)[1]
        lines = [
            f"not refuted (verdict {report.verdict}): no checker tells wrong twin {twin!r} of {base} from the claim",
            f"  why it is wrong: {self.claim.why}",
            *(f"  {name}: {e.verdict} - {e.summary}" for name, e in report.evidence.items()),
            f"  declared at {self._where()}",
            f"  reproduce: {self._reproduce(settings, checks=False)}",
        ]
        raise ClaimFailure("\n".join(lines + _cached_note(hit)))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, _line(self.claim), f"{self.claim.twin_of}::twin::{self.claim.id.split('/', 1)[1]}"
