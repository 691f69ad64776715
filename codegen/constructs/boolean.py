"""A JSON boolean; a strict ``bool`` in Python (lax pydantic would take ``"true"`` and ``1``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.base import Construct, Node, ProofContext
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["BOOLEAN"]


class Boolean(Construct):
    name = "boolean"
    types = frozenset({"boolean"})
    summary = "JSON true and false only; a strict bool"

    def matches(self, node: Node) -> bool:
        return "boolean" in json_types(node)

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        return st.booleans()

    def near_misses(self, node: Node) -> list[Any]:
        return [0, 1, "true", "false", "True"]


BOOLEAN = Boolean()
