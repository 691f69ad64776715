"""The generated ExecutionPlan in Python: frozen, closed, Decimal-valued, with generated ids."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from codegen.runtime.ids import generate_execution_plan_id
from codegen.schema.ecma import ecma_validator
from codegen.schema.patterns import ecma_regex
from generated import ExecutionAction, ExecutionPlan

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "execution_plan.schema.json").read_text())
ID_PATTERN = SCHEMA["properties"]["plan_id"]["pattern"]
VALID_ID = "EXP_20251201_143450_pqr901"


def test_model_is_a_pydantic_v2_model() -> None:
    """ExecutionPlan is a pydantic BaseModel and ExecutionAction a str enum."""
    assert issubclass(ExecutionPlan, BaseModel)
    assert issubclass(ExecutionAction, str)


def test_assignment_raises_and_model_copy_gives_new_instance() -> None:
    """A plan is frozen; model_copy(update=...) returns a changed copy and leaves the original."""
    plan = ExecutionPlan(plan_id=VALID_ID, action=ExecutionAction.EXECUTE_TRADE)
    with pytest.raises(ValidationError):
        plan.action = ExecutionAction.CANCEL_ORDER  # type: ignore[misc]
    copy = plan.model_copy(update={"action": ExecutionAction.CANCEL_ORDER})
    assert copy.action == "CANCEL_ORDER"
    assert plan.action == "EXECUTE_TRADE"
    assert copy is not plan


def test_unknown_fields_are_rejected_in_python_and_json() -> None:
    """Extra fields fail in both constructors, as additionalProperties false says."""
    with pytest.raises(ValidationError, match="extra"):
        ExecutionPlan(plan_id=VALID_ID, action="EXECUTE_TRADE", venue="X")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="extra"):
        ExecutionPlan.model_validate_json(json.dumps({"plan_id": VALID_ID, "action": "EXECUTE_TRADE", "venue": "X"}))


def test_enum_members_equal_their_strings() -> None:
    """plan.action == "CANCEL_GROUP" holds for the enum member."""
    plan = ExecutionPlan.model_validate_json(json.dumps({"plan_id": VALID_ID, "action": "CANCEL_GROUP"}))
    assert plan.action == "CANCEL_GROUP"
    assert [member.value for member in ExecutionAction] == SCHEMA["$defs"]["ExecutionAction"]["enum"]


def test_defaults_are_decimals_with_fail_safe_values() -> None:
    """Omitted decimals hold Decimal defaults; the hard constraints default to their fail-safe values."""
    plan = ExecutionPlan(plan_id=VALID_ID, action="EXECUTE_TRADE")
    for name in ("execution_urgency", "visibility_preference", "max_slippage_pct"):
        value = getattr(plan, name)
        assert isinstance(value, Decimal)
        assert value == Decimal(SCHEMA["properties"][name]["default"])
    assert plan.max_slippage_pct == 0
    assert plan.must_complete_immediately is False


def test_decimal_notation_survives_json_round_trip() -> None:
    """ "0.0100" stays "0.0100" and "0.0000001" stays plain (str(Decimal) would say 1E-7)."""
    text = json.dumps(
        {"plan_id": VALID_ID, "action": "EXECUTE_TRADE", "max_slippage_pct": "0.0100", "min_fill_ratio": "0.0000001"}
    )
    plan = ExecutionPlan.model_validate_json(text)
    dumped = json.loads(plan.model_dump_json())
    assert dumped["max_slippage_pct"] == "0.0100"
    assert dumped["min_fill_ratio"] == "0.0000001"
    assert ExecutionPlan.model_validate_json(plan.model_dump_json()) == plan


@pytest.mark.parametrize("text", ["0." + "1234567890" * 6 + "9", "0." + "0" * 400 + "1", "1." + "0" * 60])
def test_a_long_decimal_text_is_held_exactly(text: str) -> None:
    """Digits past the default context's 28 and a far exponent are neither rounded nor lost, in JSON and Python."""
    payload = json.dumps({"plan_id": VALID_ID, "action": "EXECUTE_TRADE", "min_fill_ratio": text})
    for plan in (ExecutionPlan.model_validate_json(payload), ExecutionPlan.model_validate(json.loads(payload))):
        assert plan.min_fill_ratio is not None
        assert plan.min_fill_ratio.as_tuple() == Decimal(text).as_tuple()
        assert json.loads(plan.model_dump_json())["min_fill_ratio"] == text


@pytest.mark.parametrize("value", [Decimal("0.25"), Decimal("1E-7"), "0.5", Decimal("1")])
def test_python_callers_may_pass_decimals_and_dump_stays_schema_valid(value: object) -> None:
    """A Decimal or plain-notation text from Python is accepted, and the JSON dump satisfies the schema."""
    plan = ExecutionPlan(action="EXECUTE_TRADE", max_slippage_pct=value)  # type: ignore[arg-type]
    assert isinstance(plan.max_slippage_pct, Decimal)
    assert plan.max_slippage_pct == Decimal(str(value))
    assert ecma_validator(SCHEMA).is_valid(plan.model_dump(mode="json"))


