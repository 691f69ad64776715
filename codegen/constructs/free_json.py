"""Free JSON, only where a schema opts in: ``additionalProperties: true`` (or ``{}``) with ``"x-free-json": true``.

An object that admits any member is a hole in a contract, so it is never assumed:
without the opt-in such an object is refused as an open object. With it, the field
is ``codegen.runtime.JsonObject``, a ``dict[str, JsonValue]`` whose members are any
JSON value, read strictly by pydantic-core (integers exact at any size, finite
doubles only, ``"1"`` stays a string and ``true`` a boolean), so every dump is JSON
the schema accepts and reads back equal. A number past the double range (``1e400``)
is not I-JSON and is rejected, as ``codegen validate`` and the proof's reader do.

The object may carry no ``properties`` (a record with free extras is not generated)
and cannot be a file's root. Its dict is mutable, as a map's is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs.base import RUNTIME, CheckContext, Construct, Node, ProofContext, Where
from codegen.constructs.map import is_free
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["FREE_JSON", "FREE_JSON_KEY"]

FREE_JSON_KEY = "x-free-json"


class FreeJson(Construct):
    name = "free-json"
    summary = "additionalProperties true or {} with x-free-json: true: any JSON value per member (JsonObject)"
    keywords = frozenset({"additionalProperties"})
    label = "JSON object"

    def matches(self, node: Node) -> bool:
        return (
            "object" in json_types(node)
            and is_free(node.get("additionalProperties"))
            and node.get(FREE_JSON_KEY) is True
        )

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        if not where:
            raise ctx.fail([FREE_JSON_KEY], "the root of a schema file becomes a model; it cannot be free JSON")

    def python_type(self, node: Node) -> str:
        return f"{RUNTIME}.JsonObject"

    def constraints(self, node: Node) -> list[str]:
        return ["any JSON value per member"]

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        scalars = (
            st.none()
            | st.booleans()
            | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(max_size=8)
        )
        values = st.recursive(
            scalars,
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
            max_leaves=8,
        )
        return st.dictionaries(st.text(max_size=6), values, max_size=4)

    def near_misses(self, node: Node) -> list[Any]:
        return [[], "{}", {"a": [1, 1.0, True, None, "1", {"b": []}]}, {"": {"": {"": None}}}, {"n": 2**80}]


FREE_JSON = FreeJson()
