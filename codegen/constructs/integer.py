"""A JSON integer with bounds; an ``int`` in Python (``codegen.runtime.JsonInt``).

JSON Schema's ``integer`` is any number with no fraction: ``1.0`` is one, ``"1"`` and
``true`` are not. Pydantic's strict int rejects ``1.0`` and its lax int accepts
``"1"``, so the wire type accepts numbers only and turns an integral float into an int.
The bounds (as the exact integers they allow: ``minimum: 1.5`` is ``AtLeast[2]``) and
the step travel as markers after the type into its pydantic-core schema, so the
generator's view leaves them out (``enforced``); ``Field(ge=...)`` would be checked in
Python.

``multipleOf`` is exact here when it is an integer: the value is an exact ``int``
by then and ``value % step`` is exact, as JSON Schema's check is. A fractional or
float-typed step (``0.5``, ``5.0``) is refused: validators judge it with float
division, which is not exact for large integers.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._ranges import integers_outside
from codegen.constructs._text import code, json_text
from codegen.constructs.base import RUNTIME, CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["BOUNDS", "INTEGER", "bound_phrases", "integer_range"]

BOUNDS = (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<"))


def integer_range(node: Node) -> tuple[int | None, int | None]:
    """The inclusive integer range a node allows (None: unbounded at that end)."""
    lows = [math.ceil(node["minimum"])] if "minimum" in node else []
    lows += [math.floor(node["exclusiveMinimum"]) + 1] if "exclusiveMinimum" in node else []
    highs = [math.floor(node["maximum"])] if "maximum" in node else []
    highs += [math.ceil(node["exclusiveMaximum"]) - 1] if "exclusiveMaximum" in node else []
    return (max(lows) if lows else None), (min(highs) if highs else None)


def bound_phrases(node: Node) -> list[str]:
    return [f"{word} {code(json_text(node[key]))}" for key, word in BOUNDS if key in node]


class Integer(Construct):
    name = "integer"
    types = frozenset({"integer"})
    summary = (
        "JSON integers (1.0 included, never strings or booleans) with inclusive and exclusive bounds "
        "and an integer multipleOf"
    )
    keywords = frozenset(key for key, _ in BOUNDS) | {"multipleOf"}
    rules: ClassVar[dict[str, str]] = {
        "range-narrowed": "some integer is no longer accepted (bounds, exclusive or not, and multipleOf together)",
        "range-widened": "some integer becomes accepted (bounds and multipleOf together)",
    }

    def matches(self, node: Node) -> bool:
        return "integer" in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        step = node.get("multipleOf", 1)
        if isinstance(step, bool) or not isinstance(step, int):
            raise ctx.fail(
                [*where, "multipleOf"],
                f"multipleOf {step!r} on an integer must be a JSON integer (write 5, not 5.0 or 0.5): "
                "validators judge any other step with float division, which is not exact",
            )

    enforced = keywords  # the wire type's last pydantic-core step checks them (see codegen.runtime.integers)

    def python_type(self, node: Node) -> str:
        low, high = integer_range(node)
        markers = [f"{RUNTIME}.AtLeast[{low}]"] if low is not None else []
        markers += [f"{RUNTIME}.AtMost[{high}]"] if high is not None else []
        step = node.get("multipleOf", 1)
        markers += [f"{RUNTIME}.MultipleOf[{step}]"] if step != 1 else []
        if not markers:
            return f"{RUNTIME}.JsonInt"
        return f"typing.Annotated[{RUNTIME}.JsonInt, {', '.join(markers)}]"

    def constraints(self, node: Node) -> list[str]:
        steps = [f"multiple of {code(json_text(node['multipleOf']))}"] if "multipleOf" in node else []
        return bound_phrases(node) + steps

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        # The integers each version accepts (bounds and multipleOf together), compared as sets.
        if not (self.matches(old) and self.matches(new)):
            return
        sets = []
        for node in (old, new):
            step = node.get("multipleOf", 1)
            if isinstance(step, bool) or not isinstance(step, int) or step < 1:
                ctx.add(
                    "unclassified", [*where, "multipleOf"], "a multipleOf that is not a positive integer", "unknown"
                )
                return
            sets.append((*integer_range(node), step))
        text = (
            f"integers [{sets[0][0]}, {sets[0][1]}] (multiples of {sets[0][2]}) become "
            f"[{sets[1][0]}, {sets[1][1]}] (multiples of {sets[1][2]}) (None: unbounded)"
        )
        lost, gained = integers_outside(sets[0], sets[1]), integers_outside(sets[1], sets[0])
        if lost is not None:
            ctx.add("range-narrowed", where, f"{text}: {lost} is refused", "backward", witness=json_text(lost))
        if gained is not None:
            ctx.add("range-widened", where, f"{text}: {gained} is accepted", "forward", witness=json_text(gained))

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        low, high = integer_range(node)
        step = node.get("multipleOf", 1)
        if step == 1:
            integers = st.integers(min_value=low, max_value=high)
        else:
            first = None if low is None else -(-low // step)
            last = None if high is None else high // step
            integers = st.integers(min_value=first, max_value=last).map(lambda n: n * step)
        # An integral float is an integer to JSON Schema: 3.0 must be accepted too.
        return st.one_of(integers, integers.filter(lambda n: abs(n) < 2**53).map(float))

    def near_misses(self, node: Node) -> list[Any]:
        low, high = integer_range(node)
        misses: list[Any] = [0, -1, 1.5, "1", True, 2**64, -(2**64), 1e300]
        for edge in (low, high):
            if edge is not None:
                misses += [edge - 1, edge, edge + 1, float(edge), edge + 0.5]
        if "multipleOf" in node:
            step = node["multipleOf"]
            misses += [step, step + 1, step * 3, step * 3 + 1, -step, float(step * 7), step * 2**60, step * 2**60 + 1]
        return misses


INTEGER = Integer()
