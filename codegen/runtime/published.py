"""The JSON Schema a generated model publishes: the hand-written one, refs rewritten into the combined document.

Pydantic derives ``model_json_schema()`` from the model's Python types: a decimal
loses its ``pattern``, a wire type's bounds come out as non-standard keys, the
serialization-mode schema has no types. FastAPI and every OpenAPI toolchain publish
exactly that, so a service built on the models would tell its clients another
contract. The generation stage therefore ships the hand-written schemas with the
package (``<package>/_schemas.py``: ``SCHEMAS`` by file name, and ``CLASSES``, the
class generated from each place ``file#pointer``), and ``WireModel``'s
``__get_pydantic_json_schema__`` returns its own place in them, in both modes.

Refs are rewritten to the document pydantic is building (``model_json_schema()``,
``TypeAdapter(list[Model]).json_schema()``, FastAPI's ``components/schemas``): a
``$ref`` to a place that is a model becomes pydantic's own reference to that model,
so it is one definition however many schemas use it, named by pydantic's rule
(module-qualified when two classes share a name); a ``$ref`` to any other place (an
enum, an alias, a subschema) becomes a definition named after its class (or its
root class and pointer), holding the hand-written subschema. ``$id``, ``$schema``
and a file's own ``$defs`` are dropped: a ``$id`` inside a combined document would
change how its refs resolve, and every ``$defs`` entry a ref reaches is a definition
of the combined document. Everything else (descriptions, examples, defaults, ``x-``
annotations) is kept as written.

This reaches into one pydantic internal, the schema generator behind the handler
(``handler.generate_json_schema``, and its ``pydantic_js_functions`` metadata), since
pydantic has no public way to add a definition to the document it builds.
"""

from __future__ import annotations

import copy
import functools
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["SHIPPED_MODULE", "published_schema"]

SHIPPED_MODULE = "_schemas"
"""The module of a generated package that carries its hand-written schemas."""

