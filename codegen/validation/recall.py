"""Explaining a failure again from memory, for schemas whose members are judged one by one.

A journal export with many bad records often repeats the same fault: the same wrong
enum value, the same out-of-range hint, in record after record; or the same kind of
fault with a new value each time, an id off its pattern. jsonschema-rs's error objects
for one failing plan cost about 27,000 instructions, our messages from them 11,000
more, while its verdict on the same plan costs about 5,000 (12,000 on a valid one);
so ``codegen validate`` remembers, per member, what it has seen fail, and reuses it
when it can prove that is the whole story.

That proof needs a schema whose verdict on an object is the sum of its members'
verdicts (``independent_members``): a closed object (``additionalProperties: false``)
with ``properties`` and ``required`` and nothing else that looks at the object as a
whole, whose payloads are objects of scalars (``codegen.validation.engine.flat_numbers``).
Then ``properties`` judges each member's value on its own, so the errors of a member
are a pure function of its name and value. Two memories come from that:

- **Values.** The errors of a failing member value (strings, integers, booleans and
  null, keyed with their type: ``True == 1`` in Python; never floats, ``-0.0 == 0.0``
  but a message quotes each as written).
- **Shapes**, for a string member, for faults that do not repeat (an id's) or are long:
  which of its property's own keywords failed (``pattern``, ``maxLength``, ... at the
  top of the property's schema) and each one's error kind, whose fields come from the
  schema alone (``codegen.validation.explain.SCHEMA_ONLY``). A new value fails the same
  keywords when each fails it alone (a schema of that one keyword judges it), and its
  messages are the kinds' messages for the new value.

For a failing object, the members found in either memory are set aside: a variant of
the schema with those members' schemas emptied (``{}``; for a shape, the property's
schema without the failed keywords) must pass the object. Then the key set is right
and every other member (and every other keyword of a shaped one) is valid, so the
remembered errors are exactly the object's errors. Otherwise nothing is recalled and
jsonschema-rs explains, as always.

Memory is bounded: a member with 256 distinct remembered values is let go from the
value memory (its faults do not repeat; its shapes stay); a string longer than 256
characters is never remembered by value; a member keeps at most 16 shapes, and at most
64 schema variants are compiled (about 800,000 instructions each).

Measured with instruction counts (``valgrind --tool=callgrind``, which this noisy
machine does not perturb): see the README's speed section and ``make bench``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from codegen.errors import SchemaError
from codegen.schema.refs import schema_nodes
from codegen.textsafe import ECHO_LIMIT, shorten, shorten_repr
from codegen.validation.explain import SCHEMA_ONLY, around

__all__ = ["Recall", "independent_members"]

Explanation = tuple[int | None, str, str, str]  # the engine's Found: (line, pointer, keyword, message)
Source = tuple[list[str | int], Any] | None  # an error's schema path and kind (explain.Explained)

_WHOLE_OBJECT_FREE = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "type", "properties",
     "required", "additionalProperties"}
)  # fmt: skip
# Assertions on a scalar that no other keyword reads (no annotation, no sibling): taking one
# out of a property's schema leaves the others' verdicts as they were.
_ALONE = frozenset(
    {"type", "enum", "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
     "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)  # fmt: skip
_EXACT = frozenset({str, int, bool, type(None)})
_ABSENT = object()
_LONGEST = 256  # characters of a string value worth remembering
_SIZE = 256  # distinct faults remembered of one member before it is let go (a journal repeats a few)
_SHAPES = 16  # shapes of one member
_VARIANTS = 64  # schema variants compiled


def independent_members(document: dict[str, Any]) -> bool:
    """Whether the schema judges an object as its members one by one (see the module docstring).

    Also whether its variants are safe to build: no reference inside the document may
    lead into its ``properties`` (a ``"$ref": "#/properties/a"``, an anchor or ``$id``
    inside a property, a ``$dynamicRef``), which a variant empties or trims.
    """
    return (
        document.get("type") == "object"
        and document.get("additionalProperties") is False
        and isinstance(document.get("properties"), dict)
        and all(key in _WHOLE_OBJECT_FREE or key.startswith("x-") for key in document)
        and not _leads_into(document, "/properties")
        and not _names_a_resource(document["properties"])
    )


def _leads_into(document: dict[str, Any], prefix: str) -> bool:
    """Whether a reference in ``document`` may point at or under the pointer ``prefix`` (a $dynamicRef may)."""
    for node in schema_nodes(document):
        if "$dynamicRef" in node:
            return True
        ref = node.get("$ref")
        if isinstance(ref, str) and unquote(ref.partition("#")[2]).startswith(prefix):
            return True
    return False


def _names_a_resource(properties: dict[str, Any]) -> bool:
    return any(key in node for node in schema_nodes(properties) for key in ("$id", "$anchor", "$dynamicAnchor"))


class Recall:
    """The remembered faults of failing members, and the schema variants that prove them the whole story."""

    def __init__(
        self,
        document: dict[str, Any],
        compile_verdict: Callable[[dict[str, Any]], Callable[[Any], bool]],
        pointer: Callable[[str], str],
        limit: int,
    ) -> None:
        self.document = document  # the schema the fast verdict on an object of scalars judges by
        self.compile_verdict = compile_verdict  # a schema -> its fast verdict
        self.pointer = pointer  # the pointer the engine writes for a member
        self.limit = limit  # characters of a message, as the engine cuts them
        self.size, self.longest = _SIZE, _LONGEST
        # member name -> (type, value) -> its errors: only members that have failed are looked at
        self.members: dict[str, dict[tuple[type, Any], tuple[Explanation, ...]]] = {}
        self.unrepeated: set[str] = set()  # members whose faults never repeat: no longer learnt by value
        # member -> the verdicts of its learnt keywords, each alone, in keyword order
        self.alone: dict[str, tuple[tuple[str, Callable[[Any], bool]], ...]] = {}
        # member -> the keywords that failed together (in keyword order) -> the member's pointer,
        # and each keyword with the texts of its message before and after the quoted value
        self.shapes: dict[str, dict[tuple[str, ...], tuple[str, tuple[tuple[str, str, str], ...]]]] = {}
        # the members set aside (a shaped one with its failed keywords) -> the verdict of that variant
        self.variants: dict[tuple[tuple[str, tuple[str, ...] | None], ...], Callable[[Any], bool]] = {}

    def recall(self, value: dict[str, Any]) -> tuple[Explanation, ...] | None:
        """The errors of the failing object ``value``, if the memory proves it has these alone; else None.

        ``value`` may hold anything; what is explained is an object of scalars: each member
        set aside is a remembered scalar (or a string, shaped), and the variant's verdict
        passes every other member only as its property's schema does, which accepts
        scalars alone (``flat_numbers``).
        """
        # Written for the instruction count, as this runs once per bad record: loops rather
        # than comprehensions (each is a call of its own), the verdict cache read in line.
        hits: list[tuple[str, tuple[Explanation, ...]]] = []
        set_aside: list[tuple[str, tuple[str, ...] | None]] = []
        try:
            for name, memory in self.members.items():
                member = value.get(name, _ABSENT)
                # A float is never remembered, so (float, 1.0) finds no (int, 1); nor is _ABSENT.
                errors = memory.get((type(member), member))
                if errors is not None:
                    hits.append((name, errors))
                    set_aside.append((name, None))
        except TypeError:  # a list or an object, which cannot be a key: never remembered
            return None
        if hits:
            key = tuple(set_aside)
            verdict = self.variants.get(key) or self._variant(key)
            if verdict is not None and verdict(value):
                return hits[0][1] if len(hits) == 1 else _in_order(hits)
        # Not the whole story (or nothing remembered by value): the shapes of the others.
        shaped = False
        for name, alone in self.alone.items():
            member = value.get(name)
            if type(member) is not str or (name, None) in set_aside:
                continue
            failed: list[str] = []
            for keyword, passes in alone:
                if not passes(member):
                    failed.append(keyword)
            if failed:
                shape = self.shapes[name].get(tuple(failed))
                if shape is None:
                    return None  # keywords failing together as never seen: explained, then learnt
                pointer, texts = shape
                # shorten_repr's quote, without its two calls where a plain repr is short enough
                quoted = repr(member) if len(member) <= ECHO_LIMIT else ""
                if not quoted or len(quoted) > ECHO_LIMIT:
                    quoted = shorten_repr(member)
                limit = self.limit
                worded: list[Explanation] = []
                for keyword, before, after in texts:
                    message = f"{before}{quoted}{after}"
                    worded.append(
                        (None, pointer, keyword, message if len(message) <= limit else shorten(message, limit))
                    )
                hits.append((name, tuple(worded)))
                set_aside.append((name, tuple(failed)))
                shaped = True
        if not shaped:
            return None
        key = tuple(set_aside)
        verdict = self.variants.get(key) or self._variant(key)
        if verdict is None or not verdict(value):
            return None
        return hits[0][1] if len(hits) == 1 else _in_order(hits)

    def _variant(self, set_aside: tuple[tuple[str, tuple[str, ...] | None], ...]) -> Callable[[Any], bool] | None:
        """The verdict of the schema with those members' schemas emptied (None) or without those keywords."""
        if len(self.variants) >= _VARIANTS:
            return None  # not proven: explained as always
        properties = dict(self.document["properties"])
        for name, failed in set_aside:
            node = properties[name]
            properties[name] = {} if failed is None else {k: v for k, v in node.items() if k not in failed}
        # A variant that does not compile proves nothing: its objects are explained as always.
        verdict = self.variants[set_aside] = self._compiled({**self.document, "properties": properties}) or _never
        return verdict

    def _compiled(self, document: dict[str, Any]) -> Callable[[Any], bool] | None:
        """The fast verdict of ``document``; None if jsonschema-rs refuses it."""
        try:
            return self.compile_verdict(document)
        except SchemaError:
            return None

    def learn(self, value: dict[str, Any], found: tuple[Explanation, ...], sources: list[Source]) -> None:
        """Remember the errors jsonschema-rs gave for each failing member of ``value`` (``sources`` beside them)."""
        by_member: dict[str, list[tuple[Explanation, Source]]] = {}
        for explanation, source in zip(found, sources, strict=True):
            pointer = explanation[1]
            # A member's pointer is "/" and its escaped name; the root's is "" (a missing or unknown member).
            name = pointer[1:].replace("~1", "/").replace("~0", "~")
            if pointer and name in value and self.pointer(name) == pointer:  # a shortened pointer names no member
                by_member.setdefault(name, []).append((explanation, source))
        for name, errors in by_member.items():
            member = value[name]
            if type(member) not in _EXACT:
                continue
            if type(member) is str:
                # By shape from the first fault on: an id's next fault is new, and is recalled
                # by its shape at once, not after the value memory has filled and let it go.
                self._learn_shape(name, member, errors)
                if len(member) > self.longest:
                    continue  # a long text is seldom repeated, and 256 of them could hold gigabytes
            if name in self.unrepeated:
                continue
            memory = self.members.setdefault(name, {})
            if len(memory) >= self.size:
                # As many distinct faults as that, and more coming: they do not repeat (an id's
                # faults). The member is let go, so an enum's few are kept and the scan stays short.
                self.unrepeated.add(name)
                del self.members[name]
                continue
            memory[(type(member), member)] = tuple(explanation for explanation, _ in errors)

    def _learn_shape(self, name: str, member: Any, errors: list[tuple[Explanation, Source]]) -> None:
        """Remember which of the property's own keywords the string ``member`` failed, if each is one ``_ALONE``."""
        if type(member) is not str:
            return
        kinds: list[tuple[str, Any]] = []
        for (_, _, keyword, _), source in errors:
            if source is None or source[0] != ["properties", name, keyword] or keyword not in _ALONE:
                return  # not an assertion at the top of the property's schema
            if type(source[1]).__name__ not in SCHEMA_ONLY:
                return  # a kind whose message needs more than the value (none of _ALONE's, as it stands)
            kinds.append((keyword, source[1]))
        kinds.sort(key=lambda item: item[0])
        failed = tuple(keyword for keyword, _ in kinds)
        shapes = self.shapes.setdefault(name, {})
        if failed in shapes or len(shapes) >= _SHAPES or len(set(failed)) != len(failed):
            return  # known already (its texts are not worked out again), or not kept
        node = self.document["properties"][name]
        alone = dict(self.alone.get(name, ()))
        for keyword in failed:
            if keyword not in alone:
                verdict = self._compiled({keyword: node[keyword]})
                if verdict is None:
                    return  # a keyword that cannot be judged alone: the member is not learnt by shape
                alone[keyword] = verdict
        self.alone[name] = tuple(sorted(alone.items()))
        shapes[failed] = (self.pointer(name), tuple((keyword, *around(kind)) for keyword, kind in kinds))


def _never(_: Any) -> bool:
    return False


def _in_order(hits: list[tuple[str, tuple[Explanation, ...]]]) -> tuple[Explanation, ...]:
    """The members' errors in the engine's order: by member, then keyword (each member's own are in order)."""
    hits.sort(key=lambda hit: hit[0])
    return tuple(explanation for _, errors in hits for explanation in errors)
