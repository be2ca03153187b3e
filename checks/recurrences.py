r"""Recurrences with an index shift, ``m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t``, checked by unrolling.

A document that states a recurrence and then unrolls it (``m_t = \beta_1^2 m_{t-2} + \dots``, or a closed
form ``m_t = \beta_1^t m_0 + \sum_{i=0}^{t-1} \beta_1^i (1-\beta_1) g_{t-i}``, or ``m_2`` written out) is
checked at t = 1..6: every term of a sequence gets a fresh symbol (``g_1, ..., g_t``), every ``m_k`` is
replaced by the recurrence down to ``m_0``, sums with a bound in t are added up, and the two sides are
compared exactly (SymPy's ``expand``; they are polynomials in the fresh symbols). So for each t the check
is a proof of that instance, not a sample; which t were checked is in the evidence.

The initial value: where the sides agree for a free ``m_0``, none is needed. Where they differ but the
difference does not involve ``m_0``, the step is wrong whatever the initial value. Otherwise the
document or the context file must state ``m_0`` (``m_0 = 0``); if neither does, the step is
``undecided``, naming the missing initial value.

A step is checked this way only if every symbol in it belongs to the recurrence: its sequence, the
sequences that drive it (``g``), its constants (``\beta_1``) and the index; a step about anything else
(``\hat{m}_t = m_t / (1 - \beta_1^t)`` defines ``\hat{m}_t``) is left to the other checks.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.limits import clock, time_limit

__all__ = ["Recurrence", "RecurrenceCheck", "check_with_recurrence", "first_terms", "follows_from_rules", "recurrence_from"]

SIZES = range(1, 7)  # t = 1..6
# and past them while it stays cheap: "in general, eta_t = 0.1 min(t, 10)" after eta_t = eta_{t-1} + 0.1 agrees up to t = 10
_FURTHER = (*SIZES, 7, 8, 9, 10, 11, 12, 16, 20, 25, 30)
_FURTHER_S = 1.0
_MAX_ORDER = 6
_MAX_OPS = 20_000


class _TooLarge(Exception):
    """An unrolled side too large to compare exactly (a step with m_t^{50}, say)."""


@dataclass(frozen=True)
class Recurrence:
    r"""``base_index = expr``: ``m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t`` is base m, index t, order 1."""

    base: str
    index: str
    expr: Any
    line: int
    order: int  # the largest shift k of base_{t-k}
    sequences: frozenset[str]  # bases of the driving sequences (g), and base itself
    constants: frozenset[sp.Symbol]

    def describe(self) -> str:
        return f"the recurrence for {self.base}_{self.index} (line {self.line})"


@dataclass(frozen=True)
class RecurrenceCheck:
    """The outcome: status ok / wrong / undecided, the message, and a witness for wrong."""

    status: str
    message: str
    at: dict[str, Any] | None = None
    lhs: Any = None
    rhs: Any = None


def _term(name: str, index: str) -> tuple[str, int | None, bool] | None:
    """``m_tminus2`` -> (m, -2, True); ``m_t`` -> (m, 0, True); ``g_3`` -> (g, 3, False); else None."""
    found = re.fullmatch(rf"(.+?)_(?:({re.escape(index)})(?:(minus|plus)(\d+))?|(\d+))", name)
    if not found:
        return None
    if found.group(5) is not None:
        return found.group(1), int(found.group(5)), False
    shift = int(found.group(4) or 0) * (-1 if found.group(3) == "minus" else 1)
    return found.group(1), shift, True


def _shift_back(expr: Any, index: str, by: int) -> Any:
    """``expr`` with t replaced by t - by: ``x_t`` -> ``x_{t-1}`` (by = 1), ``g_{t+1}`` -> ``g_t``, t -> t - 1."""
    subs = {}
    for s in expr.free_symbols:
        if s.name == index:
            subs[s] = s - by
            continue
        term = _term(s.name, index)
        if term is not None and term[2]:
            subs[s] = sp.Symbol(_entry_name(term[0], index, term[1] - by), **s.assumptions0)
    return expr.xreplace(subs)


def entry_derivatives(expr: Any, rec: Recurrence) -> tuple[Any, list[str]] | None:
    r"""``expr`` with each derivative of an entry of ``rec``'s sequence by an earlier entry of it worked out from the rule
    (``\frac{\partial c_t}{\partial c_{t-1}}`` after ``c_t = f_t c_{t-1} + i_t g_t`` is f_t; by c_{t-2}, f_t f_{t-1}): the
    entries between put in by the rule shifted to their index, the driving sequences held (they are the rule's own
    inputs), and the words for each; None where it writes none. A derivative by a later entry, or more than six steps
    back, is left as it is."""
    if not isinstance(expr, sp.Basic):
        return None
    from derivax.latex import named_derivative

    found, said = {}, []
    for applied in expr.atoms(AppliedUndef):
        named = named_derivative(applied.func.__name__)
        terms = [_term(s.name, rec.index) for s in named] if named else []
        # (c_t by c_{t-1}, at the index letter, or c_2 by c_0, numbered entries)
        if len(terms) != 2 or any(t is None or t[0] != rec.base for t in terms) or terms[0][2] != terms[1][2]:
            continue
        (_, top, lettered), (_, by, _) = terms
        if not 0 < top - by <= 6:
            continue

        def rule_at(shift: int, lettered: bool = lettered) -> Any:
            return _shift_back(rec.expr, rec.index, -shift) if lettered else _rule_at_number(rec, shift)

        variable = sp.Symbol(_entry_name(rec.base, rec.index, by) if lettered else f"{rec.base}_{by}")
        body = rule_at(top)
        for _ in range(top - by):  # put in every entry after the variable's, down to it
            later = {
                s: rule_at(shift)
                for s in body.free_symbols
                if (t := _term(s.name, rec.index)) is not None and t[2] == lettered and t[0] == rec.base and (shift := t[1]) > by
            }
            if not later:
                break
            body = body.xreplace(later)
        same = {s: variable for s in body.free_symbols if s.name == variable.name}  # one symbol, whatever its assumptions
        found[applied] = sp.diff(body.xreplace(same), variable)
        said.append(f"{applied.func.__name__} from {rec.describe()}, the other sequences held")
    return (expr.xreplace(found), said) if found else None


def _rule_at_number(rec: Recurrence, number: int) -> Any:
    """``rec``'s rule for the entry numbered ``number`` (``c_2 = f_2 c_1 + i_2 g_2``): each term at the index letter
    shifted by k becomes the numbered term ``number + k``, the letter itself the number."""
    put = {}
    for s in rec.expr.free_symbols:
        term = _term(s.name, rec.index)
        if s.name == rec.index:
            put[s] = sp.Integer(number)
        elif term is not None and term[2]:
            put[s] = sp.Symbol(f"{term[0]}_{number + term[1]}", **s.assumptions0)
    return rec.expr.xreplace(put)


def _entry_name(base: str, index: str, shift: int) -> str:
    """The name of ``base`` at ``index`` shifted by ``shift`` (``c_tminus1``), as the grammar writes it."""
    return f"{base}_{index}" + ("" if shift == 0 else f"{'plus' if shift > 0 else 'minus'}{abs(shift)}")


def recurrence_from(lhs: Any, rhs: Any, line: int) -> Recurrence | None:
    """``lhs = rhs`` as a recurrence (``m_t = ... m_{t-1} ...``), or None.

    The forward form ``x_{t+1} = x_t - \\epsilon a x_t`` is the same recurrence one step later: it is
    stored as ``x_t = x_{t-1} - \\epsilon a x_{t-1}`` (every index in it shifted down by the same amount).
    """
    if not isinstance(lhs, sp.Symbol) or not isinstance(rhs, sp.Expr):
        return None
    forward = re.fullmatch(r"(.+?)_([a-z])plus(\d)", lhs.name)
    if forward:
        base, index, by = forward.group(1), forward.group(2), int(forward.group(3))
        if sp.Symbol(index) in rhs.free_symbols or rhs.has(sp.Indexed):
            return None  # t itself in the rule (a schedule): shifting it is right, but keep to plain recurrences
        rhs = _shift_back(rhs, index, by)
        found = re.fullmatch(r"(.+?)_([a-z])", f"{base}_{index}")
    else:
        found = re.fullmatch(r"(.+?)_([a-z])", lhs.name)
    if not found:
        return None
    base, index = found.groups()
    shifts, sequences, constants = [], {base}, set()
    for s in rhs.free_symbols:
        term = _term(s.name, index)
        if s.name == index:
            continue
        if term is None or not term[2]:
            constants.add(s)
            continue
        if term[0] == base:
            if term[1] >= 0:
                return None  # m_t in terms of m_t or m_{t+1}: not a recurrence
            shifts.append(-term[1])
        else:
            sequences.add(term[0])
    if not shifts or max(shifts) > _MAX_ORDER or rhs.has(sp.Sum, sp.Product, sp.Indexed, sp.Derivative):
        return None
    own = [s for s in rhs.free_symbols if (_term(s.name, index) or ("",))[0] == base]
    if not all(s.is_commutative for s in rhs.free_symbols):
        return None  # a vector's or a matrix's rule (declared so): derivax.matrix_recurrences reads it (a Poly of it raised)
    if not rhs.is_polynomial(*own) or sp.Poly(rhs, *own).total_degree() > 1:
        return None  # linear in its own past terms only (EMA, momentum, Adam): unrolling stays small
    return Recurrence(base, index, rhs, line, max(shifts), frozenset(sequences), frozenset(constants))


def follows_from_rules(left: Any, right: Any, rules: list[Recurrence]) -> bool:
    r"""Whether ``left - right`` is a combination of the rules' instances (each ``base_t - rule`` at t - 2 .. t + 1), with
    coefficients free of every sequence's terms: then the step holds wherever the rules do, whatever the initial values.

    ``w_{t+1} = w_t + \mu v_t - \eta\lambda w_t = (1 + \mu - \eta\lambda) w_t - \mu w_{t-1}`` beside ``v_{t+1} = \mu v_t -
    \eta\lambda w_t`` and ``w_{t+1} = w_t + v_{t+1}``: the first link is the w rule with the v rule put in, the second
    takes ``v_t = w_t - w_{t-1}`` from the w rule one step back. A linear system in the coefficients (SymPy's
    ``linsolve``) decides it exactly; it proves, it never refutes (a step that is no combination may still hold for the
    initial values the text has)."""
    index = {rule.index for rule in rules}
    if len(index) != 1 or not all(isinstance(e, sp.Expr) for e in (left, right)):
        return False
    letter = index.pop()
    difference = sp.expand(left - right)
    if difference == 0 or difference.has(sp.Sum, sp.Product, sp.Indexed, sp.Derivative) or sp.Symbol(letter) in difference.free_symbols:
        return False
    instances = [
        _shift_back(sp.Symbol(f"{rule.base}_{letter}", **_assumptions_of(rule)) - rule.expr, letter, by)
        for rule in rules
        for by in (-1, 0, 1, 2)
    ]
    terms = sorted(
        {s for e in (difference, *instances) for s in e.free_symbols if (_term(s.name, letter) or ("", 0, False))[2]}, key=str
    )
    if not terms:
        return False
    weights = sp.symbols(f"c0:{len(instances)}", cls=sp.Dummy)
    combined = sp.expand(difference - sum((w * e for w, e in zip(weights, instances, strict=True)), sp.Integer(0)))
    try:
        equations = sp.Poly(combined, *terms).coeffs()
    except sp.PolynomialError:
        return False
    return bool(sp.linsolve(equations, weights))


def _assumptions_of(rule: Recurrence) -> dict[str, Any]:
    """The assumptions the rule's own symbol has (the symbols of the step must be the same objects)."""
    own = [s for s in rule.expr.free_symbols if (_term(s.name, rule.index) or ("",))[0] == rule.base]
    return own[0].assumptions0 if own else {}


