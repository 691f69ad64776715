"""``allOf``: the extension of a base shape (closed by ``unevaluatedProperties: false``), and rules that all hold.

Closed objects and ``allOf`` do not mix in plain JSON Schema: ``additionalProperties:
false`` sees only the properties beside it, so a closed base rejects every member an
extension adds, and a closed extension rejects the base's members. The one spelling
that means "the base's members and mine, nothing else" is an open base *shape* and an
extension closed by ``unevaluatedProperties: false``, which sees the members the
``allOf`` branches evaluated::

    "$defs": {"CommandBase": {"type": "object", "properties": {...}, "required": [...]}},
    "type": "object", "allOf": [{"$ref": "#/$defs/CommandBase"}],
    "properties": {...}, "unevaluatedProperties": false

That is the supported form. The base shape becomes a base class (the generator
writes ``class Command(CommandBase)``); the model is closed as every model is, so it
accepts exactly the members of both. Decided edges:

- A base shape is a ``$defs`` entry (of the extension's file or another file of the
  folder), an object with ``properties`` and neither ``additionalProperties`` nor
  ``unevaluatedProperties`` (it is open in JSON Schema). Every ``$ref`` to it must be
  an ``allOf`` branch (support refuses any other: on its own the open shape would
  accept members its closed model rejects). A base in another file is read with its
  ``$ref``s rebased (``base_view``), so a member's ``"#/$defs/Kind"`` still names its
  own file's ``Kind`` when the extension's checks and the proof read it; the generator
  imports the base class from the base's module.
- An extension must close itself with ``unevaluatedProperties: false`` and must not
  set ``additionalProperties`` (``false`` there is the trap above, refused, and linted
  as ``allof-closed``); a base that is closed is refused for the same reason.
- A member declared twice (in the extension and a base, or in two bases) is refused:
  JSON Schema applies both schemas, the model would keep one.
- An inline branch is a rule of the object (``codegen.constructs._rules``): all must hold.
- A base shape's rules hold for its extensions (``RulesModel`` reads ``__rules__``
  along the class's bases), and its model always derives from ``RulesModel``, so that
  an extension with rules of its own still has their validator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

from codegen.constructs._rules import check_object_rule, followed, object_rules, object_values
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types
from codegen.schema.refs import rebased

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["ALL_OF", "base_refs", "base_view", "is_base_shape", "members_of", "shape_of"]


def is_base_shape(node: Any) -> bool:
    """An open object with declared members: extended through ``allOf`` only."""
    return (
        isinstance(node, Mapping)
        and "object" in json_types(node)
        and isinstance(node.get("properties"), dict)
        and "additionalProperties" not in node
        and "unevaluatedProperties" not in node
    )


def base_refs(node: Node) -> list[str]:
    """The ``$ref`` of each ``allOf`` branch that names a base."""
    branches = node.get("allOf")
    if not isinstance(branches, list):
        return []
    return [str(sub["$ref"]) for sub in branches if isinstance(sub, Mapping) and "$ref" in sub]


def closed_by_unevaluated(node: Node) -> bool:
    return node.get("unevaluatedProperties") is False and bool(base_refs(node))


def base_view(ref: str, lookup: Callable[[str], Any]) -> Any:
    """The base ``ref`` names, as the extension's file reads it (``lookup`` resolves a ``$ref`` from there).

    A base of the same file is itself. A base in another file has its ``$ref``s joined
    onto where they resolve: that file's absolute ``$id``, else the reference to the
    file (``"origin.schema.json"``), which the extension's file resolves as its own.
    """
    base = lookup(ref)
    document, _ = urldefrag(ref)
    if not document:
        return base
    root = lookup(f"{document}#")
    declared = root.get("$id") if isinstance(root, Mapping) else None
    return rebased(base, declared if isinstance(declared, str) and urlsplit(declared).scheme else document)


def members_of(node: Any, lookup: Callable[[str], Any]) -> dict[str, Any]:
    """The members an object declares, its ``allOf`` bases' included (``lookup`` resolves a ``$ref``)."""
    if not isinstance(node, Mapping):
        return {}
    members: dict[str, Any] = {}
    for ref in base_refs(node):
        members.update(members_of(base_view(ref, lookup), lookup))
    members.update(node.get("properties", {}))
    return members


