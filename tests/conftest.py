import pytest

from countries.loading import jurisdictions_load
from networks.memo import process_memo_clear


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts with the real jurisdictions and regions (loaded once per run).

    Transactional tests (live server, browser) flush the database afterwards; pytest-django
    runs them last, and they load what they need themselves.
    """
    with django_db_blocker.unblock():
        jurisdictions_load()


def _flushing_order(item):
    """0 for tests that roll back, 1 for transactional ones (they flush), 2 for live-server tests."""
    if "live_server" in getattr(item, "fixturenames", ()):
        return 2
    marker = item.get_closest_marker("django_db")
    return 1 if marker is not None and marker.kwargs.get("transaction") else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run transactional and live-server (browser) tests last, after pytest's grouping by session fixtures.

    pytest-django orders them last, but Playwright's session-scoped `browser_name` parameter makes
    pytest regroup items afterwards; since they flush the database (jurisdictions included),
    any database test after them would find it empty.
    """
    items.sort(key=_flushing_order)


@pytest.fixture(autouse=True)
def _fresh_process_memos():
    """A rolled-back test restores the catalogue version it started with, not the data an index saw."""
    process_memo_clear()