def _belongs(expr: Any, rec: Recurrence) -> bool:
    """Every symbol is the index, a constant of the recurrence, or a term of one of its sequences."""
    if not isinstance(expr, sp.Basic):
        return False
    bound = set()
    for s in expr.atoms(sp.Sum, sp.Product):
        bound |= {limit[0] for limit in s.limits}
    labels = set()
    for indexed in expr.atoms(sp.Indexed):
        if str(indexed.base) not in rec.sequences:
            return False
        labels.add(str(indexed.base))
    for s in expr.free_symbols - bound:
        if isinstance(s, sp.Indexed):
            continue  # g[i] in a sum: its base was checked above
        if s.name == rec.index or s in rec.constants or s.name in labels:
            continue
        term = _term(s.name, rec.index)
        if term is None or term[0] not in rec.sequences:
            return False
    return True


def _name(base: str, k: int) -> str:
    return f"{base}_{k}" if k >= 0 else f"{base}_minus{-k}"


def first_terms(rec: Recurrence, initial: Any, count: int) -> dict[str, Any]:
    """``base_1`` .. ``base_count`` of a recurrence driven by no other sequence, unrolled from ``initial``; {} if one
    cannot be (a term before the initial value, a side too large)."""
    unroller = _Unroller(rec, initial)
    try:
        return {_name(rec.base, k): unroller.term(k) for k in range(1, count + 1)}
    except (ValueError, _TooLarge):
        return {}


