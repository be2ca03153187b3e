r"""Checking a derivation step by step: every displayed chain, row and rewrite of a document.

:mod:`derivax.documents` finds the steps (consecutive sides of ``A = B = C``, ``align`` rows,
``\Rightarrow`` steps, and consecutive displays that rewrite the same left-hand side); each
side is parsed by :mod:`derivax.latex` and each step judged by :mod:`derivax.judge`:

- ``ok``: SymPy proves it, or it holds at every sampled point;
- ``wrong``: a point where the two sides differ (both values given);
- ``unparsed``: the parser's message (PDF-conversion noise lands here, never in ``wrong``);
- ``undecided``: with the reason (timed out, a function defined elsewhere, an implication);
- ``given``: a line that states rather than claims, so nothing on it is judged on its own: a lone
  ``X = expr`` read as the definition of X (later steps use it, and say so), ``X = B`` after
  ``X = A`` (a restatement: the rewrite ``A = B`` is its check), an update rule ``r = r + g^2``
  (an assignment, not an equation), a recurrence (checked where it is unrolled), and the
  equations of a sequence being solved (each ``solving`` step from one to the next is the check).

Equations side by side (``-\frac{y}{a} + \frac{1-y}{1-a} = 0 \quad \frac{1-y}{1-a} = \frac{y}{a}``)
are an equation being solved: each one must follow from the one before it (solution-set inclusion,
:func:`derivax.implications.implies`, with the document's definitions). One that follows is ``ok``; one
that does not is ``undecided`` with the point where the first holds and the second fails, never
``wrong``: equations side by side may also be a system.

Each step goes through the same kernel as ``check`` (:func:`derivax.compare.compare`), so a step and
the same relation given to ``check`` get the same verdict. Decimals hold to the digits written
(one unit in the last written place of the least precise decimal number, relative to it), so
``5.001e-9 \cdot 5.001e-9 = 2.501e-17`` is ``ok`` and ``10^{-8} - 5.001e-9 = -4.999e-9`` is ``wrong``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax import documents, family_instances, systems
from derivax.assignment import Assignment, RandomVariable
from derivax.calculus import ENTRY, bound_letters, sums_written_out
from derivax.compare import square_only
from derivax.context import APPLIED_GREEK, Context, defined_name, section_starts
from derivax.digits import relative_unit
from derivax.evidence import Counterexample, Verdict, short
from derivax.expectations import expectation_step
from derivax.indices import check_with_indices, has_indices
from derivax.isolation import ErrorLog, guarded, internal_error_reason
from derivax.judge import check_statement, checked_within, judge_implication, products_in_order
from derivax.latex import (
    CONDITION_KINDS,
    EXTREMA,
    SLASH_DERIVATIVE,
    LatexError,
    Parsed,
    body_read_wider,
    calls_read_alike,
    capitals_besides,
    e_as_a_name,
    functions_named,
    half_lines_positive,
    layers_labelled,
    letters_written,
    log_base_said,
    named_derivative,
    parse,
    readings_of_parts,
    solution_base,
    unicode_spelled,
)
from derivax.limits import TimeLimitExceeded, time_limit
from derivax.matrices import SQUARE_PROPERTIES, MatrixVerdict, declared_dims, gradient_written, judge_matrix_step
from derivax.matrix_recurrences import matrix_recurrence_from
from derivax.recurrences import check_with_recurrence, entry_derivatives, first_terms, follows_from_rules, recurrence_from
from derivax.sampling import first_whole_numbers, integer_symbols, sum_bounds
from derivax.substitution import substituted
from derivax.written import written_matrix

__all__ = ["StepResult", "check_document", "cut_short"]

_RELATION = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "approx": sp.Eq, "!=": sp.Ne}


@dataclass(frozen=True)
class StepResult:
    """One step's verdict, where it is, and why."""

    status: str  # ok, wrong, unparsed, undecided, given, skipped
    left: str
    relation: str
    right: str
    line: int
    right_line: int
    kind: str
    message: str
    counterexample: Counterexample | None = None
    method: str = ""
    read_as: str = ""  # how both sides were read, so a misreading is visible beside the verdict

    def _repr_html_(self) -> str:
        """How a notebook shows it: the same marks and counterexample as derivax's HTML pages."""
        from derivax.html import fragment

        return fragment(self)

    def as_dict(self) -> dict[str, Any]:
        out = {
            "status": self.status,
            "line": self.line,
            "right_line": self.right_line,
            "kind": self.kind,
            "left": self.left,
            "relation": self.relation,
            "right": self.right,
            "message": self.message,
            "method": self.method,
            "read_as": self.read_as,
        }
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample.as_dict()
        return out


_ARITHMETIC_WRITTEN = re.compile(r"[-+*/]|\\(?:[dt]?frac|cdot|times|sqrt|div)(?![a-zA-Z])")


def _why_not_checkable(left: Parsed, right: Parsed, linked: bool, parameters: frozenset[str] = frozenset()) -> str:
    """Why a step with symbols is not a derivation step we may judge ('' when it is).

    Only links of a chain ``A = B = C`` (or a rewrite of one left-hand side across displays)
    are derivation steps. A lone ``X = Y`` may be an equation being solved, a definition, or a
    substitution of something defined elsewhere; judging it could flag a right step. A name on one
    side only may be defined elsewhere, unless it is one of ``parameters`` (declared, with no value:
    :meth:`derivax.assignment.Assignment.parameters`).
    """
    names = (sp.Symbol, sp.core.function.AppliedUndef)
    # \sum_k x_k is no name, nor \min_w J(w), nor \frac{2x}{2} (x once SymPy has read it: x = 2x of y = \frac{2x}{2} = 2x was no claim)
    bare = [
        p.expr
        for p in (left, right)
        if isinstance(p.expr, names)
        and not has_indices(p.expr)
        and not _ARITHMETIC_WRITTEN.search(p.text)
        # f''(w) = a after f(w) = a w^2/2 + bw + c: the derivative worked out from the definition is a name, no definition
        and not (isinstance(p.expr, sp.Symbol) and _DERIVATIVE_WRITTEN.search(p.text))
        and getattr(p.expr.func, "__name__", "") not in EXTREMA
        and written_matrix(p.expr) is None  # a matrix written out is no name
    ]
    if bare == [right.expr] and _operated(left.expr) and right.expr in left.expr.atoms(sp.Symbol):
        bare = []  # d/dw_j sum_i w_i^2 = w_j: a result that is one of the operand's own names, never its definition
    if bare == [right.expr] and _DERIVATIVE_WRITTEN.search(left.text) and isinstance(right.expr, sp.Symbol):
        bare = []  # \frac{du}{dw} = x after u = wx + b: a derivative's result that is a name, a claim (judged below)
    if bare:
        return "names or defines a quantity; nothing to check on its own"
    if not linked:
        return "a single relation with symbols (an equation or a definition), not a step of a chain"
    one_sided = {s for s in _with_variables(left) ^ _with_variables(right) if s.name not in parameters}
    # written on both sides, cancelled by the reading on one (n \cdot \frac{1}{n} v = nv): a name of the step, as a
    # name on both sides is, never one defined elsewhere
    cancelled = {s for s in one_sided - _with_variables(left) if s.name in letters_written(left.text)}
    one_sided -= cancelled | {s for s in one_sided - _with_variables(right) if s.name in letters_written(right.text)}
    # a name the side's own algebra cancels (w - (aw - b)/a is b/a): the side does not depend on it, so it is no name
    # defined elsewhere (a slip b/a = a/b after it stayed undecided, probe helper-143)
    one_sided -= _cancelled_by_algebra(one_sided, left, right)
    # the variable of a derivative of an expression written out in full (d/dw (1 - ywx) = yx) is the operator's own: the
    # derivative has no w left, so w is no name defined elsewhere (the slip in the sign was undecided: probe helper-211 F5)
    one_sided -= {v for side in (left, right) for v in _variables_of_explicit_derivatives(side.expr)}
    if one_sided and (has_indices(left.expr) or has_indices(right.expr)):
        return ""  # bound indices and entries (y[k], y_j) are no names: derivax.indices judges names on one side
    if one_sided:
        shown = ", ".join(sorted(str(s) for s in one_sided)[:4])
        return f"{shown} appear on one side only (defined elsewhere?)"
    return ""


def _cancelled_by_algebra(names: set[sp.Symbol], *sides: Parsed) -> set[sp.Symbol]:
    """The ``names`` a side holds that its rational simplification (``sp.cancel``) removes; small rational sides only."""
    out: set[sp.Symbol] = set()
    for side in sides:
        expr = side.expr
        held = names & getattr(expr, "free_symbols", set())
        if not held or not isinstance(expr, sp.Expr) or sp.count_ops(expr) > 40 or not expr.is_rational_function(*expr.free_symbols):
            continue
        try:
            with time_limit(0.5):
                out |= held - sp.cancel(sp.together(expr)).free_symbols
        except (TimeLimitExceeded, sp.PolynomialError, TypeError, ValueError):
            continue
    return out


def _judge_implication(left: Parsed, relation: str, right: Parsed, assumptions: list[Parsed], timeout_s: float, seed: int):
    r"""``A \Rightarrow B`` (and each direction of ``A \Leftrightarrow B``), as ``check`` judges it
    (:func:`derivax.judge.judge_implication`), in a step's terms."""
    j = judge_implication(left, right, assumptions, both_ways=relation == "<=>", seed=seed, timeout_s=timeout_s)
    if j.verdict is Verdict.REFUTED:
        return "wrong", j.reason, j.counterexample, j.method
    if j.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return "ok", j.method, None, j.method
    return "undecided", j.reason, None, j.method if j.method != "none" else ""


# A side written as a name (w, \theta, \hat{m}_t, w_{\text{new}}, a^{(l)}), not one SymPy simplified to a name
# (x^2 \cdot \frac{1}{x} = 2x was "an update rule for x", given, a false step)
_BRACED = r"\{(?:[^{}]|\{[^{}]*\})*\}"
_WRITTEN_NAME = re.compile(
    r"\s*(?:\\(?:hat|bar|tilde|vec|mathbf|boldsymbol|widehat|widetilde|overline|mathrm|mathit)\s*" + _BRACED + r"|\\[A-Za-z]+|[A-Za-z])"
    r"(?:\s*_\s*(?:" + _BRACED + r"|[A-Za-z0-9]))?(?:\s*\^\s*\{\s*\(" + r"[^{}]*\)\s*\})?\s*"
)


_EQUATION_SAID = re.compile(r"\b(?:equations?|satisf(?:y|ies|ied)|fixed\s+points?|solv\w*|solutions?|steady|stationary)\b", re.IGNORECASE)


def _self_update(context: Context, step: Any, left: Parsed, right: Parsed, line: int, end: documents.Side) -> str | None:
    r"""``x = x - 0.1 g = 0.8`` after x and g have values: an assignment (gradient descent by hand), never an equation.
    The name takes the number its display ends with (``end``, the chain's last side), for the lines after this one;
    the chain's other links are judged with the old values. None where the step is no such update (the name written
    on the left is not on the right, it has no definition yet, or the display ends in no number: ``w = w - \eta g``
    alone is given as an update rule). Each iterate was flagged before, judged as an
    equation with the first x (probe helper-166). A name given a number and computed again from names updated since
    (``g = 2x = 1.6``) takes its new value the same way; neither where the prose just before names an equation."""
    named = isinstance(left.expr, sp.Symbol) and _WRITTEN_NAME.fullmatch(step.left.latex) is not None
    earlier = context.defined_before(left, line) if named else None
    if earlier is None or _EQUATION_SAID.search(" ".join(context.lines[max(0, line - 3) : line - 1])):
        return None  # "V satisfies the Bellman equation $$V = 2 + \gamma V$$": an equation, no update (review helper-172)
    updating = left.expr in right.symbols
    # g = 2x = 1.6 after "Let $g = 2$" and the update of x: g computed again from the new x, a new round of the
    # computation, never a claim that the old g = 2 equals 2x (it was wrong: review helper-172)
    newer = [] if updating else [s for s in right.symbols if (d := context.defined_before(s, line)) is not None and d.line > earlier.line]
    # v_1 = 1 + \gamma v_2 after "let $v_1 = 0$": a formula of other names with values, whose value is not v_1's, is v_1's
    # next value (value iteration by hand), never a claim that 0 = 1 (six right steps were wrong: probe helper-173)
    recomputed = not updating and earlier.numeric and not earlier.source and bool(right.symbols)
    if not updating and not (earlier.numeric and not earlier.source and (newer or recomputed)):
        return None
    written = _number_written(end.latex) if end.latex != step.right.latex else None
    if written is None:
        # x \leftarrow x - 2\eta x alone: the rule stated, nothing computed; the next line puts the numbers in (a rule
        # executed made its first right application wrong: review helper-178)
        return None
    value, used = context.expand(right, line)
    if isinstance(value.expr, sp.Expr) and value.expr.free_symbols:
        # a value the prose gave ("the transition gives reward $r = 1$"), not read as a definition: put in too (the
        # update was judged as an equation, and the stale value after it passed: probe helper-173)
        said = {s: context.value_said(s.name, line) for s in value.expr.free_symbols if isinstance(s, sp.Symbol)}
        if all(v is not None and isinstance(v[0], sp.Expr) and v[0].is_number for v in said.values()):
            try:  # (subs: a name under a derivative, f'(x) at x = 3, is put in after the derivative is taken)
                value = replace(value, expr=value.expr.subs({s: v[0] for s, v in said.items()}).doit())
            except (TypeError, ValueError, AttributeError):
                pass
    known = isinstance(value.expr, sp.Expr) and not value.expr.free_symbols
    if known and not updating and not newer and sp.simplify(value.expr - earlier.expr) == 0:
        return None  # the formula gives the value the name has: a claim about it, judged as one
    # the number the display works out is the one the next lines use, as a grader carries a result forward: an update
    # from the old values (value iteration's sweep) gives another number than derivax's order of updates, a slip in the
    # display's links is flagged there, not again in every line after it, and a name without a value (\theta := \theta -
    # \eta g with g = 2\theta not read) leaves no other number (it kept the old one: review helper-178)
    value = replace(value, expr=written)
    if context.learn(left, replace(right, expr=value.expr), line) is None:
        return None
    context.assigned.add((left.expr.name, line, end.at))  # (where its chain ends: the links before use the old value)
    if not updating:
        context.recomputed.add((left.expr.name, line))
    lines = ", ".join(f"{d.name} (line {d.line})" for d in used)
    what = "an update of" if updating else "a new value of"
    why = (
        "on both sides"
        if updating
        else f"computed again after {', '.join(sorted(str(s) for s in newer))} changed"
        if newer
        else f"computed again from names with values, not its value {short(sp.sstr(earlier.expr))}"
    )
    return (
        f"{what} {step.left.latex} ({why}: an assignment, not an equation): with {lines} it is now "
        f"{short(sp.sstr(value.expr))}; later steps in this section use it"
    )


def _judge_step(
    left: Parsed,
    relation: str,
    right: Parsed,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    linked: bool | None,
    parameters: frozenset[str] = frozenset(),
):
    """A step's verdict; ``linked`` None judges it even where :func:`_why_not_checkable` would refuse
    (the caller then reports only ``ok``: an identity holds whatever the step was meant to be)."""
    if relation in ("=>", "<=>") and left.kind != "expression" and right.kind != "expression":
        return _judge_implication(left, relation, right, assumptions, timeout_s, seed)
    if left.kind != "expression" or right.kind != "expression":
        return "undecided", "a step between a relation and an expression", None, ""
    left, right = calls_read_alike([left, right])  # p_g(2x) beside p_g(x): both sides read with the call too
    lhs, rhs = left.expr, right.expr
    if relation in ("=>", "<=>"):
        return "undecided", f"relation {relation} is not checked yet", None, ""
    if left.symbols or right.symbols:
        reason = _why_not_checkable(left, right, linked, parameters) if linked is not None else ""
        if reason and relation in ("<", ">", "<=", ">=") and not linked:
            # x\sigma(x) > x alone: no definition nor an equation to solve, but a condition or a claim (reported where it
            # holds; the reason spoke of definitions and equations, probe helper-143)
            reason = "a lone inequality (a condition stated, or a claim): judged only where it holds"
        if reason:
            return "undecided", reason, None, ""
    whole = _RELATION[relation](lhs, rhs, evaluate=False)
    statement = Parsed(
        f"{left.text} {relation} {right.text}",
        whole,
        "relation",
        left.numbers + right.numbers,
        # each side's second readings for that side alone (1/2x = \frac{x}{2}: both sides are the node x/2)
        second_readings=readings_of_parts(
            whole, [lhs, rhs], [left.second_readings, right.second_readings], lambda sides: _RELATION[relation](*sides, evaluate=False)
        ),
        capital_products=left.capital_products | right.capital_products if relation == "=" else frozenset(),
        domain=tuple(dict.fromkeys(left.domain + right.domain)),  # where each side as written is defined, as check reads it
    )
    # the step's whole work within its limit, as check's (a product of 10^9 terms took 7.8 s of CPU for 1 s: helper-139)
    j = checked_within(statement, assumptions, sides=(left, right), timeout_s=timeout_s, seed=seed, approx=relation == "approx")
    if j.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return "ok", j.method, None, j.method
    if j.verdict is Verdict.REFUTED and relation == "!=" and j.counterexample.at:
        # (x+1)^2 = x^2 + 2x + 1 \neq x^2 + 1: "not the same expression" holds where they differ anywhere; only sides
        # equal everywhere make the step wrong (it was wrong at x = 0, where both are 1: probe helper-157)
        same = dataclasses.replace(statement, expr=sp.Eq(lhs, rhs, evaluate=False), kind="relation")
        equal = checked_within(same, assumptions, sides=(left, right), timeout_s=timeout_s / 2, seed=seed)
        if equal.verdict is not Verdict.PROVED:
            where = f" ({_how_it_fails('=')} {equal.counterexample.describe()})" if equal.verdict is Verdict.REFUTED else ""
            why = f"the sides are not the same expression{where}, but they are equal {j.counterexample.describe()}: "
            return "undecided", why + "'never equal' is not read into \\neq", None, j.method
    if j.verdict is Verdict.REFUTED:
        ce = j.counterexample
        diverging = lhs if ce.lhs == "diverges" else rhs
        certain = isinstance(diverging, sp.Basic) and not diverging.free_symbols  # no parameter that could make it converge
        # sum_t gamma^t = 1/(1 - gamma), where the text meant 0 < gamma < 1 but said it in words
        if "diverges" in (ce.lhs, ce.rhs) and not certain:
            what = "an integral" if isinstance(diverging, sp.Basic) and diverging.has(sp.Integral) else "a series"
            why = f"{what} in the step diverges {ce.describe()}: it holds only where it converges; not flagged"
            return "undecided", why, None, j.method
        alone = _sequences_on_one_side(lhs, rhs) if linked is not None and (has_indices(lhs) or has_indices(rhs)) else []
        alone = [name for name in alone if name not in parameters]
        if alone:  # -sum_j y_j log p_j = -sum_j l_j: l_j named here (defined elsewhere, or by this very line): never flagged
            shown = ", ".join(alone[:4])
            return "undecided", f"{shown} appear on one side only (defined elsewhere?); the sides differ {ce.describe()}", None, j.method
        if not ce.at:  # hand arithmetic: say what the left side is
            shown = (short(ce.lhs), short(ce.rhs))
            if shown[0] == shown[1] and all(isinstance(v, float) for v in (ce.lhs, ce.rhs)):
                shown = (repr(ce.lhs), repr(ce.rhs))  # "2.5e-17, not 2.5e-17": every digit a float keeps
            if "diverges" in (ce.lhs, ce.rhs):  # \int_{-1}^{1} 1/x dx = 0: "diverges, not 0"
                side, other = (left.text, shown[1]) if ce.lhs == "diverges" else (right.text, shown[0])
                return "wrong", f"{side} diverges; the other side is {other} ({ce.note})", ce, j.method
            if relation != "=":  # 1 < 1: "1 is 1.0, not 1.0" read as a difference where there is none
                return "wrong", f"{left.text} is {shown[0]} and {right.text} is {shown[1]}: {relation} fails ({ce.note})", ce, j.method
            return "wrong", f"{left.text} is {shown[0]}, not {shown[1]} ({ce.note})", ce, j.method
        return "wrong", f"{_how_it_fails(relation)} {ce.describe()}", ce, j.method
    return "undecided", j.reason or "could not decide", None, j.method


def _how_it_fails(relation: str) -> str:
    """What a counterexample to ``A REL B`` shows: the sides differ (=), are equal (\\ne), or the order fails (a strict
    one by a tie too: x^2 + y^2 > 2xy at x = y = 0 said "the sides differ ... lhs=0.0, rhs=0.0")."""
    named = {"=": "the sides differ", "approx": "the sides differ", "!=": "the sides are equal"}
    return named.get(relation, f"the relation {relation} fails")


def _sequences_on_one_side(lhs: Any, rhs: Any) -> list[str]:
    """The names (a sequence's stem for its entries l_j, l[j]; index letters and bound ones aside) on one side only."""

    def names(side: Any) -> set[str]:
        bound = {v.name for v in bound_letters(side)}  # a condition such as k != j is no letter
        out = {e.base.label.name for e in side.atoms(sp.Indexed)}
        for symbol in side.free_symbols:
            if not isinstance(symbol, sp.Symbol) or symbol.name in bound or re.fullmatch(r"[i-n]", symbol.name):
                continue
            entry = ENTRY.fullmatch(symbol.name)
            out.add(entry["stem"] if entry is not None else symbol.name)
        return out

    return sorted(names(lhs) ^ names(rhs))


def _parse(side: str, log: ErrorLog | None = None) -> tuple[Parsed | None, str]:
    """A side (or an assumption) parsed, or its error; an internal error of the parser is one too."""

    def attempt() -> tuple[Parsed | None, str]:
        try:
            return parse(side), ""
        except LatexError as error:  # input the grammar refuses: the message is the verdict, not an internal error
            return None, str(error)

    outcome, failure = guarded(attempt, f"parsing {side[:200]!r}", log)
    return outcome if outcome is not None else (None, failure)


def _is_case(assumption: Parsed) -> bool:
    r"""Whether an assumption puts a name at a value (``\text{when } y = 0``, "If $y = 1$:")."""
    expr = assumption.expr
    return isinstance(expr, sp.Eq) and isinstance(expr.lhs, sp.Symbol) and expr.rhs.is_number


def _case_values(assumptions: list[Parsed]) -> dict[str, Any]:
    """The names a display's case puts at a value: name -> number."""
    return {a.expr.lhs.name: a.expr.rhs for a in assumptions if _is_case(a)}


