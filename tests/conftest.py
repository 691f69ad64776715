"""Reports how many JSON texts the fidelity tests judged with both the schema and the model."""

from __future__ import annotations

from typing import Any

import pytest

from tests.oracle import COMPARED


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under xdist each worker counts its own comparisons; it hands the count to the
    # controller, which prints the summary (without this the controller printed 0).
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["fidelity_payloads"] = COMPARED["payloads"]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Add a finished xdist worker's count to the controller's."""
    COMPARED["payloads"] += getattr(node, "workeroutput", {}).get("fidelity_payloads", 0)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the number of payloads whose schema and model verdicts were compared."""
    terminalreporter.write_line(f"fidelity: {COMPARED['payloads']} payloads compared (schema verdict == model verdict)")
