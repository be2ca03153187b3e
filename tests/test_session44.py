"""Session 44: verdicts and errors that depended on how busy the machine was (CI on 2 loaded cores), each made
deterministic at its cause and tested by simulating the lost time."""

from __future__ import annotations

import pytest

from derivax.assignment import ContextFileError


def _verdict(statement: str) -> str:
    from derivax.judge import check_statement
    from derivax.latex import parse

    return check_statement(parse(statement), [], timeout_s=10).verdict.name


@pytest.mark.parametrize(
    ("statement", "holds"),
    [
        ("(x - e^{-x})^4 > 10^{-40}", False),  # false only within 10^{-10} of x = W(1) = 0.567...
        ("(x - e^{-x})^4 \\ge 0", True),
    ],
)
def test_landmarks_cut_short_early_are_tried_again_later(monkeypatch, statement, holds):
    """The early landmark pass has at most 0.5 s of CPU; on a loaded machine it ran out before solving x = e^{-x},
    and the later pass skipped the landmarks as done: the false statement was confirmed (CI, stop 57)."""
    from derivax import compare, slivers

    def starved(lhs, rhs, symbols, fixed, seconds, *args, **kwargs):
        return slivers.landmark_points(lhs, rhs, symbols, fixed, 1e-4 if seconds <= 0.5 else seconds, *args, **kwargs)

    monkeypatch.setattr(compare, "landmark_points", starved)
    assert _verdict(statement) in (("PROVED", "CONFIRMED") if holds else ("REFUTED",))


def _late(reading: str):
    """A stand-in for ``parse`` that, like a second reading given up inside ``parse``, swallows the expiry of the
    enclosing limit and then hands back ``reading``."""
    from derivax.latex import parse
    from derivax.limits import TimeLimitExceeded, clock

    def late(text: str):
        began = clock()
        while True:
            try:
                while clock() - began < 0.2:
                    pass
                break
            except TimeLimitExceeded:
                continue
        return parse(reading)

    return late


@pytest.mark.parametrize("reading", ["x", "x > 0"])  # a lesser reading that errs, and one that reads
def test_a_reading_past_the_context_files_limit_is_overtime(monkeypatch, reading):
    from derivax import assignment

    monkeypatch.setattr(assignment, "parse", _late(reading))
    with pytest.raises(ContextFileError, match="took over"):  # was "'x_{1} > 1' is not a condition" (CI, fbe5cbb)
        assignment.read_assignment({"assumptions": ["x_{1} > 1"]}, "slow.yaml", max_seconds=0.05)


def test_a_context_file_within_its_limit_reads():
    from derivax.assignment import read_assignment

    assert len(read_assignment({"assumptions": ["x > 0", "y < 1"]}, "quick.yaml").assumptions) == 2
