"""The result cache: warm runs reuse results, edits re-check only what changed, corrupt entries are misses."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from derivax import cache, verification
from derivax.cli import _parser, main
from derivax.registry import claims_from_file
from derivax.settings import Settings

A_FILE = textwrap.dedent(
    """
    import jax
    import sympy as sp
    from derivax import Claim, Sym, Twin

    x = Sym("x", typical=(-2.0, 2.0))
    X = x.symbol


    def _grad(f):
        return jax.grad(f)  # shared by both claims of this file


    TANH_PRIME = Claim(
        id="tanh-prime", title="tanh' = 1 - tanh^2", symbols=(x,),
        lhs=sp.diff(sp.tanh(X), X), rhs=1 - sp.tanh(X) ** 2,
        witness=_grad(jax.numpy.tanh), refs=("any calculus text",),
        twins=(Twin("plus", "sign flipped", rhs=1 + sp.tanh(X) ** 2),),
    )
    SIGMOID_PRIME = Claim(
        id="sigmoid-prime", title="sigma' = sigma (1 - sigma)", symbols=(x,),
        lhs=sp.diff(1 / (1 + sp.exp(-X)), X), rhs=(1 / (1 + sp.exp(-X))) * (1 - 1 / (1 + sp.exp(-X))),
        witness=_grad(jax.nn.sigmoid), refs=("any deep learning text",),
    )
    """
)
B_FILE = textwrap.dedent(
    """
    import jax
    import sympy as sp
    from derivax import Claim, Sym

    x = Sym("x", typical=(-2.0, 2.0))
    X = x.symbol

    WRONG_TANH_SIGMOID = Claim(
        id="wrong-tanh-sigmoid", title="tanh(x) = 2 sigma(x) - 1 (false: needs sigma(2x))", symbols=(x,),
        lhs=sp.tanh(X), rhs=2 / (1 + sp.exp(-X)) - 1,
        witness=jax.numpy.tanh, refs=("a mistake",),
    )
    """
)
FAST = ["--samples", "64", "--examples", "30", "--seed", "0"]


def _has_no_cache_flag() -> bool:
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            _parser().parse_args(["verify", "--no-cache"])
    except SystemExit:
        return False
    return True


HAS_NO_CACHE_FLAG = _has_no_cache_flag()


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """A project with a warm cache, verified once for the whole module (entries are keyed by content, not path).

    The cold run's table is kept in ``cold_table.txt`` beside the claims files.
    """
    root = tmp_path_factory.mktemp("warm")
    (root / "a_claims.py").write_text(A_FILE)
    (root / "b_claims.py").write_text(B_FILE)
    table = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(table):
        mp.chdir(root)
        assert main(["verify", "a_claims.py", "b_claims.py", *FAST]) == 1
    (root / "cold_table.txt").write_text(table.getvalue())
    return root


@pytest.fixture
def project(warm, tmp_path, monkeypatch) -> Path:
    """A copy of the warm project, as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(warm, root)
    monkeypatch.chdir(root)
    return root


def _verify_json(capsys, *extra: str) -> dict[str, dict]:
    code = main(["verify", "a_claims.py", "b_claims.py", "--json", *FAST, *extra])
    assert code == 1  # the false claim is refuted, cached or not
    return {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}


def _without_times(entry: dict) -> dict:
    entry = {k: v for k, v in entry.items() if k not in ("cached", "seconds")}
    entry["checks"] = {n: {k: v for k, v in c.items() if k != "seconds"} for n, c in entry["checks"].items()}
    return entry


