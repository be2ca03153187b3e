r"""Equations a document states as a system, solved, and the steps after them judged at the solution.

"The values satisfy the Bellman equations $$v_1 = 1 + 0.5 v_2$$ $$v_2 = 2 + 0.5 v_1$$" states a linear system in the
names its left sides write (here v_1 and v_2, or calls at numbers such as ``V(1)``); "so $$v_1 = \frac{8}{3}$$"
claims a value of its solution. Where the system, with the values the document gave its other names put in, has
exactly one solution x*, an equation E in its unknowns follows from the system if and only if E holds at x*: a
later step is ``ok`` where it holds there, and ``wrong`` where it fails, with x* as the point (it satisfies every
equation of the system, and not E). Without this reading such a display was an update of the name (``v = 1 + 0.5 v``,
"on both sides: an assignment") or a definition, and the claimed solution had nothing to be checked against.

What keeps the reading to the text's meaning (a false ``wrong`` is the worst defect):

- the system's displays follow prose that calls them equations ("satisfy", "equation", "system", "fixed point",
  "Bellman"), hold equations only, each with a name on its left, and at least one names an unknown on its right
  (a display of values, "gives $$v_1 = 8/3, v_2 = 10/3$$", is a claim, not a system); displays that follow with no
  prose between continue it;
- the system is linear in its unknowns, square, with a non-zero determinant, and numeric once the document's values
  are in (symbolic parameters are not solved for: the unique solution of a generic system may not exist at some
  parameter values);
- the steps judged are those the document left ``given`` or ``undecided``, in the same section, after the system and
  before the next one; none after prose about an iteration ("update", "iterate", "episode", "start", ...: value
  iteration or TD learning beside the equations computes other numbers), none after an unknown is given a value the
  system did not confirm (``v_1 = 3`` judged wrong is carried forward by the student: later steps use it), and a
  step is ``wrong`` only where one of its sides is an unknown as written, the claimed value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.evidence import Counterexample
from derivax.latex import Parsed
from derivax.limits import time_limit
from derivax.substitution import substituted

_SYSTEM_SAID = re.compile(r"\b(?:satisf\w*|equations?|system|fixed[\s-]+points?|bellman)\b", re.IGNORECASE)
# prose after which the text computes something else beside the equations: an iteration or an estimate (value iteration,
# a backup, TD learning, a rollout), another problem or a variant ("what if", "instead", "(b)", "now let"), a claim in
# general ("for any")
_ITERATING = re.compile(
    r"\b(?:updat\w*|iterat\w*|sweeps?|episodes?|sampl\w*|initiali[sz]\w*|start\w*|TD|learning|epochs?|guess\w*|simulat\w*|"
    r"backups?|operator|appl(?:y|ying|ied)|once|rollouts?|trajector\w*|estimat\w*|monte|steps?|pass|from|"
    r"any|general|arbitrary|every|all|instead|what\s+if|were|suppose|otherwise|alternatively|variant|now|new|other|another|"
    r"part|cases?|if|when)\b|\(\s*[a-z]\s*\)|\bproblem\s+\d",
    re.IGNORECASE,
)
# what the text says while it solves the system: a value it then claims is a claim about the solution
_SOLVING = re.compile(r"\b(?:solv\w*|solutions?)\b", re.IGNORECASE)
_CONNECTIVE = re.compile(r"[\s,.;:]*(?:(?:and|\\quad|\\qquad)[\s,.;:]*)*", re.IGNORECASE)
_JUDGED_RELATIONS = frozenset({"=", "approx", "<", "<=", ">", ">="})
_SOLVE_SECONDS = 2.0
_MAX_UNKNOWNS = 12


@dataclasses.dataclass(frozen=True)
class System:
    """The equations of one system: the step indices that state it, its unknowns and its solution (unknown -> value)."""

    steps: tuple[int, ...]
    lines: tuple[int, ...]
    solution: dict[Any, sp.Expr]
    end_line: int
    end: int  # the offset in the text where the system's last display ends
    formulas: dict[Any, Parsed]  # each unknown's right side as written (v_1 = 1 + 0.5 v_2: 1 + 0.5 v_2)
    parameters: frozenset = frozenset()  # names the document gave no value (gamma): the solution is in them

    def describe(self) -> str:
        where = ", ".join(str(n) for n in dict.fromkeys(self.lines))
        values = ", ".join(f"{u} = {v}" for u, v in self.solution.items())
        return f"the system on line{'s' if len(set(self.lines)) > 1 else ''} {where} (solved: {values})"


def _unknown(expr: Any) -> bool:
    """A name (``v_1``) or a call at numbers (``V(1)``, ``v_\\pi(2)``): what a system's left side solves for."""
    if isinstance(expr, sp.Symbol):
        return True
    return isinstance(expr, AppliedUndef) and all(a.is_number for a in expr.args)


