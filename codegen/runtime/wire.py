"""What generated models import at run time: the base model and the JSON wire types.

Out of the box pydantic does not judge a JSON payload the way JSON Schema does: lax
mode turns "5" into 5 and "true" into True, strict mode rejects 1.0 for an integer
(JSON Schema accepts it), and a Decimal cannot carry a ``pattern``. The generator is
pointed at the types below (see ``codegen.generation.generator``) so that a generated model
accepts exactly the JSON texts its schema accepts.

This module imports only the standard library and pydantic: services import it with
their models, and it must stay cheap to import.
"""

from __future__ import annotations

import json
import math
import typing
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    field_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError, ValidationError, core_schema

from codegen.runtime.ids import generate_id

__all__ = ["DecimalString", "JsonInt", "WireModel"]


class _DecimalWire:
    """Marks a Decimal that travels as a JSON string in plain decimal notation.

    The field's value is validated as text first, so the schema's ``pattern`` (which
    pydantic applies to a ``str`` and which pins notation and range) sees exactly the
    characters of the payload; ``WireModel`` then turns the text into a Decimal. A
    JSON number is rejected, as the schema says ``"type": "string"``.
    """

    @staticmethod
    def _text_of(value: Any) -> Any:
        # Python callers may hand over a Decimal; it is checked in the same plain
        # notation that a JSON payload must use, so that model_dump(mode="json")
        # always gives text the schema accepts. NaN and infinities have none.
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise PydanticCustomError("decimal_finite", "Input should be a finite decimal")
            return format(value, "f")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        text = core_schema.str_schema(strict=True)
        return core_schema.json_or_python_schema(
            json_schema=text,
            python_schema=core_schema.no_info_before_validator_function(self._text_of, text),
        )


class _JsonInteger:
    """Marks an int that follows JSON Schema's ``integer``: any number with no fraction.

    Pydantic's strict int rejects 1.0, which JSON Schema accepts; its lax int also
    accepts "1" and true, which JSON Schema rejects. This keeps numbers only.
    """

    @staticmethod
    def _integer_of(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        if isinstance(value, float):
            if not (math.isfinite(value) and value.is_integer()):
                raise PydanticCustomError(
                    "int_from_float", "Input should be a valid integer, got a number with a fractional part"
                )
            return int(value)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._integer_of, core_schema.int_schema(strict=True))


DecimalString = Annotated[Decimal, _DecimalWire()]
"""A Decimal carried as a JSON string; the schema's ``pattern`` pins its notation."""

JsonInt = Annotated[int, _JsonInteger()]
"""An int that accepts what JSON Schema's ``integer`` accepts, and nothing else."""


def _may_hold_non_json_numbers(json_data: str | bytes | bytearray) -> bool:
    if isinstance(json_data, str):
        return "NaN" in json_data or "Infinity" in json_data
    return b"NaN" in json_data or b"Infinity" in json_data


