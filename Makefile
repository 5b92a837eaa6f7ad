# The registry's everyday commands. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Development mode for `make run` only; tests and production use their own settings.
DEV := DEBUG=1

.PHONY: run test test-postgres lint format install migrate load bench bench-import clean messages compilemessages

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

# Translations. `make messages` extracts the strings to translate, then write the French
# in the .po files; `make compilemessages` compiles them to the .mo files that are committed with them.
messages: install
	command -v xgettext >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext)
	# The admin, the e-mails and every app but the public site: locale/fr/LC_MESSAGES/django.po
	# (the same ignore list as tests/test_translations.py).
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr --no-obsolete -i '.venv/*' -i 'templates/jinja2/*' -i 'public/*' -i 'tests/*' -i 'bench/*' -i 'docs/*' -i 'staticfiles/*' -i 'tools/*'

compilemessages: install
	command -v msgfmt >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext)
	# locale/fr/LC_MESSAGES/django.mo
	DEBUG=1 $(BIN)/python manage.py compilemessages -l fr -i '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Load benchmark at 10,000 synthetic networks on SQLite and PostgreSQL (README "Benchmark"; about 12 minutes).
# Not part of `make test`. Options: make bench BENCH_ARGS="--duration 5 --backends sqlite".
bench: install
	command -v wrk >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
