"""What generated models import at run time: the base model, and where the JSON wire types come from.

Out of the box pydantic does not judge a JSON payload the way JSON Schema does: lax
mode turns "5" into 5 and "true" into True, strict mode rejects 1.0 for an integer
(JSON Schema accepts it), and a Decimal cannot carry a ``pattern``. The generator is
pointed at the wire types (``codegen.runtime.decimals``, ``integers``, ``number``, ...;
see ``codegen.generation.generator``) so that a generated model accepts exactly the JSON
texts its schema accepts. ``WireModel`` closes the gaps that are the model's own:

- **Keys.** JSON (``model_dump_json``, ``model_dump(mode="json")``, and any
  serializer pydantic builds for the model: a ``TypeAdapter``, FastAPI's response)
  uses the schema's keys (a property ``class`` is the field ``class_`` in Python, and
  ``"class"`` on the wire) unless a caller passes ``by_alias=False`` explicitly:
  ``model_validate``/``model_validate_json`` read the schema's keys only, as the schema
  does; Python construction (``Model(...)``) takes the Python names and the schema's
  keys alike.
- **Defaults.** A schema's default is a JSON value (``"0.5"`` for a decimal, a text for
  a date-time); each is validated once, when the class is complete, and the model holds
  the validated value as its default: ``exclude_defaults`` compares like with like,
  and no default is validated again per instance.
- **Filled fields.** ``x-id-prefix`` and ``x-default-now`` fields are required on the
  wire and filled for Python construction, under the schema's key (``plan-id`` too).
- **Published schema.** ``model_json_schema()`` and every document pydantic or FastAPI
  builds return the hand-written schema (``codegen.runtime.published``).
- **Equality.** Models compare (and hash) by value, as pydantic does: ``Decimal("0.01")``
  equals ``Decimal("0.0100")``, so two plans that differ only in a decimal's notation
  are equal but dump different texts (each dump keeps its own notation). Compare
  ``model_dump_json()`` for byte equality.

This module imports only the standard library and pydantic: services import it with
their models, and it must stay cheap to import.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PydanticUserError,
    TypeAdapter,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticUndefined, SchemaValidator, ValidationError, core_schema

from codegen.runtime.decimals import DecimalString
from codegen.runtime.ids import generate_id
from codegen.runtime.integers import JsonInt
from codegen.runtime.maps import read_maps_as_json
from codegen.runtime.published import published_schema

__all__ = ["DecimalString", "JsonInt", "WireModel"]


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


# The words are searched by pydantic-core's Rust regex (a SIMD literal search) rather
# than by two `in` tests: CPython's substring search reads every byte once per word,
# which cost as much as a fifth of the whole validation of a typical payload. The test is
# `isinstance_python`: a text without the words (the usual case) fails the pattern, and a
# failed check there costs no Python exception, where `validate_python` raised one, caught
# on the Rust side by a union (about 290 instructions more a payload, measured with
# callgrind). Bytes that are not UTF-8 are False as well: pydantic's parser refuses such a
# text anyway (outside a string any non-ASCII byte is an error; inside, invalid UTF-8 is).
_holds_words = SchemaValidator(
    core_schema.str_schema(pattern="NaN|Infinity", regex_engine="rust-regex")
).isinstance_python


def _text_holds_words(json_data: object) -> bool:
    """True if ``NaN`` or ``Infinity`` occurs anywhere in a text (a string's letters too)."""
    if isinstance(json_data, bytes | bytearray):  # a subclass, or a bytearray
        return _holds_words(json_data)
    if isinstance(json_data, str):
        # A str with a lone surrogate has no UTF-8, so the pattern cannot be tried on it
        # (False): it is searched in Python, so a bare NaN in it is still reported as not JSON.
        return _holds_words(json_data) or (not json_data.isascii() and ("NaN" in json_data or "Infinity" in json_data))
    return False  # not a text (a memoryview): pydantic's parser refuses it


def _json_reader(owner: type[BaseModel]) -> Any | None:
    """``owner``'s own ``model_validate_json``: ``WireModel``'s, with the least Python on the no-keyword path.

    Any attribute read on a pydantic model class costs about 900 instructions, a
    twentieth of a whole validation: pydantic's metaclass defines ``__getattr__``, so
    CPython calls ``type.__getattribute__`` the slow way. Five keyword-only parameters
    with defaults cost about as much again (measured with callgrind on CPython 3.11).
    So this copy reads the validator from the class's own namespace (a live view: a
    validator that ``model_rebuild`` puts there later is the one read), takes keywords
    as ``**options``, and hands a call with any keyword, or from a subclass (which may
    not be complete yet), to ``WireModel``'s own method, which it wraps. None if
    ``owner`` inherits an override of its own (a subclass's ``model_validate_json``):
    that stays.
    """
    inherited = owner.model_validate_json.__func__  # type: ignore[attr-defined]
    generic = getattr(inherited, "__wrapped__", inherited)  # a parent's copy wraps it too
    if generic is not vars(WireModel)["model_validate_json"].__func__:
        return None
    namespace = owner.__dict__
    title = owner.__name__

    def model_validate_json(cls: type[BaseModel], json_data: str | bytes | bytearray, /, **options: Any) -> Any:
        if options or cls is not owner:
            return generic(cls, json_data, **options)
        # pydantic's JSON parser reads NaN and Infinity as numbers. A field's own type
        # rejects them, but a duplicate key can hide one (`{"a": NaN, "a": 1}`: the
        # last value wins), and the text is then not JSON at all. Those words can only
        # occur in such a text or inside a string, so a strict read is needed only then.
        # Bytes, the usual payload, are tested here rather than in a helper: a Python call
        # costs about 400 instructions, 2% of a validation.
        if _holds_words(json_data) if type(json_data) is bytes else _text_holds_words(json_data):
            _refuse_non_json_numbers(title, json_data)
        return namespace["__pydantic_validator__"].validate_json(json_data)

    model_validate_json.__qualname__ = f"{owner.__qualname__}.model_validate_json"
    model_validate_json.__doc__ = generic.__doc__
    model_validate_json.__wrapped__ = generic  # type: ignore[attr-defined]  # inspect.signature shows its keywords
    return classmethod(model_validate_json)


class WireModel(BaseModel):
    """Base of every generated model: immutable, closed, judged as JSON Schema judges (see the module docstring)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        # Defaults are schema values (a decimal default is its JSON text): each is validated
        # once when the class is complete (see _validated_defaults), and this covers a class
        # whose default could not be validated ahead.
        validate_default=True,
        # pydantic-core's Rust engine: `$` means end of text, as in ECMA-262 (Python's
        # `re` would also match before a final newline).
        regex_engine="rust-regex",
        # pydantic's default ("all") passes every string value of a JSON text through one
        # process-wide cache: a hash, then a slot of a table larger than the core's own
        # cache, most likely cold, whose old string is released. That pays only for a
        # value that comes back (a venue, a currency: about 20 ns saved a string). A DTO's
        # text values mostly do not (ids, free text), and a decimal's text only lives
        # until it is converted; over ExecutionPlan's benchmark payloads the cache cost a
        # seventh of a validation. Keys may still be cached; values are fresh strings.
        # Only identity changes: an equal text held by two models may be two objects
        # (README, "Benchmark").
        cache_strings="keys",
        # Every serializer pydantic builds for the model (model_dump_json, a TypeAdapter of a
        # list of models, FastAPI's response) writes the schema's keys.
        serialize_by_alias=True,
    )

    _python_names: ClassVar[dict[str, str]] = {}  # Python name -> schema key, where they differ
    _id_fields: ClassVar[tuple[tuple[str, str], ...]] = ()  # (schema key, id prefix)
    _now_fields: ClassVar[tuple[str, ...]] = ()  # schema keys filled with the current time

    @classmethod
    def __pydantic_on_complete__(cls) -> None:
        # Not __pydantic_init_subclass__: a field typed by an alias defined further down
        # the module (an array's item type) is complete, with its json_schema_extra, only
        # once pydantic rebuilds the model.
        super().__pydantic_on_complete__()
        fields = cls.__pydantic_fields__
        keys = {name: info.alias or name for name, info in fields.items()}
        cls._python_names = {name: key for name, key in keys.items() if key != name and name not in set(keys.values())}
        cls._id_fields = tuple(
            (keys[name], str(extra["x-id-prefix"]))
            for name, info in fields.items()
            if isinstance(extra := info.json_schema_extra, dict) and "x-id-prefix" in extra
        )
        cls._now_fields = tuple(
            keys[name]
            for name, info in fields.items()
            if isinstance(extra := info.json_schema_extra, dict) and extra.get("x-default-now") is True
        )
        if cls._validated_defaults():
            # The fields now hold validated defaults; the validator and the serializer
            # (exclude_defaults compares with the core schema's default) are built again.
            cls.model_rebuild(force=True)
        # A class's own model_validate_json (WireModel's, or a subclass's override) stays.
        if "model_validate_json" not in vars(cls) and (reader := _json_reader(cls)) is not None:
            cls.model_validate_json = reader  # type: ignore[method-assign]

    @classmethod
    def _validated_defaults(cls) -> bool:
        """Replace each field's default (a JSON value) by the value the field holds for it; True if any changed."""
        changed = False
        for info in cls.__pydantic_fields__.values():
            default = info.default
            if default is PydanticUndefined or info.default_factory is not None or info.validate_default is False:
                continue
            if default is not None:
                try:
                    adapter: TypeAdapter[Any] = TypeAdapter(
                        info.rebuild_annotation(), config=ConfigDict(regex_engine="rust-regex")
                    )
                except PydanticUserError:  # a model type takes no config of its own
                    adapter = TypeAdapter(info.rebuild_annotation())
                except NameError:  # a forward reference not yet defined: validated per instance instead
                    continue
                # The default is a JSON value: read it as the wire would carry it.
                default = adapter.validate_json(json.dumps(default))
            info.default = default
            info.validate_default = False
            changed = True
        return changed

    def __init__(self, /, **data: Any) -> None:
        cls = type(self)
        if not cls.__pydantic_complete__:
            cls.model_rebuild()  # fills the field tables below (see __pydantic_on_complete__)
        # Python callers may use the Python names; the payload's keys are the schema's.
        for name, key in cls._python_names.items():
            if name in data and key not in data:
                data[key] = data.pop(name)
        # A field whose schema names an id prefix (`x-id-prefix`) is required in
        # JSON but filled with a fresh id when Python code constructs the model.
        for key, prefix in cls._id_fields:
            if key not in data:
                data[key] = generate_id(prefix)
        # A date-time marked `x-default-now` is required in JSON too, but Python code
        # that leaves it out gets the current time, aware and in UTC.
        for key in cls._now_fields:
            if key not in data:
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
        """Read a JSON text as its schema does: pydantic's ``model_validate_json``, where a bare NaN is not JSON.

        A complete class carries its own copy (``_json_reader``), faster on the usual call
        (a text, no keyword), which hands every other call to this one.
        """
        if _text_holds_words(json_data):
            _refuse_non_json_numbers(cls.__name__, json_data)
        return cls.__pydantic_validator__.validate_json(  # type: ignore[no-any-return]
            json_data, strict=strict, extra=extra, context=context, by_alias=by_alias, by_name=by_name
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # A key repeated in a map keeps its last value, as the schema reads it (codegen.runtime.maps).
        return read_maps_as_json(handler(source), cls, handler)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The hand-written schema the package ships; pydantic's own for a class it does not name.
        return published_schema(cls, handler) or handler(schema)
