"""``make bench``: how fast ``codegen validate`` is against the parse floor and its peers, and how generation scales.

Generates ``BENCH_PAYLOADS`` (200,000) valid ExecutionPlan payloads and prints
payloads per second for ``codegen validate``, an orjson parse-only loop (the floor),
python-jsonschema (the ECMA validator), pydantic ``model_validate_json`` and
check-jsonschema; start-up for one small file against ``check-jsonschema
--schemafile``; and the peak resident memory of ``codegen validate`` over an NDJSON
file of ``BENCH_GB`` gigabytes (default 1). The scale section generates folders of
10, 100 and 200 distinct copies of the ExecutionPlan schema (distinct titles and
``$defs`` names) and prints the CPU seconds of ``codegen generate`` (user + system, of
a fresh process: start-up included), the median of ``BENCH_SCALE_REPEAT`` (default 3)
interleaved runs, and the 200/100 ratio. Figures are printed, never asserted.

``python -m codegen.bench scale`` (or ``validate``) runs one section alone.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from codegen.validation import default_schema_dir, load_schema

ACTIONS = ["EXECUTE_TRADE", "CANCEL_ORDER", "MODIFY_ORDER", "CANCEL_GROUP"]
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _plan(rng: random.Random) -> dict[str, object]:
    """One valid payload, with optional fields present at random."""
    plan: dict[str, object] = {
        "plan_id": f"EXP_2025{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}_{rng.randint(0, 235959):06d}_"
        + "".join(rng.choices(ALPHABET, k=rng.randint(5, 8))),
        "action": rng.choice(ACTIONS),
    }
    if rng.random() < 0.8:
        plan["execution_urgency"] = f"0.{rng.randint(0, 99):02d}"
        plan["visibility_preference"] = rng.choice(["1.0", "0.30", "0"])
        plan["max_slippage_pct"] = f"0.{rng.randint(0, 9999):04d}"
        plan["must_complete_immediately"] = rng.random() < 0.5
    if rng.random() < 0.6:
        plan["max_execution_window_minutes"] = rng.choice([None, rng.randint(1, 600)])
        plan["preferred_execution_style"] = rng.choice([None, "TWAP", "VWAP"])
        plan["chunk_count_hint"] = rng.choice([None, rng.randint(1, 50)])
        plan["chunk_distribution"] = rng.choice([None, "UNIFORM", "WEIGHTED"])
        plan["min_fill_ratio"] = rng.choice([None, "0.95", "1"])
    return plan


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f} payloads/s"


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _best_wall(command: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        best = min(best, time.perf_counter() - started)
    return best


def _peak_rss_mb(command: list[str]) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB, largest single process) and exit code of ``command``, in a fresh parent."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter(); code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True).stdout
    wall, kib, code = out.split()
    return float(wall), int(kib) / 1024, int(code)


def _memory(work: Path, lines: list[bytes], gigabytes: float, codegen: list[str]) -> tuple[int, float]:
    """Write an NDJSON file of about ``gigabytes`` GB, validate it, print and return its size and peak RSS."""
    big = work / "big.ndjson"
    target = int(gigabytes * 1e9)
    block = b"\n".join(lines) + b"\n"
    with big.open("wb") as handle:
        written = 0
        while written < target:
            piece = block[: target - written] if target - written < len(block) else block
            piece = piece[: piece.rfind(b"\n") + 1]
            if not piece:
                break
            handle.write(piece)
            written += len(piece)
    big_payloads = sum(1 for _ in big.open("rb"))
    wall, peak, code = _peak_rss_mb([*codegen, str(big)])
    print(
        f"  {written / 1e9:.2f} GB NDJSON ({big_payloads:,} payloads, exit {code}):"
        f" {wall:.1f} s, {big_payloads / wall:,.0f} payloads/s, peak RSS {peak:.0f} MB (largest process)"
    )
    return written, peak


SCALE_SIZES = (10, 100, 200)


def _plan_copies(folder: Path, count: int, template: dict[str, object]) -> None:
    """``count`` copies of the schema, each with its own title and ``$defs`` name, as a family would differ."""
    folder.mkdir(parents=True)
    for index in range(count):
        copy = json.loads(json.dumps(template))
        copy.pop("$id", None)
        copy["title"] = f"Plan{index:03d}"
        action = copy["$defs"].pop("ExecutionAction")
        copy["$defs"][f"Action{index:03d}"] = {**action, "title": f"Action{index:03d}"}
        copy["properties"]["action"] = {"$ref": f"#/$defs/Action{index:03d}"}
        (folder / f"plan{index:03d}.schema.json").write_text(json.dumps(copy, indent=2), encoding="utf-8")


def _generate_cpu(schemas: Path, out: Path) -> float:
    """CPU seconds (user + system) of one ``codegen generate`` into an empty package."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "codegen", "generate", "--schemas", str(schemas), "--out", str(out)]
    subprocess.run(command, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def scale() -> dict[int, float]:
    """Print and return the median CPU seconds of generating each folder size (goals: 100 <= 4 s, 200/100 <= 2.2)."""
    repeat = int(os.environ.get("BENCH_SCALE_REPEAT", "3"))
    template = json.loads((default_schema_dir() / "execution_plan.schema.json").read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="codegen-scale-"))
    try:
        for size in SCALE_SIZES:
            _plan_copies(work / f"schemas{size}", size, template)
        runs: dict[int, list[float]] = {size: [] for size in SCALE_SIZES}
        for _ in range(repeat):  # interleaved: a slow moment of the machine spreads over every size
            for size in SCALE_SIZES:
                runs[size].append(_generate_cpu(work / f"schemas{size}", work / f"out{size}" / "generated"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    medians = {size: statistics.median(values) for size, values in runs.items()}
    print(f"codegen bench scale: codegen generate, CPU seconds (user + system), median of {repeat}")
    for size, seconds in medians.items():
        print(f"  {size:>4} schemas  {seconds:6.2f} s  ({seconds / size * 1000:.0f} ms per schema)")
    print(f"  200 / 100 = {medians[200] / medians[100]:.2f}   (goals: 100 schemas <= 4 s, 200 / 100 <= 2.2)")
    return medians


def main() -> None:
    """Run every measurement (or the sections named on the command line) and print the figures."""
    sections = set(sys.argv[1:]) or {"validate", "scale"}
    if sections - {"validate", "scale"}:
        sys.exit(f"codegen bench: unknown section(s) {', '.join(sorted(sections - {'validate', 'scale'}))}")
    if "scale" in sections:
        scale()
    if "validate" in sections:
        validate()


def validate() -> None:
    """Measure ``codegen validate`` against the parse floor and its peers, and print the figures."""
    count = int(os.environ.get("BENCH_PAYLOADS", "200000"))
    gigabytes = float(os.environ.get("BENCH_GB", "1"))
    peers = int(os.environ.get("BENCH_PEER_PAYLOADS", "20000"))  # slow engines: a sample, as a rate
    files = int(os.environ.get("BENCH_FILES", "2000"))  # check-jsonschema reads one payload per file
    rng = random.Random(20251201)
    schema = load_schema("ExecutionPlan", default_schema_dir())
    codegen = [sys.executable, "-m", "codegen", "validate"]
    work = Path(tempfile.mkdtemp(prefix="codegen-bench-"))
    try:
        lines = [orjson.dumps(_plan(rng)) for _ in range(count)]
        ndjson = work / "plans.ndjson"
        ndjson.write_bytes(b"\n".join(lines) + b"\n")
        print(
            f"codegen bench: {count:,} valid payloads ({ndjson.stat().st_size / 1e6:.1f} MB NDJSON),"
            f" {os.cpu_count()} cores"
        )

        floor = count / _timed(lambda: [orjson.loads(line) for line in lines])
        print(f"  orjson parse only (floor)         {_rate(count, count / floor)}")

        results = {}
        for jobs in (1, os.cpu_count() or 1):
            seconds = _best_wall([*codegen, f"--jobs={jobs}", str(ndjson)], repeat=2)
            results[jobs] = count / seconds
            print(f"  codegen validate --jobs {jobs:<10}{_rate(count, seconds)}  ({results[jobs] / floor:.2f}x floor)")

        from codegen.schema.ecma import ecma_validator  # noqa: PLC0415

        ecma = ecma_validator(schema.document)
        sample = lines[:peers]
        seconds = _timed(lambda: [ecma.is_valid(orjson.loads(line)) for line in sample])
        print(
            f"  python-jsonschema (ECMA)          {_rate(len(sample), seconds)}"
            f"  ({len(sample) / seconds / floor:.3f}x floor)"
        )

        # (imported by name: the generated package is checked by `codegen check`, not by mypy)
        model = importlib.import_module("generated").ExecutionPlan

        seconds = _timed(lambda: [model.model_validate_json(line) for line in lines])
        print(f"  pydantic model_validate_json      {_rate(count, seconds)}  ({count / seconds / floor:.2f}x floor)")

        folder = work / "files"
        folder.mkdir()
        paths = []
        for index, line in enumerate(lines[:files]):
            path = folder / f"{index}.json"
            path.write_bytes(line)
            paths.append(str(path))
        check_jsonschema = [str(Path(sys.executable).with_name("check-jsonschema")), "--schemafile", str(schema.path)]
        seconds = _best_wall([*check_jsonschema, *paths], repeat=1)
        print(f"  check-jsonschema ({files:,} files)     {_rate(files, seconds)}")
        seconds = _best_wall([*codegen, *paths], repeat=1)
        print(f"  codegen validate ({files:,} files)     {_rate(files, seconds)}")

        ours = _best_wall([*codegen, paths[0]])
        theirs = _best_wall([*check_jsonschema, paths[0]])
        print(
            f"  start-up, one small file: codegen validate {ours * 1000:.0f} ms,"
            f" check-jsonschema {theirs * 1000:.0f} ms"
        )

        written, peak = _memory(work, lines, gigabytes, codegen)

        best = max(results.values())
        print("ratios (goals: throughput >= 0.35x floor, start-up <= 0.5x check-jsonschema):")
        print(f"  validate / floor = {best / floor:.2f}   start-up / check-jsonschema = {ours / theirs:.2f}")
        print(f"  peak RSS for {written / 1e9:.2f} GB = {peak:.0f} MB (goal < 200 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
