import pytest
from django.conf import settings
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.signals import template_rendered
from django.utils import translation

from countries.loading import jurisdictions_load
from public.memo import entry_memo_clear

from .mailserver import smtp_inbox  # noqa: F401 (a fixture: a real SMTP server for e-mail tests)


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
    entry_memo_clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /fr/ leaves French active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
