"""Making untrusted text safe to print: the one escaping rule and the one truncation rule of every report.

Reports echo text the toolkit does not control: file names, JSON pointers built from
payload keys, values quoted in messages. Printed raw, a control character in them
rewrites a terminal (``ESC [2J``), and a line break starts a new line that a CI runner
reads as a command (a line starting ``::`` is a GitHub workflow command). Every text
reporter (``validate``, ``lint``, ``breaking``, the CLI's one-line error) passes each
field through ``escape``; keeping the rule here means they cannot drift apart.

``escape`` writes C0 controls, DEL, C1 controls, the Unicode line and paragraph
separators (U+2028, U+2029, line breaks to some viewers), the bidirectional controls
(which reorder what a reader sees) and lone surrogates (a file name that is not UTF-8)
as Python-style escapes (``\\n``, ``\\x1b``, ``\\u2028``): readable, and the original
can be told from them. Backslashes are left alone, so ordinary text and quoted
``repr`` values read as before.

``shorten`` and ``shorten_repr`` bound what a message echoes of a value, saying how
much was left out, so a 50 MB string makes a short error line in every format.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ECHO_LIMIT", "escape", "json_escape_extra", "shorten", "shorten_repr", "without_surrogates"]

ECHO_LIMIT = 200  # characters of a value a message quotes: enough to recognise it, short enough for one line

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_UNSAFE = [
    *range(0x00, 0x20),  # C0 controls
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1 controls (0x9B is a one-byte CSI to some terminals, 0x85 a line break)
    0x2028,  # LINE SEPARATOR
    0x2029,  # PARAGRAPH SEPARATOR
    0x061C,  # bidirectional controls: ALM, LRM, RLM, LRE..RLO, LRI..PDI
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]


def _form(code: int) -> str:
    return _NAMED.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_TABLE = {code: _form(code) for code in _UNSAFE} | {code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)}
# In a JSON document only the characters JSON itself allows raw need escaping, and there
# ``\\uXXXX`` is exact: the document decodes back to the same text.
_JSON_TABLE = {code: f"\\u{code:04x}" for code in _UNSAFE if code >= 0x7F}


def escape(text: str) -> str:
    """``text`` with every control, separator, bidi control and lone surrogate written as an escape."""
    return text.translate(_TABLE)


def json_escape_extra(document: str) -> str:
    """A JSON text with DEL, C1, U+2028/U+2029 and bidi controls written as ``\\uXXXX`` (same value)."""
    return document.translate(_JSON_TABLE)


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (from a file name that is not UTF-8) written as ``\\udcXX`` text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(f"\\u{ord(char):04x}" if 0xD800 <= ord(char) < 0xE000 else char for char in text)
    return text


def _more(count: int) -> str:
    return f"… ({count:,} more characters)"


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, followed by how many were left out; unchanged when short."""
    if len(text) <= limit:
        return text
    return text[:limit] + _more(len(text) - limit)


def shorten_repr(value: Any, limit: int = ECHO_LIMIT) -> str:
    """``repr(value)`` for a message, a long string cut as ``'EXP_aaaa…' … (N more characters)``."""
    if isinstance(value, str) and len(value) > limit:
        quoted = repr(value[:limit])
        return f"{quoted[:-1]}…{quoted[-1]}{_more(len(value) - limit)[1:]}"
    return shorten(repr(value), limit)
