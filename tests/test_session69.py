"""Session 69: the trust of verdicts that rest on time, extremes off the solver's reach, mixed-precision roundings.

Each rule here has its wrong twin: a false claim refuted (or flagged) beside the true one it must not touch.
"""

from derivax import indices
from derivax.latex import parse
from tests.judged import verdict_of

# --- a bound over sums is never confirmed without its larger sizes (CI of stop 79: probe helper-192 F39 on a loaded
# machine) ------------------------------------------------------------------------------------------------------------


class _FakeClock:
    """indices' CPU clock, put forward by ``jump`` seconds from the moment :meth:`jump_now` is called."""

    def __init__(self):
        self.offset = 0.0
        self.real = indices.clock

    def __call__(self):
        return self.real() + self.offset

    def jump_now(self, seconds=1e7):
        self.offset += seconds


def _judged_with_time_gone(monkeypatch, relation, at):
    """check_with_indices on ``relation``, its clock put past every deadline at ``at``: "sizes" (the sixth size's
    comparison) or "larger" (the larger sizes' probe)."""
    fake = _FakeClock()
    monkeypatch.setattr(indices, "clock", fake)
    if at == "sizes":
        original = indices._instances

        def instances(*args, **kwargs):
            for instance in original(*args, **kwargs):
                if instance[0] == 6:  # the sixth size finds no time left: the five before it stand
                    fake.jump_now()
                yield instance

        monkeypatch.setattr(indices, "_instances", instances)
    else:
        larger = indices._larger_sizes_hold

        def hold(*args, **kwargs):
            fake.jump_now()
            return larger(*args, **kwargs)

        monkeypatch.setattr(indices, "_larger_sizes_hold", hold)
    statement = parse(relation).expr
    return indices.check_with_indices(statement.lhs, statement.rhs, [], 0, 3600.0, rel=statement.rel_op)


def test_sizes_cut_short_still_meet_the_larger_sizes(monkeypatch):
    # n = 1..5 hold (sum <= 25 max), the sixth size cut short: the larger sizes are tried all the same, and n = 100 fails
    larger, refuted = indices._larger_sizes_hold, []

    def hold(*args, **kwargs):
        try:
            return larger(*args, **kwargs)
        except indices._Refuted as failure:
            refuted.append(failure.message)
            raise

    monkeypatch.setattr(indices, "_larger_sizes_hold", hold)
    found = _judged_with_time_gone(monkeypatch, r"\sum_{i=1}^n r_i^2 \le 25 \max_i r_i^2", "sizes")
    assert found.status != "ok"  # (undecided: the one-hot hedge after the failure has no time left)
    assert refuted and "n = 100" in refuted[0]


def test_the_true_bound_cut_short_at_the_sixth_size_stands(monkeypatch):
    # (the twin: a bound that holds at every size is still ok with its five whole sizes, the larger ones met)
    found = _judged_with_time_gone(monkeypatch, r"\sum_{i=1}^n r_i^2 \le n \max_i r_i^2", "sizes")
    assert found.status == "ok"
    assert "not reached" in found.message


def test_the_same_bound_with_time_is_ok_and_its_twin_wrong():
    assert verdict_of(r"\left(\sum_{i=1}^n x_i\right)^2 \le n \sum_{i=1}^n x_i^2") in ("proved", "confirmed")
    statement = parse(r"\left(\sum_{i=1}^n x_i\right)^2 \le 6 \sum_{i=1}^n x_i^2").expr
    found = indices.check_with_indices(statement.lhs, statement.rhs, [], 0, 60.0, rel=statement.rel_op)
    assert found.status != "ok" and "n = 8" in found.message  # holds to n = 6, fails at n = 7 (probe helper-188 F25)


def test_the_same_expression_on_both_sides_skips_the_larger_sizes(monkeypatch):
    # seed 001:49's double sum (its definition put in) took 2.7 s of its 3 s at n = 24: nothing to learn there
    called = []
    monkeypatch.setattr(indices, "_instantiated", lambda *a, **k: called.append(1) or [])
    statement = parse(r"\sum_{x} \sum_{k} y_k \ln t = \sum_{x} \sum_{k} y_k \ln t").expr
    found = indices.check_with_indices(statement.lhs, statement.rhs, [], 0, 30.0)
    assert found is None or found.status == "ok"
    assert not called  # (the larger sizes' probe instantiates the conditions at each size it tries)
