"""Comparing two ranges, the shared core of the integer bounds and string lengths breaking rules."""

from __future__ import annotations

from typing import Any

from codegen.constructs.base import CompareContext, Where

__all__ = ["compare_ranges"]


def _end(old: Any, new: Any, *, low: bool) -> tuple[bool, bool]:
    """(narrowed, widened) for one end of a range; None is unbounded."""
    if old == new:
        return False, False
    if old is None or new is None:
        return new is not None, old is not None
    return (new > old, new < old) if low else (new < old, new > old)


def compare_ranges(ctx: CompareContext, old: tuple[Any, Any], new: tuple[Any, Any], where: Where, what: str) -> None:
    """Record ``<what>-narrowed`` (backward) and ``<what>-widened`` (forward) as the inclusive range moves."""
    low_narrow, low_wide = _end(old[0], new[0], low=True)
    high_narrow, high_wide = _end(old[1], new[1], low=False)
    text = f"{what} [{old[0]}, {old[1]}] becomes [{new[0]}, {new[1]}] (None: unbounded)"
    if low_narrow or high_narrow:
        ctx.add(f"{what}-narrowed", where, text, "backward")
    if low_wide or high_wide:
        ctx.add(f"{what}-widened", where, text, "forward")


def integers_within(integers: Any, numbers: Any) -> bool | None:
    """Whether every integer ``integers`` accepts lies in the number range of ``numbers`` (None: not decided)."""
    from codegen.constructs.integer import integer_range  # noqa: PLC0415 (integer imports this module)

    if "multipleOf" in numbers:
        return None
    low, high = integer_range(integers)
    if "minimum" in numbers and (low is None or low < numbers["minimum"]):
        return False
    if "exclusiveMinimum" in numbers and (low is None or low <= numbers["exclusiveMinimum"]):
        return False
    if "maximum" in numbers and (high is None or high > numbers["maximum"]):
        return False
    return not ("exclusiveMaximum" in numbers and (high is None or high >= numbers["exclusiveMaximum"]))