def test_warm_run_reuses_every_result_and_renders_the_same(warm, project, capsys):
    by_id = _verify_json(capsys)
    assert {i: c["cached"] for i, c in by_id.items()} == {"tanh-prime": True, "sigmoid-prime": True, "wrong-tanh-sigmoid": True}
    wrong = by_id["wrong-tanh-sigmoid"]
    assert wrong["verdict"] == "refuted" and wrong["counterexample"]["lhs"] != wrong["counterexample"]["rhs"]
    # The JSON of a cached result is the JSON of a fresh one, times aside.
    settings = Settings(samples=64, examples=30, seed=0)
    for claim in claims_from_file("a_claims.py") + claims_from_file("b_claims.py"):
        fresh, hit = cache.cached_verify(claim, settings, use_cache=False)
        assert not hit and fresh.as_dict()["cached"] is False
        assert _without_times(fresh.as_dict()) == _without_times(by_id[claim.id])
    # The table of a cached run is the table of the cold run, but for the total time on its last line.
    capsys.readouterr()
    main(["verify", "a_claims.py", "b_claims.py", *FAST])
    table = capsys.readouterr().out.splitlines()
    cold = (warm / "cold_table.txt").read_text().splitlines()
    assert table[:-1] == cold[:-1] and table[-1].startswith("2 of 3 claims hold in ")
    shown = "\n".join(table)
    assert "wrong-tanh-sigmoid refuted by" in shown and "b_claims.py wrong-tanh-sigmoid --seed" in shown  # with the files (session 53)


def test_editing_a_file_rechecks_its_claims_only(project, capsys):
    """The key covers the whole declaring file: a claim may use another claim's expressions (``lhs=OTHER.rhs``)."""
    a = project / "a_claims.py"
    a.write_text(A_FILE.replace("sigma' = sigma (1 - sigma)", "the sigmoid's derivative"))
    cached = {i: c["cached"] for i, c in _verify_json(capsys).items()}
    assert cached == {"tanh-prime": False, "sigmoid-prime": False, "wrong-tanh-sigmoid": True}
    assert all(_verify_json(capsys)[i]["cached"] for i in cached)
    # A comment is an edit too: the key is the file's text, not what it means.
    a.write_text(a.read_text().replace("# shared by both claims of this file", "# the witness: autodiff"))
    cached = {i: c["cached"] for i, c in _verify_json(capsys).items()}
    assert cached == {"tanh-prime": False, "sigmoid-prime": False, "wrong-tanh-sigmoid": True}


def test_other_settings_and_twins_have_their_own_entries(project, capsys):
    assert not any(c["cached"] for c in _verify_json(capsys, "--seed", "1").values())
    assert main(["verify", "a_claims.py", "tanh-prime", "--twins", "--json", *FAST]) == 0
    (twin,) = json.loads(capsys.readouterr().out)["claims"]
    assert twin["id"] == "tanh-prime/plus" and twin["verdict"] == "refuted" and twin["cached"] is False
    assert main(["verify", "a_claims.py", "tanh-prime", "--twins", "--json", *FAST]) == 0
    assert json.loads(capsys.readouterr().out)["claims"][0]["cached"] is True


@pytest.mark.skipif(not HAS_NO_CACHE_FLAG, reason="derivax verify --no-cache is not wired into checks/cli.py yet")
def test_no_cache_flag_bypasses_the_cache(project, capsys):
    before = sorted(p.name for p in (project / cache.CACHE_DIR).iterdir())
    assert not any(c["cached"] for c in _verify_json(capsys, "--no-cache").values())
    assert sorted(p.name for p in (project / cache.CACHE_DIR).iterdir()) == before


def test_use_cache_false_neither_reads_nor_writes(tmp_path):
    (tmp_path / "b_claims.py").write_text(B_FILE)
    (claim,) = claims_from_file(tmp_path / "b_claims.py")
    settings = Settings(checks=("numeric",), samples=64, seed=0)
    report, hit = cache.cached_verify(claim, settings, tmp_path / "cache", use_cache=False)
    assert not hit and report.verdict == "refuted" and not (tmp_path / "cache").exists()
    assert cache.cached_verify(claim, settings, tmp_path / "cache")[1] is False
    assert cache.cached_verify(claim, settings, tmp_path / "cache")[1] is True
    assert cache.cached_verify(claim, settings, tmp_path / "cache", use_cache=False)[1] is False


@pytest.mark.parametrize(
    "damage",
    ["{not json", "[1, 2, 3]", '{"format": 1, "key": "k", "claim": "c", "verdict": "proved", "seconds": 0, "evidence": {}}'],
    ids=["truncated", "not-an-object", "other-key"],
)
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(project, capsys, damage):
    entries = [p for p in (project / cache.CACHE_DIR).glob("*.json")]
    assert entries
    for entry in entries:
        entry.write_text(damage)
    by_id = _verify_json(capsys)
    assert not any(c["cached"] for c in by_id.values())
    assert by_id["tanh-prime"]["verdict"] == "proved" and by_id["wrong-tanh-sigmoid"]["verdict"] == "refuted"
    assert all(c["cached"] for c in _verify_json(capsys).values())


