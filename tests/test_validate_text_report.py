"""The text report and the runner's compact failing lines: the same bytes as the plain per-problem format.

The text reporter keeps each fault's escaped tail and writes a block's failing lines at
once (``FailedLines``); whatever it kept, its output must be the format applied to every
problem afresh, and ``validate_paths`` must still yield plain failures in input order.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from codegen.textsafe import escape
from codegen.validation import Failure, Problem, Tally, default_schema_dir, load_schema, summarize, validate_paths
from codegen.validation.reporters import TextReporter
from codegen.validation.results import FailedLines, Findings
from codegen.validation.runner import BATCH_LINES, validate_blocks
from tests.helpers import run_validate as run

SCHEMA = load_schema("ExecutionPlan", default_schema_dir())
VALID_PLAN = '{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}'
ENUM = (None, "/action", "enum", "'EXECUTE' is not one of ['EXECUTE_TRADE', 'CANCEL_ORDER']")
HOSTILE = (None, "/k\x1b[2J\u2028\x7f", "type", "5 is not of type 'string'\x85\u202e")
SYNTAX = (1, "", "json", "not JSON: unexpected character (line 1 column 2)")
LONG = (None, "/" + "p" * 2000, "enum", "m" * 3000)  # past TAIL_CHARS: made each time, never kept


def reference(failures: list[Failure]) -> str:
    """The text format applied to every problem afresh, as the reporter wrote it before it kept anything."""
    lines = []
    for failure in failures:
        for file, line, pointer, keyword, message in failure.problems:
            where = file if line is None else f"{file}:{line}"
            lines.append(escape(f"{where}: {pointer or '(root)'}: [{keyword}] {message}") + "\n")
    return "".join(lines)


def _batch(file: str) -> FailedLines:
    found: list[Findings] = [
        (ENUM,),
        (HOSTILE,),
        (ENUM, HOSTILE, SYNTAX),
        (SYNTAX,),
        (ENUM,),
        (LONG,),
        (LONG, ENUM),
        (HOSTILE,),
        (ENUM,),
        (LONG,),
    ]
    return FailedLines(file, [3 * n + 1 for n in range(len(found))], found)


def test_failed_lines_are_one_failure_each_with_every_problem() -> None:
    """``failures`` makes one failure per line, every problem at the line's number (a syntax error's too)."""
    failures = list(FailedLines("f.ndjson", [7, 9], [(ENUM,), (ENUM, SYNTAX)]).failures())
    assert failures == [
        Failure((Problem("f.ndjson", 7, *ENUM[1:]),)),
        Failure((Problem("f.ndjson", 9, *ENUM[1:]), Problem("f.ndjson", 9, *SYNTAX[1:]))),
    ]
    assert all(type(f) is Failure and all(type(p) is Problem for p in f.problems) for f in failures)


def test_text_lines_and_failures_write_the_reference_bytes() -> None:
    """Hostile, repeated, multi-problem, syntax and over-long findings, in hostile and plain files: same text."""
    for file in ("plain.ndjson", "bad\udcff\x1bname.ndjson", "t\u2028.ndjson"):
        batch = _batch(file)
        failures = list(batch.failures())
        by_lines, by_failures = io.StringIO(), io.StringIO()
        compact, plain = TextReporter(by_lines), TextReporter(by_failures)
        for _ in range(2):  # the second time from what the reporters kept
            compact.lines(batch)
            for failure in failures:
                plain.failure(failure)
        assert by_lines.getvalue() == by_failures.getvalue() == reference(failures) * 2
        assert "\x1b" not in by_lines.getvalue()
        whole = Failure((Problem(file, None, "", "input", "cannot read: \x1b"),))  # a whole file: no line
        plain.failure(whole)
        assert by_failures.getvalue().endswith(reference([whole]))


def test_kept_tails_stay_bounded() -> None:
    """Past TAIL_ENTRIES the reporter starts afresh, and a long tail is never kept; the text stays exact."""
    reporter = TextReporter(io.StringIO())
    reporter.TAIL_ENTRIES = 4
    found: list[Findings] = [((None, f"/a{n}", "enum", f"m{n}"),) for n in range(10)] + [(LONG,)]
    batch = FailedLines("f.ndjson", list(range(1, 12)), found)
    for _ in range(3):
        reporter.lines(batch)
        for failure in batch.failures():
            reporter.failure(failure)
    assert reporter.out.getvalue() == reference(list(batch.failures()) * 2) * 3  # type: ignore[attr-defined]
    kept = [*reporter._tails.values(), *reporter._found_tails.values()]
    assert len(reporter._tails) <= 4
    assert len(reporter._found_tails) <= 4
    assert all(len(tail) <= reporter.TAIL_CHARS for tail in kept)


def _journal(tmp_path: Path, bad: int, *, junk: bool = True) -> Path:
    """``bad`` groups of a valid line, an invalid one and (``junk``) a blank, a not-JSON and a spaces line.

    Without junk a block takes the flat fast path; with it (a line orjson refuses), the general loop.
    """
    lines = []
    for n in range(bad):
        lines += [VALID_PLAN, VALID_PLAN.replace("EXECUTE_TRADE", f"X{n % 3}")]
        lines += ["", "{not json", "  "] if junk else []
    path = tmp_path / "journal.ndjson"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("junk", [True, False], ids=["general-loop", "flat-fast-path"])
def test_validate_paths_yields_plain_failures_in_input_order(tmp_path: Path, junk: bool) -> None:
    """More failing lines than a batch: validate_paths yields failures and tallies only, in line order."""
    path = _journal(tmp_path, BATCH_LINES + 10, junk=junk)
    events = list(validate_paths([str(path)], SCHEMA, jobs=1))
    assert {type(event) for event in events} == {Failure, Tally}
    lines = [event.problems[0].line for event in events if isinstance(event, Failure)]
    step, failing = (5, (2, 4)) if junk else (2, (2,))  # each group's bad and not-JSON lines
    assert lines == [step * k + n for k in range(BATCH_LINES + 10) for n in failing]
    blocks = list(validate_blocks([str(path)], SCHEMA, jobs=1))
    batches = [event for event in blocks if isinstance(event, FailedLines)]
    assert len(batches) > 1
    assert max(len(batch.numbers) for batch in batches) <= BATCH_LINES
    expanded = [one for event in blocks for one in (event.failures() if isinstance(event, FailedLines) else [event])]
    assert expanded == events


def test_parallel_batches_keep_true_line_numbers(tmp_path: Path) -> None:
    """Chunks checked by workers come back as batches with line numbers rebased to the whole file."""
    path = _journal(tmp_path, 300)
    sequential = [event for event in validate_paths([str(path)], SCHEMA, jobs=1) if isinstance(event, Failure)]
    parallel = [e for e in validate_paths([str(path)], SCHEMA, jobs=2, chunk_bytes=4096) if isinstance(e, Failure)]
    assert parallel == sequential


def test_summarize_hands_batches_on_or_unfolds_them(tmp_path: Path) -> None:
    """With ``on_lines`` a batch goes on whole; without, one failure at a time; the summary is the same."""
    path = _journal(tmp_path, 50)
    one_by_one: list[Failure] = []
    batched: list[FailedLines] = []
    plain = summarize(validate_blocks([str(path)], SCHEMA, jobs=1), one_by_one.append)
    whole = summarize(validate_blocks([str(path)], SCHEMA, jobs=1), one_by_one.append, on_lines=batched.append)
    assert (plain.payloads, plain.invalid) == (whole.payloads, whole.invalid) == (150, 100)
    assert one_by_one == [failure for batch in batched for failure in batch.failures()]


def test_cli_text_report_is_the_reference_format(tmp_path: Path) -> None:
    """``codegen validate`` (text) writes exactly the reference format of validate_paths' failures."""
    path = _journal(tmp_path, 700, junk=False)
    with path.open("a") as journal:
        journal.write(VALID_PLAN.replace('"action"', '"k\\u001b\\u2028"') + "\n" + VALID_PLAN[:-1] + ', "x": 1}')
    failures = [event for event in validate_paths([str(path)], SCHEMA, jobs=1) if isinstance(event, Failure)]
    done = run("--jobs", "1", str(path))
    assert done.returncode == 1
    body, summary = done.stdout.rsplit("\n", 2)[0] + "\n", done.stdout.splitlines()[-1]
    assert body == reference(failures)
    assert summary.startswith("codegen validate: FAILED: 1 file(s), 1402 payload(s): 700 valid, 702 invalid")
