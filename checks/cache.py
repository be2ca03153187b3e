"""A result cache: a claim is re-checked only when something it depends on changed.

An entry lives in ``.derivax_cache/<key>.json`` (in the working directory) and
holds the :class:`ClaimReport` rebuilt exactly: each checker's verdict, summary,
details, counterexample and time. The key is a SHA-256 of

- the claim's sources: the *whole* file that declares it, and every project file it
  imports, followed recursively (absolute and relative imports, the packages they
  run, and ``.py`` paths written as strings, as ``claims_from_file("a.py")`` does),
  each named by its path relative to the claims file. A claim may be built from
  another claim's expressions (``lhs=OTHER.rhs``), so any edit to its file or to a
  module it imports re-checks it. Project files are found on the file system, never
  by importing, and never from a module-name cache that an earlier lookup could have
  left stale; stdlib, site-packages and the engine (covered below) do not count;
- the claim id (a twin's id names its twin);
- the checker settings: checks, samples, examples, seed, tolerances, timeout;
- the engine: the versions of derivax, SymPy, JAX, jaxlib, Hypothesis, mpmath and
  NumPy, and a hash of the source of the ``checks/`` modules that verifying runs (an
  edited checker re-checks everything, even while the version number stays put; the
  front ends, such as the command line, do not count).

A dependency reached only by a computed name (``importlib.import_module(name)``,
``exec(open(path_variable).read())``) cannot be seen: ``--no-cache`` is the way out.

Results that say nothing about the claim (a checker that timed out or crashed)
are not stored, so the next run tries again. Writes are atomic (a temporary file,
then :func:`os.replace`), so parallel workers (pytest-xdist) can share one cache.

**Reading is validation.** The cache folder is input: it may be restored by CI from
another branch or written by anyone who can write the working tree. An entry is used
only if it parses and matches a schema (the type of every field, known verdicts, the
shape of the evidence and its counterexamples), its stored key equals the key
computed now, its checkers are exactly the ones asked for, its overall verdict is
what :func:`derivax.verification.combine` gives for its evidence, and its copy for
people (``report``) says the same. Anything else (a missing, truncated, oversized,
mistyped or inconsistent entry) is a miss: the claim is verified and the entry
rewritten; it is never a crash and never a result. This catches damage and clumsy
edits; it cannot catch a forgery that is consistent, because keys are computed from
public content: whoever can write the folder can write a "proved" that will be
trusted. So the folder must come from a trusted source, and ``--no-cache`` ignores it.

A fully cached run need not even load the claims: :func:`remember` stores, per
claims file and keyed by its sources, the ids, titles and twins that loading it
gave, and :func:`reports_without_loading` then answers ``derivax verify`` from
the manifests and entries alone, or says None and the caller loads as usual. A
manifest is used only if it lists exactly the claims and twins the file declares
with literal ids (so a manifest with a claim cut out is a miss, and a file whose
claims are built in a loop or imported is always loaded).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import site
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from derivax.evidence import Counterexample, Evidence, Verdict, plain
from derivax.settings import Settings

if TYPE_CHECKING:  # imported when needed: a fully cached run never loads SymPy or JAX through this module
    from derivax.claimreport import ClaimReport
    from derivax.claims import Claim

__all__ = [
    "CACHE_DIR",
    "ClaimStub",
    "cache_key",
    "cached_report",
    "cached_verify",
    "claim_statements",
    "dependencies",
    "library_listing",
    "remember",
    "remember_library",
    "reports_without_loading",
]

CACHE_DIR = ".derivax_cache"
FORMAT = 2  # bump when the entry layout or the key changes: older entries then read as misses
_PACKAGES = ("derivax", "sympy", "jax", "jaxlib", "hypothesis", "mpmath", "numpy")
# Undecided because of the machine, not the claim: worth another try next run.
_TRANSIENT = ("timed out", "checker error")
# An entry is a few kilobytes; a bigger file is not one of ours, and reading it would only cost memory.
_MAX_BYTES = 8 * 1024 * 1024
# Nesting allowed in a checker's details: deep enough for any real one, shallow enough to never recurse far.
_MAX_DEPTH = 16
_ENGINE_DIR = Path(__file__).resolve().parent
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


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
    (:func:`derivax.verification.verify`; a caller may pass its own).
    """
    key = cache_key(claim, settings) if use_cache else None
    path = Path(cache_dir) / f"{key}.json" if key else None
    if path is not None and key is not None:
        report = _load(path, key, claim, settings)
        if report is not None:
            return report, True
    if verifier is None:
        from derivax.verification import verify as verifier
    report = dataclasses.replace(verifier(claim, settings), cached=False)
    if path is not None and key is not None and _worth_keeping(report):
        _store(path, _entry(report, key))
    return report, False


