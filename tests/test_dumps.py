"""Dumps are schema-valid by construction: the schema's keys on the wire, defaults compared like with like.

A schema whose property names Python reads differently (``class``, ``a-b``,
``model_config``, an id under ``plan-id``, a timestamp under ``created-at``) and whose
defaults are JSON texts (a decimal ``"0.5"``, a date-time) is generated into a scratch
package; each test holds one promise of ``WireModel`` and would fail with plain
pydantic (which dumps Python names, fills ids under the Python name, and compares
``exclude_defaults`` against the JSON text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest

from codegen.schema.ecma import ecma_validator
from tests.helpers import generated_class

CASE = Path(__file__).parent / "dump_cases" / "keyed.schema.json"
SCHEMA = json.loads(CASE.read_text(encoding="utf-8"))
VALIDATOR = ecma_validator(SCHEMA)
PAYLOAD = {"plan-id": "KEY_20251201_143450_abcde", "class": "A", "created-at": "2025-12-01T14:34:50Z"}


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The generated model of the keyed schema, imported from a scratch package."""
    with generated_class(tmp_path_factory.mktemp("dumps"), {CASE.name: SCHEMA}, "keyed_models", "Keyed") as keyed:
        yield keyed


def test_dumps_use_the_schemas_keys_and_the_schema_accepts_them(keyed: Any) -> None:
    """model_dump_json and model_dump(mode='json') write "class", "a-b", "plan-id"; the model reads them back."""
    model = keyed.model_validate_json(json.dumps({**PAYLOAD, "a-b": 3}))
    for dumped in (json.loads(model.model_dump_json()), model.model_dump(mode="json")):
        assert {"class", "a-b", "plan-id", "model_config", "created-at"} <= set(dumped)
        assert "class_" not in dumped
        assert VALIDATOR.is_valid(dumped)
        assert keyed.model_validate(dumped) == model


def test_a_type_adapter_of_a_list_dumps_the_schemas_keys(keyed: Any) -> None:
    """A serializer pydantic builds around the model (FastAPI's response too) writes the schema's keys."""
    model = keyed.model_validate(PAYLOAD)
    (dumped,) = json.loads(pydantic.TypeAdapter(list[keyed]).dump_json([model]))
    assert "class" in dumped
    assert VALIDATOR.is_valid(dumped)


@pytest.mark.parametrize("read", ["model_validate", "model_validate_json"])
def test_validation_reads_the_schemas_keys_only(keyed: Any, read: str) -> None:
    """A payload with the Python name ``class_`` is rejected, as the schema rejects it."""
    payload = {**{k: v for k, v in PAYLOAD.items() if k != "class"}, "class_": "A"}
    assert not VALIDATOR.is_valid(payload)
    with pytest.raises(pydantic.ValidationError):
        getattr(keyed, read)(payload if read == "model_validate" else json.dumps(payload))


def test_python_construction_takes_python_names_and_schema_keys(keyed: Any) -> None:
    """``Keyed(class_=...)`` and ``Keyed(**{"class": ...})`` build the same model."""
    by_name = keyed(class_="A", a_b=2, model_config_=True, plan_id=PAYLOAD["plan-id"])
    by_key = keyed(**{"class": "A", "a-b": 2, "model_config": True, "plan-id": PAYLOAD["plan-id"]})
    assert by_name.model_dump(exclude={"created_at"}) == by_key.model_dump(exclude={"created_at"})
    assert by_name.class_ == "A"
    assert by_name.model_config_ is True


def test_ids_and_timestamps_are_filled_under_any_property_name(keyed: Any) -> None:
    """``plan-id`` and ``created-at`` are filled for Python callers, and the dump is schema-valid."""
    before = datetime.now(UTC)
    model = keyed(class_="A")
    assert model.plan_id.startswith("KEY_")
    assert model.created_at >= before.replace(microsecond=0)
    assert VALIDATOR.is_valid(json.loads(model.model_dump_json()))


def test_defaults_are_the_values_the_fields_hold(keyed: Any) -> None:
    """A decimal default "0.5" is held as Decimal("0.5") and a date-time default as a datetime."""
    model = keyed.model_validate(PAYLOAD)
    assert model.ratio == Decimal("0.5")
    assert isinstance(model.ratio, Decimal)
    assert model.since == datetime(2025, 1, 1, tzinfo=UTC)


def test_exclude_defaults_leaves_out_exactly_the_defaults(keyed: Any) -> None:
    """``exclude_defaults`` drops the decimal and date-time defaults (compared as values, not texts)."""
    model = keyed.model_validate(PAYLOAD)
    assert json.loads(model.model_dump_json(exclude_defaults=True)) == PAYLOAD
    assert model.model_dump(mode="json", exclude_defaults=True) == PAYLOAD
    changed = keyed.model_validate({**PAYLOAD, "ratio": "0.25"})
    assert json.loads(changed.model_dump_json(exclude_defaults=True)) == {**PAYLOAD, "ratio": "0.25"}
    # The defaults' own texts are schema values: what the dump left out, the schema fills.
    assert VALIDATOR.is_valid(json.loads(model.model_dump_json(exclude_defaults=True)))


def test_exclude_unset_none_include_and_exclude_work(keyed: Any) -> None:
    """The other dump filters keep the schema's keys and give texts the schema accepts."""
    model = keyed.model_validate(PAYLOAD)
    assert json.loads(model.model_dump_json(exclude_unset=True)) == PAYLOAD
    assert "a-b" not in json.loads(model.model_dump_json(exclude_none=True))
    assert json.loads(model.model_dump_json(include={"class_"})) == {"class": "A"}
    excluded = json.loads(model.model_dump_json(exclude={"a_b", "ratio"}))
    assert "a-b" not in excluded
    assert "ratio" not in excluded
    assert VALIDATOR.is_valid(excluded)


def test_equality_is_by_value_and_dumps_keep_each_notation(keyed: Any) -> None:
    """ "0.01" and "0.0100" give equal models with equal hashes; each dumps its own notation (the decision)."""
    short = keyed.model_validate({**PAYLOAD, "ratio": "0.01"})
    long = keyed.model_validate({**PAYLOAD, "ratio": "0.0100"})
    assert short == long
    assert hash(short) == hash(long)
    assert json.loads(short.model_dump_json())["ratio"] == "0.01"
    assert json.loads(long.model_dump_json())["ratio"] == "0.0100"


def test_a_tiny_decimal_dumps_in_plain_notation(keyed: Any) -> None:
    """``"0.0000001"`` dumps as written; ``str(Decimal)`` would write ``1E-7``, which the pattern rejects."""
    model = keyed.model_validate({**PAYLOAD, "ratio": "0.0000001"})
    assert str(model.ratio) == "1E-7"
    assert json.loads(model.model_dump_json())["ratio"] == "0.0000001"
    assert model.model_dump(mode="json")["ratio"] == "0.0000001"


def test_python_decimals_are_judged_in_the_notation_they_dump_in(keyed: Any) -> None:
    """A Python caller's Decimal is checked as its plain text; NaN and a negative are refused."""
    assert keyed(class_="A", ratio=Decimal("1E-7")).model_dump(mode="json")["ratio"] == "0.0000001"
    for bad in (Decimal("NaN"), Decimal("-0.5"), 0.5):
        with pytest.raises(pydantic.ValidationError):
            keyed(class_="A", ratio=bad)
