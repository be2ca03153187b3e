r"""A deterministic reader for the common part of the LaTeX grammar: lark's tree, without the Earley parse.

:func:`tree` reads a normalized source (what :func:`derivax.latex.normalize` gives) by recursive descent
and returns the very tree lark's Earley parser builds for it from :data:`derivax.latex.GRAMMAR` (same rule
names, aliases, inlined rules and tokens), so :class:`derivax.latex._ToSympy` and every pass after it read
it unchanged. Where the input holds anything outside this subset, or any spot where the grammar allows two
trees that this module does not settle exactly as lark settles them, it returns ``None`` and the caller
parses with Earley: a refusal here is never an error, only a slower reading.

The subset: numbers, names (letters, Greek, ``\hat{..}``-style decorations, ``\mathbf``, subscripts, the
layer labels ``a^L`` and ``a^{(l)}``, primes), ``+ - * \cdot \times /``, implicit products, powers
(``x^2``, ``x^{..}``, ``w^T``), ``\frac``, ``\sqrt``, ``\binom``, brackets, ``|x|`` and ``\lvert x\rvert``,
the functions of ``FUNCNAME`` with or without parentheses, ``\log_b``, ``\sigma``, ``\max``/``\min``,
named operators (``\operatorname{..}``, ``\mathbb{E}[..]``), calls ``f(x)``, ``a(b+c)``, ``f'(x)``, the
operators ``\frac{d}{dx}``, ``\sum``, ``\prod``, ``\nabla``, ``\lim``, ``\frac{dC}{dz}``, relations and chains,
intervals and sets, membership, and ``\vee``, ``\wedge``, ``\neg``, ``\Rightarrow``, ``\iff``. Ellipses,
matrices, cases, conditional probabilities ``p(y|x)``, ``\partial`` quotients and ``\text{..}`` go to Earley.

Where the grammar is ambiguous inside the subset, lark's Earley parser (``ambiguity="resolve"``) keeps the
tree with the highest sum of rule and terminal priorities, and between equal sums the alternative listed
first at the node where the readings part. This module takes the same tree by construction:

* a name, ``\sigma``, a function or ``\max`` right before ``(`` or ``[`` is a call (the ``func`` rules have
  priority 3, a product none), and a bare function takes the longest power after it (``\sin x^2`` is
  sin(x^2): both readings part at ``power_noprefix``, whose plain alternative is listed first);
* ``a^L``, ``a^{L}``, ``a^{(l)}`` are labels (the same node and order), with label text of letters, digits,
  ``+`` and ``-`` only, an index (the grammar's LABELTEXT: ``e^{(a x + b)}`` is a power);
* ``|``: a bar right after an operator or an opening bracket opens an absolute value, and every other bar
  must close one; an input where this does not hold is left to Earley (``|a|b|c|`` has two trees). Counting
  bars shows the roles, and so the tree, are then the only ones any parse can give;
* an operator (``\frac{d}{dx}``, ``\sum``, ...) is the last factor of a product, so its body is the rest of
  that product, whatever it holds; where a ``neg`` (a relation, a set, ``(`` logic ``)``, a membership) can be
  read two ways with different trees (``\{1\}``, a set or braces), or the braces after ``\sum_`` fit two
  index forms, Earley decides; ``\log_2(x)^2`` (``log_base_bare`` of ``(x)^2`` by the order of alternatives)
  is Earley's too;
* tokens are matched with the grammar's own regular expressions (tests/test_fastparse.py checks they are
  equal), and an input where the grammar's lexer could cut a token two ways (a word such as ``var`` that
  ``WORDOP`` matches, a subscript that starts with a space) is left to Earley.

tests/test_fastparse.py checks the trees against Earley's on the readings table, the seeds, the pair
table and generated inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lark import Token, Tree

__all__ = ["FUNCTION_COMMAND", "same_tree", "tree"]

# The functions written as commands, with or without parentheses (\tanh x, \sech^2(x)); the grammar's FUNCNAME
FUNCTION_COMMAND = (
    r"\\(?:exp|ln|log|sinh|cosh|tanh|coth|sin|cos|tan|arcsin|arccos|arctan|arsinh|arcosh|artanh|sech|csch|sec|csc|cot)(?![a-zA-Z])"
)

# The grammar's terminals, as lark compiles them (tests/test_fastparse.py compares them with lark's).
PATTERNS = {
    "NUMBER": r"[0-9]+\.[0-9]+E[0-9]+|[0-9]+(\.[0-9]+)?|\.[0-9]+",  # 6.0E23: derivax.latex._scientific's, never input's
    "LETTER": r"[a-zA-Z]",
    "DIGIT": r"[0-9]",
    "PRIMES": r"'+",
    "SUBTEXT": r"[^{}()]+",
    "LABELTEXT": r"\s*(?:[A-Za-z0-9]+|\\ell)(?:\s*[+\-,]\s*(?:[A-Za-z0-9]+|\\ell))*\s*",
    "SUBCMD": r"\\(max|min|[a-zA-Z]+)",
    "GREEK_CMD": r"\\(varepsilon|vartheta|varphi|varrho|varpi|alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi"
    r"|rho|tau|upsilon|phi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega|ell)(?![a-zA-Z])",
    "DECOR": r"\\(hat|bar|tilde|vec|dot|widehat|overline|changeof)(?![a-zA-Z])",
    "FUNCNAME": FUNCTION_COMMAND,
    "WORDOP": r"(?i:relu|softplus|sigmoid|logit|sgn|var|cov)(?![a-zA-Z])",
    "REL": r"(?:\\leqslant|\\geqslant|\\approx|\\leq|\\geq|\\(?:neq|ne)(?![a-zA-Z])|\\le|\\ge|=|<|>)",
    "MULOP": r"(?:\\times(?![a-zA-Z])|\\cdot(?![a-zA-Z])|\*)",
    "NAME": r"[A-Za-z]+",
    "NEQ": r"\\(?:neq|ne)(?![a-zA-Z])",
    "IN": r"\\in(?![a-zA-Z])",
    "NOTIN": r"(?:\\not\s*\\in(?![a-zA-Z])|\\notin(?![a-zA-Z]))",
    "REALS": r"(?:\\mathbb\{R\}|\\mathbb\ R)",
    "CUP": r"\\cup",
    "CAP": r"\\cap",
    "SETMINUS": r"\\(setminus|backslash)(?![a-zA-Z])",
    "TO": r"(?:\\rightarrow|\\to)",
    "DIR": r"(?:\^\{\+\}|\^\{\-\}|\^\+|\^\-)",
    "SQUARE_MARK": r"\^\s*(?:2|\{\s*2\s*\})",
}
_RE = {name: re.compile(pattern) for name, pattern in PATTERNS.items()}
_SIMPLE_LABEL = re.compile(r"[A-Za-z0-9+\-]+")  # the labels read here; others (spaces, \\ell, commas) are Earley's
_WS = " \t\f\r\n"
# \operatorname{ReLU}: inside the braces the grammar expects NAME only, never WORDOP
_NAMED_OPERATOR = re.compile(r"\\(?:operatorname|mathrm|mathbb)\s*\{\s*[A-Za-z]+\s*\}")
_OPERATORS = frozenset(r"\derivop \sum \prod \nabla \lim".split())  # opapp: the last factor of a product
_COMMAND = re.compile(r"\\[a-zA-Z]+")
# A bar after these can only open an absolute value: none of them ends an operand.
_OPENS_BEFORE_BAR = frozenset("([{,;+-*/=<>")
_BAR_AFTER_COMMANDS = frozenset(
    r"\cdot \times \le \leq \ge \geq \ne \neq \leqslant \geqslant \approx \lvert \lfloor \lceil \vee \lor \wedge \land \neg \lnot".split()
)
_ATOM_COMMANDS = frozenset(
    r"""\frac \sqrt \pi \infty \sigma \max \min \lvert \lfloor \lceil
    \mathbf \boldsymbol \derivq \operatorname \mathrm \mathbb \binom \log""".split()
)

# \lvert x \rvert, \lfloor x \rfloor, \lceil x \rceil: the grammar's rule and the command that closes each
_DELIMITED = {r"\lvert": ("abs_", r"\rvert"), r"\lfloor": ("floor_", r"\rfloor"), r"\lceil": ("ceil_", r"\rceil")}

_RULE = {
    name: Token("RULE", name)
    for name in (
        "base",
        "symbol_plain",
        "subscript",
        "label",
        "fargs",
        "fpower",
        "primes",
        "relation",
        "sumindex",
        "dvar",
        "namedop",
        "interval",
    )
}
_LOGIC = {"OR": ("or_", (r"\vee", r"\lor")), "AND": ("and_", (r"\wedge", r"\land"))}
_IMPLIES = {r"\Rightarrow": ("implies", "IMPLIES"), r"\implies": ("implies", "IMPLIES"), r"\Longrightarrow": ("implies", "IMPLIES")}
_IMPLIES.update(dict.fromkeys((r"\Leftarrow", r"\impliedby", r"\Longleftarrow"), ("implied_by", "IMPLIED_BY")))
_IMPLIES.update({r"\iff": ("iff", "IFF"), r"\Leftrightarrow": ("iff", "IFF"), r"\Longleftrightarrow": ("iff", "IFF")})
_ENDS_OF_NEG = frozenset(r"\vee \lor \wedge \land".split()) | frozenset(_IMPLIES)
_SET_OPERATIONS = {r"\cup": ("union", "CUP"), r"\cap": ("intersection", "CAP")}
_SET_OPERATIONS.update({r"\setminus": ("set_minus", "SETMINUS"), r"\backslash": ("set_minus", "SETMINUS")})
_RELATIONS = frozenset(r"\le \leq \ge \geq \ne \neq \leqslant \geqslant \approx".split())


def same_tree(a: object, b: object) -> bool:
    """Equal trees, strictly: rule names and their types, token types and text (lark's Token equality compares
    the text only). Iterative: the pair table has trees deeper than the recursion limit."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, Tree):
            if type(x.data) is not type(y.data) or x.data != y.data or len(x.children) != len(y.children):  # type: ignore[union-attr]
                return False
            stack.extend(zip(x.children, y.children, strict=True))  # type: ignore[union-attr]
        elif isinstance(x, Token):
            if x.type != y.type or str(x) != str(y):  # type: ignore[union-attr]
                return False
        elif x != y:
            return False
    return True


