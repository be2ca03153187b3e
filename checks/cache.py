"""A result cache: a claim is re-checked only when something it depends on changed.

An entry lives in ``.derivax_cache/<key>.json`` (in the working directory) and
holds the :class:`ClaimReport` rebuilt exactly: each checker's verdict, summary,
details, counterexample and time. The key is a SHA-256 of

- the claim's own source: its file with the *other* claims' declarations cut out
  (so editing one claim re-checks that claim only, while editing a helper the
  claims of a file share re-checks all of them), plus every local module the file
  imports (``derivations._common``), followed recursively;
- the claim id (a twin's id names its twin);
- the checker settings: checks, samples, examples, seed, tolerances, timeout;
- the engine: the versions of derivax, SymPy, JAX, jaxlib, Hypothesis, mpmath and
  NumPy, and a hash of the source of the ``checks/`` modules that verifying runs (an
  edited checker re-checks everything, even while the version number stays put; the
  front ends, such as the command line, do not count).

Results that say nothing about the claim (a checker that timed out or crashed)
are not stored, so the next run tries again. A missing, unreadable or corrupt
entry is a miss: the claim is verified and the entry rewritten. Writes are
atomic (a temporary file, then :func:`os.replace`), so parallel workers
(pytest-xdist) can share one cache.

A fully cached run need not even load the claims: :func:`remember` stores, per
claims file and keyed by its source, the ids, titles and twins that loading it
gave, and :func:`reports_without_loading` then answers ``derivax verify`` from
the manifests and entries alone, or says None and the caller loads as usual.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.evidence import Counterexample, Evidence, Verdict, plain
from checks.settings import Settings

if TYPE_CHECKING:  # imported when needed: a fully cached run never loads SymPy or JAX through this module
    from checks.claims import Claim
    from checks.verification import ClaimReport

__all__ = [
    "CACHE_DIR",
    "ClaimStub",
    "cache_key",
    "cached_verify",
    "remember",
    "remember_library",
    "reports_without_loading",
]

CACHE_DIR = ".derivax_cache"
FORMAT = 1  # bump when the entry layout changes: older entries then read as misses
_PACKAGES = ("derivax", "sympy", "jax", "jaxlib", "hypothesis", "mpmath", "numpy")
# Undecided because of the machine, not the claim: worth another try next run.
_TRANSIENT = ("timed out", "checker error")


def cached_verify(
    claim: Claim,
    settings: Settings,
    cache_dir: str | Path = CACHE_DIR,
    use_cache: bool = True,
    verifier: Callable[[Claim, Settings], ClaimReport] | None = None,
) -> tuple[ClaimReport, bool]:
    """Verify ``claim`` under ``settings``, reusing a stored result when nothing it depends on changed.

    Returns the report and whether it came from the cache. With ``use_cache=False``
    the cache is neither read nor written. A claim with no source file (built in
    memory) is always verified afresh. ``verifier`` runs on a miss
    (:func:`checks.verification.verify`; a caller may pass its own).
    """
    key = cache_key(claim, settings) if use_cache else None
    path = Path(cache_dir) / f"{key}.json" if key else None
    if path is not None:
        report = _load(path, key, claim)
        if report is not None:
            return report, True
    if verifier is None:
        from checks.verification import verify as verifier
    report = dataclasses.replace(verifier(claim, settings), cached=False)
    if path is not None and _worth_keeping(report):
        _store(path, _entry(report, key))
    return report, False


def cache_key(claim: Claim, settings: Settings) -> str | None:
    """The SHA-256 naming ``claim``'s entry under ``settings``; None when the claim has no source file."""
    source = _claim_source(claim)
    if source is None:
        return None
    fields = dataclasses.asdict(settings)
    fields["seed"] = 0 if settings.seed is None else settings.seed  # the checkers read None as 0
    material = {
        "format": FORMAT,
        "claim": claim.id,
        "source": source,
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in sorted(fields.items())},
        "engine": _engine(),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


