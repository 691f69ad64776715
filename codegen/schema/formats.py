"""The schema's verdict on ``format``: RFC 3339 ``date-time``, ``date`` and ``time``, and RFC 9562 ``uuid``.

Draft 2020-12 makes ``format`` an annotation unless a validator chooses to assert
it, and every validator asserts it its own way (python-jsonschema's ``date-time``
checker needs an optional package and otherwise accepts any string; jsonschema-rs
accepts year ``0000``). The project's promise is that the model accepts exactly
what the schema accepts with formats asserted, so the assertion is defined once,
here, and handed to both validators that speak for the schema: the ECMA validator
(``codegen.schema.ecma``) and ``codegen validate``'s fast path (jsonschema-rs).

The rules, strictly RFC 3339 §5.6 (the ABNF) with §5.7's restrictions, ASCII only:

- ``date``: ``full-date``, ``YYYY-MM-DD`` with the real length of the month (leap
  years by the Gregorian rule). Year ``0000``, which RFC 3339 allows, is refused:
  Python's ``date`` starts at year 1, so no model could hold it, and a schema the
  model cannot follow would break the promise (the one narrowing of RFC 3339 here).
- ``time``: ``full-time``, ``HH:MM:SS[.fraction]`` and an offset: ``Z``/``z`` or
  ``+HH:MM``/``-HH:MM`` (hours 00-23, minutes 00-59, so ``+24:00`` is invalid and
  ``-00:00`` valid). Seconds are required; a fraction has at least one digit and
  any number of them. No offset (a "naive" time) is invalid.
- ``date-time``: ``full-date``, ``T`` or ``t``, ``full-time``. A space or any other
  separator is invalid (RFC 3339's note about spaces is not its grammar).
- Second ``60`` (a leap second) is valid only where §5.7 puts it: at 23:59 UTC, the
  offset taken into account (``23:59:60Z``, ``15:59:60-08:00``), as the JSON Schema
  test suite reads it. Which days had one is not checked (no table of leap seconds).
- ``uuid``: RFC 9562's textual form, ``8-4-4-4-12`` hexadecimal digits with the four
  hyphens; any version and variant (the nil and max UUIDs too). Hex digits are
  case-insensitive on input, as RFC 9562 §4 says; no braces, no ``urn:uuid:``, no
  form without hyphens.

A value that is not a string is not judged here (``format`` applies to strings only).
Only the standard library is imported: ``codegen validate`` loads this at start-up.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import Any

__all__ = ["FORMATS", "is_date", "is_date_time", "is_time", "is_uuid"]

# The ranges are in the patterns (year 0001-9999, month 01-12, day 01-31, hour 00-23,
# minute 00-59, second 00-60, offset hour 00-23), so that the common value needs only
# a match: the month's length is looked at past day 28, the leap rule at second 60.
# (codegen validate calls these for every formatted string of every payload.)
_YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_DATE = f"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_HOUR, _MINUTE = "([01][0-9]|2[0-3])", "([0-5][0-9])"
_TIME = rf"{_HOUR}:{_MINUTE}:([0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|([+-]){_HOUR}:{_MINUTE})"
_DATE_RE = re.compile(_DATE, re.ASCII)
_TIME_RE = re.compile(_TIME, re.ASCII)
_DATE_TIME_RE = re.compile(f"{_DATE}[Tt]{_TIME}", re.ASCII)
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)

_LAST_MINUTE_OF_DAY = 23 * 60 + 59


def _day_ok(year: str, month: str, day: str) -> bool:
    return day <= "28" or int(day) <= calendar.monthrange(int(year), int(month))[1]


def _leap_ok(hour: str, minute: str, sign: str | None, offset_hour: str | None, offset_minute: str | None) -> bool:
    # A leap second happens at the same instant everywhere: 23:59:60 in UTC.
    offset = 0 if sign is None else (int(str(offset_hour)) * 60 + int(str(offset_minute))) * (1 if sign == "+" else -1)
    return (int(hour) * 60 + int(minute) - offset) % (24 * 60) == _LAST_MINUTE_OF_DAY


def is_date(value: Any) -> bool:
    """RFC 3339 ``full-date`` (years 0001-9999); True for a non-string."""
    if not isinstance(value, str):
        return True
    match = _DATE_RE.fullmatch(value)
    return match is not None and _day_ok(*match.groups())


def is_time(value: Any) -> bool:
    """RFC 3339 ``full-time``: seconds and an offset required, leap second only at 23:59 UTC; True for a non-string."""
    if not isinstance(value, str):
        return True
    match = _TIME_RE.fullmatch(value)
    if match is None:
        return False
    hour, minute, second, sign, offset_hour, offset_minute = match.groups()
    return second != "60" or _leap_ok(hour, minute, sign, offset_hour, offset_minute)


def is_date_time(value: Any) -> bool:
    """RFC 3339 ``date-time`` (``T`` or ``t``, an offset required); True for a non-string."""
    if not isinstance(value, str):
        return True
    match = _DATE_TIME_RE.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second, sign, offset_hour, offset_minute = match.groups()
    return _day_ok(year, month, day) and (second != "60" or _leap_ok(hour, minute, sign, offset_hour, offset_minute))


def is_uuid(value: Any) -> bool:
    """RFC 9562 textual UUID, ``8-4-4-4-12`` hex digits in either case; True for a non-string."""
    return not isinstance(value, str) or _UUID_RE.fullmatch(value) is not None


FORMATS: dict[str, Callable[[Any], bool]] = {
    "date-time": is_date_time,
    "date": is_date,
    "time": is_time,
    "uuid": is_uuid,
}
"""Every format the schema's verdict asserts, by name; any other ``format`` is an annotation only."""
