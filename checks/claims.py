r"""The claim model: one analytic claim, declared once, with everything needed to check it.

A claim states ``lhs REL rhs`` over its symbols, optionally under a hypothesis
(``given => lhs REL rhs``, or ``given <=> lhs REL rhs`` with ``iff=True``).
Its *witness* is an independent JAX computation of one quantity of the
statement (by default the left-hand side, or the hypothesis's left-hand side
for an implication): ``jax.grad`` of a loss, a simulated optimiser, a
Monte-Carlo estimate, a root finder. A witness is never the lambdified claim.

Claims over a size ``n`` (softmax over ``n`` classes) give ``lhs``/``rhs``/
``given`` as functions of ``n`` and list the sizes to check in ``sizes``.

A :class:`Twin` is a wrong variant of a claim (a sign flipped, a constant
changed, an index off by one): the mistakes students make. The engine must
refute every twin with a counterexample.

An :class:`AnswerForm` is another way a student may write a claim's answer (its ``target``):
the bound as a relation (``|w| \ge 4`` for the number 4), a vector for a component, the
quantity the target is part of. Grading (:mod:`derivax.grading`) accepts an answer equivalent to
the target or to any of the claim's forms, and says which form it matched.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from derivax.domains import Sym, Vec

__all__ = ["RELATIONS", "AnswerForm", "Claim", "ClaimError", "Instance", "Twin"]

RELATIONS = ("==", "<=", ">=", "<", ">")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

Side = Any  # a SymPy expression, a Matrix, or a function of the size n (of nothing, for a claim without sizes) returning one


class ClaimError(ValueError):
    """A claim's declaration is incomplete or inconsistent."""


@dataclass(frozen=True)
class Twin:
    """A wrong variant of a claim: fields given here replace the claim's."""

    name: str
    why: str
    rhs: Side = None
    lhs: Side = None
    rel: str | None = None
    given: Side = None

    def __post_init__(self) -> None:
        for side in ("lhs", "rhs", "given"):
            value = getattr(self, side)
            if isinstance(value, sp.MatrixBase):
                object.__setattr__(self, side, sp.ImmutableMatrix(value))


@dataclass(frozen=True)
class AnswerForm:
    r"""An accepted way to write a claim's answer, besides its ``target``: LaTeX and a note for the student.

    ``latex`` is the library's own text, read by :func:`derivax.latex.parse` when a key is built: an
    expression (compared as a real function, like the target) or a relation (compared by its
    solution set under the claim's symbol domains, :func:`derivax.equiv.equivalent`). ``note`` is
    shown to a student whose answer matched it (what the form is, e.g. that an index was dropped);
    ``assume`` adds conditions (LaTeX) to those the claim's domains give.
    """

    latex: str
    note: str
    assume: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.latex, str) or not self.latex.strip():
            raise ClaimError(f"an answer form needs LaTeX text, got {self.latex!r}")
        if not self.note.strip():
            raise ClaimError(f"answer form {self.latex!r}: give a note saying what the form is")
        object.__setattr__(self, "assume", tuple(self.assume))


def _at_size(side: Any, n: int | None) -> Any:
    """The side at size ``n``; a claim without sizes may give a side as a function of nothing, built when checked."""
    if n is not None:
        return side(n)
    if callable(side) and not isinstance(side, sp.Basic | sp.MatrixBase):
        return side()  # a side slow to build (exact iterates) waits until the claim is checked, not imported
    return side


@functools.lru_cache(maxsize=512)
def _instances(claim: Claim) -> tuple[Instance, ...]:
    return tuple(claim._build_instances())


def _frozen(side: Any) -> Any:
    """Matrices become immutable (hashable, so lambdified functions can be cached)."""
    return sp.ImmutableMatrix(side) if isinstance(side, sp.MatrixBase) else sp.sympify(side, strict=True)


@dataclass(frozen=True)
class Instance:
    """A claim at one size: concrete SymPy expressions and the flat symbol list."""

    size: int | None
    lhs: Any
    rhs: Any
    rel: str
    given: sp.Rel | None
    symbols: tuple[sp.Symbol, ...]
    constraints: dict[sp.Symbol, sp.Expr]

    @property
    def witnessed(self) -> Any:
        """The quantity the witness computes: the hypothesis's lhs, else the lhs."""
        return self.given.lhs if self.given is not None else self.lhs


