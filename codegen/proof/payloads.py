"""What the proof feeds both judges: payloads drawn from the schema, and mutants of them.

``Values`` walks a schema the way the constructs describe it and asks each
construct for values the schema accepts (``Construct.values``); it follows
``$ref``s through the folder's own files. ``mutants`` turns one valid payload into
texts near the schema's edges: a value replaced by a construct's near miss or a
value of another kind, a key dropped or added, the text itself damaged. Nothing
here decides a verdict; the judges do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from codegen.constructs import constructs_of
from codegen.constructs.all_of import members_of
from codegen.constructs.null import NULL
from codegen.constructs.nullable_ref import nullable_target
from codegen.constructs.union import branches_of
from codegen.schema.loading import json_types
from codegen.schema.refs import Resolver, schema_nodes

__all__ = ["Raw", "Values", "mutants", "near_miss_pool", "paths_of", "to_text"]


@dataclass(frozen=True)
class Raw:
    """A JSON number (or a not-quite-number) written verbatim into the text."""

    text: str


RAW_NUMBERS = [
    "1.0", "-0", "1e2", "1E-2", "1e400", "-1e400", "1e-400", "9" * 40, "1.0000000000000000000001",
    "01", "+1", ".5", "1.", "NaN", "Infinity", "-Infinity",
]  # fmt: skip
"""Number texts of every shape, and near misses that are not JSON."""

OTHER_KINDS: list[Any] = [None, True, False, 0, 1, -1, 1.5, "", "x", "1", "true", "null", [], {}, [None], {"a": 1}]
"""One value of each JSON kind: a value of the wrong kind is the first thing a model gets wrong."""


class Values:
    """Values the schema accepts, node by node (the proof's side of ``codegen.constructs.base.ProofContext``)."""

    def __init__(self, resolver: Resolver, base: str) -> None:
        self.resolver = resolver
        self.base = base

    def values(self, node: Any) -> st.SearchStrategy[Any]:
        if not isinstance(node, Mapping):
            return st.nothing()
        constructs = constructs_of(node)
        main = next((construct for construct in constructs if construct is not NULL), None)
        if main is None:
            return NULL.values(node, self) if constructs else st.nothing()
        strategy = main.values(node, self)
        return st.one_of(st.none(), strategy) if "null" in json_types(node) else strategy

    def follow(self, ref: str) -> tuple[Values, Any]:
        found = self.resolver.lookup(self.base, ref)
        if isinstance(found, str):  # loading refused every such schema; a bug if it happens here
            raise AssertionError(found)
        base, node = found
        return Values(self.resolver, base), node


def near_miss_pool(documents: list[Mapping[str, Any]]) -> list[Any]:
    """Every construct's near misses for every node of ``documents``, then values of every kind and raw numbers."""
    pool: list[Any] = []
    seen: set[str] = set()
    for document in documents:
        for node in schema_nodes(document):
            for construct in constructs_of(node):
                for value in construct.near_misses(node):
                    key = json.dumps(value, sort_keys=True)
                    if key not in seen:
                        seen.add(key)
                        pool.append(value)
    return pool + OTHER_KINDS + [Raw(text) for text in RAW_NUMBERS]


_MARK = "\x1fraw-{}\x1f"


def to_text(payload: Any, *, ascii_only: bool = True) -> str:
    """``payload`` as JSON text, each ``Raw`` written verbatim."""
    raws: list[str] = []

    def mark(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(value.text)
            return _MARK.format(len(raws) - 1)
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, list):
            return [mark(item) for item in value]
        return value

    text = json.dumps(mark(payload), ensure_ascii=ascii_only)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(_MARK.format(index), ensure_ascii=ascii_only), raw, 1)
    return text


