"""Validating NDJSON shards on a Dask cluster, with ``codegen validate``'s verdicts and error records.

A trading journal outgrows one machine as hundreds of GB of NDJSON shards. This
module runs the validation library (``codegen.validation``) where the data is,
per partition, and gives back the same values the CLI reports: ``Problem`` records
(file, line, pointer, keyword, message) and ``Tally`` counts.

- ``validate_shards(paths, schema)``: the function a job calls per partition when a
  partition is a list of shard files. It is ``codegen.validation.validate_paths`` with
  one process per shard, so every record is the CLI's by construction (true line
  numbers, blank lines skipped, the size limit, unreadable shards as values).
- ``validate_records(records, schema)``: for engines whose partitions are already
  lines, ``(file, line, bytes)`` triples (a Spark RDD zipped with its line index, a
  Dask bag built the same way); each line is judged by ``Engine.check`` as the CLI
  judges an NDJSON line.
- ``validate_on_dask(client, paths, schema)``: the driver, one bag partition per
  shard, results in input order.

Why Dask and not Spark: Dask installs from PyPI as pure Python (``pip install
'codegen-toolkit[cluster]'``), its workers are ordinary Python processes that import
the toolkit as it is, and ``LocalCluster`` is a real scheduler with worker
processes that a test starts in about a second. Spark needs a JVM on every node and
a Python worker protocol beside it (py4j, Arrow or pickled rows across the
JVM/Python boundary) for work that is Python from end to end; ``validate_records``
still serves ``mapPartitions`` unchanged.

``python -m codegen.validation.cluster bench`` prints records/s on a two-worker local cluster
against ``codegen validate --jobs 2`` over the same shards (``cluster_bench``).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codegen.validation import (
    Engine,
    Failure,
    LoadedSchema,
    Problem,
    Tally,
    default_schema_dir,
    load_schema,
    validate_paths,
)
from codegen.validation.inputs import MAX_PAYLOAD_BYTES

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "Report",
    "cluster_bench",
    "validate_on_dask",
    "validate_records",
    "validate_shards",
]


@dataclass(frozen=True)
class Report:
    """What a partition (or a whole run) found: every problem in input order, and the counts."""

    problems: list[Problem] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    def __add__(self, other: Report) -> Report:
        return Report([*self.problems, *other.problems], self.tally + other.tally)


def _report(events: Iterable[Failure | Tally]) -> Report:
    problems: list[Problem] = []
    tally = Tally()
    for event in events:
        if isinstance(event, Tally):
            tally += event
        else:
            problems.extend(event.problems)
    return Report(problems, tally)


def validate_shards(
    paths: Iterable[str], schema: LoadedSchema, *, max_payload_bytes: int = MAX_PAYLOAD_BYTES
) -> Report:
    """Validate the shard files of one partition, as ``codegen validate --jobs 1 PATHS`` would."""
    # allow_empty: an empty shard is no failure on its own; the run as a whole decides (validate_on_dask).
    events = validate_paths(list(paths), schema, jobs=1, max_payload_bytes=max_payload_bytes, allow_empty=True)
    return _report(events)


_engines: dict[tuple[str, str], Engine] = {}  # one compiled schema per worker process and schema


def _engine(schema: LoadedSchema) -> Engine:
    key = (str(schema.path), json.dumps(schema.document, sort_keys=True))
    if key not in _engines:
        _engines[key] = Engine(schema)
    return _engines[key]


def validate_records(
    records: Iterable[tuple[str, int, bytes]], schema: LoadedSchema, *, max_payload_bytes: int = MAX_PAYLOAD_BYTES
) -> Report:
    """Validate NDJSON lines given as ``(file, line number, bytes without the newline)``, each as the CLI does.

    Blank lines are skipped, a line past ``max_payload_bytes`` is one invalid payload
    reported unchecked, every other line is judged by ``Engine.check``.
    """
    engine = _engine(schema)
    problems: list[Problem] = []
    payloads = invalid = size = 0
    for file, line, data in records:
        size += len(data)
        if not data or data.isspace():
            continue
        payloads += 1
        if len(data) > max_payload_bytes:
            invalid += 1
            message = f"payload larger than {max_payload_bytes:,} bytes (the --max-payload-bytes limit): not checked"
            problems.append(Problem(file, line, "", "input", message))
            continue
        found = engine.check(data)
        if found:
            invalid += 1
            problems.extend(Problem(file, line, pointer, keyword, message) for _, pointer, keyword, message in found)
    return Report(problems, Tally(payloads=payloads, valid=payloads - invalid, invalid=invalid, bytes=size))


def _partition(paths: list[str], schema: LoadedSchema, max_payload_bytes: int) -> list[Report]:
    return [validate_shards(paths, schema, max_payload_bytes=max_payload_bytes)]


def validate_on_dask(
    client: Client, paths: list[str], schema: LoadedSchema, *, max_payload_bytes: int = MAX_PAYLOAD_BYTES
) -> Report:
    """Validate ``paths`` on the cluster behind ``client``: one partition per shard, problems in input order.

    As the CLI, a run that finds no payload at all fails with one ``input`` problem
    (the driver then reads the shards itself, which hold nothing to judge).
    """
    import dask.bag  # noqa: PLC0415 (only for cluster runs)

    if not paths:
        return Report()
    # dask and distributed ship no annotations for these calls.
    bag = dask.bag.from_sequence(paths, npartitions=len(paths))  # type: ignore[no-untyped-call]
    work = bag.map_partitions(_partition, schema, max_payload_bytes)
    reports: list[Report] = client.compute(work).result()  # type: ignore[no-untyped-call]
    total = sum(reports, Report())
    if total.tally.payloads == 0:
        # The CLI's own record for a run with no payload; the shards hold none, so reading them here is cheap.
        return _report(validate_paths(paths, schema, jobs=1, max_payload_bytes=max_payload_bytes))
    return total


# The benchmark: valid ExecutionPlan lines, written into shards.
_ACTIONS = ["EXECUTE_TRADE", "CANCEL_ORDER", "MODIFY_ORDER", "CANCEL_GROUP"]


def _plan(rng: random.Random) -> dict[str, Any]:
    suffix = "".join(rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    plan: dict[str, Any] = {
        "plan_id": f"EXP_2026{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}_120000_{suffix}",
        "action": rng.choice(_ACTIONS),
        "execution_urgency": f"0.{rng.randrange(100):02d}",
        "max_slippage_pct": f"0.{rng.randrange(10000):04d}",
        "must_complete_immediately": rng.random() < 0.1,
    }
    if rng.random() < 0.5:
        plan["chunk_count_hint"] = rng.randrange(1, 50)
    return plan


def write_shards(folder: Path, records: int, shards: int, seed: int = 13) -> list[str]:
    """``records`` valid ExecutionPlan lines spread over ``shards`` NDJSON files in ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(shards):
        path = folder / f"journal-{index:04d}.ndjson"
        count = records // shards + (1 if index < records % shards else 0)
        path.write_text("".join(json.dumps(_plan(rng)) + "\n" for _ in range(count)), encoding="utf-8")
        paths.append(str(path))
    return paths


