"""Reading payload inputs: files, folders, NDJSON lines and stdin, each bad input yielded as a value.

A path on the command line is a file, a folder (walked recursively for ``*.json``,
``*.ndjson`` and ``*.jsonl``), or ``-`` for stdin. A ``*.json`` file is one payload; an
NDJSON file (``*.ndjson``, ``*.jsonl``) is one payload per non-blank line. Nothing
here raises for a bad input: a missing path, an unreadable file or a symlink loop
becomes an ``Unreadable`` value, a payload past the size limit an ``Oversized`` one,
and the run goes on with the next input.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "BLOCK_BYTES",
    "MAX_PAYLOAD_BYTES",
    "NDJSON_SUFFIXES",
    "SUFFIXES",
    "Oversized",
    "Source",
    "Unreadable",
    "iter_sources",
    "read_payload",
]

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
SUFFIXES = (".json", *NDJSON_SUFFIXES)
STDIN = "-"
BLOCK_BYTES = 1 << 20  # one read of a payload file: large enough for few system calls (NDJSON: runner.LINE_BLOCK_BYTES)
# An ExecutionPlan is under 1 KB; 16 MiB leaves room for any real DTO and journal line
# while bounding what one payload (and its error messages) can cost.
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """One input to read: a file (or stdin, ``path == "-"``) holding one payload or NDJSON lines."""

    path: str
    ndjson: bool


@dataclass(frozen=True)
class Oversized:
    """A payload longer than the size limit: refused after ``limit + 1`` bytes, so memory stays bounded."""

    path: str
    limit: int


@dataclass(frozen=True)
class Unreadable:
    """An input that cannot be read at all: missing, unreadable, a symlink loop, not a file."""

    path: str
    message: str


def _why(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return error.strerror or str(error)


def _walk(folder: str, ancestors: frozenset[tuple[int, int]]) -> Iterator[Source | Unreadable]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Unreadable(folder, f"cannot list folder: {_why(error)}")
        return
    for entry in entries:
        try:
            info = os.stat(entry.path)  # follows symlinks; ELOOP for a loop of links
        except OSError as error:
            if entry.name.endswith(SUFFIXES) or entry.is_symlink():
                yield Unreadable(entry.path, _why(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield Unreadable(entry.path, "symlink loop: the folder contains itself")
            else:
                yield from _walk(entry.path, ancestors | {key})
        elif entry.name.endswith(SUFFIXES):
            yield Source(entry.path, entry.name.endswith(NDJSON_SUFFIXES))


def iter_sources(paths: list[str], *, stdin_ndjson: bool = False) -> Iterator[Source | Unreadable]:
    """Expand the command-line paths into sources to read, in the order given (folders sorted)."""
    for path in paths:
        if path == STDIN:
            yield Source(STDIN, stdin_ndjson)
            continue
        try:
            info = os.stat(path)
        except OSError as error:
            yield Unreadable(path, _why(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, frozenset({(info.st_dev, info.st_ino)}))
        else:
            yield Source(path, path.endswith(NDJSON_SUFFIXES))


def open_source(source: Source) -> BinaryIO:
    """The source's bytes; raises ``OSError`` (the caller turns it into an ``Unreadable``)."""
    import sys  # noqa: PLC0415 (stdin is looked up when used, so tests can replace it)

    if source.path == STDIN:
        return sys.stdin.buffer
    if not os.path.isfile(source.path):
        raise IsADirectoryError(errno.EISDIR, "not a regular file")
    return open(source.path, "rb")  # the caller closes it


def read_payload(source: Source, limit: int) -> bytes | Unreadable | Oversized:
    """The whole content of a one-payload source, or why it cannot be read.

    At most ``limit + 1`` bytes are read, in blocks, so an endless stream
    (``/dev/zero`` on stdin) ends as an ``Oversized`` value instead of filling memory.
    """
    try:
        handle = open_source(source)
        try:
            pieces = []
            size = 0
            while size <= limit:
                piece = handle.read(min(BLOCK_BYTES, limit + 1 - size))
                if not piece:
                    break
                pieces.append(piece)
                size += len(piece)
        finally:
            if source.path != STDIN:
                handle.close()
    except OSError as error:
        return Unreadable(source.path, _why(error))
    if size > limit:
        return Oversized(source.path, limit)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def display(path: str | Path) -> str:
    """How a path is shown in reports: as given, ``<stdin>`` for ``-``."""
    return "<stdin>" if str(path) == STDIN else str(path)
