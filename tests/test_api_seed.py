"""What the issue asks of the API, answered on the real seed catalogue: the catalogue at any date (?as_of=)."""

import pytest
from django.urls import reverse

from .catalogue_loaded import catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _codes(groups):
    return {membership["member"]["code"] for group in groups for membership in group["members"]}


def test_the_united_kingdom_was_a_current_member_of_eurojust_on_1_june_2017(client, catalogue):  # noqa: F811
    then = client.get(reverse("api:network-detail", args=["eurojust"]), {"as_of": "2017-06-01"}).json()
    assert "GB" in _codes(then["members_by_role"])
    assert "GB" not in {membership["member"]["code"] for membership in then["former_members"]}


def test_today_the_united_kingdom_is_a_former_member_of_eurojust(client, catalogue):  # noqa: F811
    today = client.get(reverse("api:network-detail", args=["eurojust"])).json()
    assert "GB" not in _codes(today["members_by_role"])
    (former,) = [m for m in today["former_members"] if m["member"]["code"] == "GB"]
    assert former["until"].startswith("2020")


def test_the_membership_list_answers_current_as_of_the_day(client, catalogue):  # noqa: F811
    url = reverse("api:membership-list")
    query = {"network": "eurojust", "jurisdiction": "gb", "current": "true"}
    assert client.get(url, {**query, "as_of": "2017-06-01"}).json()["count"] == 1
    assert client.get(url, query).json()["count"] == 0


def test_the_network_list_of_a_country_follows_the_day(client, catalogue):  # noqa: F811
    url = reverse("api:network-list")
    then = {
        n["slug"] for n in client.get(url, {"country": "gb", "as_of": "2017-06-01", "page_size": 200}).json()["results"]
    }
    today = {n["slug"] for n in client.get(url, {"country": "gb", "page_size": 200}).json()["results"]}
    assert "eurojust" in then and "eurojust" not in today


@pytest.mark.parametrize("value", ["2017-13-01", "yesterday", "1700-01-01", "٢٠١٧-٠٦-٠١"])
def test_a_day_that_is_not_one_is_a_400_naming_as_of(client, catalogue, value):  # noqa: F811
    response = client.get(reverse("api:network-detail", args=["eurojust"]), {"as_of": value})
    assert response.status_code == 400 and "as_of" in response.json()


def test_the_etag_differs_by_day(client, catalogue):  # noqa: F811
    url = reverse("api:network-detail", args=["eurojust"])
    assert client.get(url)["ETag"] != client.get(url, {"as_of": "2017-06-01"})["ETag"]
