"""House rules for schema files: each finding is a value with a rule id, a message and a JSON pointer.

The metaschema is checked by the loader (``codegen.schema.loading``): a file that fails it
cannot be read and is reported as a load error (exit 2), never as a finding. The
rules below are what a valid schema must also respect for its models, docs and
validators to agree. A rule can be switched off per schema in ``pyproject.toml``::

    [tool.codegen.lint."execution_plan"]
    disable = [{rule = "pattern-dollar-end", reason = "why this is safe here"}]

A switch without a reason, or naming a rule that does not exist, is a usage error.
"""

from __future__ import annotations

import json
import keyword
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import referencing
import referencing.exceptions

from codegen.errors import SchemaError, UsageError
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SCHEMA_SUFFIX, SchemaFile, json_types, load_schema_file, pointer_of, registry_of
from codegen.schema.patterns import PatternProblem, check_pattern
from codegen.schema.refs import ref_errors

__all__ = ["RULES", "Finding", "LintResult", "Waiver", "lint_paths", "load_waivers"]

RULES: dict[str, str] = {
    "description": "every property has a description (its own, or its $ref target's)",
    "closed-object": "every object sets 'additionalProperties': false, unless it is a map (a schema) "
    "or says 'x-free-json': true",
    "pattern-portable": "a pattern means the same in ECMA-262, Python re and Rust regex (no \\d, \\w, \\s, \\b, ...)",
    "pattern-dollar-end": "a pattern has no '$' anchor, which Python re also matches before a final newline",
    "default-valid": "every default validates against its own subschema",
    "example-valid": "every entry of examples validates against its own subschema",
    "decimal-string": "decimal values are strings with format 'decimal' and a pattern, never JSON numbers",
    "enum-unique": "enum values are unique",
    "enum-name": "enum values are strings that are valid Python names (they become enum members)",
    "version": "the root declares 'x-version' as MAJOR.MINOR.PATCH",
    "if-absent": "an 'if' that tests a member's value also requires it (else the 'if' holds when the member is absent)",
    "oneof-overlap": "the branches of a member's oneOf can never both match (a tag, or a member only one declares)",
    "discriminator-missing": "a union whose branches carry a tag (a const member) carries it in every branch",
    "allof-closed": "an allOf extension closes itself with unevaluatedProperties: false and extends open base shapes "
    "(additionalProperties: false rejects the other side's members)",
}
# Keywords whose subschemas are rules or branches, judged against the object around them, not objects of their own.
_RULE_PARTS = frozenset({"if", "then", "else", "not", "dependentSchemas", "anyOf", "oneOf", "allOf"})

_SEMVER = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")
# Keywords whose value is one subschema, or a map / list of subschemas.
_ONE = ("additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames")
_MAP = ("properties", "$defs", "patternProperties", "dependentSchemas")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


@dataclass(frozen=True)
class Finding:
    """One rule broken at one spot of one schema file."""

    rule: str
    path: Path
    pointer: str
    message: str


@dataclass(frozen=True)
class Waiver:
    """A rule switched off for one schema, with the reason it is safe."""

    module: str
    rule: str
    reason: str


@dataclass
class LintResult:
    """What linting a set of schema files found: findings, files that could not be read, waivers used."""

    findings: list[Finding] = field(default_factory=list)
    load_errors: list[SchemaError] = field(default_factory=list)
    waived: list[tuple[Waiver, Finding]] = field(default_factory=list)
    files: int = 0

    @property
    def exit_code(self) -> int:
        return 2 if self.load_errors else 1 if self.findings else 0


