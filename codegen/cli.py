"""The ``codegen`` command line: parse options, call the library, map errors to exit codes.

Exit codes everywhere: 0 ok; 1 the data or the generated code is wrong (drift,
invalid payloads); 2 usage, or a schema that cannot be read or generated from.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from codegen.errors import CodegenError, UsageError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _expected_errors(command: F) -> F:
    """Known failures become one line on stderr and their exit code: never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CodegenError as error:
            from codegen.textsafe import escape  # noqa: PLC0415 (only when something failed)

            # The message echoes schema paths and pointers: escaped, it stays one line on a CI log.
            click.echo(f"codegen: error: {escape(str(error))}", err=True)
            sys.exit(error.exit_code)

    return run  # type: ignore[return-value]


def _folder(flag: str, name: str, default: str, help_text: str) -> Callable[[F], F]:
    return click.option(
        flag,
        name,
        default=default,
        show_default=True,
        type=click.Path(path_type=Path, file_okay=False),
        help=help_text,
    )


_schemas = _folder("--schemas", "schema_dir", "schemas", "Folder of *.schema.json files.")
_out = _folder("--out", "out_dir", "generated", "Package the models are written to.")
_docs = _folder("--docs", "docs_dir", "docs", "Folder the Markdown reference pages are written to.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Schema-first code generation: JSON Schema -> Pydantic v2 models, and the checks around them."""


@main.command()
@_schemas
@_out
@_expected_errors
def generate(schema_dir: Path, out_dir: Path) -> None:
    """Write one module per schema into the output package (atomically)."""
    from codegen.generation.package import plan_package, write_package  # noqa: PLC0415 (loads the generator)
    from codegen.generation.signature import sign_package  # noqa: PLC0415

    changed = write_package(out_dir, sign_package(plan_package(schema_dir, out_dir), schema_dir, out_dir))
    click.echo(f"codegen: {len(changed)} file(s) changed in {out_dir}" + (f": {', '.join(changed)}" if changed else ""))


@main.command()
@_schemas
@_out
@_docs
@_expected_errors
def check(schema_dir: Path, out_dir: Path, docs_dir: Path) -> None:
    """Exit 1 with a unified diff when the output package or the docs are stale, 0 when fresh.

    Every generated file is signed over its text and its inputs (schema bytes, tool
    versions, the generation code): when every signature holds, nothing is generated.
    Otherwise the package and the docs are generated in memory and compared byte for byte.
    """
    from codegen.generation.signature import fresh, sign_package  # noqa: PLC0415 (the standard library only)

    if fresh(schema_dir, out_dir, docs_dir):
        click.echo(f"codegen: {out_dir} and {docs_dir} are up to date (signatures checked)")
        return
    from codegen.generation.docs import docs_drift, plan_docs  # noqa: PLC0415
    from codegen.generation.package import package_drift, plan_package  # noqa: PLC0415 (loads the generator)

    diffs = package_drift(out_dir, sign_package(plan_package(schema_dir, out_dir), schema_dir, out_dir))
    doc_diffs = docs_drift(docs_dir, plan_docs(schema_dir))
    if diffs or doc_diffs:
        click.echo("".join(diffs + doc_diffs), nl=False)
        if diffs:
            click.echo(f"codegen: {out_dir} is stale ({len(diffs)} file(s)); run `make generate`", err=True)
        if doc_diffs:
            click.echo(f"codegen: {docs_dir} is stale ({len(doc_diffs)} file(s)); run `codegen docs`", err=True)
        sys.exit(1)
    click.echo(f"codegen: {out_dir} and {docs_dir} are up to date")


@main.command()
@_schemas
@_docs
@_expected_errors
def docs(schema_dir: Path, docs_dir: Path) -> None:
    """Write one Markdown reference page per schema into the docs folder (atomically)."""
    from codegen.generation.docs import plan_docs, write_docs  # noqa: PLC0415

    changed = write_docs(docs_dir, plan_docs(schema_dir))
    listed = f": {', '.join(changed)}" if changed else ""
    click.echo(f"codegen: {len(changed)} file(s) changed in {docs_dir}{listed}")


@main.command()
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
@_schemas
@click.option(
    "--config",
    default="pyproject.toml",
    show_default=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help='pyproject.toml holding [tool.codegen.lint."<schema>"] rule switches.',
)
@click.option("--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_expected_errors
def lint(targets: tuple[Path, ...], schema_dir: Path, config: Path, output: str) -> None:
    """House rules over schema files (default: the schema folder); exit 1 on findings."""
    from codegen.evolution.lint import lint_paths, load_waivers  # noqa: PLC0415
    from codegen.evolution.reporters import lint_json, lint_text  # noqa: PLC0415

    result = lint_paths(list(targets) or [schema_dir], load_waivers(config))
    click.echo((lint_json if output == "json" else lint_text)(result), nl=False)
    sys.exit(result.exit_code)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--examples", is_flag=True, help="Also check the schema's own `examples` (first).")
@click.option("--schema", "schema_name", default="ExecutionPlan", show_default=True, help="Schema file stem or title.")
@click.option(
    "--schemas",
    "schema_dir",
    default=None,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of *.schema.json files  [default: the project's schemas/].",
)
@click.option(
    "--output", type=click.Choice(["text", "json", "github"]), default="text", show_default=True, help="Report format."
)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None, help="Processes for large NDJSON files  [default: cores]."
)
@click.option("--ndjson", "stdin_ndjson", is_flag=True, help="Read stdin ('-') as NDJSON, one payload per line.")
@click.option(
    "--max-payload-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest payload (file, stdin or NDJSON line) read; a larger one is an error  [default: 16 MiB].",
)
@click.option("--allow-empty", is_flag=True, help="Exit 0 when the inputs hold no payload at all (default: exit 1).")
@_expected_errors
def validate(
    *,
    paths: tuple[str, ...],
    examples: bool,
    schema_name: str,
    schema_dir: Path | None,
    output: str,
    jobs: int | None,
    stdin_ndjson: bool,
    max_payload_bytes: int | None,
    allow_empty: bool,
) -> None:
    """Check JSON / NDJSON payloads (files, folders, '-' for stdin) against a schema; exit 1 if any fails."""
    if not paths and not examples:
        raise click.UsageError("give at least one PATH ('-' for stdin), or --examples")
    # Only the validation path: no code generator, so start-up stays fast.
    from codegen.validation import default_schema_dir, load_schema, summarize  # noqa: PLC0415
    from codegen.validation.reporters import REPORTERS, ProgressBar, TextReporter  # noqa: PLC0415
    from codegen.validation.runner import validate_blocks  # noqa: PLC0415

    schema = load_schema(schema_name, schema_dir or default_schema_dir())
    beyond = schema.checks_beyond_schema
    if beyond:  # on stderr: every report format on stdout stays as it is
        from codegen.textsafe import escape  # noqa: PLC0415

        names = escape(", ".join(beyond))
        click.echo(f"codegen validate: note: {names} (x-check) not enforced: validate judges the schema only", err=True)
    reporter = REPORTERS[output](sys.stdout)
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    limit = {} if max_payload_bytes is None else {"max_payload_bytes": max_payload_bytes}
    # A block's failing NDJSON lines as one value, which the text report writes at once
    # (the other formats get them as failures, one by one, as from validate_paths).
    events = validate_blocks(
        list(paths), schema, jobs=jobs, stdin_ndjson=stdin_ndjson, examples=examples, allow_empty=allow_empty, **limit
    )
    on_lines = reporter.lines if isinstance(reporter, TextReporter) else None
    try:
        summary = summarize(events, reporter.failure, progress.update if progress else None, on_lines=on_lines)
    finally:
        if progress is not None:
            progress.close()
    reporter.summary(summary)
    sys.exit(0 if summary.ok else 1)


@main.command()
@_schemas
@click.option("--against", required=True, help="Git ref (main, HEAD~1, a tag), or an older schema file or folder.")
@click.option("--mode", type=click.Choice(["backward", "forward", "full"]), default="full", show_default=True)
@click.option("--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_expected_errors
def breaking(schema_dir: Path, against: str, mode: str, output: str) -> None:
    """Compare the schemas with an older version; exit 1 when a change breaks the mode."""
    from codegen.evolution.breaking import compare_folders  # noqa: PLC0415
    from codegen.evolution.gitref import load_pair  # noqa: PLC0415
    from codegen.evolution.reporters import breaking_json, breaking_text  # noqa: PLC0415

    report = compare_folders(*load_pair(against, schema_dir), mode)
    click.echo((breaking_json if output == "json" else breaking_text)(report), nl=False)
    sys.exit(report.exit_code)


@main.command()
@click.argument("modules", nargs=-1)
@_schemas
@_out
@click.option(
    "--count", type=click.IntRange(min=1), default=1000, show_default=True, help="Payloads to judge per schema."
)
@_expected_errors
def prove(modules: tuple[str, ...], schema_dir: Path, out_dir: Path, count: int) -> None:
    """Check that each schema's model judges and dumps as the schema does; exit 1 on a disagreement.

    MODULES are schema file stems (default: every schema in the folder).
    """
    from codegen.proof import prove_folder  # noqa: PLC0415 (loads hypothesis)
    from codegen.proof.reporters import proof_text  # noqa: PLC0415

    results = prove_folder(schema_dir, out_dir, list(modules) or None, count)
    click.echo(proof_text(results), nl=False)
    sys.exit(0 if all(result.ok for result in results) else 1)


@main.command()
@click.option(
    "--write",
    "target",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Replace the table between the markers in this file (the README) instead of printing it.",
)
@_expected_errors
def keywords(target: Path | None) -> None:
    """Print the table of every JSON Schema 2020-12 keyword: supported (by which construct) or refused (why)."""
    from codegen.constructs.table import START, keyword_table, with_table  # noqa: PLC0415

    if target is None:
        click.echo(keyword_table(), nl=False)
        return
    updated = with_table(target.read_text(encoding="utf-8"))
    if updated is None:
        raise UsageError(f"{target}: no {START!r} marker to write the table after")
    target.write_text(updated, encoding="utf-8")
    click.echo(f"codegen: keyword table written to {target}")
