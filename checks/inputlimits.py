r"""Limits on one LaTeX input, checked in linear time before any rewriting or parsing.

Why before: :func:`derivax.latex.normalize` expands scientific notation into exact decimals
(``1e-60000`` becomes sixty thousand digits, in quadratic time), Python refuses to convert
integers of over 4300 digits, and the grammar and its transformer recurse once per level of
nesting (``\sqrt{`` nested 520 deep ends in ``RecursionError``). Each of these used to take a
whole class down or hold it for minutes; here each becomes one clear :class:`InputLimitError`
that :func:`derivax.latex.parse` reports as a ``LatexError`` (an ``unparsed`` answer or step).

The limits are far beyond anything written by hand: no derivation needs a 400-digit literal, an
exponent of 10^400 in scientific notation (doubles end at 10^308) or 100 nested brackets.
"""

from __future__ import annotations

import re
import sys

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "MAX_EXPONENT", "InputLimitError", "allow_long_integers", "check_latex", "check_text"]

MAX_DIGITS = 400  # digits in one run of digits (a literal number)
MAX_EXPONENT = 400  # |exponent| of scientific notation: 1e400, 5e^{-400}, 3 \cdot 10^{400}
MAX_DEPTH = 100  # nested { ( [ of any kind together

_DIGITS = re.compile(r"\d+")
# Every spelling of scientific notation that derivax.latex.normalize expands: a digit, then e or E
# (with an optional caret, braces, sign), or \cdot / \times / * 10^. Spaces are allowed anywhere,
# as the normaliser allows them.
_SCIENTIFIC = re.compile(
    r"\d\s*(?:[eE]\s*\^?|(?:\\cdot|\\times|\*)\s*10\s*\^)\s*\{?\s*[+-]?\s*(\d+)",
)
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")


def allow_long_integers() -> None:
    """Let integers of up to 400,000 digits print (CLI and workers). Reading allows exact powers of 100,000 digits
    (derivax.latex.MAX_POWER_DIGITS: 10^{-5000} is a fine number) and products of a few of them; printing them (read
    as, JSON, cache keys) met Python's 4,300-digit guard on int-to-str, which protects a program that converts
    unbounded input in quadratic time. Ours is bounded: 0.15 s for 100,000 digits on the benchmark machine."""
    if 0 < sys.get_int_max_str_digits() < 400_000:  # 0: no limit at all
        sys.set_int_max_str_digits(400_000)


class InputLimitError(ValueError):
    """An input over one of this module's limits; the message names the limit."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


def _shown(text: str, limit: int = 40) -> str:
    """A short excerpt for a message: a 60,000-digit number must not be echoed into feedback."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def check_text(text: str) -> None:
    """Raise :class:`InputLimitError` if ``text`` has a number, exponent or nesting over the limits.

    Linear in ``len(text)``: no integer is converted unless it has at most :data:`MAX_DIGITS` digits.
    """
    if not isinstance(text, str):
        return  # the parser's own type check reports it
    for m in _DIGITS.finditer(text):
        if m.end() - m.start() > MAX_DIGITS:
            raise InputLimitError(
                f"a number of {m.end() - m.start()} digits ({_shown(m.group())}); the limit is {MAX_DIGITS} digits "
                "(derivax.inputlimits.MAX_DIGITS)",
                m.start(),
            )
    for m in _SCIENTIFIC.finditer(text):
        if int(m.group(1)) > MAX_EXPONENT:
            raise InputLimitError(
                f"scientific notation with exponent {_shown(m.group(1))} ({_shown(m.group())}); the limit is "
                f"{MAX_EXPONENT} (derivax.inputlimits.MAX_EXPONENT); a power such as 10^{{n}} is read exactly instead",
                m.start(),
            )
    depth = 0
    for i, c in enumerate(text):
        if c in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise InputLimitError(
                    f"brackets and braces nested over {MAX_DEPTH} deep; the limit is {MAX_DEPTH} (derivax.inputlimits.MAX_DEPTH)", i
                )
        elif c in _CLOSE:
            depth = max(0, depth - 1)


def check_latex(text: str) -> None:
    """:func:`check_text`, raising :class:`derivax.latex.LatexError` (the parser's own error type).

    Imported lazily: :mod:`derivax.latex` calls this at the top of ``parse``, so importing it here at
    module level would be circular.
    """
    try:
        check_text(text)
    except InputLimitError as error:
        from derivax.latex import LatexError

        raise LatexError(str(error)) from None
