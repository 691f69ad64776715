"""Cross-field rules at run time: ``if``/``then``/``else``, ``dependentRequired``, ``dependentSchemas``,
``not``, and ``anyOf``/``oneOf``/``allOf`` over an object's own members, judged as JSON Schema judges them.

Pydantic has no way to say "when ``order_type`` is ``LIMIT``, ``price`` is required":
its fields are judged one by one, and datamodel-code-generator drops these keywords
silently (a LIMIT order without a price passes its model). The generation stage
writes each such rule into the model class as ``__rules__``, a JSON text of
``[pointer, schema]`` pairs (the rule's place in the schema file and the keywords it
carries), and a model with rules derives from ``RulesModel``, whose one after-validator
evaluates them on the object's JSON form.

What a rule sees is what the schema sees:

- **Presence** is the payload's: a member the payload (or the Python caller) left
  out is absent, although the model fills it with its default (``model_fields_set``).
- **Values** are JSON values (``model_dump(mode="json")`` of the members the rules
  read): a decimal string keeps its text, ``1.0`` is the integer ``1``.
- **Equality** (``const``, ``enum``) is JSON equality: ``1 == 1.0``, ``true != 1``.
- **Patterns** are ECMA-262 as pydantic-core's Rust engine reads the portable subset
  (``codegen.schema.patterns``), the engine the models use for every other pattern.

The rules a model reads are also kept on the way out: a member a rule reads is
written by ``model_dump``/``model_dump_json`` only when the payload gave it, so a dump
never turns "absent" into "present" (``price: null`` on a MARKET order that had none)
and is judged by the rules exactly as the payload was.

A failed rule is a ``rule`` error naming the rule's keyword and JSON pointer in the
schema and the member's pointer in the object, like the schema validator's.

Rules written by a team in Python, beyond JSON Schema (``x-check``), are named in
``__checks__`` as ``module:function`` and run after the schema's rules; see the
README ("Rules JSON Schema cannot express").

This module imports only the standard library and pydantic.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, ClassVar

from pydantic import SerializationInfo, SerializerFunctionWrapHandler, model_serializer, model_validator
from pydantic_core import PydanticCustomError, SchemaValidator, core_schema

from codegen.runtime.arrays import UniqueItemsModel, json_key

__all__ = ["RULES_ATTRIBUTE", "Failure", "RulesModel", "first_failure", "is_valid"]

RULES_ATTRIBUTE = "__rules__"
"""The class attribute the generation stage writes: a JSON text of ``[pointer, schema]`` rules."""

CHECKS_ATTRIBUTE = "__checks__"
"""The class attribute naming a schema's checks beyond JSON Schema (``x-check``), ``module:function`` each."""

Failure = tuple[str, str, str]  # (schema pointer of the failing keyword, instance pointer, message)


@cache
def _regex(pattern: str) -> SchemaValidator:
    # pydantic-core's Rust engine, as for every other pattern of the models: the
    # portable subset reads the same there as in ECMA-262.
    return SchemaValidator(core_schema.str_schema(pattern=pattern, regex_engine="rust-regex"))


_KINDS: dict[str, type | tuple[type, ...]] = {
    "null": type(None), "boolean": bool, "string": str, "object": dict, "array": list,
}  # fmt: skip


def _is_type(value: Any, name: str) -> bool:
    if name in _KINDS:
        return isinstance(value, _KINDS[name])
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if name == "integer":  # JSON Schema: any number with no fraction (1.0 is an integer)
        return number and (isinstance(value, int) or (math.isfinite(value) and value.is_integer()))
    return number  # "number"


_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": lambda value, bound: bool(value >= bound),
    "maximum": lambda value, bound: bool(value <= bound),
    "exclusiveMinimum": lambda value, bound: bool(value > bound),
    "exclusiveMaximum": lambda value, bound: bool(value < bound),
}  # Python compares int and float exactly, as JSON Schema does


