"""What a validation run finds, as values: problems, failures, tallies and the summary.

Reporters only format these; the engine and the runner only produce them.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import NamedTuple

__all__ = ["Failure", "Problem", "Summary", "Tally"]


class Problem(NamedTuple):
    """One reason a payload or an input failed: where, which rule, and what is wrong.

    Problems and failures are named tuples, not frozen dataclasses: a journal with
    millions of bad records makes one per record, and a tuple is made in a fifth of the time.
    """

    file: str
    line: int | None  # NDJSON line, or the line of a syntax error; None for a whole .json payload
    pointer: str  # JSON pointer into the payload ("" = the whole payload)
    keyword: str  # the schema keyword that failed; "json" for syntax, "input" for reading
    message: str


class Failure(NamedTuple):
    """A payload that is not valid, or an input that could not be read, with every problem found."""

    problems: tuple[Problem, ...]
    unreadable: bool = False


@dataclass(frozen=True)
class Tally:
    """Counts of work done; a run's running total is the sum of the tallies it yields."""

    files: int = 0
    payloads: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    bytes: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(mine + theirs for mine, theirs in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True)
class Summary(Tally):
    """What a run checked and found, and how long it took; ``ok`` when everything was read and valid."""

    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.invalid == 0 and self.unreadable == 0