@dataclass(frozen=True)
class Claim:
    r"""An analytic claim ``[given =>] lhs REL rhs`` with its witness, references and twins."""

    id: str
    title: str
    symbols: tuple[Sym | Vec, ...]
    lhs: Side
    rhs: Side
    witness: Callable[..., Any]
    refs: tuple[str, ...]
    seeds: tuple[str, ...] = ()
    rel: str = "=="
    given: Side = None
    iff: bool = False
    sizes: tuple[int, ...] = ()
    # The witness takes its vectors padded with zeros to the largest size and ``size`` as a traced integer,
    # and its first components are the result at that size: one XLA compile serves every size.
    padded_witness: bool = False
    target: sp.Expr | None = None
    proof: Callable[[], list[tuple[str, Any]]] | None = None
    twins: tuple[Twin, ...] = ()
    doc: str = ""
    notes: str = ""
    rtol: float | None = None
    atol: float | None = None
    samples: int | None = None
    # Facts proved by interval arithmetic on a box: ((text, relation, ((symbol, low, high), ...)), ...).
    interval: tuple[tuple[str, Any, tuple[tuple[Any, float, float], ...]], ...] = ()
    # Other ways to write the target that grading accepts (see AnswerForm); the target itself always is.
    answer_forms: tuple[AnswerForm, ...] = ()
    # Draws the report's figure from the claim's own witness into the given path; returns its caption.
    figure: Callable[[Path], str] | None = None
    twin_of: str | None = None
    why: str = ""
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for side in ("lhs", "rhs", "given", "target"):
            value = getattr(self, side)
            if isinstance(value, sp.MatrixBase):
                object.__setattr__(self, side, sp.ImmutableMatrix(value))
        where = f"claim {self.id!r}"
        if not _ID.match(self.id.split("/")[0]):
            raise ClaimError(f"{where}: ids are kebab-case (lowercase letters, digits, '-'), e.g. 'adam-bias'.")
        if self.rel not in RELATIONS:
            raise ClaimError(f"{where}: rel={self.rel!r}; use one of {', '.join(RELATIONS)}.")
        if not self.refs:
            raise ClaimError(f"{where}: give at least one reference (book or paper, with section).")
        if self.iff and self.given is None:
            raise ClaimError(f"{where}: iff=True needs a hypothesis in given=.")
        if self.answer_forms and self.target is None:
            raise ClaimError(f"{where}: answer_forms are other ways to write the target; declare target= too.")
        if not all(isinstance(f, AnswerForm) for f in self.answer_forms):
            raise ClaimError(f"{where}: answer_forms=(AnswerForm(LATEX, NOTE), ...).")
        object.__setattr__(self, "answer_forms", tuple(self.answer_forms))
        names = [s.name for s in self.symbols]
        if len(set(names)) != len(names):
            raise ClaimError(f"{where}: symbol names repeat: {names}.")
        if self.padded_witness and not self.sizes:
            raise ClaimError(f"{where}: padded_witness=True pads vectors to the largest of sizes=(...); give sizes.")
        if any(isinstance(s, Vec) for s in self.symbols) and not self.sizes:
            raise ClaimError(f"{where}: vector symbols need sizes=(...) to check, e.g. sizes=range(2, 11).")

    def __str__(self) -> str:
        return self.id

    @property
    def is_twin(self) -> bool:
        return self.twin_of is not None

    def instances(self) -> tuple[Instance, ...]:
        """The claim at each size (or once, when it has no size); built once, then cached."""
        return _instances(self)

    def _build_instances(self) -> Iterator[Instance]:
        for n in self.sizes or (None,):
            pick = functools.partial(_at_size, n=n)
            flat: list[sp.Symbol] = []
            constraints: dict[sp.Symbol, sp.Expr] = {}
            for s in self.symbols:
                if isinstance(s, Vec):
                    flat += s.at(n)
                    constraints.update(s.constraints(n))
                else:
                    flat.append(s.symbol)
            given = pick(self.given) if self.given is not None else None
            yield Instance(n, _frozen(pick(self.lhs)), _frozen(pick(self.rhs)), self.rel, given, tuple(flat), constraints)

    def statement_latex(self) -> str:
        """The statement typeset from SymPy (at the smallest size for sized claims)."""
        inst = self.instances()[0]
        rel = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}[inst.rel]
        body = f"{sp.latex(inst.lhs)} {rel} {sp.latex(inst.rhs)}"
        if inst.given is not None:
            arrow = r"\iff" if self.iff else r"\implies"
            body = f"{sp.latex(inst.given)} {arrow} {body}"
        return body

    def twin(self, twin: Twin) -> Claim:
        """The claim with a twin's replacements: a wrong statement to be refuted."""
        changes = {k: getattr(twin, k) for k in ("lhs", "rhs", "rel", "given") if getattr(twin, k) is not None}
        return dataclasses.replace(
            self,
            id=f"{self.id}/{twin.name}",
            title=f"{self.title} [wrong twin: {twin.name}]",
            proof=None,
            figure=None,
            twins=(),
            twin_of=self.id,
            why=twin.why,
            **changes,
        )

    def wrong_twins(self) -> list[Claim]:
        return [self.twin(t) for t in self.twins]
