"""The generated ExecutionPlan against a plain datamodel-code-generator model: validation and dumps, same payloads.

Run: ``.venv/bin/python -m tests.model_speed`` (``MODEL_SPEED_PAYLOADS``, default 50,000;
``MODEL_SPEED_REPEAT``, default 9). Each repetition runs every engine once, in turn
(interleaved, so a slow spell of the machine hits all of them), over the same valid
payloads; the figures are medians of CPU seconds with their min-max, and the ratio is
ours over plain (>= 1.0: ours is at least as fast). "like" is the plain model given the
generated models' string cache setting, the one config of theirs it can share. Not a test: speed is measured,
never asserted (``make bench`` carries the same row in its full run).
"""

from __future__ import annotations

import importlib
import os
import random
import statistics
import tempfile
from pathlib import Path

import orjson

from codegen.bench import _STRING_CACHE, _discard, _in_process, _like_ours, _plain_model, _plan
from codegen.validation import default_schema_dir, load_schema


def main() -> None:
    count = int(os.environ.get("MODEL_SPEED_PAYLOADS", "50000"))
    repeat = int(os.environ.get("MODEL_SPEED_REPEAT", "9"))
    rng = random.Random(20251201)
    lines = [orjson.dumps(_plan(rng)) for _ in range(count)]
    ours = importlib.import_module("generated").ExecutionPlan
    with tempfile.TemporaryDirectory(prefix="model-speed-") as work:
        plain = _plain_model(load_schema("ExecutionPlan", default_schema_dir()).path, Path(work))
    plain_like = _like_ours(plain)
    ours_read = [ours.model_validate_json(line) for line in lines]
    plain_read = [plain.model_validate_json(line) for line in lines]
    engines = {
        "validate ours": lambda: _in_process(lambda: _discard(ours.model_validate_json, lines)),
        "validate plain": lambda: _in_process(lambda: _discard(plain.model_validate_json, lines)),
        "validate like": lambda: _in_process(lambda: _discard(plain_like.model_validate_json, lines)),
        "dump ours": lambda: _in_process(lambda: _discard(ours.model_dump_json, ours_read)),
        "dump plain": lambda: _in_process(lambda: _discard(plain.model_dump_json, plain_read)),
    }
    seconds: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(repeat):
        for name, run in engines.items():
            seconds[name].append(run())
    print(f"{count:,} valid ExecutionPlan payloads, {repeat} interleaved repetitions, {os.cpu_count()} cores")
    for name, values in seconds.items():
        rate = count / statistics.median(values)
        print(f"  {name:15} {rate:>10,.0f}/s  (min-max {count / max(values):,.0f}-{count / min(values):,.0f})")
    for what in ("validate", "dump"):
        ratio = statistics.median(seconds[f"{what} plain"]) / statistics.median(seconds[f"{what} ours"])
        print(f"  {what}: ours {ratio:.2f}x the plain model's rate")
    like = statistics.median(seconds["validate like"]) / statistics.median(seconds["validate ours"])
    print(f'  validate: ours {like:.2f}x the plain model\'s rate with {_STRING_CACHE} ("like")')


if __name__ == "__main__":
    main()
