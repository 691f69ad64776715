"""A decimal carried as a JSON string (``"format": "decimal"`` with a ``pattern``); a ``Decimal`` in Python.

JSON numbers lose precision in most readers, so decimals travel as text. The
schema's ``pattern`` pins the notation (and so the range); the wire type
``codegen.runtime.DecimalString`` checks the text against it and then holds the
value as a ``Decimal``, written back in plain notation (``format(d, "f")``). The
pattern and lengths travel as markers after the type (``Annotated[DecimalString,
Pattern[Literal["^...$"]]]``) into the wire type's pydantic-core text step, so the
generator's view leaves them out (``enforced``): ``Field(pattern=...)`` on a Decimal
would be a Python wrapper around every validation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.base import RUNTIME, CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.constructs.string import STRING, pattern_values
from codegen.schema.loading import json_types
from codegen.textsafe import shorten_repr

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["DECIMAL", "PLAIN_NOTATION"]

PLAIN_NOTATION = r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$"
"""The texts a Decimal holds and writes back unchanged (``format(Decimal(text), "f") == text``)."""


class DecimalString(Construct):
    name = "decimal-string"
    summary = "format 'decimal' on a string with a pattern: a Decimal in Python, plain notation on the wire"
    keywords = frozenset({"format"}) | STRING.keywords
    label = "decimal string"

    def matches(self, node: Node) -> bool:
        return node.get("format") == "decimal" and "string" in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        STRING.check(node, where, ctx)
        if "pattern" not in node:
            raise ctx.fail(where, "a decimal string needs a 'pattern' that admits only plain decimal notation")
        # Every text the schema accepts must be one the model can hold and write back as it
        # came: a Decimal reads "12abc" not at all and writes "007" as "7". Plain notation
        # without leading zeros is exactly what format(d, "f") gives back, so the
        # pattern's language (with the lengths) must lie inside it, proven by automata.
        from codegen.evolution.regex import includes, language  # noqa: PLC0415

        found = includes(
            language(node["pattern"], node.get("minLength", 0), node.get("maxLength"), None),
            language(PLAIN_NOTATION, 0, None, None),
        )
        if found is None:
            raise ctx.fail(
                [*where, "pattern"],
                "cannot prove this pattern admits only plain decimal notation (too large to decide); simplify it",
            )
        if not found[0]:
            raise ctx.fail(
                [*where, "pattern"],
                f"the pattern admits {shorten_repr(found[1])}, which a Decimal does not hold and write back as it "
                f"is; admit plain notation only ({PLAIN_NOTATION}), and anchor both ends",
            )

    enforced = STRING.keywords  # the wire type's text step checks them, in pydantic-core

    def python_type(self, node: Node) -> str:
        # The generator writes a string inside a type only as a Literal's member.
        markers = [
            f"{RUNTIME}.{marker}[typing.Literal[{node[key]!r}]]"
            if key == "pattern"
            else f"{RUNTIME}.{marker}[{node[key]!r}]"
            for key, marker in (("pattern", "Pattern"), ("minLength", "MinLength"), ("maxLength", "MaxLength"))
            if key in node
        ]
        if not markers:
            return f"{RUNTIME}.DecimalString"
        return f"typing.Annotated[{RUNTIME}.DecimalString, {', '.join(markers)}]"

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        """Nothing of its own on the wire: ``format: decimal`` is an annotation to the validators.

        Pattern and lengths are the string construct's rules; whether the Python type moves
        between ``str`` and ``Decimal`` is read from the generated API.
        """

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        return pattern_values(node)

    def near_misses(self, node: Node) -> list[Any]:
        return ["0", "1", "-0", "0.5", ".5", "1.", "1e0", "1E-7", "0.10", "00.5", "+1", "1.0001", 0.5, 1]


DECIMAL = DecimalString()
