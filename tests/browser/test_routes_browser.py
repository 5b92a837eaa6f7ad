"""The route finder and the liaison register in a real browser: a practitioner's path, axe, phone width, screenshots."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from .snapshots import built_once

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


@pytest.fixture
def seed(transactional_db):
    built_once("seed catalogue", lambda: call_command("load_catalogue", stdout=io.StringIO()))


def _pages():
    routes = reverse("route-finder")
    return [
        routes,
        f"{routes}?requesting=United+States&requested=France",
        f"{routes}?requesting=us&requested=gh",
        f"{routes}?requesting=Congo&requested=Narnia",
        reverse("liaison-list"),
        f"{reverse('liaison-list')}?sending=Congo",
        reverse("liaison-matrix"),
    ]


def test_a_practitioner_finds_a_route_from_a_country_page(live_server, page, seed, screenshots):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}{reverse('country-detail', args=['us'])}")
    page.get_by_role("link", name="Find a route from United States to…").click()
    expect(page.get_by_label("Requesting state")).to_have_value("us")
    page.get_by_label("Requested state").fill("France")
    page.get_by_label("Topics (optional)").select_option("cybercrime")
    page.get_by_role("button", name="Find routes").click()
    expect(page.get_by_role("heading", name="From United States to France")).to_be_visible()
    expect(page.get_by_text("7 networks in which both take part today.")).to_be_visible()
    expect(page.get_by_role("row").nth(1)).to_contain_text("on topic")
    expect(page.get_by_text("Liaison prosecutor at", exact=False)).to_be_visible()
    page.screenshot(path=screenshots / "routes.png", full_page=True)

    page.get_by_role("link", name="The liaison magistrates register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liaison magistrates")
    page.get_by_label("Sending state").fill("Norway")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="1 post")).to_be_visible()
    page.goto(f"{live_server.url}{reverse('liaison-list')}")
    page.screenshot(path=screenshots / "liaison-magistrates.png")
    page.get_by_role("link", name="Who posts to whom, as a matrix").click()
    expect(page.get_by_role("columnheader", name="Eurojust")).to_be_visible()


@pytest.mark.parametrize("path", _pages())
def test_axe_finds_no_serious_or_critical_violation(live_server, page, seed, path):
    page.goto(f"{live_server.url}{path}")
    violations = Axe().run(page).response["violations"]
    blocking = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in BLOCKING
    ]
    assert blocking == []


def test_the_pages_fit_a_phone_screen(live_server, page, seed, screenshots):
    page.set_viewport_size({"width": 375, "height": 812})
    for path in _pages():
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    page.goto(f"{live_server.url}{_pages()[1]}")
    page.screenshot(path=screenshots / "routes-phone.png")
