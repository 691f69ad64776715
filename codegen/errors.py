"""The errors the toolkit expects, each a one-line message with an exit code."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CodegenError", "SchemaError", "UsageError"]


class CodegenError(Exception):
    """Base of every expected failure; the CLI prints ``str(error)`` and exits with ``exit_code``."""

    exit_code = 2


class UsageError(CodegenError):
    """The command was asked for something that cannot be done (exit 2)."""


class SchemaError(CodegenError):
    """A schema file cannot be turned into a faithful model (exit 2).

    ``pointer`` is the JSON pointer of the offending spot inside the file, or empty
    when the whole file is at fault (unreadable, not JSON).
    """

    def __init__(self, path: Path | str, pointer: str, message: str) -> None:
        self.path = Path(path)
        self.pointer = pointer
        self.message = message
        super().__init__(f"{self.path}#{pointer}: {message}")
