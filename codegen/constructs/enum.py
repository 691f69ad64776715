"""An ``enum`` of strings; a ``StrEnum`` in Python whose members equal the schema's values.

Only string values are this construct: the generated class is a ``StrEnum``, so a
member compares equal to its JSON text. Any other enum is ``codegen.constructs.values``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._text import code, json_text
from codegen.constructs.base import CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["ENUM"]

# The generated enum checks membership only: these would be dropped beside an enum.
_NOT_ENFORCED = ("minLength", "maxLength", "pattern", "format")


class Enum(Construct):
    name = "enum"
    summary = "an enum of strings: a StrEnum whose members equal their JSON values"
    keywords = frozenset({"enum"})
    rules: ClassVar[dict[str, str]] = {
        "enum-value-removed": "an enum value disappears",
        "enum-value-added": "an enum value is added",
        "enum-added": "a field becomes restricted to an enum",
        "enum-removed": "a field is no longer restricted to an enum",
    }

    def matches(self, node: Node) -> bool:
        # Any other enum (and const) is codegen.constructs.values, compared by JSON equality.
        values = node.get("enum")
        return isinstance(values, list) and "const" not in node and all(isinstance(value, str) for value in values)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        values = node["enum"]
        if not values:
            raise ctx.fail(
                [*where, "enum"],
                "an empty enum accepts no value (the generator would type it Any, accepting every value)",
            )
        types = json_types(node)
        if types and types != ["string"]:
            # ["string", "null"] would make the field nullable although null is not
            # listed; "integer" or "null" alone would accept values the enum lists none of.
            raise ctx.fail(
                [*where, "type"],
                "beside an enum of strings 'type' must be 'string': the schema accepts only the values",
            )
        for key in _NOT_ENFORCED:
            if key in node:
                raise ctx.fail(
                    [*where, key],
                    f"keyword {key!r} beside 'enum' is not enforced by the generated enum; "
                    "drop it and list only the values it admits",
                )

    def constraints(self, node: Node) -> list[str]:
        return ["one of " + ", ".join(code(json_text(value)) for value in node["enum"])]

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        at = [*where, "enum"]
        if "enum" not in old:
            ctx.add(
                "enum-added", at, "values are now restricted to an enum (a new Python enum type)", "backward", "python"
            )
            return
        if "enum" not in new:
            ctx.add(
                "enum-removed",
                at,
                "values are no longer restricted to an enum (Python type changes)",
                "forward",
                "python",
            )
            return
        before, after = [json_text(v) for v in old["enum"]], [json_text(v) for v in new["enum"]]
        for value in before:
            if value not in after:
                ctx.add(
                    "enum-value-removed",
                    at,
                    f"enum value {value} is removed (and its Python member)",
                    "backward",
                    "python",
                )
        for value in after:
            if value not in before:
                ctx.add("enum-value-added", at, f"enum value {value} is added", "forward")

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        return st.sampled_from(list(node["enum"]))

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = []
        for value in node["enum"][:8]:
            misses += [value.lower(), value.upper(), f" {value}", f"{value}\n", value[:-1]]
        return misses


ENUM = Enum()
