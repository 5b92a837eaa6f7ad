# The registry's everyday commands. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Development mode for `make run` only; tests and production use their own settings.
DEV := DEBUG=1

.PHONY: run test test-postgres lint format install migrate load bench bench-import clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

load: migrate
	$(DEV) $(BIN)/python manage.py load_catalogue

run: load
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# One pytest worker per CPU (pytest-xdist); each worker has its own test database.
test: install
	$(BIN)/pytest -n auto

test-postgres: install
	DATABASE_URL=postgres://root@127.0.0.1:5432/test $(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Import benchmark: 20,000 membership rows through the secretariat's import, on SQLite then PostgreSQL.
bench-import: install
	$(BIN)/python bench/import_memberships.py $(BENCH_ARGS)
	DATABASE_URL=postgres://root@127.0.0.1:5432/bench $(BIN)/python bench/import_memberships.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Load benchmark at 10,000 synthetic networks on SQLite and PostgreSQL (README "Benchmark"; about 25 minutes).
# Not part of `make test`. Options: make bench BENCH_ARGS="--duration 5 --backends sqlite".
bench: install
	command -v wrk >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
