"""A JSON integer with bounds; an ``int`` in Python (``codegen.runtime.JsonInt``).

JSON Schema's ``integer`` is any number with no fraction: ``1.0`` is one, ``"1"`` and
``true`` are not. Pydantic's strict int rejects ``1.0`` and its lax int accepts
``"1"``, so the wire type accepts numbers only and turns an integral float into an int.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs._text import code, json_text
from codegen.constructs.base import RUNTIME, Construct, Node, ProofContext
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["BOUNDS", "INTEGER", "bound_phrases"]

BOUNDS = (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<"))


def bound_phrases(node: Node) -> list[str]:
    return [f"{word} {code(json_text(node[key]))}" for key, word in BOUNDS if key in node]


class Integer(Construct):
    name = "integer"
    types = frozenset({"integer"})
    summary = "JSON integers (1.0 included, never strings or booleans) with inclusive and exclusive bounds"
    keywords = frozenset(key for key, _ in BOUNDS)

    def matches(self, node: Node) -> bool:
        return "integer" in json_types(node)

    def python_type(self, node: Node) -> str:
        return f"{RUNTIME}.JsonInt"

    def constraints(self, node: Node) -> list[str]:
        return bound_phrases(node)

    def _range(self, node: Node) -> tuple[int | None, int | None]:
        import math  # noqa: PLC0415

        low = math.ceil(node["minimum"]) if "minimum" in node else None
        if "exclusiveMinimum" in node:
            low = max(low if low is not None else -(2**63), math.floor(node["exclusiveMinimum"]) + 1)
        high = math.floor(node["maximum"]) if "maximum" in node else None
        if "exclusiveMaximum" in node:
            high = min(high if high is not None else 2**63, math.ceil(node["exclusiveMaximum"]) - 1)
        return low, high

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        low, high = self._range(node)
        integers = st.integers(min_value=low, max_value=high)
        # An integral float is an integer to JSON Schema: 3.0 must be accepted too.
        return st.one_of(integers, integers.filter(lambda n: abs(n) < 2**53).map(float))

    def near_misses(self, node: Node) -> list[Any]:
        low, high = self._range(node)
        misses: list[Any] = [0, -1, 1.5, "1", True, 2**64, -(2**64), 1e300]
        for edge in (low, high):
            if edge is not None:
                misses += [edge - 1, edge, edge + 1, float(edge), edge + 0.5]
        return misses


INTEGER = Integer()
