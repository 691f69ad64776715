"""JSON Schema's ``integer`` as a wire type: any JSON number with no fraction, its bounds checked in pydantic-core.

Pydantic's strict int rejects ``1.0``, which JSON Schema accepts as an integer; its
lax int also takes ``"1"`` and ``true``, which JSON Schema rejects; and ``Field(ge=...)``
on a type with its own core schema is checked in Python. ``JsonInt`` is a chain of
two pydantic-core steps: a strict JSON number (an int, or a finite float, which
pydantic-core's int conversion turns into an int: never a bool or a string), then an
int carrying the schema's rules (``AtLeast[1]``, ``AtMost[10]``, ``MultipleOf[5]``
after the type write them in; ``3.5``, a float left as it came, fails there with
``int_from_float``). The integer construct
computes the exact integer bounds (``minimum: 1.5`` is ``AtLeast[2]``), and the rules
compare exact ints, as JSON Schema does, at any size.

Only a float past the 64-bit range with no fraction (``1e300`` is an integer to JSON
Schema) needs Python, since pydantic-core's conversion stops there; that branch is
tried only after the conversion failed (a fraction passes through it too, on its way
to the error).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from codegen.runtime.markers import Keyword

__all__ = ["AtLeast", "AtMost", "JsonInt", "MultipleOf"]

_RULES = "codegen_integer_rules"  # core schema metadata: the rules the markers below add to


def _whole_or_same(value: float) -> int | float:
    # Reached only for a float that pydantic-core's int conversion refused: a fraction
    # (kept, so the rules step below reports `int_from_float` on it), or beyond 64 bits.
    if value.is_integer():
        return int(value)
    return value


def _integer_schema(rules: dict[str, Any]) -> core_schema.CoreSchema:
    # A float becomes an int inside its own branch, so an int (the usual case) takes two
    # steps: the strict int, then the rules (a third step for every int cost about 200
    # instructions a field).
    whole = core_schema.union_schema(
        [core_schema.int_schema(), core_schema.no_info_plain_validator_function(_whole_or_same)],
        mode="left_to_right",
    )
    number = core_schema.union_schema(
        [
            core_schema.int_schema(strict=True),
            core_schema.chain_schema([core_schema.float_schema(strict=True, allow_inf_nan=False), whole]),
        ],
        # One clear error for a string, a boolean or null, instead of one per branch.
        custom_error_type="int_type",
    )
    # Lax, so a float the conversion kept (3.5) fails here as `int_from_float`; the step
    # before lets only an int or a float through, never a string or a boolean.
    return core_schema.chain_schema([number, core_schema.int_schema(**rules)], metadata={_RULES: rules})


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