def cached_report(claim: Claim, settings: Settings, cache_dir: str | Path = CACHE_DIR) -> ClaimReport | None:
    """The stored report of ``claim`` under ``settings`` if the cache holds a valid one (as :func:`cached_verify`
    reads it), else None; nothing is verified or written."""
    key = cache_key(claim, settings)
    return _load(Path(cache_dir) / f"{key}.json", key, claim, settings) if key else None


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
    """Record which claims (ids, titles, twins) loading each file gave, keyed by the file's sources.

    With these manifests, :func:`reports_without_loading` can answer a fully cached run
    without importing the claims files (and JAX with them). A manifest is rewritten each
    time the file is loaded, so a damaged one heals.
    """
    for file, claims in loaded.items():
        key = _manifest_key(str(Path(file).resolve()))
        if key is None:
            continue
        listed = [{**_stub_fields(c), "twins": [_stub_fields(t) for t in c.wrong_twins()]} for c in claims]
        _store(Path(cache_dir) / f"manifest-{key}.json", {"format": FORMAT, "key": key, "file": str(file), "claims": listed})


def remember_library(claims: list[Claim], cache_dir: str | Path = CACHE_DIR) -> None:
    """:func:`remember` for the built-in library, as :func:`derivax.registry.builtin_claims` loads it."""
    by_file: dict[str | Path, list[Claim]] = {}
    for claim in claims:
        by_file.setdefault(claim.source, []).append(claim)
    remember(by_file, cache_dir)


def library_files() -> list[Path]:
    """The built-in library's module files, in the order :func:`derivax.registry.builtin_claims` loads them."""
    spec = importlib.util.find_spec("derivax.derivations")  # found, not imported (the parent package is light)
    folders = list(spec.submodule_search_locations or []) if spec else []
    return sorted((p for f in folders for p in Path(f).glob("*.py") if not p.name.startswith("_")), key=lambda p: p.stem)


def library_listing() -> list[tuple[str, str]] | None:
    """``(id, title)`` of every built-in claim, in :func:`derivax.registry.builtin_claims` order, read from the
    sources without importing them (SymPy alone takes longer to import than ``derivax list`` may take); None
    unless every claim is declared plainly.

    Plainly: each ``Claim(...)`` call of a library module is the whole value of a top-level assignment
    ``NAME = Claim(id="...", title="...", ...)`` with literal id and title, each name is bound once and the
    ids are unique. Anything else (a claim built in a function or a loop, a computed title, a repeated
    id) gives None, and the caller loads the library, which also reports the errors.
    ``tests/test_registry.py`` checks that the listing equals the loaded library.
    """
    listing: list[tuple[str, str]] = []
    for path in library_files():
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            return None
        calls = sum(isinstance(n, ast.Call) and _called(n.func) == "Claim" for n in ast.walk(tree))
        plain, names = [], []
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and _called(stmt.value.func) == "Claim":
                fields = {k.arg: k.value for k in stmt.value.keywords}
                literal = [fields.get(f) for f in ("id", "title")]
                if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
                    return None
                if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in literal):
                    return None
                names.append(stmt.targets[0].id)
                plain.append((literal[0].value, literal[1].value))  # type: ignore[union-attr]
        if calls != len(plain) or len(set(names)) != len(names):
            return None
        listing += plain
    ids = [i for i, _ in listing]
    return listing if listing and len(set(ids)) == len(ids) else None


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
    if len(by_id) != len(pool) or any(i not in by_id for i in ids):
        return None  # repeated ids are an error the usual path reports
    claims = [by_id[i] for i in ids] if ids else pool
    if twins:
        claims = [t for c in claims for t in (c.wrong_twins() if not c.is_twin else [c])]
    reports = []
    for claim in claims:
        key = cache_key(claim, settings)  # type: ignore[arg-type]  # a stub has what the key reads
        report = _load(Path(cache_dir) / f"{key}.json", key, claim, settings) if key else None  # type: ignore[arg-type]
        if report is None:
            return None
        reports.append(report)
    return reports or None


