"""A closed JSON object: ``properties``, ``required``, ``additionalProperties: false``; a frozen model.

Every object must be closed, since the models forbid unknown fields. An optional
property must say what its absence means: a ``default``, or accept ``null`` (in its
type, as a value of its ``const``/``enum``, or as a nullable reference ``anyOf: [{"$ref":
...}, {"type": "null"}]``); then absence and ``null`` both read as ``None``.

An object directly under a property becomes a class of its own, named after the
property, and is checked as any other object (closed, with properties).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs.base import CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
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
        return "object" in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        if node.get("additionalProperties") is not False:
            raise ctx.fail(where, "an object must set 'additionalProperties': false (models reject unknown fields)")
        properties = node.get("properties", {})
        if not properties and len(where) >= 2 and where[-2] == "properties":
            # Inline, it becomes dict[str, Any]; only a root or $defs object becomes a class.
            raise ctx.fail(where, "an inline object with no 'properties' has no model; declare its properties")
        required = set(node.get("required", []))
        for name in sorted(required - set(properties)):
            raise ctx.fail([*where, "required"], f"required property {name!r} is not declared")
        for name, sub in properties.items():
            at = [*where, "properties", name]
            ctx.check(sub, at)
            if name in required or not isinstance(sub, dict):
                continue
            if "default" not in sub and not _accepts_null(sub):
                raise ctx.fail(at, "an optional property that rejects null needs a 'default'")

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        # Wire directions only: what a model class offers Python callers is read from the
        # generated API (codegen.evolution.api).
        if not (self.matches(old) and self.matches(new)):
            return
        if old.get("additionalProperties") is not False or new.get("additionalProperties") is not False:
            if old.get("additionalProperties") != new.get("additionalProperties"):
                ctx.add("unclassified", [*where, "additionalProperties"], "additionalProperties changed", "unknown")
            else:
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
