"""The catalogue at any date (issue 15 §2): `?as_of=` on every page listing members or networks and on the
downloads, on the real seed catalogue ("Was the United Kingdom in Eurojust on 1 June 2017?")."""

import csv
import io

import pytest
from django.urls import reverse

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

THEN = "2017-06-01"
BEFORE_CROATIA = "2012-01-01"


def _get(client, name, *args, as_of=None, **params):
    response = client.get(reverse(name, args=args), {**params, **({"as_of": as_of} if as_of else {})})
    assert response.status_code == 200
    return response


def _members(response, role="member"):
    """Codes of the network page's current members in a role, and of its former members."""
    current = {
        listing.member.code
        for group in response.context["role_groups"]
        if group.role == role
        for listing in group.memberships
    }
    return current, {listing.member.code for listing in response.context["ended_memberships"]}


def _networks_of(groups):
    return {(listing.network.slug, listing.role) for _, listings, _ in groups for listing in listings}


def _csv_rows(response, **match):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row for row in csv.DictReader(io.StringIO(text)) if all(row[k] == v for k, v in match.items())]


class TestTheUnitedKingdomInEurojust:
    def test_on_1_june_2017_the_eurojust_page_lists_it_as_a_current_member(self, client):
        current, former = _members(_get(client, "network-detail", "eurojust", as_of=THEN))
        assert "GB" in current and "GB" not in former
        assert len(current) == 28  # the 27 of 2017's other states, Croatia included since 2013

    def test_today_the_eurojust_page_lists_it_as_a_former_member(self, client):
        response = _get(client, "network-detail", "eurojust")
        current, former = _members(response)
        assert "GB" in former and "GB" not in current
        assert "(member until Jan. 31, 2020)" in response.content.decode()

    def test_on_1_june_2017_the_united_kingdoms_page_lists_eurojust_as_current(self, client):
        response = _get(client, "country-detail", "gb", as_of=THEN)
        assert ("eurojust", "member") in _networks_of(response.context["role_groups"])
        assert ("eurojust", "member") not in _networks_of(response.context["former_groups"])

    def test_today_the_united_kingdoms_page_lists_eurojust_as_former(self, client):
        response = _get(client, "country-detail", "gb")
        assert ("eurojust", "member") in _networks_of(response.context["former_groups"])
        assert ("eurojust", "member") not in _networks_of(response.context["role_groups"])

    def test_memberships_csv_as_of_2017_gives_it_as_a_member_without_an_end(self, client):
        then = client.get(reverse("data-file", args=["memberships.csv"]), {"as_of": THEN})
        assert then.status_code == 200
        (row,) = _csv_rows(then, network_slug="eurojust", member_code="GB", role="member")
        assert row["until"] == ""  # the end of 2020 was not known on 1 June 2017

    def test_memberships_csv_today_gives_it_as_ended(self, client):
        today = client.get(reverse("data-file", args=["memberships.csv"]))
        (row,) = _csv_rows(today, network_slug="eurojust", member_code="GB", role="member")
        assert row["until"] == "2020-01-31"


class TestCroatiaBeforeItsAccession:
    def test_it_is_not_a_member_of_eurojust_on_1_january_2012(self, client):
        current, former = _members(_get(client, "network-detail", "eurojust", as_of=BEFORE_CROATIA))
        assert "HR" not in current | former and "GB" in current

    def test_the_download_as_of_2012_leaves_out_memberships_that_had_not_begun(self, client):
        response = client.get(reverse("data-file", args=["memberships.csv"]), {"as_of": BEFORE_CROATIA})
        assert _csv_rows(response, network_slug="eurojust", member_code="HR") == []
        today = client.get(reverse("data-file", args=["memberships.csv"]))
        assert [row["since"] for row in _csv_rows(today, network_slug="eurojust", member_code="HR")] == ["2013-07-01"]


