"""The engine's parts on small hand-made claims: verdicts, evidence, messages."""

from __future__ import annotations

import contextlib

import jax
import jax.numpy as jnp
import pytest
import sympy as sp

from derivax import CI, Claim, ClaimError, Interval, Settings, SettingsError, Sym, Twin, Verdict, verify
from derivax.domains import DomainError, Vec
from derivax.evidence import Evidence, undecided
from derivax.verification import combine

x = Sym("x", typical=(-2.0, 2.0))
X = x.symbol


def _square_claim(**changes):
    fields = dict(
        id="square-derivative",
        title="d/dx x^2 = 2x",
        symbols=(x,),
        lhs=sp.Derivative(X**2, X),
        rhs=2 * X,
        witness=lambda x: jax.grad(lambda t: t**2)(x),
        refs=("calculus",),
        twins=(Twin("no-two", "the factor 2 is lost", rhs=X),),
        target=2 * X,
        doc="A test claim.",
    )
    fields.update(changes)
    return Claim(**fields)


def test_true_claim_is_proved_with_evidence():
    report = verify(_square_claim(), CI)
    assert report.verdict is Verdict.PROVED
    numeric = report.evidence["numeric"].as_dict()
    assert numeric["rtol"] == CI.rtol and numeric["samples"] == CI.samples
    assert numeric["max_abs_error"] < 1e-12


def test_twin_is_refuted_by_each_checker():
    report = verify(_square_claim().wrong_twins()[0], CI)
    assert report.verdict is Verdict.REFUTED
    for name in ("symbolic", "numeric", "property"):
        ev = report.evidence[name]
        assert ev.verdict is Verdict.REFUTED, ev.summary
        assert ev.counterexample.lhs != ev.counterexample.rhs


def test_property_counterexample_is_shrunk():
    ce = verify(_square_claim().wrong_twins()[0], Settings(checks=("property",), seed=0)).counterexample
    assert ce.at == {"x": 1.0} or abs(ce.at["x"]) <= 1.0  # Hypothesis shrinks towards simple values


def test_a_crashing_witness_is_undecided_not_refuted():
    def broken(x):
        raise RuntimeError("boom")

    report = verify(_square_claim(witness=broken), Settings(checks=("numeric",), seed=0))
    assert report.evidence["numeric"].verdict is Verdict.UNDECIDED
    assert "boom" in report.evidence["numeric"].summary
    assert report.verdict is Verdict.UNDECIDED


def test_a_witness_that_disagrees_refutes():
    report = verify(_square_claim(witness=lambda x: 2 * x + 1e-3), Settings(checks=("numeric",), seed=0))
    assert report.verdict is Verdict.REFUTED


def test_unprovable_statement_is_undecided_not_refuted():
    # Valid but beyond the cascade: SymPy may not simplify it, and no point refutes it.
    u = Sym("u", domain=Interval.open(0, sp.oo), typical=(0.1, 3.0))
    U = u.symbol
    claim = _square_claim(
        symbols=(u,),
        lhs=sp.Sum(1 / (sp.Symbol("k", integer=True, positive=True) * U + 1) ** 2, (sp.Symbol("k", integer=True, positive=True), 1, sp.oo)),
        rhs=sp.polygamma(1, 1 + 1 / U) / U**2,
        witness=lambda u: jnp.sum(1 / (jnp.arange(1, 200001) * u + 1) ** 2),
        rtol=1e-4,
    )
    report = verify(claim, Settings(checks=("symbolic",), seed=0, timeout_s=5))
    assert report.evidence["symbolic"].verdict in (Verdict.PROVED, Verdict.UNDECIDED)
    assert report.verdict is not Verdict.REFUTED


def test_monte_carlo_tolerance_is_reported():
    def noisy(x, key):
        draws = 2 * x + 0.1 * jax.random.normal(key, (2000,))
        return draws.mean(), draws.std() / jnp.sqrt(2000)

    report = verify(_square_claim(lhs=2 * X, witness=noisy), Settings(checks=("numeric",), seed=3))
    ev = report.evidence["numeric"]
    assert ev.verdict is Verdict.CONFIRMED, ev.summary
    assert ev.details["max_standard_error"] > 0 and "Monte-Carlo" in ev.summary


