"""The bounds of ``codegen validate``: payload size, endless input, nesting depth, and runs with no payload."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pydantic
import pytest

from codegen.validation import Failure, Tally, default_schema_dir, load_schema, validate_paths
from codegen.validation.engine import MAX_DEPTH, Engine
from codegen.validation.inputs import MAX_PAYLOAD_BYTES, Oversized, Source, read_payload
from codegen.validation.results import FailedLines
from codegen.validation.runner import _check_lines
from generated import ExecutionPlan
from tests.helpers import run_validate as run
from tests.helpers import validate_report as report

ROOT = Path(__file__).resolve().parent.parent
VALID_PLAN = b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}'
SCHEMA = load_schema("ExecutionPlan", default_schema_dir())
ENGINE = Engine(SCHEMA)


def _errors(document: dict[str, object]) -> list[tuple[object, object, object]]:
    """(file, line, keyword) of every reported problem."""
    return [(e["file"], e["line"], e["keyword"]) for e in document["errors"]]  # type: ignore[attr-defined]


def _lines_of(path: str, handle: io.BufferedIOBase, limit: int, block_bytes: int = 1 << 20) -> list[Failure | Tally]:
    """``_check_lines``'s events, a block's failing lines as failures (as ``validate_paths`` yields them)."""
    events = list(_check_lines(ENGINE, path, handle, limit, block_bytes=block_bytes))
    return [one for event in events for one in (event.failures() if isinstance(event, FailedLines) else [event])]


def padded(size: int) -> bytes:
    """A valid plan padded with spaces to exactly ``size`` bytes."""
    return VALID_PLAN + b" " * (size - len(VALID_PLAN))


# Payload size


def test_default_cap_is_16_mib() -> None:
    """The default cap fits any real DTO with room to spare: 16 MiB."""
    assert MAX_PAYLOAD_BYTES == 16 * 1024 * 1024
    assert "--max-payload-bytes" in run("--help").stdout


def test_payload_file_over_the_cap_is_an_input_error(tmp_path: Path) -> None:
    """A file one byte past the cap is refused for that input; a file exactly at the cap is checked; the run goes on."""
    over, at = tmp_path / "over.json", tmp_path / "at.json"
    over.write_bytes(padded(1025))
    at.write_bytes(padded(1024))
    code, document = report("--max-payload-bytes", "1024", str(over), str(at))
    assert code == 1
    assert _errors(document) == [(str(over), None, "input")]
    assert "larger than 1,024 bytes" in document["errors"][0]["message"]  # type: ignore[index]
    assert document["summary"] == {**document["summary"], "payloads": 2, "valid": 1, "invalid": 1}  # type: ignore[dict-item]


def test_overlong_ndjson_line_is_skipped_and_later_lines_judged(tmp_path: Path) -> None:
    """A line past the cap is reported at its line; the good and the bad line after it are still judged."""
    case = tmp_path / "lines.ndjson"
    case.write_bytes(padded(5000) + b"\n" + padded(1024) + b"\n[]\n")
    code, document = report("--max-payload-bytes", "1024", str(case))
    assert code == 1
    assert _errors(document) == [(str(case), 1, "input"), (str(case), 3, "type")]
    assert document["summary"]["payloads"] == 3  # type: ignore[index]
    assert document["summary"]["valid"] == 1  # type: ignore[index]


def test_overlong_lines_keep_line_numbers_at_every_block_boundary() -> None:
    """Whatever the block size, over-long lines, blank lines and a last line without newline keep true numbers."""
    text = b"\n".join([padded(300), b"", b"x" * 700, padded(100), b"[1]", b"y" * 10_000, padded(257)])
    for block in (1, 7, 64, 256, 257, 1000, 1 << 20):
        events = _lines_of("t.ndjson", io.BytesIO(text), 256, block_bytes=block)
        failed = [(e.problems[0].line, e.problems[0].keyword) for e in events if isinstance(e, Failure)]
        assert failed == [(1, "input"), (3, "input"), (5, "type"), (6, "input"), (7, "input")], block
        assert sum(e.payloads for e in events if isinstance(e, Tally)) == 6


def test_stdin_over_the_cap_is_an_input_error() -> None:
    """One payload on stdin past the cap is refused with exit 1, and so is an over-long NDJSON line on stdin."""
    code, document = report("--max-payload-bytes", "1024", "-", stdin=padded(2048))
    assert (code, _errors(document)) == (1, [("<stdin>", None, "input")])
    code, document = report("--max-payload-bytes", "1024", "--ndjson", "-", stdin=padded(2048) + b"\n" + VALID_PLAN)
    assert (code, _errors(document)) == (1, [("<stdin>", 1, "input")])
    assert document["summary"]["valid"] == 1  # type: ignore[index]


def test_endless_stdin_stops_at_the_cap() -> None:
    """Zeros poured into stdin without end: validate stops reading past the cap and exits 1 instead of growing."""
    process = subprocess.Popen(
        [sys.executable, "-m", "codegen", "validate", "--max-payload-bytes", "65536", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdin is not None
    zeros, written = b"\0" * (1 << 20), 0
    try:
        while written < 1 << 30:  # 1 GiB would be far past what a bounded reader takes before giving up
            process.stdin.write(zeros)
            written += len(zeros)
    except BrokenPipeError:
        pass
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 1
    assert written < 64 << 20  # the pipe closed after about the cap plus buffers, not after the whole stream
    assert b"[input] payload larger than 65,536 bytes" in out


def test_zeros_as_ndjson_end_with_an_error() -> None:
    """64 MiB of zeros on stdin as one NDJSON line with a small cap: one input error at line 1, exit 1."""
    code, document = report("--max-payload-bytes", "4096", "--ndjson", "-", stdin=b"\0" * (64 << 20))
    assert (code, _errors(document)) == (1, [("<stdin>", 1, "input")])


def test_memory_stays_bounded_past_the_cap() -> None:
    """Reading 64 MiB past a 4 KiB cap, as one payload or one NDJSON line, never holds more than a few blocks."""

    class Zeros(io.RawIOBase):
        def __init__(self, total: int) -> None:
            self.left = total

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            size = min(len(buffer), self.left)
            buffer[:size] = b"\0" * size
            self.left -= size
            return size

    tracemalloc.start()
    try:
        events = _lines_of("-", io.BufferedReader(Zeros(64 << 20)), 4096)
        _, peak_lines = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        stdin = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BufferedReader(Zeros(64 << 20)))
        try:
            payload = read_payload(Source("-", ndjson=False), 4096)
        finally:
            sys.stdin = stdin
        _, peak_payload = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(payload, Oversized)
    assert [e.problems[0].keyword for e in events if isinstance(e, Failure)] == ["input"]
    assert peak_lines < 4 << 20
    assert peak_payload < 4 << 20


def test_long_line_within_the_cap_takes_linear_time() -> None:
    """A long line read in 64 KiB blocks is joined once, not re-joined per block (which took seconds at 32 MiB).

    Judged by a ratio within the test, not a time limit (a loaded machine slows both
    sides alike): a line 8 times as long takes about 8 times as long when joined once,
    64 times when re-joined per block.
    """

    def seconds(size: int) -> float:
        line = b'{"plan_id": "' + b"a" * size + b'"}\n' + VALID_PLAN + b"\n"
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            events = _lines_of("t.ndjson", io.BytesIO(line), 64 << 20, block_bytes=64 << 10)
            best = min(best, time.perf_counter() - started)
            assert [e.problems[0].line for e in events if isinstance(e, Failure)] == [1]
        return best

    assert seconds(32 << 20) < 24 * seconds(4 << 20)


def test_parallel_chunks_apply_the_cap(tmp_path: Path) -> None:
    """A large NDJSON file spread over workers reports an over-long line at its true line number."""
    lines = [VALID_PLAN] * 200 + [padded(5000)] + [VALID_PLAN] * 200 + [b"[]"]
    big = tmp_path / "big.ndjson"
    big.write_bytes(b"\n".join(lines) + b"\n")
    events = list(validate_paths([str(big)], SCHEMA, jobs=2, chunk_bytes=4096, max_payload_bytes=1024))
    failed = [(e.problems[0].line, e.problems[0].keyword) for e in events if isinstance(e, Failure)]
    assert failed == [(201, "input"), (402, "type")]


# Echoed values


@pytest.mark.parametrize("size", [201, 500, 5000])
def test_messages_quote_at_most_200_characters_of_a_value(size: int) -> None:
    """A value past 200 characters is cut in the message with the count left out, whatever the message's length."""
    data = b'{"plan_id": "' + b"a" * size + b'", "action": "' + b"b" * size + b'"}'
    messages = [message for _, _, _, message in ENGINE.check(data)]
    assert len(messages) == 2
    for message in messages:
        assert f"\u2026' ({size - 200:,} more characters)" in message
        assert len(message) < 400


