"""A visitor's path through the public site in a real browser, its accessibility and its phone layout."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


def _french(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args or None)


def test_a_visitor_filters_opens_a_network_follows_a_member_and_compares(live_server, page, catalogue):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}{reverse('network-list')}")
    count = page.locator("#result-count")
    expect(count).to_have_text("5 networks match")

    page.get_by_label("Mutual legal assistance").check()
    page.get_by_label("Region", exact=True).select_option("africa")
    page.get_by_role("button", name="Apply filters").click()
    expect(count).to_have_text("2 networks match")  # WACAP, and the platform through Réunion
    assert "topic=mutual-legal-assistance" in page.url and "region=africa" in page.url
    page.get_by_label("Type").select_option("prosecutors")
    page.get_by_role("button", name="Apply filters").click()
    expect(count).to_have_text("1 network matches")
    page.get_by_role("link", name="Clear all filters").first.click()
    expect(count).to_have_text("5 networks match")

    page.get_by_role("link", name="Camden Asset Recovery Inter-Agency Network", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden Asset Recovery Inter-Agency Network (CARIN)")

    page.get_by_role("link", name="Scotland", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scotland")
    page.get_by_role("link", name="United Kingdom").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("United Kingdom")
    expect(page.get_by_text("through Scotland")).to_be_visible()

    page.get_by_role("link", name="Camden Asset Recovery Inter-Agency Network (CARIN)").click()
    page.get_by_label("Compare CARIN with").fill("eurojust")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare networks")
    expect(page.get_by_text("6 members in both networks")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Only in Camden Asset Recovery Inter-Agency Network (CARIN) (3)")
    ).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"{reverse('network-list')}?topic=mutual-legal-assistance&region=africa&sort=members",
        f"{reverse('network-list')}?q=asset+recovery&country=zz",
        reverse("network-detail", args=["carin"]),
        reverse("country-detail", args=["gb"]),
        f"{reverse('compare')}?networks=carin&networks=eurojust",
        f"{reverse('compare')}?networks=carin",
        # The same checks in French (the language switcher, lang attributes, longer labels).
        f"{_french('network-list')}?topic=mutual-legal-assistance&region=africa&sort=members",
        _french("network-detail", "carin"),
    ],
)
def test_axe_finds_no_serious_or_critical_violation(live_server, page, catalogue, path):
    page.goto(f"{live_server.url}{path}")
    violations = Axe().run(page).response["violations"]
    blocking = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in BLOCKING
    ]
    assert blocking == []


def test_pages_fit_a_phone_screen_and_work_from_the_keyboard(live_server, page, catalogue):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in [
        "/",
        f"{reverse('network-list')}?topic=asset-recovery",
        reverse("network-detail", args=["carin"]),
        reverse("country-detail", args=["fr"]),
        f"{reverse('compare')}?networks=carin&networks=wacap",
    ]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"

    page.goto(f"{live_server.url}{reverse('network-list')}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the 5 results")).to_be_focused()  # shown on phones only
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search", exact=True)).to_be_focused()
    page.keyboard.type("iberred")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_have_text("1 network matches")


def test_the_readme_screenshots_show_the_seed_catalogue(live_server, page, transactional_db, screenshots):
    call_command("load_catalogue", stdout=io.StringIO())
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}{reverse('network-list')}?topic=asset-recovery&region=europe")
    expect(page.locator("#result-count")).to_contain_text("match")
    expect(page.get_by_role("link", name="Camden Asset Recovery Inter-Agency Network", exact=True)).to_be_visible()
    page.screenshot(path=screenshots / "network-list.png")
    page.goto(f"{live_server.url}{reverse('network-detail', args=['carin'])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden Asset Recovery Inter-Agency Network (CARIN)")
    expect(page.get_by_role("heading", name="Observer")).to_be_visible()
    page.screenshot(path=screenshots / "network-detail.png")
    # The same two pages in French, reached through the language switcher, filters kept.
    page.goto(f"{live_server.url}{reverse('network-list')}?topic=asset-recovery&region=europe")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.url.endswith(f"{_french('network-list')}?topic=asset-recovery&region=europe")
    expect(page.locator("#result-count")).to_contain_text("correspond")
    page.screenshot(path=screenshots / "network-list-fr.png")
    page.goto(f"{live_server.url}{_french('network-detail', 'carin')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden Asset Recovery Inter-Agency Network (CARIN)")
    expect(page.get_by_role("heading", name="Membres et participants")).to_be_visible()
    page.screenshot(path=screenshots / "network-fr.png")
