"""The generic proof behind ``codegen prove``: for any schema, the model judges and writes as the schema says.

Payloads are drawn from the schema itself (each construct's ``values``), then
mutated (near misses from every construct, values of the wrong kind, dropped and
unknown keys, damaged texts). For every text the model's verdict must equal the
schema's (``judges``); every accepted payload's dump must be accepted by the schema
and read back to an equal model. ``runner`` drives it and returns values;
``reporters`` formats them.
"""

from __future__ import annotations

from codegen.proof.runner import Disagreement, ProofResult, prove_folder

__all__ = ["Disagreement", "ProofResult", "prove_folder"]
