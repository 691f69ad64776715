"""Validating payloads against a schema: a fast exact verdict, and a detailed account only of failures.

Every payload is parsed with orjson and judged with jsonschema-rs (Rust ``regex``,
which reads the portable patterns that ``codegen.patterns`` admits exactly as
ECMA-262 does). A payload that fails is judged again by ``codegen.ecma`` (python-
jsonschema with an ECMA-262 ``pattern``), which names the pointer, the keyword and a
message for every violation, and whose verdict is the contract. Where orjson's
reading is not exact (duplicate keys, which it merges silently, and integers beyond
64 bits, which it turns into floats), the payload is re-read strictly with the
standard library; cheap counts on the raw bytes decide when that is needed.

Nothing here imports the code generator: this is the start-up path of ``codegen validate``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import jsonschema_rs
import orjson

from codegen.errors import SchemaError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

from codegen.payloads import STDIN, Source, Unreadable, display, iter_sources, open_source, read_payload

__all__ = [
    "Engine",
    "Failure",
    "LoadedSchema",
    "Problem",
    "Summary",
    "Tally",
    "default_schema_dir",
    "load_schema",
    "validate_paths",
]

SCHEMA_SUFFIX = ".schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
CHUNK_BYTES = 8 * 1024 * 1024  # one unit of parallel work: large enough to amortise a round trip
_FLAT = frozenset({str, int, bool, type(None)})  # value types that need no further look
_SAFE_FLOAT = float(2**63)  # orjson reads integers beyond 64 bits as floats at least this large


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a payload or an input failed: where, which rule, and what is wrong."""

    file: str
    line: int | None  # NDJSON line, or the line of a syntax error; None for a whole .json payload
    pointer: str  # JSON pointer into the payload ("" = the whole payload)
    keyword: str  # the schema keyword that failed; "json" for syntax, "input" for reading
    message: str


@dataclass(frozen=True)
class Failure:
    """A payload that is not valid, or an input that could not be read, with every problem found."""

    problems: tuple[Problem, ...]
    unreadable: bool = False


@dataclass(frozen=True)
class Tally:
    """Counts of work done since the previous tally; the summary is their sum."""

    files: int = 0
    payloads: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    bytes: int = 0


@dataclass
class Summary:
    """What a run checked and found; ``ok`` when everything was read and valid."""

    files: int = 0
    payloads: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    bytes: int = 0
    elapsed: float = 0.0

    def add(self, tally: Tally) -> None:
        self.files += tally.files
        self.payloads += tally.payloads
        self.valid += tally.valid
        self.invalid += tally.invalid
        self.unreadable += tally.unreadable
        self.bytes += tally.bytes

    @property
    def ok(self) -> bool:
        return self.invalid == 0 and self.unreadable == 0


# -- the schema ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedSchema:
    """The chosen schema and the other files of its folder (for cross-file ``$ref``)."""

    path: Path
    document: dict[str, Any]
    folder: tuple[tuple[Path, str, dict[str, Any]], ...] = field(default=())  # (path, uri, document)


def default_schema_dir() -> Path:
    """The project's own schema folder: beside the package in a checkout, or installed as data."""
    here = Path(__file__).resolve().parent.parent / "schemas"
    if here.is_dir():
        return here
    import sys  # noqa: PLC0415

    return Path(sys.prefix) / "share" / "codegen-toolkit" / "schemas"