def _stub_fields(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "title": claim.title, "twin_of": claim.twin_of, "why": claim.why}


def _manifest_key(path: str) -> str | None:
    if not Path(path).is_file():
        return None
    material = {"format": FORMAT, "file": path, "sources": _sources(path), "engine": _engine()}
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _manifest(path: str, cache_dir: str | Path) -> list[ClaimStub] | None:
    """The claims a manifest lists for ``path``, or None unless it is well-formed and lists what the file declares.

    Without loading the file, its claims are known only from its literal declarations
    (``Claim(id="...")``, ``Twin("name", ...)``): the manifest must list exactly those, so
    one with a claim or a twin removed (or added) is a miss, and so is any manifest of a
    file whose claims are built in a loop or imported from elsewhere.
    """
    key = _manifest_key(path)
    if key is None:
        return None
    entry = _read_json(Path(cache_dir) / f"manifest-{key}.json")
    if not isinstance(entry, dict) or not _is_int(entry.get("format"), FORMAT) or entry.get("key") != key:
        return None
    listed = entry.get("claims")
    if not isinstance(listed, list):
        return None
    stubs = []
    for c in listed:
        main = _stub(c, path, twin_of=None)
        if main is None:
            return None
        twins = [_stub(t, path, twin_of=main.id) for t in c["twins"]]
        if None in twins:
            return None
        stubs.append(dataclasses.replace(main, twins=tuple(t for t in twins if t is not None)))
    source = _source(path)
    declared = sorted(cid for cid, _ in source.declarations)
    twin_names = sorted({t.id.split("/", 1)[1] for c in stubs for t in c.twins})
    if sorted(c.id for c in stubs) != declared or twin_names != sorted(set(source.twins)):
        return None
    return stubs


def _stub(fields: Any, path: str, twin_of: str | None) -> ClaimStub | None:
    """A claim (``twin_of`` None, with a list of twins) or a twin of ``twin_of`` as a manifest lists it; None if malformed."""
    expected = {"id", "title", "twin_of", "why"} | ({"twins"} if twin_of is None else set())
    if not isinstance(fields, dict) or set(fields) != expected or fields["twin_of"] != twin_of:
        return None
    if twin_of is None and not isinstance(fields["twins"], list):
        return None
    cid, title, why = fields["id"], fields["title"], fields["why"]
    if not all(isinstance(v, str) for v in (cid, title, why)) or not cid:
        return None
    if twin_of is not None and not cid.startswith(f"{twin_of}/"):
        return None
    return ClaimStub(cid, title, path, twin_of, why)


# -- the claim's sources -----------------------------------------------------------------------


def claim_statements(path: str | Path) -> dict[str, tuple[int, int]]:
    """``{claim id: (first line, last line)}`` of each top-level statement declaring ``Claim(id="...")``.

    Only literal ids are found; a claim built in a loop or a factory has no entry.
    """
    return dict(_source(str(path)).declarations)


def dependencies(path: str | Path) -> list[Path]:
    """``path`` and every project file it depends on (imports, followed recursively), as the key counts them."""
    return [Path(p) for p in _project_files(str(Path(path).resolve()))]


