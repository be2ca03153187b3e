"""The result cache: warm runs reuse results, edits re-check only what changed, corrupt entries are misses."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from checks import cache, verification
from checks.cli import _parser, main
from checks.registry import claims_from_file
from checks.settings import Settings

A_FILE = textwrap.dedent(
    """
    import jax
    import sympy as sp
    from checks import Claim, Sym, Twin

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
    from checks import Claim, Sym

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
    assert "wrong-tanh-sigmoid refuted by" in "\n".join(table) and "Reproduce: derivax verify wrong-tanh-sigmoid" in "\n".join(table)


def test_editing_one_claim_rechecks_that_claim_only(project, capsys):
    a = project / "a_claims.py"
    a.write_text(A_FILE.replace("sigma' = sigma (1 - sigma)", "the sigmoid's derivative"))
    cached = {i: c["cached"] for i, c in _verify_json(capsys).items()}
    assert cached == {"tanh-prime": True, "sigmoid-prime": False, "wrong-tanh-sigmoid": True}
    # A helper the file's claims share: both of its claims are re-checked, the other file's are not.
    a.write_text(a.read_text().replace("# shared by both claims of this file", "# the witness: autodiff"))
    cached = {i: c["cached"] for i, c in _verify_json(capsys).items()}
    assert cached == {"tanh-prime": False, "sigmoid-prime": False, "wrong-tanh-sigmoid": True}
    assert all(_verify_json(capsys)[i]["cached"] for i in cached)


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