# -- a fully cached run without loading the claims --------------------------------------------


@dataclass(frozen=True)
class ClaimStub:
    """What a report shows of a claim (id, title, twin, source), read back from a manifest instead of loading it."""

    id: str
    title: str
    source: str
    twin_of: str | None = None
    why: str = ""
    twins: tuple[ClaimStub, ...] = ()

    def __str__(self) -> str:
        return self.id

    @property
    def is_twin(self) -> bool:
        return self.twin_of is not None

    def wrong_twins(self) -> list[ClaimStub]:
        return list(self.twins)


def remember(loaded: dict[str | Path, list[Claim]], cache_dir: str | Path = CACHE_DIR) -> None:
    """Record which claims (ids, titles, twins) loading each file gave, keyed by the file's source.

    With these manifests, :func:`reports_without_loading` can answer a fully cached run
    without importing the claims files (and JAX with them).
    """
    for file, claims in loaded.items():
        key = _manifest_key(str(Path(file).resolve()))
        if key is None:
            continue
        listed = [{**_stub_fields(c), "twins": [_stub_fields(t) for t in c.wrong_twins()]} for c in claims]
        path = Path(cache_dir) / f"manifest-{key}.json"
        if not path.is_file():
            _store(path, {"format": FORMAT, "key": key, "file": str(file), "claims": listed})


def remember_library(claims: list[Claim], cache_dir: str | Path = CACHE_DIR) -> None:
    """:func:`remember` for the built-in library, as :func:`checks.registry.builtin_claims` loads it."""
    by_file: dict[str | Path, list[Claim]] = {}
    for claim in claims:
        by_file.setdefault(claim.source, []).append(claim)
    remember(by_file, cache_dir)


def library_files() -> list[Path]:
    """The built-in library's module files, in the order :func:`checks.registry.builtin_claims` loads them."""
    spec = importlib.util.find_spec("derivations")  # a top-level package: found, not imported
    folders = list(spec.submodule_search_locations or []) if spec else []
    return sorted((p for f in folders for p in Path(f).glob("*.py") if not p.name.startswith("_")), key=lambda p: p.stem)


def reports_without_loading(
    files: list[str | Path] | None, ids: list[str], settings: Settings, twins: bool = False, cache_dir: str | Path = CACHE_DIR
) -> list[ClaimReport] | None:
    """Every report of ``derivax verify`` from the cache, without importing a claims file; None if any is missing.

    ``files`` are the claims files named (None: the built-in library), ``ids`` the ids
    selected (none: all), ``twins`` as ``--twins``. None sends the caller down the usual
    path (load, verify, store), which also gives the usual errors for unknown ids.
    """
    pool: list[ClaimStub] = []
    for file in files if files is not None else library_files():
        stubs = _manifest(str(Path(file).resolve()), cache_dir)
        if stubs is None:
            return None
        pool += stubs
    by_id = {c.id: c for c in pool}
    if any(i not in by_id for i in ids):
        return None
    claims = [by_id[i] for i in ids] if ids else pool
    if twins:
        claims = [t for c in claims for t in (c.wrong_twins() if not c.is_twin else [c])]
    reports = []
    for claim in claims:
        key = cache_key(claim, settings)  # type: ignore[arg-type]  # a stub has what the key reads
        report = _load(Path(cache_dir) / f"{key}.json", key, claim) if key else None  # type: ignore[arg-type]
        if report is None:
            return None
        reports.append(report)
    return reports or None


def _stub_fields(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "title": claim.title, "twin_of": claim.twin_of, "why": claim.why}