def load_waivers(pyproject: Path) -> list[Waiver]:
    """The ``[tool.codegen.lint."<schema>"]`` switches of a pyproject file (none if it is absent)."""
    if not pyproject.is_file():
        return []
    try:
        config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{pyproject}: cannot read: {error}") from None
    section = config.get("tool", {}).get("codegen", {}).get("lint", {})
    waivers = []
    for module, settings in section.items():
        where = f'{pyproject}: [tool.codegen.lint."{module}"]'
        if not isinstance(settings, dict) or set(settings) - {"disable"}:
            raise UsageError(f"{where}: only 'disable' is supported")
        switches = settings.get("disable", [])
        if not isinstance(switches, list):
            raise UsageError(f"{where}: 'disable' must be a list of {{rule, reason}} tables")
        for index, switch in enumerate(switches):
            if not isinstance(switch, dict):
                raise UsageError(f"{where} disable[{index}]: must be a {{rule, reason}} table")
            rule, reason = switch.get("rule"), switch.get("reason")
            if rule not in RULES:
                raise UsageError(f"{where} disable[{index}]: unknown rule {rule!r} (known: {', '.join(RULES)})")
            if not isinstance(reason, str) or not reason.strip():
                raise UsageError(f"{where} disable[{index}]: switching off {rule!r} needs a non-empty 'reason'")
            waivers.append(Waiver(module=module, rule=str(rule), reason=reason.strip()))
    return waivers


def _subschemas(node: dict[str, Any], parts: list[str | int]) -> Iterator[tuple[dict[str, Any], list[str | int]]]:
    """Every object subschema under ``node`` (itself included), with its path."""
    yield node, parts
    for key in _ONE:
        if isinstance(node.get(key), dict):
            yield from _subschemas(node[key], [*parts, key])
    for key in _MAP:
        if isinstance(node.get(key), dict):
            for name, sub in node[key].items():
                if isinstance(sub, dict):
                    yield from _subschemas(sub, [*parts, key, name])
    for key in _LIST:
        if isinstance(node.get(key), list):
            for index, sub in enumerate(node[key]):
                if isinstance(sub, dict):
                    yield from _subschemas(sub, [*parts, key, index])