class _Undecided(Exception):
    """Outside the subset, or not a tree this module settles as lark does: Earley reads it."""


def tree(source: str) -> Tree | None:
    """The tree lark's Earley parser builds for ``source`` (normalized LaTeX), or None where Earley must read it."""
    if _RE["WORDOP"].search(_NAMED_OPERATOR.sub("", source)):  # ReLU, var: the word or its letters
        return None
    try:
        read = _Reader(source).start()
    except (_Undecided, RecursionError):
        return None
    # an input wholly in parentheses, ((\sqrt{x})): Earley drops the outer pair through another rule (the fast reader
    # left a single pair to it already; a double one came back as paren(paren(...)), not Earley's tree)
    return None if getattr(read, "data", None) == "paren" else read


class _Reader:
    def __init__(self, source: str) -> None:
        self.s = source
        self.n = len(source)
        self.i = 0
        self.bars = 0  # absolute values open around the current point

    # -------------------------------------------------------------------- characters and tokens

    def peek(self) -> str:
        """The next character after white space ('' at the end), without consuming it."""
        s, i, n = self.s, self.i, self.n
        while i < n and s[i] in _WS:
            i += 1
        self.i = i
        return s[i] if i < n else ""

    def command(self) -> str:
        """The control word at the point (``\\frac``), or '' where there is none; not consumed."""
        if self.peek() != "\\":
            return ""
        m = _COMMAND.match(self.s, self.i)
        return m.group() if m else "\\?"

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _Undecided
        self.i += 1

    def token(self, name: str) -> Token:
        self.peek()
        m = _RE[name].match(self.s, self.i)
        if m is None:
            raise _Undecided
        self.i = m.end()
        return Token(name, m.group())

    def previous(self) -> str:
        """The text just before the point, white space skipped: its last character, or its control word."""
        j = self.i - 1
        while j >= 0 and self.s[j] in _WS:
            j -= 1
        if j < 0:
            return "("  # the start of the input: a bar there opens
        k = j
        while k >= 0 and self.s[k].isalpha():
            k -= 1
        if k >= 0 and self.s[k] == "\\" and k < j:
            return self.s[k : j + 1]
        return self.s[j]

    # -------------------------------------------------------------------- the grammar, rule by rule

    def start(self) -> Tree:
        read = self.logic()
        if self.peek() != "":
            raise _Undecided
        return read

    def logic(self) -> Tree:
        # ?logic: disj | disj IMPLIES disj -> implies | disj IMPLIED_BY disj -> implied_by | disj IFF disj -> iff
        left = self.disjunction()
        implication = _IMPLIES.get(self.command())
        if implication is not None:
            name, kind = implication
            op = Token(kind, self.command())
            self.i += len(op)
            left = Tree(name, [left, op, self.disjunction()])
        return left

    def disjunction(self) -> Tree:
        return self._joined("OR", self.conjunction)

    def conjunction(self) -> Tree:
        return self._joined("AND", self.neg)

    def neg(self) -> Tree:
        """?neg: NOT neg | relation | "(" logic ")" | setexpr | sum | sum IN setexpr | sum NOTIN setexpr.

        Each reading is tried; one that stops short of where a ``neg`` ends does not count. Where two read
        the whole ``neg`` with different trees (``\\{1\\}``: a set, or braces), Earley decides.
        """
        name = self.command()
        if name in (r"\neg", r"\lnot"):
            op = Token("NOT", name)
            self.i += len(name)
            return Tree("not_", [op, self.neg()])
        readings = [self.relation]
        if self.peek() == "(":
            readings.append(self.parenthesised_logic)
        if self.peek() in ("(", "[") or self.command() in (r"\{", r"\emptyset", r"\varnothing", r"\mathbb"):
            readings.append(self.set_)
        found = self._attempts(readings, self._at_end_of_neg)
        if not found or any(end != found[0][1] or not same_tree(found[0][0], read) for read, end in found[1:]):
            raise _Undecided
        read, self.i = found[0]
        return read

    def _attempts(self, alternatives: list[Callable[[], Any]], keep: Callable[[], bool] = lambda: True) -> list[tuple[Any, int]]:
        """Each alternative read from here (backtracking): (what it read, where it stopped) for each one that reads
        and that ``keep`` accepts where it stopped; the position is left where it was."""
        start, found = self.i, []
        for alternative in alternatives:
            self.i = start
            try:
                read = alternative()
            except _Undecided:
                continue
            if keep():
                found.append((read, self.i))
        self.i = start
        return found

    def _at_end_of_neg(self) -> bool:
        c = self.peek()
        return c in ("", ")") or self.command() in _ENDS_OF_NEG

    def parenthesised_logic(self) -> Tree:
        self.expect("(")
        saved, self.bars = self.bars, 0
        inner = self.logic()
        self.bars = saved
        self.expect(")")
        return inner

    def set_(self) -> Tree:
        return Tree("set_", [self.setexpr()])

    def setexpr(self) -> Tree:
        left = self.setatom()
        while self.command() in _SET_OPERATIONS:
            name, kind = _SET_OPERATIONS[self.command()]
            op = self.token(kind)
            left = Tree(name, [left, op, self.setatom()])
        return left

    def setatom(self) -> Tree:
        c = self.peek()
        saved, self.bars = self.bars, 0
        try:
            if c in ("(", "["):
                left = Token("LBR", c)
                self.i += 1
                low = self.sum()
                self.expect(",")
                high = self.sum()
                c = self.peek()
                if c not in (")", "]"):
                    raise _Undecided
                self.i += 1
                return Tree(_RULE["interval"], [left, low, high, Token("RBR", c)])
            if self.s.startswith("\\{", self.i):
                self.i += 2
                if self.peek() == "\\" and self.s.startswith("\\}", self.i):
                    self.i += 2
                    return Tree("empty_set", [])
                items = [self.sum()]
                while self.peek() == ",":
                    self.i += 1
                    items.append(self.sum())
                if not self.s.startswith("\\}", self.i):
                    raise _Undecided
                self.i += 2
                return Tree("finite_set", items)
            name = self.command()
            if name in (r"\emptyset", r"\varnothing"):
                self.i += len(name)
                return Tree("empty_set", [Token("EMPTYSET", name)])
            return Tree("reals", [self.token("REALS")])
        finally:
            self.bars = saved

    def _joined(self, kind: str, operand: object) -> Tree:
        name, spellings = _LOGIC[kind]
        left = operand()  # type: ignore[operator]
        while self.command() in spellings:
            op = Token(kind, self.command())
            self.i += len(op)
            left = Tree(name, [left, op, operand()])  # type: ignore[operator]
        return left

    def relation(self) -> Tree:
        # neg: relation | sum | sum IN setexpr -> member | sum NOTIN setexpr -> not_member
        items = [self.sum()]
        name = self.command()
        if name == r"\in" or name in (r"\notin", r"\not"):
            kind = "IN" if name == r"\in" else "NOTIN"
            op = self.token(kind)
            return Tree("member" if kind == "IN" else "not_member", [items[0], op, self.setexpr()])
        while self.peek() in ("=", "<", ">") or self.command() in _RELATIONS:
            items.append(self.token("REL"))
            items.append(self.sum())
        return Tree(_RULE["relation"], items) if len(items) > 1 else items[0]

    def sum(self) -> Tree:
        c = self.peek()
        if c == "-":
            self.i += 1
            left = Tree("neg", [self.product()])
        elif c == "+":
            self.i += 1
            left = self.product()
        else:
            left = self.product()
        while True:
            c = self.peek()
            if c == "+":
                self.i += 1
                left = Tree("add", [left, self.product()])
            elif c == "-":
                self.i += 1
                left = Tree("sub", [left, self.product()])
            else:
                return left

    def _at_operator(self) -> bool:
        """An opapp starts here: \\derivop, \\sum, \\prod, \\nabla, or a function before one (\\log \\sum_k)."""
        name = self.command()
        if name in _OPERATORS:
            return True
        if name and _RE["FUNCNAME"].fullmatch(name):
            j = self.i + len(name)
            while j < self.n and self.s[j] in _WS:
                j += 1
            m = _COMMAND.match(self.s, j)
            return m is not None and m.group() in _OPERATORS
        return False

    def product(self) -> Tree:
        # ?product: factors | opapp | factors opapp -> mul_implicit | factors MULOP opapp -> mul
        # An operator is the last factor: its body, a product, runs to the product's end.
        if self._at_operator():
            return self.operator()
        left = self.power()
        while True:
            c = self.peek()
            if c == "*" or (c == "\\" and self.command() in (r"\cdot", r"\times")):
                op = self.token("MULOP")
                if self._at_operator():
                    return Tree("mul", [left, op, self.operator()])
                if self.peek() == "-":
                    self.i += 1
                    left = Tree("mul_negative", [left, op, self.power()])
                else:
                    left = Tree("mul", [left, op, self.power()])
            elif c == "/":
                self.i += 1
                left = Tree("div", [left, self.power()])
            elif c == "|":
                if self.bars == 0:  # a bar after an operand that does not close: Earley decides
                    raise _Undecided
                return left  # it closes the absolute value open around this product
            elif c == "\\" and self._at_operator():
                return Tree("mul_implicit", [left, self.operator()])
            elif c and (c.isalnum() or c in "([{." or (c == "\\" and self._starts_atom())):
                left = Tree("mul_implicit", [left, self.power()])
            else:
                return left

    def operator(self) -> Tree:
        name = self.command()
        if name == r"\derivop":
            op = Token("DERIVOP", name)
            self.i += len(name)
            self.expect("{")
            var = self.symbol_plain()
            self.expect("}")
            return Tree("deriv_op", [op, var, self.product()])
        if name == r"\nabla":
            children: list = [Token("NABLA", name)]
            self.i += len(name)
            if self.peek() == "^":  # \nabla^2 f: the Hessian
                children.append(self.token("SQUARE_MARK"))
            if self.peek() == "_":
                self.i += 1
                children.append(self.group_or_token())
            if self.peek() == "^" and not any(isinstance(c, Token) and c.type == "SQUARE_MARK" for c in children):  # \nabla_w^2 L
                children.append(self.token("SQUARE_MARK"))
            c = self.peek()
            if c == "*" or (c == "\\" and self.command() in (r"\cdot", r"\times")):
                children.append(self.token("MULOP"))
            children.append(self.product())
            return Tree("nabla", children)
        if name in (r"\sum", r"\prod"):
            return self.big_operator(name)
        if name == r"\lim":
            # "\lim" "_" "{" symbol_plain TO sum DIR? "}" product -> limit
            self.i += len(name)
            self.expect("_")
            self.expect("{")
            saved, self.bars = self.bars, 0
            children = [self.symbol_plain(), self.token("TO"), self.sum()]
            self.bars = saved
            if self.peek() == "^":
                children.append(self.token("DIR"))
            self.expect("}")
            return Tree("limit", [*children, self.product()])
        # FUNCNAME opapp -> func_op
        return Tree("func_op", [self.token("FUNCNAME"), self.operator()])

    def big_operator(self, name: str) -> Tree:
        r"""``\sum_{i=1}^{n}``, ``\sum_{i=1, j \ne i}^{n}``, ``\sum_i``, ``\sum_{i,j}``, ``\sum_{j \ne i}``, ``\sum_{0 \le j,k \le n}``."""
        op = Token("SUM_" if name == r"\sum" else "PROD_", name)
        self.i += len(name)
        self.expect("_")
        over = "sum_over" if name == r"\sum" else "prod_over"
        if self.peek() != "{":
            index = Tree(_RULE["sumindex"], [self.symbol_plain()])
            if self.peek() == "^":  # \sum_j^C: an upper bound alone, Earley's
                raise _Undecided
            return Tree(over, [op, index, self.product()])
        # The forms of the braces exclude one another (each needs what the others refuse); all are tried and
        # exactly one must read the braces, or Earley decides.
        forms = [self._bounds, self._index_list, self._index_excluding, self._index_ordered, self._index_range]
        if name == r"\sum":
            forms.append(self._bounds_excluding)
        found = self._attempts(forms)
        if len(found) != 1:
            raise _Undecided
        (kind, parts), self.i = found[0]
        if kind == "bounds":
            self.expect("^")
            high = self.group_or_token()
            return Tree("sum_" if name == r"\sum" else "prod_", [op, *parts, high, self.product()])
        if kind == "bounds_excluding":
            self.expect("^")
            high = self.group_or_token()
            var, low, other, neq, excluded = parts
            return Tree("sum_excluding", [op, var, low, other, neq, excluded, high, self.product()])
        if self.peek() == "^":  # \sum_{j}^{C}: an upper bound alone, Earley's
            raise _Undecided
        return Tree(over, [op, parts, self.product()])

    def _inside(self, read: object) -> object:
        self.expect("{")
        saved, self.bars = self.bars, 0
        out = read()  # type: ignore[operator]
        self.bars = saved
        self.expect("}")
        return out

    def _bounds(self) -> tuple:
        def read() -> tuple:
            var = self.symbol_plain()
            self.expect("=")
            return ("bounds", [var, self.sum()])

        return self._inside(read)  # type: ignore[return-value]

    def _bounds_excluding(self) -> tuple:
        def read() -> tuple:
            var = self.symbol_plain()
            self.expect("=")
            low = self.sum()
            self.expect(",")
            other = self.symbol_plain()
            if self.command() not in (r"\ne", r"\neq"):
                raise _Undecided
            neq = self.token("NEQ")
            return ("bounds_excluding", [var, low, other, neq, self.sum()])

        return self._inside(read)  # type: ignore[return-value]

    def _index_list(self) -> tuple:
        def read() -> tuple:
            names = [self.symbol_plain()]
            while self.peek() == ",":
                self.i += 1
                names.append(self.symbol_plain())
            return ("index", Tree("index_list", names))

        return self._inside(read)  # type: ignore[return-value]

    def _index_excluding(self) -> tuple:
        def read() -> tuple:
            var = self.symbol_plain()
            if self.command() not in (r"\ne", r"\neq"):
                raise _Undecided
            neq = self.token("NEQ")
            return ("index", Tree("index_excluding", [var, neq, self.sum()]))

        return self._inside(read)  # type: ignore[return-value]

    def _index_ordered(self) -> tuple:
        def read() -> tuple:
            var = self.symbol_plain()
            if not (self.peek() in ("<", ">") or self.command() in (r"\le", r"\ge", r"\leq", r"\geq", r"\leqslant", r"\geqslant")):
                raise _Undecided
            rel = self.token("REL")
            return ("index", Tree("index_ordered", [var, rel, self.symbol_plain()]))

        return self._inside(read)  # type: ignore[return-value]

    def _index_range(self) -> tuple:
        def read() -> tuple:
            low = self.sum()
            if not (self.peek() in ("=", "<", ">") or self.command() in _RELATIONS):
                raise _Undecided
            parts = [low, self.token("REL"), self.symbol_plain()]
            while self.peek() == ",":
                self.i += 1
                parts.append(self.symbol_plain())
            if not (self.peek() in ("=", "<", ">") or self.command() in _RELATIONS):
                raise _Undecided
            parts += [self.token("REL"), self.sum()]
            return ("index", Tree("index_range", parts))

        return self._inside(read)  # type: ignore[return-value]

    def _starts_atom(self) -> bool:
        name = self.command()
        return name in _ATOM_COMMANDS or bool(_RE["GREEK_CMD"].match(name) or _RE["DECOR"].match(name) or _RE["FUNCNAME"].match(name))

    def power(self) -> Tree:
        base = self.atom()
        if self.peek() == "^" and not self._direction():
            self.i += 1
            return Tree("pow", [base, self.group_or_token()])
        if self.peek() in ("!", "'", "_"):
            raise _Undecided
        return base

    def atom(self) -> Tree:
        c = self.peek()
        if c.isdigit() or c == ".":
            return Tree("number", [self.token("NUMBER")])
        if c.isalpha():
            return self.named()
        if c == "(":
            return self.bracketed("(", ")")
        if c == "[":
            return self.bracketed("[", "]")
        if c == "{":
            return self.bracketed("{", "}")
        if c == "|":
            before = self.previous()
            if before not in _OPENS_BEFORE_BAR and before not in _BAR_AFTER_COMMANDS and not _RE["FUNCNAME"].fullmatch(before):
                raise _Undecided  # after what may end an operand, a bar may close: Earley decides
            self.i += 1
            self.bars += 1
            inner = self.sum()
            self.expect("|")
            self.bars -= 1
            return Tree("abs_", [inner])
        if c != "\\":
            raise _Undecided
        name = self.command()
        if name == r"\frac":
            self.i += len(name)
            return Tree("frac", [self.group_or_token(), self.group_or_token()])
        if name == r"\sqrt":
            self.i += len(name)
            if self.peek() == "[":
                self.i += 1
                index = self.sum()
                self.expect("]")
                return Tree("root", [index, self.group_or_token()])
            return Tree("sqrt", [self.group_or_token()])
        if name == r"\binom":
            self.i += len(name)
            return Tree("binom", [self.group_or_token(), self.group_or_token()])
        if name == r"\pi":
            self.i += len(name)
            return Tree("pi", [])
        if name == r"\infty":
            self.i += len(name)
            return Tree("infinity", [Token("INFTY", name)])
        if name in _DELIMITED:
            self.i += len(name)
            saved, self.bars = self.bars, 0  # a bar inside \lvert..\rvert is not this one's end
            inner = self.sum()
            self.bars = saved
            rule, close = _DELIMITED[name]
            if self.command() != close:
                raise _Undecided
            self.i += len(close)
            return Tree(rule, [inner])
        if name == r"\sigma":
            return self.sigma()
        if name in (r"\max", r"\min"):
            self.i += len(name)
            return Tree("max_" if name == r"\max" else "min_", [self.fargs()])
        if _RE["FUNCNAME"].match(name):
            return self.function()
        if name == r"\derivq":
            op = Token("DERIVQ", name)
            self.i += len(name)
            self.expect("{")
            top = self.dvar()
            self.expect("}")
            self.expect("{")
            bottom = self.dvar()
            self.expect("}")
            return Tree("deriv_symbol", [op, top, bottom])
        if name in (r"\operatorname", r"\mathrm", r"\mathbb"):
            self.i += len(name)
            self.expect("{")
            self.peek()
            word = self.token("NAME")
            # \mathrm{or}, \mathrm{and}, \mathbb{R} are also OR, AND, REALS
            if word in ("or", "and") or (name == r"\mathbb" and word in ("R", "Z", "N")):
                raise _Undecided
            self.expect("}")
            children: list = [Tree(_RULE["namedop"], [word])]
            if self.peek() == "'":
                children.append(Tree(_RULE["primes"], [self.token("PRIMES")]))
            if self.peek() not in ("(", "["):
                raise _Undecided
            children.append(self.fargs())
            return Tree("named_call", children)
        return self.named()

    def dvar(self) -> Tree:
        """dvar: (base | SIGMA) subscript? ("^" (LETTER | DIGIT | "{" SUBTEXT "}" | "{" "(" SUBTEXT ")" "}"))?"""
        if self.command() == r"\sigma":
            self.i += len(r"\sigma")
            children: list = [Token("SIGMA", r"\sigma")]
        else:
            children = [self.base()]
        if self.peek() == "_":
            children.append(self.subscript())
        if self.peek() == "^":
            self.i += 1
            c = self.peek()
            if c.isalpha():
                children.append(self.token("LETTER"))
            elif c.isdigit():
                children.append(self.token("DIGIT"))
            elif c == "{":
                self.i += 1
                brackets = self.s.startswith("(", self.i)
                self.i += brackets
                m = _RE["SUBTEXT"].match(self.s, self.i)
                if m is None or m.group()[0] in _WS:  # a space first: two ways to cut the token
                    raise _Undecided
                self.i = m.end()
                if brackets:
                    self.expect(")")
                self.expect("}")
                children.append(Token("SUBTEXT", m.group()))
            else:
                raise _Undecided
        return Tree(_RULE["dvar"], children)

    def bracketed(self, opening: str, closing: str) -> Tree:
        self.i += 1
        saved, self.bars = self.bars, 0  # a bar cannot close across a bracket
        inner = self.sum()
        self.bars = saved
        self.expect(closing)
        return inner if opening == "{" else Tree("paren", [inner])  # the grammar's paren: visible brackets stay a node

    def named(self) -> Tree:
        """A name, and the call or prime after it: ``x``, ``W_1(x)``, ``f'(x)``, ``x'``."""
        head = self.symbol_plain()
        c = self.peek()
        if c == "'":
            primes = self.token("PRIMES")
            if self.peek() in ("(", "["):
                return Tree("prime_call", [head, primes, self.fargs()])
            if self.peek() == "{" or self.command() == "\\?":
                raise _Undecided
            return Tree("primed_symbol", [head, primes])
        if c in ("(", "["):
            return Tree("maybe_call", [head, self.fargs()])
        if c == "{" or (c == "\\" and self.s.startswith("\\{", self.i)):
            raise _Undecided  # f{(x)} and f\{x\} may be calls: Earley decides
        return head

    def symbol_plain(self) -> Tree:
        children = [self.base()]
        if self.peek() == "_":
            children.append(self.subscript())
        label = self.label()
        if label is not None:
            children.append(label)
        return Tree(_RULE["symbol_plain"], children)

    def base(self) -> Tree:
        c = self.peek()
        if c.isalpha():
            return Tree(_RULE["base"], [self.token("LETTER")])
        name = self.command()
        if _RE["GREEK_CMD"].match(name):
            return Tree(_RULE["base"], [self.token("GREEK_CMD")])
        if _RE["DECOR"].match(name):
            decor = self.token("DECOR")
            self.expect("{")
            inner = self.base()
            self.expect("}")
            return Tree(_RULE["base"], [decor, inner])
        if name in (r"\mathbf", r"\boldsymbol"):
            self.i += len(name)
            self.expect("{")
            inner = self.base()
            self.expect("}")
            return Tree(_RULE["base"], [inner])
        raise _Undecided

    def subscript(self) -> Tree:
        self.expect("_")
        c = self.peek()
        if c.isalpha():
            return Tree(_RULE["subscript"], [self.token("LETTER")])
        if c.isdigit():
            return Tree(_RULE["subscript"], [self.token("DIGIT")])
        if c == "{":
            self.i += 1
            m = _RE["SUBTEXT"].match(self.s, self.i)  # no white space skipped: it would give a second token
            if m is None or m.group()[0] in _WS or "|" in m.group():
                raise _Undecided
            self.i = m.end()
            self.expect("}")
            return Tree(_RULE["subscript"], [Token("SUBTEXT", m.group())])
        if c == "\\":
            if _RE["GREEK_CMD"].match(self.s, self.i):  # also a SUBCMD: the grammar lists GREEK_CMD first
                return Tree(_RULE["subscript"], [self.token("GREEK_CMD")])
            return Tree(_RULE["subscript"], [self.token("SUBCMD")])
        raise _Undecided

    def label(self) -> Tree | None:
        """``^L``, ``^{L}``, ``^{(l)}`` after a name, or None (the caret is then a power's)."""
        if self.peek() != "^":
            return None
        start = self.i
        self.i += 1
        c = self.peek()
        if c == "L":
            self.i += 1
            return Tree(_RULE["label"], [Token("CAPITAL_L", "L")])
        if c == "{":
            self.i += 1
            c = self.peek()
            if c == "L":
                self.i += 1
                if self.peek() == "}":
                    self.i += 1
                    return Tree(_RULE["label"], [Token("CAPITAL_L", "L")])
            elif c == "(":
                self.i += 1
                m = _RE["SUBTEXT"].match(self.s, self.i)
                if m is not None and m.end() < self.n and self.s[m.end()] == ")":
                    if not (_SIMPLE_LABEL.fullmatch(m.group()) and _RE["LABELTEXT"].fullmatch(m.group())):
                        raise _Undecided
                    self.i = m.end() + 1
                    if self.peek() != "}":
                        raise _Undecided
                    self.i += 1
                    return Tree(_RULE["label"], [Token("LABELTEXT", m.group())])
        self.i = start
        return None

    def group_or_token(self) -> Tree:
        c = self.peek()
        if c == "{":
            self.i += 1
            if self.command() == r"\transpose":
                self.i += len(r"\transpose")
                self.expect("}")
                return Tree("transpose_mark", [Token("TRANSPOSE", r"\transpose")])
            saved, self.bars = self.bars, 0
            inner = self.sum()
            self.bars = saved
            self.expect("}")
            return inner
        if c.isdigit():
            return Tree("number", [self.token("DIGIT")])
        if c == "-":
            self.i += 1
            if not self.peek().isdigit():
                raise _Undecided
            return Tree("negdigit", [self.token("DIGIT")])
        if self.command() == r"\infty":
            self.i += len(r"\infty")
            return Tree("infinity", [Token("INFTY", r"\infty")])
        if self.command() == r"\pi":  # e^\pi
            self.i += len(r"\pi")
            return Tree("pi", [])
        return self.symbol_plain()

    def fargs(self) -> Tree:
        c = self.peek()
        if c == "[":
            self.i += 1
            saved, self.bars = self.bars, 0
            args = [self.sum()]
            self.bars = saved
            self.expect("]")
            return Tree(_RULE["fargs"], args)
        self.expect("(")
        saved, self.bars = self.bars, 0
        args = [self.sum()]
        while self.peek() in (",", ";"):
            self.i += 1
            args.append(self.sum())
        self.bars = saved
        self.expect(")")
        return Tree(_RULE["fargs"], args)

    def sigma(self) -> Tree:
        sigma = Token("SIGMA", r"\sigma")
        self.i += len(r"\sigma")
        c = self.peek()
        if c in ("(", "["):
            return Tree("sigmoid_call", [sigma, self.fargs()])
        if c == "'":
            primes = Tree(_RULE["primes"], [self.token("PRIMES")])
            if self.peek() not in ("(", "["):
                raise _Undecided
            return Tree("sigmoid_call", [sigma, primes, self.fargs()])
        if c == "_":
            subscript = self.subscript()
            if self.peek() in ("(", "["):
                return Tree("sigma_indexed_call", [sigma, subscript, self.fargs()])
            if self.peek() == "{" or self.s.startswith("\\{", self.i):
                raise _Undecided
            return Tree("sigma_indexed", [sigma, subscript])
        if c == "{" or self.s.startswith("\\{", self.i):
            raise _Undecided
        return Tree("sigma_symbol", [sigma])

    def function(self) -> Tree:
        """``\\sin(x)``, ``\\sin^2(x)``: a call; ``\\sin x``, ``\\sin^2 x``: a bare function and the power after it."""
        if self.s.startswith("\\log", self.i) and self._log_base():
            self.i += len(r"\log")
            self.expect("_")
            base = self.group_or_token()
            c = self.peek()
            if c in ("(", "["):
                # \log_2(x): log_base, the alternative listed before log_base_bare at the same priority; with a
                # power after it the two part at power_noprefix, where log_base_bare(2, (x)^2) comes first
                args = self.fargs()
                if self.peek() in ("^", "!", "'"):
                    raise _Undecided
                return Tree("log_base", [base, args])
            if c == "{" or self.s.startswith("\\{", self.i):
                raise _Undecided
            return Tree("log_base_bare", [base, self._bare_argument()])
        name = self.token("FUNCNAME")
        children: list = [name]
        primed = self.peek() == "'"
        if primed:  # FUNCNAME primes? fpower? fargs: a call only
            children.append(Tree(_RULE["primes"], [self.token("PRIMES")]))
        if self.peek() == "^":
            self.i += 1
            children.append(Tree(_RULE["fpower"], [self.group_or_token()]))
        c = self.peek()
        if c in ("(", "["):
            children.append(self.fargs())
            return Tree("func_call", children)
        if primed or c in ("{", "'", "_") or self.s.startswith("\\{", self.i):
            raise _Undecided  # \sin{(x)}, \log_2: Earley decides
        children.append(self._bare_argument())
        return Tree("func_bare", children)

    def _direction(self) -> bool:
        """``^+}``, ``^{-}}``: a limit's direction (DIR) before its closing brace, never a power (which cannot end so)."""
        m = _RE["DIR"].match(self.s, self.i)
        if m is None:
            return False
        j = m.end()
        while j < self.n and self.s[j] in _WS:
            j += 1
        return self.s.startswith("}", j)

    def _log_base(self) -> bool:
        j = self.i + len(r"\log")
        while j < self.n and self.s[j] in _WS:
            j += 1
        return j < self.n and self.s[j] == "_" and not self.s[self.i + 4 : self.i + 5].isalpha()

    def _bare_argument(self) -> Tree:
        # the grammar's power_noprefix: an atom and its power, nothing after
        base = self.atom()
        if self.peek() == "^":
            self.i += 1
            return Tree("pow", [base, self.group_or_token()])
        return base
