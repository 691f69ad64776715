"""A ``$ref`` to a ``$defs`` entry or another schema file of the folder: the referenced class, imported.

Keywords beside ``$ref`` would be applied on top of the target by JSON Schema, but
the generator would drop or mis-merge them, so they are refused: move them into the
target. Where a ``$ref`` may point at all is ``codegen.schema.refs``'s rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.base import CheckContext, CompareContext, Construct, Node, ProofContext, Where

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["REF"]


class Ref(Construct):
    name = "$ref"
    summary = "a reference into $defs or to another schema file of the folder: the class is imported"
    keywords = frozenset({"$ref"})

    def matches(self, node: Node) -> bool:
        return "$ref" in node

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.constructs import ANNOTATIONS  # noqa: PLC0415 (the registry imports this module)

        extra = {key for key in node if not key.startswith("x-")} - ANNOTATIONS - {"$ref"}
        if extra:
            message = "keywords beside $ref are not supported; move them into the referenced schema"
            raise ctx.fail([*where, sorted(extra)[0]], message)

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        """A changed target is ``codegen breaking``'s generic rule: it follows the ``$ref``."""

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        target_ctx, target = ctx.follow(str(node["$ref"]))
        return st.deferred(lambda: target_ctx.values(target))  # deferred: a tree refers to itself


REF = Ref()
