r"""Is a parsed relation true under assumptions, under every established reading of the input?

The decision itself is :func:`derivax.compare.compare` (one kernel for every command); this module
adds what a *statement* needs around it: the relations of a chain or of ``and`` (each must hold),
the assumptions as domains, and the readings of ambiguous notation (a verdict only where every
reading gives the same one).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax import documents
from derivax.calculus import ENTRY, conditions_of_each_entry, derivatives_done, sums_written_out
from derivax.codegen import undefined_functions
from derivax.compare import (
    UNDEFINED,
    compare,
    defined_nowhere,
    lost_names_defined_nowhere,
    products_judged,
    shapes_doubted,
    unknowns_as_symbols,
    where_written_defined,
)
from derivax.digits import Band, approximations_as_bounds, holds_within, rounding_band, significant_digits
from derivax.evidence import Counterexample, Judgement, Verdict, short
from derivax.extremes import by_size as extremes_by_size
from derivax.extremes import family_extremes
from derivax.implications import PREMISE_HOLDS_THERE, condition_side, follows_at_once, implies, relation_text, value_conditions
from derivax.indices import has_indices, indexed_judgement, relations_by_size
from derivax.latex import (
    CALLS_IN_ORDER,
    POSITIVE_BY_CUSTOM,
    LatexError,
    Parsed,
    alternative_readings,
    kind_of,
    parse,
    readings_of_parts,
    second_readings_of,
    two_fonts_doubt,
    with_reading,
)
from derivax.limits import TimeLimitExceeded, clock, time_limit
from derivax.realeval import evaluated, nnf, truth
from derivax.sampling import Domains, Sampler, contradiction, domains_from, first_whole_numbers, integer_symbols, point_json, shown_at
from derivax.written import has_written_matrix, written_arithmetic, written_matrix

__all__ = ["Domains", "Judgement", "check_statement", "checked_within", "domains_from", "equivalent_expressions", "holds_within"]

_REL_NAME = {
    sp.Equality: "==",
    sp.StrictLessThan: "<",
    sp.LessThan: "<=",
    sp.StrictGreaterThan: ">",
    sp.GreaterThan: ">=",
    sp.Unequality: "!=",
}


_HUNT = 0.4  # the share of an implication's time that the hunt for a thin counterexample gets before it is confirmed


def _holds(verdict: Verdict) -> str:
    return {Verdict.PROVED: "holds", Verdict.CONFIRMED: "holds"}.get(verdict, verdict.value)


def checked_within(statement: Parsed, assumptions: Iterable[Parsed] = (), *, timeout_s: float = 5.0, **options: Any) -> Judgement:
    """:func:`check_statement` whose whole work stops after ``timeout_s`` seconds of CPU, ``undecided`` past it (each
    part kept only its own share: an integral's closed form and quadratures at every point added up to 11 s of CPU
    for a 1 s limit, probe helper-121)."""
    start = clock()
    try:
        with time_limit(timeout_s):
            return check_statement(statement, assumptions, timeout_s=timeout_s, **options)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "none", f"timed out after {timeout_s:g} s of CPU", seconds=clock() - start)


def check_statement(
    statement: Parsed, assumptions: Iterable[Parsed] = (), sides: tuple[Parsed, Parsed] | None = None, **options: Any
) -> Judgement:
    """Is the relation true under the assumptions, under every established reading of the input? (:func:`_judged_as_read`)

    A letter written both in a font and plain (``\\mathbf{x} + x = 2x``) is one name to the reader and may be two to the
    writer (a vector and a scalar): a verdict that it holds is then ``undecided``; one that it fails stands (what fails
    with the two equal fails with them apart)."""
    found = _judged_as_read(statement, assumptions, sides, **options)
    if found.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        doubt = two_fonts_doubt(statement.text, *(side.text for side in sides or ()))
        if doubt:
            return Judgement(Verdict.UNDECIDED, "readings", f"{doubt} (as one, {found.describe()})", seconds=found.seconds)
    return found


def _judged_as_read(
    statement: Parsed, assumptions: Iterable[Parsed] = (), sides: tuple[Parsed, Parsed] | None = None, **options: Any
) -> Judgement:
    """Is the relation true under the assumptions, under every established reading of the input?

    Where notation has two readings (:func:`derivax.latex.alternative_readings`: ``I`` as a symbol
    or as the identity), each is judged; a verdict is given only if all readings agree, otherwise
    the result is ``undecided`` and names the readings and what each gave.

    An equation ``A = B`` holds where both sides are defined, and B must be defined wherever A is: one that
    holds but whose right side is not real on part of the left side's domain (``\\ln(x^2) = 2\\ln x``) is
    ``undecided`` (:func:`answer_loses_key_domain`; an answer against its key is the same question). ``sides``: the
    two sides as read (a document's step), else read again from the statement's text.
    """
    assumptions = list(assumptions)
    unrolled = _recurrence_assumed(statement, assumptions)
    if unrolled:
        # the entries as free names: what holds so holds under the recurrence too (e_0 \ge 0 of e_k \ge 0, review helper-200
        # R11); a failure may be a point the recurrence rules out (e_k \le \gamma^k e_0 at k = 0): never a verdict
        free = check_statement(statement, [a for a in assumptions if a is not unrolled[1]], sides, **options)
        if free.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
            return free
        return Judgement(Verdict.UNDECIDED, "none", unrolled[0])
    statement, put_in = families_put_in(statement, assumptions)
    if put_in:
        found = check_statement(statement, assumptions, None, **options)
        said = f"with {', '.join(put_in)} put into the family's entries"
        return dataclasses.replace(found, method=f"{found.method}; {said}" if found.verdict is not Verdict.UNDECIDED else found.method,
                                   reason=f"{found.reason} ({said})" if found.reason else found.reason)
    entrywise = _entrywise(statement, assumptions, options)
    if entrywise is not None:
        return entrywise
    items = list(statement.expr) if isinstance(statement.expr, tuple) else [statement.expr]

    def judged(substitution: dict) -> Judgement:
        reading, given = with_reading(statement, substitution), [with_reading(a, substitution) for a in assumptions]
        # an implication too, under every reading: u(x) = x^2 => u(3) = 9 was refuted with u a number
        implication = _implication(reading, given, options)
        return implication if implication is not None else _check_one_reading(reading, given, **options)

    found = every_reading(items + [a.condition for a in assumptions], judged, second_readings_of([statement, *assumptions]))
    empty = contradiction(a.condition for a in assumptions) if found.verdict in (Verdict.PROVED, Verdict.CONFIRMED) else ""
    if empty:
        return Judgement(Verdict.UNDECIDED, "none", empty, seconds=found.seconds)
    backwards = _ranges_backwards(statement.expr, assumptions) if found.verdict in (Verdict.PROVED, Verdict.CONFIRMED) else ""
    if backwards:
        return Judgement(Verdict.UNDECIDED, found.method, backwards, seconds=found.seconds)
    if found.verdict in (Verdict.PROVED, Verdict.CONFIRMED) and statement.capital_products:
        # (a capital with a sign assumed stays a possible matrix: \Sigma > 0 is how texts write positive definite)
        doubt = matrices_disagree(_equations_as_matrices(statement, options.get("seed", 0), min(options.get("timeout_s", 2.0), 2.0)))
        if doubt:
            return Judgement(Verdict.UNDECIDED, "matrices", doubt, seconds=found.seconds)
    if found.verdict in (Verdict.PROVED, Verdict.CONFIRMED) and isinstance(statement.expr, sp.Equality) and statement.kind == "relation":
        lost = _right_side_loses(statement, assumptions, sides, options.get("seed", 0), options.get("timeout_s", 2.0))
        if lost:
            return Judgement(Verdict.UNDECIDED, found.method, lost, None, found.points, found.tolerance, found.seconds)
    return found


_SHIFTED_ENTRY = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*)_(?P<letter>[a-z])(?P<way>plus|minus)(?P<by>\d+)")
# \eta_T, \eta_{2t}: an entry at a capital, or at a multiple of a letter (review helper-196 R4)
_SCALED_ENTRY = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*)_(?P<times>\d*)(?P<letter>[A-Za-z])")


def _entry_index(symbol: Any, stem: str) -> Any:
    """The index at which ``symbol`` is an entry of the family ``stem`` (4 of eta_4, t of eta_t, t - 1 of eta_tminus1,
    2t of eta_2t, T of eta_T), or None where it is none."""
    if not isinstance(symbol, sp.Symbol):
        return None
    entry = ENTRY.fullmatch(symbol.name)
    if entry is not None and entry["stem"] == stem and not entry["label"]:
        return sp.Integer(int(entry["idx"])) if entry["idx"].isdigit() else sp.Symbol(entry["idx"])
    scaled = _SCALED_ENTRY.fullmatch(symbol.name)
    if scaled is not None and scaled["stem"] == stem:
        return sp.Integer(int(scaled["times"] or 1)) * sp.Symbol(scaled["letter"])
    shifted = _SHIFTED_ENTRY.fullmatch(symbol.name)
    if shifted is not None and shifted["stem"] == stem:
        return sp.Symbol(shifted["letter"]) + int(shifted["by"]) * (1 if shifted["way"] == "plus" else -1)
    return None


# an entry of a two-index family as read: a_{i,j} and a_{ij} are a_ij, a_{2,3} and a_{23} are a_23 (one character each)
_PAIR_ENTRY = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*)_(?P<first>[a-z0-9])(?P<second>[a-z0-9])")


def _pair_index(symbol: Any, stem: str) -> tuple[Any, Any] | None:
    """The two indices at which ``symbol`` is an entry of the two-index family ``stem`` (2, 3 of a_23; i, j of a_ij),
    or None where it is none."""
    found = _PAIR_ENTRY.fullmatch(symbol.name) if isinstance(symbol, sp.Symbol) else None
    if found is None or found["stem"] != stem:
        return None
    return tuple(sp.Integer(int(c)) if c.isdigit() else sp.Symbol(c) for c in (found["first"], found["second"]))


def _entry_of(symbol: Any, stem: str) -> bool:
    """Whether ``symbol`` is an entry of the family ``stem`` (eta_4, eta_t, eta_tminus1 of eta)."""
    return _entry_index(symbol, stem) is not None


def _recurrence_assumed(statement: Parsed, assumptions: list[Parsed]) -> tuple[str, Parsed] | None:
    r"""Why a statement about entries of a family is not judged where an assumption is the family's recurrence
    (``\eta_t = \frac{\eta_{t-1}}{2}``) and the statement names entries it does not (``\eta_4 = \eta_3/2`` was refuted
    at eta_3 = 0, eta_4 = 1: the recurrence ties them, read as two free names), with that assumption; None where none is."""
    for assumption in assumptions:
        condition = assumption.condition
        if not isinstance(condition, sp.core.relational.Relational):
            continue
        # (an inequality too: |V_{k+1} - V^*| \le \gamma |V_k - V^*| ties V_k to V_0 by induction, and the bound it gives was
        # refuted at k = 0 with V_k and V_0 two free names: probe helper-197 F24)
        stems: dict[str, set] = {}
        for symbol in condition.free_symbols:
            for pattern in (ENTRY, _SHIFTED_ENTRY, _SCALED_ENTRY):
                found = pattern.fullmatch(getattr(symbol, "name", ""))
                if found is not None and not found.groupdict().get("label"):
                    stems.setdefault(found["stem"], set()).add(symbol)
                    break
        for stem, entries in sorted(stems.items()):
            indices = [_entry_index(e, stem) for e in entries]
            if len(entries) < 2 or any(i is None for i in indices) or all(getattr(i, "is_Integer", False) for i in indices):
                continue
            named = sorted(s.name for s in _free_names(statement.expr) if _entry_of(s, stem) and s not in condition.free_symbols)
            if named:
                are = "are entries" if len(named) > 1 else "is an entry"
                why = (
                    f"{', '.join(named)} {are} of the family the assumption {assumption.text} relates from one to the next: "
                    "the check does not unroll an assumed recurrence (state the entries' values, or write the step in a document)"
                )
                return why, assumption
    return None


def _free_names(expr: Any) -> set:
    parts = expr if isinstance(expr, tuple) else (expr,)
    return set().union(*(p.free_symbols for p in parts if isinstance(p, sp.Basic)))


def families_put_in(statement: Parsed, assumptions: list[Parsed]) -> tuple[Parsed, list[str]]:
    r"""The statement with each assumed family ``\eta_t = \frac{1}{\sqrt t}`` put into its entries (``\eta_4``,
    ``\eta_{t+1}``, the ``\eta_t`` summed in ``\sum_{t=1}^T \eta_t``), and the assumptions put in; the statement as it
    is where none applies. The entries were free names: ``\eta_{t+1} \le \eta_t`` and its negation were both refuted,
    and ``\sum_{t=1}^T \eta_t \ge \sqrt T`` refuted at eta_1 = 0 (probe helper-195 F7, F16, F22)."""
    rules = []
    for assumption in assumptions:
        condition = assumption.condition
        if not (isinstance(condition, sp.Eq) and isinstance(condition.lhs, sp.Symbol)):
            continue
        entry = ENTRY.fullmatch(condition.lhs.name)
        letter = sp.Symbol(entry["idx"]) if entry and not entry["idx"].isdigit() and not entry["label"] else None
        body = condition.rhs
        pair = _PAIR_ENTRY.fullmatch(condition.lhs.name) if entry is None else None
        if pair is not None and pair["first"].isalpha() and pair["second"].isalpha() and pair["first"] != pair["second"]:
            # a_{i,j} = ij (read a_ij): a two-index family, its entries a_{2,3} (read a_23) and a_{ji} put in alike
            letters = (sp.Symbol(pair["first"]), sp.Symbol(pair["second"]))
            if set(letters) <= body.free_symbols and not body.has(sp.Indexed):
                if not any(_pair_index(s, pair["stem"]) for s in body.free_symbols):
                    rules.append((pair["stem"], letters, body, assumption.text))
            continue
        if letter is None or letter not in body.free_symbols or body.has(sp.Indexed):
            continue
        if any(_entry_of(s, entry["stem"]) for s in body.free_symbols):
            continue  # a recurrence (\eta_t = \eta_{t-1}/2), not a formula for the entries (see _recurrence_assumed)
        rules.append((entry["stem"], letter, body, assumption.text))
    # an entry the assumptions also state (\eta_4 = 1 beside \eta_t = 1/\sqrt t): they may contradict each other, and the
    # family put in refuted the stated entry itself (review helper-196 R5); nothing is put in then
    stated = {s for a in assumptions if not any(a.text == rule[3] for rule in rules) for s in _free_names(a.condition)}
    rules = [rule for rule in rules if not any(_entry_of(s, rule[0]) or _pair_index(s, rule[0]) for s in stated)]
    if not rules or not isinstance(statement.expr, sp.Basic):
        return statement, []
    used: list[str] = []

    def put_in(expr: Any) -> Any:
        mapping = {}
        for symbol in expr.free_symbols:
            for stem, letter, body, text in rules:
                at = _pair_index(symbol, stem) if isinstance(letter, tuple) else _entry_index(symbol, stem)
                if at is not None:
                    mapping[symbol] = body.xreplace(dict(zip(letter, at, strict=True)) if isinstance(letter, tuple) else {letter: at})
                    used.append(text)
        expr = expr.xreplace(mapping) if mapping else expr
        for stem, letter, body, text in rules:
            if isinstance(letter, tuple):
                continue  # (a two-index family summed: not put in, its sums stay as read)
            def entry_of(e: Any, stem: str = stem) -> bool:
                return isinstance(e, sp.Indexed) and str(e.base) == stem and len(e.indices) == 1

            if expr.has(sp.Indexed) and any(entry_of(e) for e in expr.atoms(sp.Indexed)):
                expr = expr.replace(entry_of, lambda e, body=body, letter=letter: body.xreplace({letter: e.indices[0]}))
                used.append(text)
        return expr

    expr = statement.expr
    if isinstance(expr, sp.core.relational.Relational):  # \eta_4 = \frac13 stays a relation to refute, never False
        changed = expr.func(put_in(expr.lhs), put_in(expr.rhs), evaluate=False)
    else:
        changed = put_in(expr)
    if not used:
        return statement, []
    return dataclasses.replace(statement, expr=changed), list(dict.fromkeys(used))


def _ranges_backwards(expr: Any, assumptions: list[Parsed]) -> str:
    r"""Why a verdict on a sum or product over a symbolic range stands on SymPy's convention, not the empty range: the
    assumptions let its upper end fall below its lower end minus one (``\sum_{k=3}^{n} k = \frac{n(n+1)}{2} - 3`` with
    n = 1, where the sum is empty, 0, and SymPy's runs backwards, -2: it was proved; probe helper-149); '' where they
    do not, or say nothing of the range's ends (a range as written is read as one that is not backwards)."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum, sp.Product):
        return ""
    conditions = [a.condition for a in assumptions if isinstance(a.condition, sp.Basic)]
    for total in expr.atoms(sp.Sum, sp.Product):
        for _, low, high in total.limits:
            ends = (low.free_symbols | high.free_symbols) if isinstance(low, sp.Expr) and isinstance(high, sp.Expr) else set()
            said = [c for c in conditions if c.free_symbols & ends]
            if len(ends) != 1 or not said:
                continue
            (end,) = ends
            try:
                # each condition's set (n \in \mathbb{Z} is its set: with it in an And, solveset failed and the guard was lost)
                allowed = sp.S.Reals
                for c in said:
                    allowed = allowed.intersect(c.args[1] if isinstance(c, sp.Contains) else sp.solveset(c, end, sp.S.Reals))
                below = sp.solveset(high < low - 1, end, sp.S.Reals)
                if not isinstance(allowed, sp.Set) or sp.Intersection(allowed, below).is_empty is not False:
                    continue
            except Exception:  # a condition solveset does not take: nothing said of the range
                continue
            return (
                f"the assumptions allow {sp.sstr(high)} < {sp.sstr(low - 1)}, where the range {sp.sstr(low)}..{sp.sstr(high)} is empty "
                f"and SymPy's convention (a sum running backwards) is not the empty sum or product; not decided there"
            )
    return ""


def _entrywise(statement: Parsed, assumptions: list[Parsed], options: dict[str, Any]) -> Judgement | None:
    """Two matrices written out and said equal, judged entry by entry (each as :func:`check_statement` judges an
    equation): refuted at the first entry that differs, with its point; proved (confirmed) where every entry is; else
    undecided with the first entry's reason. None where the statement is not such an equation."""
    if statement.kind != "relation" or not isinstance(statement.expr, sp.Equality):
        return None
    rows_l, rows_r = (written_matrix(side) for side in statement.expr.args)
    worked = ""
    if (rows_l is None or rows_r is None) and any(has_written_matrix(side) for side in statement.expr.args):
        seconds = options.get("timeout_s", 2.0)
        try:  # [[1,2],[3,4]][[5,6],[7,8]] = [[5,6],[7,8]][[1,2],[3,4]]: multiplied out (it was proved, the factors commuted)
            with time_limit(seconds):  # a 5x5 of letters to the 30th took 70 s of CPU past a 5 s limit (probe helper-131)
                rows_l, rows_r = written_arithmetic(*statement.expr.args)
        except TimeLimitExceeded:
            return Judgement(Verdict.UNDECIDED, "matrices", f"working out the written matrices took over {seconds:g} s of CPU")
        except (ValueError, TypeError, sp.ShapeError, NotImplementedError) as error:
            return Judgement(Verdict.UNDECIDED, "matrices", f"the written matrices cannot be worked out: {error}"[:300])
        worked = "the written matrices worked out; "
    if rows_l is None or rows_r is None:
        return None
    share = {**options, "timeout_s": options.get("timeout_s", 2.0) / max(1, sum(map(len, rows_l)))}

    def entry_judged(a: Any, b: Any, where: str) -> Judgement:
        text = f"{statement.text} [{where}]"
        equation = sp.Eq(a, b, evaluate=False)
        entry = dataclasses.replace(statement, text=text, expr=equation, second_readings=(), capital_products=frozenset())
        return check_statement(entry, assumptions, None, **share)

    seconds = options.get("timeout_s", 2.0)
    try:
        with time_limit(seconds * 1.5):  # each entry has its share; reading the readings of huge entries had none
            return _entries_judged(entry_judged, rows_l, rows_r, worked)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "matrices", f"{worked}judging the entries took over {seconds * 1.5:g} s of CPU")


def _entries_judged(
    entry_judged: Callable[[Any, Any, str], Judgement], rows_l: list[list[Any]], rows_r: list[list[Any]], worked: str
) -> Judgement:
    """Two matrices' rows judged entry by entry (:func:`_entrywise`; an answer against its key, :func:`with_unknowns`),
    each pair of entries by ``entry_judged``."""
    shapes = [(len(rows), len(rows[0])) for rows in (rows_l, rows_r)]
    if shapes[0] != shapes[1]:
        shown = " and ".join(f"{r}x{c}" for r, c in shapes)
        return Judgement(Verdict.UNDECIDED, "matrices", f"the sides are matrices of different shapes ({shown})")
    entries = [
        ((i, j), a, b) for i, (rl, rr) in enumerate(zip(rows_l, rows_r, strict=True)) for j, (a, b) in enumerate(zip(rl, rr, strict=True))
    ]
    methods, proved, first_open, start = [], True, None, time.perf_counter()
    for (i, j), a, b in entries:
        where = f"entry ({i + 1}, {j + 1})" if shapes[0][1] > 1 else f"entry {i + 1}"
        j_entry = entry_judged(a, b, where)
        if j_entry.verdict is Verdict.REFUTED and j_entry.counterexample is not None:
            ce = j_entry.counterexample
            ce = dataclasses.replace(ce, note=f"{where}; {ce.note}" if ce.note else where)
            return dataclasses.replace(j_entry, counterexample=ce, seconds=time.perf_counter() - start)
        if j_entry.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
            methods.append(j_entry.method)
            proved = proved and j_entry.verdict is Verdict.PROVED
        elif first_open is None:
            first_open = dataclasses.replace(j_entry, reason=f"{where}: {j_entry.reason or j_entry.method}")
    if first_open is not None:
        return dataclasses.replace(first_open, seconds=time.perf_counter() - start)
    method = f"{worked}entry by entry ({len(entries)} entries): {'; '.join(dict.fromkeys(methods))}"
    return Judgement(Verdict.PROVED if proved else Verdict.CONFIRMED, method, seconds=time.perf_counter() - start)


def _right_side_loses(
    statement: Parsed, assumptions: list[Parsed], sides: tuple[Parsed, Parsed] | None, seed: int, timeout_s: float
) -> str:
    """:func:`answer_loses_key_domain` for an equation's right side against its left ('' where it keeps it)."""
    lhs, rhs = statement.expr.args
    if not all(isinstance(side, sp.Expr) for side in (lhs, rhs)):
        return ""
    if not _may_be_unreal(rhs) and not any(isinstance(d, sp.Basic) and not isinstance(d, sp.Ne) for d in statement.domain):
        return ""  # nothing on the right side can be undefined on a region (read again only where it may be)
    if sides is None:
        found = documents.steps(f"$${statement.text}$$")
        try:
            sides = (parse(found[0].left.latex), parse(found[0].right.latex)) if len(found) == 1 and found[0].relation == "=" else None
        except LatexError:
            sides = None
    written = ((), ())
    if sides is not None and (sides[0].expr, sides[1].expr) == (lhs, rhs):
        written = (sides[0].conditions_written, sides[1].conditions_written)
    domains = domains_from([a.condition for a in assumptions if isinstance(a.condition, sp.Basic)])
    lost = answer_loses_key_domain(lhs, rhs, domains, seed, min(0.5, timeout_s / 4), written, ("left side", "right side"))
    return f"{lost}; if only that common part is meant, assume it (x > 0, say)" if lost else ""


def _equations_as_matrices(statement: Parsed, seed: int, timeout_s: float) -> Judgement | None:
    """The statement's equations read again with the capitals in its products (as written) as matrices and the Latin
    letters beside them as vectors, judged by :func:`products_judged`: the first that is not shown to hold, else the
    last judged; None where none reads so (``AB = BA``, ``AB - BA = 0``: equal as numbers, not as matrices)."""
    try:
        again = parse(statement.text, noncommutative=statement.capital_products | {CALLS_IN_ORDER})
    except LatexError:
        return None
    judged = None
    if again.kind not in ("chain", "relation") or not isinstance(again.expr, sp.Equality | tuple):
        return order_counts(again.expr)  # an implication or iff between products of capitals
    for link in again.expr if again.kind == "chain" else (again.expr,):
        if isinstance(link, sp.Equality) and all(isinstance(side, sp.Expr) for side in link.args):
            judged = _matrix_judgement(link.lhs, link.rhs, seed, timeout_s)
            if judged is not None and judged.verdict not in (Verdict.PROVED, Verdict.CONFIRMED):
                return judged
    return judged


def every_reading(items: list, judged: Callable[[dict], Judgement], second_readings: tuple | None = None) -> Judgement:
    """``judged({})`` (the input as read), given only where every second reading of ``items``
    (:func:`derivax.latex.alternative_readings`; the inputs' own ``second_readings`` where known) gives the same; else
    ``undecided``, naming the readings and what each gave."""
    first = judged({})
    alternatives = alternative_readings(items, second_readings)
    for description, substitution in alternatives:
        other = judged(substitution)
        if _holds(other.verdict) != _holds(first.verdict):
            reason = f"the readings disagree: as written, {first.describe()}; with {description}, {other.describe()}"
            return Judgement(Verdict.UNDECIDED, "readings", reason, seconds=first.seconds + other.seconds)
    if alternatives:
        also = "; ".join(d for d, _ in alternatives)
        return dataclasses.replace(first, method=f"{first.method}; the same with {also}")
    return first


def _implication_by_size(
    premise: Parsed, conclusion: Parsed, assumptions: Iterable[Parsed], both_ways: bool, seed: int, timeout_s: float, start: float
) -> Judgement:
    """An implication whose sums run over 1..n, judged at each size n = 1..6 with a fresh symbol per entry
    (:func:`derivax.indices.relations_by_size`): ``confirmed`` where it follows at every size (sizes, not every
    n), ``refuted`` at the first size where it does not, with the point.

    Both are taken where what they write is defined (a denominator not 0, ...: the domains recorded while reading):
    written out, x_1 y_1 / x_1 is y_1 to SymPy, which would make x_1 = 0 a point where the conclusion fails."""
    guard = list(dict.fromkeys((*premise.domain, *conclusion.domain)))
    try:
        sizes = relations_by_size(sp.And(premise.condition, *guard), sp.And(conclusion.condition, *guard))
    except ValueError as error:
        return Judgement(Verdict.UNDECIDED, "indices", f"indices not instantiated: {error}", seconds=time.perf_counter() - start)
    assumptions, methods = list(assumptions), set()
    began = clock()  # CPU seconds: each size gets an even share of what the sizes before it left (n = 6 is the largest)
    for k, (n, first, second) in enumerate(sizes):
        if first is sp.false or second is sp.true:
            continue  # nothing to follow at this size (a premise that never holds, a conclusion that always does)
        if isinstance(first, sp.logic.boolalg.BooleanAtom) or isinstance(second, sp.logic.boolalg.BooleanAtom):
            why = f"at n = {n} the premise is {first} and the conclusion {second}: not judged"
            return Judgement(Verdict.UNDECIDED, "indices", why, seconds=time.perf_counter() - start)
        # the domain as read is folded into both already (the guard), and its sums cannot be evaluated at a size
        a = dataclasses.replace(premise, expr=first, kind=kind_of(first), domain=())
        b = dataclasses.replace(conclusion, expr=second, kind=kind_of(second), domain=())
        share = max(timeout_s / len(sizes), (timeout_s - (clock() - began)) / (len(sizes) - k))
        # x_i \ge 0 said of every entry x_1..x_n of this size (the witness x_2 = -1 of \sum_i x_i = 0 => x_1 = 0 broke it:
        # probe helper-199 F1)
        spread = [
            dataclasses.replace(given, expr=c, kind=kind_of(c))
            for given in assumptions
            if isinstance(given.condition, sp.Basic)
            for c in conditions_of_each_entry([first, second], [given.condition])[1:]
        ]
        j = judge_implication(a, b, assumptions + spread, both_ways=both_ways, seed=seed, timeout_s=share)
        if j.verdict is not Verdict.PROVED and j.verdict is not Verdict.CONFIRMED:
            reason = f"instantiated at n = {n} (a fresh symbol per entry): {j.reason}"
            return dataclasses.replace(j, method=f"indices: {j.method}", reason=reason, seconds=time.perf_counter() - start)
        methods.add(j.method.split(" (")[0])  # sampling, symbolic: the counts of each size are in its own verdict
    if not methods:
        return Judgement(Verdict.UNDECIDED, "indices", "no size where the premise can hold", seconds=time.perf_counter() - start)
    unvalued = _without_a_value(premise, conclusion, assumptions, seed, timeout_s - (clock() - began))
    if unvalued:  # as a x = b => x = b/a: at x = 0 the least squares premise holds for every w, and the quotient has no value
        return Judgement(Verdict.UNDECIDED, "indices", unvalued, seconds=time.perf_counter() - start)
    how = f"indices: instantiated at n = {sizes[0][0]}..{sizes[-1][0]}, a fresh symbol per entry: it follows at every size"
    return Judgement(Verdict.CONFIRMED, f"{how} ({', '.join(sorted(methods))})", seconds=time.perf_counter() - start)


def _implication_for_every_entry(
    premise: Parsed, conclusion: Parsed, assumptions: Iterable[Parsed], both_ways: bool, seed: int, timeout_s: float, start: float
) -> Judgement:
    """An implication about a family's entries (``lambda_i``) and its largest or smallest (``lambda_max``), written
    out at each size (:func:`derivax.extremes.by_size`): ``confirmed`` where it follows at every size, else the
    first size's verdict, saying how the statement was read."""
    families = family_extremes(premise.condition, conclusion.condition)
    read = "; ".join(
        f"{stem}_{letter} for every {letter}, " + ", ".join(f"{e.name} their {e.name.rsplit('_', 1)[1]}imum" for e in extremes)
        for stem, (letter, extremes) in sorted(families.items())
    )
    sizes = extremes_by_size(premise, conclusion, list(assumptions))
    began, methods = clock(), set()
    for k, (n, a, b, stated) in enumerate(sizes):
        share = max(timeout_s / len(sizes), (timeout_s - (clock() - began)) / (len(sizes) - k))
        j = judge_implication(a, b, stated, both_ways=both_ways, seed=seed, timeout_s=share)
        if j.verdict is not Verdict.PROVED and j.verdict is not Verdict.CONFIRMED:
            reason = f"read with {read}, written out at n = {n}: {j.reason}"
            return dataclasses.replace(j, method=f"entries: {j.method}", reason=reason, seconds=time.perf_counter() - start)
        methods.add(j.method.split(" (")[0])
    how = f"entries: read with {read}, written out at n = {sizes[0][0]}..{sizes[-1][0]}: it follows at every size"
    return Judgement(Verdict.CONFIRMED, f"{how} ({', '.join(sorted(methods))})", seconds=time.perf_counter() - start)


def _written_domain_broken(j: Judgement, premise: Parsed, conclusion: Parsed) -> str:
    """The conditions of what the statement writes (denominators, logs, roots: its domain as read) that fail at the
    refuting point, as text ('' where none does, or there is no point)."""
    if j.verdict is not Verdict.REFUTED or j.counterexample is None or not j.counterexample.point:
        return ""
    broken = []
    at = set(j.counterexample.point)
    for condition in dict.fromkeys((*premise.domain, *conclusion.domain)):
        if not getattr(condition, "free_symbols", set()) <= at:
            continue  # about symbols the point does not give (a sum's n, at a size): not settled there
        try:
            if not truth(nnf(condition), j.counterexample.point):
                broken.append(relation_text(condition))
        except Exception:  # a condition the point cannot settle: no evidence that it fails
            continue
    return ", ".join(broken)


def _without_a_value(premise: Parsed, conclusion: Parsed, assumptions: list[Parsed], seed: int, seconds: float) -> str:
    """Why the conclusion may have no value where the premise holds ('' where it has one at every size): the sizes
    above judge the conclusion where it is defined (its domain joined the premise), so its conditions are asked for
    here, at each size, as :func:`derivax.implications.implies` asks for them without indices."""
    has = value_conditions(premise.condition)  # the premise's own (its domain as read holds the conclusion's too)
    needs = [c for c in value_conditions(conclusion.condition) if c not in has]
    if not needs:
        return ""
    stated = [a.condition for a in assumptions if has_indices(a.condition)]  # "Assume $\sum_i x_i^2 > 0$": at each size too
    try:
        sizes = relations_by_size(sp.And(premise.condition, *has, *stated), sp.And(*needs))
    except ValueError:
        return ""
    for n, first, second in sizes:
        if first is sp.false or second is sp.true:
            continue
        a = dataclasses.replace(premise, expr=first, kind=kind_of(first), domain=())
        b = dataclasses.replace(conclusion, expr=second, kind=kind_of(second), domain=())
        j = judge_implication(a, b, assumptions, seed=seed, timeout_s=max(seconds / len(sizes), 0.5))
        said = ", ".join(relation_text(c) for c in sp.And.make_args(second))
        if j.verdict is Verdict.REFUTED:
            point = ", ".join(f"{k} = {v}" for k, v in (j.counterexample.exact or j.counterexample.at).items()) if j.counterexample else ""
            return f"at n = {n} the conclusion needs {said} to have a value, and the premise also holds where it has none ({point})"
        if j.verdict is Verdict.UNDECIDED:
            return f"at n = {n} the conclusion needs {said} to have a value; not shown to follow from the premise ({j.reason})"
    return ""


def judge_implication(
    premise: Parsed,
    conclusion: Parsed,
    assumptions: Iterable[Parsed] = (),
    *,
    both_ways: bool = False,
    seed: int = 0,
    timeout_s: float = 5.0,
    reach: str = "",
) -> Judgement:
    r"""``A \Rightarrow B`` (``both_ways``: ``A \Leftrightarrow B``, each direction): B holds wherever A and the
    assumptions do (:func:`derivax.implications.implies`). ``refuted`` names a point where A holds and B fails;
    quantities defined elsewhere (``Var(W)``) are unknown numbers, for which a failure is ``undecided``.

    A conclusion with ``\approx`` holds to the digits written as a plain comparison does: it follows within their
    confirming reach (half a unit), fails beyond their refuting one (a unit, a whole number's rounding), and between
    the two is ``undecided`` (``x = 0.5 \Rightarrow x^2 \approx 0`` was proved, where ``0.25 \approx 0`` is undecided).
    A premise with ``\approx`` states no condition derivax reads (it was read as an equation)."""
    assumptions = list(assumptions)
    judged = _implication_judged(premise, conclusion, assumptions, both_ways, seed, timeout_s, reach)
    if judged.verdict not in (Verdict.PROVED, Verdict.CONFIRMED):
        return judged  # a failure with numbers is one with 1x1 matrices too (AB = 0 => A = 0 at A = 1, B = 0)
    empty = contradiction(a.condition for a in assumptions)
    if empty:  # anything follows from assumptions that hold nowhere
        return Judgement(Verdict.UNDECIDED, "none", empty, seconds=judged.seconds)
    # C = AB => C = BA was ok: both relations alike while the capitals are numbers (a sign assumed makes no capital a
    # number: \Sigma > 0 is how texts write positive definite; review helper-155)
    ordered = products_in_order(premise, conclusion)
    return dataclasses.replace(ordered, seconds=judged.seconds) if ordered is not None else judged


def _rounded_equations(parsed: Parsed) -> tuple:
    """The equations of ``parsed`` between something and a decimal written with three or more significant digits."""
    if not isinstance(parsed.expr, sp.Basic):
        return ()
    written = {sp.Rational(n): n for n in parsed.numbers if "." in n and significant_digits(n) >= 3}
    out = []
    for equation in [parsed.expr] if isinstance(parsed.expr, sp.Equality) else parsed.expr.atoms(sp.Equality):
        number = equation.rhs if equation.rhs.is_Number else equation.lhs if equation.lhs.is_Number else None
        if number is not None and abs(number) in written:
            out.append(equation)
    return tuple(out)


def _values_given_only(parts: list[Any], rest: list[Any]) -> bool:
    """Whether each of ``parts`` is ``U = expr``, U a function defined elsewhere applied once (``f'(w)``, ``C(a)``), whose
    function appears nowhere else (not in expr, another part or ``rest``): some such function takes that value at any
    point, so ``parts`` add no condition."""
    seen: set[Any] = set()
    for part in parts:
        if not isinstance(part, sp.Eq):
            return False
        side = next((x for x in (part.lhs, part.rhs) if isinstance(x, AppliedUndef | sp.Derivative)), None)
        if side is None:
            return False
        other = part.rhs if side is part.lhs else part.lhs
        functions = side.atoms(AppliedUndef)
        if len(functions) != 1 or (isinstance(side, sp.Derivative) and not isinstance(side.expr, AppliedUndef)):
            return False
        (applied,) = functions
        if applied.func in seen or any(applied.func in {f.func for f in x.atoms(AppliedUndef)} for x in [other, *rest]):
            return False
        seen.add(applied.func)
    return bool(parts)


def _implication_judged(
    premise: Parsed, conclusion: Parsed, assumptions: list[Parsed], both_ways: bool, seed: int, timeout_s: float, reach: str
) -> Judgement:
    """:func:`judge_implication` with capitals read as numbers."""
    start = time.perf_counter()
    premise_relations = premise.expr.atoms(sp.core.relational.Relational) if isinstance(premise.expr, sp.Basic) else set()
    if any(relation in premise.approximate for relation in premise_relations):
        return Judgement(Verdict.UNDECIDED, "none", "the premise states an approximation (\\approx): no condition to solve")
    if not conclusion.approximate and not reach:
        # => \sigma(z) = 0.5622: a decimal of three or more digits is a rounding under "=" too, as check reads one (it was
        # compared exactly, and z = 0.25 => \sigma(z) = 0.5622 refuted: probe helper-170); undecided so, the exact
        # comparison's reason is the better one unless it refutes (x = \cos x => x = 0.739: a rounding slip?)
        rounded = _rounded_equations(conclusion)
        if rounded:
            options = (assumptions, both_ways, seed, timeout_s)
            judged = _implication_judged(premise, dataclasses.replace(conclusion, approximate=rounded), *options, reach)
            if judged.verdict is not Verdict.UNDECIDED:
                return judged
            exact = _implication_judged(premise, conclusion, *options, "exact")
            return exact if exact.verdict is Verdict.UNDECIDED else judged
    if conclusion.approximate and not reach:
        options = {"both_ways": both_ways, "seed": seed, "timeout_s": timeout_s / 2}
        narrow = judge_implication(premise, conclusion, assumptions, **options, reach="confirm")
        if narrow.verdict is not Verdict.REFUTED:
            return narrow
        wide = judge_implication(premise, conclusion, assumptions, **options, reach="refute")
        if wide.verdict is not Verdict.PROVED and wide.verdict is not Verdict.CONFIRMED:
            return wide
        why = f"the conclusion fails to the half unit of its digits ({narrow.reason or narrow.method}) but holds to their rounding"
        return Judgement(Verdict.UNDECIDED, "digits written", why, seconds=time.perf_counter() - start)
    first, second = condition_side(premise), condition_side(conclusion)
    # derivatives taken before the points: w > 1 => d/dw w^2 = 7 was confirmed (a Derivative at a point is no number)
    first, second = (dataclasses.replace(side, obj=derivatives_done(side.obj)) if side is not None else None for side in (first, second))
    if second is not None and conclusion.approximate:  # => x \approx 2.72: x within the digits written
        bounded = approximations_as_bounds(second.obj, conclusion.approximate, conclusion.numbers, reach)
        second = dataclasses.replace(second, obj=nnf(bounded), kind="inequality" if bounded != second.obj else second.kind)
    if first is None or second is None:
        return Judgement(Verdict.UNDECIDED, "none", "an implication between things that are not relations")
    named = ""
    if not both_ways and isinstance(first.obj, sp.And) and undefined_functions([first.obj]) and not undefined_functions([second.obj]):
        # f'(x) = 2x - 4 = 0 => x = 2: the parts of the premise without quantities defined elsewhere may settle it; a
        # weaker premise that implies the conclusion proves it (a failure of the weaker one proves nothing).
        known = [part for part in first.obj.args if not undefined_functions([part])]
        if known:
            weaker = dataclasses.replace(premise, expr=sp.And(*known), kind=kind_of(sp.And(*known)))
            j = judge_implication(weaker, conclusion, assumptions, seed=seed, timeout_s=timeout_s / 2)
            if j.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
                names = ", ".join(sorted(undefined_functions([first.obj])))
                how = f"{j.method}; from the premise's parts without {names} (defined elsewhere)"
                return dataclasses.replace(j, method=how, seconds=time.perf_counter() - start)
            if j.verdict is Verdict.REFUTED and _values_given_only(
                [part for part in first.obj.args if undefined_functions([part])], [*known, second.obj]
            ):
                # f'(w) = 2aw + b = 0 => w = -b/a: the parts with f only say what f'(w) is, which some f makes true at
                # any point, so the failure of the rest is the step's
                names = ", ".join(sorted(undefined_functions([first.obj])))
                how = f"{j.method}; the premise's parts with {names} only give its value there"
                return dataclasses.replace(j, method=how, seconds=time.perf_counter() - start)
    if family_extremes(first.obj, second.obj):  # ... 1 - 2 eps lambda_i < 1 => eps < 1/lambda_max: for every i
        return _implication_for_every_entry(premise, conclusion, assumptions, both_ways, seed, timeout_s, start)
    if has_indices(first.obj) or has_indices(second.obj):  # w \sum_i x_i^2 = \sum_i x_i y_i => w = ...: at each size
        return _implication_by_size(premise, conclusion, assumptions, both_ways, seed, timeout_s, start)
    if undefined_functions([first.obj, second.obj]):  # an implication that holds for every value holds
        unknown = unknowns_as_symbols([first.obj, second.obj])
        if unknown is None:
            names = ", ".join(sorted(undefined_functions([first.obj, second.obj])))
            return Judgement(Verdict.UNDECIDED, "none", f"uses functions defined elsewhere: {names}")
        (first_obj, second_obj), named = unknown
        first, second = dataclasses.replace(first, obj=first_obj), dataclasses.replace(second, obj=second_obj)
    assumptions = list(assumptions)
    directions = [(first, second, "")] + ([(second, first, "converse: ")] if both_ways else [])
    methods, proved = [], True
    try:
        with time_limit(timeout_s):
            for a, b, label in directions:
                symbols = a.symbols | b.symbols
                domains = domains_from([p.condition for p in assumptions if p.symbols <= symbols], symbols)
                sampler = Sampler(tuple(sorted(symbols, key=lambda s: s.name)), domains, seed=seed)
                j = implies(a, b, sampler, timeout_s / 2, hunt_s=_HUNT * timeout_s / len(directions))
                unwritten = _written_domain_broken(j, premise, conclusion)
                if unwritten:
                    # a x = ab => x = ab/a is read x = b: at a = 0 the premise holds and x = b fails, but as written the
                    # conclusion has no value there. Refuted only where everything written has a value.
                    inside = dataclasses.replace(a, obj=sp.And(a.obj, *premise.domain, *conclusion.domain))
                    j = implies(inside, b, sampler, timeout_s / 4)
                    if j.verdict is not Verdict.REFUTED:
                        reason = f"{label}as written, the step has no value where it failed ({unwritten} does not hold there)"
                        reason += "; nowhere else found to fail"
                        return Judgement(Verdict.UNDECIDED, j.method, reason, seconds=time.perf_counter() - start)
                if j.verdict is Verdict.REFUTED and named:
                    reason = f"{label}does not follow for every value of {named} (defined elsewhere)"
                    return Judgement(Verdict.UNDECIDED, j.method, reason, seconds=time.perf_counter() - start)
                if j.verdict is Verdict.REFUTED:
                    point = _shown_point(j.counterexample)
                    # where the premise holds near the point only (a root no formula gives), the note found says so
                    said = j.counterexample.note
                    where = f"at {point} " if point else ""  # (-3 < 2 => 9 < 4: no symbol, no point to name)
                    why = f"{where}the premise holds and the conclusion does not" if said == PREMISE_HOLDS_THERE else said
                    reason = f"{label}does not follow: {why}"
                    # the premise or conclusion stated in the prose as well ("when $|1 - \epsilon\lambda| < 1$, hence") says
                    # nothing of a parameter's sign that the step itself does not
                    others = [p for p in assumptions if p.condition not in (a.obj, b.obj)]
                    unsigned = _unsigned_parameters(j, symbols, others) or _root_taken(j, b.obj, others) or _zero_at_its_bound(j, others)
                    if unsigned:  # |1 - eps lam| < 1 => 0 < eps < 2/lam fails only for lam < 0: a rate, an eigenvalue
                        stated = [p.condition for p in assumptions if p.symbols <= symbols]
                        positive = domains_from(stated + [s > 0 for s in unsigned], symbols)
                        again = implies(a, b, Sampler(sampler.symbols, positive, seed=seed), timeout_s / 2)
                        names = ", ".join(s.name for s in unsigned)
                        if again.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
                            # |1 - eta lam| > 1 <=> eta > 1/lam: for eta, lam > 0 one way holds, the converse fails at
                            # eta = 3/2, lam = 1, a point the step fails at whatever the text assumes
                            for c, d, other in directions:
                                if (c, d) != (a, b):
                                    converse = implies(c, d, Sampler(sampler.symbols, positive, seed=seed), timeout_s / 2)
                                    if converse.verdict is Verdict.REFUTED:
                                        where = _shown_point(converse.counterexample)
                                        note = f"{other}does not follow, for {names} > 0 too: at {where} the premise holds"
                                        note += " and the conclusion does not"
                                        return dataclasses.replace(converse, reason=note, seconds=time.perf_counter() - start)
                                    if converse.verdict is not Verdict.PROVED and converse.verdict is not Verdict.CONFIRMED:
                                        reason += f"; for {names} > 0 it follows, its {other or 'step '}not settled ({converse.reason})"
                                        return Judgement(Verdict.UNDECIDED, converse.method, reason, seconds=time.perf_counter() - start)
                            reason += f"; it follows for {names} > 0, as such parameters usually are (the text does not say: state it)"
                            method = f"{j.method}; for {names} > 0: {again.method}"  # (again's alone read as a proof of the step)
                            return Judgement(Verdict.UNDECIDED, method, reason, seconds=time.perf_counter() - start)
                        if again.verdict is Verdict.REFUTED and again.counterexample is not None:
                            # a point with them positive too (v = 1/n from n v s/2 = s fails at s = 1, not only at s = 0):
                            # the witness a student cannot wave away as degenerate
                            where = _shown_point(again.counterexample)
                            reason = f"{label}does not follow, for {names} > 0 too: at {where} the premise holds"
                            reason += " and the conclusion does not"
                            j = again
                        elif again.verdict is Verdict.UNDECIDED:  # \sigma^2 = 0.25 => \sigma = 0.5: one point, not settled
                            reason += f"; for {names} > 0 it was not settled ({again.reason})"
                            return Judgement(Verdict.UNDECIDED, again.method, reason, seconds=time.perf_counter() - start)
                    if label and j.counterexample is not None:
                        # the converse fails: the written left side fails there and the right one holds (it was shown
                        # "lhs=holds, rhs=fails", the wrong way round: probe helper-150)
                        ce = j.counterexample
                        note = "the right side holds there and the left side does not (the converse fails)"
                        j = dataclasses.replace(j, counterexample=dataclasses.replace(ce, lhs=ce.rhs, rhs=ce.lhs, note=note))
                    return dataclasses.replace(j, reason=reason, seconds=time.perf_counter() - start)
                if j.verdict is Verdict.UNDECIDED:
                    return dataclasses.replace(j, reason=label + j.reason, seconds=time.perf_counter() - start)
                proved = proved and j.verdict is Verdict.PROVED
                methods.append(label + j.method)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "none", f"timed out after {timeout_s:g} s of CPU", seconds=time.perf_counter() - start)
    unvalued = _no_value_as_written(first, premise, conclusion, assumptions, seed, timeout_s / 4)
    if unvalued:
        return Judgement(Verdict.UNDECIDED, "none", unvalued, seconds=time.perf_counter() - start)
    how = "; ".join(methods) + (f"; for any values of {named} (defined elsewhere: treated as unknown numbers)" if named else "")
    return Judgement(Verdict.PROVED if proved else Verdict.CONFIRMED, how, seconds=time.perf_counter() - start)


