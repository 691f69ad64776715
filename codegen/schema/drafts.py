"""Reading draft-07 and 2019-09 schemas: each is upgraded in memory to 2020-12, with the same verdicts.

Every stage after loading speaks 2020-12 only, so a file of an older draft is
rewritten once, right after its own draft's metaschema has accepted it:

| draft | keyword | in 2020-12 |
| --- | --- | --- |
| 07, 2019-09 | ``definitions`` | ``$defs`` (merged with ``$defs``; one name in both is refused) |
| 07, 2019-09 | ``items: [A, B]`` | ``prefixItems: [A, B]`` |
| 07, 2019-09 | ``additionalItems: S`` | ``items: S`` beside an array ``items``; dropped otherwise (ignored there) |
| 07 | ``dependencies`` | ``dependentRequired`` for an array value, ``dependentSchemas`` for a schema |
| 07 | siblings of ``$ref`` | dropped (draft-07 ignores them), except annotations, ``definitions`` and ``x-`` keys |
| 07 | ``$id: "#name"`` | ``$anchor: "name"`` |
| 07, 2019-09 | ``$ref`` pointers | follow the renames (``#/definitions/A`` -> ``#/$defs/A``) |

Refused, with the pointer: ``$recursiveRef``/``$recursiveAnchor`` (2019-09; their
dynamic scope is not 2020-12's ``$dynamicRef``), an ``$id`` with both a URI and a
fragment (draft-07), and keywords the source draft does not know but 2020-12 enforces
(``prefixItems``, ``dependentRequired``, ``$dynamicRef``, ... in draft-07): the source
draft ignores them, so enforcing them would change verdicts. Draft-04 and draft-06
are not read: their ``exclusiveMinimum: true`` and ``id`` mean something else.

A ``$ref`` into another file is rewritten by that file's draft, which the caller
tells (``dialect_of``). Pure standard library: ``codegen validate`` calls it on start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from codegen.errors import SchemaError
from codegen.schema.walk import map_subschemas, subschema_values

__all__ = ["DRAFT7", "DRAFT201909", "DRAFT202012", "dialect_name", "dialect_of_document", "dialect_problem", "upgrade"]

DRAFT202012 = "https://json-schema.org/draft/2020-12/schema"
DRAFT201909 = "https://json-schema.org/draft/2019-09/schema"
DRAFT7 = "http://json-schema.org/draft-07/schema#"
# The spellings of each readable dialect's URI, and what each stands for.
_DIALECTS = {
    DRAFT202012: DRAFT202012,
    DRAFT201909: DRAFT201909,
    f"{DRAFT201909}#": DRAFT201909,
    DRAFT7: DRAFT7,
    DRAFT7.rstrip("#"): DRAFT7,
}
_NAMES = {DRAFT202012: "2020-12", DRAFT201909: "2019-09", DRAFT7: "draft-07"}
_OLD = {
    "http://json-schema.org/draft-04/schema": "draft-04",
    "http://json-schema.org/draft-06/schema": "draft-06",
}

# Keywords whose value is one schema, a map of names to schemas, or a list of schemas.
_SINGLE = {
    "additionalProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
}
_MAPS = {"properties", "patternProperties", "dependentSchemas"}
_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
# What draft-07 still reads beside a $ref: annotations, which change no verdict.
_BESIDE_REF = {"$ref", "$schema", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly"}
# Keywords unknown to the source draft (so ignored there) that 2020-12 would enforce or resolve.
_UNKNOWN_TO = {
    DRAFT7: {
        "prefixItems",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedItems",
        "unevaluatedProperties",
        "minContains",
        "maxContains",
        "$dynamicRef",
        "$dynamicAnchor",
        "$anchor",
        "$recursiveRef",
        "$recursiveAnchor",
    },
    DRAFT201909: {"prefixItems", "$dynamicRef", "$dynamicAnchor"},
}


def dialect_of_document(document: Any) -> str | None:
    """The readable dialect a document declares in ``$schema`` (normalised), or None."""
    declared = document.get("$schema") if isinstance(document, dict) else None
    return _DIALECTS.get(declared) if isinstance(declared, str) else None


def dialect_name(dialect: str) -> str:
    """``draft-07``, ``2019-09`` or ``2020-12``."""
    return _NAMES[dialect]


def dialect_problem(document: dict[str, Any]) -> str | None:
    """Why the document's ``$schema`` cannot be read, or None when it names a readable dialect."""
    declared = document.get("$schema")
    if isinstance(declared, str) and dialect_of_document(document) is not None:
        return None
    old = _OLD.get(declared.rstrip("#")) if isinstance(declared, str) else None
    if old is not None:
        return (
            f"{old} is not read ({old}'s exclusiveMinimum: true, id and items differ from later drafts);"
            " use draft-07, 2019-09 or 2020-12"
        )
    return f"must be one of {DRAFT202012!r}, {DRAFT201909!r} or {DRAFT7!r}"


