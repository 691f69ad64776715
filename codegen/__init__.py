"""Schema-first code generation: JSON Schema in ``schemas/``, Pydantic v2 models in ``generated/``.

Importing this package is cheap on purpose: generated models import
``codegen.runtime``, and that must not pull in the generator or the CLI.
"""
