"""An ``enum`` of strings; a ``StrEnum`` in Python whose members equal the schema's values.

Only string values are supported: the generated class is a ``StrEnum``, so a
member compares equal to its JSON text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs._text import code, json_text
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["ENUM"]


class Enum(Construct):
    name = "enum"
    summary = "an enum of strings: a StrEnum whose members equal their JSON values"
    keywords = frozenset({"enum"})

    def matches(self, node: Node) -> bool:
        return "enum" in node

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        if not all(isinstance(value, str) for value in node["enum"]):
            raise ctx.fail([*where, "enum"], "only enums of strings are supported")

    def constraints(self, node: Node) -> list[str]:
        return ["one of " + ", ".join(code(json_text(value)) for value in node["enum"])]

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        return st.sampled_from(list(node["enum"]))

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = []
        for value in node["enum"][:8]:
            misses += [value.lower(), value.upper(), f" {value}", f"{value}\n", value[:-1]]
        return misses


ENUM = Enum()
