"""A JSON array of one item schema: ``items``, ``minItems``, ``maxItems``, ``uniqueItems``; a ``list`` in Python.

The generator types the items itself (a referenced model, an inline object's class,
a constrained string as an ``Annotated`` alias) and writes ``minItems``/``maxItems``
as pydantic's ``min_length``/``max_length``, which count items exactly as JSON Schema
does. What it gets wrong is closed here:

- ``uniqueItems`` it drops (or, with ``use_unique_items_as_set``, makes a ``set``,
  which loses order and judges by Python equality, where ``1 == True``). The field
  is marked ``x-unique-items`` instead and its model derives from
  ``codegen.runtime.UniqueItemsModel``, which compares items by JSON equality
  (``1`` equals ``1.0``, never ``true``). Only arrays of strings, integers and
  booleans may be unique: the check reads the model's values, and a value whose
  JSON text the model does not keep (a date-time's offset spelling, a decimal's
  notation inside a nested object) could compare equal where the texts differ.
- An item whose wire type is named by ``x-python-type`` (an integer's ``JsonInt``)
  loses its own constraints in the generator (``items: {"minimum": 0}`` would become
  a bare ``list[JsonInt]``), so such an item must carry none, or be named in
  ``$defs`` and referenced, where the generator keeps them. A decimal string item is
  refused: ``WireModel`` turns a decimal field's text into a ``Decimal``, but not
  the texts inside an array.

The Python type is a ``list``, the generator's own: a variadic ``tuple[T, ...]``
would need the item type spelled outside the generator, which alone knows the class
names of referenced and inline models. So the model is frozen but its lists are
not: ``hash()`` of a model holding an array raises ``TypeError``, and a caller must
not mutate a list it reads (use ``model_copy(update=...)``). Python callers may pass
any sequence pydantic's list accepts (a list, a tuple, a generator), but not a str.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs._text import code, json_text
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

__all__ = ["ARRAY", "check_member", "is_unique_array", "length_phrases", "member_phrases", "member_values"]

UNIQUE_ITEMS = "x-unique-items"  # the field marker codegen.runtime.UniqueItemsModel reads
_UNIQUE_KINDS = frozenset({"string", "integer", "boolean"})
# Keywords the generator drops on a member (an item, a map value) whose wire type it is told.
_MEMBER_CONSTRAINTS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "minLength",
    "maxLength",
)


def is_unique_array(node: Any) -> bool:
    """Whether ``node`` is an array schema that asks for unique items."""
    return isinstance(node, dict) and "array" in json_types(node) and node.get("uniqueItems") is True


def check_member(sub: Any, where: Where, ctx: CheckContext, what: str) -> None:
    """Check a member schema (an array item, a tuple position, a map value); refuse one the generator would loosen."""
    from codegen.constructs import constructs_of  # noqa: PLC0415 (the registry imports this module)

    if not isinstance(sub, dict):
        raise ctx.fail(where, f"{what} must be a schema object (a boolean schema has no faithful model)")
    if sub.get("format") == "decimal":
        raise ctx.fail(
            where, f"a decimal string as {what} is not supported: the model would hold its text, not a Decimal"
        )
    typed = [construct for construct in constructs_of(sub) if construct.python_type(sub)]
    if "$ref" not in sub and typed:
        # A wire type that carries its own bounds (``enforced``) keeps them; the generator's Field(...) would not.
        enforced = frozenset().union(*(getattr(construct, "enforced", frozenset()) for construct in typed))
        for key in _MEMBER_CONSTRAINTS:
            if key in sub and key not in enforced:
                raise ctx.fail(
                    [*where, key],
                    f"the generator drops {key!r} on {what} with a wire type; "
                    "name the item schema in $defs and $ref it there",
                )
    ctx.check(sub, where)


def member_values(sub: Any, ctx: ProofContext) -> SearchStrategy[Any]:
    return ctx.values(sub)


def member_phrases(sub: Any, prefix: str) -> list[str]:
    """The docs phrases of a member schema's own constraints, each after ``prefix`` ("each item pattern ...")."""
    from codegen.constructs import constructs_of  # noqa: PLC0415 (the registry imports this module)

    if not isinstance(sub, dict):
        return []
    return [f"{prefix} {phrase}" for construct in constructs_of(sub) for phrase in construct.constraints(sub)]


def length_phrases(node: Node, low: str, high: str, unit: str) -> list[str]:
    parts = []
    for key, word in ((low, ">="), (high, "<=")):
        if key in node:
            parts.append(f"{unit} {word} {code(json_text(node[key]))}")
    return parts


class Array(Construct):
    name = "array"
    types = frozenset({"array"})
    summary = "arrays of one item schema with minItems, maxItems and uniqueItems (JSON equality): a list"
    keywords = frozenset({"items", "minItems", "maxItems", "uniqueItems"})

    def matches(self, node: Node) -> bool:
        return "array" in json_types(node) and "prefixItems" not in node

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        if "items" not in node:
            raise ctx.fail(where, "an array needs 'items' (or 'prefixItems'): without it every item would be Any")
        items = node["items"]
        if items is False:
            raise ctx.fail(
                [*where, "items"], "'items': false without 'prefixItems' accepts only []; say so with maxItems 0"
            )
        check_member(items, [*where, "items"], ctx, "an array item")
        if node.get("uniqueItems") is True:
            if len(where) < 2 or where[-2] != "properties":
                raise ctx.fail(
                    [*where, "uniqueItems"],
                    "uniqueItems is supported on an object's property only (its model checks it); "
                    "make this array a property",
                )
            kinds = set(json_types(items)) - {"null"}
            if "$ref" in items or not kinds or not kinds <= _UNIQUE_KINDS or "format" in items:
                raise ctx.fail(
                    [*where, "uniqueItems"],
                    "uniqueItems is supported on arrays of strings, integers or booleans only: the model "
                    "compares its values, whose JSON text can differ from the payload's for other items",
                )

    def generator_view(self, node: Node, follow: Callable[[Any], Any]) -> dict[str, Any]:
        return {UNIQUE_ITEMS: True} if node.get("uniqueItems") is True else {}

    def constraints(self, node: Node) -> list[str]:
        parts = length_phrases(node, "minItems", "maxItems", "items")
        if node.get("uniqueItems") is True:
            parts.append("items unique (JSON equality)")
        return parts + member_phrases(node["items"], "each item")

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        from codegen.runtime.arrays import json_key  # noqa: PLC0415

        low = int(node.get("minItems", 0))
        high = min(int(node.get("maxItems", low + 4)), low + 4)  # a few past the minimum: payloads stay small
        unique = json_key if node.get("uniqueItems") is True else None
        return st.lists(member_values(node["items"], ctx), min_size=low, max_size=max(low, high), unique_by=unique)

    def near_misses(self, node: Node) -> list[Any]:
        # Equal in JSON ([1, 1.0]) and not ([1, true]); one of each kind; mutants add too few and too many.
        misses: list[Any] = [[], [None], [1, 1.0], [1, True], [0, False], ["a", "a"], [[]], [{}], "[]", {}]
        items = node.get("items")
        if isinstance(items, dict) and isinstance(items.get("enum"), list) and items["enum"]:
            first = items["enum"][0]
            misses += [[first], [first, first], [first] * (int(node.get("maxItems", 1)) + 1)]
        return misses


ARRAY = Array()
