"""Validating the payloads under some paths: the Python API behind ``codegen validate``.

``validate_paths`` walks the inputs (files, folders, NDJSON streams, stdin), hands
each payload to an ``Engine`` and yields failures in input order with tallies of the
work done; large NDJSON files are spread over worker processes. Streams are read in
blocks, so memory stays bounded and time linear whatever the input (an endless
stdin, a line of gigabytes). ``summarize`` runs the events to the end. Nothing here
imports the code generator.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import asdict, dataclass
from itertools import compress, count
from operator import not_
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

import orjson

from codegen.validation.engine import (
    FLAT_TYPES,
    Engine,
    Found,
    LoadedSchema,
    default_schema_dir,
    load_schema,
)
from codegen.validation.inputs import (
    BLOCK_BYTES,
    MAX_PAYLOAD_BYTES,
    STDIN,
    Oversized,
    Source,
    Unreadable,
    display,
    iter_sources,
    open_source,
    read_payload,
)
from codegen.validation.results import FailedLines, Failure, Problem, Summary, Tally

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = [
    "Engine",
    "Failure",
    "LoadedSchema",
    "Problem",
    "Summary",
    "Tally",
    "default_schema_dir",
    "load_schema",
    "summarize",
    "validate_paths",
]

CHUNK_BYTES = 8 * 1024 * 1024  # one unit of parallel work: large enough to amortise a round trip
# NDJSON is read and judged 64 KiB at a time, so that a block's parsed values (several
# times its bytes) are still in the core's cache when the verdict and then the
# explanation of a bad line read them. A 1 MiB block parses into 3.3 MB of values, past
# this machine's 1 MiB of L2 a core; one member lookup cost 135 ns in a loop over 25,000
# parsed plans, against 35 ns on one plan read again and again. In process, 200,000 plans
# took 0.323 s against 0.368 s from 1 MiB blocks, the 50% invalid mix 0.606 s against
# 0.735 s (medians of five); 16 and 128 KiB blocks were slower than 64.
LINE_BLOCK_BYTES = 64 * 1024
# The failing lines handed on as one value at most: a block of short bad lines (half a
# million "x" lines in a MiB) must not hold the findings of them all at once.
BATCH_LINES = 1024

# What the runner yields inside a run: a block's failing NDJSON lines come as one
# ``FailedLines`` (``validate_paths`` and ``summarize`` hand on plain failures). On the
# way to the text report a bad line then costs no ``Failure`` and ``Problem`` (2,800
# instructions in callgrind: tuple.__new__ on a subclass is 1,400) and no resumed frame
# per generator layer (five), and the report writes a block at once; see TextReporter.lines.
_Event = Failure | Tally | FailedLines


def _failure(path: str, line: int | None, found: tuple[Found, ...]) -> Failure:
    return Failure(
        tuple(Problem(display(path), line if line is not None else at, ptr, kw, msg) for at, ptr, kw, msg in found)
    )


def _unreadable(item: Unreadable) -> tuple[Failure, Tally]:
    problem = Problem(display(item.path), None, "", "input", f"cannot read: {item.message}")
    return Failure((problem,), unreadable=True), Tally(files=1, unreadable=1)


# (lines passed, indices of the others, orjson's reading and the colon count of some of those)
_Judged = tuple[int, list[int], dict[int, tuple[Any, int]]]


def _check_block(
    engine: Engine, path: str, lines: list[bytes], first: int, counts: tuple[int, int]
) -> Iterator[FailedLines | Tally]:
    """Check the NDJSON lines of one block (line ``first`` onwards): its failing lines, then a tally.

    ``counts`` are the lines' colons and bytes. The lines the fast path passes are only
    counted; the others (blank lines among them) go through ``Engine.check`` one by
    one, in input order. The failing lines come in ``FailedLines`` of at most
    ``BATCH_LINES``.
    """
    colons, size = counts
    judged = _flat_block(engine, lines, colons) if engine.flat_fast is not None else None
    if judged is None:
        judged = _general_block(engine, lines)
    payloads, slow, parsed = judged
    invalid = 0
    shown = display(path)
    check, reading = engine.check, parsed.get
    numbers: list[int] = []  # an NDJSON problem is at its line, even a syntax error's
    found_of: list[tuple[Found, ...]] = []
    for index in slow:
        line = lines[index]
        if not line or line.isspace():
            continue  # blank lines are skipped, not payloads
        payloads += 1
        found = check(line, reading(index))
        if found:
            numbers.append(first + index)
            found_of.append(found)
            if len(numbers) == BATCH_LINES:
                invalid += BATCH_LINES
                yield FailedLines(shown, numbers, found_of)
                numbers, found_of = [], []
    if numbers:
        invalid += len(numbers)
        yield FailedLines(shown, numbers, found_of)
    yield Tally(payloads=payloads, valid=payloads - invalid, invalid=invalid, bytes=size)


def _flat_block(engine: Engine, lines: list[bytes], colons: int) -> _Judged | None:
    """The count of lines the fast path passes, the others' indices and readings; ``None``: judge line by line.

    For a schema whose payloads are objects of scalars (``Engine.flat_fast``), a valid
    verdict leaves one way for orjson's reading to differ from the text: a duplicate
    key, whose last value orjson keeps (numbers past 2**53, the other way, fail
    ``flat_fast``'s bound). Every member of an object has exactly one colon outside
    strings, so when the block's colons number exactly the members of its passing
    lines plus the colons of the others, no passing line has a duplicate key (nor a
    colon in a string). Counting once per block costs a fifth of counting per line,
    and parsing and judging through ``map`` runs no Python code per line. A block with
    a line that is not JSON, or whose colons do not add up (a colon inside a string
    value, say), returns ``None``: the general loop then judges it line by line.

    The other lines' colons are counted only when needed: no line has fewer colons
    than its object has members (any other value counts none), so when the block's
    colons are the members of all its objects, each line's are its own object's.
    """
    try:
        values = list(map(orjson.loads, lines))
    except orjson.JSONDecodeError:
        return None
    judge = engine.flat_fast
    assert judge is not None
    verdicts = list(map(judge, values))
    members = sum(map(len, compress(values, verdicts)))
    slow = list(compress(count(), map(not_, verdicts)))
    slow_values = list(map(values.__getitem__, slow))
    slow_colons = [len(value) if type(value) is dict else 0 for value in slow_values]
    if colons != members + sum(slow_colons):  # a colon beyond the members: on which line?
        slow_colons = [lines[index].count(b":") for index in slow]
        if colons - sum(slow_colons) != members:
            return None
    return len(lines) - len(slow), slow, dict(zip(slow, zip(slow_values, slow_colons, strict=True), strict=True))


def _general_block(engine: Engine, lines: list[bytes]) -> _Judged:
    """The lines the general fast path passes (a flat object whose colons all separate members), and the others."""
    loads, decode_error, fast, flat = orjson.loads, orjson.JSONDecodeError, engine.fast, FLAT_TYPES
    passed = 0
    slow: list[int] = []
    for index, line in enumerate(lines):
        try:
            value = loads(line)
            if (
                fast is not None
                and type(value) is dict
                and line.count(b":") == len(value)
                and set(map(type, value.values())) <= flat
                and fast(value)
            ):
                passed += 1
                continue
        except decode_error:
            pass
        slow.append(index)
    return passed, slow, {}


def _oversized(path: str, line: int | None, limit: int, size: int = 0) -> Iterator[_Event]:
    """A payload past the size limit: one invalid payload, with a problem saying why it was not checked."""
    message = f"payload larger than {limit:,} bytes (the --max-payload-bytes limit): not checked"
    yield Failure((Problem(display(path), line, "", "input", message),))
    yield Tally(payloads=1, invalid=1, bytes=size)


class _Reader(Protocol):
    def read(self, size: int, /) -> bytes: ...


def _check_lines(
    engine: Engine, path: str, handle: _Reader, limit: int, block_bytes: int = LINE_BLOCK_BYTES
) -> Generator[_Event, None, int]:
    """Check an NDJSON stream block by block, with the true line numbers; returns the lines read.

    Memory stays bounded and time linear: a line that spans blocks is kept as a list
    of pieces joined once, and a line past ``limit`` is dropped as it arrives (reported,
    never held). Blocks are at most ``limit + 1`` bytes, so a line that starts and ends
    inside one block is within the limit: only the line that spans blocks is measured.
    """
    block_bytes = min(block_bytes, limit + 1)
    number = 1  # the line the next byte belongs to
    head: list[bytes] = []  # the start of line ``number``, when it began in an earlier block
    held = 0  # bytes of line ``number`` so far
    while block := handle.read(block_bytes):
        cut = block.find(b"\n")
        if cut < 0:  # the whole block belongs to line ``number``
            held += len(block)
            if held <= limit:
                head.append(block)
            else:
                head.clear()
            continue
        held += cut
        lines = block[cut + 1 :].split(b"\n")
        tail = lines.pop()
        # The lines' colons and bytes, counted in the block itself (no join, no pass per line).
        end = len(block) - len(tail)
        colons, size = block.count(b":", cut + 1, end), end - cut - 1 - len(lines)
        if held > limit:
            yield from _oversized(path, number, limit, held)
            first = number + 1
        else:
            lines.insert(0, b"".join([*head, block[:cut]]) if head else block[:cut])
            colons += block.count(b":", 0, cut) + sum(piece.count(b":") for piece in head)
            size += held
            first = number
        yield from _check_block(engine, path, lines, first, (colons, size))
        number = first + len(lines)
        head, held = ([tail] if tail else []), len(tail)
    if held > limit:
        yield from _oversized(path, number, limit, held)
    elif head:
        last = b"".join(head)
        yield from _check_block(engine, path, [last], number, (last.count(b":"), len(last)))
    return number if held else number - 1


# Parallel NDJSON: each worker process builds its own engine once, then checks byte ranges.
_worker_engine: Engine | None = None


def _start_worker(schema: LoadedSchema) -> None:
    global _worker_engine  # noqa: PLW0603 (one engine per worker process)
    _worker_engine = Engine(schema)


@dataclass(frozen=True)
class _ChunkResult:
    lines: int  # physical lines in the chunk, blank ones included
    events: list[_Event]  # line numbers relative to the chunk (1 = its first line)
    error: str | None = None


class _Range:
    """The bytes ``start``..``end`` of an open file, read like a stream."""

    def __init__(self, handle: BinaryIO, start: int, end: int) -> None:
        handle.seek(start)
        self.handle, self.left = handle, end - start

    def read(self, size: int) -> bytes:
        block = self.handle.read(min(size, self.left))
        self.left -= len(block)
        return block


def _check_chunk(path: str, start: int, end: int, limit: int) -> _ChunkResult:
    assert _worker_engine is not None
    try:
        with open(path, "rb") as handle:
            return _ChunkResult(*_collect(_check_lines(_worker_engine, path, _Range(handle, start, end), limit)))
    except OSError as error:
        return _ChunkResult(0, [], error.strerror or str(error))


def _collect(run: Generator[_Event, None, int]) -> tuple[int, list[_Event]]:
    """Every event of ``run`` and what it returns (the lines it read)."""
    events = []
    while True:
        try:
            events.append(next(run))
        except StopIteration as stop:
            return stop.value, events


def _line_end(handle: BinaryIO, position: int, size: int) -> int:
    """The offset just past the newline that ends the line holding ``position`` (or ``size``), read in blocks."""
    handle.seek(position)
    while position < size:
        block = handle.read(BLOCK_BYTES)
        if not block:
            break
        cut = block.find(b"\n")
        if cut >= 0:
            return position + cut + 1
        position += len(block)
    return size


def _chunks(path: str, size: int, chunk: int) -> Iterator[tuple[int, int]]:
    """Byte ranges of about ``chunk`` bytes that start and end at line boundaries."""
    with open(path, "rb") as handle:
        start = 0
        while start < size:
            end = _line_end(handle, start + chunk, size) if start + chunk < size else size
            yield start, end
            start = end


def _check_parallel(
    pool: ProcessPoolExecutor, jobs: int, path: str, size: int, *, chunk: int, limit: int
) -> Iterator[_Event]:
    """Spread one NDJSON file over the pool; events come back in input order, with true line numbers."""
    pending: list[Future[_ChunkResult]] = []
    base = 0

    def drain() -> Iterator[_Event]:
        nonlocal base
        result = pending.pop(0).result()
        if result.error is not None:
            failure, _ = _unreadable(Unreadable(path, result.error))
            yield failure
            yield Tally(unreadable=1)
            return
        for event in result.events:
            if isinstance(event, FailedLines):
                yield FailedLines(event.file, [number + base for number in event.numbers], event.found)
            elif isinstance(event, Failure):
                yield Failure(
                    tuple(
                        Problem(p.file, (p.line or 0) + base, p.pointer, p.keyword, p.message) for p in event.problems
                    )
                )
            else:
                yield event
        base += result.lines

    for start, end in _chunks(path, size, chunk):
        pending.append(pool.submit(_check_chunk, path, start, end, limit))
        if len(pending) >= 2 * jobs:
            yield from drain()
    while pending:
        yield from drain()


def _check_source(engine: Engine, source: Source, limit: int) -> Iterator[_Event]:
    if not source.ndjson:
        data = read_payload(source, limit)
        if isinstance(data, Unreadable):
            failure, tally = _unreadable(data)
            yield failure
            yield tally
            return
        if isinstance(data, Oversized):
            yield Tally(files=1)
            yield from _oversized(source.path, None, limit)
            return
        found = engine.check(data)
        if found:
            yield _failure(source.path, None, found)
        yield Tally(files=1, payloads=1, valid=0 if found else 1, invalid=1 if found else 0, bytes=len(data))
        return
    yield Tally(files=1)
    try:
        handle = open_source(source)
    except OSError as error:
        failure, _ = _unreadable(Unreadable(source.path, error.strerror or str(error)))
        yield failure
        yield Tally(unreadable=1)
        return
    try:
        yield from _check_lines(engine, source.path, handle, limit)
    except OSError as error:
        failure, _ = _unreadable(Unreadable(source.path, error.strerror or str(error)))
        yield failure
        yield Tally(unreadable=1)
    finally:
        if source.path != STDIN:
            handle.close()


def validate_paths(
    paths: list[str],
    schema: LoadedSchema,
    *,
    jobs: int | None = None,
    stdin_ndjson: bool = False,
    chunk_bytes: int = CHUNK_BYTES,
    examples: bool = False,
    max_payload_bytes: int = MAX_PAYLOAD_BYTES,
    allow_empty: bool = False,
) -> Iterator[Failure | Tally]:
    """Check every payload under ``paths``: failures in input order, and tallies of the work done.

    With ``examples``, the schema's own ``examples`` come first, each reported as
    ``<schema file>#/examples/<index>``. NDJSON files larger than ``chunk_bytes`` are
    spread over ``jobs`` processes (default: one per core); everything else is
    checked in this process. A payload longer than ``max_payload_bytes`` is reported
    unchecked. A run that finds no payload at all fails (an input problem), unless
    ``allow_empty``: a CI glob that matches nothing must not pass silently.
    """
    for event in validate_blocks(
        paths,
        schema,
        jobs=jobs,
        stdin_ndjson=stdin_ndjson,
        chunk_bytes=chunk_bytes,
        examples=examples,
        max_payload_bytes=max_payload_bytes,
        allow_empty=allow_empty,
    ):
        if isinstance(event, FailedLines):
            yield from event.failures()
        else:
            yield event


def validate_blocks(
    paths: list[str],
    schema: LoadedSchema,
    *,
    jobs: int | None = None,
    stdin_ndjson: bool = False,
    chunk_bytes: int = CHUNK_BYTES,
    examples: bool = False,
    max_payload_bytes: int = MAX_PAYLOAD_BYTES,
    allow_empty: bool = False,
) -> Iterator[Failure | Tally | FailedLines]:
    """``validate_paths``, with the failing lines of an NDJSON block as one ``FailedLines`` (for ``summarize``)."""
    payloads = 0
    for event in _run(
        paths,
        schema,
        jobs=jobs,
        stdin_ndjson=stdin_ndjson,
        chunk_bytes=chunk_bytes,
        examples=examples,
        limit=max_payload_bytes,
    ):
        if isinstance(event, Tally):
            payloads += event.payloads
        yield event
    if payloads == 0 and not allow_empty:
        where = ", ".join(display(path) for path in paths) or str(schema.path)
        message = "no payloads to check: the input is empty or holds no *.json, *.ndjson or *.jsonl file"
        yield Failure((Problem(where, None, "", "input", f"{message} (--allow-empty accepts this)"),), unreadable=True)
        yield Tally(unreadable=1)


def _run(
    paths: list[str],
    schema: LoadedSchema,
    *,
    jobs: int | None,
    stdin_ndjson: bool,
    chunk_bytes: int,
    examples: bool,
    limit: int,
) -> Iterator[_Event]:
    engine = Engine(schema)
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    pool: ProcessPoolExecutor | None = None
    if examples:
        yield from _check_examples(engine, schema)
    try:
        for source in iter_sources(paths, stdin_ndjson=stdin_ndjson):
            if isinstance(source, Unreadable):
                failure, tally = _unreadable(source)
                yield failure
                yield tally
                continue
            size = _regular_size(source.path) if source.ndjson and jobs > 1 else 0
            if size > chunk_bytes:
                if pool is None:
                    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 (only for large inputs)

                    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(schema,))
                yield Tally(files=1)
                yield from _check_parallel(pool, jobs, source.path, size, chunk=chunk_bytes, limit=limit)
            else:
                yield from _check_source(engine, source, limit)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _check_examples(engine: Engine, schema: LoadedSchema) -> Iterator[_Event]:
    found_any = 0
    payloads = schema.document.get("examples", [])
    for index, example in enumerate(payloads):
        # The standard library writes any integer exactly (orjson stops at 64 bits).
        found = engine.check(json.dumps(example).encode())
        if found:
            found_any += 1
            yield _failure(f"{schema.path}#/examples/{index}", None, found)
    yield Tally(files=1, payloads=len(payloads), valid=len(payloads) - found_any, invalid=found_any)


def _regular_size(path: str) -> int:
    if path == STDIN:
        return 0
    try:
        return os.path.getsize(path) if os.path.isfile(path) else 0
    except OSError:
        return 0


def summarize(
    events: Iterator[Failure | Tally | FailedLines],
    on_failure: Callable[[Failure], None],
    on_tally: Callable[[Tally], None] | None = None,
    *,
    on_lines: Callable[[FailedLines], None] | None = None,
) -> Summary:
    """Run ``events`` to the end, handing each failure on (and each running total); the summary.

    The failing lines of a ``FailedLines`` (from ``validate_blocks``) go to ``on_lines``
    at once, or else one by one to ``on_failure``.
    """
    import time  # noqa: PLC0415

    started = time.perf_counter()
    total = Tally()
    for event in events:
        if isinstance(event, FailedLines):
            if on_lines is not None:
                on_lines(event)
            else:
                for failure in event.failures():
                    on_failure(failure)
        elif isinstance(event, Tally):
            total += event
            if on_tally is not None:
                on_tally(total)
        else:
            on_failure(event)
    return Summary(**asdict(total), elapsed=time.perf_counter() - started)
