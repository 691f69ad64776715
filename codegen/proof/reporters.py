"""Formatting proof results: a line per model proven, the first disagreement with its text (escaped), a verdict."""

from __future__ import annotations

from codegen.proof.runner import ProofResult

__all__ = ["proof_text"]


def proof_text(results: list[ProofResult]) -> str:
    lines = []
    for result in results:
        mark = "ok" if result.ok else "DISAGREE"
        lines.append(
            f"{mark} {result.module} ({result.model}): {result.payloads} payloads, {result.accepted} accepted by both,"
            f" {result.dumps} dumps checked"
            + (f", {result.beyond} rejected only by x-check (beyond the schema)" if result.beyond else "")
        )
        if result.disagreement is not None:
            lines.append(f"    {result.disagreement.kind}: {result.disagreement.detail}")
            lines.append(f"    payload: {result.disagreement.text[:2000]!r}")
    failed = sum(not result.ok for result in results)
    total = sum(result.payloads for result in results)
    lines.append(
        f"codegen prove: {len(results)} model(s), {total} payloads, {failed} with a disagreement: "
        + ("FAIL" if failed else "ok")
    )
    return "\n".join(lines) + "\n"
