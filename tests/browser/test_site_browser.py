"""The official pages, index pages, maps, graphs and overlap page in a real browser: layout, accessibility, links."""

import importlib
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from .snapshots import built_once

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}
PAGES = [
    reverse("about"),
    reverse("contact"),
    reverse("privacy"),
    reverse("accessibility"),
    reverse("terms"),
    reverse("topic-list"),
    reverse("region-list"),
    reverse("region-detail", args=["europe"]),
    reverse("region-detail", args=["asia"]),
    reverse("network-detail", args=["eurojust"]),
    reverse("country-list"),
    reverse("country-detail", args=["gh"]),
    reverse("overlap"),
    reverse("relations-graph"),
    reverse("login"),
    "/no-such-page/",
]


@pytest.fixture
def seed(transactional_db):
    """The seed catalogue and the official pages' starting texts (live-server tests start from a flushed database)."""
    built_once("seed catalogue and official pages", _seed)


def _seed():
    call_command("load_catalogue", stdout=io.StringIO())
    importlib.import_module("sitepages.migrations.0002_starting_texts").create_pages(apps, None)


def _blocking(page):
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_each_new_page_is_accessible_and_fits_the_screen(live_server, page, seed, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        blocking = _blocking(page)
        if blocking:
            problems.append((path, blocking))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append((path, f"scrolls sideways by {overflow}px"))
    assert problems == []


def test_maps_and_graphs_have_text_alternatives(live_server, page, seed):
    page.goto(f"{live_server.url}{reverse('network-detail', args=['eurojust'])}")
    members_map = page.get_by_role("img", name="Where the members of Eurojust are")
    expect(members_map).to_be_visible()
    assert "coloured by role" in members_map.evaluate("svg => svg.querySelector('desc').textContent")
    page.get_by_text("The map as a table").click()
    expect(page.get_by_role("cell", name="Member").first).to_be_visible()
    graph = page.locator("figure.relation-graph")
    expect(graph).to_be_visible()
    expect(graph.get_by_role("link", name="European Judicial Network")).to_be_visible()
    graph.get_by_role("link", name="European Judicial Network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("European Judicial Network (EJN)")
    page.goto(f"{live_server.url}{reverse('country-list')}")
    expect(page.get_by_role("img", name="How many networks each country takes part in")).to_be_visible()
    # The base outlines are one image, loaded from the site itself.
    loaded = page.evaluate(
        "[...document.images].filter(i => i.src.endsWith('/maps/world.svg')).map(i => i.naturalWidth)"
    )
    assert loaded and loaded[0] > 0


def test_the_footer_links_reach_every_official_page(live_server, page, seed):
    titles = {
        "About": "About the registry",
        "Contact the secretariat": "Contact the secretariat",
        "Privacy notice": "Privacy notice",
        "Accessibility": "Accessibility statement",
        "Terms of use and data licence": "Terms of use and data licence",
        "Open data": "Open data",
    }
    for link, heading in titles.items():
        page.goto(f"{live_server.url}{reverse('home')}")
        page.locator("footer").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def test_the_overlap_cells_lead_to_the_comparison(live_server, page, seed):
    page.goto(f"{live_server.url}{reverse('overlap')}")
    page.get_by_role("link", name="EJN and Eurojust share").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare networks")
    assert "networks=ejn" in page.url and "networks=eurojust" in page.url


def test_the_readme_screenshots_of_the_home_map_graph_and_overlap(live_server, page, seed, screenshots):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}{reverse('home')}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=screenshots / "home.png")
    page.goto(f"{live_server.url}{reverse('network-detail', args=['eurojust'])}#members")
    expect(page.get_by_role("img", name="Where the members of Eurojust are")).to_be_visible()
    page.locator("figure.world-map").screenshot(path=screenshots / "network-map.png")
    page.locator("figure.relation-graph").screenshot(path=screenshots / "network-graph.png")
    page.goto(f"{live_server.url}{reverse('overlap')}")
    expect(page.get_by_role("table")).to_be_visible()
    page.screenshot(path=screenshots / "overlap.png")
