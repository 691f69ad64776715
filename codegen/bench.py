"""``make bench``: every figure of issue 11 from one run, as medians of interleaved repetitions.

The validate section generates ``BENCH_PAYLOADS`` (200,000) valid ExecutionPlan
payloads and a mix of the same size with every other payload invalid (a bad enum
value, a capital in the plan id, a bound, a decimal past 1), then runs ``BENCH_REPEAT``
(5) repetitions; each repetition runs every engine once, in turn, so a slow moment of
this shared machine spreads over all of them (the in-process model engines, which are
cheap, get three times as many repetitions, interleaved among themselves slice by slice
of ``SLICE`` payloads, see ``_model_runs``). It prints the median and the min-max of
each, and ratios of medians from the same run; each goal ratio also gives the min-max
of its per-repetition ratios:

- the floor: an ``orjson.loads`` loop over the lines that discards each result;
- ``codegen validate --jobs 1`` on the valid file and on the 50% invalid mix (CPU
  seconds of the process, user + system, so other work on the machine does not count;
  also net of start-up: minus the CPU of the same command on one small file);
- ``codegen validate`` with the default ``--jobs`` (wall seconds: it is parallel);
- ``generated.ExecutionPlan.model_validate_json`` against the plain model that
  datamodel-code-generator writes for the same schema with its default options (in a
  temp folder), the same plain model given the generated models' string cache setting
  (the one config of ours it can share, so the lead that setting does not explain shows),
  how many of the mix's invalid payloads each accepts, and ``model_dump_json`` of both;
- python-jsonschema (the ECMA validator) on a sample; check-jsonschema and ``codegen
  validate`` on ``BENCH_FILES`` (2,000) one-payload files; start-up for one small file;
  ``codegen check`` with nothing changed (wall, in a scratch project generated first);
- the peak resident memory of ``codegen validate`` over an NDJSON file of ``BENCH_GB``
  gigabytes (default 1), measured once.

The scale section generates folders of 10, 100 and 200 distinct copies of the
ExecutionPlan schema (distinct titles and ``$defs`` names) and prints the CPU seconds of
``codegen generate`` (user + system, of a fresh process: start-up included), the median
of ``BENCH_SCALE_REPEAT`` (default 3) interleaved runs, and the 200/100 ratio. Figures
are printed, never asserted.

The instructions section gives the same three ratios (mixed vs valid, valid vs the
floor, the generated model vs the plain one, and vs the plain one with our string cache
setting) in CPU instructions, counted by valgrind's
callgrind over ``BENCH_IR_PAYLOADS`` (10,000) payloads, each net of the same process
run on one payload, under ``BENCH_IR_SEEDS`` (3) fixed hash seeds: medians and
min-max over the seeds. Instruction counts do not move with the machine's load (only
with the hash seed, by a few hundred a payload), so they settle a ratio that the noisy
timings leave open (they do not see cache misses, so a
time ratio and its instruction ratio can differ by a tenth). Skipped, with a line that
says so, where valgrind is not installed.

``python -m codegen.bench scale`` (or ``validate``, ``cluster``, ``instructions``) runs one section alone.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
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
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from pydantic import ConfigDict

from codegen.runtime.wire import WireModel
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
    known = {"validate", "scale", "cluster", "instructions"}
    sections = set(sys.argv[1:]) or known
    if sections - known:
        sys.exit(f"codegen bench: unknown section(s) {', '.join(sorted(sections - known))}")
    if "scale" in sections:
        scale()
    if "validate" in sections:
        validate()
    if "instructions" in sections:
        instructions()
    if "cluster" in sections:
        cluster()


# Run inside valgrind by ``instructions``: each engine over the lines of a file (argv: engine, file).
_LOOP = """
import sys, warnings
engine, path = sys.argv[1], sys.argv[2]
lines = open(path, "rb").read().split(b"\\n")
if engine == "floor":
    import orjson
    run = orjson.loads
elif engine == "ours":
    import generated
    run = generated.ExecutionPlan.model_validate_json
elif engine in ("plain", "plain_like"):
    from pathlib import Path
    from codegen.bench import _like_ours, _plain_model
    warnings.simplefilter("ignore")
    plain = _plain_model(Path(sys.argv[3]), Path(sys.argv[4]))
    run = (_like_ours(plain) if engine == "plain_like" else plain).model_validate_json
