# Klimapakete — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Development settings for everything the Makefile runs (production: see docs/deployment.md).
export DEBUG ?= 1
# Absolute links (iCal, mails) outside a request point here; `make run PORT=8101` follows.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: setup run serve test test-fast test-browser worker bench lint messages check-migrations demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

# Set everything up, load the demo team and run the web server together with the task
# worker (mail, computations, documents) on SQLite; one Ctrl-C stops both.
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_packages
	$(MANAGE) demo_data
	$(MANAGE) dev --host $(HOST) --port $(PORT)

serve: setup
	$(MANAGE) runserver $(HOST):$(PORT)

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_packages
	$(MANAGE) demo_data

# The whole suite (browser tests run when Chromium is installed).
test: setup
	$(BIN)/pytest

test-fast: setup
	$(BIN)/pytest -m "not browser"

test-browser: setup
	$(BIN)/pytest -m browser

# The task worker (mail, solver runs, PDFs).
worker: setup
	$(MANAGE) db_worker

bench: setup
	$(BIN)/python bench/run.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: setup
	cd klimapakete && ../$(BIN)/python ../manage.py makemessages -l de -l en --no-obsolete --no-location
	cd klimapakete && ../$(BIN)/python ../manage.py compilemessages

check-migrations: setup
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
