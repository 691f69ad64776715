"""The rule language the cross-field constructs share: what a rule may say, its words, and its proof values.

A *rule* is JSON Schema that judges an object as a whole rather than one member:
``if``/``then``/``else``, ``dependentRequired``, ``dependentSchemas``, ``not``, and
``anyOf``/``oneOf``/``allOf`` over the object's own members. Pydantic judges fields
one by one, so the model cannot express them; they are written into the model class
(``__rules__``, see ``codegen.generation.rules``) and judged at run time by
``codegen.runtime.rules``, which reads exactly the subset checked here:

- on the object: ``required``, ``properties``, ``dependentRequired``,
  ``dependentSchemas``, ``if``/``then``/``else``, ``not``, ``anyOf``, ``oneOf``, ``allOf``;
- on a member's value: ``type``, ``const``, ``enum`` (JSON scalars), ``pattern``
  (portable), ``minLength``, ``maxLength``, ``minimum``, ``maximum``,
  ``exclusiveMinimum``, ``exclusiveMaximum``, and ``not``/``anyOf``/``oneOf``/``allOf``
  of those.

A rule names only the object's declared members (an undeclared one can never be
present in a closed object: a typo), and reads a member's *value* only where the
model's JSON form of it is the payload's text: scalars without a ``format`` (a
``date-time`` is held as a ``datetime`` and written back in its own spelling). A
nested object's rules belong on the nested object's schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from codegen.constructs._text import code, json_text
from codegen.constructs.base import CheckContext, Construct, Node, ProofContext, Where

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = [
    "OBJECT_RULE_KEYWORDS",
    "ObjectRule",
    "check_object_rule",
    "describe",
    "followed",
    "following",
    "has_rules",
    "object_rules",
    "object_values",
    "rule_misses",
    "rules_values",
]

_NOTES = frozenset({"description", "title", "$comment"})
_APPLICATORS = ("not", "anyOf", "oneOf", "allOf")
_VALUE_KEYWORDS = frozenset(
    {"type", "const", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
     "exclusiveMaximum", *_APPLICATORS}
)  # fmt: skip
_OBJECT_KEYWORDS = frozenset(
    {"required", "properties", "dependentRequired", "dependentSchemas", "if", "then", "else", *_APPLICATORS}
)
OBJECT_RULE_KEYWORDS = frozenset({"if", "then", "else", "dependentRequired", "dependentSchemas", "not"})
"""Keywords that are always rules when they sit on an object (``anyOf``/``oneOf``/``allOf`` are rules there too
unless they are a union or an extension)."""


# -- what a rule may say ------------------------------------------------------------------


class _RuleChecker:
    """Checks one object's rules: the subset above, members declared, values read only where exact."""

    def __init__(self, members: Mapping[str, Any], ctx: CheckContext, resolve: Callable[[Any], Any]) -> None:
        self.members = members
        self.ctx = ctx
        self.resolve = resolve

    def fail(self, where: Where, message: str) -> Exception:
        return self.ctx.fail(where, message)

    def schema(self, node: Any, where: Where, *, allowed: frozenset[str]) -> Mapping[str, Any]:
        if not isinstance(node, dict):
            raise self.fail(where, "a boolean schema in a rule is not supported; write it as keywords")
        for key in sorted(node):
            if key not in allowed and key not in _NOTES:
                raise self.fail(
                    [*where, key],
                    f"keyword {key!r} is not supported in a rule (a rule reads the object's own members: "
                    f"{', '.join(sorted(allowed))})",
                )
        return node

    def member(self, name: Any, where: Where) -> None:
        if name not in self.members:
            raise self.fail(where, f"a rule names {name!r}, which the object does not declare (a closed object "
                            "never has it)")  # fmt: skip

    def object_rule(self, node: Any, where: Where) -> None:
        node = self.schema(node, where, allowed=_OBJECT_KEYWORDS)
        if ("then" in node or "else" in node) and "if" not in node:
            raise self.fail([*where, "then" if "then" in node else "else"], "'then'/'else' without 'if' is ignored "
                            "by JSON Schema; add the 'if' it belongs to")  # fmt: skip
        for index, name in enumerate(node.get("required", [])):
            self.member(name, [*where, "required", index])
        for name, sub in node.get("properties", {}).items():
            self.member(name, [*where, "properties", name])
            self.value_rule(sub, [*where, "properties", name], self.members[name])
        for name, needed in node.get("dependentRequired", {}).items():
            self.member(name, [*where, "dependentRequired", name])
            for index, other in enumerate(needed):
                self.member(other, [*where, "dependentRequired", name, index])
        for name, sub in node.get("dependentSchemas", {}).items():
            self.member(name, [*where, "dependentSchemas", name])
            self.object_rule(sub, [*where, "dependentSchemas", name])
        for key in ("if", "then", "else", "not"):
            if key in node:
                self.object_rule(node[key], [*where, key])
        for key in ("anyOf", "oneOf", "allOf"):
            for index, sub in enumerate(node.get(key, [])):
                self.object_rule(sub, [*where, key, index])

    def value_rule(self, node: Any, where: Where, declared: Any) -> None:
        from codegen.schema.patterns import PatternProblem, check_pattern  # noqa: PLC0415

        node = self.schema(node, where, allowed=_VALUE_KEYWORDS)
        reads_value = sorted(set(node) - {"type", *_APPLICATORS} - _NOTES)
        if reads_value and not _exact_scalar(self.resolve(declared)):
            raise self.fail(
                [*where, reads_value[0]],
                f"a rule may read only the value of a scalar member without a format (its JSON form is the "
                f"payload's text); {reads_value[0]!r} on this member is not supported: put the rule on its schema",
            )
        for value in [node["const"]] if "const" in node else node.get("enum", []):
            if isinstance(value, dict | list):
                raise self.fail([*where, "const" if "const" in node else "enum"], "an object or array value in a "
                                "rule is not supported")  # fmt: skip
        if "pattern" in node:
            try:
                check_pattern(node["pattern"])
            except PatternProblem as problem:
                raise self.fail([*where, "pattern"], str(problem)) from None
        if "not" in node:
            self.value_rule(node["not"], [*where, "not"], declared)
        for key in ("anyOf", "oneOf", "allOf"):
            for index, sub in enumerate(node.get(key, [])):
                self.value_rule(sub, [*where, key, index], declared)


