"""The fast engine's verdict is the contract's: jsonschema-rs == ECMA validator == generated model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pydantic
import pytest

from codegen.schema.ecma import ecma_validator
from codegen.validation.engine import Engine, LoadedSchema, default_schema_dir, load_schema
from generated import ExecutionPlan

TESTS = Path(__file__).parent
CORPUS = sorted(
    [*(TESTS / "cases").glob("*/*.json"), *(TESTS / "validate_cases").glob("*/*.json")],
    key=str,
)
SCHEMA: LoadedSchema = load_schema("ExecutionPlan", default_schema_dir())
ENGINE = Engine(SCHEMA)
ECMA = ecma_validator(SCHEMA.document)
RUST = jsonschema_rs.Draft202012Validator(SCHEMA.document, pattern_options=jsonschema_rs.RegexOptions())
VALID = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}

ADVERSARIAL = [
    "EXP_20251201_143450_pqr901\n",
    "EXP_20251201_143450_pqr901\r\n",
    "\nEXP_20251201_143450_pqr901",
    "EXP_20251201_143450_pqr901\u2028",
    "EXP_20251201_143450_pqr901\x00",
    "EXP_\uff12\uff10\uff12\uff15\uff11\uff12\uff10\uff11_143450_pqr901",  # fullwidth digits
    "EXP_\u0662\u0660\u0662\u0665\u0661\u0662\u0660\u0661_143450_pqr901",  # Arabic-Indic digits
    "EXP_20251201_143450_PQR901",
    "EXP_20251201_143450_pqr9011234",
    "exp_20251201_143450_pqr901",
    "0.5\n",
    "1.0\n",
    "1.",
    "0.\u0665",
    "0.5\u0000",
    "",
    "\U0001d7ce.5",  # mathematical bold zero
]
STRING_FIELDS = ["plan_id", "execution_urgency", "visibility_preference", "max_slippage_pct", "min_fill_ratio"]


def _has_duplicate_keys(data: bytes) -> bool:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise KeyError("duplicate")
        return dict(pairs)

    try:
        json.loads(data, object_pairs_hook=hook)
    except KeyError:
        return True
    except (ValueError, RecursionError):
        return False
    return False


def _model_accepts(data: bytes) -> bool:
    try:
        ExecutionPlan.model_validate_json(data)
    except pydantic.ValidationError:
        return False
    return True


@pytest.mark.parametrize("case", CORPUS, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS])
def test_validate_agrees_with_the_model(case: Path) -> None:
    """Over the whole corpus, validate accepts exactly what the model accepts, except duplicate keys (rejected)."""
    data = case.read_bytes()
    accepted = not ENGINE.check(data)
    if _has_duplicate_keys(data):
        assert not accepted
    else:
        assert accepted == _model_accepts(data)


def _parses(case: Path) -> bool:
    try:
        json.loads(case.read_bytes())
    except (ValueError, RecursionError):  # RecursionError: nested past the json module's reach
        return False
    return True


# Texts that are not JSON are judged by the parser, not the schema (test_validate_cli covers them).
PARSEABLE = [case for case in CORPUS if _parses(case)]


@pytest.mark.parametrize("case", PARSEABLE, ids=[f"{p.parent.name}/{p.name}" for p in PARSEABLE])
def test_rust_engine_agrees_with_ecma(case: Path) -> None:
    """jsonschema-rs with Rust regex gives the ECMA-262 validator's verdict for every parseable corpus payload."""
    value = json.loads(case.read_bytes())
    try:
        rust = RUST.is_valid(value)
    except (ValueError, OverflowError):
        # A number jsonschema-rs cannot take: the engine re-reads such payloads exactly; it must still agree.
        assert (not ENGINE.check(case.read_bytes())) == ECMA.is_valid(value)
        return
    assert rust == ECMA.is_valid(value)


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[repr(s) for s in ADVERSARIAL])
@pytest.mark.parametrize("field", STRING_FIELDS)
def test_rust_and_ecma_agree_on_adversarial_strings(field: str, text: str) -> None:
    """Trailing newlines, Unicode digits and line separators get the same pattern verdict in Rust and ECMA."""
    payload = {**VALID, field: text}
    assert RUST.is_valid(payload) == ECMA.is_valid(payload)
    data = json.dumps(payload).encode()
    assert (not ENGINE.check(data)) == ECMA.is_valid(payload) == _model_accepts(data)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        (b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "\\u0061ction": "X"}', False),
        (b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "x": [{"k": 1, "k": 2}]}', False),
        (b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "chunk_count_hint": 1.5}', False),
        (b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "chunk_count_hint": 1e20}', True),
        (b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "chunk_count_hint": -1e20}', False),
        (
            b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "chunk_count_hint": 9'
            + b"9" * 400
            + b"}",
            True,
        ),
        (
            b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "chunk_count_hint": -9'
            + b"9" * 30
            + b"}",
            False,
        ),
        (
            b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "preferred_execution_style": "a:b"}',
            True,
        ),
    ],
)
def test_exact_reading_where_orjson_is_not(text: bytes, valid: bool) -> None:
    """Duplicates hidden by escapes or nesting are caught; huge integers are judged exactly, as the model does."""
    assert (not ENGINE.check(text)) is valid
    if not _has_duplicate_keys(text):
        assert _model_accepts(text) is valid
