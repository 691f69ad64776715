"""Reports how many JSON texts the fidelity tests judged with both the schema and the model."""

from __future__ import annotations

import pytest

from tests.oracle import COMPARED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the number of payloads whose schema and model verdicts were compared."""
    terminalreporter.write_line(f"fidelity: {COMPARED['payloads']} payloads compared (schema verdict == model verdict)")