@pytest.mark.parametrize(
    "value", [Decimal("1.5"), Decimal("-0.1"), Decimal("NaN"), Decimal("Infinity"), 0.5, 1, "1e-1"]
)
def test_python_callers_cannot_bypass_the_range_or_notation(value: object) -> None:
    """Out-of-range decimals, NaN, floats, ints and exponent text are rejected from Python too."""
    with pytest.raises(ValidationError):
        ExecutionPlan(action="EXECUTE_TRADE", max_slippage_pct=value)  # type: ignore[arg-type]


def test_python_construction_fills_plan_id() -> None:
    """Without plan_id, Python construction draws a fresh id that matches the schema's pattern."""
    plan = ExecutionPlan(action="CANCEL_GROUP")
    assert ecma_regex(ID_PATTERN).find(plan.plan_id) is not None
    assert ExecutionPlan(action="CANCEL_GROUP").plan_id != plan.plan_id


def test_payload_without_plan_id_is_rejected() -> None:
    """model_validate_json and model_validate require plan_id, as the schema does; only __init__ fills it."""
    payload = {"action": "CANCEL_GROUP"}
    with pytest.raises(ValidationError, match="plan_id"):
        ExecutionPlan.model_validate_json(json.dumps(payload))
    with pytest.raises(ValidationError, match="plan_id"):
        ExecutionPlan.model_validate(payload)


def test_generated_ids_are_utc_pattern_valid_and_unique() -> None:
    """100,000 ids in a row are distinct, match the schema's pattern and carry today's UTC date."""
    before = datetime.now(UTC).strftime("%Y%m%d")
    ids = [generate_execution_plan_id() for _ in range(100_000)]
    after = datetime.now(UTC).strftime("%Y%m%d")
    assert len(set(ids)) == len(ids)
    regex = ecma_regex(ID_PATTERN)
    assert all(regex.find(plan_id) is not None for plan_id in ids)
    assert {plan_id[4:12] for plan_id in (ids[0], ids[-1])} <= {before, after}
    assert re.fullmatch(r"EXP_\d{8}_\d{6}_[0-9a-z]{8}", ids[0])


PLAN_MEMBERS = f'"plan_id": "{VALID_ID}", "action": "CANCEL_ORDER"'
# Every kind of text model_validate_json takes: bytes (the fast path), str, bytearray, a bytes subclass.
TEXT_KINDS = [bytes, str, bytearray, type("Payload", (bytes,), {})]


def _as(kind: type, text: str) -> object:
    return text if kind is str else kind(text.encode())


@pytest.mark.parametrize("kind", TEXT_KINDS, ids=lambda kind: kind.__name__)
@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_a_non_json_number_hidden_by_a_duplicate_key_is_rejected(word: str, kind: type) -> None:
    """`{"chunk_count_hint": NaN, ..., "chunk_count_hint": 3}` is not JSON, though the last value would pass."""
    for text in (
        f'{{"chunk_count_hint": {word}, {PLAN_MEMBERS}, "chunk_count_hint": 3}}',
        f'{{{PLAN_MEMBERS},"chunk_count_hint":{word},"chunk_count_hint":3}}',  # compact, the word late
        f'{{"preferred_execution_style": "NaN Infinity", "chunk_count_hint":\n\t{word}, {PLAN_MEMBERS}, '
        '"chunk_count_hint": 3}',  # the words in a string too, and whitespace before the bare one
    ):
        with pytest.raises(ValidationError, match=f"{word} is not JSON"):
            ExecutionPlan.model_validate_json(_as(kind, text))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", TEXT_KINDS, ids=lambda kind: kind.__name__)
def test_the_words_nan_and_infinity_inside_strings_are_fine(kind: type) -> None:
    """Only a bare NaN or Infinity is refused; the same letters inside a string are ordinary text."""
    for words in ("NaN Infinity", "-Infinity", "xNaNx", "Infinity,NaN]"):
        text = f'{{{PLAN_MEMBERS}, "preferred_execution_style": {json.dumps(words)}}}'
        plan = ExecutionPlan.model_validate_json(_as(kind, text))  # type: ignore[arg-type]
        assert plan.preferred_execution_style == words


