"""One member picker, editors confined to their networks on every upkeep route, and the network form's summaries."""

import html

import pytest
from django.urls import reverse

from countries.models import Jurisdiction
from networks.models import Membership

from .factories import (
    make_alias,
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_secretariat_member,
)

pytestmark = pytest.mark.django_db
AUTOCOMPLETE = "admin:upkeep_member_autocomplete"


def test_the_picker_finds_networks_organisations_and_states_by_one_search(client):
    client.force_login(make_secretariat_member())
    eurojust = make_network(name="European Union Agency for Criminal Justice Cooperation", acronym="Eurojust")
    europol = make_organisation(name="European Union Agency for Law Enforcement Cooperation", acronym="Europol")
    results = client.get(reverse(AUTOCOMPLETE), {"term": "euro"}).json()["results"]
    ids = [result["id"] for result in results]
    assert f"network:{eurojust.pk}" in ids and f"organisation:{europol.pk}" in ids
    assert {"id": f"organisation:{europol.pk}", "text": f"{europol} (Organisation)"} in results
    make_alias(eurojust, "Pro-Eurojust")
    assert (
        client.get(reverse(AUTOCOMPLETE), {"term": "pro-euro"}).json()["results"][0]["id"] == f"network:{eurojust.pk}"
    )
    ghana = Jurisdiction.objects.get(code="GH")
    assert {"id": f"jurisdiction:{ghana.pk}", "text": "Ghana (State)"} in client.get(
        reverse(AUTOCOMPLETE), {"term": "GH"}
    ).json()["results"]
    assert client.get(reverse(AUTOCOMPLETE)).json()["results"] == []


def test_a_membership_is_saved_with_a_member_of_any_kind_from_the_picker(client):
    client.force_login(make_secretariat_member())
    network, europol = make_network(), make_organisation(acronym="Europol")
    data = {"network": network.pk, "role": "observer", "member": f"organisation:{europol.pk}"}
    assert client.post(reverse("admin:networks_membership_add"), data).status_code == 302
    membership = Membership.objects.get()
    assert (membership.organisation, membership.jurisdiction, membership.member_network) == (europol, None, None)
    page = client.get(reverse("admin:networks_membership_change", args=[membership.pk])).content.decode()
    assert f'<option value="organisation:{europol.pk}" selected>' in page
    assert "admin-autocomplete" in page


def test_the_secretariat_edits_a_memberships_public_note_in_the_admin(client):
    """The public note is published on the network's page and in the open data: the admin edits it too."""
    from .admin_forms import form_data

    client.force_login(make_secretariat_member())
    network = make_network(slug="carin")
    membership = make_membership(network, Jurisdiction.objects.get(code="GH"))
    url = reverse("admin:networks_membership_change", args=[membership.pk])
    data = form_data(client.get(url))
    assert data["public_note"] == ""
    data["public_note"] = "The source's list of members is known to be out of date."
    assert client.post(url, data).status_code == 302
    assert Membership.objects.get(pk=membership.pk).public_note == data["public_note"]
    client.logout()
    assert data["public_note"] in html.unescape(client.get(network.get_absolute_url()).content.decode())


def test_the_network_form_summarises_members_and_contacts_with_links_instead_of_inlines(client):
    client.force_login(make_secretariat_member())
    network = make_network()
    for code in ["GH", "FR"]:
        make_membership(network, Jurisdiction.objects.get(code=code))
    make_contact(network, name="cnry person")
    response = client.get(reverse("admin:networks_network_change", args=[network.pk]))
    body = response.content.decode()
    assert {i.formset.model for i in response.context["inline_admin_formsets"]} & {Membership} == set()
    assert "Member: 2" in body and "cnry person" not in body
    assert reverse("admin:networks_network_members", args=[network.pk]) in body
    assert reverse("admin:networks_network_contacts", args=[network.pk]) in body
    assert reverse("admin:networks_network_timeline", args=[network.pk]) in body


@pytest.mark.parametrize("route", ["members", "contacts", "timeline"])
def test_an_editor_uses_every_upkeep_page_of_their_network_and_none_of_another(client, route):
    own, other = make_network(), make_network()
    client.force_login(make_network_editor(own))
    assert client.get(reverse(f"admin:networks_network_{route}", args=[own.pk])).status_code == 200
    for method in (client.get, client.post):
        refused = method(reverse(f"admin:networks_network_{route}", args=[other.pk]))
        assert refused.status_code == 403
        assert "not one of the networks you edit" in refused.content.decode()


@pytest.mark.parametrize("route", ["members", "contacts", "timeline"])
def test_a_deleted_network_sends_back_with_a_message_on_every_upkeep_page(client, route):
    client.force_login(make_secretariat_member())
    network = make_network()
    url = reverse(f"admin:networks_network_{route}", args=[network.pk])
    network.delete()
    response = client.get(url, follow=True)
    assert "This network no longer exists" in response.content.decode()


def test_an_editor_cannot_revert_a_change_set_that_touched_another_network(client):
    from upkeep.changesets import recording

    own, other = make_network(), make_network()
    with recording(user=None, reason="both") as change_set:
        make_alias(own, "A")
        make_alias(other, "B")
    client.force_login(make_network_editor(own))
    own.refresh_from_db()
    url = reverse("admin:networks_network_timeline", args=[own.pk])
    data = {"revert": f"change-set:{change_set.pk}", "reason": "x", "revision": own.revision}
    assert client.post(url, data).status_code == 403
    assert own.aliases.exists() and other.aliases.exists()
