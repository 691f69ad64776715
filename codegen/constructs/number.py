"""A JSON number with bounds; a ``float`` in Python (``codegen.runtime.JsonNumber``), JSON integers kept exact.

JSON Schema's ``number`` is every JSON number, integers included, never ``true`` or
``"1.5"``. Pydantic's ``float`` rounds large integers and its lax mode takes booleans
and strings; the wire type (see ``codegen.runtime.number``) keeps a JSON integer an
exact ``int`` and reads any other number as the nearest double, which is also how the
schema side (``json.loads``, ``codegen validate``'s orjson) reads it. So:

- ``0.1000000000000000000001`` means the double nearest to it (``0.1``), on both sides.
- ``1e400`` (beyond a double's range) is not I-JSON (RFC 7493 section 2.2): rejected
  by the schema side and the model alike; an integer literal of any size stays exact.
- ``NaN`` and ``Infinity`` are not JSON: never accepted.

The bounds go into the core schema (``Minimum[0]`` and so on after the type), so the
generator's view leaves them out (``enforced``). A bound must be below ``2**53`` in
magnitude, where a double still tells every two integers apart (see the runtime
module). ``multipleOf`` is not this construct's (see ``REFUSED``): a fractional one
(``0.01``) is judged with float division that validators round differently
(``0.07 / 0.01`` is ``7.000000000000001``), and an integer one admits only integers,
which ``"type": "integer"`` says exactly.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._ranges import compare_ranges
from codegen.constructs.base import RUNTIME, CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.constructs.integer import BOUNDS, bound_phrases, integer_range
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["NUMBER"]

_EXACT = 2**53  # beyond it a double cannot hold every integer
_MARKERS = {
    "minimum": "Minimum",
    "exclusiveMinimum": "ExclusiveMinimum",
    "maximum": "Maximum",
    "exclusiveMaximum": "ExclusiveMaximum",
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _double_range(node: Node) -> tuple[float | None, float | None]:
    """The smallest and largest double a node accepts (None: unbounded); every bound is a double (see check)."""
    lows = [float(node["minimum"])] if "minimum" in node else []
    lows += [math.nextafter(float(node["exclusiveMinimum"]), math.inf)] if "exclusiveMinimum" in node else []
    highs = [float(node["maximum"])] if "maximum" in node else []
    highs += [math.nextafter(float(node["exclusiveMaximum"]), -math.inf)] if "exclusiveMaximum" in node else []
    return (max(lows) if lows else None), (min(highs) if highs else None)


class Number(Construct):
    name = "number"
    types = frozenset({"number"})
    summary = (
        "JSON numbers (integers included, never booleans or strings) with inclusive and exclusive bounds: "
        "a float, JSON integers kept exact"
    )
    keywords = frozenset(key for key, _ in BOUNDS)
    enforced = frozenset(key for key, _ in BOUNDS)
    rules: ClassVar[dict[str, str]] = {
        "range-narrowed": "a number range narrows (minimum/maximum, exclusive or not)",
        "range-widened": "a number range widens",
    }

    def matches(self, node: Node) -> bool:
        return "number" in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        for key, _ in BOUNDS:
            if key not in node:
                continue
            bound = node[key]
            if not _is_number(bound) or not math.isfinite(bound):
                raise ctx.fail([*where, key], f"{key} must be a finite number")
            if abs(bound) >= _EXACT:
                raise ctx.fail(
                    [*where, key],
                    f"a number bound must be below 2**53 in magnitude (a double cannot tell the integers "
                    f"near {bound!r} apart); use 'type': 'integer' for such values",
                )

    def python_type(self, node: Node) -> str:
        markers = [f"{RUNTIME}.{_MARKERS[key]}[{node[key]!r}]" for key, _ in BOUNDS if key in node]
        if not markers:
            return f"{RUNTIME}.JsonNumber"
        return f"typing.Annotated[{RUNTIME}.JsonNumber, {', '.join(markers)}]"

    def constraints(self, node: Node) -> list[str]:
        return bound_phrases(node)

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        if self.matches(old) and self.matches(new):
            compare_ranges(ctx, _double_range(old), _double_range(new), where, "range")
        elif self.matches(old) or self.matches(new):
            super().compare(old, new, where, ctx)

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        low = max((node[key] for key in ("minimum", "exclusiveMinimum") if key in node), default=None)
        high = min((node[key] for key in ("maximum", "exclusiveMaximum") if key in node), default=None)
        doubles = st.floats(
            min_value=low,
            max_value=high,
            exclude_min="exclusiveMinimum" in node and low == node["exclusiveMinimum"],
            exclude_max="exclusiveMaximum" in node and high == node["exclusiveMaximum"],
            allow_nan=False,
            allow_infinity=False,
        )
        whole_low, whole_high = integer_range(node)
        if whole_low is not None and whole_high is not None and whole_low > whole_high:
            return doubles
        # Integers are numbers too, and of any size when nothing bounds them.
        return st.one_of(doubles, st.integers(min_value=whole_low, max_value=whole_high))

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = [0, -0.0, 1.5, -1, "1", "1.5", True, False, 2**53 + 1, 1e308, -1e308, 5e-324]
        for key, _ in BOUNDS:
            if key in node:
                edge = node[key]
                misses += [edge, float(edge), math.nextafter(float(edge), math.inf)]
                misses += [math.nextafter(float(edge), -math.inf), edge + 1, edge - 1]
                if isinstance(edge, int):
                    misses += [edge + 0.5, edge - 0.5]
        return misses


NUMBER = Number()