def _pointer_after_upgrade(fragment: str, dialect: str) -> str:
    """A JSON pointer fragment into a document of ``dialect``, naming the same place after the upgrade."""
    if not fragment.startswith("/"):
        return fragment  # an anchor, or the whole document
    tokens = fragment[1:].split("/")
    out: list[str] = []
    at_schema = True  # the next token is a keyword of a schema
    index = 0
    while index < len(tokens):
        token = tokens[index]
        keyword = unquote(token)
        if not at_schema:
            out.extend(tokens[index:])
            break
        follower = unquote(tokens[index + 1]) if index + 1 < len(tokens) else None
        if keyword in ("definitions", "$defs") or keyword in _MAPS:
            out.append("$defs" if keyword == "definitions" else token)
            if follower is not None:
                out.append(tokens[index + 1])
            index += 2
            continue
        if keyword == "dependencies" and dialect == DRAFT7:
            out.append("dependentSchemas")
            if follower is not None:
                out.append(tokens[index + 1])
            index += 2
            continue
        if keyword == "items" and follower is not None and follower.isdigit():
            out.extend(["prefixItems", tokens[index + 1]])
            index += 2
            continue
        if keyword in _LISTS and follower is not None:
            out.extend([token, tokens[index + 1]])
            index += 2
            continue
        if keyword == "additionalItems":
            out.append("items")
        else:
            out.append(token)
            at_schema = keyword in _SINGLE or keyword == "items"
        index += 1
    return "/" + "/".join(out)


