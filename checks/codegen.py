"""SymPy expressions as Python functions, with no text from input in the generated source.

``sympy.lambdify`` writes Python source and executes it. Symbol names, the names of undefined
functions (``sp.Function("F")``) and the bound variables of sums are printed into that source
verbatim, so a name that came from a student's LaTeX must never reach it. :func:`safe_lambdify`
guarantees this by construction, for every caller:

1. an expression that applies an undefined function is refused (:class:`UnsafeExpression`): it
   cannot be evaluated anyway, and its name is text from input;
2. every symbol, free or bound (a sum's index), is replaced by a fresh symbol named ``_v0``,
   ``_v1``, ... (names the LaTeX reader can never produce: they start with an underscore);
3. the generated source is checked before it is trusted: every identifier in it must be a Python
   keyword or builtin, a name of the numeric module's namespace, a fresh argument name or a name
   SymPy's common-subexpression pass made; any other identifier (or a string literal) is refused.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> safe_lambdify([x], sp.exp(x) + 1, "mpmath")(0)
mpf('2.0')
>>> safe_lambdify([x], sp.Function("os_system")(x), "mpmath")
Traceback (most recent call last):
...
derivax.codegen.UnsafeExpression: the function os_system is not defined, so it cannot be evaluated
"""

from __future__ import annotations

import builtins
import inspect
import io
import keyword
import re
import tokenize
from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = ["UnsafeExpression", "safe_lambdify", "undefined_functions"]

_FRESH = re.compile(r"_v\d+$")
_CSE = re.compile(r"x\d+$")  # sympy.cse's numbered_symbols("x")
_KEYWORD_ARGUMENTS = frozenset({"axis", "keepdims", "dtype", "initial", "out", "default"})  # printed by SymPy's array printers
_BUILTIN_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist)
_NUMERIC_STRING = re.compile(r"""^[rbu]*(['"])[-+0-9.eE ]*\1$""")


class UnsafeExpression(ValueError):
    """An expression that cannot be turned into code safely (it names an undefined function)."""


def undefined_functions(expr: Any) -> set[str]:
    """What ``expr`` uses but does not define: applied undefined functions and indexed quantities.

    An indexed quantity (``x[i]``, read from ``x_i`` inside a sum) has no value for each index, so
    like ``L(\\theta)`` it cannot be evaluated; substituting one number for it would misread the sum.
    """
    items = expr if isinstance(expr, list | tuple) else [expr]
    found: set[str] = set()
    for item in items:
        if isinstance(item, sp.MatrixBase):
            found |= undefined_functions(list(item))
        elif isinstance(item, sp.Basic):
            found |= {str(f.func) for f in item.atoms(AppliedUndef)}
            found |= {f"{b.label}[...]" for b in item.atoms(sp.IndexedBase)}
            # Kronecker's delta of index letters (\delta_{jk} outside a sum): 1 where j = k, and then a_j is a_k, which
            # no number put in for j, k and a_j, a_k apart says (derivax.indices instantiates the indices)
            found |= {f"delta[{sp.sstr(d.args[0])},{sp.sstr(d.args[1])}]" for d in item.atoms(sp.KroneckerDelta) if d.free_symbols}
    return found


def _all_symbols(items: Sequence[Any]) -> list[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for item in items:
        if isinstance(item, sp.Basic):
            found |= item.atoms(sp.Symbol)
    return sorted(found, key=lambda s: (s.name, s.dummy_index if isinstance(s, sp.Dummy) else -1))


def safe_lambdify(symbols: Sequence[sp.Symbol], expr: Any, modules: str, *, cse: bool = False) -> Callable[..., Any]:
    """``sympy.lambdify(symbols, expr, modules)`` whose source holds no name from ``expr`` or ``symbols``.

    ``expr`` may be one expression or a list (or matrix) of them; the result has the same shape as
    lambdify's. Raises :class:`UnsafeExpression` for an undefined function.
    """
    is_matrix = isinstance(expr, sp.MatrixBase)
    items = list(expr) if is_matrix else (list(expr) if isinstance(expr, list | tuple) else [expr])
    undefined = undefined_functions(items)
    if undefined:
        names = ", ".join(sorted(undefined))
        raise UnsafeExpression(
            f"the function{'s' if len(undefined) > 1 else ''} {names} {'are' if len(undefined) > 1 else 'is'} "
            "not defined, so it cannot be evaluated"
        )
    originals = list(dict.fromkeys([*symbols, *_all_symbols(items)]))
    # The same assumptions, so that rebuilding the tree cannot change what it evaluates to.
    fresh = {s: sp.Symbol(f"_v{i}", **s.assumptions0) for i, s in enumerate(originals)}
    renamed = [sp.sympify(i, strict=True).xreplace(fresh) if isinstance(i, sp.Basic) else i for i in items]
    if is_matrix:
        target: Any = sp.Matrix(expr.rows, expr.cols, renamed)
    elif isinstance(expr, list | tuple):
        target = type(expr)(renamed)
    else:
        target = renamed[0]
    # docstring_limit=0: no docstring quoting the expression (lambdify prints the whole expression for it, a
    # fifth of its time); the generated source, which _audit reads, is the same.
    fn = sp.lambdify([fresh[s] for s in symbols], target, modules=modules, cse=cse, dummify=False, docstring_limit=0)
    _audit(fn)
    return fn


def _audit(fn: Callable[..., Any]) -> None:
    """Refuse generated source with an identifier or a string that did not come from SymPy or its module."""
    source = inspect.getsource(fn)
    namespace = fn.__globals__
    in_modules: set[str] | None = None  # the names of the namespace's modules, made only if a name needs them

    def allowed(name: str) -> bool:
        nonlocal in_modules
        if name in namespace or name in _BUILTIN_NAMES or name == fn.__name__:
            return True
        if in_modules is None:  # attributes such as builtins.sum or jax.numpy.exp
            in_modules = set()
            for value in list(namespace.values()):
                if inspect.ismodule(value):
                    in_modules |= set(dir(value))
        return name in in_modules

    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for position, token in enumerate(tokens):
        if token.type == tokenize.NAME:
            name = token.string
            if _FRESH.match(name) or _CSE.match(name) or allowed(name):  # the renamed symbols first: no module listing for them
                continue
            following = tokens[position + 1].string if position + 1 < len(tokens) else ""
            if _attribute_of_namespace(tokens, position, fn.__globals__):  # logical_and.reduce in NumPy's Piecewise
                continue
            if following == "=" and name.isidentifier() and name in _KEYWORD_ARGUMENTS:  # amax(x, axis=0)
                continue
            raise UnsafeExpression(f"generated code holds an unexpected name {name[:40]!r}; refusing to run it")
        if token.type == tokenize.STRING and not _NUMERIC_STRING.match(token.string):
            raise UnsafeExpression("generated code holds a string literal; refusing to run it")


def _attribute_of_namespace(tokens: list[tokenize.TokenInfo], position: int, namespace: dict[str, Any]) -> bool:
    """``owner.reduce`` where ``owner`` is a NumPy ufunc of the numeric module's namespace (``logical_and.reduce``)."""
    if position < 2 or tokens[position - 1].string != "." or tokens[position - 2].type != tokenize.NAME:
        return False
    owner = tokens[position - 2].string
    if position >= 3 and tokens[position - 3].string == ".":  # a.b.name: only one level, as SymPy's printers write
        return False
    name = tokens[position].string
    # Only what NumPy's printer writes (logical_and.reduce, logical_or.reduce): a ufunc's reduce, nothing else.
    return name == "reduce" and owner in namespace and type(namespace[owner]).__name__ == "ufunc"
