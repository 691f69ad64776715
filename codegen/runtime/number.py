"""JSON Schema's ``number`` as a wire type: any JSON number, integers kept exact, bounds checked in pydantic-core.

Pydantic's ``float`` turns every JSON integer into a double, so ``9007199254740993``
becomes ``9007199254740992.0`` and a 400-digit integer fails as "not finite", while
JSON Schema (and ``codegen.schema.ecma``) compares that integer exactly. Its lax mode
also takes ``true`` and ``"1.5"``. ``JsonNumber`` is a union of a strict int (a JSON
integer stays an exact ``int``) and a strict, finite float (a JSON number with a
fraction or an exponent is read as the nearest double, as the schema side reads it):
never a boolean, a string, ``NaN`` or an infinity. ``int`` is a ``float`` for typing
(PEP 484's numeric tower), so the field is annotated ``float``.

The schema's bounds travel as markers after it (``Annotated[JsonNumber, Minimum[0],
ExclusiveMaximum[1]]``) that write each bound into both branches of the core schema;
``Field(ge=...)`` would make pydantic check a union in Python, value by value. The int
branch gets the exact integer bound (``maximum: 2.5`` is ``le=2``), the float branch
the nearest double on the right side of the bound, so both branches judge exactly as
the schema does. A JSON integer out of the int branch's bounds also reaches the float
branch (a strict float takes integers); it cannot pass there, because the number
construct refuses bounds of magnitude ``2**53`` or more, where a double can no longer
tell neighbouring integers apart.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["ExclusiveMaximum", "ExclusiveMinimum", "JsonNumber", "Maximum", "Minimum"]


def _number_schema() -> core_schema.CoreSchema:
    return core_schema.union_schema(
        [core_schema.int_schema(strict=True), core_schema.float_schema(strict=True, allow_inf_nan=False)],
        # A JSON integer matches the int branch exactly, so it stays an int.
        mode="smart",
    )


class _JsonNumber:
    """Marks a float field that reads JSON numbers as JSON Schema's ``number`` does (see the module docstring)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _number_schema()

    def __repr__(self) -> str:
        return "JsonNumber"


JsonNumber = Annotated[float, _JsonNumber()]
"""A JSON number: an exact int for a JSON integer, a finite float otherwise; never a bool or a string."""


def _double_at_least(bound: float) -> float:
    """The smallest double >= ``bound`` (``bound`` may be an int no double holds)."""
    try:
        near = float(bound)
    except OverflowError:
        return math.inf
    return near if near >= bound else math.nextafter(near, math.inf)


def _double_at_most(bound: float) -> float:
    """The largest double <= ``bound``."""
    try:
        near = float(bound)
    except OverflowError:
        return -math.inf
    return near if near <= bound else math.nextafter(near, -math.inf)


class _Bound:
    """One JSON Schema bound, written into both branches of a ``JsonNumber`` core schema."""

    def __init__(self, keyword: str, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise TypeError(f"{keyword} takes a finite number, not {value!r}")
        self.keyword = keyword
        self.value = value

    def _limits(self) -> tuple[tuple[str, int], tuple[str, float]]:
        """The int branch's (key, exact integer bound) and the float branch's (key, double bound)."""
        value = self.value
        exact = float(value) == value  # the bound is a double itself: compare with it directly
        if self.keyword == "minimum":
            return ("ge", math.ceil(value)), ("ge", value if exact else _double_at_least(value))
        if self.keyword == "exclusiveMinimum":
            whole = ("gt", value) if isinstance(value, int) else ("ge", math.floor(value) + 1)
            return whole, ("gt", value) if exact else ("ge", _double_at_least(value))
        if self.keyword == "maximum":
            return ("le", math.floor(value)), ("le", value if exact else _double_at_most(value))
        whole = ("lt", value) if isinstance(value, int) else ("le", math.ceil(value) - 1)
        return whole, ("lt", value) if exact else ("le", _double_at_most(value))

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema = handler(source)
        if schema["type"] != "union":
            raise TypeError(f"{self.keyword} applies to a JsonNumber, not to a {schema['type']} schema")
        branches: list[Any] = [dict(choice) for choice in schema["choices"]]
        for branch, (key, bound) in zip(branches, self._limits(), strict=True):
            branch[key] = bound if key not in branch else _tighter(key, branch[key], bound)
        return core_schema.union_schema(branches, mode="smart")

    def __repr__(self) -> str:
        return f"{self.keyword}[{self.value!r}]"


def _tighter(key: str, old: float, new: float) -> float:
    return max(old, new) if key in ("ge", "gt") else min(old, new)


class _BoundKeyword:
    """``Minimum[0]``: the bound of one JSON Schema keyword, as ``Annotated`` metadata."""

    def __init__(self, keyword: str) -> None:
        self.keyword = keyword

    def __getitem__(self, value: float) -> _Bound:
        return _Bound(self.keyword, value)


Minimum = _BoundKeyword("minimum")
ExclusiveMinimum = _BoundKeyword("exclusiveMinimum")
Maximum = _BoundKeyword("maximum")
ExclusiveMaximum = _BoundKeyword("exclusiveMaximum")
