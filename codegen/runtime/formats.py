"""Wire types for formatted strings: RFC 3339 ``date-time``, ``date`` and ``time``, and ``uuid``.

Pydantic's own ``datetime``, ``date``, ``time`` and ``UUID`` read far more than the
formats allow: a space or ``_`` instead of ``T``, no seconds (``10:00``), a comma
fraction, ``+0530``, a naive value with no offset, a UUID without hyphens, in braces
or as ``urn:uuid:...``. None of these is RFC 3339 or RFC 9562 text, and the schema
(``codegen.schema.formats``) rejects them. Each type here first checks the JSON
string against a strict pattern (pydantic-core's Rust regex: no Python on the valid
path), then lets pydantic-core parse it (calendar: ``2023-02-29`` fails there). What
a value becomes, and what is lost:

- More than 6 fractional digits: truncated to microseconds (``.1234569`` holds
  ``.123456``), as pydantic-core does; a dump carries at most 6 digits.
- A leap second (``23:59:60Z``, valid only at 23:59 UTC) holds ``23:59:59.999999``
  at the same offset: ``datetime`` cannot hold second 60. pydantic-core refuses it,
  so these rare texts take a Python branch, tried only after the fast one failed.
- ``-00:00`` holds UTC and dumps as ``Z``; ``z`` and ``t`` dump as ``Z`` and ``T``;
  every other offset dumps as it came (``+05:30`` stays ``+05:30``).
- A UUID in upper case dumps in lower case (RFC 9562 §4: output is lower case).

Python callers may pass an aware ``datetime``/``time`` whose UTC offset is a whole
number of minutes (RFC 3339 has no seconds in an offset, and pydantic would write
``+00:00:30`` as ``+00:00``, another instant), a ``date`` that is not a ``datetime``,
a ``UUID``, or text judged exactly as JSON text is. Naive values are refused. That
check on Python objects is a small Python function (pydantic-core cannot test an
offset's seconds); JSON input never reaches it.

The patterns stand on their own (the runtime imports only the standard library and
pydantic); tests hold them to ``codegen.schema.formats``, the schema's verdict.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Annotated, Any
from uuid import UUID

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["DateString", "DateTimeString", "TimeString", "UuidString"]

_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"  # 0001-9999
_DATE = f"{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_HOUR_MINUTE = "(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_OFFSET = f"(?:[Zz]|[+-]{_HOUR_MINUTE})"
_FRACTION = "(?:[.][0-9]+)?"
_TIME = f"{_HOUR_MINUTE}:[0-5][0-9]{_FRACTION}{_OFFSET}"
_LEAP_TIME = f"{_HOUR_MINUTE}:60{_FRACTION}{_OFFSET}"

DATE_PATTERN = f"^{_DATE}$"
TIME_PATTERN = f"^{_TIME}$"
DATE_TIME_PATTERN = f"^{_DATE}[Tt]{_TIME}$"
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
LEAP_TIME_PATTERN = f"^{_LEAP_TIME}$"
LEAP_DATE_TIME_PATTERN = f"^{_DATE}[Tt]{_LEAP_TIME}$"

_LEAP = re.compile(
    r"(?:([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt])?([0-9]{2}):([0-9]{2}):60(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))",
    re.ASCII,
)
_LAST_MINUTE_OF_DAY = 23 * 60 + 59


def _offset(sign: str | None, hours: str | None, minutes: str | None) -> timezone:
    if sign is None:
        return UTC
    total = timedelta(hours=int(str(hours)), minutes=int(str(minutes)))
    return timezone(total if sign == "+" else -total) if total else UTC


def _leap(text: str) -> tuple[date | None, time]:
    """A leap-second text (already matched by a leap pattern) as the last microsecond before it."""
    match = _LEAP.fullmatch(text)
    if match is None:  # pragma: no cover (the pattern before this step admits only such texts)
        raise PydanticCustomError("leap_second", "Input should be a valid leap second")
    year, month, day, hour, minute, sign, offset_hours, offset_minutes = match.groups()
    zone = _offset(sign, offset_hours, offset_minutes)
    local = int(hour) * 60 + int(minute)
    utc_minutes = int(zone.utcoffset(None).total_seconds()) // 60
    if (local - utc_minutes) % (24 * 60) != _LAST_MINUTE_OF_DAY:
        raise PydanticCustomError("leap_second", "A leap second (second 60) is valid only at 23:59 UTC")
    try:
        day_of = date(int(year), int(month), int(day)) if year is not None else None
    except ValueError:
        raise PydanticCustomError("date_from_datetime_parsing", "Input should be a valid date") from None
    return day_of, time(int(hour), int(minute), 59, 999999, tzinfo=zone)


def _leap_date_time(text: str) -> datetime:
    day_of, moment = _leap(text)
    assert day_of is not None  # the date-time leap pattern requires the date
    return datetime.combine(day_of, moment)


def _leap_time(text: str) -> time:
    return _leap(text)[1]


def _rfc3339_offset(value: Any) -> Any:
    """A Python datetime or time: aware, with an offset RFC 3339 can write (whole minutes)."""
    offset = value.utcoffset()
    if offset is None:
        # A time whose tzinfo is a zone (not a fixed offset) has no offset without a date.
        raise PydanticCustomError("timezone_aware", "Input should have timezone info")
    if offset % timedelta(minutes=1):
        raise PydanticCustomError(
            "timezone_offset", "Input should have a UTC offset in whole minutes (RFC 3339 has no seconds in an offset)"
        )
    return value


def _error(schema: core_schema.CoreSchema, kind: str, message: str) -> core_schema.CoreSchema:
    return core_schema.custom_error_schema(schema, custom_error_type=f"{kind}_format", custom_error_message=message)


def _text(pattern: str, parsed: core_schema.CoreSchema) -> core_schema.CoreSchema:
    # The pattern admits only the format's text; the parse after it adds the calendar.
    return core_schema.chain_schema([core_schema.str_schema(strict=True, pattern=pattern), parsed])


def _with_leap(fast: core_schema.CoreSchema, leap_pattern: str, leap: Any) -> core_schema.CoreSchema:
    """``fast``, and only when it fails, the leap-second reading (pydantic-core refuses second 60)."""
    slow = core_schema.chain_schema(
        [core_schema.str_schema(strict=True, pattern=leap_pattern), core_schema.no_info_plain_validator_function(leap)]
    )
    return core_schema.union_schema([fast, slow], mode="left_to_right")


def _wire(
    kind: str, what: str, instances: str, text: core_schema.CoreSchema, instance: core_schema.CoreSchema
) -> core_schema.CoreSchema:
    """JSON gives text only; Python may also give an instance (tried first: the common case there)."""
    return core_schema.json_or_python_schema(
        json_schema=_error(text, kind, f"Input should be {what}"),
        python_schema=_error(
            core_schema.union_schema([instance, text], mode="left_to_right"),
            kind,
            f"Input should be {instances} or {what}",
        ),
    )


def _aware_wire(
    kind: str, what: str, instances: str, parse: Any, patterns: tuple[str, str, Any]
) -> core_schema.CoreSchema:
    """A date-time or a time: the text (leap seconds too), or an aware instance with a whole-minute offset."""
    pattern, leap_pattern, leap = patterns
    fast = _text(pattern, parse(tz_constraint="aware"))
    instance = core_schema.no_info_after_validator_function(_rfc3339_offset, parse(strict=True, tz_constraint="aware"))
    return _wire(kind, what, instances, _with_leap(fast, leap_pattern, leap), instance)


class _FormatWire:
    """A wire type's JSON Schema is its format, not the patterns it checks the text with."""

    format = ""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": self.format}


