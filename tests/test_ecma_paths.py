"""The two regex paths agree: the schema's ECMA-262 engine (regress) and the model's Rust engine.

The schema validator (``codegen.schema.ecma``) matches ``pattern`` as ECMA-262; the generated
model matches it with pydantic-core's Rust ``regex``. For every ``pattern`` in the
schema, adversarial strings get the same verdict from both. Python's ``re`` is the odd
one out (``$`` also matches before a final newline), which one test demonstrates;
``codegen.schema.patterns.check_pattern`` keeps the schema to a subset the engines read alike.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterator
from typing import Annotated, Any

import jsonschema
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ConfigDict, Field, TypeAdapter

from codegen.schema.ecma import ecma_validator
from codegen.schema.patterns import PatternProblem, check_pattern, ecma_regex
from tests.oracle import SCHEMA, model_accepts

TRAP = "EXP_20251201_143450_pqr901\n"


def _patterns(node: Any) -> Iterator[str]:
    """Every ``pattern`` keyword value anywhere in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PATTERNS = sorted(set(_patterns({key: value for key, value in SCHEMA.items() if key != "examples"})))

SEEDS = [
    "EXP_20251201_143450_pqr901",
    "EXP_20251201_143450_pqr90",
    "EXP_20251201_143450_pqr90123",
    "0",
    "1",
    "0.5",
    "1.0",
    "1.000",
    "0.0000001",
    "0.9999",
]
WRAPPERS = ["", " ", "\n", "\r", "\r\n", "\t", "\u2028", "\u2029", "\u0085", "\u00a0", "\ufeff", "\x00", "\x0b"]
NON_ASCII_DIGITS = ["\u0660", "\u0665", "\u06f5", "\u0966", "\uff10", "\uff15", "\U0001d7ce", "\u00b9", "\u2460"]


def _adversarial_strings() -> list[str]:
    """Seeds that match some pattern, wrapped in line terminators and spaces, and with digits swapped out."""
    found: set[str] = set()
    for seed in SEEDS:
        for before in WRAPPERS:
            for after in WRAPPERS:
                found.add(before + seed + after)
        for index, char in enumerate(seed):
            if char in string.digits:
                found.update(seed[:index] + digit + seed[index + 1 :] for digit in NON_ASCII_DIGITS)
        found.update({seed.upper(), seed + seed[-1], seed[:-1], "+" + seed, "-" + seed, seed + "e0", seed + "\n\n"})
        found.update(seed[:index] + "\n" + seed[index:] for index in range(len(seed) + 1))
    found.update({"", "\n", "$", "^", "\u0130", "\u212a", "EXP_20251201_143450_PQR901", "1.0\n", "0.\n5"})
    return sorted(found)


ADVERSARIAL = _adversarial_strings()


@functools.cache
def _rust_adapter(pattern: str) -> TypeAdapter[str]:
    """A pydantic validator for strings matching ``pattern``, using the Rust regex engine as generated models do."""
    annotated = Annotated[str, Field(pattern=pattern)]
    return TypeAdapter(annotated, config=ConfigDict(regex_engine="rust-regex"))


def _rust_matches(pattern: str, text: str) -> bool:
    """pydantic-core's (Rust ``regex``) verdict on ``text``."""
    try:
        _rust_adapter(pattern).validate_python(text)
    except pydantic.ValidationError:
        return False
    return True


def _ecma_matches(pattern: str, text: str) -> bool:
    """regress' (ECMA-262) verdict on ``text``."""
    return ecma_regex(pattern).find(text) is not None


def test_schema_has_patterns_to_compare() -> None:
    """The schema's patterns are found, so the agreement tests below are not vacuous."""
    assert len(PATTERNS) >= 2
    assert len(ADVERSARIAL) > 500


