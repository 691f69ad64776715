"""String languages as automata: whether every string one field accepts, another accepts too.

A string field accepts a language: the strings its ``pattern`` finds a match in (JSON
Schema patterns are not anchored), whose length in code points is within
``minLength``/``maxLength``, or the finite set of its ``enum`` values. Judging a
change keyword by keyword gets it wrong both ways (a ``maxLength`` the pattern already
implies changes nothing; ``[0-9]`` and ``[0123456789]`` are the same), so the breaking
check compares the languages themselves.

The portable subset ``codegen.schema.patterns`` admits (literals, escapes, classes,
groups, alternation, greedy or lazy quantifiers, ``^`` and ``$``; no lookaround, no
backreference) is regular, so inclusion is decidable: each pattern becomes a Thompson
automaton over code points (``^`` and ``$`` are edges taken only at the string's
start or end), and ``includes`` walks the product of the two subset automata with a
shared length counter, looking for a string the first accepts and the second does
not (that string is the witness). Strings are sequences of Unicode scalar values
(I-JSON, RFC 7493, has no lone surrogates), so the alphabet leaves surrogates out.
A pattern outside the subset, or an automaton or product past ``LIMIT`` states (or
``DEADLINE`` seconds), gives ``None``: not decided, and the caller says ``unknown``.

Written here rather than taken from a regex-algebra library: greenery and interegular
read Python's syntax (anchors, ``\\u`` escapes and classes differ), and the subset is
small enough that its parser is shorter than a translation into theirs.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["LIMIT", "Language", "includes", "language"]

LIMIT = 20_000  # NFA states, and product states explored, before giving up
DEADLINE = 2.0  # seconds one inclusion may take before giving up
_MAX = 0x10FFFF
_SURROGATES = (0xD800, 0xDFFF)
_ANY: tuple[tuple[int, int], ...] = ((0, _SURROGATES[0] - 1), (_SURROGATES[1] + 1, _MAX))
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}


class _TooLarge(Exception):
    pass


class _Unsupported(Exception):
    pass


Ranges = tuple[tuple[int, int], ...]


def _normal(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, merged, surrogate-free ranges."""
    cut: list[tuple[int, int]] = []
    for low, high in ranges:
        if low <= _SURROGATES[1] and high >= _SURROGATES[0]:
            if low < _SURROGATES[0]:
                cut.append((low, _SURROGATES[0] - 1))
            if high > _SURROGATES[1]:
                cut.append((_SURROGATES[1] + 1, high))
        elif low <= high:
            cut.append((low, high))
    merged: list[tuple[int, int]] = []
    for low, high in sorted(cut):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    result, start = [], 0
    for low, high in ranges:
        if low > start:
            result.append((start, low - 1))
        start = high + 1
    if start <= _MAX:
        result.append((start, _MAX))
    return _normal(result)


class _Nfa:
    """A Thompson automaton: epsilon edges, ``^``/``$`` edges, and edges on code-point ranges."""

    def __init__(self) -> None:
        self.eps: list[list[int]] = []
        self.caret: list[list[int]] = []
        self.dollar: list[list[int]] = []
        self.chars: list[list[tuple[Ranges, int]]] = []

    def state(self) -> int:
        if len(self.eps) >= LIMIT:
            raise _TooLarge
        for table in (self.eps, self.caret, self.dollar, self.chars):
            table.append([])
        return len(self.eps) - 1


# The parsed pattern: ("chars", ranges) | ("seq", [...]) | ("alt", [...]) | ("rep", node, low, high|None)
# | ("caret",) | ("dollar",)
Tree = tuple[object, ...]


