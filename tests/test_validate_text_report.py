"""The text report: the same bytes as the plain per-problem format, whatever it kept.

The text reporter keeps each fault's escaped tail; its output must be the format
applied to every problem afresh.
"""

from __future__ import annotations

import io

from codegen.textsafe import escape
from codegen.validation import Failure, Problem
from codegen.validation.reporters import TextReporter

ENUM = ("/action", "enum", "'EXECUTE' is not one of ['EXECUTE_TRADE', 'CANCEL_ORDER']")
HOSTILE = ("/k\x1b[2J\u2028\x7f", "type", "5 is not of type 'string'\x85\u202e")
SYNTAX = ("", "json", "not JSON: unexpected character (line 1 column 2)")
LONG = ("/" + "p" * 2000, "enum", "m" * 3000)  # past TAIL_CHARS: made each time, never kept


def reference(failures: list[Failure]) -> str:
    """The text format applied to every problem afresh, as the reporter wrote it before it kept anything."""
    lines = []
    for failure in failures:
        for file, line, pointer, keyword, message in failure.problems:
            where = file if line is None else f"{file}:{line}"
            lines.append(escape(f"{where}: {pointer or '(root)'}: [{keyword}] {message}") + "\n")
    return "".join(lines)


def _failures(file: str) -> list[Failure]:
    found = [(ENUM,), (HOSTILE,), (ENUM, HOSTILE, SYNTAX), (SYNTAX,), (ENUM,), (LONG,), (LONG, ENUM), (HOSTILE,)]
    return [Failure(tuple(Problem(file, 3 * n + 1, *one) for one in problems)) for n, problems in enumerate(found)]


def test_text_failures_write_the_reference_bytes() -> None:
    """Hostile, repeated, multi-problem, syntax and over-long problems, in hostile and plain files: same text."""
    for file in ("plain.ndjson", "bad\udcff\x1bname.ndjson", "t\u2028.ndjson"):
        failures = _failures(file)
        out = io.StringIO()
        reporter = TextReporter(out)
        for _ in range(2):  # the second time from what the reporter kept
            for failure in failures:
                reporter.failure(failure)
        assert out.getvalue() == reference(failures) * 2
        assert "\x1b" not in out.getvalue()
        whole = Failure((Problem(file, None, "", "input", "cannot read: \x1b"),))  # a whole file: no line
        reporter.failure(whole)
        assert out.getvalue().endswith(reference([whole]))


def test_kept_tails_stay_bounded() -> None:
    """Past TAIL_ENTRIES the reporter starts afresh, and a long tail is never kept; the text stays exact."""
    out = io.StringIO()
    reporter = TextReporter(out)
    reporter.TAIL_ENTRIES = 4
    problems = [(f"/a{n}", "enum", f"m{n}") for n in range(10)] + [LONG]
    failures = [Failure((Problem("f.ndjson", n + 1, *problem),)) for n, problem in enumerate(problems)]
    for _ in range(3):
        for failure in failures:
            reporter.failure(failure)
    assert out.getvalue() == reference(failures) * 3
    assert len(reporter._tails) <= 4
    assert all(len(tail) <= reporter.TAIL_CHARS for tail in reporter._tails.values())
