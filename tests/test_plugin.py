"""The pytest plugin: a user's claims as test items, failure text, JUnit XML, -k, xdist, off by default."""

from __future__ import annotations

import importlib.metadata
import textwrap
import xml.etree.ElementTree as ET

import pytest

import derivax.numeric  # noqa: F401  (JAX, in float64)
from tests.conftest import USER_CLAIMS

# JAX is imported above, before pytester's in-process runs: each run drops the modules it imported
# itself, and jaxlib's native extension aborts the process when it is imported a second time. (The
# library no longer imports JAX when it is loaded, so nothing else here would import it first.)

pytest_plugins = ["pytester"]

# Small settings keep the items fast; the glob finds the one claims file in the project's top folder.
PYPROJECT = '[tool.derivax]\nglob = "*.py"\nexamples = 30\nsamples = 64\n'
TRUE_ITEMS = ["tanh-prime::symbolic", "tanh-prime::numeric", "tanh-prime::property", "tanh-prime::twin::plus"]
FALSE_ITEMS = ["wrong-tanh-prime::symbolic", "wrong-tanh-prime::numeric", "wrong-tanh-prime::property"]


def _plugin() -> list[str]:
    """Load the plugin by its entry point name once installed (``-p derivax`` is then a no-op), else by module."""
    installed = any(ep.value == "derivax.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))
    return ["-p", "derivax" if installed else "derivax.pytest_plugin"]


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A temporary folder holding only a user's claims file (one true, one false claim) and a pyproject.toml."""
    pytester.makepyprojecttoml(PYPROJECT)
    pytester.makepyfile(my_claims=USER_CLAIMS)
    return pytester


def _collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line and not line.startswith(("=", "FAILED", "ERROR"))]


def test_items_fail_exactly_the_false_claim_with_its_counterexample(project):
    result = project.runpytest(*_plugin(), "--derivax", "--junitxml=out.xml")
    result.assert_outcomes(passed=len(TRUE_ITEMS), failed=len(FALSE_ITEMS))
    out = result.stdout.str()
    for checker in ("symbolic", "numeric", "property"):
        assert f"FAILED my_claims.py::wrong-tanh-prime::{checker} - refuted by {checker} at x=" in out
    result.stdout.fnmatch_lines(["refuted by numeric at x=* lhs=*, rhs=* (*)", "  claim wrong-tanh-prime: tanh' = 1 + tanh^2 (false)"])
    assert "reproduce: derivax verify my_claims.py wrong-tanh-prime --checks numeric --samples 64 --examples 30 --seed 0" in out
    # The failure text is the verdict, not a traceback into the engine.
    assert "Traceback" not in out and "verification.py" not in out and "def runtest" not in out

    suite = ET.parse(project.path / "out.xml").getroot()
    cases = {f"{c.get('classname')}::{c.get('name')}": c for c in suite.iter("testcase")}
    assert len(cases) == len(TRUE_ITEMS) + len(FALSE_ITEMS)
    failed = sorted(k for k, c in cases.items() if c.find("failure") is not None)
    assert failed == sorted(f"my_claims.wrong-tanh-prime::{c}" for c in ("symbolic", "numeric", "property"))
    message = cases["my_claims.wrong-tanh-prime::numeric"].find("failure").get("message")
    assert message.startswith("refuted by numeric at x=") and "lhs=" in message and "rhs=" in message


def test_item_ids_and_k_selection(project):
    result = project.runpytest(*_plugin(), "--derivax", "--collect-only", "-q")
    assert _collected(result) == [f"my_claims.py::{item}" for item in TRUE_ITEMS + FALSE_ITEMS]
    result = project.runpytest(*_plugin(), "--derivax", "--collect-only", "-q", "-k", "twin")
    assert _collected(result) == ["my_claims.py::tanh-prime::twin::plus"]
    result = project.runpytest(*_plugin(), "--derivax", "-k", "tanh-prime and numeric and not wrong", "-m", "derivax")
    result.assert_outcomes(passed=1, deselected=6)


def test_x_stops_at_the_first_failure(project):
    result = project.runpytest(*_plugin(), "--derivax", "-x", "-k", "symbolic")
    result.assert_outcomes(passed=1, failed=1)


def test_plugin_is_off_by_default(project):
    result = project.runpytest(*_plugin())
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert "tanh" not in result.stdout.str()


def test_pyproject_turns_it_on(project):
    project.makepyprojecttoml(PYPROJECT + "derivax = true\n")
    result = project.runpytest(*_plugin(), "--collect-only", "-q")
    assert len(_collected(result)) == len(TRUE_ITEMS) + len(FALSE_ITEMS)


def test_default_glob_joins_testpaths_and_explicit_paths_restrict(pytester):
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n[tool.derivax]\nderivax = true\n')
    (pytester.path / "derivations").mkdir()
    (pytester.path / "derivations" / "calculus.py").write_text(USER_CLAIMS)
    (pytester.path / "derivations" / "_helpers.py").write_text("HELPER = 1\n")  # no claims: no items, no error
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_plain.py").write_text("def test_ok():\n    pass\n")
    collected = _collected(pytester.runpytest(*_plugin(), "--collect-only", "-q"))
    assert collected[0] == "tests/test_plain.py::test_ok"
    assert collected[1:] == [f"derivations/calculus.py::{item}" for item in TRUE_ITEMS + FALSE_ITEMS]
    assert _collected(pytester.runpytest(*_plugin(), "--collect-only", "-q", "tests")) == ["tests/test_plain.py::test_ok"]