def _exact_scalar(node: Any) -> bool:
    """Whether the model's JSON form of a member of schema ``node`` is the payload's value."""
    from codegen.schema.loading import json_types  # noqa: PLC0415

    if not isinstance(node, Mapping):
        return False
    if "format" in node and node["format"] != "decimal":
        return False
    if "enum" in node or "const" in node:
        return True
    types = set(json_types(node)) - {"null"}
    return bool(types) and types <= {"string", "integer", "number", "boolean"}


def following(resolve: Callable[[str], Any]) -> Callable[[Any], Any]:
    """A function giving the schema a subschema stands for: its ``$ref``s followed by ``resolve``."""

    def follow(node: Any) -> Any:
        for _ in range(64):  # support refuses cycles of bare references; this only bounds the walk
            if not (isinstance(node, Mapping) and "$ref" in node):
                break
            node = resolve(str(node["$ref"]))
        return node

    return follow


def followed(ctx: CheckContext) -> Callable[[Any], Any]:
    """A member's schema with its ``$ref``s followed in the checked file."""
    return following(ctx.resolve)


def check_object_rule(
    node: Any, where: Where, ctx: CheckContext, members: Mapping[str, Any], resolve: Callable[[Any], Any]
) -> None:
    """Raise ``ctx.fail`` where the rule ``node`` (at ``where``) says what the run-time rules cannot judge exactly."""
    _RuleChecker(members, ctx, resolve).object_rule(node, where)


# -- which rules a model carries ---------------------------------------------------------------


def object_rules(node: Node) -> dict[str, Any]:
    """The rule keywords of an object ``node`` as one schema for ``codegen.runtime.rules`` (empty: none).

    A ``not`` on a member's own schema is a rule of the object too (the model holds
    the member as a plain value), written as ``properties/<member>/not``, so its
    pointer in the schema stays what it is.
    """
    rules: dict[str, Any] = {key: value for key, value in node.items() if key in OBJECT_RULE_KEYWORDS}
    for key in ("anyOf", "oneOf"):  # on an object they are rules; a union is a member's schema
        if key in node:
            rules[key] = node[key]
    if isinstance(node.get("allOf"), list):
        # A $ref branch is a base class (codegen.constructs.all_of); {} keeps the indexes.
        branches = [{} if isinstance(sub, Mapping) and "$ref" in sub else sub for sub in node["allOf"]]
        if any(branches):
            rules["allOf"] = branches
    negated = {
        name: {"not": sub["not"]}
        for name, sub in node.get("properties", {}).items()
        if isinstance(sub, Mapping) and "not" in sub
    }
    if negated:
        rules["properties"] = negated
    return rules


def has_rules(node: Node) -> bool:
    return bool(object_rules(node))


# -- in words, for the docs page -------------------------------------------------------------


