"""The one escaping and truncation rule for reports, and the lint, breaking and error lines that use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.textsafe import ECHO_LIMIT, escape, json_escape_extra, shorten, shorten_repr, without_surrogates

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "\x1b[2J\n::set-env name=X::1\u2028"  # clears a terminal, then forges a GitHub workflow command


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain: text, kept/as ~ is", "plain: text, kept/as ~ is"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x00\x1b\x1f", "\\x00\\x1b\\x1f"),
        ("\x7f", "\\x7f"),
        ("\x85\x9b", "\\x85\\x9b"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\u202e\u2066", "\\u202e\\u2066"),
        ("\udcff", "\\udcff"),
        ("caf\u00e9 \u00a0\u65e5\U0001f600 back\\slash", "caf\u00e9 \u00a0\u65e5\U0001f600 back\\slash"),
    ],
)
def test_escape_writes_controls_separators_and_surrogates_as_escapes(text: str, shown: str) -> None:
    """C0, DEL, C1, U+2028/U+2029, bidi controls and lone surrogates become escapes; other text is unchanged."""
    assert escape(text) == shown


def test_escaped_text_is_one_printable_line() -> None:
    """No character a terminal or a line splitter acts on survives escaping."""
    everything = "".join(map(chr, range(0x2100))) + "".join(map(chr, range(0xD800, 0xE000)))
    shown = escape(everything)
    assert not {char for char in shown if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0}
    assert "\u2028" not in shown
    assert "\u2029" not in shown
    assert len(shown.splitlines()) == 1
    shown.encode("utf-8")  # no lone surrogate left


def test_json_escape_extra_keeps_the_value() -> None:
    """DEL, C1 and the line separators are written as \\u escapes in JSON, which decodes to the same text."""
    document = json.dumps({"k": "\x7f\x85\u2028\u202e"}, ensure_ascii=False)
    safe = json_escape_extra(document)
    assert safe.isascii()
    assert json.loads(safe) == {"k": "\x7f\x85\u2028\u202e"}


def test_without_surrogates_only_touches_lone_surrogates() -> None:
    """A file name that is not UTF-8 becomes encodable text; ordinary text is returned as it is."""
    assert without_surrogates("a\udcffb") == "a\\udcffb"
    text = "caf\u00e9"
    assert without_surrogates(text) is text


def test_shorten_says_how_much_was_left_out() -> None:
    """Text past the bound is cut and followed by the count of characters left out; short text is unchanged."""
    assert shorten("x" * ECHO_LIMIT) == "x" * ECHO_LIMIT
    assert shorten("x" * (ECHO_LIMIT + 1234)) == "x" * ECHO_LIMIT + "\u2026 (1,234 more characters)"


def test_shorten_repr_keeps_the_quotes_of_a_long_string() -> None:
    """A long string is quoted as ``'EXP_aaa…' (N more characters)``; short values are plain ``repr``."""
    value = "EXP_" + "a" * 50_000_000
    shown = shorten_repr(value)
    assert shown == repr(value[:ECHO_LIMIT])[:-1] + "\u2026' (49,999,804 more characters)"
    assert shorten_repr("abc") == "'abc'"
    assert shorten_repr([1] * 1000).endswith("more characters)")


def _codegen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def _hostile_schemas(tmp_path: Path) -> tuple[Path, Path]:
    """An old and a new schema folder; the old one has a property with a hostile name, which the new one drops."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    described = {"type": "string", "description": "b"}
    base = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Thing",
        "x-version": "1.0.0",
        "type": "object",
        "additionalProperties": False,
        "properties": {HOSTILE: {"type": "string"}, "b": described},
    }
    (old / "thing.schema.json").write_text(json.dumps(base))
    (new / "thing.schema.json").write_text(json.dumps({**base, "properties": {"b": described}}))
    return old, new


def _assert_safe(output: str) -> None:
    """No escape character, no forged workflow command, no line separator in what was printed."""
    assert "\x1b" not in output
    assert "\u2028" not in output
    assert not any(line.startswith("::") for line in output.splitlines())


def test_lint_text_escapes_property_names(tmp_path: Path) -> None:
    """A lint finding about a property named with control characters prints it escaped, on one line."""
    old, _ = _hostile_schemas(tmp_path)
    done = _codegen("lint", str(old))
    assert done.returncode == 1
    _assert_safe(done.stdout)
    assert "\\x1b[2J\\n::set-env name=X::1\\u2028: [description]" in done.stdout


def test_breaking_text_escapes_property_names(tmp_path: Path) -> None:
    """A removed property with a hostile name is reported escaped in the breaking report."""
    old, new = _hostile_schemas(tmp_path)
    done = _codegen("breaking", "--schemas", str(new), "--against", str(old))
    assert done.returncode == 1
    _assert_safe(done.stdout)
    assert "thing#/properties/\\x1b[2J\\n::set-env name=X::1\\u2028: [property-removed]" in done.stdout


def test_one_line_error_escapes_the_path(tmp_path: Path) -> None:
    """``codegen: error:`` echoes a schema folder named with a newline and ``::error::`` escaped, on one line."""
    folder = tmp_path / "x\n::error::forged"
    done = _codegen("validate", "--schemas", str(folder), "-")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("codegen: error: ")
    assert "x\\n::error::forged" in done.stderr
