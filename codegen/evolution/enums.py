"""Enums compared as the sets of values they accept, against an enum or against any other node.

An enum accepts exactly its values (``codegen.evolution.breaking.normalise`` has
already dropped those its node's other constraints reject, and read ``const`` as a
one-value enum). Against another enum the difference is plain set difference, by
JSON equality. Against a node with no enum, the enum's values are judged by that
node, and the other way round the node must accept nothing beyond the values: for
strings that is a language inclusion (``codegen.evolution.regex``), so a pattern
``^(BUY|SELL)$`` replaced by ``enum: ["BUY", "SELL"]`` changes no payload (the
Python type does, which the generated API reports).
"""

from __future__ import annotations

from typing import Any

from codegen.constructs.base import CompareContext, Node, Where

__all__ = ["compare_enums"]

_SMALL_RANGE = 1_000  # an integer range this small is listed, to see whether an enum holds it all


def _json(value: Any) -> str:
    import json  # noqa: PLC0415

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _beyond_strings(node: Node, strings: list[str]) -> tuple[bool, Any] | None:
    from codegen.evolution.regex import includes, language  # noqa: PLC0415
    from codegen.schema.formats import FORMATS  # noqa: PLC0415

    if node.get("format") in FORMATS:
        return True, None  # a format admits infinitely many strings, an enum finitely many
    mine = language(node.get("pattern"), node.get("minLength", 0), node.get("maxLength"), None)
    verdict = includes(mine, language(None, 0, None, strings))
    return None if verdict is None else (not verdict[0], verdict[1])


def _beyond_integers(node: Node, listed: list[Any]) -> tuple[bool, Any]:
    from codegen.constructs.integer import integer_range  # noqa: PLC0415
    from codegen.evolution.breaking import same_value  # noqa: PLC0415

    low, high = integer_range(node)
    if low is None or high is None or high - low > _SMALL_RANGE or "multipleOf" in node:
        return True, None
    missing = [n for n in range(low, high + 1) if not any(same_value(n, v, decimal=False) for v in listed)]
    return bool(missing), (missing[0] if missing else None)


def _beyond(node: Node, values: list[Any]) -> tuple[bool, Any] | None:
    """Whether ``node`` (no enum) accepts a value outside ``values``, of a type the values have; and one such value."""
    from codegen.evolution.breaking import accepted_types, value_type  # noqa: PLC0415

    accepted = accepted_types(dict(node))
    if "number" in accepted:
        accepted.add("integer")
    found: tuple[bool, Any] | None = (False, None)
    for name in sorted(accepted & {value_type(value) for value in values}):
        if name == "string":
            found = _beyond_strings(node, [value for value in values if isinstance(value, str)])
        elif name == "null":
            found = (None not in values), None
        elif name == "boolean":
            missing = [flag for flag in (True, False) if not any(value is flag for value in values)]
            found = bool(missing), (missing[0] if missing else None)
        elif name == "integer":
            found = _beyond_integers(node, values)
        else:
            found = True, None  # numbers, objects and arrays: more than an enum lists
        if found is None or found[0]:
            return found
    return found


def _accepts(node: Node, value: Any) -> bool | None:
    import referencing.exceptions  # noqa: PLC0415

    from codegen.schema.ecma import ecma_validator  # noqa: PLC0415

    try:
        return bool(ecma_validator(dict(node)).is_valid(value))
    except referencing.exceptions.Unresolvable:
        return None


def compare_enums(old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
    """Record what changes between two nodes of which at least one is an enum."""
    from codegen.evolution.breaking import same_value  # noqa: PLC0415

    at = [*where, "enum"]
    if "enum" in old and "enum" in new:
        before, after = list(old["enum"]), list(new["enum"])
        for value in before:
            if not any(same_value(value, other, decimal=False) for other in after):
                message = f"enum value {_json(value)} is no longer accepted"
                ctx.add("enum-value-removed", at, message, "backward", witness=_json(value))
        for value in after:
            if not any(same_value(value, other, decimal=False) for other in before):
                ctx.add(
                    "enum-value-added",
                    at,
                    f"enum value {_json(value)} becomes accepted",
                    "forward",
                    witness=_json(value),
                )
        return
    added = "enum" in new
    enum_node, other = (new, old) if added else (old, new)
    values = list(enum_node["enum"])
    rule = "enum-added" if added else "enum-removed"
    outside_enum, outside_other = ("backward", "forward") if added else ("forward", "backward")
    rejected = [value for value in values if _accepts(other, value) is False]
    undecided = any(_accepts(other, value) is None for value in values)
    beyond = _beyond(other, values)
    if beyond is None or undecided:
        ctx.add(rule, at, "the values accepted with and without the enum are not compared exactly", "unknown")
        return
    if beyond[0]:
        message = "values outside the enum " + ("are no longer accepted" if added else "become accepted")
        witness = None if beyond[1] is None else _json(beyond[1])
        ctx.add(rule, at, message, outside_enum, witness=witness)
    if rejected:
        message = f"enum value {_json(rejected[0])} " + ("becomes accepted" if added else "is no longer accepted")
        ctx.add(rule, at, message, outside_other, witness=_json(rejected[0]))