def _manifest_key(path: str) -> str | None:
    if not Path(path).is_file():
        return None
    deps = {dep: _source(dep).digest for dep in sorted(_local_imports(path))}
    material = {"format": FORMAT, "file": path, "digest": _source(path).digest, "deps": deps, "engine": _engine()}
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _manifest(path: str, cache_dir: str | Path) -> list[ClaimStub] | None:
    key = _manifest_key(path)
    if key is None:
        return None
    try:
        entry = json.loads((Path(cache_dir) / f"manifest-{key}.json").read_text(encoding="utf-8"))
        if entry["format"] != FORMAT or entry["key"] != key:
            return None
        stubs = []
        for c in entry["claims"]:
            twins = tuple(ClaimStub(t["id"], t["title"], path, t["twin_of"], t["why"]) for t in c["twins"])
            stubs.append(ClaimStub(c["id"], c["title"], path, c["twin_of"], c["why"], twins))
        return stubs
    except (OSError, ValueError, KeyError, TypeError):
        return None


# -- the claim's own source --------------------------------------------------------------------


def claim_statements(path: str | Path) -> dict[str, tuple[int, int]]:
    """``{claim id: (first line, last line)}`` of each top-level statement declaring ``Claim(id="...")``.

    Only literal ids are found; a claim built in a loop or a factory has no entry.
    """
    return dict(_source(str(path)).declarations)


@dataclass(frozen=True)
class _Source:
    """What the key needs from one Python file, read and parsed once per version of the file."""

    text: str
    digest: str
    declarations: tuple[tuple[str, tuple[int, int]], ...]  # (claim id, line span of its statement)
    imports: tuple[str, ...]  # "pkg.mod", and "pkg.mod.name" for ``from pkg.mod import name``


def _source(path: str) -> _Source:
    st = os.stat(path)
    return _analysed(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=256)
def _analysed(path: str, mtime_ns: int, size: int) -> _Source:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return _Source(text, _sha(text), (), ())
    declarations, imports = [], []
    for stmt in tree.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and _called(node.func) == "Claim":
                literal = [k.value.value for k in node.keywords if k.arg == "id" and isinstance(k.value, ast.Constant)]
                declarations += [(v, (stmt.lineno, stmt.end_lineno or stmt.lineno)) for v in literal if isinstance(v, str)]
            elif isinstance(node, ast.Import):
                imports += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imports += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return _Source(text, _sha(text), tuple(declarations), tuple(dict.fromkeys(imports)))


