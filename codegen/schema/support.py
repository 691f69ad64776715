"""What a generated model can enforce faithfully, checked before anything is generated.

The generated model must accept exactly the JSON texts its schema accepts. That holds
for the keywords below, with the wire types of ``codegen.runtime``; any other keyword
(``oneOf``, ``multipleOf``, ``patternProperties``, a ``format`` pydantic would
enforce, ...) would silently make the model and the schema disagree, so it is refused
with the location of the keyword instead.
"""

from __future__ import annotations

from typing import Any

import referencing

from codegen.errors import SchemaError
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SchemaFile, json_types, pointer_of
from codegen.schema.patterns import PatternProblem, check_pattern

__all__ = ["check_supported", "decimal_string"]

_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated"}
_BY_TYPE = {
    "string": {"minLength", "maxLength", "pattern", "format", "enum"},
    "integer": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "boolean": set(),
    "null": set(),
    "object": {"properties", "required", "additionalProperties"},
}


def decimal_string(schema: dict[str, Any]) -> bool:
    """Whether a subschema is a decimal carried as a JSON string (``"format": "decimal"``)."""
    return schema.get("format") == "decimal" and "string" in json_types(schema)


class _Checker:
    def __init__(self, schema: SchemaFile, registry: referencing.Registry[Any]) -> None:
        self.file = schema
        self.registry = registry

    def fail(self, parts: list[str | int], message: str) -> SchemaError:
        return SchemaError(self.file.path, pointer_of(parts), message)

    def check(self, node: Any, parts: list[str | int]) -> None:
        if not isinstance(node, dict):
            raise self.fail(parts, "a boolean schema has no faithful model; write an object schema")
        keys = {key for key in node if not key.startswith("x-")}
        for name, sub in node.get("$defs", {}).items():
            self.check(sub, [*parts, "$defs", name])
        if "$ref" in node:
            extra = keys - _ANNOTATIONS - {"$ref"}
            if extra:
                raise self.fail(
                    [*parts, sorted(extra)[0]],
                    "keywords beside $ref are not supported; move them into the referenced schema",
                )
            self.check_default(node, parts)
            return
        known = _ANNOTATIONS.union(*_BY_TYPE.values(), {"type"})
        for key in sorted(keys - known):
            raise self.fail(
                [*parts, key], f"keyword {key!r} is not supported: the generated model could not enforce it exactly"
            )
        types = json_types(node)
        if not types and "enum" not in node:
            raise self.fail(parts, "a schema needs a 'type' (or an 'enum') for its model to be exact")
        concrete = [name for name in types if name != "null"]
        if len(concrete) > 1:
            raise self.fail([*parts, "type"], "a union of several non-null types is not supported")
        for name in types:
            if name not in _BY_TYPE:
                raise self.fail(
                    [*parts, "type"], f"type {name!r} is not supported yet (its JSON and Python readings differ)"
                )
        allowed = _ANNOTATIONS.union(*(_BY_TYPE[name] for name in types), {"type"})
        if "enum" in node:
            allowed |= {"enum"}
        for key in sorted(keys - allowed):
            raise self.fail(
                [*parts, key], f"keyword {key!r} is not supported: the generated model could not enforce it exactly"
            )
        self.check_strings(node, parts)
        if "object" in types:
            self.check_object(node, parts)
        self.check_default(node, parts)

    def check_strings(self, node: dict[str, Any], parts: list[str | int]) -> None:
        if "pattern" in node:
            try:
                check_pattern(node["pattern"])
            except PatternProblem as problem:
                raise self.fail([*parts, "pattern"], str(problem)) from None
        if "format" in node and not decimal_string(node):
            raise self.fail([*parts, "format"], f"format {node['format']!r} is not supported (only 'decimal')")
        if decimal_string(node) and "pattern" not in node:
            raise self.fail(parts, "a decimal string needs a 'pattern' that admits only plain decimal notation")
        if "enum" in node and not all(isinstance(value, str) for value in node["enum"]):
            raise self.fail([*parts, "enum"], "only enums of strings are supported")

    def check_object(self, node: dict[str, Any], parts: list[str | int]) -> None:
        if node.get("additionalProperties") is not False:
            raise self.fail(parts, "an object must set 'additionalProperties': false (models reject unknown fields)")
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        for name in sorted(required - set(properties)):
            raise self.fail([*parts, "required"], f"required property {name!r} is not declared")
        for name, sub in properties.items():
            where = [*parts, "properties", name]
            self.check(sub, where)
            if name in required or not isinstance(sub, dict):
                continue
            if "default" not in sub and "null" not in json_types(sub):
                raise self.fail(where, "an optional property that rejects null needs a 'default'")

    def check_default(self, node: dict[str, Any], parts: list[str | int]) -> None:
        if "default" not in node:
            return
        subschema = {key: value for key, value in node.items() if key not in ("default", "examples", "$defs")}
        subschema.setdefault("$id", self.file.uri)
        validator = ecma_validator({"$defs": self.file.document.get("$defs", {}), **subschema}, self.registry)
        error = next(iter(validator.iter_errors(node["default"])), None)
        if error is not None:
            raise self.fail([*parts, "default"], f"default does not validate: {error.message}")


def check_supported(schema: SchemaFile, registry: referencing.Registry[Any]) -> None:
    """Raise ``SchemaError`` at the first construct the generated model could not enforce exactly."""
    checker = _Checker(schema, registry)
    checker.check(schema.document, [])
    if "object" not in json_types(schema.document):
        raise checker.fail(["type"], "the root of a schema file must be an object (it becomes a model)")
