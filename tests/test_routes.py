"""The route finder on built data: contact points as each viewer may see them, ranking, nearest routes,
hostile input and a fixed number of queries."""

import pytest
from django.urls import reverse

from countries.models import Jurisdiction
from liaison.models import LiaisonContact
from networks.models import ContactPoint, Membership, Relation

from .factories import (
    make_contact,
    make_liaison_post,
    make_membership,
    make_network,
    make_network_editor,
    make_practitioner,
    make_relation,
    make_topic,
)

pytestmark = pytest.mark.django_db

PUBLIC, PRACTITIONERS, SECRETARIAT = ContactPoint.Visibility.values


@pytest.fixture
def states():
    return {code: Jurisdiction.objects.get(code=code) for code in ("GH", "BR", "FR", "GB", "GB-SCT")}


def _answer(client, requesting, requested, **params):
    response = client.get(reverse("route-finder"), {"requesting": requesting, "requested": requested, **params})
    assert response.status_code == 200
    return response


def _shared(states, name, roles=("member", "member"), topics=()):
    network = make_network(name=name, topics=topics)
    make_membership(network, states["GH"], role=roles[0])
    make_membership(network, states["BR"], role=roles[1])
    return network


class TestContactPoints:
    @pytest.fixture
    def network(self, states):
        network = _shared(states, "Shared network")
        for level in (PUBLIC, PRACTITIONERS, SECRETARIAT):
            make_contact(network, jurisdiction=states["GH"], visibility=level, name=f"Ghana {level} person")
        make_contact(network, jurisdiction=states["BR"], visibility=PRACTITIONERS, name="Brazil practitioners person")
        return network

    def _cells(self, response):
        (network,) = response.context["route"].networks
        return network.contacts

    def test_an_anonymous_visitor_counts_and_sees_public_contact_points_only(self, client, network):
        response = _answer(client, "gh", "br")
        assert self._cells(response) == (["Ghana public person"], [])
        page = response.content.decode()
        assert "<td>1: Ghana public person</td><td>0</td>" in page
        assert "practitioners person" not in page and "secretariat person" not in page

    def test_a_practitioner_sees_practitioners_contact_points_too(self, client, network):
        client.force_login(make_practitioner())
        assert self._cells(_answer(client, "gh", "br")) == (
            ["Ghana practitioners person", "Ghana public person"],
            ["Brazil practitioners person"],
        )

    def test_an_editor_of_the_network_sees_its_secretariat_only_contact_points(self, client, network):
        client.force_login(make_network_editor(network))
        ghana, brazil = self._cells(_answer(client, "gh", "br"))
        assert "Ghana secretariat person" in ghana and len(ghana) == 3 and len(brazil) == 1

    def test_networks_with_contact_points_one_may_see_come_before_those_without(self, client, states, network):
        _shared(states, "Another shared network")  # "Another" sorts first by name
        ranked = [n.name for n in _answer(client, "gh", "br").context["route"].networks]
        assert ranked == ["Shared network", "Another shared network"]


def test_past_five_names_the_network_page_has_the_rest(client, states):
    network = _shared(states, "Busy network")
    for i in range(7):
        make_contact(network, jurisdiction=states["BR"], visibility=PUBLIC, name=f"Person {i}")
    page = _answer(client, "gh", "br").content.decode()
    assert "7: Person 0, Person 1, Person 2, Person 3, Person 4" in page
    assert f'<a href="{network.get_absolute_url()}">and 2 more</a>' in page


def test_full_members_first_then_networks_on_topic(client, states):
    topic = make_topic(slug="cybercrime", name="Cybercrime")
    _shared(states, "A observer network", roles=("observer", "member"))
    _shared(states, "B observer network on topic", roles=("member", "observer"), topics=[topic])
    _shared(states, "C full members")
    ranked = [n.name for n in _answer(client, "gh", "br", topic="cybercrime").context["route"].networks]
    assert ranked == ["C full members", "B observer network on topic", "A observer network"]


def test_an_ended_membership_is_no_route(client, states):
    network = make_network(name="Old network")
    make_membership(network, states["GH"])
    make_membership(network, states["BR"], until="2001-01-01")
    route = _answer(client, "gh", "br").context["route"]
    assert route.networks == []


