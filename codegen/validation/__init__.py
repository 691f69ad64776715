"""Validating JSON payloads against a schema: the stage behind ``codegen validate``.

Inputs (``inputs``), one payload's verdict (``engine``), the run over many inputs
(``runner``), result values (``results``) and their formats (``reporters``). Nothing
here imports the code generator.
"""

from __future__ import annotations

from codegen.validation.runner import (
    Engine,
    Failure,
    LoadedSchema,
    Problem,
    Summary,
    Tally,
    default_schema_dir,
    load_schema,
    summarize,
    validate_paths,
)

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
