"""Three-valued verdicts with their evidence: never a bare bool.

A checker answers ``proved`` (symbolic), ``confirmed`` (agreement at points),
``refuted`` (with a counterexample) or ``undecided`` (with the reason). An
error inside a checker becomes ``undecided``, never ``refuted``.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


class Verdict(enum.StrEnum):
    PROVED = "proved"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    UNDECIDED = "undecided"

    def __str__(self) -> str:
        return self.value


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a number, array or nested container."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def short(value: Any) -> str:
    """A compact rendering of a value for messages: 6 significant digits."""
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return "[" + ", ".join(short(v) for v in value) + "]"
    return str(value)


def _coordinate(value: Any, number: Any, latex: str | None) -> str:
    """A point's coordinate as a student can type it: 6 digits, unless those are not the point (a failure
    confined to a sliver, found at 1.0000005 or at sqrt 2): then every digit of an integer or a terminating
    decimal, or the exact LaTeX (``\\sqrt{2}``). A repeating decimal is its fraction,
    1/3 (0.333333 was shown for (x - 1/3)^2 >= 10^{-20}, where it holds: probe helper-125), unless too long to type."""
    shown = short(value)
    if number is None or not getattr(number, "is_number", False):
        return shown
    if getattr(number, "is_Float", False):
        return shown if float(shown) == float(number) else repr(float(number))
    if not getattr(number, "is_Rational", False):
        return latex or shown
    exact = Fraction(int(number.p), int(number.q))
    try:
        if Fraction(shown) == exact:
            return shown
    except (ValueError, ZeroDivisionError):
        return shown
    if exact.denominator == 1:
        return str(exact.numerator)
    rest = exact.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        fraction = f"{exact.numerator}/{exact.denominator}"
        return fraction if len(fraction) <= 16 else shown
    decimal = repr(float(exact))
    return decimal if Fraction(decimal) == exact else latex or shown


@dataclass(frozen=True)
class Counterexample:
    """Symbol values where the statement fails, with both sides' values there."""

    at: dict[str, Any]
    lhs: Any
    rhs: Any
    note: str = ""
    exact: dict[str, str] = field(default_factory=dict)  # the point's values in LaTeX, exactly (1/3 as \frac{1}{3})
    point: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)  # symbol -> exact SymPy number

    def coordinates(self) -> dict[str, str]:
        """Each coordinate as a student can type it (:func:`_coordinate`: 1.0000005 stays whole, sqrt 2 exact)."""
        exact = {getattr(s, "name", str(s)): v for s, v in self.point.items()}
        return {k: _coordinate(v, exact.get(k), self.exact.get(k)) for k, v in self.at.items()}

    def describe(self) -> str:
        point = ", ".join(f"{k}={v}" for k, v in self.coordinates().items())
        lhs, rhs = short(self.lhs), short(self.rhs)
        if lhs == rhs and not isinstance(self.lhs, str):  # close values: show every digit so the difference is visible
            lhs, rhs = repr(plain(self.lhs)), repr(plain(self.rhs))
        if lhs == rhs:  # equal even as doubles (a tie, or a difference beyond 17 digits): say so
            rhs = f"{rhs} (the same to the {'15 digits shown' if isinstance(self.lhs, str) else '17 digits a float keeps'})"
        text = f"at {point}: lhs={lhs}, rhs={rhs}" if point else f"lhs={lhs}, rhs={rhs}"
        return f"{text} ({self.note})" if self.note else text

    def as_dict(self) -> dict[str, Any]:
        out = {"at": plain(self.at), "lhs": plain(self.lhs), "rhs": plain(self.rhs), "note": self.note}
        if self.exact:
            out["exact"] = dict(self.exact)
        return out


@dataclass(frozen=True)
class Evidence:
    """One checker's verdict and what it saw."""

    checker: str
    verdict: Verdict
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    counterexample: Counterexample | None = None
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.verdict is Verdict.REFUTED and self.counterexample is None:
            raise ValueError(f"{self.checker}: a refutation needs a counterexample")

    def _repr_html_(self) -> str:
        """How a notebook shows it: the same marks and counterexample as derivax's HTML pages."""
        from derivax.html import fragment

        return fragment(self)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.verdict.value, "summary": self.summary}
        out.update(plain(self.details))
        out["seconds"] = round(self.seconds, 3)
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample.as_dict()
        return out