def _read_schema(path: Path) -> dict[str, Any]:
    try:
        document = orjson.loads(path.read_bytes())
    except OSError as error:
        raise SchemaError(path, "", f"cannot read schema: {error.strerror or error}") from None
    except orjson.JSONDecodeError as error:
        raise SchemaError(path, "", f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise SchemaError(path, "", "a schema file must hold a JSON object")
    return document


def load_schema(name: str, schema_dir: Path) -> LoadedSchema:
    """The schema named ``name`` (file stem, file name or ``title``) in ``schema_dir``; ``SchemaError`` if none."""
    if not schema_dir.is_dir():
        raise SchemaError(schema_dir, "", "schema folder not found")
    paths = sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}"))
    folder = []
    chosen = None
    for path in paths:
        document = _read_schema(path)
        uri = str(document.get("$id") or path.resolve().as_uri())
        folder.append((path, uri, document))
        stem = path.name[: -len(SCHEMA_SUFFIX)]
        if name in (stem, path.name, document.get("title")) and chosen is None:
            chosen = (path, document)
    if chosen is None:
        known = ", ".join(str(doc.get("title") or p.name) for p, _, doc in folder) or "none"
        raise SchemaError(schema_dir, "", f"no schema named {name!r} (known: {known})")
    path, document = chosen
    if document.get("$schema") != DIALECT:
        raise SchemaError(path, "/$schema", f"must be {DIALECT!r}")
    try:
        jsonschema_rs.meta.validate(document)
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError) as error:
        raise SchemaError(path, "", f"violates the metaschema: {str(error).splitlines()[0]}") from None
    return LoadedSchema(path=path, document=document, folder=tuple(folder))


def _patterns(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "pattern" and isinstance(value, str):
                    yield value
                elif key == "patternProperties" and isinstance(value, dict):
                    yield from value
                if key not in ("examples", "default", "enum", "const"):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _portable(document: dict[str, Any]) -> bool:
    """True when every regex in the schema reads the same in Rust ``regex`` and ECMA-262."""
    from codegen.patterns import PatternProblem, _check_subset, ecma_regex  # noqa: PLC0415

    try:
        for pattern in _patterns(document):
            ecma_regex(pattern)
            _check_subset(pattern)
    except PatternProblem:
        return False
    return True


# -- the engine ----------------------------------------------------------------------------------

Found = tuple[int | None, str, str, str]  # (line, pointer, keyword, message) inside one payload


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in one object (parsers disagree on which value wins)")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:40]} is beyond the range of a double")
    return number


def _audit(value: Any) -> tuple[int, int, bool]:
    """Keys in every object, colons in every string and key, and whether a float may be a big integer."""
    keys = colons = 0
    big = False
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            keys += len(item)
            for key, member in item.items():
                colons += key.count(":")
                stack.append(member)
        elif kind is list:
            stack.extend(item)
        elif kind is str:
            colons += item.count(":")
        elif kind is float and abs(item) >= _SAFE_FLOAT:
            big = True
    return keys, colons, big


def _needs_strict_read(data: bytes, value: Any) -> bool:
    """Whether orjson's reading may differ from the text: a duplicate key, or an integer past 64 bits.

    Every object member has exactly one colon outside strings, so with no duplicate
    the raw colons number the members plus the colons inside strings; without
    ``\\u`` escapes those are exactly the colons of the parsed strings.
    """
    keys, colons, big = _audit(value)
    raw = data.count(b":")
    return big or not (raw == keys or (b"\\u" not in data and raw - colons == keys))


class Engine:
    """Judges payload bytes against one schema; ``check`` returns nothing for a valid payload."""

    def __init__(self, schema: LoadedSchema) -> None:
        self.schema = schema
        self._ecma: Any = None
        self._fast: Callable[[Any], bool] | None = None
        if _portable(schema.document):
            registry = jsonschema_rs.Registry(
                [(uri, doc) for _, uri, doc in schema.folder if doc is not schema.document]
            )
            try:
                self._fast = jsonschema_rs.Draft202012Validator(
                    schema.document,
                    registry=registry,
                    pattern_options=jsonschema_rs.RegexOptions(),
                    base_uri=str(schema.document.get("$id") or schema.path.resolve().as_uri()),
                ).is_valid
            except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
                raise SchemaError(schema.path, "", f"cannot compile: {str(error).splitlines()[0]}") from None

    def check(self, data: bytes) -> tuple[Found, ...]:
        """The problems of one payload's bytes; empty when it is valid."""
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            if error.msg.startswith("number is infinity"):  # maybe an integer too long for a double
                return self._strict(data)
            return (_syntax(data, error),)
        if type(value) is dict:
            if not (set(map(type, value.values())) <= _FLAT and data.count(b":") == len(value)) and (
                _needs_strict_read(data, value)
            ):
                return self._strict(data)
        elif type(value) is list and _needs_strict_read(data, value):
            return self._strict(data)
        if self._fast is not None and self._fast(value):
            return ()
        return self.explain(value)

    def _strict(self, data: bytes) -> tuple[Found, ...]:
        try:
            value = json.loads(
                data.decode("utf-8"),
                object_pairs_hook=_reject_duplicates,
                parse_constant=_reject_constant,
                parse_float=_finite_float,
            )
        except RecursionError:
            return ((None, "", "json", "not JSON this tool can read: nested too deeply"),)
        except json.JSONDecodeError as error:
            return ((error.lineno, "", "json", f"not JSON: {error.msg} (line {error.lineno} column {error.colno})"),)
        except ValueError as error:  # duplicate keys, integers with too many digits
            return ((None, "", "json", f"not JSON this tool accepts: {error}"),)
        return self.explain(value)

    def explain(self, value: Any) -> tuple[Found, ...]:
        """Every violation of the schema, by the ECMA-262-correct validator (the contract)."""
        if self._ecma is None:
            self._ecma = _ecma_validator(self.schema)
        errors = sorted(
            self._ecma.iter_errors(value),
            key=lambda error: ([str(part) for part in error.absolute_path], error.validator),
        )
        return tuple((None, _pointer(error.absolute_path), str(error.validator), error.message) for error in errors)