def test_twin_item_fails_when_the_twin_is_not_refuted(pytester):
    pytester.makepyprojecttoml('[tool.derivax]\nglob = "*.py"\nchecks = ["symbolic"]\n')
    pytester.makepyfile(
        weak=USER_CLAIMS.split("WRONG =")[0].replace('Twin("plus", "sign flipped", rhs=1 + ', 'Twin("same", "not wrong at all", rhs=1 - ')
    )
    result = pytester.runpytest(*_plugin(), "--derivax")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["not refuted (verdict proved): no checker tells wrong twin 'same' of tanh-prime from the claim"])


def test_undecided_checker_skips_with_its_reason_and_strict_fails(pytester):
    pytester.makepyprojecttoml('[tool.derivax]\nglob = "*.py"\nchecks = ["symbolic", "numeric"]\nsamples = 32\n')
    far_out = USER_CLAIMS.split("TANH_PRIME =")[0] + textwrap.dedent(
        """
        FAR_OUT = Claim(
            id="far-out", title="x > 10 implies x^2 > 100", symbols=(x,),
            given=sp.Gt(X, 10), lhs=X**2, rel=">", rhs=sp.Integer(100),
            witness=lambda x: x, refs=("arithmetic",),
        )
        """
    )
    pytester.makepyfile(far=far_out)
    result = pytester.runpytest(*_plugin(), "--derivax", "-rs")
    result.assert_outcomes(skipped=2)
    # Reported at the claim's declaration (far.py line 9), not inside the plugin.
    assert "SKIPPED [1] far.py:9: far-out::numeric undecided: no sampled point satisfied the hypothesis" in result.stdout.str()
    result = pytester.runpytest(*_plugin(), "--derivax", "--derivax-strict")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["undecided (--derivax-strict): no sampled point satisfied the hypothesis*", "  claim far-out: *"])


def test_broken_claims_file_is_a_collection_error_without_traceback(pytester):
    pytester.makepyprojecttoml('[tool.derivax]\nglob = "*.py"\n')
    pytester.makepyfile(bad="raise ValueError('oops')\n")
    result = pytester.runpytest(*_plugin(), "--derivax")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    out = result.stdout.str()
    assert "loading failed: ValueError: oops" in out and "Traceback" not in out


def test_bad_settings_in_pyproject_are_a_usage_error(pytester):
    pytester.makepyprojecttoml("[tool.derivax]\nderivax = true\nsamples = 0\n")
    result = pytester.runpytest(*_plugin())
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "samples=0 must be at least 1" in result.stderr.str()


def test_second_run_reads_the_cache(project):
    project.runpytest(*_plugin(), "--derivax", "-k", "symbolic")
    result = project.runpytest(*_plugin(), "--derivax", "-k", "symbolic", "--junitxml=out.xml")
    result.assert_outcomes(passed=1, failed=1)
    assert "(result from .derivax_cache/; --derivax-no-cache re-checks)" in result.stdout.str()
    props = [p.get("value") for p in ET.parse(project.path / "out.xml").getroot().iter("property") if p.get("name") == "cached"]
    assert props == ["true", "true"]
    result = project.runpytest(*_plugin(), "--derivax", "-k", "symbolic", "--derivax-no-cache")
    assert "result from .derivax_cache" not in result.stdout.str()


def test_xdist_workers_collect_the_same_items(project):
    result = project.runpytest_subprocess(*_plugin(), "--derivax", "-n", "2", "-k", "symbolic", "--junitxml=out.xml")
    result.assert_outcomes(passed=1, failed=1)
    assert len(list(ET.parse(project.path / "out.xml").getroot().iter("testcase"))) == 2


def test_entry_point_loads_it_and_a_project_without_claims_stays_light(pytester, monkeypatch):
    """Through the pytest11 entry point (a stand-in dist-info here), with no claims: no SymPy, no JAX."""
    dist = pytester.path / "site" / "derivax_plugin_probe-0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: derivax-plugin-probe\nVersion: 0\n")
    (dist / "entry_points.txt").write_text("[pytest11]\nderivax = derivax.pytest_plugin\n")
    monkeypatch.setenv("PYTHONPATH", str(dist.parent))
    pytester.makepyprojecttoml("[tool.derivax]\nderivax = true\n")
    pytester.makepyfile(test_plain="def test_ok():\n    pass\n")
    pytester.makeconftest(
        "import sys\n\n"
        "def pytest_sessionfinish(session):\n"
        "    heavy = sorted(m for m in ('jax', 'sympy') if m in sys.modules)\n"
        "    open('heavy.txt', 'w').write(','.join(heavy))\n"
    )
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=1)
    assert (pytester.path / "heavy.txt").read_text() == ""
    result = pytester.runpytest_subprocess("--help")
    assert "--derivax-glob" in result.stdout.str()
