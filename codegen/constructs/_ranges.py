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


def _first_multiple(step: int, low: int | None, high: int | None) -> int | None:
    """The smallest multiple of ``step`` in ``[low, high]`` (the largest, when unbounded below)."""
    if low is None:
        if high is None:
            return 0
        return high - high % step
    first = low + (-low) % step
    return first if high is None or first <= high else None


def integers_outside(small: tuple[int | None, int | None, int], big: tuple[int | None, int | None, int]) -> int | None:
    """An integer of ``small`` (``low``, ``high``, ``multipleOf``) that ``big`` rejects, or None when there is none."""
    (low, high, step), (big_low, big_high, big_step) = small, big
    if big_low is not None and (low is None or low < big_low):
        found = _first_multiple(step, low, big_low - 1 if high is None else min(high, big_low - 1))
        if found is not None:
            return found
    if big_high is not None and (high is None or high > big_high):
        start = big_high + 1 if low is None else max(low, big_high + 1)
        found = _first_multiple(step, start, high)
        if found is not None:
            return found
    if step % big_step == 0:
        return None
    # Within both ranges: multiples of ``step`` repeat modulo ``big_step``, so one is found within ``big_step`` tries.
    inner_low = big_low if low is None else (low if big_low is None else max(low, big_low))
    inner_high = big_high if high is None else (high if big_high is None else min(high, big_high))
    current = _first_multiple(step, inner_low, inner_high)
    for _ in range(big_step + 1):
        if current is None or (inner_high is not None and current > inner_high):
            return None
        if current % big_step:
            return current
        current += step
    return None
