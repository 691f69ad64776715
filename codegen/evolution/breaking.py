"""Comparing two versions of the schemas: every semantic change as a value, with the directions it breaks.

Directions (see the README's "Schema evolution" for how each rule was decided):

- ``backward``: new consumers may reject a payload an old producer sends;
- ``forward``: old consumers may reject a payload a new producer sends;
- ``python``: code importing the generated models may break (decided on the generated
  API itself, ``codegen.evolution.api``);
- ``unknown``: the tool cannot classify the change exactly; it fails every mode;
- ``version``: the declared ``x-version`` does not match the change; fails every mode.

The wire directions are decided on the sets of accepted payloads, not on which keyword
moved: both versions are normalised first (``$ref``s followed, into other files too,
so a definition moved or inlined compares by structure; ``const`` read as a one-value
``enum``; an enum filtered by the node's other constraints, its type taken from the
values it keeps; a nullable reference read as its target or ``null``), and a string's
pattern, lengths and enum are compared as one language (``codegen.evolution.regex``).
Only what the root reaches is compared: a ``$defs`` entry nothing references accepts
no payload. Each construct (``codegen.constructs``) says what a change to the keywords
it owns does (``Construct.compare``, rules in ``Construct.rules``); this module holds
what spans constructs (types, null, defaults, references, versions), the python
direction, and the cross-check by payloads. A change no rule classifies is
``unknown``, never a silent pass.

A witness is a whole payload that one version accepts and the other rejects, as both
versions' ECMA validators judge it: a construct proposes a value for the node where it
found the difference, and it is kept only if some example, with that value put at the
node's place, is judged that way.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import referencing.exceptions

from codegen.constructs import CONSTRUCTS, constructs_of
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SCHEMA_SUFFIX, SchemaFile, json_types, pointer_of, registry_of

__all__ = ["MODES", "RULES", "Change", "Report", "compare_folders"]

MODES: dict[str, frozenset[str]] = {
    "backward": frozenset({"backward", "unknown", "version"}),
    "forward": frozenset({"forward", "unknown", "version"}),
    "full": frozenset({"backward", "forward", "python", "unknown", "version"}),
}
_ANNOTATIONS = {"description", "examples", "$comment", "deprecated", "readOnly", "writeOnly", "title"}
# What the comparer itself handles; each construct handles the keywords it owns.
# x-default-now only tells Python construction what to fill in: the generated API says
# whether that breaks callers. $id changes where refs resolve, and refs are followed.
_HANDLED = {"$schema", "$id", "$defs", "type", "default", "x-version", "x-id-prefix", "$ref"}
_GENERIC_RULES: dict[str, str] = {
    "type-narrowed": "a JSON type is no longer accepted",
    "type-widened": "a JSON type becomes accepted",
    "null-removed": "null is no longer accepted",
    "null-added": "null becomes accepted",
    "default-changed": "an optional field's default changes what an omitted field means (both versions optional)",
    "id-prefix-changed": "the x-id-prefix used to generate ids for Python callers changes",
    "unclassified": "any change the tool cannot classify exactly",
    "version-not-major": "a change breaking the mode without a new major x-version",
    "version-bump-without-change": "x-version moves but nothing else in the file changed",
    "version-decreased": "x-version goes down",
    "version-missing": "the new schema declares no x-version",
    "schema-removed": "a schema file is removed",
    "schema-added": "a schema file is added (breaks nothing)",
    "schema-renamed": "a schema file is renamed with the same content: the same payloads (python: module-removed)",
    "witness": "a payload accepted by one version and rejected by the other (information)",
}


def _api_rules() -> dict[str, str]:
    from codegen.evolution.api import API_RULES  # noqa: PLC0415 (the generator loads only when needed)

    return API_RULES


RULES: dict[str, str] = {
    **{rule: purpose for construct in CONSTRUCTS for rule, purpose in construct.rules.items()},
    **_GENERIC_RULES,
    **_api_rules(),
}
"""Every rule ``codegen breaking`` reports: each construct's own (``Construct.rules``), the generic ones, the API's."""

_SEMVER = re.compile(r"([0-9]+)\.([0-9]+)\.([0-9]+)")
B, F, P, U = "backward", "forward", "python", "unknown"
_ALL_TYPES = frozenset({"null", "boolean", "integer", "number", "string", "object", "array"})
_VALUE_KEYS: tuple[str, ...] = ("type", "pattern", "minLength", "maxLength", "format", "minimum", "maximum")
_VALUE_KEYS += ("exclusiveMinimum", "exclusiveMaximum", "multipleOf")


@dataclass(frozen=True)
class Change:
    """One semantic difference between the old and the new version of one schema."""

    rule: str
    module: str
    pointer: str
    message: str
    directions: frozenset[str]
    witness: str | None = None

    def breaks(self, mode: str) -> bool:
        return bool(self.directions & MODES[mode])


@dataclass
class Report:
    """Every change found, and the mode it is judged by."""

    mode: str
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaks(self.mode)]

    @property
    def exit_code(self) -> int:
        return 1 if self.breaking else 0


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def value_type(value: Any) -> str:
    """The JSON type name of a value (``integer`` for whole numbers, as JSON Schema counts them)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _covered(name: str, types: set[str]) -> bool:
    return name in types or (name == "integer" and "number" in types)


