"""A JSON string: ``minLength``, ``maxLength`` and a portable ``pattern``; a strict ``str`` in Python.

Pydantic's lax ``str`` would take bytes; ``strict_types`` (see the generator) keeps
it to JSON strings. Lengths count code points in JSON Schema and in pydantic alike.
The pattern must be in the portable subset (``codegen.schema.patterns``), so that
ECMA-262, Rust ``regex`` (pydantic-core) and the schema validator read it the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs._text import code, json_text
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["STRING", "pattern_values"]


def pattern_values(node: Node) -> SearchStrategy[str]:
    """Strings that match ``node``'s pattern as ECMA-262 reads it, within its lengths.

    Hypothesis draws from the pattern as Python's ``re`` reads it, where ``$`` also
    matches before a final newline; the ECMA-262 engine (the contract) filters those
    out. The proof's mutants try such near misses on purpose.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 (the proof only)

    from codegen.schema.patterns import ecma_regex  # noqa: PLC0415

    regex = ecma_regex(node["pattern"])
    low, high = node.get("minLength", 0), node.get("maxLength", float("inf"))

    def fits(text: str) -> bool:
        return low <= len(text) <= high and regex.find(text) is not None

    return st.from_regex(str(node["pattern"])).filter(fits)


class String(Construct):
    name = "string"
    types = frozenset({"string"})
    summary = "JSON strings with minLength, maxLength and a portable pattern; a strict str"
    keywords = frozenset({"minLength", "maxLength", "pattern"})

    def matches(self, node: Node) -> bool:
        return "string" in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.schema.patterns import PatternProblem, check_pattern  # noqa: PLC0415

        if "pattern" in node:
            try:
                check_pattern(node["pattern"])
            except PatternProblem as problem:
                raise ctx.fail([*where, "pattern"], str(problem)) from None

    def constraints(self, node: Node) -> list[str]:
        parts = [f"pattern {code(node['pattern'])}"] if "pattern" in node else []
        for key, word in (("minLength", ">="), ("maxLength", "<=")):
            if key in node:
                parts.append(f"length {word} {code(json_text(node[key]))}")
        return parts

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        if "pattern" in node:
            return pattern_values(node)
        return st.text(min_size=node.get("minLength", 0), max_size=node.get("maxLength", 12))

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = ["", " ", "\n", "a\nb", "\u2028", "\x00", "\U0001f600"]
        for key, step in (("minLength", -1), ("maxLength", 1)):
            if key in node and node[key] + step >= 0:
                misses += ["a" * (node[key] + step), "\U0001f600" * (node[key] + step)]
        return misses


STRING = String()