@dataclass(frozen=True)
class _Source:
    """What the key needs from one Python file, read and parsed once per version of its text."""

    digest: str
    declarations: tuple[tuple[str, tuple[int, int]], ...]  # (claim id, line span of its statement)
    imports: tuple[str, ...]  # "pkg.mod", "pkg.mod.name" for ``from pkg.mod import name``, ".mod" relative
    paths: tuple[str, ...]  # string literals naming a .py file
    twins: tuple[str, ...]  # literal twin names: Twin("name", ...)


def _source(path: str) -> _Source:
    """The file's analysis. Always read afresh and keyed by content: an mtime can stay put across an edit."""
    data = Path(path).read_bytes()
    return _analysed(hashlib.sha256(data).hexdigest(), data.decode("utf-8", errors="replace"))


@functools.lru_cache(maxsize=256)
def _analysed(digest: str, text: str) -> _Source:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return _Source(digest, (), (), (), ())
    declarations, imports, paths, twins = [], [], [], []
    for stmt in tree.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and _called(node.func) == "Claim":
                literal = [k.value.value for k in node.keywords if k.arg == "id" and isinstance(k.value, ast.Constant)]
                declarations += [(v, (stmt.lineno, stmt.end_lineno or stmt.lineno)) for v in literal if isinstance(v, str)]
            elif isinstance(node, ast.Call) and _called(node.func) == "Twin":
                named = node.args[:1] + [k.value for k in node.keywords if k.arg == "name"]
                twins += [n.value for n in named if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            elif isinstance(node, ast.Import):
                imports += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                joint = "" if module.endswith(".") else "."
                imports += [module] + [f"{module}{joint}{a.name}" for a in node.names if a.name != "*"]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".py"):
                if len(node.value) < 1024 and "\0" not in node.value:
                    paths.append(node.value)
    return _Source(digest, tuple(declarations), tuple(dict.fromkeys(imports)), tuple(dict.fromkeys(paths)), tuple(twins))