class TestEveryListAnswersAsOfTheDay:
    def test_the_network_list_filtered_by_country(self, client):
        slugs = lambda response: {network.slug for network in response.context["networks"]}  # noqa: E731
        assert "eurojust" in slugs(_get(client, "network-list", country="gb", as_of=THEN))
        assert "eurojust" not in slugs(_get(client, "network-list", country="gb"))

    def test_a_search_for_scotland_marks_no_former_membership_in_2017(self, client):
        then = _get(client, "network-list", q="Scotland", as_of=THEN)
        assert sorted(network.slug for network in then.context["networks"]) == ["ejtn", "encj"]
        assert 'class="former"' not in then.content.decode()
        assert 'class="former"' in _get(client, "network-list", q="Scotland").content.decode()

    def test_the_comparison_of_eurojust_and_the_ejn(self, client):
        def shared(**as_of):
            response = _get(client, "compare", networks=["eurojust", "ejn"], **as_of)
            return {member.code for member in response.context["comparison"].members_in_all}

        assert "GB" in shared(as_of=THEN)
        assert "GB" not in shared()

    def test_a_topic_page_counts_members_as_of_the_day(self, client):
        def eurojust_members(**as_of):
            response = _get(client, "topic-detail", "terrorism", **as_of)
            return next(n.member_count for n in response.context["networks"] if n.slug == "eurojust")

        assert (eurojust_members(), eurojust_members(as_of=THEN), eurojust_members(as_of=BEFORE_CROATIA)) == (
            27, 28, 27,
        )  # fmt: skip

    def test_a_region_page_counts_members_as_of_the_day(self, client):
        def eurojust_here(**as_of):
            response = _get(client, "region-detail", "europe", **as_of)
            return next(n.members_here for n in response.context["networks"] if n.slug == "eurojust")

        assert eurojust_here(as_of=THEN) == eurojust_here() + 1

    def test_the_overlap_counts_members_as_of_the_day(self, client):
        def counts(**as_of):
            response = _get(client, "overlap", **as_of)
            return {network.slug: network.member_count for network in response.context["networks"]}

        then, today = counts(as_of=THEN), counts()
        assert then["eurojust"] == today["eurojust"] + 1 and then["ejn"] == today["ejn"] + 1


class TestTheBanner:
    def test_a_page_read_as_of_another_day_says_so_and_links_back_to_today(self, client):
        page = _get(client, "network-detail", "eurojust", as_of=THEN).content.decode()
        assert page.count("The catalogue as of June 1, 2017.") == 1
        assert f'<a href="{reverse("network-detail", args=["eurojust"])}">See it as of today</a>' in page

    def test_todays_page_has_no_banner(self, client):
        page = _get(client, "network-detail", "eurojust").content.decode()
        assert "The catalogue as of" not in page and "See it as of today" not in page

    def test_the_link_back_keeps_the_other_parameters(self, client):
        page = _get(client, "network-list", country="gb", as_of=THEN).content.decode()
        assert f'<a href="{reverse("network-list")}?country=gb">See it as of today</a>' in page

    def test_links_to_members_and_networks_keep_the_day(self, client):
        page = _get(client, "network-detail", "eurojust", as_of=THEN).content.decode()
        assert f'href="{reverse("country-detail", args=["gb"])}?as_of={THEN}"' in page
        listing = _get(client, "network-list", as_of=THEN)
        first = listing.context["networks"][0]
        page = listing.content.decode()
        assert f'href="{reverse("network-detail", args=[first.slug])}?as_of={THEN}"' in page
        assert f'<input type="hidden" name="as_of" value="{THEN}">' in page  # the filters' form keeps it
        assert f'href="?as_of={THEN}&amp;page=2"' in page  # and so do the list's pages


@pytest.mark.parametrize(
    "value",
    [
        "2017-13-01",
        "2017-02-30",
        "2017-6-1",
        "yesterday",
        "２０１７-06-01",  # other digits than ASCII's
        "2017-06-01\x00",
        "9" * 10_000,
        "1000-01-01",
        "9999-12-31",
    ],
)
def test_a_bad_date_gives_a_message_and_todays_page_never_a_500(client, value):
    response = client.get(reverse("network-detail", args=["eurojust"]), {"as_of": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a date the catalogue can be read as of" in page
    assert "The catalogue is shown as of today." in page
    assert "9" * 21 not in page and "\x00" not in page
    assert "GB" in _members(response)[1]  # today's view: a former member
    download = client.get(reverse("data-file", args=["memberships.csv"]), {"as_of": value})
    assert download.status_code == 400
    assert "is not a date the catalogue can be read as of" in download.content.decode()


def test_two_different_dates_are_refused_with_a_message(client):
    response = client.get(reverse("country-detail", args=["gb"]), {"as_of": [THEN, "2018-01-01"]})
    assert response.status_code == 200
    assert "The address gives 2 dates (parameter “as_of”); give one." in response.content.decode()


def test_every_catalogue_page_accepts_the_day(client):
    for name, args in [
        ("home", []), ("network-list", []), ("topic-list", []), ("country-list", []), ("region-list", []),
        ("relations-graph", []), ("region-detail", ["europe"]), ("topic-detail", ["terrorism"]),
    ]:  # fmt: skip
        response = client.get(reverse(name, args=args), {"as_of": THEN})
        assert response.status_code == 200, name
        assert "The catalogue as of June 1, 2017." in response.content.decode(), name