class _Parser:
    """A recursive-descent parser for the portable subset (``codegen.schema.patterns``)."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def parse(self) -> Tree:
        tree = self.alternation()
        if self.at != len(self.text):
            raise _Unsupported(f"unexpected {self.text[self.at]!r}")
        return tree

    def peek(self) -> str | None:
        return self.text[self.at] if self.at < len(self.text) else None

    def alternation(self) -> Tree:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self) -> Tree:
        items: list[Tree] = []
        while (char := self.peek()) is not None and char not in "|)":
            items.append(self.quantified(self.atom()))
        return ("seq", items)

    def atom(self) -> Tree:
        char = self.text[self.at]
        self.at += 1
        if char == "(":
            if self.text.startswith("?:", self.at):
                self.at += 2
            elif self.peek() == "?":
                raise _Unsupported("group kind")
            inner = self.alternation()
            if self.peek() != ")":
                raise _Unsupported("unbalanced group")
            self.at += 1
            return inner
        if char == "[":
            return ("chars", self.char_class())
        if char == "\\":
            code = self.escape()
            return ("chars", _normal([(code, code)]))
        if char == "^":
            return ("caret",)
        if char == "$":
            return ("dollar",)
        if char in ".*+?{}])":
            raise _Unsupported(f"{char!r}")
        return ("chars", _normal([(ord(char), ord(char))]))

    def escape(self) -> int:
        char = self.text[self.at]
        self.at += 1
        if char in _CONTROL:
            return ord(_CONTROL[char])
        if char in "xu":
            width = 2 if char == "x" else 4
            digits = self.text[self.at : self.at + width]
            self.at += width
            return int(digits, 16)
        if char in "\\^$.|?*+()[]{}/-":
            return ord(char)
        raise _Unsupported(f"escape \\{char}")

    def char_class(self) -> Ranges:
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        ranges: list[tuple[int, int]] = []
        first = True
        while True:
            char = self.peek()
            if char is None:
                raise _Unsupported("unterminated class")
            if char == "]" and not first:
                self.at += 1
                break
            first = False
            low = self.class_char()
            if self.peek() == "-" and self.at + 1 < len(self.text) and self.text[self.at + 1] != "]":
                self.at += 1
                high = self.class_char()
                if high < low:
                    raise _Unsupported("range out of order")
                ranges.append((low, high))
            else:
                ranges.append((low, low))
        result = _normal(ranges)
        return _complement(result) if negated else result

    def class_char(self) -> int:
        char = self.text[self.at]
        self.at += 1
        if char == "\\":
            return self.escape()
        return ord(char)

    def quantified(self, atom: Tree) -> Tree:
        char = self.peek()
        bounds: tuple[int, int | None] | None = None
        if char == "*":
            bounds, self.at = (0, None), self.at + 1
        elif char == "+":
            bounds, self.at = (1, None), self.at + 1
        elif char == "?":
            bounds, self.at = (0, 1), self.at + 1
        elif char == "{":
            end = self.text.index("}", self.at)
            low_text, _, high_text = self.text[self.at + 1 : end].partition(",")
            low = int(low_text)
            high = None if "," in self.text[self.at : end] and not high_text else int(high_text or low_text)
            bounds, self.at = (low, high), end + 1
        if bounds is None:
            return atom
        if self.peek() == "?":
            self.at += 1  # lazy: the same strings match
        return ("rep", atom, bounds[0], bounds[1])


def _build(nfa: _Nfa, tree: Tree) -> tuple[int, int]:
    """Thompson's construction: a fragment (start, end) for ``tree``."""
    kind = tree[0]
    start = nfa.state()
    if kind == "chars":
        end = nfa.state()
        nfa.chars[start].append((tree[1], end))  # type: ignore[arg-type]
        return start, end
    if kind in ("caret", "dollar"):
        end = nfa.state()
        (nfa.caret if kind == "caret" else nfa.dollar)[start].append(end)
        return start, end
    if kind == "seq":
        current = start
        for item in tree[1]:  # type: ignore[attr-defined]
            first, last = _build(nfa, item)
            nfa.eps[current].append(first)
            current = last
        return start, current
    if kind == "alt":
        end = nfa.state()
        for item in tree[1]:  # type: ignore[attr-defined]
            first, last = _build(nfa, item)
            nfa.eps[start].append(first)
            nfa.eps[last].append(end)
        return start, end
    # ("rep", node, low, high)
    _, item, low, high = tree
    current = start
    for _ in range(int(low)):  # type: ignore[call-overload]
        first, last = _build(nfa, item)  # type: ignore[arg-type]
        nfa.eps[current].append(first)
        current = last
    if high is None:
        first, last = _build(nfa, item)  # type: ignore[arg-type]
        end = nfa.state()
        nfa.eps[current] += [first, end]
        nfa.eps[last] += [first, end]
        return start, end
    end = nfa.state()
    nfa.eps[current].append(end)
    for _ in range(int(high) - int(low)):  # type: ignore[call-overload]
        first, last = _build(nfa, item)  # type: ignore[arg-type]
        nfa.eps[current].append(first)
        nfa.eps[last].append(end)
        current = last
    return start, end


@dataclass(frozen=True)
class _Search:
    """An automaton for "the pattern is found somewhere in the string" (JSON Schema's reading)."""

    nfa: _Nfa
    start: int
    final: int

    def closure(self, states: Iterable[int], *, at_start: bool, at_end: bool) -> frozenset[int]:
        seen = set(states)
        stack = list(seen)
        while stack:
            state = stack.pop()
            nexts = list(self.nfa.eps[state])
            if at_start:
                nexts += self.nfa.caret[state]
            if at_end:
                nexts += self.nfa.dollar[state]
            for target in nexts:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return frozenset(seen)

    def initial(self) -> frozenset[int]:
        return self.closure([self.start], at_start=True, at_end=False)

    def accepts(self, states: frozenset[int], *, at_start: bool) -> bool:
        return self.final in self.closure(states, at_start=at_start, at_end=True)

    def step(self, states: frozenset[int], code: int) -> frozenset[int]:
        targets = [
            target
            for state in states
            for ranges, target in self.nfa.chars[state]
            if any(low <= code <= high for low, high in ranges)
        ]
        return self.closure(targets, at_start=False, at_end=False)

    def edges(self, states: frozenset[int]) -> list[Ranges]:
        return [ranges for state in states for ranges, _ in self.nfa.chars[state]]