def _quote(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _pointer(base: str, part: str | int) -> str:
    return f"{base}/{str(part).replace('~', '~0').replace('/', '~1')}"


def _failures(schema: Mapping[str, Any], value: Any, at: str, where: str) -> Iterator[Failure]:
    """Every way ``value`` (at instance pointer ``where``) fails ``schema`` (at schema pointer ``at``)."""
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(value, name) for name in names):
            yield f"{at}/type", where, f"{_quote(value)} is not of type {' or '.join(names)}"
    if "const" in schema and json_key(value) != json_key(schema["const"]):
        yield f"{at}/const", where, f"{_quote(schema['const'])} was expected"
    if "enum" in schema and json_key(value) not in {json_key(item) for item in schema["enum"]}:
        yield f"{at}/enum", where, f"{_quote(value)} is not one of {_quote(schema['enum'])}"
    if isinstance(value, str):
        if "pattern" in schema and not _regex(schema["pattern"]).isinstance_python(value):
            yield f"{at}/pattern", where, f"{_quote(value)} does not match {_quote(schema['pattern'])}"
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield f"{at}/minLength", where, f"{_quote(value)} is shorter than {schema['minLength']}"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield f"{at}/maxLength", where, f"{_quote(value)} is longer than {schema['maxLength']}"
    if _is_type(value, "number"):
        for key, holds in _BOUNDS.items():
            if key in schema and not holds(value, schema[key]):
                yield f"{at}/{key}", where, f"{_quote(value)} is out of bounds ({key} {schema[key]})"
    if isinstance(value, dict):
        yield from _object_failures(schema, value, at, where)
    yield from _applicator_failures(schema, value, at, where)


def _object_failures(schema: Mapping[str, Any], value: dict[str, Any], at: str, where: str) -> Iterator[Failure]:
    for name in schema.get("required", []):
        if name not in value:
            yield f"{at}/required", where, f"{_quote(name)} is a required property"
    for name, sub in schema.get("properties", {}).items():
        if name in value:
            yield from _failures(sub, value[name], _pointer(f"{at}/properties", name), _pointer(where, name))
    for name, needed in schema.get("dependentRequired", {}).items():
        if name in value:
            for other in needed:
                if other not in value:
                    message = f"{_quote(other)} is required when {_quote(name)} is present"
                    yield _pointer(f"{at}/dependentRequired", name), where, message
    for name, sub in schema.get("dependentSchemas", {}).items():
        if name in value:
            yield from _failures(sub, value, _pointer(f"{at}/dependentSchemas", name), where)


def _applicator_failures(schema: Mapping[str, Any], value: Any, at: str, where: str) -> Iterator[Failure]:
    if "not" in schema and is_valid(schema["not"], value):
        yield f"{at}/not", where, f"{_quote(value)} must not be valid under {_quote(schema['not'])}"
    for index, sub in enumerate(schema.get("allOf", [])):
        yield from _failures(sub, value, f"{at}/allOf/{index}", where)
    if "anyOf" in schema and not any(is_valid(sub, value) for sub in schema["anyOf"]):
        yield f"{at}/anyOf", where, "no branch of anyOf is valid"
    if "oneOf" in schema:
        matched = [index for index, sub in enumerate(schema["oneOf"]) if is_valid(sub, value)]
        if len(matched) != 1:
            found = "none" if not matched else "branches " + ", ".join(map(str, matched))
            yield f"{at}/oneOf", where, f"exactly one branch of oneOf must be valid ({found} are)"
    if "if" in schema:
        if is_valid(schema["if"], value):
            if "then" in schema:
                yield from _failures(schema["then"], value, f"{at}/then", where)
        elif "else" in schema:
            yield from _failures(schema["else"], value, f"{at}/else", where)


def first_failure(schema: Mapping[str, Any], value: Any, at: str = "#") -> Failure | None:
    """The first way ``value`` fails ``schema`` (a rule's keywords), or None when it holds."""
    return next(_failures(schema, value, at, ""), None)


