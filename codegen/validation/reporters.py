"""Formatting validation results: plain text, one JSON document, or GitHub workflow annotations.

Reporters only format: they receive ``Failure`` values as the run finds them and
the ``Summary`` at the end, and write to the stream they were given. Every field
comes from outside (file names, payload keys in pointers, quoted values), so each
format escapes it for its reader: text with ``codegen.textsafe.escape``, JSON as
JSON with the characters JSON allows raw but terminals act on escaped too,
annotations with GitHub's own ``%XX`` rule.
"""

from __future__ import annotations

from typing import Protocol, TextIO

import orjson

from codegen.textsafe import escape, json_escape_extra, without_surrogates
from codegen.validation.results import Failure, Summary, Tally

__all__ = ["REPORTERS", "GithubReporter", "JsonReporter", "Reporter", "TextReporter", "summary_line"]


class Reporter(Protocol):
    def failure(self, failure: Failure) -> None: ...

    def summary(self, summary: Summary) -> None: ...


def summary_line(summary: Summary) -> str:
    """``3 files, 10 payloads: 8 valid, 2 invalid, 0 unreadable inputs in 0.01 s``."""
    return (
        f"{summary.files} file(s), {summary.payloads} payload(s): {summary.valid} valid, {summary.invalid} invalid,"
        f" {summary.unreadable} unreadable input(s) in {summary.elapsed:.2f} s"
    )


class TextReporter:
    """``file[:line]: pointer: [keyword] message`` per problem, then the summary."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def failure(self, failure: Failure) -> None:
        write = self.out.write
        for file, line, pointer, keyword, message in failure.problems:
            where = file if line is None else f"{file}:{line}"
            text = f"{where}: {pointer or '(root)'}: [{keyword}] {message}"
            # escape works character by character, so the whole line at once is the same; and
            # printable ASCII (nearly every line) needs no escape: checking is 5x cheaper than escaping.
            write(f"{text}\n" if text.isascii() and text.isprintable() else f"{escape(text)}\n")

    def summary(self, summary: Summary) -> None:
        verdict = "ok" if summary.ok else "FAILED"
        self.out.write(f"codegen validate: {verdict}: {summary_line(summary)}\n")


class JsonReporter:
    """One JSON document at the end: every problem, and the summary."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.problems: list[dict[str, object]] = []

    def failure(self, failure: Failure) -> None:
        self.problems.extend(
            {
                # A lone surrogate (a file name that is not UTF-8, a "\\ud800" key) cannot be JSON text.
                "file": without_surrogates(p.file),
                "line": p.line,
                "pointer": without_surrogates(p.pointer),
                "keyword": without_surrogates(p.keyword),
                "message": without_surrogates(p.message),
            }
            for p in failure.problems
        )

    def summary(self, summary: Summary) -> None:
        document = {
            "ok": summary.ok,
            "summary": {
                "files": summary.files,
                "payloads": summary.payloads,
                "valid": summary.valid,
                "invalid": summary.invalid,
                "unreadable": summary.unreadable,
                "elapsed_seconds": round(summary.elapsed, 4),
            },
            "errors": self.problems,
        }
        self.out.write(json_escape_extra(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()) + "\n")


def _escape(text: str, *, property_value: bool = False) -> str:
    # Workflow commands: % CR LF always, and also : and , inside property values.
    text = without_surrogates(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


class GithubReporter:
    """``::error file=...,line=...,title=...::message`` per problem, then a ``::notice`` summary."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def failure(self, failure: Failure) -> None:
        for problem in failure.problems:
            props = f"file={_escape(problem.file, property_value=True)}"
            if problem.line is not None:
                props += f",line={problem.line}"
            props += f",title={_escape('codegen validate: ' + problem.keyword, property_value=True)}"
            where = problem.pointer or "(root)"
            self.out.write(f"::error {props}::{_escape(f'{where}: {problem.message}')}\n")

    def summary(self, summary: Summary) -> None:
        level = "notice" if summary.ok else "error"
        self.out.write(f"::{level} title=codegen validate::{_escape(summary_line(summary))}\n")


REPORTERS: dict[str, type[TextReporter] | type[JsonReporter] | type[GithubReporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
}


class ProgressBar:
    """A one-line running count on a terminal's stderr, redrawn at most ten times a second."""

    def __init__(self, out: TextIO) -> None:
        import time  # noqa: PLC0415

        self.out = out
        self.clock = time.monotonic
        self.started = self.last = self.clock()

    def update(self, summary: Tally) -> None:
        now = self.clock()
        if now - self.last < 0.1:
            return
        self.last = now
        rate = summary.payloads / max(now - self.started, 1e-9)
        self.out.write(
            f"\r\x1b[Kvalidating: {summary.payloads:,} payloads ({summary.invalid:,} invalid),"
            f" {summary.bytes / 1e6:,.0f} MB, {rate:,.0f}/s"
        )
        self.out.flush()

    def close(self) -> None:
        self.out.write("\r\x1b[K")
        self.out.flush()