@pytest.mark.parametrize("pattern", PATTERNS)
def test_ecma_and_rust_agree_on_adversarial_strings(pattern: str) -> None:
    """For each schema pattern, ECMA-262 and Rust regex give every adversarial string the same verdict."""
    disagreements = [
        (text, ecma, rust)
        for text in ADVERSARIAL
        if (ecma := _ecma_matches(pattern, text)) != (rust := _rust_matches(pattern, text))
    ]
    assert not disagreements, disagreements
    # Both verdicts occur, so the comparison discriminates.
    assert any(_ecma_matches(pattern, text) for text in ADVERSARIAL)
    assert not all(_ecma_matches(pattern, text) for text in ADVERSARIAL)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    pattern=st.sampled_from(PATTERNS),
    seed=st.sampled_from(SEEDS),
    at=st.integers(min_value=0, max_value=40),
    insert=st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
)
def test_ecma_and_rust_agree_on_random_insertions(pattern: str, seed: str, at: int, insert: str) -> None:
    """Inserting arbitrary characters anywhere in a matching string leaves ECMA-262 and Rust in agreement."""
    at %= len(seed) + 1
    text = seed[:at] + insert + seed[at:]
    assert _ecma_matches(pattern, text) == _rust_matches(pattern, text), (pattern, text)


def test_python_re_accepts_the_trailing_newline_trap_but_ecma_and_the_model_reject_it() -> None:
    """Plain python-jsonschema (Python ``re``) accepts a plan id ending in a newline; ECMA-262 and the model do not."""
    payload = {"plan_id": TRAP, "action": "EXECUTE_TRADE"}
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(payload)  # the trap is real
    assert not ecma_validator(SCHEMA).is_valid(payload)
    pattern = SCHEMA["properties"]["plan_id"]["pattern"]
    assert not _ecma_matches(pattern, TRAP)
    assert not _rust_matches(pattern, TRAP)
    assert not model_accepts('{"plan_id": "EXP_20251201_143450_pqr901\\n", "action": "EXECUTE_TRADE"}')


@pytest.mark.parametrize("pattern", PATTERNS)
def test_schema_patterns_are_portable(pattern: str) -> None:
    """Every pattern in the schema passes ``check_pattern``."""
    check_pattern(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "^[a-z]+$",
        "^(?:ab|cd){2,3}$",
        "^[0-9]\\.[0-9]$",
        "^\\u00e9\\x41$",
        "^a{2}b{1,}c*?$",
        "^[^0-9\\-]$",
        "^(a|b)?$",
        "^\\{\\}\\[\\]$",
    ],
)
def test_check_pattern_accepts_portable_patterns(pattern: str) -> None:
    """Patterns written in the portable subset are accepted by ``check_pattern``."""
    check_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("^\\d+$", "\\d is Unicode in Rust and Python"),
        ("^\\w+$", "\\w is Unicode in Rust and Python"),
        ("^\\s$", "\\s differs between engines"),
        ("^\\bword$", "\\b differs between engines"),
        ("^a.b$", "'.' excludes different line terminators"),
        ("^(?=a)a$", "lookahead does not exist in Rust"),
        ("^(?!a)b$", "negative lookahead does not exist in Rust"),
        ("^(a)\\1$", "backreferences do not exist in Rust"),
        ("^[[a]]$", "'[[' opens a nested class in Rust"),
        ("^[a&&b]$", "'&&' is class intersection in Rust"),
        ("^[a--b]$", "'--' is class difference in Rust"),
        ("^a{$", "an unescaped '{' is read differently"),
        ("^a}$", "an unescaped '}' is read differently"),
        ("^a{2}+$", "a possessive quantifier"),
        ("^a**$", "a double quantifier"),
        ("^a++$", "a possessive quantifier"),
        ("^*a$", "a quantifier with nothing to repeat"),
        ("^(a$", "an unbalanced '('"),
        ("^a)$", "an unbalanced ')'"),
        ("^[a$", "an unterminated class"),
        ("^[]$", "an empty class"),
        ("^(?i)a$", "an inline flag group"),
        ("^(?<name>a)$", "a named group"),
        ("^\\p{L}$", "a Unicode property escape"),
        ("^\\ud800$", "a surrogate escape"),
        ("^\\x4$", "a short hex escape"),
        ("^a\\", "a lone trailing backslash"),
    ],
)
def test_check_pattern_refuses_unportable_or_invalid_patterns(pattern: str, why: str) -> None:
    """Patterns outside the portable subset, or invalid in some engine, raise PatternProblem with a reason."""
    with pytest.raises(PatternProblem) as raised:
        check_pattern(pattern)
    assert str(raised.value), why