def undecided(checker: str, reason: str, **details: Any) -> Evidence:
    return Evidence(checker, Verdict.UNDECIDED, reason, details)


@dataclass(frozen=True)
class Judgement:
    """The decision kernel's answer on one input (derivax.compare): a verdict, how it was reached,
    and (when refuted) values to plug in. Every command presents this; none re-decides it."""

    verdict: Verdict
    method: str
    reason: str = ""
    counterexample: Counterexample | None = None
    points: int = 0
    tolerance: float = 0.0
    seconds: float = 0.0

    def _repr_latex_(self) -> str:
        """How a notebook shows it as math (MathJax): the statement or reading, and the verdict in words."""
        from derivax.html import latex_fragment

        return latex_fragment(self)

    def _repr_html_(self) -> str:
        """How a notebook shows it: the same marks and counterexample as derivax's HTML pages."""
        from derivax.html import fragment

        return fragment(self)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.verdict.value, "method": self.method, "reason": self.reason}
        if self.points:
            out.update(points=self.points, rtol=self.tolerance)
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample.as_dict()
        out["seconds"] = round(self.seconds, 3)
        return out

    def describe(self) -> str:
        text = f"{self.verdict} ({self.method})"
        if self.counterexample is not None:
            text += f": {self.counterexample.describe()}"
        elif self.reason:
            text += f": {self.reason}"
        return text


# control characters, the bidirectional overrides and isolates, and the invisible ones that hide or join text (zero-width
# spaces and joiners, the word joiner, a byte-order mark, the line and paragraph separators)
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_safe(data: Any) -> Any:
    """``data`` with every string's lone surrogates (a file name that is not UTF-8, read with surrogateescape) made
    U+FFFD: strict JSON readers (Gradescope's among them) reject them."""
    if isinstance(data, str):
        return _SURROGATE.sub("\ufffd", data) if _SURROGATE.search(data) else data
    if isinstance(data, dict):
        return {json_safe(k): json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    return data


def visible(text: str) -> str:
    """``text`` with its lines kept and the characters that act instead of showing (ESC sequences, NUL, the
    bidirectional overrides and isolates that turn the rest of a line around) shown as escapes (``\\x1b``)."""
    return _INVISIBLE.sub(lambda m: repr(m.group(0))[1:-1], text) if _INVISIBLE.search(text) else text


def failure_text(error: BaseException) -> str:
    """An exception for a message: its kind and what it says (``Unevaluable: ...``), or what its kind means where it says
    nothing (an empty ``Unevaluable:`` was shown for a limit that could not be computed)."""
    said = str(error).strip()
    if isinstance(error, RecursionError | MemoryError | OverflowError):  # Python's words ('maximum recursion depth ...') say
        # nothing to a grader: \binom{10^{300}}{10^{150}} gave 'RecursionError: maximum recursion depth exceeded in comparison'
        return f"the input is too large or nested too deeply to evaluate ({type(error).__name__})"
    if said:
        return f"{type(error).__name__}: {said}"
    meaning = {"Unevaluable": "a part could not be computed", "RecursionError": "nested too deeply"}.get(type(error).__name__)
    return f"{type(error).__name__} ({meaning})" if meaning else type(error).__name__


def printable(text: str) -> str:
    """``text`` on one line with control and format characters shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``):
    what an input says reaches a terminal, a CI log, a Markdown or CSV file without starting a line, sending an
    escape sequence or turning the text around (a right-to-left override)."""
    shown = "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or _SURROGATE.match(c) else c for c in text)
    # nor a command to the CI that reads the log: GitHub runs a line that starts with '::' (after spaces), '##[' anywhere
    if shown.lstrip().startswith("::"):
        shown = shown.replace("::", ":\\:", 1)
    return shown.replace("##[", "##\\[")
