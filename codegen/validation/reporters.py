"""Formatting validation results: plain text, one JSON document, or GitHub workflow annotations.

Reporters only format: they receive ``Failure`` values as the run finds them and
the ``Summary`` at the end, and write to the stream they were given. Every field
comes from outside (file names, payload keys in pointers, quoted values), so each
format escapes it for its reader: text with ``codegen.textsafe.escape``, JSON as
JSON with the characters JSON allows raw but terminals act on escaped too,
annotations with GitHub's own ``%XX`` rule.
"""

from __future__ import annotations

from itertools import chain, repeat
from typing import Any, Protocol, TextIO, cast

import orjson

from codegen.textsafe import escape, json_escape_extra, without_surrogates
from codegen.validation.results import FailedLines, Failure, Findings, Summary, Tally

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


def _tail(pointer: str, keyword: str, message: str) -> str:
    """``: pointer: [keyword] message`` and the newline, escaped."""
    text = f": {pointer or '(root)'}: [{keyword}] {message}"
    # escape works character by character, so a line escaped in parts is the line escaped
    # whole; and printable ASCII (nearly every tail) needs no escape: checking is 5x cheaper.
    return f"{text}\n" if text.isascii() and text.isprintable() else f"{escape(text)}\n"


class TextReporter:
    """``file[:line]: pointer: [keyword] message`` per problem, then the summary.

    A journal's bad records repeat a few faults, so a line differs from the last one
    mostly in its line number: the text after it (``: pointer: [keyword] message``,
    escaped) is made once per fault and kept.
    """

    # Callgrind, one failure with one problem: 9,150 instructions before (two f-strings and
    # the isprintable scan of the whole line each time), 5,400 with the tail kept.
    # Gathering the lines and writing them in 64 KiB pieces measured dearer than writing
    # each (1,030 against 490 per line): the stream buffers already, in C.
    TAIL_ENTRIES = 4096  # faults kept; past this the cache starts afresh (a run of unique messages)
    TAIL_CHARS = 1024  # a longer tail is made each time, never kept: with TAIL_ENTRIES, what bounds the cache

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._tails: dict[tuple[str, str, str], str] = {}  # a problem's tail (``failure``)
        self._found_tails: dict[Findings, str] = {}  # a line's findings: its tail (``lines``)
        self._file = self._head = ""  # the last file name, and its escaped form

    def failure(self, failure: Failure) -> None:
        write, tails = self.out.write, self._tails
        for file, line, pointer, keyword, message in failure.problems:
            tail = tails.get((pointer, keyword, message))
            if tail is None:
                tail = self._kept(tails, (pointer, keyword, message), _tail(pointer, keyword, message))
            head = self._head if file == self._file else self._new_head(file)
            write(f"{head}{tail}" if line is None else f"{head}:{line}{tail}")

    def lines(self, failed: FailedLines) -> None:
        """The failing lines of a block, as ``failure`` writes them, in one write."""
        file, numbers, found = failed
        head = f"{self._head if file == self._file else self._new_head(file)}:"
        # A line's text after its number, looked up by the engine's findings themselves (the
        # same objects recur): with map, zip and join no Python code runs per line, only per
        # new fault or line with several problems. Callgrind, per failing line from the
        # engine's findings to the written text (runner and report): 13,850 instructions
        # through a Failure and a Problem, five generators and ``failure``; 4,560 so, of
        # which 2,650 here (1,000 of them the line number's digits: str is dear).
        kept = self._found_tails
        tails = list(map(kept.get, found))
        if not all(tails):  # a tail is never empty: None is a miss
            for index, tail in enumerate(tails):
                if tail is None:
                    problems = found[index]
                    if len(problems) == 1:  # the usual miss: a new fault (an id's, a number's) on its own
                        ((_, pointer, keyword, message),) = problems
                        text = _tail(pointer, keyword, message)
                    else:  # each problem on a line of its own: the head and number before the second on
                        text = f"{head}{numbers[index]}".join([_tail(p, k, m) for _, p, k, m in problems])
                    tails[index] = self._kept(kept, problems, text)
        texts = cast("list[str]", tails)  # every miss filled
        self.out.write("".join(chain.from_iterable(zip(repeat(head), map(str, numbers), texts))))

    def _kept(self, kept: dict[Any, str], key: object, tail: str) -> str:
        """``tail``, kept under ``key`` when short; a full cache starts afresh (a run of unique messages)."""
        if len(tail) <= self.TAIL_CHARS:
            if len(kept) >= self.TAIL_ENTRIES:
                kept.clear()
            kept[key] = tail
        return tail

    def _new_head(self, file: str) -> str:
        """The file name, escaped, remembered for the lines after (one file's lines come together)."""
        self._file, self._head = file, file if file.isascii() and file.isprintable() else escape(file)
        return self._head

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
