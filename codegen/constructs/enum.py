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
        "enum-value-removed": "an enum value is no longer accepted",
        "enum-value-added": "an enum value becomes accepted",
        "enum-added": "a field becomes restricted to an enum that leaves out values it accepted (or adds some)",
        "enum-removed": "a field is no longer restricted to an enum, and accepts values beyond it (or drops some)",
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
        # Compared as sets of accepted values, against the other version's enum, pattern and lengths.
        from codegen.evolution.enums import compare_enums  # noqa: PLC0415

        if "enum" in old or "enum" in new:
            compare_enums(old, new, where, ctx)

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        return st.sampled_from(list(node["enum"]))

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = []
        for value in node["enum"][:8]:
            misses += [value.lower(), value.upper(), f" {value}", f"{value}\n", value[:-1]]
        return misses


ENUM = Enum()