def judged_at_solutions(
    context: Any,
    text: str,
    shown: list,
    found: list,
    results: list,
    parse_at: Callable[[str, int], Parsed | None],
    judge: Callable[[Parsed, str, Parsed], tuple],
) -> list:
    """``results`` with the steps after each system judged at its solution (see the module docstring).

    ``parse_at(latex, line)`` reads a side as the document reads it at that line (None where it does not read);
    ``judge(left, relation, right)`` judges a closed step as any other (status, message, counterexample, method), so
    the digits written set its tolerance."""
    if len(found) != len(results):
        return results
    out = list(results)
    spans = _spans(found)
    systems = _systems(context, text, shown, found, out, parse_at, spans)
    for at, system in enumerate(systems):
        for i in system.steps:  # a hypothesis the text states: never an update of a name, nor a definition
            message = f"one equation of {system.describe()}; the steps after it in this section are judged at that solution"
            out[i] = dataclasses.replace(out[i], status="given", message=message, counterexample=None)
        until = systems[at + 1].steps[0] if at + 1 < len(systems) else len(found)
        _judge_after(context, text, shown, found, out, system, until, parse_at, judge, spans)
    return out


_DELIMITERS = re.compile(r"\$\$|\\\[|\\\]|\\begin\{[^{}]*\}|\\end\{[^{}]*\}")


def _spans(found: list) -> dict[int, tuple[int, int]]:
    """Where each display's relations start and end in the document's text (character offsets)."""
    spans: dict[int, tuple[int, int]] = {}
    for step in found:
        start, end = step.left.at, step.right.at + len(step.right.latex)
        old = spans.get(step.display, (start, end))
        spans[step.display] = (min(old[0], start), max(old[1], end))
    return spans


def _prose(text: str, start: int, end: int) -> str:
    """The document's text between two offsets, without the delimiters of displays."""
    return _DELIMITERS.sub(" ", text[max(0, start) : max(0, end)])


def _systems(
    context: Any, text: str, shown: list, found: list, results: list, parse_at: Callable, spans: dict[int, tuple[int, int]]
) -> list[System]:
    by_display: dict[int, list[int]] = {}
    for i, step in enumerate(found):
        by_display.setdefault(step.display, []).append(i)
    systems: list[System] = []
    group: list[int] = []
    previous_end = 0
    for d, display in enumerate(shown):
        if display.environment == "inline":
            continue
        members = by_display.get(d, [])
        if not members:
            continue
        prose = _prose(text, previous_end, spans[d][0])
        previous_end = spans[d][1]
        shaped = bool(members) and all(_equation_shaped(found[i], results[i], found, members) for i in members)
        if shaped and group and _CONNECTIVE.fullmatch(prose):
            group += members
            continue
        if group:
            system = _solved(context, found, results, group, parse_at)
            if system is not None:
                systems.append(system)
            group = []
        if shaped and _SYSTEM_SAID.search(prose[-300:]):
            group = list(members)
    if group:
        system = _solved(context, found, results, group, parse_at)
        if system is not None:
            systems.append(system)
    return systems