def test_implication_needs_points_in_the_hypothesis():
    claim = _square_claim(id="never", given=sp.Gt(X, 10), lhs=X, rel=">", rhs=0, witness=lambda x: x)
    ev = verify(claim, Settings(checks=("numeric",), seed=0)).evidence["numeric"]
    assert ev.verdict is Verdict.UNDECIDED and "hypothesis" in ev.summary


def test_vector_claim_needs_sizes():
    with pytest.raises(ClaimError, match="sizes="):
        _square_claim(symbols=(Vec("z"),))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Sym("t", domain=sp.Range(1, 41), typical=(50, 60)), r"t: typical=\(50, 60\) lies outside its domain"),
        (lambda: Sym("b", domain=Interval.open(0, 1), typical=(1, 0)), r"typical=\(1, 0\) is empty"),
        (lambda: Settings(samples=0), r"samples=0 must be at least 1. To skip sampling, drop 'numeric'"),
        (lambda: Settings(checks=("magic",)), r"checks=\('magic',\): choose from symbolic, numeric, property"),
        (lambda: _square_claim(id="Bad Id"), "kebab-case"),
        (lambda: _square_claim(refs=()), "at least one reference"),
        (lambda: _square_claim(rel="~"), r"rel='~'; use one of"),
    ],
    ids=["typical-outside-domain", "empty-box", "no-samples", "unknown-checker", "bad-id", "no-refs", "bad-relation"],
)
def test_declaration_errors_say_what_to_do(make, message):
    with pytest.raises((DomainError, SettingsError, ClaimError), match=message):
        make()


def test_symbol_domain_gives_assumptions_and_samples_inside():
    import numpy as np

    beta = Sym("beta", r"\beta", domain=Interval.open(0, 1), typical=(0.5, 1.0))
    assert beta.symbol.is_positive
    values = beta.sample(np.random.default_rng(0), 500)
    assert values.min() >= 0.5 and values.max() < 1.0
    t = Sym("t", domain=sp.Range(1, 41), typical=(1, 40))
    assert t.symbol.is_integer
    assert set(t.sample(np.random.default_rng(0), 500)) <= set(range(1, 41))
    w = Sym("w", domain=Interval(-sp.oo, -4) | Interval(4, sp.oo), typical=(-8, 8))
    assert (np.abs(w.sample(np.random.default_rng(0), 500)) >= 4).all()


def test_combine_rules():
    ok = Evidence("numeric", Verdict.CONFIRMED, "")
    assert combine({"symbolic": Evidence("symbolic", Verdict.PROVED, ""), "numeric": ok}) is Verdict.PROVED
    assert (
        combine({"symbolic": undecided("symbolic", "?"), "numeric": ok, "property": Evidence("property", Verdict.CONFIRMED, "")})
        is Verdict.CONFIRMED
    )
    assert combine({"symbolic": undecided("symbolic", "?"), "numeric": undecided("numeric", "?")}) is Verdict.UNDECIDED
    with pytest.raises(ValueError, match="counterexample"):
        Evidence("numeric", Verdict.REFUTED, "no values")


def test_time_limits_nest():
    import time

    from derivax.limits import TimeLimitExceeded, time_limit

    def busy(seconds: float) -> None:  # the limits count CPU time: sleeping spends none
        began = time.process_time()
        while time.process_time() - began < seconds:
            pass

    with pytest.raises(TimeLimitExceeded), time_limit(0.3):
        with time_limit(5):  # the inner limit may not extend the outer one
            busy(1)
    with time_limit(2):
        with pytest.raises(TimeLimitExceeded), time_limit(0.1):
            busy(1)
        busy(0.05)  # the outer limit still runs afterwards, and has time left
    with time_limit(0.2):
        time.sleep(0.4)  # waiting is no work: a limit counts this process's CPU seconds (the same under any load)


@pytest.mark.parametrize("seed", [0, 1, 7919])
def test_keys_split_through_one_compiled_split_are_jaxs_own(seed):
    """derivax.numeric splits every count through one compiled split: the keys must be jax.random.split's, bit for bit."""
    import numpy as np

    from derivax.numeric import _split

    jax.config.update("jax_enable_x64", True)
    key = jax.random.PRNGKey(seed)
    for count in (1, 2, 16, 28, 85, 128, 255, 256, 257, 600):
        assert np.array_equal(np.asarray(_split(key, count)), np.asarray(jax.random.split(key, count))), count