def _no_value_as_written(first: Any, premise: Parsed, conclusion: Parsed, assumptions: list[Parsed], seed: int, seconds: float) -> str:
    """Why the statement as written has no value somewhere the premise holds ('' where no such point is found).

    SymPy simplifies as it reads: ``\\frac{a}{a}`` is 1 and ``\\sqrt{x}^2`` is x, so ``a = 0 \\Rightarrow \\frac{a}{a} = 1`` was
    proved; the domain recorded while reading keeps a != 0, and a point of the premise outside it is named."""
    written = [c for c in dict.fromkeys((*premise.domain, *conclusion.domain)) if isinstance(c, sp.Basic)]
    if not written:
        return ""
    symbols = first.symbols | set().union(*(c.free_symbols for c in written))
    # a premise holds only where it has a value itself (C'(a) = 0 with C(a) = -(y ln a + (1 - y) ln(1 - a)): a = -1 is
    # no point of it, though the derivative put in is 0 there)
    own = [c for c in premise.domain if isinstance(c, sp.Basic) and c.free_symbols <= symbols]
    domains = domains_from([p.condition for p in assumptions if p.symbols <= symbols] + own, symbols)
    sampler = Sampler(tuple(sorted(symbols, key=lambda s: s.name)), domains, seed=seed)
    written = [c for c in written if not follows_at_once(first.obj, c, sampler)]  # 1 + e^{-aw} != 0: no search
    needs = condition_side(dataclasses.replace(conclusion, expr=sp.And(*written), kind="logic")) if written else None
    if needs is None:
        return ""
    try:
        with time_limit(max(seconds, 0.5)):
            j = implies(first, needs, sampler, max(seconds, 0.5) / 2)
    except TimeLimitExceeded:
        return ""
    if j.verdict is not Verdict.REFUTED or j.counterexample is None:
        return ""
    point = _shown_point(j.counterexample)
    said = ", ".join(relation_text(c) for c in written)
    return f"as written, the step needs {said} to have a value, and the premise also holds where it has none ({point})"


