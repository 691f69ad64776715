"""Formatted strings: ``format`` ``date-time``, ``date``, ``time`` (RFC 3339) and ``uuid`` (RFC 9562).

Pydantic's ``datetime``, ``date``, ``time`` and ``UUID`` accept much that the formats
refuse (``2023-01-01 10:00``, naive values, ``+0530``, UUIDs without hyphens), and
python-jsonschema asserts none of them unless told to. The schema's verdict is
``codegen.schema.formats``; the model's wire types are in ``codegen.runtime.formats``,
which check the same text (tests hold the two to each other) and hold ``datetime``,
``date``, ``time`` and ``UUID`` values. See those two modules for every edge: ``t``
and ``z``, offsets (``-00:00`` is UTC), fractions past microseconds (truncated),
leap seconds (held as ``:59.999999``), year ``0000`` (refused by both).

A formatted string carries no ``pattern``, ``minLength`` or ``maxLength`` (and the
enum construct refuses ``format`` beside an ``enum``): the wire type checks the
format's own text, and a second constraint on the same text would need a second
check the types do not make.

``"x-default-now": true`` on a date-time (with no ``default``) makes Python
construction fill a missing value with the current time in UTC, as ``x-id-prefix``
fills ids; JSON must still carry the field if it is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from codegen.constructs._text import code
from codegen.constructs.base import RUNTIME, CheckContext, CompareContext, Construct, Node, ProofContext, Where
from codegen.schema.loading import json_types

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = ["DATE", "DATE_TIME", "DEFAULT_NOW", "FORMATTED", "TIME", "UUID"]

DEFAULT_NOW = "x-default-now"
_DAY_MINUTES = 24 * 60
_LAST_MINUTE = _DAY_MINUTES - 1
_MAX_OFFSET = 23 * 60 + 59  # RFC 3339: offset hours 00-23, minutes 00-59


def _offset_text(draw: DrawFn, minutes: int) -> str:
    from hypothesis import strategies as st  # noqa: PLC0415 (the proof only)

    if minutes == 0:
        return draw(st.sampled_from(["Z", "z", "+00:00", "-00:00"]))
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _time_text(draw: DrawFn) -> str:
    """RFC 3339 ``full-time`` in every shape: offsets, ``Z``/``z``, fractions of any length, leap seconds."""
    from hypothesis import strategies as st  # noqa: PLC0415

    offset = draw(
        st.one_of(st.just(0), st.sampled_from([330, -480, 840, -720, 345]), st.integers(-_MAX_OFFSET, _MAX_OFFSET))
    )
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        # A leap second is 23:59:60 UTC: locally, the minute the offset shifts it to.
        local = (_LAST_MINUTE + offset) % _DAY_MINUTES
        hour, minute, second = local // 60, local % 60, 60
    else:
        hour, minute, second = (
            draw(st.integers(0, 23)),
            draw(st.integers(0, 59)),
            draw(st.integers(0, 59)),
        )
    digits = draw(st.sampled_from([0, 0, 0, 1, 3, 6, 6, 7, 9, 12]))
    fraction = "." + draw(st.text("0123456789", min_size=digits, max_size=digits)) if digits else ""
    return f"{hour:02d}:{minute:02d}:{second:02d}{fraction}{_offset_text(draw, offset)}"


def _date_text(draw: DrawFn) -> str:
    from datetime import date  # noqa: PLC0415

    from hypothesis import strategies as st  # noqa: PLC0415

    day = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


class FormattedString(Construct):
    """A string with one of the asserted formats; one instance per format."""

    types = frozenset()  # the string construct gives the type
    keywords = frozenset({"format"})
    rules: ClassVar[Mapping[str, str]] = {
        "format-added": "a string gets a format (date-time, date, time, uuid): fewer texts pass (unknown beside a "
        "pattern or length)",
        "format-removed": "a string loses its format: more texts pass (unknown beside a pattern or length)",
        "format-changed": "a string's format is replaced by another: disjoint texts pass",
        "default-now-changed": "x-default-now appears or disappears: what Python construction fills in changes",
    }

    def __init__(
        self, format_name: str, *, wire_type: str, label: str, phrase: str, summary: str, misses: list[Any]
    ) -> None:
        self.format = format_name
        self.phrase = phrase
        self.name = f"{format_name}-string"
        self.wire_type = wire_type
        self.label = label
        self.summary = summary
        self.misses = misses
        if format_name == "date-time":
            self.keywords = frozenset({"format", DEFAULT_NOW})

    def matches(self, node: Node) -> bool:
        return node.get("format") == self.format and "string" in json_types(node)

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        for key in ("pattern", "minLength", "maxLength"):  # (beside an enum, the enum refuses the format)
            if key in node:
                raise ctx.fail(
                    [*where, key],
                    f"{key!r} on a {self.format!r} string is not supported: the model checks the format's text only",
                )
        if DEFAULT_NOW in node:
            self._check_default_now(node, where, ctx)

    def _check_default_now(self, node: Node, where: Where, ctx: CheckContext) -> None:
        # (support refuses the key on any node that is not a date-time)
        if node[DEFAULT_NOW] is not True:
            raise ctx.fail([*where, DEFAULT_NOW], f"{DEFAULT_NOW!r} must be true (or left out)")
        if "default" in node:
            raise ctx.fail(
                [*where, DEFAULT_NOW],
                f"{DEFAULT_NOW!r} and 'default' would disagree on what a missing value means; keep one",
            )

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        # Wire directions only (the Python type change is read from the generated API).
        # Two formats accept disjoint texts; a format against a plain string with no
        # pattern or length is a strict subset; against a pattern it is not decided.
        if "enum" in old or "enum" in new:
            return  # an enum is judged value by value (codegen.evolution.enums)
        if self.matches(old) and self.matches(new):
            if old.get(DEFAULT_NOW) != new.get(DEFAULT_NOW):
                ctx.add(
                    "default-now-changed", [*where, DEFAULT_NOW], "what Python construction fills in changes", "python"
                )
            return
        was = next((c.format for c in FORMATTED if c.matches(old)), None)
        now = next((c.format for c in FORMATTED if c.matches(new)), None)
        if was is not None and was != self.format:
            return  # the construct of the old format reports the change, once
        if "string" not in json_types(old) or "string" not in json_types(new):
            return  # the type rules say what a string appearing or disappearing does
        where = [*where, "format"]
        plain = new if now is None else old
        exact = not any(key in plain for key in ("pattern", "minLength", "maxLength"))
        if was is None:
            directions = ["backward"] if exact else ["unknown"]
            ctx.add("format-added", where, f"format {now!r} added: texts outside it are refused", *directions)
        elif now is None:
            directions = ["forward"] if exact else ["unknown"]
            ctx.add("format-removed", where, f"format {was!r} removed: texts outside it now pass", *directions)
        else:
            message = f"format {was!r} becomes {now!r}: different texts pass"
            ctx.add("format-changed", where, message, "backward", "forward")

    def python_type(self, node: Node) -> str:
        return f"{RUNTIME}.{self.wire_type}"

    def constraints(self, node: Node) -> list[str]:
        phrases = [f"format {code(self.format)}: {self.phrase}"]
        if node.get(DEFAULT_NOW) is True:
            phrases.append("Python construction fills the current time (UTC) when missing")
        return phrases

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        from hypothesis import strategies as st  # noqa: PLC0415

        @st.composite
        def texts(draw: DrawFn) -> str:
            if self.format == "date":
                return _date_text(draw)
            if self.format == "time":
                return _time_text(draw)
            if self.format == "date-time":
                return f"{_date_text(draw)}{draw(st.sampled_from('Tt'))}{_time_text(draw)}"
            value = str(draw(st.uuids(allow_nil=True)))
            case = draw(st.sampled_from(["lower", "upper", "mixed"]))
            if case == "upper":
                return value.upper()
            if case == "mixed":
                return "".join(char.upper() if draw(st.booleans()) else char for char in value)
            return value

        return texts()

    def near_misses(self, node: Node) -> list[Any]:
        return list(self.misses)


_TIME_MISSES = [
    "10:00:00Z", "10:00:00z", "10:00:00", "10:00:00.5", "24:00:00Z", "23:60:00Z", "10:00Z", "10:00:00.Z",
    "10:00:00,5Z", "10:00:00+24:00", "10:00:00+23:59", "10:00:00-00:00", "10:00:00+14:00", "10:00:00+0530",
    "10:00:00+05", "10:00:00 Z", "T10:00:00Z", "10:00:00Z\n", "1:00:00Z", "10:00:00.123456789+05:30",
    "23:59:60Z", "23:59:60.5z", "00:59:60+01:00", "23:59:60+01:00", "23:58:60Z", "23:59:61Z", "\u0661\u0660:00:00Z",
]  # fmt: skip
_DATE_MISSES = [
    "2023-02-28", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2023-04-31", "2023-13-01", "2023-00-10",
    "2023-01-00", "2023-01-32", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "2023-1-1", "20230101",
    "2023/01/01", " 2023-01-01", "2023-01-01\n", "+2023-01-01", "2023-01-01T00:00:00Z", "\uff12023-01-01",
]  # fmt: skip
_DATE_TIME_MISSES = [
    "2023-06-30T10:00:00Z", "2023-06-30t10:00:00z", "2023-06-30T10:00:00", "2023-06-30 10:00:00Z",
    "2023-06-30_10:00:00Z", "2023-06-30T10:00Z", "2023-06-30T10:00:00-00:00", "2023-06-30T10:00:00+14:00",
    "2023-06-30T10:00:00+23:59", "2023-06-30T10:00:00+24:00", "2023-06-30T10:00:00+05:60", "2023-06-30T10:00:00+0530",
    "2023-06-30T10:00:00.123456789Z", "2023-06-30T10:00:00.1234569+05:30", "2023-06-30T10:00:00." + "9" * 30 + "Z",
    "2023-06-30T10:00:00.Z", "2023-06-30T10:00:00,5Z", "2023-06-30T24:00:00Z", "2023-02-29T10:00:00Z",
    "2024-02-29T10:00:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59.999999-23:59",
    "2016-12-31T23:59:60Z", "2016-12-31T15:59:60.123-08:00", "2016-12-31T23:59:60+01:00", "2016-12-31T22:59:60Z",
    "2016-12-31T23:59:61Z", "2023-02-29T23:59:60Z", "2023-06-30T10:00:00Z\n", "2023-06-30", "10:00:00Z",
    "20230630T100000Z",
]  # fmt: skip
_UUID_MISSES = [
    "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
    "123e4567-E89B-12d3-A456-426614174000", "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff", "123e4567e89b12d3a456426614174000",
    "{123e4567-e89b-12d3-a456-426614174000}", "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
    "123e4567-e89b-12d3-a456-42661417400g", "123e456-7e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-426614174000\n", " 123e4567-e89b-12d3-a456-426614174000",
]  # fmt: skip

DATE_TIME = FormattedString(
    "date-time",
    wire_type="DateTimeString",
    label="date-time string",
    phrase="RFC 3339, offset required",
    summary="format 'date-time': RFC 3339 text (offset required); an aware datetime in Python",
    misses=_DATE_TIME_MISSES,
)
DATE = FormattedString(
    "date",
    wire_type="DateString",
    label="date string",
    phrase="RFC 3339 full-date",
    summary="format 'date': RFC 3339 full-date; a date in Python",
    misses=_DATE_MISSES,
)
TIME = FormattedString(
    "time",
    wire_type="TimeString",
    label="time string",
    phrase="RFC 3339 full-time, offset required",
    summary="format 'time': RFC 3339 full-time (offset required); an aware time in Python",
    misses=_TIME_MISSES,
)
UUID = FormattedString(
    "uuid",
    wire_type="UuidString",
    label="uuid string",
    phrase="RFC 9562 text, either case",
    summary="format 'uuid': RFC 9562 8-4-4-4-12 hex text, either case; a UUID in Python",
    misses=_UUID_MISSES,
)

FORMATTED: tuple[FormattedString, ...] = (DATE_TIME, DATE, TIME, UUID)
"""Every formatted-string construct, in registry order."""
