"""A member's ``oneOf`` or ``anyOf`` of references to objects (and ``null``): a union of their models.

Pydantic's union (smart mode) tries the branches and accepts a value as soon as one
accepts it: that is ``anyOf`` exactly. ``oneOf`` also rejects a value that two
branches accept, which no pydantic union does, so a ``oneOf`` is supported only where
no value can match two branches, proven from the schemas at generation:

- a **tagged union**: a member whose ``const`` (or one-value ``enum``) differs, as JSON,
  between the two branches, required in at least one of them (``kind: "TICK"`` and
  ``kind: "NEWS"``); or
- a member one branch requires and the other, a closed object, does not declare; or
- ``null`` beside objects.

Then "at least one" is "exactly one", and the union is exact. Every other ``oneOf`` is
refused naming the two branches that may overlap (on an object, ``oneOf`` is a rule
that counts: ``codegen.constructs.one_of``). Decided edges: branches are ``$ref``s
(an inline object would become a class named by the generator, not by the schema),
at most one ``{"type": "null"}``; no keyword beside the branches but annotations.
A tagged union whose tags are all strings becomes pydantic's *discriminated* union
(``Field(discriminator="kind")``): pydantic-core reads the tag and validates that one
branch, with an error naming the tag. The generator is told through ``x-discriminator``
in its view (see ``codegen.generation.generator``), which it writes as a ``Field``
argument; its own ``discriminator`` keyword would rewrite the branches' tag fields.
A string tag's wire type is a plain literal (``codegen.runtime.values``), which
pydantic's discriminator reads. Tags of other JSON types stay a smart union: a
discriminator looks the tag up by Python value (``1.0`` would miss the tag ``1``,
which JSON Schema calls equal), and with distinct tags the smart union's verdict is the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from codegen.constructs._rules import followed
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

__all__ = ["DISCRIMINATOR", "UNION", "branches_of", "discriminator_of", "overlap", "tag_of"]

_NULL = {"type": "null"}

DISCRIMINATOR = "x-discriminator"
"""The generator-view key that makes the generator write ``Field(discriminator=...)`` (stripped of ``x-``)."""


def branches_of(node: Node) -> tuple[str, list[Any]] | None:
    """The union keyword of ``node`` and its branches, or None."""
    for key in ("oneOf", "anyOf"):
        if isinstance(node.get(key), list):
            return key, list(node[key])
    return None


def _tags(node: Mapping[str, Any], follow: Callable[[Any], Any]) -> dict[str, Any]:
    """Each member fixed to one JSON value (``const`` or a one-value ``enum``), with its value."""
    from codegen.constructs.all_of import members_of  # noqa: PLC0415

    fixed = {}
    for name, sub in members_of(node, lambda ref: follow({"$ref": ref})).items():
        target = follow(sub)
        if isinstance(target, Mapping):
            if "const" in target:
                fixed[name] = target["const"]
            elif isinstance(target.get("enum"), list) and len(target["enum"]) == 1:
                fixed[name] = target["enum"][0]
    return fixed


def _required(node: Mapping[str, Any], follow: Callable[[Any], Any]) -> set[str]:
    from codegen.constructs.all_of import base_refs  # noqa: PLC0415

    names = set(node.get("required", []))
    for ref in base_refs(node):
        names |= _required(follow({"$ref": ref}), follow)
    return names


def _declared(node: Mapping[str, Any], follow: Callable[[Any], Any]) -> set[str]:
    from codegen.constructs.all_of import members_of  # noqa: PLC0415

    return set(members_of(node, lambda ref: follow({"$ref": ref})))


def tag_of(branches: list[Mapping[str, Any]], follow: Callable[[Any], Any]) -> str | None:
    """The member every branch fixes to a different value and requires, if there is one (a discriminator)."""
    from codegen.runtime.arrays import json_key  # noqa: PLC0415

    tags = [_tags(branch, follow) for branch in branches]
    for name in sorted(set.intersection(*(set(tag) for tag in tags)) if tags else set()):
        keys = [json_key(tag[name]) for tag in tags]
        if len(set(keys)) == len(keys) and all(name in _required(branch, follow) for branch in branches):
            return name
    return None


def discriminator_of(node: Node, follow: Callable[[Any], Any]) -> str | None:
    """The tag a union of ``node`` is discriminated by: one every branch requires, fixed to distinct strings."""
    found = branches_of(node)
    if found is None:
        return None
    branches = [follow(branch) for branch in found[1] if branch != _NULL]
    if not all(isinstance(branch, Mapping) for branch in branches):
        return None
    tag = tag_of(branches, follow)
    if tag is None or not all(isinstance(_tags(branch, follow)[tag], str) for branch in branches):
        return None
    return tag


def overlap(first: Any, second: Any, follow: Callable[[Any], Any]) -> bool:
    """Whether a value might match both branches (False only where disjointness is proven)."""
    from codegen.runtime.arrays import json_key  # noqa: PLC0415

    if _NULL in (first, second):
        return bool(first == second)
    a, b = follow(first), follow(second)
    if not (isinstance(a, Mapping) and isinstance(b, Mapping)):
        return True
    required_a, required_b = _required(a, follow), _required(b, follow)
    if required_a - _declared(b, follow) or required_b - _declared(a, follow):
        return False  # a member one requires is one the other (closed) never has
    tags_a, tags_b = _tags(a, follow), _tags(b, follow)
    return not any(
        json_key(tags_a[name]) != json_key(tags_b[name]) and (name in required_a or name in required_b)
        for name in set(tags_a) & set(tags_b)
    )


class Union(Construct):
    name = "union"
    summary = (
        "a member's oneOf/anyOf of $refs to objects (and null): a pydantic union, discriminated by a string tag; "
        "oneOf only where no value "
        "can match two branches (distinct tags, or members one branch requires and the other lacks)"
    )
    keywords = frozenset({"oneOf", "anyOf"})

    def matches(self, node: Node) -> bool:
        from codegen.constructs.nullable_ref import nullable_target  # noqa: PLC0415

        return branches_of(node) is not None and "object" not in json_types(node) and nullable_target(node) is None

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.constructs import ANNOTATIONS  # noqa: PLC0415 (the registry imports this module)

        found = branches_of(node)
        if found is None:  # matches() said so
            raise AssertionError(node)
        key, branches = found
        at = [*where, key]
        if "oneOf" in node and "anyOf" in node:
            raise ctx.fail([*where, "anyOf"], "oneOf beside anyOf is not supported: keep one union")
        extra = sorted(name for name in node if name not in ANNOTATIONS and name != key and not name.startswith("x-"))
        if extra:
            raise ctx.fail(
                [*where, extra[0]], f"keyword {extra[0]!r} beside a union is not supported; move it into the branches"
            )
        if len(branches) < 2 or branches.count(_NULL) > 1:
            raise ctx.fail(at, "a union needs two or more branches, at most one of them {'type': 'null'}")
        follow = followed(ctx)
        for index, branch in enumerate(branches):
            if branch == _NULL:
                continue
            if not (isinstance(branch, Mapping) and set(branch) == {"$ref"}):
                raise ctx.fail(
                    [*at, index],
                    "a union's branches are $refs to objects (or {'type': 'null'}): the model is a union of their "
                    "classes; an inline branch has no class name of the schema's",
                )
            ctx.check(branch, [*at, index])
            target = follow(branch)
            if not (isinstance(target, Mapping) and "object" in json_types(target)):
                raise ctx.fail([*at, index, "$ref"], "a union's branch must be an object (a model)")
        if key == "oneOf":
            for i, first in enumerate(branches):
                for j in range(i + 1, len(branches)):
                    if overlap(first, branches[j], follow):
                        raise ctx.fail(
                            at,
                            f"branches {i} and {j} may both match a value, and pydantic's union does not reject "
                            "that; give them a tag (a member with a different const in each, required) or use anyOf",
                        )

    def generator_view(self, node: Node, follow: Callable[[Any], Any]) -> dict[str, Any]:
        tag = discriminator_of(node, follow)
        return {DISCRIMINATOR: tag} if tag is not None else {}

    def constraints(self, node: Node) -> list[str]:
        return ["exactly one branch matches"] if "oneOf" in node else []

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        found = branches_of(node)
        if found is None:
            raise AssertionError(node)
        return st.one_of([st.none() if branch == _NULL else ctx.values(branch) for branch in found[1]])


UNION = Union()
