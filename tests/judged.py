"""How the session test files judge their inputs: as ``derivax check`` and ``derivax steps`` do, with fixed seeds."""

from __future__ import annotations

from derivax.judge import checked_within
from derivax.latex import functions_named, parse, values_in
from derivax.steps import check_document


def verdict_of(relation: str, *assume: str) -> str:
    """The verdict ``derivax check`` gives: a name the assumptions write alone is a number in the relation too."""
    assumptions = [parse(a) for a in assume]
    with functions_named(frozenset(), values_in(assumptions)):
        statement = parse(relation)
    return checked_within(statement, assumptions, timeout_s=10.0, seed=0).verdict.value


def plain_verdict_of(relation: str, *assume: str) -> str:
    """The kernel's verdict on the relation as read alone (no letter of the assumptions made a number before parentheses)."""
    return checked_within(parse(relation), [parse(a) for a in assume], timeout_s=10.0, seed=0).verdict.value


def steps_of(text: str, *, messages: bool = True, **options) -> list[tuple]:
    """Each step ``derivax steps`` finds: (line, status, left, right[, message])."""
    results = check_document(text, timeout_s=5.0, seed=0, **options)
    return [(r.line, r.status, r.left, r.right, r.message)[: 5 if messages else 4] for r in results]
