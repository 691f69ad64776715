"""The automata behind `codegen breaking`'s pattern rules, held to the ECMA-262 engine on many pattern pairs.

``codegen.evolution.regex.includes`` decides whether every string one pattern (with
length bounds) finds a match in, another does too. Here random patterns of the
portable subset are compared pairwise: every string up to a length over a small
alphabet is judged by regress (the ECMA-262 engine the schema validator uses), a
difference it finds must be a ``False`` verdict, and every witness the automata give
must match the first pattern and not the second, as regress reads them.
"""

from __future__ import annotations

import itertools
import random

import pytest

from codegen.evolution.regex import includes, language
from codegen.schema.patterns import PatternProblem, check_portable, ecma_regex

ALPHABET = "ab.-"
STRINGS = ["".join(chars) for size in range(5) for chars in itertools.product(ALPHABET, repeat=size)]


def _atom(rng: random.Random, depth: int) -> str:
    choice = rng.randrange(7 if depth < 1 else 5)
    if choice == 0:
        return rng.choice(["a", "b", "\\.", "-"])
    if choice == 1:
        return rng.choice(["[ab]", "[a-b]", "[^a]", "[.]", "[a.-]", "[^ab.]"])
    if choice == 2:
        return rng.choice(["\\x61", "\\u0062", "[\\x61-\\x62]"])
    if choice in (3, 4):
        return rng.choice(["a", "b"])
    inner = "|".join(_sequence(rng, depth + 1) for _ in range(rng.randrange(1, 3)))
    return f"({inner})" if choice == 5 else f"(?:{inner})"


def _sequence(rng: random.Random, depth: int) -> str:
    parts = []
    for _ in range(rng.randrange(1, 4)):
        atom = _atom(rng, depth)
        quantifier = rng.choice(["", "", "", "*", "+", "?", "{2}", "{1,2}", "{2,}", "{0,1}?"])
        parts.append(atom + quantifier)
    return "".join(parts)


def _pattern(rng: random.Random) -> str:
    body = "|".join(_sequence(rng, 0) for _ in range(rng.randrange(1, 3)))
    return rng.choice(["", "^"]) + body + rng.choice(["", "$"])


def _matches(pattern: str, low: int, high: int | None, text: str) -> bool:
    return low <= len(text) and (high is None or len(text) <= high) and ecma_regex(pattern).find(text) is not None


def _pairs() -> list[tuple[str, str, int, int | None]]:
    rng = random.Random(12)
    pairs = []
    while len(pairs) < 200:
        first, second = _pattern(rng), _pattern(rng)
        try:
            check_portable(first)
            check_portable(second)
        except PatternProblem:
            continue
        pairs.append((first, second, rng.choice([0, 0, 1, 2]), rng.choice([None, None, 3, 4])))
    return pairs


@pytest.mark.parametrize(("first", "second", "low", "high"), _pairs())
def test_inclusion_agrees_with_the_ecma_engine(first: str, second: str, low: int, high: int | None) -> None:
    """A string only the first accepts means "not included"; a witness is such a string, as ECMA-262 reads it."""
    small, big = language(first, low, high, None), language(second, 0, None, None)
    verdict = includes(small, big)
    assert verdict is not None
    included, witness = verdict
    found = [text for text in STRINGS if _matches(first, low, high, text) and not _matches(second, 0, None, text)]
    if found:
        assert not included, found[0]
    if not included:
        assert witness is not None
        assert _matches(first, low, high, witness)
        assert not _matches(second, 0, None, witness)


@pytest.mark.parametrize(("first", "second", "low", "high"), _pairs()[:100])
def test_a_pattern_is_included_in_its_alternation_with_another(
    first: str, second: str, low: int, high: int | None
) -> None:
    """``A`` within its lengths is always included in ``A|B`` (a true verdict on non-trivial automata)."""
    assert includes(language(first, low, high, None), language(f"{first}|{second}", 0, None, None)) == (True, None)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("^[0-9]$", "^[0123456789]$"),
        ("^a\\.b$", "^a[.]b$"),
        ("^[0-9]{6}$", "^(?:[0-9]{2}){3}$"),
        ("^[0-9]{6}$", "^[0-9]{2}[0-9]{2}[0-9]{2}$"),
        ("^(?:BUY|SELL)$", "^(?:SELL|BUY)$"),
        ("^ORD_([0-9]{4})", "^ORD_(?:[0-9]{4})"),
        ("^ORD_[0-9]{4}", "^ORD_[0-9]{4}[0-9]*"),
        ("x", "x|x$"),
        ("^[^a]+$", "^[^a]+$"),
        ("[\\u00e9]", "\\u00e9"),
    ],
)
def test_respelled_patterns_are_equal(first: str, second: str) -> None:
    """Rewrites that accept the same strings are included both ways (the issue's eight rewrites among them)."""
    a, b = language(first, 0, None, None), language(second, 0, None, None)
    assert includes(a, b) == (True, None)
    assert includes(b, a) == (True, None)


def test_the_bound_gives_unknown_not_a_guess() -> None:
    """An automaton past the state bound is not decided (``None``), which the rules report as unknown."""
    huge = "^(?:[a-z]{1,200}){1,200}$"
    assert includes(language(huge, 0, None, None), language("^[a-z]+$", 0, None, None)) is None


def test_lengths_the_pattern_implies_change_nothing() -> None:
    """``{3,}`` with maxLength 3 is ``{3}``; a maxLength the pattern implies leaves the language as it was."""
    exact = language("^[A-Z]{3}$", 0, None, None)
    assert includes(language("^[A-Z]{3,}$", 0, 3, None), exact) == (True, None)
    assert includes(exact, language("^[A-Z]{3,}$", 0, 3, None)) == (True, None)
    assert includes(exact, language("^[A-Z]{3}$", 0, 3, None)) == (True, None)
    assert includes(exact, language("^[A-Z]{3}$", 0, 2, None)) == (False, "AAA")
