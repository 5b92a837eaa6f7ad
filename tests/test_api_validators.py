"""The API's validators for every client: an ETag per body, so a 304 never hands one viewer's copy to another.

Contact points differ by viewer: their ETag includes what the viewer may see (the visibility rule's
scope), and a signed-in viewer's answer carries no Last-Modified (their roles change without a date).
Every other resource is the same for everyone, and so are its validators.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.models import NetworkEditor
from api import views
from countries.models import Jurisdiction
from networks.models import ContactPoint

from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_practitioner,
    make_relation,
    make_secretariat_member,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db
CONTACTS = reverse("api:contactpoint-list")
LEVELS = ContactPoint.Visibility


@pytest.fixture
def catalogue():
    """Two networks with a contact point at each level, named by network and level."""
    ghana = Jurisdiction.objects.get(code="GH")
    networks = [make_network(slug=slug, topics=[make_topic()]) for slug in ("north", "south")]
    for network in networks:
        make_membership(network, ghana)
        for level in LEVELS.values:
            make_contact(network, name=f"{network.slug}-{level}", jurisdiction=ghana, visibility=level)
    make_relation(networks[0], networks[1])
    return networks


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _names(response):
    return {contact["name"] for contact in response.json()["results"]}


def test_a_practitioners_etag_never_revalidates_an_anonymous_copy_nor_the_reverse(catalogue):
    practitioner, visitor = _signed_in(make_practitioner()), Client()
    theirs = practitioner.get(CONTACTS)
    assert "north-practitioners" in _names(theirs)
    again = practitioner.get(CONTACTS, HTTP_IF_NONE_MATCH=theirs["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == theirs["ETag"]

    public = visitor.get(CONTACTS, HTTP_IF_NONE_MATCH=theirs["ETag"])
    assert public.status_code == 200 and public["ETag"] != theirs["ETag"]
    assert _names(public) == {"north-public", "south-public"}
    back = practitioner.get(CONTACTS, HTTP_IF_NONE_MATCH=public["ETag"])
    assert back.status_code == 200 and _names(back) == _names(theirs)
    for response in (theirs, again, public, back):
        assert {"authorization", "cookie"} <= {part.strip().lower() for part in response["Vary"].split(",")}


def test_a_token_and_a_session_of_the_same_standing_share_the_etag(catalogue):
    user = make_practitioner()
    session = _signed_in(user).get(CONTACTS)
    token = Token.objects.create(user=user)
    by_token = Client().get(CONTACTS, HTTP_IF_NONE_MATCH=session["ETag"], HTTP_AUTHORIZATION=f"Token {token.key}")
    assert by_token.status_code == 304 and by_token["ETag"] == session["ETag"]
    assert {"private", "no-cache"} <= {part.strip() for part in by_token["Cache-Control"].split(",")}
    other = Token.objects.create(user=make_secretariat_member())
    wider = Client().get(CONTACTS, HTTP_IF_NONE_MATCH=session["ETag"], HTTP_AUTHORIZATION=f"Token {other.key}")
    assert wider.status_code == 200 and "north-secretariat" in _names(wider)


def test_a_new_role_changes_the_etag_though_the_catalogue_did_not(catalogue):
    user = make_user()  # signed in, no role: sees what the public sees
    client = _signed_in(user)
    before = client.get(CONTACTS)
    assert _names(before) == {"north-public", "south-public"}
    assert "Last-Modified" not in before  # no date says when a role was given
    user.groups.add(*make_practitioner().groups.all())
    client = _signed_in(type(user).objects.get(pk=user.pk))  # permissions are cached per user object
    assert client.get(CONTACTS, HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT").status_code == 200
    after = client.get(CONTACTS, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "north-practitioners" in _names(after)


def test_an_editor_assigned_another_network_gets_a_new_etag(catalogue):
    north, south = catalogue
    editor = make_network_editor(north)
    detail = reverse("api:contactpoint-detail", args=[ContactPoint.objects.get(name="south-secretariat").pk])
    client = _signed_in(editor)
    before = client.get(CONTACTS)
    assert "north-secretariat" in _names(before) and "south-secretariat" not in _names(before)
    assert client.get(detail).status_code == 404
    NetworkEditor.objects.create(user=editor, network=south)  # not a catalogue change: its version stays
    after = client.get(CONTACTS, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "south-secretariat" in _names(after)
    assert client.get(detail).json()["name"] == "south-secretariat"


def test_an_anonymous_client_keeps_last_modified_for_contact_points(catalogue):
    first = Client().get(CONTACTS)
    assert first["ETag"] and first["Last-Modified"]
    assert Client().get(CONTACTS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_304_to_a_practitioner_is_checked_before_any_other_work(catalogue, django_assert_num_queries):
    client = _signed_in(make_practitioner())
    etag = client.get(CONTACTS)["ETag"]
    # 1 session, 2 user, 3 and 4 permissions, 5 the networks they edit, 6 the catalogue version
    with django_assert_num_queries(6):
        assert client.get(CONTACTS, HTTP_IF_NONE_MATCH=etag).status_code == 304


def _viewer_independent_urls(north, south):
    relation = north.relations.get()
    membership = north.memberships.get()
    return [
        reverse("api:network-list"),
        reverse("api:network-detail", args=[north.slug]),
        reverse("api:membership-list"),
        reverse("api:membership-detail", args=[membership.pk]),
        reverse("api:relation-list"),
        reverse("api:relation-detail", args=[relation.pk]),
        reverse("api:jurisdiction-list"),
        reverse("api:jurisdiction-detail", args=["gh"]),
        reverse("api:region-list"),
        reverse("api:topic-list"),
        reverse("api:organisation-list"),
    ]


def test_every_resource_but_contact_points_is_the_same_for_every_viewer(catalogue):
    """What lets those resources share validators (and Last-Modified) across viewers: guards `depends_on_viewer`."""
    assert [view for view in vars(views).values() if getattr(view, "depends_on_viewer", False)] == [
        views.ContactPointViewSet
    ]
    visitor, secretariat = Client(), _signed_in(make_secretariat_member())
    for url in _viewer_independent_urls(*catalogue):
        public, signed_in = visitor.get(url), secretariat.get(url)
        assert public.status_code == signed_in.status_code == 200, url
        assert public.content == signed_in.content, url
        assert public["ETag"] == signed_in["ETag"] and public["Last-Modified"] == signed_in["Last-Modified"], url
        assert secretariat.get(url, HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 304, url
