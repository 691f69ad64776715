"""A decimal carried as a JSON string: its ``pattern`` and lengths checked in pydantic-core, a ``Decimal`` held.

JSON Schema sees a decimal as text (``"type": "string"`` with a ``pattern`` that pins
plain notation and range); pydantic's ``Decimal`` reads JSON numbers, exponents and
``NaN``, and cannot carry a ``pattern`` at all (``Field(pattern=...)`` on it becomes a
Python wrapper around the whole validator). ``DecimalString`` is a strict string with
the schema's rules inside (``Pattern[...]``, ``MinLength[...]``, ``MaxLength[...]``
after the type write them into that step), then an exact ``Decimal`` read of the text
(pydantic-core's own Decimal step when there is no pattern), so the text keeps its
notation (``"0.0100"`` holds ``Decimal("0.0100")``) and no Python frame runs on the
valid path. A JSON number is rejected, as the schema says.

Python callers (and Python-mode validation, which FastAPI uses on a body it parsed
itself) may pass the same text, or a finite ``Decimal``, which is judged in the plain
notation a dump would write (``format(d, "f")``: ``Decimal("1E-7")`` is
``"0.0000001"``); only that Decimal case calls Python.

Dumps write plain notation with pydantic-core's ``format`` serializer (``format(d,
"f")``, not ``str(d)``, which writes ``"1E-7"`` and the schema's pattern rejects).
"""

from __future__ import annotations

import typing
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from codegen.runtime.markers import Keyword

__all__ = ["DecimalString", "MaxLength", "MinLength", "Pattern"]

_RULES = "codegen_text_rules"  # core schema metadata: the text rules the markers below add to


# Reads a decimal text as ``Decimal(text)`` does, exactly: no text is long enough to
# reach these limits, so nothing is rounded (the default context would round past 28
# digits). Its ``create_decimal`` costs about 220 instructions less a call than the
# ``Decimal`` constructor, which parses keyword arguments and looks up the thread's
# current context: 3% of a typical plan's instructions (callgrind, CPython 3.11),
# though its CPU time is within the noise of the constructor's (2 ns of 180 a field).
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _plain_text(value: Decimal) -> str:
    # The notation a dump writes; NaN and the infinities have none (and no schema text).
    if not value.is_finite():
        raise PydanticCustomError("decimal_finite", "Input should be a finite decimal")
    return format(value, "f")


def _decimal_schema(rules: dict[str, Any]) -> core_schema.CoreSchema:
    text = core_schema.str_schema(strict=True, **rules)
    wire: core_schema.CoreSchema
    if "pattern" in rules:
        # The pattern admits plain notation only (the decimal construct proves it of
        # every schema it generates; see ``Pattern``), and ``_EXACT`` reads each such
        # text exactly. Called straight (a C method, no Python frame), it costs about 700
        # instructions less than pydantic-core's Decimal step, which calls the ``Decimal``
        # constructor and tests the value again for NaN, the infinities and digits the
        # pattern has already ruled out.
        wire = core_schema.no_info_after_validator_function(_EXACT.create_decimal, text)
    else:
        wire = core_schema.chain_schema([text, core_schema.decimal_schema()])
    python = core_schema.chain_schema(
        [
            core_schema.union_schema(
                [
                    core_schema.str_schema(strict=True),
                    core_schema.chain_schema(
                        [
                            core_schema.is_instance_schema(Decimal),
                            core_schema.no_info_plain_validator_function(_plain_text),
                        ]
                    ),
                ],
                custom_error_type="decimal_text",
                custom_error_message="Input should be a string in plain decimal notation or a finite Decimal",
            ),
            wire,
        ]
    )
    return core_schema.json_or_python_schema(
        json_schema=wire,
        python_schema=python,
        serialization=core_schema.format_ser_schema("f", when_used="json"),
        metadata={_RULES: rules},
    )


class _DecimalWire:
    """Marks a Decimal carried as a JSON string (see the module docstring)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _decimal_schema({})

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "decimal"}

    def __repr__(self) -> str:
        return "DecimalString"


def _text_value(kind: type) -> Any:
    def check(value: Any) -> Any:
        # The generator writes a string inside a type only within a Literal: Pattern[Literal["^...$"]].
        if typing.get_origin(value) is typing.Literal:
            (value,) = typing.get_args(value)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise TypeError(f"takes a {kind.__name__}, not {value!r}")
        return value

    return check


def _text_keyword(keyword: str, key: str, kind: type) -> Keyword:
    return Keyword(
        keyword,
        keyword,
        key,
        family="DecimalString",
        metadata_key=_RULES,
        build=_decimal_schema,
        check=_text_value(kind),
    )


Pattern = _text_keyword("pattern", "pattern", str)
"""``Pattern[Literal["^...$"]]`` after ``DecimalString``: the schema's pattern, which must admit plain notation only.

The decimal construct refuses a schema whose pattern admits more (``"1e5"``, ``"007"``,
``"NaN"``), so every generated model meets this. With the pattern, a passing text goes
straight to an exact ``Decimal`` read; a hand-written pattern that lets other text
through makes that read raise ``decimal.InvalidOperation`` on it, out of the validation.
"""
MinLength = _text_keyword("minLength", "min_length", int)
MaxLength = _text_keyword("maxLength", "max_length", int)

DecimalString = Annotated[Decimal, _DecimalWire()]
"""A Decimal carried as a JSON string; ``Pattern[...]`` after it pins the notation the schema allows."""