class _Unroller:
    """Both sides at one t, with every term of the base sequence unrolled down to ``base_first`` (``base_0``, or
    ``base_1`` where the document starts the sequence there: m_1 = g_1)."""

    def __init__(self, rec: Recurrence, initial: Any, first: int = 0):
        self.rec, self.initial, self.first = rec, initial, first
        self.memo: dict[int, Any] = {}

    def term(self, k: int) -> Any:
        if k < self.first:
            raise ValueError("before the initial value")
        if k == self.first:
            return self.initial
        if k not in self.memo:
            # the terms below first, in order: each then needs the one before it only (w_{500} recursed once per step
            # through term and _at, past Python's recursion limit: probe helper-167)
            for j in range(max(self.memo, default=self.first) + 1, k):
                try:
                    self.memo.setdefault(j, sp.expand(self._at(self.rec.expr, j, unroll=True)))
                except ValueError:  # a term this order cannot reach (before the initial value): left to the recursion
                    break
            self.memo[k] = sp.expand(self._at(self.rec.expr, k, unroll=True))
        return self.memo[k]

    def _at(self, expr: Any, t: int, unroll: bool) -> Any:
        rec = self.rec
        mapping = {}
        for s in expr.free_symbols:
            if not isinstance(s, sp.Symbol):
                continue
            if s.name == rec.index:
                mapping[s] = sp.Integer(t)
                continue
            term = _term(s.name, rec.index)
            if term is None or term[0] not in rec.sequences:
                continue
            k = t + term[1] if term[2] else term[1]
            mapping[s] = self.term(k) if (term[0] == rec.base and unroll) else sp.Symbol(_name(term[0], k))
        out = expr.xreplace(mapping)
        if out.has(sp.Sum, sp.Product):
            out = out.doit()
        for indexed in out.atoms(sp.Indexed):
            (k,) = indexed.indices
            if not k.is_Integer:
                raise ValueError("an index that is not an integer")
            name = str(indexed.base)
            out = out.xreplace({indexed: self.term(int(k)) if name == rec.base else sp.Symbol(_name(name, int(k)))})
        # A term of the base sequence written with a number (m_2, m_0) is unrolled too.
        numbered = {
            s: self.term(int(s.name.rsplit("_", 1)[1])) for s in out.free_symbols if re.fullmatch(rf"{re.escape(rec.base)}_\d+", s.name)
        }
        return out.xreplace(numbered) if numbered else out

    def side(self, expr: Any, t: int) -> Any:
        out = sp.expand(self._at(expr, t, unroll=True))
        if sp.count_ops(out) > _MAX_OPS:
            raise _TooLarge(f"the unrolled side at t = {t} has over {_MAX_OPS} operations")
        return out


