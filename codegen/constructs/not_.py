"""``not``: a member value that must not match (a reserved prefix, a system name), or an object shape ruled out.

The generator drops ``not``, and pydantic has no negated constraint (pydantic-core's
Rust regex has no lookahead, so "must not start with ``SYS_``" is no ``pattern``
either). Two places are supported, both judged by ``codegen.runtime.rules``:

- **On an object**, ``not`` is a rule of the object (``codegen.constructs._rules``):
  ``"not": {"required": ["a", "b"]}`` says "never both".
- **On a member's own schema** (``properties/<name>/not``) of a scalar without a
  ``format``: the member keeps its type, and the negation becomes a rule of the object
  holding it, ``properties/<name>/not``, so the error names the schema's own pointer.

Elsewhere (an array's items, a map's values, a ``$defs`` entry) the model holds no
object to carry the rule, and ``not`` is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codegen.constructs._rules import ObjectRule, _exact_scalar, _value_words, followed, object_values, rule_misses
from codegen.constructs.base import CheckContext, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["NOT"]

_SUFFIXES = ["", "0", "A", "a", "_", "0000", "AAAA", "0a1b2c3d", "A1B2C3D4", "_0A1B", "X"]


def _without_not(node: Node) -> dict[str, Any]:
    return {key: value for key, value in node.items() if key != "not"}


def _literal_prefix(pattern: str) -> str | None:
    """The text a ``^literal`` pattern asks a string to start with, if the pattern is just that."""
    if not pattern.startswith("^"):
        return None
    body = pattern[1:]
    return body if body and all(char.isalnum() or char in "_-:." for char in body) else None


class Not(ObjectRule):
    name = "not"
    summary = (
        "not on an object (a rule of the model) or on a member's own scalar schema (a reserved value or "
        "prefix): judged by the model's rules"
    )
    keywords = frozenset({"not"})
    enforced = frozenset({"not"})

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.constructs._rules import _RuleChecker  # noqa: PLC0415

        if "object" in json_types(node):
            super().check(node, where, ctx)
            return
        if not (len(where) >= 2 and where[-2] == "properties"):
            raise ctx.fail(
                [*where, "not"],
                "'not' is supported on an object, or on a member's own schema (properties/<name>); here no model "
                "holds the value to judge it",
            )
        if not _exact_scalar(node):
            raise ctx.fail(
                [*where, "not"],
                "'not' on a member is supported for scalars without a format (its JSON form is the payload's text)",
            )
        name = str(where[-1])
        _RuleChecker({name: _without_not(node)}, ctx, followed(ctx)).value_rule(
            node["not"], [*where, "not"], _without_not(node)
        )

    def constraints(self, node: Node) -> list[str]:
        if "object" in json_types(node):
            return []
        return ["not " + " and ".join(_value_words(node["not"]) or ["that"])]

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from codegen.runtime.rules import is_valid  # noqa: PLC0415

        if "object" in json_types(node):
            return object_values(node, ctx)
        negated = node["not"]
        return ctx.values(_without_not(node)).filter(lambda value: not is_valid(negated, value))

    def near_misses(self, node: Node) -> list[Any]:
        if "object" in json_types(node):
            return []
        negated = node["not"]
        misses = rule_misses(negated)
        prefix = _literal_prefix(str(negated.get("pattern", "")))
        if prefix is not None:
            candidates = [prefix + suffix for suffix in _SUFFIXES]
            misses += [text for text in candidates if _fits_own(node, text)] or candidates
        return misses


def _fits_own(node: Node, text: str) -> bool:
    """Whether ``text`` passes the member's own pattern and lengths (so only the ``not`` rejects it)."""
    from codegen.schema.patterns import ecma_regex  # noqa: PLC0415

    if "pattern" in node and ecma_regex(str(node["pattern"])).find(text) is None:
        return False
    return int(node.get("minLength", 0)) <= len(text) <= int(node.get("maxLength", len(text)))


NOT = Not()
