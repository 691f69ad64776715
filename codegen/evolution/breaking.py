"""Comparing two versions of the schemas: every semantic change as a value, with the directions it breaks.

Directions (see the README's "Schema evolution" for how each rule was decided):

- ``backward``: new consumers may reject a payload an old producer sends;
- ``forward``: old consumers may reject a payload a new producer sends;
- ``python``: code importing the generated models may break (class, field or member
  removed or renamed, or a field's Python type changed);
- ``unknown``: the tool cannot classify the change exactly; it fails every mode;
- ``version``: the declared ``x-version`` does not match the change; fails every mode.

Each construct (``codegen.constructs``) says what a change to the keywords it owns does
(``Construct.compare``, with its rules in ``Construct.rules``); this module holds the
rules that span constructs (types, null, defaults, references, classes, versions) and
the cross-check by payloads. A change no rule classifies is ``unknown``, never a silent
pass. Annotations (title aside, which names a class) never break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import referencing.exceptions

from codegen.constructs import CONSTRUCTS, constructs_of
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SchemaFile, json_types, pointer_of, registry_of

__all__ = ["MODES", "RULES", "Change", "Report", "compare_folders"]

MODES: dict[str, frozenset[str]] = {
    "backward": frozenset({"backward", "unknown", "version"}),
    "forward": frozenset({"forward", "unknown", "version"}),
    "full": frozenset({"backward", "forward", "python", "unknown", "version"}),
}
_ANNOTATIONS = {"description", "examples", "$comment", "deprecated", "readOnly", "writeOnly"}
# What the comparer itself handles; each construct handles the keywords it owns.
_HANDLED = {"$schema", "$id", "$defs", "title", "type", "default", "x-version", "x-id-prefix", "$ref"}
_GENERIC_RULES: dict[str, str] = {
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
RULES: dict[str, str] = {
    **{rule: purpose for construct in CONSTRUCTS for rule, purpose in construct.rules.items()},
    **_GENERIC_RULES,
}
"""Every rule ``codegen breaking`` reports: each construct's own (``Construct.rules``), then the generic ones."""

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


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Comparer:
    def __init__(self, module: str, old: SchemaFile, new: SchemaFile) -> None:
        self.module = module
        self.old = old
        self.new = new
        self.changes: list[Change] = []

    def add(
        self, rule: str, parts: list[str | int], message: str, *directions: str, witness: str | None = None
    ) -> None:
        self.changes.append(Change(rule, self.module, pointer_of(parts), message, frozenset(directions), witness))

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

    def node(self, old: Any, new: Any, parts: list[str | int]) -> None:
        if not (isinstance(old, dict) and isinstance(new, dict)):
            return
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
        constructs = [c for c in CONSTRUCTS if c.matches(old) or c.matches(new)]
        owned = set().union(*(construct.keywords for construct in constructs))
        for key in sorted((set(old) | set(new)) - _HANDLED - _ANNOTATIONS - owned):
            if old.get(key) != new.get(key):
                self.add("unclassified", [*parts, key], f"keyword {key!r} changed; its effect is not classified", U)
        if old.get("x-id-prefix") != new.get("x-id-prefix"):
            self.add("id-prefix-changed", [*parts, "x-id-prefix"], "ids generated for Python callers change", P)
        self.types(old, new, parts)
        for construct in constructs:
            construct.compare(old, new, parts, self)
        self.default(old, new, parts)

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

    def default(self, old: dict[str, Any], new: dict[str, Any], parts: list[str | int]) -> None:
        if _json(old.get("default")) != _json(new.get("default")) or ("default" in old) != ("default" in new):
            before = _json(old["default"]) if "default" in old else "absent"
            after = _json(new["default"]) if "default" in new else "absent"
            message = f"default {before} becomes {after}: an omitted field now means something else"
            self.add("default-changed", [*parts, "default"], message, B, F)


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
    values += [miss for construct in constructs_of(node) for miss in construct.near_misses(node)]
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
