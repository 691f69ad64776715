"""Validation on a real Dask cluster gives ``codegen validate``'s verdicts and error records, record for record.

The shards are NDJSON made from the on-disk corpus (every valid and invalid case of
``tests/cases``, one per line) plus lines the CLI treats specially: blank lines, a line
past the size limit, invalid UTF-8, a duplicate key, a CRLF ending, an empty shard.
One ``LocalCluster`` (two worker processes) serves the module.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from codegen.validation import Failure, load_schema
from codegen.validation.cluster import Report, validate_on_dask, validate_records
from codegen.validation.reporters import JsonReporter
from tests.helpers import ROOT, SCHEMAS

LIMIT = 4096  # --max-payload-bytes for both sides: one line of the shards is longer
SHARDS = 5


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A local Dask cluster of two worker processes, one thread each."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Five NDJSON shards (the last one empty) holding the corpus and the special lines, shuffled."""
    lines = [case.read_bytes().replace(b"\n", b" ").strip() for case in sorted((ROOT / "tests/cases").glob("*/*.json"))]
    lines += [
        b"",
        b"   ",
        b'{"plan_id": "EXP_20260101_120000_abcdefgh", "action": "' + b"X" * LIMIT + b'"}',
        b'{"plan_id": "EXP_20260101_120000_abcdefgh", "action": "CANCEL_\xff"}',
        b'{"plan_id": "EXP_20260101_120000_abcdefgh", "action": "CANCEL_GROUP", "action": "CANCEL_GROUP"}',
        b'{"plan_id": "EXP_20260101_120000_abcdefgh", "action": "CANCEL_GROUP"}\r',
        b"not json",
    ]
    random.Random(13).shuffle(lines)
    folder = tmp_path_factory.mktemp("shards")
    paths = []
    per = len(lines) // (SHARDS - 1) + 1
    for index in range(SHARDS):
        path = folder / f"journal-{index}.ndjson"
        path.write_bytes(b"".join(line + b"\n" for line in lines[index * per : (index + 1) * per]))
        paths.append(str(path))
    assert Path(paths[-1]).read_bytes() == b""
    return paths


def _cli(paths: list[str]) -> dict[str, object]:
    """``codegen validate --output json`` over the shards: its JSON document."""
    ran = subprocess.run(
        [sys.executable, "-m", "codegen", "validate", "--output", "json", "--max-payload-bytes", str(LIMIT), *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode in (0, 1), ran.stderr
    document: dict[str, object] = json.loads(ran.stdout)
    return document


def _as_cli_errors(report: Report) -> list[object]:
    """The report's problems written by the CLI's own JSON reporter, so both sides are compared as the CLI prints."""
    reporter = JsonReporter(io.StringIO())
    reporter.failure(Failure(tuple(report.problems)))
    return list(reporter.problems)


def test_dask_run_reports_the_clis_errors_record_for_record(client: Client, shards: list[str]) -> None:
    """Over the sharded corpus, the cluster's problems and counts equal ``codegen validate --output json``'s."""
    schema = load_schema("ExecutionPlan", SCHEMAS)
    report = validate_on_dask(client, shards, schema, max_payload_bytes=LIMIT)
    expected = _cli(shards)
    assert _as_cli_errors(report) == expected["errors"]
    summary = expected["summary"]
    assert isinstance(summary, dict)
    assert (report.tally.payloads, report.tally.valid, report.tally.invalid) == (
        summary["payloads"],
        summary["valid"],
        summary["invalid"],
    )
    # The corpus is both: the comparison covers accepted lines and every kind of failure.
    assert summary["valid"] > 40
    assert summary["invalid"] > 80
    assert {"input", "json", "pattern", "required"} <= {problem.keyword for problem in report.problems}
    # The work really ran on the workers, not in this process.
    assert len(client.scheduler_info()["workers"]) == 2


def test_records_per_partition_report_the_clis_errors(client: Client, shards: list[str]) -> None:
    """Lines handed over as (file, line, bytes) records, one bag partition per shard, give the CLI's records too."""
    import dask.bag  # noqa: PLC0415

    schema = load_schema("ExecutionPlan", SCHEMAS)

    def records(path: str) -> list[tuple[str, int, bytes]]:
        pieces = Path(path).read_bytes().split(b"\n")
        if pieces and pieces[-1] == b"":
            pieces.pop()  # the final newline ends the last line; it starts no new one
        return [(path, number, line) for number, line in enumerate(pieces, start=1)]

    bag = dask.bag.from_sequence([records(path) for path in shards], npartitions=len(shards))
    parts = client.compute(
        bag.map_partitions(lambda part: [validate_records(part[0], schema, max_payload_bytes=LIMIT)])
    )
    report = sum(parts.result(), Report())
    expected = _cli(shards)
    assert _as_cli_errors(report) == expected["errors"]
    summary = expected["summary"]
    assert isinstance(summary, dict)
    assert (report.tally.payloads, report.tally.invalid) == (summary["payloads"], summary["invalid"])


def test_a_run_with_no_payload_fails_as_the_cli_does(client: Client, tmp_path: Path) -> None:
    """Shards holding no payload at all give the CLI's one ``input`` problem, not an empty success."""
    blank = tmp_path / "blank.ndjson"
    blank.write_bytes(b"\n  \n")
    report = validate_on_dask(client, [str(blank)], load_schema("ExecutionPlan", SCHEMAS))
    expected = _cli([str(blank)])
    assert expected["ok"] is False
    assert _as_cli_errors(report) == expected["errors"]
    assert report.problems[0].keyword == "input"