def _names(names: list[Any], joiner: str = "and") -> str:
    quoted = [code(str(name)) for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _value_words(node: Mapping[str, Any]) -> list[str]:
    words: list[str] = []
    types = node.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        article = "an" if names[0][0] in "aeiou" else "a"
        words.append("null" if names == ["null"] else f"{article} " + " or ".join(names))
    if "const" in node:
        words.append(code(json_text(node["const"])))
    if "enum" in node:
        words.append("one of " + ", ".join(code(json_text(value)) for value in node["enum"]))
    if "pattern" in node:
        words.append(f"matching {code(node['pattern'])}")
    for key, word in (("minLength", "at least {} characters"), ("maxLength", "at most {} characters"),
                      ("minimum", ">= {}"), ("maximum", "<= {}"), ("exclusiveMinimum", "> {}"),
                      ("exclusiveMaximum", "< {}")):  # fmt: skip
        if key in node:
            words.append(word.format(code(json_text(node[key]))))
    if "not" in node:
        words.append("not " + " and ".join(_value_words(node["not"]) or ["that"]))
    for key, joiner in (("anyOf", " or "), ("oneOf", " or (exactly one) "), ("allOf", " and ")):
        if key in node:
            words.append("(" + joiner.join(" and ".join(_value_words(sub)) or "anything" for sub in node[key]) + ")")
    return words


def describe(node: Mapping[str, Any]) -> str:
    """An object rule in words: "when `order_type` is `LIMIT`: `price` is required and is a string"."""
    parts: list[str] = []
    if node.get("required"):
        names = list(node["required"])
        parts.append(f"{_names(names)} {'is' if len(names) == 1 else 'are'} required")
    for name, sub in node.get("properties", {}).items():
        parts.append(f"{code(name)}, when present, is " + " and ".join(_value_words(sub) or ["anything"]))
    for name, needed in node.get("dependentRequired", {}).items():
        parts.append(f"when {code(name)} is present, {_names(list(needed))} {'is' if len(needed) == 1 else 'are'} "
                     "required")  # fmt: skip
    for name, sub in node.get("dependentSchemas", {}).items():
        parts.append(f"when {code(name)} is present: {describe(sub)}")
    if "if" in node:
        condition = _condition(node["if"])
        if "then" in node:
            parts.append(f"when {condition}: {describe(node['then'])}")
        if "else" in node:
            parts.append(f"otherwise (unless {condition}): {describe(node['else'])}")
    if "not" in node:
        parts.append(_negated(node["not"]))
    for key, lead in (("anyOf", "at least one of"), ("oneOf", "exactly one of"), ("allOf", "all of")):
        if key in node:
            branches = [describe(sub) for sub in node[key] if sub]
            parts.append(f"{lead}: " + "; ".join(f"({index}) {text}" for index, text in enumerate(branches, 1)))
    return "; ".join(parts) or "always holds"


def _condition(node: Mapping[str, Any]) -> str:
    """An ``if`` in words: "`order_type` is `LIMIT`" (a member the ``if`` names only in properties may be absent)."""
    parts = []
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        words = " and ".join(_value_words(sub) or ["anything"])
        parts.append(f"{code(name)} is {words}" + ("" if name in required else " (or absent)"))
    for name in node.get("required", []):
        if name not in node.get("properties", {}):
            parts.append(f"{code(name)} is present")
    rest = {key: value for key, value in node.items() if key not in ("properties", "required", *_NOTES)}
    if rest:
        parts.append(describe(rest))
    return " and ".join(parts) or "always"


def _negated(node: Mapping[str, Any]) -> str:
    if set(node) - _NOTES == {"required"}:
        names = list(node["required"])
        return f"{_names(names)} must not {'be' if len(names) == 1 else 'all be'} present"
    return f"never: {describe(node)}"


# -- values for the proof, steered to both sides of each rule ------------------------------------


class _Plan:
    """What one drawn object must do to land on the chosen side of every rule."""

    def __init__(self, required: set[str]) -> None:
        self.required = required
        self.present: set[str] = set()
        self.absent: set[str] = set()
        self.musts: dict[str, list[Mapping[str, Any]]] = {}
        self.nots: dict[str, list[Mapping[str, Any]]] = {}

    def must(self, name: str, sub: Mapping[str, Any]) -> None:
        self.musts.setdefault(name, []).append(sub)

    def must_not(self, name: str, sub: Mapping[str, Any]) -> None:
        self.nots.setdefault(name, []).append(sub)


def _choose(draw: DrawFn, options: list[Any]) -> Any:
    from hypothesis import strategies as st  # noqa: PLC0415

    return draw(st.sampled_from(options))


def _positive(draw: DrawFn, node: Mapping[str, Any], plan: _Plan) -> None:
    plan.present.update(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        plan.must(name, sub)
    for name, needed in node.get("dependentRequired", {}).items():
        if name not in plan.required and _choose(draw, [True, False]):
            plan.absent.add(name)
        else:
            plan.present.update([name, *needed])
    for name, sub in node.get("dependentSchemas", {}).items():
        if name not in plan.required and _choose(draw, [True, False]):
            plan.absent.add(name)
        else:
            plan.present.add(name)
            _positive(draw, sub, plan)
    if "if" in node:
        if _choose(draw, [True, False]):
            _positive(draw, node["if"], plan)
            _positive(draw, node.get("then", {}), plan)
        else:
            _negative(draw, node["if"], plan)
            _positive(draw, node.get("else", {}), plan)
    if "not" in node:
        _negative(draw, node["not"], plan)
    for sub in node.get("allOf", []):
        _positive(draw, sub, plan)
    if node.get("anyOf"):
        _positive(draw, _choose(draw, list(node["anyOf"])), plan)
    if node.get("oneOf"):
        chosen = _choose(draw, list(range(len(node["oneOf"]))))
        for index, sub in enumerate(node["oneOf"]):
            (_positive if index == chosen else _negative)(draw, sub, plan)


def _negative(draw: DrawFn, node: Mapping[str, Any], plan: _Plan) -> None:
    """Aim at one way ``node`` fails (a best effort: the judges decide)."""
    ways: list[tuple[str, Any]] = []
    optional = [name for name in node.get("required", []) if name not in plan.required]
    if optional:
        ways.append(("absent", optional))
    ways += [("value", item) for item in node.get("properties", {}).items()]
    for name, needed in node.get("dependentRequired", {}).items():
        missing = [other for other in needed if other not in plan.required]
        if missing:
            ways.append(("dependent", (name, missing[0])))
    ways += [("dependent-schema", item) for item in node.get("dependentSchemas", {}).items()]
    if "if" in node:
        ways += [(f"if-{branch}", node[branch]) for branch in ("then", "else") if branch in node]
    if "not" in node:
        ways.append(("holds", node["not"]))
    ways += [("fails", sub) for sub in node.get("allOf", []) if sub]
    ways += [("none", node[key]) for key in ("anyOf", "oneOf") if node.get(key)]
    if not ways:
        return
    kind, data = _choose(draw, ways)
    if kind == "absent":
        plan.absent.add(_choose(draw, data))
    elif kind == "value":
        plan.present.add(data[0])
        plan.must_not(*data)
    elif kind == "dependent":
        plan.present.add(data[0])
        plan.absent.add(data[1])
    elif kind == "dependent-schema":
        plan.present.add(data[0])
        _negative(draw, data[1], plan)
    elif kind == "if-then":
        _positive(draw, node["if"], plan)
        _negative(draw, data, plan)
    elif kind == "if-else":
        _negative(draw, node["if"], plan)
        _negative(draw, data, plan)
    elif kind == "holds":
        _positive(draw, data, plan)
    elif kind == "fails":
        _negative(draw, data, plan)
    else:
        for sub in data:
            _negative(draw, sub, plan)


def _value_candidates(musts: list[Mapping[str, Any]], nots: list[Mapping[str, Any]]) -> list[Any] | None:
    """The values a member may take when its rules fix them (``const``, ``enum``, ``type: null``), or None."""
    for sub in [*musts, *(sub["not"] for sub in nots if isinstance(sub.get("not"), Mapping))]:
        if "const" in sub:
            return [sub["const"]]
        if "enum" in sub:
            return list(sub["enum"])
        if sub.get("type") == "null":
            return [None]
    return None


def _narrowed(node: Any, musts: list[Mapping[str, Any]], nots: list[Mapping[str, Any]]) -> Any:
    """``node`` with its JSON types cut to those the member's rules ask for (a ``type`` in a rule)."""
    from codegen.schema.loading import json_types  # noqa: PLC0415

    if not isinstance(node, Mapping) or "type" not in node:
        return node
    types = list(json_types(node))
    for sub in musts:
        if "type" in sub:
            wanted = [sub["type"]] if isinstance(sub["type"], str) else list(sub["type"])
            types = [name for name in types if name in wanted or (name == "integer" and "number" in wanted)]
    for sub in nots:
        if set(sub) == {"type"}:
            unwanted = [sub["type"]] if isinstance(sub["type"], str) else list(sub["type"])
            types = [name for name in types if name not in unwanted]
    if not types or types == list(json_types(node)):
        return node
    return {**node, "type": types[0] if len(types) == 1 else types}


def _fits(value: Any, musts: list[Mapping[str, Any]], nots: list[Mapping[str, Any]]) -> bool:
    from codegen.runtime.rules import is_valid  # noqa: PLC0415

    return all(is_valid(sub, value) for sub in musts) and not any(is_valid(sub, value) for sub in nots)


def rules_values(
    members: Mapping[str, Any], required: set[str], rules: Mapping[str, Any], ctx: ProofContext
) -> SearchStrategy[Any]:
    """Objects of ``members`` steered to a chosen side of every rule: mostly holding, one in six aimed to fail.

    A random draw almost never lands on a rule's edge (``order_type: LIMIT`` with
    ``price`` absent), so each draw first chooses a side of every condition and a branch
    of every union, then draws the members that side asks for.
    """
    from hypothesis import strategies as st  # noqa: PLC0415

    from codegen.runtime.rules import is_valid  # noqa: PLC0415

    def draw_members(draw: DrawFn, plan: _Plan) -> dict[str, Any]:
        drawn: dict[str, Any] = {}
        for name, sub in members.items():
            present = name in required or (name in plan.present and name not in plan.absent)
            if not present and (name in plan.absent or not draw(st.booleans())):
                continue
            musts, nots = plan.musts.get(name, []), plan.nots.get(name, [])
            candidates = _value_candidates(musts, nots)
            if candidates is not None and draw(st.integers(min_value=0, max_value=3)) > 0:
                value = draw(st.sampled_from(candidates))
            else:
                value = draw(ctx.values(_narrowed(sub, musts, nots)))
            for _ in range(4):  # a few tries to land on the side chosen; else the judges see the miss
                if _fits(value, musts, nots):
                    break
                value = draw(ctx.values(_narrowed(sub, musts, nots)))
            drawn[name] = value
        return drawn

    @st.composite
    def draw_object(draw: DrawFn) -> dict[str, Any]:
        aim_to_fail = draw(st.integers(min_value=0, max_value=5)) == 0
        drawn: dict[str, Any] = {}
        for _ in range(4):  # sides chosen for two rules may contradict: choose again, a few times
            plan = _Plan(required)
            (_negative if aim_to_fail else _positive)(draw, rules, plan)
            drawn = draw_members(draw, plan)
            if aim_to_fail or is_valid(rules, drawn):
                break
        return drawn

    return draw_object()


def rule_misses(node: Mapping[str, Any]) -> list[Any]:
    """Member values a rule names (``const``/``enum`` under its ``properties``): the near misses of each side."""
    found: list[Any] = []
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if "const" in item:
                found.append(item["const"])
            found += list(item.get("enum", [])) if isinstance(item.get("enum"), list) else []
            stack += [value for key, value in item.items() if key not in ("const", "enum")]
        elif isinstance(item, list):
            stack += item
    return found


# -- the constructs that are rules of an object ------------------------------------------------


class ObjectRule(Construct):
    """Base of the constructs whose keywords are rules of an object (judged by ``codegen.runtime.rules``)."""

    def matches(self, node: Node) -> bool:
        return any(key in node for key in self.keywords)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        from codegen.constructs.all_of import members_of  # noqa: PLC0415 (all_of imports this module)
        from codegen.schema.loading import json_types  # noqa: PLC0415

        first = sorted(key for key in self.keywords if key in node)[0]
        if "object" not in json_types(node):
            raise ctx.fail(
                [*where, first],
                f"{first!r} is supported as a rule of an object ('type': 'object' with its properties) "
                "and, for anyOf/oneOf, as a union of references; here the model could not enforce it",
            )
        members = members_of(node, ctx.resolve)
        rule = {key: node[key] for key in self.keywords if key in node}
        check_object_rule(rule, where, ctx, members, followed(ctx))

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        return object_values(node, ctx)


def object_values(node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
    """Values of an object with rules (its own, its ``allOf`` bases' and its members' ``not``), steered."""
    from hypothesis import strategies as st  # noqa: PLC0415

    from codegen.constructs.all_of import shape_of  # noqa: PLC0415

    members, required, rules = shape_of(node, ctx)
    if not rules:
        return st.fixed_dictionaries(
            {name: ctx.values(sub) for name, sub in members.items() if name in required},
            optional={name: ctx.values(sub) for name, sub in members.items() if name not in required},
        )
    return rules_values(members, required, rules[0] if len(rules) == 1 else {"allOf": rules}, ctx)
