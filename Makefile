# Every target installs what it needs into .venv first; nothing else is assumed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv installs the locked environment in seconds (pip took most of a minute).
UV_VERSION := 0.13.9
UV := $(BIN)/uv

.PHONY: generate check lint test clean validate bench prove lock dist

# Exactly the versions (and hashes) of requirements.lock, then this project itself.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# Update requirements.lock after a change to pyproject.toml; uv keeps the versions already locked.
lock: $(STAMP)
	$(UV) pip compile pyproject.toml --extra dev --extra prove --generate-hashes --python-version 3.11 \
		--no-header --quiet -o requirements.lock

generate: $(STAMP)
	$(BIN)/codegen generate
	$(BIN)/codegen docs

check: $(STAMP)
	$(BIN)/codegen check

lint: $(STAMP)
	$(BIN)/ruff check codegen tests
	$(BIN)/ruff format --check codegen tests
	$(BIN)/mypy
	$(BIN)/codegen lint

test: check lint
	$(BIN)/pytest

# The generic fidelity proof over schemas/ (pytest also runs it there and over examples/family/).
prove: $(STAMP)
	$(BIN)/codegen prove

# The project's own example payloads: the schema's `examples` and tests/validate_cases/good.
validate: $(STAMP)
	$(BIN)/codegen validate --examples tests/validate_cases/good

# BENCH_GB (default 1) sizes the NDJSON file whose peak memory is measured.
bench: $(STAMP)
	BENCH_GB=$${BENCH_GB:-1} $(BIN)/python -m codegen.bench

# The models wheel (generated/ with its runtime vendored; needs pydantic alone) into dist/.
dist: $(STAMP)
	$(BIN)/python -m codegen.dist build --out dist

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