def accepted_types(node: dict[str, Any]) -> set[str]:
    """The JSON types a normalised node accepts some value of (every type when it names none)."""
    declared = set(json_types(node))
    return declared if "type" in node else set(_ALL_TYPES)


class _Side:
    """One version of the folder: its files by module, and where a ``$ref`` leads."""

    def __init__(self, files: dict[str, SchemaFile]) -> None:
        self.files = files
        self.by_uri = {str(schema.document.get("$id")): schema for schema in files.values() if "$id" in schema.document}
        self.registry: Any = None

    def module_of(self, schema: SchemaFile) -> str:
        return next(module for module, other in self.files.items() if other is schema)

    def resolve(self, schema: SchemaFile, node: Any) -> tuple[SchemaFile, Any, str]:
        """Follow ``$ref``s from ``node`` in ``schema``: the file and node they land on, and the last ref."""
        via = ""
        for _ in range(32):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                return schema, node, via
            url, fragment = urldefrag(ref)
            target = schema
            if url:
                found = self.by_uri.get(urldefrag(urljoin(schema.uri, url))[0])
                name = url.rsplit("/", 1)[-1]
                module = name[: -len(SCHEMA_SUFFIX)] if name.endswith(SCHEMA_SUFFIX) else None
                found = found or (self.files.get(module) if module else None)
                if found is None:
                    raise LookupError(ref)
                target = found
            landed: Any = target.document
            for part in [unquote(p).replace("~1", "/").replace("~0", "~") for p in fragment.split("/")[1:]]:
                landed = landed[int(part)] if isinstance(landed, list) else landed[part]
            schema, node, via = target, landed, ref
        raise LookupError("a chain of more than 32 $refs")

    def validator(self, module: str) -> Any:
        schema = self.files[module]
        if self.registry is None:
            self.registry = registry_of(list(self.files.values()))
        return ecma_validator({**schema.document, "$id": schema.uri}, self.registry)


def _nullable_ref(node: dict[str, Any]) -> dict[str, Any] | None:
    branches = node.get("anyOf")
    if not (isinstance(branches, list) and len(branches) == 2):
        return None
    refs = [b for b in branches if isinstance(b, dict) and set(b) == {"$ref"}]
    nulls = [b for b in branches if b == {"type": "null"}]
    return refs[0] if len(refs) == 1 and len(nulls) == 1 else None


def _filter_values(node: dict[str, Any], values: list[Any]) -> list[Any]:
    """The values of an enum the node's other constraints accept too (an enum is filtered, not judged alone)."""
    rest = {key: node[key] for key in _VALUE_KEYS if key in node}
    if not rest:
        return list(values)
    validator = ecma_validator(rest)
    return [value for value in values if validator.is_valid(value)]


def normalise(node: dict[str, Any]) -> dict[str, Any]:
    """The node as the payloads see it: ``const`` as a one-value enum, an enum filtered and typed by its values."""
    node = dict(node)
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if isinstance(node.get("enum"), list):
        kept = _filter_values(node, node["enum"])
        for key in _VALUE_KEYS:
            node.pop(key, None)
        node["enum"] = kept
        types = sorted({value_type(value) for value in kept})
        node["type"] = types[0] if len(types) == 1 else types
    return node


def same_value(old: Any, new: Any, *, decimal: bool) -> bool:
    """JSON equality (1 and 1.0 are one number); on a decimal string, equality of the decimal values."""
    if decimal and isinstance(old, str) and isinstance(new, str):
        try:
            return Decimal(old) == Decimal(new)
        except InvalidOperation:
            pass
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return old == new
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same_value(a, b, decimal=False) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(same_value(old[k], new[k], decimal=False) for k in old)
    return type(old) is type(new) and old == new


