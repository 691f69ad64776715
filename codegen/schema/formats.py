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

_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
_DATE_RE = re.compile(_DATE, re.ASCII)
_TIME_RE = re.compile(_TIME, re.ASCII)
_DATE_TIME_RE = re.compile(f"{_DATE}[Tt]{_TIME}", re.ASCII)
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)

_LAST_MINUTE_OF_DAY = 23 * 60 + 59


def _date_ok(year: str, month: str, day: str) -> bool:
    y, m, d = int(year), int(month), int(day)
    return y >= 1 and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _time_ok(groups: tuple[str | None, ...]) -> bool:
    hour, minute, second, sign, offset_hour, offset_minute = groups
    h, m, s = int(str(hour)), int(str(minute)), int(str(second))
    if h > 23 or m > 59 or s > 60:
        return False
    offset = 0
    if sign is not None:
        oh, om = int(str(offset_hour)), int(str(offset_minute))
        if oh > 23 or om > 59:
            return False
        offset = (oh * 60 + om) * (1 if sign == "+" else -1)
    # A leap second happens at the same instant everywhere: 23:59:60 in UTC.
    return s < 60 or (h * 60 + m - offset) % (24 * 60) == _LAST_MINUTE_OF_DAY


def is_date(value: Any) -> bool:
    """RFC 3339 ``full-date`` (years 0001-9999); True for a non-string."""
    if not isinstance(value, str):
        return True
    match = _DATE_RE.fullmatch(value)
    return match is not None and _date_ok(*match.groups())


def is_time(value: Any) -> bool:
    """RFC 3339 ``full-time``: seconds and an offset required, leap second only at 23:59 UTC; True for a non-string."""
    if not isinstance(value, str):
        return True
    match = _TIME_RE.fullmatch(value)
    return match is not None and _time_ok(match.groups())


def is_date_time(value: Any) -> bool:
    """RFC 3339 ``date-time`` (``T`` or ``t``, an offset required); True for a non-string."""
    if not isinstance(value, str):
        return True
    match = _DATE_TIME_RE.fullmatch(value)
    if match is None:
        return False
    groups = match.groups()
    return _date_ok(*groups[:3]) and _time_ok(groups[3:])


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