def _equation_shaped(step: Any, result: Any, found: list, members: list[int]) -> bool:
    """One equation with a name on its left, alone in its row (no link of a chain), that the document left unjudged."""
    if step.relation != "=" or result.status not in ("given", "undecided"):
        return False
    # V_1 = V_1 + 0.1(1 + 0.5 V_2 - V_1), w = w - 0.1(0.1 w + 1): an update written as its old value plus a change (TD(0),
    # SGD), never a fixed point to solve for (review helper-203 R5)
    name = re.escape(step.left.latex.strip())
    if re.match(rf"\s*{name}\s*[-+]", step.right.latex):
        return False
    sides = [found[i].left.occurrence for i in members] + [found[i].right.occurrence for i in members]
    return sides.count(step.left.occurrence) == 1 and sides.count(step.right.occurrence) == 1


def _solved(context: Any, found: list, results: list, group: list[int], parse_at: Callable) -> System | None:
    equations, unknowns, referring, formulas, parameters = [], [], False, {}, set()
    for i in group:
        step = found[i]
        left, right = parse_at(step.left.latex, step.left.line), parse_at(step.right.latex, step.right.line)
        if left is None or right is None or not _unknown(left.expr) or not isinstance(right.expr, sp.Expr):
            return None
        equations.append((left.expr, right.expr, step.left.line))
        if left.expr not in unknowns:
            unknowns.append(left.expr)
            formulas[left.expr] = right
    if len(unknowns) != len(equations) or len(unknowns) > _MAX_UNKNOWNS:
        return None
    stand_in = {u: sp.Dummy(f"u{k}") for k, u in enumerate(unknowns)}
    rows = []
    for left, right, line in equations:
        # the document's values of its other names put in (gamma = 0.5), never its values of the unknowns
        difference = _with_values(context, (left - right).xreplace(stand_in), line)
        if difference is None:
            return None
        parameters |= {s for s in difference.free_symbols if not isinstance(s, sp.Dummy)}
        referring = referring or bool(set(stand_in.values()) & right.xreplace(stand_in).free_symbols)
        rows.append(difference)
    if not referring or not _cyclic(equations, unknowns):
        return None  # h = wx, y = vh: definitions in order (a forward pass), no system to solve (review helper-203 R6)
    try:
        with time_limit(_SOLVE_SECONDS):
            matrix, constants = sp.linear_eq_to_matrix(rows, list(stand_in.values()))
            if sp.simplify(matrix.det()) == 0:
                return None
            values = [sp.nsimplify(v) if v.is_Float else sp.factor(sp.cancel(v)) for v in matrix.LUsolve(constants)]
    except Exception:  # nonlinear, too slow, or any SymPy failure: no system reading, the steps stay as they were
        return None
    solution = dict(zip(unknowns, values, strict=True))
    lines = tuple(found[i].left.line for i in group)
    end = max(found[i].right.at + len(found[i].right.latex) for i in group)
    return System(tuple(group), lines, solution, max(found[i].right.line for i in group), end, formulas, frozenset(parameters))


def _cyclic(equations: list[tuple], unknowns: list) -> bool:
    """Whether some unknown depends on itself through the equations (v = 1 + 0.5v; v_1 on v_2 and v_2 on v_1)."""
    needs = {left: {u for u in unknowns if right.has(u)} for left, right, _ in equations}
    for start in unknowns:
        seen, todo = set(), list(needs.get(start, ()))
        while todo:
            u = todo.pop()
            if u == start:
                return True
            if u not in seen:
                seen.add(u)
                todo += needs.get(u, ())
    return False