_SIGNED_UNKNOWNS = frozenset({"x", "y", "z", "u", "v", "w"})


def _root_taken(refuted: Judgement, conclusion: Any, assumptions: list[Parsed]) -> list[sp.Symbol]:
    r"""The unknown a conclusion solves for with a square root (``r^2/3 = c \Rightarrow r = \sqrt{3c}``), where the
    refuting point is the negative root: a width, a standard deviation, a scale is positive without saying so, and
    the step is then no slip to flag (nor a proof: the text does not state it)."""
    if not (isinstance(conclusion, sp.Eq) and isinstance(conclusion.lhs, sp.Symbol)) or conclusion.lhs in conclusion.rhs.free_symbols:
        return []
    if not any(p.exp.is_Rational and p.exp.q == 2 for p in conclusion.rhs.atoms(sp.Pow)):
        return []  # x^2 = 4 => x = 2 drops a root of a generic x: wrong (a Greek scale, sigma = 0.5, is a custom's)
    unknown = conclusion.lhs
    if any(unknown in p.symbols for p in assumptions) or unknown.name.split("_")[0] in _SIGNED_UNKNOWNS:
        return []  # x^2 = b => x = sqrt(b): x is the unknown of algebra, of either sign, never a scale by custom
    at = refuted.counterexample.at if refuted.counterexample is not None else {}
    try:
        return [unknown] if unknown.name in at and float(at[unknown.name]) < 0 else []
    except (TypeError, ValueError):
        return []


