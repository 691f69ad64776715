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

__all__ = ["AtLeast", "AtMost", "JsonInt", "MultipleOf"]

_RULES = "codegen_integer_rules"  # core schema metadata: the rules the markers below add to


def _huge_whole(value: int | float) -> int:
    # Reached only when pydantic-core's conversion failed: a fraction, or beyond 64 bits.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise PydanticKnownError("int_from_float")


def _integer_schema(rules: dict[str, int]) -> core_schema.CoreSchema:
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
        [number, whole, core_schema.int_schema(strict=True, **rules)],  # type: ignore[arg-type]
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


class _IntegerRule:
    """One integer rule, written into a JsonInt's last step."""

    def __init__(self, name: str, keyword: str, key: str, value: int) -> None:
        self.name = name
        self.keyword = keyword
        self.key = key
        self.value = value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema = handler(source)
        rules = schema.get("metadata", {}).get(_RULES)
        if rules is None:
            raise TypeError(f"{self.name} applies to a JsonInt, not to a {schema['type']} schema")
        return _integer_schema({**rules, self.key: self.value})

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), self.keyword: self.value}

    def __repr__(self) -> str:
        return f"{self.name}[{self.value!r}]"


class _IntegerKeyword:
    """``AtLeast[1]``: one exact integer rule, as ``Annotated`` metadata."""

    def __init__(self, name: str, keyword: str, key: str) -> None:
        self.name = name
        self.keyword = keyword
        self.key = key

    def __getitem__(self, value: int) -> _IntegerRule:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{self.name} takes an int, not {value!r}")
        if self.key == "multiple_of" and value < 1:
            raise TypeError(f"{self.name} takes a positive int, not {value!r}")
        return _IntegerRule(self.name, self.keyword, self.key, value)


AtLeast = _IntegerKeyword("AtLeast", "minimum", "ge")
AtMost = _IntegerKeyword("AtMost", "maximum", "le")
MultipleOf = _IntegerKeyword("MultipleOf", "multipleOf", "multiple_of")

JsonInt = Annotated[int, _JsonInteger()]
"""An int that accepts what JSON Schema's ``integer`` accepts, and nothing else."""
