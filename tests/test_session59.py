"""Session 59: each fix with its twin (probe helpers 186-188 and what session 58 left)."""

from __future__ import annotations

import itertools
import json

import yaml

from derivax.cli import main

# --- exit statuses a CI gate reads (probe helper-182 F1, F17) -------------------------------------------------------


def test_equiv_batch_exits_1_where_a_pair_differs_and_0_where_every_pair_is_as_expected(tmp_path, capsys):
    pairs = [
        {"id": "same", "key": "(x+1)^2", "answer": "x^2 + 2x + 1"},
        {"id": "slip", "key": "(x+1)^2", "answer": "x^2 + 1"},
    ]
    path = tmp_path / "pairs.yaml"
    path.write_text(yaml.safe_dump(pairs))
    assert main(["equiv", "--batch", str(path), "--jobs", "0"]) == 1
    captured = capsys.readouterr()
    assert "slip: different" in captured.out and "1 of 2 pairs not as expected" in captured.err and "slip" in captured.err
    # the twin: the near miss is expected to differ (a regression table), so the batch passes
    pairs[1]["expected"] = "different"
    path.write_text(yaml.safe_dump(pairs))
    assert main(["equiv", "--batch", str(path), "--jobs", "0", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["as_expected"] for r in results] == [True, True]


def test_equiv_batch_a_bad_pair_or_a_bad_expected_fails_the_batch(tmp_path, capsys):
    path = tmp_path / "pairs.yaml"
    path.write_text(yaml.safe_dump([{"id": "a", "key": "x", "answer": "x"}, 17, {"id": "b", "key": "x", "answer": "x", "expected": "yes"}]))
    assert main(["equiv", "--batch", str(path), "--jobs", "0", "--json"]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["verdict"] for r in results] == ["equivalent", "undecided", "undecided"]
    assert "expected must be one of equivalent, different, undecided" in results[2]["reason"]


def test_steps_a_document_cut_short_by_its_time_limit_is_not_passed(tmp_path, capsys, monkeypatch):
    import derivax.steps

    clock = itertools.count(0, 100)  # every reading of the clock is 100 s later: the limit runs out after the first step
    monkeypatch.setattr(derivax.steps.time, "monotonic", lambda: next(clock))
    doc = tmp_path / "slow.md"
    doc.write_text("$$ 1 + 1 = 2 $$\n\n$$ 2 + 2 = 4 $$\n\n$$ 3 + 3 = 6 $$\n")
    assert main(["steps", str(doc), "--document-timeout", "150"]) == 1
    err = capsys.readouterr().err
    assert "steps not judged: the document's time limit of 150 s ran out" in err
    monkeypatch.setattr(derivax.steps.time, "monotonic", lambda: 0.0)  # the twin: in time, every step judged
    assert main(["steps", str(doc), "--document-timeout", "150"]) == 0