def _shown_point(counterexample: Any) -> str:
    """A witness's point as the step's reader types it: ``n = 2, s = 1, v = 1`` (its exact coordinates)."""
    return ", ".join(f"{k} = {v}" for k, v in counterexample.exact.items())


def _zero_at_its_bound(refuted: Judgement, assumptions: list[Parsed]) -> list[sp.Symbol]:
    """The names an assumption makes nonnegative (a variance: "the inputs have variance $s$" gives s >= 0) that the
    refuting point puts at 0, their bound; else nothing. A derivation divides by a variance as every text does
    (n v s/2 = s => v = 2/n, He's condition, failed only at s = 0: probe helper-208 F22)."""
    at = refuted.counterexample.at if refuted.counterexample is not None else {}
    out = []
    for p in assumptions:
        c = p.condition
        if isinstance(c, sp.GreaterThan) and c.rhs == 0 and isinstance(c.lhs, sp.Symbol):
            name = c.lhs
        elif isinstance(c, sp.LessThan) and c.lhs == 0 and isinstance(c.rhs, sp.Symbol):
            name = c.rhs
        else:
            continue
        try:
            if name.name in at and float(at[name.name]) == 0:
                out.append(name)
        except (TypeError, ValueError):
            continue
    return sorted(set(out), key=lambda s: s.name)


