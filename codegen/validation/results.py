"""What a validation run finds, as values: problems, failures, tallies and the summary.

Reporters only format these; the engine and the runner only produce them.
"""

from __future__ import annotations

from collections.abc import Iterator
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


# One line's problems as the engine gives them: (line inside the payload, pointer, keyword, message).
Findings = tuple[tuple[int | None, str, str, str], ...]
_new = tuple.__new__


class FailedLines(NamedTuple):
    """The failing NDJSON lines of one block of a file, in a compact form used inside a run.

    ``found[i]`` holds the problems of line ``numbers[i]`` (the line inside the payload
    that each gives is not used: an NDJSON problem is at its line). The runner hands a
    block's failures on as one value, and the text report writes them in one go: a
    journal's bad lines then make no ``Failure`` and ``Problem`` each on the way to the
    terminal. ``failures`` makes those values, for everything else (``validate_paths``
    yields only them).
    """

    file: str  # as displayed
    numbers: list[int]
    found: list[Findings]

    def failures(self) -> Iterator[Failure]:
        """One ``Failure`` per line, in order, made as they are taken.

        One at a time, not a list: a consumer that drops each leaves the cyclic GC nothing
        to do (a list of a batch's failures cost 1,000 instructions more a line in collections).
        """
        file = self.file
        for number, found in zip(self.numbers, self.found, strict=True):
            # Made as tuples: the named tuples' Python-level __new__ costs more than the values, and
            # the usual single problem is unpacked, not built by a comprehension (its frame costs).
            if len(found) == 1:
                ((_, pointer, keyword, message),) = found
                problems: tuple[Problem, ...] = (_new(Problem, (file, number, pointer, keyword, message)),)
            else:
                problems = tuple([_new(Problem, (file, number, ptr, kw, msg)) for _, ptr, kw, msg in found])
            yield _new(Failure, (problems, False))


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
