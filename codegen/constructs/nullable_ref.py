"""A nullable reference, ``anyOf: [{"$ref": ...}, {"type": "null"}]``: the referenced class, or ``None``.

``$ref`` cannot sit beside ``type`` (keywords beside a ``$ref`` are refused), so
JSON Schema spells "this object, or null" as an ``anyOf`` of the reference and
``null``. The generator turns exactly this shape into ``X | None``, and the two
branches can never both match (a model is never ``null``), so pydantic's union
judges it as ``anyOf`` does. Every other ``anyOf`` is a real union, whose branches
pydantic picks from rather than checks: on an object it is a rule
(``codegen.constructs.any_of``), on a member a union of references
(``codegen.constructs.union``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["NULLABLE_REF", "nullable_target"]

_UNIONS = 'a nullable reference is anyOf: [{"$ref": ...}, {"type": "null"}]'


def nullable_target(node: Node) -> Node | None:
    """The ``{"$ref": ...}`` branch of a nullable reference, or None when ``node`` is none."""
    branches = node.get("anyOf")
    if not (isinstance(branches, list) and len(branches) == 2):
        return None
    refs = [branch for branch in branches if isinstance(branch, dict) and set(branch) == {"$ref"}]
    nulls = [branch for branch in branches if branch == {"type": "null"}]
    return refs[0] if len(refs) == 1 and len(nulls) == 1 else None


class NullableRef(Construct):
    name = "nullable-ref"
    summary = 'anyOf: [{"$ref": ...}, {"type": "null"}] only: the referenced class | None'
    keywords = frozenset({"anyOf"})

    def matches(self, node: Node) -> bool:
        # Exactly this shape; any other anyOf is a union or a rule (their constructs).
        return "anyOf" in node and nullable_target(node) is not None and "object" not in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.constructs import ANNOTATIONS  # noqa: PLC0415 (the registry imports this module)

        target = nullable_target(node)
        if target is None:
            raise ctx.fail([*where, "anyOf"], _UNIONS)
        extra = sorted(key for key in node if key not in ANNOTATIONS and key != "anyOf" and not key.startswith("x-"))
        if extra:
            raise ctx.fail(
                [*where, extra[0]],
                f"keyword {extra[0]!r} beside a nullable reference is not supported; move it into its target",
            )
        ctx.check(target, [*where, "anyOf", node["anyOf"].index(target)])

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        target = nullable_target(node)
        if target is None:  # support refused it; a bug if it happens here
            raise AssertionError(node)
        return st.one_of(st.none(), ctx.values(target))


NULLABLE_REF = NullableRef()