# Nesting depth


def _nested(kind: str, depth: int, where: str, inner: bytes = b"1") -> bytes:
    """A payload whose innermost value ``inner`` sits inside ``depth`` containers, the payload itself included."""
    levels = depth if where == "root" else depth - 1
    opening, closing = (b'{"a": ', b"}") if kind == "object" else (b"[", b"]")
    body = opening * levels + inner + closing * levels
    if where == "root":
        return body
    return VALID_PLAN[:-1] + b', "x": ' + body + b"}"


def _model_says_too_deep(data: bytes) -> bool:
    try:
        ExecutionPlan.model_validate_json(data)
    except pydantic.ValidationError as error:
        return any("recursion limit exceeded" in e["msg"] for e in error.errors())
    return False


@pytest.mark.parametrize("inner", [b"1", b'"s"', b"[]", b"{}"])
@pytest.mark.parametrize("where", ["root", "property"])
@pytest.mark.parametrize("kind", ["object", "array"])
@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_model_and_validate_agree_on_the_depth_limit(kind: str, where: str, depth: int, inner: bytes) -> None:
    """At the limit both judge by the schema; one level past it both refuse the text as too deep."""
    data = _nested(kind, depth, where, inner)
    found = ENGINE.check(data)
    assert found  # ExecutionPlan has no nested field: every nested payload is invalid
    validate_too_deep = any("nested more than 200 levels deep" in message for _, _, _, message in found)
    assert validate_too_deep == _model_says_too_deep(data) == (depth > MAX_DEPTH)


