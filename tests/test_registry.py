"""The registry itself: unique ids, references, twins, domains, seed files."""

from __future__ import annotations

import pytest

from tests.conftest import REGISTRY


def test_ids_are_unique():
    ids = [c.id for c in REGISTRY]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_claim_is_fully_declared(claim):
    assert claim.refs, "every claim cites a book or paper"
    assert claim.twins, "every claim has at least one wrong twin"
    assert claim.title and claim.doc
    assert claim.target is not None, "grading needs the expression a student is asked to find"
    for twin in claim.wrong_twins():
        assert twin.why and twin.twin_of == claim.id


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_seed_references_exist(claim, seeds_dir):
    for name in claim.seeds:
        assert (seeds_dir / name).is_file(), f"{claim.id} cites a seed that is not there: {name}"


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_witness_is_not_the_lambdified_claim(claim):
    # The witness lives in the claim's module and is written in JAX, never produced by lambdify.
    assert claim.witness.__module__.startswith("derivax.derivations.") or claim.witness.__module__.startswith("derivax_user")
    assert claim.witness.__name__ != "_lambdifygenerated"


def test_listing_read_from_the_sources_is_the_loaded_library():
    """``derivax list`` reads ids and titles without importing the library: the same list, in the same order."""
    from derivax.cache import library_listing

    assert library_listing() == [(c.id, c.title) for c in REGISTRY]


@pytest.mark.parametrize(
    "source",
    [
        "def make():\n    return Claim(id='made', title='built in a function')\n\nMADE = make()\n",
        "TITLE = 'computed'\nC = Claim(id='c', title=TITLE + '!')\n",
        "A = Claim(id='a', title='one')\nB = Claim(id='a', title='the same id again')\n",
        "A = B = Claim(id='a', title='two names')\n",
    ],
    ids=["in-a-function", "computed-title", "repeated-id", "two-names"],
)
def test_listing_gives_up_on_a_claim_it_cannot_read_plainly(source, tmp_path, monkeypatch):
    from derivax import cache

    (tmp_path / "topic.py").write_text(source)
    monkeypatch.setattr(cache, "library_files", lambda: [tmp_path / "topic.py"])
    assert cache.library_listing() is None


def test_exact_iterates_are_built_when_checked_and_state_the_same_matrix():
    import sympy as sp

    from derivax.derivations import optimizers

    claim = optimizers.OPTIMIZER_ITERATES_SGD
    assert callable(claim.lhs) and not isinstance(claim.lhs, sp.Basic)
    (instance,) = claim.instances()
    assert instance.lhs == sp.ImmutableMatrix(optimizers._evaluated(optimizers.sgd_iterates()))
    ascent = claim.wrong_twins()[0].instances()[0]
    assert ascent.rhs == sp.ImmutableMatrix(optimizers._evaluated(optimizers.sgd_iterates(sign=+1)))
    assert ascent.rhs != instance.lhs