def _with_values(context: Any, expr: sp.Expr, line: int) -> sp.Expr | None:
    """``expr`` with the numbers the document gave its names by ``line`` put in (a name given none stays a name); None
    where a call or a derivative is left, or a name is defined by a formula (which the reading does not follow)."""
    if expr.atoms(AppliedUndef, sp.Derivative):
        return None
    values = {}
    for name in expr.free_symbols - expr.atoms(sp.Dummy):
        definition = context.defined_before(name, line)
        value = getattr(definition, "expr", None) if definition is not None else None
        said = context.value_said(name.name, line) if value is None else None  # "with $\gamma = 0.9$"
        value = said[0] if said is not None else value
        if value is None:
            continue
        if not isinstance(value, sp.Expr) or not value.is_number:
            return None
        values[name] = value
    return expr.xreplace(values)


def _judge_after(
    context: Any,
    text: str,
    shown: list,
    found: list,
    out: list,
    system: System,
    until: int,
    parse_at: Callable,
    judge: Callable,
    spans: dict[int, tuple[int, int]],
) -> None:
    section = context.section(system.end_line)
    confirmed: set[int] = set()
    stand_in = {u: sp.Dummy() for u in system.solution}
    solved_with = _equations_at(context, system, found, parse_at, stand_in)
    for i in range(system.steps[-1] + 1, until):
        step, result = found[i], out[i]
        line = step.left.line
        if context.section(line) != section:
            return
        prose = _prose(text, system.end, spans[step.display][0])
        if _ITERATING.search(prose):
            return  # value iteration or TD learning beside the equations computes other numbers
        carried = any(_valued_after(context, u, system, line, confirmed) for u in system.solution)
        if carried or _prose_gives_another_value(prose, system, line, parse_at):
            return  # the student carries a value the system did not confirm ("with $v_2 = 0$"): later steps use it
        if _revalued(context, system, found, line, parse_at, stand_in, solved_with) or context.assumptions_at(shown[step.display].line):
            return  # a parameter given another value since ("with $\gamma = 0.9$"), or a case stated for the display
        if result.status not in ("given", "undecided") or step.relation not in _JUDGED_RELATIONS:
            continue
        if "superscript may number an iterate" in result.message or result.message.startswith("not judged"):
            continue
        verdict = _at_solution(context, step, system, parse_at, judge)
        if verdict is None:
            continue
        status, message, counterexample, method, read_as, bare = verdict
        if status == "ok":
            out[i] = dataclasses.replace(result, status="ok", message=message, method=method, read_as=read_as, counterexample=None)
            confirmed.add(line)
        elif status == "wrong" and bare and _SOLVING.search(prose) and not _swept(step, system, parse_at):
            # (a value written with no word of solving between, v_1 = 1 + 0.5 \cdot 0 = 1, may be a sweep by hand)
            out[i] = dataclasses.replace(
                result, status="wrong", message=message, method=method, read_as=read_as, counterexample=counterexample
            )
            return  # the student's value is carried from here on: a slip is flagged where it is made


def _prose_gives_another_value(prose: str, system: System, line: int, parse_at: Callable) -> bool:
    """Whether the prose gives an unknown a value other than the solution's in a sentence ("with $v_2 = 0$")."""
    for inline in re.findall(r"\$([^$]{1,200})\$", prose):
        parsed = parse_at(inline, line) if "=" in inline else None
        relation = parsed.expr if parsed is not None else None
        if isinstance(relation, sp.Eq) and relation.lhs in system.solution and relation.rhs.is_number:
            if sp.simplify(relation.rhs - system.solution[relation.lhs]) != 0:
                return True
    return False


def _swept(step: Any, system: System, parse_at: Callable) -> bool:
    r"""Whether a claimed value is its unknown's equation with other numbers put in for the unknowns (``v_1 = 1 + 0.5
    \cdot 0`` for ``v_1 = 1 + 0.5 v_2``): one sweep of value iteration by hand, not a claimed solution."""
    left = parse_at(step.left.latex, step.left.line)
    right = parse_at(step.right.latex, step.right.line)
    formula = system.formulas.get(left.expr) if left is not None else None
    if formula is None or right is None:
        return False
    try:
        _, put, _ = substituted(formula, right, lambda name: None)
    except Exception:  # no alignment read: not known to be a sweep
        return False
    return put is not None and any(
        str(u) == name and sp.simplify(value - system.solution[u]) != 0 for u in system.solution for name, (_, value) in put.values.items()
    )