def _called(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _claim_source(claim: Claim) -> dict[str, str] | None:
    """Digests of every file ``claim`` depends on, or None when it has no source file."""
    if not claim.source or not Path(claim.source).is_file():
        return None
    return _sources(str(Path(claim.source).resolve()))


def _sources(path: str) -> dict[str, str]:
    """``{file relative to path's folder: SHA-256}`` for ``path`` and its project files.

    Relative names keep a project's entries valid when the whole project moves (a CI
    checkout in another folder), while a file moved within it counts as an edit.
    """
    folder = os.path.dirname(path)
    return {os.path.relpath(dep, folder): _source(dep).digest for dep in _project_files(path)}


def _project_files(path: str) -> list[str]:
    """``path`` and the project files it imports, followed recursively; sorted."""
    seen, todo = {path}, [path]
    while todo:
        for dep in _direct_dependencies(todo.pop()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return sorted(seen)


def _direct_dependencies(path: str) -> set[str]:
    """The project files that importing ``path`` runs or reads directly.

    Over-counting costs a re-check; under-counting would let a stale result stand, so
    every place the import could come from is tried: the importing file's folder, the
    folder above its top package, the project root (the nearest folder with a
    pyproject.toml, setup.py, setup.cfg or .git), the working directory and ``sys.path``.
    """
    source = _source(path)
    here = os.path.dirname(path)
    found: set[str] = set(_package_inits(here))
    roots = _search_roots(here)
    for name in source.imports:
        if name.startswith("."):
            base = here
            for _ in range(len(name) - len(name.lstrip(".")) - 1):
                base = os.path.dirname(base)  # past the root it stays the root: the import fails anyway
            found.update(_package_inits(base))
            found.update(_module_files(base, name.lstrip(".")))
        else:
            for root in roots:
                found.update(_module_files(root, name))
    for literal in source.paths:
        for folder in (here, os.getcwd()):
            candidate = os.path.join(folder, literal)
            if os.path.isfile(candidate):
                found.add(os.path.realpath(candidate))
    return {f for f in found if _is_project_file(f)}


def _module_files(root: str, dotted: str) -> Iterator[str]:
    """The files importing ``dotted`` from ``root`` runs: each package's ``__init__.py`` and the module.

    ``pkg.mod.name`` may name a module or a name defined in ``pkg.mod``: both are tried.
    (``os.path`` rather than ``pathlib``: this runs for every import of every file, every run.)
    """
    folder = root
    for part in (p for p in dotted.split(".") if p):
        module, child = os.path.join(folder, f"{part}.py"), os.path.join(folder, part)
        package = os.path.join(child, "__init__.py")
        if os.path.isfile(module):
            yield os.path.realpath(module)
        if os.path.isfile(package):
            yield os.path.realpath(package)
        if not os.path.isdir(child):
            return
        folder = child


def _package_inits(folder: str) -> Iterator[str]:
    """``__init__.py`` of ``folder`` and of each package above it: importing a module in a package runs them."""
    while os.path.isfile(init := os.path.join(folder, "__init__.py")):
        yield os.path.realpath(init)
        if os.path.dirname(folder) == folder:
            return
        folder = os.path.dirname(folder)


def _search_roots(here: str) -> list[str]:
    """Where an absolute import in a file of folder ``here`` may be found; installed folders are left out
    (nothing found there counts, and they hold thousands of names)."""
    top = here
    while os.path.isfile(os.path.join(top, "__init__.py")) and os.path.dirname(top) != top:
        top = os.path.dirname(top)
    ancestors = [here]
    while os.path.dirname(ancestors[-1]) != ancestors[-1]:
        ancestors.append(os.path.dirname(ancestors[-1]))
    project = next((d for d in ancestors if any(os.path.exists(os.path.join(d, m)) for m in _PROJECT_MARKERS)), None)
    candidates = [here, top, *([project] if project else []), os.getcwd(), *(p or "." for p in sys.path)]
    roots: list[str] = []
    for candidate in candidates:
        resolved = os.path.realpath(candidate)
        if resolved not in roots and os.path.isdir(resolved) and not (resolved + os.sep).startswith(_installed_roots()):
            roots.append(resolved)
    return roots


def _is_project_file(path: str) -> bool:
    """A file of the user's project (or of ``derivations/``): not the engine, the stdlib or an installed package."""
    if not path.endswith(".py") or Path(path).is_relative_to(_ENGINE_DIR):
        return False
    if any(Path(path).is_relative_to(folder) for folder in _library_dirs()):
        return True  # the library counts even where derivax is installed into site-packages
    parts = Path(path).parts
    return not path.startswith(_installed_roots()) and "site-packages" not in parts and "dist-packages" not in parts


@functools.lru_cache(maxsize=1)
def _library_dirs() -> tuple[Path, ...]:
    return tuple(sorted({p.parent.resolve() for p in library_files()}))


@functools.lru_cache(maxsize=1)
def _installed_roots() -> tuple[str, ...]:
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    paths = [sysconfig.get_paths().get(k) for k in keys]
    try:
        paths.append(site.getusersitepackages())
    except AttributeError:  # a virtual environment's site module may not have it
        pass
    roots = {str(Path(p).resolve()) + os.sep for p in paths if p}
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
    versions["engine-source"] = source.hexdigest()
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
        todo += [m.split(".")[1] for m in _source(str(path)).imports if m.startswith("derivax.") and m.count(".") == 1]
    return sorted(package / f"{name}.py" for name in found)


# -- entries ----------------------------------------------------------------------------------


def _worth_keeping(report: ClaimReport) -> bool:
    return _worth_keeping_evidence(report.evidence.values())


def _worth_keeping_evidence(evidence: Any) -> bool:
    return not any(e.verdict is Verdict.UNDECIDED and e.summary.startswith(_TRANSIENT) for e in evidence)


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
        "report": report.as_dict(),  # for people and tools reading the cache directly; checked against the rest on load
    }


class _Malformed(ValueError):
    """An entry that does not match the schema: a miss."""


def _load(path: Path, key: str, claim: Claim, settings: Settings) -> ClaimReport | None:
    """The stored report, or None for a miss: no entry, or one that does not pass :func:`_validated`."""
    entry = _read_json(path)
    if entry is None:
        return None
    try:
        return _validated(entry, key, claim, settings)
    except (_Malformed, ValueError, TypeError):  # ValueError: Evidence refuses a refutation without a counterexample
        return None


def _validated(entry: Any, key: str, claim: Claim, settings: Settings) -> ClaimReport:
    """The report ``entry`` holds, if every field has its type and the whole agrees with itself; else :class:`_Malformed`.

    Checked: the layout version, the full key (equal to the one computed now, not just
    the file name), the claim id, the checkers (exactly those of ``settings``, in order),
    each verdict, summary, details and counterexample, the times, that no result is a
    transient one (those are never stored), that the overall verdict is the one the
    evidence gives, and that the copy for people says the same as the rest.
    """
    from derivax.claimreport import ClaimReport, combine

    fields = {"format", "key", "claim", "verdict", "seconds", "evidence", "report"}
    _require(isinstance(entry, dict) and set(entry) == fields, "not an entry")
    _require(_is_int(entry["format"], FORMAT) and entry["key"] == key and entry["claim"] == claim.id, "another entry")
    _require(isinstance(entry["evidence"], dict) and list(entry["evidence"]) == list(settings.checks), "other checkers")
    evidence = {name: _evidence(name, e) for name, e in entry["evidence"].items()}
    _require(_worth_keeping_evidence(evidence.values()), "a transient result")
    verdict = _verdict(entry["verdict"])
    _require(verdict is combine(evidence), "a verdict its evidence does not give")
    report = ClaimReport(claim, evidence, verdict, _seconds(entry["seconds"]), cached=True)  # type: ignore[arg-type]  # a stub too
    _require(entry["report"] == dataclasses.replace(report, cached=False).as_dict(), "a report that says otherwise")
    return report


def _evidence(name: str, e: Any) -> Evidence:
    fields = {"checker", "verdict", "summary", "details", "counterexample", "seconds"}
    _require(isinstance(e, dict) and set(e) == fields and e["checker"] == name, "not a checker's evidence")
    _require(isinstance(e["summary"], str) and isinstance(e["details"], dict) and _is_plain(e["details"]), "bad details")
    verdict, ce = _verdict(e["verdict"]), e["counterexample"]
    counterexample = None
    if ce is not None:
        _require(isinstance(ce, dict) and set(ce) == {"at", "lhs", "rhs", "note"}, "not a counterexample")
        _require(isinstance(ce["at"], dict) and isinstance(ce["note"], str) and _is_plain(ce), "bad counterexample")
        counterexample = Counterexample(ce["at"], ce["lhs"], ce["rhs"], ce["note"])
    _require((verdict is Verdict.REFUTED) == (counterexample is not None), "a counterexample without a refutation")
    return Evidence(name, verdict, e["summary"], dict(e["details"]), counterexample, _seconds(e["seconds"]))


def _require(condition: bool, why: str) -> None:
    if not condition:
        raise _Malformed(why)


def _verdict(value: Any) -> Verdict:
    _require(isinstance(value, str) and value in {v.value for v in Verdict}, "not a verdict")
    return Verdict(value)


def _seconds(value: Any) -> float:
    _require(isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0, "bad time")
    return float(value)


def _is_int(value: Any, expected: int) -> bool:
    return type(value) is int and value == expected  # True == 1 and 2.0 == 2, but neither is a layout version


def _is_plain(value: Any, depth: int = 0) -> bool:
    """JSON as :func:`derivax.evidence.plain` writes it: str keys, finite numbers, bounded nesting."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_plain(v, depth + 1) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int)


def _read_json(path: Path) -> Any:
    """The parsed file, or None if it is missing, unreadable, too big, not UTF-8 or not JSON."""
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:
            return None
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: json.dumps never writes them for us


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
