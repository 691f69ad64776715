"""A JSON string: ``minLength``, ``maxLength`` and a portable ``pattern``; a strict ``str`` in Python.

Pydantic's lax ``str`` would take bytes; ``strict_types`` (see the generator) keeps
it to JSON strings. Lengths count code points in JSON Schema and in pydantic alike.
The pattern must be in the portable subset (``codegen.schema.patterns``), so that
ECMA-262, Rust ``regex`` (pydantic-core) and the schema validator read it the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._text import code, json_text
from codegen.constructs.base import CheckContext, CompareContext, Construct, Node, ProofContext, Where
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
    rules: ClassVar[dict[str, str]] = {
        "length-narrowed": "a length bound moves so that some string is no longer accepted (the pattern counted)",
        "length-widened": "a length bound moves so that some string becomes accepted (pattern taken into account)",
        "pattern-added": "a pattern is added that some accepted string does not match",
        "pattern-removed": "a pattern is removed, so some string becomes accepted",
        "pattern-changed": "a pattern is replaced by one accepting other strings (decided by automata; "
        "unknown past the size bound, plus any direction a witness shows)",
    }

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

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        # The strings each version accepts, compared as languages (codegen.evolution.regex):
        # a maxLength the pattern implies, or a pattern respelled, changes nothing. An enum
        # (the enum construct) or an asserted format (the format constructs) decides instead.
        from codegen.evolution.regex import includes, language  # noqa: PLC0415
        from codegen.schema.formats import FORMATS  # noqa: PLC0415

        if not (self.matches(old) and self.matches(new)) or "enum" in old or "enum" in new:
            return
        if old.get("format") in FORMATS or new.get("format") in FORMATS:
            return
        before, after = (
            language(node.get("pattern"), node.get("minLength", 0), node.get("maxLength"), None) for node in (old, new)
        )
        if before == after:
            return
        lost, gained = includes(before, after), includes(after, before)
        if lost is None or gained is None:
            self._pattern_changed(str(old.get("pattern")), str(new.get("pattern")), [*where, "pattern"], ctx)
            return
        text = (
            f"strings accepted: pattern {before.pattern!r}, length [{before.low}, {before.high}] become "
            f"{after.pattern!r}, [{after.low}, {after.high}] (None: unbounded)"
        )
        for verdict, direction in ((lost, "backward"), (gained, "forward")):
            if verdict[0]:
                continue
            if before.pattern == after.pattern:
                rule, at = ("length-narrowed" if direction == "backward" else "length-widened"), where
            else:
                rule = "pattern-changed" if before.pattern and after.pattern else "pattern-added"
                rule = "pattern-removed" if after.pattern is None else rule
                at = [*where, "pattern"]
            ctx.add(
                rule,
                at,
                f"{text}: {json_text(verdict[1])} is accepted only by the "
                + ("old" if direction == "backward" else "new")
                + " version",
                direction,
                witness=json_text(verdict[1]),
            )

    def _pattern_changed(self, before: str, after: str, at: Where, ctx: CompareContext) -> None:
        # Past the automata's bound inclusion is not decided: the change fails every
        # mode, and a witness among the examples and defaults shows a direction.
        from codegen.schema.patterns import PatternProblem, ecma_regex  # noqa: PLC0415

        directions, witness = {"unknown"}, None
        for value in ctx.strings():
            try:
                in_old, in_new = ecma_regex(before).find(value) is not None, ecma_regex(after).find(value) is not None
            except PatternProblem:
                break
            if in_old != in_new:
                directions.add("backward" if in_old else "forward")
                witness = witness or json_text(value)
        message = f"pattern {before!r} becomes {after!r}: whether it tightens or loosens is not decided"
        ctx.add("pattern-changed", at, message, *sorted(directions), witness=witness)

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = ["", " ", "\n", "a\nb", "\u2028", "\x00", "\U0001f600"]
        for key, step in (("minLength", -1), ("maxLength", 1)):
            if key in node and node[key] + step >= 0:
                misses += ["a" * (node[key] + step), "\U0001f600" * (node[key] + step)]
        return misses


STRING = String()