def _difference(left: Any, right: Any) -> Any:
    """``left - right``, zero when it is zero as a rational function of the symbols (expand alone
    leaves g(1 - mu^2)/(1 - mu) - g(1 + mu) standing)."""
    difference = sp.expand(left - right)
    return difference if difference == 0 else sp.cancel(sp.together(difference))


def _witness(difference: Any, sides: tuple[Any, Any], seed: int) -> dict[sp.Symbol, Any] | None:
    """Rational values in (0, 1) for the sides' free symbols where the difference is not zero."""
    rng = random.Random(seed)
    symbols = sorted(difference.free_symbols | sides[0].free_symbols | sides[1].free_symbols, key=lambda s: s.name)
    for _ in range(20):
        point = {s: sp.Rational(rng.randint(1, 9), 10) for s in symbols}
        if difference.xreplace(point) != 0:
            return point
    return None


def _bound_by(binder: Any) -> set[Any]:
    """The variables a limit, sum, product, integral or derivative binds."""
    if isinstance(binder, sp.Limit):
        return {binder.args[1]}
    if isinstance(binder, sp.Derivative):
        return set(binder.variables)
    return {limit[0] for limit in binder.limits}


def check_with_recurrence(
    lhs: Any,
    rhs: Any,
    rec: Recurrence,
    initial: tuple[Any, str] | None,
    conditions: list[Any],
    seed: int = 0,
    values: dict[sp.Symbol, Any] | None = None,
    first: int = 0,
) -> RecurrenceCheck | None:
    """Judge ``lhs = rhs`` by unrolling ``rec`` at t = 1..6; None if the step is not about the recurrence.

    ``initial`` is (value of base_first, where it was stated), or None where nothing states it (``first`` is the
    index the sequence starts at: 0, or 1 where the document gives ``m_1 = g_1`` and no ``m_0``);
    ``conditions`` are the step's assumptions: a witness must satisfy them; ``values``: the numbers the document
    gives terms of the other sequences (theta_0 = 1 beside v_{t+1} = 0.5 v_t - 0.2 theta_t), put in the unrolled side.
    A difference left in such a term that the step does not mention (it wrote a number for it) is no slip.
    """
    values = values or {}
    used_values: dict[sp.Symbol, Any] = {}
    if not (_belongs(lhs, rec) and _belongs(rhs, rec)):
        return None
    mentions = [e for e in (lhs, rhs) if any((_term(s.name, rec.index) or ("",))[0] == rec.base for s in e.free_symbols)]
    if not mentions and not any(str(i.base) == rec.base for e in (lhs, rhs) for i in e.atoms(sp.Indexed)):
        return None
    index = sp.Symbol(rec.index)
    if any(index in _bound_by(b) for e in (lhs, rhs) for b in e.atoms(sp.Limit, sp.Sum, sp.Product, sp.Integral, sp.Derivative)):
        # \lim_{t \to \infty} v_t: t is bound there, so putting t = 1..6 in would judge another statement
        why = f"{rec.index} is bound in the step (a limit, sum or derivative over it): not judged by unrolling"
        return RecurrenceCheck("undecided", why)
    start = sp.Symbol(_name(rec.base, first))
    if initial is None and ((lhs == start and rhs.is_number) or (rhs == start and lhs.is_number)):
        return None  # m_0 = 0 where nothing fixed m_0 yet: the step states the initial value (a definition, not a claim)
    free, known = _Unroller(rec, start, first), _Unroller(rec, initial[0], first) if initial is not None else None
    checked, needs_initial, used_known = [], False, False
    symbols = [s for e in (lhs, rhs) for s in e.free_symbols if isinstance(s, sp.Symbol)]
    written = any(s.name == start.name for s in symbols)
    general = any(s.name == rec.index or (_term(s.name, rec.index) or ("", 0, False))[2] for s in symbols)
    began = clock()
    for t in _FURTHER if general else SIZES[:1]:  # m_2 = ... names fixed terms: one unrolling decides it
        if t > max(SIZES) and (needs_initial or clock() - began > _FURTHER_S):
            break  # past t = 6 only while it is cheap: the sizes checked are named
        if general and not all(_holds(c, {index: sp.Integer(t)}) for c in conditions if index in c.free_symbols):
            continue  # "for t >= 2": the step is not claimed at t = 1
        try:
            left, right = free.side(lhs, t), free.side(rhs, t)
            put = [k for k in sorted(values, key=str) if left.has(k) or right.has(k)]
            used_values.update((k, values[k]) for k in put)
            left, right = left.xreplace(values), right.xreplace(values)
        except ValueError:
            continue  # t too small for a term such as m_{t-3}
        except _TooLarge as error:
            if t > max(SIZES):
                break
            return RecurrenceCheck("undecided", f"unrolling {rec.describe()}: {error}")
        difference = _difference(left, right)
        checked.append(t)
        if difference == 0:
            continue
        given = ""
        if start in difference.free_symbols:
            if known is None and not written:
                needs_initial = True
                continue
            if known is None:  # the step itself names base_0 as a free quantity: it claims every initial value
                why = f"; the step names {start} and the document does not fix it"
                found = _wrong_at(rec, t if general else None, difference, left, right, conditions, seed, "", why)
                if found is not None:
                    return found
                needs_initial = True
                continue
            try:
                left, right = known.side(lhs, t).xreplace(values), known.side(rhs, t).xreplace(values)
            except _TooLarge as error:
                return RecurrenceCheck("undecided", f"unrolling {rec.describe()}: {error}")
            difference = _difference(left, right)
            given = f" with {start} = {initial[0]} ({initial[1]})"
            used_known = True
            if difference == 0:
                continue
        others = sorted(
            s.name
            for s in difference.free_symbols
            if (term := _term(s.name, rec.index)) and term[0] != rec.base and term[0] in rec.sequences
        )
        mentioned = {(_term(s.name, rec.index) or (s.name,))[0] for s in symbols}
        if others and not {_term(o, rec.index)[0] for o in others} & mentioned:  # v_1 = 0.5 * 0 - 0.2 * 1: numbers for theta
            why = f"unrolling {rec.describe()} ({rec.index} = {t}): the sides differ by terms of another sequence ({', '.join(others)})"
            return RecurrenceCheck("undecided", f"{why} that the step gives numbers for and the document does not fix")
        given += "".join(f" with {k} = {v}" for k, v in used_values.items())
        # a number claimed (w_1 = 0.5), never a formula in the constants (v_3 = g(1 + \mu + 2\mu^2) claims every mu)
        # ... or with a decimal (s_2 = 0.19 g^2: rho = 0.9 put in), numbers that constants given in words may explain
        claimed = any(isinstance(side, sp.Expr) and (not side.free_symbols or _decimal_in(side)) for side in (lhs, rhs))
        both = {s.name for s in lhs.free_symbols} & {s.name for s in rhs.free_symbols}  # claimed for every value of them
        fixing = _fixing_values(difference, rec, conditions, written={s.name for s in symbols}, claimed_for_all=both) if claimed else ""
        if fixing:  # w_1 = 0.5 for w_{t+1} = (1 - eta) w_t, w_0 = 1: right if eta = 1/2, a number the text may give in words
            why = f"unrolling {rec.describe()}{given}{f' ({rec.index} = {t})' if general else ''}: the sides agree only where {fixing}"
            return RecurrenceCheck("undecided", f"{why}, a value the document does not fix as read (write 'Let $...$')")
        if known is not None and start not in difference.free_symbols:
            # a slip whatever the initial value: shown at the one the text states (m_0 = 0), never at m_0 = 0.2, a witness
            # the text rules out (derivax.steps then set the wrong step aside)
            left, right = (side.xreplace({start: initial[0]}) for side in (left, right))
        found = _wrong_at(rec, t if general else None, difference, left, right, conditions, seed, given)
        if found is None:
            reason = f"unrolling {rec.describe()}: the sides differ at {rec.index} = {t}, but no witness inside the assumptions was found"
            return RecurrenceCheck("undecided", reason)
        return found
    if not checked:
        return RecurrenceCheck("undecided", f"unrolling {rec.describe()}: no {rec.index} in 1..6 reaches the terms used")
    sizes = ", ".join(map(str, checked))
    if needs_initial:
        return RecurrenceCheck(
            "undecided",
            f"unrolling {rec.describe()} ({rec.index} = {sizes}): the sides agree only for some initial values; "
            f"the document does not state {start} (write it, e.g. {start} = 0, or put it in the context file)",
        )
    used = f", with {start} = {initial[0]} ({initial[1]})" if used_known else f", for every initial value {start}"
    used += "".join(f", with {k} = {v} (from the document: stated, or unrolled from its recurrence)" for k, v in used_values.items())
    where = f"at {rec.index} = {sizes}" if general else "(the step names fixed terms)"
    return RecurrenceCheck("ok", f"unrolling {rec.describe()} exactly {where}{used}")


