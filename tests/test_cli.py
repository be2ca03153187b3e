"""The command line: exit codes, JSON shape, user files, messages without tracebacks."""

from __future__ import annotations

import json

import pytest

from derivax.cli import main
from tests.conftest import USER_CLAIMS


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "my_claims.py"
    path.write_text(USER_CLAIMS)
    return path


def test_list_prints_every_core_id(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for cid in ("softmax-ce-delta", "init-variance", "adam-bias-correction"):
        assert cid in out


def test_verify_json_shape(capsys):
    assert main(["verify", "weight-decay-factor", "--json", "--seed", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    (entry,) = data["claims"]
    assert entry["id"] == "weight-decay-factor" and entry["verdict"] == "proved"
    assert set(entry["checks"]) == {"symbolic", "numeric", "property"}
    assert entry["checks"]["numeric"]["rtol"] == 1e-8
    assert entry["counterexample"] is None


def test_user_file_true_and_false_claims(user_file, capsys):
    assert main(["verify", str(user_file), "--json", "--seed", "0"]) == 1
    by_id = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    assert by_id["tanh-prime"]["verdict"] == "proved"
    wrong = by_id["wrong-tanh-prime"]
    assert wrong["verdict"] == "refuted"
    assert wrong["counterexample"]["lhs"] != wrong["counterexample"]["rhs"]


def test_user_file_selects_by_id(user_file, capsys):
    assert main(["verify", str(user_file), "tanh-prime"]) == 0
    assert "1 of 1 claims hold" in capsys.readouterr().out


def test_twins_mode_succeeds_when_every_twin_is_refuted(user_file, capsys):
    assert main(["verify", str(user_file), "tanh-prime", "--twins", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["claims"]
    assert entry["id"] == "tanh-prime/plus" and entry["twin_of"] == "tanh-prime" and entry["verdict"] == "refuted"


def test_refutation_message_says_how_to_reproduce(user_file, capsys):
    assert main(["verify", str(user_file), "wrong-tanh-prime", "--seed", "7"]) == 1
    out = capsys.readouterr().out
    assert "wrong-tanh-prime refuted" in out and "my_claims.py wrong-tanh-prime --seed 7" in out  # with the claims file (session 53)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "no-such-claim"], "unknown claim id"),
        (["verify", "missing_file.py"], "no such file"),
        (["verify", "--samples", "0"], "samples=0 must be at least 1"),
        (["verify", "--checks", "numeric,magic"], "choose from symbolic, numeric, property"),
    ],
    ids=["unknown-id", "missing-file", "zero-samples", "unknown-checker"],
)
def test_usage_errors_exit_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_broken_user_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.py"
    bad.write_text("raise ValueError('oops')\n")
    assert main(["verify", str(bad)]) == 2
    assert "loading failed: ValueError: oops" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["--help"], ("sympy", "jax", "hypothesis", "rich", "lark")),
        (["list"], ("sympy", "jax", "hypothesis", "numpy")),
        (["check", "x + x = 2x"], ("jax", "hypothesis", "numpy", "matplotlib", "jinja2")),
    ],
    ids=["help", "list", "check-trivial"],
)
def test_light_commands_do_not_import_heavy_libraries(argv, absent):
    """Start-up: what a command imports is what it costs (the times are in benchmarks/startup.py)."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom derivax.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    loaded = set(json.loads(run.stdout.strip().splitlines()[-1].replace("'", '"')))
    assert not loaded & set(absent), f"derivax {' '.join(argv)} imports {sorted(loaded & set(absent))}"
