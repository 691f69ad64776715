"""Keyword markers: ``Pattern[...]``, ``AtLeast[1]``, ... written after a wire type in ``Annotated``.

A marker puts one schema keyword's value inside its wire type's own pydantic-core
schema, so pydantic-core checks it (``Field(pattern=...)`` on a type with its own core
schema would be checked by a Python wrapper). Each wire type keeps the rules it has
collected in its core schema's metadata under its own key and rebuilds itself with
one more; a marker placed after any other type is an error, not a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["Keyword"]

Build = Callable[[dict[str, Any]], core_schema.CoreSchema]


class _Rule:
    """One keyword with its value, as ``Annotated`` metadata of the wire type ``family`` names."""

    def __init__(self, keyword: Keyword, value: Any) -> None:
        self.keyword = keyword
        self.value = value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema = handler(source)
        rules = schema.get("metadata", {}).get(self.keyword.metadata_key)
        if rules is None:
            raise TypeError(f"{self.keyword.name} applies to a {self.keyword.family}, not to a {schema['type']} schema")
        return self.keyword.build({**rules, self.keyword.key: self.value})

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), self.keyword.schema_keyword: self.value}

    def __repr__(self) -> str:
        return f"{self.keyword.name}[{self.value!r}]"


class Keyword:
    """``Name[value]`` makes a rule: ``check`` vets the value (raising ``TypeError``), ``build`` the core schema."""

    def __init__(
        self,
        name: str,
        schema_keyword: str,
        key: str,
        *,
        family: str,
        metadata_key: str,
        build: Build,
        check: Callable[[Any], Any],
    ) -> None:
        self.name = name
        self.schema_keyword = schema_keyword  # as the published JSON Schema spells it
        self.key = key  # as the wire type's schema builder takes it
        self.family = family
        self.metadata_key = metadata_key
        self.build = build
        self.check = check

    def __getitem__(self, value: Any) -> _Rule:
        return _Rule(self, self.check(value))