def test_property_search_leaves_the_global_prngs_alone_and_finds_the_same_example():
    """Hypothesis reseeds random and NumPy's global PRNG per example; the property checker skips that (its
    condition draws from neither), which must change no example found, and other callers keep the reseeding."""
    import random as pyrandom

    from hypothesis import find, settings
    from hypothesis import strategies as st

    from derivax.property import _global_prngs_left_alone

    config = settings(max_examples=200, database=None, deadline=None)
    seen: list[float] = []

    def condition(v: float) -> bool:
        seen.append(pyrandom.random())
        return v > 10.5

    plain = find(st.floats(0, 100), condition, settings=config, random=pyrandom.Random(3))
    assert len(set(seen)) == 1, "Hypothesis reseeds the global PRNG before each example"
    seen.clear()
    with _global_prngs_left_alone():
        quiet = find(st.floats(0, 100), condition, settings=config, random=pyrandom.Random(3))
    assert quiet == plain
    assert len(set(seen)) == len(seen) > 1, "not reseeded inside"
    seen.clear()
    assert find(st.floats(0, 100), condition, settings=config, random=pyrandom.Random(3)) == plain
    assert len(set(seen)) == 1, "reseeded again outside"


def test_property_examples_depend_on_the_seed_alone_not_on_the_modules_loaded(monkeypatch):
    """Hypothesis mixes in numbers written in the local modules loaded so far, so the same seed gave another
    example (and a twin another counterexample) with --jobs 1 than in a worker with --jobs 2. Inside the
    property checker's switch it draws none: a constant "loaded" since changes nothing there, and outside it does."""
    import random as pyrandom

    from hypothesis import find, settings
    from hypothesis import strategies as st
    from hypothesis.internal.conjecture import providers

    from derivax.property import _global_prngs_left_alone

    config = settings(max_examples=300, database=None, deadline=None)

    def examples(switched: bool) -> list[float]:
        seen: list[float] = []

        def condition(v: float) -> bool:
            seen.append(v)
            return False

        with _global_prngs_left_alone() if switched else contextlib.nullcontext():
            try:
                find(st.floats(-1000, 1000), condition, settings=config, random=pyrandom.Random(5))
            except Exception:  # NoSuchExample: nothing satisfies the condition, as intended
                pass
        return seen

    before = examples(True)
    loaded = providers.Constants(integers=set(), floats={777.125}, bytes=set(), strings=set())
    monkeypatch.setattr(providers, "_local_constants", loaded)  # as if a module with only this number were loaded
    monkeypatch.setattr(providers, "_sys_modules_len", len(__import__("sys").modules))  # and nothing new since
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        assert examples(True) == before and 777.125 not in before
        assert 777.125 in examples(False), "outside the switch Hypothesis draws the loaded constant"
    finally:
        providers.CONSTANTS_CACHE.cache.clear()


def test_a_rational_function_in_the_exponentials_is_zero_by_its_numerator_or_by_cancel():
    """The numerator over one denominator expanding to 0 proves it (no gcd needed); anything else is cancel's to decide, as before."""
    from derivax.symbolic import _exp_atoms_as_symbols, _rational_zero, zero_by

    zs = sp.symbols("z1:4", real=True)
    total = sum(sp.exp(z) for z in zs)
    # d/dz1 of -log(softmax_1) against a_1 - 1: zero, with the exponentials as positive symbols
    delta = sp.diff(-sp.log(sp.exp(zs[0]) / total), zs[0]) - (sp.exp(zs[0]) / total - 1)
    assert zero_by(delta) == "rational function in the exponentials"
    assert _rational_zero(_exp_atoms_as_symbols(delta))
    assert not _rational_zero(_exp_atoms_as_symbols(delta + sp.exp(zs[1]) / total))
    x = sp.Symbol("x", positive=True)
    assert _rational_zero((x**2 - 1) / (x + 1) - (x - 1)) and not _rational_zero(1 / (x + 1) - 1 / x)
