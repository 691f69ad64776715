"""A JSON object used as a map: ``additionalProperties: <schema>``, ``propertyNames``; a ``dict[str, T]``.

An object with no ``properties`` whose every member follows one schema is a map,
not a record: the generator writes ``dict[K, T]``, ``propertyNames`` becomes the key
type (a strict ``str`` with its ``pattern`` and lengths, judged by pydantic-core's
Rust regex as the model's strings are) and ``minProperties``/``maxProperties`` become
the dict's ``min_length``/``max_length``, which count members exactly as JSON Schema
does. A key given twice keeps its last value on both sides.

Refused: ``properties`` beside a schema-valued ``additionalProperties`` (refused by
the object construct: pydantic's typed extras would need their own proof, since extra
keys, aliases and field names share one namespace), a ``propertyNames`` that is not a string schema of ``pattern``,
``minLength`` and ``maxLength``, and a map at a file's root (the root becomes a model).
A value schema is checked like an array item (``codegen.constructs.array.check_member``).

The frozen model's dict is a plain ``dict``: it is not copied into a read-only
mapping, so ``hash()`` of a model holding one raises ``TypeError`` and callers must
not mutate it (``model_copy(update=...)`` makes a changed copy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.array import check_member, length_phrases, member_phrases, member_values
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.constructs.string import STRING
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["MAP", "is_free", "is_map"]

_NAME_KEYWORDS = frozenset({"type", "pattern", "minLength", "maxLength", "description", "$comment"})


def is_free(additional: Any) -> bool:
    """Whether ``additionalProperties`` admits any JSON value (``true`` or ``{}``)."""
    return additional is True or (isinstance(additional, dict) and not additional)


def is_map(node: Node) -> bool:
    """An object of one value schema and no declared members (with ``properties`` it is a record: see object)."""
    additional = node.get("additionalProperties")
    return (
        "object" in json_types(node)
        and isinstance(additional, dict)
        and not is_free(additional)
        and "properties" not in node
        and "required" not in node
    )


class Map(Construct):
    name = "map"
    summary = "additionalProperties: <schema> with propertyNames, minProperties, maxProperties: a dict[str, T]"
    keywords = frozenset({"additionalProperties", "propertyNames", "minProperties", "maxProperties"})

    def matches(self, node: Node) -> bool:
        return is_map(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        if not where:
            raise ctx.fail(["additionalProperties"], "the root of a schema file becomes a model; a map cannot be one")
        names = node.get("propertyNames")
        if names is not None:
            at = [*where, "propertyNames"]
            if not isinstance(names, dict):
                raise ctx.fail(at, "propertyNames must be a string schema (pattern, minLength, maxLength)")
            for key in sorted(set(names) - _NAME_KEYWORDS):
                if not key.startswith("x-"):
                    raise ctx.fail([*at, key], f"keyword {key!r} in propertyNames is not supported: keys are strings")
            if names.get("type", "string") != "string":
                raise ctx.fail([*at, "type"], "a JSON object's keys are strings: propertyNames' type must be 'string'")
            STRING.check(names, at, ctx)
        check_member(node["additionalProperties"], [*where, "additionalProperties"], ctx, "a map value")

    def constraints(self, node: Node) -> list[str]:
        parts = length_phrases(node, "minProperties", "maxProperties", "entries")
        names = node.get("propertyNames")
        if isinstance(names, dict):
            parts += [f"key {phrase}" for phrase in STRING.constraints(names)]
        return parts + member_phrases(node["additionalProperties"], "each value")

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        names = node.get("propertyNames", {})
        keys = STRING.values(names, ctx)
        low = int(node.get("minProperties", 0))
        high = min(int(node.get("maxProperties", low + 3)), low + 3)
        return st.dictionaries(keys, member_values(node["additionalProperties"], ctx), min_size=low, max_size=high)

    def near_misses(self, node: Node) -> list[Any]:
        names = node.get("propertyNames", {})
        bad_keys = ["", " ", "A", "a b", "\n", "é", "x" * (int(names.get("maxLength", 64)) + 1)]
        return [{}, [], *({key: None} for key in bad_keys), *({key: "x"} for key in bad_keys)]


MAP = Map()
