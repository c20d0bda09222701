# One command each, on a fresh machine: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m multisafepay_async demo

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict multisafepay_async

# Batch benchmark against nginx on loopback (Debian's nginx; the official SDK in its own venv,
# since it needs pydantic<2). Not part of `make test`: figures live in benchmarks/RESULTS.md.
bench: $(STAMP)
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update && apt-get install -y nginx)
	test -x .venv-sdk/bin/python || ($(PYTHON) -m venv .venv-sdk && .venv-sdk/bin/python -m pip install --quiet 'multisafepay[requests]' 'pydantic<2')
	$(BIN)/python -m benchmarks.batch $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .venv-sdk .pytest_cache .mypy_cache .ruff_cache
