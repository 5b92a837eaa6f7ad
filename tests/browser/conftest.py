"""Headless Chromium for the browser tests: Debian's package, one browser for the whole session.

Without /usr/bin/chromium the tests are skipped with a message, unless REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

from countries.loading import jurisdictions_load
from tests.factories import make_sample_catalogue

from .snapshots import built_once

# pytest-django's live server and Playwright's sync API share the thread that runs the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(config, items):
    """What a browser sees does not depend on the database engine: on PostgreSQL (the suite's second
    run in CI) the browser tests are left out unless BROWSER_ON_POSTGRES=1, which keeps CI within
    its ten minutes; SQLite runs them every time."""
    from django.db import connection

    if connection.vendor != "postgresql" or os.environ.get("BROWSER_ON_POSTGRES") == "1":
        return
    browser = [item for item in items if Path(str(item.fspath)).parent == Path(__file__).parent]
    if browser:
        config.hook.pytest_deselected(items=browser)
        items[:] = [item for item in items if item not in browser]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def catalogue(transactional_db):
    """Live-server tests flush the database after each test, so each one gets back what it needs."""
    return built_once("sample catalogue", _sample_catalogue)


def _sample_catalogue():
    jurisdictions_load()
    return make_sample_catalogue()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
