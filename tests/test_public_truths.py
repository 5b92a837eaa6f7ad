"""What the public pages say about the real seed catalogue is true and complete (issue 11, points 7 and 9)."""

import csv
import io
import re

import pytest
from django.urls import reverse

from networks.models import Network

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _page(client, url, params=None):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def _slugs(response):
    return [network.slug for network in response.context["networks"]]


def _listed(groups):
    return {(listing.network.slug, listing.role) for _, listings, _ in groups for listing in listings}


class TestCountryParameters:
    @pytest.mark.parametrize("written", ["Ghana", "ghana", "GHA", "288", "Ghana¹", "Republic of Ghana"])
    def test_the_country_filter_takes_names_and_codes_alike(self, client, written):
        by_code = _page(client, reverse("network-list"), {"country": "gh"})
        by_name = _page(client, reverse("network-list"), {"country": written})
        assert _slugs(by_name) == _slugs(by_code) == [
            "ajn", "cncp", "ecowas-cybercrime-network", "wacap",
        ]  # fmt: skip
        assert by_name.context["messages_list"] == []
        assert [(chip["label"], chip["value"]) for chip in by_name.context["active_filters"]] == [
            ("Country or jurisdiction", "Ghana")
        ]

    def test_a_former_name_filters_by_todays_country(self, client):
        assert _slugs(_page(client, reverse("network-list"), {"country": "Swaziland"})) == _slugs(
            _page(client, reverse("network-list"), {"country": "sz"})
        )

    def test_an_unknown_country_is_said_so_and_not_shown_in_use(self, client):
        response = _page(client, reverse("network-list"), {"country": "Ghanna", "topic": "cybercrime"})
        page = response.content.decode()
        assert "No country or jurisdiction has the name or code “Ghanna”. This filter was ignored." in page
        assert [chip["label"] for chip in response.context["active_filters"]] == ["Topics"]
        assert "country=Ghanna" not in page  # no link carries the refused value
        assert 'Did you mean <a href="?topic=cybercrime&amp;country=gh">Ghana</a>?' in page

    def test_an_ambiguous_country_offers_its_candidates(self, client):
        response = _page(client, reverse("network-list"), {"country": "Congo"})
        page = response.content.decode()
        assert "“Congo” could mean Congo (CG) or" in page and "(CD): choose one." in page
        assert 'href="?country=cg">Congo</a>' in page and 'href="?country=cd">' in page
        assert response.context["active_filters"] == []
        assert len(response.context["networks"]) == 20  # the filter is left out: the whole catalogue, paged

    def test_downloads_take_country_names_too(self, client):
        def rows(params):
            response = client.get("/data/networks.csv", params)
            assert response.status_code == 200
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            return [row["slug"] for row in csv.DictReader(io.StringIO(text))]

        assert (
            rows({"country": "Ghana"})
            == rows({"country": "GH"})
            == sorted(["ajn", "cncp", "ecowas-cybercrime-network", "wacap"])
        )
        refused = client.get("/data/networks.csv", {"country": "Congo"})
        assert refused.status_code == 400 and "could mean Congo (CG) or" in refused.content.decode()


class TestFormerMemberships:
    def test_scotlands_page_shows_encj_as_a_former_membership(self, client):
        response = _page(client, reverse("country-detail", args=["gb-sct"]))
        assert response.context["role_groups"] == []
        assert _listed(response.context["former_groups"]) == {("encj", "member"), ("ejtn", "member")}
        page = response.content.decode()
        assert "Former memberships (2)" in page
        assert re.search(
            rf'href="{reverse("network-detail", args=["encj"])}'
            r'">[^<]*</a> <span class="muted">\(member until Jan. 31, 2020\)',
            page,
        )

    def test_the_united_kingdoms_page_marks_what_it_left_and_through_whom(self, client):
        response = _page(client, reverse("country-detail", args=["gb"]))
        current, former = _listed(response.context["role_groups"]), _listed(response.context["former_groups"])
        assert ("eurojust", "member") in former and ("eurojust", "member") not in current
        assert ("carin", "member") in current and ("pc-oc", "member") in current
        assert "Scotland: member until Jan. 31, 2020" in response.content.decode()  # ENCJ, through Scotland

    def test_searching_scotland_finds_the_networks_it_belonged_to_and_says_so(self, client):
        response = _page(client, reverse("network-list"), {"q": "Scotland"})
        assert sorted(_slugs(response)) == ["ejtn", "encj"]
        page = response.content.decode()
        assert (
            f'Including the networks <a href="{reverse("country-detail", args=["gb-sct"])}'
            '">Scotland</a> belongs to or once belonged' in page
        )
        assert page.count('Scotland: <strong class="former">former member, until Jan. 31, 2020</strong>') == 2

    def test_searching_an_ambiguous_name_includes_each_candidates_networks(self, client):
        response = _page(client, reverse("network-list"), {"q": "Congo"})
        assert _slugs(response) == ["glrjcn"]
        assert "“Congo” is the name of more than one country." in response.content.decode()


