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

from codegen.constructs import REFUSED, SUPPORTED_TYPES, constructs_of, owned_keywords
from codegen.constructs.all_of import is_base_shape
from codegen.constructs.formats import DATE_TIME, DEFAULT_NOW
from codegen.errors import SchemaError
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import LIBRARY_KEYS, SchemaFile, json_types, pointer_of

__all__ = ["check_supported"]


def _refusal(key: str, node: dict[str, Any]) -> str:
    """Why ``key`` cannot be generated faithfully here."""
    if key == "format":
        supported = "'decimal', 'date-time', 'date', 'time' and 'uuid', on strings"
        return f"format {node['format']!r} is not supported (only {supported})"
    reason = REFUSED.get(key, "the generated model could not enforce it exactly")
    return f"keyword {key!r} is not supported: {reason}"


# x- keys that steer the generator: those datamodel-code-generator reads (a type, an
# import, enum member names, ...) and those the toolkit's own view of a schema uses
# (codegen.generation.generator). A schema that set one would bypass the constructs'
# wire types, so it is refused; other x- keys are the schema's own and pass.
_GENERATOR_KEYS = ("x-python-", "x-enum", "x-is-", "x-datamodel-code-generator-", "x-propertyNames",
                   "x-discriminator", "x-unique-items", "x-avro-", "x-xsd-", "x-www-")  # fmt: skip


def _steers_generator(key: str) -> bool:
    return key.startswith(_GENERATOR_KEYS)


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

    def resolve(self, ref: str) -> Any:
        """The schema ``ref`` names from this file (None if it names nothing: check_ref reports that)."""
        try:
            return self.registry.resolver(base_uri=self.file.uri).lookup(ref).contents
        except referencing.exceptions.Unresolvable:
            return None

    def check(self, node: Any, parts: list[str | int]) -> None:
        if not isinstance(node, dict):
            raise self.fail(parts, "a boolean schema has no faithful model; write an object schema")
        for name, sub in node.get("$defs", {}).items():
            self.check(sub, [*parts, "$defs", name])
        constructs = constructs_of(node)
        owned = owned_keywords(constructs)
        for key in sorted(key for key in node if not key.startswith("x-") and key not in owned):
            raise self.fail([*parts, key], _refusal(key, node))
        for key in sorted(filter(_steers_generator, node)):
            raise self.fail([*parts, key], f"key {key!r} would steer the generator past the toolkit's wire types")
        if DEFAULT_NOW in node and DATE_TIME not in constructs:  # the model acts on it
            raise self.fail([*parts, DEFAULT_NOW], f"{DEFAULT_NOW!r} is for 'date-time' strings only")
        if "$ref" not in node:
            self.check_types(node, parts)
        for construct in constructs:
            construct.check(node, parts, self)
        if "$ref" in node:
            self.check_ref(node, parts)
        self.check_default(node, parts)

    def check_types(self, node: dict[str, Any], parts: list[str | int]) -> None:
        types = json_types(node)
        if not types and not {"enum", "const", "anyOf", "oneOf"} & set(node):
            hint = ""
            if not parts and "$defs" in node:
                allowed, others = ", ".join(sorted(LIBRARY_KEYS)), ", ".join(sorted(set(node) - LIBRARY_KEYS))
                hint = f"; a file of $defs alone is a library, whose root holds only {allowed} (here also {others})"
            raise self.fail(parts, f"a schema needs a 'type' (or an 'enum' or 'const') for its model to be exact{hint}")
        if len([name for name in types if name != "null"]) > 1:
            raise self.fail([*parts, "type"], "a union of several non-null types is not supported")
        for name in types:
            if name not in SUPPORTED_TYPES:
                raise self.fail(
                    [*parts, "type"], f"type {name!r} is not supported yet (its JSON and Python readings differ)"
                )

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
            if target[1] == [] and target[0].is_library:
                raise SchemaError(
                    here[0].path,
                    pointer_of([*here[1], "$ref"]),
                    f"this $ref names the root of {target[0].path.name}, a library of $defs with no model of its "
                    "own (as a schema it accepts any JSON); name one of its $defs entries",
                )
            resolver = resolved.resolver
            current, here = resolved.contents, target
        if is_base_shape(current) and not (len(parts) >= 2 and parts[-2] == "allOf"):
            # Open in JSON Schema, closed as a model: only an extension may use it (codegen.constructs.all_of).
            raise self.fail(
                [*parts, "$ref"],
                "this $ref names an open base shape, which only an allOf branch of an extension may name "
                "(on its own it accepts members its model rejects)",
            )

    def check_default(self, node: dict[str, Any], parts: list[str | int]) -> None:
        if "default" not in node:
            return
        # Judged in place, through the registry: a copy of the node under the file's URI
        # would make its own "$ref": "#" (a tree's parent) point at itself, forever.
        validator = ecma_validator({"$ref": f"{self.file.uri}#{pointer_of(parts)}"}, self.registry)
        error = next(iter(validator.iter_errors(node["default"])), None)
        if error is not None:
            raise self.fail([*parts, "default"], f"default does not validate: {error.message}")


def check_supported(schema: SchemaFile, registry: referencing.Registry[Any], folder: Sequence[SchemaFile]) -> None:
    """Raise ``SchemaError`` at the first construct the generated model could not enforce exactly.

    ``folder`` holds the files a ``$ref`` may lead into (the whole schema folder).
    """
    checker = _Checker(schema, registry, folder)
    if schema.is_library:  # only its $defs become models (codegen.schema.loading.is_library)
        for name, sub in schema.document["$defs"].items():
            checker.check(sub, ["$defs", name])
        return
    checker.check(schema.document, [])
    if "object" not in json_types(schema.document):
        raise checker.fail(["type"], "the root of a schema file must be an object (it becomes a model)")
