r"""Find the math in a homework document and cut it into steps of raw LaTeX.

A *display* is one piece of math: ``$$...$$``, ``\[...\]``, an ``equation``/``align``/``gather``
environment (``aligned``/``split``/``gathered`` inside one), and with ``inline=True`` also ``$...$`` and
``\(...\)``. A *step* claims a relation between two sides:

* ``chain``: ``A = B = C`` in one display gives ``(A, B)`` and ``(B, C)``; an ``align`` row ``&= D``
  (or a display that starts with ``=``, also after prose that does not end in inline math) continues the
  chain from the previous right-hand side;
* ``rewrite``: consecutive displays ``X = A`` then ``X = B`` (only blank lines between) give ``(A, B)``,
  unless one of them is an update rule such as ``\delta = \delta - \epsilon \hat g``;
* ``implies``: ``A = B \Rightarrow C = D`` gives ``("A = B", "=>", "C = D")`` besides its chains; so does prose
  that ends in "hence", "therefore", "thus", "so" (``<=>``: "equivalently", "iff", "i.e.", "that is") before a display of one
  relation, from the inequality in inline math just before the word (``$|1 - \epsilon\lambda| < 1$, hence``)
  or from the display before when the word is all that stands between them (an inequality, or an equation
  whose left side is not a name: ``2x + 1 = 5``).

Nothing here parses math (``derivax.latex`` does that); the scan is linear and never raises on a string.
Directives in comments, ``% derivax: assume |w| \ge 4`` or ``<!-- derivax: skip -->``, apply to the
next display.

>>> [(s.left.latex, s.relation, s.right.latex, s.left.line) for s in steps("Hence\n$$a = b + c \\le d.$$")]
[('a', '=', 'b + c', 2), ('b + c', '<=', 'd', 2)]
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from derivax.fastparse import FUNCTION_COMMAND

__all__ = [
    "KINDS",
    "NAME",
    "NAME_AT_VALUE",
    "NATURAL",
    "RELATIONS",
    "Display",
    "Side",
    "Step",
    "answers",
    "brace_end",
    "defines_e",
    "defines_pi",
    "displays",
    "displays_and_steps",
    "e_by_part",
    "log_base",
    "log_base_by_part",
    "log_bases_said",
    "steps",
    "without_comments",
]

RELATIONS = ("=", "<", ">", "<=", ">=", "!=", "approx", "=>", "<=>")
KINDS = ("chain", "rewrite", "implies", "solving", "define")  # define: X := expr, a definition by notation


# "e = y - wx", "$e := y - \hat y$": the bare letter e on the left of a definition, at the start of the math
# (and a function e(k) = ...: the error variance of a Kalman gain k, read as Euler's e times k: probe helper-202 F9)
_E_DEFINED = re.compile(
    r"(?:^|[$&,;~]|\\\[|\\\\|\\quad)\s*e(?:\s*\(\s*\\?[A-Za-z]+\s*\))?\s*&?\s*:?=(?!=)\s*(?P<value>[^$\n]{1,300})", re.MULTILINE
)
# e^{-z}, e^{wx}, e^x, e^{(a+b)}, e^\alpha: an exponential (a power of e to anything but a number); \mathrm{e} is Euler's
# (e^{2x}: a number first, a letter after it, is an exponential too; e^{2} alone may be the error squared)
_E_EXPONENTIAL = re.compile(
    r"(?<![A-Za-z\\])e\s*\^\s*(?:\{\s*[^0-9\s}]|\{[^{}]*[A-Za-z\\]|[A-Za-z\\(-])|\\mathrm\s*\{\s*e\s*\}|\\operatorname\s*\{\s*e\s*\}"
)


def defines_e(text: str) -> bool:
    """Whether a document uses the letter e as a quantity: it defines ``e = ...`` with letters on the right
    (the error ``e = y - wx``; not ``e = 2.718...`` nor ``e = \\lim ...``, which are about Euler's number) and never
    writes an exponential (``e^{-z}``, ``e^x``, ``\\mathrm{e}``). Then :func:`derivax.latex.e_as_a_name` reads it."""
    return not _E_EXPONENTIAL.search(text) and _e_defined_as_quantity(text)


def _e_defined_as_quantity(text: str) -> bool:
    """Whether the text defines ``e = ...`` as a quantity (:func:`defines_e`), exponentials or not."""
    for found in _E_DEFINED.finditer(text):
        value = found.group("value")
        if re.search(r"\\(?:lim|sum|exp)|\\approx|\bexp\b", value):
            continue
        if re.search(r"(?<!\\)\b[A-Za-z]", re.sub(r"\\[A-Za-z]+", " ", value).replace("e", " ")):
            return True
        number = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[.,;]?\s*", value)
        if number is not None and abs(float(number.group(1)) - 2.718281828) > 0.01:
            return True  # "Let $e = 0.5$ be the error": a number no one calls Euler's (e = 2.718 is his)
    return False


# "$\log$ denotes the base-2 logarithm", "logarithms are base 2", "all logs are to base 2", "log base 10 throughout",
# "\log is the binary logarithm": the base of a \log written without one
_LOG_BASE_SAID = re.compile(
    r"(?:\\log|\blog(?:arithm)?s?)\b[^.\n$]{0,40}?\b(?:base|to\s+the\s+base)[- ]?(?P<base>2|10|two|ten)\b"
    r"|\b(?:base[- ](?P<before>2|10|two|ten)|(?P<word>binary|decimal|common))\s+log(?:arithm)?s?\b",
    re.IGNORECASE,
)
_BASES = {"2": 2, "two": 2, "binary": 2, "10": 10, "ten": 10, "decimal": 10, "common": 10}


# "$\log$ denotes the natural logarithm", "in nats": \log is ln (said, so a section's base 2 does not reach here); "in
# bits", "measured in bits": \log is the base-2 logarithm (an entropy of a fair coin, \log 2 = 1)
_LOG_NATURAL_SAID = re.compile(r"\bnatural\s+log(?:arithm)?s?\b|\bnats\b", re.IGNORECASE)
_BITS_SAID = re.compile(r"\bin\s+bits\b", re.IGNORECASE)
# "in bits" of an entropy or a logarithm, in its sentence ("We store weights in bits" says nothing of \log)
_INFORMATION_WORDS = re.compile(r"entrop|information|divergence|perplexity|\\log|logarithm|\bcoin\b|\bKL\b", re.IGNORECASE)
NATURAL = 0  # the base said of \log where the text says it is the natural logarithm (read as ln, as by default)


def log_bases_said(text: str) -> set[int]:
    """The bases a text gives ``\\log`` in words: 2 ("$\\log$ denotes the base-2 logarithm", "in bits"), 10, or
    :data:`NATURAL` ("the natural logarithm", "in nats"); empty where it says none."""
    said = {_BASES[(m["base"] or m["before"] or m["word"]).lower()] for m in _LOG_BASE_SAID.finditer(text)}
    sentences = re.split(r"(?<=[.!?])\s+|\n\s*\n", text)
    said |= {2} if any(_BITS_SAID.search(s) and _INFORMATION_WORDS.search(s) for s in sentences) else set()
    return said | ({NATURAL} if _LOG_NATURAL_SAID.search(text) else set())


def log_base(text: str) -> int | None:
    """The base a document gives ``\\log`` in words ("$\\log$ denotes the base-2 logarithm": 2), or None (natural, as
    read by default). Two different bases said: None, and each reading stays the natural one."""
    said = log_bases_said(text) - {NATURAL}
    return said.pop() if len(said) == 1 and not log_bases_said(text) & {NATURAL} else None


def log_base_by_part(parts: list[str]) -> list[int | None] | None:
    """For each part of a document (its sections), the one base it gives ``\\log`` (2, 10 or :data:`NATURAL`), or None
    where it says none or several; None where the whole document's base (:func:`log_base`) serves: none said, or one
    base said in the first part ("logs are base 2" at the top holds throughout). A base said first in a later section
    is that section's: a section without one is read in it and as the natural logarithm; a base said at the top holds
    in every section that says none."""
    said = [log_bases_said(part) for part in parts]
    every = set().union(*said) if said else set()
    if not every - {NATURAL} or (len(every) == 1 and said[0] == every):
        return None
    top = next(iter(said[0])) if len(said[0]) == 1 else None  # "Throughout, \log is base 2" at the top: where none is said
    return [next(iter(bases)) if len(bases) == 1 else top for bases in said]


def e_by_part(parts: list[str]) -> list[bool | None] | None:
    """For each part of a document (its sections), whether it reads the letter e as a quantity (True: it defines e,
    :func:`defines_e`), as Euler's number (False: it writes an exponential) or says neither (None); None where every
    part reads e as the whole document does (a section's error e = y - wx beside another's e^{-z} is not)."""
    whole = defines_e("\n".join(parts))
    flags = [False if _E_EXPONENTIAL.search(part) else True if defines_e(part) else None for part in parts]
    # a part that defines the error e and writes e^{-1} too says neither: its steps are read both ways, and one the
    # readings disagree on is undecided (e^2 = 0.04 after "here $e = 0.2$" was wrong as exp(2): probe helper-170)
    mixed = [bool(_E_EXPONENTIAL.search(part)) and _e_defined_as_quantity(part) for part in parts]
    flags = [None if both else flag for flag, both in zip(flags, mixed, strict=True)]
    return None if not any(mixed) and all(flag in (None, whole) for flag in flags) else flags


# \pi = 0.3, \pi := 0.25: the name given a number (a mixture weight, a policy's probability)
# the value is the whole number written: a full stop ends the sentence only where no digit follows (\pi = 3.14 = 3.14
# was read as \pi = 3, a new value of pi for the whole document: cos(pi) = -1 flagged, 100 pi = 314 ok)
# (\pi alone on the left, as e's definition is: \sin \pi = 1 and 1 - \pi = 0.7 are claims about the number, never definitions)
_PI_DEFINED = re.compile(
    r"(?:^|[$&,;~]|\\\[|\\\\|\\quad|\b(?:[Ll]et|[Ww]here|[Ww]ith|[Ss]et|and|for)\s)\s*\\pi(?![A-Za-z])\s*:?=(?!=)\s*(?P<value>-?\d+(?:\.\d+)?)(?!\d|\.\d)\s*(?:[$,;]|\.(?!\d)|\\\\|$)",
    re.MULTILINE,
)


# "let $\pi$ denote the posterior", "$\pi$ is the prior probability", "where $\pi$ is the mixing weight": pi named in words
# (the words must name such a quantity: "let $\pi$ denote the constant 3.14159", "the ratio of a circle's circumference"
# keep the circle's constant: review helper-190 R7)
_PI_NAMED_IN_WORDS = re.compile(
    r"\$\s*\\pi\s*\$\s+(?:denotes?|stands?\s+for|is|be)\s+(?:the|a|an|our)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:prior|posterior|probability|weight|proportion|policy|mixing|fraction|share|prevalence|distribution|parameter)s?\b"
)


# "the policy $\pi$", "Let $\pi = \operatorname{softmax}(\theta)$": pi named before it, or given a formula of other names
# (it stayed 3.14159: e_a - \pi was evaluated with it, probe helper-204 F21)
_PI_NAMED_BEFORE = re.compile(
    r"\b(?:policy|prior|posterior|probabilities|probability\s+vector|mixing\s+weights?|distribution)\s+\$\s*\\pi\s*\$", re.IGNORECASE
)
_PI_GIVEN_A_FORMULA = re.compile(
    r"(?:^|[$&]|\b(?:[Ll]et|[Ww]here|[Ww]ith|[Ss]et)\s)\s*\\pi(?![A-Za-z])\s*:?=(?!=)\s*"
    r"\\(?:operatorname\s*\{\s*softmax\s*\}|mathrm\s*\{\s*softmax\s*\}|text\s*\{\s*softmax\s*\}|softmax|sigma)(?![A-Za-z])",
    re.MULTILINE,
)


def defines_pi(text: str) -> bool:
    """Whether a document gives ``\\pi`` a number that is not 3.14159... (``Let $\\pi = 0.3$``, Bishop's mixture
    weight), or names it a quantity in words ("let $\\pi$ denote the posterior": a chain opening with it was judged
    against 3.14159, probe helper-187 F10): then :func:`derivax.latex.e_as_a_name` reads it as that quantity
    throughout."""
    # (not where the text writes the named quantity's entries, \pi_1, \pi_2: those are names already, and a bare \pi beside
    # them, cos(2\pi), is the circle's constant: review helper-191 R5)
    if _PI_NAMED_IN_WORDS.search(text) and not re.search(r"\\pi\s*_", text):
        return True
    if _PI_NAMED_BEFORE.search(text) or _PI_GIVEN_A_FORMULA.search(text):  # (its entries \pi_a beside it are its own)
        return True
    return any(abs(float(found.group("value")) - 3.14159265) > 0.01 for found in _PI_DEFINED.finditer(text))


class Line(int):
    r"""A 1-based line number that knows its row's place on the line.

    Rows of a one-line ``\begin{aligned} u &= wx + b \\ \frac{du}{dw} &= x \end{aligned}`` share a line, yet the
    first comes before the second: ``<`` orders them by where the row starts, so a definition or a recurrence on
    the first row is "before" the next rows. ``==``, hashing and printing stay the line's (the messages say "line 3").
    """

    row: int

    def __new__(cls, line: int, row: int = 0) -> Line:
        made = super().__new__(cls, line)
        made.row = row
        return made

    def _order(self, other: object) -> tuple[int, int] | None:
        return (int(self), self.row) if isinstance(other, Line) else None

    def __lt__(self, other: object) -> bool:
        mine = self._order(other)
        return mine < other._order(self) if mine is not None else int(self) < other  # type: ignore[operator,union-attr]

    def __le__(self, other: object) -> bool:
        mine = self._order(other)
        return mine <= other._order(self) if mine is not None else int(self) <= other  # type: ignore[operator,union-attr]

    def __gt__(self, other: object) -> bool:
        mine = self._order(other)
        return mine > other._order(self) if mine is not None else int(self) > other  # type: ignore[operator,union-attr]

    def __ge__(self, other: object) -> bool:
        mine = self._order(other)
        return mine >= other._order(self) if mine is not None else int(self) >= other  # type: ignore[operator,union-attr]

    __eq__ = int.__eq__
    __hash__ = int.__hash__


@dataclass(frozen=True)
class Side:
    """One side of a relation: raw LaTeX (tags, punctuation and leading prose stripped) and its 1-based line.

    ``at`` is where the side starts in the document (-1 where it stands for a whole display): two sides equal
    as text on one line (the zeros of ``m_0 = 0, \\quad v_0 = 0``) are different occurrences, and only an
    occurrence shared by two steps makes them links of one chain. Equality ignores it."""

    latex: str
    line: int
    at: int = field(default=-1, compare=False)

    @property
    def occurrence(self) -> tuple[str, int, int]:
        return self.latex, self.line, self.at


@dataclass(frozen=True)
class Step:
    """One claimed relation ``left relation right`` found in a document.

    ``relation`` is one of :data:`RELATIONS`; ``kind`` one of :data:`KINDS`; ``display`` is the index of
    the display (in :func:`displays` with the same ``inline``) that holds the right-hand side, and
    ``assumptions`` are that display's ``derivax: assume`` directives.
    """

    left: Side
    relation: str
    right: Side
    assumptions: tuple[str, ...]
    display: int
    kind: str


@dataclass(frozen=True)
class Display:
    """One piece of math: its raw inner LaTeX, first and last line, and how it was delimited.

    ``environment`` is ``"$$"``, ``"\\["``, ``"equation"``, ``"align"``, ``"aligned"``, ``"gather"`` or
    ``"inline"``; ``skipped`` and ``assumptions`` come from the directives before it.
    """

    latex: str
    line: int
    end_line: int
    environment: str
    skipped: bool
    assumptions: tuple[str, ...]


def displays(text: str, *, inline: bool = False) -> list[Display]:
    r"""The math displays of ``text`` in document order (with ``inline=True`` also ``$...$`` and ``\(...\)``).

    >>> [(d.latex, d.line, d.environment) for d in displays("Let\n\\[ x = 1 \\]\nand $y$.", inline=True)]
    [('x = 1', 2, '\\['), ('y', 3, 'inline')]
    """
    with _collector_paused():
        return _Document(text, inline).displays


def steps(text: str, *, inline: bool = False) -> list[Step]:
    r"""The steps of every display of ``text``, in document order; skipped displays give none.

    >>> [(s.left.latex, s.right.latex, s.kind) for s in steps("$$r = 1 + 1$$\n\n$$r = 2 \\quad (3)$$")]
    [('r', '1 + 1', 'chain'), ('1 + 1', '2', 'rewrite'), ('r', '2', 'chain')]
    """
    with _collector_paused():
        return _steps(_Document(text, inline))


def displays_and_steps(text: str, *, inline: bool = False, arithmetic: bool = False) -> tuple[list[Display], list[Step]]:
    """:func:`displays` and :func:`steps` of one reading of ``text`` (the document is scanned once).

    ``arithmetic``: also the inline math in prose that is a chain of equations (``and $f(2) = 4 - 8 + 1 = -3$.``),
    giving only its links between numbers (``4 - 8 + 1 = -3``): the prose's arithmetic, a claim whatever the
    sentence says, while an equation with symbols in a sentence may set or define (``$a = y = \\sigma(z)$``)."""
    with _collector_paused():
        doc = _Document(text, inline, arithmetic)
        return doc.displays, _steps(doc)


# The equals signs of a chain (never those of <=, >=, := or \\neq), and any other relation or arrow.
_EQUALS_OR_BRACE = re.compile(r"(?<![<>:!\\])=(?!=)|(?<!\\)[{}]")
_OTHER_RELATION = re.compile(
    r"<|>|\\(?:le|ge|leq|geq|neq|ne|approx|sim|propto|to|[Rr]ightarrow|[Ll]eftrightarrow|implies|iff|in)(?![a-zA-Z])"
)
# A side that is a number: no letter left once the commands (\\frac, \\cdot, \\times, \\sqrt) are dropped.
_NUMERIC_SIDE = re.compile(r"[^A-Za-z]*")
_NUMBER_COMMANDS = re.compile(r"\\(?:frac|dfrac|tfrac|cdot|times|sqrt|left|right|div)(?![a-zA-Z])")


def _numeric(side: Side) -> bool:
    return _NUMERIC_SIDE.fullmatch(_NUMBER_COMMANDS.sub(" ", side.latex)) is not None and any(c.isdigit() for c in side.latex)


# Prose that ends in inline math (``... the gradient $g$ $$= Hw$$``): a display starting with ``=`` continues that, not the display before.
_ENDS_IN_MATH = re.compile(r"(?:\$|\\\))\s*\Z")


def _steps(doc: _Document) -> list[Step]:
    """Walk the displays in order; prose between two displays (or a skipped one) ends every run."""
    out: list[Step] = []
    walker = _Walker(doc.lines)
    previous: _Form | None = None
    last_end: int | None = None
    prose_from = 0  # where the prose before the next display starts
    last_steps: list[Step] = []
    carried: Side | None = None  # the last side of the latest display's chain, for a display after prose that starts with ``=``
    for index, (found, display) in enumerate(zip(doc.found, doc.displays, strict=True)):
        if found.inline and found.start in doc.concluded:
            # "$A$, hence $B$" in a sentence: the implication alone (B is not claimed apart from A, nor a chain)
            relation, (start, end), both = doc.concluded[found.start]
            local = []
            conclusion = _Walker(doc.lines)
            conclusion.clause = _Whole(doc.clean, 0, start, end, None, doc.lines, both=both)
            conclusion.pending, conclusion.across = relation, True
            conclusion.run(doc.body(found), found, index, display.assumptions, local)
            out.extend(s for s in local if s.kind == "implies")
            continue
        if found.inline and doc.arithmetic:
            # A chain of equations in a sentence: its links between numbers, read by a walker of its own; for the
            # displays around it the sentence stays prose (their chains, premises and the prose before them untouched).
            local: list[Step] = []
            _Walker(doc.lines).run(doc.body(found), found, index, display.assumptions, local)
            out.extend(s for s in local if s.kind == "chain" and _numeric(s.left) and _numeric(s.right))
            continue
        if last_end is None or found.inline or not doc.quiet(last_end, found.start):
            kept = walker.clause if last_end is not None else None
            walker.reset()
            if not found.inline and not _ENDS_IN_MATH.search(doc.clean, prose_from, found.start):
                walker.carried = carried
            previous = None
            follows = None if found.inline else _follows(doc.clean, prose_from, found.start)
            if follows is not None and _IMPLICATION_ARROW.search(doc.body(found)):
                # "We have $x > 0$. Hence $$x^2 = 4 \Rightarrow x = 2$$": the display states its own implication; the
                # prose's relation is no premise of the display's first one (x > 0 => x^2 = 4 was judged wrong)
                follows = None
            if follows is not None:  # "$A$, hence $$B$$", "$$A$$ hence $$B$$": the display is implied
                relation, premise, both = follows
                if premise is not None:
                    walker.clause = _Whole(doc.clean, 0, premise[0], premise[1], None, doc.lines, both=both)
                elif _one_relation(last_steps):  # a derivation (A = B = C) is no premise
                    walker.clause = kept
                elif _set_to_a_number(last_steps):  # ... but "f'(w) = 2aw + b = 0, hence": the chain is, whole (the
                    # last link alone made x = |x| = 3 => x = 3 fail at -3), as in one display (each link still judged)
                    text = last_steps[0].left.latex + "".join(f" = {s.right.latex}" for s in last_steps)
                    walker.clause = _Whole(text, last_steps[0].left.at, 0, len(text), None, doc.lines)
                walker.pending = relation if walker.clause is not None else None
                walker.across = True
        prose_from = found.end
        if display.skipped:
            walker.reset()
            previous, last_end, carried = None, None, None
            continue
        local = []
        form = walker.run(doc.body(found), found, index, display.assumptions, local)
        if form is not _EMPTY:
            rewrite = _rewrite(previous, form, index, display.assumptions)
            if rewrite is not None:
                out.append(rewrite)
            previous = form if isinstance(form, _Form) else None
        if not local and not found.inline:  # A \to B \text{ as } x \to a: the limit of A is B
            local = _arrow_limit(display, index)
        out.extend(local)
        if not found.inline:
            carried = walker.last
        last_end = None if found.inline else found.end
        last_steps = local
    return out


# ``A \to B \quad \text{as } x \to a`` (a display of its own): the limit of A as x tends to a is B.
_ARROW = r"\\(?:to|rightarrow|longrightarrow)"
_ARROW_LIMIT = re.compile(
    rf"(?P<a>.+?)\s*{_ARROW}\s*(?P<b>.+?)\s*,?\s*(?:\\q?quad\s*|\\[,;]\s*)*\\(?:text|mbox|textrm)\{{\s*(?:as|when|for)\s*\}}"
    rf"\s*(?P<var>[A-Za-z](?:_\{{?[A-Za-z0-9]+\}}?)?|\\[A-Za-z]+)\s*{_ARROW}\s*(?P<point>[^\n]+?)\s*[.,]?\s*",
    re.DOTALL,
)


def _arrow_limit(display: Display, index: int) -> list[Step]:
    """The step ``\\lim_{x \\to a} (A) = B`` of a display ``A \\to B \\text{ as } x \\to a``; [] for any other display."""
    if len(display.latex) > 2000 or ("\\text" not in display.latex and "\\mbox" not in display.latex):  # before the regex
        return []
    found = _ARROW_LIMIT.fullmatch(display.latex.strip())
    if found is None:
        return []
    left = f"\\lim_{{{found['var']} \\to {found['point']}}} \\left({found['a']}\\right)"
    return [Step(Side(left, display.line), "=", Side(found["b"], display.line), display.assumptions, index, "chain")]


def _set_to_a_number(steps: list[Step]) -> bool:
    """Whether a display is one chain of equations that ends at a number (``f'(w) = 2aw + b = 0``): what it sets to zero
    is the premise of a result the prose draws from it ("hence $$w = -b/2a$$")."""
    return (
        len(steps) >= 2
        and all(s.kind == "chain" and s.relation == "=" for s in steps)
        and all(a.right == b.left for a, b in itertools.pairwise(steps))
        and _numeric(steps[-1].right)
        and not _numeric(steps[-1].left)
    )


def _one_relation(steps: list[Step]) -> bool:
    """Whether a display's steps state one premise: an inequality ``A < B`` or an interval ``0 < x < 1``, or one
    equation whose left side is not a name (``2x + 1 = 5``, ``f'(w) = 0``; ``x = ...``, ``m_t = ...`` or
    ``C(a) = ...`` define a quantity, a recurrence or a function, which the context reads)."""
    if 1 <= len(steps) <= 2 and all(s.relation in ("<", ">", "<=", ">=", "!=") for s in steps):
        return True
    return len(steps) == 1 and steps[0].relation == "=" and steps[0].kind == "chain" and not _NAMED.fullmatch(steps[0].left.latex)


# A name, an entry or a function of names on the left of an equation: x, \hat{m}_t, w_{t+1}, C(a), \sigma(z)
_BRACED = r"\{(?:[^{}]|\{[^{}]*\})*\}"
# (a number for a superscript is a power, and e^x a function: w^2 = 4 before "so" is a premise, it was a definition and
# the wrong w = 3 after it unchecked: probe helper-150)
_NAMED = re.compile(
    r"(?!e\s*\^)(?:\\(?:hat|bar|tilde|vec|widehat|overline|mathbf|boldsymbol)\s*\{\s*)?(?:\\Delta\s*)?\\?[A-Za-z]+\s*\}?"
    rf"(?:\s*_\s*(?:{_BRACED}|\\?[A-Za-z0-9]+)|\s*\^\s*(?!\{{?\s*-?\d)(?:{_BRACED}|\\?[A-Za-z0-9]+))*(?:\s*\([^()]*\))?\s*"
)


# Prose that presents the next display as following from a relation: "$|1 - \epsilon\lambda| < 1$, hence", a
# paragraph "Therefore:" after a display. Not "so that" (a purpose), nor "that is" (a restatement).
_FOLLOWS = re.compile(
    r"(?:^|[\s,;.(])(?P<word>hence|therefore|thus|so|which implies|this implies|it follows that|which gives|"
    r"this requires|which requires|this means|which means|"
    r"equivalently|if and only if|iff|i\.\s?e\.|that is)\s*[,:]?\s*$",
    re.I,
)
# An inequality in inline math (an equation before "so" is a definition, a recurrence or one being solved: the
# context and the solving steps read those).
_INLINE_RELATION = re.compile(
    r"(?<!\\)\$(?P<math>[^$\n=]{1,400}?(?:[<>]|\\(?:le|ge|leq|geq|lt|gt|ne|neq|in)(?![a-zA-Z]))[^$\n=]{0,400}?)\$[\s,;.]*$"
)
_WORD_ONLY = re.compile(r"[\s,;.:]*(?:and\s+)?$", re.I)
# Words just before inline math that deny it or set it aside: "we cannot assume $|w| < 1$", "it is not true in general
# that", "there is no reason to expect", "nothing guarantees", "unlike the case", "in contrast to": no premise, no
# assumption (w^2 \le |w| after "we cannot assume $|w| < 1$, hence" was judged as implied by it: probe helper-201 F4)
DENIED_BEFORE = re.compile(
    r"(?:\b(?:cannot|can't|can\s+not|must\s+not|mustn't|need\s+not|do\s+not|don't|does\s+not|doesn't|never|not)\s+"
    r"(?:assume|expect|suppose|take|say|claim|guarantee|know|conclude)\w*\s+(?:that\s+)?"
    r"|\bnot\s+(?:true|the\s+case|given|guaranteed|known|assumed|clear)\b(?:\s+[A-Za-z]+){0,3}\s+that\s+"
    r"|\bno\s+(?:reason|guarantee)\s+(?:to\s+(?:expect|assume|believe|think)\s+|that\s+)"
    r"|\bnothing\s+(?:guarantees|ensures|implies|says)\s+(?:that\s+)?"
    r"|\b(?:unlike|in\s+contrast\s+to|contrary\s+to|as\s+opposed\s+to)\s+(?:the\s+)?(?:case\s+|setting\s+|regime\s+)?)$",
    re.I,
)
# "Since $\sigma'(x) \le 1/4$ for every $x$, this requires": a reason given before the word, the premise still the
# display before it
_REASON_ONLY = re.compile(r"\s*(?:since|because|as)\b[^.;:]*,\s*$", re.I)
# "Setting $J'(c) = 0$ gives", "Solving $2c - 4 = 0$, we get": an equation set to be solved, whose solution the display is
_SETTING = re.compile(
    r"\b(?:setting|solving)\s+(?:the\s+[a-z]+\s+)?\$(?P<math>[^$\n]{1,400}?=[^$\n]{0,400}?)\$\s*(?:to\s+zero\s*)?,?\s*"
    r"(?:gives|yields|we\s+get|we\s+obtain|we\s+find|leads\s+to|results\s+in)\s*[,:]?\s*$",
    re.I,
)


# In a sentence, also "Since $A$, we get $B$" and "If $A$, then $B$" (whose premise may be an equation: the "if" makes
# it a hypothesis, not a definition). Before a display these words often lead a derivation, not one conclusion.
_FOLLOWS_IN_SENTENCE = re.compile(_FOLLOWS.pattern.replace("which gives|", "which gives|we get|we obtain|we have|gives|yields|"), re.I)
_MATH_SPAN = re.compile(r"\$([^$\n]+)\$")
_IF_THEN = re.compile(
    # "If $\eta\lambda < 2$ and $\lambda > 0$, then": the premises hold together (the last is the clause, the others ``both``)
    # ("with" joins a premise too: "Since $x^2 < 4$ with $x > 0$, we get $x < 2$" read x > 0 alone: probe helper-150)
    r"\b(?:(?:if|when|whenever)\s+\$(?P<math>[^$\n]{1,400}?)\$(?P<more>(?:\s*(?:,\s*and|,|and|with)\s+\$[^$\n]{1,400}?\$){0,3})\s*,?\s*then"
    # "From $e^{-w} = 1/4$ it follows that $w = \ln 4$", "Since $2a = 1$, we get $a = 1/2$": "from" and "since" make an
    # equation a premise as "if" does
    r"|\b(?:from|since)\s+\$(?P<premise>[^$\n]{1,400}?)\$(?P<also>(?:\s*(?:,\s*and|,|and|with)\s+\$[^$\n]{1,400}?\$){0,3})\s*,?\s*(?:it\s+follows\s+that|we\s+get|we\s+have|we\s+obtain"
    r"|we\s+find|we\s+conclude(?:\s+that)?|one\s+gets))\s*[,:]?\s*$",
    re.I,
)


def _follows(clean: str, start: int, end: int, words: re.Pattern[str] = _FOLLOWS) -> tuple[str, tuple[int, int] | None, str] | None:
    """Whether the prose ``clean[start:end]`` before a display ends with a word that makes the display follow
    from a relation: ("=>" or "<=>", the span of the premise in inline math, or None for the display before, and the
    LaTeX of the premises that hold with it, joined by ``\\wedge``: "If $A$ and $B$, then" gives B's span and A).
    ``words``: the words that do (:data:`_FOLLOWS_IN_SENTENCE` for a conclusion in the same sentence)."""
    while end > start and clean[end - 1].isspace():
        end -= 1
    paragraph = max(start, clean.rfind("\n\n", start, end) + 1)
    if end - paragraph > 2000:  # the word and its premise end a sentence: a long paragraph's last 2000 characters
        paragraph = end - 2000
    prose = clean[paragraph:end]
    setting = _SETTING.search(prose)  # "Setting $J'(c) = 0$ gives": the display solves that equation
    if setting is not None:
        return "=>", (paragraph + setting.start("math"), paragraph + setting.end("math")), ""
    if words is _FOLLOWS_IN_SENTENCE and (conditional := _IF_THEN.search(prose)) is not None:
        group, more = ("math", "more") if conditional["math"] is not None else ("premise", "also")
        premises = [(conditional.start(group), conditional.end(group))]
        offset = conditional.start(more)
        premises += [(m.start(1) + offset, m.end(1) + offset) for m in _MATH_SPAN.finditer(conditional[more])]
        *others, (last_start, last_end) = premises
        return "=>", (paragraph + last_start, paragraph + last_end), " \\wedge ".join(_normal(prose[s:e]) for s, e in others)
    found = words.search(prose)
    if found is None:
        return None
    word = re.sub(r"\s", "", found["word"].lower())
    relation = "<=>" if word in ("equivalently", "ifandonlyif", "iff", "i.e.", "thatis") else "=>"  # i.e.: the same, restated
    before = prose[: found.start("word")]
    inline = _INLINE_RELATION.search(before)
    if inline is not None and DENIED_BEFORE.search(re.split(r"[.;!?]\s", before[: inline.start()])[-1]):
        return None  # "we cannot assume $|w| < 1$, hence": the display is claimed alone
    if inline is not None:
        return relation, (paragraph + inline.start("math"), paragraph + inline.end("math")), ""
    if not clean[start:paragraph].strip() and (_WORD_ONLY.fullmatch(before) or _REASON_ONLY.fullmatch(before)):
        # nothing but the word between the displays (and perhaps the reason for it)
        return relation, None, ""
    return None


_IMPLICATION_ARROW = re.compile(r"\\(?:Rightarrow|implies|iff|Leftrightarrow|Longrightarrow|Longleftrightarrow)(?![a-zA-Z])")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while scanning.

    A 1 MB document makes hundreds of thousands of small sides and steps and no reference cycles; with
    the collector running, its repeated passes over them take as long as the scan itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------------------------
# The document: comments, code fences and directives out of the way, then the math located by one scan.

# amsmath's, and the packages' that students also use: IEEEtrantools' IEEEeqnarray{rCl}, breqn's dmath, empheq's
# empheq[...]{align}, xalignat{2} (each an argument, skipped, then rows like align's or eqnarray's)
_MATH_ENVS = r"(?:equation|align|alignat|xx?alignat|flalign|gather|multline|eqnarray|IEEEeqnarray|dmath|empheq|displaymath|math)\*?"
_DOC_TOKEN = re.compile(
    r"(?=[\\$])(?:(?P<esc>\\[\\$])"
    r"|(?P<begin>\\begin[ \t]*\{(?P<benv>" + _MATH_ENVS + r")\})"
    r"|(?P<end>\\end[ \t]*\{(?P<eenv>" + _MATH_ENVS + r")\})"
    r"|(?P<bopen>\\\[)|(?P<bclose>\\\])"
    r"|(?P<popen>\\\()|(?P<pclose>\\\))"
    r"|(?P<dd>\$\$)|(?P<d>\$))"
)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})([^\n]*)$", re.M)
_PERCENT_COMMENT = re.compile(r"^[ \t]*%[^\n]*|(?<!\\)%[ \t]*derivax[ \t]*:[^\n]*", re.M | re.I)
_DIRECTIVE = re.compile(r"\s*derivax\s*:\s*(assume|skip|answer)\b(.*)", re.I | re.S)
_ANSWER = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9_.\-]{0,79})\s*[:=]\s*(.*)", re.S)
_ALIGNAT_ARG = re.compile(r"[ \t]*(?:\[[^\[\]\n]*\][ \t]*)?\{(?P<inner>[^{}\n]*)\}")  # [options]{columns or environment}
# a value solved for: a name, one relation and what it equals (y = 1, w_2 = -3, y = 3 - x = 1), nothing else after it
_SOLVED_VALUE = re.compile(
    r"(?:\s|\\[,;:! ]|\\q?quad(?![a-zA-Z])|\\text\s*\{\s*and\s*\})*"
    r"(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?\s*(?:=[^<>]*|(?:<|>|\\le|\\ge|\\leq|\\geq)[^=<>]*)$"
)
_RELATION_OPENS = re.compile(r"\s*(?:=|<|>|\\(?:le|leq|ge|geq|ne|neq|approx)(?![A-Za-z]))")
_EMPTY_GROUP = re.compile(r"(?:(?<![A-Za-z^_}\]])|(?<=\\[lg]e)|(?<=\\[lg]eq)|(?<=\\cdot)|(?<=\\times))\{\s*\}")
_QUIET = re.compile(r"(?:\s|\\q?quad(?![a-zA-Z])|\(\s*\d{1,4}[a-z]?\s*\))*")
_NOISE = re.compile(
    r"\\(?:tag\*?|label)[ \t]*\{[^{}\n]*\}|\\(?:nonumber|notag|displaystyle|textstyle|scriptstyle)(?![a-zA-Z])|(?<!\\)%[^\n]*"
)


def _blank(piece: str) -> str:
    """``piece`` with everything but its newlines turned into spaces, so offsets and lines stay put."""
    if "\n" not in piece:
        return " " * len(piece)
    return re.sub(r"[^\n]", " ", piece)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the sorted, disjoint ``spans`` blanked."""
    if not spans:
        return text
    parts, at = [], 0
    for start, end in spans:
        parts += [text[at:start], _blank(text[start:end])]
        at = end
    parts.append(text[at:])
    return "".join(parts)


class _Found(NamedTuple):
    """Where one display sits: the whole of it, its inner LaTeX, and how its rows behave."""

    start: int
    end: int
    body_start: int
    body_end: int
    environment: str
    inline: bool
    multline: bool = False
    columns: bool = False  # align-like: every second top-level ``&`` separates two equations


def source_lines(text: str) -> list[str]:
    """The document's lines as its steps number them: split at newlines only (``str.splitlines`` also splits at a
    form feed, U+2028 or U+0085, which PDF conversion leaves in prose, and every later line number moved)."""
    lines = text.split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


class _Lines:
    """1-based line numbers of offsets, by bisection over the newlines."""

    def __init__(self, text: str):
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1


_CONTRADICTED = re.compile(r"contradict\w*|absurd\w*|impossible|\bfalse\b", re.I)
_MEMBERSHIP_OR_ARROW = re.compile(r"\\(?:in|to|sim|propto|[Rr]ightarrow|implies)(?![a-zA-Z])")


class _Document:
    """A document prepared for both listings: cleaned text, line table, displays with their directives."""

    def __init__(self, text: str, inline: bool, arithmetic: bool = False):
        self.text = _math_fences(_unquoted(text))
        self.clean, directives = _prepare(self.text)
        self.lines = _Lines(text)
        self.concluded: dict[int, tuple[str, tuple[int, int], str]] = {}  # inline conclusions by start: (=> or <=>, premise span, both)
        self.found = [
            f for f in _locate(self.clean) if inline or not f.inline or (arithmetic and (self._chain_of_equations(f) or self._concludes(f)))
        ]
        self.arithmetic = arithmetic and not inline
        self.displays = self._displays(directives)

    def _displays(self, directives: list[tuple[int, str, str]]) -> list[Display]:
        out, pending = [], 0
        for found in self.found:
            skipped, assumptions = False, []
            while not found.inline and pending < len(directives) and directives[pending][0] < found.end:
                _, kind, value = directives[pending]
                skipped = skipped or kind == "skip"
                if kind == "assume" and value:
                    assumptions.append(value)
                pending += 1
            latex = self.text[found.body_start : found.body_end].strip()
            line, end_line = self.lines.line_of(found.start), self.lines.line_of(max(found.start, found.end - 1))
            out.append(Display(latex, line, end_line, found.environment, skipped, tuple(assumptions)))
        return out

    def _chain_of_equations(self, found: _Found) -> bool:
        """Inline math that is ``A = B = C ...`` (two equals signs or more, no other relation)."""
        body = self.clean[found.body_start : found.body_end]
        if _OTHER_RELATION.search(body) or "\\vee" in body:  # (w = 2 \vee w = 3: alternatives, no chain)
            return False
        depth, equals = 0, 0
        for m in _EQUALS_OR_BRACE.finditer(body):  # only equals signs outside braces: \sum_{i=1}^n is no relation
            char = m.group()
            depth += 1 if char == "{" else -1 if char == "}" else 0
            equals += char == "=" and depth == 0
        return equals >= 2

    def _concludes(self, found: _Found) -> bool:
        """Inline math of one relation that the sentence presents as following from inline math before it
        (``$1 - \\beta > 0$, hence $\\frac{1}{1-\\beta} > 1$``; ``Setting $f'(x) = 0$ gives $x = 2$``): an implication
        between the two, kept in :attr:`concluded`."""
        body = self.clean[found.body_start : found.body_end]
        # one relation, or an interval 0 < x < 1 (an equation A = B = C is a derivation, not one conclusion); or
        # alternatives of such (w = 2 \vee w = 3, written "$w = 2$ or $w = 3$")
        for part in body.split("\\vee"):
            others, equals = len(_OTHER_RELATION.findall(part)), sum(1 for m in _EQUALS_OR_BRACE.finditer(part) if m.group() == "=")
            if not (others + equals == 1 or (others == 2 and not equals)):
                return False
        if len(body) > 400 or _MEMBERSHIP_OR_ARROW.search(body):
            return False
        follows = _follows(self.clean, max(0, found.start - 2000), found.start, _FOLLOWS_IN_SENTENCE)
        if follows is None or follows[1] is None:
            return False
        if _CONTRADICTED.search(self.clean, max(0, follows[1][0] - 80), follows[1][0]):
            return False  # "..., which contradicts $w^2 \\le 25$. Hence $w \\le 5$": it follows from the contradiction, not from that
        self.concluded[found.start] = follows
        return True

    def quiet(self, start: int, end: int) -> bool:
        """Whether only blank lines, comments and equation tags like ``(7)`` lie between two displays."""
        return _QUIET.fullmatch(self.clean, start, end) is not None

    def body(self, found: _Found) -> str:
        """The inner LaTeX of a display with tags, labels and comments blanked (offsets kept)."""
        body = self.clean[found.body_start : found.body_end]
        body = _EMPTY_GROUP.sub(lambda m: _blank(m.group()), body)  # ={}& and &{}=: an empty group only spaces
        if "\\" in body or "%" in body:
            body = _NOISE.sub(lambda m: _blank(m.group()), body)
            body = _blank_spans(body, _typography(body))
        return body


# A Markdown blockquote: "> " (nested "> > ") before each line; a display inside one continues on quoted lines
_QUOTE_MARK = re.compile(r"^ {0,3}(?:> ?)+", re.MULTILINE)


def _unquoted(text: str) -> str:
    """``text`` with the blockquote markers of Markdown blanked (offsets kept): a run of lines that start with ``>``
    after a blank line (or at the start). A ``> 0`` that continues the line before it stays a relation."""
    if ">" not in text:
        return text
    spans, previous_blank, quoting = [], True, False
    at = 0
    for line in text.splitlines(keepends=True):
        mark = _QUOTE_MARK.match(line)
        quoting = mark is not None and (quoting or previous_blank)
        if quoting:
            spans.append((at + mark.start(), at + mark.end()))
        previous_blank = not line.strip()
        at += len(line)
    return _blank_spans(text, spans)


def _math_fences(text: str) -> str:
    """GitHub's and GitLab's ```` ```math ```` fence as the display it is: its fences become ``$$`` (offsets kept)."""
    if "math" not in text:
        return text
    parts, at = [], 0
    for start, end in _fences(text):
        opener = _FENCE.match(text, start)
        if opener is None or opener.group(2).strip().lower() != "math":
            continue
        closer_start = text.rfind("\n", start, end - 1) + 1
        parts += [text[at:start], "$$".ljust(opener.end() - start), text[opener.end() : closer_start], "$$".ljust(end - closer_start)]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _prepare(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Blank fenced code, HTML comments and LaTeX comment lines; return the text and its directives."""
    directives: list[tuple[int, str, str]] = []
    clean = _uncommented(text, directives)
    clean = _blank_spans(clean, [m.span() for m in _ROW_SPACING.finditer(clean)])  # \\[2ex] is no \[
    clean = _OPERATOR_WORD.sub(_operator_of_word, clean)
    return _ALTERNATIVES.sub(_one_disjunction, clean), directives


# An operation written as a word in math: "3 \text{ times } 4", "50\% \text{ of } 80", "a \text{ plus } b". The word is
# read as its operator (padded to its length, so every offset stays); as a separator it cut "3" off the side, and
# "3 times 4 = 12" was judged as 4 = 12
_OPERATOR_WORD = re.compile(r"\\(?:text|textrm|mathrm|mbox)\s*\{\s*(times|multiplied\s+by|plus|minus|divided\s+by|of)\s*\}", re.IGNORECASE)
_OPERATORS_SAID = {"times": "\\cdot", "multiplied by": "\\cdot", "plus": "+", "minus": "-", "divided by": "/", "of": "\\cdot"}


def _operator_of_word(found: re.Match) -> str:
    word = re.sub(r"\s+", " ", found.group(1).lower())
    before = found.string[max(0, found.start() - 12) : found.start()].rstrip()
    if word == "of" and not re.search(r"(?:\\%|\d|\})$", before):
        return found.group()  # "the gradient of L": no product; after a number, a percentage or a fraction it is one
    return f" {_OPERATORS_SAID[word]} ".ljust(len(found.group()))


def _uncommented(text: str, directives: list[tuple[int, str, str]]) -> str:
    """``text`` with fenced code, code spans, HTML comments and LaTeX comment lines blanked (lines and offsets kept);
    the directives found in the comments are added to ``directives``, in order."""
    clean = _blank_spans(text, _fences(text))
    clean = _blank_spans(clean, _code_spans(clean))
    spans: list[tuple[int, int]] = []
    at = clean.find("<!--")
    while at >= 0:
        close = clean.find("-->", at + 4)
        if close < 0:
            break  # no later comment can close either
        _directive(clean[at + 4 : close], at, directives)
        spans.append((at, close + 3))
        at = clean.find("<!--", close + 3)
    clean = _blank_spans(clean, spans)
    spans, kept = [], []
    for m in _PERCENT_COMMENT.finditer(clean):
        _directive(m.group().lstrip()[1:], m.start(), directives)
        spans.append(m.span())
        # a comment line inside a paragraph or a display is no blank line (TeX reads none there): one ~ is left, so
        # that an align with a "% expand" row stays one display (it was dropped, and its wrong step never judged)
        start, end = clean.rfind("\n", 0, m.start()) + 1, clean.find("\n", m.end())
        before = clean[clean.rfind("\n", 0, max(0, start - 1)) + 1 : max(0, start - 1)] if start > 0 else ""
        after = clean[end + 1 : (clean.find("\n", end + 1) + 1 or len(clean) + 1) - 1] if end >= 0 else ""
        if not clean[start : m.start()].strip() and before.strip() and after.strip():
            kept.append(m.start())
    directives.sort(key=lambda d: d[0])
    clean = _blank_spans(clean, spans)
    for at in kept:
        clean = f"{clean[:at]}~{clean[at + 1 :]}"
    return clean


# A LaTeX file (where an unescaped % starts a comment anywhere on a line; in Markdown, "5% of" is a percent sign)
_LATEX_FILE = re.compile(r"\\(?:documentclass|begin\s*\{document\}|(?:sub)*section\*?\s*\{|usepackage)")
_TRAILING_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


# a^1 = \sigma(z^1), x^0 = x: a first (or zeroth) superscript defined by something that numbers its names the same way
_FIRST_LAYER_DEFINED = re.compile(
    r"(?<![\\A-Za-z])[A-Za-z]\s*\^\s*(?:\{\s*[01]\s*\}|[01](?!\d))\s*(?::=|=|\\coloneqq)"
    r"[^$=\n]*?(?<![\\A-Za-z])[A-Za-z]\s*\^\s*(?:\{\s*\d\s*\}|\d(?!\d))"
)
_FIRST_LAYER = re.compile(r"(?<![\\A-Za-z])([A-Za-df-z])\s*\^\s*(?:\{\s*[01]\s*\}|[01](?!\d))")


def layer_letters(text: str) -> frozenset[str]:
    r"""The Latin letters whose numbered superscripts a document uses as layers (Nielsen's notation): where it defines
    a first or zeroth superscript by names numbered alike (``a^1 = \sigma(z^1)``, ``z^1 = w^1 x + b^1``), every
    letter it writes with ^0 or ^1 (nobody writes a first power); empty otherwise (``x^0 = 1`` is a fact of powers).
    e stays Euler's number."""
    if not _FIRST_LAYER_DEFINED.search(text):
        return frozenset()
    # never a letter that is a number somewhere: alone in inline math ("Now let $a$ be a real number"), the variable of a
    # derivative (d/da), a function's argument (p(x)), or bare beside its own ^0, ^1 in the prose's math (x^1 = x, e^x = x^0 + x^1 + ...):
    # there a^2 is its square (d/da (a^2 + 3a) = 3 was ok: review helper-185 R9, R6)
    bare = set(_LETTER_ALONE.findall(text)) | set(_DIFFERENTIATED.findall(text)) | set(_ARGUMENT.findall(text))
    for math in _MATH_SEGMENT.finditer(text):
        alone = set(_BARE_LETTER.findall(math.group(0)))
        bare |= alone & set(_FIRST_LAYER.findall(math.group(0)))
    return frozenset(_FIRST_LAYER.findall(text)) - bare


_LETTER_ALONE = re.compile(r"(?<!\$)\$\s*([A-Za-z])\s*\$(?!\$)")
_DIFFERENTIATED = re.compile(r"(?:(?<![A-Za-z\\])d|\\partial)\s*([A-Za-z])(?![A-Za-z^_])")
_ARGUMENT = re.compile(r"(?<![\\A-Za-z])[A-Za-z]\s*\(\s*([A-Za-z])\s*\)")
_MATH_SEGMENT = re.compile(r"(?<!\$)\$[^$]+\$(?!\$)")  # inline math, where the prose states what a letter is
_BARE_LETTER = re.compile(r"(?<![\\A-Za-z])([A-Za-z])(?![A-Za-z]|\s*[\^_'])")


# \newcommand{\log}{...}, \renewcommand*\cdot, \providecommand, \DeclareMathOperator{\tr}, \def\x, \let\times=+
_COMMAND_DEFINED = re.compile(
    r"\\(?:(?:renew|provide|new)command\*?|DeclareMathOperator\*?|def|edef|gdef|xdef|let)\s*\{?\s*\\([A-Za-z]+)\s*\}?"
    r"\s*(?:\[\d\]\s*)?(?:=\s*)?(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+)?"
)
# commands derivax reads alike: a document that makes one the other (\renewcommand{\epsilon}{\varepsilon}, \let\phi\varphi,
# \renewcommand{\vec}[1]{\mathbf{#1}}) changes nothing derivax reads (its steps were all undecided: review helper-185 R5)
_ALIKE = (
    {"epsilon", "varepsilon"},
    {"phi", "varphi"},
    {"theta", "vartheta"},
    {"rho", "varrho"},
    {"vec", "mathbf", "boldsymbol", "bm"},
    {"le", "leq"},
    {"ge", "geq"},
    {"ne", "neq"},
)


def commands_defined(text: str) -> dict[str, int]:
    """The commands a document defines or redefines itself, each with the line of its first definition; a command made
    another that derivax reads alike (\\epsilon as \\varepsilon, \\vec as \\mathbf) is left out."""
    out: dict[str, int] = {}
    for found in _COMMAND_DEFINED.finditer(text):
        name, body = found.group(1), (found.group(2) or "").strip()
        body = body[1:-1].strip() if body.startswith("{") else body
        target = re.fullmatch(r"\\([A-Za-z]+)\s*(?:\{\s*#1\s*\})?", body)
        if target is not None and any({name, target.group(1)} <= group for group in _ALIKE):
            continue
        out.setdefault(name, text.count("\n", 0, found.start()) + 1)
    return out


def without_comments(text: str) -> str:
    r"""The document as its prose is read: fenced code, code spans, HTML comments and comment lines blanked, and in a
    LaTeX file every comment ("Let $f(x) = x^2$. % Let $f(x) = x^3$."), lines and offsets kept. What is commented
    out states nothing: "% Assume $x > 0$ throughout." was an assumption of the next display."""
    clean = _uncommented(text, [])
    if _LATEX_FILE.search(clean):
        clean = _blank_spans(clean, [m.span() for m in _TRAILING_COMMENT.finditer(clean)])
    return clean


# "Setting $w^2 - 5w + 6 = 0$ gives $w = 2$ or $w = 3$": the conclusion is the disjunction, one inline math (the "$ or $"
# between them written \vee, padded to its length so that every offset stays); after a word that concludes only
_ALTERNATIVE = r"\$[^$\n]{1,200}?[=<>][^$\n]{0,200}?\$"
_ALTERNATIVES = re.compile(
    r"(?P<lead>\b(?:gives?|yields?|we\s+get|we\s+obtain|we\s+find|we\s+have|so|hence|thus|therefore|then|i\.e\.|solutions?\s+(?:are|is)"
    rf"|roots?\s+(?:are|is))\s*[,:]?\s*)(?P<listed>{_ALTERNATIVE}(?:(?:\s*,)?\s+or\s+{_ALTERNATIVE}|\s*,\s*{_ALTERNATIVE}){{1,9}})",
    re.IGNORECASE,
)


def _one_disjunction(found: re.Match) -> str:
    """ "gives $w = 0$, $w = 2$ or $w = -2$": one inline math ``w = 0 \\vee w = 2 \\vee w = -2``, padded to the length
    of what it replaces (every offset stays); spaces around the relations are dropped where it would not fit (a third
    alternative was lost, and the step judged wrong there: probe helper-150)."""
    listed = found["listed"]
    pieces = [m.strip() for m in re.findall(r"\$([^$\n]+)\$", listed)]
    said = [re.fullmatch(r"\s*([A-Za-z](?:_\{?\w+\}?)?)\s*=[^=<>]+", p) for p in pieces]
    named = {m.group(1) for m in said if m}
    one_name = all(said) and len(named) == 1
    if not re.search(r"\sor\s", listed, re.IGNORECASE) and not one_name:
        return found.group(0)  # "gives $x = 1$, $y = 2$": both hold, a list of values, no alternatives
    if len(named) > 1:
        return found.group(0)  # "$w = 7$, $b = 2$ or $b = -2$": w = 7 and (b = 2 or -2), never one disjunction (helper-154)
    joined = _VEE.join(pieces)
    if len(joined) + 2 > len(listed):
        joined = "\\vee ".join(re.sub(r" *([=<>]) *", r"\1", p) for p in pieces)
    if len(joined) + 2 > len(listed):
        return found.group(0)  # left as written: the first alternative alone is then judged with the others stated
    # (the padding goes after the first \vee: inline math may not end with a space)
    at = joined.index("\\vee") + len("\\vee")
    joined = joined[:at] + " " * (len(listed) - 2 - len(joined)) + joined[at:]
    return f"{found['lead']}${joined}$"


_VEE = " \\vee "


# Typography only, blanked before anything is read: sizes (\small), a row's spacing (\\[2ex]), and the note over a
# relation (\underset{\text{linearity}}{=}, \overset{(a)}{\le}, \stackrel{def}{=}: the relation stays, the note goes), and
# \mathrel{=} (a relation spelled as one: the relation stays).
_SIZES = re.compile(r"\\(?:tiny|Tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge)(?![A-Za-z])")
_ROW_SPACING = re.compile(r"(?<=\\\\)\[\s*-?\d*\.?\d+\s*(?:ex|em|pt|mm|cm|in|mu)\s*\]")
_NOTED_RELATION = re.compile(
    r"\\(?:(?:underset|overset|stackrel)\s*\{(?:[^{}]|\{[^{}]*\})*\}|mathrel(?![a-zA-Z]))\s*(?P<open>\{)?\s*(?P<rel>=|<|>|\\le(?:q)?|\\ge(?:q)?)(?![a-zA-Z])\s*(?P<close>\})?"
)


# What makes a note over a relation a condition of its own (\overset{x \ge 0}{=}, \underset{x \to 0}{=}): kept, never blanked
NOTE_STATES = re.compile(r"[=<>]|\\(?:le|leq|ge|geq|ne|neq|lt|gt|to|in|rightarrow|approx|sim)(?![a-zA-Z])")


# Wrappers that only decorate what they hold (\boxed{2 + 3 = 5}, \underbrace{a + a}_{2a}, \textcolor{red}{x}): the
# command, its braces and a brace's note are blanked, the content read; layout commands (\displaybreak, \noalign{..},
# \vphantom{..}) are blanked whole (\phantom leads a continuation row: _ROW_LEAD). Unblanked, a boxed relation was no
# step at all and an \underbrace unreadable.
_WRAPPER = re.compile(
    r"\\(?P<keep>boxed|fbox|bbox|cancel|bcancel|xcancel|underbrace|overbrace|(?:text|)color\s*\{[A-Za-z!0-9]*\}|colorbox\s*\{[A-Za-z!0-9]*\})\s*\{"
    r"|\\(?P<drop>noalign|vphantom)\s*\{"
    r"|\\(?:displaybreak(?:\s*\[\d\])?|allowbreak)(?![A-Za-z])"
)

_BRACE_NOTE = re.compile(r"\s*[_^]\s*\{")
_RELATION_IN_BOX = re.compile(r"=|<|>|\\(?:le|leq|ge|geq|ne|neq|approx|Rightarrow|implies)(?![A-Za-z])")


def brace_end(text: str, start: int) -> int | None:
    """The index after the ``}`` closing the ``{`` at ``start`` (``\\{`` and ``\\}`` are no braces), None if none closes it."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0:
            return i + 1
        i += 1
    return None


def _wrappers(text: str) -> list[tuple[int, int]]:
    """The spans of :data:`_WRAPPER` commands to blank: each wrapper's command and braces, a layout command whole."""
    spans = []
    for m in _WRAPPER.finditer(text):
        if m.group("keep") is None and m.group("drop") is None:
            spans.append(m.span())
            continue
        end = brace_end(text, m.end() - 1)
        if end is None:
            continue
        if m.group("drop"):
            spans.append((m.start(), end))
            continue
        if m.group("keep") in ("boxed", "fbox", "bbox") or "color" in m.group("keep"):
            # \boxed{a = b}: the relation is read; \boxed{2 + 2} \cdot 3 keeps its braces, a group (8 for 12 otherwise)
            relation = _RELATION_IN_BOX.search(text, m.end(), end - 1)
            spans += [(m.start(), m.end()), (end - 1, end)] if relation else [(m.start(), m.end() - 1)]
        else:
            spans.append((m.start(), m.end() - 1))  # \underbrace{2 + 2}_{4} \cdot 3: the braces stay, a group
        note = _BRACE_NOTE.match(text, end) if m.group("keep") in ("underbrace", "overbrace") else None
        if note is not None and (note_end := brace_end(text, note.end() - 1)) is not None:
            spans.append((end, note_end))
    return spans


def _typography(text: str) -> list[tuple[int, int]]:
    """The spans of a display's body that are typography only (see above), to blank."""
    spans = [m.span() for m in _SIZES.finditer(text)] + _wrappers(text)
    for m in _NOTED_RELATION.finditer(text):
        if (m.group("open") is None) != (m.group("close") is None):
            continue  # \underset{a}{= b}: not a note over a relation alone
        if NOTE_STATES.search(text[m.start() : m.start("rel")].split("{", 1)[-1]) and not text.startswith("\\mathrel", m.start()):
            continue  # \overset{x \ge 0}{=}: a condition over the relation, not a note (dropped, the step was flagged at x = -1)
        spans.append((m.start(), m.start("rel") if m.group("open") is None else m.end("open")))
        if m.group("close") is not None:
            spans.append(m.span("close"))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):  # disjoint, as _blank_spans needs (a size inside a note is inside its span)
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _directive(comment: str, offset: int, out: list[tuple[int, str, str]]) -> None:
    """Record ``derivax: assume ...`` or ``derivax: skip`` found in one comment."""
    m = _DIRECTIVE.match(comment)
    if m:
        out.append((offset, m.group(1).lower(), " ".join(m.group(2).split())))


def answers(text: str) -> dict[str, str]:
    r"""A document's final answers, from ``% derivax: answer ID: LATEX`` (or ``<!-- derivax: answer ID = LATEX -->``).

    How a Markdown or LaTeX submission names its answer to problem ID for ``derivax grade``; an answer
    restated word for word counts once, and a problem given two different answers is in
    :func:`conflicting_answers` (which one the student meant is not for derivax to choose). Directives inside
    code fences are not read, like every other directive.
    """
    return {problem: given[0] for problem, given in _answers_given(text).items()}


def conflicting_answers(text: str, same: Callable[[list[str]], bool] | None = None) -> dict[str, str]:
    """Problems a document answers twice, differently: problem -> the reason (both answers quoted). ``same`` says of
    a problem's answers whether they read alike (``0 < \\eta < 2/L`` and ``0<\\eta<\\frac{2}{L}``: one answer given
    twice, no conflict; it scored 0, probe helper-146)."""
    return {
        problem: f"two different answers are given ({given[0][:60]!r}, then {given[1][:60]!r}): which one counts is the student's to say"
        for problem, given in _answers_given(text).items()
        if len(given) > 1 and not (same is not None and same(given))
    }


def _answers_given(text: str) -> dict[str, list[str]]:
    """Each problem's distinct answers in the order given (spacing aside)."""
    found: dict[str, list[str]] = {}
    for _, kind, value in _prepare(text[:2_000_000])[1]:
        m = _ANSWER.fullmatch(value) if kind == "answer" else None
        answer = math_inside(m.group(2).strip()) if m else ""
        if answer.strip():
            given = found.setdefault(m.group(1), [])
            if "".join(answer.split()) not in ["".join(g.split()) for g in given]:
                given.append(answer.strip())
    return found


# An answer written as math (``$x^2$``, ``$$...$$``, ``\(...\)``, ``\[...\]``): the math inside (the dollars were read as
# LaTeX and the answer was unparsed)
_MATH_WRAPPER = re.compile(r"^\s*(?:\$\$(?P<a>[^$]*)\$\$|\$(?P<b>[^$]*)\$|\\\((?P<c>.*)\\\)|\\\[(?P<d>.*)\\\])\s*$", re.S)
# A label that names an answer before it (``\text{answer: }``, ``\text{The final answer is }``, ``\text{Solution:}``)
# and a full stop in text after it: no math. Only these words: "Wrong: ", "For positive x: " or "The opposite is "
# carry meaning and were dropped with it (probe helper-116)
_ANSWER_LABEL = re.compile(
    r"^\s*\\(?:text|textrm|mathrm)\s*\{\s*(?:(?:the|my)\s+)?(?:final\s+)?(?:answer|solution|result|ans\.?)"
    r"(?:\s+is)?\s*:?\s*\}\s*:?\s*(?=\S)",
    re.IGNORECASE,
)
_TEXT_STOP = re.compile(r"\\(?:text|textrm|mathrm)\s*\{\s*[.;]\s*\}\s*$")


def math_inside(text: str) -> str:
    r"""An answer without what wraps its math: ``$...$`` and the other math delimiters around the whole of it, a label
    naming the answer before it (``\text{answer: } a - y``) and a full stop in ``\text{.}`` after it; else the text as
    it is.
    The same for an answer in a document's directive, a YAML submission, ``equiv`` and ``check``.

    >>> math_inside(r"$\sigma(z)(1 - \sigma(z))$"), math_inside(r"\text{The answer is } y = 2x + 1\text{.}")
    ('\\sigma(z)(1 - \\sigma(z))', 'y = 2x + 1')
    """
    wrapped = _MATH_WRAPPER.match(text)
    if wrapped:
        text = next(g for g in wrapped.groups() if g is not None)
    return _TEXT_STOP.sub("", _ANSWER_LABEL.sub("", text, count=1)).strip() or text


# Code and text switched off, never math to judge: LaTeX's verbatim environments, \iffalse ... \fi, \verb|...|, HTML's
# <pre> and <code>, and a Markdown code span that is math and nothing else (`$$1 + 1 = 3$$` shows a display's source;
# a backtick used as an apostrophe or an opening quote leaves the math after it alone).
# Blocks are found by their opener, then the first closer after it (str.find: linear); a lazy ``.*?`` to the closer
# ran to the end of the text for every opener never closed, and 16,000 of them held a class's grading for minutes.
_CODE_OPENER = re.compile(
    r"\\begin\{(?P<env>verbatim\*?|Verbatim|lstlisting|minted|comment|filecontents\*?)\}|<(?P<tag>pre|code)\b[^>\n]{0,400}>", re.IGNORECASE
)
_CODE_INLINE = re.compile(
    r"\\verb\*?(?P<mark>[^A-Za-z\s*])[^\n]{0,2000}?(?P=mark)|(?<!`)`(?!`)[ \t]*\$[^`\n]{0,2000}\$[ \t]*`(?!`)", re.IGNORECASE
)
_TAG_CLOSER = {"pre": re.compile(r"</pre\s*>"), "code": re.compile(r"</code\s*>")}


def _code_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of verbatim environments, <pre> and <code>, and inline code (\\verb, a code span of math); an opener
    never closed is left as text, and the openers after it of the same kind too (none of them can close)."""
    inline = [m.span() for m in _CODE_INLINE.finditer(text)]  # disjoint, in order
    lower = text.lower()
    spans, at, unclosed = [], 0, set()
    for opener in _CODE_OPENER.finditer(text):
        start = opener.start()
        env, tag = opener.group("env"), (opener.group("tag") or "").lower()
        k = bisect.bisect_right(inline, (start, len(text) + 1)) - 1  # the last inline span starting at or before it
        if start < at or (env or tag) in unclosed or (k >= 0 and inline[k][0] <= start < inline[k][1]):
            continue  # inside a block found, or a \\verb: as the one expression read them
        if env:
            found = text.find(f"\\end{{{env}}}", opener.end())
            end = found + len(env) + 6 if found >= 0 else -1
        else:
            closer = _TAG_CLOSER[tag].search(lower, opener.end())
            end = closer.end() if closer is not None else -1
        if end < 0:
            unclosed.add(env or tag)
            continue
        spans.append((start, end))
        at = end
    return spans + inline


_CONDITIONALS = re.compile(r"\\(?:(?P<open>if(?!f(?![A-Za-z])|thenelse(?![A-Za-z]))[A-Za-z]*)|(?P<word>else|fi))(?![A-Za-z])")


def _switched_off(text: str) -> list[tuple[int, int]]:
    r"""Spans of ``\iffalse ... \else`` or ``\iffalse ... \fi``, as TeX skips them: a nested ``\if...`` (``\ifnum``,
    ``\ifdefined``) is skipped with its own ``\fi``, and the ``\else`` branch is typeset (so judged). ``\iff``, the
    symbol, and ``\ifthenelse`` open nothing."""
    spans = []
    at = 0
    while (start := text.find("\\iffalse", at)) >= 0:
        if re.match(r"[A-Za-z]", text[start + 8 : start + 9]):
            at = start + 8
            continue
        depth, end = 0, None
        for token in _CONDITIONALS.finditer(text, start + 8):
            if token.group("open"):
                depth += 1
            elif depth:
                depth -= token.group("word") == "fi"
            else:
                end = token.start() if token.group("word") == "else" else token.end()
                break
        if end is None:
            break  # never closed: left as text
        spans.append((start, end))
        at = end
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of code and switched-off text (:func:`_code_blocks`, :func:`_switched_off`), to blank like fenced code."""
    found = sorted(_code_blocks(text) + _switched_off(text))
    merged: list[tuple[int, int]] = []
    for start, end in found:  # disjoint, as _blank_spans needs (a \verb inside an \iffalse is inside its span)
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fences(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks; a fence that never closes is left as text."""
    fences = list(_FENCE.finditer(text))
    spans, i, failed = [], 0, {}
    while i < len(fences):
        opener = fences[i]
        mark = opener.group(1)
        char, size = mark[0], len(mark)
        j = None
        if size < failed.get(char, size + 1):
            j = next((k for k in range(i + 1, len(fences)) if _closes(fences[k], char, size)), None)
        if j is None:
            failed[char] = min(size, failed.get(char, size))
            i += 1
            continue
        spans.append((opener.start(), fences[j].end()))
        i = j + 1
    return spans


def _closes(fence: re.Match, char: str, size: int) -> bool:
    mark = fence.group(1)
    return mark[0] == char and len(mark) >= size and not fence.group(2).strip()


def _opener(m: re.Match, text: str) -> str | None:
    """The key of the display ``m`` would open (``"$$"``, ``"\\["``, an environment, ``"$"``, ``"\\("``)."""
    kind = m.lastgroup
    if kind == "dd":
        return "$$"
    if kind == "bopen":
        return "\\["
    if kind == "begin":
        return m.group("benv")
    if kind == "popen":
        return "\\("
    if kind == "d" and m.end() < len(text) and not text[m.end()].isspace():
        return "$"
    return None


def _closer(m: re.Match, key: str, text: str) -> bool:
    """Whether ``m`` closes a display opened with ``key``."""
    kind = m.lastgroup
    if key == "$":
        after = text[m.end() : m.end() + 1]
        return kind == "d" and not text[m.start() - 1].isspace() and not after.isdigit()
    return (
        (key == "$$" and kind == "dd")
        or (key == "\\[" and kind == "bclose")
        or (key == "\\(" and kind == "pclose")
        or (kind == "end" and m.group("eenv") == key)
    )


def _locate(text: str) -> list[_Found]:
    """Every display of ``text``, inline ones included, in one left-to-right pass.

    Math cannot span a blank line (TeX ends the paragraph there), so an opener with no closer before the
    next blank line is left as text; ``dead`` remembers where such a search stopped so that no later
    opener of the same kind searches that stretch again, which keeps the scan linear.
    """
    tokens = list(_DOC_TOKEN.finditer(text))
    blank = _NextBlank(text)
    found: list[_Found] = []
    dead: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        m = tokens[i]
        key = _opener(m, text)
        if key is None or m.start() < dead.get(key, -1):
            i += 1
            continue
        j, stop = _close(tokens, i, key, text, blank.after(m.end()))
        if j is None:
            dead[key] = stop
            i += 1
            continue
        found.append(_found(text, m, tokens[j], key))
        i = j + 1
    return found


class _NextBlank:
    """Where the next blank line starts, searched lazily and remembered (queries mostly move forward)."""

    def __init__(self, text: str):
        self.text, self.asked, self.answer = text, len(text) + 1, len(text)

    def after(self, at: int) -> int:
        if not self.asked <= at <= self.answer:
            m = _BLANK_LINE.search(self.text, at)
            self.asked, self.answer = at, m.start() if m else len(self.text)
        return self.answer


def _close(tokens: list[re.Match], i: int, key: str, text: str, limit: int) -> tuple[int | None, int]:
    """The index of the token closing the display opened by ``tokens[i]`` before ``limit`` (the next blank
    line), or None and where the search stopped."""
    inline = key in ("$", "\\(")
    for j in range(i + 1, len(tokens)):
        m = tokens[j]
        if m.start() >= limit:
            break
        if inline and m.lastgroup in ("dd", "bopen", "begin"):
            return None, m.start()
        if _closer(m, key, text):
            return j, m.end()
    return None, limit


def _alone(text: str, start: int, end: int, body_start: int, body_end: int) -> bool:
    """Inline math that stands alone on its line(s) and states a relation (``$J = \\dots \\\\ = \\dots$``, as pages
    converted from the web write a derivation): a display, not prose."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    after_end = text.find("\n", end)
    after = text[end : after_end if after_end >= 0 else len(text)]
    relation = re.search(r"=|\\[lg]e(?:q)?(?![a-zA-Z])|<|>", text[body_start:body_end])
    return not before.strip() and after.strip() in ("", ".", ",", ";") and relation is not None


def _found(text: str, opener: re.Match, closer: re.Match, key: str) -> _Found:
    """Describe the display between ``opener`` and ``closer``."""
    body_start, body_end = opener.end(), closer.start()
    base = key.rstrip("*")
    if base.endswith("alignat") or base in ("IEEEeqnarray", "empheq"):
        arg = _ALIGNAT_ARG.match(text, body_start, body_end)
        body_start = arg.end() if arg else body_start
        if base == "empheq":  # \begin{empheq}[left=\empheqlbrace]{align*}: laid out as the environment it names
            base = arg.group("inner").strip().rstrip("*") if arg else "equation"
        base = {"xalignat": "alignat", "xxalignat": "alignat", "IEEEeqnarray": "eqnarray"}.get(base, base)
    if (key in ("$", "\\(") and not _alone(text, opener.start(), closer.end(), body_start, body_end)) or base == "math":
        return _Found(opener.start(), closer.end(), body_start, body_end, "inline", True)
    if base in ("align", "alignat", "flalign", "eqnarray"):
        return _Found(opener.start(), closer.end(), body_start, body_end, "align", False, columns=base != "eqnarray")
    if base == "gather":
        return _Found(opener.start(), closer.end(), body_start, body_end, "gather", False)
    environment = {"$$": "$$", "\\[": "\\[", "displaymath": "\\["}.get(base, "equation")
    inner = _INNER_ENV.match(text, body_start, body_end)
    if inner:
        environment = _INNER_NAMES[inner.group(1)]
    return _Found(opener.start(), closer.end(), body_start, body_end, environment, False, multline=base == "multline")


_INNER_ENV = re.compile(r"\s*\\begin\s*\{(aligned|alignedat|split|gathered|align|gather)\*?\}")
_INNER_NAMES = {
    "aligned": "aligned",
    "alignedat": "aligned",
    "split": "aligned",
    "gathered": "gather",
    "align": "align",
    "gather": "gather",
}


# ---------------------------------------------------------------------------------------------------------
# One display: rows, then clauses (split at prose, \quad, commas and implications), then sides.

# Balanced groups (a few levels deep) are skipped in one regex step: nothing inside them splits a row.
# Each alternative inside a loop starts with its own character, so a failed attempt cannot backtrack badly.
_BRACES = r"\{(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.)*\})*\})*\}"
_PLAIN = r"[^()\[\]{}\\]|\\.|" + _BRACES
_INNER = r"\((?:" + _PLAIN + r")*\)|\[(?:" + _PLAIN + r")*\]"
_GROUP = _BRACES + r"|\((?:" + _PLAIN + "|" + _INNER + r")*\)|\[(?:" + _PLAIN + "|" + _INNER + r")*\]"
_BODY_PATTERN = (
    r"(?=[\\{}()\[\]=<>&,;!:-])(?:"
    r"(?P<row>\\\\\*?(?:[ \t]*\[[ \t]*-?[\d.]+[ \t]*(?:pt|em|ex|mm|cm|in|mu|bp|pc|sp|dd|cc)[ \t]*\])?)"
    r"|(?P<inter>\\(?:short)?intertext\s*\{[^{}]*\})"
    r"|(?P<begin>\\begin\s*\{\s*(?P<benv>[a-zA-Z]+\*?)\s*\})"
    r"|(?P<end>\\end\s*\{\s*(?P<eenv>[a-zA-Z]+\*?)\s*\})"
    r"|(?P<text>\\(?:text|textrm|textit|textbf|textsf|textnormal|mbox|hbox|mathrm|emph)\s*\{(?P<words>[^{}]*)\})"
    r"|(?P<space>\\q?quad(?![a-zA-Z])|\\hfill(?![a-zA-Z])|\\hspace\*?\s*\{[^{}]*\})"
    r"|(?P<lr>\\(?:left|right)(?![a-zA-Z])\s*(?:\\[a-zA-Z]+|\\.|[^\s\\])?)"
    r"|(?P<angle>\\[lr]angle(?![a-zA-Z]))"  # \langle x, y \rangle: a bracket (its comma separates nothing)
    r"|(?P<notrel>\\not\s*(?:=|<|>|\\[a-zA-Z]+))"
    r"|(?P<cmd>\\(?:CMDS)(?![a-zA-Z]))"
    r"|(?P<esc>\\[^a-zA-Z])"
    r"|(?P<group>" + _GROUP + r")"
    r"|(?P<ascii><=>|<=|>=|!=|=>|:=|=:|==|->)"
    r"|(?P<ch>[=<>{}()\[\]&,;]))"
)
# Environments whose rows are steps; any other environment (cases, matrices, arrays) is one opaque term.
_ROW_ENVS = {"aligned", "alignedat", "split", "gathered", "align", "alignat", "flalign", "gather", "eqnarray", "multline", "equation"}
_COLUMN_ENVS = {"aligned", "alignedat", "align", "alignat", "flalign"}
_ARG_ENVS = {"alignedat", "alignat", "array", "subarray", "tabular"}

_COMMANDS = {
    **dict.fromkeys(("le", "leq", "leqslant", "leqq"), ("rel", "<=")),
    **dict.fromkeys(("ge", "geq", "geqslant", "geqq"), ("rel", ">=")),
    **dict.fromkeys(("ne", "neq"), ("rel", "!=")),
    "approx": ("rel", "approx"),
    "in": ("rel", "in"),
    "lt": ("rel", "<"),
    "gt": ("rel", ">"),
    # These split a clause but claim nothing checkable (definitions, assignments, orders of magnitude).
    **dict.fromkeys(
        ("eqqcolon", "equiv", "sim", "propto", "mapsto", "ll", "gg", "simeq", "cong"),
        ("rel", "def"),
    ),
    # A definition by notation (X := expr): the document's own name for an expression, learnt, never checked; an
    # assignment (v \leftarrow v + \alpha \delta, x \gets 3) is one too: the name's next value, carried to later lines
    **dict.fromkeys(("coloneqq", "triangleq", "defeq", "leftarrow", "gets"), ("rel", "define")),
    **dict.fromkeys(("lesssim", "gtrsim", "doteq"), ("rel", "def")),
    **dict.fromkeys(("Rightarrow", "implies", "Longrightarrow", "therefore"), ("imp", "=>")),
    **dict.fromkeys(("Leftrightarrow", "iff", "Longleftrightarrow"), ("imp", "<=>")),
    # B \Leftarrow A (B is implied by A): the step A => B, read right to left
    **dict.fromkeys(("Leftarrow", "impliedby", "Longleftarrow"), ("imp", "impliedby")),
    # x = 2 \vee x = -2, as \text{ or }: one disjunction (a premise or a conclusion), never two chains
    **dict.fromkeys(("vee", "lor"), ("sep", "or")),
    # a > 0 \wedge \eta a < 2 \Rightarrow ..., as ``, `` or \text{ and }: both relations are the premise
    **dict.fromkeys(("wedge", "land"), ("sep", "and")),
    # An arrow that students use both for "implies" and for limits: an implication only between relations.
    **dict.fromkeys(("rightarrow", "to", "longrightarrow"), ("soft", "=>")),
}
_ASCII = {
    "<=": ("rel", "<="),
    ">=": ("rel", ">="),
    "!=": ("rel", "!="),
    "==": ("rel", "="),
    ":=": ("rel", "define"),
    "=:": ("rel", "def"),
    "=>": ("imp", "=>"),
    "<=>": ("imp", "<=>"),
    "->": ("soft", "=>"),
    "=": ("rel", "="),
    "<": ("rel", "<"),
    ">": ("rel", ">"),
}
_BODY_TOKEN = re.compile(_BODY_PATTERN.replace("CMDS", "|".join(sorted(_COMMANDS, key=len, reverse=True))), re.S)
_CONDITION_WORDS = {"if", "for", "when", "where", "whenever", "since", "because", "as", "given", "with", "provided", "unless"}
_CONDITION_WORDS |= {"assuming", "such", "s.t", "st", "while", "whereas"}
_THEN_WORDS = {"thus": "=>", "hence": "=>", "therefore": "=>", "so": "=>", "then": "=>", "implies": "=>", "gives": "=>"}
_THEN_WORDS |= {"yields": "=>", "iff": "<=>"}
_CONNECTIVES = _CONDITION_WORDS | set(_THEN_WORDS) | {"and", "or", "by", "i.e", "e.g", "but", "else", "otherwise"}

_Bound = tuple[int, int, str, str]  # start, end, kind ("rel", "imp", "said", "soft", "sep"), value


@dataclass(slots=True)
class _Row:
    """One row of a display (split at ``\\``): its span and the top-level boundaries in it."""

    start: int
    end: int
    bounds: list[_Bound] = field(default_factory=list)
    unbalanced: bool = False  # a parenthesis closed that never opened, or one opened and never closed
    # a group in parentheses joins relations by "and"/"or" (``A \Rightarrow (B \vee C) \wedge D``): the row is one
    # logical formula, its arrows split it (the clauses cut the conclusion to D: x = 2 \vee x = 3 went unseen)
    grouped: bool = False


@dataclass(slots=True)
class _Clause:
    """A stretch of a row between separators: the boundary before it and the relations inside it."""

    lead: tuple[str, str] | None
    start: int
    end: int
    rels: list[_Bound] = field(default_factory=list)


_LETTER = re.compile(r"[A-Za-z]")


# A case in parentheses after a row's result: ``(j \neq k)``, ``(j = k)``; two index letters only.
_INDEX_CASE = re.compile(r"\s*,?\s*\(\s*(?P<a>[i-nc])\s*(?P<rel>\\neq?|\\ne|=)\s*(?P<b>[i-nc])\s*\)\s*[.,]?\s*")
_INDEX_SAME = re.compile(r"\s*,?\s*(?P<a>[i-n])\s*=\s*(?P<b>[i-n])\s*[.,]?\s*")  # ``\quad i = j``: the row's case
_STATED = ("<", ">", "<=", ">=", "!=")  # the relations a row may state as its case (for x >= 0, k != j)
_JOINED_CONDITION = re.compile(r"\s*(?:,|&|\\wedge\b|\\land\b|\\vee\b|\\lor\b|\\text\s*\{\s*(?:and|or)\b)")
_OPPOSITE = {"<": "\\ge", ">": "\\le", "<=": ">", ">=": "<", "!=": "=", "=": "\\neq"}  # unless x > 0: x \le 0
# ``\quad (w > 0)``: an inequality in parentheses after the row, its case (the index cases above come first)
_PAREN_CASE = re.compile(
    r"\s*,?\s*(?:\\left)?\(\s*(?P<inner>[^()]*?(?:<|>|\\le|\\ge|\\leq|\\geq|\\neq?)[^()]*?)\s*(?:\\right)?\)\s*[.,]?\s*"
)
# a name at a value after if/when/for (``\text{when } y = 0``): a case of the row, as an inequality is (never after
# "where", which names: where y = 2 would make every later step a check at one point)
NAME = r"(?:[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?|\\[a-zA-Z]+(?:_\{?[A-Za-z0-9]+\}?)?)"  # y, w_1, \beta_{2}
NAME_AT_VALUE = re.compile(rf"\s*{NAME}\s*=\s*-?\s*\d+(?:\.\d+)?\s*[.,]?\s*")
# a bound on one name by numbers (``0 < \beta < 1``, ``x > 0``, ``t \ge 1``): after the row's chain, its case
_NUMBER_WRITTEN = r"-?\s*\d+(?:\.\d+)?"
_INEQUALITY_WRITTEN = r"(?:<|>|\\(?:le|ge|leq|geq|lt|gt)(?![a-zA-Z]))"
_BOUND_OF_A_NAME = re.compile(
    rf"\s*(?:{_NUMBER_WRITTEN}\s*{_INEQUALITY_WRITTEN}\s*)?{NAME}(?:\s*{_INEQUALITY_WRITTEN}\s*{_NUMBER_WRITTEN})?\s*[.,]?\s*"
)
_NAME_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9])?")


def _names_bounded(text: str) -> set[str]:
    """The name a bound on a lone name bounds (``x`` of ``x < 1``, ``\\beta`` of ``0 < \\beta < 1``), empty for any other text."""
    if not _BOUND_OF_A_NAME.fullmatch(text):
        return set()
    return {n for n in _NAME_TOKEN.findall(text) if n not in _NOT_NAMES}


def _names_in_text(text: str) -> set[str]:
    return set(_NAME_TOKEN.findall(text)) - _NOT_NAMES


_NOT_NAMES = frozenset({"\\le", "\\leq", "\\ge", "\\geq", "\\lt", "\\gt", "\\ne", "\\neq", "\\frac", "\\quad", "\\qquad", "\\infty"})
_CONSTANT_NAMED = re.compile(r"(?<![A-Za-z\\])e(?![A-Za-z_])|\\pi(?![a-zA-Z])")  # e, \pi: numbers, not names to bound
# a name listed before the condition it shares: ``\text{if } a, b > 0`` (a > 0 and b > 0)
_LISTED_NAME = re.compile(rf"\s*(?P<name>{NAME})\s*")


class _Cases:
    r"""The cases a row states and which steps each one qualifies.

    One case in a row of one piece qualifies it all (``A = B = C \quad \text{for } x \ge 0``). Otherwise each piece
    has its own (they were merged, each piece judged under all of them, which contradict: anything held): a case after
    the steps of its piece closes them (``A \quad (w > 0), \qquad B \quad (w < 0)``); a case with none before it opens the
    piece after it (``\text{when } y = 0 \quad C = \dots``), up to the end of that clause. The forms mix in one row
    (``C = a \quad \text{if } y = 1, \qquad \text{when } y = 0 \quad C = b``), and a piece after the last case that
    closed its own has none."""

    def __init__(self) -> None:
        self.events: list[tuple[int, int, list[str]]] = []  # (steps out when met, the clause, the case)
        self.ends: list[int] = []  # steps out at the end of each clause with relations

    def add(self, position: int, cases: list[str], clause: int) -> None:
        if not cases:
            return
        if self.events and self.events[-1][:2] == (position, clause):  # \text{if } a, b > 0: one case, two names
            self.events[-1][2].extend(cases)
        else:
            self.events.append((position, clause, list(cases)))

    def piece_end(self, position: int) -> None:
        self.ends.append(position)

    def per_step(self, first: int, end: int) -> Iterator[tuple[int, list[str]]]:
        events = self.events
        pieces = {e for e in self.ends if first < e <= end}
        if len(events) == 1 and len(pieces) <= 1:  # one case, one piece (a chain): the whole row
            yield from ((i, events[0][2]) for i in range(first, end))
            return
        claimed, last = first, range(0)
        for position, _, cases in events:
            if position > claimed:  # steps no case has yet: this one closes them, those of its own piece
                last = range(max([claimed] + [e for e in self.ends if e < position]), position)
            elif position < end:  # it opens the piece after it: the steps of the next clause with relations
                last = range(position, next((e for e in self.ends if e > position), end))
            # else nothing follows it: a second case of the piece before (\text{for } x > 0, \quad \text{where } y < 0)
            yield from ((i, cases) for i in last)
            claimed = max(claimed, last.stop if last else claimed)


def _readable_condition(side: Side | None) -> list[str]:
    r"""An inequality a display states for its row (``\text{for } x \ge 0``), as an assumption: [] unless it reads."""
    from derivax.latex import LatexError, parse  # the reader only where a display states a condition

    if side is None:
        return []
    try:
        return [side.latex] if parse(side.latex).kind in ("relation", "chain") else []
    except LatexError:
        return []


def _text_bound(words: str) -> tuple[str, str] | None:
    r"""How a ``\text{...}`` at the top level acts: None for a math word such as ``\text{Var}``, else a separator."""
    stripped = words.strip()
    first = stripped.split(" ", 1)[0].strip(",.;:()").lower() if stripped else ""
    prose = words != stripped or " " in stripped or stripped.endswith((":", ".")) or first in _CONNECTIVES
    if not stripped or not prose:
        return None
    if first in _THEN_WORDS:
        return ("said", _THEN_WORDS[first])
    if stripped.lower() == "or":  # x = 2 \text{ or } x = -2: one disjunction
        return ("sep", "or")
    if stripped.lower() == "and":  # a > 0 \text{ and } \eta a < 2: one conjunction (a premise, where an arrow follows)
        return ("sep", "and")
    if first == "where" and stripped.lower().rstrip(" ,:") == "where":  # ``\text{where } \hat y = wx + b``
        return ("sep", "where")
    if first == "unless" or stripped.lower().startswith(("except when", "except if", "except for", "except where")):
        return ("sep", "unless")  # a condition whose negation holds: its opposite is the row's case
    return ("sep", "cond" if first in _CONDITION_WORDS else "text")


# "and"/"or" between relations inside a group: (x = 2 \vee x = 3), (a > 0 \text{ and } b > 0)
_LOGICAL_GROUP = re.compile(
    r"(?:=|<|>|\\(?:le|ge|leq|geq|ne|neq)(?![a-zA-Z])).*(?:\\(?:vee|wedge|lor|land)(?![a-zA-Z])|\\text\s*\{\s*(?:or|and)\s*\})", re.S
)


class _Scanner:
    """Split one display body into rows and top-level boundaries in a single pass over its tokens."""

    def __init__(self, body: str, found: _Found, parens: bool = True):
        self.body, self.parens = body, parens
        self.multline, self.columns = found.multline, found.columns
        self.blanks: list[tuple[int, int]] = []
        self.rows: list[_Row] = []

    def scan(self, start: int, end: int) -> list[_Row]:
        body = self.body
        depth = pdepth = amps = 0
        envs: list[str | None] = []  # None for an opaque environment, else the row environment's name
        row = _Row(start, end)
        skip_to = -1
        for m in _BODY_TOKEN.finditer(body, start, end):
            kind = m.lastgroup
            s, e = m.span()
            if kind == "group" and depth == 0 and m.group()[0] in "([" and _LOGICAL_GROUP.search(m.group()):
                row.grouped = True
            if kind == "group" or s < skip_to:
                continue
            tok = m.group()
            top = depth == 0 and pdepth == 0
            if kind in ("row", "inter") and depth == 0:
                if self.multline and not envs:
                    self.blanks.append((s, e))
                    continue
                row.end, row.unbalanced = s, row.unbalanced or pdepth > 0
                self.rows.append(row)
                row, pdepth, amps = _Row(e, end), 0, 0
            elif kind == "begin":
                name = m.group("benv")
                if name.rstrip("*") in _ARG_ENVS:
                    arg = _ALIGNAT_ARG.match(body, e, end)
                    skip_to = arg.end() if arg else e
                # an array that is the whole display (\[\begin{array}{l} a = b \\ c = d \end{array}\]) holds rows, as aligned
                whole_array = name.rstrip("*") == "array" and not body[start:s].strip() and not envs
                if depth == 0 and pdepth == 0 and (name.rstrip("*") in _ROW_ENVS or whole_array):
                    envs.append(name)
                    self.blanks.append((s, max(e, skip_to)))
                else:
                    envs.append(None)
                    depth += 1
            elif kind == "end":
                if envs and envs[-1] is None:
                    depth = max(0, depth - 1)
                elif envs or depth == 0:
                    self.blanks.append((s, e))
                if envs:
                    envs.pop()
            elif kind == "ch":
                depth, pdepth, amps = self._char(tok, s, e, depth, pdepth, amps, top, envs, row)
            elif kind == "lr" and self.parens:
                pdepth = self._paren(row, pdepth, tok.startswith("\\left"))
            elif kind == "angle" and self.parens:
                pdepth = self._paren(row, pdepth, tok == "\\langle")
            elif kind == "esc" and self.parens and tok in ("\\{", "\\}"):
                pdepth = self._paren(row, pdepth, tok == "\\{")
            elif top:
                bound = self._bound(m, kind, tok)
                if bound:
                    row.bounds.append((s, e, *bound))
            elif depth == 0 and pdepth > 0 and self._bound(m, kind, tok) in (("sep", "or"), ("sep", "and")):
                row.grouped = True
        row.unbalanced = row.unbalanced or pdepth > 0
        self.rows.append(row)
        return self.rows

    def _paren(self, row: _Row, pdepth: int, opens: bool) -> int:
        """The parenthesis depth after one opening or closing delimiter (a stray closer marks the row)."""
        if opens:
            return pdepth + 1
        row.unbalanced = row.unbalanced or pdepth == 0
        return max(0, pdepth - 1)

    def _bound(self, m: re.Match, kind: str, tok: str) -> tuple[str, str] | None:
        """The boundary a top-level token makes, if any."""
        if kind == "cmd":
            return _COMMANDS.get(tok[1:])
        if kind == "ascii":
            return _ASCII[tok]
        if kind == "notrel":
            return ("rel", "!=") if tok.endswith("=") else ("rel", "def")
        if kind == "space":
            return ("sep", "quad")
        if kind == "text":
            return _text_bound(m.group("words"))
        return None

    def _char(
        self, tok: str, s: int, e: int, depth: int, pdepth: int, amps: int, top: bool, envs: list[str | None], row: _Row
    ) -> tuple[int, int, int]:
        """Apply one punctuation token; return the new depth, paren depth and ``&`` count."""
        if tok == "{":
            return depth + 1, pdepth, amps
        if tok == "}":
            return max(0, depth - 1), pdepth, amps
        if tok in "()[]":
            return depth, self._paren(row, pdepth, tok in "([") if self.parens else 0, amps
        if tok == "&" and depth == 0:
            amps += 1
            columns = (envs[-1].rstrip("*") in _COLUMN_ENVS) if envs and envs[-1] else self.columns
            if columns and amps % 2 == 0:
                # side by side, not one after another; a column that opens with its relation (3^2 + 1 &= 10 &= 5 \cdot 3)
                # goes on along the row, where ``& &= f`` goes on down its own column
                onward = _RELATION_OPENS.match(self.body, e) is not None
                row.bounds.append((s, e, "sep", "onward" if onward else "column"))
            else:
                self.blanks.append((s, e))
        elif top and tok in "=<>":
            row.bounds.append((s, e, *_ASCII[tok]))
        elif top and tok in ",;" and not (tok == "," and self._decimal_comma(s)):
            row.bounds.append((s, e, "sep", "comma"))
        return depth, pdepth, amps

    def _decimal_comma(self, at: int) -> bool:
        """Whether the comma at ``at`` sits between digits, as in ``-5,499`` (a decimal comma)."""
        body = self.body
        return 0 < at < len(body) - 1 and body[at - 1].isdigit() and body[at + 1].isdigit()


def _rows(body: str, found: _Found) -> tuple[str, list[_Row]]:
    """The rows of a display body, and the body with ``&`` and row-environment markers blanked.

    A row whose parentheses do not balance (``[0, 1)`` is fine, ``(a = b`` is not) is scanned again
    counting braces only, so one stray parenthesis does not hide every relation after it.
    """
    scanner = _Scanner(body, found)
    rows: list[_Row] = []
    for row in scanner.scan(0, len(body)):
        if row.unbalanced:
            again = _Scanner(body, found, parens=False)
            row = again.scan(row.start, row.end)[0]
            scanner.blanks += again.blanks
        wrapped = _WRAPPED.match(body, row.start, row.end) if rows else None
        dangling = _DANGLING.search(body, rows[-1].start, rows[-1].end) if rows else None
        if wrapped and (wrapped.group(1) != "-" or all(b[2] != "rel" for b in row.bounds)):
            _join(rows[-1], row, wrapped.start(1), scanner.blanks)
        elif dangling and _ROW_LEAD.match(body, row.start, row.end).end() < row.end:
            # ``s &= 1 + 2 + \\ &\qquad 3 + 4``: a row that ends in an operator goes on in the next one (3 + 4 = 10 was
            # judged alone, a pairing never written)
            _join(rows[-1], row, _ROW_LEAD.match(body, row.start, row.end).end(), scanner.blanks)
        else:
            rows.append(row)
    return _blank_spans(body, _disjoint(scanner.blanks)), rows


# A row that starts with an operator carries on the previous row's expression (``&\quad + c``); only a
# leading minus may also start an equation of its own, so it joins only when the row has no relation.
# The space before the operator may be made as TeX users align it: ``{}+``, ``\phantom{=}``, ``\hphantom{...}``,
# ``\hspace{1em}``, ``\mathrel{\phantom{=}}`` (the row was dropped: d/dw (w^2 + w^3) = 2w was flagged wrong).
_GROUP = r"\{(?:[^{}]|\{[^{}]*\})*\}"  # a brace group, one level of braces inside (\hphantom{{}={}})
_PHANTOM = rf"\\h?phantom\s*{_GROUP}"
_ROW_SPACE = rf"\s|&|~|\{{\}}|\\q?quad(?![a-zA-Z])|\\[,;:! ]|{_PHANTOM}|\\hspace\*?\s*{_GROUP}|\\mathrel\s*\{{\s*{_PHANTOM}\s*\}}"
_WRAPPED = re.compile(rf"(?:{_ROW_SPACE})*([+*\-]|\\(?:cdot|times|pm|mp)(?![a-zA-Z]))")
# ... and a row that ends in one (``+``, ``+ {}``, ``\cdot``; never the star of ``w^*``) before the row break
_DANGLING = re.compile(rf"(?:[+\-]|(?<!\^)\*|\\(?:cdot|times|pm|mp)(?![a-zA-Z]))(?:{_ROW_SPACE})*(?:\\\\)?\s*\Z")
_ROW_LEAD = re.compile(rf"(?:{_ROW_SPACE})*")


def _join(previous: _Row, row: _Row, operator: int, blanks: list[tuple[int, int]]) -> None:
    """Append a wrapped row to the previous one, blanking the row break and the alignment before its operator."""
    blanks.append((previous.end, operator))
    previous.bounds += [b for b in row.bounds if b[0] >= operator]
    previous.end, previous.unbalanced = row.end, previous.unbalanced or row.unbalanced


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _clauses(row: _Row, body: str) -> list[_Clause]:
    """Cut a row at its separators and implications; relations stay inside the clauses."""
    out = [_Clause(None, row.start, row.end)]
    for bound in row.bounds:
        if bound[1] > row.end:
            break
        if bound[2] == "rel":
            out[-1].rels.append(bound)
            continue
        out[-1].end = bound[0]
        out.append(_Clause((bound[2], bound[3]), bound[1], row.end))
    return _merge_soft(out, body)


_UPDATED_NAME = re.compile(r"\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:_(?:\{[^{}]*\}|[A-Za-z0-9]))?(?:\^(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*")


def _merge_soft(clauses: list[_Clause], body: str) -> list[_Clause]:
    r"""Keep ``\to`` as an implication only between two relations (``a \to b`` alone is a limit, one term).

    A name alone before the arrow and a relation after it (``w \to w - \eta g = (1 - \eta) w``) is an update
    rule: the name is dropped (it claims nothing) and the relation after the arrow is read on its own."""
    out = [clauses[0]]
    for clause in clauses[1:]:
        previous = out[-1]
        if clause.lead and clause.lead[0] == "soft" and not previous.rels and clause.rels:
            opens = body[clause.start : clause.rels[0][0]].strip()  # w \to A = B, not a_j \to = B
            if opens and _UPDATED_NAME.fullmatch(body[previous.start : previous.end]):
                previous.end = previous.start  # nothing left of it: skipped
                clause.lead = ("sep", "update")
                out.append(clause)
                continue
        if clause.lead and clause.lead[0] == "soft" and not (previous.rels and clause.rels):
            previous.end = clause.end
            previous.rels += clause.rels
        else:
            out.append(clause)
    return out


# ---------------------------------------------------------------------------------------------------------
# Trimming sides: surrounding spaces, punctuation, tags, stray arrows and list markers.

_LEAD_NOISE = re.compile(
    r"(?:\s|~|[,;:]|\\(?:q?quad|cdot|bullet|because|rightarrow|longrightarrow|to|space)(?![a-zA-Z])|\\[,;:! ]|(?:\d{1,2}|[a-zA-Z])\)(?=\s)"
    r"|\\text\{\s*\([^{}()]*\)\s*\})+"  # a label before the side: \text{(Mean)} \mu = ...
)
_TRAIL_WORDS = ("\\qquad", "\\quad", "\\longrightarrow", "\\rightarrow", "\\to", "\\,", "\\;", "\\:", "\\!", "~", ",", ";", ":", "->")
_TRAIL_BY_END = {c: tuple(w for w in _TRAIL_WORDS if w.endswith(c)) for c in {w[-1] for w in _TRAIL_WORDS}}
_TRAIL_ENDS = set(_TRAIL_BY_END) | {".", ")"}
_LEAD_STARTS = set(" \t\r\n\f\v~,;:\\")
_TRAIL_STARTS = _TRAIL_ENDS | set(" \t\r\n\f\v")
# a function just before: \sigma (2), \ln (2), f (2) is its argument, never a tag (the tag was cut: y = \sigma)
FUNCTION_BEFORE = re.compile(r"(?:" + FUNCTION_COMMAND + r"|\\sigma|(?<![\\A-Za-z])[fgh])\s*\Z")
_TAG_END = re.compile(r"\(\s*\d{1,4}(?:\.\d{1,3})?[a-z]?\s*\)\Z")


def _rstrip(body: str, start: int, end: int) -> int:
    if end <= start or not body[end - 1].isspace():
        return end
    while end > start:
        chunk = body[max(start, end - 64) : end]
        kept = len(chunk.rstrip())
        end -= len(chunk) - kept
        if kept:
            break
    return end


def _trim_end(body: str, start: int, end: int, tags: bool = False) -> int:
    """Move ``end`` left past spaces, trailing punctuation and spacing (and ``(12)`` tags when ``tags``)."""
    end = _rstrip(body, start, end)
    while end > start and body[end - 1] in _TRAIL_ENDS:
        tail = body[max(start, end - 24) : end]
        words = _TRAIL_BY_END.get(tail[-1], ())
        cut = next((len(w) for w in words if tail.endswith(w) and not _is_command_tail(tail, w)), 0)
        if not cut and tail.endswith(".") and not tail.endswith(("..", "\\.", "\\right.", "\\left.")):
            cut = 1
        if not cut and tags:
            m = _TAG_END.search(tail)
            before = tail[: m.start()] if m else ""
            # after \quad, ~ or two spaces a tag; after one space and an operand it may be a factor (x^2 (2)): left to
            # the reader, which refuses it as ambiguous
            spaced = before[-1:].isspace() and (before[-2:-1].isspace() or not re.search(r"[A-Za-z0-9}\])|!']\Z", before[:-1]))
            spaced = spaced and not FUNCTION_BEFORE.search(before)  # \sigma (2): the function's argument
            if m and (m.start() + max(start, end - 24) == start or spaced or before.rstrip().endswith(("quad", "~"))):
                cut = len(m.group())
        if not cut:
            break
        end = _rstrip(body, start, end - cut)
    return end


def _is_command_tail(tail: str, word: str) -> bool:
    r"""Whether ``word`` at the end of ``tail`` is really the end of a longer command (``\,`` in ``\\,``)."""
    before = tail[: len(tail) - len(word)]
    return word[0] == "\\" and before.endswith("\\") and not before.endswith("\\\\")


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``body[start:end]`` without leading or trailing noise (empty when nothing is left)."""
    end = _trim_end(body, start, end)
    m = _LEAD_NOISE.match(body, start, end)
    if m:
        start = m.end()
    return (start, end) if start < end else (end, end)


def _normal(piece: str) -> str:
    return " ".join(piece.split())


# ---------------------------------------------------------------------------------------------------------
# Walking the clauses: chains, continuations, implications, and the form a rewrite run needs.

_ELLIPSES = {"\\vdots", "\\cdots", "\\dots", "\\ldots", "\\ddots", "...", "\u22ee", "\u2026"}
_ACCENTS = {"hat", "widehat", "bar", "overline", "tilde", "widetilde", "vec", "dot", "ddot", "mathbf", "boldsymbol", "bm", "check"}
_SYMBOL_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|\S")
_SYMBOL_CHARS = 40  # a longer left-hand side is an expression, never the target of an update rule


class _Form(NamedTuple):
    """A display of the form ``X = A (= ... = B)``: what a rewrite run compares and links."""

    key: str
    first: Side
    last: Side
    update: bool  # the right-hand side mentions X itself: an update rule, not a value
    led: bool  # the display starts with an implication, so it is linked to the previous one already


_UNWRAP = re.compile(r"\{\s*(\\[a-zA-Z]+|[^{}\s\\])\s*\}")
_EMPTY = object()  # a display with nothing in it (``$$\tag{9}$$``): invisible to rewrite runs


def _key(latex: str) -> str:
    r"""A left-hand side for comparison: no spaces, single-token groups unwrapped (``\hat{g}`` = ``\hat g``)."""
    return (_UNWRAP.sub(r"\1", latex) if "{" in latex else latex).replace(" ", "")


def _symbol_key(latex: str) -> tuple[str, ...]:
    r"""Tokens of ``latex`` with single-token groups unwrapped, so ``\hat{g}`` and ``\hat g`` agree."""
    out: list[str] = []
    for tok in _SYMBOL_TOKEN.findall(latex):
        if tok == "}" and len(out) >= 2 and out[-2] == "{":
            out[-2:] = [out[-1]]
        else:
            out.append(tok)
    return tuple(out)


def _mentions(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    r"""Whether the symbol ``needle`` occurs in ``haystack`` as itself (not ``x_1`` for ``x``, not ``\hat g`` for ``g``)."""
    size = len(needle)
    for i in range(len(haystack) - size + 1 if size else 0):
        if haystack[i] != needle[0] or haystack[i : i + size] != needle:
            continue
        before = haystack[i - 1] if i else ""
        after = haystack[i + size] if i + size < len(haystack) else ""
        if not (before.startswith("\\") and before[1:] in _ACCENTS) and after not in ("_", "'"):
            return True
    return False


def _rewrite(previous: _Form | None, form: object, index: int, assumptions: tuple[str, ...]) -> Step | None:
    """The rewrite step from the previous display to this one, when both are values of the same symbol."""
    if not (isinstance(previous, _Form) and isinstance(form, _Form)):
        return None
    if previous.key != form.key or previous.update or form.update or form.led:
        return None
    return Step(previous.last, "=", form.first, assumptions, index, "rewrite")


class _Kept(NamedTuple):
    """A clause with relations that produced steps, as the rewrite form needs it."""

    sides: list[Side | None]
    rels: list[str]
    continued: bool  # it began with a relation and continued the previous chain
    led: bool  # an implication led to it


@dataclass(slots=True)
class _Summary:
    """What one display holds, for the rewrite run: its clauses with content and those that gave steps."""

    clauses: int = 0
    kept: list[_Kept] = field(default_factory=list)


class _Walker:
    """Turn the clauses of successive displays into steps, carrying chains across adjacent displays.

    Within a row, the first clause carries the chain (as does a clause that starts with a relation);
    later clauses after prose or ``\\quad`` are asides with steps of their own. Clauses after a
    condition word (``\\text{if }``, ``\\text{for }``) are skipped up to the next ``\\quad``, column or
    implication.
    """

    def __init__(self, lines: _Lines):
        self.lines = lines
        self.reset()

    def reset(self) -> None:
        """Forget the chain: prose came between displays."""
        self.head: Side | None = None  # first side of the current chain
        self.last: Side | None = None  # last side of the current chain
        self.clause: _Whole | None = None  # the latest relation, for implications
        self.gap = False  # an ellipsis since the last side: continue from the head
        self.pending: str | None = None  # an implication waiting for its right-hand relation
        self.main: _Whole | None = None  # the clause carrying the current row's chain
        self.implied: int | None = None  # the implication the latest clause concluded (its index in out)
        self.across = False  # the pending implication comes from the prose before this display ("..., hence")
        # The previous display's last side, kept across prose: "... $$A = B$$ Constant 1 goes away. $$= C$$" claims B = C.
        self.carried: Side | None = None
        self.row_at = 0  # where the row being scanned starts: the order of rows that share a line (Line)
        # An align's second and later columns (a &= 1 + 1 & b &= 2 \cdot 3 \\ &= 2 & &= 6): each continues its own
        # chain from the rows above, never the first column's (which claimed 2 = 6)
        self.column = 0
        self.column_last: dict[int, Side] = {}

    def run(self, body: str, found: _Found, index: int, assumptions: tuple[str, ...], out: list[Step]) -> object:
        """Emit the steps of one display into ``out``; return its rewrite form, None, or ``_EMPTY``."""
        body, rows = _rows(body, found)
        self.body, self.base, self.index, self.assumptions, self.out = body, found.body_start, index, assumptions, out
        self.column_last = {}
        self.onward = False  # the clause's column opens with its relation: it goes on along the row
        self.chains: list[list[tuple[range, list[str]]]] = []  # the display's chains: each row's steps and its cases
        summary = _Summary()
        for row in rows:
            row.end = _trim_end(body, row.start, row.end, tags=True)
            self._row(row, summary)
        for chain in self.chains:
            self._chain_cases(chain)
        if not summary.clauses:
            return _EMPTY
        return _form(summary)

    def _side(self, start: int, end: int) -> Side | None:
        body = self.body
        # Most sides need no trimming; checking their two ends is much cheaper than trimming them.
        if start >= end or body[start] in _LEAD_STARTS or body[end - 1] in _TRAIL_STARTS or ")" in body[start + 1 : start + 3]:
            start, end = _trim(body, start, end)
            if start == end:
                return None
        return Side(_normal(body[start:end]), Line(self.lines.line_of(self.base + start), self.row_at), self.base + start)

    def _emit(self, left: Side | None, relation: str, right: Side | None, kind: str) -> None:
        if relation == "define":  # X := expr: a definition step (relation "=", kind "define")
            relation, kind = "=", "define"
        if left is not None and right is not None and relation != "def":
            self.out.append(Step(left, relation, right, self.assumptions, self.index, kind))

    def _row(self, row: _Row, summary: _Summary) -> None:
        """Walk the clauses of one row.

        Equations side by side, separated only by ``\\quad`` (``-\\frac{y}{a} + \\frac{1-y}{1-a} = 0 \\quad
        \\frac{1-y}{1-a} = \\frac{y}{a} \\quad a - ay = y - ay``), are read as an equation being solved: each
        one after the first gives a ``solving`` step from the one before it.
        """
        condition = started = where = unless = unless_taken = False
        self.row_at = self.base + row.start  # the order of rows that share a line (Line)
        if row.grouped and self._formula(row):
            return
        self.row_continues: bool | None = None  # whether the row's first relation continues the chain above (``&= ...``)
        listed: list[str] = []  # names listed before a condition they share (``\text{if } a, b > 0``)
        named: list[str] = []  # names listed before a relation they share outside a condition (``x, y > 0 \Rightarrow``)
        self.main = None
        self.joinable = False  # the last clause with content was a relation that a ``,`` or ``and`` may join to the next
        # the steps of this row, and the cases it states (for x >= 0, k != j): (how many steps were out then, the case)
        first_step, stated = len(self.out), _Cases()
        equation: _Whole | None = None  # the previous clause, when it was one equation ``A = B``
        either = False  # an ``or`` since the last clause with content
        joint = False  # only ``,`` or ``and`` since the last clause with content, a relation (``a > 0, \eta a < 2``)
        spaced = True  # only ``\quad`` since the last clause with content (``a = 1, \quad b = 2`` is a list)
        self.column = 0
        equated = False  # a clause with an equation has been read in this row (the row's chain)
        related = ""  # the text of the last clause with a relation in this row
        for clause in _clauses(row, self.body):
            kind, value = clause.lead or ("", "")
            self.onward = value == "onward"
            value = "column" if self.onward else value
            self.column += value == "column"
            either = either or value == "or"
            # (``, \quad`` joins as ``,`` does: x + y = 3, \quad x - y = 1 \implies ...)
            joint = (value in ("comma", "and") or (value == "quad" and joint)) if kind == "sep" else joint and not kind
            spaced = spaced and value == "quad"
            if kind in ("imp", "soft", "said"):
                self.pending, condition = value, False
            elif value in ("cond", "where", "quad", "column", "unless"):
                condition, where, unless = value in ("cond", "where", "unless"), value == "where", value == "unless"
                unless_taken = False
            if clause.start >= clause.end or (not clause.rels and not self.body[clause.start : clause.end].strip()):
                continue  # nothing between two separators (``\quad \text{or} \quad``)
            joinable, self.joinable = self.joinable, False
            spans = _side_spans(clause)
            sides = [self._side(s, e) for s, e in spans]
            if sides.count(None) < len(sides):
                summary.clauses += 1
            if not condition and value in ("quad", "column") and [r[3] for r in clause.rels] == ["!="]:
                condition = True  # ``-a_k a_j, \quad k \neq j``: a case the row is written for, never a claim of its own
            # ... after a chain of equations, with no arrow after it in the row (x > 0, x < 1 \implies x^2 < x: a premise)
            # and on a name, not a constant (\pi > 3, \quad e < 2: two claims)
            text = self.body[clause.start : clause.end]
            # ... or after an inequality about the name it bounds, set apart by \quad (\ln(1 - x) \le -x, \qquad x < 1)
            about = value == "quad" and bool(related) and _names_bounded(text) & _names_in_text(related)
            bound = ((value in ("quad", "comma") and equated) or about) and bool(clause.rels)
            bound = bound and not any(b[2] in ("imp", "soft", "said") and b[0] >= clause.end for b in row.bounds)
            if not condition and bound and _BOUND_OF_A_NAME.fullmatch(text) and not _CONSTANT_NAMED.search(text):
                condition = True  # ``= \frac{1}{1-\beta}, \qquad 0 < \beta < 1``: the row's case (it was two claims, undecided)
            case = _INDEX_CASE.fullmatch(self.body[clause.start : clause.end])
            if case is not None and not clause.rels:  # ``= a_j, (j \neq k)``: the case in parentheses, after the result
                stated.add(len(self.out), [f"{case['a']} {case['rel']} {case['b']}"], clause.start)
                continue
            case = _PAREN_CASE.fullmatch(self.body[clause.start : clause.end]) if value == "quad" and self.main is not None else None
            if case is not None and not clause.rels:  # ``|w| - 4 = w - 4 \quad (w > 0)``: the row's case
                inner = Side(case["inner"], self.lines.line_of(self.base + clause.start), self.base + clause.start)
                stated.add(len(self.out), _readable_condition(inner), clause.start)
                continue
            same = _INDEX_SAME.fullmatch(self.body[clause.start : clause.end])
            if same is not None and value in ("quad", "column") and self.main is not None:  # ``= p_i(1 - p_i), \quad i = j``
                stated.add(len(self.out), [f"{same['a']} = {same['b']}"], clause.start)
                continue
            if condition and not clause.rels and _LISTED_NAME.fullmatch(self.body[clause.start : clause.end]):
                listed.append(self.body[clause.start : clause.end].strip())  # the a of ``\text{if } a, b > 0``
                continue
            alone = self.body[clause.start : clause.end]
            listing = any(b[0] == clause.end and b[3] == "comma" for b in row.bounds)  # a comma right after the name
            if not condition and not clause.rels and listing and _LISTED_NAME.fullmatch(alone) and alone.strip() not in _ELLIPSES:
                named.append(alone.strip())  # the x of ``x, y > 0 \Rightarrow ...``
                continue
            shared_bound = ""  # ``x, y > 0``: the bound after the last name holds for each name listed before it
            if named and value == "comma" and len(clause.rels) == 1 and clause.rels[0][3] in _STATED and sides[0] is not None:
                if _LISTED_NAME.fullmatch(sides[0].latex):
                    rest = text[text.index(sides[0].latex) + len(sides[0].latex) :].strip()
                    shared_bound = " \\wedge ".join(f"{name} {rest}" for name in named)
            named = []
            if condition:
                text = self.body[clause.start : clause.end]
                shared = [r[3] for r in clause.rels] in [[op] for op in _STATED] and sides[0] is not None
                if listed and shared and _LISTED_NAME.fullmatch(sides[0].latex):  # b > 0 after a: a > 0 too
                    rest = text[text.index(sides[0].latex) + len(sides[0].latex) :]
                    each = [c for name in listed for c in _readable_condition(Side(name + rest, sides[0].line, sides[0].at))]
                    stated.add(len(self.out), each, clause.start)
                listed = []
                if where and [r[3] for r in clause.rels] == ["="] and None not in sides and _LETTER.search(sides[1].latex):
                    # where X = expr: X named from here on; never where x = 2 (a point, not a name: it would make
                    # every later step about x a check at x = 2 only)
                    self._emit(sides[0], "define", sides[1], "define")
                elif unless:
                    # "unless x > 0", "except when x > 0": the opposite case, x \le 0, where it is one relation (a right
                    # step was wrong at x = 1: probe helper-208 F2); a chain's opposite is two cases, and nothing is assumed
                    ops = [r[3] for r in clause.rels]
                    # (one condition only: "unless w > 0 and x > 0" is w <= 0 or x <= 0, no case to assume: review
                    # helper-210 R2)
                    joined = _JOINED_CONDITION.match(self.body, clause.end) is not None or unless_taken
                    unless_taken = True
                    if len(ops) == 1 and ops[0] in _OPPOSITE and None not in sides and not joined:
                        opposite = f"{sides[0].latex} {_OPPOSITE[ops[0]]} {sides[1].latex}"
                        stated.add(len(self.out), _readable_condition(Side(opposite, sides[0].line, sides[0].at)), clause.start)
                elif clause.rels and all(r[3] in _STATED for r in clause.rels):  # led by for/where, or a lone k \neq j
                    stated.add(len(self.out), _readable_condition(self._side(clause.start, clause.end)), clause.start)
                elif not where and NAME_AT_VALUE.fullmatch(text):  # \text{when } y = 0 \quad C = ...: the row's case
                    stated.add(len(self.out), _readable_condition(self._side(clause.start, clause.end)), clause.start)
                equation = None
                continue
            # a note (\text{ (expand)}, \text{by linearity}) between links is no prose: "A = B \text{ (expand)} = C"
            # claims B = C (the link was dropped, unseen); a condition, "where", "or" or "hence" starts afresh
            prose_led = value in ("cond", "where", "or") or kind == "said" or either
            solving = equation is not None and spaced and self.pending is None and not either
            lone = [r[3] for r in clause.rels] == ["="] and None not in sides  # before _clause fills a continued side
            implied = self.implied if either else None  # A => B \text{ or } C: the conclusion is B or C
            # A => x = 2, y = 1 (``,``, \text{ and }): the conclusion is both (x = 2 alone made y = 5 pass unseen)
            solved_too = self.implied if joint and not either and _SOLVED_VALUE.match(self.body, clause.start, clause.end) else None
            # A \text{ or } B \Rightarrow C: the premise is A or B (B alone made x = 2 or x = 3 => x^2 = 9 hold)
            disjunct = self.clause if either and implied is None and self.pending is None and clause.rels else None
            # A, B \Rightarrow C (``,``, \text{ and }, \wedge): the premise is A and B (B alone made a > 0, \eta a < 2
            # => \eta < 2/a fail at a = -1). Only a relation just before, with nothing pending, is joined
            conjunct = self.clause if joint and joinable and implied is None and self.pending is None and clause.rels else None
            self.implied, either, spaced, joint = None, False, True, False
            started = self._clause(spans, sides, [r[3] for r in clause.rels], prose_led, started, summary)
            if disjunct is not None and self.clause is not None and self.clause is not disjunct:
                self._widen(disjunct.side().latex, self.main is self.clause)
            if conjunct is not None and self.clause is not None and self.clause is not conjunct and not self.clause.either:
                self.clause = self.clause._replace(both=conjunct.side().latex)
                if self.main is conjunct:  # the row's premise for an arrow on the next row (A, B => C \\ => D) is both
                    self.main = self.clause
            if shared_bound and self.clause is not None and not self.clause.either and not self.clause.both:
                main = self.main is self.clause
                self.clause = self.clause._replace(both=shared_bound)
                self.main = self.clause if main else self.main
            self.joinable = bool(clause.rels) and not condition
            stated.piece_end(len(self.out))
            equated = equated or "=" in [r[3] for r in clause.rels]
            related = text if clause.rels else related
            if implied is not None and not clause.rels and alone.strip():
                # x = 2 \text{ or } 3: the value is the named one's other solution (x = 2 alone was judged wrong at 3);
                # another bare expression after "or" is kept, so the conclusion is refused as written, never cut short
                step = self.out[implied]
                name = re.fullmatch(r"\s*([^=<>]{1,40}?)\s*=[^=<>]*", step.right.latex.split("\\vee")[0])
                other = f"{name.group(1)} = {alone.strip()}" if name and _LISTED_NAME.fullmatch(name.group(1).strip()) else alone.strip()
                widened = Side(f"{step.right.latex} \\vee {other}", step.right.line, step.right.at)
                self.out[implied] = Step(step.left, step.relation, widened, step.assumptions, step.display, step.kind)
                self.implied = implied  # x = 2 \text{ or } 3 \text{ or } 4: the next value widens it too
                continue
            if implied is not None and clause.rels and None not in sides:
                step = self.out[implied]
                # (a Side of its own: reusing ``either`` left it true, and the next "=> D" widened B or C with D too)
                widened = Side(f"{step.right.latex} \\vee {self.clause.side().latex}", step.right.line, step.right.at)
                self.out[implied] = Step(step.left, step.relation, widened, step.assumptions, step.display, step.kind)
                self.implied = implied
                # ... => B or C => D: D's premise is B or C (also where D is on the next row, and B was the row's premise)
                self._widen(step.right.latex, self.main is self.clause or (self.main is not None and self.main.side() == step.right))
            equalities = {r[3] for r in clause.rels} == {"="}
            if solved_too is not None and (len(clause.rels) == 1 or equalities) and None not in sides and self.clause is not None:
                step = self.out[solved_too]
                joined = Side(f"{step.right.latex} \\wedge {self.clause._replace(both='').side().latex}", step.right.line, step.right.at)
                self.out[solved_too] = Step(step.left, step.relation, joined, step.assumptions, step.display, step.kind)
                self.implied = solved_too
            if lone:
                if solving:
                    self._emit(equation.side(), "=>", self.clause.side(), "solving")
                equation = self.clause
            else:
                equation = None
        if self.main is not None:
            self.clause = self.main
        said: list[str] = []
        pieces: set[tuple[str, ...]] = set()
        for i, cases in stated.per_step(first_step, len(self.out)):  # A = B \text{ for } x \ge 0: the row's steps assume it
            s = self.out[i]
            self.out[i] = Step(s.left, s.relation, s.right, s.assumptions + tuple(cases), s.display, s.kind)
            said += [c for c in cases if c not in said]
            pieces.add(tuple(cases))
        if len(pieces) > 1:  # |w| = w (w > 0), |w| = -w (w < 0): the row's pieces, each its own case, none the chain's
            said = []
        if self.row_continues and self.chains:
            self.chains[-1].append((range(first_step, len(self.out)), said))
        elif self.row_continues is not None:
            self.chains.append([(range(first_step, len(self.out)), said)])

    def _formula(self, row: _Row) -> bool:
        """Emit a row with grouped alternatives (``x^2 = 4 \\Rightarrow (x = 2 \\vee x = -2) \\wedge y = 1``) as the
        implications between the pieces its top-level arrows leave, each piece read whole by the grammar; False (and
        nothing emitted) where it has no arrow or an empty piece."""
        arrows = [(s, e, value) for s, e, kind, value in row.bounds if kind == "imp"]
        if not arrows:
            return False
        joins = [(s, e) for s, e, kind, value in row.bounds if kind == "sep" and value in ("comma", "quad", "and")]
        if any(kind not in ("imp", "rel") and (s, e) not in joins and value != "or" for s, e, kind, value in row.bounds):
            return False  # prose or a condition in the row (\text{ so } ...): read clause by clause, as before
        cuts = [row.start, *(x for s, e, _ in arrows for x in (s, e)), row.end]
        if any(kind == "sep" and value in ("comma", "quad") and cuts[2] <= s for s, _, kind, value in row.bounds):
            # after the first arrow a comma or \quad starts another statement or a remark ("..., \quad x^2 - 4 = 0
            # \Rightarrow ...", "\qquad (\text{as } ...)"), no conjunct: clause by clause (review helper-160)
            return False
        for start, end in zip(cuts[::2], cuts[1::2], strict=True):
            separated = sorted([start, end, *(x for s, e in joins if start <= s and e <= end for x in (s, e))])
            pieces = list(zip(separated[::2], separated[1::2], strict=False))
            relations = [[s for s, _, kind, _ in row.bounds if kind == "rel" and a <= s < b] for a, b in pieces]
            if any(len(r) > 1 for r in relations):
                return False  # x^2 - 4 = (x - 2)^2 = 0 \Rightarrow ...: a chain whose links are claims (review helper-160)
        self.reset()
        sides = []
        for start, end in zip(cuts[::2], cuts[1::2], strict=True):
            side = self._side(start, end)
            if side is None:
                return True
            inside = [(s, e) for s, e in joins if start <= s and e <= end]
            if inside:  # x + y = 3, \quad x - y = 1 \Rightarrow ...: both relations
                text, at = "", start
                for s, e in inside:
                    between = self.body[at:s]
                    text, at = (text + between if not between.strip() and text else f"{text}{between} \\wedge "), e
                side = Side(_normal(text + self.body[at:end]).strip(), side.line, side.at)
            sides.append(side)
        for (_, _, value), left, right in zip(arrows, sides, sides[1:], strict=False):
            if value == "impliedby":
                left, right, value = right, left, "=>"
            self._emit(left, value, right, "implies")
        return True

    def _chain_cases(self, chain: list[tuple[range, list[str]]]) -> None:
        """``\\max(0, x) + x &= 2x \\\\ &= 2|x| \\qquad \\text{for } x > 0``: a case written on one row of a chain is the
        chain's (the first step was refuted at x = -1). Where several rows state cases (``&= x \\text{ for } x > 0
        \\\\ &= -x \\text{ for } x < 0``), each holds for its own row only; rows that start a new relation keep their own
        (a piecewise definition)."""
        stated = [cases for _, cases in chain if cases]
        if len(stated) != 1 or len(chain) < 2:
            return
        for steps, cases in chain:
            for i in steps if not cases else ():
                s = self.out[i]
                if s.kind == "chain":
                    more = tuple(c for c in stated[0] if c not in s.assumptions)
                    self.out[i] = Step(s.left, s.relation, s.right, s.assumptions + more, s.display, s.kind)

    def _widen(self, either: str, main: bool) -> None:
        """The clause as an alternative to ``either``; with ``main``, the row's premise for a next row's arrow too
        (A => B or C \\ => D: D's premise is B or C, not B alone)."""
        self.clause = self.clause._replace(either=either)
        self.main = self.clause if main else self.main

    def _clause(
        self, spans: list[tuple[int, int]], sides: list[Side | None], rels: list[str], prose_led: bool, started: bool, summary: _Summary
    ) -> bool:
        """Emit the steps of one clause; return whether the row's chain has started."""
        anchor = self.head if self.gap else self.last
        if anchor is None and not started:
            anchor = self.carried
        self.carried = None
        if self.column:
            # 3^2 + 1 &= 10 &= 5 \cdot 3: a column that opens with its relation goes on from the column before it
            before = self.column_last.get(self.column - 1) if self.column > 1 else self.last
            anchor = before if self.onward else self.column_last.get(self.column)
        # ``\Rightarrow = c`` states nothing new about the chain: after an implication a clause starts afresh.
        continued = bool(rels) and sides[0] is None and not prose_led and anchor is not None and self.pending is None
        if self.row_continues is None and rels:
            self.row_continues = continued
        if continued:
            sides[0] = anchor
        present = [i for i, s in enumerate(sides) if s is not None]
        if self.column and present:
            self.column_last[self.column] = sides[present[-1]]
        if len(present) < 2:
            return self._term(sides[present[0]], started) if present else started
        led = self.pending is not None
        for left, rel, right in zip(sides, rels, sides[1:], strict=False):
            self._emit(left, rel, right, "chain")
        whole = self._whole(spans, sides, present, continued)
        inequalities = all(r in ("<", ">", "<=", ">=") for r in rels)
        if self.across and not (len(rels) == 1 or (len(rels) == 2 and inequalities)):
            self.pending = None  # "hence $$w_1 = A = B = C$$": a derivation follows, not one conclusion
        self.across = False
        if self.pending == "impliedby" and self.clause is not None:
            self._emit(whole.side(), "=>", self.clause.side(), "implies")
            self.implied = None  # (a conclusion widened by "or" is the left one: none of this step's sides)
        elif self.pending and self.clause is not None:
            self._emit(self.clause.side(), self.pending, whole.side(), "implies")
            self.implied = len(self.out) - 1 if self.out and self.out[-1].kind == "implies" else None
        self.pending, self.clause = None, whole
        if led and self.main is not None and not self.column:
            # A \implies B \\ \implies C: the next row's premise is B, the row's last conclusion (was A), with the
            # conditions stated beside A (a > 0, |1 - \eta a| < 1 \implies ...: a > 0 still holds)
            beside = self.main.both
            self.main = whole._replace(both=beside) if beside and not (whole.either or whole.both) else whole
        if (continued or not started) and not self.column:
            self.head = self.head if continued else sides[present[0]]
            self.last, self.gap, self.main = sides[present[-1]], False, whole
        summary.kept.append(_Kept(sides, rels, continued, led))
        return True

    def _term(self, side: Side, started: bool) -> bool:
        """A clause with one side: an ellipsis, or (first in its row) a term that a later ``= ...`` continues."""
        if side.latex in _ELLIPSES:
            self.gap = True
            return started
        self.pending = None
        if not started:
            self.head = self.last = side
            self.gap = False
        return True

    def _whole(self, spans: list[tuple[int, int]], sides: list[Side | None], present: list[int], continued: bool) -> _Whole:
        """The clause as one relation (``A = B``), for either end of an implication."""
        start = spans[0][1] if continued else spans[present[0]][0]
        return _Whole(self.body, self.base, start, spans[present[-1]][1], sides[0] if continued else None, self.lines)


class _Whole(NamedTuple):
    """A clause kept as a span until an implication needs it as one side (most never do)."""

    body: str
    base: int
    start: int
    end: int
    prefix: Side | None  # the side a continued clause (``= B``) continues from
    lines: _Lines
    either: str = ""  # the relations this one is an alternative to (``x = 2`` of ``x = 2 \text{ or } x = 3``)
    both: str = ""  # the relations that hold with this one (``a > 0`` of ``a > 0, \eta a < 2 \Rightarrow ...``)

    def side(self) -> Side:
        start, end = _trim(self.body, self.start, self.end)
        text = _normal(self.body[start:end])
        if self.prefix is not None:
            text = f"{self.prefix.latex} {text}"
        at = self.prefix.at if self.prefix is not None else self.base + start
        line = self.prefix.line if self.prefix is not None else self.lines.line_of(self.base + start)
        text = f"{self.either} \\vee {text}" if self.either else text
        return Side(f"{self.both} \\wedge {text}" if self.both else text, line, at)


def _side_spans(clause: _Clause) -> list[tuple[int, int]]:
    """The spans between a clause's relations: one more than there are relations."""
    cuts = [clause.start]
    for s, e, _, _ in clause.rels:
        cuts += [s, e]
    cuts.append(clause.end)
    return list(zip(cuts[::2], cuts[1::2], strict=True))


def _form(summary: _Summary) -> _Form | None:
    """The rewrite form of a display whose only content is ``X = A (= ... = B)``."""
    if summary.clauses != 1 or len(summary.kept) != 1:
        return None
    only = summary.kept[0]
    if only.continued or only.rels[0] != "=" or only.sides[0] is None or only.sides[1] is None:
        return None
    # X = A \le B, X = A \approx B: X's value is A, the last side the "=" run reaches (X = B after it was a restatement
    # checked by the made-up rewrite B = B, and a false value of X passed: probe helper-187 F15)
    equal_run = next((k for k, rel in enumerate(only.rels) if rel != "="), len(only.rels))
    last = next(s for s in reversed(only.sides[: equal_run + 1]) if s is not None)
    key = _key(only.sides[0].latex)
    update = any(_updates(only.sides[0].latex, key, s.latex) for s in only.sides[1:] if s is not None)
    return _Form(key, only.sides[1], last, update, only.led)


def _updates(symbol: str, key: str, right: str) -> bool:
    """Whether ``right`` mentions the left-hand ``symbol`` (whose key is ``key``): an update rule.

    Only a short left-hand side (a symbol, not an expression) can be updated, which also keeps this cheap.
    """
    if len(key) > _SYMBOL_CHARS or key not in _key(right):
        return False
    return _mentions(_symbol_key(right), _symbol_key(symbol))