def payload_path(where: list[str | int]) -> list[str] | None:
    """The property names leading to the node at ``where`` (None: not under properties only)."""
    path, index = [], 0
    while index < len(where):
        if where[index] == "properties" and index + 1 < len(where):
            path.append(str(where[index + 1]))
            index += 2
        elif index == len(where) - 1:
            return path  # the keyword that changed
        else:
            return None
    return path


@dataclass
class _Found:
    change: Change
    path: list[str] | None
    value: str | None  # JSON text of a value for the node, from the construct


class _Comparer:
    """Walks both versions of one schema from its root, through refs, node by node (``CompareContext``)."""

    def __init__(self, module: str, old: _Side, new: _Side, old_file: SchemaFile, new_file: SchemaFile) -> None:
        self.module = module
        self.sides = (old, new)
        self.files = (old_file, new_file)
        self.active: set[tuple[int, int]] = set()
        self.found: list[_Found] = []
        self.vias: tuple[str, str] = ("", "")
        self.nullable_copies: dict[int, dict[str, Any]] = {}

    def add(
        self, rule: str, parts: list[str | int], message: str, *directions: str, witness: str | None = None
    ) -> None:
        old_via, new_via = self.vias
        if old_via or new_via:
            message += " (at " + (old_via if old_via == new_via else f"{old_via or 'inline'} / {new_via or 'inline'}")
            message += ")"
        change = Change(rule, self.module, pointer_of(parts), message, frozenset(directions))
        if all(found.change != change for found in self.found):  # two constructs may see one change
            self.found.append(_Found(change, payload_path(parts), witness))

    @property
    def changes(self) -> list[Change]:
        return [found.change for found in self.found]

    def run(self) -> list[_Found]:
        old, new = self.files[0].document, self.files[1].document
        if old.get("$schema") != new.get("$schema"):
            self.add("unclassified", ["$schema"], f"$schema changed to {new.get('$schema')!r}", U)
        self.node(old, new, [])
        return self.found

    def resolve(self, index: int, node: Any) -> tuple[SchemaFile, Any, str]:
        side, schema = self.sides[index], self.files[index]
        target = _nullable_ref(node) if isinstance(node, dict) else None
        if target is not None:
            schema, landed, via = side.resolve(schema, target)
            if not isinstance(landed, dict):
                return schema, landed, via
            # One merged copy per target, so that a recursive structure reached through a
            # nullable reference is recognised when it comes round again (see ``node``).
            merged = self.nullable_copies.get(id(landed))
            if merged is None:
                merged = dict(landed)
                merged["type"] = sorted(set(accepted_types(normalise(landed))) | {"null"})
                self.nullable_copies[id(landed)] = merged
            return schema, merged, via
        return side.resolve(schema, node)

    def node(self, old: Any, new: Any, parts: list[str | int]) -> None:
        try:
            old_file, old, old_via = self.resolve(0, old)
            new_file, new, new_via = self.resolve(1, new)
        except (LookupError, KeyError, IndexError, ValueError) as error:
            self.add("unclassified", parts, f"a $ref cannot be followed ({error}); the change is not classified", U)
            return
        if not (isinstance(old, dict) and isinstance(new, dict)):
            if old != new:
                self.add("unclassified", parts, "a boolean schema changed; its effect is not classified", U)
            return
        key = (id(old), id(new))
        if key in self.active:
            return  # a recursive structure: this pair is being compared further up
        saved = self.files, self.vias
        self.active.add(key)
        self.files = (old_file, new_file)
        self.vias = (old_via or self.vias[0], new_via or self.vias[1])
        try:
            self._compare(normalise(old), normalise(new), parts)
        finally:
            self.files, self.vias = saved
            self.active.discard(key)

    def _compare(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        constructs = [c for c in CONSTRUCTS if c.matches(old) or c.matches(new)]
        owned = set().union(*(construct.keywords for construct in constructs))
        for key in sorted((set(old) | set(new)) - _HANDLED - _ANNOTATIONS - owned):
            if key.startswith("x-") and key not in {"x-python-type"}:
                continue  # generator hints: the python direction reads the generated API
            if old.get(key) != new.get(key):
                self.add("unclassified", [*parts, key], f"keyword {key!r} changed; its effect is not classified", U)
        if old.get("x-id-prefix") != new.get("x-id-prefix"):
            self.add("id-prefix-changed", [*parts, "x-id-prefix"], "ids generated for Python callers change", P)
        self.types(old, new, parts)
        for construct in constructs:
            construct.compare(old, new, parts, self)

    def types(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        before, after = accepted_types(old), accepted_types(new)
        removed = {name for name in before if not _covered(name, after)}
        added = {name for name in after if not _covered(name, before)}
        where = [*parts, "type"]
        samples: dict[str, Any] = {"null": None, "boolean": True, "integer": 0, "number": 0.5, "string": ""}
        samples |= {"object": {}, "array": []}
        if "null" in removed:
            self.add("null-removed", where, "null is no longer accepted", B, witness="null")
        if "null" in added:
            self.add("null-added", where, "null becomes accepted", F, witness="null")
        if removed - {"null"}:
            name = sorted(removed - {"null"})[0]
            message = f"type(s) {sorted(removed - {'null'})} no longer accepted"
            self.add("type-narrowed", where, message, B, witness=_json(samples[name]))
        if added - {"null"}:
            name = sorted(added - {"null"})[0]
            message = f"type(s) {sorted(added - {'null'})} become accepted"
            self.add("type-widened", where, message, F, witness=_json(samples[name]))
        self._numbers(old, new, before, after, where)

    def _numbers(self, old: dict[str, Any], new: dict[str, Any], before: set[str], after: set[str], where: Any) -> None:
        """An integer becoming a number (or back): the integers of the one range must lie in the other."""
        from codegen.constructs._ranges import integers_within  # noqa: PLC0415

        for small, big, direction in ((old, new, B), (new, old, F)):
            small_types, big_types = (before, after) if small is old else (after, before)
            if "integer" in small_types and "number" not in small_types and "number" in big_types:
                if "integer" in big_types:
                    continue  # the integer construct compares integer to integer
                verdict = integers_within(small, big)
                if verdict is not True:
                    rule = "type-narrowed" if direction == B else "type-widened"
                    self.add(rule, where, "integers outside the number range", direction if verdict is False else U)

    def default(self, old: Any, new: Any, parts: list[str | int], *, required: tuple[bool, bool]) -> None:
        """What an omitted optional field means to each side: its default, or None where it accepts null.

        A field required in either version never reaches the other side absent (required
        in the old one: old producers always send it; in the new one: new producers do),
        so its default changes nothing a consumer of the other version sees.
        """
        if required[0] or required[1]:
            return
        meanings = []
        decimal = False
        for index, site in enumerate((old, new)):
            try:
                _, target, _ = self.resolve(index, site)
            except (LookupError, KeyError, IndexError, ValueError):
                target = {}
            target = target if isinstance(target, dict) else {}
            decimal = decimal or target.get("format") == "decimal"
            if isinstance(site, dict) and "default" in site:
                meanings.append(site["default"])
            else:
                meanings.append(target.get("default"))
        if not same_value(meanings[0], meanings[1], decimal=decimal):
            message = (
                f"an omitted field meant {_json(meanings[0])} and now means {_json(meanings[1])}"
                " (null: absent, read as None)"
            )
            self.add("default-changed", [*parts, "default"], message, B, F)

    def strings(self) -> list[str]:
        """Every string in either version's examples and defaults: candidate witnesses."""
        found: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        for schema in self.files:
            walk(schema.document.get("examples", []))
            walk(
                [sub.get("default") for sub in schema.document.get("properties", {}).values() if isinstance(sub, dict)]
            )
        return sorted(set(found))


def _version(schema: SchemaFile) -> tuple[int, int, int] | None:
    match = _SEMVER.fullmatch(str(schema.document.get("x-version", "")))
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _versioning(module: str, old: SchemaFile, new: SchemaFile, changes: list[Change], mode: str) -> list[Change]:
    """A breaking change must move to a new major version; a version must not move without a change."""
    before, after = _version(old), _version(new)
    stripped = [_json({k: v for k, v in s.document.items() if k != "x-version"}) for s in (old, new)]
    # (python-unknown: the new schemas do not generate, which generation itself refuses)
    breaks = any(change.breaks(mode) for change in changes if change.rule != "python-unknown")
    # A file whose text did not change still changes its payloads when a file it refers to does.
    moved = any(change.directions for change in changes)
    problem: tuple[str, str] | None = None
    if after is None:
        problem = "version-missing", "declare 'x-version' as MAJOR.MINOR.PATCH"
    elif before is not None and after < before:
        problem = (
            "version-decreased",
            f"version goes down from {old.document['x-version']} to {new.document['x-version']}",
        )
    elif before is not None and after != before and stripped[0] == stripped[1] and not moved:
        problem = (
            "version-bump-without-change",
            f"version moves to {new.document['x-version']} but nothing else changed",
        )
    elif before is not None and after[0] == before[0] and breaks:
        problem = "version-not-major", f"a breaking change needs a new major version, not {new.document['x-version']}"
    if problem is None:
        return []
    return [Change(problem[0], module, pointer_of(["x-version"]), problem[1], frozenset({"version"}))]


def _examples(old: SchemaFile, new: SchemaFile) -> list[Any]:
    found = [*old.document.get("examples", []), *new.document.get("examples", [])]
    return list({_json(item): item for item in found}.values())


def _placed(base: Any, path: list[str], value: Any) -> Any:
    """``base`` with ``value`` at ``path`` (None when a container on the way is missing)."""
    if not path:
        return value
    if not isinstance(base, dict):
        return None
    if len(path) == 1:
        return {**base, path[0]: value}
    inner = _placed(base.get(path[0]), path[1:], value)
    return None if inner is None else {**base, path[0]: inner}


class _Judges:
    """Both versions' validators for one schema, and payloads they disagree on."""

    def __init__(self, old: _Side, new: _Side, old_module: str, new_module: str) -> None:
        self.old = old.validator(old_module)
        self.new = new.validator(new_module)

    def verdicts(self, payload: Any) -> tuple[bool, bool]:
        return self.old.is_valid(payload), self.new.is_valid(payload)

    def witness(self, examples: list[Any], path: list[str], value: Any, direction: str) -> Any:
        for base in [*examples, {}]:
            payload = _placed(copy.deepcopy(base), path, value)
            if payload is None:
                continue
            in_old, in_new = self.verdicts(payload)
            if (in_old and not in_new and direction == B) or (in_new and not in_old and direction == F):
                return payload
        return None


def _witnessed(found: list[_Found], judges: _Judges, examples: list[Any]) -> list[Change]:
    """Each change with a whole payload that proves one of its directions, where a construct proposed a value."""
    changes = []
    for item in found:
        change = item.change
        if item.value is not None and item.path is not None:
            for direction in sorted(change.directions & {B, F}):
                payload = judges.witness(examples, item.path, json.loads(item.value), direction)
                if payload is not None:
                    change = replace(change, witness=_json(payload))
                    break
        changes.append(change)
    return changes


def _probe_values(node: Any) -> list[Any]:
    """Values worth trying at a node: every JSON type, its enum values and default, its constructs' near misses."""
    if not isinstance(node, dict):
        return []
    values: list[Any] = [None, "x", 0, 1.5, True, {}, [], *node.get("enum", [])]
    if "default" in node:
        values.append(node["default"])
    values += [miss for construct in constructs_of(node) for miss in construct.near_misses(node)]
    return values


def _probes(comparer: _Comparer, examples: list[Any]) -> Iterator[Any]:
    """Payloads from the examples: each property at any depth dropped, or set to a probe value of either version."""

    def at(index: int, schema: SchemaFile, node: Any) -> tuple[SchemaFile, Any]:
        side = comparer.sides[index]
        try:
            found, landed, _ = side.resolve(schema, node)
        except (LookupError, KeyError, IndexError, ValueError):
            return schema, {}
        return found, landed if isinstance(landed, dict) else {}

    def walk(value: Any, nodes: list[tuple[SchemaFile, Any]], path: list[str]) -> Iterator[tuple[list[str], Any]]:
        if not isinstance(value, dict):
            return
        props = [node.get("properties", {}) for _, node in nodes]
        names = sorted(set(value) | {name for p in props for name in p if isinstance(p, dict)})
        for name in names:
            yield [*path, name], _DROP
            subs = [at(i, schema, p.get(name, {})) for i, ((schema, _), p) in enumerate(zip(nodes, props, strict=True))]
            for _, sub in subs:
                for probe in _probe_values(sub):
                    yield [*path, name], probe
                if isinstance(value.get(name), str) and value[name]:
                    text = value[name]
                    for edit in (text[:-1], text + text[-1], " " + text, text + "\n"):
                        yield [*path, name], edit
            if name in value:
                yield from walk(value[name], subs, [*path, name])

    roots = [at(i, comparer.files[i], comparer.files[i].document) for i in (0, 1)]
    for base in examples:
        yield base
        for path, probe in walk(base, roots, []):
            if probe is _DROP:
                yield _dropped(base, path)
            else:
                placed = _placed(base, path, probe)
                if placed is not None:
                    yield placed


_DROP = object()


def _dropped(base: Any, path: list[str]) -> Any:
    if len(path) == 1:
        return {key: value for key, value in base.items() if key != path[0]}
    return {**base, path[0]: _dropped(base[path[0]], path[1:])}


def _cross_check(comparer: _Comparer, judges: _Judges, examples: list[Any], changes: list[Change]) -> list[Change]:
    """Payloads from both versions' examples, and generated from them, judged by both versions.

    A payload one version accepts and the other rejects is a witness of a backward
    (or forward) incompatibility; the first one per direction is printed under the
    changes. A disagreement that no classified change explains is itself a change
    the tool could not classify, and fails.
    """
    module = comparer.module
    payloads = {_json(item): item for item in _probes(comparer, examples)}
    found: dict[str, Change] = {}
    for payload in payloads.values():
        try:
            in_old, in_new = judges.verdicts(payload)
        except referencing.exceptions.Unresolvable as error:
            text = f"a payload cannot be judged by both versions: unresolvable reference ({error})"
            return [Change("unclassified", module, "", text, frozenset({U}), _json(payload))]
        if in_old == in_new:
            continue
        direction = B if in_old else F
        if direction in found:
            continue
        side = "accepted by the old schema, rejected by the new" if in_old else "accepted only by the new schema"
        if any(direction in c.directions or U in c.directions for c in changes):
            text = f"{direction}-incompatible: a payload is {side}"
            found[direction] = Change("witness", module, "", text, frozenset(), _json(payload))
        else:
            text = f"a payload is {side}, but no classified change explains it"
            found[direction] = Change("unclassified", module, "", text, frozenset({U}), _json(payload))
    return [found[direction] for direction in sorted(found)]


def _renamed(old: dict[str, SchemaFile], new: dict[str, SchemaFile]) -> dict[str, str]:
    """Old module to new module, for files that only changed name: the same document under a new file name."""

    def content(schema: SchemaFile) -> str:
        return _json({key: value for key, value in schema.document.items() if key != "x-version"})

    gone = [module for module in old if module not in new]
    fresh = {content(new[module]): module for module in new if module not in old}
    return {module: fresh[text] for module in gone if (text := content(old[module])) in fresh}


def _compare_module(
    names: tuple[str, str], old_side: _Side, new_side: _Side, mode: str, python: list[Change]
) -> list[Change]:
    module, new_module = names
    old_file, new_file = old_side.files[module], new_side.files[new_module]
    comparer = _Comparer(module, old_side, new_side, old_file, new_file)
    found = comparer.run()
    examples = _examples(old_file, new_file)
    judges = _Judges(old_side, new_side, module, new_module)
    changes = _witnessed(found, judges, examples)
    changes += python
    changes += _cross_check(comparer, judges, examples, changes)
    return changes + _versioning(module, old_file, new_file, changes, mode)


def compare_folders(old: dict[str, SchemaFile], new: dict[str, SchemaFile], mode: str) -> Report:
    """Every change from the old schemas to the new ones, judged by ``mode``."""
    report = Report(mode=mode)
    if old.keys() == new.keys() and all(old[m].text == new[m].text for m in old):
        return report  # nothing moved: nothing to generate or to judge
    from codegen.evolution.api import python_changes  # noqa: PLC0415 (loads the generator)

    python: dict[str, list[Change]] = {}
    for change in python_changes(old, new):
        python.setdefault(change.module, []).append(change)
    old_side, new_side = _Side(old), _Side(new)
    renamed = _renamed(old, new)
    for module in sorted(set(old) | set(new)):
        if module in renamed:
            message = f"the file is renamed to {renamed[module]}{SCHEMA_SUFFIX}: every payload is judged the same"
            report.changes.append(Change("schema-renamed", module, "", message, frozenset()))
            report.changes += _compare_module(
                (module, renamed[module]), old_side, new_side, mode, python.pop(module, [])
            )
            continue
        if module in renamed.values():
            continue
        if module not in new:
            report.changes.append(Change("schema-removed", module, "", "the schema file is removed", frozenset({B, F})))
            report.changes += python.pop(module, [])
            continue
        if module not in old:
            report.changes.append(Change("schema-added", module, "", "a new schema file", frozenset()))
            report.changes += python.pop(module, [])
            continue
        report.changes += _compare_module((module, module), old_side, new_side, mode, python.pop(module, []))
    for changes in python.values():
        report.changes += changes
    return report