def shape_of(node: Node, ctx: ProofContext) -> tuple[dict[str, Any], set[str], list[dict[str, Any]]]:
    """An object's members, required names and rules, its bases' merged in (for the proof's values)."""
    members: dict[str, Any] = {}
    required: set[str] = set()
    rules: list[dict[str, Any]] = []
    for ref in base_refs(node):
        base_members, base_required, base_rules = shape_of(base_view(ref, lambda ref: ctx.follow(ref)[1]), ctx)
        members.update(base_members)
        required |= base_required
        rules += base_rules
    members.update(node.get("properties", {}))
    required |= set(node.get("required", []))
    own = object_rules(node)
    return members, required, [*rules, own] if own else rules


class AllOf(Construct):
    name = "all-of"
    summary = (
        "an object extending base shapes (allOf of $refs, closed by unevaluatedProperties: false): "
        "a subclass; inline branches are rules that all hold"
    )
    keywords = frozenset({"allOf", "unevaluatedProperties"})
    enforced = frozenset({"allOf", "unevaluatedProperties"})  # the view keeps only the bases (generator_view)

    def matches(self, node: Node) -> bool:
        return "allOf" in node or "unevaluatedProperties" in node

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        if "object" not in json_types(node):
            raise ctx.fail(
                [*where, "allOf" if "allOf" in node else "unevaluatedProperties"],
                "allOf is supported on an object only (an extension of a base shape, or rules of the object)",
            )
        refs = base_refs(node)
        if "unevaluatedProperties" in node and not (node["unevaluatedProperties"] is False and refs):
            raise ctx.fail(
                [*where, "unevaluatedProperties"],
                "unevaluatedProperties is supported only as false, closing an extension of a base shape (allOf)",
            )
        if refs and "additionalProperties" in node:
            raise ctx.fail(
                [*where, "additionalProperties"],
                "additionalProperties beside allOf sees only this object's own properties, so false rejects the "
                "base's members; close the extension with 'unevaluatedProperties': false instead",
            )
        if refs and node.get("unevaluatedProperties") is not False:
            raise ctx.fail(where, "an extension (allOf of a base shape) must set 'unevaluatedProperties': false")
        seen: dict[str, str] = {}
        for index, sub in enumerate(node.get("allOf", [])):
            at = [*where, "allOf", index]
            if not (isinstance(sub, Mapping) and "$ref" in sub):
                continue
            ref = str(sub["$ref"])
            ctx.check(sub, at)
            base = ctx.resolve(ref)
            if isinstance(base, Mapping) and base.get("additionalProperties") is False:
                raise ctx.fail(
                    [*at, "$ref"],
                    f"{ref} is closed (additionalProperties: false), so it rejects every member the extension adds; "
                    "leave additionalProperties out of the base and close the extension with unevaluatedProperties",
                )
            if not is_base_shape(base):
                raise ctx.fail([*at, "$ref"], f"{ref} is not a base shape (an object with properties, left open)")
            for name in members_of(base, ctx.resolve):
                if name in seen:
                    raise ctx.fail([*at, "$ref"], f"member {name!r} is declared by two bases ({seen[name]}, {ref})")
                seen[name] = ref
        for name in node.get("properties", {}):
            if name in seen:
                raise ctx.fail(
                    [*where, "properties", name],
                    f"member {name!r} is declared by the base {seen[name]} too: JSON Schema applies both schemas, "
                    "the model would keep one; declare it once",
                )
        members = members_of(node, ctx.resolve)
        for index, sub in enumerate(node.get("allOf", [])):
            if not (isinstance(sub, Mapping) and "$ref" in sub):
                check_object_rule(sub, [*where, "allOf", index], ctx, members, followed(ctx))

    def generator_view(self, node: Node, follow: Callable[[Any], Any]) -> dict[str, Any]:
        refs = base_refs(node)
        return {"allOf": [{"$ref": ref} for ref in refs]} if refs else {}

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        return object_values(node, ctx)


ALL_OF = AllOf()