def is_valid(schema: Mapping[str, Any], value: Any) -> bool:
    """Whether ``value`` satisfies ``schema``, read in the rule language above."""
    return first_failure(schema, value) is None


def _read_rules(cls: type) -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every rule of ``cls`` and its bases (an ``allOf`` base's rules hold for its extensions too)."""
    found: list[tuple[str, dict[str, Any]]] = []
    for klass in reversed(cls.__mro__):
        text = klass.__dict__.get(RULES_ATTRIBUTE)
        if isinstance(text, str):
            found += [(str(pointer), dict(schema)) for pointer, schema in json.loads(text)]
    return tuple(found)


def _read_checks(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    found: list[tuple[str, Callable[[Any], Any]]] = []
    for klass in reversed(cls.__mro__):
        for name in klass.__dict__.get(CHECKS_ATTRIBUTE, ()):
            module, _, function = str(name).partition(":")
            found.append((str(name), getattr(importlib.import_module(module), function)))
    return tuple(found)


def _names_read(rules: tuple[tuple[str, dict[str, Any]], ...]) -> set[str]:
    """The JSON member names a rule reads (its properties, required, dependent* keys and lists)."""
    names: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            names.update(schema.get("required", []))
            names.update(schema.get("properties", {}))
            names.update(schema.get("dependentSchemas", {}))
            for key, needed in schema.get("dependentRequired", {}).items():
                names.add(key)
                names.update(needed)
            for key in ("not", "if", "then", "else"):
                walk(schema.get(key))
            for key in ("allOf", "anyOf", "oneOf"):
                for sub in schema.get(key, []):
                    walk(sub)
            for sub in schema.get("dependentSchemas", {}).values():
                walk(sub)

    for _, schema in rules:
        walk(schema)
    return names


class RulesModel(UniqueItemsModel):
    """A ``WireModel`` whose ``__rules__`` (cross-field rules of its schema) hold on every payload it accepts."""

    _rules: ClassVar[tuple[tuple[str, dict[str, Any]], ...]] = ()
    _checks: ClassVar[tuple[tuple[str, Callable[[Any], Any]], ...]] = ()
    _read: ClassVar[tuple[tuple[str, str], ...]] = ()  # (field name, JSON name) of the members the rules read

    @classmethod
    def __pydantic_on_complete__(cls) -> None:
        super().__pydantic_on_complete__()
        cls._rules = _read_rules(cls)
        cls._checks = _read_checks(cls)
        names = _names_read(cls._rules)
        cls._read = tuple(
            (name, info.alias or name) for name, info in cls.model_fields.items() if (info.alias or name) in names
        )

    def _json_members(self) -> dict[str, Any]:
        """The members the rules read, as the payload had them: only those it gave, as JSON values."""
        given = {name for name, _ in self._read if name in self.__pydantic_fields_set__}
        return dict(self.model_dump(mode="json", by_alias=True, include=given)) if given else {}

    @model_validator(mode="after")
    def _rules_hold(self) -> RulesModel:
        if self._rules:
            members = self._json_members()
            for pointer, schema in self._rules:
                failure = first_failure(schema, members, pointer)
                if failure is not None:
                    keyword, where, message = failure
                    raise PydanticCustomError(
                        "rule",
                        "rule {keyword} failed at {where}: {message}",
                        {"keyword": keyword, "where": where or "/", "message": message, "rule": pointer},
                    )
        for name, check in self._checks:
            problem = check(self)
            if problem:
                raise PydanticCustomError(
                    "x_check", "check {check} failed: {message}", {"check": name, "message": str(problem)}
                )
        return self

    @model_serializer(mode="wrap")
    def _presence_kept(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        # A member a rule reads is written only when the payload gave it: the rules judge
        # presence, and a default written out would make an absent member present.
        data = handler(self)
        if isinstance(data, dict):
            for name, key in self._read:
                if name not in self.__pydantic_fields_set__:
                    data.pop(key, None)
                    data.pop(name, None)
        return data
