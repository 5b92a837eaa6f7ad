"""No lost updates in the admin: a save from a form opened before someone else's save is refused with
what changed meanwhile (issue 11, point 5, third bullet)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from countries.models import Jurisdiction
from networks.concurrency import EntryGuard
from networks.models import ContactPoint, Network, NetworkAlias, Relation

from .admin_forms import add_inline_row, form_data, inline_prefix
from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_relation,
    make_secretariat_member,
)


def _change_url(obj):
    return reverse(f"admin:networks_{obj._meta.model_name}_change", args=[obj.pk])


def _errors(response):
    return [str(error) for error in response.context["adminform"].form.non_field_errors()]


@pytest.fixture
def two_people(db):
    """Ama (secretariat) and Kofi (the network's editor), each with a browser of their own."""
    network = make_network(name="West African Network", description="The old description")
    ama, kofi = Client(), Client()
    ama.force_login(make_secretariat_member(username="ama"))
    kofi.force_login(make_network_editor(network, username="kofi"))
    return network, ama, kofi


def test_the_second_save_from_a_stale_network_form_is_refused_with_what_changed(two_people):
    network, ama, kofi = two_people
    url = _change_url(network)
    ama_page, kofi_page = ama.get(url), kofi.get(url)
    ama_data = form_data(ama_page)
    ama_data["description_en"] = "The new description"
    add_inline_row(ama_data, inline_prefix(ama_page, NetworkAlias), {"name": "WACAP", "kind": "acronym"})
    assert ama.post(url, ama_data).status_code == 302

    kofi_data = form_data(kofi_page)
    kofi_data["acronym_en"] = "WANet"
    refused = kofi.post(url, kofi_data)
    assert refused.status_code == 200
    errors = _errors(refused)
    assert errors[0].startswith("This network's entry (West African Network) was saved by someone else")
    assert any("Description [en]: “The old description” → “The new description” (by ama," in line for line in errors)
    assert any(line.startswith("Network alias “WACAP”: added (by ama,") for line in errors)
    network.refresh_from_db()
    assert (network.description, network.acronym) == ("The new description", "")
    assert refused.context["adminform"].form["acronym_en"].value() == "WANet"  # Kofi's input is kept

    # The form now carries the current version: saving again is Kofi's deliberate choice.
    again = kofi.post(url, form_data(refused))
    assert again.status_code == 302
    network.refresh_from_db()
    assert network.acronym == "WANet"


def test_a_change_to_an_inline_row_makes_the_network_form_stale(two_people):
    network, ama, kofi = two_people
    relation = make_relation(network, make_organisation(), kind=Relation.Kind.PARTNER, notes="Since 2013")
    url = _change_url(network)
    ama_page, kofi_page = ama.get(url), kofi.get(url)
    ama_data = form_data(ama_page)
    prefix = inline_prefix(ama_page, Relation)
    ama_data[f"{prefix}-0-notes"] = "Since 2013; hosted before"
    assert ama.post(url, ama_data).status_code == 302

    kofi_data = form_data(kofi_page)
    kofi_data[f"{prefix}-0-kind"] = Relation.Kind.HOSTED_BY
    refused = kofi.post(url, kofi_data)
    assert any("Notes: “Since 2013” → “Since 2013; hosted before”" in line for line in _errors(refused))
    relation.refresh_from_db()
    assert (relation.notes, relation.kind) == ("Since 2013; hosted before", Relation.Kind.PARTNER)


def test_a_record_saved_on_its_own_page_makes_the_network_form_stale_and_the_other_way_round(two_people):
    network, ama, kofi = two_people
    membership = make_membership(network, Jurisdiction.objects.get(code="GH"))
    network_page = kofi.get(_change_url(network))
    membership_page = ama.get(_change_url(membership))

    data = form_data(network_page)
    data["description_en"] = "Kofi's description"
    assert kofi.post(_change_url(network), data).status_code == 302  # the network's own fields only

    # Ama's membership form is not stale: nothing about that membership changed.
    data = form_data(membership_page)
    data["notes"] = "Ama's note"
    assert ama.post(_change_url(membership), data).status_code == 302

    # But the network form Kofi opened before Ama's membership save is.
    stale_network_page = network_page
    refused = kofi.post(_change_url(network), form_data(stale_network_page))
    assert any("Notes: “(empty)” → “Ama's note” (by ama," in line for line in _errors(refused))


def test_a_stale_form_of_a_record_on_its_own_page_is_refused_with_its_changes(two_people):
    network, ama, kofi = two_people
    contact = make_contact(network, name="Desk officer", email="old@example.org")
    kofi_page = kofi.get(_change_url(contact))
    ama_data = form_data(ama.get(_change_url(contact)))
    ama_data["email"] = "new@example.org"
    assert ama.post(_change_url(contact), ama_data).status_code == 302

    kofi_data = form_data(kofi_page)
    kofi_data["phone"] = "+233 30 000 0000"
    refused = kofi.post(_change_url(contact), kofi_data)
    assert refused.status_code == 200
    errors = _errors(refused)
    assert errors[0].startswith("This contact point was saved by someone else")
    assert any("Email: “old@example.org” → “new@example.org” (by ama," in line for line in errors)
    contact.refresh_from_db()
    assert (contact.email, contact.phone) == ("new@example.org", "")


def test_an_editor_is_not_shown_the_secretariats_internal_notes_in_the_refusal(two_people):
    network, ama, kofi = two_people
    url = _change_url(network)
    kofi_page = kofi.get(url)
    data = form_data(ama.get(url))
    data["internal_notes"] = "Secretariat only: funding in doubt"
    assert ama.post(url, data).status_code == 302
    refused = kofi.post(url, form_data(kofi_page))
    assert refused.status_code == 200
    assert "funding in doubt" not in refused.content.decode()
    assert "saved by someone else" in _errors(refused)[0]
    network.refresh_from_db()
    assert network.internal_notes == "Secretariat only: funding in doubt"


@pytest.mark.parametrize("version", ["", "999:not a date", "٥:2026-01-01T00:00:00+00:00", "1"])
def test_a_form_that_lost_or_forged_its_version_is_treated_as_stale(two_people, version):
    network, ama, _kofi = two_people
    data = form_data(ama.get(_change_url(network)))
    data["edit_version"] = version
    data["description_en"] = "From a doctored form"
    Network.objects.filter(pk=network.pk).update(revision=5)  # a forged "1" is then old
    response = ama.post(_change_url(network), data)
    assert response.status_code == 200
    assert "saved by someone else" in _errors(response)[0]
    network.refresh_from_db()
    assert network.description == "The old description"


def test_a_stale_revert_is_refused_too(two_people):
    network, ama, _kofi = two_people
    contact = make_contact(network, email="first@example.org")
    first = contact.history.get().history_id
    revert_url = reverse("admin:networks_contactpoint_simple_history", args=[contact.pk, first])
    revert_page = ama.get(revert_url)
    contact.email = "second@example.org"
    contact.save()
    response = ama.post(revert_url, form_data(revert_page))
    assert response.status_code == 200
    assert "saved by someone else" in _errors(response)[0]
    contact.refresh_from_db()
    assert contact.email == "second@example.org"


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_network_at_the_same_moment_on_postgresql_lose_nothing(monkeypatch):
    """The second save waits on the first one's row lock, then finds the revision moved and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time")
    network = make_network(description="Before both")
    url = _change_url(network)
    users = [get_user_model().objects.create_superuser(f"person{n}", f"p{n}@example.org", "x" * 20) for n in (1, 2)]
    clients = [Client(), Client()]
    for client, user in zip(clients, users, strict=True):
        client.force_login(user)
    pages = [client.get(url) for client in clients]

    claimed, release = threading.Event(), threading.Event()
    original_claim = EntryGuard.claim

    def claim_then_hold(self, obj, token, **kwargs):
        original_claim(self, obj, token, **kwargs)
        if threading.current_thread().name == "first":
            claimed.set()
            release.wait(20)  # holds the transaction (and the row lock) open

    monkeypatch.setattr(EntryGuard, "claim", claim_then_hold)
    responses = {}

    def save(name, client, page, description):
        data = form_data(page)
        data["description_en"] = description
        try:
            responses[name] = client.post(url, data)
        finally:
            connection.close()

    first = threading.Thread(target=save, name="first", args=("first", clients[0], pages[0], "First save"))
    second = threading.Thread(target=save, name="second", args=("second", clients[1], pages[1], "Second save"))
    first.start()
    assert claimed.wait(20)
    second.start()
    with connection.cursor() as cursor:  # wait until the second save is blocked on the first one's lock
        for _ in range(200):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the second save never waited for the first")
    release.set()
    first.join(20)
    second.join(20)
    assert responses["first"].status_code == 302
    assert responses["second"].status_code == 200
    assert "saved by someone else" in _errors(responses["second"])[0]
    network.refresh_from_db()
    assert network.description == "First save"
    assert ContactPoint.objects.count() == 0


def test_moving_a_record_to_another_network_makes_the_form_of_the_network_it_left_stale(two_people):
    network, ama, kofi = two_people
    contact = make_contact(network, name="Liaison officer", visibility=ContactPoint.Visibility.PRACTITIONERS)
    kofi_page = kofi.get(_change_url(network))  # shows the contact point among its inlines
    other = make_network(name="East African Network")
    data = form_data(ama.get(_change_url(contact)))
    data["network"] = str(other.pk)
    assert ama.post(_change_url(contact), data).status_code == 302
    refused = kofi.post(_change_url(network), form_data(kofi_page))
    assert refused.status_code == 200
    assert any("Network: “West African Network” → “East African Network” (by ama," in line for line in _errors(refused))
    contact.refresh_from_db()
    assert contact.network == other
