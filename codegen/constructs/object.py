"""A closed JSON object: ``properties``, ``required``, ``additionalProperties: false``; a frozen model.

Every object must be closed, since the models forbid unknown fields. An optional
property must say what its absence means: a ``default``, or accept ``null`` (in its
type, as a value of its ``const``/``enum``, or as a nullable reference ``anyOf: [{"$ref":
...}, {"type": "null"}]``); then absence and ``null`` both read as ``None``.

An object directly under a property becomes a class of its own, named after the
property, and is checked as any other object (closed, with properties).

An object whose members all follow one schema is a map (``codegen.constructs.map``),
and one that admits any member is free JSON only where it says ``"x-free-json": true``
(``codegen.constructs.free_json``). A model with a unique array property derives from
``codegen.runtime.UniqueItemsModel``, which checks it; one with rules (``if``/``then``/``else``,
``dependentRequired``, ``not``, ... : ``codegen.constructs._rules``) from
``codegen.runtime.RulesModel``, which judges them and checks unique arrays too. An
extension (``allOf`` of a base shape, ``codegen.constructs.all_of``) is closed by
``unevaluatedProperties: false`` instead, and a base shape is a ``$defs`` entry left open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._rules import has_rules
from codegen.constructs.all_of import base_refs, closed_by_unevaluated, is_base_shape, members_of
from codegen.constructs.array import is_unique_array
from codegen.constructs.base import RUNTIME, CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.constructs.free_json import FREE_JSON, FREE_JSON_KEY
from codegen.constructs.map import is_map
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

__all__ = ["OBJECT"]


def _accepts_null(node: Node) -> bool:
    from codegen.constructs.nullable_ref import nullable_target  # noqa: PLC0415 (the registry imports this module)

    values = [node["const"]] if "const" in node else node.get("enum", [])
    return "null" in json_types(node) or None in values or nullable_target(node) is not None


class Object(Construct):
    name = "object"
    types = frozenset({"object"})
    summary = "closed objects (additionalProperties: false) with properties and required: frozen models"
    keywords = frozenset({"properties", "required", "additionalProperties"})
    rules: ClassVar[dict[str, str]] = {
        "property-removed": "a field is removed from a closed object (forward too if it was required)",
        "property-added": "a field is added to a closed object (backward too if it is required)",
        "required-added": "a field becomes required",
        "required-removed": "a field is no longer required",
    }

    def matches(self, node: Node) -> bool:
        return "object" in json_types(node) and not is_map(node) and not FREE_JSON.matches(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        additional = node.get("additionalProperties")
        if isinstance(additional, dict) and additional and "properties" in node:
            raise ctx.fail(
                [*where, "additionalProperties"],
                "a schema-valued additionalProperties beside properties is not supported yet (pydantic's "
                "typed extras share one namespace with the fields); make the map a property of its own",
            )
        closed_otherwise = closed_by_unevaluated(node) or (
            is_base_shape(node) and len(where) >= 2 and where[-2] == "$defs"
        )
        if additional is not False and not closed_otherwise:
            raise ctx.fail(
                where,
                "an object must set 'additionalProperties': false (models reject unknown fields); "
                'a map sets it to a schema, and free JSON to true with "x-free-json": true',
            )
        if FREE_JSON_KEY in node:
            message = f"{FREE_JSON_KEY!r} is for an object whose additionalProperties is true"
            raise ctx.fail([*where, FREE_JSON_KEY], message)
        properties = node.get("properties", {})
        if not properties and not base_refs(node) and len(where) >= 2 and where[-2] == "properties":
            # Inline, it becomes dict[str, Any]; only a root or $defs object becomes a class.
            raise ctx.fail(where, "an inline object with no 'properties' has no model; declare its properties")
        required = set(node.get("required", []))
        for name in sorted(required - set(members_of(node, ctx.resolve))):
            raise ctx.fail([*where, "required"], f"required property {name!r} is not declared")
        for name, sub in properties.items():
            at = [*where, "properties", name]
            ctx.check(sub, at)
            if name in required or not isinstance(sub, dict):
                continue
            if "default" not in sub and not _accepts_null(sub):
                raise ctx.fail(at, "an optional property that rejects null needs a 'default'")

    def generator_view(self, node: Node, follow: Callable[[Any], Any]) -> dict[str, Any]:
        if has_rules(node) or is_base_shape(node) or "x-check" in node:
            # Its rules (and checks beyond JSON Schema, x-check) judge the payload; a base
            # shape's extensions may carry rules of their own.
            return {"customBasePath": f"{RUNTIME}.RulesModel"}
        if any(is_unique_array(sub) for sub in node.get("properties", {}).values()):
            return {"customBasePath": f"{RUNTIME}.UniqueItemsModel"}  # its model checks the unique arrays
        return {}

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        # Wire directions only: what a model class offers Python callers is read from the
        # generated API (codegen.evolution.api).
        if not (self.matches(old) and self.matches(new)):
            return
        if old.get("additionalProperties") is not False or new.get("additionalProperties") is not False:
            if old.get("additionalProperties") != new.get("additionalProperties"):
                ctx.add("unclassified", [*where, "additionalProperties"], "additionalProperties changed", "unknown")
            elif old != new:  # an open object is compared whenever any file of the folder changed
                ctx.add("unclassified", where, "an open object's changes are not classified", "unknown")
        before, after = old.get("properties", {}), new.get("properties", {})
        was_required, is_required = set(old.get("required", [])), set(new.get("required", []))
        for name in before:
            if name not in after:
                # Old producers may send it (backward); old consumers need it if it was required (forward).
                directions = ["backward", "forward"] if name in was_required else ["backward"]
                message = f"field {name!r} is removed from a closed object"
                ctx.add("property-removed", [*where, "properties", name], message, *directions)
        for name in after:
            at = [*where, "properties", name]
            if name not in before:
                required = name in is_required
                directions = ["forward", "backward"] if required else ["forward"]
                kind = "required" if required else "optional"
                ctx.add("property-added", at, f"{kind} field {name!r} is added to a closed object", *directions)
                continue
            if name in is_required and name not in was_required:
                ctx.add("required-added", [*where, "required"], f"field {name!r} becomes required", "backward")
            if name in was_required and name not in is_required:
                ctx.add("required-removed", [*where, "required"], f"field {name!r} is no longer required", "forward")
            ctx.default(before[name], after[name], at, required=(name in was_required, name in is_required))
            ctx.node(before[name], after[name], at)

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        properties = node.get("properties", {})
        required = set(node.get("required", []))
        return st.fixed_dictionaries(
            {name: ctx.values(sub) for name, sub in properties.items() if name in required},
            optional={name: ctx.values(sub) for name, sub in properties.items() if name not in required},
        )

    def near_misses(self, node: Node) -> list[Any]:
        return [{}, [], {"": None}]


OBJECT = Object()
