"""Comparing two versions of the schemas: every semantic change as a value, with the directions it breaks.

Directions (see the README's "Schema evolution" for how each rule was decided):

- ``backward``: new consumers may reject a payload an old producer sends;
- ``forward``: old consumers may reject a payload a new producer sends;
- ``python``: code importing the generated models may break (class, field or member
  removed or renamed, or a field's Python type changed);
- ``unknown``: the tool cannot classify the change exactly; it fails every mode;
- ``version``: the declared ``x-version`` does not match the change; fails every mode.

Only the keywords ``codegen.schema.support`` admits are classified; a change to any other
keyword is ``unknown``. Annotations (title aside, which names a class) never break.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import referencing.exceptions

from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SchemaFile, json_types, pointer_of, registry_of
from codegen.schema.patterns import PatternProblem, ecma_regex

__all__ = ["MODES", "RULES", "Change", "Report", "compare_folders"]

MODES: dict[str, frozenset[str]] = {
    "backward": frozenset({"backward", "unknown", "version"}),
    "forward": frozenset({"forward", "unknown", "version"}),
    "full": frozenset({"backward", "forward", "python", "unknown", "version"}),
}
_ANNOTATIONS = {"description", "examples", "$comment", "deprecated", "readOnly", "writeOnly"}
_HANDLED = {
    "$schema", "$id", "$defs", "title", "type", "enum", "pattern", "format", "default",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "properties", "required", "additionalProperties", "x-version", "x-id-prefix", "$ref",
}  # fmt: skip
RULES: dict[str, str] = {
    "property-removed": "a field is removed from a closed object",
    "property-added": "a field is added to a closed object",
    "required-added": "a field becomes required",
    "required-removed": "a field is no longer required",
    "range-narrowed": "an integer range narrows (minimum/maximum, exclusive or not)",
    "range-widened": "an integer range widens",
    "length-narrowed": "a string length range narrows",
    "length-widened": "a string length range widens",
    "pattern-added": "a pattern is added",
    "pattern-removed": "a pattern is removed",
    "pattern-changed": "a pattern is replaced (inclusion is not decided: unknown, plus any witnessed direction)",
    "enum-value-removed": "an enum value disappears",
    "enum-value-added": "an enum value is added",
    "enum-added": "a field becomes restricted to an enum",
    "enum-removed": "a field is no longer restricted to an enum",
    "type-narrowed": "a JSON type is no longer allowed",
    "type-widened": "a JSON type becomes allowed",
    "null-removed": "null is no longer allowed",
    "null-added": "null becomes allowed",
    "default-changed": "a default changes, appears or disappears (an omitted field changes meaning)",
    "class-removed": "a $defs entry (a generated class) is removed",
    "class-renamed": "a generated class is renamed (its title)",
    "type-changed": "a field's Python type changes ($ref target, or str vs Decimal)",
    "id-prefix-changed": "the x-id-prefix used to generate ids for Python callers changes",
    "unclassified": "any change the tool cannot classify exactly",
    "version-not-major": "a change breaking the mode without a new major x-version",
    "version-bump-without-change": "x-version moves but nothing else in the file changed",
    "version-decreased": "x-version goes down",
    "version-missing": "the new schema declares no x-version",
    "schema-removed": "a schema file is removed",
    "schema-added": "a schema file is added (breaks nothing)",
    "witness": "an example accepted by one version and rejected by the other (information)",
}
_SEMVER = re.compile(r"([0-9]+)\.([0-9]+)\.([0-9]+)")
B, F, P, U = "backward", "forward", "python", "unknown"


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


def _types(node: dict[str, Any]) -> set[str]:
    return set(json_types(node))


def _bounds(node: dict[str, Any]) -> tuple[float | None, float | None]:
    """The inclusive integer range a node allows (None: unbounded)."""
    lows = [math.ceil(node["minimum"])] if "minimum" in node else []
    lows += [math.floor(node["exclusiveMinimum"]) + 1] if "exclusiveMinimum" in node else []
    highs = [math.floor(node["maximum"])] if "maximum" in node else []
    highs += [math.ceil(node["exclusiveMaximum"]) - 1] if "exclusiveMaximum" in node else []
    return (max(lows) if lows else None), (min(highs) if highs else None)


def _looser(old: float | None, new: float | None, low: bool) -> tuple[bool, bool]:
    """(narrowed, widened) for one end of a range; None is unbounded."""
    if old == new:
        return False, False
    if old is None or new is None:
        return new is not None, old is not None
    return (new > old, new < old) if low else (new < old, new > old)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Comparer:
    def __init__(self, module: str, old: SchemaFile, new: SchemaFile) -> None:
        self.module = module
        self.old = old
        self.new = new
        self.changes: list[Change] = []

    def add(self, rule: str, parts: list[str | int], message: str, *directions: str) -> None:
        self.changes.append(Change(rule, self.module, pointer_of(parts), message, frozenset(directions)))

    def deref(self, document: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return node, None
        name = ref.removeprefix("#/$defs/")
        target = document.get("$defs", {}).get(name) if ref.startswith("#/$defs/") else None
        if not isinstance(target, dict):
            return {"$ref": ref}, ref
        return target, name

    def run(self) -> list[Change]:
        old, new = self.old.document, self.new.document
        if old.get("title") != new.get("title"):
            self.add("class-renamed", ["title"], f"root class {old.get('title')!r} becomes {new.get('title')!r}", P)
        for key in ("$schema", "$id"):
            if old.get(key) != new.get(key):
                self.add("unclassified", [key], f"{key} changed from {old.get(key)!r} to {new.get(key)!r}", U)
        old_defs, new_defs = old.get("$defs", {}), new.get("$defs", {})
        for name in old_defs:
            if name not in new_defs:
                self.add("class-removed", ["$defs", name], f"definition {name!r} (a generated class) is removed", P)
        for name in new_defs:
            if name in old_defs:
                if old_defs[name].get("title") != new_defs[name].get("title"):
                    self.add("class-renamed", ["$defs", name, "title"], f"class of {name!r} is renamed", P)
                self.node(old_defs[name], new_defs[name], ["$defs", name])
        self.node(old, new, [])
        return self.changes

    def node(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        old_ref, new_ref = old.get("$ref"), new.get("$ref")
        if old_ref is not None or new_ref is not None:
            if old_ref == new_ref:
                self.default(old, new, parts)
                return  # the shared definition is compared once, under /$defs
            old_target, old_name = self.deref(self.old.document, old)
            new_target, new_name = self.deref(self.new.document, new)
            self.add(
                "type-changed", parts, f"Python type changes from {old_name or 'inline'} to {new_name or 'inline'}", P
            )
            if "$ref" in old_target or "$ref" in new_target:
                # A $ref into another file: its target is not compared here, so the change is not classified.
                self.add("unclassified", [*parts, "$ref"], "a $ref into another file changed target", U)
                return
            old, new = {**old_target, **old}, {**new_target, **new}
            old.pop("$ref", None)
            new.pop("$ref", None)
        for key in sorted((set(old) | set(new)) - _HANDLED - _ANNOTATIONS):
            if old.get(key) != new.get(key):
                self.add("unclassified", [*parts, key], f"keyword {key!r} changed; its effect is not classified", U)
        if old.get("x-id-prefix") != new.get("x-id-prefix"):
            self.add("id-prefix-changed", [*parts, "x-id-prefix"], "ids generated for Python callers change", P)
        self.types(old, new, parts)
        common = _types(old) & _types(new)
        if "integer" in common:
            self.ranges(_bounds(old), _bounds(new), parts, "range")
        if "string" in common:
            old_len = (old.get("minLength", 0), old.get("maxLength"))
            new_len = (new.get("minLength", 0), new.get("maxLength"))
            self.ranges(old_len, new_len, parts, "length")
            self.pattern(old.get("pattern"), new.get("pattern"), [*parts, "pattern"])
            if (old.get("format") == "decimal") != (new.get("format") == "decimal"):
                self.add("type-changed", [*parts, "format"], "Python type changes between str and Decimal", P)
        self.enum(old, new, parts)
        self.default(old, new, parts)
        if "object" in common:
            self.object(old, new, parts)

    def types(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        if "type" not in old and "type" not in new:
            return
        removed, added = _types(old) - _types(new), _types(new) - _types(old)
        where = [*parts, "type"]
        if "null" in removed:
            self.add("null-removed", where, "null is no longer allowed", B, P)
        if "null" in added:
            self.add("null-added", where, "null becomes allowed", F, P)
        if removed - {"null"}:
            self.add("type-narrowed", where, f"type(s) {sorted(removed - {'null'})} no longer allowed", B, P)
        if added - {"null"}:
            self.add("type-widened", where, f"type(s) {sorted(added - {'null'})} become allowed", F, P)

    def ranges(self, old: tuple[Any, Any], new: tuple[Any, Any], parts: list[str | int], what: str) -> None:
        low_narrow, low_wide = _looser(old[0], new[0], low=True)
        high_narrow, high_wide = _looser(old[1], new[1], low=False)
        text = f"{what} [{old[0]}, {old[1]}] becomes [{new[0]}, {new[1]}] (None: unbounded)"
        if low_narrow or high_narrow:
            self.add(f"{what}-narrowed", parts, text, B)
        if low_wide or high_wide:
            self.add(f"{what}-widened", parts, text, F)

    def pattern(self, old: str | None, new: str | None, parts: list[str | int]) -> None:
        if old == new:
            return
        if old is None:
            self.add("pattern-added", parts, f"pattern {new!r} added: values may now be rejected", B)
            return
        if new is None:
            self.add("pattern-removed", parts, f"pattern {old!r} removed: values may now be accepted", F)
            return
        # Inclusion between regular expressions is not decided here: the change fails
        # every mode, and a witness from the examples and defaults shows a direction.
        directions, witness = {U}, None
        for value in self.strings():
            try:
                in_old, in_new = ecma_regex(old).find(value) is not None, ecma_regex(new).find(value) is not None
            except PatternProblem:
                break
            if in_old != in_new:
                directions.add(B if in_old else F)
                witness = witness or _json(value) + (" matches only the old pattern" if in_old else " only the new")
        message = f"pattern {old!r} becomes {new!r}: whether it tightens or loosens is not decided"
        self.changes.append(
            Change("pattern-changed", self.module, pointer_of(parts), message, frozenset(directions), witness)
        )

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

        for document in (self.old.document, self.new.document):
            walk(document.get("examples", []))
            walk([sub.get("default") for sub in document.get("properties", {}).values() if isinstance(sub, dict)])
        return sorted(set(found))

    def enum(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        where = [*parts, "enum"]
        if "enum" not in old and "enum" not in new:
            return
        if "enum" not in old:
            self.add("enum-added", where, "values are now restricted to an enum (a new Python enum type)", B, P)
            return
        if "enum" not in new:
            self.add("enum-removed", where, "values are no longer restricted to an enum (Python type changes)", F, P)
            return
        old_values, new_values = [_json(v) for v in old["enum"]], [_json(v) for v in new["enum"]]
        for value in old_values:
            if value not in new_values:
                self.add("enum-value-removed", where, f"enum value {value} is removed (and its Python member)", B, P)
        for value in new_values:
            if value not in old_values:
                self.add("enum-value-added", where, f"enum value {value} is added", F)

    def default(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        if _json(old.get("default")) != _json(new.get("default")) or ("default" in old) != ("default" in new):
            before = _json(old["default"]) if "default" in old else "absent"
            after = _json(new["default"]) if "default" in new else "absent"
            message = f"default {before} becomes {after}: an omitted field now means something else"
            self.add("default-changed", [*parts, "default"], message, B, F)

    def object(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        if old.get("additionalProperties") is not False or new.get("additionalProperties") is not False:
            if _json(old.get("additionalProperties")) != _json(new.get("additionalProperties")):
                self.add("unclassified", [*parts, "additionalProperties"], "additionalProperties changed", U)
            else:
                self.add("unclassified", parts, "an open object's changes are not classified", U)
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
        for name in old_props:
            where = [*parts, "properties", name]
            if name not in new_props:
                directions = [B, P, F] if name in old_req else [B, P]
                self.add("property-removed", where, f"field {name!r} is removed from a closed object", *directions)
        for name in new_props:
            where = [*parts, "properties", name]
            if name not in old_props:
                required = name in new_req
                directions = [F, B, P] if required else [F]
                kind = "required" if required else "optional"
                self.add("property-added", where, f"{kind} field {name!r} is added to a closed object", *directions)
                continue
            if name in new_req and name not in old_req:
                self.add("required-added", [*parts, "required"], f"field {name!r} becomes required", B, P)
            if name in old_req and name not in new_req:
                self.add("required-removed", [*parts, "required"], f"field {name!r} is no longer required", F)
            if isinstance(old_props[name], dict) and isinstance(new_props[name], dict):
                self.node(old_props[name], new_props[name], where)


def _version(schema: SchemaFile) -> tuple[int, int, int] | None:
    match = _SEMVER.fullmatch(str(schema.document.get("x-version", "")))
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _versioning(module: str, old: SchemaFile, new: SchemaFile, changes: list[Change], mode: str) -> list[Change]:
    """A breaking change must move to a new major version; a version must not move without a change."""
    before, after = _version(old), _version(new)
    stripped = [_json({k: v for k, v in s.document.items() if k != "x-version"}) for s in (old, new)]
    breaks = any(change.breaks(mode) for change in changes)
    problem: tuple[str, str] | None = None
    if after is None:
        problem = "version-missing", "declare 'x-version' as MAJOR.MINOR.PATCH"
    elif before is not None and after < before:
        problem = (
            "version-decreased",
            f"version goes down from {old.document['x-version']} to {new.document['x-version']}",
        )
    elif before is not None and after != before and stripped[0] == stripped[1]:
        problem = (
            "version-bump-without-change",
            f"version moves to {new.document['x-version']} but nothing else changed",
        )
    elif before is not None and after[0] == before[0] and breaks:
        problem = "version-not-major", f"a breaking change needs a new major version, not {new.document['x-version']}"
    if problem is None:
        return []
    return [Change(problem[0], module, pointer_of(["x-version"]), problem[1], frozenset({"version"}))]


def _validator(schema: SchemaFile, files: dict[str, SchemaFile]) -> Any:
    document = {**schema.document, "$id": schema.uri}
    return ecma_validator(document, registry_of(list(files.values())))


def _local(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node``, or the ``$defs`` entry of ``document`` that its local ``$ref`` names."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = document.get("$defs", {}).get(ref[len("#/$defs/") :])
        if isinstance(target, dict):
            return target
    return node


def _probe_values(document: dict[str, Any], name: str, example: Any) -> list[Any]:
    """Values worth trying in property ``name``: every JSON type, the bounds and one past them, enum values."""
    node = document.get("properties", {}).get(name)
    if not isinstance(node, dict):
        return []
    node = _local(document, node)
    values: list[Any] = [None, "x", 0, 1.5, True, {}, [], *node.get("enum", [])]
    if "default" in node:
        values.append(node["default"])
    for bound in _bounds(node):
        if bound is not None:
            values += [int(bound) - 1, int(bound), int(bound) + 1]
    for key in ("minLength", "maxLength"):
        if isinstance(node.get(key), int):
            values += ["a" * max(node[key] - 1, 0), "a" * node[key], "a" * (node[key] + 1)]
    if isinstance(example, str) and example:
        values += [example[:-1], example + example[-1], " " + example, example + "\n"]
    return values


def _probes(old: dict[str, Any], new: dict[str, Any], examples: list[Any]) -> Iterator[Any]:
    """Payloads generated from the examples: each property dropped, or set to a probe value of either version."""
    names = sorted(set(old.get("properties", {})) | set(new.get("properties", {})))
    for base in examples:
        yield base
        if not isinstance(base, dict):
            continue
        for name in names:
            yield {key: value for key, value in base.items() if key != name}
            for value in _probe_values(old, name, base.get(name)) + _probe_values(new, name, base.get(name)):
                yield {**base, name: value}


def _cross_check(
    module: str, old: dict[str, SchemaFile], new: dict[str, SchemaFile], changes: list[Change]
) -> list[Change]:
    """Payloads from both versions' examples, and generated from them, judged by both versions.

    A payload one version accepts and the other rejects is a witness of a backward
    (or forward) incompatibility; the first one per direction is printed under the
    changes. A disagreement that no classified change explains is itself a change
    the tool could not classify, and fails.
    """
    old_valid, new_valid = _validator(old[module], old), _validator(new[module], new)
    examples = [*old[module].document.get("examples", []), *new[module].document.get("examples", [])]
    payloads = {_json(item): item for item in _probes(old[module].document, new[module].document, examples)}
    found: dict[str, Change] = {}
    for payload in payloads.values():
        try:
            in_old, in_new = old_valid.is_valid(payload), new_valid.is_valid(payload)
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


def compare_folders(old: dict[str, SchemaFile], new: dict[str, SchemaFile], mode: str) -> Report:
    """Every change from the old schemas to the new ones, judged by ``mode``."""
    report = Report(mode=mode)
    for module in sorted(set(old) | set(new)):
        if module not in new:
            report.changes.append(
                Change("schema-removed", module, "", "the schema file is removed", frozenset({B, F, P}))
            )
            continue
        if module not in old:
            report.changes.append(Change("schema-added", module, "", "a new schema file", frozenset()))
            continue
        changes = _Comparer(module, old[module], new[module]).run()
        changes += _cross_check(module, old, new, changes)
        report.changes += changes + _versioning(module, old[module], new[module], changes, mode)
    return report
