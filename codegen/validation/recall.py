"""Explaining a failure again from memory, for schemas whose members are judged one by one.

A journal export with many bad records often repeats the same fault: the same wrong
enum value, the same out-of-range hint, in record after record. jsonschema-rs takes
about 3 µs to build the error objects of one failure, and our messages about 1 µs
more, while a passing verdict costs 0.5 µs; so ``codegen validate`` remembers, per
member, the explanations of the failing values it has seen, and reuses them when it
can prove they are the whole story.

That proof needs a schema whose verdict on an object is the sum of its members'
verdicts (``independent_members``): a closed object (``additionalProperties: false``)
with ``properties`` and ``required`` and nothing else that looks at the object as a
whole, whose payloads are objects of scalars (``codegen.validation.engine.flat_numbers``).
Then ``properties`` judges each member's value on its own, so the errors of a member
are a pure function of its name and value. For a failing object whose members hit the
memory, the object with those members' values swapped for ones a valid object had
(or left out, where the valid object had none) is judged by the fast verdict: if it
passes, the key set is right and every other member is valid, so the remembered
errors are exactly the object's errors. Otherwise nothing is recalled and jsonschema-rs
explains, as always.

Only scalars that equal each other exactly are remembered: strings, integers,
booleans and null, keyed with their type (``True == 1`` in Python), never floats
(``-0.0 == 0.0``, but a message quotes each as written). The memory is bounded: a
member with 256 distinct remembered faults (an id, whose faults never repeat) is let
go, so it costs nothing more and an enum's few faults stay remembered; a string longer
than 256 characters is never remembered (256 texts of a payload's 16 MiB would not fit).

Measured with instruction counts (``valgrind --tool=callgrind``, which this noisy
machine does not perturb), each step over 20,000 calls and summed: a bad record
recalled costs about 40,000 instructions from parse to report line, one explained by
jsonschema-rs about 85,000, a valid one about 21,000 (the whole-file counts of
``python -m codegen.bench instructions`` agree: a 50% mix about 50,000 a line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Recall", "independent_members"]

Explanation = tuple[int | None, str, str, str]  # the engine's Found: (line, pointer, keyword, message)

_WHOLE_OBJECT_FREE = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "type", "properties",
     "required", "additionalProperties"}
)  # fmt: skip
_EXACT = frozenset({str, int, bool, type(None)})
_ABSENT = object()
_LONGEST = 256  # characters of a string value worth remembering
_SIZE = 256  # distinct faults remembered of one member before it is let go (a journal repeats a few)


def independent_members(document: dict[str, Any]) -> bool:
    """Whether the schema judges an object as its members one by one (see the module docstring)."""
    return (
        document.get("type") == "object"
        and document.get("additionalProperties") is False
        and isinstance(document.get("properties"), dict)
        and all(key in _WHOLE_OBJECT_FREE or key.startswith("x-") for key in document)
    )


class Recall:
    """The remembered explanations of failing members, and one valid object to swap values from."""

    def __init__(self, judge: Callable[[Any], bool], pointer: Callable[[str], str]) -> None:
        self.judge = judge  # the fast verdict on an object of scalars
        self.pointer = pointer  # the pointer the engine writes for a member
        self.valid: dict[str, Any] | None = None
        # member name -> (type, value) -> its errors: only members that have failed are looked at
        self.members: dict[str, dict[tuple[type, Any], tuple[Explanation, ...]]] = {}
        self.unrepeated: set[str] = set()  # members whose faults never repeat: no longer learned

    def passed(self, value: dict[str, Any]) -> None:
        """Keep ``value``, an object the fast verdict passed, as the source of valid member values."""
        if self.valid is None:
            self.valid = value

    def recall(self, value: dict[str, Any]) -> tuple[Explanation, ...] | None:
        """The errors of the failing object ``value``, if the memory proves it has these alone; else None."""
        valid = self.valid
        if valid is None:
            return None
        hits: list[tuple[str, tuple[Explanation, ...]]] = []
        for name, memory in self.members.items():
            member = value.get(name, _ABSENT)
            # A float is never remembered, so (float, 1.0) finds no (int, 1); nor is _ABSENT.
            errors = memory.get((type(member), member))
            if errors is not None:
                hits.append((name, errors))
        if not hits:
            return None
        swapped = dict(value)
        for name, _ in hits:
            if name in valid:
                swapped[name] = valid[name]
            else:
                del swapped[name]
        if not self.judge(swapped):
            return None
        if len(hits) == 1:
            return hits[0][1]
        hits.sort(key=lambda hit: hit[0])  # the engine's order: by member, then keyword
        return tuple(explanation for _, errors in hits for explanation in errors)

    def learn(self, value: dict[str, Any], found: tuple[Explanation, ...]) -> None:
        """Remember the errors jsonschema-rs gave for each failing member of ``value`` (all of them, at its pointer)."""
        by_member: dict[str, list[Explanation]] = {}
        for explanation in found:
            pointer = explanation[1]
            # A member's pointer is "/" and its escaped name; the root's is "" (a missing or unknown member).
            name = pointer[1:].replace("~1", "/").replace("~0", "~")
            if pointer and name in value and self.pointer(name) == pointer:  # a shortened pointer names no member
                by_member.setdefault(name, []).append(explanation)
        for name, errors in by_member.items():
            member = value[name]
            if type(member) not in _EXACT or name in self.unrepeated:
                continue
            if type(member) is str and len(member) > _LONGEST:
                continue  # a long text is seldom repeated, and 256 of them could hold gigabytes
            memory = self.members.setdefault(name, {})
            if len(memory) >= _SIZE:
                # As many distinct faults as that, and more coming: they do not repeat (an id's
                # faults). The member is let go, so an enum's few are kept and the scan stays short.
                self.unrepeated.add(name)
                del self.members[name]
                continue
            memory[(type(member), member)] = tuple(errors)