def _unsigned_parameters(refuted: Judgement, symbols: set, assumptions: list[Parsed]) -> list[sp.Symbol]:
    """The customarily positive parameters (Greek, see ``POSITIVE_BY_CUSTOM``) that no assumption mentions,
    if the refuting point makes one of them zero or negative; else nothing."""
    stated = set().union(*(p.symbols for p in assumptions)) if assumptions else set()
    unsigned = sorted((s for s in symbols if s not in stated and s.name.split("_")[0] in POSITIVE_BY_CUSTOM), key=lambda s: s.name)
    at = refuted.counterexample.at if refuted.counterexample is not None else {}
    try:
        below = any(float(at[s.name]) <= 0 for s in unsigned if s.name in at)
    except (TypeError, ValueError):
        return []
    return unsigned if below else []


def _implication(statement: Parsed, assumptions: list[Parsed], options: dict) -> Judgement | None:
    r"""``A \Rightarrow B`` or ``A \Leftrightarrow B`` given to ``check``: judged as ``steps`` judges it; None otherwise."""
    expr = statement.expr
    if statement.kind != "logic" or not isinstance(expr, sp.Implies | sp.Equivalent) or len(expr.args) != 2:
        return None
    sides = [dataclasses.replace(statement, expr=arg, kind=kind_of(arg)) for arg in expr.args]
    if isinstance(expr, sp.Equivalent) and _written_second_first(statement.text, expr):
        sides.reverse()  # SymPy orders an iff's sides: the written left side first, so "converse" means the written one
    allowed = {k: v for k, v in options.items() if k in ("seed", "timeout_s")}
    return judge_implication(sides[0], sides[1], assumptions, both_ways=isinstance(expr, sp.Equivalent), **allowed)


def _written_second_first(text: str, expr: sp.Equivalent) -> bool:
    """Whether SymPy put the iff's written right side first (its left side, as written, reads as its second argument)."""
    parts = re.split(r"\\(?:iff|Leftrightarrow|Longleftrightarrow)(?![A-Za-z])", text)
    if len(parts) != 2:
        return False
    try:
        left = parse(parts[0]).expr
    except LatexError:
        return False
    return left == expr.args[1] and left != expr.args[0]


def _check_one_reading(
    statement: Parsed,
    assumptions: Iterable[Parsed] = (),
    *,
    seed: int = 0,
    timeout_s: float = 5.0,
    search: bool = True,
    approx: bool = False,
) -> Judgement:
    """Every relation of the statement (a chain or conjunction: each link) through the kernel."""
    start, cpu_start = time.perf_counter(), clock()  # wall seconds reported; CPU seconds budgeted (derivax.limits)
    conds = [a.condition for a in assumptions]
    relations = _relations(statement)
    if relations == [] and statement.kind != "chain" and any(isinstance(d, sp.Basic) and d.free_symbols for d in statement.domain):
        # \sqrt{x}^2 = -1 \Leftrightarrow x = -1 read as True: SymPy made \sqrt{x}^2 the x it is for x >= 0 and the two
        # sides the same relation, so where the left side is not real (x = -1) went with it (proved; it is false there)
        why = (
            "the statement became True as it was read (SymPy simplified a part that is defined only where "
            f"{', '.join(sorted(sp.sstr(d) for d in statement.domain))}), so what it says outside that was lost: not judged"
        )
        return Judgement(Verdict.UNDECIDED, "none", why)
    if relations is None:
        kinds = {"logic": "relations joined by or / and / not", "set": "a set", "expression": "an expression"}
        what = kinds.get(statement.kind, statement.kind)
        why = f"expected a relation such as A = B or A \\le B, got {what} (equiv compares such a statement with a key)"
        return Judgement(Verdict.UNDECIDED, "none", why)
    conds = conditions_of_each_entry(relations, conds)  # p_i > 0 for \sum_{i=1}^3 p_i: p_1, p_2, p_3 > 0
    as_written = relations
    relations, conds, solved = _equalities_solved(relations, conds)
    # (each evaluated again: n > i with n = i put in is i > i, which xreplace leaves standing: review helper-209 R2)
    conds = [_evaluated_again(c) for c in conds] if solved else conds
    if any(c is sp.false for c in conds) and any(r.free_symbols for r in as_written if isinstance(r, sp.Basic)):
        # n = i and n \ne i both assumed ("d = 1 if n = i or d = 0 if n \ne i" read as two conditions): with n = i put
        # in, n \ne i is false, and (n - i)x + 1 = 1 was proved under them
        under = _solved_said(solved).removeprefix("with ")
        why = f"the assumptions contradict each other (under {under}, one of them is false): anything would follow from them"
        return Judgement(Verdict.UNDECIDED, "none", why, seconds=time.perf_counter() - start)
    if any(c is sp.false for c in conds):  # 1 + 0 = 1 under them: arithmetic, which no assumption bears on
        relations, conds, solved = as_written, [], {}
    symbols = set().union(*(r.free_symbols for r in relations))
    symbols |= set().union(*(sums_written_out(r).free_symbols for r in relations))  # the entries p_1, p_2 of a sum
    # where what is written is defined, recorded while reading: \sqrt{x}^2 is x to SymPy, so \sqrt{x}^2 = |x| was
    # refuted at x = -1, where the left side is not real (the sides are compared where both are defined)
    domain = conditions_of_each_entry(relations, list(statement.domain), within_sums=True)  # \sqrt{p_i} in \sum_{i=1}^2: p_1, p_2 >= 0
    domain = [d.xreplace(solved) if solved and isinstance(d, sp.Basic) else d for d in domain]
    written = [d for d in domain if isinstance(d, sp.Basic) and d.free_symbols <= symbols and d not in conds]
    lost = lost_names_defined_nowhere(conds, domain, symbols)
    if lost:
        return Judgement(Verdict.UNDECIDED, "none", f"{lost}: nothing to check over the reals", seconds=time.perf_counter() - start)
    # the digits of a value assumed (x = 0.333, a case the statement is evaluated in) set how close its sides must be;
    # a bound's never (x > 12.5 made tanh x = 2\sigma(2x) - 1 + 10^{-7} hold to 3 digits: confirmed, a false verdict)
    numbers = tuple(statement.numbers) + tuple(n for a in assumptions if isinstance(a.expr, sp.Eq) for n in a.numbers)
    try:
        with time_limit(timeout_s):
            domains = domains_from(conds, symbols)  # solving the assumptions counts against the limit too
            # never where the assumptions leave nothing defined (\ln x + \ln y for x, y < 0: no identity holding
            # vacuously), nor a slice (a - y against a - y + \sqrt{-a^2} was confirmed at a = 0 alone)
            domains = where_written_defined(conds, written, symbols, domains, [e for r in relations for e in r.args])
            domains = _counts_across_links(relations, domains)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "none", f"timed out after {timeout_s:g} s of CPU", seconds=time.perf_counter() - start)
    except Exception as error:  # untrusted input: report it, never crash, never read it as false
        return Judgement(Verdict.UNDECIDED, "none", f"could not evaluate the assumptions: {type(error).__name__}: {error}"[:300])
    results = []
    for r in relations:
        left = max(0.5, timeout_s - (clock() - cpu_start))
        near = approx or r in statement.approximate  # e^{10} \approx 22026: within the digits written (the step's relation)
        closed = not near and isinstance(r, sp.Eq) and not r.free_symbols
        band = functools.partial(_rounding_band, statement, len(results)) if closed else None
        j = compare(
            r.lhs, r.rhs, _REL_NAME[type(r)], domains, numbers=numbers, approx=near, seed=seed, timeout_s=left, shrink=search, band=band
        )
        if j.verdict is Verdict.UNDECIDED and j.reason.startswith(UNDEFINED):  # x_k under sums: instantiated at n = 1..6
            j = indexed_judgement(r.lhs, r.rhs, conds, seed, left, _REL_NAME[type(r)]) or j
        if j.verdict is not Verdict.PROVED and j.verdict is not Verdict.CONFIRMED:
            return dataclasses.replace(j, seconds=time.perf_counter() - start, **_solved_shown(j, solved, conds))
        results.append(j)
    if not results:
        method = f"evaluation (true); {_solved_said(solved)}" if solved else "evaluation (true)"
        return Judgement(Verdict.PROVED, method, seconds=time.perf_counter() - start)
    nowhere = defined_nowhere(conds, written, symbols)
    if nowhere:  # \ln(-x^2 - 1) < \ln(-x^2 - 1) + 1 held "where defined", which is nowhere
        conditions = ", ".join(sorted(dict.fromkeys(sp.sstr(d) for d in written)))
        why = f"what is written is defined nowhere ({conditions}: no real value of {', '.join(nowhere)}): nothing to check over the reals"
        return Judgement(Verdict.UNDECIDED, "none", why, seconds=time.perf_counter() - start)
    ends = _approximate_chain_ends(statement, relations)
    if ends is not None:
        left = max(0.5, timeout_s - (clock() - cpu_start))
        j = compare(ends.lhs, ends.rhs, _REL_NAME[type(ends)], domains, seed=seed, timeout_s=left)
        if j.verdict is Verdict.REFUTED and j.counterexample is not None:
            symbol = {sp.Le: "<=", sp.Lt: "<", sp.Ge: ">=", sp.Gt: ">"}[type(ends)]
            why = (
                f"each link holds, but the chain's first side is not {symbol} its last ({j.counterexample.describe()}): an "
                "\\approx link is within its digits, and the relation after it is too tight for what it rounded"
            )
            return Judgement(Verdict.UNDECIDED, "digits written", why, seconds=time.perf_counter() - start)
    verdict = Verdict.PROVED if all(j.verdict is Verdict.PROVED for j in results) else Verdict.CONFIRMED
    method = "; ".join(dict.fromkeys(j.method for j in results))
    if solved:
        method = f"{method}; {_solved_said(solved)}"
    if written:  # show the reading: \log(x^2) = 2\log x holds where both sides are defined, x > 0, and only there
        method = f"{method}; where what is written is defined: {', '.join(sorted(dict.fromkeys(sp.sstr(d) for d in written)))}"
    return Judgement(
        verdict, method, "", None, max(j.points for j in results), max(j.tolerance for j in results), time.perf_counter() - start
    )


