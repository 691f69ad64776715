"""The schema's verdict, and the model's verdict, on a JSON *text*.

The schema judges JSON values, the model judges JSON texts; ``parse_json`` (the proof's
``codegen.proof.judges.read_ijson``) turns a text into the value the schema would
see, the way an I-JSON (RFC 7493) reader does:

* Python's ``json`` parses strictly: ``NaN``, ``Infinity`` and ``-Infinity`` are not
  JSON and are refused (``parse_constant``); control characters in strings too.
* A lone UTF-16 surrogate in any string (``"\\ud800"``) is not I-JSON; pydantic's
  parser refuses it as well, so the text is not JSON here either.
* ``RecursionError`` and ``ValueError`` (which covers ``JSONDecodeError``) mean not-JSON.
* Duplicate keys keep the last value, as both ``json`` and pydantic's parser do.

A value that parses is then judged by ``codegen.schema.ecma.ecma_validator``: Draft 2020-12
with ECMA-262 ``pattern`` semantics (regress). Not-JSON is never accepted.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pydantic
from jsonschema.protocols import Validator

from codegen.proof.judges import NotJson
from codegen.proof.judges import read_ijson as parse_json
from codegen.schema.ecma import ecma_validator
from generated import ExecutionPlan

__all__ = [
    "COMPARED",
    "SCHEMA",
    "SCHEMA_PATH",
    "NotJson",
    "compare",
    "model_accepts",
    "parse_json",
    "schema_accepts",
    "schema_accepts_value",
    "schema_errors",
    "validator",
]

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "execution_plan.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

COMPARED: Counter[str] = Counter()
"""How many texts ``compare`` judged this session, under the key ``"payloads"``."""

SchemaError = tuple[str, str, str]
"""(JSON pointer into the payload, failing JSON Schema keyword, message)."""


@functools.cache
def validator() -> Validator:
    """The ECMA-262-correct validator for the ExecutionPlan schema (built once)."""
    return ecma_validator(SCHEMA)


def schema_accepts_value(value: Any) -> bool:
    """The schema's verdict on an already-parsed JSON value."""
    return bool(validator().is_valid(value))


def schema_errors(text: str | bytes) -> list[SchemaError]:
    """Every schema error for ``text``; a text that is not JSON gives one error at the root, keyword ``json``."""
    try:
        value = parse_json(text)
    except NotJson as error:
        return [("", "json", str(error))]
    errors = []
    for error in validator().iter_errors(value):
        pointer = "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path)
        errors.append((pointer, str(error.validator), error.message))
    return sorted(errors)


def schema_accepts(text: str | bytes) -> bool:
    """True iff ``text`` is I-JSON and the schema accepts its value."""
    try:
        value = parse_json(text)
    except NotJson:
        return False
    return schema_accepts_value(value)


def model_accepts(text: str | bytes) -> bool:
    """True iff ``ExecutionPlan.model_validate_json(text)`` succeeds (only ``ValidationError`` means no)."""
    try:
        ExecutionPlan.model_validate_json(text)
    except pydantic.ValidationError:
        return False
    return True


def compare(text: str | bytes) -> tuple[bool, bool]:
    """(schema verdict, model verdict) on ``text``; counts the comparison in ``COMPARED``."""
    COMPARED["payloads"] += 1
    return schema_accepts(text), model_accepts(text)