def _ecma_validator(schema: LoadedSchema) -> Any:
    from codegen.ecma import ecma_validator  # noqa: PLC0415 (python-jsonschema: only for failures)
    from codegen.schemas import SchemaFile, registry_of  # noqa: PLC0415

    files = [SchemaFile(path=path, text="", document=document) for path, _, document in schema.folder]
    return ecma_validator(schema.document, registry_of(files))


def _pointer(parts: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _syntax(data: bytes, error: orjson.JSONDecodeError) -> Found:
    if data.startswith(b"\xef\xbb\xbf"):
        return (1, "", "json", "not JSON: starts with a UTF-8 byte-order mark, which JSON texts must not carry")
    if "UTF-8" in error.msg:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = data.count(b"\n", 0, bad.start) + 1
            return (line, "", "json", f"not UTF-8 text: invalid byte 0x{data[bad.start]:02x} at offset {bad.start}")
        return (error.lineno, "", "json", f"not JSON: {error.msg}")
    if not data.strip():
        return (None, "", "json", "empty file: expected a JSON object")
    message = {
        "depth limit exceeded": "nested more than 1024 levels deep",
    }.get(error.msg, error.msg)
    return (error.lineno, "", "json", f"not JSON: {message} (line {error.lineno} column {error.colno})")


# -- running over inputs -------------------------------------------------------------------------


def _failure(path: str, line: int | None, found: tuple[Found, ...]) -> Failure:
    return Failure(
        tuple(Problem(display(path), line if line is not None else at, ptr, kw, msg) for at, ptr, kw, msg in found)
    )


def _unreadable(item: Unreadable) -> tuple[Failure, Tally]:
    problem = Problem(display(item.path), None, "", "input", f"cannot read: {item.message}")
    return Failure((problem,), unreadable=True), Tally(files=1, unreadable=1)


def _check_block(engine: Engine, path: str, lines: list[bytes], first: int) -> Iterator[Failure | Tally]:
    """Check the NDJSON lines of one block (line ``first`` onwards): failures as found, then a tally.

    The loop inlines the engine's fast path, which decides almost every line: a flat
    object whose colons are all member separators, judged valid by jsonschema-rs.
    Everything else (blank lines included) goes through ``Engine.check``.
    """
    loads, decode_error, fast, flat = orjson.loads, orjson.JSONDecodeError, engine._fast, _FLAT
    payloads = invalid = 0
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
                payloads += 1
                continue
        except decode_error:
            if line.isspace() or not line:
                continue  # blank lines are skipped, not payloads
        payloads += 1
        found = engine.check(line)
        if found:
            invalid += 1
            yield _failure(path, first + index, tuple((None, ptr, kw, msg) for _, ptr, kw, msg in found))
    yield Tally(payloads=payloads, valid=payloads - invalid, invalid=invalid, bytes=sum(map(len, lines)))


def _check_lines(engine: Engine, path: str, handle: BinaryIO, block_bytes: int = 1 << 20) -> Iterator[Failure | Tally]:
    """Check an NDJSON stream block by block (constant memory), with the true line numbers."""
    first = 1
    rest = b""
    while True:
        block = handle.read(block_bytes)
        if not block:
            break
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        yield from _check_block(engine, path, lines, first)
        first += len(lines)
    if rest:
        yield from _check_block(engine, path, [rest], first)


# Parallel NDJSON: each worker process builds its own engine once, then checks byte ranges.
_worker_engine: Engine | None = None


def _start_worker(schema: LoadedSchema) -> None:
    global _worker_engine  # noqa: PLW0603 (one engine per worker process)
    _worker_engine = Engine(schema)


@dataclass(frozen=True)
class _ChunkResult:
    lines: int  # physical lines in the chunk, blank ones included
    events: list[Failure | Tally]  # line numbers relative to the chunk (1 = its first line)
    error: str | None = None


def _check_chunk(path: str, start: int, end: int) -> _ChunkResult:
    assert _worker_engine is not None
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            block = handle.read(end - start)
    except OSError as error:
        return _ChunkResult(0, [], error.strerror or str(error))
    lines = block.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return _ChunkResult(len(lines), list(_check_block(_worker_engine, path, lines, 1)))


def _chunks(path: str, size: int, chunk: int) -> Iterator[tuple[int, int]]:
    """Byte ranges of about ``chunk`` bytes that start and end at line boundaries."""
    with open(path, "rb") as handle:
        start = 0
        while start < size:
            handle.seek(min(start + chunk, size))
            handle.readline()  # to the end of the line the cut fell in
            end = min(handle.tell(), size) if start + chunk < size else size
            yield start, end
            start = end


def _check_parallel(
    pool: ProcessPoolExecutor, jobs: int, path: str, size: int, chunk: int
) -> Iterator[Failure | Tally]:
    """Spread one NDJSON file over the pool; events come back in input order, with true line numbers."""
    pending: list[Future[_ChunkResult]] = []
    base = 0

    def drain() -> Iterator[Failure | Tally]:
        nonlocal base
        result = pending.pop(0).result()
        if result.error is not None:
            failure, _ = _unreadable(Unreadable(path, result.error))
            yield failure
            yield Tally(unreadable=1)
            return
        for event in result.events:
            if isinstance(event, Failure):
                yield Failure(
                    tuple(
                        Problem(p.file, (p.line or 0) + base, p.pointer, p.keyword, p.message) for p in event.problems
                    )
                )
            else:
                yield event
        base += result.lines

    for start, end in _chunks(path, size, chunk):
        pending.append(pool.submit(_check_chunk, path, start, end))
        if len(pending) >= 2 * jobs:
            yield from drain()
    while pending:
        yield from drain()


def _check_source(engine: Engine, source: Source) -> Iterator[Failure | Tally]:
    if not source.ndjson:
        data = read_payload(source)
        if isinstance(data, Unreadable):
            failure, tally = _unreadable(data)
            yield failure
            yield tally
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
        yield from _check_lines(engine, source.path, handle)
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
) -> Iterator[Failure | Tally]:
    """Check every payload under ``paths``: failures in input order, and tallies of the work done.

    NDJSON files larger than ``chunk_bytes`` are spread over ``jobs`` processes
    (default: one per core); everything else is checked in this process.
    """
    engine = Engine(schema)
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    pool: ProcessPoolExecutor | None = None
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
                yield from _check_parallel(pool, jobs, source.path, size, chunk_bytes)
            else:
                yield from _check_source(engine, source)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _regular_size(path: str) -> int:
    if path == STDIN:
        return 0
    try:
        return os.path.getsize(path) if os.path.isfile(path) else 0
    except OSError:
        return 0


def summarize(
    events: Iterator[Failure | Tally],
    on_failure: Callable[[Failure], None],
    on_tally: Callable[[Summary], None] | None = None,
) -> Summary:
    """Run ``events`` to the end, handing each failure on; the summary of every tally."""
    import time  # noqa: PLC0415

    started = time.perf_counter()
    summary = Summary()
    for event in events:
        if isinstance(event, Tally):
            summary.add(event)
            if on_tally is not None:
                on_tally(summary)
        else:
            on_failure(event)
    summary.elapsed = time.perf_counter() - started
    return summary