def _approximate_chain_ends(statement: Parsed, relations: list[Any]) -> Any:
    r"""``0.9^{21} \approx 0.1 \le 0.1``: the relation of the chain's first side to its last that its links state
    together (here 0.9^21 <= 0.1), where one link is an ``\approx`` and another orders (never both ways); None
    otherwise. Each link holds alone, 0.1094 within the digits of 0.1, yet the conclusion the chain is written for is
    false (probe helper-195 F29)."""
    if statement.kind != "chain" or len(relations) < 2 or not any(r in statement.approximate for r in relations):
        return None
    order = {type(r) for r in relations if not isinstance(r, sp.Eq)}
    if not order:
        return None
    if order <= {sp.Le, sp.Lt}:
        relation = sp.Lt if sp.Lt in order else sp.Le
    elif order <= {sp.Ge, sp.Gt}:
        relation = sp.Gt if sp.Gt in order else sp.Ge
    else:
        return None
    return relation(relations[0].lhs, relations[-1].rhs, evaluate=False)


def _counts_across_links(relations: list[Any], domains: Domains) -> Domains:
    r"""A chain's bound of a sum (or count of a factorial) is a whole number in every link: in ``\sum_{k=0}^n
    \binom{n}{k} = 2^n \ge n + 1`` the link 2^n >= n + 1 was refuted at n = 0.5, a value n never takes there. Each such
    name ranges from the first whole number where every sum has a term (:func:`derivax.sampling.first_whole_numbers`)."""
    if len(relations) < 2:
        return domains
    counted = integer_symbols(*relations)
    if not counted:
        return domains
    first = first_whole_numbers(*relations)
    sets = dict(domains.sets)
    for name in counted:
        sets[name] = sets.get(name, sp.S.Reals).intersect(sp.Range(first.get(name, 1), sp.oo))
    return Domains(sets, domains.conditions, domains.both_defined)


def _evaluated_again(condition: Any) -> Any:
    """A comparison whose sides differ by a number, decided (``i > i`` is false: SymPy keeps it for a name that may be
    complex); anything else as it is."""
    if not isinstance(condition, sp.core.relational.Relational):
        return condition
    try:
        difference = sp.expand(condition.lhs - condition.rhs)
        if difference.is_number and difference.is_real:
            return condition.func(difference, 0)
    except (TypeError, ValueError):  # a side that is no expression (a matrix): as it was
        pass
    return condition


def _solved_said(solved: dict) -> str:
    return "with " + ", ".join(f"{sp.sstr(s)} = {sp.sstr(v)}" for s, v in solved.items()) + " from the assumptions"


def _equalities_solved(relations: list[Any], conds: list[Any]) -> tuple[list[Any], list[Any], dict[sp.Symbol, Any]]:
    r"""Assumptions that are linear equations between names (``p_1 + p_2 = 1``, ``n_{in} = n_{out} = n``), each solved
    for one name and put into the relations and the other assumptions: under the equation the relation holds exactly
    where its substituted form does, and sampling no longer has to hit a thin set (the entropy bound with p_1 + p_2 = 1
    found one usable point). Names with a set of their own (a whole number) are never solved for; where a relation
    becomes True or False outright, nothing is put in (its verdict needs a point). Returns the relations, the other
    assumptions and {name: value}."""
    conds = [part for c in conds for part in (c.args if isinstance(c, sp.And) else (c,))]  # n_in = n_out = n: each link
    # \sum_{k=1}^3 \pi_k = 1 is \pi_1 + \pi_2 + \pi_3 = 1, as the relation's sums are read: left as a sum it was met at a
    # few tied points only, and \sum_{k=1}^3 \pi_k^2 \ge 1/2 was confirmed (probe helper-199 F12)
    conds = [sums_written_out(c) if isinstance(c, sp.Eq) and c.has(sp.Sum) else c for c in conds]
    if not any(isinstance(c, sp.Eq) and len(c.free_symbols) >= 2 for c in conds):
        return relations, conds, {}
    fenced = {s for c in conds if isinstance(c, sp.Contains) for s in c.free_symbols}
    relations = [sums_written_out(r) for r in relations]  # \sum_{i=1}^2 p_i \ln p_i: its entries p_1, p_2 are the names
    exprs = [*relations, *conds]
    # a derivative, integral or limit takes its variable free: d/dx (x + y) = 1 holds where y = 2x, and 3 after putting it in
    if any(isinstance(e, sp.Basic) and e.atoms(sp.Indexed, AppliedUndef, sp.Derivative, sp.Integral, sp.Limit, sp.Subs) for e in exprs):
        return relations, conds, {}
    solved: dict[sp.Symbol, Any] = {}
    rest = []
    for condition in conds:
        equation = condition.xreplace(solved) if solved and isinstance(condition, sp.Basic) else condition
        name = _solvable_for(equation, fenced) if isinstance(equation, sp.Eq) else None
        if name is None:
            rest.append(condition)
            continue
        difference = equation.lhs - equation.rhs
        coefficient = difference.diff(name)
        solved = {s: v.xreplace({name: -(difference - coefficient * name) / coefficient}) for s, v in solved.items()}
        solved[name] = sp.expand(-(difference - coefficient * name) / coefficient)
    if not solved:
        return relations, conds, {}
    # where a solved value has a denominator, the name has a value only where it is not 0 (d_k = d/h at h = 0: put in,
    # h d_k cancelled to d, and a point with no d_k refuted a true statement: probe helper-198 F13)
    for value in solved.values():
        denominator = sp.denom(sp.together(value))
        if denominator.free_symbols:
            rest.append(sp.Ne(denominator, 0))
    put = [r.xreplace(solved) for r in relations]
    if any(r is sp.false for r in put):
        return relations, conds, {}
    # a relation that becomes True holds under the equations (n \cdot 2/(n_in + n_out) = 1 with n_in = n_out = n)
    return [r for r in put if r is not sp.true], [c.xreplace(solved) if isinstance(c, sp.Basic) else c for c in rest], solved


def _solvable_for(equation: sp.Eq, fenced: set) -> sp.Symbol | None:
    """The last name (by name) that ``equation`` is linear in with a constant nonzero coefficient, among two or more."""
    names = sorted(equation.free_symbols - fenced, key=lambda s: s.name, reverse=True)
    if len(equation.free_symbols) < 2:
        return None
    difference = equation.lhs - equation.rhs
    for name in names:
        coefficient = difference.diff(name)
        if coefficient.is_number and coefficient.is_nonzero and not difference.diff(name, 2).free_symbols and difference.diff(name, 2) == 0:
            return name
    return None


def _solved_shown(judgement: Judgement, solved: dict, conditions: Iterable[Any] = ()) -> dict:
    """A judgement's counterexample with the solved names' values added at its point, and the substitution named; a
    name the relation lost in the substitution (y_1 + y_2 + y_3 = 1 solved for y_3, where y_1 and y_2 cancel) is 0 there
    where no other condition names it (the point was "y_3 = -y_1 - y_2 + 1", no number to put in: probe helper-136)."""
    if not solved:
        return {}
    ce = judgement.counterexample
    shown = {"reason": f"{judgement.reason}; {_solved_said(solved)}" if judgement.reason else _solved_said(solved)}
    if ce is None or not ce.point:
        return shown
    point = dict(ce.point)
    named = {s for c in conditions if isinstance(c, sp.Basic) for s in c.free_symbols}
    lost = {s for v in solved.values() for s in v.free_symbols} - set(point) - set(solved) - named
    point.update({s: sp.Integer(0) for s in lost})
    for name, value in solved.items():
        point[name] = value.xreplace(point)
    at, exact = point_json(point)
    return {**shown, "counterexample": dataclasses.replace(ce, at=at, exact=exact, point=point)}


def _rounding_band(statement: Parsed, index: int, shortest: int = 3) -> float | None:
    """How far the rounding of the decimals the statement writes (of ``shortest`` significant digits or more) moves its
    ``index``-th relation's difference (:func:`derivax.digits.rounding_band`, each moved text read again by the
    grammar); None where it cannot tell."""

    def read(text: str) -> Any:
        try:
            with time_limit(1.0):
                return parse(text)
        except (LatexError, TimeLimitExceeded):
            return None

    def gap(texts: Sequence[str]) -> Any:
        if len(texts) == 2:  # each side on its own: one whose names a document's definitions filled in keeps its value
            values = []
            for text, written, side in zip(texts, sides, (relation.lhs, relation.rhs), strict=True):
                moved = side if text == written or not movable[written] else read(text)
                values.append(moved if isinstance(moved, sp.Basic) else getattr(moved, "expr", None))
            if not all(isinstance(v, sp.Expr) for v in values):
                return None
            difference = values[0] - values[1]
        else:
            moved = read(texts[0])
            moved = _relations(moved) if moved is not None else None
            if moved is None or len(moved) != len(relations) or not isinstance(moved[index], sp.Eq):
                return None
            difference = moved[index].lhs - moved[index].rhs
        return None if difference.free_symbols else difference

    relations = _relations(statement)
    if not statement.text or relations is None or index >= len(relations):
        return None
    relation = relations[index]
    sides = re.split(r"(?<![<>!\\])=(?!=)", statement.text) if len(relations) == 1 else []
    if len(sides) == 2:
        # a step's sides as written (derivax.steps: the left side \sigma - \eta(\sigma - 1/\sigma), its names put in)
        movable = {}
        for text, side in zip(sides, (relation.lhs, relation.rhs), strict=True):
            own = read(text)
            movable[text] = own is not None and own.kind == "expression" and own.expr == side
        return rounding_band(sides, gap, shortest=shortest)
    if relation.free_symbols or read(statement.text) is None:
        return None
    return rounding_band([statement.text], gap, shortest=shortest)


def _relations(statement: Parsed) -> list[Any] | None:
    expr = statement.expr
    if statement.kind == "chain":
        return list(expr)
    if statement.kind == "relation" and type(expr) in _REL_NAME:
        return [expr]
    if expr is sp.true:
        return []
    return None


