"""The member-list editor and the timeline in a real browser, at 1280 px, on a network of 300 members.

The issue's measure: adding 40 members is one paste, one preview, one save; ending 5 is one
selection and one date; the timeline then shows both changes with their reasons.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect
from simple_history.utils import bulk_create_with_history

from countries.loading import jurisdictions_load
from countries.models import Jurisdiction
from networks.models import Membership
from tests.factories import make_network, make_organisation, make_secretariat_member, make_source

from .snapshots import built_once

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


@pytest.fixture
def big_network(transactional_db):
    return built_once("a network of 300 members", _big_network)


def _big_network():
    jurisdictions_load()
    network = make_network(name="Camden Asset Recovery Inter-agency Network", acronym="CARIN", established=2004)
    source = make_source(title="CARIN annual report 2024")
    states = list(Jurisdiction.objects.order_by("code"))
    members = [Membership(network=network, jurisdiction=j, source=source) for j in states[:200]]
    members += [
        Membership(network=network, organisation=make_organisation(name=f"Asset Recovery Office {n}"), role="observer")
        for n in range(100)
    ]
    bulk_create_with_history(members, Membership)  # as the catalogue loader does: each row with its history
    return network, states[200:240]


def _signed_in(page, live_server):
    client = Client()
    client.force_login(make_secretariat_member(first_name="Sam", last_name="Secretary"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _blocking(page):
    violations = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"]) for v in violations if v["impact"] in BLOCKING]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_paste_40_then_end_5_and_the_timeline_shows_both(live_server, page, big_network, screenshots):
    network, to_add = big_network
    page.set_viewport_size({"width": 1280, "height": 900})
    _signed_in(page, live_server)
    editor = live_server.url + reverse("admin:networks_network_members", args=[network.pk])
    page.goto(editor)
    expect(page.locator("#list-heading")).to_contain_text("300 memberships")
    _no_sideways_scroll(page)
    assert _blocking(page) == []

    # One paste, one preview, one save.
    page.fill("#id_paste-names", ", ".join(j.name for j in to_add))
    page.select_option("#id_paste-source", label="CARIN annual report 2024")
    page.fill("#id_paste-reason", "Members listed in the 2024 annual report")
    page.click("button[value=preview]")
    expect(page.locator(".upkeep-preview h3").first).to_have_text("40 will be added")
    _no_sideways_scroll(page)
    assert _blocking(page) == []
    page.click("button[value=add]")
    expect(page.locator(".messagelist")).to_contain_text("40 members added")
    assert network.memberships.count() == 340

    # One selection, one date: five members end and become former members.
    for checkbox in page.locator("#members input[type=checkbox]").all()[:5]:
        checkbox.check()
    page.select_option("#id_change-change", "end")
    page.fill("#id_change-until", "2022-03-16")
    page.fill("#id_change-reason", "Withdrew, per the plenary of March 2022")
    page.click("button[value=change]")
    expect(page.locator(".messagelist")).to_contain_text("5 memberships changed")
    assert network.memberships.filter(until__isnull=False).count() == 5
    _no_sideways_scroll(page)
    page.locator("#paste-heading").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "upkeep-member-editor.png")

    page.goto(live_server.url + reverse("admin:networks_network_timeline", args=[network.pk]))
    entries = page.locator(".upkeep-entry")
    expect(entries.nth(0)).to_contain_text("Withdrew, per the plenary of March 2022")
    expect(entries.nth(0)).to_contain_text("Until: (empty) → 2022-03-16")
    expect(entries.nth(1)).to_contain_text("Members listed in the 2024 annual report")
    expect(entries.nth(1)).to_contain_text("Sam Secretary")
    _no_sideways_scroll(page)
    assert _blocking(page) == []
    page.screenshot(path=screenshots / "upkeep-timeline.png")


def test_the_contact_editor_and_the_public_timelines_are_accessible_and_fit(live_server, page, big_network):
    network, _rest = big_network
    page.set_viewport_size({"width": 1280, "height": 900})
    _signed_in(page, live_server)
    for path in [
        reverse("admin:networks_network_contacts", args=[network.pk]),
        reverse("network-changes", args=[network.slug]),
        reverse("changes"),
    ]:
        page.goto(f"{live_server.url}{path}")
        _no_sideways_scroll(page)
        assert _blocking(page) == [], path


def test_the_member_picker_finds_an_organisation_by_its_acronym_in_the_browser(live_server, page, transactional_db):
    jurisdictions_load()
    network = make_network(name="Judicial Network", acronym="JN")
    europol = make_organisation(name="European Union Agency for Law Enforcement Cooperation", acronym="Europol")
    page.set_viewport_size({"width": 1280, "height": 900})
    _signed_in(page, live_server)
    page.goto(live_server.url + reverse("admin:networks_membership_add"))
    for field, typed in [("network", network.acronym), ("member", "Europol")]:
        page.click(f".field-{field} .select2-selection")
        # Type into the open dropdown's own search box (not wherever focus happens to be), then wait
        # for the answer from the server before choosing.
        page.locator(".select2-container--open .select2-search__field").fill(typed)
        option = page.locator(".select2-results__option", has_text=typed).first
        expect(option).to_be_visible(timeout=15_000)
        option.click()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert Membership.objects.get().organisation == europol