def _anchored_at_end(pattern: str) -> bool:
    """Whether a portable pattern (one ``check_pattern`` accepted) holds an unescaped ``$`` outside a class."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            return True
        index += 1
    return False


def _open_on_purpose(node: dict[str, Any], parts: list[str | int]) -> bool:
    """A map of one value schema (and no properties), or free JSON opted into with ``x-free-json``."""
    from codegen.constructs.all_of import closed_by_unevaluated, is_base_shape  # noqa: PLC0415
    from codegen.constructs.free_json import FREE_JSON  # noqa: PLC0415 (lint loads the constructs only here)
    from codegen.constructs.map import is_map  # noqa: PLC0415

    # A base shape ($defs, extended through allOf) is open in JSON Schema; its extension is closed by unevaluated*.
    open_shape = (is_base_shape(node) and len(parts) >= 2 and parts[-2] == "$defs") or closed_by_unevaluated(node)
    return (is_map(node) and "properties" not in node) or FREE_JSON.matches(node) or open_shape


class _Linter:
    def __init__(self, schema: SchemaFile, registry: referencing.Registry[Any]) -> None:
        self.file = schema
        self.registry = registry
        self.findings: list[Finding] = []

    def add(self, rule: str, parts: list[str | int], message: str) -> None:
        self.findings.append(Finding(rule, self.file.path, pointer_of(parts), message))

    def target(self, node: dict[str, Any]) -> dict[str, Any] | None:
        """The subschema a local or registry ``$ref`` points at, if it resolves."""
        try:
            resolved = self.registry.resolver(base_uri=self.file.uri).lookup(node["$ref"]).contents
        except referencing.exceptions.Unresolvable:
            return None
        return resolved if isinstance(resolved, dict) else None

    def run(self) -> list[Finding]:
        document = self.file.document
        version = document.get("x-version")
        if not (isinstance(version, str) and _SEMVER.fullmatch(version)):
            self.add(
                "version",
                ["x-version"],
                f"declare the schema's version as 'x-version': 'MAJOR.MINOR.PATCH', not {version!r}",
            )
        for node, parts in _subschemas(document, []):
            self.check_node(node, parts)
        return self.findings

    def check_node(self, node: dict[str, Any], parts: list[str | int]) -> None:
        types = json_types(node)
        self.check_rules(node, parts)
        if _RULE_PARTS & {part for part in parts if isinstance(part, str)}:
            return  # a rule's or a union branch's subschema: the object around it is checked
        if (
            ("object" in types or "properties" in node)
            and node.get("additionalProperties") is not False
            and not _open_on_purpose(node, parts)
        ):
            self.add("closed-object", parts, "an object must set 'additionalProperties': false")
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and not self.described(sub):
                self.add("description", [*parts, "properties", name], f"property {name!r} has no description")
        if isinstance(node.get("pattern"), str):
            self.check_pattern(node["pattern"], [*parts, "pattern"])
        self.check_decimal(node, types, parts)
        if isinstance(node.get("enum"), list):
            self.check_enum(node["enum"], [*parts, "enum"])
        if "default" in node:
            self.check_instance("default-valid", node, node["default"], [*parts, "default"], "default")
        if isinstance(node.get("examples"), list):
            for index, example in enumerate(node["examples"]):
                self.check_instance("example-valid", node, example, [*parts, "examples", index], f"example {index}")

    def check_rules(self, node: dict[str, Any], parts: list[str | int]) -> None:
        """The traps of unions and cross-field rules (codegen.constructs._rules, union, all_of)."""
        from codegen.constructs.all_of import base_refs  # noqa: PLC0415
        from codegen.constructs.union import branches_of, overlap, tag_of  # noqa: PLC0415

        condition = node.get("if")
        if isinstance(condition, dict):
            required = set(condition.get("required", [])) | set(node.get("required", []))
            for name in condition.get("properties", {}):
                if name not in required:
                    message = f"the 'if' holds when {name!r} is absent; add it to the if's 'required'"
                    self.add("if-absent", [*parts, "if", "properties", name], message)
        found = branches_of(node) if "object" not in json_types(node) else None
        if found is not None and all(isinstance(sub, dict) and "$ref" in sub for sub in found[1]):
            key, branches = found
            follow = self.follow
            tags = [self.fixed(follow(sub)) for sub in branches]
            common = set.union(*tags) if tags else set()
            for name in sorted(common):
                for index, tag in enumerate(tags):
                    if name not in tag and len([t for t in tags if name in t]) > len(tags) / 2:
                        message = f"branch {index} has no fixed {name!r}, which the other branches use as a tag"
                        self.add("discriminator-missing", [*parts, key, index], message)
            if key == "oneOf" and tag_of(branches, follow) is None:
                for i, first in enumerate(branches):
                    for j in range(i + 1, len(branches)):
                        if overlap(first, branches[j], follow):
                            message = f"branches {i} and {j} may both match a value (oneOf then rejects it)"
                            self.add("oneof-overlap", [*parts, key], message)
        refs = base_refs(node)
        if refs and node.get("additionalProperties") is False:
            message = "additionalProperties: false beside allOf rejects the bases' members; use unevaluatedProperties"
            self.add("allof-closed", [*parts, "additionalProperties"], message)
        for index, sub in enumerate(node.get("allOf", []) if refs else []):
            target = self.target(sub) if isinstance(sub, dict) and "$ref" in sub else None
            if isinstance(target, dict) and target.get("additionalProperties") is False:
                message = "the base is closed, so it rejects every member the extension adds"
                self.add("allof-closed", [*parts, "allOf", index, "$ref"], message)

    def follow(self, node: Any) -> Any:
        for _ in range(64):
            if not (isinstance(node, dict) and "$ref" in node):
                break
            node = self.target(node)
        return node

    def fixed(self, node: Any) -> set[str]:
        """The members of an object fixed to one value (its possible tags)."""
        if not isinstance(node, dict):
            return set()
        names = set()
        for name, sub in node.get("properties", {}).items():
            target = self.follow(sub)
            if isinstance(target, dict) and ("const" in target or len(target.get("enum", [None, None])) == 1):
                names.add(name)
        return names

    def described(self, sub: dict[str, Any]) -> bool:
        if sub.get("description"):
            return True
        target = self.target(sub) if "$ref" in sub else None
        return bool(target and target.get("description"))

    def check_pattern(self, pattern: str, parts: list[str | int]) -> None:
        try:
            check_pattern(pattern)
        except PatternProblem as problem:
            self.add("pattern-portable", parts, str(problem))
            return
        if _anchored_at_end(pattern):
            self.add(
                "pattern-dollar-end",
                parts,
                "'$' also matches before a final newline in Python re (not in ECMA-262 or Rust regex)",
            )

    def check_decimal(self, node: dict[str, Any], types: list[str], parts: list[str | int]) -> None:
        if "number" in types:
            self.add(
                "decimal-string",
                [*parts, "type"],
                "a JSON number loses decimal precision in most readers; use a string, format 'decimal', a pattern",
            )
        if node.get("format") == "decimal":
            if "string" not in types:
                self.add("decimal-string", [*parts, "type"], "a decimal must be carried as a JSON string")
            if "pattern" not in node:
                self.add("decimal-string", parts, "a decimal string needs a pattern that pins its notation and range")

    def check_enum(self, values: list[Any], parts: list[str | int]) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            canonical = json.dumps(value, sort_keys=True)
            if canonical in seen:
                self.add("enum-unique", [*parts, index], f"enum value {value!r} is listed twice")
            seen.add(canonical)
            # Only an enum of strings becomes a StrEnum with members; other values are a Literal.
            if isinstance(value, str) and not (value.isidentifier() and not keyword.iskeyword(value)):
                self.add("enum-name", [*parts, index], f"enum value {value!r} is not a valid Python name")

    def check_instance(self, rule: str, node: dict[str, Any], instance: Any, parts: list[str | int], what: str) -> None:
        # Judged in place, through the registry: a copy of the node under the file's URI
        # would make its own "$ref": "#" (a tree's parent) point at itself, forever.
        node_at = parts[:-1] if parts[-1] == "default" else parts[:-2]  # past ".../default" or ".../examples/<i>"
        validator = ecma_validator({"$ref": f"{self.file.uri}#{pointer_of(node_at)}"}, self.registry)
        try:
            error = next(iter(validator.iter_errors(instance)), None)
        except referencing.exceptions.Unresolvable as problem:
            self.add(rule, parts, f"{what} cannot be checked: unresolvable reference ({problem})")
            return
        if error is not None:
            where = pointer_of(list(error.absolute_path)) or "/"
            self.add(rule, parts, f"{what} does not validate at {where}: {error.message}")


def _schema_paths(targets: list[Path]) -> list[Path]:
    paths: list[Path] = []
    for target in targets:
        if target.is_dir():
            found = sorted(target.glob(f"*{SCHEMA_SUFFIX}"))
            if not found:
                raise UsageError(f"{target}: no *{SCHEMA_SUFFIX} files")
            paths.extend(found)
        else:
            paths.append(target)
    return paths


def lint_paths(targets: list[Path], waivers: list[Waiver]) -> LintResult:
    """Lint every schema file named (or found in a named folder); one unreadable file never stops the others."""
    result = LintResult()
    files: list[SchemaFile] = []
    for path in _schema_paths(targets):
        try:
            files.append(load_schema_file(path))
        except SchemaError as error:
            result.load_errors.append(error)
    result.files = len(files) + len(result.load_errors)
    # A file whose $ref leaves the folder is unreadable here too: no validator may fetch it.
    broken: dict[Path, SchemaError] = {}
    for ref_error in ref_errors([(schema.path, schema.uri, schema.document) for schema in files]):
        broken.setdefault(ref_error.path, ref_error)
    result.load_errors.extend(broken.values())
    files = [schema for schema in files if schema.path not in broken]
    registry = registry_of(files)
    for schema in files:
        switched_off = {waiver.rule: waiver for waiver in waivers if waiver.module == schema.module}
        for finding in _Linter(schema, registry).run():
            if finding.rule in switched_off:
                result.waived.append((switched_off[finding.rule], finding))
            else:
                result.findings.append(finding)
    return result
