"""Where each benchmarked page's CPU time goes: SQL building, database calls, templates and the rest.

Run in a benchmark's environment, after `make bench` has generated its catalogue, e.g.

    DATABASE_URL=sqlite:///bench-results/bench.sqlite3 SECRET_KEY=x .venv/bin/python bench/phases.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench SECRET_KEY=x .venv/bin/python bench/phases.py

Each page (bench/targets.py chooses them) is requested in this process through Django's test client, with
production settings and the page cache off, a few times to warm up and then `--requests` times. Every
request's CPU time (this process: the database's own work too on SQLite, only the client's side on
PostgreSQL) is split into exclusive parts, each charged to the innermost part running:

- `sql`: building statements (`SQLCompiler.as_sql`: Django turning a queryset into SQL);
- `db`: executing statements and fetching rows through the database driver;
- `template`: rendering Jinja templates (less any query they cause, counted above);
- `other`: the rest: middleware, URL resolution, view code, model instances from rows.

Printed per page: the median request's milliseconds of each part, the number of queries, and the database's
wall time per request (on PostgreSQL, the server's work and the loopback). No figure here is a target: it
says what holds a page (docs/performance.md), where wrk's run says how fast it is.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django
from django.db.backends import utils as db_utils
from django.db.models.sql.compiler import SQLCompiler
from django.template.backends import jinja2 as jinja2_backend

ROOT = Path(__file__).resolve().parent.parent

PARTS = ("sql", "db", "template", "other")


class Ledger:
    """Exclusive CPU time per part: time is charged to the innermost part running."""

    def __init__(self):
        self.spent = dict.fromkeys(PARTS, 0.0)
        self.stack = ["other"]
        self.mark = time.process_time()
        self.db_wall = 0.0
        self.queries = 0

    def _charge(self):
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.mark
        self.mark = now

    @contextlib.contextmanager
    def part(self, name):
        self._charge()
        self.stack.append(name)
        try:
            yield
        finally:
            self._charge()
            self.stack.pop()

    def reset(self):
        self.__init__()


LEDGER = Ledger()


def _charged(name, method):
    def wrapper(*args, **kwargs):
        with LEDGER.part(name):
            return method(*args, **kwargs)

    return wrapper


def _database_call(method, counts_query=False):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        with LEDGER.part("db"):
            try:
                return method(*args, **kwargs)
            finally:
                LEDGER.db_wall += time.perf_counter() - started
                LEDGER.queries += counts_query

    return wrapper


@contextlib.contextmanager
def instrumented():
    """Within the block, the four places a request's time passes through charge the ledger.

    Class attributes are wrapped, so every instance sees them, and put back on leaving.
    """
    wrapped = [
        (SQLCompiler, "as_sql", _charged("sql", SQLCompiler.as_sql)),
        (jinja2_backend.Template, "render", _charged("template", jinja2_backend.Template.render)),
        (db_utils.CursorWrapper, "execute", _database_call(db_utils.CursorWrapper.execute, counts_query=True)),
        (db_utils.CursorWrapper, "executemany", _database_call(db_utils.CursorWrapper.executemany, counts_query=True)),
    ]
    # Fetching goes through CursorWrapper.__getattr__ to the driver's cursor: defined on the class, it is wrapped.
    wrapped += [
        (db_utils.CursorWrapper, name, _database_call(lambda self, *a, _n=name: getattr(self.cursor, _n)(*a)))
        for name in ("fetchone", "fetchmany", "fetchall")
    ]
    saved = [(owner, name, owner.__dict__.get(name)) for owner, name, _ in wrapped]
    for owner, name, wrapper in wrapped:
        setattr(owner, name, wrapper)
    try:
        yield
    finally:
        for owner, name, original in saved:
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def measure(client, path, requests):
    """{part: ms, "total", "queries", "db_wall"} of the median of `requests` GETs of `path` (call it instrumented)."""
    for _ in range(3):
        response = client.get(path)
    if response.status_code != 200:
        return {"status": response.status_code}
    rows = []
    for _ in range(requests):
        LEDGER.reset()
        client.get(path)
        LEDGER._charge()
        rows.append({**LEDGER.spent, "db_wall": LEDGER.db_wall, "queries": LEDGER.queries})
    rows.sort(key=lambda row: sum(row[part] for part in PARTS))
    median = rows[len(rows) // 2]
    figures = {part: round(median[part] * 1000, 2) for part in PARTS}
    return {
        **figures,
        "total": round(sum(figures.values()), 2),
        "queries": median["queries"],
        "db_wall": round(statistics.median(row["db_wall"] for row in rows) * 1000, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=15, help="measured requests per page (the median is shown)")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all of bench/targets.py)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ.update({"DEBUG": "0", "PAGE_CACHE_SECONDS": "0", "SECURE_SSL_REDIRECT": "0"})
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    django.setup()
    from django.db import connection
    from django.test import Client

    targets = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "targets.py")], capture_output=True, text=True, check=True
        ).stdout
    )["pages"]
    wanted = [name for name in args.pages.split(",") if name] or list(targets)
    with instrumented():
        client = Client()
        results = {name: measure(client, targets[name], args.requests) for name in wanted}
    print(f"{connection.vendor}, CPU ms per request (median of {args.requests}); db wall ms beside")
    print(f"{'page':<20} {'total':>7} {'sql':>7} {'db':>7} {'template':>9} {'other':>7} {'queries':>8} {'db wall':>8}")
    for name, row in results.items():
        if "status" in row:
            print(f"{name:<20} answered {row['status']}")
            continue
        print(
            f"{name:<20} {row['total']:>7} {row['sql']:>7} {row['db']:>7} {row['template']:>9} {row['other']:>7} "
            f"{row['queries']:>8} {row['db_wall']:>8}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"vendor": connection.vendor, "pages": results}, indent=2))


if __name__ == "__main__":
    main()