def _called(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _claim_source(claim: Claim) -> dict[str, str] | None:
    """Digests of the text ``claim`` depends on: its file minus the other claims, and local imports."""
    if not claim.source or not Path(claim.source).is_file():
        return None
    path = str(Path(claim.source).resolve())
    source = _source(path)
    base = claim.twin_of or claim.id
    mine = {span for cid, span in source.declarations if cid == base}
    others = {span for cid, span in source.declarations if cid != base} - mine
    drop = {line for lo, hi in others for line in range(lo, hi + 1)}
    own = "\n".join(line for n, line in enumerate(source.text.splitlines(), 1) if n not in drop)
    digests = {"claim": _sha(own)}
    for dep in sorted(_local_imports(path)):
        digests[dep] = _source(dep).digest
    return digests


def _local_imports(path: str, seen: set[str] | None = None) -> set[str]:
    """Files of the project's own modules that ``path`` imports, followed recursively."""
    seen = set() if seen is None else seen
    for name in _source(path).imports:
        dep = _module_file(name)
        if dep and dep != path and dep not in seen:
            seen.add(dep)
            _local_imports(dep, seen)
    return seen


@functools.lru_cache(maxsize=1024)
def _module_file(name: str) -> str | None:
    """The source file of module ``name`` if it is the project's own (not the engine, stdlib or site-packages).

    Found on the file system from its top-level package's folders: nothing is imported
    (finding ``derivations.x.NAME`` through importlib would run ``derivations.x``).
    """
    top, *rest = name.split(".")
    if top == "checks":
        return None  # the engine is covered by _engine()
    module = sys.modules.get(name)
    origin = getattr(module, "__file__", None)
    if module is None:
        try:
            spec = sys.modules[top].__spec__ if top in sys.modules else importlib.util.find_spec(top)
        except (ImportError, ValueError, AttributeError):
            return None
        if spec is None:
            return None
        if not rest:
            origin = spec.origin
        else:  # a submodule, or a name imported from a module (then there is no such file)
            for folder in spec.submodule_search_locations or ():
                candidate = Path(folder, *rest)
                found = [c for c in (candidate.with_name(f"{candidate.name}.py"), candidate / "__init__.py") if c.is_file()]
                if found:
                    origin = str(found[0])
                    break
    if not origin or not origin.endswith(".py") or not Path(origin).is_file():
        return None
    origin = str(Path(origin).resolve())
    return None if origin.startswith(_installed_roots()) else origin


@functools.lru_cache(maxsize=1)
def _installed_roots() -> tuple[str, ...]:
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    roots = {str(Path(p).resolve()) for p in (sysconfig.get_paths().get(k) for k in keys) if p}
    return tuple(sorted(roots))


# -- the engine -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _engine() -> dict[str, str]:
    versions = {}
    for name in _PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    source = hashlib.sha256()
    for file in _engine_files():
        source.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    versions["checks-source"] = source.hexdigest()
    return versions


def _engine_files() -> list[Path]:
    """The modules of ``checks/`` that loading and verifying a claim runs: the imports of ``verification``
    and ``registry``, followed. Front ends (the command line, this cache, reports) are left out, so editing
    them keeps every result valid."""
    package = Path(__file__).resolve().parent
    todo, found = ["verification", "registry"], set()
    while todo:
        name = todo.pop()
        path = package / f"{name}.py"
        if name in found or not path.is_file():
            continue
        found.add(name)
        todo += [m.split(".")[1] for m in _source(str(path)).imports if m.startswith("checks.")]
    return sorted(package / f"{name}.py" for name in found)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# -- entries ----------------------------------------------------------------------------------


def _worth_keeping(report: ClaimReport) -> bool:
    return not any(e.verdict is Verdict.UNDECIDED and e.summary.startswith(_TRANSIENT) for e in report.evidence.values())


def _entry(report: ClaimReport, key: str) -> dict[str, Any]:
    evidence = {
        name: {
            "checker": e.checker,
            "verdict": e.verdict.value,
            "summary": e.summary,
            "details": plain(e.details),
            "counterexample": e.counterexample.as_dict() if e.counterexample else None,
            "seconds": e.seconds,
        }
        for name, e in report.evidence.items()
    }
    return {
        "format": FORMAT,
        "key": key,
        "claim": report.claim.id,
        "verdict": report.verdict.value,
        "seconds": report.seconds,
        "evidence": evidence,
        "report": report.as_dict(),  # for people and tools reading the cache directly
    }


def _load(path: Path, key: str, claim: Claim) -> ClaimReport | None:
    """The stored report, or None for a miss (no entry, or one that cannot be trusted)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["format"] != FORMAT or entry["key"] != key or entry["claim"] != claim.id:
            return None
        evidence = {}
        for name, e in entry["evidence"].items():
            ce = e["counterexample"]
            counterexample = Counterexample(ce["at"], ce["lhs"], ce["rhs"], ce.get("note", "")) if ce else None
            verdict = Verdict(e["verdict"])
            evidence[name] = Evidence(e["checker"], verdict, e["summary"], dict(e["details"]), counterexample, float(e["seconds"]))
        from checks.verification import ClaimReport

        return ClaimReport(claim, evidence, Verdict(entry["verdict"]), float(entry["seconds"]), cached=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _store(path: Path, entry: dict[str, Any]) -> None:
    """Write ``entry`` atomically; a cache that cannot be written is skipped, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by derivax: the result cache is not for version control\n*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, indent=1)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; a CI cache may be restored as another user
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