def test_without_a_common_network_related_networks_are_the_nearest_routes(client, states):
    ghana_network, brazil_network = make_network(name="West African net"), make_network(name="Lusophone net")
    make_membership(ghana_network, states["GH"])
    make_membership(brazil_network, states["BR"])
    make_relation(brazil_network, ghana_network, kind=Relation.Kind.PARTNER)
    make_relation(ghana_network, make_network(name="Unrelated"), kind=Relation.Kind.PARTNER)
    response = _answer(client, "Ghana", "Brazil")
    (near,) = response.context["route"].near
    assert (near.near, near.label, near.far) == (ghana_network, "Partner of", brazil_network)
    assert "No network in the catalogue has both Ghana and Brazil" in response.content.decode()


def test_liaison_posts_between_the_two_show_only_the_contacts_one_may_see(client, states):
    post = make_liaison_post(states["FR"], states["BR"])
    make_liaison_post(states["FR"], states["GH"])  # not between them
    LiaisonContact.objects.create(post=post, name="Public liaison office", visibility=PUBLIC)
    LiaisonContact.objects.create(post=post, name="Secret liaison person", visibility=SECRETARIAT)
    response = _answer(client, "Brazil", "France")
    assert response.context["route"].posts == [post]
    page = response.content.decode()
    assert "Public liaison office" in page and "Secret liaison person" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"requesting": "gh\x00", "requested": "b\x00r"},
        {"requesting": "x" * 5000, "requested": "br"},
        {"requesting": "gh", "requested": "br", "topic": ["\x00", "../../etc"]},
        {"requesting": "gh", "requested": "br", "topic": [f"t{i}" for i in range(50)]},
        {"requesting": ["gh", "fr"] * 30, "requested": "' OR 1=1 --"},
        {"requesting": "<script>alert(1)</script>", "requested": "%00"},
        {"requesting": "", "requested": ""},
        {"requesting": "١٢٣", "requested": "GB-SCT-SCT"},
    ],
)
def test_hostile_input_is_a_form_error_never_a_500(client, states, params):
    response = client.get(reverse("route-finder"), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    if "b\x00r" not in params.get("requested", ""):
        assert response.context["form"].errors


def test_control_characters_are_ignored_in_names(client, states):
    _shared(states, "Shared network")
    route = _answer(client, "gh\x00", "b\x00r").context["route"]
    assert [n.name for n in route.networks] == ["Shared network"]


def test_too_many_topics_are_refused_with_their_number(client, states):
    topics = [make_topic() for _ in range(6)]
    response = _answer(client, "gh", "br", topic=[t.slug for t in topics])
    assert "Choose at most 5 topics; you chose 6." in response.content.decode()


def test_a_country_page_link_fills_in_the_requesting_state_without_errors(client, states):
    page = client.get(reverse("country-detail", args=["gh"])).content.decode()
    link = f"{reverse('route-finder')}?requesting=gh"
    assert f'<a href="{link}">Find a route from Ghana to…</a>' in page
    response = client.get(link)
    assert response.context["route"] is None and not response.context["form"].errors
    assert 'name="requesting" value="gh"' in response.content.decode()
    assert f'href="{reverse("route-finder")}"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("size", [1, 5])
def test_the_answer_runs_a_fixed_number_of_queries(client, django_assert_num_queries, states, size):
    topic = make_topic()
    for i in range(size):
        network = _shared(states, f"Shared {i}", topics=[topic])
        make_contact(network, jurisdiction=states["GH"], visibility=PUBLIC)
        Membership.objects.create(network=network, jurisdiction=states["GB-SCT"])
        post = make_liaison_post(states["GH"], states["BR"])
        LiaisonContact.objects.create(post=post, name=f"Liaison {i}", visibility=PUBLIC)
    make_liaison_post(states["FR"], states["GH"])
    make_membership(make_network(), states["FR"])  # France has networks, none of them Ghana's
    _answer(client, "gh", "br")  # the jurisdiction names are indexed once per process and catalogue version
    # 1 topics offered, 2-3 the catalogue version (each state's name), 4 the states' sub-national units,
    # 5 the networks of each side, 6 both sides' roles in the networks they share, 7 the contact points
    # one may see there, 8 liaison posts between them, 9 their contacts one may see
    with django_assert_num_queries(9):
        _answer(client, "gh", "br", topic=topic.slug)
    # Without a common network: 1-5 as above, 6 the relations between their networks, 7-8 posts
    with django_assert_num_queries(8):
        _answer(client, "gh", "fr")
    # The form alone: the topics
    with django_assert_num_queries(1):
        client.get(reverse("route-finder"))