def test_model_limit_is_200() -> None:
    """pydantic-core's parser takes a value inside 200 containers and refuses one inside 201 (an empty one counts)."""
    assert MAX_DEPTH == 200
    assert not _model_says_too_deep(b"[" * 200 + b"1" + b"]" * 200)
    assert _model_says_too_deep(b"[" * 201 + b"1" + b"]" * 201)
    assert not _model_says_too_deep(b"[" * 201 + b"]" * 201)  # the innermost value, [], is inside 200
    assert _model_says_too_deep(b"[" * 202 + b"]" * 202)


@pytest.mark.parametrize("depth", [201, 985, 1000, 1023, 1024, 1025, 5000])
def test_every_depth_gets_a_verdict_and_the_run_goes_on(tmp_path: Path, depth: int) -> None:
    """Deep payloads in a property or at the root, even where repr used to recurse, each get a verdict."""
    cases = []
    for kind in ("object", "array"):
        for where in ("root", "property"):
            case = tmp_path / f"{kind}_{where}.json"
            case.write_bytes(_nested(kind, depth, where))
            cases.append(str(case))
    good = tmp_path / "z_good.json"
    good.write_bytes(VALID_PLAN)
    code, document = report(*cases, str(good))
    assert code == 1
    assert _errors(document) == [(case, None, "json") for case in cases]
    assert document["summary"]["valid"] == 1  # type: ignore[index]


def test_depth_is_checked_on_the_exact_reading_path_too() -> None:
    """A payload re-read by the standard library (an integer past 64 bits) is refused as too deep as well."""
    huge = b"9" * 400
    for depth in (300, 1500):
        data = b'{"n": ' + huge + b', "x": ' + b"[" * depth + b"]" * depth + b"}"
        assert [found[2] for found in ENGINE.check(data)] == ["json"]
        assert "nested more than 200" in ENGINE.check(data)[0][3]


# Runs with no payload


@pytest.mark.parametrize("kind", ["stdin", "ndjson", "folder"])
def test_no_payload_at_all_fails_unless_allowed(tmp_path: Path, kind: str) -> None:
    """Empty stdin (NDJSON), an empty .ndjson file and an empty folder exit 1 with a message; --allow-empty exits 0."""
    args, stdin = {
        "stdin": (["--ndjson", "-"], b""),
        "ndjson": ([str(tmp_path / "empty.ndjson")], b""),
        "folder": ([str(tmp_path / "nothing")], b""),
    }[kind]
    (tmp_path / "empty.ndjson").write_bytes(b"\n \n")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.txt").write_text("not a payload")
    done = run(*args, stdin=stdin)
    assert done.returncode == 1
    assert "no payloads to check" in done.stdout
    assert "--allow-empty" in done.stdout
    assert "FAILED" in done.stdout.splitlines()[-1]
    allowed = run("--allow-empty", *args, stdin=stdin)
    assert allowed.returncode == 0
    assert allowed.stdout.startswith("codegen validate: ok: ")


def test_examples_and_a_folder_are_not_empty() -> None:
    """``make validate`` (--examples plus a folder) has payloads, and exits 0."""
    done = subprocess.run(["make", "-s", "validate"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
