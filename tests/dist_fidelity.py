"""Run in a virtual environment that holds the models wheel and pydantic only (tests/test_dist.py).

Standalone on purpose: it imports nothing of the toolkit or the test suite, only the
standard library and the installed ``generated`` package. It judges every case of a
``tests/cases`` folder with ``ExecutionPlan.model_validate_json`` and prints one JSON
document: per case, whether the model accepted it and, if so, its ``model_dump_json``
and ``model_dump(mode="json")``, so the caller can compare them with the repository's
own models, case for case.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from pydantic import ValidationError, __version__

from generated import ExecutionPlan


def judge(cases: Path) -> dict[str, object]:
    """Each case's verdict and dumps under the installed models."""
    results: dict[str, object] = {}
    for case in sorted(cases.glob("*/*.json")):
        try:
            plan = ExecutionPlan.model_validate_json(case.read_bytes())
        except ValidationError:
            results[f"{case.parent.name}/{case.name}"] = {"accepted": False}
            continue
        dumped = plan.model_dump_json()
        assert ExecutionPlan.model_validate_json(dumped) == plan, case.name
        results[f"{case.parent.name}/{case.name}"] = {
            "accepted": True,
            "json": dumped,
            "python": plan.model_dump(mode="json"),
        }
    return results


if __name__ == "__main__":
    absent = ["codegen", "datamodel_code_generator", "click", "jsonschema", "orjson", "jsonschema_rs"]
    report = {
        "pydantic": __version__,
        "importable": [name for name in absent if importlib.util.find_spec(name) is not None],
        "module": ExecutionPlan.__module__,
        "cases": judge(Path(sys.argv[1])),
    }
    print(json.dumps(report))