class _Upgrade:
    def __init__(self, path: Path, dialect: str, dialect_of: Callable[[str], str | None]) -> None:
        self.path = path
        self.dialect = dialect
        self.dialect_of = dialect_of

    def refuse(self, parts: list[str | int], message: str) -> SchemaError:
        pointer = "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)
        return SchemaError(self.path, pointer, message)

    def ref(self, ref: str) -> str:
        url, hash_sign, fragment = ref.partition("#")
        if not hash_sign:
            return ref
        target = self.dialect if not url else self.dialect_of(url)
        if target is None or target == DRAFT202012:
            return ref
        return f"{url}#{_pointer_after_upgrade(fragment, target)}"

    def refs_only(self, node: Any) -> Any:
        """``node`` with only its ``$ref``s rewritten: a 2020-12 file's refs into older files."""
        if isinstance(node, dict):
            out = map_subschemas(node, self.refs_only)
            if isinstance(node.get("$ref"), str):
                out["$ref"] = self.ref(node["$ref"])
            return out
        if isinstance(node, list):
            return [self.refs_only(item) for item in node]
        return node

    def defs(self, out: dict[str, Any], value: Any, parts: list[str | int]) -> None:
        if not isinstance(value, dict):
            out["$defs"] = value  # not a map: the metaschema has refused it, kept as written
            return
        merged = out.setdefault("$defs", {})
        for name, sub in value.items():
            if name in merged:
                raise self.refuse([*parts, name], f"{name!r} is defined in both definitions and $defs")
            merged[name] = self.node(sub, [*parts, name])

    def node(self, schema: Any, parts: list[str | int]) -> Any:
        if not isinstance(schema, dict):
            return schema
        if self.dialect == DRAFT7 and isinstance(schema.get("$ref"), str):
            kept = ("definitions", "$defs")
            schema = {k: v for k, v in schema.items() if k in _BESIDE_REF or k in kept or k.startswith("x-")}
        out: dict[str, Any] = {}
        for key, value in schema.items():
            at = [*parts, key]
            if key in _UNKNOWN_TO.get(self.dialect, ()):
                raise self.refuse(
                    at,
                    f"{key} is not a {dialect_name(self.dialect)} keyword: {dialect_name(self.dialect)} ignores it"
                    " and 2020-12 would not; remove it or declare 2020-12",
                )
            if key in ("$recursiveRef", "$recursiveAnchor"):
                raise self.refuse(at, f"{key} is not read: 2020-12's $dynamicRef resolves differently; use $ref")
            if key == "$schema" and not parts:
                out[key] = DRAFT202012
            elif key == "$ref" and isinstance(value, str):
                out[key] = self.ref(value)
            elif key in ("definitions", "$defs"):
                self.defs(out, value, at)
            elif key == "$id" and self.dialect == DRAFT7 and isinstance(value, str) and "#" in value:
                url, _, fragment = value.partition("#")
                if url and fragment:
                    raise self.refuse(at, "an $id with both a URI and a fragment has no 2020-12 form; split it")
                if fragment:
                    out["$anchor"] = fragment
                elif url:
                    out[key] = url
            elif key == "items" and isinstance(value, list):
                out["prefixItems"] = [self.node(sub, [*at, index]) for index, sub in enumerate(value)]
            elif key == "additionalItems":
                if isinstance(schema.get("items"), list):
                    out["items"] = self.node(value, at)
            elif key == "dependencies" and self.dialect == DRAFT7 and isinstance(value, dict):
                for name, dependency in value.items():
                    if isinstance(dependency, list):
                        out.setdefault("dependentRequired", {})[name] = dependency
                    else:
                        out.setdefault("dependentSchemas", {})[name] = self.node(dependency, [*at, name])
            elif key in _SINGLE or key == "items":
                out[key] = self.node(value, at)
            elif key in _MAPS and isinstance(value, dict):
                out[key] = {name: self.node(sub, [*at, name]) for name, sub in value.items()}
            elif key in _LISTS and isinstance(value, list):
                out[key] = [self.node(sub, [*at, index]) for index, sub in enumerate(value)]
            else:
                out[key] = value  # data (enum, const, default, examples) or a keyword without subschemas
        return out


def _ref_urls(node: Any) -> Iterator[str]:
    """The URL part of every ``$ref`` under ``node`` that names another document."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref.partition("#")[0]
            stack.extend(value for _, value in subschema_values(item))
        elif isinstance(item, list):
            stack.extend(item)


def upgrade(
    document: dict[str, Any], path: Path, dialect_of: Callable[[str], str | None] = lambda url: None
) -> dict[str, Any]:
    """``document`` as 2020-12; the same object when it already is. ``SchemaError`` where no faithful form exists.

    ``dialect_of(url)`` is the readable dialect of the file a ``$ref``'s URL part names
    (None when unknown: the ref is kept as written, and refs.py judges it).
    """
    dialect = dialect_of_document(document)
    if dialect is None:
        return document
    if dialect == DRAFT202012:
        older = (DRAFT7, DRAFT201909)
        if not any(dialect_of(url) in older for url in _ref_urls(document)):
            return document
        return _Upgrade(path, dialect, dialect_of).refs_only(document)  # type: ignore[no-any-return]
    upgraded = _Upgrade(path, dialect, dialect_of).node(document, [])
    return upgraded if isinstance(upgraded, dict) else document
