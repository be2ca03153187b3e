"""The engine's shape: one-way imports between stages, one namespace, and an installable wheel.

Stages (README, "Layout"): a module may import, at module level, only modules of its own or an
earlier stage, so data flows one way: read -> relation/claim/document -> checkers -> verdict -> output.
Imports inside functions (kept lazy so that start-up stays light) are outside this rule.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = [
    # 0: values and limits that everything shares
    {
        "settings",
        "calculus",
        "evidence",
        "limits",
        "domains",
        "inputlimits",
        "atomicio",
        "outnames",
        "isolation",
        "safeload",
        "codegen",
        "workerpool",
        "cluster",
    },
    # 1: reading: claims, LaTeX, documents
    {"claims", "fastparse", "latex", "documents", "context", "assignment", "written"},
    # 2: evaluation, search and interval arithmetic
    {"evaluate", "search", "interval", "common_roots", "optima", "realeval", "sampling", "setsolve", "digits", "hidden", "merging"}
    | {"infinity", "sumbounds"},
    # 3: checkers and the comparison kernel
    {
        "claimreport",
        "judge",
        "symbolic",
        "numeric",
        "property",
        "compare",
        "slivers",
        "family_instances",
        "solutions",
        "implications",
        "premise_hunt",
        "recurrences",
        "indices",
        "extremes",
        "expectations",
        "matrix_recurrences",
        "matrices",
        "substitution",
        "systems",
    },
    # 4: verification, the library, the cache, equivalence
    {"verification", "registry", "cache", "equiv"},
    # 5: grading, steps, verifying in worker processes
    {"grading", "steps", "answerkeys", "parallel"},
    # 6: output
    {"tex", "report", "feedback", "report_steps", "plots", "gradebook", "classview", "html", "progress"},
    # 7: front ends
    {"cli", "pytest_plugin", "__init__"},
]
STAGE = {name: number for number, names in enumerate(STAGES) for name in names}


def _module_level_imports(path: Path) -> set[str]:
    """The derivax modules a file imports at module level (``from derivax import x`` counts as x)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "derivax":
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("derivax.")}
    return found


def test_every_engine_module_has_a_stage():
    modules = {p.stem for p in (ROOT / "checks").glob("*.py")}
    assert modules == set(STAGE), f"place new modules in a stage: {sorted(modules ^ set(STAGE))}"


@pytest.mark.parametrize("module", sorted(STAGE))
def test_imports_go_to_earlier_stages_only(module):
    later = {m for m in _module_level_imports(ROOT / "checks" / f"{module}.py") if STAGE.get(m, 99) > STAGE[module]}
    assert not later, f"{module} (stage {STAGE[module]}) imports later stages: {sorted(later)}"
    assert "derivations" not in _module_level_imports(ROOT / "checks" / f"{module}.py"), "the engine never names the library"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the tracked files")
def test_the_wheel_installs_beside_a_project_with_its_own_checks_and_derivations(tmp_path):
    """In a fresh virtual environment, in a folder with its own checks/ and derivations/ packages:
    plain pytest runs the project's own tests, derivax lists the built-in library, import derivax works."""
    if os.environ.get("DERIVAX_SKIP_WHEEL_TEST"):
        pytest.skip("DERIVAX_SKIP_WHEEL_TEST is set")
    wheel_dir = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],  # setuptools from PyPI
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheel_dir.glob("derivax-*.whl")
    venv = tmp_path / "venv"
    # The venv sees the packages already installed here (SymPy, JAX ...), so nothing is downloaded.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall", "-q", str(wheel)], check=True, timeout=300)
    project = tmp_path / "project"
    for package in ("checks", "derivations"):
        (project / package).mkdir(parents=True)
        (project / package / "__init__.py").write_text(f"WHO = 'the user\\'s own {package}'\n")
    (project / "test_own.py").write_text(
        textwrap.dedent(
            """
            import checks, derivations
            def test_own_packages():
                assert checks.WHO == "the user's own checks" and derivations.WHO == "the user's own derivations"
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    pytest_command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    run = subprocess.run(pytest_command, cwd=project, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    listed = subprocess.run([str(venv / "bin" / "derivax"), "list"], cwd=project, capture_output=True, text=True, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "sigmoid-derivative" in listed.stdout and "softmax-ce-delta" in listed.stdout
    probe = "import derivax, derivax.derivations; from derivax import Claim, Sym, Twin; print(derivax.__file__)"
    imported = subprocess.run([str(python), "-c", probe], cwd=project, capture_output=True, text=True, env=env)
    assert imported.returncode == 0, imported.stderr
    assert str(venv) in imported.stdout, "the wheel's derivax, not the checkout's"
