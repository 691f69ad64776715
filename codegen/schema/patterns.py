"""Regular expressions that mean the same to every engine that reads our schemas.

JSON Schema specifies ECMA-262 regular expressions; the schema validator here uses an
ECMA engine (regress), and pydantic-core, which enforces a generated model's
``pattern``, uses the Rust ``regex`` crate. The engines disagree on some syntax:
``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII in ECMA-262 but Unicode in Rust and
Python; ``.`` excludes different line terminators; ``[[`` and ``&&`` build nested
classes in Rust; lookarounds and backreferences do not exist in Rust. A pattern is
accepted only if it is written in a small portable subset, and if it compiles in
all three engines. The one difference the subset keeps is ``$`` in Python's ``re``,
which also matches before a final newline: no path of ours reads patterns with
``re``, and ECMA-262 (the contract) agrees with Rust there.
"""

from __future__ import annotations

import functools
import re

import regress

__all__ = ["PatternProblem", "check_pattern", "check_portable", "ecma_regex"]

_META = set("\\^$.|?*+()[]{}")
_ESCAPABLE = _META | {"/", "-"}
_CONTROL_ESCAPES = set("ntrfv")
_HEX = set("0123456789abcdefABCDEF")
_UNPORTABLE_ESCAPES = {
    "d": "\\d is ASCII in ECMA-262 but Unicode in Rust and Python; write [0-9]",
    "D": "\\D is ASCII in ECMA-262 but Unicode in Rust and Python; write [^0-9]",
    "w": "\\w is ASCII in ECMA-262 but Unicode in Rust and Python; write [A-Za-z0-9_]",
    "W": "\\W is ASCII in ECMA-262 but Unicode in Rust and Python; write [^A-Za-z0-9_]",
    "s": "\\s matches different spaces in ECMA-262, Rust and Python; list them in a class",
    "S": "\\S matches different spaces in ECMA-262, Rust and Python; list them in a class",
    "b": "\\b is ASCII in ECMA-262 but Unicode in Rust and Python",
    "B": "\\B is ASCII in ECMA-262 but Unicode in Rust and Python",
}


class PatternProblem(ValueError):
    """A pattern that is invalid, or not portable across the engines; ``str()`` says why."""


@functools.lru_cache(maxsize=256)
def ecma_regex(pattern: str) -> regress.Regex:
    """Compile ``pattern`` as ECMA-262 with the ``u`` flag, as JSON Schema asks."""
    try:
        return regress.Regex(pattern, "u")
    except Exception as error:  # regress raises its own error type without a public base
        raise PatternProblem(f"invalid ECMA-262 regular expression: {error}") from None


def _escape(pattern: str, at: int) -> int:
    """Check the escape starting at ``pattern[at] == '\\'``; return the index after it."""
    if at + 1 >= len(pattern):
        raise PatternProblem("pattern ends with a lone backslash")
    char = pattern[at + 1]
    if char in _UNPORTABLE_ESCAPES:
        raise PatternProblem(_UNPORTABLE_ESCAPES[char])
    if char in _ESCAPABLE or char in _CONTROL_ESCAPES:
        return at + 2
    if char in "xu":
        width = 2 if char == "x" else 4
        digits = pattern[at + 2 : at + 2 + width]
        if len(digits) != width or not set(digits) <= _HEX:
            raise PatternProblem(f"\\{char} needs exactly {width} hex digits to read the same everywhere")
        if char == "u" and 0xD800 <= int(digits, 16) <= 0xDFFF:
            raise PatternProblem("surrogate escapes pair up in ECMA-262 but not elsewhere")
        return at + 2 + width
    raise PatternProblem(f"escape \\{char} is not read the same by ECMA-262, Rust and Python")


def _class(pattern: str, at: int) -> int:
    """Check the character class starting at ``pattern[at] == '['``; return the index after it."""
    index = at + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    first = index
    while index < len(pattern) and pattern[index] != "]":
        char = pattern[index]
        if char == "[":
            raise PatternProblem("'[' inside a class opens a nested class in Rust; escape it")
        if pattern.startswith(("&&", "--", "~~"), index):
            raise PatternProblem(f"'{pattern[index : index + 2]}' is a set operation in Rust; escape it")
        index = _escape(pattern, index) if char == "\\" else index + 1
    if index >= len(pattern):
        raise PatternProblem("unterminated character class")
    if index == first:
        raise PatternProblem("empty character class")
    return index + 1


_QUANTIFIER = re.compile(r"\*|\+|\?|\{[0-9]+(?:,[0-9]*)?\}")


def _check_subset(pattern: str) -> None:
    index = 0
    depth = 0
    can_repeat = False
    while index < len(pattern):
        char = pattern[index]
        quantifier = _QUANTIFIER.match(pattern, index)
        if quantifier:
            if not can_repeat:
                raise PatternProblem(f"quantifier {quantifier.group()!r} has nothing to repeat")
            index = quantifier.end()
            if index < len(pattern) and pattern[index] == "?":
                index += 1  # lazy: the same verdict as greedy, in every engine
            if index < len(pattern) and pattern[index] in "+*?{":
                raise PatternProblem("a quantifier after a quantifier is read differently by the engines")
            can_repeat = False
            continue
        if char == "\\":
            index, can_repeat = _escape(pattern, index), True
        elif char == "[":
            index, can_repeat = _class(pattern, index), True
        elif char == "(":
            if pattern.startswith("(?", index):
                if not pattern.startswith("(?:", index):
                    raise PatternProblem("only (...) and (?:...) groups read the same in every engine")
                index += 1
            depth += 1
            index, can_repeat = index + 1, False
        elif char == ")":
            if depth == 0:
                raise PatternProblem("unbalanced ')'")
            depth -= 1
            index, can_repeat = index + 1, True
        elif char == ".":
            raise PatternProblem("'.' excludes different line terminators in each engine; use a class")
        elif char in "^$|":
            index, can_repeat = index + 1, False
        elif char in "{}]":
            raise PatternProblem(f"unescaped {char!r} is read differently by the engines; escape it")
        else:
            index, can_repeat = index + 1, True
    if depth:
        raise PatternProblem("unbalanced '('")


@functools.lru_cache(maxsize=256)
def check_portable(pattern: str) -> None:
    """Raise ``PatternProblem`` unless ``pattern`` is valid ECMA-262 written in the portable subset.

    Cheap (no Rust or Python compile): ``codegen validate`` calls it at start-up.
    """
    ecma_regex(pattern)
    _check_subset(pattern)


@functools.lru_cache(maxsize=256)
def check_pattern(pattern: str) -> None:
    """Raise ``PatternProblem`` unless ``pattern`` is valid and portable across the engines."""
    check_portable(pattern)
    try:
        re.compile(pattern)
    except re.error as error:
        raise PatternProblem(f"invalid Python regular expression: {error}") from None
    from pydantic_core import SchemaError, SchemaValidator  # noqa: PLC0415 (only when checking)

    try:
        SchemaValidator({"type": "str", "pattern": pattern, "regex_engine": "rust-regex"})
    except SchemaError as error:
        raise PatternProblem(f"invalid Rust regular expression: {error}") from None
