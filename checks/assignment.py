r"""An assignment's context file: the conventions an instructor declares once for every student's document.

``derivax steps DOC --context FILE.yaml`` reads every step of ``DOC`` under them. The file is YAML, read
by :mod:`derivax.safeload` (no code, limits on size, depth and aliases, duplicate keys refused)::

    assignment: Adam and bias correction          # a title, optional
    symbols:
      '\beta_1': {kind: scalar, domain: '0 < \beta_1 < 1'}
      't':       {kind: scalar, domain: integer >= 1}
      '\eta':    {domain: positive}
      'Q':       {kind: matrix, properties: [orthogonal]}
      'x_k':     {kind: random variable, properties: [independent, zero mean], variance: '\sigma_k^2'}
      '\delta':  {kind: random variable, distribution: normal, mean: 0, variance: '\alpha'}
    definitions:
      - '\sigma(z) = \frac{1}{1+e^{-z}}'
      - 'm_0 = 0'
    assumptions:
      - '|w| \ge 4'

What each entry does:

- a *domain* is an assumption on its symbol: ``positive`` (x > 0), ``negative``, ``nonnegative``,
  ``nonpositive``, ``nonzero``, ``real``, ``integer`` (x in Z), ``positive integer`` / ``natural``
  (x in {1, 2, ...}), ``integer >= 1`` (a word, then a relation), an interval ``(0, 1]`` (x in it), or a
  LaTeX relation on the symbol alone (``0 < \beta_1 < 1``);
- an *assumption* is a LaTeX relation (or ``and``/``or`` of relations) that holds throughout;
- domains and assumptions are added to the assumptions of every step whose symbols they concern (only
  those: an assumption on a symbol the step does not use is left out), the same way a document's own
  ``% derivax: assume`` lines are; the verdict names each one it used;
- a *definition* ``X = expr`` or ``f(x) = expr`` (LaTeX, through the grammar) acts like a definition the
  document states on its first line, in every section; a definition in the document itself takes
  precedence within its section. The evidence names the context file as its source. A definition of a
  function derivax already reads (``\sigma``, the logistic function) is accepted only if it agrees with
  that reading, and then changes nothing;
- a *kind*: ``scalar`` (the default) and ``random variable`` are read as numbers (a relation between
  random variables that holds for every value holds surely); a step that uses a ``vector`` or a
  ``matrix`` is read again with those names non-commutative and judged on random instances with the
  declared properties (:mod:`derivax.matrices`), never as commuting scalars;
- a *shape* (``shape: n x d`` for a matrix, ``shape: n`` for a vector) gives the random instances that size (a
  tall design matrix has no inverse: ``(X^T X)^{-1} X^T y = X^{-1} y`` is then undecided, never ``ok``);
- *properties* are recorded and named in the evidence; ``one-hot`` is used by the index check
  (:mod:`derivax.indices`); the matrix properties (symmetric, positive (semi)definite, orthogonal,
  diagonal, identity, invertible) and one-hot or probability vectors shape the random instances of
  :mod:`derivax.matrices`; ``independent``, ``zero mean``, ``unit variance``, ``gaussian`` and
  ``bernoulli`` of a random variable, and its fields ``mean`` and ``variance`` (LaTeX expressions in
  symbols that are not random) and ``distribution`` (``normal``, ``uniform`` or ``bernoulli``), by the
  check of expectations and variances (:mod:`derivax.expectations`). A key ``x_k`` (an index letter i to n)
  declares the family x_1, x_2, ..., x_k, ... at once. Every symbol the file declares as a scalar is a
  constant there (pulled out of an expectation); a symbol the file does not declare is neither.

Every problem with the file is a :class:`ContextFileError` with a one-line message naming the file and
the entry. Context only adds decisions: it narrows the points a step is sampled at, and it never turns
a step ``wrong`` where the document's own prose states a condition.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.calculus import ENTRY
from derivax.context import Definition
from derivax.latex import CONDITION_KINDS, LatexError, Parsed, capitals_written, parse
from derivax.limits import TimeLimitExceeded, clock, time_limit
from derivax.safeload import YamlInputError, YamlLimits, load_yaml_file, load_yaml_text

__all__ = [
    "DISTRIBUTIONS",
    "KINDS",
    "PROPERTIES",
    "Assignment",
    "ContextFileError",
    "RandomVariable",
    "assignment_from_text",
    "load_assignment",
    "read_assignment",
]

KINDS = ("scalar", "vector", "matrix", "random variable")
PROPERTIES = (
    "symmetric",
    "positive definite",
    "positive semidefinite",
    "orthogonal",
    "diagonal",
    "identity",
    "invertible",
    "one-hot",
    "probability vector",
    "independent",
    "zero mean",
    "unit variance",
    "gaussian",
    "bernoulli",
)
MAX_CONTEXT_BYTES = 200_000
MAX_ENTRIES = 500  # symbols, definitions and assumptions, each
MAX_LATEX = 2_000  # characters of one LaTeX entry
MAX_SECONDS = 30.0  # reading the whole file (each LaTeX entry also has the parser's own limit)
_TOP = {"assignment", "symbols", "definitions", "assumptions"}
_FIELDS = {"kind", "domain", "properties", "description", "mean", "variance", "distribution", "shape"}
# a declared size: 'n \times d', 'n x d', '3 x 2' for a matrix, 'n' for a vector (letters or numbers of up to 2 digits)
_SHAPE_SPEC = re.compile(r"\s*([A-Za-z]|\d{1,2})\s*(?:(?:\\times|x|\*)\s*([A-Za-z]|\d{1,2})\s*)?")
DISTRIBUTIONS = ("normal", "uniform", "bernoulli")
_RANDOM_ONLY = ("mean", "variance", "distribution")
_WORDS = {
    "positive": "{x} > 0",
    "negative": "{x} < 0",
    "nonnegative": "{x} \\ge 0",
    "non-negative": "{x} \\ge 0",
    "nonpositive": "{x} \\le 0",
    "non-positive": "{x} \\le 0",
    "nonzero": "{x} \\ne 0",
    "non-zero": "{x} \\ne 0",
    "probability": "0 \\le {x} \\le 1",
}
_INTEGER = re.compile(r"^\s*(positive\s+integer|natural|integer)\b\s*(.*)$", re.IGNORECASE)


class ContextFileError(ValueError):
    """A context file that cannot be used; the message (one line) names the file and the entry."""


@dataclass(frozen=True)
class Assumption:
    """A condition from the context file, and the entry it came from (for the evidence)."""

    parsed: Parsed
    text: str  # as the file wrote it, for the evidence
    symbols: frozenset[sp.Symbol]


@dataclass(frozen=True)
class RandomVariable:
    """A declared random variable (or family ``x_k``): what the context file states about it."""

    name: str  # identifier, x_k for a family with index letter k
    independent: bool = False
    mean: sp.Expr | None = None  # 0 for zero mean
    variance: sp.Expr | None = None
    distribution: str = ""  # normal, uniform, bernoulli, or "" (not stated)
    # the groups the text declares it independent in ("Let $X$ and $Y$ be independent", a line's own): two variables
    # are independent where they share one; empty for a context file's, independent of every other independent one
    groups: frozenset[str] = frozenset()


@dataclass
class Assignment:
    """A loaded context file; see the module docstring."""

    source: str  # the file's name, as the evidence names it
    title: str = ""
    assumptions: list[Assumption] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # identifier -> kind, for non-scalar symbols
    properties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    integers: frozenset[sp.Symbol] = frozenset()
    random: dict[str, RandomVariable] = field(default_factory=dict)  # identifier -> what is declared
    scalars: frozenset[str] = frozenset()  # identifiers declared as (non-random) scalars
    numbers: frozenset[str] = frozenset()  # identifiers declared scalar or random variable: numbers, never matrices
    random_in_text: frozenset[str] = frozenset()  # the random variables the document's prose declared, not the file

    def assumptions_for(self, symbols: set[sp.Symbol]) -> list[Assumption]:
        """The domains and assumptions about ``symbols`` only (an assumption on other symbols is left out); an entry
        ``p_i`` stands for the family ``p`` a step sums over (``\\sum_{i=1}^2 p_i`` holds p[i]: the domain of p_i is its
        entries', :func:`derivax.calculus.conditions_of_each_entry`)."""
        families = {e.base.label.name for e in symbols if isinstance(e, sp.Indexed) and isinstance(e.base.label, sp.Symbol)}

        def named(symbol: sp.Symbol) -> bool:
            found = ENTRY.fullmatch(symbol.name)
            return symbol in symbols or (found is not None and found["idx"].isalpha() and found["stem"] in families)

        return [a for a in self.assumptions if a.symbols and all(named(s) for s in a.symbols)]

    def family_of(self, name: str) -> str | None:
        """The declared vector or matrix family ``w_k`` (index letter i to n) that ``name`` is a member of: w_1, w_t,
        w_{t-1} of w_k; None for a name declared itself or in no family."""
        member = _MEMBER.fullmatch(name)
        if name in self.kinds or member is None:
            return None
        return next((key for key in self.kinds if (f := _FAMILY.fullmatch(key)) and f["stem"] == member["stem"]), None)

    def with_members(self, names: set[str]) -> Assignment:
        """This assignment with each of ``names`` that is a member of a declared family declared as the family is
        (a key ``w_k: {kind: vector}`` declares w_0, w_1, w_t at once, as for random variables)."""
        members = {n: family for n in names if (family := self.family_of(n)) is not None}
        if not members:
            return self
        kinds = {**self.kinds, **{n: self.kinds[f] for n, f in members.items()}}
        properties = {**self.properties, **{n: self.properties[f] for n, f in members.items() if f in self.properties}}
        return dataclasses.replace(self, kinds=kinds, properties=properties)

    def parameters(self) -> frozenset[str]:
        """The names declared (scalars, vectors, matrices; in the file or the prose) that no definition gives a value:
        free parameters of every step. Such a name on one side only of a step is no value stated elsewhere (``b`` of
        ``\\mathbb{E}[aX + b] = a\\mathbb{E}[X]`` with ``b: {kind: scalar}`` declared), so a step that fails for some
        value of it is wrong."""
        defined = {d.name for d in self.definitions}
        return frozenset(self.scalars | set(self.kinds)) - defined

    def free_in(self, lhs: Any, rhs: Any) -> frozenset[str]:
        """The :meth:`parameters` that the step ``lhs = rhs`` leaves free (:func:`free_parameters`; declared identity
        matrices are constants)."""
        identities = frozenset(n for n, props in self.properties.items() if "identity" in props)
        return free_parameters(lhs, rhs, self.parameters(), identities)

    def not_scalar(self, parsed: Parsed) -> list[str]:
        """Declared vectors and matrices that ``parsed`` uses as such, as 'Q (a matrix)'. A vector used only through
        its entries (``\\sum_k y_k z_k``: y[k], numbers) is not: such a step is one of indices (:mod:`derivax.indices`),
        which the matrix check cannot evaluate."""
        if not self.kinds or not isinstance(parsed.expr, sp.Basic | tuple):
            return []
        items = parsed.expr if isinstance(parsed.expr, tuple) else (parsed.expr,)
        names: set[str] = set()
        for item in items:
            if isinstance(item, sp.Basic):
                entries = {e: sp.Dummy() for e in item.atoms(sp.Indexed)}
                names |= {s.name for s in item.xreplace(entries).free_symbols if not isinstance(s, sp.Dummy)}
                names |= {f.func.__name__ for f in item.atoms(AppliedUndef)}
        names |= capitals_written(parsed.text)  # a declared matrix the reading cancelled ((AB)^{-1} A B read as 1)
        kinds = self.with_members(names).kinds
        return [f"{n} (a {kinds[n]})" for n in sorted(names & set(kinds))]


# A family's key (w_k: an index letter i to n) and its members as the reader names them: w_1, w_t, w_{t-1} (w_tminus1)
_FAMILY = re.compile(r"(?P<stem>[A-Za-z]+)_(?P<idx>[i-n])")
_MEMBER = re.compile(r"(?P<stem>[A-Za-z]+)_(?P<idx>\d+|[a-z]|[a-z](?:minus|plus)\d+)")


def _fail(source: str, where: str, what: str) -> ContextFileError:
    return ContextFileError(f"{source}: {where}: {what}")


def _latex(source: str, where: str, text: Any) -> Parsed:
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        raise _fail(source, where, f"expected LaTeX text, got {type(text).__name__}")
    text = str(text)
    if len(text) > MAX_LATEX:
        raise _fail(source, where, f"{len(text)} characters; the limit is {MAX_LATEX}")
    try:
        return parse(text)
    except LatexError as error:
        raise _fail(source, where, f"cannot read {text!r}: {str(error).splitlines()[0]}") from None


def _symbol(source: str, key: Any) -> sp.Symbol | str:
    """The symbol a ``symbols`` key names (``\\beta_1``), or the function's name (``\\sigma``, ``f``)."""
    where = f"symbols: {key!r}"
    if not isinstance(key, str):
        raise _fail(source, where, "a symbol is written as LaTeX text, e.g. '\\beta_1'")
    parsed = _latex(source, where, key)
    if isinstance(parsed.expr, sp.Symbol):
        return parsed.expr
    try:  # a function name alone (f, \sigma): read it applied to a fresh argument
        applied = parse(f"{key}(q)").expr
    except LatexError:
        applied = None
    if isinstance(applied, AppliedUndef):
        return applied.func.__name__
    raise _fail(source, where, f"not a single symbol (read as {parsed.read_as})")


def _domain(source: str, key: str, symbol: sp.Symbol, domain: Any) -> tuple[list[Parsed], bool]:
    """The conditions a domain states, and whether it makes the symbol an integer."""
    where = f"symbols: {key!r}: domain"
    if not isinstance(domain, str):
        raise _fail(source, where, f"expected text such as 'positive' or '0 < {key} < 1', got {type(domain).__name__}")
    text, integer = domain.strip(), False
    found = _INTEGER.match(text)
    if found:
        integer, text = True, found.group(2).strip()
        if found.group(1).lower() != "integer":  # positive integer, natural
            text = text or ">= 1"
    if not text or text.lower() == "real":
        conditions: list[Parsed] = []
    elif text.lower() in _WORDS:
        conditions = [_latex(source, where, _WORDS[text.lower()].format(x=key))]
    elif text[0] in "([":
        conditions = [_latex(source, where, f"{key} \\in {text}")]
    elif text[0] in "<>=\\" or text.startswith(("!=",)):
        relation = re.sub(r"(>=|<=|!=)\s*", lambda m: {">=": "\\ge ", "<=": "\\le ", "!=": "\\ne "}[m.group(1)], text)
        conditions = [_latex(source, where, f"{key} {relation}")]
    else:
        conditions = [_latex(source, where, text)]
    for c in conditions:
        if c.kind not in CONDITION_KINDS:
            raise _fail(source, where, f"{domain!r} is not a condition")
        if c.symbols != {symbol}:
            raise _fail(source, where, f"{domain!r} must be about {key} alone")
    return conditions, integer


def _random_variable(source: str, key: str, name: str, spec: dict, properties: tuple[str, ...]) -> RandomVariable:
    """The ``mean``, ``variance`` and ``distribution`` of a random variable, with what its properties say."""
    where = f"symbols: {key!r}"
    values: dict[str, sp.Expr | None] = {"mean": None, "variance": None}
    for what in values:
        if what in spec:
            parsed = _latex(source, f"{where}: {what}", spec[what])
            if parsed.kind != "expression" or not isinstance(parsed.expr, sp.Expr):
                raise _fail(source, f"{where}: {what}", f"{spec[what]!r} is not an expression")
            values[what] = parsed.expr
    if "zero mean" in properties:
        if values["mean"] is not None and values["mean"] != 0:
            raise _fail(source, f"{where}: mean", f"{spec['mean']!r} contradicts the property zero mean")
        values["mean"] = sp.Integer(0)
    if "unit variance" in properties:
        if values["variance"] is not None and values["variance"] != 1:
            raise _fail(source, f"{where}: variance", f"{spec['variance']!r} contradicts the property unit variance")
        values["variance"] = sp.Integer(1)
    named = [(p, d) for p, d in (("gaussian", "normal"), ("bernoulli", "bernoulli")) if p in properties]
    distribution = str(spec.get("distribution", named[0][1] if named else "")).strip().lower()
    if distribution and distribution not in DISTRIBUTIONS:
        raise _fail(source, f"{where}: distribution", f"{distribution!r} is not one of {', '.join(DISTRIBUTIONS)}")
    for p, d in named:
        if d != distribution:
            raise _fail(source, f"{where}: distribution", f"{distribution!r} contradicts the property {p}")
    if values["variance"] is not None and values["variance"].is_negative:
        raise _fail(source, f"{where}: variance", f"{spec['variance']!r} is negative")
    return RandomVariable(name, "independent" in properties, values["mean"], values["variance"], distribution)


def _condition(source: str, where: str, text: Any) -> Parsed:
    parsed = _latex(source, where, text)
    if parsed.kind not in CONDITION_KINDS:
        raise _fail(source, where, f"{text!r} is not a condition (a relation such as 0 < x < 1)")
    if isinstance(parsed.condition, sp.Eq) or (parsed.kind == "chain" and any(isinstance(r, sp.Eq) for r in parsed.expr)):
        # An equation as a global assumption would make every step true at one point: write it as a definition.
        raise _fail(source, where, f"{text!r} is an equation; state it under definitions")
    if not parsed.symbols:
        raise _fail(source, where, f"{text!r} uses no symbol")
    return parsed


def _definition(source: str, index: int, text: Any) -> Definition | None:
    """A definition, or None where it restates what derivax already reads (``\\sigma(z) = ...``)."""
    where = f"definitions[{index}]"
    parsed = _latex(source, where, text)
    if parsed.kind != "relation" or not isinstance(parsed.expr, sp.Eq):
        raise _fail(source, where, f"{text!r} is not a definition X = expr or f(x) = expr")
    lhs, rhs = parsed.expr.lhs, parsed.expr.rhs
    if isinstance(lhs, sp.Symbol) and lhs not in rhs.free_symbols:
        return Definition(lhs.name, rhs, 0, source=source, text=str(text).split("=", 1)[1].strip())
    if isinstance(lhs, AppliedUndef) and all(isinstance(a, sp.Symbol) for a in lhs.args) and len(set(lhs.args)) == len(lhs.args):
        if any(f.func == lhs.func for f in rhs.atoms(AppliedUndef)):
            raise _fail(source, where, f"{text!r} is recursive")
        return Definition(lhs.func.__name__, rhs, 0, tuple(lhs.args), source=source, text=str(text).split("=", 1)[1].strip())
    try:  # a function derivax reads already (\sigma): the file must agree with that reading
        with time_limit(2.0):
            same = sp.simplify(lhs - rhs) == 0
    except TimeLimitExceeded:
        same = False
    except Exception:  # SymPy can fail in many ways; then the definition is not shown to agree
        same = False
    if same:
        return None
    raise _fail(source, where, f"{text!r} is not a definition of a name (the left side reads as {sp.sstr(lhs)})")


def free_parameters(lhs: Any, rhs: Any, parameters: frozenset[str], constants: frozenset[str] = frozenset()) -> frozenset[str]:
    """The ``parameters`` (declared names with no value) written on one side of ``lhs = rhs`` only whose other side
    writes no number the first lacks and some name other than ``constants`` (an identity matrix): names the step
    dropped. A value put in shows as a number (``\\frac{s}{1 - p_1^t} = \\frac{5.001e^{-10}}{1 - 0.9}`` substitutes
    p_1 = 0.9, stated in words or by an earlier line's numbers), and a side that is a constant alone states a property
    (``P P^T = I``, "using that $P^T P = I$"): then the name may be a value stated elsewhere, as without a declaration."""
    if not parameters or not isinstance(lhs, sp.Basic) or not isinstance(rhs, sp.Basic):
        return frozenset()
    names = [{s.name for s in side.free_symbols} for side in (lhs, rhs)]
    numbers = [{abs(n) for n in side.atoms(sp.Number)} for side in (lhs, rhs)]
    free: set[str] = set()
    for i in (0, 1):  # written on side i only; the other side must bring no new number and name something
        if numbers[1 - i] <= numbers[i] and names[1 - i] - constants:
            free |= (names[i] - names[1 - i]) & parameters
    return frozenset(free)


def read_assignment(data: Any, source: str, max_seconds: float = MAX_SECONDS) -> Assignment:
    """Build an :class:`Assignment` from loaded YAML within ``max_seconds``; raise :class:`ContextFileError`."""
    overtime = ContextFileError(f"{source}: reading its LaTeX took over {max_seconds:g} s; make it shorter")
    start = clock()
    try:
        with time_limit(max_seconds):
            assignment = _read(data, source)
    except TimeLimitExceeded:
        raise overtime from None
    except ContextFileError:
        # an inner step that catches the expiry (a second reading of a formula, given up) can hand back a lesser
        # reading that then reads as an error ("'x_{145} > 145' is not a condition"): past the limit, the overtime
        # is the reason, whichever way it surfaced
        if clock() - start >= max_seconds:
            raise overtime from None
        raise
    if clock() - start >= max_seconds:
        raise overtime  # past the limit, a reading that came back may be a lesser one: never used
    return assignment


def _read(data: Any, source: str) -> Assignment:
    if not isinstance(data, dict):
        raise ContextFileError(f"{source}: expected a mapping with symbols, definitions and assumptions")
    unknown = sorted(str(k) for k in data if k not in _TOP)
    if unknown:
        raise ContextFileError(f"{source}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(_TOP))}")
    title = data.get("assignment") or ""
    out = Assignment(source, str(title)[:200])
    symbols = data.get("symbols") or {}
    definitions = data.get("definitions") or []
    assumptions = data.get("assumptions") or []
    for name, value, kind in (("symbols", symbols, dict), ("definitions", definitions, list), ("assumptions", assumptions, list)):
        if not isinstance(value, kind):
            raise ContextFileError(f"{source}: {name} must be a {'mapping' if kind is dict else 'list'}")
        if len(value) > MAX_ENTRIES:
            raise ContextFileError(f"{source}: {len(value)} {name}; the limit is {MAX_ENTRIES}")
    integers, scalars, numbers = set(), set(), set()
    declared: dict[str, str] = {}  # each symbol's name -> the key that declared it (\beta_1 and \beta_{1} are one)
    for key, spec in symbols.items():
        symbol = _symbol(source, key)
        name = symbol if isinstance(symbol, str) else symbol.name
        if name in declared:
            # two spellings of one symbol with different domains made every implication about it vacuously ok
            raise _fail(source, f"symbols: {key!r}", f"the same symbol as {declared[name]!r}, declared before: declare it once")
        declared[name] = key
        spec = spec or {}
        if not isinstance(spec, dict):
            raise _fail(source, f"symbols: {key!r}", "expected a mapping such as {kind: scalar, domain: positive}")
        extra = sorted(str(k) for k in spec if k not in _FIELDS)
        if extra:
            raise _fail(source, f"symbols: {key!r}", f"unknown field {extra[0]!r}; the fields are {', '.join(sorted(_FIELDS))}")
        kind = str(spec.get("kind", "scalar")).strip().lower()
        if kind not in KINDS:
            raise _fail(source, f"symbols: {key!r}: kind", f"{kind!r} is not one of {', '.join(KINDS)}")
        if kind in ("vector", "matrix") and name == "sigma":
            # \sigma is read as the logistic function or a number, never a matrix: \sigma M = M \sigma was ok
            why = f"\\sigma cannot be a {kind} (derivax reads it as the logistic function or a number): use another name, such as \\Sigma"
            raise _fail(source, f"symbols: {key!r}: kind", why)
        if kind in ("vector", "matrix"):
            out.kinds[name] = kind
        elif not isinstance(symbol, str):
            numbers.add(name)
        properties = spec.get("properties") or []
        if isinstance(properties, str):
            properties = [properties]
        if not isinstance(properties, list) or not all(isinstance(p, str) for p in properties):
            raise _fail(source, f"symbols: {key!r}: properties", "expected a list of words")
        for p in properties:
            if p.strip().lower() not in PROPERTIES:
                raise _fail(source, f"symbols: {key!r}: properties", f"{p!r} is not one of {', '.join(PROPERTIES)}")
        if properties:
            out.properties[name] = tuple(p.strip().lower() for p in properties)
        if "shape" in spec:  # a matrix's rows x columns: its random instances take that shape (matrices.declared_dims)
            shape = _SHAPE_SPEC.fullmatch(str(spec["shape"]))
            if shape is None or kind not in ("vector", "matrix") or (kind == "matrix") != (shape.group(2) is not None):
                why = "expected 'n x d' (rows x columns) for a matrix or 'n' for a vector, in letters or numbers"
                raise _fail(source, f"symbols: {key!r}: shape", why)
            dims = " \\times ".join(g for g in shape.groups() if g is not None)
            out.properties[name] = (*out.properties.get(name, ()), f"shape {dims}")
        if kind == "random variable":
            out.random[name] = _random_variable(source, key, name, spec, out.properties.get(name, ()))
        elif any(f in spec for f in _RANDOM_ONLY):
            field_name = next(f for f in _RANDOM_ONLY if f in spec)
            raise _fail(source, f"symbols: {key!r}: {field_name}", "only a random variable has one (kind: random variable)")
        elif kind == "scalar" and not isinstance(symbol, str):
            scalars.add(name)
        if "domain" in spec:
            if isinstance(symbol, str):
                raise _fail(source, f"symbols: {key!r}: domain", "a function has no domain here; state assumptions on its argument")
            conditions, integer = _domain(source, key, symbol, spec["domain"])
            for c in conditions:
                out.assumptions.append(Assumption(c, f"{c.text} (domain of {key})", frozenset(c.symbols)))
            if integer:
                integers.add(symbol)
                whole = Parsed(f"{key} \\in \\mathbb{{Z}}", sp.Contains(symbol, sp.S.Integers), "relation")
                out.assumptions.append(Assumption(whole, f"{key} an integer (domain of {key})", frozenset({symbol})))
    out.integers = frozenset(integers)
    out.scalars = frozenset(scalars)
    out.numbers = frozenset(numbers)
    for variable in out.random.values():
        for what, expr in (("mean", variable.mean), ("variance", variable.variance)):
            clash = sorted(s.name for s in getattr(expr, "free_symbols", set()) if s.name in out.random)
            if clash:
                raise _fail(source, f"symbols: {variable.name!r}: {what}", f"uses the random variable {clash[0]}; use constants only")
    for i, text in enumerate(definitions):
        definition = _definition(source, i, text)
        if definition is not None:
            out.definitions.append(definition)
    for i, text in enumerate(assumptions):
        parsed = _condition(source, f"assumptions[{i}]", text)
        out.assumptions.append(Assumption(parsed, parsed.text, frozenset(parsed.symbols)))
    return out


def load_assignment(path: str | Path, max_bytes: int = MAX_CONTEXT_BYTES) -> Assignment:
    """Read a context file (see the module docstring); every problem is a :class:`ContextFileError`."""
    limits = YamlLimits(max_bytes=max_bytes, max_nodes=20_000, max_depth=20)
    try:
        data = load_yaml_file(path, limits)
    except YamlInputError as error:
        raise ContextFileError(str(error)) from None
    return read_assignment(data, str(path))


def assignment_from_text(text: str, source: str = "<context>") -> Assignment:
    """:func:`load_assignment` for YAML already in memory (tests, the grading of a batch)."""
    try:
        data = load_yaml_text(text, source, YamlLimits(max_bytes=MAX_CONTEXT_BYTES, max_nodes=20_000, max_depth=20))
    except YamlInputError as error:
        raise ContextFileError(str(error)) from None
    return read_assignment(data, source)
