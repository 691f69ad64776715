"""``const``, and an ``enum`` that is not all strings: a ``Literal`` judged by JSON equality.

JSON Schema compares these values as JSON: ``1`` and ``1.0`` are equal, ``1`` and
``true`` are not. The generator writes ``const`` as a bare ``Literal[...]`` and a
non-string enum as an ``Enum``, and pydantic compares both with Python's ``==``, so
``true`` passes for ``1`` and ``1`` for ``true``. The wire type
``Annotated[Literal[...], codegen.runtime.JSON_EQUAL]`` (``codegen.runtime.values``)
checks the kind first, then the value, in pydantic-core; the generator's view keeps
neither ``const`` nor ``enum`` (``enforced``), so the generator types the field with
the wire type alone. Enums of strings stay the ``enum`` construct's ``StrEnum``.

Decided edges:

- Values are JSON scalars. An object or array value is refused: its model would be a
  ``dict``/``list`` typed ``Any``.
- A fractional value (``1.5``) is refused: ``Literal[1.5]`` is no valid type (PEP 586),
  and such a value is better a decimal string. An integral float (``2.0``) is the
  integer ``2``, its JSON equal, and the model holds ``2``.
- ``type`` beside the values must admit every value and, when it lists ``null``,
  ``null`` must be a value (else the model would accept ``null``); other keywords
  beside them are refused, since only the values are checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._text import code, json_text
from codegen.constructs.base import RUNTIME, CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.constructs.enum import ENUM
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["VALUES", "values_of"]


def values_of(node: Node) -> list[Any]:
    """The JSON values ``node`` admits: its ``const``, or its ``enum``."""
    return [node["const"]] if "const" in node else list(node["enum"])


def _json_type_names(value: Any) -> set[str]:
    """The JSON Schema type names ``value`` is an instance of."""
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"integer", "number"} if value.is_integer() else {"number"}
    if isinstance(value, str):
        return {"string"}
    return {"object"} if isinstance(value, dict) else {"array"}


def _python_value(value: Any) -> Any:
    """The value as the ``Literal`` holds it: an integral float is its JSON equal, the int."""
    return int(value) if isinstance(value, float) else value


class Values(Construct):
    name = "const-and-value-enum"
    summary = (
        "const (any JSON scalar) and enums that are not all strings: Literal[...] compared by JSON equality "
        "(1.0 equals 1, true never does)"
    )
    keywords = frozenset({"const", "enum"})
    enforced = frozenset({"const", "enum"})
    rules: ClassVar[dict[str, str]] = ENUM.rules

    def matches(self, node: Node) -> bool:
        if "const" in node:
            return True
        values = node.get("enum")
        return isinstance(values, list) and bool(values) and not all(isinstance(value, str) for value in values)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.constructs import ANNOTATIONS  # noqa: PLC0415 (the registry imports this module)

        keyword = "const" if "const" in node else "enum"
        if "const" in node and "enum" in node:
            raise ctx.fail([*where, "enum"], "'enum' beside 'const' is not supported: keep the one that says it")
        values = values_of(node)
        for index, value in enumerate(values):
            at = [*where, keyword] if keyword == "const" else [*where, keyword, index]
            if isinstance(value, (dict, list)):
                raise ctx.fail(
                    at, "an object or array value is not supported: its model would be a dict or list typed Any"
                )
            if isinstance(value, float) and not value.is_integer():
                raise ctx.fail(
                    at,
                    f"a fractional value ({value!r}) is not supported: Literal takes no floats (PEP 586); "
                    "carry it as a decimal string",
                )
        types = json_types(node)
        for index, value in enumerate(values):
            if types and not _json_type_names(value) & set(types):
                at = [*where, keyword] if keyword == "const" else [*where, keyword, index]
                raise ctx.fail(
                    at,
                    f"value {json_text(value)} is not of the type {types!r}, so the schema never accepts it; "
                    "drop it or fix 'type'",
                )
        if "null" in types and None not in values:
            raise ctx.fail(
                [*where, "type"],
                f"'type' lists null but the {keyword} does not: the schema rejects null; drop null from 'type'",
            )
        for key in sorted(node):
            if key not in ANNOTATIONS and key not in self.keywords and key != "type" and not key.startswith("x-"):
                raise ctx.fail(
                    [*where, key],
                    f"keyword {key!r} beside {keyword!r} is not enforced (only the values are checked); "
                    "drop it and list only the values it admits",
                )

    def python_type(self, node: Node) -> str:
        values: list[Any] = []
        for value in map(_python_value, values_of(node)):
            # The generator adds "| None" itself where 'type' lists null.
            if value is None and "null" in json_types(node):
                continue
            if not any(type(value) is type(seen) and value == seen for seen in values):
                values.append(value)
        # JSON's spelling of a string is a Python string literal with the same value.
        literal = ", ".join(json_text(value) if isinstance(value, str) else repr(value) for value in values)
        return f"typing.Annotated[typing.Literal[{literal}], {RUNTIME}.JSON_EQUAL]"

    def constraints(self, node: Node) -> list[str]:
        if "const" in node:
            return [f"always {code(json_text(node['const']))}"]
        return ["one of " + ", ".join(code(json_text(value)) for value in node["enum"])]

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        if "enum" in old or "enum" in new:
            ENUM.compare(old, new, where, ctx)
        if json_text(old.get("const")) != json_text(new.get("const")):
            ctx.add(
                "unclassified", [*where, "const"], "keyword 'const' changed; its effect is not classified", "unknown"
            )

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        admitted = values_of(node)
        # 1 and 1.0 are the same JSON value: the model must take both spellings.
        spellings = [float(value) for value in admitted if type(value) is int and abs(value) < 2**53]
        return st.sampled_from(admitted + spellings)

    def near_misses(self, node: Node) -> list[Any]:
        misses: list[Any] = [True, False, 1, 0, None, "", 1.0]
        for value in values_of(node)[:8]:
            if isinstance(value, bool):
                misses += [int(value), str(value).lower(), not value]
            elif isinstance(value, (int, float)):
                misses += [value + 1, value - 1, value + 0.5, str(value), float(value), bool(value), -value]
            elif isinstance(value, str):
                misses += [value.upper(), f" {value}", value[:-1], f"{value}\n"]
        return misses


VALUES = Values()
