"""Suggest a correction and the review queue in a real browser: accessible, no sideways scroll, screenshots."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from corrections.models import ChangeRequest
from tests.factories import PASSWORD, make_secretariat_member

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


def _blocking(page):
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in BLOCKING
    ]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("width", [1280, 375])
def test_a_visitor_suggests_a_correction_from_the_keyboard(live_server, page, catalogue, screenshots, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{reverse('network-detail', args=['carin'])}")
    page.get_by_role("link", name="Suggest a correction").click()
    assert _blocking(page) == [] and _fits(page)
    if width == 1280:
        page.screenshot(path=str(screenshots / "suggest-correction.png"), full_page=True)
    page.get_by_label("A fact about the network").check()
    page.get_by_label("Which fact").select_option("website")
    page.get_by_label("The correct value").fill("https://www.carin.network/en/")
    page.get_by_label("Source: a web address or a document").fill("https://www.carin.network/ (home page)")
    page.get_by_label("Your e-mail address").fill("visitor@example.org")
    page.get_by_label("Your e-mail address").press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert ChangeRequest.objects.filter(network__slug="carin", state="received").count() == 1


def test_the_review_page_shows_the_diff_and_is_accessible(live_server, page, catalogue, screenshots):
    make_secretariat_member(username="secretariat")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{reverse('correction-suggest', args=['carin'])}")
    page.get_by_label("A fact about the network").check()
    page.get_by_label("Which fact").select_option("acronym")
    page.get_by_label("The correct value").fill("CARIN network")
    page.get_by_label("Source: a web address or a document").fill("CARIN annual report 2025, p. 3")
    page.get_by_label("Your e-mail address").fill("visitor@example.org")
    page.get_by_role("button", name="Send the suggestion").click()
    # Each step waits for its page: a goto() while a form is posting would abort the post.
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("User name").fill("secretariat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{live_server.url}{reverse('admin:corrections_changerequest_changelist')}?state=waiting")
    page.get_by_role("link", name="A fact about the network").first.click()
    expect(page.get_by_role("cell", name="CARIN network")).to_be_visible()
    assert _blocking(page) == [] and _fits(page)
    page.screenshot(path=str(screenshots / "review-queue.png"), full_page=True)
    page.get_by_role("button", name="Accept and apply").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert ChangeRequest.objects.get().state == ChangeRequest.State.ACCEPTED
