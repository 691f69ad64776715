"""Fixed JSON values (``const``, an ``enum`` that is not all strings) compared by JSON equality, in pydantic-core.

A ``Literal`` alone does not judge as JSON Schema does: pydantic's ``Literal[1]``
accepts ``true`` and its ``Literal[True]`` accepts ``1`` (Python's ``True == 1``),
while in JSON a boolean is never a number. ``Annotated[Literal[1, "a", None],
JSON_EQUAL]`` builds the core schema from the literal's values, kind by kind: a
number must first be a strict JSON number (an exact int, or a finite double: ``1.0``
equals ``1``, as in JSON Schema), a string a strict string, a boolean a strict
boolean, and only then is it looked up among the values of its kind. The model holds
the schema's own value (``1.0`` is read as ``1``). Everything runs in pydantic-core.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["JSON_EQUAL"]


class _JsonEqual:
    """Marks a ``Literal`` whose values are compared as JSON values (see the module docstring)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        values = typing.get_args(source)
        if typing.get_origin(source) is not typing.Literal or not values:
            raise TypeError(f"JSON_EQUAL marks a Literal, not {source!r}")
        strings = [value for value in values if isinstance(value, str)]
        if len(strings) == len(values):
            # A literal of strings alone is already strict (a JSON string, or a str, never
            # bytes or a number), and it is what pydantic's discriminator reads a tag from
            # (codegen.constructs.union): no chain around it.
            return core_schema.literal_schema(strings)
        booleans = [value for value in values if isinstance(value, bool)]
        numbers = [value for value in values if isinstance(value, (int, float)) and not isinstance(value, bool)]
        choices: list[core_schema.CoreSchema | tuple[core_schema.CoreSchema, str]] = []
        if numbers:
            number = core_schema.union_schema(
                [core_schema.int_schema(strict=True), core_schema.float_schema(strict=True, allow_inf_nan=False)]
            )
            # After the strict step the value is an int or a float, never a bool, so the
            # lookup's Python equality is JSON's (1.0 == 1, and exact for large integers).
            choices.append(core_schema.chain_schema([number, core_schema.literal_schema(numbers)]))
        if strings:
            choices.append(
                core_schema.chain_schema([core_schema.str_schema(strict=True), core_schema.literal_schema(strings)])
            )
        if booleans:
            choices.append(
                core_schema.chain_schema([core_schema.bool_schema(strict=True), core_schema.literal_schema(booleans)])
            )
        if None in values:
            choices.append(core_schema.none_schema())
        if len(choices) == 1 and isinstance(choices[0], dict):
            return choices[0]
        return core_schema.union_schema(choices)

    def __repr__(self) -> str:
        return "JSON_EQUAL"


JSON_EQUAL = _JsonEqual()
"""``Annotated`` metadata for a ``Literal`` of JSON values: equal as JSON, never ``True == 1``."""