def _search(tree: Tree) -> _Search:
    nfa = _Nfa()
    prefix = nfa.state()
    nfa.chars[prefix].append((_ANY, prefix))
    first, last = _build(nfa, tree)
    nfa.eps[prefix].append(first)
    final = nfa.state()
    nfa.eps[last].append(final)
    nfa.chars[final].append((_ANY, final))
    return _Search(nfa, prefix, final)


@functools.lru_cache(maxsize=512)
def _pattern_search(pattern: str | None) -> _Search:
    if pattern is None:
        return _search(("seq", []))
    return _search(_Parser(pattern).parse())


def _literal_search(values: frozenset[str]) -> _Search:
    branches: list[Tree] = [
        ("seq", [("chars", ((ord(char), ord(char)),)) for char in value]) for value in sorted(values)
    ]
    return _search(("seq", [("caret",), ("alt", branches), ("dollar",)]))


@dataclass(frozen=True)
class Language:
    """The strings a field accepts: ``values`` (an enum, already filtered), or pattern and length bounds."""

    pattern: str | None = None
    low: int = 0
    high: int | None = None
    values: frozenset[str] | None = None

    def automaton(self) -> _Search:
        if self.values is not None:
            return _literal_search(self.values)
        return _pattern_search(self.pattern)

    def bounds(self) -> tuple[int, int | None]:
        return (0, None) if self.values is not None else (self.low, self.high)


def language(pattern: str | None, low: int, high: int | None, values: Sequence[str] | None) -> Language:
    return Language(pattern, low, high, None if values is None else frozenset(values))


def _pick(ranges: Ranges) -> int:
    """A readable character from ``ranges``: a letter or digit if one is there, else the first."""
    for low, high in ((0x61, 0x7A), (0x30, 0x39), (0x41, 0x5A), (0x21, 0x7E), (0x20, 0x20)):
        for start, end in ranges:
            if start <= high and end >= low:
                return max(start, low)
    return ranges[0][0]


def _cells(edges: list[Ranges]) -> list[Ranges]:
    """The alphabet split into cells that every edge either holds entirely or not at all."""
    cuts = {0, _MAX + 1}
    for ranges in edges:
        for low, high in ranges:
            cuts.add(low)
            cuts.add(high + 1)
    points = sorted(cuts)
    cells = []
    for low, after in itertools.pairwise(points):
        cell = _normal([(low, after - 1)])
        if cell:
            cells.append(cell)
    return cells


def includes(small: Language, big: Language) -> tuple[bool, str | None] | None:
    """Whether every string ``small`` accepts ``big`` accepts too; else a string only ``small`` accepts.

    ``None``: not decided (a pattern outside the subset, or past ``LIMIT`` states).
    """
    if small.values is not None:
        outside = sorted(value for value in small.values if not _member(big, value))
        return (False, outside[0]) if outside else (True, None)
    try:
        left, right = small.automaton(), big.automaton()
    except (_TooLarge, _Unsupported, ValueError, IndexError):
        return None
    (left_low, left_high), (right_low, right_high) = small.bounds(), big.bounds()
    cap = max([left_low, right_low] + [b for b in (left_high, right_high) if b is not None]) + 1

    def inside(count: int, low: int, high: int | None) -> bool:
        return count >= low and (high is None or count <= high)

    deadline = time.monotonic() + DEADLINE
    start = (left.initial(), right.initial(), 0)
    parents: dict[tuple[frozenset[int], frozenset[int], int], tuple[object, int] | None] = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        left_states, right_states, count = state
        first = count == 0
        if (
            inside(count, left_low, left_high)
            and left.accepts(left_states, at_start=first)
            and not (inside(count, right_low, right_high) and right.accepts(right_states, at_start=first))
        ):
            return False, _path(parents, state)
        if left_high is not None and count >= left_high:
            continue  # no longer string is in ``small``
        for cell in _cells(left.edges(left_states) + right.edges(right_states)):
            code = _pick(cell)
            following = left.step(left_states, code)
            if not following:
                continue
            nxt = (following, right.step(right_states, code), min(count + 1, cap))
            if nxt not in parents:
                if len(parents) >= LIMIT or time.monotonic() > deadline:
                    return None
                parents[nxt] = (state, code)
                queue.append(nxt)
    return True, None


def _path(parents: dict[tuple[frozenset[int], frozenset[int], int], tuple[object, int] | None], state: object) -> str:
    chars = []
    link = parents[state]  # type: ignore[index]
    while link is not None:
        previous, code = link
        chars.append(chr(code))
        link = parents[previous]  # type: ignore[index]
    return "".join(reversed(chars))


def _member(lang: Language, value: str) -> bool:
    from codegen.schema.patterns import ecma_regex  # noqa: PLC0415

    if lang.values is not None:
        return value in lang.values
    if len(value) < lang.low or (lang.high is not None and len(value) > lang.high):
        return False
    return lang.pattern is None or ecma_regex(lang.pattern).find(value) is not None
