# One command each, on a fresh machine: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.demo-installed

.PHONY: demo test chromium lint docs serve-docs package versions bench bench-wan clean

$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[testing]'
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' 'playwright>=1.45'
	touch $(STAMP)

# The browser test drives Debian's Chromium (Playwright's own browser download is not used).
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

demo: $(DEMO_STAMP)
	$(BIN)/python -m multisafepay_async demo

# Everything CI checks: the suite on this Python (the browser test included: Chromium comes
# from apt), lint and types once, the docs site, the packages, then the suite on the other
# Pythons and on the lowest dependency versions.
test: $(STAMP) chromium
	MULTISAFEPAY_BROWSER_TESTS=required $(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint docs package versions

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict multisafepay_async

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir .site

# `make serve-docs`: the documentation at http://127.0.0.1:8000
serve-docs: $(STAMP)
	$(BIN)/mkdocs serve

# sdist and wheel built and checked; the sdist carries the licence and no caches.
package: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --quiet --outdir dist . >/dev/null
	$(BIN)/twine check --strict dist/*
	tar tzf dist/*.tar.gz | grep -q '/LICENSE$$'
	! tar tzf dist/*.tar.gz | grep -E '/(\.hypothesis|__pycache__|\.venv[^/]*|\.mypy_cache)/'

versions: $(STAMP)
	bash .ci/versions.sh

# Batch benchmark against nginx on loopback (Debian's nginx; the official SDK in its own venv,
# since it needs pydantic<2). Not part of `make test`: figures live in benchmarks/RESULTS.md.
bench: $(STAMP) .venv-sdk/bin/python
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update && apt-get install -y nginx)
	$(BIN)/python -m benchmarks.batch $(BENCH_ARGS)

# The same over TLS 1.3 with 20 and 100 ms round trips (a delaying proxy in front of nginx).
bench-wan: $(STAMP) .venv-sdk/bin/python
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update && apt-get install -y nginx)
	$(BIN)/python -m benchmarks.wan $(BENCH_ARGS)

.venv-sdk/bin/python:
	$(PYTHON) -m venv .venv-sdk
	.venv-sdk/bin/python -m pip install --quiet 'multisafepay[requests]' 'pydantic<2'

clean:
	rm -rf $(VENV) .venv-* .pytest_cache .mypy_cache .ruff_cache .site dist