class _DateTimeWire(_FormatWire):
    """Marks a ``datetime`` carried as RFC 3339 ``date-time`` text."""

    format = "date-time"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _aware_wire(
            "date_time",
            "an RFC 3339 date-time",
            "an aware datetime (offset in whole minutes)",
            core_schema.datetime_schema,
            (DATE_TIME_PATTERN, LEAP_DATE_TIME_PATTERN, _leap_date_time),
        )


class _TimeWire(_FormatWire):
    """Marks a ``time`` carried as RFC 3339 ``full-time`` text (an offset required)."""

    format = "time"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _aware_wire(
            "time",
            "an RFC 3339 time with an offset",
            "an aware time (offset in whole minutes)",
            core_schema.time_schema,
            (TIME_PATTERN, LEAP_TIME_PATTERN, _leap_time),
        )


class _DateWire(_FormatWire):
    """Marks a ``date`` carried as RFC 3339 ``full-date`` text."""

    format = "date"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # strict: a datetime (a subclass of date) is refused, it would dump with its time.
        return _wire(
            "date",
            "an RFC 3339 date",
            "a date (not a datetime)",
            _text(DATE_PATTERN, core_schema.date_schema()),
            core_schema.date_schema(strict=True),
        )


class _UuidWire(_FormatWire):
    """Marks a ``UUID`` carried as RFC 9562 text, ``8-4-4-4-12`` hex digits in either case."""

    format = "uuid"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _wire(
            "uuid",
            "an RFC 9562 UUID (8-4-4-4-12 hex digits)",
            "a UUID",
            _text(UUID_PATTERN, core_schema.uuid_schema()),
            core_schema.is_instance_schema(UUID),
        )


DateTimeString = Annotated[datetime, _DateTimeWire()]
"""An aware ``datetime`` carried as RFC 3339 ``date-time`` text."""

DateString = Annotated[date, _DateWire()]
"""A ``date`` carried as RFC 3339 ``full-date`` text."""

TimeString = Annotated[time, _TimeWire()]
"""An aware ``time`` carried as RFC 3339 ``full-time`` text."""

UuidString = Annotated[UUID, _UuidWire()]
"""A ``UUID`` carried as RFC 9562 text."""
