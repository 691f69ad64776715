"""Identifier generation for DTOs: ``<PREFIX><YYYYMMDD>_<HHMMSS>_<suffix>`` in UTC."""

from __future__ import annotations

import itertools
import secrets
from datetime import UTC, datetime

__all__ = ["generate_execution_plan_id", "generate_id"]

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
_SUFFIX_LENGTH = 8
_SUFFIX_SPACE = len(_ALPHABET) ** _SUFFIX_LENGTH

# A counter from a random start: ids from one process never repeat until 36**8
# (about 2.8e12) have been drawn, and two processes start far apart by chance.
# Purely random suffixes would collide within 100,000 calls about once in 500 runs.
_sequence = itertools.count(secrets.randbelow(_SUFFIX_SPACE))


def _base36(number: int) -> str:
    digits = []
    for _ in range(_SUFFIX_LENGTH):
        number, digit = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[digit])
    return "".join(reversed(digits))


def generate_id(prefix: str) -> str:
    """Return a new id: the prefix, the UTC date and time, and an 8-character base-36 suffix."""
    stamp = datetime.now(UTC).strftime("%Y%m%d_%H%M%S")
    return f"{prefix}{stamp}_{_base36(next(_sequence) % _SUFFIX_SPACE)}"


def generate_execution_plan_id() -> str:
    """Return a new ExecutionPlan id, ``EXP_YYYYMMDD_HHMMSS_<suffix>``."""
    return generate_id("EXP_")