def paths_of(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every path into ``value``: the root, then each member and item, depth first."""
    yield path
    if isinstance(value, dict):
        for key, member in value.items():
            yield from paths_of(member, (*path, key))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            yield from paths_of(member, (*path, index))


def _replaced(value: Any, path: tuple[str | int, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)} if head in value else value
    copy = list(value)
    copy[int(head)] = _replaced(copy[int(head)], rest, new)
    return copy


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _damaged(text: str, key: str, value_text: str) -> list[str]:
    """Texts a lenient reader might accept: duplicate keys, garbage, NaN, BOM, truncation, surrogates."""
    if not (text.startswith("{") and text.endswith("}")):
        return [text + " x", "\ufeff" + text, text[:-1]]
    inner = text[1:-1]
    sep = ", " if inner else ""
    quoted = json.dumps(key)
    return [
        "{" + inner + sep + f"{quoted}: {value_text}" + "}",  # duplicate key: the last one wins
        "{" + f"{quoted}: {value_text}" + sep + inner + "}",  # duplicate key: the original wins
        "{" + inner + sep + f"{quoted}: NaN" + "}",
        "{" + inner + sep + f'{quoted}: "\\ud800"' + "}",
        text + " x",
        text + ",",
        "\ufeff" + text,
        text[:-1],
        "{" + inner + ",}" if inner else "{,}",
    ]


_EDITS = [" {}", "{} ", "{}\n", "\n{}", "{}\u2028", "0{}", "{}0", "-{}", "{}e0", "{}_", "{}\u0660", "{}\uff10"]


@st.composite
def _edited(draw: st.DrawFn, text: str) -> str:
    """``text`` with one edit a careless validator lets through: padding, a line break, a stray or foreign digit."""
    at = draw(st.integers(min_value=0, max_value=len(text)))
    choice = draw(st.integers(min_value=0, max_value=len(_EDITS) + 2))
    if choice < len(_EDITS):
        return _EDITS[choice].format(text)
    if choice == len(_EDITS):
        return text[:at] + text[at + 1 :]  # one character dropped
    if choice == len(_EDITS) + 1:
        return text[:at] + draw(st.characters(codec="utf-8")) + text[at:]
    return text.swapcase()


def _resolved(ctx: Values, node: Any) -> tuple[Values, Any]:
    """The schema ``node`` stands for: ``$ref``s followed, a nullable reference read as its target."""
    while isinstance(node, Mapping):
        if "anyOf" in node and (target := nullable_target(node)) is not None:
            node = target
        elif "$ref" in node:
            ctx, node = ctx.follow(str(node["$ref"]))
        else:
            break
    return ctx, node


def _declared(
    ctx: Values, node: Any, value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    """Every object inside ``value`` (at ``path``), with the properties its schema ``node`` declares."""
    ctx, node = _resolved(ctx, node)
    if not (isinstance(value, dict) and isinstance(node, Mapping)):
        return
    found = branches_of(node) if "object" not in json_types(node) else None
    if found is not None:
        # A union's value came from one of its branches: each branch's members are near it.
        for branch in found[1]:
            if branch != {"type": "null"}:
                yield from _declared(ctx, branch, value, path)
        return
    properties = members_of(node, lambda ref: ctx.follow(ref)[1])
    yield path, {name: _resolved(ctx, sub)[1] for name, sub in properties.items()}
    for key, member in value.items():
        if key in properties:
            yield from _declared(ctx, properties[key], member, (*path, key))


def _misses_for(node: Any) -> list[Any]:
    if not isinstance(node, Mapping):
        return []
    return [miss for construct in constructs_of(node) for miss in construct.near_misses(node)]


def _twin(value: Any) -> Any:
    """A value JSON Schema calls equal to ``value`` but Python may not (``1`` and ``1.0``), or a near one (``true``)."""
    if isinstance(value, bool):
        return int(value)  # not equal in JSON: true is no number
    if isinstance(value, int) and abs(value) < 2**53:
        return float(value)
    return value


@st.composite
def mutants(draw: st.DrawFn, base: Any, ctx: Values, root: Any, pool: list[Any]) -> list[str]:
    """Texts one change away from the valid payload ``base`` (drawn from ``root`` in ``ctx``), in a fixed mix.

    Four declared properties (present or absent) set to their own construct's near
    misses or to a value of another kind; two values anywhere replaced from the
    whole schema's pool; three strings edited by one character; a key dropped; an
    unknown key added; an array one item shorter, one with an item repeated (a
    duplicate, and one too many) and one with an item's JSON twin (``1`` -> ``1.0``); a
    map key edited by one character; a member of any object given twice, a pool value
    before or after the one it had; one damaged text.
    """
    paths = list(paths_of(base))
    objects = list(_declared(ctx, root, base, ()))
    strings = [path for path in paths if isinstance(_at(base, path), str)]
    texts = []
    for _ in range(4 if objects else 0):
        path, declared = draw(st.sampled_from(objects))
        if declared:
            name = draw(st.sampled_from(sorted(declared)))
            value = draw(st.sampled_from(_misses_for(declared[name]) + OTHER_KINDS + [Raw(t) for t in RAW_NUMBERS]))
            texts.append(
                to_text(_replaced(base, path, {**_at(base, path), name: value}), ascii_only=draw(st.booleans()))
            )
    for _ in range(2):
        path = draw(st.sampled_from(paths))
        texts.append(to_text(_replaced(base, path, draw(st.sampled_from(pool)))))
    for _ in range(3 if strings else 0):
        path = draw(st.sampled_from(strings))
        texts.append(to_text(_replaced(base, path, draw(_edited(_at(base, path))))))
    if objects:
        path, declared = draw(st.sampled_from(objects))
        target = _at(base, path)
        if target:
            dropped = draw(st.sampled_from(sorted(target)))
            texts.append(to_text(_replaced(base, path, {k: v for k, v in target.items() if k != dropped})))
        unknown = draw(st.sampled_from(["x_unknown", "", *(k.upper() for k in declared), *(f"{k} " for k in declared)]))
        if unknown not in declared:
            texts.append(to_text(_replaced(base, path, {**target, unknown: draw(st.sampled_from(pool))})))
    arrays = [path for path in paths if isinstance(_at(base, path), list) and _at(base, path)]
    if arrays:
        path = draw(st.sampled_from(arrays))
        items = _at(base, path)
        repeated = draw(st.sampled_from(items))
        texts.append(to_text(_replaced(base, path, items[:-1])))
        texts.append(to_text(_replaced(base, path, [*items, repeated])))
        texts.append(to_text(_replaced(base, path, [*items, _twin(repeated)])))
    maps = [path for path in paths if isinstance(_at(base, path), dict) and _at(base, path)]
    if maps:
        path = draw(st.sampled_from(maps))
        members = _at(base, path)
        old_key = draw(st.sampled_from(sorted(members)))
        new_key = draw(_edited(old_key))
        texts.append(to_text(_replaced(base, path, {new_key if k == old_key else k: v for k, v in members.items()})))
        # A member given twice: a JSON reader keeps the last value, so the schema judges
        # the object as it was (the pool's value first) or with the pool's value (last).
        path = draw(st.sampled_from(maps))
        members = _at(base, path)
        inner = to_text(members)[1:-1]
        twice = f"{json.dumps(draw(st.sampled_from(sorted(members))))}: {to_text(draw(st.sampled_from(pool)))}"
        texts.append(to_text(_replaced(base, path, Raw("{" + twice + ", " + inner + "}"))))
        texts.append(to_text(_replaced(base, path, Raw("{" + inner + ", " + twice + "}"))))
    text = to_text(base)
    key = draw(st.sampled_from(sorted(base) if isinstance(base, dict) and base else ["x"]))
    damaged = _damaged(text, key, to_text(draw(st.sampled_from(pool))))
    texts.append(damaged[draw(st.integers(min_value=0, max_value=len(damaged) - 1))])
    return texts