_VERBATIM = frozenset({"examples", "default", "enum", "const"})  # JSON values, not subschemas
_DROPPED = frozenset({"$schema", "$id", "$defs", "definitions", "$anchor", "$dynamicAnchor"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas"})  # keys are names
_ACTIVE = "_codegen_publishing"  # on the generator: the refs whose schema is being written


def _pseudo_base(name: str) -> str:
    return f"file:///codegen-shipped/{name}"


@dataclass(frozen=True)
class _Shipped:
    package: str
    schemas: dict[str, Any]  # file name -> document
    classes: dict[str, str]  # "file#pointer" -> "module.Class"

    @functools.cached_property
    def places(self) -> dict[str, str]:
        return {target: place for place, target in self.classes.items()}

    @functools.cached_property
    def bases(self) -> dict[str, str]:
        """Each file's base URI (its ``$id``, else a stand-in) -> file name."""
        found = {}
        for name, document in self.schemas.items():
            found[_pseudo_base(name)] = name
            if isinstance(document, dict) and isinstance(document.get("$id"), str):
                found[urldefrag(document["$id"])[0]] = name
        return found

    def base_of(self, name: str) -> str:
        document = self.schemas[name]
        declared = document.get("$id") if isinstance(document, dict) else None
        return urldefrag(declared)[0] if isinstance(declared, str) else _pseudo_base(name)

    def target(self, name: str, ref: str) -> tuple[str, str]:
        """The (file, pointer) a ``$ref`` written in file ``name`` leads to."""
        url, fragment = urldefrag(urljoin(self.base_of(name), ref))
        target = self.bases.get(url) or self._by_file_name(url)
        if target is None:
            raise LookupError(f"{name}: $ref {ref!r} leads outside the shipped schemas")
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            fragment = _anchor_pointer(self.schemas[target], fragment, target)
        return target, fragment

    def _by_file_name(self, url: str) -> str | None:
        last = url.rsplit("/", 1)[-1]
        return last if last in self.schemas else None

    def node(self, name: str, pointer: str) -> Any:
        node = self.schemas[name]
        for part in pointer.split("/")[1:]:
            key = part.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node


def _anchor_pointer(document: Any, anchor: str, name: str) -> str:
    def walk(node: Any, pointer: str) -> Iterator[str]:
        if isinstance(node, dict):
            if node.get("$anchor") == anchor:
                yield pointer
            for key, value in node.items():
                if key not in _VERBATIM:
                    yield from walk(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, f"{pointer}/{index}")

    found = next(walk(document, ""), None)
    if found is None:
        raise LookupError(f"{name}: no $anchor {anchor!r}")
    return found


@functools.cache
def _shipped(package: str) -> _Shipped | None:
    try:
        module = importlib.import_module(f"{package}.{SHIPPED_MODULE}")
    except ImportError:
        return None
    return _Shipped(package, module.SCHEMAS, module.CLASSES)


@contextmanager
def _writing(generator: Any, ref: str) -> Iterator[bool]:
    """Marks ``ref`` as being written; yields whether it already was (then only a reference may be made)."""
    active: set[str] = generator.__dict__.setdefault(_ACTIVE, set())
    if ref in active:
        yield True
        return
    active.add(ref)
    try:
        yield False
    finally:
        active.discard(ref)


def _reference(generator: Any, schema: core_schema.CoreSchema) -> JsonSchemaValue:
    """pydantic's ``{"$ref": ...}`` to ``schema`` (which has a ``ref``), its definition added once."""
    ref = str(schema.get("ref") or schema["schema"]["ref"])
    with _writing(generator, ref) as busy:
        if busy:  # a recursive schema: its definition is being written further up
            return dict(generator.generate_inner(core_schema.definition_reference_schema(ref)))
        return dict(generator.generate_inner(schema))


class _Writer:
    """Copies hand-written subschemas into the combined document, rewriting each ``$ref``."""

    def __init__(self, shipped: _Shipped, generator: Any) -> None:
        self.shipped = shipped
        self.generator = generator

    def schema(self, name: str, node: Any) -> Any:
        if not isinstance(node, dict):
            return copy.deepcopy(node)  # a boolean schema
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROPPED:
                continue
            if key == "$ref" and isinstance(value, str):
                out["$ref"] = self.ref(name, value)["$ref"]
            elif key in _VERBATIM or key.startswith("x-") or not isinstance(value, dict | list):
                out[key] = copy.deepcopy(value)
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {member: self.schema(name, sub) for member, sub in value.items()}
            elif isinstance(value, list):
                out[key] = [self.schema(name, item) if isinstance(item, dict | bool) else item for item in value]
            else:
                out[key] = self.schema(name, value)
        return out

    def ref(self, name: str, ref: str) -> JsonSchemaValue:
        target, pointer = self.shipped.target(name, ref)
        place = f"{target}#{pointer}"
        qualified = self.shipped.classes.get(place)
        if qualified is not None:
            module, _, class_name = qualified.rpartition(".")
            found = getattr(importlib.import_module(f"{self.shipped.package}.{module}"), class_name, None)
            schema = getattr(found, "__pydantic_core_schema__", None) if isinstance(found, type) else None
            if isinstance(schema, dict) and "ref" in schema | schema.get("schema", {}):
                return _reference(self.generator, schema)  # a model: pydantic's own definition of it
            core_ref = f"{self.shipped.package}.{qualified}:codegen"
        else:
            root = self.shipped.classes.get(f"{target}#", target.split(".", 1)[0])
            core_ref = f"{self.shipped.package}.{root}{pointer.replace('/', '_')}:codegen"
        node = self.shipped.node(target, pointer)

        def write(_schema: Any, _handler: Any) -> JsonSchemaValue:
            return dict(self.schema(target, node)) if isinstance(node, dict) else {"not": {}} if not node else {}

        placeholder = core_schema.any_schema(ref=core_ref, metadata={"pydantic_js_functions": [write]})
        return _reference(self.generator, placeholder)


def published_schema(cls: type, handler: GetJsonSchemaHandler) -> JsonSchemaValue | None:
    """``cls``'s hand-written schema for the document ``handler`` builds, or None when its package ships none."""
    package, _, module = cls.__module__.rpartition(".")
    shipped = _shipped(package) if package else None
    if shipped is None:
        return None
    place = shipped.places.get(f"{module}.{cls.__qualname__}")
    if place is None:
        return None
    generator = handler.generate_json_schema  # type: ignore[attr-defined]
    name, _, pointer = place.partition("#")
    own = getattr(cls, "__pydantic_core_schema__", {})
    with _writing(generator, str(own.get("ref", ""))):
        return dict(_Writer(shipped, generator).schema(name, shipped.node(name, pointer)))
