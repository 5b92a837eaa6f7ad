"""A fresh instance restores from an export (issue 11, point 4), on the real seed catalogue.

`migrate` on an empty database (a new SQLite file, or a new PostgreSQL database beside the test
database), then `import_catalogue` of the directory `export_catalogue` wrote, then `export_catalogue`
again: the files are byte-identical. This runs in a subprocess, as a new instance would.
"""

import io
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from countries.loading import jurisdictions_load
from countries.models import Jurisdiction, JurisdictionAlias, Region
from exchange.formats import read_table
from networks.models import Network

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
RESTORE = """
import django
from django.core.management import call_command
django.setup()
from countries.models import Jurisdiction
call_command("migrate", verbosity=0)
print("jurisdictions after migrate:", Jurisdiction.objects.count())
call_command("import_catalogue", {source!r}, verbosity=0)
call_command("export_catalogue", "--out", {target!r}, verbosity=0)
"""


@contextmanager
def _empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the engine the suite runs on; dropped afterwards."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    name = f"{settings['NAME']}_restore"
    server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _files(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_a_fresh_instance_restores_the_seed_catalogue_from_an_export_byte_for_byte(tmp_path):
    call_command("load_catalogue", stdout=io.StringIO())
    call_command("export_catalogue", "--out", tmp_path / "first", verbosity=0)
    with _empty_database(tmp_path) as url:
        script = RESTORE.format(source=str(tmp_path / "first"), target=str(tmp_path / "second"))
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"jurisdictions after migrate: {Jurisdiction.objects.count()}" in done.stdout
    first, second = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert len(first) == 14 and len(read_table(first["networks.csv"])[1]) == Network.objects.count() > 50
    assert first == second
    assert len(read_table(first["liaison_posts.csv"])[1]) == 3


def test_the_reference_data_loader_is_idempotent():
    def state():
        return (
            list(Region.objects.order_by("m49").values_list("m49", "slug", "level", "parent__m49")),
            list(Jurisdiction.objects.order_by("code").values()),
            list(JurisdictionAlias.objects.order_by("normalized").values("normalized", "name", "jurisdiction__code")),
        )

    before = state()
    assert len(before[1]) > 250  # present after migrate, before any loader ran in this test
    jurisdictions_load()
    assert state() == before
