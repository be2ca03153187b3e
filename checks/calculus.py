r"""Derivatives as derivax reads them: every symbol real, and no value where the function has a kink.

SymPy differentiates a symbol it does not know to be real in the complex sense (:math:`\frac{d}{dx}|x|` comes
out with ``re(x)`` and ``im(x)``), and it gives a piecewise function's derivative a value at the points where
its cases meet (``Heaviside(0) = 1/2`` for :math:`\frac{d}{dx}\max(x, 0)`, 0 for ReLU at 0). There the
derivative does not exist, and a student who writes 1 for :math:`x \ge 0` is as right as one who writes 1 for
:math:`x > 0`: so the derivative is undefined (NaN) at such points, and the kernel, which compares two sides
only where both are defined, never judges a step there.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> derivative_done(sp.Derivative(sp.Abs(x), x))
Piecewise((sign(x), Ne(x, 0)), (nan, True))
>>> derivative_done(sp.Derivative(x**3, x))
3*x**2
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = [
    "ENTRY",
    "FUNCTION_GREEK",
    "bound_letters",
    "conditions_of_each_entry",
    "dependence_declared",
    "derivative_done",
    "derivatives_done",
    "kinked_derivative",
    "of_family_alone",
    "rules_applied",
    "writes_derivatives",
]


def _kinks(expr: Any, variables: set[sp.Symbol]) -> list[Any]:
    """Expressions that vanish where ``expr`` may have no derivative in ``variables``: where the cases of a
    piecewise function meet, the argument of an absolute value, sign or step, the two sides of a max or min."""
    found: list[Any] = []
    for piecewise in expr.atoms(sp.Piecewise):
        found += [c.lhs - c.rhs for _, c in piecewise.args if isinstance(c, sp.core.relational.Relational)]
    found += [f.args[0] for f in expr.atoms(sp.Abs, sp.sign, sp.Heaviside)]
    for extreme in expr.atoms(sp.Max, sp.Min):
        found += [a - b for i, a in enumerate(extreme.args) for b in extreme.args[i + 1 :]]
    return [k for k in dict.fromkeys(found) if k.free_symbols & variables]


# An entry of an indexed family as derivax.latex names it: z_j, x_2, a_k__L (a_k^L): stem, a one-letter or
# numeric index, a layer label. (derivax.context uses it for families the document defines.)
# The opaque operators derivax.latex reads over an index range the text does not state (\sum_k as SumOver(body, k),
# \max_i as MaxOver(body, i)), each with how derivax.indices combines its instances once the range is known.
OVER_RANGE = {"SumOver": sp.Add, "ProductOver": sp.Mul, "MaxOver": sp.Max, "MinOver": sp.Min, "SupOver": sp.Max, "InfOver": sp.Min}
ENTRY = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*(?:_(?:hat|bar|tilde|check|vec|dot|ddot))?)_(?P<idx>[a-z]|\d+)(?P<label>__\w+)?")


def _other_entries(derivative: sp.Derivative) -> bool:
    """Whether the body has another entry of the family of a variable (e^{z_k} by z_j, or theta_0 + theta_1 x by
    theta_j): which one it is depends on whether k = j (j = 0), which the names alone do not say."""
    for variable in derivative.variables:
        if isinstance(variable, sp.Indexed) and isinstance(variable.base.label, sp.Symbol):
            # by x[j] (a sum's entry) of x_1 + x_2: the entries named by number are x[1], x[2] under other names
            stem = variable.base.label.name
            if any((found := ENTRY.fullmatch(s.name)) and (found["stem"], found["label"]) == (stem, None) for s in _named(derivative.expr)):
                return True
            continue
        wanted = ENTRY.fullmatch(getattr(variable, "name", ""))
        if wanted is None or not wanted["idx"].isalpha():
            continue
        for symbol in derivative.expr.free_symbols:
            found = ENTRY.fullmatch(getattr(symbol, "name", ""))
            same_family = found is not None and (found["stem"], found["label"]) == (wanted["stem"], wanted["label"])
            if same_family and found["idx"] != wanted["idx"]:
                return True
    return False


def _named(expr: Any) -> set[sp.Symbol]:
    return {s for s in expr.free_symbols if isinstance(s, sp.Symbol)}


def _indexed_entries(derivative: sp.Derivative) -> Any:
    r"""A derivative by an entry ``z_1`` of a family that its body holds as ``z[k]`` (a sum's terms): taken by the
    entry ``z[1]``, the sums with numeric ranges written out, and the entries ``z[2]`` named back ``z_2`` (as the
    answer ``2 z_1`` names them). By ``z_1``, the symbol, d/dz_1 \sum_{k=1}^3 z_k^2 was 0: ``equiv`` found it equal
    to 0. None where no variable is such an entry; an opaque ``d_wrt`` where the result is not that simple (an
    index j, a range of n terms): which entry z_j is, the names alone do not say."""
    bases = {i.base.label.name for i in derivative.expr.atoms(sp.Indexed) if isinstance(i.base.label, sp.Symbol)}
    entries = {}
    for variable in derivative.variables:
        found = ENTRY.fullmatch(getattr(variable, "name", ""))
        if found is not None and found["stem"] in bases and not found["label"]:
            entries[variable] = found
    if not entries:
        return None
    opaque = sp.Function("d_wrt")(derivative.expr, *derivative.variables)
    if any(not found["idx"].isdigit() or found["idx"] != str(int(found["idx"])) for found in entries.values()):
        return opaque  # z_j (which entry?), z_{01} (not the name z_1 the result would give it)
    by_entry = {v: sp.Indexed(sp.IndexedBase(found["stem"]), int(found["idx"])) for v, found in entries.items()}
    body = derivative.expr.xreplace(by_entry)
    result = sp.Derivative(body, *[(by_entry.get(v, v), n) for v, n in derivative.variable_count]).doit()
    if result.has(sp.Sum, sp.Piecewise, sp.KroneckerDelta) or any(not i.indices[0].is_Integer for i in result.atoms(sp.Indexed)):
        return opaque
    named = {i: entry_symbol(i.base.label.name, i.indices[0], i.is_commutative) for i in result.atoms(sp.Indexed) if len(i.indices) == 1}
    if len(named) != len(result.atoms(sp.Indexed)):
        return opaque
    return result.xreplace(named)


_WRITTEN_OUT_AT_MOST = 50  # terms of a sum written out entry by entry


def entry_symbol(base: str, index: Any, commutative: bool = True) -> sp.Symbol:
    """The symbol the text writes for entry ``index`` of the family ``base``: ``x_1`` of x, and ``x__1`` (``x^{(1)}``,
    the first example) of the label family ``x__`` (it was ``x___1``, another name: a true sum was refuted)."""
    # (a vector's entry keeps its order in products: x_i^T x_i written out commuted, and an inner product was proved
    # equal to an outer one: review helper-154)
    if base.endswith("__"):
        return sp.Symbol(f"{base}{index}", commutative=commutative)
    stem, marked, mark = base.partition("__")  # w__star (w_i^*): entry w_1__star, as the text writes w_1^*
    return sp.Symbol(f"{stem}_{index}__{mark}" if marked else f"{base}_{index}", commutative=commutative)


def sums_written_out(expr: Any) -> Any:
    r"""``expr`` with each sum over a numeric range of at most 50 terms whose body indexes a family by the sum's letter
    written out, and the entries named as the text names them (``\sum_{i=1}^3 x_i^2`` is ``x_1^2 + x_2^2 + x_3^2``, the
    very symbols ``x_1, x_2, x_3`` written beside it); ``expr`` itself where none is, or an entry stays unnamed."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Indexed):
        return expr
    expr = _over_a_set_written_out(expr)
    if not expr.has(sp.Sum):
        return expr
    changed = {}
    for total in expr.atoms(sp.Sum):
        if len(total.limits) != 1:
            continue
        index, low, high = total.limits[0]
        if not (low.is_Integer and high.is_Integer and 0 <= high - low < _WRITTEN_OUT_AT_MOST):
            continue
        if not any(index in entry.indices for entry in total.function.atoms(sp.Indexed)):
            continue
        # term by term, and the entries named before anything in a term is worked out: d/dx[1] of x_1 + x_2 was 0
        # (x[1] is not the symbol x_1), so \sum_{j=1}^2 \frac{\partial}{\partial x_j}(x_1 + x_2) = 0 was proved
        terms = [sums_written_out(total.function.subs(index, value)) for value in range(int(low), int(high) + 1)]
        entries = set().union(*(term.atoms(sp.Indexed) for term in terms)) if terms else set()
        if any(len(e.indices) != 1 or not e.indices[0].is_Integer or e.indices[0] < 0 for e in entries):
            continue
        named = {e: entry_symbol(e.base.label.name, e.indices[0], e.is_commutative) for e in entries}
        changed[total] = sp.Add(*[term.xreplace(named) for term in terms])
    return expr.xreplace(changed) if changed else expr




def _over_a_set_written_out(expr: Any) -> Any:
    r"""``\max_{a \in \{1, 2\}} q_a`` (MaxOver(q[a], a, Eq(a, 1) | Eq(a, 2))) as Max(q_1, q_2): a max, min or sum over a
    set of whole numbers written out, as over a numeric range. It was instantiated over 1..n, and at n = 1 a true
    statement about the two actions was refuted (probe helper-197 F22)."""
    changed = {}
    for node in expr.atoms(AppliedUndef):
        name = node.func.__name__
        if name not in OVER_RANGE or len(node.args) != 3 or not isinstance(node.args[1], sp.Symbol):
            continue
        body, index, condition = node.args
        cases = condition.args if isinstance(condition, sp.Or) else (condition,)
        if not all(isinstance(c, sp.Eq) and index in c.args and any(a.is_Integer for a in c.args) for c in cases):
            continue
        values = sorted({int(next(a for a in c.args if a.is_Integer)) for c in cases})
        terms = [body.xreplace({index: sp.Integer(v)}) for v in values]
        entries = set().union(*(term.atoms(sp.Indexed) for term in terms))
        if any(len(e.indices) != 1 or not e.indices[0].is_Integer or e.indices[0] < 0 for e in entries):
            continue
        named = {e: entry_symbol(e.base.label.name, e.indices[0], e.is_commutative) for e in entries}
        changed[node] = OVER_RANGE[name](*[term.xreplace(named) for term in terms])
    return expr.xreplace(changed) if changed else expr


_ONE_ENTRY = frozenset("nm")  # x_n, x_m: the last entry (n its count), never each (x_t, x_s, x_a: the current one, each)


def conditions_of_each_entry(exprs: list[Any], conditions: list[Any], within_sums: bool = False) -> list[Any]:
    r"""``conditions`` with each condition on one family's entries at one generic index letter (i, j, k, l: ``p_i > 0``,
    ``0 < p_i < 1``) stated for every numbered entry of that family that ``exprs`` name once their numeric sums are
    written out (:func:`sums_written_out`): ``p_1 > 0, p_2 > 0, p_3 > 0`` for ``\sum_{i=1}^3 p_i``. ``within_sums``: only
    for the entries a numeric sum over that letter runs over (``p_i \ge 0``, recorded where ``\sqrt{p_i}`` is written
    inside ``\sum_{i=2}^3``, says nothing of p_1). Not where the letter is a free index of ``exprs`` (p_i is then a name
    of the step) or is named by another condition (``i = 2``: one entry); an equation tying two families (``y_i = x_i +
    1``) holds entry by entry, an inequality (``p_i > q_i``) is not spread. Each condition is kept as it was too.
    Without it, ``\sum_{i=1}^3 p_i > 0`` under ``p_i > 0`` was
    refuted at p = 0, and ``\sum_{i=1}^2 \sqrt{p_i}^2 \ge 0`` at p_2 = -1, where it has no value (probe helper-137)."""
    def at_a_letter(symbol: Any) -> bool:
        found = ENTRY.fullmatch(getattr(symbol, "name", ""))
        return found is not None and found["idx"].isalpha() and not found["label"]

    if not any(isinstance(c, sp.Basic) and any(at_a_letter(s) for s in c.free_symbols) for c in conditions):
        return conditions  # nothing to spread: the sums are not written out (every check's path)
    numbered: dict[str, set[int]] = {}
    letters_free: set[str] = set()
    ranges: dict[str, set[int]] = {}  # letter -> the numbers numeric sums over it run through
    for expr in exprs:
        if not isinstance(expr, sp.Basic):
            continue
        for total in expr.atoms(sp.Sum):
            for index, low, high in (limit for limit in total.limits if len(limit) == 3):
                if low.is_Integer and high.is_Integer and 0 <= high - low < _WRITTEN_OUT_AT_MOST:
                    ranges.setdefault(index.name, set()).update(range(int(low), int(high) + 1))
        for symbol in sums_written_out(expr).free_symbols | expr.free_symbols:
            found = ENTRY.fullmatch(getattr(symbol, "name", ""))
            if found is None or found["label"]:
                letters_free |= {symbol.name} if isinstance(symbol, sp.Symbol) and len(symbol.name) == 1 else set()
            elif found["idx"].isdigit():
                numbered.setdefault(found["stem"], set()).add(int(found["idx"]))
            else:
                letters_free.add(found["idx"])
    named = {s.name for c in conditions if isinstance(c, sp.Basic) for s in c.free_symbols}
    # an entry another assumption names is one of the family's too: \pi_k \ge 0 holds of the \pi_2 of \pi_1 + \pi_2 = 1
    # (it was refuted at \pi_2 = -1 for \pi_1 \le 1: probe helper-199 F11)
    for condition in conditions:
        # (a sum over a numeric range names its terms: \pi_1, \pi_2 of \sum_{k=1}^3 \pi_k = 1, review helper-200 R8)
        for symbol in sums_written_out(condition).free_symbols if isinstance(condition, sp.Basic) else ():
            found = ENTRY.fullmatch(getattr(symbol, "name", ""))
            if found is not None and not found["label"] and found["idx"].isdigit():
                numbered.setdefault(found["stem"], set()).add(int(found["idx"]))
    out = list(conditions)
    for condition in conditions:
        if not isinstance(condition, sp.Basic):
            continue
        entries = {}
        for symbol in condition.free_symbols:
            found = ENTRY.fullmatch(getattr(symbol, "name", ""))
            if found is not None and not found["label"] and found["idx"].isalpha():
                entries[symbol] = (found["stem"], found["idx"])
        letters = {letter for _, letter in entries.values()}
        stems = {stem for stem, _ in entries.values()}
        # (x_t, x_n, x_s stand for each entry too where the statement names no t: \alpha_t \ge 0 of \alpha_1 + \alpha_2 \ge 0
        # was refuted at alpha_2 = -1, probe helper-197 F37; where it writes t, x_t is the current entry, one name)
        if len(letters) != 1 or not stems or letters & (letters_free | named | _ONE_ENTRY):
            continue
        if len(stems) > 1 and not isinstance(condition, sp.Equality):
            continue  # p_i > q_i: entry by entry, sampling the tied domains confirmed p_1 + p_2 > q_1 + q_2 + 1
        (letter,) = letters
        # an equation tying two families (y_i = x_i + 1, s_i = e^{z_i}/Z) holds entry by entry too: left out, y_1 + y_2 =
        # x_1 + x_2 + 2 was refuted at y = 0 (probe helper-168); it is solved for the entries, as any assumed equation
        written = set().union(*(numbered.get(stem, set()) for stem in stems))
        numbers = written & (ranges.get(letter, set()) if within_sums else written)
        out += [condition.xreplace({s: entry_symbol(stem, k) for s, (stem, _) in entries.items()}) for k in sorted(numbers)]
    return out


def derivative_done(derivative: sp.Derivative) -> Any:
    """``derivative`` taken with its symbols real, undefined (NaN) where its body has a kink in its variables;
    an opaque ``d_wrt(body, variable)`` where the body holds another entry of a variable's family (d e^{z_k} / dz_j
    is 0 or e^{z_j} as k differs from j or not); by an entry of a family the body indexes, see :func:`_indexed_entries`."""
    if _other_entries(derivative):
        return sp.Function("d_wrt")(derivative.expr, *derivative.variables)  # opaque: never 0 by the names
    by_entries = _indexed_entries(derivative)
    if by_entries is not None:
        return by_entries
    real = _real_symbols(derivative)
    back = {d: s for s, d in real.items()}
    body = derivative.xreplace(real)
    if body.expr.has(sp.Sum, sp.Integral):
        # term by term: doit() first takes the sum's closed form, piecewise in x (x = 1 for sum_k x^k), and the
        # constant case differentiates to 0 there (d/dx sum_{k=0}^n x^k = sum_k k x^{k-1} was refuted at x = 1);
        # an integral by Leibniz's rule, under the sign, for the same reason (d/da int_0^1 e^{ax} dx was 0 at a = 0)
        result = body.expr.diff(*body.variable_count).xreplace(back)
    else:
        result = body.doit().xreplace(back)
    kinks = _real_kinks(body, back)
    if not kinks:
        return result
    return sp.Piecewise((result, sp.And(*[sp.Ne(k, 0) for k in kinks])), (sp.nan, True))


def kinked_derivative(expr: Any) -> bool:
    """Whether ``expr`` holds a derivative whose body has a kink in its variables (derivax gives it no value there)."""
    if not isinstance(expr, sp.Basic):
        return False
    for node in expr.atoms(sp.Derivative):
        real = _real_symbols(node)
        if _real_kinks(node.xreplace(real), {d: s for s, d in real.items()}):
            return True
    return False


def _real_symbols(derivative: sp.Derivative) -> dict:
    """A real dummy for each symbol of the derivative not known to be real: it is taken with its symbols real."""
    return {s: sp.Dummy(s.name, real=True) for s in derivative.free_symbols if isinstance(s, sp.Symbol) and s.is_real is None}


def _real_kinks(body: sp.Derivative, back: dict) -> list[Any]:
    r""":func:`_kinks` of a derivative whose symbols were made real (``back`` undoes that), as it is differentiated:
    \sqrt{x^2} is |x| then (its derivative at 0 was sign(0) = 0, so d/dx \sqrt{x^2} at 0 = 0 was proved)."""
    variables = {v for v in body.variables if isinstance(v, sp.Symbol)}
    return [k.xreplace(back) for k in _kinks(body.expr, variables)]


def derivatives_done(expr: Any) -> Any:
    """Every derivative in ``expr`` taken as :func:`derivative_done` takes it (innermost first)."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Derivative):
        return expr
    return expr.replace(lambda e: isinstance(e, sp.Derivative), derivative_done)


def bound_letters(body: Any) -> set[sp.Symbol]:
    """The letters a body's sums and products bind, over a stated range (``Sum``) or an unstated one (``SumOver(body,
    k, ...)``, and ``MaxOver`` of ``\\max_k``: its index names, a condition such as k != j aside)."""
    opaque = [f for f in body.atoms(AppliedUndef) if f.func.__name__ in OVER_RANGE]
    bound = {a for f in opaque for a in f.args[1:] if isinstance(a, sp.Symbol)}
    return bound | {limit[0] for loop in body.atoms(sp.Sum, sp.Product) for limit in loop.limits}


def of_family_alone(body: Any, variable: sp.Symbol) -> bool:
    """Whether ``body`` is a function of ``variable``'s family alone (o_k: the entries o_i, o[j] and the letters that
    index them or are bound), so that d/d(variable) of it is defined without knowing how anything else depends on it."""
    part = ENTRY.fullmatch(variable.name)
    stem = part["stem"] if part is not None else variable.name
    opaque = {f for f in body.atoms(AppliedUndef) if f.func.__name__ in OVER_RANGE}
    left = set(body.free_symbols) - {variable} - bound_letters(body)
    for symbol in list(left):
        if isinstance(symbol, sp.Indexed):
            family = symbol.base.label.name == stem
        else:
            entry = ENTRY.fullmatch(getattr(symbol, "name", ""))
            family = symbol.name == stem or (entry is not None and entry["stem"] == stem) or symbol.name in tuple("ijklmn")
        if family:
            left.discard(symbol)
    return not left and not body.atoms(AppliedUndef) - opaque


def dependence_declared(exprs: list[Any]) -> list[Any]:
    r"""``exprs`` (the sides and conditions of one statement) with every symbol that the statement differentiates by
    a variable read as a function of that variable, and the derivatives taken.

    :math:`\frac{\partial}{\partial \theta}\sigma(z) = \sigma(z)(1 - \sigma(z))\frac{\partial}{\partial \theta} z` writes
    dz/dtheta, so z depends on theta there (the chain rule), also inside sigma(z): read with z constant, both sides are
    0 and any right side "holds". Here z becomes z(theta): the left side is sigma'(z(theta)) dz/dtheta, and what is left
    unknown (z(theta), its derivative) is judged for every value it may take. Unchanged where no Derivative(s, v) of
    a plain symbol s appears (the operator form then differentiates with the other symbols held, as written).
    """
    from derivax.latex import named_derivative  # derivax.latex reads with this module: imported when used

    items = [e for e in exprs if isinstance(e, sp.Basic)]
    depends: dict[sp.Symbol, set[sp.Symbol]] = {}
    for item in items:
        for d in item.atoms(sp.Derivative):
            if isinstance(d.expr, sp.Symbol) and not isinstance(d.expr, sp.Dummy):
                depends.setdefault(d.expr, set()).update(v for v in d.variables if isinstance(v, sp.Symbol) and v != d.expr)
    # \frac{\partial z}{\partial \theta} (read as the quantity dz_dtheta(theta)) beside a z written as such: the same z
    named: dict[Any, tuple[sp.Symbol, sp.Symbol]] = {}
    plain = {s.name: s for e in items for s in e.free_symbols if isinstance(s, sp.Symbol)}
    for item in items:
        for f in item.atoms(AppliedUndef):
            pair = named_derivative(f.func.__name__)
            if pair is not None and pair[0].name in plain and f.args == (pair[1],) and pair[0].name != pair[1].name:
                named[f] = (plain[pair[0].name], pair[1])
                depends.setdefault(plain[pair[0].name], set()).add(pair[1])
    depends = {s: vs for s, vs in depends.items() if vs}
    if not depends:
        return list(exprs)
    functions = {s: sp.Function(s.name, real=True)(*sorted(vs, key=lambda v: v.name)) for s, vs in depends.items()}
    functions.update({f: sp.Derivative(functions[s], v) for f, (s, v) in named.items()})
    # \frac{\partial (w_n h_{n-1})}{\partial w_i} beside dw_n/dw_i and dh_{n-1}/dw_i: every name of the top depends on the
    # variable as written, so the opaque quotient is the derivative of the product (the product rule); a top with a
    # name the statement never differentiates by it stays opaque (constant or not, the text does not say)
    for item in items:
        for quotient in item.atoms(AppliedUndef):
            if quotient.func.__name__ != "d_wrt" or len(quotient.args) != 2 or not isinstance(quotient.args[1], sp.Symbol):
                continue
            top, variable = quotient.args
            names = top.free_symbols - {variable} if isinstance(top, sp.Expr) else set()
            plain_top = isinstance(top, sp.Expr) and not top.has(AppliedUndef, sp.Indexed)
            if plain_top and names and all(variable in depends.get(name, ()) for name in names):
                functions[quotient] = sp.Derivative(top.xreplace(functions), variable)
    return [derivatives_done(e.xreplace(functions)) if isinstance(e, sp.Basic) else e for e in exprs]


def writes_derivatives(exprs: list[Any]) -> bool:
    """Whether ``exprs`` write a derivative: taken (``Derivative``), or as a named quotient (``du_dx(x)``, ``d_wrt``)
    that :func:`dependence_declared` reads."""
    from derivax.latex import named_derivative  # derivax.latex reads with this module: imported when used

    items = [e for e in exprs if isinstance(e, sp.Basic)]
    if any(e.has(sp.Derivative) for e in items):
        return True
    calls = {f.func.__name__ for e in items for f in e.atoms(AppliedUndef)}
    return any(name == "d_wrt" or named_derivative(name) is not None for name in calls)


# Greek letters a derivation may name a function with (phi(t) = ...); sigma is the logistic function, never one.
FUNCTION_GREEK = ("varphi", "phi", "psi", "chi", "xi", "zeta", "eta", "theta", "rho", "tau", "omega", "Phi", "Psi")
# A function a derivation names with one letter (f, g, h, C, L) or a Greek name (phi, psi): E and P are operators.
_FUNCTION_NAME = re.compile(r"(?![EP]$)[A-Za-z]|" + "|".join(FUNCTION_GREEK))


def rules_applied(exprs: list[Any]) -> list[Any] | None:
    r"""``exprs`` with the product, quotient and chain rules applied to derivatives of functions defined elsewhere
    (SymPy's ``doit``): :math:`\frac{d}{dx}[f(x)g(x)] = f'(x)g(x) + f(x)g'(x)`, :math:`\frac{d}{dx}f(g(x)) =
    f'(g(x))\,g'(x)`; None where nothing changes.

    Only a derivative whose every function call is a function named by a letter (f, g, C, phi) whose argument
    depends on the variable: each call is then a differentiable function of it, as the rules need. A call that
    does not depend on the variable (f(y) by x: y may depend on x) and operators (sums over an unstated range,
    E, Var, gradients) are left alone, so nothing is ever held constant that the text may mean to vary.

    >>> x = sp.Symbol("x"); f, g = sp.Function("f"), sp.Function("g")
    >>> rules_applied([sp.Derivative(f(x) * g(x), x)])
    [f(x)*Derivative(g(x), x) + g(x)*Derivative(f(x), x)]
    >>> rules_applied([sp.Derivative(f(sp.Symbol("y")), x)]) is None
    True
    """

    def expandable(node: Any) -> bool:
        if not isinstance(node, sp.Derivative) or not all(isinstance(v, sp.Symbol) for v in node.variables):
            return False
        calls = node.expr.atoms(AppliedUndef)
        if not calls or node.expr.atoms(sp.Indexed, sp.IndexedBase, sp.Derivative):
            return False
        variables = set(node.variables)
        return all(_FUNCTION_NAME.fullmatch(c.func.__name__) and c.free_symbols & variables for c in calls)

    out = [_primes_named(e.replace(expandable, lambda node: node.doit())) if isinstance(e, sp.Basic) else e for e in exprs]
    return out if out != list(exprs) else None


def _primes_named(expr: Any) -> Any:
    """``Subs(Derivative(C(d), d), d, a)`` (SymPy's C'(a), with a dummy of its own on each side) as one call
    ``C'(a)``, the same on both sides of a relation."""

    def prime(node: Any) -> bool:
        if not isinstance(node, sp.Subs) or len(node.variables) != 1 or not isinstance(node.expr, sp.Derivative):
            return False
        inner, (variable,) = node.expr, node.variables
        call = inner.expr
        return isinstance(call, AppliedUndef) and call.args == (variable,) and inner.variables == (variable,) * len(inner.variables)

    # named with its primes (C'), read only in the evidence: the kernel takes each call for an unknown number, never code
    return expr.replace(prime, lambda node: sp.Function(node.expr.expr.func.__name__ + "'" * len(node.expr.variables))(node.point[0]))
