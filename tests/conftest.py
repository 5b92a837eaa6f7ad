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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run live-server (browser) tests last, after pytest's own grouping by session fixtures.

    pytest-django orders them last, but Playwright's session-scoped `browser_name` parameter makes
    pytest regroup items afterwards; since they flush the database (jurisdictions included),
    any database test after them would find it empty.
    """
    items.sort(key=lambda item: "live_server" in getattr(item, "fixturenames", ()))


@pytest.fixture(autouse=True)
def _fresh_process_memos():
    """A rolled-back test restores the catalogue version it started with, not the data an index saw."""
    process_memo_clear()
