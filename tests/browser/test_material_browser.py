"""The meetings calendar and the document library in a real browser: accessibility, phone width, screenshots."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from .snapshots import built_once

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


@pytest.fixture
def seed(transactional_db):
    """The seed catalogue with its meetings and documents (live-server tests start from a flushed database)."""
    built_once("seed catalogue", lambda: call_command("load_catalogue", stdout=io.StringIO()))


def _pages():
    return [
        reverse("meeting-list"),
        f"{reverse('meeting-list')}?network=jrp-indian-ocean",
        reverse("document-list"),
        f"{reverse('document-list')}?language=fr&kind=charter",
        reverse("network-detail", args=["ejocn"]),
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_calendar_and_library_are_accessible_and_fit_the_screen(live_server, page, seed, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for path in _pages():
        page.goto(f"{live_server.url}{path}")
        violations = Axe().run(page).response["violations"]
        blocking = [(v["id"], v["impact"]) for v in violations if v["impact"] in BLOCKING]
        if blocking:
            problems.append((path, blocking))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append((path, f"scrolls sideways by {overflow}px"))
    assert problems == []


def test_a_visitor_filters_the_library_from_the_keyboard(live_server, page, seed):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{live_server.url}{reverse('document-list')}")
    page.select_option("#id_network", "jrp-sahel")
    page.select_option("#id_kind", "charter")
    page.focus("form.filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "network=jrp-sahel" in page.url and "kind=charter" in page.url
    assert page.locator("ul.material > li").count() == 1
    assert "Sahel" in page.locator("ul.material > li").inner_text()


def test_the_readme_screenshots_of_the_calendar_and_the_library(live_server, page, seed, screenshots):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}{reverse('meeting-list')}")
    page.screenshot(path=screenshots / "meetings.png")
    page.goto(f"{live_server.url}{reverse('document-list')}?network=jrp-indian-ocean")
    page.screenshot(path=screenshots / "documents.png")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}{reverse('meeting-list')}")
    page.screenshot(path=screenshots / "meetings-phone.png")