def test_texts_without_utf8_keep_their_errors() -> None:
    """A str with a lone surrogate, or bytes that are not UTF-8, are refused as before the Rust scan."""
    hidden = f'{{"chunk_count_hint": NaN, {PLAN_MEMBERS}, "chunk_distribution": "\ud800", "chunk_count_hint": 3}}'
    with pytest.raises(ValidationError, match="NaN is not JSON"):
        ExecutionPlan.model_validate_json(hidden)
    clean = f'{{{PLAN_MEMBERS}, "chunk_distribution": "\ud800"}}'
    with pytest.raises(ValidationError) as caught:
        ExecutionPlan.model_validate_json(clean)
    assert caught.value.errors()[0]["type"] == "string_unicode"
    raw = f'{{"chunk_count_hint": NaN, {PLAN_MEMBERS}, "chunk_distribution": "\xff", "chunk_count_hint": 3}}'
    with pytest.raises(ValidationError) as caught:
        ExecutionPlan.model_validate_json(raw.encode("latin-1"))
    assert caught.value.errors()[0]["type"] == "json_invalid"
    with pytest.raises(ValidationError) as caught:
        ExecutionPlan.model_validate_json(memoryview(b"{}"))  # type: ignore[arg-type]
    assert caught.value.errors()[0]["type"] == "json_type"


def test_keywords_still_reach_the_validator() -> None:
    """The bare call is only the no-keyword case: strict, context and by_name still take effect."""
    text = f'{{{PLAN_MEMBERS}, "chunk_count_hint": 3}}'
    assert ExecutionPlan.model_validate_json(text, strict=True, context={"x": 1}).chunk_count_hint == 3
    with pytest.raises(ValidationError, match="NaN is not JSON"):
        ExecutionPlan.model_validate_json(text[:-1] + ', "chunk_count_hint": NaN, "chunk_count_hint": 3}', strict=True)
    with pytest.raises(ValidationError) as caught:
        ExecutionPlan.model_validate_json(text[:-1] + ', "x": 1}', by_name=True)
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_an_unknown_keyword_is_refused_as_pydantic_refuses_it() -> None:
    """The class's own copy takes keywords as **options; one pydantic's method does not take is still an error."""
    with pytest.raises(TypeError, match="unexpected keyword argument 'strct'"):
        ExecutionPlan.model_validate_json(f"{{{PLAN_MEMBERS}}}", strct=True)  # type: ignore[call-arg]


def test_a_subclass_reads_json_as_itself() -> None:
    """A subclass gets its own reader when complete; one still incomplete does not borrow its parent's."""

    class Audited(ExecutionPlan):
        pass

    text = f'{{{PLAN_MEMBERS}, "chunk_count_hint": 3}}'
    assert type(Audited.model_validate_json(text)) is Audited
    with pytest.raises(ValidationError, match="NaN is not JSON"):
        Audited.model_validate_json(text[:-1] + ', "chunk_count_hint": NaN, "chunk_count_hint": 3}')

    class Later(ExecutionPlan):
        note: Undefined  # type: ignore[name-defined]  # noqa: F821  # not defined yet: the class is incomplete

    assert not Later.__pydantic_complete__
    with pytest.raises(Exception, match="not fully defined"):  # pydantic's message, not a parent's plan
        Later.model_validate_json(text)


def test_the_reader_uses_the_validator_a_rebuild_puts_in_place() -> None:
    """model_rebuild(force=True) replaces the validator without pydantic's completion hook; the reader sees it."""

    class Rebuilt(ExecutionPlan):
        pass

    before = Rebuilt.__pydantic_validator__
    Rebuilt.model_rebuild(force=True)
    assert Rebuilt.__pydantic_validator__ is not before
    seen: list[object] = []
    real = Rebuilt.__pydantic_validator__

    class Spy:
        def validate_json(self, data: object, **keywords: object) -> object:
            seen.append(data)
            return real.validate_json(data, **keywords)  # type: ignore[arg-type]

    Rebuilt.__pydantic_validator__ = Spy()  # type: ignore[assignment]
    try:
        Rebuilt.model_validate_json(b"{" + PLAN_MEMBERS.encode() + b"}")
    finally:
        Rebuilt.__pydantic_validator__ = real
    assert seen == [b"{" + PLAN_MEMBERS.encode() + b"}"]


def test_a_subclass_override_of_model_validate_json_stays() -> None:
    """A subclass that defines model_validate_json keeps it, and so do its own subclasses."""
    calls: list[object] = []

    class Logged(ExecutionPlan):
        @classmethod
        def model_validate_json(cls, json_data: str | bytes | bytearray, **keywords: Any) -> Logged:  # type: ignore[override]
            calls.append(json_data)
            return super().model_validate_json(json_data, **keywords)

    class Child(Logged):
        pass

    text = f"{{{PLAN_MEMBERS}}}"
    assert type(Logged.model_validate_json(text)) is Logged
    assert type(Child.model_validate_json(text)) is Child
    assert calls == [text, text]
    with pytest.raises(ValidationError, match="NaN is not JSON"):
        Child.model_validate_json(text[:-1] + ', "chunk_count_hint": NaN, "chunk_count_hint": 3}')