def _fixing_values(
    difference: Any, rec: Recurrence, conditions: list[Any], written: set[str] | None = None, claimed_for_all: set[str] | None = None
) -> str:
    r"""Where a step claims numbers (v_2 = 4, s_2 = 0.19 g^2) and the unrolled sides differ: the values of one of the
    difference's names that make them agree, inside the assumptions, as text ('eta = 1/2'): a constant, or a term of
    another sequence the document does not fix (g_2 of v_2 = \mu v_1 + g_2 = 4, given in words); names the step does
    not write are tried first (rho of s_2 = 0.19 g^2), a name written on both sides never (the step claims every value
    of it), and 0 is no such value where the name is a factor of the difference (s_2 = 0.18 g^2 agrees at g = 0 only
    as 0 = 0). '' if none: then the numbers are wrong whatever those values. The index t is never such a name."""
    free = sorted((s for s in difference.free_symbols if isinstance(s, sp.Symbol)), key=lambda s: s.name)
    if not free or any(s.name == rec.index for s in free) or len(free) > 4:
        return ""
    free = [s for s in free if s.name not in (claimed_for_all or set())]
    free.sort(key=lambda s: s.name in (written or set()))
    try:
        with time_limit(0.5):
            numerator = sp.numer(sp.together(difference))
    except Exception:  # a time limit: no value known, the step is judged as before
        return ""
    for constant in free[:3]:
        try:
            with time_limit(0.5):
                roots = sp.solveset(numerator, constant, sp.S.Reals)
                divisible = not sp.denom(sp.cancel(numerator / constant)).has(constant)  # 0 only as 0 = 0
        except Exception:  # a time limit or an equation solveset cannot take: no value known for this name
            continue
        if not isinstance(roots, sp.FiniteSet):
            if len(free) > 1 and roots is not sp.S.EmptySet:
                return f"{constant} takes some values"
            continue
        inside = [r for r in roots if r.is_real and not (r == 0 and divisible) and all(_holds(c, {constant: r}) for c in conditions)]
        if inside:
            return ", ".join(f"{constant} = {sp.sstr(r)}" for r in inside[:3])
    return ""