def cluster_bench(records: int = 400_000, shards: int = 8) -> dict[str, float]:
    """Records/s of ``codegen validate --jobs 2`` and of a two-worker ``LocalCluster`` over the same shards.

    The cluster figure is timed with the cluster already running (``cluster start``
    seconds are given apart), as a job on a standing cluster would see it; the CLI's
    includes its own start-up, as a CI step would see it.
    """
    from distributed import Client, LocalCluster  # noqa: PLC0415

    schema = load_schema("ExecutionPlan", default_schema_dir())
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as scratch:
        paths = write_shards(Path(scratch), records, shards)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "codegen", "validate", "--jobs", "2", *paths],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        cli = time.perf_counter() - started
        started = time.perf_counter()
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            up = time.perf_counter() - started
            validate_on_dask(client, paths[:2], schema)  # warm: each worker imports the toolkit once
            started = time.perf_counter()
            report = validate_on_dask(client, paths, schema)
            dask_seconds = time.perf_counter() - started
    assert report.tally.valid == records, report.tally
    return {
        "records": records,
        "shards": shards,
        "cli_jobs2_records_per_s": records / cli,
        "dask_2_workers_records_per_s": records / dask_seconds,
        "cluster_start_s": up,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m codegen.validation.cluster bench``: the cluster figures (``BENCH_CLUSTER_RECORDS``: 400,000)."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["bench"]:
        print("usage: python -m codegen.validation.cluster bench", file=sys.stderr)
        return 2
    figures = cluster_bench(int(os.environ.get("BENCH_CLUSTER_RECORDS", "400000")))
    print(f"cluster ({figures['records']:,.0f} ExecutionPlan records in {figures['shards']:.0f} NDJSON shards):")
    print(f"  codegen validate --jobs 2     {figures['cli_jobs2_records_per_s']:>12,.0f} records/s")
    print(f"  Dask LocalCluster, 2 workers  {figures['dask_2_workers_records_per_s']:>12,.0f} records/s")
    print(f"  (cluster start-up {figures['cluster_start_s']:.1f} s, not in the figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
