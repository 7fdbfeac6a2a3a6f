# The two commands of the quick start: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install install-test lint check load serve bench clean help

help:
	@echo "make run    serve the archive at http://$(HOST):$(PORT) on an embedded SQLite database"
	@echo "make test   run the whole test suite on a throwaway PostgreSQL and headless Chromium"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Migrate, load the seed record and the shipped data sets; safe to run again.
load: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_seed
	DEBUG=1 $(BIN)/python manage.py import_hsg_visits
	DEBUG=1 $(BIN)/python manage.py rebuild_search_index --missing

run: load
	@echo "Serving the archive at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .

test: install-test
	scripts/ensure-chromium
	scripts/with-postgres scripts/run-tests

# The performance benchmark (docs/performance.md); not part of `make test`.
bench: install
	scripts/benchmark

clean:
	rm -rf $(VENV) var staticfiles test-artifacts .pytest_cache .ruff_cache