def _decimal_in(expr: Any) -> bool:
    """Whether ``expr`` has a decimal number as read (0.19 read as 19/100, or a float)."""
    return any(
        isinstance(n, sp.Float) or (isinstance(n, sp.Rational) and n.q > 1 and str(n.q).rstrip("0") == "1") for n in expr.atoms(sp.Number)
    )


def _wrong_at(
    rec: Recurrence, t: int | None, difference: Any, left: Any, right: Any, conditions: list[Any], seed: int, given: str, why: str = ""
) -> RecurrenceCheck | None:
    """``wrong`` at a witness (fresh symbols' values) where the unrolled sides differ, inside the
    assumptions; None when no such witness is found. ``t`` None: the step names fixed terms (v_2), no t."""
    point = _witness(difference, (left, right), seed + (t or 1))
    if point is None or not all(_holds(c, point) for c in conditions):
        return None
    at = ({rec.index: t} if t is not None else {}) | {s.name: point[s] for s in sorted(point, key=lambda s: s.name)}
    step = f"at {rec.index} = {t} " if t is not None else ""
    message = (
        f"unrolling {rec.describe()}{given} with a fresh symbol for each term: {step}the sides differ "
        f"({sp.sstr(left)} vs {sp.sstr(right)}){why}"
    )
    return RecurrenceCheck("wrong", message, at, left.xreplace(point), right.xreplace(point))


def _holds(condition: Any, point: dict[sp.Symbol, Any]) -> bool:
    """Whether a condition holds at the point (a condition about other symbols is not in the way)."""
    named = {s.name: v for s, v in point.items()}
    value = condition.xreplace({s: named[s.name] for s in condition.free_symbols if s.name in named})
    if value.free_symbols:
        return True
    try:
        return bool(value)
    except TypeError:
        return False