def _equations_at(context: Any, system: System, found: list, parse_at: Callable, stand_in: dict, line: int | None = None) -> list | None:
    """The system's equations as differences, the unknowns replaced by ``stand_in``, with the values in force at
    ``line`` put in (at each equation's own line where None: the values it was solved with); None where one is not
    read or a value is not a number."""
    out = []
    for i in system.steps:
        step = found[i]
        left, right = parse_at(step.left.latex, step.left.line), parse_at(step.right.latex, step.right.line)
        if left is None or right is None:
            return None
        out.append(_with_values(context, (left.expr - right.expr).xreplace(stand_in), step.left.line if line is None else line))
        if out[-1] is None:
            return None
    return out


def _revalued(context: Any, system: System, found: list, line: int, parse_at: Callable, stand_in: dict, solved_with: list | None) -> bool:
    """Whether the system's equations, with the values in force at ``line``, differ from those it was solved with."""
    now = _equations_at(context, system, found, parse_at, stand_in, line)
    if solved_with is None or now is None:
        return True
    return any(sp.simplify(then - later) != 0 for then, later in zip(solved_with, now, strict=True))


def _valued_after(context: Any, unknown: Any, system: System, line: int, confirmed: set[int]) -> bool:
    definition = context.defined_before(unknown, line)
    return definition is not None and definition.line > system.end_line and definition.line not in confirmed


def _at_solution(context: Any, step: Any, system: System, parse_at: Callable, judge: Callable) -> tuple | None:
    left, right = parse_at(step.left.latex, step.left.line), parse_at(step.right.latex, step.right.line)
    if left is None or right is None or not isinstance(left.expr, sp.Expr) or not isinstance(right.expr, sp.Expr):
        return None
    used = [u for u in system.solution if left.expr.has(u) or right.expr.has(u)]
    if not used:
        return None
    put = [_with_values(context, side.expr.xreplace(system.solution), step.left.line) for side in (left, right)]
    if put[0] is None or put[1] is None:
        return None
    names = (put[0].free_symbols | put[1].free_symbols) - system.parameters
    if names:
        return None  # a name the system does not solve for, nor has as a parameter: no reading of what is claimed
    at_left, at_right = dataclasses.replace(left, expr=put[0]), dataclasses.replace(right, expr=put[1])
    try:
        status, message, _, method = judge(at_left, step.relation, at_right)[:4]
    except Exception:
        return None
    if status not in ("ok", "wrong") or (status == "wrong" and system.parameters):
        # a failure at some value of a parameter (gamma = 2) may lie where the system is singular, or outside what the
        # text assumes of it (0 < gamma < 1): with parameters only a step that holds is judged
        return None
    said = system.describe()
    read_as = f"{at_left.read_as} {step.relation} {at_right.read_as} (the solution put in)"
    bare = _unknown(left.expr) or _unknown(right.expr)
    if status == "ok":
        return "ok", f"follows from {said}: it holds at that solution, {message}", None, method, read_as, bare
    point = {str(u): value for u, value in system.solution.items()}  # the whole solution: a point of the system
    counterexample = Counterexample(
        at={name: float(value) for name, value in point.items()},
        lhs=float(put[0]) if put[0].is_number else str(put[0]),
        rhs=float(put[1]) if put[1].is_number else str(put[1]),
        note=f"the solution of {said.split(' (solved')[0]}: it satisfies every one of them, and not this step",
        exact={name: sp.latex(value) for name, value in point.items()},
    )
    message = f"does not follow from {said}: at that solution {message}"
    return "wrong", message, counterexample, method, read_as, bare
