import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.signals import template_rendered
from django.utils import translation

from countries.loading import jurisdictions_load
from public.memo import entry_memo_clear

from .catalogue_loaded import SEED
from .mailserver import smtp_inbox  # noqa: F401 (a fixture: a real SMTP server for e-mail tests)
from .sample_catalogue import SAMPLE


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts with the real jurisdictions and regions (loaded once per run).

    Transactional tests (live server, browser) flush the database afterwards; pytest-django
    runs them last, and they load what they need themselves.
    """
    with django_db_blocker.unblock():
        jurisdictions_load()
        if connection.vendor == "postgresql":
            _flush_with_deletes(connection)


def _flush_with_deletes(connection):
    """Empty the tables after a transactional test with DELETEs, not PostgreSQL's TRUNCATE of every table.

    TRUNCATE makes new files for each of the hundred-odd tables and their indexes: over a second each time,
    though a test leaves a few rows. The foreign keys are deferred and checked at the flush's commit.
    """
    truncate = connection.ops.sql_flush
    quote = connection.ops.quote_name

    def sql_flush(style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:  # what DELETE does not do: TRUNCATE's own options
            return truncate(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {quote(table)}" for table in tables)]

    connection.ops.sql_flush = sql_flush


@pytest.fixture(scope="session")
def seed_catalogue(django_db_setup, django_db_blocker):
    """The worker's seed catalogue (tests/catalogue_loaded.py); requesting it is what tells the hook below that a
    test reads it."""
    SEED.blocker = django_db_blocker
    yield SEED
    if SEED.loaded:  # a reused test database (--reuse-db) starts empty next time
        SEED.remove()


@pytest.fixture(scope="session")
def sample_catalogue(django_db_setup, django_db_blocker):
    """The sample catalogue shared by the tests in a row that read it (tests/sample_catalogue.py); requesting it
    is what tells the hook below that a test reads it. Session-scoped, so that it opens before the test's own
    transaction; the hook closes and opens it again between tests."""
    SAMPLE.blocker = django_db_blocker
    if not SAMPLE.is_open:
        SAMPLE.open()
    yield SAMPLE
    if SAMPLE.is_open:
        SAMPLE.close()


def _reads_the_seed_catalogue(item):
    return "seed_catalogue" in getattr(item, "fixturenames", ())


def _reads_the_sample_catalogue(item):
    return "sample_catalogue" in getattr(item, "fixturenames", ())


def _running_order(item):
    """0 for tests that roll back, 1 for those on the seed catalogue (loaded once for them all), 2 for
    transactional ones (they flush), 3 for live-server tests."""
    if "live_server" in getattr(item, "fixturenames", ()):
        return 3
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return 2
    return 1 if _reads_the_seed_catalogue(item) else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the seed catalogue's tests together, then transactional and live-server (browser) tests last,
    after pytest's grouping by session fixtures.

    pytest-django orders transactional tests last, but Playwright's session-scoped `browser_name` parameter
    makes pytest regroup items afterwards; since they flush the database (jurisdictions included), any
    database test after them would find it empty. The sort is stable, and pytest-xdist hands each worker
    its tests in this order, so each worker loads the seed catalogue once.
    """
    items.sort(key=_running_order)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures (and its transaction): remove the seed catalogue if the test does not read it;
    load it again if it does and an earlier test removed it (the first load is the `catalogue` fixture's).
    The same for the sample catalogue's transaction, rolled back first: the seed's loads and removals commit."""
    sample = _reads_the_sample_catalogue(item)
    if SAMPLE.is_open and not sample:
        SAMPLE.close()
    wanted = _reads_the_seed_catalogue(item)
    if SEED.loaded and not wanted:
        SEED.remove()
    elif wanted and not SEED.loaded and SEED.stats is not None:
        SEED.load()
    if sample:
        assert _running_order(item) == 0, f"{item.nodeid}: the sample catalogue is for tests that roll back"
        if not SAMPLE.is_open and SAMPLE.blocker is not None:
            SAMPLE.open()


@pytest.fixture(autouse=True)
def _fresh_process_memos():
    """A rolled-back test restores the catalogue version it started with, not the data an index saw.

    Nor what an earlier test memoised under that version (public.memo.catalogue_memo, in the cache): the seed
    catalogue stays at one version across modules, and the overlap page memoises its legend in the language
    of the first request (English after an English visit, even for /fr/).
    """
    entry_memo_clear()
    cache.clear()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """LocaleMiddleware leaves the language of a test's last request active in the worker: a French request
    must not make the next test's direct calls answer in French."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _releases_in_a_temporary_folder(settings, tmp_path):
    """Releases a test publishes go to its own folder, and no test sees a developer's releases."""
    settings.RELEASES_DIR = tmp_path / "releases"


@pytest.fixture(autouse=True, scope="session")
def _jinja2_context_in_test_responses():
    """Give Jinja2 pages the test client's `response.context` and `templates`, as Django templates have.

    Django instruments its own template engine for tests; this does the same for the public site's.
    """
    render = Jinja2Template.render

    def render_and_signal(self, context=None, request=None):
        template_rendered.send(sender=self, template=self.template, context=dict(context or {}))
        return render(self, context, request)

    Jinja2Template.render = render_and_signal
    yield
    Jinja2Template.render = render
