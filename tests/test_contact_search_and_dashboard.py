"""The practitioners' contact search, the secretariat's staleness dashboard and the role groups."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.dashboard import networks_without_activity
from countries.models import Jurisdiction
from networks.models import ContactPoint, Network

from .factories import (
    make_contact,
    make_network,
    make_practitioner,
    make_secretariat_member,
    make_user,
)

pytestmark = pytest.mark.django_db
PRACTITIONERS = ContactPoint.Visibility.PRACTITIONERS


def test_the_contact_search_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("contact-search"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('contact-search')}"


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, {"Ama", "Kofi", "Léa"}),
        ({"network": "ejn"}, {"Ama", "Kofi"}),
        ({"network": "iberred"}, {"Léa"}),
        ({"country": "GH"}, {"Ama"}),
        ({"country": "Ghana"}, {"Ama"}),  # names, codes and former names alike (issue 11, 7)
        ({"country": "gha"}, {"Ama"}),
        ({"country": "Togolese Republic"}, {"Kofi"}),
        ({"country": "FR"}, set()),
        ({"role": ContactPoint.Role.TWENTY_FOUR_SEVEN}, {"Kofi"}),
        ({"language": "span"}, {"Léa"}),
        ({"language": "german"}, set()),
        ({"q": "ministry"}, {"Kofi"}),
    ],
)
def test_the_contact_search_filters_by_network_country_role_and_language(client, query, expected):
    ejn, iberred = make_network(slug="ejn"), make_network(slug="iberred")
    ghana, togo = Jurisdiction.objects.get(code="GH"), Jurisdiction.objects.get(code="TG")
    make_contact(ejn, name="Ama", jurisdiction=ghana, languages="English", visibility=PRACTITIONERS)
    make_contact(
        ejn,
        name="Kofi",
        jurisdiction=togo,
        role=ContactPoint.Role.TWENTY_FOUR_SEVEN,
        institution="Ministry of Justice",
        languages="French",
        visibility=PRACTITIONERS,
    )
    make_contact(iberred, name="Léa", languages="Spanish, Portuguese", visibility=PRACTITIONERS)
    make_contact(iberred, name="Hidden", visibility=ContactPoint.Visibility.SECRETARIAT)
    client.force_login(make_practitioner())
    response = client.get(reverse("contact-search"), query)
    assert response.status_code == 200
    assert {c.name for c in response.context["contacts"]} == expected


@pytest.mark.parametrize(
    "query", [{"network": "no-such-network"}, {"country": "ZZ"}, {"country": "Congo"}, {"role": "boss"}]
)
def test_bad_filter_values_get_a_clear_message_not_an_error(client, query):
    make_contact(make_network(), visibility=PRACTITIONERS)
    client.force_login(make_practitioner())
    response = client.get(reverse("contact-search"), query)
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


@pytest.mark.parametrize("page", ["x", "0", "-1", "2", "999", "1e9", "\u0661", "9" * 30])
def test_a_page_number_that_is_not_one_shows_the_first_or_last_page_as_on_every_list(client, page):
    contact = make_contact(make_network(), visibility=PRACTITIONERS)
    client.force_login(make_practitioner())
    response = client.get(reverse("contact-search"), {"page": page})
    assert response.status_code == 200
    assert [c.pk for c in response.context["contacts"]] == [contact.pk]


def _populate_contacts(count):
    ghana = Jurisdiction.objects.get(code="GH")
    for _ in range(count):
        make_contact(make_network(), jurisdiction=ghana, visibility=PRACTITIONERS)


def test_the_contact_search_runs_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.force_login(make_practitioner())
    url = reverse("contact-search")
    _populate_contacts(2)
    client.get(url)  # warm the content-type cache
    # session, user, user permissions, group permissions, the catalogue version, the country resolver's
    # index (jurisdictions, aliases: built once until reference data changes), count (with the editors
    # subquery), network choices, the page of contacts
    with django_assert_num_queries(10):
        small = client.get(url, {"country": "GH"})
    _populate_contacts(20)
    # The same but the resolver's index: new contact points are entry changes, which leave it as it is.
    with django_assert_num_queries(8):
        large = client.get(url, {"country": "GH"})
    assert len(small.context["contacts"]) == 2 and len(large.context["contacts"]) == 22


def test_the_dashboard_lists_stale_and_quiet_entries_and_marks_them(client):
    stale = make_network(name="Stale network", last_verified=timezone.localdate() - datetime.timedelta(days=400))
    fresh = make_network(name="Fresh network", last_verified=timezone.localdate())
    contact = make_contact(fresh, name="Unverified person")
    # No recorded change in 12 months: backdate every history row of the stale network.
    Network.history.filter(id=stale.pk).update(history_date=timezone.now() - datetime.timedelta(days=400))
    assert list(networks_without_activity()) == [stale]

    client.force_login(make_secretariat_member())
    page = client.get(reverse("staleness-dashboard"))
    assert page.status_code == 200
    assert "Networks Registry administration" in page.content.decode()  # the admin's header and user tools
    assert list(page.context["stale_networks"]) == [stale]
    assert list(page.context["stale_contacts"]) == [contact]
    assert list(page.context["quiet_networks"]) == [stale]

    url = reverse("staleness-dashboard")
    assert client.post(url, {"kind": "contact", "action": "verify", "ids": [contact.pk]}).status_code == 302
    confirm = client.post(url, {"kind": "network", "action": "dormant", "ids": [stale.pk]})
    assert confirm.status_code == 200 and list(confirm.context["networks"]) == [stale]  # asked first
    stale.refresh_from_db()
    assert stale.status == Network.Status.ACTIVE
    done = client.post(url, {"kind": "network", "action": "dormant", "ids": [stale.pk], "confirm": "yes"})
    assert done.status_code == 302
    contact.refresh_from_db()
    stale.refresh_from_db()
    assert contact.last_verified == timezone.localdate()
    assert stale.status == Network.Status.DORMANT
    assert stale.history.latest("history_date").status == Network.Status.DORMANT
    assert list(networks_without_activity()) == []
    client.post(url, {"kind": "network", "action": "verify", "ids": [stale.pk]})
    stale.refresh_from_db()
    assert stale.last_verified == timezone.localdate()


def test_the_dashboard_counts_what_it_changed_in_the_right_number(client):
    one, two = make_network(), make_network()
    contact = make_contact(one)
    client.force_login(make_secretariat_member())
    url = reverse("staleness-dashboard")
    response = client.post(url, {"kind": "contact", "action": "verify", "ids": [contact.pk]}, follow=True)
    assertContains(response, "1 contact point verified today.", count=1)
    response = client.post(url, {"kind": "network", "action": "verify", "ids": [one.pk]}, follow=True)
    assertContains(response, "1 network verified today.", count=1)
    response = client.post(url, {"kind": "network", "action": "verify", "ids": [one.pk, two.pk]}, follow=True)
    assertContains(response, "2 networks verified today.", count=1)


@pytest.mark.parametrize("ids", [[""], ["", " "], []])
def test_an_empty_selection_is_said_to_be_empty(client, ids):
    client.force_login(make_secretariat_member())
    response = client.post(
        reverse("staleness-dashboard"), {"kind": "network", "action": "verify", "ids": ids}, follow=True
    )
    assertContains(response, "Select at least one entry; nothing was changed.", count=1)
    assertNotContains(response, "not a list of ids")


def test_the_dashboard_refuses_unknown_actions_and_non_secretariat_users(client):
    network = make_network()
    client.force_login(make_secretariat_member())
    response = client.post(
        reverse("staleness-dashboard"), {"kind": "contact", "action": "dormant", "ids": [1]}, follow=True
    )
    assert "Unknown action" in response.content.decode()
    client.post(reverse("staleness-dashboard"), {"kind": "network", "action": "verify", "ids": ["x"]})
    network.refresh_from_db()
    assert network.last_verified is None
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("staleness-dashboard")).status_code == 403


def _checked_boxes(page, form_id):
    body = page.content.decode()
    start = body.index(f'id="{form_id}"')
    form = body[start : body.index("</form>", start)]
    return form.count('name="ids"'), form.count(" checked>")


def test_select_all_ticks_every_box_of_one_table_without_script(client):
    old = timezone.localdate() - datetime.timedelta(days=400)
    for n in range(3):
        make_network(name=f"Stale {n}", last_verified=old)
    make_contact(make_network(last_verified=timezone.localdate()), name="Unverified person")
    client.force_login(make_secretariat_member())
    url = reverse("staleness-dashboard")
    page = client.get(url)
    assert "Select all 3 networks" in page.content.decode()
    assert _checked_boxes(page, "stale-networks") == (3, 0)
    selected = client.get(url, {"select": "stale-networks"})
    assert _checked_boxes(selected, "stale-networks") == (3, 3)
    assert _checked_boxes(selected, "stale-contacts") == (1, 0)
    assert "Clear the selection" in selected.content.decode()
    assert _checked_boxes(client.get(url, {"select": "stale-contacts"}), "stale-contacts") == (1, 1)
    assert _checked_boxes(client.get(url, {"select": "<script>"}), "stale-networks") == (3, 0)
    assert "<script>" not in client.get(url, {"select": "<script>"}).content.decode()


def test_marking_dormant_lists_the_networks_and_changes_nothing_until_confirmed(client):
    old = timezone.localdate() - datetime.timedelta(days=400)
    chosen = [make_network(name=f"Quiet {n}", last_verified=old) for n in range(2)]
    kept = make_network(name="Still busy", last_verified=old)
    client.force_login(make_secretariat_member())
    url = reverse("staleness-dashboard")
    ids = [network.pk for network in chosen]
    confirm = client.post(url, {"kind": "network", "action": "dormant", "ids": ids})
    page = confirm.content.decode()
    assert "These 2 networks will be marked dormant" in page
    assert "Quiet 0" in page and "Quiet 1" in page and "Still busy" not in page
    assert "Yes, mark these 2 networks dormant" in page and "No, take me back" in page
    assert not Network.objects.filter(status=Network.Status.DORMANT).exists()
    client.post(url, {"kind": "network", "action": "dormant", "ids": ids, "confirm": "yes"})
    assert set(Network.objects.filter(status=Network.Status.DORMANT)) == set(chosen)
    kept.refresh_from_db()
    assert kept.status == Network.Status.ACTIVE


@pytest.mark.parametrize("bad_id", ["9" * 30, "¹", "٥٤", "x", "-3"])
def test_a_selection_that_is_not_a_list_of_ids_is_refused_with_a_message(client, bad_id):
    """Thirty digits overflowed SQLite (a 500); "¹" passed str.isdigit(); "٥٤" was read as 54."""
    networks = [make_network() for _ in range(2)]
    client.force_login(make_secretariat_member())
    response = client.post(
        reverse("staleness-dashboard"),
        {"kind": "network", "action": "verify", "ids": [networks[0].pk, bad_id]},
        follow=True,
    )
    assert response.status_code == 200
    assert "The selection is not a list of ids" in response.content.decode()
    assert not Network.objects.filter(last_verified__isnull=False).exists()


def test_the_role_groups_exist_with_their_permissions():
    def codes(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert codes("Practitioners") == {"view_practitioner_contacts"}
    assert {"change_network", "change_contactpoint", "add_membership"} <= codes("Network editors")
    assert not {"add_network", "delete_network", "view_restricted_contacts", "change_user"} & codes("Network editors")
    assert {"view_restricted_contacts", "secretariat", "change_user", "delete_network"} <= codes("Secretariat")


def test_assigning_a_network_editor_in_the_admin_grants_the_admin_and_the_role(client):
    practitioner, network = make_practitioner(), make_network()
    client.force_login(make_secretariat_member())
    response = client.post(
        reverse("admin:accounts_networkeditor_add"), {"user": practitioner.pk, "network": network.pk}
    )
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.is_staff
    assert practitioner.groups.filter(name="Network editors").exists()
    duplicate = client.post(
        reverse("admin:accounts_networkeditor_add"), {"user": practitioner.pk, "network": network.pk}
    )
    assert duplicate.status_code == 200 and duplicate.context["adminform"].form.errors
