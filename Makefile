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

# Translations (README "Languages"). Two French catalogues, merged by Django at run time:
# - public/locale/: the Jinja2 templates (templates/jinja2/) and the public app's Python, extracted with
#   Babel (babel.cfg), which reads Jinja2; Django's makemessages does not.
# - locale/: every other app's Python and the Django templates (admin, e-mails), through Django's
#   makemessages; the same ignore list as tests/test_translations.py.
BABEL_KEYWORDS := -k gettext_lazy -k ngettext_lazy:1,2 -k pgettext_lazy:1c,2 -k npgettext_lazy:1c,2,3 -k gettext_noop
PUBLIC_POT := public/locale/django.pot
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output --project "Networks Registry" -o $(PUBLIC_POT) .
	$(BIN)/pybabel -q update -i $(PUBLIC_POT) -d public/locale -D django -l fr -w 120 --no-fuzzy-matching --ignore-obsolete
	rm -f $(PUBLIC_POT)
	# The other catalogue (locale/): everything but the public site's templates and code.
	command -v xgettext >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext)
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr --no-obsolete -i '.venv/*' -i 'templates/jinja2/*' -i 'public/*' -i 'tests/*' -i 'bench/*' -i 'bench-results/*' -i 'docs/*' -i 'staticfiles/*' -i 'tools/*'

# Babel compiles public/locale/ without GNU gettext; locale/ needs msgfmt (apt-get install gettext).
compilemessages: install
	$(BIN)/pybabel compile -d public/locale -D django --statistics
	command -v msgfmt >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext)
	DEBUG=1 $(BIN)/python manage.py compilemessages -l fr --ignore=.venv --ignore=public

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Load benchmark at 10,000 synthetic networks on SQLite and PostgreSQL (README "Benchmark"; about 25 minutes).
# Not part of `make test`. Options: make bench BENCH_ARGS="--duration 5 --backends sqlite".
bench: install
	command -v wrk >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
