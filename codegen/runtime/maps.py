"""A map read as its schema reads it: a key given twice keeps its last value, and only that value is judged.

A JSON Schema validator judges the value a JSON reader built, and a reader keeps the
last of a repeated key's values (Python's ``json``, orjson, ECMA-262's ``JSON.parse``):
``{"desk": "x", "desk": 1}`` is the map ``{"desk": 1}``. pydantic-core validates a
JSON object typed ``dict[K, V]`` pair by pair, so it judged ``"x"`` too and refused a
text the schema accepts. Repeated keys are not I-JSON (RFC 7493 §2.3, and ``codegen
validate`` refuses them), but they are JSON, and the model must accept what its schema
accepts.

The generator writes the dict type itself, so the model fixes its own core schema:
``WireModel`` passes it through ``read_maps_as_json``, which gives every ``dict`` schema
a JSON branch of two steps. pydantic-core first reads the object into a Python dict
(the last value of a key replaces the earlier ones; values become Python values, an
object a dict read the same way), then the map's own schema judges that dict. Its keys,
values and entry counts are checked once, on what the schema sees. Python input
(``model_validate``, construction) and serialization keep the map's schema as it was.
The JSON branch's steps run in JSON mode on Python values: each wire type a map may
hold takes a Python ``str``, ``int``, ``float``, ``bool``, ``list`` or ``dict`` as it
takes the JSON value it came from (``tests/test_arrays_maps.py`` holds maps of strings,
integers, numbers, date-times, uuids, enum values and records to it; the proof's
repeated-member mutant holds every schema's maps).

Maps inside a type alias (a ``$defs`` entry, an array's item) live in pydantic's table
of definitions, which the model's schema only names; each is changed in that table,
once, and every place that names it reads the changed map.
"""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["read_maps_as_json"]

_READ = "codegen_map_read_as_json"  # metadata of a map already given its JSON branch
# Keys of a core schema whose values are data or settings, never schemas to look into.
_NOT_SCHEMAS = frozenset(
    {"metadata", "serialization", "default", "expected", "members", "cls", "config", "custom_error_context"}
)


def _last_value_wins(map_schema: dict[str, Any]) -> core_schema.CoreSchema:
    """``map_schema`` for Python input; for JSON, the object read into a dict first, then ``map_schema``."""
    inner: Any = {key: value for key, value in map_schema.items() if key != "ref"}
    read = core_schema.dict_schema(keys_schema=core_schema.any_schema(), values_schema=core_schema.any_schema())

    def json_schema(_: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        # pydantic would describe the JSON branch's first step (an object of anything).
        return handler(inner)

    wrapped = core_schema.json_or_python_schema(
        json_schema=core_schema.chain_schema([read, inner]),
        python_schema=inner,
        metadata={_READ: True, "pydantic_js_functions": [json_schema]},
    )
    if "ref" in map_schema:
        wrapped["ref"] = map_schema["ref"]  # a definition keeps its name
    return wrapped


def read_maps_as_json(
    schema: core_schema.CoreSchema, owner: type, handler: GetCoreSchemaHandler
) -> core_schema.CoreSchema:
    """``schema`` (``owner``'s) with each map given its JSON branch; other models are left to their own hooks."""
    visited: set[int] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, list | tuple):
            items = [walk(item) for item in node]
            return node if all(new is old for new, old in zip(items, node, strict=True)) else type(node)(items)
        if not isinstance(node, dict):
            return node
        kind = node.get("type")
        if kind == "definition-ref":
            visit(node)
            return node
        if (kind == "model" and node.get("cls") is not owner) or _READ in (node.get("metadata") or {}):
            return node  # another model's maps were read by its own hook; this map already was
        copy = {key: value if key in _NOT_SCHEMAS else walk(value) for key, value in node.items()}
        changed = any(copy[key] is not node[key] for key in node)
        if kind == "dict":
            return _last_value_wins(copy)
        return copy if changed else node

    def visit(reference: core_schema.CoreSchema) -> None:
        # The definition is pydantic's own object, which every reference names: it is
        # changed in place, once.
        try:
            target: Any = handler.resolve_ref_schema(reference)
        except LookupError:  # a model naming itself, not defined yet: its own hook reads it
            return
        if id(target) in visited:
            return
        visited.add(id(target))
        changed = walk(target)
        if changed is not target:
            target.clear()
            target.update(changed)

    result: core_schema.CoreSchema = walk(schema)
    return result