for line in lines:
    if line:
        run(line)
"""


def _instructions(command: list[str], seed: int) -> int:
    """CPU instructions ``command`` runs under hash seed ``seed`` (valgrind's callgrind; not its children)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": str(seed)},
    )
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise RuntimeError(f"valgrind gave no count for {command[:4]}: {done.stderr[-300:]}")


def instructions() -> None:
    """The three speed ratios in instructions per payload, net of a one-payload run (module docstring)."""
    if shutil.which("valgrind") is None:
        print("instructions: skipped (valgrind is not installed)")
        return
    count = int(os.environ.get("BENCH_IR_PAYLOADS", "10000"))
    seeds = range(int(os.environ.get("BENCH_IR_SEEDS", "3")))
    rng = random.Random(20251201)
    work = Path(tempfile.mkdtemp(prefix="codegen-ir-"))
    counts: dict[str, list[float]] = {}
    try:
        schema = load_schema("ExecutionPlan", default_schema_dir()).path
        files = {
            "one": [orjson.dumps(_plan(rng))],
            "valid": [orjson.dumps(_plan(rng)) for _ in range(count)],
            "mixed": [orjson.dumps(_bad(_plan(rng), rng) if index % 2 else _plan(rng)) for index in range(count)],
        }
        for name, lines in files.items():
            (work / f"{name}.ndjson").write_bytes(b"\n".join(lines) + b"\n")
        validate = [sys.executable, "-m", "codegen", "validate", "--jobs=1"]
        loop = [sys.executable, "-c", _LOOP]
        runs: dict[str, tuple[list[str], str, list[str]]] = {  # engine: command, file, arguments after it
            "valid": (validate, "valid", []),
            "mixed": (validate, "mixed", []),
            "floor": ([*loop, "floor"], "valid", []),
            "ours": ([*loop, "ours"], "valid", []),
            "plain": ([*loop, "plain"], "valid", [str(schema), str(work)]),
            "plain_like": ([*loop, "plain_like"], "valid", [str(schema), str(work)]),
        }
        # The hash seed moves a whole process's count by a few hundred instructions a
        # payload (dict and set layouts differ), so each seed is one repetition, every
        # engine counted under it in turn, and the rows give medians and spreads.
        for seed in seeds:
            for engine, (command, name, tail) in runs.items():
                whole = _instructions([*command, str(work / f"{name}.ndjson"), *tail], seed)
                one = _instructions([*command, str(work / "one.ndjson"), *tail], seed)
                counts.setdefault(engine, []).append((whole - one) / (count - 1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = {engine: statistics.median(values) for engine, values in counts.items()}

    def row(label: str, engine: str, ratio: str = "") -> None:
        spread = f"{min(counts[engine]):,.0f}-{max(counts[engine]):,.0f}"
        print(f"  {label:<38}{median[engine]:>9,.0f}  ({spread})  {ratio}".rstrip())

    print(
        f"instructions per payload (valgrind callgrind, {count:,} payloads, net of one;"
        f" median and min-max over hash seeds {seeds.start}-{seeds.stop - 1}):"
    )
    floor, valid, mixed = median["floor"], median["valid"], median["mixed"]
    row("codegen validate --jobs 1, all valid", "valid", f"{floor / valid:.2f}x floor (goal >= 0.35x)")
    row("codegen validate --jobs 1, 50% invalid", "mixed", f"{valid / mixed:.2f}x all valid (goal >= 0.5x)")
    row("orjson.loads (the floor)", "floor")
    row("generated model_validate_json", "ours", f"{median['plain'] / median['ours']:.3f}x plain (goal >= 1.0x)")
    row("plain datamodel-codegen model", "plain")
    row(f"  with {_STRING_CACHE}", "plain_like", f"ours {median['plain_like'] / median['ours']:.3f}x")


def cluster() -> None:
    """Records/s on a two-worker Dask LocalCluster against ``codegen validate --jobs 2`` on the same shards."""
    from codegen.validation.cluster import cluster_bench  # noqa: PLC0415 (dask: only for this section)

    records = int(os.environ.get("BENCH_CLUSTER_RECORDS", "400000"))
    figures = cluster_bench(records)
    print(f"cluster, {records:,} valid records in 8 NDJSON shards (wall seconds):")
    print(f"  codegen validate --jobs 2            {figures['cli_jobs2_records_per_s']:>12,.0f}/s")
    print(
        f"  Dask LocalCluster, 2 workers          {figures['dask_2_workers_records_per_s']:>12,.0f}/s"
        f"  (cluster start-up {figures['cluster_start_s']:.1f} s, not counted)"
    )


def _bad(plan: dict[str, object], rng: random.Random) -> dict[str, object]:
    """``plan`` made invalid in one of the ways a journal export goes wrong."""
    kind = rng.randrange(4)
    if kind == 0:
        plan["action"] = "EXECUTE"
    elif kind == 1:
        plan["plan_id"] = str(plan["plan_id"])[:-1] + "X"  # capitals are outside the pattern
    elif kind == 2:
        plan["chunk_count_hint"] = 0
    else:
        plan["max_slippage_pct"] = "1.5"
    return plan


class _Runs:
    """Timings by name over the repetitions: medians, spreads and ratios of medians."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}

    def add(self, name: str, seconds: float) -> None:
        self.seconds.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])

    def paired(self, name: str, other: str) -> str:
        """``name``'s rate over ``other``'s: the ratio of medians, and the min-max of the per-repetition ratios.

        The engines of one repetition run back to back, so a slow spell of the machine
        moves a repetition's ratio less than it moves either engine's median.
        """
        mine, theirs = self.seconds[name], self.seconds[other]
        each = sorted(their / own for own, their in zip(mine, theirs, strict=True))
        return f"{self.median(other) / self.median(name):.2f}x (per repetition {each[0]:.2f}-{each[-1]:.2f})"

    def row(self, label: str, name: str, count: int, note: str = "") -> None:
        values = self.seconds[name]
        rates = sorted(count / value for value in values)
        print(
            f"  {label:<46}{count / self.median(name):>12,.0f}/s"
            f"  ({rates[0]:,.0f}-{rates[-1]:,.0f}, n={len(values)}){note}"
        )


def _cpu(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of ``command``, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _in_process(run: Callable[[], object]) -> float:
    """CPU seconds of this process for ``run``."""
    started = time.process_time()
    run()
    return time.process_time() - started


def _discard(run: Callable[[Any], object], items: list[Any]) -> None:
    """``run`` over every item, each result dropped at once (as a consumer that handles one at a time)."""
    with warnings.catch_warnings():  # the plain model's defaults are strings where it declares Decimal
        warnings.simplefilter("ignore", UserWarning)
        for item in items:
            run(item)


def _plain_model(schema: Path, work: Path) -> Any:
    """The model datamodel-code-generator writes for ``schema`` with its default options, imported."""
    out = work / "plain_model.py"
    command = [str(Path(sys.executable).with_name("datamodel-codegen")), "--input", str(schema)]
    subprocess.run([*command, "--input-file-type", "jsonschema", "--output", str(out)], capture_output=True, check=True)
    spec = importlib.util.spec_from_file_location("plain_model", out)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["plain_model"] = module
    spec.loader.exec_module(module)
    module.ExecutionPlan.model_rebuild()
    return module.ExecutionPlan


# The generated models' pydantic string cache setting (``codegen.runtime.wire``), which
# the plain model can be given too: its row shows the lead that is not that one setting.
_STRING_CACHE = "cache_strings=" + repr(WireModel.model_config.get("cache_strings"))


def _like_ours(plain: Any) -> Any:
    """The plain model with the generated models' string cache setting, and nothing else changed."""
    config = ConfigDict(cache_strings=WireModel.model_config.get("cache_strings", True))
    return type(plain.__name__, (plain,), {"model_config": config, "__module__": plain.__module__})


def _accepts(model: Any, line: bytes) -> bool:
    try:
        model.model_validate_json(line)
    except ValueError:  # pydantic.ValidationError
        return False
    return True


def _interleave(engines: dict[str, Callable[[], float]], repeat: int) -> _Runs:
    """Each engine's seconds over ``repeat`` repetitions, every repetition running every engine once, in turn."""
    runs = _Runs()
    for _ in range(repeat):
        for name, run in engines.items():
            runs.add(name, run())
    return runs


def _report(runs: _Runs, *, count: int, peers: int, files: int, accepted: dict[str, int], check: str) -> None:
    """Print the validate section's rows and ratios (module docstring)."""
    start = runs.median("start")
    for name in ("valid", "mixed"):  # the same runs, net of start-up
        for value in runs.seconds[name]:
            runs.add(f"{name}_net", max(value - start, 1e-9))

    print("validate, NDJSON (CPU seconds; net = minus the CPU of validating one small file):")
    runs.row("orjson.loads, results discarded (the floor)", "floor", count)
    runs.row("codegen validate --jobs 1, all valid", "valid", count)
    runs.row("  net of start-up", "valid_net", count, f"  {runs.paired('valid_net', 'floor')} floor (goal >= 0.35x)")
    runs.row("codegen validate --jobs 1, 50% invalid", "mixed", count)
    runs.row(
        "  net of start-up", "mixed_net", count, f"  {runs.paired('mixed_net', 'valid_net')} all valid (goal >= 0.5x)"
    )
    runs.row(f"codegen validate (default --jobs, wall) {os.cpu_count()}", "parallel", count)
    runs.row("python-jsonschema (ECMA validator), a sample", "ecma", peers)
    print("models (CPU seconds, in this process):")
    runs.row("generated ExecutionPlan.model_validate_json", "ours", count)
    runs.row("plain datamodel-codegen model, default options", "plain", count, f"  ours {runs.paired('ours', 'plain')}")
    runs.row(f"  with {_STRING_CACHE}", "plain_like", count, f"  ours {runs.paired('ours', 'plain_like')}")
    runs.row("generated model_dump_json", "ours_dump", count)
    runs.row("plain model_dump_json", "plain_dump", count, f"  ours {runs.paired('ours_dump', 'plain_dump')}")
    print(
        f"  of the mix's {count // 2:,} invalid payloads the generated model accepts {accepted['ours']:,},"
        f" the plain model {accepted['plain']:,} ({accepted['plain'] / (count // 2):.0%})"
    )
    print("peers and start-up (wall seconds):")
    runs.row(f"check-jsonschema ({files:,} files, one process)", "files_theirs", files)
    runs.row(f"codegen validate ({files:,} files)", "files_ours", files)
    ours_start, theirs_start = runs.median("start_wall"), runs.median("theirs_wall")
    print(
        f"  start-up, one small file: codegen validate {ours_start * 1000:.0f} ms, check-jsonschema"
        f" {theirs_start * 1000:.0f} ms ({ours_start / theirs_start:.2f}x, goal <= 0.5x)"
    )
    checks = sorted(runs.seconds["check"])
    how = "signatures checked" if "signatures checked" in check else "regenerated: not fresh"
    print(
        f"  codegen check, nothing changed: {statistics.median(checks):.3f} s ({checks[0]:.3f}-{checks[-1]:.3f},"
        f" {how}; goal <= 0.2 s)"
    )


SLICE = 10_000  # payloads an engine reads before the next engine takes its turn (model rows)


def _model_runs(model: Any, plain: Any, lines: list[bytes], repeat: int) -> _Runs:
    """The generated model, the plain one and the plain one with our string cache setting: reads and dumps.

    Each repetition walks the payloads in slices of ``SLICE``, every engine reading each
    slice in turn from its own copy (so each meets its payloads cold, as a consumer
    does), and sums its slices: the engines of one repetition meet the machine in the
    same state to within a slice (about 30 ms), where whole passes of 200,000 were a
    second apart and moved by a third against each other.
    """
    like = _like_ours(plain)
    readers = {
        "ours": model.model_validate_json,
        "plain": plain.model_validate_json,
        "plain_like": like.model_validate_json,
    }
    dumpers = {"ours_dump": model, "plain_dump": plain}
    work: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        **{name: (read, [bytes(bytearray(line)) for line in lines]) for name, read in readers.items()},
        **{
            name: (cls.model_dump_json, [cls.model_validate_json(line) for line in lines])
            for name, cls in dumpers.items()
        },
    }
    runs = _Runs()
    for _ in range(repeat):
        totals = dict.fromkeys(work, 0.0)
        for start in range(0, len(lines), SLICE):
            for name, (run, items) in work.items():
                totals[name] += _in_process(functools.partial(_discard, run, items[start : start + SLICE]))
        for name, seconds in totals.items():
            runs.add(name, seconds)
    return runs


def validate() -> None:
    """Measure ``codegen validate`` and the models against their floors and peers, and print the figures."""
    count = int(os.environ.get("BENCH_PAYLOADS", "200000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    gigabytes = float(os.environ.get("BENCH_GB", "1"))
    peers = int(os.environ.get("BENCH_PEER_PAYLOADS", "5000"))  # slow engines: a sample, as a rate
    files = int(os.environ.get("BENCH_FILES", "2000"))  # check-jsonschema reads one payload per file
    rng = random.Random(20251201)
    schema = load_schema("ExecutionPlan", default_schema_dir())
    codegen = [sys.executable, "-m", "codegen", "validate"]
    work = Path(tempfile.mkdtemp(prefix="codegen-bench-"))
    try:
        lines = [orjson.dumps(_plan(rng)) for _ in range(count)]
        mixed = [orjson.dumps(_bad(_plan(rng), rng) if index % 2 else _plan(rng)) for index in range(count)]
        valid_file, mixed_file, small = work / "plans.ndjson", work / "mixed.ndjson", work / "one.json"
        valid_file.write_bytes(b"\n".join(lines) + b"\n")
        mixed_file.write_bytes(b"\n".join(mixed) + b"\n")
        small.write_bytes(lines[0])
        print(
            f"codegen bench: {count:,} payloads ({valid_file.stat().st_size / 1e6:.1f} MB NDJSON), {os.cpu_count()}"
            f" cores, {repeat} interleaved repetitions: median rate (min-max)"
        )
        model = importlib.import_module("generated").ExecutionPlan  # by name: generated/ is not type-checked
        plain = _plain_model(schema.path, work)
        invalid = mixed[1::2]
        accepted = {name: sum(_accepts(m, line) for line in invalid) for name, m in (("ours", model), ("plain", plain))}
        from codegen.schema.ecma import ecma_validator  # noqa: PLC0415

        ecma = ecma_validator(schema.document)
        sample = lines[:peers]
        folder = work / "files"
        folder.mkdir()
        paths = []
        for index, line in enumerate(lines[:files]):
            (folder / f"{index}.json").write_bytes(line)
            paths.append(str(folder / f"{index}.json"))
        check_jsonschema = [str(Path(sys.executable).with_name("check-jsonschema")), "--schemafile", str(schema.path)]
        # codegen check in a scratch project generated just now: this checkout may be mid-edit.
        root = work / "project"
        shutil.copytree(schema.path.parent, root / "schemas")
        for step in ("generate", "docs"):
            subprocess.run([sys.executable, "-m", "codegen", step], cwd=root, capture_output=True, check=True)
        check_line = subprocess.run(
            [sys.executable, "-m", "codegen", "check"], cwd=root, capture_output=True, text=True, check=False
        )

        loads = orjson.loads
        engines: dict[str, Callable[[], float]] = {
            "floor": lambda: _in_process(lambda: _discard(loads, lines)),
            "start": lambda: _cpu([*codegen, "--jobs=1", str(small)])[0],
            "valid": lambda: _cpu([*codegen, "--jobs=1", str(valid_file)])[0],
            "mixed": lambda: _cpu([*codegen, "--jobs=1", str(mixed_file)])[0],
            "parallel": lambda: _cpu([*codegen, str(valid_file)])[1],
            "ecma": lambda: _in_process(lambda: _discard(lambda line: ecma.is_valid(loads(line)), sample)),
            "check": lambda: _cpu([sys.executable, "-m", "codegen", "check"], cwd=root)[1],
            "start_wall": lambda: _cpu([*codegen, str(small)])[1],
            "theirs_wall": lambda: _cpu([*check_jsonschema, str(small)])[1],
        }
        runs = _interleave(engines, repeat)
        runs.seconds |= _model_runs(model, plain, lines, 3 * repeat).seconds  # cheap: more repetitions, sliced
        slow = {  # the slowest peers: fewer repetitions
            "files_theirs": lambda: _cpu([*check_jsonschema, *paths])[1],
            "files_ours": lambda: _cpu([*codegen, *paths])[1],
        }
        runs.seconds |= _interleave(slow, max(1, repeat // 2)).seconds
        _report(runs, count=count, peers=len(sample), files=files, accepted=accepted, check=check_line.stdout)
        written, peak = _memory(work, lines, gigabytes, codegen)
        print(f"  peak RSS for {written / 1e9:.2f} GB = {peak:.0f} MB (goal < 200 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
