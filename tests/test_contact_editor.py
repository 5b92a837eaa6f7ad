"""The contact-point editor (/admin/networks/network/<id>/contacts/): one line each, filters, paste, selection."""

import datetime

import pytest
from django.urls import reverse

from countries.models import Jurisdiction
from networks.models import ContactPoint
from upkeep.models import ChangeSet

from .factories import make_contact, make_network, make_network_editor, make_practitioner, make_secretariat_member

pytestmark = pytest.mark.django_db
PUBLIC, PRACTITIONERS, SECRETARIAT = (ContactPoint.Visibility.PUBLIC, ContactPoint.Visibility.PRACTITIONERS,
                                      ContactPoint.Visibility.SECRETARIAT)  # fmt: skip


@pytest.fixture
def secretariat(client):
    user = make_secretariat_member()
    client.force_login(user)
    return user


def _url(network):
    return reverse("admin:networks_network_contacts", args=[network.pk])


def _post(client, network, **data):
    network.refresh_from_db()
    return client.post(_url(network), {"paste-revision": network.revision, "change-revision": network.revision, **data})


def test_the_editor_lists_one_line_per_contact_and_filters_by_country_and_role(client, secretariat):
    network = make_network()
    ghana, france = Jurisdiction.objects.get(code="GH"), Jurisdiction.objects.get(code="FR")
    make_contact(network, name="Ama", jurisdiction=ghana)
    make_contact(network, name="Jean", jurisdiction=france, role=ContactPoint.Role.TWENTY_FOUR_SEVEN)
    assert [c.name for c in client.get(_url(network)).context["rows"]] == ["Jean", "Ama"]  # France, Ghana
    assert [c.name for c in client.get(_url(network), {"country": "GH"}).context["rows"]] == ["Ama"]
    assert [c.name for c in client.get(_url(network), {"role": "24_7"}).context["rows"]] == ["Jean"]


def test_a_pasted_table_is_previewed_then_adds_and_updates_in_one_change_set(client, secretariat):
    network = make_network()
    existing = make_contact(
        network, name="Ama Mensah", email="ama@example.org", jurisdiction=Jurisdiction.objects.get(code="GH")
    )
    table = (
        "name\tcountry\temail\tphone\tvisibility\n"
        "Ama Mensah\tGhana\tama@example.org\t+233 1\tPublic\n"
        "Jean Dupont\tFrance\tjean@example.org\t\tpractitioners\n"
    )
    preview = _post(client, network, **{"action": "preview", "paste-table": table, "paste-reason": "2025 list"})
    assert preview.status_code == 200 and not preview.context["paste"].errors
    assert ContactPoint.objects.count() == 1  # nothing saved yet
    saved = _post(client, network, **{"action": "save", "paste-table": table, "paste-reason": "2025 list"})
    assert saved.status_code == 302
    existing.refresh_from_db()
    assert (existing.phone, existing.visibility) == ("+233 1", PUBLIC)
    jean = ContactPoint.objects.get(name="Jean Dupont")
    assert (jean.jurisdiction.code, jean.visibility, jean.network) == ("FR", PRACTITIONERS, network)
    change_set = ChangeSet.objects.get()
    assert ContactPoint.history.filter(change_set=change_set).count() == 2


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_saved(client, secretariat):
    network = make_network()
    table = "name,country,email,visibility\nA,Narnia,a@example.org,public\nB,Ghana,not-an-address,secret\n,Ghana,,\n"
    response = _post(client, network, **{"action": "save", "paste-table": table, "paste-reason": "x"})
    errors = " ".join(response.context["paste"].errors["table"])
    assert "Row 2: country “Narnia” is not known" in errors
    assert "Row 3: visibility “secret” is not one of the choices" in errors
    assert "Row 3, column email: Enter a valid email address." in errors  # named beside the visibility, not after
    assert "Row 4: the name is empty" in errors
    assert not ContactPoint.objects.exists()
    response = _post(client, network, **{"action": "save", "paste-table": "nom,pays\nA,B\n", "paste-reason": "x"})
    assert "Unknown columns: nom, pays" in " ".join(response.context["paste"].errors["table"])