def as_matrices_too(key_text: str, answer_text: str, *, seed: int = 0, timeout_s: float = 2.0) -> Judgement | None:
    """The pair read again with its capitals in products as matrices (their products in the order written):
    ``products_judged``'s judgement of that reading, None where no capital stands in a product or it does not read.
    A caller that found the pair equal as numbers keeps that verdict only if this reading agrees."""
    try:
        first, second = parse(key_text), parse(answer_text)
        names = first.capital_products | second.capital_products
        if not names:
            return None
        names |= {CALLS_IN_ORDER}  # A diag(b) against diag(b) A: a function's value may be a matrix
        key, answer = parse(key_text, noncommutative=names).expr, parse(answer_text, noncommutative=names).expr
    except LatexError:
        return None
    if all(isinstance(e, sp.Expr) for e in (key, answer)):
        return _matrix_judgement(key, answer, seed, timeout_s)
    if all(isinstance(e, sp.Equality) and all(isinstance(side, sp.Expr) for side in e.args) for e in (key, answer)):
        # AX = B against XA = B (C = AB against C = BA): the same equation where one's difference of sides is the
        # other's, or its negative, as matrices (both read alike with capitals numbers: probe helper-152)
        ours, theirs = sp.expand(key.lhs - key.rhs), sp.expand(answer.lhs - answer.rhs)  # (the shapes read term by term)
        first = _matrix_judgement(ours, theirs, seed, timeout_s)
        if first is None or first.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
            return first
        # its negative, or a multiple (2AX = 2B): the ratio of the differences read with numbers, tried as matrices
        numbers = {s: sp.Symbol(s.name) for e in (ours, theirs) for s in e.free_symbols if not s.is_commutative}
        try:
            ratio = sp.cancel(ours.xreplace(numbers) / theirs.xreplace(numbers))
        except Exception:  # no ratio SymPy can take: the order as written decided
            return first
        if not (ratio.is_number and ratio.is_nonzero) or ratio == 1:
            return first
        scaled = _matrix_judgement(ours, ratio * theirs, seed, timeout_s)
        return scaled if scaled is not None and scaled.verdict in (Verdict.PROVED, Verdict.CONFIRMED) else first
    return order_counts(key, answer)


def products_in_order(*statements: Parsed, judged: str = "an implication between them is judged with numbers only") -> Judgement | None:
    """:func:`order_counts` of statements read again with the capitals in their products (as written) keeping their
    order; None where none has such products, or they do not read so."""
    try:
        again = [parse(s.text, noncommutative=s.capital_products).expr for s in statements if s.capital_products]
    except LatexError:
        return None
    return order_counts(*again, judged=judged) if again else None


def order_counts(*relations: Any, judged: str = "such relations are compared as two equations only") -> Judgement | None:
    r"""Undecided where relations other than two equations (an implication, sets, inequalities) multiply two different
    capitals or a capital and a vector (AB, H^{-1}g, x^TA): their order counts for matrices, and they are judged with
    numbers only (``C = AB \Rightarrow C = BA`` was proved); None where no product's order counts."""
    for relation in relations:
        parts = [relation] if isinstance(relation, sp.Expr) else list(sp.preorder_traversal(relation))  # (or a side)
        for part in parts:
            if isinstance(part, sp.core.relational.Relational) and all(isinstance(side, sp.Expr) for side in part.args):
                difference = part.lhs - part.rhs
            elif isinstance(part, sp.Expr) and part is relation:
                difference = part
            else:
                continue
            for term in sp.Add.make_args(sp.expand(difference)):
                factors = {f.base if isinstance(f, sp.Pow) else f for f in sp.Mul.make_args(term) if not f.is_commutative}
                if len(factors) > 1:
                    why = f"{sp.sstr(part)} multiplies {', '.join(sorted(map(sp.sstr, factors)))} in an order that counts for matrices"
                    return Judgement(Verdict.UNDECIDED, "matrices", f"{why}; {judged}")
    return None


def _matrix_judgement(key: Any, answer: Any, seed: int, timeout_s: float) -> Judgement | None:
    """:func:`products_judged` of two sides read with matrices, undecided where only one side's shapes make a product
    under any reading of the capitals (A(B + C) - AB = AC: A a vector is one; products_judged itself looks at the
    readings with every capital a matrix)."""
    return shapes_doubted(products_judged(key, answer, seed, timeout_s), key, answer, seed, capitals_as_matrices=False)


def matrices_disagree(judgement: Judgement | None) -> str:
    """Why a pair equal as numbers is left undecided when its capitals read as matrices do not agree ('' if they do)."""
    if judgement is None or judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return ""
    return f"equal if the capitals are numbers, but not shown for matrices (the order of their products): {judgement.describe()}"


# what an answer may not be built from for the domain test below: parts the evaluator cannot always value at a point
_NOT_VALUED = (AppliedUndef, sp.Derivative, sp.Integral, sp.Limit, sp.Sum, sp.Product, sp.MatrixBase, sp.MatrixExpr, sp.Indexed)


def answer_loses_key_domain(
    key: Any,
    answer: Any,
    domains: Domains,
    seed: int = 0,
    timeout_s: float = 1.0,
    written: tuple[tuple, tuple] = ((), ()),
    names: tuple[str, str] = ("key", "answer"),
) -> str:
    """Where an answer is not real on part of its key's domain (within the assumptions), one such point with the key's
    value there; '' if none was found.

    Expressions agree where both are defined, so \\ln x and \\ln(-x) agreed with the key \\ln|x|, and 2\\ln x with
    \\ln(x^2): each loses half of the key's domain, the classic missing absolute value. The loss must show at two drawn
    points (floats), so a hole at a point ((x^2 - 1)/(x + 1) answered for x - 1) is none; the point shown is a simple
    one where there is one. ``written``: where what the key and the answer write is defined (:attr:`Parsed.domain`:
    SymPy reads (\\sqrt{x})^2 as x, real for x >= 0 only as written). A derivation's step is the same question, its
    left side the key (``names`` for the message)."""
    if not all(isinstance(e, sp.Expr) for e in (key, answer)) or any(e.has(*_NOT_VALUED) for e in (key, answer)):
        return ""
    if not (_may_be_unreal(answer) or any(not isinstance(d, sp.Ne) for d in written[1])):
        return ""  # a polynomial, exponentials, a quotient: real wherever the key is, but at points
    symbols = tuple(sorted(key.free_symbols | answer.free_symbols, key=lambda s: s.name))
    if not symbols:
        return ""
    sampler = Sampler(symbols, domains, seed=seed)
    drawn, shown = 0, None
    try:
        with time_limit(timeout_s):
            for point in sampler.points(40, simple=20):
                if not sampler.admissible(point):
                    continue
                key_value, _ = evaluated(key, point)
                if key_value is None or not _written_hold(written[0], point):
                    continue
                answer_value, why = evaluated(answer, point)
                defined = answer_value is not None and _written_hold(written[1], point)
                if defined or (answer_value is None and why != "not real"):  # unknown (a slow series) is not undefined
                    continue
                shown = shown or (point, key_value)
                drawn += any(isinstance(v, sp.Float) for v in point.values())
                if drawn >= 2:
                    break
    except TimeLimitExceeded:
        pass
    if drawn < 2 or shown is None:
        return ""
    point, value = shown
    first, second = names
    where = shown_at(point)
    return f"the {second} is not real at {where}, where the {first} is ({short(value)}): the two agree only where both are defined"


# functions real on part of the line only (a quotient is undefined at points: no loss of a region)
_PARTIAL = (sp.log, sp.asin, sp.acos, sp.acosh, sp.atanh, sp.acoth, sp.asec, sp.acsc, sp.LambertW, sp.factorial, sp.gamma, sp.loggamma)


def _may_be_unreal(expr: Any) -> bool:
    """Whether ``expr`` can fail to be real on a region: a logarithm, an inverse function with a bounded domain, or a
    power with an exponent that is not a whole number (roots, x^y)."""
    if expr.has(*_PARTIAL):
        return True
    return any(not (p.exp.is_Integer or (p.base.is_positive and p.base.is_number)) for p in expr.atoms(sp.Pow))


KEY_DOMAIN_ADVICE = "; if the problem means the narrower domain, the key's assumptions should say so"


def _written_hold(conditions: tuple, point: dict) -> bool:
    """Whether every written-domain condition holds at the point (one that cannot be computed there holds)."""
    for condition in conditions:
        if not (isinstance(condition, sp.Basic) and condition.free_symbols <= set(point)):
            continue
        try:
            if not truth(nnf(condition), point):
                return False
        except Exception:  # Unevaluable, or SymPy's own errors: no evidence that the answer is undefined
            continue
    return True


def compared_with_key(
    key: Any,
    answer: Any,
    domains: Domains,
    answer_numbers: tuple[str, ...],
    key_numbers: tuple[str, ...],
    seed: int,
    timeout_s: float,
    key_domains: Domains | None = None,
    written: tuple[tuple, tuple] = ((), ()),
    band: tuple[Band | None, Band | None] = (None, None),
) -> Judgement:
    """An answer compared with its key (:func:`compare`), with what sets a key apart from the other side of an equation:

    - the answer's written decimals set the tolerance, never the key's: the key 0.5 took 0.55 and 11/20 (its own
      digits, to within 20 %), 0.999v took 0.998v. An answer equal to the key only to the key's digits is
      ``undecided``, for the key may be rounded (0.693 for \\ln 2) or exact;
    - an answer equal where both are defined but not real on part of the key's domain is ``undecided``
      (:func:`answer_loses_key_domain`, over ``key_domains``: the assumptions' domains where ``domains`` were narrowed
      to where what the pair writes is defined).

    ``band``: how to measure how far the rounding of the answer's own decimals moves the difference, and of the key's too
    where it is rounded (:func:`derivax.digits.rounding_band`), where it can be."""
    j = compare(key, answer, "==", domains, numbers=answer_numbers, seed=seed, timeout_s=timeout_s, band=band[0])
    held = (Verdict.PROVED, Verdict.CONFIRMED)
    decimals = tuple(n for n in key_numbers if "." in n)
    if j.verdict not in held and decimals and not j.reason.startswith(UNDEFINED):
        wide = compare(key, answer, "==", domains, numbers=answer_numbers + key_numbers, seed=seed, timeout_s=timeout_s, band=band[1])
        if wide.verdict in held or _rounds_to_key(key, answer, key_numbers):
            why = (
                f"equal to the key only to the key's own digits ({', '.join(decimals[:3])}): if the key is rounded the answer "
                "agrees, if it is exact the answer differs; write the key exactly or list the accepted rounding"
            )
            return Judgement(Verdict.UNDECIDED, "digits written", why, None, wide.points, wide.tolerance, wide.seconds)
    coarser = [n for n in answer_numbers if "." in n and decimals and significant_digits(n) < min(map(significant_digits, decimals))]
    if j.verdict in held and coarser and j.method != "symbolic (identical)" and not _within_one_per_cent(key, answer):
        exact = compare(key, answer, "==", domains, seed=seed, timeout_s=timeout_s)
        if exact.verdict not in held:  # 1.0 for the key 1.04: equal only as the key rounded to fewer digits than it gives
            why = (
                f"equal to the key only rounded to the answer's digits ({', '.join(coarser[:3])}), fewer than the key gives "
                f"({', '.join(decimals[:3])}): a person says whether that precision was asked for"
            )
            return Judgement(Verdict.UNDECIDED, "digits written", why, None, j.points, j.tolerance, j.seconds)
    if j.verdict in held:
        lost = answer_loses_key_domain(key, answer, key_domains or domains, seed, min(1.0, timeout_s / 4), written)
        if lost:
            return Judgement(Verdict.UNDECIDED, j.method, lost + KEY_DOMAIN_ADVICE, None, j.points, j.tolerance, j.seconds)
    return j


def _rounds_to_key(key: Any, answer: Any, key_numbers: tuple[str, ...]) -> bool:
    """Whether a key that is one decimal as written (0.5) is the answer (0.54, \\frac{11}{20}) rounded to the key's last
    digit: half a unit of it either way, one significant digit or more (0.5 and 0.54 were different, 2.5 and 2.54 not)."""
    if len(key_numbers) != 1 or "." not in key_numbers[0] or not all(isinstance(e, sp.Expr) and e.is_number for e in (key, answer)):
        return False
    written = key_numbers[0].lstrip("-")
    if sp.Abs(key) != sp.Rational(written):
        return False
    half_unit = sp.Rational(1, 2) * sp.Integer(10) ** -len(written.split(".")[1])
    try:  # (0.55 itself, on the boundary, too: 0.549 rounds to both 0.5 and 0.55, so undecided is the safe word)
        return bool(sp.Abs(sp.nsimplify(answer) - key) <= half_unit) if answer.is_real else False
    except TypeError:
        return False


def _within_one_per_cent(key: Any, answer: Any) -> bool:
    """Two numbers within 1 % of each other, as a one-digit answer must be (5e-9 for the key 4.99975e-9 is right to its
    digits; 1.0 for 1.04, 4 % off, is the key rounded past what it gives)."""
    if not all(isinstance(e, sp.Expr) and e.is_number for e in (key, answer)):
        return False
    try:
        k, a = (float(e) for e in (key, answer))
    except (TypeError, ValueError, OverflowError):
        return False
    return k != 0 and abs(k - a) <= 0.01 * abs(k)


