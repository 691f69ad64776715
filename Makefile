# Every target installs what it needs into .venv first; nothing else is assumed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check lint test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

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

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
