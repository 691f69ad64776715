"""``null``: only as a member of a ``type`` list (``["string", "null"]``): an optional ``X | None``.

``strict_nullable`` (see the generator) keeps a default from making a field
nullable: a field accepts ``null`` only where the schema's type lists it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.base import Construct, Node, ProofContext
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["NULL"]


class Null(Construct):
    name = "null"
    types = frozenset({"null"})
    summary = "null beside one other type in a type list: X | None"

    def matches(self, node: Node) -> bool:
        return json_types(node) == ["null"]

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        return st.none()


NULL = Null()
