"""What a generated model can enforce faithfully, checked before anything is generated.

The generated model must accept exactly the JSON texts its schema accepts. That holds
for the keywords below, with the wire types of ``codegen.runtime``; any other keyword
(``oneOf``, ``multipleOf``, ``patternProperties``, a ``format`` pydantic would
enforce, ...) would silently make the model and the schema disagree, so it is refused
with the location of the keyword instead.

A ``$ref`` is followed to the schema it names: it must name a schema (a file's root,
a ``$defs`` entry or a property), and a chain of references must end at one that is
not a reference, since pydantic turns a cycle of bare references into a model that
recurses forever (the first payload crashes the interpreter).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import referencing
import referencing.exceptions

from codegen.errors import SchemaError
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SchemaFile, json_types, pointer_of
from codegen.schema.patterns import PatternProblem, check_pattern

__all__ = ["check_supported", "decimal_string"]

_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated"}
# The generated enum checks membership only: these would be dropped beside an enum.
_ENUM_DROPS = ("minLength", "maxLength", "pattern", "format")
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


_Position = tuple[SchemaFile, list[str | int]]


def _schema_positions(node: Any, parts: list[str | int]) -> Iterator[tuple[list[str | int], dict[str, Any]]]:
    """Every place in a document that holds a schema the checker judges: the root, $defs and properties."""
    if not isinstance(node, dict):
        return
    yield parts, node
    for keyword in ("$defs", "properties"):
        children = node.get(keyword)
        if isinstance(children, dict):
            for name, child in children.items():
                yield from _schema_positions(child, [*parts, keyword, name])


class _Checker:
    def __init__(self, schema: SchemaFile, registry: referencing.Registry[Any], folder: Sequence[SchemaFile]) -> None:
        self.file = schema
        self.registry = registry
        # By identity: the registry's resources hold these same dicts, so a resolved
        # $ref tells which file and pointer it landed on.
        self.positions: dict[int, _Position] = {
            id(node): (other, parts)
            for other in (schema, *folder)
            for parts, node in _schema_positions(other.document, [])
        }

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
            self.check_ref(node, parts)
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
        if "enum" in node:
            self.check_enum(node, parts)
        self.check_strings(node, parts)
        if "object" in types:
            self.check_object(node, parts)
        self.check_default(node, parts)

    def check_ref(self, node: dict[str, Any], parts: list[str | int]) -> None:
        """Follow a chain of bare references to the schema that ends it.

        Only ``$ref`` edges are followed: a cycle through an object's ``properties``
        goes through a model class, which breaks the recursion, so it is not this
        rule's concern.
        """
        resolver = self.registry.resolver(base_uri=self.file.uri)
        chain: list[int] = []
        where: list[_Position] = []
        current: Any = node
        here: _Position = (self.file, parts)
        while isinstance(current, dict) and "$ref" in current:
            if id(current) in chain:
                file, at = where[chain.index(id(current))]
                raise SchemaError(
                    file.path,
                    pointer_of([*at, "$ref"]),
                    "reference cycle that no object breaks: the model would recurse forever; "
                    "make one schema of the cycle an object, or drop a reference",
                )
            chain.append(id(current))
            where.append(here)
            try:
                resolved = resolver.lookup(current["$ref"])
            except referencing.exceptions.Unresolvable:
                raise SchemaError(
                    here[0].path, pointer_of([*here[1], "$ref"]), f"unresolvable $ref {current['$ref']!r}"
                ) from None
            target = self.positions.get(id(resolved.contents))
            if target is None:
                raise SchemaError(
                    here[0].path,
                    pointer_of([*here[1], "$ref"]),
                    "a $ref must name a schema: a file's root, a $defs entry or a property "
                    "(anything else reaches the generator unchecked and becomes Any)",
                )
            resolver = resolved.resolver
            current, here = resolved.contents, target

    def check_enum(self, node: dict[str, Any], parts: list[str | int]) -> None:
        values = node["enum"]
        if not values:
            raise self.fail(
                [*parts, "enum"],
                "an empty enum accepts no value (the generator would type it Any, accepting every value)",
            )
        if not all(isinstance(value, str) for value in values):
            raise self.fail([*parts, "enum"], "only enums of strings are supported")
        types = json_types(node)
        if types and types != ["string"]:
            # ["string", "null"] would make the field nullable although null is not
            # listed; "integer" or "null" alone would accept values the enum lists none of.
            raise self.fail(
                [*parts, "type"],
                "beside an enum of strings 'type' must be 'string': the schema accepts only the values",
            )
        for key in _ENUM_DROPS:
            if key in node:
                raise self.fail(
                    [*parts, key],
                    f"keyword {key!r} beside 'enum' is not enforced by the generated enum; "
                    "drop it and list only the values it admits",
                )

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

    def check_object(self, node: dict[str, Any], parts: list[str | int]) -> None:
        if node.get("additionalProperties") is not False:
            raise self.fail(parts, "an object must set 'additionalProperties': false (models reject unknown fields)")
        properties = node.get("properties", {})
        if not properties and len(parts) >= 2 and parts[-2] == "properties":
            # Inline, it becomes dict[str, Any]; only a root or $defs object becomes a class.
            raise self.fail(parts, "an inline object with no 'properties' has no model; declare its properties")
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


def check_supported(schema: SchemaFile, registry: referencing.Registry[Any], folder: Sequence[SchemaFile]) -> None:
    """Raise ``SchemaError`` at the first construct the generated model could not enforce exactly.

    ``folder`` holds the files a ``$ref`` may lead into (the whole schema folder).
    """
    checker = _Checker(schema, registry, folder)
    checker.check(schema.document, [])
    if "object" not in json_types(schema.document):
        raise checker.fail(["type"], "the root of a schema file must be an object (it becomes a model)")
