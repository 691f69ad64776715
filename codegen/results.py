"""What a validation run finds, as values: problems, failures, tallies and the summary.

Reporters only format these; the engine and the runner only produce them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Failure", "Problem", "Summary", "Tally"]


@dataclass(frozen=True)
class Problem:
    """One reason a payload or an input failed: where, which rule, and what is wrong."""

    file: str
    line: int | None  # NDJSON line, or the line of a syntax error; None for a whole .json payload
    pointer: str  # JSON pointer into the payload ("" = the whole payload)
    keyword: str  # the schema keyword that failed; "json" for syntax, "input" for reading
    message: str


@dataclass(frozen=True)
class Failure:
    """A payload that is not valid, or an input that could not be read, with every problem found."""

    problems: tuple[Problem, ...]
    unreadable: bool = False


@dataclass(frozen=True)
class Tally:
    """Counts of work done since the previous tally; the summary is their sum."""

    files: int = 0
    payloads: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    bytes: int = 0


@dataclass
class Summary:
    """What a run checked and found; ``ok`` when everything was read and valid."""

    files: int = 0
    payloads: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    bytes: int = 0
    elapsed: float = 0.0

    def add(self, tally: Tally) -> None:
        self.files += tally.files
        self.payloads += tally.payloads
        self.valid += tally.valid
        self.invalid += tally.invalid
        self.unreadable += tally.unreadable
        self.bytes += tally.bytes

    @property
    def ok(self) -> bool:
        return self.invalid == 0 and self.unreadable == 0
