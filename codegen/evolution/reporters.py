"""Reporters: turn result values (lint findings, breaking changes) into text or JSON, and nothing else.

Text output echoes file names, pointers (property names) and messages taken from
schemas: each field goes through ``codegen.textsafe.escape`` so a control character
or line break in them cannot rewrite a terminal or forge a CI log line. JSON output
needs nothing more: ``json.dumps`` escapes every non-ASCII and control character.
"""

from __future__ import annotations

import json
from typing import Any

from codegen.evolution.breaking import Report
from codegen.evolution.lint import LintResult
from codegen.textsafe import escape

__all__ = ["breaking_json", "breaking_text", "lint_json", "lint_text"]


def lint_text(result: LintResult) -> str:
    """One line per finding, ``path#pointer: [rule] message``, then a summary line."""
    lines = [escape(str(error)) for error in result.load_errors]
    lines += [escape(f"{item.path}#{item.pointer}: [{item.rule}] {item.message}") for item in result.findings]
    lines += [
        escape(f"{item.path}#{item.pointer}: [{item.rule}] waived: {waiver.reason}") for waiver, item in result.waived
    ]
    verdict = "clean" if not (result.findings or result.load_errors) else "not clean"
    lines.append(
        f"codegen lint: {result.files} schema file(s), {len(result.findings)} finding(s), "
        f"{len(result.load_errors)} unreadable, {len(result.waived)} waived: {verdict}"
    )
    return "\n".join(lines) + "\n"


def lint_json(result: LintResult) -> str:
    """The same result as a JSON document, for CI annotations and other tools."""
    document: dict[str, Any] = {
        "files": result.files,
        "unreadable": [{"path": str(e.path), "pointer": e.pointer, "message": e.message} for e in result.load_errors],
        "findings": [
            {"rule": f.rule, "path": str(f.path), "pointer": f.pointer, "message": f.message} for f in result.findings
        ],
        "waived": [
            {"rule": f.rule, "path": str(f.path), "pointer": f.pointer, "reason": w.reason} for w, f in result.waived
        ],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def breaking_text(report: Report) -> str:
    """One line per change, ``module#pointer: [rule] (directions) message``, witnesses below, then a verdict."""
    lines = []
    for change in report.changes:
        directions = ", ".join(sorted(change.directions)) or "compatible"
        mark = "BREAKS" if change.breaks(report.mode) else "ok"
        lines.append(
            escape(f"{mark} {change.module}#{change.pointer}: [{change.rule}] ({directions}) {change.message}")
        )
        if change.witness is not None:
            lines.append(f"    witness: {escape(change.witness)}")
    breaking = len(report.breaking)
    lines.append(
        f"codegen breaking: {len(report.changes)} change(s), {breaking} breaking in mode {report.mode}: "
        + ("FAIL" if breaking else "ok")
    )
    return "\n".join(lines) + "\n"


def breaking_json(report: Report) -> str:
    """The same report as a JSON document."""
    document = {
        "mode": report.mode,
        "breaking": len(report.breaking),
        "changes": [
            {
                "rule": c.rule,
                "module": c.module,
                "pointer": c.pointer,
                "message": c.message,
                "directions": sorted(c.directions),
                "breaks_mode": c.breaks(report.mode),
                "witness": c.witness,
            }
            for c in report.changes
        ],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"
