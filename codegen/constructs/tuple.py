"""A fixed-length JSON array of positions: ``prefixItems`` with ``minItems = maxItems``; a ``tuple[A, B]``.

JSON Schema's ``prefixItems`` alone also accepts a shorter array (``[parent]`` for
``[parent, child]``) and, unless ``items`` says otherwise, more items of any kind.
The generator writes a ``tuple[A, B]`` only when ``minItems`` and ``maxItems`` both
equal the number of positions, and pydantic's tuple then accepts exactly that many,
each by its own schema: so a tuple must say both. ``items: false`` may close it too
(it changes nothing then); ``items: <schema>`` for the rest would need a variadic
``tuple[A, *tuple[T, ...]]``, which the generator does not write, so it is refused,
as is a tuple of unequal bounds.

A tuple is immutable and hashable when its positions are. Python callers may pass
any sequence of the right length (a list or a tuple).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs._text import code
from codegen.constructs.array import check_member, member_values
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["TUPLE"]


class Tuple(Construct):
    name = "tuple"
    summary = "prefixItems with minItems = maxItems = its length (items false or absent): a fixed tuple"
    keywords = frozenset({"prefixItems", "items", "minItems", "maxItems"})

    def matches(self, node: Node) -> bool:
        return "array" in json_types(node) and "prefixItems" in node

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        positions = node["prefixItems"]
        if "items" in node and node["items"] is not False:
            raise ctx.fail(
                [*where, "items"],
                "items after a tuple's prefixItems are not supported: the generator writes no variadic "
                "tuple[A, *tuple[T, ...]]; close the tuple with 'items': false",
            )
        length = len(positions)
        if node.get("minItems") != length or node.get("maxItems") != length:
            raise ctx.fail(
                where,
                f"a tuple must set minItems and maxItems to its {length} prefixItems "
                "(JSON Schema also accepts a shorter array, which a Python tuple type cannot hold)",
            )
        for index, sub in enumerate(positions):
            check_member(sub, [*where, "prefixItems", index], ctx, "a tuple position")

    def constraints(self, node: Node) -> list[str]:
        return [f"exactly {code(str(len(node['prefixItems'])))} items, by position"]

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        return st.tuples(*(member_values(sub, ctx) for sub in node["prefixItems"])).map(list)

    def near_misses(self, node: Node) -> list[Any]:
        length = len(node["prefixItems"])
        return [[], [None] * length, [None] * (length + 1), ["a"] * (length - 1), ["a"] * length, "[]", {}]


TUPLE = Tuple()
