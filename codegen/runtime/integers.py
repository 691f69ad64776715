"""JSON Schema's ``integer`` as a wire type: any JSON number with no fraction, its bounds checked in pydantic-core.

Pydantic's strict int rejects ``1.0``, which JSON Schema accepts as an integer; its
lax int also takes ``"1"`` and ``true``, which JSON Schema rejects; and ``Field(ge=...)``
on a type with its own core schema is checked in Python. ``JsonInt`` is a chain of
pydantic-core steps: a strict JSON number (an int, or a finite float: never a bool or a
string), then pydantic-core's int conversion (``3.0`` is ``3``, ``3.5`` fails with
``int_from_float``), then a strict int carrying the schema's rules (``AtLeast[1]``,
``AtMost[10]``, ``MultipleOf[5]`` after the type write them in). The integer construct
computes the exact integer bounds (``minimum: 1.5`` is ``AtLeast[2]``), and the rules
compare exact ints, as JSON Schema does, at any size.

Only a float past the 64-bit range with no fraction (``1e300`` is an integer to JSON
Schema) needs Python, since pydantic-core's conversion stops there; that branch is
tried only after the conversion failed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticKnownError, core_schema

from codegen.runtime.markers import Keyword

__all__ = ["AtLeast", "AtMost", "JsonInt", "MultipleOf"]

_RULES = "codegen_integer_rules"  # core schema metadata: the rules the markers below add to


def _huge_whole(value: int | float) -> int:
    # Reached only when pydantic-core's conversion failed: a fraction, or beyond 64 bits.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise PydanticKnownError("int_from_float")


def _integer_schema(rules: dict[str, Any]) -> core_schema.CoreSchema:
    number = core_schema.union_schema(
        [core_schema.int_schema(strict=True), core_schema.float_schema(strict=True, allow_inf_nan=False)],
        # One clear error for a string, a boolean or null, instead of one per branch.
        custom_error_type="int_type",
    )
    whole = core_schema.union_schema(
        [core_schema.int_schema(), core_schema.no_info_plain_validator_function(_huge_whole)],
        mode="left_to_right",
        custom_error_type="int_from_float",
    )
    return core_schema.chain_schema(
        [number, whole, core_schema.int_schema(strict=True, **rules)],
        metadata={_RULES: rules},
    )


class _JsonInteger:
    """Marks an int that follows JSON Schema's ``integer`` (see the module docstring)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _integer_schema({})

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer"}

    def __repr__(self) -> str:
        return "JsonInt"


def _integer_value(key: str) -> Any:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"takes an int, not {value!r}")
        if key == "multiple_of" and value < 1:
            raise TypeError(f"takes a positive int, not {value!r}")
        return value

    return check


def _integer_keyword(name: str, keyword: str, key: str) -> Keyword:
    return Keyword(
        name, keyword, key, family="JsonInt", metadata_key=_RULES, build=_integer_schema, check=_integer_value(key)
    )


AtLeast = _integer_keyword("AtLeast", "minimum", "ge")
AtMost = _integer_keyword("AtMost", "maximum", "le")
MultipleOf = _integer_keyword("MultipleOf", "multipleOf", "multiple_of")

JsonInt = Annotated[int, _JsonInteger()]
"""An int that accepts what JSON Schema's ``integer`` accepts, and nothing else."""