def _refuse_non_json_number(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _refuse_non_json_numbers(title: str, json_data: str | bytes | bytearray) -> None:
    """Raise a ``json_invalid`` ValidationError if the text holds ``NaN`` or ``Infinity`` outside strings."""
    try:
        json.loads(json_data, parse_constant=_refuse_non_json_number)
    except ValueError as error:  # JSONDecodeError too: pydantic reports those the same way below
        if "is not JSON" in str(error):
            raise ValidationError.from_exception_data(
                title, [{"type": "json_invalid", "loc": (), "input": json_data, "ctx": {"error": str(error)}}]
            ) from None
    except RecursionError:
        pass  # pydantic's own parser decides on depth


def _holds_marker(annotation: Any, marker_type: type) -> bool:
    if typing.get_origin(annotation) is Annotated and any(
        isinstance(meta, marker_type) for meta in annotation.__metadata__
    ):
        return True
    return any(_holds_marker(arg, marker_type) for arg in typing.get_args(annotation))


class WireModel(BaseModel):
    """Base of every generated model: immutable, closed, judged as JSON Schema judges."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        # Defaults are schema values (a decimal default is its JSON text), so they
        # pass through the same validation as payload values.
        validate_default=True,
        # pydantic-core's Rust engine: `$` means end of text, as in ECMA-262 (Python's
        # `re` would also match before a final newline).
        regex_engine="rust-regex",
    )

    _decimal_fields: ClassVar[tuple[str, ...]] = ()
    _id_fields: ClassVar[tuple[tuple[str, str], ...]] = ()
    _now_fields: ClassVar[tuple[tuple[str, str], ...]] = ()  # (field name, the key a caller passes)

    @classmethod
    def __pydantic_on_complete__(cls) -> None:
        # Not __pydantic_init_subclass__: a field typed by an alias defined further down
        # the module (an array's item type) is complete, with its json_schema_extra, only
        # once pydantic rebuilds the model.
        super().__pydantic_on_complete__()
        fields = cls.model_fields.items()
        cls._decimal_fields = tuple(
            name
            for name, info in fields
            if any(isinstance(meta, _DecimalWire) for meta in info.metadata)
            or _holds_marker(info.annotation, _DecimalWire)
        )
        cls._id_fields = tuple(
            (name, str(extra["x-id-prefix"]))
            for name, info in fields
            if isinstance(extra := info.json_schema_extra, dict) and "x-id-prefix" in extra
        )
        cls._now_fields = tuple(
            (name, info.alias or name)
            for name, info in fields
            if isinstance(extra := info.json_schema_extra, dict) and extra.get("x-default-now") is True
        )

    def __init__(self, /, **data: Any) -> None:
        if not type(self).__pydantic_complete__:
            type(self).model_rebuild()  # fills the field tables below (see __pydantic_on_complete__)
        # A field whose schema names an id prefix (`x-id-prefix`) is required in
        # JSON but filled with a fresh id when Python code constructs the model.
        for name, prefix in self._id_fields:
            if name not in data:
                data[name] = generate_id(prefix)
        # A date-time marked `x-default-now` is required in JSON too, but Python code
        # that leaves it out gets the current time, aware and in UTC.
        for name, key in self._now_fields:
            if name not in data and key not in data:
                data[key] = datetime.now(UTC)
        super().__init__(**data)

    # pydantic calls a model's own __init__ during validation too (model_validate,
    # model_validate_json), which would fill ids into JSON payloads that lack them.
    # Marked as the base __init__, it runs only when Python code calls the class.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        # pydantic's JSON parser reads NaN and Infinity as numbers. A field's own type
        # rejects them, but a duplicate key can hide one (`{"a": NaN, "a": 1}`: the
        # last value wins), and the text is then not JSON at all. Those words can only
        # occur in such a text or inside a string, so a strict read is needed only then.
        if _may_hold_non_json_numbers(json_data):
            _refuse_non_json_numbers(cls.__name__, json_data)
        return super().model_validate_json(
            json_data, strict=strict, extra=extra, context=context, by_alias=by_alias, by_name=by_name
        )

    @model_validator(mode="after")
    def _decimals_from_text(self) -> WireModel:
        # The wire text passed the schema's pattern; now it becomes the Decimal the
        # field holds, with its notation ("0.0100" stays "0.0100").
        for name in self._decimal_fields:
            value = self.__dict__[name]
            if isinstance(value, str):
                self.__dict__[name] = Decimal(value)
        return self

    @field_serializer("*", mode="wrap")
    def _decimals_as_text(self, value: Any, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        # JSON gets plain notation: str(Decimal("0.0000001")) is "1E-7", which the
        # schema's pattern rejects; format(..., "f") keeps "0.0100" as "0.0100".
        # (The field's own serializer is the pattern's str serializer, hence here.)
        if isinstance(value, Decimal):
            return format(value, "f") if info.mode_is_json() else value
        return handler(value)
