"""Headless Chromium for the browser tests: Debian's package, one browser for the whole session.

Without /usr/bin/chromium the tests are skipped with a message, unless REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

from countries.loading import jurisdictions_load
from tests.factories import make_sample_catalogue

# pytest-django's live server and Playwright's sync API share the thread that runs the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


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
    """Live-server tests flush the database after each test, so each one loads what it needs."""
    jurisdictions_load()
    return make_sample_catalogue()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