def equivalent_expressions(
    key: Any,
    answer: Any,
    domains: Domains,
    *,
    seed: int = 0,
    timeout_s: float = 5.0,
    numbers: tuple[str, ...] = (),
    own: tuple[tuple | None, tuple | None] | None = None,
    key_numbers: tuple[str, ...] = (),
    written: tuple[tuple, tuple] = ((), ()),
) -> Judgement:
    """Is an answer equal to its key as a real function, under every reading? (:func:`compared_with_key`)

    ``numbers``: the answer's written numbers; ``key_numbers``: the key's. ``own``: the key's and the answer's own
    second readings (:attr:`Parsed.second_readings`, in the expressions' symbols), each applied to its own input alone
    (``1/2x`` against ``\\frac{x}{2}``, both the node x/2; an answer ``3\\frac{1}{2}``, a number); without them, the
    registry's."""
    whole = sp.Tuple(key, answer)
    lifted = readings_of_parts(whole, [key, answer], list(own), lambda parts: sp.Tuple(*parts)) if own is not None else None
    # compared where what both write is defined (\sqrt{x}^2 is x to SymPy, real for x >= 0 only), as equiv and check do
    # (a point excluded, x != 0 of 1/x, narrows nothing: the evaluation skips it)
    bounds = [c for c in (*written[0], *written[1]) if not isinstance(c, sp.Ne)]
    within = where_written_defined(domains.as_conditions(), bounds, whole.free_symbols, domains) if bounds else domains

    def judged(substitution: dict) -> Judgement:
        first, second = whole.xreplace(substitution) if lifted is not None else (key.xreplace(substitution), answer.xreplace(substitution))
        j = compared_with_key(first, second, within, numbers, key_numbers, seed, timeout_s, domains, written)
        if j.verdict is Verdict.UNDECIDED and j.reason.startswith(UNDEFINED):
            j = with_unknowns(first, second, domains.as_conditions(), seed, timeout_s, (numbers, key_numbers), within) or j
        return j

    return every_reading([whole], judged, lifted) if lifted is not None else every_reading([key, answer], judged)


def with_unknowns(
    key: Any,
    answer: Any,
    conditions: list[Any],
    seed: int,
    timeout_s: float,
    numbers: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    domains: Domains | None = None,
) -> Judgement | None:
    """Two expressions that the kernel compares as unknown functions (a written matrix reads as ``matrix(...)``,
    products of capitals, entries ``x[k]`` under sums), judged as ``check`` and ``steps`` judge them: written matrices
    entry by entry, products of capitals on random matrices, indexed sides instantiated at small sizes. None where
    none applies. The one procedure behind ``equiv`` and ``grade`` (a matrix answer was undecided in ``grade`` and
    ``different`` in ``equiv``: probe helper-114). ``numbers``: the answer's and the key's written numbers; with
    ``domains``, two matrices written out are compared entry by entry as an answer with its key (the answer's digits
    set each entry's tolerance: (0.269, 0.731) for (1/(1+e), e/(1+e)) was different, probe helper-130)."""
    rows = (written_matrix(key), written_matrix(answer))
    for written, other, which in ((rows[0], answer, "key"), (rows[1], key, "answer")):
        # a number against a written vector or matrix (not 1x1): objects of different kinds, as an expression against a set
        # is (it was undecided, "uses functions defined elsewhere: matrix", probe helper-134)
        if written is not None and len(written) * len(written[0]) > 1 and isinstance(other, sp.Expr) and other.is_number:
            shape = f"{len(written)}x{len(written[0])}"
            values = (f"a {shape} matrix", float(other)) if which == "key" else (float(other), f"a {shape} matrix")
            ce = Counterexample({}, *values, f"the {which} is a {shape} matrix written out, the other a number: different kinds")
            return Judgement(Verdict.REFUTED, "kinds", "", ce)
    if domains is not None and rows[0] is not None and rows[1] is not None:
        answer_numbers, key_numbers = numbers
        share = timeout_s * 0.9 / max(1, sum(map(len, rows[0])))

        def entry_judged(a: Any, b: Any, where: str) -> Judgement:
            return compared_with_key(a, b, domains, answer_numbers, key_numbers, seed, share)

        return _entries_judged(entry_judged, rows[0], rows[1], "")
    if has_written_matrix(key) and has_written_matrix(answer):  # written matrices, and products of them worked out
        statement = Parsed(f"{sp.sstr(key)} = {sp.sstr(answer)}", sp.Eq(key, answer, evaluate=False), "relation")
        given = [Parsed(sp.sstr(c), c, "relation") for c in conditions]
        return check_statement(statement, given, None, timeout_s=timeout_s * 0.9, seed=seed)
    products = products_judged(key, answer, seed, timeout_s * 0.9)
    if products is not None:  # (AB)^T against B^T A^T; y^T X w against w^T X^T y: random matrices and vectors
        return products
    return indexed_judgement(key, answer, conditions, seed, timeout_s * 0.9)  # x_k under sums: at n = 1..6


FOREIGN_ADVICE = "but the answer uses %s, which the key does not, and with %s it is the key: a person should look"
FOREIGN_RELATION = (
    "but the answer uses %s, which the key does not: if that names one of the key's quantities under another spelling, "
    "the answer may be right, so a person should look"
)
FOREIGN_NOTE = "; the answer uses %s, which the key does not (read as any of the key's names, it is still not the key)"
_RENAMINGS_MAX = 64  # readings of the answer's names tried; past this nothing is known


def read_as_key_names(
    key: Any, answer: Any, foreign: list[str], domains: Domains, seed: int, timeout_s: float, spelled: Callable[[str], str] | None = None
) -> str | None:
    """How the answer's names that the key does not use, each read as one of the key's, make it the key (``"a_j read
    as a, y_j read as y"``, the key's names as ``spelled`` gives them); "" where no such reading does (x + c for the
    key x); None where there were too many readings to try them all (then nothing is known).

    A name is read only as a key's name it may be another spelling of (:func:`spellings_of`): the same letter in
    another case or with an index the other lacks (X as x, a_j as a, beta as beta_1, m_hat as m_hat_t), never an index
    changed (W_ji is no W_ij); a name like none of the key's as one the answer leaves unused (eta as epsilon, \\hat{y}
    as a); \\sigma alone as the logistic of the key's argument. Two names are never read as one. A difference found by
    giving a student's own name its own value refutes nothing a person would where the name may be the key's under
    another spelling (probe helper-114: a_j - y_j for a - y, \\sigma(1 - \\sigma) for \\sigma(z)(1 - \\sigma(z))
    were incorrect), and a reading that swaps names (y_j - a_j as a - y) is no spelling (probe helper-116)."""
    if not (isinstance(key, sp.Expr) and isinstance(answer, sp.Expr)):
        return ""
    spelled = spelled or (lambda name: name)
    names = {s.name: s for s in answer.free_symbols}
    if any(name not in names for name in foreign):
        return ""
    own = sorted(key.free_symbols, key=lambda s: s.name)
    unused = [k for k in own if k.name not in names]
    denominators = [p.base for p in key.atoms(sp.Pow) if p.exp.is_negative and _is_logistic_denominator(p.base)]
    logistic = list(dict.fromkeys(next(a for a in d.args if isinstance(a, sp.exp)) for d in denominators))
    choices = []
    for name in foreign:
        candidates = [(k, spelled(k.name)) for k in spellings_of(name, own, unused)]
        if name == "sigma":  # \sigma(1 - \sigma): the logistic of the key's argument, as the key writes it
            candidates = [(1 / (1 + e), f"sigma({sp.sstr(-e.args[0])})") for e in logistic] + candidates
        if _squared_only(answer, names[name]):
            # \sigma_x^2 for the key's Var X (var_x, nonnegative, the same index): a standard deviation squared is the
            # variance (the textbook Var(XY) was incorrect, "still not the key": probe helper-184 F28)
            roots = [k for k in own if _same_index(name, k.name) and _nonnegative(k, domains)]
            candidates += [(sp.sqrt(k), f"{spelled(k.name)} (its square)") for k in roots]
        choices.append([(names[name], c, label) for c, label in candidates])

    def holds(combo: tuple) -> bool:
        renamed = answer.xreplace({a: b for a, b, _ in combo})
        judged = compared_with_key(key, renamed, domains, (), (), seed, min(1.0, timeout_s / 4))
        return judged.verdict in (Verdict.PROVED, Verdict.CONFIRMED)

    found = first_reading(choices, holds, timeout_s, _RENAMINGS_MAX)
    return found if found is None or found == "" else ", ".join(f"{a.name} read as {label}" for a, _, label in found)


def _squared_only(expr: Any, name: sp.Symbol) -> bool:
    """Whether ``name`` appears in ``expr`` only to even powers (sigma_x^2, sigma_x^4)."""
    powers = [p for p in expr.atoms(sp.Pow) if p.base == name]
    even = [p for p in powers if p.exp.is_even]
    return bool(even) and len(even) == len(powers) and not expr.xreplace({p: sp.Dummy() for p in even}).has(name)


def _same_index(name: str, other: str) -> bool:
    """Whether two names carry the same index (sigma_x and var_x; sigma and v, both none)."""
    return name.partition("_")[2] == other.partition("_")[2]


def _nonnegative(symbol: sp.Symbol, domains: Domains) -> bool:
    """Whether ``symbol``'s domain lies in [0, oo) (a variance)."""
    domain = domains.of(symbol)
    return domain is not sp.S.Reals and bool(domain.is_subset(sp.Interval(0, sp.oo)))


def first_reading(choices: list[list[tuple]], holds: Callable[[tuple], bool], timeout_s: float, most: int) -> tuple | str | None:
    """The first way to read each name as one of its candidates (``choices``: per name, tuples whose second item is
    the key's name or value it is read as; two names never read as one) under which ``holds``; "" where none does;
    None where there are more than ``most`` ways, or ``timeout_s`` passed before all were tried (nothing known)."""
    combos = [c for c in itertools.product(*choices) if len({id(item[1]) for item in c}) == len(c)]
    if len(combos) > most:
        return None
    started = time.perf_counter()
    for combo in combos:
        if time.perf_counter() - started > timeout_s:
            return None
        if holds(combo):
            return combo
    return ""


_DECORATIONS = frozenset({"hat", "bar", "tilde", "dot", "ddot", "star", "prime"})  # a decorated name is another quantity


def _stem(name: str) -> tuple[str, tuple[str, ...], bool]:
    """A canonical name's letter (any case), its decorations (hat, bar, ...: an arrow, vec, is no new quantity) and
    whether it has an index: ``m_hat_t`` -> ("m", ("hat",), True), ``X`` -> ("x", (), False)."""
    base, *parts = name.split("_")
    decorations = tuple(p for p in parts if p in _DECORATIONS)
    index = any(p and p not in _DECORATIONS and p != "vec" for p in parts)
    return base.lower(), decorations, index


def spellings_of(name: str, own: list[sp.Symbol], unused: list[sp.Symbol]) -> list[sp.Symbol]:
    """The key's names that ``name`` may be another spelling of (see :func:`read_as_key_names`)."""
    letter, decorations, index = _stem(name)
    alike = [k for k in own if _stem(k.name)[:2] == (letter, decorations)]
    if alike:  # the same letter: only where one of the two has no index (a_j for a, beta for beta_1)
        return [k for k in alike if not (index and _stem(k.name)[2])]
    return unused


def _is_logistic_denominator(expr: Any) -> bool:
    """1 + e^{-u}: the denominator of the logistic of u, as the reader writes \\sigma(u)."""
    return isinstance(expr, sp.Add) and len(expr.args) == 2 and sp.S.One in expr.args and any(isinstance(a, sp.exp) for a in expr.args)


def foreign_names(answer_symbols: Iterable[Any], known: Iterable[str], key_symbols: Iterable[Any]) -> list[str]:
    """The answer's names that the key (and its assumptions) never use, where the key has names at all: a difference
    found by giving such a name its own value refutes nothing a person would (a_j - y_j for the key a - y, the shorthand
    \\sigma(1 - \\sigma) for \\sigma(z)(1 - \\sigma(z)): probe helper-114). A key without names (a number) keeps its
    verdict: an answer in letters for a number is wrong whatever they name. The one rule of ``grade`` and ``equiv``."""
    if not any(True for _ in key_symbols):
        return []
    known = set(known)
    return sorted({getattr(s, "name", str(s)) for s in answer_symbols} - known)
