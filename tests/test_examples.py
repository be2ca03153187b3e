"""The ready-to-copy examples: the paper with a planted error and its fixed twin, the CI workflow, the pre-commit hooks."""

from __future__ import annotations

from pathlib import Path

import yaml

from derivax.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "examples" / "paper"
PLANTED = r"\frac{-e^{-z}}"  # the inner derivative of e^{-z} with its sign lost


def _planted_line() -> int:
    (line,) = [n for n, text in enumerate((PAPER / "broken.tex").read_text().splitlines(), 1) if PLANTED in text]
    return line


def test_broken_paper_gets_one_annotation_at_the_planted_line(capsys):
    path = str(PAPER / "broken.tex")
    # A generous time limit: a loaded CI machine must not turn the wrong step into 'undecided'.
    assert main(["steps", path, "--format", "github", "--timeout", "30"]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={path},line={_planted_line()}::wrong step:")
    assert "lhs=" in errors[0] and "rhs=" in errors[0]


def test_fixed_paper_passes(capsys):
    assert main(["steps", str(PAPER / "fixed.tex"), "--format", "github", "--timeout", "30"]) == 0
    out = capsys.readouterr().out
    assert "::error" not in out and "0 wrong" in out


def test_papers_differ_only_around_the_planted_error():
    broken = (PAPER / "broken.tex").read_text().splitlines()
    fixed = (PAPER / "fixed.tex").read_text().splitlines()
    assert len(broken) == len(fixed)  # same lines, so the planted line means the same place in both
    differing = [n for n, (b, f) in enumerate(zip(broken, fixed, strict=True), 1) if b != f]
    assert _planted_line() in differing and PLANTED not in "\n".join(fixed)


def test_workflow_runs_the_plugin_and_the_steps_check():
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text())
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("pytest --derivax" in run for run in runs)
    assert any(run.startswith("derivax steps docs/ --format github") for run in runs)


def test_pre_commit_hooks_are_defined():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"derivax-verify", "derivax-steps"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
    assert hooks["derivax-verify"]["entry"] == "derivax verify" and hooks["derivax-steps"]["entry"] == "derivax steps"