def test_a_crashed_checker_is_not_stored(tmp_path, monkeypatch):
    (tmp_path / "b_claims.py").write_text(B_FILE)
    (claim,) = claims_from_file(tmp_path / "b_claims.py")

    def crash(claim, settings):
        raise RuntimeError("out of memory")

    monkeypatch.setitem(verification.CHECKERS, "symbolic", crash)
    settings = Settings(checks=("symbolic",), seed=0)
    report, _ = cache.cached_verify(claim, settings, tmp_path / "cache")
    assert report.evidence["symbolic"].summary.startswith("checker error: RuntimeError: out of memory")
    assert cache.cached_verify(claim, settings, tmp_path / "cache")[1] is False


def test_a_claim_without_a_source_file_is_always_verified(tmp_path):
    import dataclasses

    (tmp_path / "b_claims.py").write_text(B_FILE)
    (claim,) = claims_from_file(tmp_path / "b_claims.py")
    claim = dataclasses.replace(claim, source="")
    settings = Settings(checks=("numeric",), samples=64, seed=0)
    assert cache.cache_key(claim, settings) is None
    assert cache.cached_verify(claim, settings, tmp_path / "cache")[1] is False
    assert cache.cached_verify(claim, settings, tmp_path / "cache")[1] is False


def test_a_fully_cached_run_needs_no_loading(project):
    """With the manifests remembered, every report comes back without importing a claims file."""
    marker = project / "loaded.txt"
    a = project / "a_claims.py"
    a.write_text(f"open({str(marker)!r}, 'a').write('a_claims loaded\\n')\n" + A_FILE)
    files = [a, project / "b_claims.py"]
    settings = Settings(samples=64, examples=30, seed=0)
    loaded = {f: claims_from_file(f) for f in files}
    assert marker.read_text().count("loaded") == 1
    assert cache.reports_without_loading(files, [], settings) is None  # no manifests yet
    cache.remember(loaded)
    slow = [cache.cached_verify(c, settings)[0] for c in loaded[a] + loaded[files[1]]]
    fast = cache.reports_without_loading(files, [], settings)
    assert marker.read_text().count("loaded") == 1
    assert [{**r.as_dict(), "cached": None} for r in fast] == [{**r.as_dict(), "cached": None} for r in slow]
    assert all(r.cached for r in fast) and [r.claim.id for r in fast] == ["tanh-prime", "sigmoid-prime", "wrong-tanh-sigmoid"]
    (only,) = cache.reports_without_loading(files, ["wrong-tanh-sigmoid"], settings)
    assert only.first_refutation().counterexample.describe() == slow[2].first_refutation().counterexample.describe()
    # Anything it cannot answer sends the caller down the usual path.
    assert cache.reports_without_loading(files, ["no-such-claim"], settings) is None
    assert cache.reports_without_loading(files, [], Settings(samples=64, examples=30, seed=5)) is None
    assert cache.reports_without_loading(files, ["tanh-prime"], settings, twins=True) is None  # the twin is not verified yet
    cache.cached_verify(loaded[a][0].wrong_twins()[0], settings)
    (twin,) = cache.reports_without_loading(files, ["tanh-prime"], settings, twins=True)
    assert twin.claim.id == "tanh-prime/plus" and twin.claim.why == "sign flipped" and twin.as_dict()["twin_of"] == "tanh-prime"
    a.write_text(a.read_text().replace("sigma' = sigma (1 - sigma)", "the sigmoid's derivative"))
    assert cache.reports_without_loading(files, [], settings) is None


# -- what a key covers, and entries that cannot be trusted --------------------------------------------