@pytest.mark.parametrize(
    "rows",
    [
        # The reported case: one person twice, once public and once for practitioners.
        "Ana Dup,FR,,ana@example.org,public\nAna Dup,FR,,ana@example.org,practitioners",
        "Ana Dup,FR,,ana@example.org,public\nAna Other,ES,,ANA@example.org,public",  # one address, any case
        "Ana Dup,FR,,,public\nana dup,France,,,practitioners",  # no address: the same name and country
    ],
)
def test_two_rows_for_one_contact_point_are_refused_naming_both(client, secretariat, rows):
    network = make_network()
    table = f"name,country,role,email,visibility\n{rows}\n"
    response = _post(client, network, **{"action": "save", "paste-table": table, "paste-reason": "x"})
    errors = " ".join(response.context["paste"].errors["table"])
    assert "Row 3: the same contact point as row 2" in errors
    assert not ContactPoint.objects.exists()


def test_selected_contacts_are_confirmed_made_public_or_ended(client, secretariat):
    network = make_network()
    first, second = make_contact(network, name="First"), make_contact(network, name="Second")
    common = {"action": "change", "change-selected": [first.pk, second.pk], "change-reason": "Annual check"}
    assert (
        _post(client, network, **common, **{"change-change": "confirm", "change-on": "2025-06-01"}).status_code == 302
    )
    confirmed = ContactPoint.objects.values_list("confirmed_on", "confirmed_by", "last_verified")
    assert set(confirmed) == {(datetime.date(2025, 6, 1), secretariat.pk, None)}
    assert "2025-06-01" in client.get(_url(network)).content.decode()
    assert (
        _post(client, network, **common, **{"change-change": "visibility", "change-visibility": "public"}).status_code
        == 302
    )
    assert set(ContactPoint.objects.values_list("visibility", flat=True)) == {PUBLIC}
    assert (
        _post(client, network, **{**common, "change-selected": [second.pk]}, **{"change-change": "end"}).status_code
        == 302
    )
    assert list(ContactPoint.objects.values_list("name", flat=True)) == ["First"]
    assert ChangeSet.objects.count() == 3
    confirming = ChangeSet.objects.order_by("pk").first()
    [confirmation] = ContactPoint.history.filter(change_set=confirming, name="First")
    assert confirmation.history_user == secretariat


def test_marking_confirmed_goes_through_the_one_confirmation_of_the_reminders_link(client, secretariat, monkeypatch):
    network = make_network()
    contact = make_contact(network)
    calls = []
    monkeypatch.setattr("upkeep.services.entries_confirm", lambda **kwargs: calls.append(kwargs))
    common = {"action": "change", "change-selected": [contact.pk], "change-reason": "Checked"}
    _post(client, network, **common, **{"change-change": "confirm", "change-on": "2025-06-01"})
    assert [(list(c["entries"]), c["user"], c["on"]) for c in calls] == [
        ([contact], secretariat, datetime.date(2025, 6, 1))
    ]


def test_a_change_without_its_date_or_visibility_says_so(client, secretariat):
    network = make_network()
    contact = make_contact(network)
    common = {"action": "change", "change-selected": [contact.pk], "change-reason": "x"}
    response = _post(client, network, **common, **{"change-change": "confirm"})
    assert "on" in response.context["change"].errors
    response = _post(client, network, **common, **{"change-change": "visibility"})
    assert "visibility" in response.context["change"].errors


def test_an_editor_works_on_every_contact_of_their_network_and_nothing_else(client):
    own, other = make_network(), make_network()
    make_contact(own, name="Own secret", visibility=SECRETARIAT)
    elsewhere = make_contact(other, name="Elsewhere", visibility=PUBLIC)
    client.force_login(make_network_editor(own))
    assert [c.name for c in client.get(_url(own)).context["rows"]] == ["Own secret"]
    assert client.get(_url(other)).status_code == 403
    # Another network's contact slipped into the selection is not one of the choices.
    response = _post(client, own, action="change", **{"change-selected": [elsewhere.pk], "change-change": "end",
                                                       "change-reason": "x"})  # fmt: skip
    assert "selected" in response.context["change"].errors
    assert ContactPoint.objects.filter(pk=elsewhere.pk).exists()


def test_a_practitioner_without_admin_access_is_sent_to_the_login(client):
    network = make_network()
    client.force_login(make_practitioner())
    response = client.get(_url(network))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_editor_reads_in_a_fixed_number_of_queries(client, secretariat, django_assert_num_queries):
    network = make_network()
    for index in range(30):
        make_contact(network, name=f"Contact {index}", jurisdiction=Jurisdiction.objects.get(code="GH"))
    # session, user, the user's and their groups' permissions, the network, the contacts with their countries,
    # their count, the filter's countries; thirty contact points add none.
    with django_assert_num_queries(8):
        response = client.get(_url(network))
    assert len(response.context["rows"]) == 30