def _in_case(
    context: Context,
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    assumptions: list[Parsed],
    cases: dict[str, Any],
    line: int,
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> tuple | None:
    """A step stated for a case (names at values): both sides with the document's definitions substituted and the
    case's values put in, judged as a claim; None where the case names nothing the sides hold (judged as usual)."""
    (wide_left, used_left), (wide_right, used_right) = (context.expand(p, line) for p in (left, right))
    names = (sp.Symbol, AppliedUndef)
    sides = (wide_left.expr, wide_right.expr)
    if not all(isinstance(e, sp.Expr) for e in sides) or any(isinstance(e, names) for e in sides):
        return None  # a name nothing defines (C = ... when y = 1, C new): the usual path names it
    symbols = set().union(*(e.free_symbols for e in sides))
    values = {s: cases[s.name] for s in symbols if s.name in cases}
    if not values or any(set(d.variables) & set(values) for e in sides for d in e.atoms(sp.Derivative)):
        return None  # the case names nothing here, or is the variable of a derivative (d/dy at y = 1: evaluated after)
    at_left, at_right = (replace(p, expr=p.expr.xreplace(values)) for p in (wide_left, wide_right))
    stated = [a for a in assumptions if _is_case(a)]
    rest = [a for a in assumptions if a not in stated]
    status, message, ce, method = _judged(seen, at_left, relation, at_right, rest, timeout_s, seed, True, assumed, log, shared)
    used = list(dict.fromkeys(used_left + used_right))
    case = ", ".join(a.text.strip() for a in stated)  # as written (a = 0.5, not 1/2)
    definitions = f", with the definition of {', '.join(d.describe() for d in used)}" if used else ""
    message = f"{message}; in the case {case} (stated for this display){definitions}"
    status, message, ce = _written_case(status, message, ce, cases, left, right)
    return status, message, ce, method, f"{at_left.read_as} {relation} {at_right.read_as} (the case {case} put in)"


def _written_case(status: str, message: str, ce: Any, cases: dict[str, Any], left: Parsed, right: Parsed) -> tuple:
    """A step stated for a case: "For $x = 1$ we get $$x^2 + 1 = 2x$$" is true at the case's value, and written in
    x, so maybe meant for every x (then wrong): never ok. False at the value is false in every reading (wrong stands)."""
    written = sorted(n for n in cases if n in {s.name for s in left.symbols | right.symbols})
    if status != "ok" or not written:
        return status, message, ce
    case = ", ".join(f"{n} = {cases[n]}" for n in written)
    why = f"true where {case}, but the display writes {', '.join(written)}: is it meant for that value only?"
    return "undecided", f"{why} ({message})", None


def _judged(
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    linked: bool,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None = None,
) -> tuple:
    """One step judged inside :func:`derivax.isolation.guarded`, once per distinct step (documents repeat steps).

    The context file's domains and assumptions about the step's symbols join its assumptions; a verdict
    names each one it was given.
    """
    extra = shared.assumptions_for(left.symbols | right.symbols) if shared is not None else []
    parameters = shared.free_in(left.expr, right.expr) if shared is not None else frozenset()
    # the numbers as written set the tolerance: sigma(-3) \approx 0.05 and \approx 0.050 are one reading, two verdicts
    written = (tuple(left.numbers), tuple(right.numbers))
    if shared is not None and left.capital_products | right.capital_products:  # declared numbers: products commute
        numbers = shared.scalars | shared.numbers
        left, right = (replace(side, capital_products=capitals_besides(side.capital_products, numbers)) for side in (left, right))
    # AB = BA and AB = AB read alike as numbers: what the products were as written is part of the step
    as_written = (left.text, right.text) if left.capital_products | right.capital_products else ()
    memo = (sp.srepr(left.expr), relation, sp.srepr(right.expr), written, linked, assumed, tuple(a.text for a in extra), as_written)
    if memo not in seen:
        given = assumptions + [a.parsed for a in extra]
        judged, failure = guarded(
            lambda: _judge_step(left, relation, right, given, timeout_s, seed, linked, parameters),
            f"step {left.text[:100]!r} {relation} {right.text[:100]!r}",
            log,
        )
        judged = judged if judged is not None else ("undecided", failure, None, "")
        if extra and judged[0] in ("ok", "wrong"):
            names = ", ".join(a.text for a in extra)
            judged = (judged[0], f"{judged[1]}; assuming {names} (context file {shared.source})", *judged[2:])
        seen[memo] = judged
    return seen[memo]


def _specialization(difference: Any, dropped: set[sp.Symbol], timeout_s: float, conditions: Sequence[Any] = ()) -> str | None:
    """Constant values of the ``dropped`` names that make ``difference`` vanish identically ('b = 0'), '' where
    there are none (or none the ``conditions`` allow: lambda = 0 where "lambda > 0" is assumed), None where SymPy
    cannot tell (a time limit, an equation it cannot solve)."""
    try:
        with time_limit(timeout_s):
            solutions = sp.solve(difference, sorted(dropped, key=str), dict=True)
    except TimeLimitExceeded:
        return None
    except Exception:  # no method for this equation (SymPy raises many kinds): a case cannot be excluded
        return None
    for solution in solutions:
        # (y = zoo is no case: a name that cancels, as y does from the second derivative of a logistic loss)
        if len(solution) == len(dropped) and all(value.is_number and value.is_finite for value in solution.values()):
            if any(_excluded(condition, solution) for condition in conditions):
                continue
            return ", ".join(f"{name} = {value}" for name, value in sorted(solution.items(), key=lambda kv: str(kv[0])))
    return ""


def _excluded(condition: Any, solution: dict) -> bool:
    """Whether an assumed relation is false once ``solution``'s values are put in."""
    try:
        return isinstance(condition, sp.Basic) and condition.subs(solution) is sp.false
    except (TypeError, ValueError, AttributeError):
        return False


def _in_context(
    context: Context,
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    linked: bool,
    step: Any,
    assumed: tuple,
    log: ErrorLog | None,
    plain: tuple,
    shared: Assignment | None = None,
    keep: frozenset[sp.Symbol] = frozenset(),
) -> tuple:
    """An undecided step judged again with what the document defined before it (derivax.context); the names ``keep``
    as they are written (an implication's solved-for name).

    A lone relation (an equation being solved, perhaps) is reported only when it holds; a link of a
    chain that fails with the definitions substituted is ``wrong`` unless the prose between the
    definition and the step states a condition (then ``undecided``, with the point where it fails).
    """
    line = step.left.line
    expanded_left, used_left = context.expand(left, line, keep)
    expanded_right, used_right = context.expand(right, line, keep)
    used = list(dict.fromkeys(used_left + used_right))
    if _contradicted(used, assumptions, context, line):
        # "Let $w = 0$. For $w > 0$, $$\frac{d}{dw} w^2 = 2w = 0$$": the case stated for the display makes w general again
        # (2w = 0 was ok with the definition in: probe helper-215 C1)
        return plain
    written_assumptions = assumptions
    if used:  # "for $z > 0$" with z = wx + b defined: the condition on z is one on w, x, b once z is put in
        assumptions = [context.expand(a, line)[0] for a in assumptions]
    if not used:
        refused = plain[1].startswith(_REFUSALS) or "appear on one side only" in plain[1]
        if not refused or left.kind != "expression" or right.kind != "expression":
            return plain
        # Not surely a derivation step (an equation being solved, an assignment w = w - eta g, a name):
        # reported only if it holds as an identity; a failure says nothing, so the refusal stands.
        status, message, ce, method = _judged(seen, left, relation, right, assumptions, timeout_s, seed, None, assumed, log, shared)
        # (and a link that ends a chain in a number, "= 2(w - 3) = 4 $$ where $w = 5$": the display's point, helper-212 F10;
        # a right side with the numbers put in, 3 \times 2 \times 10^{-3}, has the substitution check below)
        ends_in_number = relation == "=" and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", right.text) is not None
        if status != "ok" and (not linked or ends_in_number) and _plain_values(left, right):
            # a lone relation with the numbers this section states for every name of it ("With fan-in $n = 512$" then
            # \sqrt{2/n} = 1/16): ok where it holds with them; a failure is still no slip (the relation may be an equation in
            # n: probe helper-208 F12). A link of a chain has the substitution check (numbers put in, and their slips)
            # (a link's numbers only from the clause after its display: "With $x = 0$ ... For $x > 0$ the slope is $$...
            # = 1 - \tanh^2 x = 1$$" was ok at x = 0, probe helper-215 C1)
            stated = _with_stated_numbers(context, left, right, line, after=linked)
            if stated is not None:
                at_left, at_right, values = stated
                judged = _judged(seen, at_left, relation, at_right, assumptions, timeout_s, seed, None, assumed, log, shared)
                if judged[0] == "ok":
                    return "ok", f"with the numbers stated for {values}: {judged[1]}", None, judged[3], plain[4]
                # (never "= 0" nor after words of solving: "Setting the derivative to zero, $$... = 2(w - 3) = 0$$ with $w = 5$
                # as the initial guess" sets an equation up: review helper-217 C3)
                setting = right.expr == 0 or bool(context.solving_between(max(context.section_start(line), line - 3), line))
                if judged[0] == "wrong" and linked and ends_in_number and not setting:
                    # "= 2(w - 3) = 6 $$ where $w = 5$.": the chain's value at the point its sentence states is 4 (probe
                    # helper-213 M6); a lone relation may still be an equation in the names
                    return "wrong", f"with the numbers stated for {values}: {judged[1]}", judged[2], judged[3], plain[4]
        if status == "wrong" and ce is not None and linked and relation in _NEGATED and not _put_to_the_test(context, line):
            # f''(D) = -a/D^2 - b/(1 - D)^2 > 0 for 0 < D < 1, a, b > 0: a link whose opposite SymPy proves under what the
            # text states fails wherever the text allows, so no condition nor case can make it right (probe helper-213 M7)
            opposite = _judged(seen, left, _NEGATED[relation], right, assumptions, timeout_s, seed, None, assumed, log, shared)
            if opposite[0] == "ok" and opposite[3].startswith("symbolic"):
                why = f"it fails wherever the text allows: {left.text} {_NEGATED[relation]} {right.text} is proved ({opposite[1]})"
                return "wrong", f"{why}; {message}", ce, method, plain[4]
        return (status, message, ce, method, plain[4]) if status == "ok" else plain
    said_hot = context.one_hot_at(line)
    hot = relation == "=" and (_one_hot(shared) or said_hot) and (has_indices(expanded_left.expr) or has_indices(expanded_right.expr))
    # A sequence declared one-hot: only the index check knows it (every instance, and every witness, one-hot).
    judged, full, case = None, False, ""
    if hot:
        plain_refusal = ("undecided", "")
        hot_at = context.hot_index_at(line)
        judged = _by_indices(expanded_left, expanded_right, assumptions, shared, seed, timeout_s, True, plain_refusal, said_hot, hot_at)
    if judged is not None:
        status, message, ce, method = judged
    else:
        # A name on one side only that a definition brought (b of f(w) = aw^2 + bw + c in f'(w) = 2aw) is no name
        # defined elsewhere: the definition is what the step is judged with, so the step is judged in full.
        brought = _with_variables(expanded_left) | _with_variables(expanded_right)
        brought -= _with_variables(left) | _with_variables(right)
        one_sided = _with_variables(expanded_left) ^ _with_variables(expanded_right)
        refusal = _why_not_checkable(expanded_left, expanded_right, True)
        # A side that is a number (f'(w) = 0) may be an equation being set up (stationarity): never judged in full.
        numeric = any(isinstance(e, sp.Basic) and e.is_number for e in (left.expr, right.expr))
        full = linked and not numeric and bool(one_sided) and one_sided <= brought and refusal.endswith("(defined elsewhere?)")
        status, message, ce, method = _judged(
            seen, expanded_left, relation, expanded_right, assumptions, timeout_s, seed, None if full else True, assumed, log, shared
        )
        if full and status == "wrong":
            # The names it drops may be a case the text means (dC/da = -1/a for y = 1): wrong only where no
            # constant values of them make the sides agree (f'(w) = 3aw after f = aw^2 + bw + c).
            sides = (expanded_left.expr, expanded_right.expr)  # an implication's sides are relations: no difference to solve
            differs = all(isinstance(e, sp.Expr) for e in sides)
            conditions = [a.expr for a in assumptions]
            case = _specialization(sides[0] - sides[1], one_sided, min(timeout_s, 2.0), conditions) if differs else None
            if case is None:
                status, message, ce = "undecided", refusal, None
        if not full and status == "undecided" and refusal:
            # not surely a derivation step (a bound by a number, s(1 - s) \le 1/4 after s = \sigma(z); a name on one side):
            # reported where it holds, as a lone relation is without definitions (probe helper-208 F16): as written, for
            # every value of its names (so for the defined ones too; s(1 - s) \le 1/4 in z_1, z_2 took over 5 s), else
            # with the definitions put in
            tries = (
                # (and the definitions give numbers: a matrix A of "Let $A = ...$" makes A^2 \ge 0 no claim about numbers)
                *(
                    [(left, right, written_assumptions, "as written, for every value of its names: ")]
                    if _plain_values(left, right) and _no_matrix(expanded_left, expanded_right)
                    else []
                ),
                (expanded_left, expanded_right, assumptions, ""),
            )
            for one, other, given, how in tries:
                again = _judged(seen, one, relation, other, given, timeout_s, seed, None, assumed, log, shared)
                if again[0] == "ok":
                    status, message, ce, method = again[0], how + again[1], again[2], again[3]
                    break
    names = ", ".join(d.describe() for d in used)
    read_as = f"{expanded_left.read_as} {relation} {expanded_right.read_as} (with {names})"
    if judged is None and full and status == "wrong" and case:
        dropped = ", ".join(sorted(str(s) for s in one_sided))
        why = f"the step drops {dropped}, which the definition brings: it holds only where {case} (state that case to have it checked)"
        return "undecided", f"with the definition of {names}, {why}; {message}", ce, method, read_as
    unapplied = _unapplied_in_derivative(context, (expanded_left, expanded_right), line) if status in ("ok", "wrong") else ""
    if unapplied:
        return "undecided", f"with the definition of {names}, {message}; not judged: {_UNAPPLIED.format(unapplied)}", None, method, read_as
    wider = _wider_body_disagrees(context, seen, left, relation, right, line, status, assumptions, timeout_s, seed, assumed, log, shared)
    if wider:
        return "undecided", f"with the definition of {names}, {message}; {wider}", None, method, read_as
    if status == "ok":
        general = _general_reading_fails(
            context, seen, left, relation, right, used, line, plain, assumptions, timeout_s, seed, assumed, log, shared
        )
        if general:
            return "undecided", f"{_WORKED} ({general}) but true with the definition of {names}: {_WORKED_WHY}", None, method, read_as
        return "ok", f"{message}; using the definition of {names}", None, method, read_as
    if status == "wrong":
        # A context file's definition holds from the start of the step's section: prose there may qualify it.
        first = min(d.written if not d.source else context.section_start(line) for d in used)
        step_names = {s.name for p in (left, right, expanded_left, expanded_right) for s in p.symbols}
        # a family's definition (h_i) used at entries (h_3, h_2) brings no index letter: "the maximum ... will be when $i =
        # n$" was a condition on \partial h_3/\partial w_3, and excused a wrong factor (probe helper-216 M1)
        step_names |= {d.name for d in used if not (_FAMILY_NAME.fullmatch(d.name) and d.name not in step_names)}
        condition = context.condition_between(first, line, names=frozenset(step_names))
        # g(w^*) = 2 after g(w) = (w - 3)^2 + 1 and w^* = 3: it names only solutions found before (w^*), and with the
        # definitions in no name is left, so it is an evaluation, not an equation to solve (u^2 + 2 = 12 after u = 3 may
        # be one in u)
        written = left.symbols | right.symbols
        evaluated = not (expanded_left.symbols | expanded_right.symbols) and all(solution_base(s.name) for s in written)
        if (not linked and not evaluated) or condition:
            why = f"the text states a condition: {condition!r}" if condition else "a single relation may be an equation being solved"
            return "undecided", f"with the definition of {names}, {message}; not flagged: {why}", ce, method, read_as
        rounded = _rounding_explains(ce, left, right)
        if rounded:
            return "undecided", f"with the definition of {names}, {message}; not flagged: {rounded}", ce, method, read_as
        older = _older_values_hold(
            context, line, step.left.at, seen, left, relation, right, used, assumptions, timeout_s, seed, assumed, log, shared
        ) or _formula_value_holds(context, seen, left, relation, right, used, line, assumptions, timeout_s, seed, assumed, log, shared)
        if older:
            return "undecided", f"with the definition of {names}, {message}; not flagged: {older}", ce, method, read_as
        return "wrong", f"with the definition of {names}, {message}", ce, method, read_as
    return plain[0], f"{plain[1]} (with the definition of {names}: {message})", plain[2], plain[3], plain[4]


def _against_its_definition(
    context: Context,
    seen: dict,
    left: Parsed,
    right: Parsed,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    step: Any,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> tuple | None:
    """A restatement ``X = B`` of a quantity the text defined as ``X = A``, judged as the link A = B with the definitions
    known at its line (ok or wrong, and how it was read); None where X has no such definition or the link is undecided."""
    line = step.left.line
    earlier = context.defined_before(left, line)
    if earlier is None or earlier.source or earlier.args is not None or not earlier.text or not isinstance(left.expr, sp.Symbol):
        return None
    try:
        formula = parse(earlier.text)
    except LatexError:
        return None
    if formula.kind != "expression" or formula.expr != earlier.expr or left.expr in formula.symbols:
        return None
    expanded_formula, used_formula = context.expand(formula, line)
    expanded_right, used_right = context.expand(right, line)
    # judged in full (a side that is a bare name, t of n v t with v = 1/n, is no name being defined here); wrong only where
    # no name is on one side (y = b x after y = a x, b perhaps a in words)
    status, message, ce, method = _judged(
        seen, expanded_formula, "=", expanded_right, assumptions, timeout_s, seed, None, assumed, log, shared
    )
    if status not in ("ok", "wrong") or (status == "wrong" and _with_variables(expanded_formula) ^ _with_variables(expanded_right)):
        return None
    names = ", ".join(d.describe() for d in dict.fromkeys(used_formula + used_right))
    judged_as = f"{short(earlier.text)} = {short(right.text)}"
    said = f"restates {left.text}, defined on line {earlier.written} as {short(earlier.text)}: judged as {judged_as}"
    read_as = f"{expanded_formula.read_as} = {expanded_right.read_as}" + (f" (with {names})" if names else "")
    return status, f"{said}{f' with the definition of {names}' if names else ''}; {message}", ce, method, read_as


def _contradicted(used: list[Any], assumptions: list[Parsed], context: Context, line: int) -> bool:
    """Whether a number some of ``used`` (definitions) gives a name makes one of ``assumptions`` false, where the text
    states that assumption after the definition (a case that makes the name general again; a condition stated before
    the example's numbers, "converges for $\\eta < 2/\\lambda$. Let $\\eta = 0.1$", is the example's to break: review
    helper-217 M2)."""
    values = {sp.Symbol(d.name): (d.expr, d.said or d.line) for d in used if d.numeric}
    names = {s.name: s for s in values}
    for assumption in assumptions:
        condition = assumption.expr
        if not isinstance(condition, sp.core.relational.Relational) or not condition.free_symbols:
            continue
        said = [n for start, end, math, n in context.assumed if start <= line < end and math.strip() == assumption.text.strip()]
        named = {s: names[s.name] for s in condition.free_symbols if getattr(s, "name", None) in names}
        if not said or not named or not all(values[d][1] < min(said) for d in named.values()):
            continue
        if condition.xreplace({s: values[d][0] for s, d in named.items()}) is sp.false:
            return True
    return False


def _put_to_the_test(context: Context, line: int) -> bool:
    """Whether the text before a display supposes its relation, or puts it to the test rather than claims it, or the
    text around it calls it false."""
    before = " ".join(context.lines[max(0, line - 4) : line - 1]).rsplit("$$", 1)[-1]
    tested = _TESTED.search(re.sub(r"\$[^$]*\$", " ", before))
    return bool(context.supposed_before(line) or tested or context.contradiction_around(line, line))


# words before a display that put its relation to the test rather than claim it ("We check whether", "One might expect")
_TESTED = re.compile(
    r"\b(?:whether|expect\w*|might|would|test\s+if|is\s+it|not\s+the\s+case|claim\w*|wrong\w*|mistak\w*|"
    r"false|incorrect\w*|naive\w*|seem\w*|tempt\w*|guess\w*)\b",
    re.IGNORECASE,
)
# the relation that holds wherever an inequality fails
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _with_stated_numbers(
    context: Context, left: Parsed, right: Parsed, line: int, after: bool = False
) -> tuple[Parsed, Parsed, str] | None:
    """Both sides with the number this section states for each of their names put in (:meth:`Context.stated_number`),
    and the names with their values and lines; None where a name has none (``after``: none stated after ``line``)."""
    names = sorted(left.expr.free_symbols | right.expr.free_symbols, key=str)
    if not names or not all(isinstance(n, sp.Symbol) for n in names):
        return None
    values = {}
    for name in names:
        number = context.stated_number(name.name, line, after)
        if number is None:
            return None
        values[name] = number
    shown = ", ".join(f"{n} = {sp.sstr(v)} (line {context.stated_anywhere(n.name, line)})" for n, v in values.items())
    return replace(left, expr=left.expr.xreplace(values)), replace(right, expr=right.expr.xreplace(values)), shown


def _no_matrix(*sides: Parsed) -> bool:
    """Whether no side is or holds a matrix."""
    matrices = (sp.MatrixBase, sp.MatrixExpr)
    return all(
        isinstance(side.expr, sp.Expr) and not any(isinstance(e, matrices) for e in sp.preorder_traversal(side.expr)) for side in sides
    )


def _plain_values(*sides: Parsed) -> bool:
    r"""Whether the sides are scalar expressions of plain names only: no derivative, integral or limit (whose value depends
    on what a definition makes a name depend on: ds/dz \le 0 holds as written, 0 \le 0, and fails for s = z), no function
    applied and no matrix. Such a relation that holds for every value of its names holds for the values definitions give."""
    operators = (sp.Derivative, sp.Integral, sp.Limit, sp.core.function.AppliedUndef)
    return _no_matrix(*sides) and all(not side.expr.has(*operators) for side in sides)


def _formula_value_holds(
    context: Context,
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    used: list[Any],
    line: int,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> str:
    """Why a step that fails with a slip's number carried forward is not flagged: it holds with the value the slipped
    line's formula gives (the student went on from the right value, not the number written); '' otherwise."""
    for definition in used:
        formula = context.carried.get((definition.name, definition.line))
        if formula is None:
            continue
        swap = {sp.Symbol(definition.name): formula}
        old_left, old_right = (context.expand(replace(p, expr=p.expr.xreplace(swap)), line)[0] for p in (left, right))
        status, *_ = _judged(seen, old_left, relation, old_right, assumptions, timeout_s, seed, True, assumed, log, shared)
        if status == "ok":
            return (
                f"it holds with the value {short(sp.sstr(formula))} the formula of {definition.name} gives on line "
                f"{definition.line}, not the number written there: the slip corrected, or its result not carried?"
            )
    return ""


def _older_values_hold(
    context: Context,
    line: int,
    where: int,
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    used: list[Any],
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> str:
    r"""Why a step that fails with a name's new value is not flagged: it holds with the values in force just before
    that name was given it (value iteration by hand updates every state from the old values, a synchronous sweep:
    ``v_2 = 2 + \gamma v_1 = 2 + 0.9 \cdot 0`` after ``v_1 = 1 + \gamma v_2 = 1`` is right, and was wrong: probe
    helper-173); '' where no name of the step was given a new value, or the old values do not make it hold."""
    names = {s.name for p in (left, right) for s in p.symbols}
    here = sorted(n for n, at, end in context.assigned if at == line and n in names and where > end >= 0)
    if here:
        # v_1 = 1 + \gamma v_2 = 1, \quad v_2 = 2 + \gamma v_1 = 2.9: v_1 given its new value on this very line, which the
        # step may use (an in-place sweep) or not (a synchronous one): judged with neither (review helper-178)
        return f"{', '.join(here)} is given a new value on this line (line {line}): its old or its new value may be meant"
    for definition in used:
        # (a name updated in place, v_1 = v_1 + \alpha\delta, then used with its old value is a stale value: TD(0) by hand)
        if definition.source or not definition.numeric or (definition.name, definition.line) not in context.recomputed:
            continue
        before = context.defined_before(sp.Symbol(definition.name), definition.line)
        if before is None or not before.numeric or before.expr == definition.expr:
            continue
        old_left, old_right = (context.expand(p, definition.line)[0] for p in (left, right))
        status, *_ = _judged(seen, old_left, relation, old_right, assumptions, timeout_s, seed, True, assumed, log, shared)
        if status == "ok":
            return (
                f"it holds with the values before line {definition.line}, where {definition.name} was "
                f"{short(sp.sstr(before.expr))}: an update from the old values (a synchronous sweep), or a stale value?"
            )
    return ""


def _rounding_explains(ce: Counterexample | None, left: Parsed, right: Parsed, anywhere: bool = False) -> str:
    r"""Why a failure with the definitions put in may be the rounding of an earlier result the step writes as a number
    ('' if it may not): g^2 = (5.000 \times 10^{-9})^2 after g = 10^{-8}/(1 + e^{-2 \cdot 10^{-8}}) = 5.000 \times 10^{-9}
    differs by a relative 2e-8, well inside the four digits of 5.000 (it was wrong). Only at a number (no symbols left),
    and within ten units of the least precise decimal the step itself writes; ``anywhere``: at a witness with symbols too
    (a recurrence unrolled exactly: w_{20} = 0.3585 w_0 for 0.95^{20} = 0.358486, probe helper-167)."""
    if ce is None or (ce.at and not anywhere) or not all(isinstance(v, float) for v in (ce.lhs, ce.rhs)):
        return ""
    # decimals of three or more digits: a value carried from before (0.5 or 2e-8 is data more often than a rounding)
    units = [u for n in (*left.numbers, *right.numbers) if (u := relative_unit(n)) is not None and u <= 0.01]
    if not units:
        return ""
    scale = max(abs(ce.lhs), abs(ce.rhs))
    # ten units for a value carried into a computation (0.6 \cdot 1.497 + 0.4); a value claimed alone (v_3 = 2.35,
    # w_{20} = 0.3585 w_0) is its own rounding: one unit
    reach = 1 if anywhere and len((*left.numbers, *right.numbers)) == 1 else 10
    if scale == 0 or abs(ce.lhs - ce.rhs) > reach * max(units) * scale:
        return ""
    within = "ten units" if reach == 10 else "one unit"
    return f"the sides differ within {within} of the last digit of a number the step writes: a rounded earlier result?"


_WORKED = "false as an identity"
_WORKED_WHY = "a worked example or a general claim? not flagged"


def _moving_definition(context: Context, left: Parsed, right: Parsed, line: int) -> str:
    """The name of a quantity the document defined that the step differentiates as if it were constant ('' if none):
    its definition depends on the variable of a derivative in the step (x_bar = (1/n) sum_i x_i and d/dx_j)."""
    sides = [e for e in (left.expr, right.expr) if isinstance(e, sp.Basic)]
    variables = {v for e in sides for d in e.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)}
    if not variables:
        return ""
    stems = {m["stem"] for v in variables if (m := ENTRY.fullmatch(v.name))}  # x of x_j: its family x[i] in a sum
    for side in (left, right):
        _, used = context.expand(side, line)
        for d in used:
            body = d.expr if isinstance(d.expr, sp.Basic) else sp.S.Zero
            family = {str(i.base) for i in body.atoms(sp.Indexed)}
            family |= {m["stem"] for s in body.free_symbols if (m := ENTRY.fullmatch(getattr(s, "name", "")))}
            if d.args is None and (body.free_symbols & variables or family & stems):
                return d.name
    return ""


_UNAPPLIED = "the derivative holds {} as a constant, but the text gives it a formula not read here"


def _unapplied_in_derivative(context: Context, sides: tuple[Parsed, ...], line: int) -> str:
    r"""A name inside a derivative's body that the section gives a formula before ``line`` (or a value not read as a
    number) but that the step's reading holds as a bare name, with where ('' if none): differentiated as a constant,
    the derivative may be 0 where the formula depends on the variable (``\frac{\partial L}{\partial \gamma} = 0`` with ``L = \sum_i g_i
    y_i`` read and ``y_i = \gamma \hat{x}_i + \beta`` not: probe helper-205 C8)."""
    for side in sides:
        expr = side.expr if isinstance(side.expr, sp.Basic) else sp.S.Zero
        for derivative in expr.atoms(sp.Derivative):
            body, variables = derivative.expr, set(derivative.variables)
            names = {s.name for s in body.free_symbols - variables if isinstance(s, sp.Symbol)}
            names |= {f"{i.base}_{index}" for i in body.atoms(sp.Indexed) for index in i.indices if isinstance(index, sp.Symbol)}
            variables_named = frozenset(getattr(v, "name", "") for v in variables)
            for name in sorted(names):
                at = context.formula_stated_in_section(name, line, variables_named)
                if at is not None:
                    return f"{name} (line {at})"
    return ""


def _wider_body_disagrees(
    context: Context,
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    line: int,
    status: str,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> str:
    r"""Where a side had a second reading of a derivative's body (``\frac{\partial}{\partial z} \log s + \lambda z^2``:
    of log s alone as read, or of the whole sum), that reading judged with the document's definitions put in as well:
    why its verdict is not ``status`` ('' where it is, or where no side had one). With s = \sigma(z) put in, the
    second reading was lost, and a right step was wrong (probe helper-208 F6); ``check`` gives no verdict there."""
    if status not in ("ok", "wrong"):
        return ""
    wider = [(side, body_read_wider(side)) for side in (left, right)]
    if not any(substitution for _, substitution in wider):
        return ""
    read = [dataclasses.replace(side, expr=side.expr.xreplace(sub), second_readings=()) if sub else side for side, sub in wider]
    (wide_left, _), (wide_right, _) = (context.expand(side, line) for side in read)
    other, message, _, _ = _judged(seen, wide_left, relation, wide_right, assumptions, timeout_s, seed, True, assumed, log, shared)
    if other == status:
        return ""
    return f"not judged: the readings disagree (with a derivative's body taken on over the terms after it, {other}: {message})"


def _general_reading_fails(
    context: Context,
    seen: dict,
    left: Parsed,
    relation: str,
    right: Parsed,
    used: list,
    line: int,
    plain: tuple,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> str:
    """Why a step that holds at the document's values may still be a false general claim ('' when it is not).

    ``x^2 - 9 = (x - 3)^2`` after ``x = 3`` holds at x = 3, but both sides still speak of x: a worked example, or
    the identity it fails to be? Neither verdict is safe. Only where a name defined by a number stands on both
    sides, and the step does not hold as an identity (with the formulas defined, not the values): the identity's
    verdict is ``plain`` where the caller already judged it, else judged here. ``(y - a)^2 = (1 - 0.7)^2`` after
    y = 1, a = 0.7 puts values in for names: an evaluation, whatever it is as an identity."""
    values = {sp.Symbol(d.name) for d in used if d.numeric}
    if not values & _with_variables(left) & _with_variables(right):
        return ""
    if plain[0] == "wrong":
        return plain[1]
    general_left, _ = context.expand(left, line, keep=frozenset(values))
    general_right, _ = context.expand(right, line, keep=frozenset(values))
    status, message, _, _ = _judged(seen, general_left, relation, general_right, assumptions, timeout_s, seed, True, assumed, log, shared)
    return "" if status == "ok" else f"{status}: {message}" if status == "undecided" else message


def _by_recurrence(
    context: Context,
    left: Parsed,
    right: Parsed,
    line: int,
    assumptions: list[Parsed],
    shared: Assignment | None,
    seed: int,
    timeout_s: float,
) -> tuple[str, str, Counterexample | None] | None:
    """A step about a recurrence stated earlier in the section, judged by unrolling it (derivax.recurrences).

    None where no recurrence applies. A failure is ``wrong`` unless prose between the recurrence and the
    step states a condition (then ``undecided``, with the point), as for definitions.
    """
    if not (isinstance(left.expr, sp.Expr) and isinstance(right.expr, sp.Expr)):
        return None
    rec = context.recurrence_for(left.symbols | right.symbols, line)
    if rec is None:
        return None
    numbers = shared.scalars | shared.numbers if shared is not None else frozenset()
    sides = (replace(side, capital_products=capitals_besides(side.capital_products, numbers)) for side in (left, right))
    ordered = products_in_order(*sides, judged="a recurrence is unrolled with numbers here (declare the matrices to unroll it with them)")
    if ordered is not None:  # w_t = A^t B^t w_0 after w_{t+1} = ABw_t was ok: unrolled with the capitals numbers
        return "undecided", ordered.reason, None
    # (first-order rules only: x_t = a x_{t-1} + b x_{t-2} by x_{t-2} is b holding x_{t-1}, a^2 + b through it; and none
    # whose other sequences the text defines, from the base perhaps: g_t = 2 w_{t-1}, f_t = \sigma(c_{t-1}): review
    # helper-218 C1, C2)
    others_defined = any(
        context.stated_anywhere(f"{seq}_{rec.index}", line) is not None or context.family_defined(seq, line)
        for seq in rec.sequences - {rec.base}
    )
    worked = [entry_derivatives(side.expr, rec) for side in (left, right)] if rec.order == 1 and not others_defined else [None, None]
    if any(worked):
        # \frac{\partial c_t}{\partial c_{t-1}} = f_t after c_t = f_t c_{t-1} + i_t g_t: the rule differentiated, no
        # unrolling (it was "the sides agree only for some initial values": probe helper-215 M1)
        sides = [replace(side, expr=w[0]) if w else side for side, w in zip((left, right), worked, strict=True)]
        status, message, ce, _ = _judge_step(sides[0], "=", sides[1], assumptions, timeout_s, seed, None)
        if status in ("ok", "wrong"):
            said = "; ".join(w for found in worked if found for w in found[1])
            return status, f"{said}: {message}", ce
        return None
    rules = context.recurrences_at(line)
    if len(rules) > 1 and follows_from_rules(left.expr, right.expr, rules):
        # momentum's v and w rules: the step is their combination at t - 1 and t, true whatever the initial values
        said = ", ".join(rule.describe() for rule in rules)
        return "ok", f"follows from {said} (a combination of them at neighbouring indices, exactly; no initial value needed)", None
    initial, first = context.initial_value(f"{rec.base}_0", line), 0
    if initial is None:  # "start at $m_1 = g_1$" and no m_0: unrolled down to m_1 (a value in the driving sequences)
        stated = context.initial_value(f"{rec.base}_1", line, numbers_only=False)
        if stated is not None and _starts(stated[0], rec):
            initial, first = stated, 1
    # the numbers the document gives the other sequences' terms (theta_0 = 1 beside v's recurrence in theta)
    values = {}
    for name in (f"{seq}_{k}" for seq in sorted(rec.sequences - {rec.base}) for k in range(7)):
        stated = context.initial_value(name, line) or context.value_said(name, line)
        if stated is not None:
            values[sp.Symbol(name)] = stated[0]
    for name in (f"{seq}_{k}" for seq in sorted(rec.sequences - {rec.base}) for k in range(31)):
        # a schedule the document defines (\eta_t = \frac{1}{t + 2}): its terms' numbers (eta_0 was left free, and the
        # right w_1 = w_0/2 of w_{t+1} = (1 - \eta_t \lambda) w_t was wrong: probe helper-167)
        if sp.Symbol(name) not in values and (number := context.family_value(name, line)) is not None:
            values[sp.Symbol(name)] = number
    for seq in sorted(rec.sequences - {rec.base}):
        # w_{t+1} = w_t + v_{t+1} beside v_{t+1} = mu v_t - eta g and v_0 = 0: v's terms unrolled too (w_2 was "read as
        # the definition of w_2", unchecked), where v's recurrence is driven by no other sequence
        other, start = context.recurrence_for({sp.Symbol(f"{seq}_0")}, line), context.initial_value(f"{seq}_0", line)
        if other is not None and other.base == seq and start is not None and other.sequences == {seq}:
            terms = first_terms(other, start[0], 6)
            for name, term in terms.items():
                values.setdefault(sp.Symbol(name), term)
            if terms:  # v's constants (mu, eta, g) may appear in w's step
                rec = dataclasses.replace(rec, constants=rec.constants | other.constants)
    rec, left, right, constant_said, put_in = _constant_sequences(context, rec, left, right, line)
    written = left.expr
    left, right = _at_the_recurrence_index(left, right, rec)
    if left.expr != written:  # w_T at the recurrence's letter: the message says so
        letter = str(written).rpartition("_")[2]
        if any(getattr(c, "name", "") == letter for c in rec.constants):
            # w_m = (1 - \eta\lambda/m)^m w_0 after w_{k+1} = (1 - \eta\lambda/m) w_k: m is the step's index and the
            # recurrence's constant at once; put in on one side only, a right step was wrong (probe helper-147)
            why = f"{letter} is both the step's index and a constant of {rec.describe()}: not judged by unrolling"
            return "undecided", why, None
        constant_said = "; ".join(filter(None, [f"{letter} read as {rec.index}", constant_said]))
    for constant in sorted(rec.constants, key=str):
        # "Let $\beta = 0.9$" before the recurrence: its terms unrolled with the number (m_1 = 0.1 g_1 was refuted at
        # another beta, then left undecided)
        given = context.defined_before(constant, line) if isinstance(constant, sp.Symbol) else None
        if given is not None and given.expr.is_number and given.expr.is_real:
            values.setdefault(constant, given.expr)
        said = context.value_said(constant.name, line) if isinstance(constant, sp.Symbol) and given is None else None
        if said is not None:  # "RMSProp with $\rho = 0.9$" (no "Let"): the number the text gives it
            values.setdefault(constant, said[0])
    extra = shared.assumptions_for(left.symbols | right.symbols) if shared is not None else []
    conditions = [a.condition for a in assumptions] + [a.parsed.condition for a in extra]
    # v_3 = g(1 + \mu + \mu^2) after v_t = \mu v_{t-1} + g: g is a value of the recurrence, so g(...) multiplies
    constants = {c.name: c for c in rec.constants if isinstance(c, sp.Symbol)}
    (lhs, on_left), (rhs, on_right) = (_calls_as_products(e, constants) for e in (left.expr, right.expr))
    multiplied = on_left | on_right
    # a value the text states after this step ("In part (b) we take $g_1 = 1$") may be a later part's: the step is judged
    # without it too, and a verdict that needs it is not given
    later = {n: at for n in [f"{rec.base}_{first}", *map(str, values)] if (at := context.stated_after(n, line)) is not None}
    try:
        with time_limit(timeout_s):
            result = check_with_recurrence(lhs, rhs, rec, initial, conditions, seed, values, first)
            if later and result is not None and result.status in ("ok", "wrong"):
                own = f"{rec.base}_{first}" in later
                kept = {k: v for k, v in values.items() if str(k) not in later}
                alone = check_with_recurrence(lhs, rhs, rec, None if own else initial, conditions, seed, kept, 0 if own else first)
                if alone is None or alone.status != result.status:
                    stated = ", ".join(f"{n} (line {at})" for n, at in sorted(later.items()))
                    other = alone.status if alone is not None else "not decided"
                    message = f"{result.status} with {stated}, stated after this step, and {other} without: which holds here is not settled"
                    return "undecided", f"{message} ({result.message})", None
    except TimeLimitExceeded:
        return "undecided", f"unrolling {rec.describe()} timed out after {timeout_s:g} s of CPU", None
    if result is None:
        return None
    if constant_said:
        result = dataclasses.replace(result, message=f"{result.message}; {constant_said}")
    if multiplied:
        shown = ", ".join(f"{name}(...)" for name in sorted(multiplied))
        result = dataclasses.replace(result, message=f"{shown} read as a product (a value of the recurrence); {result.message}")
    if result.status != "wrong":
        return result.status, result.message, None
    if not all(isinstance(v, int) or (isinstance(v, sp.Basic) and v.is_number) for v in (result.lhs, result.rhs, *result.at.values())):
        # -\eta g(1 + \mu) read as a function g at 1 + mu: no number at the witness, so no witness (it was an error)
        return "undecided", f"{result.message}; not flagged: a side has no value there (a function defined elsewhere?)", None
    if any(v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) for v in (result.lhs, result.rhs) if isinstance(v, sp.Basic)):
        # \bar w_t = \frac{1}{t - 1}\sum_i w_i at t = 1: a division by zero (float() of zoo was an internal error)
        return "undecided", f"{result.message}; not flagged: a side has no finite value there (a division by zero?)", None
    at = {k: (int(v) if k == "t" else float(v)) for k, v in result.at.items()}
    ce = Counterexample(at, float(result.lhs), float(result.rhs), "exact, with fresh symbols for the terms")
    rounded = _rounding_explains(ce, left, right, anywhere=True)
    if rounded:  # a hand computation that carries a rounded iterate (w_4 = 0.6 \cdot 1.497 + 0.4 after w_3 \approx 1.497)
        return "undecided", f"{result.message}; not flagged: {rounded}", ce
    condition = context.condition_between(rec.line, line, put_in)
    if condition:
        return "undecided", f"{result.message}; not flagged: the text states a condition: {condition!r}", ce
    return "wrong", result.message, ce


def _constant_sequences(
    context: Context, rec: Any, left: Parsed, right: Parsed, line: int
) -> tuple[Any, Parsed, Parsed, str, frozenset[str]]:
    r"""The recurrence and the step with each driving sequence the prose makes constant put in ("for constant gradients
    $g_t = g$": every g term is g, in the rule and in the step, ``\sum_i \beta^{t-i} g_i`` too), what was put in (words),
    and the inline math that said so."""
    said, maths = [], set()
    for seq in sorted(rec.sequences - {rec.base}):
        stated = context.constant_sequence(seq, rec.index, line)
        if stated is None:
            continue
        constant, math = stated
        maths.add(math)

        def put(expr: Any, seq: str = seq, constant: Any = constant) -> Any:
            terms = {s: constant for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name.startswith(f"{seq}_")}
            terms |= {i: constant for i in expr.atoms(sp.Indexed) if str(i.base) == seq}
            return expr.xreplace(terms)

        symbols = frozenset(s for s in constant.free_symbols if isinstance(s, sp.Symbol))
        rec = dataclasses.replace(rec, expr=put(rec.expr), sequences=rec.sequences - {seq}, constants=rec.constants | symbols)
        if isinstance(left.expr, sp.Basic) and isinstance(right.expr, sp.Basic):
            left, right = dataclasses.replace(left, expr=put(left.expr)), dataclasses.replace(right, expr=put(right.expr))
        said.append(f"every {seq} term {sp.sstr(constant)}, as the text states")
    return rec, left, right, "; ".join(said), frozenset(maths)


def _at_the_recurrence_index(left: Parsed, right: Parsed, rec: Any) -> tuple[Parsed, Parsed]:
    r"""A closed form at another letter, ``w_T = w_0 - \eta\sum_{t=1}^{T} g_t`` after ``w_{t+1} = w_t - \eta g_t``, written
    at the recurrence's own letter (T as t; a sum's own t renamed first), so unrolling checks it; else the step as is."""
    if not (isinstance(left.expr, sp.Symbol) and isinstance(right.expr, sp.Expr)):
        return left, right
    base, _, letter = left.expr.name.rpartition("_")
    if base != rec.base or len(letter) != 1 or not letter.isalpha() or letter == rec.index:
        return left, right
    index = sp.Symbol(rec.index)
    mine = {s for s in right.expr.free_symbols if isinstance(s, sp.Symbol) and s.name == rec.index}
    if mine:
        return left, right  # the recurrence's letter free in the step beside another: two indices, not one renamed
    renamed: dict[Any, Any] = {}
    for bound in right.expr.atoms(sp.Sum, sp.Product):
        if any(limit[0].name == rec.index for limit in bound.limits):
            renamed[bound] = bound.xreplace({limit[0]: sp.Dummy(rec.index) for limit in bound.limits if limit[0].name == rec.index})
    expr = right.expr.xreplace(renamed)

    def at_index(s: sp.Symbol) -> sp.Symbol:
        if s.name == letter:
            return index
        stem, _, sub = s.name.rpartition("_")
        if stem in rec.sequences and (sub == letter or re.fullmatch(rf"{letter}(?:minus|plus)\d+", sub)):
            return sp.Symbol(f"{stem}_{rec.index}{sub[1:]}", **s.assumptions0)
        return s

    expr = expr.xreplace({s: at_index(s) for s in expr.free_symbols if isinstance(s, sp.Symbol)})
    term = sp.Symbol(f"{rec.base}_{rec.index}", **left.expr.assumptions0)
    return dataclasses.replace(left, expr=term), dataclasses.replace(right, expr=expr)


def _starts(value: Any, rec: Any) -> bool:
    """Whether a stated first term (``m_1 = g_1``, ``v_1 = 0.5``) is made of the recurrence's constants and fixed terms of
    its driving sequences only (nothing of its own sequence, no index t)."""
    if not isinstance(value, sp.Expr):
        return False
    for s in value.free_symbols:
        base, _, number = s.name.rpartition("_")
        if s in rec.constants or (number.isdigit() and base in rec.sequences - {rec.base}):
            continue
        return False
    return True


def _calls_as_products(expr: Any, constants: dict) -> tuple[Any, set[str]]:
    r"""``g(1 + \mu)`` as ``g (1 + \mu)`` where g is one of ``constants`` (values, never functions), and the names so read."""
    calls = {
        f: constants[f.func.__name__] * f.args[0] for f in expr.atoms(AppliedUndef) if f.func.__name__ in constants and len(f.args) == 1
    }
    return (expr.xreplace(calls) if calls else expr), {f.func.__name__ for f in calls}


def _derivative_name(name: str) -> bool:
    """``dJ_dw``, ``grad``, ``grad_w``: a derivative written as a name, never a function being defined."""
    return name == "grad" or name.startswith("grad_") or named_derivative(name) is not None


def _one_hot(shared: Assignment | None) -> frozenset[str]:
    """The sequences the context file declares one-hot (``y`` or ``y_k`` with ``properties: [one-hot]``)."""
    return _sequences_declared(shared, "one-hot")


def _sequences_declared(shared: Assignment | None, prop: str) -> frozenset[str]:
    """The sequences (``y`` of ``y`` or ``y_k``) the context file declares with the property ``prop``."""
    if shared is None:
        return frozenset()
    return frozenset(str(name).split("_")[0] for name, props in shared.properties.items() if prop in props)


def _off_the_simplex(status: str, message: str, ce: Any, shared: Assignment | None) -> tuple[str, str]:
    """A failure at entries of a sequence the context file declares a probability vector, drawn freely (p_1 = 0.5 at
    n = 1 sums to no 1): undecided, never wrong (Gibbs' inequality was wrong with the file, undecided without it;
    probe helper-174)."""
    if status != "wrong" or ce is None or shared is None:
        return status, message
    declared = _sequences_declared(shared, "probability vector")

    def off(family: str) -> bool:  # the witness's entries of the family leave the simplex (p_1 = 0.5 alone sums to 0.5)
        values = [v for name, v in (ce.at or {}).items() if str(name).split("_")[0] == family]
        try:
            numbers = [float(v) for v in values]
        except (TypeError, ValueError):
            return True
        return not numbers or abs(sum(numbers) - 1) > 1e-9 or any(not 0 <= v <= 1 for v in numbers)

    broken = sorted(f for f in declared & {str(name).split("_")[0] for name in (ce.at or {})} if off(f))
    if not broken:
        return status, message
    why = f"{', '.join(broken)} declared a probability vector in {shared.source}, which these entries (drawn freely) may break"
    return "undecided", f"{message}; not flagged: {why}"


def _by_indices(
    left: Parsed,
    right: Parsed,
    assumptions: list[Parsed],
    shared: Assignment | None,
    seed: int,
    timeout_s: float,
    linked: bool,
    plain: tuple,
    said_hot: dict[str, int] | None = None,
    hot_index: dict[str, str] | None = None,
) -> tuple | None:
    r"""A step with sums over an unstated or symbolic range, judged at n = 1..6 (derivax.indices).

    None where the step has no such sum. A lone relation (a definition, an equation) is reported only
    when it holds; otherwise its earlier reason stands. ``said_hot``: sequences the prose calls one-hot
    (name -> line), used like the context file's declaration.
    """
    said_hot = said_hot or {}
    if not (has_indices(left.expr) or has_indices(right.expr)):
        return None
    extra = shared.assumptions_for(left.symbols | right.symbols) if shared is not None else []
    conditions = [a.condition for a in assumptions] + [a.parsed.condition for a in extra]
    try:
        with time_limit(timeout_s + 1):  # the check keeps its own deadline; this one stops a runaway doit
            hot = _one_hot(shared) | frozenset(said_hot)
            result = check_with_indices(left.expr, right.expr, conditions, seed, timeout_s, hot, hot_index=hot_index)
    except TimeLimitExceeded:
        return None
    refused = plain[1].startswith(_REFUSALS) or "appear on one side only (defined elsewhere?)" in plain[1]
    if result is None or ((not linked or refused) and result.status != "ok"):
        return None  # a definition, an equation being solved, a name from elsewhere: only an identity that holds is reported
    if result.status == "undecided":
        return "undecided", f"{plain[1]}; {result.message}", None, "indices"
    ce = None
    if result.status == "wrong":
        # a sequence on one side only, as the kernel's refutations have it (_judge_step): \delta_{ij} - e^{s_i}/\sum_k e^{s_k} =
        # \delta_{ij} - p_i beside a declared one-hot t, p the softmax in prose, was wrong at p_1 = 0 (probe helper-221)
        parameters = shared.free_in(left.expr, right.expr) if shared is not None else frozenset()
        alone = [n for n in _sequences_on_one_side(left.expr, right.expr) if n not in hot and n not in parameters]
        if alone:
            why = f"{', '.join(alone[:4])} appear on one side only (defined elsewhere?)"
            return "undecided", f"{plain[1]}; {result.message}; not flagged: {why}", None, "indices"
        ce = Counterexample(dict(result.at), result.lhs, result.rhs, "instantiated, a fresh symbol per entry")
    message = result.message
    if "one-hot (its 1" in message or "one-hot with its 1" in message:
        said = [f"{name} (line {line})" for name, line in sorted(said_hot.items()) if f"{name} one-hot" in message]
        if said:
            message = f"{message}; one-hot as the text says: {', '.join(said)}"
        elif shared is not None:
            message = f"{message}; one-hot as declared in context file {shared.source}"
    if extra:
        message = f"{message}; assuming {', '.join(a.text for a in extra)} (context file {shared.source})"
    return result.status, message, ce, "indices"


_REFUSALS = ("names or defines a quantity", "a single relation with symbols", "a lone inequality")


# a derivative as written: \partial, \nabla, a prime, d/dx with the d upright too (\frac{\mathrm{d}C}{\mathrm{d}a} was read
# as a new name's definition, and the right rewrites after it were flagged against it)
_DERIVATIVE_WRITTEN = re.compile(  # dC/dw with a slash too (it was learnt as a new name: the slip in it passed)
    r"\\partial|\\nabla|'|\\[dt]?frac\s*\{\s*(?:d|\\(?:mathrm|text|textrm|operatorname|rm)\s*\{\s*d\s*\})|" + SLASH_DERIVATIVE.pattern
)
_OPERATOR_WRITTEN = re.compile(rf"{_DERIVATIVE_WRITTEN.pattern}|\\(?:sum|prod|lim|int)(?![a-zA-Z])")


def _computes(step: documents.Step, left: Parsed, right: Parsed) -> bool:
    r"""Whether a lone ``A = B`` states the result of an operation rather than an equation to solve or a
    definition: A applies an operator (``\frac{d}{du}``, ``\sum``, ``\lim``, a prime) and is no bare name,
    B is not a constant (``f'(x) = 0`` is solved) and uses only A's symbols (B names nothing new)."""
    if _OPERATOR_WRITTEN.search(step.left.latex) is None:
        return False
    if isinstance(left.expr, sp.Symbol | AppliedUndef) or not isinstance(right.expr, sp.Expr):
        return False
    entries = {str(i.base) for i in left.expr.atoms(sp.Indexed)} if isinstance(left.expr, sp.Basic) else set()
    # x_j on the right of d/dw_j sum_i w_i x_i is an entry of the x the left sums over: no new name
    new = {s for s in right.symbols - left.symbols if not (s.name.partition("_")[0] in entries and s.name.partition("_")[2].isalpha())}
    return bool(right.symbols) and not new


def _put_in_values(expr: Any, values: dict) -> Any:
    """``expr`` with numbers put in for names; a derivative by one of them is taken there (``subs``), never rewritten
    into a derivative by a number."""
    if not values:
        return expr
    return expr.subs(values) if expr.has(sp.Derivative, sp.Subs) else expr.xreplace(values)


def _variables_of_explicit_derivatives(expr: Any) -> set[sp.Symbol]:
    """The variables of the derivatives in ``expr`` that are taken of an expression written out in full (no function
    defined elsewhere in it, no entry of a family), which no other part of ``expr`` uses."""
    if not isinstance(expr, sp.Basic):
        return set()
    explicit = [d for d in expr.atoms(sp.Derivative) if not d.expr.has(AppliedUndef, sp.Indexed, sp.Sum)]
    outside = expr.xreplace({d: sp.Dummy() for d in explicit}).free_symbols
    return {v for d in explicit for v in d.variables if isinstance(v, sp.Symbol) and v not in outside}


def _with_variables(side: Parsed) -> set[sp.Symbol]:
    """A side's symbols with the variables of its derivatives (d/dz_j of a sum over z_k names z_j, which
    SymPy leaves out of the free symbols where the body shows only z[k])."""
    if not isinstance(side.expr, sp.Basic):
        return side.symbols
    written_out = sums_written_out(side.expr)
    if written_out is not side.expr:  # \sum_{i=1}^{3} x_i^2 names x_1, x_2, x_3 (as check reads it), not x and x[i]
        side = dataclasses.replace(side, expr=written_out)
    # never a variable a substitution binds (d sigma(u)/du at u = w h, read Subs(Derivative(sigma(_u), _u), _u, w h)):
    # each side's _u is its own dummy, and both were "on one side only"
    bound = {v for s in side.expr.atoms(sp.Subs) for v in s.variables}
    # nor the variable of an extremum (\min_w J(w)) that stands nowhere else on the side
    extrema = [f for f in side.expr.atoms(AppliedUndef) if f.func.__name__ in EXTREMA]
    outside = side.expr.xreplace({f: sp.Dummy() for f in extrema}).free_symbols if extrema else set()
    bound |= {f.args[1] for f in extrema if f.args[1] not in outside}
    derived = {v for d in side.expr.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)}
    return (side.symbols | derived) - bound - {v for v in derived if isinstance(v, sp.Dummy)}


def _taken_back(assignment: Assignment | None, retracted: list[tuple[frozenset[str], frozenset[str], bool]]) -> Assignment | None:
    """The context file's declarations less what the text takes back ("In this problem $H$ is not symmetric", "now let
    $X$ and $Y$ be dependent"): the text's own declarations already are (:meth:`Context.prose_retractions`); a file's
    property the student's text denies is not used to judge the student's steps. ``names`` empty: every declared name."""
    if assignment is None or not retracted:
        return assignment
    properties, random = dict(assignment.properties), dict(assignment.random)
    for names, dropped, dependent in retracted:

        def named(name: str, names: frozenset[str] = names) -> bool:
            return not names or name in names or any(assignment.family_of(n) == name for n in names)

        properties = {n: tuple(p for p in props if p not in dropped) if named(n) else props for n, props in properties.items()}
        if dependent:
            random = {n: dataclasses.replace(rv, independent=False) if named(n) else rv for n, rv in random.items()}
    return dataclasses.replace(assignment, properties=properties, random=random)


def _with_prose(
    assignment: Assignment | None,
    random: list[tuple[str, frozenset[str], Any, Any, str]],
    shaped: list[tuple[str, str, tuple[str, ...]]],
    moments: dict[tuple[str, str], Any] | None = None,
    said_constant: frozenset[str] = frozenset(),
) -> Assignment | None:
    r"""The context file's declarations with the random variables, vectors and matrices the prose declared so far
    added (the file wins where both declare a name, but for a mean or variance the text states otherwise), the means
    and variances the prose states for declared variables where their declarations leave them open (``Assume
    $\mathbb{E}[X] = 0$``), and the names it calls constants (``let $w$ be a constant``: a scalar, never random); None
    where neither declares any."""
    if moments and ("E", "*") in moments:  # "all the expected values equal to zero": each variable's open mean
        names = [n for n, *_ in random] + list(assignment.random if assignment is not None else ())
        moments = {**{("E", n): moments[("E", "*")] for n in names}, **{k: v for k, v in moments.items() if k != ("E", "*")}}
    if moments:
        random = [
            (
                n,
                independent,
                moments.get(("E", n), mean) if mean is None else mean,
                moments.get(("Var", n), var) if var is None else var,
                kind,
            )
            for n, independent, mean, var, kind in random
        ]
        if assignment is not None and assignment.random:
            stated = {
                name: dataclasses.replace(
                    rv,
                    mean=moments.get(("E", name)) if rv.mean is None else rv.mean,
                    variance=moments.get(("Var", name)) if rv.variance is None else rv.variance,
                )
                for name, rv in assignment.random.items()
                if (rv.mean is None and ("E", name) in moments) or (rv.variance is None and ("Var", name) in moments)
            }
            if stated:
                values = {s.name for (_, n), v in moments.items() if n in stated and isinstance(v, sp.Basic) for s in v.free_symbols}
                assignment = dataclasses.replace(
                    assignment,
                    random={**assignment.random, **stated},
                    scalars=assignment.scalars | (values - set(assignment.kinds) - set(assignment.random)),
                )
    if said_constant and assignment is not None and not random and not shaped:  # after the moments: both hold
        constant = said_constant - set(assignment.random) - set(assignment.kinds)
        return dataclasses.replace(assignment, scalars=assignment.scalars | constant)
    if said_constant and assignment is None and not random and not shaped:
        # "let $w$ be a constant", "for $0 < D < 1$" with no context file: numbers, never matrices
        return Assignment(source="the text", scalars=said_constant)
    if not random and not shaped:
        return assignment
    variables: dict[str, RandomVariable] = {}
    for name, groups, mean, variance, kind in random:  # a name declared again: the later moments, every group it is in
        before = variables.get(name)
        if before is not None and groups and (mean, variance, kind) == (None, None, ""):  # "independent of $x$" alone
            mean, variance, kind = before.mean, before.variance, before.distribution
        groups = groups | (before.groups if before is not None and groups else frozenset())
        variables[name] = RandomVariable(name, bool(groups), mean, variance, kind, groups)
    # the mean and variance the prose gives ("with mean $\mu$ and variance $s^2$") are constants: mu, s scalars
    constants = {s.name for _, _, *values in random for v in values if isinstance(v, sp.Basic) for s in v.free_symbols}
    constants = (constants | said_constant) - set(variables)
    kinds = {name: kind for name, kind, _ in shaped if name not in variables}
    properties, sizes = {}, {}  # the last properties declared, and beside them the last size ("shape m x n": matrices.declared_dims)
    for name, _, props in shaped:
        said = tuple(p for p in props if not p.startswith("shape "))
        properties |= {name: said} if said and name in kinds else {}
        sizes |= {name: props[len(said) :]} if len(said) < len(props) and name in kinds else {}
    properties = {n: properties.get(n, ()) + sizes.get(n, ()) for n in [*properties, *(n for n in sizes if n not in properties)]}
    constants -= set(kinds)  # "$P \in \mathbb{R}^{n \times n}$ ... For $0 < P < 1$": a matrix still (helper-214 K5)
    if "matrix" in kinds.values() and "I" not in kinds and "I" not in variables:
        kinds["I"], properties["I"] = "matrix", ("identity",)  # I beside declared matrices: the identity
    if assignment is None:
        numbers = frozenset(variables) | constants
        return Assignment(source="the text", random=variables, numbers=numbers, kinds=kinds, properties=properties, scalars=constants)
    file_names = set(assignment.kinds) | assignment.numbers
    # a name both declare as the same kind: the text's properties join the file's ("Let $A$ be a symmetric matrix"
    # beside the file's A, a matrix: 2Aw was wrong, a verdict of the text turned around by the file: probe helper-171)
    # so does the text's shape where the file gives none ("$X \in \mathbb{R}^{n \times d}$" beside the file's plain X)
    narrowed = {
        n: tuple(dict.fromkeys(assignment.properties.get(n, ()) + tuple(p for p in props if not p.startswith("shape ") or not filed)))
        for n, props in properties.items()
        if assignment.kinds.get(n) == kinds.get(n) and props
        for filed in [any(q.startswith("shape ") for q in assignment.properties.get(n, ()))]
    }
    kinds = {n: k for n, k in kinds.items() if n not in file_names}
    # a moment the text states otherwise than the file ("with mean $\mu$" against the file's zero mean) is the text's:
    # the student's step is judged with what the student declared (the file's zero mean flagged E[X^2] = 1 + mu^2)
    merged, restated = {**variables, **assignment.random}, set()
    for name, said in variables.items():
        filed = assignment.random.get(name)
        if filed is not None and (said.mean, said.variance) != (filed.mean, filed.variance):
            mean = said.mean if said.mean is not None else filed.mean
            variance = said.variance if said.variance is not None else filed.variance
            merged[name] = dataclasses.replace(filed, mean=mean, variance=variance)
            restated |= {name} if (mean, variance) != (filed.mean, filed.variance) else set()
    return dataclasses.replace(
        assignment,
        random=merged,
        random_in_text=assignment.random_in_text | (frozenset(variables) - set(assignment.random)) | restated,
        numbers=assignment.numbers | ((frozenset(variables) | constants) - set(assignment.kinds)),
        scalars=assignment.scalars | (constants - set(assignment.kinds) - set(assignment.random)),
        kinds={**kinds, **assignment.kinds},
        properties={**{n: p for n, p in properties.items() if n in kinds}, **assignment.properties, **narrowed},
    )


def _square_doubted(judged: MatrixVerdict, left: Parsed, right: Parsed, declared: Assignment) -> MatrixVerdict:
    """``judged`` (ok on square instances), or undecided where the sides agree for a square matrix only and the
    declarations give it no shape and nothing that makes it square (:func:`derivax.compare.square_only`): a context
    file's plain ``kind: matrix`` made the least-squares slip ``(X^T X)^{-1} X^T y = X^{-1}(X^T)^{-1} X^T y`` ok, where
    ``check`` leaves it undecided (probe helper-181 F2). The sides are read again with the declared names as matrices and
    vectors, in the order written."""
    try:
        lhs, rhs = (parse(side.text, noncommutative=frozenset(declared.kinds)).expr for side in (left, right))
    except LatexError:
        return judged
    name, why = square_only(lhs, rhs)
    if not name or declared.kinds.get(name) != "matrix" or declared_dims(declared, name) is not None:
        return judged
    if set(SQUARE_PROPERTIES) & set(declared.properties.get(name, ())):  # square: its inverse is no doubt
        return judged
    return MatrixVerdict("undecided", f"{judged.message}; but {why}", None, judged.read_as)


def _operated(expr: Any) -> bool:
    """Whether an expression applies an operator (a derivative, a sum, a limit) to what it names."""
    return isinstance(expr, sp.Basic) and bool(expr.atoms(sp.Derivative, sp.Sum, sp.Product, sp.Limit) or has_indices(expr))


@functools.lru_cache(maxsize=1024)
def _identity(math: str, timeout_s: float, seed: int) -> bool:
    """Whether inline math is an equation that holds for every value (a fact cited with *since*)."""
    try:
        parsed = parse(math)
    except LatexError:
        return False
    if parsed.kind not in ("relation", "chain") or not parsed.symbols:
        return False
    if any(not isinstance(r, sp.Equality) for r in (parsed.expr if parsed.kind == "chain" else (parsed.expr,))):
        return False
    judged, _ = guarded(lambda: check_statement(parsed, timeout_s=timeout_s, seed=seed), f"cited fact {math[:80]!r}", None)
    return judged is not None and judged.verdict in (Verdict.PROVED, Verdict.CONFIRMED)


def _recurrence_given(context: Context, rec: Any, base: dict, read_as: str) -> StepResult:
    """Record a recurrence the document states; its line is ``given`` (it is checked where it is unrolled)."""
    context.recurrences.append(rec)
    message = f"defines {rec.describe()}; later steps in this section are checked by unrolling it"
    return StepResult("given", **base, message=message, read_as=read_as)


def _restated_rule(rule: Any, why: str) -> str:
    """What a line says that restates ``rule`` (a scalar or a vector recurrence) with a right side that differs from it."""
    return f"restates {rule.describe()} with a right side that differs from it ({why}): a slip, or a new rule; later steps in " \
        "this section are unrolled with neither"


_STATED_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+)\$", re.S)


def _characterised_before(context: Context, line: int, left: Parsed, right: Parsed, recurrence: Any, log: ErrorLog | None) -> str | None:
    """An equation stated in the section before ``line`` that ties a name of the step that nothing defines (nor is a term
    of the recurrence's sequence) to a name the unrolling brings in and the step does not write (``X^T X w^* = X^T y``
    for the w^* of a step unrolled with a recurrence in y), or None; the sequence's own rules tie nothing."""
    written = {s.name for p in (left, right) for s in p.symbols}
    sequence = recurrence.base
    rule, _ = _parse(recurrence.text, log)
    brought = {s.name for s in rule.symbols} - written if rule is not None else set()

    def term(name: str) -> bool:
        return name.startswith(f"{sequence}_") and not name.startswith(f"{sequence}__")

    undefined = {name for name in written if not term(name) and context.defined_before(sp.Symbol(name), line) is None}
    text = "\n".join(context.lines[context.section_start(line) - 1 : line - 1])
    for found in list(_STATED_MATH.finditer(text))[-40:]:
        math = (found.group(1) or found.group(2) or "").strip()
        if "=" not in math or len(math) > 300:
            continue
        parsed, _ = _parse(math, log)
        if parsed is None or not isinstance(parsed.expr, sp.Eq):
            continue
        if any(isinstance(side, sp.Symbol) and term(side.name) for side in parsed.expr.args):
            continue
        names = {s.name for s in parsed.expr.free_symbols if isinstance(s, sp.Symbol)}
        if names & undefined and names & brought:
            return f"${math}$"
    return None


def _end_of_display_before(shown: list[documents.Display], index: int) -> int:
    """The last line of the display before ``shown[index]`` (0 if none); arithmetic in a sentence is prose, no display."""
    return next((d.end_line for d in reversed(shown[:index]) if d.environment != "inline"), 0)


def _after_a_slip(
    results: list[StepResult],
    before: tuple[int, Any] | None,
    right: Parsed,
    seen: dict,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    in_text: Any = None,
) -> tuple[documents.Step, str, str] | None:
    r"""A rewrite ``B = C`` of ``X = A``, ``X = B`` (a slip, flagged), ``X = C``, judged as A = C: the step before the
    slip, the status and the reason; ok where C is A's value again (the line corrects the slip; it was wrong as B = C,
    one slip charged twice, the second time to a right line: probe helper-187 F17), undecided where that is not
    settled, None where A = C fails too (a slip of its own) or no slip comes before."""
    if before is None or before[0] >= len(results) or results[before[0]].status != "wrong":
        return None
    earlier = before[1]
    value, _ = _parse(earlier.left.latex, log)
    if value is None:
        return None
    status, message, ce, method = _judged(seen, value, "=", right, assumptions, timeout_s, seed, True, assumed, log)
    if status != "ok" and in_text is not None:  # (wrong too: \sum_{i=1}^n i = 10 fails for a free n, holds at n = 4: R8)
        status, message, *_ = in_text(left=value, plain=(status, message, ce, method, ""))
    slip = results[before[0]].right_line
    if status == "ok":
        return earlier, "ok", f"{message}; the value before the slip on line {slip}, which this line corrects"
    if status == "undecided":  # not shown to correct it, nor to err again: the slip is flagged once, where it is
        return earlier, "undecided", f"against the value before the slip on line {slip} (flagged there): {message}"
    return None


def _superseded(context: Context, symbol: sp.Symbol, where: str, line: int) -> bool:
    """Whether a value stated on ``where`` ("line 3") is replaced before ``line``: a display or the prose defines the
    name again between them (a new value, a formula, or one withdrawn as a system's equation)."""
    said = re.fullmatch(r"line (\d+)", where)
    if said is None:
        return False
    start = int(said.group(1))
    return any(start < d.line < line and (d.said or d.line) != start for d in context.quantities.get(symbol, []))


def _value_at(context: Context, name: sp.Symbol, line: int) -> Any:
    """The number the text gives ``name`` in force at ``line`` (None where it gives none, or a formula)."""
    definition = context.defined_before(name, line)
    return definition.expr if definition is not None and definition.numeric else None


def _value_of_formula_before(context: Context, shown: list[documents.Display], step: documents.Step, earlier: Any) -> bool:
    r"""Whether ``X = number`` states the value of the formula the display just before gave X, as the prose between
    says ("Plugging in the numbers,", "So"): $$\alpha_1 = \frac{e^{s_1}}{e^{s_1} + e^{s_2}}$$ then $$\alpha_1 = 0.4$$
    is a claim about that formula (it was read as a new definition, its slip given: probe helper-183 F22). Never
    with a display between (the next round of an iteration) or where the earlier value was a number as written."""
    if step.display == 0 or earlier.args is not None or not earlier.text or not _ARITHMETIC_WRITTEN.search(earlier.text):
        return False
    before = shown[: step.display]
    formula = next((d for d in reversed(before) if d.environment != "inline"), None)
    if formula is None or not formula.line <= earlier.line <= formula.end_line:
        return False
    between = context.lines[formula.end_line : shown[step.display].line - 1]
    if any("$" in words or "\\(" in words for words in between):
        return False  # "After one step $w = 1.8$, so": math in the prose between may give the formula's names new values
    names = getattr(earlier.expr, "free_symbols", None)
    if names is None or any(_value_at(context, name, step.left.line) is None for name in names):
        return False  # p = 0.5 after p = \sigma(z), z given no value: the value at some z the words may name
    return bool(context.evaluation_between(formula.end_line, shown[step.display].line))


# "Note that", "Recall the batch mean", "We use": the prose restates a value found before, no new round of a computation
_RESTATING = re.compile(r"(?:note\s+that|recall(?:\s+that)?|remember(?:\s+that)?|as\s+(?:computed|found)\s+(?:above|before))", re.I)


def _restated_in_words(context: Context, shown: list[documents.Display], step: documents.Step, earlier: Any) -> bool:
    """Whether ``X = number`` after X's number comes after prose that is a restating cue alone ("Note that", "Recall",
    "As computed above"; no word of another round, case, choice or comparison: "We use a larger keep probability:",
    review helper-206 R0): a claim that the value is the
    one found (mu_B = 3.5 after mu_B = 3 was its new value, and the step after it ok: probe helper-205 C4)."""
    if not earlier.numeric or earlier.source:
        return False
    between = " ".join(context.lines[_end_of_display_before(shown, step.display) : shown[step.display].line - 1])
    # the cue alone ("Note that", "Recall:"): any word more may say what changed ("Note that the loss drops:", review
    # helper-207 R1)
    return _RESTATING.fullmatch(between.strip().rstrip(":,.").strip()) is not None


def _formula_valued_since(context: Context, step: documents.Step, earlier: Any) -> bool:
    r"""Whether ``X = number`` after ``X = formula`` comes where the section has given every name of the formula its
    first and only value since the formula (``z = \mu + \sigma\epsilon``, then ``\mu = 1, \sigma = 2, \epsilon =
    0.5``, then ``z = 3``): the formula's value there is what it claims (it was learnt as z's new definition, and z^2
    = 9 after it ok: probe helper-204 F22). A name valued before the formula, or twice, may be a new round."""
    if earlier.source or earlier.args is not None or earlier.numeric or not isinstance(earlier.expr, sp.Expr):
        return False
    line, start = step.left.line, context.section_start(step.left.line)
    names = earlier.expr.free_symbols
    if not names or context.section(earlier.line) != context.section(line):
        return False
    for name in names:
        definition = context.defined_before(name, line)
        if definition is None or not definition.numeric or definition.source or not earlier.line < definition.line < line:
            return False
        if context.defined_before(name, definition.line) is not None:
            return False  # valued before the formula: this may be another round
        for at, named, value, _ in context.equated_values:  # the prose sets it too: the same number after the formula only
            if named == name.name and start <= at < line and (at < earlier.line or value is None or value != definition.expr):
                return False
        if any(start <= d.line < line and d.line != definition.line for d in context.quantities.get(name) or ()):
            return False
    return True


def _presented_as_result(context: Context, shown: list[documents.Display], step: documents.Step) -> str:
    """Why a definition-shaped display is a claimed result ('' when nothing says so): the prose just before it
    presents it as one ("combine (8) & (9):", "this reduces to"), so it is not a definition to take as given."""
    cue = context.conclusion_between(_end_of_display_before(shown, step.display), shown[step.display].line)
    return f"the text before it ({cue!r}) presents it as a result: nothing to check it against" if cue else ""


# the words the prose between an equation and its marked solution may hold ("so", "which gives", "solving for w,"):
# any other word may change the subject ("the minimiser of the second loss", "the left end of the interval", "has no
# solution, so on [0, 1] the minimum is at": right values were wrong against the equation before, probe helper-213 C2, C3)
_SOLVING_WORDS = frozenset(
    "so thus hence therefore which gives give giving we get obtain find solving solve solves solved for the this that is it "
    "i e ie and then yields yield yielding rearranging dividing multiplying by both sides solution unique its of equation "
    "leads to now simplifying collecting terms".split()
)


_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S)


def _solving_words_only(prose: str) -> bool:
    """Whether ``prose`` (between two displays) has no math and only :data:`_SOLVING_WORDS`."""
    return "$" not in prose and "\\(" not in prose and all(w.lower() in _SOLVING_WORDS for w in re.findall(r"[A-Za-z]+", prose))


def _solutions_after_equations(
    found: list[documents.Step], shown: list[documents.Display], lines: list[str]
) -> list[documents.Step]:
    r"""``$$a(1 - D) = bD$$`` then ``$$D^* = \frac{a}{a + b}$$``: a display that is one marked name (``D^*``,
    ``w_{opt}``) set to a value, right after a display whose last relation is an equation in the unmarked name (a lone
    equation, or a chain ending in ``= 0``), is that equation solved: a ``solving`` step from it (it was read as the
    definition of D^*, and a wrong solution was given: probe helper-211 F7). Prose between the two with math or with
    more than words of solving (:data:`_SOLVING_WORDS`) keeps the display as it was."""
    by_display: dict[int, list[documents.Step]] = {}
    for step in found:
        by_display.setdefault(step.display, []).append(step)
    out = []
    text = "\n".join(lines)
    concluded = {s.right.at for s in found if s.relation == "=>"}  # ("\text{so} \quad w^* &= 3": the reader's implication)
    for step in found:
        mine = by_display[step.display]
        row = next(k for k, mine_step in enumerate(mine) if mine_step is step)
        if row and step.left.at not in concluded and _solved_on_the_next_row(mine[row - 1], step, text):
            # \begin{align} 2w - 4 &= 0 \\ w^* &= 3 \end{align}: the rows before it are the premise (helper-214 M3)
            last = mine[row - 1]
            solving = _solving_step(step, last, row == 1 and last.kind == "chain")
            out.append(solving or step)
            continue
        before = next((i for i in range(step.display - 1, -1, -1) if shown[i].environment != "inline"), None)
        premises = by_display.get(before, []) if before is not None else []
        between = any(i in by_display for i in range(before + 1, step.display)) if before is not None else True
        if step.kind != "chain" or step.relation != "=" or len(mine) != 1 or between or not premises:
            out.append(step)
            continue
        # the prose from the end of the premise's display to the start of this one
        span = "\n".join(lines[shown[before].line - 1 : shown[step.display].end_line])
        blocks = list(_DISPLAY_MATH.finditer(span))
        if len(blocks) < 2 or not _solving_words_only(span[blocks[0].end() : blocks[-1].start()]):
            out.append(step)
            continue
        last = premises[-1]
        out.append(_solving_step(step, last, len(premises) == 1 and last.kind == "chain") or step)
    return out


def _solving_step(step: documents.Step, last: documents.Step, lone: bool) -> documents.Step | None:
    """The ``solving`` step from the equation ``last`` (the premise's last relation; ``lone``: the premise's only one) to
    ``step``, a marked name set to a value; None where ``step`` is no marked name of the equation's unknown, or ``last``
    is no equation (a lone one, or a chain ending in ``= 0``)."""
    if step.kind != "chain" or step.relation != "=" or last.relation != "=" or last.kind != "chain":
        return None
    zeroed = last.right.latex.strip() == "0"
    try:
        name = parse(step.left.latex).expr
        equation = parse(f"{last.left.latex} = {last.right.latex}").expr if lone or zeroed else None
    except LatexError:
        return None
    base = solution_base(name.name) if isinstance(name, sp.Symbol) else None
    if base is None or not isinstance(equation, sp.Equality) or base not in {str(s) for s in equation.free_symbols}:
        return None
    premise = documents.Side(f"{last.left.latex} = {last.right.latex}", last.left.line, last.left.at)
    solved = documents.Side(f"{step.left.latex} = {step.right.latex}", step.left.line, step.left.at)
    return documents.Step(premise, "=>", solved, step.assumptions, step.display, "solving")


def _solved_on_the_next_row(last: documents.Step, step: documents.Step, text: str) -> bool:
    """Whether ``step`` starts a new row of a display right after the row ``last`` ends (``\\``), with no words between
    but words of solving (``\text{so}``); its own chain, not a continuation of ``last``'s."""
    if last.right.at < 0 or step.left.at < 0 or step.left.occurrence == last.right.occurrence:
        return False
    gap = text[last.right.at + len(last.right.latex) : step.left.at]
    if "\\\\" not in gap:
        return False
    words = " ".join(re.findall(r"\\(?:text|mbox|textrm|intertext)\s*\{([^{}]*)\}", gap))
    rest = re.sub(r"\\(?:text|mbox|textrm|intertext)\s*\{[^{}]*\}|\\[A-Za-z]+|[\\&,.;:\s]", "", gap)
    return not rest and _solving_words_only(words)


def _shared_sides(found: list[documents.Step], shown: list[documents.Display]) -> Counter:
    """How many steps share each side, keyed by (display, occurrence). A display that starts with ``= C`` continues
    the last side B of the display before it, so B counts once more there: ``A = B`` on its own display, then
    ``= C`` on the next, is the chain A = B = C, and A = B a link of it (a step, never an equation to solve)."""
    sides = Counter([(s.display, s.left.occurrence) for s in found] + [(s.display, s.right.occurrence) for s in found])
    held_in = {s.right.occurrence: s.display for s in found}
    for step in found:
        if step.kind == "chain" and step.left.line < shown[step.display].line and step.left.occurrence in held_in:
            sides[(held_in[step.left.occurrence], step.left.occurrence)] += 1
    return sides


def _premise_rewrite_fails(
    context: Context,
    seen: dict,
    step: documents.Step,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
) -> tuple | None:
    """(wrong, message, counterexample, method) where an implication's premise is a chain ``A = B = C`` one of whose
    rewrites (every link but the last, which is the equation set up) fails with what the document defined before it:
    ``g'(\\alpha) = 2 - 8\\alpha = 0`` after ``g(\\alpha) = 2\\alpha - 8\\alpha^2``; (held, message) where every rewrite
    judged with a definition holds; None where none is. The last link, and a premise of one link (``f(x) = g(x)``: an
    equation to solve), claim no identity."""
    line = step.left.line
    pieces, relations = _chain_split(step.left.latex)
    # the rewrites: every "=" link but the last link (g'(a) = 2 - 8a \le 0: the first link; A = B = 0: A = B)
    rewrites = [k for k, relation in enumerate(relations[:-1]) if relation == "="]
    if not rewrites or any(not p.strip() for p in pieces):
        return None
    with functions_named(context.function_names(line), context.value_names(line)):
        read = [_parse(p, log)[0] for p in pieces]
    if any(p is None or p.kind != "expression" for p in read):
        return None
    held = []
    for one, other in ((read[k], read[k + 1]) for k in rewrites):
        numbers = ""
        (wide_one, used_one), (wide_other, used_other) = context.expand(one, line), context.expand(other, line)
        used = list(dict.fromkeys(used_one + used_other))
        if not used:
            continue
        if _why_not_checkable(wide_one, wide_other, True):
            # g(\alpha) = a\alpha - b\alpha^2 "where $a = 2$ and $b = 8$": the numbers the section states for the names
            # on one side only put in (probe helper-212 F2); else a name on one side only may be defined elsewhere (x_1 in
            # g's definition, its value stated in words)
            one_sided = _with_variables(wide_one) ^ _with_variables(wide_other)
            stated = {n: context.stated_number(n.name, line) for n in one_sided}
            if not one_sided or any(v is None for v in stated.values()):
                continue
            wide_one, wide_other = (replace(w, expr=_put_in_values(w.expr, stated)) for w in (wide_one, wide_other))
            if _why_not_checkable(wide_one, wide_other, True):
                continue
            said = ", ".join(f"{n} = {sp.sstr(v)}" for n, v in sorted(stated.items(), key=lambda kv: kv[0].name))
            numbers = f" and {said} (stated in the text)"
        status, message, ce, method = _judged(seen, wide_one, "=", wide_other, assumptions, timeout_s, seed, None, assumed, log, shared)
        rewrite = f"{one.text.strip()} = {other.text.strip()}"
        given = f"the definition of {', '.join(d.describe() for d in used)}{numbers}"
        if status == "wrong":
            return "wrong", f"the premise's rewrite {rewrite} fails with {given}: {message}", ce, method
        if status == "ok":
            held.append(f"its rewrite {rewrite} holds with {given}")
    return ("held", "; ".join(held)) if held else None


_CHAIN_RELATION = re.compile(r"=|<|>|\\(?:leq?|geq?|neq?|approx)(?![A-Za-z])")


def _chain_split(math: str) -> tuple[list[str], list[str]]:
    r"""``math`` cut at each relation outside braces and brackets (``\sum_{i=1}^n`` and ``w_{1,2}`` keep theirs): the
    pieces, and the relations between them (``=`` for every spelling of it, ``<`` and so on as written)."""
    depth, pieces, relations, start, index = 0, [], [], 0, 0
    while index < len(math):
        char = math[index]
        depth += {"{": 1, "}": -1, "(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        found = _CHAIN_RELATION.match(math, index) if depth == 0 and not math[:index].endswith(("\\left", "\\right")) else None
        if found:
            pieces.append(math[start:index])
            relations.append(found.group(0))
            index = start = found.end()
            continue
        index += 1
    return [*pieces, math[start:]], relations


_RESTRICTED = re.compile(r"\$[^$]*(?<![A-Za-z\\])(?P<letter>[a-z])\s*(?:\\neq?|\\leq?|\\geq?|\\ne|<|>|=)")


def _at_instances(
    context: Context,
    step: documents.Step,
    shown: list[documents.Display],
    seen: dict,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    assumed: tuple,
    log: ErrorLog | None,
    shared: Assignment | None,
    link: bool,
) -> tuple | None:
    """A step about the entries of a family the document defines over its index, judged at numbered instances of its
    index letters (derivax.family_instances); None where they do not settle it. A failure is ``wrong`` only for a link
    of a chain and where no prose in the section before it, nor in the paragraph after its display, states a condition
    ("valid for $i \\neq 1$"): then ``undecided``, with the instance and its point."""
    letters = family_instances.index_letters(step.left.latex, step.right.latex)
    if not letters:  # (every undecided equation comes here: no section scan for one without an index letter)
        return None
    line = step.left.line
    section = range(context.section_start(line), context.section_end(line))

    def read(latex: str) -> Parsed | None:
        with functions_named(context.function_names(line), context.value_names(line)):
            return _parse(latex, log)[0]

    def judge(left: Parsed, right: Parsed) -> tuple:
        return _judged(seen, left, "=", right, assumptions, max(1.0, timeout_s / 4), seed, None, assumed, log, shared)

    # the prose that spells delta as Kronecker's ("$\delta_{n,i} = 1$ if $n = i$")
    lines = [context.lines[n - 1] for n in section if 0 < n <= len(context.lines)]
    kronecker = next((said for text in lines if (said := family_instances.kronecker_said(text))), "")
    # "For $i < n$": a relation between the step's two index letters it is stated under chooses its instances (n = i
    # was tried, failed, and left a right step undecided: probe helper-212 F9); a bound on one letter ("for $i \ge 2$"
    # of the family's own definition) chooses none
    # (only one the sentence that introduces the display states: "When $i > n$ the derivative vanishes. We now claim the
    # same for every weight:" claims it for every i, probe helper-213 C11)
    display = shown[step.display]
    intro = " ".join(context.lines[_end_of_display_before(shown, step.display) : display.line - 1])
    intro = re.split(r"(?<=[.;!?])\s+", f"{intro} {context.lines[display.line - 1].split('$$')[0]}".strip())[-1]
    stated = {re.sub(r"\s+", "", m) for m in re.findall(r"\$([^$]+)\$", intro)}
    relations = [a.expr for a in assumptions if isinstance(a.expr, sp.core.relational.Relational) and re.sub(r"\s+", "", a.text) in stated]
    between = [r for r in relations if sorted(s.name for s in r.free_symbols) == sorted(letters)] if len(letters) == 2 else []
    # the math that states them: the step is claimed under it, so it is no condition that excuses a failure there; nor
    # are the names that sentence only mentions ("For $i < n$ the weight $w_i$ acts before $h_n$, and"), unless a word
    # qualifies them ("for positive $x$")
    under = frozenset(a.text for a in assumptions if a.expr in between)
    if under and not _QUALIFIED.search(re.sub(r"\$[^$]*\$", " ", intro)):
        under |= frozenset(m for m in re.findall(r"\$([^$]+)\$", intro) if _BARE_NAME.fullmatch(m))
    try:
        with time_limit(2 * timeout_s):
            found = family_instances.judged_at_instances(
                step.left.latex,
                step.right.latex,
                read,
                lambda parsed: context.expand(parsed, line),
                judge,
                lambda stem: context.family_defined(stem, line),
                context.scalars_declared[0],  # (the context file's scalars: Context.share)
                kronecker,
                between,
            )
    except TimeLimitExceeded:
        return None
    if found is None:
        return None
    status, message, ce, method, used = found
    names = ", ".join(dict.fromkeys(d.describe() for d in used))
    message = f"{message}; using the definition of {names}" if names else message
    if status == "ok":
        return status, message, None, method
    end = shown[step.display].end_line
    # (up to the next display of its section: "# Problem 2  For $n > i$, ..." restricts nothing here)
    after = min(next((d.line for d in shown if d.line > end), context.section_end(line)), context.section_end(line))
    restricted = next(
        (
            text.strip()
            for text in context.lines[end : after - 1]
            if any(m["letter"] in letters for m in _RESTRICTED.finditer(text))
        ),
        "",
    )
    # (the sentences that spell delta as Kronecker's define it, and state no condition)
    spelled = frozenset(m for text in lines if family_instances.kronecker_said(text) for m in re.findall(r"\$([^$]+)\$", text))
    condition = context.condition_between(context.section_start(line), line, spelled | under) or restricted
    # a side that is a number (dh_n/dw_1 = 5) may be an equation being set up, as f'(w) = 0 may; not one stated for the
    # index letters' relation ("For $i < n$ ..., $$\partial h_n/\partial w_i = 0$$": a claim about every such i, and a
    # failure at n = 3, i = 2 was not flagged, probe helper-213 M5), unless words of solving introduce it
    claimed = bool(between) and not context.solving_between(_end_of_display_before(shown, step.display), display.line)
    # nor one that asks for it ("For $i < n$, we impose", "the weights must satisfy": review helper-217 C4)
    claimed = claimed and not _REQUIREMENT.search(re.sub(r"\$[^$]*\$", " ", intro))
    sides = [read(side) for side in (step.left.latex, step.right.latex)]
    numeric = any(p is not None and isinstance(p.expr, sp.Basic) and p.expr.is_number for p in sides)
    if condition or (not claimed and (not link or numeric)):
        why = f"the text states a condition: {condition[:120]!r}" if condition else "a single relation may be an equation being solved"
        return "undecided", f"{message}; not flagged: {why}", ce, method
    return status, message, ce, method


# words that ask for a relation rather than state it: a display after them is a requirement or an equation to solve
_REQUIREMENT = re.compile(
    r"\b(?:impos\w*|ask\w*|must|would\s+like|wants?|wanted|wish\w*|requir\w*|needs?|needed|demand\w*|"
    r"suppos\w*|assum\w*|if|whether|condition\w*|constrain\w*|stationar\w*|set|setting|solv\w*|let\s+us)\b",
    re.IGNORECASE,
)
# a name alone in inline math (w_i, h_{n}, \theta); words that make a mention of one a condition on it
_BARE_NAME = re.compile(r"\s*\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?(?:\^\{?[A-Za-z0-9]+\}?)?\s*")
_QUALIFIED = re.compile(r"\b(?:positive|negative|non-?negative|non-?positive|non-?zero|small|large|bounded|real|integer|even|odd)\b", re.I)


def _a_link(step: documents.Step, sides: Counter, shown: list[documents.Display]) -> bool:
    """Whether a step is a link of a derivation: a rewrite, a link of a chain (a side shared with another step
    of its display), or a display that starts with ``= C`` and so continues the chain of the display before it."""
    if step.kind == "rewrite" or sides[(step.display, step.left.occurrence)] + sides[(step.display, step.right.occurrence)] > 2:
        return True
    return step.kind == "chain" and step.left.line < shown[step.display].line


def _names(*sides: Parsed) -> set[str]:
    """The names the sides use, as written in the grammar's identifiers (A, Q, w)."""
    return {s.name for side in sides for s in side.symbols if hasattr(s, "name")}


def _states_initial_value(left: Parsed, right: Parsed) -> bool:
    """Whether ``left = right`` states a sequence's initial value: ``v_0 = 1`` (a name ending in _0, a number)."""
    return isinstance(left.expr, sp.Symbol) and left.expr.name.endswith("_0") and isinstance(right.expr, sp.Expr) and right.expr.is_number


def _opens_chain(step: documents.Step, sides: Counter, left: Parsed, context: Context) -> bool:
    """Whether a chain's link is its first and its left side a name the section has not defined yet
    (``X`` or ``C(a)``, never a derivative ``dC/dw``, which is a result being claimed)."""
    if step.kind != "chain" or sides[(step.display, step.left.occurrence)] != 1:
        return False
    if _DERIVATIVE_WRITTEN.search(step.left.latex) is not None:
        return False
    expr = left.expr
    if isinstance(expr, AppliedUndef):
        if not all(isinstance(a, sp.Symbol) for a in expr.args):
            return False
    elif not isinstance(expr, sp.Symbol):
        return False
    # \hat{m}_2 = \frac{0.095}{1 - 0.9} after "Define $\hat{m}_t = \frac{m_t}{1 - \beta_1^t}$": the family gives m_hat_2 its
    # value, so the first link is a claim about it (its slip was read as m_hat_2's definition)
    return context.defined_before(left, step.left.line) is None and context.family_entry_defined(left, step.left.line) is None


_FAMILY_NAME = re.compile(r"[^_]+_[a-z]")  # h_i, w_t: a family's entry named by its index letter


def _put_in(context: Context, left: Parsed, right: Parsed, line: int) -> tuple:
    """A step that puts numbers in for the names of a formula (derivax.substitution), with the values the document
    gave before ``line``: a number defined (``g = 5.001e^{-9}``) or said in the prose (``with $\\eta = 0.1$``)."""
    if isinstance(left.expr, sp.Symbol):  # E = \frac{1}{2} \cdot 4 \cdot 3 after E = \frac{1}{2} m v^2: the formula's names
        definition = context.defined_before(left, line)
        if definition is not None and not definition.numeric and definition.text:
            try:
                left = parse(definition.text)
            except LatexError:
                pass

    def known(name: str) -> tuple[Any, str] | None:
        # the latest of a definition and a value said in the prose ("Let $g = 0.5$" then "Now $g = 9.8$": 9.8, it was 0.5)
        found = []
        definition = context.defined_before(sp.Symbol(name), line)
        if definition is not None:
            at = 0 if definition.source else definition.said or definition.line
            value = definition.expr
            if isinstance(value, sp.Expr) and value.free_symbols:  # h_1 = \tanh(w h_0 + u x_1) with w, h_0, ... given: its number
                expanded = context.expand(Parsed(name, value, "expression"), line)[0].expr
                value = expanded if isinstance(expanded, sp.Expr) and expanded.is_number else value
            found.append((at, value, f"context file {definition.source}" if definition.source else f"line {at}"))
        said = context.value_said(name, line)
        if said is not None:
            found.append((int(said[1].removeprefix("line ")), said[0], said[1]))
        equated = context.equated_at(name, line)
        if equated is not None and all(at < equated for at, _, _ in found):
            # "With $\eta = 2 \times 10^{-3}$": a value the prose gives that was not read as a number; never one put in
            return None, f"line {equated}"
        if not found:
            # s_1 after s_t = \rho s_{t-1} + (1 - \rho) g_t^2: a term the recurrence fixes, whose value this step may not
            # put in as new (s_1 = 0.5 was "put in by this step" after the document computed 0.4: probe helper-167)
            rec = context.recurrence_for({sp.Symbol(name)}, line)
            if rec is not None and name.rpartition("_")[0] == rec.base:
                return None, f"the recurrence on line {rec.line}"
            stated = context.stated_anywhere(name, line)
            if stated is not None:  # a value the document gives elsewhere, or in a form not read: never "put in" as new
                return context.stated_number(name, line), f"line {stated}"
        return max(found, key=lambda f: f[0])[1:] if found else None

    return substituted(left, right, known)


# "$x^0 = 2$", "$x^{0} = 0.5$": a name to the power 0 set to a number other than 1, so a superscript numbers iterates
_ITERATE_START_ONE = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*\^\s*\{\s*1\s*\}\s*=\s*-?\s*\d")
_ITERATE_START = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*\^\s*(?:0|\{\s*0\s*\})\s*=\s*(-?\s*\d+(?:\.\d+)?)(?![\d.])")


def _iterate_superscripts(text: str) -> re.Pattern[str] | None:
    """A pattern for the superscripts of the names the text numbers by superscript (``x^k``, ``x^{k+1}``, ``x^2``), or None."""
    bases = {m.group(1) for m in _ITERATE_START.finditer(text) if float(m.group(2).replace(" ", "")) != 1.0}
    # "$w^{1} = 0$" then $$w^{2} = w^{1} - \eta(\lambda w^{1} - yx)$$: Pegasos' iterates numbered from 1 (read as powers,
    # three right steps were wrong: probe helper-202 F5); a power 1 written in braces and the next iterate computed from it
    for m in _ITERATE_START_ONE.finditer(text):
        base = re.escape(m.group(1))
        if re.search(rf"(?<![\\A-Za-z]){base}\s*\^\s*\{{?\s*2\s*\}}?\s*=[^\n$]*(?<![\\A-Za-z]){base}\s*\^\s*\{{\s*1\s*\}}", text):
            bases.add(m.group(1))
    bases = sorted(bases)
    if not bases:
        return None
    return re.compile(r"(?<![\\A-Za-z])(?:" + "|".join(bases) + r")\s*\^\s*(?:\{[^{}]*\}|[0-9A-Za-z])")


def _chain_end(step: documents.Step, following: Mapping[tuple, documents.Side]) -> documents.Side:
    """The last side of the chain a step starts (``following``: each chain link's right side by its left side)."""
    end = step.right
    for _ in range(len(following)):
        if (step.display, end.occurrence) not in following:
            break
        end = following[(step.display, end.occurrence)]
    return end


def _slip_carried_forward(context: Context, right: Parsed, line: int, end: documents.Side) -> tuple[Parsed, str, Any] | None:
    r"""``x_2 = x_1 - 0.4 x_1 + 0.9(x_1 - x_0) = 0.6 - 0.24 + 0.36 = 0.72`` where the formula gives 0: the name takes
    the number the display ends with (and the reason shown), as a grader carries a result forward, so the slip is
    flagged in its link and not again in every line after it (each later iterate was wrong: probe helper-195 F5);
    returned with the shown number and the formula's value (a later step right with that value is not flagged).
    None where the formula, with the values known at ``line``, is no number, or agrees with the end to within ten
    units in its last written place (``e^{-1/3} = 0.72``: the exact value is kept, later lines compute with it)."""
    try:
        parsed = parse(end.latex)
    except LatexError:
        return None
    written = parsed.expr
    if parsed.kind != "expression" or not isinstance(written, sp.Expr) or not written.is_number or not written.is_finite:
        return None
    try:
        with time_limit(1.0):
            value = context.expand(right, line)[0].expr
            if not isinstance(value, sp.Expr) or value.free_symbols or not value.is_number:
                return None
            gap = abs(sp.N(value - written, 30))
            decimals = [n for n in parsed.numbers if "." in n]
            if len(decimals) > 1 or (decimals and len(parsed.numbers) > 1):
                return None  # (\frac{0.5}{1.5}: which written digits bound the rounding is not one unit)
            unit = relative_unit(decimals[0]) if decimals else None
            # (past ten units of the last written digit, where the link is surely wrong: within them it is "a rounded
            # earlier result?", undecided, and a carried 0.48 for 0.47 made a false u^2 = 0.2304 ok: review helper-200 R12)
            if gap.is_comparable is not True or gap <= 10 * (unit or 0) * abs(sp.N(written, 30)) or gap < sp.Float("1e-25", 30):
                return None
    except (TimeLimitExceeded, TypeError, ValueError, ArithmeticError, AttributeError):
        return None
    return replace(right, expr=written), short(end.latex), value


def _number_written(latex: str) -> Any:
    r"""The number a side writes (``2.8``, ``\frac{1}{2}``), or None where it writes names or does not parse."""
    try:
        parsed = parse(latex)
    except LatexError:
        return None
    expr = parsed.expr
    return expr if parsed.kind == "expression" and isinstance(expr, sp.Expr) and expr.is_number and expr.is_finite else None


def _formula_after_value(context: Context, earlier: Any, left: Parsed, right: Parsed, line: int) -> bool:
    """Whether ``X = formula`` follows a value of X the document gave (``X = 0.5``) and the formula has a name
    with no value at ``line``: the formula stated again, as at the start of a new round of a computation by hand."""
    if earlier.source or not earlier.numeric or not isinstance(left.expr, sp.Symbol):
        return False
    if left.expr in right.symbols:
        return False  # r = r + g^2: an update rule, read as such elsewhere
    valueless = [
        s
        for s in right.symbols
        if isinstance(s, sp.Symbol) and context.defined_before(s, line) is None and context.value_said(s.name, line) is None
    ]
    return bool(valueless)


def _written_as_name(parsed: Parsed, latex: str) -> bool:
    """Whether a side is a name as read and as written (``C``, ``L(\\theta)``), no derivative: e^{\\ln x} reads as
    the symbol x, and is no name."""
    expr = parsed.expr
    if isinstance(expr, AppliedUndef):
        if not expr.args or not all(isinstance(a, sp.Symbol) for a in expr.args) or len(set(expr.args)) != len(expr.args):
            return False
    elif not isinstance(expr, sp.Symbol) or has_indices(expr):
        return False
    if _DERIVATIVE_WRITTEN.search(latex) is not None or _ARITHMETIC_WRITTEN.search(latex) is not None:
        return False
    head = latex.split("(", 1)[0] if isinstance(expr, AppliedUndef) and latex.rstrip().endswith(")") else latex
    return _WRITTEN_NAME.fullmatch(head) is not None


def _bare_new_name(step: documents.Step, parsed: Parsed, latex: str, context: Context) -> bool:
    """Whether a side is a name (``C``, ``L(\\theta)``) the section has not defined yet, and no derivative."""
    if not _written_as_name(parsed, latex):
        return False
    line = step.left.line
    return context.defined_before(parsed, line) is None and context.family_entry_defined(parsed, line) is None


def _names_run(step: documents.Step, sides: Counter, left: Parsed, right: Parsed, context: Context, naming: dict, line: int) -> str | None:
    r"""The message of a link of a chain that gives names before its first expression, or None.

    ``C = L(\theta) = -\frac{1}{n}\sum_x \dots`` with C and L new: ``C = L(\theta)`` names C as L(theta) (given),
    and ``L(\theta) = \dots`` defines both (given; later steps use the definitions). A run that ends with a name
    (``C = L(\theta)`` alone) is left to the rest: a renaming, nothing learnt.
    """
    before = naming.pop((step.display, step.left.occurrence), None)
    opens = sides[(step.display, step.left.occurrence)] == 1
    if before is None and not opens:
        return None
    if not _bare_new_name(step, left, step.left.latex, context):
        return None
    goes_on = sides[(step.display, step.right.occurrence)] > 1
    if goes_on and before is None and _written_as_name(right, step.right.latex) and context.defined_before(right, line) is not None:
        # C = L(\theta) = ... after Let L(\theta) = ...: C is what L(\theta) is (the next link is a claim about L)
        expanded, used = context.expand(right, line)
        definition = context.learn(left, expanded, line) if used else None
        if definition is not None:
            names = ", ".join(d.describe() for d in used)
            return f"names {step.left.latex} as {step.right.latex} (with the definition of {names}); later steps in this section use it"
    if goes_on and _bare_new_name(step, right, step.right.latex, context):
        naming[(step.display, step.right.occurrence)] = [*(before or []), left]
        return f"names {step.left.latex} as {step.right.latex}; the chain goes on to define them"
    if before is None or not isinstance(right.expr, sp.Expr) or isinstance(right.expr, sp.Symbol | AppliedUndef):
        return None
    learnt = [d for d in (context.learn(n, right, line) for n in [left, *before]) if d is not None]
    if not learnt:
        return None
    shown = ", ".join(d.describe() for d in learnt)
    return f"read as the definition of {shown} (the chain names them); later steps in this section use it"


def _squash(latex: str) -> str:
    """A side's text without spaces, to match an equation of a solving step to its own chain step."""
    return "".join(latex.split())


_RELATION_TOKENS = {
    "=": ("=",),
    "<": ("<", r"\lt"),
    ">": (">", r"\gt"),
    "<=": ("<=", r"\le", r"\leq", r"\leqslant"),
    ">=": (">=", r"\ge", r"\geq", r"\geqslant"),
    "in": (r"\in",),
}


_JOINED = "a relation of an implication or of an equation being solved: that step is its check"


def _joined(step: documents.Step, solved: set[tuple[int, str]]) -> bool:
    r"""Whether a chain step is one of the relations an implication or a solving step joins (``2x + 3 > 7``
    of ``2x + 3 > 7 \Rightarrow x > 2``, or one link of ``-1 < u < 1 \Rightarrow ...``)."""
    left, right = _squash(step.left.latex), _squash(step.right.latex)
    pieces = [left + token + right for token in _RELATION_TOKENS.get(step.relation, ())]
    return any(line == step.left.line and any(_whole_link(piece, end) for piece in pieces) for line, end in solved)


_ANY_RELATION = tuple(t for tokens in _RELATION_TOKENS.values() for t in tokens)
_LINK_BOUNDS = (*_ANY_RELATION, "\\wedge", "\\vee")  # a link of a premise joined by "and" or "or" ends there too


def _sum_bounds_by_display(found: list[documents.Step]) -> dict[int, dict[sp.Symbol, int]]:
    """For each display, its chain's bounds of sums that are single letters, with the first whole number each takes
    (:func:`derivax.sampling.first_whole_numbers`)."""
    out: dict[int, dict[sp.Symbol, int]] = {}
    for step in found:
        if step.kind != "chain" or "\\sum" not in step.left.latex + step.right.latex:
            continue
        try:
            exprs = [parse(side.latex).expr for side in (step.left, step.right)]
        except LatexError:
            continue
        first = first_whole_numbers(*exprs)
        mine = out.setdefault(step.display, {})
        for name in sum_bounds(*exprs):
            if re.fullmatch(r"[A-Za-z]", name.name):
                mine[name] = max(mine.get(name, 0), first.get(name, 1))
    return out


def _supposed(context: Context, line: int, premise_lines: dict[int, set[int]]) -> bool:
    """Whether the display at ``line``, or a premise it follows from (at any remove), is led by a supposition
    ("Suppose ...", "if"): what follows from a supposition may be false as a fact and still follow."""
    seen, todo = set(), [line]
    while todo:
        at = todo.pop()
        if at in seen:
            continue
        seen.add(at)
        if context.supposed_before(at):
            return True
        todo += premise_lines.get(at, ())
    return False


def _computed_in_premise(step: documents.Step, solved: set[tuple[int, str]]) -> bool:
    r"""Whether an equation the premise joins works a derivative out (``f'(w) = 2aw + b`` of ``f'(w) = 2aw + b = 0
    \implies w = -b/(2a)``): a derivative written on its left, and another ``=`` after it in the premise, which sets
    the result to a value. Such a link is a claim, judged like any step; the relation after it is the condition."""
    if _DERIVATIVE_WRITTEN.search(step.left.latex) is None:
        return False
    piece = _squash(step.left.latex) + "=" + _squash(step.right.latex)
    return any(
        end[stop:].startswith("=") and not end[stop:].startswith("=>")
        for line, end in solved
        if line == step.left.line
        for stop in _link_ends(piece, end)
    )


# A Leibniz derivative of a name, the whole left side: \frac{\partial C}{\partial z_1}, \frac{dC}{da}
_LEIBNIZ_OF_NAME = re.compile(
    r"\s*\\[dt]?frac\s*\{\s*(?:\\partial|d|\\mathrm\s*\{\s*d\s*\})\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?\s*\}"
    r"\s*\{\s*(?:\\partial|d|\\mathrm\s*\{\s*d\s*\})\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?\s*\}\s*"
)


_AN_ENTRY = re.compile(r"(?P<stem>[A-Za-z]+(?:_(?:hat|bar|tilde))?)_(?P<index>[A-Za-z0-9]+)")


def _entries_of_defined_families(context: Context, left: Parsed, right: Parsed, line: int) -> str:
    """The names on one side only that are entries of a family the text defines (c_0 of ``c_k = Q^T x_k``), as words ('' if
    none): such an entry has a value, never a free one."""
    one_sided = {s.name for s in left.symbols ^ right.symbols if isinstance(s, sp.Symbol)}
    said = []
    for name in sorted(one_sided):
        found = _AN_ENTRY.fullmatch(name)
        if found is None:
            continue
        for family in context.quantities:
            member = _AN_ENTRY.fullmatch(family.name)
            if member is None or member["stem"] != found["stem"] or family.name == name or len(member["index"]) != 1:
                continue
            definition = context.defined_before(family, line)
            if definition is not None and not definition.numeric:
                said.append(f"{name} is an entry of {definition.describe()}")
                break
    return "; ".join(said)


def _defined_in_step(context: Context, left: Parsed, right: Parsed, line: int) -> list[Any]:
    """The definitions in force at ``line`` of the names ``left`` and ``right`` write (formulas, not numbers), but the
    names the conclusion ``right`` solves for (:func:`_solved_for`)."""
    kept = _solved_for(right)
    names = sorted((left.symbols | right.symbols) - kept, key=str)
    found = (context.defined_before(s, line) for s in names if isinstance(s, sp.Symbol))
    return [d for d in found if d is not None and not d.numeric]


def _solved_for(conclusion: Parsed) -> frozenset[sp.Symbol]:
    """The names an implication's conclusion gives a value (w of ``w = b - a``): never put in from a definition ("The
    solution is $$w = b - a$$ ... $$aw - b = 0 \\Rightarrow w = b - a$$": with w put in, the conclusion held whatever the
    algebra, a false ok: review helper-223 C4)."""
    sides = conclusion.expr.args if isinstance(conclusion.expr, sp.Equality) else ()
    named = next((s for s in sides if isinstance(s, sp.Symbol)), None)  # the left side's name first (m of m = \bar{x})
    return frozenset({named}) if named is not None else frozenset()


def _worked_out(step: documents.Step, right: Parsed) -> bool:
    r"""Whether a relation an implication joins is a derivative worked out: ``\frac{\partial C}{\partial z_1} = (a_2 - y)
    \sigma'(z_2) w_1 \sigma'(z_1)``, so ... (a Leibniz derivative of a name on the left, an expression in the variables on
    the right). Such a line is a claim of the derivation, judged with the document's definitions (given, its slip w_1
    for w_2 went unseen); a derivative set to a number (``f'(x) = 0``) or written with a prime at a point
    (``\sigma'(wa) = 1/|w|``) is a condition and stays the implication's."""
    expr = getattr(right, "expr", None)
    return (
        _LEIBNIZ_OF_NAME.fullmatch(step.left.latex) is not None
        and isinstance(expr, sp.Expr)
        and not expr.is_number
        and bool(expr.free_symbols)
    )


def _whole_link(piece: str, end: str) -> bool:
    """Whether ``piece`` (``u<1``) is a whole link of ``end`` (``-1<u<1``): at an end or beside a relation,
    never inside a longer side (``x=2`` in ``x=2y``)."""
    return any(stop == len(end) or end[stop:].startswith(_LINK_BOUNDS) for stop in _link_ends(piece, end))


def _link_ends(piece: str, end: str) -> Iterator[int]:
    """Where each occurrence of ``piece`` in ``end`` that starts a link (at the start, or after a relation) stops."""
    start = end.find(piece)
    while start >= 0:
        if start == 0 or end[:start].endswith(_LINK_BOUNDS):
            yield start + len(piece)
        start = end.find(piece, start + 1)


def _one_unknown_solved(premise: Any, conclusion: Any) -> bool:
    """Whether ``conclusion`` gives a marked name (``D^*``) a value for the one unknown of ``premise``: every other
    name of the equation is in the value (``a(1 - D) = bD`` and ``D^* = b/(a + b)``), so no other equation of a system
    can be what fixes it (``x + y = 3`` and ``x^* = 2`` may be one of two)."""
    if not isinstance(premise, sp.Equality) or not isinstance(conclusion, sp.Equality):
        return False
    named, value = conclusion.args
    if not isinstance(named, sp.Symbol) or solution_base(named.name) is None:
        return False
    unknown = {s for s in premise.free_symbols if s.name == solution_base(named.name)}
    return len(unknown) == 1 and premise.free_symbols - unknown <= value.free_symbols


def _solving(
    context: Context,
    premise: Parsed,
    conclusion: Parsed,
    assumptions: list[Parsed],
    timeout_s: float,
    seed: int,
    base: dict,
    read_as: str,
    log: ErrorLog | None,
) -> StepResult:
    """An equation that should follow from the one before it (see the module docstring): ``ok`` or ``undecided``."""
    line = base["line"]
    premise, used_premise = context.expand(premise, line)
    # the name the conclusion gives a value (w^* = 3) is named anew here: an earlier w^* of the section is never put in
    # (the premise's 2w - 6 = 0 and w^* = 2 from an earlier solving step made "2 = 2", ok: probe helper-213 C1)
    named = conclusion.expr.lhs if isinstance(conclusion.expr, sp.Equality) else None
    marked = frozenset({named}) if isinstance(named, sp.Symbol) and solution_base(named.name) else frozenset()
    conclusion, used_conclusion = context.expand(conclusion, line, marked)
    used = list(dict.fromkeys(used_premise + used_conclusion))
    judged, failure = guarded(
        lambda: _judge_implication(premise, "=>", conclusion, assumptions, timeout_s, seed),
        f"solving step {premise.text[:100]!r} => {conclusion.text[:100]!r}",
        log,
    )
    status, message, ce, method = judged if judged is not None else ("undecided", failure, None, "")
    if used:
        names = ", ".join(d.describe() for d in used)
        message, read_as = f"{message}; using the definition of {names}", f"{premise.read_as} => {conclusion.read_as} (with {names})"
    if status == "wrong" and not _one_unknown_solved(premise.expr, conclusion.expr):
        status = "undecided"
        message = f"{message}; not flagged: equations side by side may be a system rather than one equation being solved"
    elif status == "ok":
        message = f"follows from the equation before it: {message}"
    return StepResult(status, **base, message=message, counterexample=ce, method=method, read_as=read_as)


MAX_DOCUMENT_CHARS = 2_000_000
MAX_STEPS = 20_000


def check_document(
    text: str,
    *,
    timeout_s: float = 3.0,
    seed: int = 0,
    deadline_s: float | None = 300.0,
    max_steps: int = MAX_STEPS,
    log: ErrorLog | None = None,
    assignment: Assignment | None = None,
) -> list[StepResult]:
    """Check every step of a Markdown or LaTeX document; see the module docstring.

    Each step has ``timeout_s``; the whole document ``deadline_s`` and ``max_steps`` (steps after
    either are ``undecided``, saying which limit and its flag); a document over 2 MB is cut there
    (``derivax steps`` refuses such a document before reading it: ``--max-document-bytes``). Every
    step is judged inside :func:`derivax.isolation.guarded`: an internal error is that step's
    ``undecided`` (traceback in ``log``) and the document's other steps are still judged.
    ``assignment`` is the assignment's context file (:mod:`derivax.assignment`), if one is given.
    """
    text = unicode_spelled(text[:MAX_DOCUMENT_CHARS])  # x ≥ 0, x², &gt;: as the commands, in prose and displays alike
    # \$ is a dollar sign, never a math delimiter ("costs \$5. For $x \ge 0$" paired the wrong dollars: probe helper-157)
    text = re.sub(r"(?<!\\)\\\$", "\\\uff04", text)
    lines = documents.source_lines(text)  # as the context numbers them
    bounds = sorted({1, *section_starts(lines), len(lines) + 1})
    # what the prose says about e, pi and \log, read without its comments: "% e = y - wx" defines nothing (lines kept)
    said = documents.source_lines(documents.without_comments(text))
    parts = ["\n".join(said[a - 1 : b - 1]) for a, b in itertools.pairwise(bounds)]
    flags = documents.e_by_part(parts)
    bases = documents.log_base_by_part(parts)

    def read(e_named: bool, deadline: float | None) -> list[StepResult]:
        if bases is None:
            return _checked_reading(text, e_named, timeout_s, seed, deadline, max_steps, log, assignment)
        # sections give \log different bases: read once in each base said, and the natural logarithm for silent sections
        # (a base said in one section held in every other: \log 2 = 1 was ok under "Here \log denotes the natural
        # logarithm", probe helper-137)
        said = sorted({b for b in bases if b is not None} | ({documents.NATURAL} if None in bases else set()))
        readings = _read_each_way(
            lambda base, left: _checked_reading(text, e_named, timeout_s, seed, left, max_steps, log, assignment, base=base),
            said,
            deadline,
        )
        return _each_section_as_it_reads(readings, bases, bounds, "\\log different bases", _base_named)

    prose = "\n".join(said)
    with layers_labelled(documents.layer_letters(prose)):  # a^1 = \sigma(z^1): a^2 is a layer's, not a square
        if flags is None:
            # A document that defines the error e = y - wx reads the letter e as that quantity throughout (never Euler's number)
            results = read(documents.defines_e(prose), deadline_s)
        else:  # one section's error e = y - wx beside another's e^{-z}: each section is read as it reads e
            readings = _read_each_way(read, [False, True], deadline_s)
            results = _each_section_as_it_reads(readings, flags, bounds, "the letter e different readings", _e_named)
    return _redefined_commands_undecided(results, documents.commands_defined(documents.without_comments(text)))


def _redefined_commands_undecided(results: list[StepResult], defined: dict[str, int]) -> list[StepResult]:
    r"""A verdict on a step that uses a command the document defines itself (``\renewcommand{\log}{\log_2}``, ``\let
    \times=+``, ``\def\cdot{+}``) is undecided: derivax reads the command as LaTeX does by default, not as the
    document typesets it (``\log 8 = 3`` was wrong under log base 2, ``2 \cdot 3 = 6`` ok where the PDF reads 2 + 3:
    probe helper-182 F11)."""
    if not defined:
        return results
    out = []
    for r in results:
        used = sorted(n for n in defined if re.search(r"\\" + n + r"(?![A-Za-z])", f"{r.left} {r.right}"))
        if used and r.status in ("ok", "wrong"):
            said = ", ".join(f"\\{n} (line {defined[n]})" for n in used)
            r = dataclasses.replace(
                r,
                status="undecided",
                counterexample=None,
                message=f"the document defines {said} itself: "
                f"its meaning as typeset is not read (as derivax reads it: {r.status}: {r.message})",
            )
        out.append(r)
    return out


def _systems_solved(
    context: Context,
    text: str,
    shown: list[documents.Display],
    found: list[documents.Step],
    results: list[StepResult],
    seen: dict,
    timeout_s: float,
    seed: int,
    log: ErrorLog | None,
    assignment: Assignment | None,
) -> list[StepResult]:
    """The steps after a system of equations the text states, judged at its solution (:mod:`derivax.systems`)."""

    def parse_at(latex: str, line: int) -> Parsed | None:
        with functions_named(context.function_names(line), context.value_names(line)):
            return _parse(latex, log)[0]

    def judge(left: Parsed, relation: str, right: Parsed) -> tuple:
        return _judged(seen, left, relation, right, [], timeout_s, seed, True, (), log, assignment)  # an identity in the parameters

    judged, _ = guarded(lambda: systems.judged_at_solutions(context, text, shown, found, results, parse_at, judge), "systems", log)
    return judged if judged is not None else results


def _key(result: StepResult) -> tuple[int, str, str, str]:
    return result.line, result.left, result.relation, result.right


def _read_each_way(read: Callable[[Any, float | None], list[StepResult]], ways: Sequence[Any], deadline_s: float | None) -> dict:
    """``read(way, deadline)`` for each way, one after the other, sharing the document's time limit ``deadline_s``."""
    began, readings = time.monotonic(), {}
    for way in ways:
        left = None if deadline_s is None else max(0.0, deadline_s - (time.monotonic() - began))
        readings[way] = read(way, left)
    return readings


def _each_section_as_it_reads(
    readings: dict[Any, list[StepResult]], said: Sequence[Any], bounds: list[int], what: str, named: Callable[[Any], str]
) -> list[StepResult]:
    """One document read several ways (``readings``, by way) merged: each step as the way its section says (``said``,
    one per section between ``bounds``) judges it, and a step of a section that says none (None) as every reading
    judges it: that verdict where all agree, ``undecided`` where they differ (or one reading lost the step), saying
    how each reading judged it (``named`` names a way, ``what`` the difference)."""
    by_key = {way: {_key(r): r for r in results} for way, results in readings.items()}
    out = []
    for result in next(iter(readings.values())):
        way = said[bisect.bisect_right(bounds, result.line) - 1]
        judged = {w: steps.get(_key(result)) for w, steps in by_key.items()}
        if way is not None and judged.get(way) is not None:
            out.append(judged[way])
        elif all(r is not None and r.status == result.status for r in judged.values()):
            out.append(result)
        else:
            ways = "; ".join(f"{r.status} with {named(w)} ({r.message})" for w, r in judged.items() if r is not None)
            message = f"the document gives {what} in different sections, and this step's section says none: {ways}"
            out.append(dataclasses.replace(result, status="undecided", message=message, counterexample=None))
    return out


def _e_named(named: bool) -> str:
    return "the letter e a quantity" if named else "e Euler's number"


def _base_named(base: int) -> str:
    return "\\log the natural logarithm" if base == documents.NATURAL else f"\\log in base {base}"


def _checked_reading(
    text: str,
    e_named: bool,
    timeout_s: float,
    seed: int,
    deadline_s: float | None,
    max_steps: int,
    log: ErrorLog | None,
    assignment: Assignment | None,
    base: int | None = None,
) -> list[StepResult]:
    """The document's steps judged with the letter e read as a quantity (``e_named``) or as Euler's number, and
    ``\\log`` in the base the text gives it (the steps that use it say so), or in ``base`` where the caller gives one
    (:data:`documents.NATURAL`: the natural logarithm)."""
    plain = documents.without_comments(text)  # a commented-out "% log is base 2" says nothing
    base = documents.log_base(plain) if base is None else None if base == documents.NATURAL else base
    with e_as_a_name(e_named, documents.defines_pi(plain)), log_base_said(base):
        began = time.monotonic()
        results = _check_read_document(text, timeout_s, seed, deadline_s, max_steps, log, assignment)
        if base is not None:
            said = f"\\log read as the base-{base} logarithm, as the text says"
            uses = [r.status != "given" and _BARE_LOG.search(f"{r.left} {r.right}") is not None for r in results]
            results = [dataclasses.replace(r, message=f"{r.message}; {said}") if use else r for r, use in zip(results, uses, strict=True)]
        if assignment is None or not any(_FILE_DEFINITION.search(r.message) for r in results if r.status in ("ok", "wrong")):
            return results
        # Context only adds decisions: a step the file's definitions turn from wrong to ok, or ok to wrong, uses them where
        # the text means something else (y = sigma(z) in the file; "with label $y$" in the text: 5(a - y) was ok, as 0 = 0).
        # The second reading shares the document's time limit (a step past it is undecided there, and changes nothing).
        left = None if deadline_s is None else max(0.0, deadline_s - (time.monotonic() - began))
        alone = replace(assignment, definitions=[])
        control = _check_read_document(text, timeout_s, seed, left, max_steps, log, alone)
        return _flips_undecided(results, control)


_BARE_LOG = re.compile(r"\\log(?![a-zA-Z])(?!\s*_)")  # \log with no base written
_FILE_DEFINITION = re.compile(r"definitions? of [^;]*?\(context file ")
_OPPOSITE = {"ok": "wrong", "wrong": "ok"}


def _flips_undecided(results: list[StepResult], control: list[StepResult]) -> list[StepResult]:
    """``results`` with each decided step that used a context file's definition made undecided where ``control`` (the
    same document without the file's definitions) decided it the other way."""
    without = {_key(r): r for r in control}
    out = []
    for result in results:
        other = without.get(_key(result))
        flipped = other is not None and other.status == _OPPOSITE.get(result.status) and _FILE_DEFINITION.search(result.message)
        if flipped:
            message = (
                f"{result.status} with the context file's definitions ({result.message}), but {other.status} with the text's own "
                f"({other.message}): the file and the text seem to mean different things by a name"
            )
            result = replace(result, status="undecided", message=message, counterexample=None)
        out.append(result)
    return out


_CUT_SHORT = "not judged"


def not_judged(result: StepResult) -> bool:
    """Whether a step is one a document's limit left unjudged (:func:`cut_short` counts them)."""
    return result.status == "undecided" and result.message.startswith(f"{_CUT_SHORT}: ")


def cut_short(results: list[StepResult]) -> str:
    """What a summary of the steps must say where a document's limit stopped the judging ('' where none did): the
    limit, and how many steps it left (a document stopped at 4 minutes read "10000 steps: 2005 ok, 7994 undecided")."""
    stopped = [r for r in results if not_judged(r)]
    if not stopped:
        return ""
    return f"{len(stopped)} steps {stopped[0].message}"


def _check_read_document(
    text: str, timeout_s: float, seed: int, deadline_s: float | None, max_steps: int, log: ErrorLog | None, assignment: Assignment | None
) -> list[StepResult]:
    results: list[StepResult] = []
    context = Context(documents.without_comments(text))  # what is commented out states nothing
    context.identity = functools.partial(_identity, timeout_s=timeout_s, seed=seed)
    if assignment is not None:
        context.share(assignment.definitions, assignment.scalars, assignment.source)
    seen: dict[tuple, tuple] = {}
    start = time.monotonic()
    shown, found = documents.displays_and_steps(text, arithmetic=True)
    found = _solutions_after_equations(found, shown, text.splitlines())
    sides = _shared_sides(found, shown)
    rewritten = {(s.display, s.right) for s in found if s.kind == "rewrite"}
    display_line = [d.line for d in shown if d.environment != "inline"]  # arithmetic in a sentence stays prose
    context.leave_out_display_bodies((d.line, d.end_line) for d in shown if d.environment != "inline")
    bounds_in = _sum_bounds_by_display(found)
    solved: set[tuple[int, str]] = set()  # the relations that implications and solving steps join, with their lines
    partial: dict[tuple, str] = {}  # inline conclusions that go on after a comma: judged on their first value alone
    unread_conditions: dict[tuple, list[str]] = {}  # prose conditions a step is under that do not read (x \in \mathbb{R}_+)
    claims_unshown: dict[str, int] = {}  # results the text claims (dC/dw = ...), learnt, not shown right: described -> line
    premise_lines: dict[int, set[int]] = {}  # the line of a conclusion -> the lines of its premises
    for step in found:
        if step.kind == "implies":
            premise_lines.setdefault(step.right.line, set()).add(step.left.line)
        if step.kind in ("solving", "implies"):
            # (a chain set to a number on a display before "hence $$...$$" is that result's premise; its links stay claims,
            # judged as a chain's: review helper-161)
            across = (
                step.kind == "implies"
                and step.left.latex.count("=") >= 2
                and not any(s.kind == "chain" and s.display == step.display and s.left.at == step.left.at for s in found)
            )
            ends = [(step.right.line, step.right.latex)] + ([] if across else [(step.left.line, step.left.latex)])
            ends += [(step.right.line, e) for e in step.right.latex.split("\\vee")]  # B \vee C: B and C too
            ends += [] if across else [(step.left.line, e) for e in step.left.latex.split("\\vee")]  # A \vee B => C: A and B
            solved.update((line, _squash(e)) for line, e in ends)
    context.prose_assumptions(display_line)
    context.prose_initial_values(display_line)
    context.prose_recurrences(display_line, recurrence_from)
    context.prose_definitions(display_line)
    context.prose_one_hot(display_line)
    context.prose_random_variables(display_line)
    context.prose_moments(display_line)
    context.prose_matrices(display_line)
    context.prose_retractions(display_line)
    context.prose_released(display_line)
    pending: tuple | None = None  # a redefinition, learnt once it has been judged against the definition before it
    naming: dict[tuple, list[Parsed]] = {}  # C = L(\theta) = ...: the names a chain gives before its first expression
    solution: tuple[str, int, int] | None = None  # an implication's conclusion, its line, and where its result goes
    rewrite_at: dict[tuple, int] = {}  # a rewrite A = B of X = A, X = B: where its result is (the restatement's check)
    rewritten_into: dict[Any, tuple[int, documents.Step]] = {}  # a rewrite's new value: where its result is, the step
    following = {(s.display, s.left.occurrence): s.right for s in found if s.relation == "=" and s.kind == "chain"}
    iterates = _iterate_superscripts(text)
    for step in found:
        base = dict(
            left=step.left.latex,
            relation=step.relation,
            right=step.right.latex,
            line=step.left.line,
            right_line=step.right.line,
            kind=step.kind,
        )
        if iterates is not None and (iterates.search(step.left.latex) or iterates.search(step.right.latex)):
            # x^1 = x^0 - \eta f'(x^0) after "start at $x^0 = 2$": iterates by superscript (no power is 2 at exponent 0), read
            # as powers, flagged right steps (probe helper-179); neither judged nor learnt
            message = "a superscript may number an iterate here (the text sets a name to the power 0 to a value other than 1)"
            results.append(StepResult("undecided", **base, message=message))
            continue
        if step.kind == "rewrite":
            rewrite_at[(step.display, step.right)] = len(results)
            rewritten_into[step.right] = (len(results), step)
        if solution is not None and len(results) > solution[2] and results[solution[2]].status != "wrong":
            # "Setting $f'(w) = 0$ gives $w^* = b/a$", judged: w^* names that value after its line (f(w^*) = ... uses
            # it); a value that does not solve the premise names nothing (which value would later lines mean?)
            context.learn_solution(solution[0], solution[1])
        solution = (step.right.latex, step.right.line, len(results)) if step.kind in ("implies", "solving") else None
        if deadline_s is not None and time.monotonic() - start > deadline_s:
            message = f"{_CUT_SHORT}: the document's time limit of {deadline_s:g} s ran out (raise it with --document-timeout)"
            results.append(StepResult("undecided", **base, message=message))
            continue
        if len(results) >= max_steps:
            message = f"{_CUT_SHORT}: the document's limit of {max_steps} steps was reached (raise it with --max-steps)"
            results.append(StepResult("undecided", **base, message=message))
            continue
        if step.relation == "in":  # x \in (0, 2): where a name lies (an implication's premise is judged there)
            if not re.fullmatch(rf"\s*{documents.NAME}\s*", step.left.latex):
                results.append(StepResult("unparsed", **base, message="a membership of more than a name is not read (x \\in S is)"))
                continue
            joined = step.kind == "chain" and _joined(step, solved)
            message = _JOINED if joined else "states where a name lies (a domain), nothing to check on its own"
            results.append(StepResult("given", **base, message=message, read_as=f"{step.left.latex} in {step.right.latex}"))
            continue
        going_on = _inline_values_after(step, shown, context)
        if going_on:  # judged on its first value: wrong stands (the conclusion holds them all), ok does not
            partial[(step.left.line, step.left.latex, step.right.latex)] = going_on
        listed = _values_listed_after(step, shown)
        if listed:
            message = _going_on(listed, "read as its first one alone, not judged")
            results.append(StepResult("undecided", **base, message=message))
            continue
        try:
            # r(5) after r(z) = \max(0, z): a call; h(1-h) after h = \sigma(z): a product
            with functions_named(context.function_names(step.left.line), context.value_names(step.left.line)):
                left, left_error = _parse(step.left.latex, log)
                if left is not None and step.relation == "=" and APPLIED_GREEK.fullmatch(step.left.latex):
                    left = defined_name(step.left.latex)  # \phi(t) = t^2 + 1: the function phi, not the product phi t
                right, right_error = _parse(step.right.latex, log)
            if left is None or right is None:
                results.append(StepResult("unparsed", **base, message=left_error or right_error))
                continue
            numbers_said = context.constants_at(step.left.line)  # "for $0 < D < 1$", "$c$ a constant": no matrices
            # (but never a name declared a matrix or a vector, in the text or the context file: helper-213 C9)
            numbers_said -= {name for name, *_ in context.shaped_at(step.left.line)} | set(assignment.kinds if assignment else ())
            if numbers_said & (left.capital_products | right.capital_products):
                left, right = (replace(s, capital_products=capitals_besides(s.capital_products, numbers_said)) for s in (left, right))
            assumptions, bad = [], ""
            for a in step.assumptions:
                parsed, error = _parse(a, log)
                if parsed is None:
                    bad = f"assumption {a!r}: {error}"
                elif parsed.kind not in CONDITION_KINDS:  # x - 1 was assumed as nothing: \sqrt{x^2} = x ok
                    bad = f"assumption {a!r}: not a condition such as x > 0"
                else:
                    assumptions.append(parsed)
            lines = [shown[step.display].line]
            if step.kind == "implies":  # A across displays ("$$A$$ hence $$B$$"): what held for A holds for what follows from it
                lines += [d.line for d in shown if d.line <= step.left.line <= d.end_line and d.line not in lines][:1]
            # (one the prose may have dropped, "In general,": judged without it, see _generalised_judged)
            dropped = {a for at in lines for a in context.generalised_at(at)}
            prose = tuple(dict.fromkeys(a for at in lines for a in context.assumptions_at(at) if a not in dropped))
            if shown[step.display].environment == "inline":  # a step in a sentence: what was declared before it holds
                prose = context.held_for_inline(prose, step.left.line, step.left.latex)
            own = set().union(*(a.symbols for a in assumptions))
            kept = []
            for a in prose:  # stated in the prose: used when readable
                parsed, _ = _parse(a, log)
                if parsed is not None and parsed.kind in CONDITION_KINDS:
                    if parsed.symbols & own:
                        continue  # "If $y = 1$:" then \text{when } y = 0 in a display: the display's own case decides
                    assumptions.append(parsed)
                    kept.append(a)
                elif _AN_ORDER.search(a):  # x \ge 0 \text{ real}: stated, not read; the step is never wrong without it
                    unread_conditions.setdefault((step.left.line, step.left.latex, step.right.latex), []).append(a)
            prose = tuple(kept)
            # a sum's bound in another link of the display is a whole number in this one (\sum_{k=0}^n r^k =
            # \frac{r^{n+1} - 1}{r - 1} \ge r^n: the last link was refuted at n = -1)
            for name, least in bounds_in.get(step.display, {}).items() if step.kind == "chain" else ():
                if name in left.symbols | right.symbols and name not in integer_symbols(left.expr, right.expr):
                    said = f"{name.name} \\in \\mathbb{{N}}" + (f", {name.name} \\ge {least}" if least else "")
                    for condition in said.split(", "):
                        parsed, _ = _parse(condition, log)
                        if parsed is not None:
                            assumptions.append(parsed)
                    prose += (f"{said} (a sum's bound in this display)",)
            assumed = step.assumptions + prose
            if bad:
                results.append(StepResult("unparsed", **base, message=bad))
                continue
            new_name = isinstance(left.expr, AppliedUndef | sp.Symbol) and context.defined_before(left, step.left.line) is None
            if step.assumptions and step.relation == "=" and new_name and _a_piece(step, found):
                # g(x) = x^2 \quad (x > 0), \qquad g(x) = -x^2 \quad (x \le 0): pieces of one definition, none of them the
                # function (the last piece was learnt, and g(1) + 2 = 3 judged wrong against -x^2: probe helper-157)
                message = f"one piece of a definition by cases (for {', '.join(step.assumptions)}): later steps do not use it"
                results.append(StepResult("given", **base, message=message, read_as=f"{left.read_as} = {right.read_as}"))
                continue
            if step.kind == "define":  # X := expr: the document's notation, learnt and never checked
                # v_a := v_a + \alpha(...), v_a \leftarrow ...: an assignment of an algorithm run by hand, the name's next
                # value (it was not carried, so a right second TD update was wrong: probe helper-173)
                rec = recurrence_from(left.expr, right.expr, step.left.line)
                if rec is not None:  # m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t: Adam's recurrence, as with =
                    results.append(_recurrence_given(context, rec, base, f"{left.read_as} := {right.read_as}"))
                    continue
                updated = _self_update(context, step, left, right, step.left.line, _chain_end(step, following))
                if updated is not None:
                    results.append(StepResult("given", **base, message=updated, read_as=f"{left.read_as} := {right.read_as}"))
                    continue
                definition = context.learn(left, right, step.left.line)
                rule = isinstance(left.expr, sp.Symbol) and left.expr in right.symbols
                message = (
                    f"defines {definition.describe()} (by notation); later steps in this section use it"
                    if definition is not None
                    else f"an update rule of {step.left.latex} (the name on both sides), not a definition: not used"
                    if rule
                    else "a definition by notation whose left side is not a name or a function of names: not used"
                )
                results.append(StepResult("given", **base, message=message, read_as=f"{left.read_as} := {right.read_as}"))
                continue
            term = step.relation == "=" and isinstance(left.expr, sp.Symbol)
            withdrawn = context.withdrawn_sequence({left.expr}, step.left.line) if term else None
            if withdrawn is not None:
                # w_2 = ... after w's rule was restated differently: a claim about a term neither rule may judge, and no
                # definition of it either (the slip's value would judge the steps after it)
                message = (
                    f"{step.left.latex} is a term of the sequence {withdrawn[0]}, whose rule line {withdrawn[1]} restated "
                    "differently: not judged, nor used for later steps"
                )
                results.append(StepResult("undecided", **base, message=message, read_as=f"{left.read_as} = {right.read_as}"))
                continue
            moments = context.moments_at(step.left.line)
            declared = _with_prose(
                assignment,
                context.random_at(step.left.line),
                context.shaped_at(step.left.line),
                {k: v for k, (v, _) in moments.items()},
                context.constants_at(step.left.line),
            )
            declared = _taken_back(declared, context.retracted_at(step.left.line))
            cases = _case_values(assumptions)
            scalar = declared is None or not (declared.not_scalar(left) or declared.not_scalar(right))
            if cases and scalar and step.kind != "solving" and step.relation in ("=", "approx", "<", ">", "<=", ">="):
                # "when $y = 1$: C = -\ln a" after C = -(y \ln a + (1-y) \ln(1-a)): what C is in that case, a claim
                # (never C's new definition), judged with the definitions in and the case's values put in for its names
                judged = _in_case(
                    context, seen, left, step.relation, right, assumptions, cases, step.left.line, timeout_s, seed, assumed, log, assignment
                )
                if judged is not None:
                    status, message, ce, method, read_as = judged
                    results.append(StepResult(status, **base, message=message, counterexample=ce, method=method, read_as=read_as))
                    continue
            if declared is not None and (declared.not_scalar(left) or declared.not_scalar(right)):  # vectors, matrices
                link = _a_link(step, sides, shown)
                restated = step.kind != "rewrite" and (step.display, step.right) in rewritten
                if restated and step.relation == "=" and isinstance(left.expr, sp.Symbol):
                    # w_new = (I - \eta I) w_old after w_new = w_old - \eta I w_old: the rewrite of the right sides is
                    # the check (as for numbers); the line is not counted twice
                    definition = context.learn(left, right, step.left.line)
                    if definition is not None:
                        message = f"restates {definition.describe()}: the rewrite to line {step.right.line} is its check"
                        results.append(StepResult("given", **base, message=message, read_as=f"{left.read_as} = {right.read_as}"))
                        continue
                step_names = frozenset(s.name for p in (left, right) for s in p.symbols)
                condition = context.condition_between(context.section_start(step.left.line), step.left.line, names=step_names)
                function = left.expr.func.__name__ if isinstance(left.expr, AppliedUndef) else None
                learnable = function is not None and function not in declared.kinds and not _derivative_name(function)
                # L(w) = B after L(w) = A (the same parameters): a restatement, the claim A = B, never L's new definition (it
                # replaced a Let's, the slip went unflagged and the right gradient after it was wrong: probe helper-192 F21)
                before = context.defined_before(left, step.left.line) if learnable and not link and step.relation == "=" else None
                restating = before is not None and before.args is not None and list(before.args) == list(left.expr.args)
                restating = restating and bool(before.text)
                learnable = learnable and not restating
                column = isinstance(right.expr, AppliedUndef) and right.expr.func.__name__ == "matrix"  # a = [f(s_1), \dots, f(s_n)]
                rule = matrix_recurrence_from(left, right, step.left.line) if step.relation == "=" else None
                known = context.recurrence_for(left.symbols | right.symbols, step.left.line, context.matrix_recurrences)
                # C = -\sum_i y_i \ln a_i with C new: a name given its value, as in a scalar step (y, a declared vectors);
                # never a recurrence or its unrolling (w_t = Q(I - 2 eps Lambda)^t Q^T w_0 is judged)
                named = (
                    isinstance(left.expr, sp.Symbol)
                    and left.expr.name not in declared.kinds
                    and rule is None
                    and known is None
                    and context.defined_before(left, step.left.line) is None
                    and _DERIVATIVE_WRITTEN.search(step.left.latex) is None
                )
                if not link and step.relation == "=" and (learnable or column or named):
                    definition = context.learn(left, right, step.left.line)  # J(w) = w^T H w; or the family a_j of a column
                    if definition is not None:
                        message = f"read as the definition of {definition.describe()}; later steps in this section use it"
                        cue = _presented_as_result(context, shown, step) if named else ""
                        message = f"{message}; {cue}" if cue else message
                        status = "undecided" if cue else "given"
                        results.append(StepResult(status, **base, message=message, read_as=f"{left.read_as} = {right.read_as}"))
                        continue
                if rule is not None and known is None and (not link or _opens_chain(step, sides, left, context)):
                    context.matrix_recurrences.append(rule)  # w_t = w_{t-1} - 2 eps Q Lambda Q^T w_{t-1}: unrolled later
                    message = f"read as {rule.describe()}; later steps in this section are unrolled with it"
                    results.append(StepResult("given", **base, message=message, read_as=f"{left.read_as} = {right.read_as}"))
                    continue
                earlier = None
                if step.relation == "=" and known is None and not link and isinstance(left.expr, sp.Symbol):
                    earlier = context.defined_before(left, step.left.line)  # w_new = B after w_new = A: the claim A = B
                    earlier = earlier if earlier is not None and earlier.text and earlier.args is None else None
                elif step.relation == "=" and known is None and isinstance(left.expr, AppliedUndef):
                    # J(w) = (Xw - y)^T (Xw - y) after J(w) = \|Xw - y\|^2: the claim that the two bodies agree (the
                    # same parameters as the definition's only, so its text is the body as written)
                    earlier = context.defined_before(left, step.left.line)
                    same = earlier is not None and earlier.args is not None and list(earlier.args) == list(left.expr.args)
                    earlier = earlier if same and earlier.text else None
                judged_left = left
                if earlier is not None:
                    judged_left, _ = _parse(earlier.text, log)
                    judged_left = judged_left or left
                gradient_of = functools.partial(context.gradient_body, line=step.left.line)
                link = link or gradient_of(left.expr) is not None  # \nabla J(w) = 2Hw after J(w) = ...: a result, judged
                link = link or gradient_written(left.expr)  # \nabla_w (w^T A w) = (A + A^T)w: a result computed, judged
                defined = context.defined_texts(set(declared.kinds) | _names(left, right), step.left.line)
                link = link or restating  # the claim that the two bodies agree is judged, as a link is
                judge = functools.partial(
                    judge_matrix_step,
                    judged_left,
                    step.relation,
                    right,
                    declared,
                    assumptions,
                    gradient_of=gradient_of,
                    defined=defined,
                    recurrence=known,
                )
                judged, failure = guarded(
                    lambda judge=judge, link=link, condition=condition: judge(
                        linked=link, condition=condition, seed=seed, timeout_s=timeout_s
                    ),
                    f"matrix step {left.text[:100]!r} {step.relation} {right.text[:100]!r}",
                    log,
                )
                judged = judged or MatrixVerdict("undecided", failure)
                if judged.status == "ok":
                    judged = _square_doubted(judged, judged_left, right, declared)
                status, message, ce, read_as = judged.status, judged.message, judged.counterexample, judged.read_as
                entries = _entries_of_defined_families(context, left, right, step.left.line) if status == "wrong" else ""
                if entries:
                    # Q^T Q (I - \eta\Lambda)^k Q^T x_0 = (I - \eta\Lambda)^k c_0 after "with $c_k = Q^T x_k$": c_0 is Q^T x_0, and
                    # drawn as a general vector the right step was wrong (probe helper-221)
                    status, ce = "undecided", None
                    message = f"{message}; not flagged: {entries}, which the instances do not put in"
                if rule is not None and status == "wrong" and not link and known is not None and known.base == rule.base:
                    # the same sequence's rule restated, and they differ: a slip or a new rule; neither is used after it
                    # (as for scalars: the right w_2 after the slipped restatement was wrong, probe helper-192 F16)
                    context.withdraw_recurrence(rule.base, step.left.line)
                    status, message = "given", _restated_rule(known, message)
                elif rule is not None and status != "ok" and not link:  # a lone new rule that differs: a new recurrence, not a slip
                    context.matrix_recurrences.append(rule)
                    status, message, ce = "given", f"read as {rule.describe()}; later steps in this section are unrolled with it", None
                elif earlier is not None and judged_left is not left:
                    message = f"with the definition of {earlier.describe()}: {message}"
                    if restating and status == "wrong":
                        # a slip, or a new meaning: as for numbers, not flagged, and no later step is judged with either
                        context.withdraw(left, step.left.line)
                        status, ce = "undecided", None
                        message = f"{message}; not flagged: a function restated may be a new one; later steps in this section use " \
                            "neither definition"
                if step.kind == "chain" and status != "ok" and _joined(step, solved):
                    status, message, ce = "given", _JOINED, None
                names = _names(left, right)
                if status == "wrong" and known is not None:
                    said = _characterised_before(context, step.left.line, left, right, known, log)
                    if said is not None:
                        # w_{t+1} - w^* = ... with X^T X w^* = X^T y stated before: the instances give w^* any value, and
                        # the step holds only at the one the text characterises (probe helper-192 F15)
                        status, ce = "undecided", None
                        message = f"{message}; not flagged: the text states {said} about a name of the step, which the instances " \
                            "do not satisfy"
                supposed = [(n, " ".join(p)) for n, p in context.supposed_at(step.left.line) if n in names or n == "*"]
                if status == "wrong" and supposed:
                    # wrong for a general A, right perhaps in the case the text considers: never flagged
                    status, ce = "undecided", None
                    cases = [f"{n} {p}" for n, p in supposed if n != "*"]
                    words = [p for n, p in supposed if n == "*"]
                    said = ([f"considers {', '.join(cases)} in a case (if, when)"] if cases else []) + (
                        [f"calls a matrix {', '.join(words)} in words not read as a declaration"] if words else []
                    )
                    message = f"{message}; not flagged: the text {' and '.join(said)}"
                if prose and status in ("ok", "wrong"):
                    message = f"{message}; assuming {', '.join(prose)} (stated in the text)"
                read_as = read_as or f"{left.read_as} {step.relation} {right.read_as}"
                results.append(StepResult(status, **base, message=message, counterexample=ce, method="matrices", read_as=read_as))
                continue
            # A link of a chain shares a side with another step of its display; a rewrite is a step by construction.
            linked = _a_link(step, sides, shown)
            line = step.left.line
            if not linked and step.relation == "=" and step.kind == "chain" and context.derivative_of_defined(left.expr, line):
                linked = True  # dL/dw = ... after L = ...: a result computed from L's definition, judged like a link
            if not linked and step.relation == "=" and isinstance(left.expr, sp.Limit) and not isinstance(right.expr, sp.Symbol):
                linked = True  # a limit stated (its variable bound): a claim, neither an equation to solve nor a definition
            # (with the definitions in: d/dw e^u after u = w^2 is taken of e^{w^2}, which has the w of the right side)
            candidate = not linked and step.relation == "=" and step.kind == "chain"
            if candidate and (_computes(step, left, right) or _computes(step, context.expand(left, line)[0], right)):
                before = _end_of_display_before(shown, step.display)
                if not context.solving_between(before, shown[step.display].line):
                    linked = True  # d/du ln sigma(u) = 1 - sigma(u) alone: a result computed, judged like a link
            if not linked and step.relation == "=" and isinstance(left.expr, sp.Symbol) and _ARITHMETIC_WRITTEN.search(step.left.latex):
                # p \cdot 1 + (1 - p) \cdot 0 = 0.5, \frac{2\sigma}{2} = 3: a computation that reads as a name is a claim
                # about it, never its definition (it was p's new value, and 1 - p = 0.5 after it ok: probe helper-204 F15)
                linked = _WRITTEN_NAME.fullmatch(step.left.latex) is None
            read_as = f"{left.read_as} {step.relation} {right.read_as}"
            restated = step.kind != "rewrite" and (step.display, step.right) in rewritten  # X = B after X = A: the rewrite A = B checks it
            if restated and context.derivative_of_defined(left.expr, line):
                restated, linked = False, True  # dL/dw = B after dL/dw = A, L defined: B judged against L itself
            if step.relation == "=":
                judged, failure = guarded(
                    lambda left=left, right=right, line=line, assumptions=assumptions: _by_recurrence(
                        context, left, right, line, assumptions, assignment, seed, timeout_s
                    ),
                    f"recurrence step {left.text[:100]!r} = {right.text[:100]!r}",
                    log,
                )
                if failure:
                    judged = ("undecided", f"unrolling a recurrence: {failure}", None)
                if judged is not None and judged[0] != "ok" and (not linked or restated):
                    rec = recurrence_from(left.expr, right.expr, line)
                    before = context.recurrence_for(left.symbols | right.symbols, line) if rec is not None else None
                    if rec is not None and judged[0] == "wrong" and before is not None and before.base == rec.base:
                        # w_{t+1} = (1 - \eta a) w_t - \eta a b after w_{t+1} = w_t - \eta a(w_t - b): the same sequence's
                        # rule restated, and unrolled they differ: a slip, or a new rule; no later step is unrolled with
                        # either (the slip replaced the rule, and the right w_2 after it was wrong: probe helper-192 F16)
                        context.withdraw_recurrence(rec.base, line)
                        message = _restated_rule(before, judged[1])
                        results.append(StepResult("given", **base, message=message, counterexample=judged[2], read_as=read_as))
                        continue
                    if rec is not None:  # a lone m_t = ... m_{t-1} ... that differs: a new recurrence, not a slip
                        judged = None
                if judged is not None:
                    status, message, ce = judged
                    if prose and status in ("ok", "wrong"):
                        message = f"{message}; assuming {', '.join(prose)} (stated in the text)"
                    if not linked and _states_initial_value(left, right) and context.learn(left, right, line) is not None:
                        # $$v_0 = 1$$ against a context file's v_0 = 0: judged against it, and then the document's own
                        # value is the one its later steps unroll (else every later step repeats the one slip)
                        message = f"{message}; later steps in this section use {step.left.latex} = {step.right.latex} (line {line})"
                    results.append(StepResult(status, **base, message=message, counterexample=ce, method="recurrence", read_as=read_as))
                    continue
            end = _chain_end(step, following)  # v_1 = 1 + \gamma v_2 = 1 + 0.9 \cdot 0 = 1 gives 1
            updated = _self_update(context, step, left, right, line, end) if step.relation == "=" and not restated else None
            if updated is not None:
                results.append(StepResult("given", **base, message=updated, read_as=read_as))
                continue
            written_name = _WRITTEN_NAME.fullmatch(step.left.latex) is not None  # (p \cdot 1 + (1 - p) \cdot 0 reads as p)
            if step.relation == "=" and linked and not restated and isinstance(left.expr, sp.Symbol) and not right.symbols and written_name:
                # L = (3 - 2.5)^2 = 0.25 after L = (3 - 2)^2 = 1: the quantity's next value (a step later, another
                # case), not a claim that the two values agree
                earlier = context.defined_before(left, line)
                if earlier is not None and not earlier.source and earlier.numeric:
                    definition = context.learn(left, right, line)
                    if definition is not None:
                        message = (
                            f"a new value of {step.left.latex} (it was {sp.sstr(earlier.expr)} on line {earlier.line}): "
                            "read as its definition; later steps in this section use it"
                        )
                        results.append(StepResult("given", **base, message=message, read_as=read_as))
                        continue
            if step.relation == "=" and step.kind == "chain" and scalar:
                named = _names_run(step, sides, left, right, context, naming, line)
                if named is not None:
                    results.append(StepResult("given", **base, message=named, read_as=read_as))
                    continue
            joined = step.kind == "chain" and _joined(step, solved)
            if step.relation == "=" and linked and not joined and _opens_chain(step, sides, left, context):
                # X = A = B with X new: the first link names X (a definition, or a recurrence); the others are claims.
                # (Never in an implication's ends: "=> x = 2 and y = 3 - x = 1" defined y for the rest of the text)
                rec = recurrence_from(left.expr, right.expr, line)
                if rec is not None:
                    results.append(_recurrence_given(context, rec, base, read_as))
                    continue
                follows = context.recurrence_for({left.expr}, line) if isinstance(left.expr, sp.Symbol) else None
                if follows is not None and left.expr.name.rpartition("_")[0] == follows.base:
                    # v_t = s \sum \beta^{t-i} after v_t's recurrence: a claim about v_t the recurrence was not unrolled to
                    # check, never a new definition (learnt, it made a wrong later step ok: probe helper-118)
                    message = (
                        f"{step.left.latex} follows the recurrence on line {follows.line}: this value of it is not checked "
                        "against the recurrence (a name it does not fix?), nor used for later steps"
                    )
                    results.append(StepResult("undecided", **base, message=message, read_as=read_as))
                    continue
                carried = _slip_carried_forward(context, right, line, end) if end is not step.right else None
                definition = context.learn(left, right if carried is None else carried[0], line)
                if definition is not None and carried is not None:
                    context.carried[(definition.name, line)] = carried[2]
                if definition is not None:
                    message = f"read as the definition of {definition.describe()} (it opens the chain); later steps in this section use it"
                    if carried is not None:  # (the formula's value is shown where its link is judged)
                        message = (
                            f"read as the definition of {definition.describe()} (it opens the chain); later steps in this "
                            f"section use the number its display ends with, {carried[1]}, as a result carried forward"
                        )
                    results.append(StepResult("given", **base, message=message, read_as=read_as))
                    continue
            # The ends of an implication or of a solving step (x = 2 of 2x - 4 = 0 => x = 2) are claims about a
            # value, never definitions: learnt, x = 2 would make every later step about x a check at one point.
            if step.relation == "=" and (not linked or restated) and not (step.kind == "chain" and _joined(step, solved)):
                rec = recurrence_from(left.expr, right.expr, line)
                if rec is not None:
                    results.append(_recurrence_given(context, rec, base, read_as))
                    continue
                earlier = None if restated else context.defined_before(left, line)
                computed = _ARITHMETIC_WRITTEN.search(step.right.latex.strip().removeprefix("-")) is not None
                if earlier is not None and not right.symbols and (earlier.numeric or earlier.args is not None or not computed):
                    # L = 0.25 after L = 1, C = 0.5 after C = -\ln a: the next value (an iteration), no claim; but the value
                    # of the formula the display before gave ("Plugging in the numbers, $$\alpha_1 = 0.4$$") is one
                    evaluated = (
                        _value_of_formula_before(context, shown, step, earlier)
                        or _formula_valued_since(context, step, earlier)
                        or _restated_in_words(context, shown, step, earlier)
                    )
                    earlier, linked = (earlier, True) if evaluated else (None, linked)  # (a claim: no equation to solve)
                # (E = \frac{1}{2} \cdot 4 \cdot 3 after E = \frac{1}{2} m v^2 and "With $m = 4$ and $v = 3$:" is a claim
                # about the formula's value: it was read as E's new definition, and its slip was given)
                if earlier is not None and _formula_after_value(context, earlier, left, right, line):
                    # g = \frac{1}{m}\nabla ... after g = 5.001e^{-9}: the formula again at the start of a new round of a
                    # computation by hand (names in it have no value), not a claim that the old value is the formula
                    definition = context.learn(left, right, line)
                    if definition is not None:
                        message = (
                            f"a formula for {step.left.latex} after its value {earlier.text or sp.sstr(earlier.expr)} on line "
                            f"{earlier.line} (a new round of the computation): read as its definition; later steps in this "
                            "section use it"
                        )
                        results.append(StepResult("given", **base, message=message, read_as=read_as))
                        continue
                if earlier is not None:
                    # X = B with symbols after X = A (with prose between): a claim that A = B, judged below with
                    # A substituted; B becomes X's definition after. (X = a number is a new value: an iteration.)
                    pending = (left, right, line)
                at = rewrite_at.get((step.display, step.right)) if restated else None
                checked = results[at].status if at is not None and at < len(results) else None
                if restated and checked == "wrong" and context.defined_before(left, line) is not None:
                    # X = B after X = A where A = B is wrong: a slip, or a new meaning; no later step is judged with
                    # either (the right dC/dz = delta after the slip delta = a - y was flagged against it: helper-162).
                    # An undecided rewrite keeps the restatement, as a pending one is kept: a reduction under a stated
                    # condition (C = -ln a_k of C = -sum y_i ln a_i, y one-hot) is what the steps after it use
                    context.withdraw(left, line)
                    message = (
                        f"restates {step.left.latex}, but the rewrite to line {step.right.line} is {checked}: later steps in "
                        "this section use neither definition"
                    )
                    results.append(StepResult("given", **base, message=message, read_as=read_as))
                    continue
                # a_2 = 4 after a_k = k^2 + 1: the family gives a_2 its value, so this is a claim about it
                entry = None if restated or earlier is not None else context.family_entry_defined(left, line)
                definition = None if earlier is not None or entry is not None else context.learn(left, right, line)
                if definition is not None:
                    if restated:
                        message = f"restates {definition.describe()}: the rewrite to line {step.right.line} is its check"
                    else:
                        message = f"read as the definition of {definition.describe()}; later steps in this section use it"
                    # A derivative on the left (dC/dw = ...) is a result being claimed, even when nothing defines C;
                    # so is a display the prose before it presents as a result ("combine (8) & (9): \delta = a - y").
                    claimed = not restated and _DERIVATIVE_WRITTEN.search(step.left.latex) is not None
                    cue = "" if restated or claimed else _presented_as_result(context, shown, step)
                    if cue:
                        claimed, message = True, f"{message}; {cue}"
                    stated = None if restated or not right.symbols else context.recurrence_for(left.symbols, line)
                    closed = isinstance(left.expr, sp.Symbol) and left.expr.name.startswith(f"{stated.base}_") if stated else False
                    if closed and left.expr.name != f"{stated.base}_0":  # (m_0 = 0 after m's recurrence: its start)
                        # s_t = (1 - \beta^{t-1}) g after s_t = \beta s_{t-1} + (1 - \beta) g_t: what the recurrence gives,
                        # a claim about s (it was learnt as s_t's definition, and its slip passed unseen)
                        claimed = True
                        message = f"a closed form of {step.left.latex} after {stated.describe()}, not checked by unrolling; {message}"
                    results.append(StepResult("undecided" if claimed else "given", **base, message=message, read_as=read_as))
                    if claimed and _DERIVATIVE_WRITTEN.search(step.left.latex) is not None:  # (a derivative claimed: F26)
                        claims_unshown[definition.describe()] = line
                    continue
                named = isinstance(left.expr, sp.Symbol) and _WRITTEN_NAME.fullmatch(step.left.latex) is not None
                if named and left.expr in right.symbols and not restated:
                    message = f"an update rule for {step.left.latex} (on both sides: an assignment, not an equation)"
                    results.append(StepResult("given", **base, message=message, read_as=read_as))
                    continue
            if step.kind == "solving":
                results.append(_solving(context, left, right, assumptions, timeout_s, seed, base, read_as, log))
                continue
            if step.kind == "chain" and _joined(step, solved):
                status, message, ce, method = _judged(
                    seen, left, step.relation, right, assumptions, timeout_s, seed, None, assumed, log, assignment
                )
                # f'(w) = 2aw + 2b = 0 \implies ...: the derivative is worked out before it is set to 0, a claim of its own
                set_to = _computed_in_premise(step, solved)
                computed = status != "ok" and step.relation == "=" and (set_to or _worked_out(step, right))
                if computed and status == "undecided":  # judged as a link, with what the text defined (f on line 1)
                    status, message, ce, method, read_as = _in_context(
                        context,
                        seen,
                        left,
                        "=",
                        right,
                        assumptions,
                        timeout_s,
                        seed,
                        True,
                        step,
                        assumed,
                        log,
                        (status, message, ce, method, read_as),
                        assignment,
                    )
                if status == "wrong" and computed:
                    worked = "before the premise sets it to a value" if set_to else "a line the implication goes on from"
                    message = f"{message} (a derivative worked out, {worked})"
                elif status == "wrong" and not (left.symbols or right.symbols) and not _supposed(context, step.left.line, premise_lines):
                    # "We know that \lim_{x \to 0} \sin x / x = 2. Hence ...": a fact about numbers, stated as one, is
                    # false whatever follows from it (it was 'given', and the document passed)
                    message = f"{message} (a statement about numbers alone: false as written, in an implication or not)"
                elif status != "ok":  # an identity that holds is reported; otherwise the solving steps are the check
                    status, message, ce = "given", _JOINED, None
                results.append(StepResult(status, **base, message=message, counterexample=ce, method=method, read_as=read_as))
                continue
            hot = _one_hot(assignment) or context.one_hot_at(line)
            if step.relation == "=" and hot and (has_indices(left.expr) or has_indices(right.expr)):
                # A sequence declared one-hot: the index check below knows the declaration, the kernel does not.
                status, ce, method = "undecided", None, ""
                message = _why_not_checkable(left, right, linked) or "a sequence is declared one-hot: judged by instantiation"
            else:
                status, message, ce, method = _judged(
                    seen, left, step.relation, right, assumptions, timeout_s, seed, linked, assumed, log, assignment
                )
            if step.kind == "rewrite" and status == "undecided" and message.startswith("names or defines"):
                # the rewrite t = 2t of "$$y = t$$ ... $$y = 2t$$": its left side is y's value before, never a name being
                # defined; judged in full where no name is on one side only (probe helper-208 F21)
                if not _with_variables(left) ^ _with_variables(right):
                    status, message, ce, method = _judged(
                        seen, left, step.relation, right, assumptions, timeout_s, seed, None, assumed, log, assignment
                    )
            moving = _moving_definition(context, left, right, line) if status in ("ok", "wrong") else ""
            if moving:
                # d/dx_j sum_i x_i xbar after xbar = (1/n) sum_i x_i: taken with xbar a constant it was ok; the
                # definition decides (below), or nothing does
                status, ce = "undecided", None
                message = f"{message}, with {moving} a constant; but {moving} depends on the variable of the derivative"
            worked = False
            if status == "wrong" and step.relation in ("=", "approx", "<", ">", "<=", ">="):
                # x^2 + 1 = 10 after x = 3: false as an identity, true at the document's x (an evaluation, ok); where x
                # stands on both sides (x^2 - 9 = (x - 3)^2), a worked example or a general claim: undecided
                again = _in_context(
                    context,
                    seen,
                    left,
                    step.relation,
                    right,
                    assumptions,
                    timeout_s,
                    seed,
                    linked,
                    step,
                    assumed,
                    log,
                    ("wrong", message, ce, method, read_as),
                    assignment,
                )
                worked = again[0] == "ok" or again[1].startswith(_WORKED)
                # wrong with the definitions in as well: their counterexample is one the text allows (sum_i (x_i - xbar)
                # = sum_i x_i - xbar was shown at x_1 = x_2 = 0 with xbar = 1, where xbar is their mean)
                if worked or (again[0] == "wrong" and again[2] is not None and again[1].startswith("with the definition of")):
                    status, message, ce, method, read_as = again
            defined = _defined_in_step(context, left, right, line) if status == "wrong" and step.relation in ("=>", "<=>") else []
            if defined:
                # nw\bar{x} + nb - n\bar{y} = 0 => b = \bar{y} - w\bar{x} after \bar{x} = \frac{1}{n}\sum_i x_i: refuted at n = 0 with
                # \bar{x} free, where the text's \bar{x} has no value (probe helper-221): judged again with the definitions in
                again = _in_context(
                    *(context, seen, left, step.relation, right, assumptions, timeout_s, seed, linked, step, assumed, log),
                    ("undecided", message, None, method, read_as),
                    assignment,
                    _solved_for(right),
                )
                if again[0] == "ok" or (again[0] == "wrong" and again[2] is not None and again[1].startswith("with the definition of")):
                    status, message, ce, method, read_as = again
                else:
                    names = ", ".join(d.describe() for d in defined)
                    status, ce = "undecided", None
                    message = f"{message}; not flagged: the text defines {names}, and with that definition in it is not refuted"
            if step.relation == "=>" and status in ("ok", "undecided"):
                # "Setting $g'(\alpha) = 2 - 8\alpha = 0$ gives $\alpha = \frac14$" after g(\alpha) = 2\alpha - 8\alpha^2: the
                # implication holds from 2 - 8 alpha = 0, but its premise rewrites g' wrongly (probe helper-211 F2)
                slip, _ = guarded(
                    functools.partial(_premise_rewrite_fails, context, seen, step, assumptions, timeout_s, seed, assumed, log, assignment),
                    f"the premise's rewrites of {left.text[:100]!r}",
                    log,
                )
                if slip is not None and slip[0] == "wrong":
                    status, message, ce, method = slip
                elif slip is not None and status == "ok":  # g is defined, and its rewrite in the premise holds with it
                    message = f"{message.replace(' (defined elsewhere)', '')}; {slip[1]}"
            if status == "undecided" and not worked and step.relation in ("=", "approx", "<", ">", "<=", ">=", "=>", "<=>"):
                status, message, ce, method, read_as = _in_context(
                    context,
                    seen,
                    left,
                    step.relation,
                    right,
                    assumptions,
                    timeout_s,
                    seed,
                    linked or step.kind == "implies",  # an implication is a claim, as a link of a chain is
                    step,
                    assumed,
                    log,
                    (status, message, ce, method, read_as),
                    assignment,
                )
            if status == "undecided" and pending is not None and message.startswith("names or defines"):
                # X = B after "Let $X = A$": the claim A = B, judged as a link with what the text defined (y = t after "Let
                # $y = n v t$ and $v = \frac{1}{n}$" was "names or defines a quantity": probe helper-208 F21)
                restatement = _against_its_definition(
                    context, seen, left, right, assumptions, timeout_s, seed, step, assumed, log, assignment
                )
                if restatement is not None:
                    status, message, ce, method, read_as = restatement
            if status == "undecided" and not worked and step.relation == "=":
                judged, failure = guarded(
                    functools.partial(
                        _by_indices,
                        *(left, right, assumptions, assignment, seed, timeout_s, linked and not restated, ("undecided", message)),
                        context.one_hot_at(line),
                        context.hot_index_at(line),
                    ),
                    f"index step {left.text[:100]!r} = {right.text[:100]!r}",
                    log,
                )
                if judged is not None:
                    status, message, ce, method = judged
            if status == "undecided" and not worked and step.relation == "=":
                # dh_n/dw_i = sigma'(w_n h_{n-1}) d(w_n h_{n-1})/dw_i after h_i = sigma(w_i h_{i-1}): at numbered n and i
                judged, _ = guarded(
                    functools.partial(
                        _at_instances,
                        *(context, step, shown, seen, assumptions, timeout_s, seed, assumed, log, assignment, linked and not restated),
                    ),
                    f"instances of the index letters {left.text[:100]!r} = {right.text[:100]!r}",
                    log,
                )
                if judged is not None:
                    status, message, ce, method = judged
            if status == "undecided" and not worked and step.relation == "=" and declared is not None:  # E, Var, Cov
                # a lone Var(sum x_i / n) = ... is a claim, unless the prose just before it states a condition
                # ("considering the means zero")
                before = max((d for d in display_line if d < step.left.line), default=0)
                lone_claim = not context.condition_between(before, step.left.line)
                link = linked and not restated
                # a declared variance sigma^2: sigma is a standard deviation, positive (no witness at sigma = -1)
                implied = [(c, why) for d, c, why in context.implied_at(line) if any(d in p.symbols for p in (left, right))]
                conditions = [a.condition for a in assumptions] + [c for c, _ in implied]
                judged, _ = guarded(
                    lambda left=left, right=right, conditions=conditions, link=link, declared=declared, lone=lone_claim: expectation_step(
                        left.expr, right.expr, declared, conditions, seed, timeout_s, link, lone
                    ),
                    f"expectation step {left.text[:100]!r} = {right.text[:100]!r}",
                    log,
                )
                if judged is None or judged[0] == "undecided":  # Var(\bar{x}) after \bar{x} = \frac{1}{n}\sum_i x_i: with it in
                    (wide_left, used_left), (wide_right, used_right) = (context.expand(p, line) for p in (left, right))
                    used = list(dict.fromkeys(used_left + used_right))
                    if used:
                        again, _ = guarded(
                            functools.partial(
                                expectation_step, wide_left.expr, wide_right.expr, declared, conditions, seed, timeout_s, link, lone_claim
                            ),
                            f"expectation step {left.text[:100]!r} = {right.text[:100]!r} with definitions",
                            log,
                        )
                        if again is not None and again[0] != "undecided":
                            names = ", ".join(d.describe() for d in used)
                            judged = (again[0], f"{again[1]}; with the definition of {names}", *again[2:])
                named = {s.name for p in (left, right) if isinstance(p.expr, sp.Basic) for s in p.expr.free_symbols}
                if judged is not None and judged[0] == "wrong":
                    # the text states a moment no declaration carries (E[X^2] = 1, Cov(X, Y) = 0) about a variable of
                    # the step: the witness distribution may break it
                    said = next((math for math, names in context.other_moments_at(line) if names & named), None)
                    if said is not None:
                        unsaid = f"{judged[1]}; not flagged: the text states {said}, which the declarations do not carry"
                        judged = ("undecided", unsaid, None, judged[3])
                    end_line = shown[step.display].end_line
                    words = context.moments_said_unread(line, end_line, frozenset(named)) if judged[0] == "wrong" else ""
                    if words:  # "Assume the variables are centered": said in words not read, which the witness may break
                        unread = f"{judged[1]}; not flagged: the text says {words!r} of the moments, which is not read"
                        judged = ("undecided", unread, None, judged[3])
                if judged is not None and judged[0] in ("ok", "wrong"):
                    used = [f"{op}({n}) = {sp.sstr(value)} (line {said})" for (op, n), (value, said) in moments.items() if n in named]
                    used += [f"{sp.sstr(c).replace('&', 'and')} ({why})" for c, why in implied]
                    used += [f"every mean {sp.sstr(value)} (line {said})" for (op, n), (value, said) in moments.items() if n == "*"]
                    if used:
                        judged = (judged[0], f"{judged[1]}; with {', '.join(used)} stated in the text", *judged[2:])
                if judged is not None:
                    status, message, ce, method = judged
            if status == "undecided" and not worked and step.relation == "=" and (linked or restated or pending is not None):
                # -\frac{\epsilon}{\delta + \sqrt{r}} g = -\frac{1}{10^{-8} + \sqrt{2.501e^{-17}}} \cdot 5.001e^{-9}: numbers put in
                put, _, why = _put_in(context, left, right, line)
                if put:
                    status, message, ce, method = put, why, None, "substitution"
            elif status == "wrong" and step.relation == "=" and right.expr.is_number and not right.symbols:
                # 1 - h_1^2 = 1 - 0.76^2 after h_1 = \tanh(1) = 0.76: the document's own rounded value put in, whose rounding
                # the difference carries (flagged: probe helper-201 F8, helper-202 F13); never flagged, never ok either
                put, _, why = _put_in(context, left, right, line)
                if put == "ok":
                    status, ce = "undecided", None
                    message = f"{message}; not flagged: {why} (the document's rounded values put in, their rounding carried)"
            unread = context.unread_recurrence_of(left.expr.name, line) if isinstance(left.expr, sp.Symbol) else None
            if status == "undecided" and unread == line and message.startswith(("names or defines", "a single relation")):
                status = "given"  # the recurrence stated: a statement, as a recurrence read is
            if status in ("undecided", "given") and unread is not None and message.startswith(("names or defines", "a single relation")):
                why = "a later term on the right, or a function of the terms"
                message = (
                    f"a recurrence not read as one ({why}): not unrolled, and its terms after it are neither checked nor used"
                    if unread == line
                    else f"{step.left.latex} follows the recurrence on line {unread}, which is not read as one ({why}): not "
                    "checked, nor used for later steps"
                )
            expanded = tuple(context.expand(p, line)[0] for p in (left, right)) if status in ("ok", "wrong") else ()
            unapplied = _unapplied_in_derivative(context, expanded, line) if expanded else ""
            if unapplied:  # (the kernel, the index check or the expectations took the name as a constant)
                status, ce = "undecided", None
                message = f"{message}; not judged: {_UNAPPLIED.format(unapplied)}"
            if prose and status in ("ok", "wrong"):
                message = f"{message}; assuming {', '.join(prose)} (stated in the text)"
            if step.assumptions and status in ("ok", "wrong") and "assuming" not in message:
                message = f"{message}; assuming {', '.join(step.assumptions)} (stated for this display)"
            status, message, ce = _written_case(status, message, ce, cases, left, right)
            status, message = _off_the_simplex(status, message, ce, assignment)
            if status == "wrong" and step.kind == "rewrite":
                # (with the text's definitions where the plain comparison leaves names unknown: X = a^2 + 1 after a = 2)
                in_text = functools.partial(
                    _in_context,
                    context,
                    seen,
                    relation="=",
                    right=right,
                    assumptions=assumptions,
                    timeout_s=timeout_s,
                    seed=seed,
                    linked=True,
                    step=step,
                    assumed=assumed,
                    log=log,
                    shared=assignment,
                )
                corrected = _after_a_slip(
                    results, rewritten_into.get(step.left), right, seen, assumptions, timeout_s, seed, assumed, log, in_text
                )
                if corrected is not None:  # shown as judged: the value before the slip, and this line's
                    earlier, status, message = corrected
                    ce, read_as = None, ""
                    base = {**base, "left": earlier.left.latex, "line": earlier.left.line}
            results.append(StepResult(status, **base, message=message, counterexample=ce, method=method, read_as=read_as))
            if pending is not None:
                replaced = context.defined_before(pending[0], pending[2])
                # (a context file's definition gives way to the document's own in its section: no disagreement there)
                # (one whose sides, the definition put in, hold different names differs from it where they vary:
                # z_3 restated without the b_1 its definition holds replaced it, and a wrong dz_3/dw_1 was ok: helper-162)
                dropped = status == "undecided" and _dropped_unsaid(context, message, replaced, pending[2])
                if (status == "wrong" or ce is not None or dropped) and replaced is not None and not replaced.source:
                    # a restatement that differs from the definition: a slip, or a new function; either way no later
                    # step is judged with one of them for the other's sake (a right f'(w) was flagged against the slip)
                    context.withdraw(pending[0], pending[2])
                    results[-1] = dataclasses.replace(
                        results[-1], message=f"{message}; later steps in this section use neither definition of {pending[0].text}"
                    )
                elif assumed:
                    # h(m) = 1 - m "for $m < 1$" after h(m) = \max(0, 1 - m): the definition's form in a case, no new
                    # definition (learnt, the other case's wrong h(m) = 1 - m was ok, the right h'(m) = 0 wrong: helper-202 F6)
                    results[-1] = dataclasses.replace(
                        results[-1], message=f"{message}; under {', '.join(assumed)} only: later steps use the definition before it"
                    )
                else:
                    context.learn(*pending)
                pending = None
        except Exception as error:  # any failure judging one step is that step's undecided; the document goes on
            if log is not None:
                log.record(f"step {step.left.latex[:100]!r} {step.relation} {step.right.latex[:100]!r}", error)
            results.append(StepResult("undecided", **base, message=internal_error_reason(error, log)))
            pending = None

    for i, r in enumerate(results):
        conditions = unread_conditions.get((r.line, r.left, r.right))
        # (a half-line named two ways, \mathbb{R}_+: where the point is positive it lies in either reading)
        strict = {c: "$" + half_lines_positive(c) + "$" for c in conditions or []}
        conditions = [c for c, said in strict.items() if not _holds_at(said, r.counterexample)]
        if conditions and r.status == "wrong":
            said = ", ".join(conditions)
            message = f"{r.message}; not flagged: the text states {said}, which is not read (the failure may lie outside it)"
            results[i] = r = replace(r, status="undecided", message=message, counterexample=None)
        more = partial.get((r.line, r.left, r.right))
        if more and r.status == "ok":
            message = _going_on(more, "its first one follows, the rest not judged")
            results[i] = replace(r, status="undecided", message=message, counterexample=None)
    results = _systems_solved(context, text, shown, found, results, seen, timeout_s, seed, log, assignment)
    excused = _listed_cases_withheld(context, shown, found, _contradictions_excused(context, shown, found, results))
    excused = _generalised_judged(context, shown, found, excused, timeout_s, seed)
    excused = _solution_or_condition(shown, found, excused, timeout_s, seed)
    excused = _orders_said_in_words(context, shown, found, excused)
    placed = _rewrites_placed(_witness_against_text(context, shown, found, excused, timeout_s, seed))
    return _sigma_named_otherwise(context, _claims_unshown_withheld(_conditions_beside_displays(context, placed), claims_unshown))


# a sentence that names \sigma beside another activation ("$\sigma$ denotes $\tanh$", "Let $\sigma$ be the tanh function",
# "Here $\sigma(z) = \tanh(z)$ is the activation"): derivax's logistic reading of \sigma is then in doubt
_SIGMA_MATH_SAID = re.compile(r"\$[^$\n]*\\sigma(?![a-zA-Z])[^$\n]*\$")
_OTHER_ACTIVATION = re.compile(
    r"\\tanh|\btanh\b|hyperbolic\s+tangent|\brelu\b|rectifi|softplus|\\max\s*\(\s*0|\belu\b|\bgelu\b|swish|\bsilu\b", re.IGNORECASE
)
_LOGISTIC_SAID = re.compile(r"sigmoid|logistic|\\frac\s*\{\s*1\s*\}\s*\{\s*1\s*\+\s*e\s*\^", re.IGNORECASE)


def _sigma_named_otherwise(context: Context, results: list[StepResult]) -> list[StepResult]:
    r"""A step found wrong with \sigma in it, after a sentence of its section that names \sigma beside another activation
    (tanh, ReLU, softplus) and not the logistic, is not flagged: the text may mean that function by \sigma, in words
    derivax does not read as its definition ("Throughout, $\sigma$ denotes $\tanh$": the right \sigma'(0) = 1 was wrong,
    probe helper-162)."""
    naming = [number for number, text in enumerate(context.lines, start=1) if _names_sigma_otherwise(text)]
    out = []
    for r in results:
        # (a verdict that used the text's own definition of \sigma stands: it read what the text said)
        if r.status == "wrong" and "\\sigma" in f"{r.left} {r.right}" and "definition of sigma" not in r.message:
            said = next((n for n in naming if context.section_start(r.line) <= n < r.line), None)
            if said is not None:
                why = f"{r.message}; not flagged: line {said} names \\sigma beside another function, which it may stand for here"
                r = dataclasses.replace(r, status="undecided", message=why, counterexample=None)
        out.append(r)
    return out


def _names_sigma_otherwise(text: str) -> bool:
    """Whether a sentence of the line names \\sigma beside another activation and not the logistic."""
    return any(
        any(_names_sigma(m.group(0).strip("$")) for m in _SIGMA_MATH_SAID.finditer(sentence))
        and _OTHER_ACTIVATION.search(sentence)
        and not _LOGISTIC_SAID.search(sentence)
        for sentence in re.split(r"(?<=[.;!?])\s+", text)
    )


# math that names \sigma itself ("$\sigma$", "$\sigma(z) = \tanh(z)$"), not math that applies it ("$o = \sigma(v)$" beside
# "$h = o \tanh(c)$" named nothing, and two wrong LSTM derivatives were excused: probe helper-215 M14)
def _names_sigma(math: str) -> bool:
    """Whether inline math may name \\sigma: it is \\sigma (applied or not) set to something, or it equates \\sigma with
    another activation in one relation (``o = \\sigma(v) = \\tanh(v)``, ``\\sigma'(v) = 1 - \\tanh^2(v)``: review helper-218
    C3)."""
    return _SIGMA_NAMED.fullmatch(math) is not None or ("=" in math and _OTHER_ACTIVATION.search(math) is not None)


_SIGMA_NAMED = re.compile(r"\s*\\sigma\s*(?:(?:\\left\s*)?\([^()]*(?:\\right\s*)?\)\s*)?(?:(?::=|=|\\equiv).*)?", re.S)


# words that say a restatement holds in a case only: a reduction, not the definition restated
_SPECIALISED = re.compile(
    r"\b(?:reduces?|reducing|becomes?|simplif\w*|special\w*|cases?|class(?:es)?|one-hot|when|if|for|assum\w*|setting|only|limit)\b",
    re.IGNORECASE,
)
_ONE_SIDED_NAMES = re.compile(r"([\w,' ]+?) appear on one side only")


def _dropped_unsaid(context: Context, message: str, replaced: Any, line: int) -> bool:
    r"""Whether a restatement that the judging left undecided for names on one side only drops names the prose between
    it and the definition never mentions (z_3 restated without the b_1 of its definition, after "Writing it out in
    full:"); a reduction the prose states a condition for ("With $y = 1$ this reduces to $$C = -\ln a$$") keeps it."""
    found = _ONE_SIDED_NAMES.search(message)
    if found is None or replaced is None:
        return False
    names = {n.strip() for n in found.group(1).split(",") if n.strip()}
    if any(context.defined_before(sp.Symbol(n), line) is not None for n in names):
        return False  # a name left because the definitions were put in only so deep (b of v = 2u + 1 = ...), not dropped
    start = max(replaced.line, replaced.said)  # (a prose definition is learnt the line before the one that says it)
    between = context.lines[start : max(start, line - 1)]
    prose = [text for text in between if "$$" not in text]
    if any(_SPECIALISED.search(re.sub(r"\$[^$]*\$", " ", text)) for text in prose):
        return False  # "For the positive class the loss reduces to": a case said in words (review helper-166)
    said = _names_of([m for text in prose for m in re.findall(r"\$([^$]+)\$", text)])
    return bool(names) and not names & said


def _claims_unshown_withheld(results: list[StepResult], claims: dict[str, int]) -> list[StepResult]:
    r"""A step found wrong with a result the text claimed and nothing showed right (``\frac{\partial x_2}{\partial
    x_1} = w_1(1 - \tanh^2(w_1 x_1))``, x_2 defined by a family derivax does not read) is not flagged: the claim may be
    the slip (it was, and the right line after it was flagged: probe helper-162)."""
    if not claims:
        return results
    out = []
    for r in results:
        used = [d for d in claims if r.status == "wrong" and claims[d] < r.line and re.search(rf"(?<![\w]){re.escape(d)}", r.message)]
        if used:
            why = (
                f"{r.message}; not flagged: it uses {used[0]}, a result the text claims there and nothing showed right, so "
                f"which of lines {claims[used[0]]} and {r.line} holds the slip is not decided"
            )
            r = dataclasses.replace(r, status="undecided", message=why, counterexample=None)
        out.append(r)
    return out


# prose after a display on its own line that states a condition: inline math that bounds (an inequality, an interval, a
# half-line; w \in \mathbb{R}^d is a kind, no condition), or a sign word after a condition word ("for positive $x$")
_CONDITION_AFTER = re.compile(
    r"\$(?P<math>[^$]*(?:<|>|\\(?:le|ge|leq|geq|ne|neq)(?![a-zA-Z])|\\in\s*(?:[\[(]|\\left|\\mathbb\s*\{?\s*R\s*\}?\s*_))[^$]*)\$"
    r"|\b(?:for|where|if|when|whenever|with|assuming|let|and)\s+(?:\w+\s+){0,2}?(?:positive|negative|non-?negative|non-?positive|non-?zero)\b",
    re.IGNORECASE,
)
_DISPLAY_CLOSE = re.compile(r"\$\$|\\\]|\\end\s*\{[a-z*]+\}")


# an order said in words of a name in inline math just before it: "$w$ is less than one in absolute value", "let $x$ be
# at most 2", "$\eta$ does not exceed 0.1"
_ORDER_IN_WORDS = re.compile(
    r"\$\s*(?P<name>\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*\$[^$.;]{0,40}?"
    r"\b(?:(?:less|greater|smaller|larger|bigger|more)\s+than|at\s+(?:most|least)|in\s+absolute\s+value|bounded|exceeds?|below|above)\b",
    re.IGNORECASE,
)


def _orders_said_in_words(
    context: Context, shown: list[documents.Display], found: list, results: list[StepResult]
) -> list[StepResult]:
    r"""A failure at a point the prose before its display rules out in words that are not read ("Let $w$ be less than
    one in absolute value": w^4 \le w^2 was wrong at w = 2, probe helper-201 F10) is not flagged."""
    if len(found) != len(results):
        return results
    out = list(results)
    for i, (step, result) in enumerate(zip(found, results, strict=True)):
        ce = result.counterexample
        if result.status != "wrong" or ce is None or not ce.at or shown[step.display].environment == "inline":
            continue
        start = _end_of_display_before(shown, step.display)
        prose = "\n".join(context.lines[start : shown[step.display].line - 1])
        for said in _ORDER_IN_WORDS.finditer(prose):
            try:
                names = {s.name for s in parse(said["name"]).symbols}
            except LatexError:
                continue
            if names & set(ce.at):
                why = f"the text says {said.group(0).strip()!r} in words, which is not read (the point may break it)"
                out[i] = replace(result, status="undecided", message=f"{result.message}; not flagged: {why}", counterexample=None)
                break
    return out


def _conditions_beside_displays(context: Context, results: list[StepResult]) -> list[StepResult]:
    """The steps of a line whose prose after a display states a condition ("$$|x| = x$$ for $x \\ge 0$.", "$$A$$ Now let
    $x < 0$: $$B$$"): the conditions are read per line, not per display on it, so a failure there is not flagged and a
    success that rests on a stated condition is not claimed (a right step was wrong, a false one ok: probes 156, 157)."""
    beside: dict[int, list[str]] = {}
    for number, line in enumerate(context.lines, start=1):
        if "$$" not in line and "\\]" not in line:
            continue
        fences = [m.end() for m in re.finditer(r"\$\$", line)]
        if fences:  # the first display's end: its closing $$ (the first one where a display began on a line above)
            end = fences[0] if len(fences) % 2 else fences[1]
        else:
            closes = [m.end() for m in _DISPLAY_CLOSE.finditer(line)]
            end = closes[0] if closes else len(line)
        after = re.sub(r"\$\$.*?\$\$", " ", line[end:])  # a later display on the line is no prose
        said = [m.group(0) for m in _CONDITION_AFTER.finditer(after)]
        if said:
            beside[number] = said
    if not beside:
        return results
    out = []
    for r in results:
        said = beside.get(r.line)
        numbers_only = not (r.counterexample and r.counterexample.at)  # $$2 + 2 = 5$$ (clearly $2 < 5$): no condition matters
        if said and r.status == "wrong" and (numbers_only or all(_holds_at(c, r.counterexample) for c in said)):
            said = None  # the failure is inside every condition ($$\frac{d}{dx} \ln x = x$$ for $x > 0$: wrong at 1/2 all the same)
        if said and (r.status == "wrong" or (r.status == "ok" and "(stated in the text)" in r.message)):
            why = f"the line goes on after a display with a condition ({', '.join(said)}) that is not read for one display apart"
            verb = "flagged" if r.status == "wrong" else "claimed"
            r = replace(r, status="undecided", message=f"{r.message}; not {verb}: {why}", counterexample=None)
        out.append(r)
    return out


def _holds_at(said: str, ce: Any) -> bool:
    """Whether the condition ``said`` (inline math as written) holds at the counterexample ``ce``; False where unread."""
    if ce is None or not ce.point or not said.startswith("$"):
        return False
    try:
        condition = parse(said.strip("$"))
        if condition.kind not in CONDITION_KINDS:
            return False
        named = {s.name: s for s in condition.symbols}
        point = {named[getattr(k, "name", str(k))]: v for k, v in ce.point.items() if getattr(k, "name", str(k)) in named}
        if not point:  # about names the step has not ("see Section 2 where $n > 1$"): it rules nothing out (review 161)
            return True
        return len(point) == len(named) and bool(condition.expr.xreplace(point)) is True
    except (LatexError, TypeError, ValueError, KeyError):
        return False


def _witness_against_text(
    context: Context, shown: list[documents.Display], found: list[documents.Step], results: list[StepResult], timeout_s: float, seed: int
) -> list[StepResult]:
    r"""A ``wrong`` step whose counterexample the text itself rules out is judged again with what the text states.

    The point must be one the document allows: a value the text gives a name (``Let $c = 4$`` before
    ``cx = 2 \Rightarrow x = 1/2``, refuted at c = 2; ``Let $\beta = 0.9$`` before an unrolled recurrence) or an
    inequality its prose states in the section up to the first line of text after the display (``... = 2x`` then
    ``for $x > 0$.``, "Because $0 < a < 1$", wordings not read as assumptions; a hypothesis made for contradiction
    aside, and one a later statement contradicts). Where the counterexample breaks one, a step judged on its own is
    judged again with all of them as assumptions: ``wrong`` only if it fails inside them too (the new point shown),
    else ``undecided``, naming what the text says. Steps judged with the document's definitions or by unrolling are
    ``undecided`` then (judged again alone they would lose what they used)."""
    out = list(results)
    display_of = {(step.left.line, step.left.latex, step.relation, step.right.latex): step.display for step in found}
    for i, result in enumerate(out):
        ce = result.counterexample
        if result.status != "wrong" or ce is None or not ce.at:
            continue
        point = {name: value for name, value in ce.at.items() if isinstance(value, int | float) and not isinstance(value, bool)}
        display = display_of.get((result.line, result.left, result.relation, result.right))
        end = shown[display].end_line if display is not None else result.line
        # a step in a sentence: the line after it is another sentence, no condition of this one ("gives $w = 2$." then
        # "Setting ... gives $w = 4$.")
        beyond = display is None or shown[display].environment != "inline"
        # the display's own trailing condition (``= 2x, \qquad x > 0``) is stated as well
        trailing = _TRAILING_CONDITION.search(shown[display].latex) if display is not None else None
        own = [trailing.group(1)] if trailing else []
        values = {name: sp.Integer(v) if isinstance(v, int) else sp.Float(v, 30) for name, v in point.items()}
        alone = _judged_alone(result)  # judged again with what the text states (its values in prose too), or not at all
        varying = _derivative_variables(result)
        facts = _stated_facts(context, set(point), result.line, end, own, equations=alone, beyond=beyond, varying=varying)
        if result.relation in ("=>", "<=>"):
            # "If $x < 1$ then $x^2 < 1$" in a sentence: its own premise and conclusion are inline math, not facts stated
            mine = {re.sub(r"\s+", "", part) for side in (result.left, result.right) for part in (side, *side.split("\\vee"))}
            facts = [(fact, said) for fact, said in facts if re.sub(r"\s+", "", fact.text) not in mine]
        broken = [said for fact, said in facts if _breaks(fact, values)]
        if not broken:
            continue
        said = "; ".join(broken)
        # read as the step was (\sigma(2\pi)^{1/2} a product where the text calls sigma a standard deviation)
        names = (context.function_names(result.line), context.value_names(result.line))
        with functions_named(*names):
            # (guarded: "Can't calculate derivative wrt 5" here took every verdict of the document: probe helper-212 F7)
            judged_again = functools.partial(_judged_with, result, [fact for fact, _ in facts], timeout_s, seed)
            again = guarded(judged_again, "the step with the text's facts", None)[0] if alone else None
        if again is None and not alone and _with_definitions(result):
            # C''(a) judged with C's definition fails at a = 2; the text says 0 < a < 1: judged again with both
            facts = _stated_facts(context, set(point), result.line, end, own, equations=False, beyond=beyond, varying=varying)
            # a fact about a defined function ("so $C''(a) > 0$") is the text's conclusion, no condition on the point
            facts = [(f, said) for f, said in facts if not (isinstance(f.expr, sp.Basic) and f.expr.atoms(AppliedUndef, sp.Derivative))]
            with functions_named(*names):
                again = _judged_with(result, [fact for fact, _ in facts], timeout_s, seed, context)
        if again is not None:
            message = f"{again[1]}; assuming what the text states ({', '.join(s for _, s in facts)})"
            out[i] = dataclasses.replace(result, message=message, counterexample=again[2])
            continue
        message = f"{result.message}; not flagged: the counterexample breaks what the text states ({said})"
        out[i] = dataclasses.replace(result, status="undecided", message=message, counterexample=None)
    return out


_REJUDGED = frozenset({"=", "<", ">", "<=", ">=", "=>", "<=>"})  # the relations a step is judged again with


def _judged_alone(result: StepResult) -> bool:
    """Whether a step was judged on its own (no definition, recurrence or matrix reading), so it can be judged again."""
    if result.method in ("recurrence", "matrices") or "definition" in result.message or "context file" in result.message:
        return False
    return result.relation in _REJUDGED


def _judged_with(result: StepResult, facts: list[Parsed], timeout_s: float, seed: int, context: Context | None = None) -> tuple | None:
    """The step judged again with ``facts`` as assumptions, where it is ``wrong`` there (status, message,
    counterexample); None otherwise. With ``context``, the definitions in force on its line are substituted first
    (the message names them), and a step that uses none is not judged again."""
    try:
        left, right = parse(result.left), parse(result.right)
    except LatexError:
        return None
    used: list = []
    if context is not None:
        (left, used_left), (right, used_right) = (context.expand(p, result.line) for p in (left, right))
        used = list(dict.fromkeys(used_left + used_right))
        if not used:
            return None
    # a value the text states (a = 3) is put in: as an assumption, a name it leaves on one side only kept the step
    # undecided (q'(w) = 3w + b after q = (a/2) w^2 - bw, wrong at a = 3 too; review helper-145)
    values = {
        f.condition.lhs: f.condition.rhs
        for f in facts
        if isinstance(f.condition, sp.Equality) and isinstance(f.condition.lhs, sp.Symbol) and f.condition.rhs.is_number
    }
    if values:
        named = {s.name: v for s, v in values.items()}
        # (subs, never xreplace, into a derivative: d/dw (w - 3)^2 at w = 5 is the derivative taken there, no derivative
        # with respect to 5)
        left, right = (
            replace(p, expr=_put_in_values(p.expr, {s: named[s.name] for s in p.expr.free_symbols if s.name in named}))
            if isinstance(p.expr, sp.Basic)
            else p
            for p in (left, right)
        )
    what = "the step again in context" if context is not None else "the step again"
    judged, _ = guarded(lambda: _judge_step(left, result.relation, right, facts, timeout_s, seed, True), what, None)
    if judged is None or judged[0] != "wrong" or judged[2] is None:
        return None
    if values:  # the witness names the values put in too: a point a student can plug in whole (c = 4, then x)
        ce = judged[2]
        fresh = {s: v for s, v in values.items() if s.name not in ce.at}
        put = {s.name: int(v) if v.is_Integer else float(v) for s, v in fresh.items()}
        exact = {s.name: sp.latex(v) for s, v in fresh.items()}
        ce = dataclasses.replace(ce, at={**put, **ce.at}, exact={**exact, **ce.exact})
        judged = (judged[0], judged[1], ce, *judged[3:])
    if used:
        return (judged[0], f"with the definition of {', '.join(d.describe() for d in used)}, {judged[1]}", *judged[2:])
    return judged


# ``x^2 = 1 \Rightarrow x = 1, -1``: values listed after an equation's right side, with no relation of their own
_VALUE = r"[-+]?\s*[0-9A-Za-z\\{}^_./()]+"
_VALUES_AFTER = rf"\s*,\s*(?:\\[,;! ]|\s)*(?P<values>{_VALUE}(?:\s*,\s*{_VALUE})*)\s*(?:[.;]|\\\\|$)"


_MORE_INLINE_VALUES = re.compile(r"\$\s*,\s*(?P<more>\$[^$\n]{1,200}[=<>][^$\n]{0,200}\$(?:\s*,?\s*(?:or|and)?\s*\$[^$\n]{1,200}\$){0,8})")


# a condition that bounds (x \ge 0, x \in \mathbb{R}_{\ge 0}, x \in [0, 1]), not a kind (w \in \mathbb{R}^n says none)
_AN_ORDER = re.compile(r"<|>|\\(?:le|ge|leq|geq|lt|gt|neq?)(?![a-zA-Z])|\\mathbb\s*\{?\s*R\s*\}?\s*_|\\in\s*[\[(]")


def _a_piece(step: documents.Step, found: list[documents.Step]) -> bool:
    """Whether ``step`` is one of two or more equations of its display with the same left side, each under its own case."""
    same = [s for s in found if s.display == step.display and s.left.latex == step.left.latex and s.relation == "=" and s.assumptions]
    return len(same) >= 2 and len({s.assumptions for s in same}) >= 2


def _going_on(values: str, what: str) -> str:
    """The reason a conclusion that goes on after a comma ("$w = 1$, $b = 3$ or $b = -2$") is not judged whole."""
    return f"the conclusion goes on with more values after a comma ({values}): {what}"


def _inline_values_after(step: documents.Step, shown: list[documents.Display], context: Context) -> str:
    """The relations an inline conclusion goes on with after a comma ("we get $w = 1$, $b = 3$ or $b = -2$": b's values
    were never checked, and the step ok on w = 1 alone: review helper-155); '' where it goes on with none."""
    if step.kind not in ("implies", "solving") or step.display is None or not 0 <= step.display < len(shown):
        return ""
    if shown[step.display].environment != "inline" or not 0 < step.right.line <= len(context.lines):
        return ""
    text = context.lines[step.right.line - 1]
    at = text.rfind(f"{step.right.latex}$")  # (the conclusion comes after its premise, which may read alike)
    found = _MORE_INLINE_VALUES.match(text, at + len(step.right.latex)) if at >= 0 else None
    return f"{step.right.latex}, {found['more']}" if found else ""


def _values_listed_after(step: documents.Step, shown: list[documents.Display]) -> str:
    """The values listed after an implication's (or a solving step's) conclusion ``x = 1, -1`` ('' if none): the step
    read ``x = 1`` alone, flagged at x = -1, a solution the text gives too."""
    if step.kind not in ("implies", "solving") or step.display is None or not 0 <= step.display < len(shown):
        return ""
    if not re.fullmatch(r"\s*[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*", step.right.latex.split("=")[0]) or step.right.latex.count("=") != 1:
        return ""
    found = re.search(re.escape(step.right.latex) + _VALUES_AFTER, shown[step.display].latex)
    if found is None or re.search(r"[=<>]|\\(?:le|ge|leq|geq|ne|neq|in)(?![a-zA-Z])", found.group("values")):
        return ""
    return f"{step.right.latex}, {found.group('values').strip()}"


def _with_definitions(result: StepResult) -> bool:
    """Whether a step was judged with the document's definitions substituted (no recurrence or matrix reading)."""
    return result.method not in ("recurrence", "matrices") and "definition of" in result.message and result.relation in _REJUDGED


def _derivative_variables(result: StepResult) -> frozenset[str]:
    """The names a step differentiates by (w of dL/dw, \\partial_w, L'(w)'s w), as read; none where a side does not read."""
    try:
        sides = [parse(result.left).expr, parse(result.right).expr]
    except LatexError:
        return frozenset()
    found = {v for e in sides if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative) for v in d.variables}
    return frozenset(getattr(v, "name", str(v)) for v in found) | _derivative_names_written(result.left + " " + result.right)


def _derivative_names_written(text: str) -> frozenset[str]:
    """The variables of Leibniz derivatives as written (\\frac{dL}{dw}, \\frac{\\partial L}{\\partial w}: w), read as names."""
    leibniz = r"\\frac\s*\{\s*(?:d|\\partial)[^{}]*\}\s*\{\s*(?:d|\\partial)\s*([A-Za-z])\s*\}"
    return frozenset(m.group(1) for m in re.finditer(leibniz, text))


def _breaks(fact: Parsed, values: dict[str, Any]) -> bool:
    """Whether the point (values by name) makes a stated relation false (every name valued)."""
    condition = fact.condition
    try:
        held = condition.xreplace({s: values[s.name] for s in condition.free_symbols})
    except Exception:  # a relation SymPy cannot put the point in: nothing decided
        return False
    return held is sp.false


def _stated_facts(
    context: Context,
    names: set[str],
    line: int,
    end: int,
    own: list[str],
    equations: bool = False,
    beyond: bool = True,
    varying: frozenset[str] = frozenset(),
) -> list[tuple[Parsed, str]]:
    """What the text states about ``names`` (each with where): the number a name is given before ``line`` (in force
    there), and inequalities (``own``, from the display; inline math in the prose of the section up to the first line
    of text after ``end``, or up to ``end`` where not ``beyond`` it) with every name among ``names``."""
    facts: list[tuple[Parsed, str]] = []
    given: set[str] = set()  # the names a definition gives a number (their prose statement adds nothing)
    symbols = {s.name: s for s in context.quantities if isinstance(s, sp.Symbol)}
    for name in sorted(names & set(symbols)):
        definition = context.defined_before(symbols[name], line)
        if definition is not None and definition.expr.is_number and definition.expr.is_real:
            fact = Parsed(f"{name} = {sp.sstr(definition.expr)}", sp.Eq(symbols[name], definition.expr), "relation")
            shown_value = (definition.text or sp.sstr(definition.expr)).strip()
            facts.append((fact, f"{name} = {shown_value} (line {definition.said or definition.line})"))
            given.add(name)
    # a function's own variables (x of g(x)) take every value: "g is largest at $x = 1$" gives x no value; nor does "at
    # $w = 2$ the loss is 1" to a derivative by w (a worked example's point hid a wrong dL/dw; review helper-148)
    # (a withdrawn statement's arguments may be expressions, g(1 - p): their names; review helper-191 R3 crashed here)
    variables = {x.name for found in context.functions.values() for d in found for a in d.args or () for x in a.free_symbols} | set(varying)
    for name in sorted(names - given):
        # a number the prose gives a name ("with $h_0 = 0$", "Starting with $m_0 = 0$", "with $a = 3$", not as a case):
        # h_t = tanh(w h_{t-1} + u x_t) with h_0 = 0 flagged a right d h_2/dw at h_0 = 1 (probe helper-143)
        stated = context.initial_value(name, line) or (context.value_said(name, line) if name not in variables else None)
        if stated is not None and _superseded(context, symbols.get(name, sp.Symbol(name)), stated[1], line):
            continue  # "Let $v_1 = 0$", then sweeps that give v_1 new values: the start value no longer holds (helper-186 F10)
        if stated is not None and isinstance(stated[0], sp.Basic) and stated[0].is_number and stated[0].is_real:
            symbol = symbols.get(name, sp.Symbol(name))
            fact = Parsed(f"{name} = {sp.sstr(stated[0])}", sp.Eq(symbol, stated[0]), "relation")
            facts.append((fact, f"{name} = {sp.sstr(stated[0])} ({stated[1]})"))
            given.add(name)
    for name, condition, why in context.implied_at(line):
        # sqrt(4 sigma^2) = 2 sigma was flagged at sigma = -1, where sigma^2 is a declared variance
        if name.name in names:
            shown = sp.sstr(condition).replace("&", "and")
            facts.append((Parsed(shown, condition, "relation"), f"{shown}, {why}"))
    for math, number in context.stated_around(line, end, own, beyond):
        try:
            parsed = parse(math)
        except LatexError:
            continue
        if parsed.kind not in CONDITION_KINDS or not parsed.symbols or not all(s.name in names for s in parsed.symbols):
            continue
        condition = parsed.condition
        relations = condition.args if isinstance(condition, sp.And) else (condition,)
        if all(isinstance(r, sp.StrictLessThan | sp.StrictGreaterThan | sp.LessThan | sp.GreaterThan | sp.Unequality) for r in relations):
            # 0 < a < 1, a \in (0, 1), "where $x \neq 0$" (2wx = 0 => w = 0 was wrong at x = 0: probe helper-215 C2)
            facts.append((parsed, f"${math}$, line {number}"))
        elif (
            equations
            and isinstance(condition, sp.Eq)
            and isinstance(condition.lhs, sp.Symbol)
            and condition.rhs.is_number
            and (condition.lhs.name not in given)
            and not _superseded(context, condition.lhs, f"line {number}", line)
        ):
            # "The largest curvature is $\lambda_{\max} = 4$": a value, used only where the step is judged again with it
            # (it may be a worked example's: a step only refuted away from it is then undecided, never ok)
            facts.append((parsed, f"${math}$, line {number}"))
    return facts


_TRAILING_CONDITION = re.compile(
    r"(?:,|\\q?quad)\s*(?:\\q?quad\s*)?(?:\\text\s*\{\s*(?:for|if|when|where)\s*\}\s*)?([^,]*?(?:<|>|\\[lg]eq?(?![a-zA-Z])|\\in(?![a-zA-Z]))[^,]*)$"
)


def _contradictions_excused(
    context: Context, shown: list[documents.Display], found: list[documents.Step], results: list[StepResult]
) -> list[StepResult]:
    r"""An argument by contradiction writes a false relation on purpose ("we would get $$\frac{1}{2} = \frac{1}{3}$$
    which is false", "which does not hold"). The last relation of a display that the text around it calls a
    contradiction, absurd or false is never flagged (``undecided``, naming the words); the links before it are
    judged as usual (in ``|1 - 3| = 3 < 1``, a contradiction, the slip 2 = 3 is still ``wrong``)."""
    last = {step.display: i for i, step in enumerate(found) if step.kind != "rewrite"}
    out = list(results)
    for display, i in last.items():
        if out[i].status != "wrong":
            continue
        cue = context.contradiction_around(shown[display].line, shown[display].end_line, shown[display].latex)
        if cue:
            message = (
                f"{out[i].message}; not flagged: the text around it says it fails ({cue!r}): a false relation written "
                "on purpose (an argument by contradiction)"
            )
            out[i] = dataclasses.replace(out[i], status="undecided", message=message, counterexample=None)
    return out


def _listed_cases_withheld(
    context: Context, shown: list[documents.Display], found: list[documents.Step], results: list[StepResult]
) -> list[StepResult]:
    r"""A display after prose that lists its cases ("Case 1: $x < 0$. Case 2: $x \ge 0$. For case 1,") or denies a
    condition ("Since $x > 0$ fails here,"): which case it is in is not read, so no step about the cases' names is
    ``ok`` or ``wrong`` (``|x| + 3 = x + 3`` is right in one and wrong in the other); ``undecided``, naming them.
    Steps about other names keep their verdicts, and so does a step ``ok`` with a denied condition (never assumed)."""
    out = list(results)
    for i, step in enumerate(found):
        if out[i].status not in ("ok", "wrong"):
            continue
        line = shown[step.display].line
        listed, denied = context.cases_listed_at(line), context.denied_at(line)
        hypothetical = [c for c in context.hypothetical_at(line) if c not in listed]
        names = _names_of([step.left.latex, step.right.latex])
        if out[i].status == "wrong" and hypothetical and _names_of(hypothetical) & names:
            # "would flip the inequality if $\eta < 0$, but ...": never assumed, and whether the display is in that case
            # or the other is not read, so a failure is no verdict (an ok, judged without it, holds in either)
            why = f"the text says what would go wrong for {' and '.join(f'${c}$' for c in hypothetical)} before this display"
        elif not listed and (out[i].status == "ok" or _outside_all(denied, out[i].counterexample)):
            # judged without the denied condition (never assumed): ok holds in every case, and a failure where each
            # denied condition fails too is a failure in the case the text is in
            continue
        elif not (listed or denied) or not _names_of([*listed, *denied]) & names:
            continue
        elif listed:
            why = f"the text lists the cases {' and '.join(f'${c}$' for c in listed)} before this display"
        else:
            why = f"the text says {' and '.join(f'${c}$' for c in denied)} fails before this display"
        message = f"{why}, and which case it is in is not read ({out[i].message})"
        out[i] = dataclasses.replace(out[i], status="undecided", message=message, counterexample=None)
    return out


_RELATION_LATEX = {"<": "<", ">": ">", "<=": "\\le", ">=": "\\ge", "=": "="}


def _claim_of(step: documents.Step) -> Parsed:
    """A step of one of the relations of :data:`_RELATION_LATEX` read again as one statement (raises LatexError)."""
    return parse(f"{step.left.latex} {_RELATION_LATEX[step.relation]} {step.right.latex}")


def _generalised_judged(
    context: Context, shown: list[documents.Display], found: list[documents.Step], results: list[StepResult], timeout_s: float, seed: int
) -> list[StepResult]:
    r"""A step after "Assume $x > 0$ ... In general," (or "Without that restriction,") is judged without the assumption
    (:meth:`Context.generalised_at`): an ``ok`` holds in either reading, a failure inside the assumption too is
    ``wrong``; a failure only outside it says nothing of the case the text may still be in, so it is judged again
    under the assumption: ``wrong`` with a point inside it (``x + 1 = x + 2``), else ``undecided``."""
    out = list(results)
    for i, step in enumerate(found):
        general = context.generalised_at(shown[step.display].line) if out[i].status == "wrong" else []
        if not general or not _names_of(general) & _names_of([step.left.latex, step.right.latex]):
            continue
        if _inside_all(general, out[i].counterexample):
            continue
        again = None
        if step.relation in _RELATION_LATEX:
            try:
                again = check_statement(_claim_of(step), [parse(c) for c in general], seed=seed, timeout_s=min(timeout_s, 3.0))
            except (LatexError, TypeError, ValueError):
                again = None
        said = " and ".join(f"${c}$" for c in general)
        if again is not None and again.verdict is Verdict.REFUTED and again.counterexample is not None:
            message = f"{again.describe()} (it fails under {said} too, which the text may have dropped before this display)"
            out[i] = dataclasses.replace(out[i], message=message, counterexample=again.counterexample)
            continue
        why = f"the text may drop {said} before this display (it speaks in general terms), and the failure is outside it"
        out[i] = dataclasses.replace(out[i], status="undecided", message=f"{why} ({out[i].message})", counterexample=None)
    return out


def _solution_or_condition(
    shown: list[documents.Display], found: list[documents.Step], results: list[StepResult], timeout_s: float, seed: int
) -> list[StepResult]:
    r"""``$$2x + 1 > 5 \quad x > 3$$`` (after "Solve"): x > 3 is read as the condition the relation is stated under, and
    then it holds; it may as well be the writer's solution of it, and then it is wrong (x = 2.5 solves it). Where a
    display's one relation in one name, not true for every value, is followed by a condition on that name alone, an
    ``ok`` stands only if the condition is also exactly its solutions (``2x + 1 > 5 \quad x > 2``); else ``undecided``.
    An identity with its domain (``\sqrt{x^2} = x \quad x \ge 0``) is no equation to solve and keeps its verdict."""
    out = list(results)
    per_display = Counter(step.display for step in found)
    for i, step in enumerate(found):
        own = [a for a in step.assumptions if a not in shown[step.display].assumptions]
        if out[i].status != "ok" or per_display[step.display] != 1 or len(own) != 1 or step.relation not in _RELATION_LATEX:
            continue
        try:
            condition, claim = parse(own[0]), _claim_of(step)
        except (LatexError, TypeError, ValueError):
            continue
        if condition.kind not in CONDITION_KINDS or len(condition.symbols) != 1 or claim.symbols != condition.symbols:
            continue
        if step.relation == "=" or not _after_spacing_only(shown[step.display].latex, own[0]):
            continue  # |w| - 4 = w - 4 \quad (w > 0), "\text{for } x > 3": a condition as written, no solution
        if check_statement(claim, [], seed=seed, timeout_s=min(timeout_s, 2.0)).verdict in (Verdict.PROVED, Verdict.CONFIRMED):
            continue  # true for every value: the condition is its domain or a case, no solution
        solved = judge_implication(claim, condition, [], both_ways=True, seed=seed, timeout_s=min(timeout_s, 3.0))
        if solved.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
            continue
        said = f"${own[0]}$ after it may be its solution rather than a condition, and as its solution it is {solved.describe()}"
        out[i] = dataclasses.replace(out[i], status="undecided", message=f"{out[i].message}; but {said}", counterexample=None)
    return out


def _after_spacing_only(display: str, condition: str) -> bool:
    """Whether ``condition`` stands at the end of ``display`` after spacing or a comma alone (no parenthesis, no
    ``\\text{for}``)."""
    at = display.rfind(condition.strip())
    if at < 0:
        return False
    before = re.sub(r"(?:\\q?quad|\\[,;:! ]|~|,|\s)+$", "", display[:at])
    return before != display[:at].rstrip() and not re.search(r"(?:\(|\\left\s*\(|\[|\})\s*$", display[:at])


def _outside_all(conditions: list[str], counterexample: Counterexample | None) -> bool:
    """Whether every one of ``conditions`` (LaTeX) fails at the counterexample's point (False where one cannot be
    settled there, or there is no point)."""
    return _settled_at(conditions, counterexample, sp.false)


def _inside_all(conditions: list[str], counterexample: Counterexample | None) -> bool:
    """Whether every one of ``conditions`` (LaTeX) holds at the counterexample's point (False where one cannot be
    settled there, or there is no point)."""
    return _settled_at(conditions, counterexample, sp.true)


def _settled_at(conditions: list[str], counterexample: Counterexample | None, truth: Any) -> bool:
    if counterexample is None or not counterexample.at:
        return False
    try:
        point = {sp.Symbol(name): sp.nsimplify(value) for name, value in counterexample.at.items()}
        return all(parse(c).condition.xreplace(point) is truth for c in conditions)
    except Exception:  # a condition the point does not settle (another name, an unreadable value): not shown
        return False


def _names_of(texts: list[str]) -> set[str]:
    """The names the LaTeX ``texts`` use (a text that does not read adds none)."""
    names: set[str] = set()
    for text in texts:
        try:
            names |= {s.name for s in parse(text).symbols}
        except (LatexError, TypeError, ValueError):
            continue
    return names


def _rewrites_placed(results: list[StepResult]) -> list[StepResult]:
    """A rewrite (``X = A``, then ``X = B``: the step A = B) is reported on B's line, where the new claim is; and
    it is no step of its own where ``X = B`` got a verdict itself (X computable, as in ``\\frac{d}{dw} \\ln(1 +
    e^w) = \\sigma(w)`` then ``= \\sigma(-w)``): flagging A = B as well would mark the right line A wrong, and an
    undecided A = B beside that verdict says nothing more."""
    judged = {(r.line, r.right) for r in results if r.kind == "chain" and r.status in ("ok", "wrong")}
    unsettled = {r.line for r in results if r.kind == "chain" and r.status not in ("ok", "given")}
    out = []
    for r in results:
        if r.kind == "rewrite" and r.status == "wrong" and r.line in unsettled and r.line != r.right_line:
            # E[XY] = E[X]E[Y] = 1 (undecided), then E[XY] = E[X^2] = 2: the two lines disagree, and the slip may be the
            # earlier one's (it was; the right later line was flagged, probe helper-135)
            why = (
                f"{r.message}; not flagged: the value comes from line {r.line}, whose own steps are not all shown right, "
                f"so which of lines {r.line} and {r.right_line} holds the slip is not decided"
            )
            r = dataclasses.replace(r, status="undecided", message=why)
        if r.kind == "rewrite":
            r = dataclasses.replace(r, line=r.right_line)
            if r.status in ("ok", "wrong", "undecided") and (r.right_line, r.right) in judged:
                message = f"the display on line {r.right_line} is judged itself (its first step); this rewrite adds nothing"
                r = dataclasses.replace(r, status="given", message=message, counterexample=None)
        out.append(r)
    return out