SHARED_MODULE = "derivax_test_shared_claims"  # a name no other test imports
SHARED_FILE = textwrap.dedent(
    """
    import jax
    import sympy as sp
    from derivax import Claim, Sym

    x = Sym("x", typical=(-2.0, 2.0))
    X = x.symbol

    OTHER = Claim(
        id="other", title="tanh' = 1 - tanh^2", symbols=(x,),
        lhs=sp.diff(sp.tanh(X), X), rhs=1 - sp.tanh(X) ** 2,
        witness=jax.grad(jax.numpy.tanh), refs=("any calculus text",),
    )
    """
)
DERIVED = """
DERIVED = Claim(
    id="derived", title="tanh' again, from the other file's right side", symbols=(x,),
    lhs=OTHER.rhs, rhs=1 - sp.tanh(X) ** 2,
    witness=jax.grad(jax.numpy.tanh), refs=("the other file",),
)
"""
USES_BY_IMPORT = f"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the project's own module, beside this file

import jax
import sympy as sp
from derivax import Claim
from {SHARED_MODULE} import OTHER, X, x
{DERIVED}"""
USES_BY_PATH = f"""
from pathlib import Path

import jax
import sympy as sp
from derivax import Claim
from derivax.registry import claims_from_file

(OTHER,) = claims_from_file(Path(__file__).with_name("{SHARED_MODULE}.py"))
x = OTHER.symbols[0]
X = x.symbol
{DERIVED}"""
QUICK = ["--checks", "symbolic,numeric", "--samples", "32", "--seed", "0"]


@pytest.mark.parametrize("user_file", [USES_BY_IMPORT, USES_BY_PATH], ids=["import", "claims-from-file"])
def test_a_claim_built_from_another_files_claim_is_rechecked_when_that_file_changes(tmp_path, monkeypatch, capsys, user_file):
    """The reproduction: ``derived`` is ``OTHER.rhs = ...``; editing OTHER's file into a false claim refutes it.

    Before the fix the second run said "2 of 2 hold" from the cache (exit 0) while ``--no-cache`` refuted both.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the claims file adds its folder
    shared = tmp_path / f"{SHARED_MODULE}.py"
    shared.write_text(SHARED_FILE)
    (tmp_path / "user_claims.py").write_text(user_file)

    def verify(*extra: str) -> tuple[int, dict[str, dict]]:
        sys.modules.pop(SHARED_MODULE, None)  # a fresh process would import the module afresh
        try:
            code = main(["verify", "user_claims.py", "--json", *QUICK, *extra])
        finally:
            sys.modules.pop(SHARED_MODULE, None)
        return code, {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}

    code, by_id = verify()
    assert code == 0 and {i: (c["verdict"], c["cached"]) for i, c in by_id.items()} == {
        "other": ("proved", False),
        "derived": ("proved", False),
    }
    code, by_id = verify()
    assert code == 0 and all(c["cached"] for c in by_id.values())  # the cache is in use
    # The same number of characters: an edit the file's size and (possibly) its mtime do not show.
    shared.write_text(SHARED_FILE.replace("rhs=1 - sp.tanh(X) ** 2", "rhs=1 + sp.tanh(X) ** 2"))
    code, by_id = verify()
    assert code == 1 and by_id["derived"]["verdict"] == "refuted" and not by_id["derived"]["cached"]
    assert by_id["other"]["verdict"] == "refuted"
    code, fresh = verify("--no-cache")
    assert code == 1 and {i: c["verdict"] for i, c in fresh.items()} == {i: c["verdict"] for i, c in by_id.items()}
    assert [p.name for p in cache.dependencies(tmp_path / "user_claims.py")] == [shared.name, "user_claims.py"]


