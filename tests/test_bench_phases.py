"""bench/phases.py: the split of a page's time adds up, counts the page's own queries and leaves Django as it was."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from django.db.backends import utils as db_utils
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _phases():
    path = Path(__file__).resolve().parent.parent / "bench" / "phases.py"
    spec = importlib.util.spec_from_file_location("bench_phases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def catalogue(sample_catalogue):
    return sample_catalogue.objects()


def test_a_network_page_is_split_into_parts_that_add_up(client, catalogue, settings):
    settings.PAGE_CACHE_SECONDS = 0  # as the script runs: every request builds its page
    phases = _phases()
    path = catalogue["carin"].get_absolute_url()
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    page_queries = len(queries)  # read now: the next request clears the connection's log
    with phases.instrumented():
        figures = phases.measure(client, path, 3)
    assert figures["queries"] == page_queries > 0
    assert figures["template"] > 0 and figures["sql"] > 0
    assert figures["total"] == pytest.approx(sum(figures[part] for part in phases.PARTS), abs=0.05)
    assert figures["db_wall"] > 0


def test_the_wrappers_are_removed_on_leaving(client, catalogue):
    phases = _phases()
    before = (SQLCompiler.as_sql, db_utils.CursorWrapper.execute)
    with phases.instrumented():
        assert SQLCompiler.as_sql is not before[0]
        assert "fetchmany" in db_utils.CursorWrapper.__dict__
    assert (SQLCompiler.as_sql, db_utils.CursorWrapper.execute) == before
    assert "fetchmany" not in db_utils.CursorWrapper.__dict__
    assert phases.measure(client, "/no-such-page/", 1) == {"status": 404}