class TestPublicNotes:
    G7_NOTE = "names Russia, which was suspended from the G8 in 2014"

    def test_the_g7_subgroups_list_carries_its_caveat_on_the_network_page(self, client):
        page = _page(client, reverse("network-detail", args=["g7-clasg"])).content.decode()
        assert re.search(r"Russian Federation</a>\s*<span class=\"public-note\"><strong>Note:</strong> [^<]*G8", page)
        assert "leaves out the United States" in page

    def test_the_caveat_shows_on_the_countrys_page_too(self, client):
        assert self.G7_NOTE in _page(client, reverse("country-detail", args=["ru"])).content.decode()

    def test_the_caveat_is_in_the_open_data(self, client):
        response = client.get("/data/memberships.csv", {"q": "CLASG"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        notes = {(r["network_slug"], r["member_code"]): r["note"] for r in csv.DictReader(io.StringIO(text))}
        assert self.G7_NOTE in notes[("g7-clasg", "RU")]
        assert notes[("g7-clasg", "CA")] == ""


# A description that reads as a note about where the facts come from, not about the network.
SOURCE_TALK = re.compile(
    r"\b(the (source|sources|listing|catalogue|paper|document|entry)\b|names it|without describ|not stated|"
    r"gives no (further|members|description))",
    re.IGNORECASE,
)


def test_no_public_description_is_a_note_about_the_sources():
    talking = {
        slug: SOURCE_TALK.findall(description)
        for slug, description in Network.objects.values_list("slug", "description")
        if SOURCE_TALK.search(description)
    }
    assert talking == {}


def test_region_pages_count_the_same_thing_on_both_sides(client):
    response = _page(client, reverse("region-detail", args=["europe"]))
    networks = list(response.context["networks"])
    assert networks and all(network.members_here <= network.members_everywhere for network in networks)
    carin = next(network for network in networks if network.slug == "carin")
    page = response.content.decode()
    here, everywhere = carin.members_here, carin.members_everywhere
    assert f"members and participants: {here} from this region, of {everywhere} in all" in page
    assert "members in all" not in page


class TestCompare:
    def test_a_country_pages_compare_link_offers_its_networks(self, client):
        country_page = _page(client, reverse("country-detail", args=["gh"])).content.decode()
        assert f'href="{reverse("compare")}?country=gh">Compare these networks</a>' in country_page
        page = _page(client, reverse("compare"), {"country": "gh"}).content.decode()
        offered = re.findall(r'<input type="checkbox" id="choice-[^"]+" name="networks" value="([^"]+)"', page)
        assert offered == ["ajn", "cncp", "ecowas-cybercrime-network", "wacap"]
        assert '<input type="hidden" name="country" value="gh">' in page

    def test_ticking_two_of_a_countrys_networks_compares_them(self, client):
        response = _page(client, reverse("compare"), {"country": "gh", "networks": ["wacap", "ajn"]})
        assert [network.slug for network in response.context["comparison"].networks] == ["wacap", "ajn"]
        assert response.content.decode().count(" checked>") == 2

    @pytest.mark.parametrize(
        ("typed", "suggested"),
        [("eurojsut", "eurojust"), ("judicial platform sahel", "jrp-sahel"), ("Camden Asset Recovery", "carin")],
    )
    def test_a_name_it_cannot_find_gets_near_matches_with_links(self, client, typed, suggested):
        response = _page(client, reverse("compare"), {"networks": [typed, "ejn"]})
        assert response.context["comparison"] is None
        page = response.content.decode()
        assert f"Instead of “{typed}”, did you mean" in page
        assert f'href="?networks={suggested}&amp;networks=ejn"' in page