def test_dependencies_follow_relative_imports_and_packages_but_not_installed_code(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    for name in ("__init__.py", "sub/__init__.py", "helpers.py", "unused.py", "sub/deep.py"):
        (pkg / name).write_text("")
    (pkg / "helpers.py").write_text("import json\nimport sympy\nimport derivax.claims\nfrom .sub.deep import THING\n")
    (pkg / "claims.py").write_text("from . import helpers\nfrom .helpers import THING\n")
    found = {p.relative_to(tmp_path).as_posix() for p in cache.dependencies(pkg / "claims.py")}
    assert found == {"pkg/__init__.py", "pkg/claims.py", "pkg/helpers.py", "pkg/sub/__init__.py", "pkg/sub/deep.py"}


@pytest.fixture(scope="module")
def refuted_entry(tmp_path_factory) -> tuple[Path, Settings]:
    """A claims file and a cache holding the entry of its refuted claim (symbolic and numeric only: quick to redo)."""
    root = tmp_path_factory.mktemp("entry")
    (root / "b_claims.py").write_text(B_FILE)
    (claim,) = claims_from_file(root / "b_claims.py")
    settings = Settings(checks=("symbolic", "numeric"), samples=64, seed=0)
    report, hit = cache.cached_verify(claim, settings, root / "cache")
    assert not hit and report.verdict == "refuted"
    return root, settings


def _entry_copy(refuted_entry, tmp_path) -> tuple[object, Settings, Path, Path]:
    """The claim, its settings, a copy of the warm cache and the path of the claim's entry there."""
    root, settings = refuted_entry
    shutil.copytree(root / "cache", tmp_path / "cache")
    (claim,) = claims_from_file(root / "b_claims.py")
    return claim, settings, tmp_path / "cache", tmp_path / "cache" / f"{cache.cache_key(claim, settings)}.json"


def _set(*path_and_value):
    *path, value = path_and_value

    def damage(entry: dict) -> None:
        target = entry
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return damage


def _drop(*path):
    def damage(entry: dict) -> None:
        target = entry
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return damage


FORGERIES = {
    "evidence-a-string": _set("evidence", "symbolic"),
    "checker-evidence-a-list": _set("evidence", "numeric", []),
    "verdict-a-number": _set("verdict", 1),
    "verdict-unknown": _set("verdict", "certainly"),
    "seconds-a-string": _set("seconds", "fast"),
    "seconds-negative": _set("seconds", -1.0),
    "seconds-a-bool": _set("evidence", "numeric", "seconds", True),
    "summary-a-dict": _set("evidence", "numeric", "summary", {"a": 1}),
    "details-a-list": _set("evidence", "numeric", "details", [1, 2]),
    "details-a-nan": _set("evidence", "numeric", "details", "x", float("nan")),
    "checker-renamed": _set("evidence", "numeric", "checker", "symbolic"),
    "counterexample-point-a-list": _set("evidence", "numeric", "counterexample", "at", [1, 2]),
    "counterexample-a-string": _set("evidence", "numeric", "counterexample", "x=1"),
    "counterexample-without-rhs": _drop("evidence", "numeric", "counterexample", "rhs"),
    "refutation-without-counterexample": _set("evidence", "numeric", "counterexample", None),
    "format-true": _set("format", True),
    "format-float": _set("format", float(cache.FORMAT)),
    "another-key": _set("key", "0" * 64),
    "another-claim": _set("claim", "tanh-prime"),
    "checker-missing": _drop("evidence", "numeric"),
    "report-missing": _drop("report"),
    "extra-field": _set("trusted", True),
}
RAW_FORGERIES = {
    "deep-nesting": b"[" * 200_000 + b"]" * 200_000,
    "not-utf8": b'{"format": 2, "key": "\xff\xfe"}',
    "not-json": b"{not json",
    "too-big": b" " * (9 * 1024 * 1024) + b"{}",
    "empty": b"",
}


@pytest.mark.parametrize("damage", [*FORGERIES, *RAW_FORGERIES])
def test_a_forged_or_mistyped_entry_is_a_miss_never_a_crash(refuted_entry, tmp_path, damage):
    claim, settings, folder, path = _entry_copy(refuted_entry, tmp_path)
    if damage in FORGERIES:
        entry = json.loads(path.read_text())
        FORGERIES[damage](entry)
        path.write_text(json.dumps(entry))
    else:
        path.write_bytes(RAW_FORGERIES[damage])
    report, hit = cache.cached_verify(claim, settings, folder)
    assert not hit and report.verdict == "refuted" and report.counterexample is not None
    assert json.dumps(report.as_dict())  # renders
    assert cache.cached_verify(claim, settings, folder)[1] is True  # rewritten


def test_an_edited_verdict_is_a_miss_but_a_consistent_forgery_is_trusted(refuted_entry, tmp_path):
    """What the checks on reading can and cannot do.

    Editing the verdict (refuted -> proved) with the key intact is a miss: the evidence and the
    report still say refuted. But keys are computed from public content, so an entry forged
    consistently (every checker's verdict, no counterexample, a matching report) is trusted: the
    cache folder must come from a trusted source. A MAC with its key in the same folder would not
    change this (whoever writes the folder reads the key). ``--no-cache`` (``use_cache=False``) is the way out.
    """
    from derivax.verification import ClaimReport

    claim, settings, folder, path = _entry_copy(refuted_entry, tmp_path)
    original = json.loads(path.read_text())
    for edit in (["verdict"], ["verdict", "report"], ["verdict", "report", "numeric"]):
        entry = json.loads(json.dumps(original))
        entry["verdict"] = "proved"
        if "report" in edit:
            entry["report"]["verdict"] = "proved"
            entry["report"]["counterexample"] = None
        if "numeric" in edit:
            entry["evidence"]["numeric"]["verdict"] = "confirmed"
        path.write_text(json.dumps(entry))
        report, hit = cache.cached_verify(claim, settings, folder)
        assert not hit and report.verdict == "refuted", edit
    # A forgery that agrees with itself, written with the cache's own code.
    good = cache.Evidence("symbolic", cache.Verdict.PROVED, "proved (forged)")
    forged = ClaimReport(
        claim, {"symbolic": good, "numeric": cache.Evidence("numeric", cache.Verdict.CONFIRMED, "forged")}, cache.Verdict.PROVED, 0.1
    )
    path.write_text(json.dumps(cache._entry(forged, original["key"])))
    report, hit = cache.cached_verify(claim, settings, folder)
    assert hit and report.verdict == "proved"  # trusted: the folder is part of what derivax trusts
    report, hit = cache.cached_verify(claim, settings, folder, use_cache=False)
    assert not hit and report.verdict == "refuted"


def test_a_manifest_with_a_claim_or_twin_removed_is_a_miss(project, capsys):
    files = [project / "a_claims.py", project / "b_claims.py"]
    settings = Settings(samples=64, examples=30, seed=0)
    _verify_json(capsys)  # loads the files here (manifests are per path) and remembers them
    cache.cached_verify(claims_from_file(files[0])[0].wrong_twins()[0], settings)
    assert [r.claim.id for r in cache.reports_without_loading(files, [], settings)] == ["tanh-prime", "sigmoid-prime", "wrong-tanh-sigmoid"]
    assert cache.reports_without_loading(files, ["tanh-prime"], settings, twins=True) is not None
    manifest = project / cache.CACHE_DIR / f"manifest-{cache._manifest_key(str(files[0].resolve()))}.json"
    original = json.loads(manifest.read_text())

    def write(change) -> None:
        entry = json.loads(json.dumps(original))
        change(entry)
        manifest.write_text(json.dumps(entry))

    write(lambda m: m["claims"].pop(1))  # sigmoid-prime
    assert cache.reports_without_loading(files, [], settings) is None
    assert cache.reports_without_loading(files, ["sigmoid-prime"], settings) is None
    assert set(_verify_json(capsys)) == {"tanh-prime", "sigmoid-prime", "wrong-tanh-sigmoid"}  # loaded, and healed:
    assert cache.reports_without_loading(files, [], settings) is not None
    write(lambda m: m["claims"][0]["twins"].clear())
    assert cache.reports_without_loading(files, ["tanh-prime"], settings, twins=True) is None
    for damage in (
        lambda m: m["claims"][0].update(id=5),
        lambda m: m["claims"][0].update(twins="plus"),
        lambda m: m["claims"][0]["twins"][0].update(twin_of="sigmoid-prime"),
        lambda m: m["claims"].append(dict(m["claims"][1])),
        lambda m: m.update(claims={"tanh-prime": {}}),
        lambda m: m.update(format=True),
    ):
        write(damage)
        assert cache.reports_without_loading(files, [], settings) is None


def test_the_engine_hash_covers_modules_imported_inside_functions():
    """Start-up keeps imports lazy (issue 18): the engine's hash still follows an import written inside a function."""
    names = {p.stem for p in cache._engine_files()}
    # verification and registry are the roots; these are reached through them, some only from inside functions.
    assert {"verification", "registry", "numeric", "symbolic", "property", "evaluate", "domains", "claims", "search", "interval"} <= names
    assert not names & {"cli", "cache", "parallel", "report", "grading"}, "front ends never re-check results"
    source = cache._analysed("digest", "def late():\n    from derivax import numeric\n    import derivax.search\n")
    assert {"derivax.numeric", "derivax.search"} <= set(source.imports)
