"""The route finder's answers on the real seed catalogue (issue 16, §1): ten pairs and more, as a practitioner asks."""

import pytest
from django.urls import reverse

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _route(client, requesting, requested, **params):
    response = client.get(reverse("route-finder"), {"requesting": requesting, "requested": requested, **params})
    assert response.status_code == 200
    route = response.context["route"]
    assert route is not None, response.context["form"].errors
    return route, response.content.decode()


def _roles(route):
    """{network slug: (requesting side's roles, requested side's roles)} as role values, `through` noted."""
    return {
        network.slug: tuple(
            sorted(f"{role.role}@{role.through}" if role.through else role.role for role in side)
            for side in network.roles
        )
        for network in route.networks
    }


def test_the_united_states_reach_france_through_seven_networks_full_memberships_first(client):
    route, page = _route(client, "United States", "FR")
    roles = _roles(route)
    assert set(roles) == {
        "carin", "cybercrime-24-7-network", "g20-acwg", "g8-htcsg", "untoc-wg-international-cooperation",
        "pc-oc", "eurojust",
    }  # fmt: skip
    assert roles["eurojust"] == (["contact_point", "cooperation_agreement", "liaison_prosecutor"], ["member"])
    ranked = [network.slug for network in route.networks]
    assert ranked.index("eurojust") > ranked.index("carin") and ranked[-2:] == ["pc-oc", "eurojust"]
    assert [post.slug for post in route.posts] == ["us-liaison-prosecutor-at-eurojust"]
    assert "Liaison prosecutor at" in page


def test_a_former_name_resolves_swaziland_to_eswatini(client):
    route, page = _route(client, "Swaziland", "za")
    assert route.sides[0].jurisdiction.code == "SZ"
    assert _roles(route) == {"cncp": (["member"], ["member"])}
    assert "From Eswatini to South Africa" in page


def test_burma_and_green_cape_and_east_timor_are_read_as_their_states(client):
    assert _roles(_route(client, "Burma", "Thailand")[0]) == {"ajne": (["member"], ["member"])}
    assert _roles(_route(client, "Green Cape", "pt")[0]) == {"cplp-judicial-network": (["member"], ["member"])}
    assert _roles(_route(client, "East Timor", "Portugal")[0]) == {"cplp-judicial-network": (["member"], ["member"])}


def test_a_sub_national_unit_takes_part_through_its_own_and_its_states_networks(client):
    route, page = _route(client, "North Rhine-Westphalia", "BE")
    roles = _roles(route)
    assert roles["bes"] == (["member"], ["member"])  # its own membership
    assert roles["eurojust"] == (["member@Germany"], ["member"])  # Germany's
    assert "it takes part through its own memberships and those of Germany" in page
    assert "as Germany" in page


def test_scotland_reaches_france_through_the_united_kingdom(client):
    route, _page = _route(client, "Scotland", "France")
    roles = _roles(route)
    assert roles["carin"] == (["member@United Kingdom"], ["member"])
    assert "ejn" not in roles  # the United Kingdom's EU memberships ended


def test_as_of_a_past_day_scotland_reached_france_through_the_uks_eu_networks_too(client):
    route, page = _route(client, "Scotland", "France", as_of="2015-06-01")
    roles = _roles(route)
    assert roles["ejn"] == (["member@United Kingdom"], ["member"])
    assert roles["eurojust"] == (["member@United Kingdom"], ["member"])
    assert "networks in which both took part that day" in page
    assert f'href="{reverse("network-detail", args=["ejn"])}?as_of=2015-06-01"' in page


def test_a_state_speaks_through_its_sub_national_units(client):
    route, _page = _route(client, "Germany", "Belgium")
    assert _roles(route)["bes"] == (["member@North Rhine-Westphalia"], ["member"])


def test_a_pair_with_no_common_network_is_told_so(client):
    route, page = _route(client, "us", "gh")
    assert route.networks == [] and route.network_total == 0
    assert "No network in the catalogue has both United States and Ghana as participants today." in page
    assert "No network of United States is related to a network of Ghana." in page


def test_a_pair_whose_only_common_network_has_one_side_as_observer(client):
    route, page = _route(client, "Austria", "Kosovo")
    assert _roles(route) == {"carin": (["member"], ["observer"])}
    assert not route.networks[0].both_members
    assert ">Observer</td>" in page


def test_observers_on_both_sides_come_after_full_members(client):
    route, _page = _route(client, "Former Yugoslav Republic of Macedonia", "Albania")
    ranked = [network.slug for network in route.networks]
    assert route.sides[0].jurisdiction.code == "MK"
    assert _roles(route)["carin"] == (["observer"], ["observer"])
    members_first = [network.both_members for network in route.networks]
    assert members_first == sorted(members_first, reverse=True) and ranked.index("carin") > ranked.index("acn")


def test_norway_and_switzerland_reach_an_eu_state_through_their_liaison_prosecutors_at_eurojust(client):
    norway, _page = _route(client, "Norway", "France")
    switzerland, _page = _route(client, "CH", "Germany")
    assert [post.slug for post in norway.posts] == ["no-liaison-prosecutor-at-eurojust"]
    assert [post.slug for post in switzerland.posts] == ["ch-liaison-prosecutor-at-eurojust"]
    assert _roles(norway)["eurojust"][0] == ["contact_point", "cooperation_agreement", "liaison_prosecutor"]


def test_a_topic_lifts_networks_dealing_with_it_above_the_others(client):
    plain, _page = _route(client, "us", "fr")
    cyber, _page = _route(client, "us", "fr", topic="cybercrime")
    on_topic = [network.slug for network in cyber.networks if network.on_topic]
    assert "cybercrime-24-7-network" in on_topic and "carin" not in on_topic
    both_members = [network for network in cyber.networks if network.both_members]
    assert [n.slug for n in both_members[: len(on_topic)]] == on_topic  # among full members, on-topic first
    assert [n.slug for n in plain.networks][0] == "carin"  # without a topic, by name


def test_two_units_of_one_state_each_speak_only_for_themselves(client):
    route, page = _route(client, "England and Wales", "Scotland")
    assert route.networks == []  # their shared EU memberships ended; the UK's own do not count twice
    assert "No network in the catalogue has both England and Wales and Scotland" in page


@pytest.mark.parametrize(
    ("requesting", "requested", "message"),
    [
        ("gh", "Ghana", "Ghana is both the requesting and the requested state"),
        ("Scotland", "United Kingdom", "Scotland and United Kingdom are one state"),
        ("Congo", "gh", "“Congo” could mean Congo (CG) or Congo, The Democratic Republic of the (CD)"),
        ("gh", "Narnia", "No country or jurisdiction has the name or code “Narnia”."),
    ],
)
def test_the_same_state_twice_or_an_unknown_name_is_a_clear_message(client, requesting, requested, message):
    response = client.get(reverse("route-finder"), {"requesting": requesting, "requested": requested})
    assert response.status_code == 200 and response.context["route"] is None
    assert message in response.content.decode()
