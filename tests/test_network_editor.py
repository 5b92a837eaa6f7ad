"""A network editor edits their own networks in the admin, and cannot change another by any admin route.

The import route belongs to the import work; its admin must apply the same scope (see the report).
"""

import pytest
from django.urls import reverse

from networks.models import ContactPoint, Membership, Network, NetworkAlias

from .admin_forms import form_data, inline_prefix
from .factories import make_alias, make_contact, make_membership, make_network, make_network_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client, django_user_model):
    from countries.models import Jurisdiction

    own, other = make_network(internal_notes="secretariat remark"), make_network()
    ghana, togo = Jurisdiction.objects.get(code="GH"), Jurisdiction.objects.get(code="TG")
    data = {
        "own": own,
        "other": other,
        "ghana": ghana,
        "togo": togo,
        "own_membership": make_membership(own, ghana),
        "other_membership": make_membership(other, ghana),
        "other_contact": make_contact(other, visibility=ContactPoint.Visibility.PUBLIC),
        "editor": make_network_editor(own),
    }
    client.force_login(data["editor"])
    return data


def _url(obj, view="change"):
    return reverse(f"admin:networks_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_the_editor_lists_and_edits_only_their_networks(client, setup):
    response = client.get(reverse("admin:networks_network_changelist"))
    assert list(response.context["cl"].result_list) == [setup["own"]]

    response = client.get(_url(setup["own"]))
    assert response.status_code == 200
    assert "internal_notes" not in response.context["adminform"].form.fields
    data = form_data(response)
    data["description_en"] = "Kept current by the network itself."
    assert client.post(_url(setup["own"]), data).status_code == 302
    setup["own"].refresh_from_db()
    assert setup["own"].description == "Kept current by the network itself."
    assert setup["own"].internal_notes == "secretariat remark"
    assert setup["own"].history.first().history_user == setup["editor"]


def test_the_admin_pages_of_another_network_say_it_is_not_the_editors_and_a_post_changes_nothing(client, setup):
    other = setup["other"]
    for view in ("change", "history", "delete"):
        response = client.get(_url(other, view))
        assert response.status_code == 403, view
        page = response.content.decode()
        assert f"This network is not one of the networks you edit ({setup['own'].name})" in page, view
        assert other.name not in page
    version = other.history.get().history_id
    revert = client.get(reverse("admin:networks_network_simple_history", args=[other.pk, version]))
    assert revert.status_code == 403
    assert client.post(_url(other), {"name": "Taken over", "slug": other.slug}).status_code == 403
    assert client.post(_url(other, "delete"), {"post": "yes"}).status_code == 403
    other.refresh_from_db()
    assert other.name != "Taken over"


def test_a_record_of_another_network_says_so_unless_the_editor_may_not_even_see_it(client, setup):
    response = client.get(_url(setup["other_membership"]))
    assert response.status_code == 403
    assert "This record belongs to a network that is not one of the networks you edit" in response.content.decode()
    hidden = make_contact(setup["other"], name="Hidden person", visibility=ContactPoint.Visibility.SECRETARIAT)
    # Another network's contact points answer alike whatever their level: a 403 for the public one beside
    # "doesn't exist" for the hidden one told which ids were restricted.
    for contact in (hidden, setup["other_contact"]):
        response = client.get(_url(contact), follow=True)
        assert response.status_code == 200
        assert "doesn’t exist" in response.content.decode() and contact.name not in response.content.decode()


def test_an_inline_row_of_another_network_cannot_be_slipped_into_the_editors_form(client, setup):
    make_alias(setup["own"], "Own name")
    other_alias = make_alias(setup["other"], "Other name")
    response = client.get(_url(setup["own"]))
    data = form_data(response)
    # Point the editor's alias row at the other network's alias.
    prefix = inline_prefix(response, NetworkAlias)
    data[f"{prefix}-0-id"] = str(other_alias.pk)
    data[f"{prefix}-0-name"] = "Renamed"
    client.post(_url(setup["own"]), data)
    # Django finds no such row among the network's own aliases and ignores it.
    other_alias.refresh_from_db()
    assert (other_alias.name, other_alias.network) == ("Other name", setup["other"])
    assert not NetworkAlias.objects.filter(name="Renamed").exists()


def test_a_membership_form_refuses_another_networks_id(client, setup):
    data = {"network": setup["other"].pk, "role": Membership.Role.MEMBER, "member": f"jurisdiction:{setup['togo'].pk}"}
    response = client.post(reverse("admin:networks_membership_add"), data)
    assert response.status_code == 200
    assert "network" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(network=setup["other"], jurisdiction=setup["togo"]).exists()
    # The same form accepts the editor's own network.
    data["network"] = setup["own"].pk
    assert client.post(reverse("admin:networks_membership_add"), data).status_code == 302
    assert Membership.objects.filter(network=setup["own"], jurisdiction=setup["togo"]).exists()


def test_records_of_another_network_cannot_be_changed_or_deleted(client, setup):
    membership, contact = setup["other_membership"], setup["other_contact"]
    data = {
        "network": setup["other"].pk,
        "role": Membership.Role.OBSERVER,
        "member": f"jurisdiction:{setup['togo'].pk}",
    }
    assert client.post(_url(membership), data).status_code in (302, 403, 404)
    assert client.post(_url(membership, "delete"), {"post": "yes"}).status_code in (302, 403, 404)
    assert client.post(_url(contact), {"network": setup["own"].pk, "name": "Moved"}).status_code in (302, 403, 404)
    membership.refresh_from_db()
    contact.refresh_from_db()
    assert (membership.role, contact.name, contact.network) == (Membership.Role.MEMBER, contact.name, setup["other"])


def test_an_action_on_another_networks_ids_touches_nothing(client, setup):
    client.post(
        reverse("admin:networks_network_changelist"),
        {"action": "mark_verified", "_selected_action": [setup["other"].pk, setup["own"].pk]},
    )
    setup["other"].refresh_from_db()
    setup["own"].refresh_from_db()
    assert setup["other"].last_verified is None
    assert setup["own"].last_verified is not None


def test_the_editor_cannot_reach_accounts_or_add_networks(client, setup):
    for url in (
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:accounts_networkeditor_changelist"),
        reverse("admin:networks_network_add"),
        reverse("staleness-dashboard"),
    ):
        assert client.get(url).status_code == 403, url
    assert Network.objects.count() == 2
