"""Invitations to become a network's editor: sent from the admin, one-time expiring links, the list with
resend and revoke, and every bad link refused with a clear message and nothing saved (issue 12, §4)."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import NetworkEditor
from outreach.models import Invitation
from outreach.services import invitation_revoke

from .factories import make_network, make_network_editor, make_secretariat_member, make_user
from .mailserver import body

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-passphrase-19"


@pytest.fixture
def secretariat(client):
    client.force_login(make_secretariat_member())
    return client


def _invite(client, network, email="rep@example.org", language="en"):
    form = {"network": network.pk, "email": email, "language": language}
    response = client.post(reverse("admin:outreach_invitation_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Invitation.objects.get(email__iexact=email, network=network)


def _link(message_body):
    return re.search(r"http://testserver(/en/invitations/\S+/)", message_body).group(1)


def _accept(client, link, password=NEW_PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_the_network_admin_page_offers_to_invite_an_editor(secretariat):
    network = make_network()
    page = secretariat.get(reverse("admin:networks_network_change", args=[network.pk])).content.decode()
    assert f"{reverse('admin:outreach_invitation_add')}?network={network.pk}" in page
    form = secretariat.get(reverse("admin:outreach_invitation_add") + f"?network={network.pk}")
    assert form.context["adminform"].form.initial["network"] == str(network.pk)


def test_an_invitation_arrives_through_smtp_and_its_link_makes_an_editor_once(secretariat, smtp_inbox):
    network = make_network(name="CARIN")
    invitation = _invite(secretariat, network)
    [message] = smtp_inbox.to("rep@example.org")
    assert "CARIN" in message["Subject"]
    link = _link(body(message))
    secretariat.logout()

    page = secretariat.get(link)
    assert page.status_code == 200 and "Become an editor of CARIN" in page.content.decode()
    response = _accept(secretariat, link)
    assert response.status_code == 302 and response.url == reverse("admin:networks_network_change", args=[network.pk])
    user = User.objects.get(username="rep@example.org")
    assert user.check_password(NEW_PASSWORD) and user.is_staff
    assert user.groups.filter(name="Network editors").exists()
    assert NetworkEditor.objects.filter(user=user, network=network).exists()
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED and invitation.accepted_by == user
    # Signed in as the new editor, on the network's admin page.
    assert secretariat.get(response.url).status_code == 200

    # Reused: refused with a message, nothing changed.
    secretariat.logout()
    again = _accept(secretariat, link, password="yet-another-passphrase-33")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_with_its_date_and_nothing_is_saved(secretariat):
    network = make_network()
    _invite(secretariat, network)
    link = _link(mail.outbox[-1].body)
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=15))
    secretariat.logout()
    response = _accept(secretariat, link)
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert not User.objects.filter(username="rep@example.org").exists()
    assert not NetworkEditor.objects.filter(network=network).exists()


def test_resend_replaces_the_link_and_revoke_closes_it(secretariat):
    network = make_network()
    invitation = _invite(secretariat, network)
    first = _link(mail.outbox[-1].body)
    changelist = reverse("admin:outreach_invitation_changelist")
    secretariat.post(changelist, {"action": "resend", "_selected_action": [invitation.pk]})
    second = _link(mail.outbox[-1].body)
    assert len(mail.outbox) == 2 and first != second
    invitation.refresh_from_db()
    assert invitation.times_sent == 2

    assert "newer invitation replaced this link" in secretariat.get(first).content.decode()
    assert secretariat.get(second).status_code == 200

    secretariat.post(changelist, {"action": "revoke", "_selected_action": [invitation.pk]})
    response = secretariat.get(second)
    assert response.status_code == 410 and "withdrew this invitation" in response.content.decode()
    assert _accept(secretariat, second).status_code == 410
    assert not NetworkEditor.objects.filter(network=network).exists()


def test_a_forged_or_cut_link_is_refused(client):
    response = client.get(reverse("invitation-accept", args=["not-a-signed-value"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_link_for_a_deleted_network_is_refused(secretariat):
    network = make_network()
    _invite(secretariat, network)
    link = _link(mail.outbox[-1].body)
    network.delete()
    response = _accept(secretariat, link)
    assert response.status_code == 410 and "no longer exists" in response.content.decode()
    assert not User.objects.filter(username="rep@example.org").exists()


def test_an_existing_account_with_that_address_becomes_the_editor(secretariat):
    network = make_network()
    existing = make_user(email="Rep@Example.org")
    _invite(secretariat, network, email="rep@example.org")
    link = _link(mail.outbox[-1].body)
    secretariat.logout()
    assert "Your account: " in secretariat.get(link).content.decode()
    _accept(secretariat, link)
    assert NetworkEditor.objects.filter(user=existing, network=network).exists()
    assert User.objects.filter(email__iexact="rep@example.org").count() == 1


def test_an_invitation_to_a_capitalised_address_is_accepted_by_the_account_of_that_address(secretariat):
    network = make_network()
    existing = make_user(username="ana", email="ana@example.org")
    invitation = _invite(secretariat, network, email="Ana@Example.org")
    assert invitation.email == "Ana@example.org"  # stored as Django stores a user's address: the domain in lower case
    link = _link(mail.outbox[-1].body)
    secretariat.logout()
    assert _accept(secretariat, link).status_code == 302
    assert NetworkEditor.objects.filter(user=existing, network=network).exists()
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1


def test_a_second_invitation_in_waiting_to_one_address_in_another_case_is_refused_on_the_address(secretariat):
    network, other = make_network(), make_network()
    first = _invite(secretariat, network, email="Ana@Example.org")
    for written in ["ana@example.org", "ANA@EXAMPLE.ORG", "Ana@Example.org"]:
        form = {"network": network.pk, "email": written, "language": "en"}
        response = secretariat.post(reverse("admin:outreach_invitation_add"), form)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["email"] == [
            "This address already has an invitation to this network waiting (or expired): send it again, or revoke "
            "it, from the list of invitations."
        ]
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1
    _invite(secretariat, other, email="ana@example.org")  # another network's invitation is another matter
    invitation_revoke(invitation=first)  # once closed, the address may be invited again
    form = {"network": network.pk, "email": "ana@example.org", "language": "en"}
    assert secretariat.post(reverse("admin:outreach_invitation_add"), form).status_code == 302
    assert Invitation.objects.get(network=network, state=Invitation.State.SENT).email == "ana@example.org"


def test_an_internationalised_domain_is_one_address_whether_written_in_unicode_or_punycode(secretariat):
    network = make_network()
    existing = make_user(username="ana", email="ana@xn--bcher-kva.example")  # the account holds the ASCII form
    form = {"network": network.pk, "email": "ana@XN--BCHER-KVA.example", "language": "en"}
    assert secretariat.post(reverse("admin:outreach_invitation_add"), form).status_code == 302
    assert Invitation.objects.get(network=network).email == "ana@bücher.example"
    form = {"network": network.pk, "email": "ana@Bücher.example", "language": "en"}
    response = secretariat.post(reverse("admin:outreach_invitation_add"), form)
    assert (
        response.status_code == 200
        and "already has an invitation" in response.context["adminform"].form.errors["email"][0]
    )
    assert mail.outbox[-1].to == ["ana@bücher.example"] and len(mail.outbox) == 1
    link = _link(mail.outbox[-1].body)
    secretariat.logout()
    assert _accept(secretariat, link).status_code == 302
    assert NetworkEditor.objects.filter(user=existing, network=network).exists()
    assert User.objects.count() == 2  # the secretariat's member and Ana: no second account for the other form


def test_the_database_refuses_two_invitations_in_waiting_differing_only_in_case():
    network = make_network()
    Invitation.objects.create(network=network, email="Ana@example.org")
    Invitation.objects.create(network=network, email="ana@example.org", state="accepted", closed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(network=network, email="ANA@example.org")
    assert Invitation.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # SQLite changes a table's constraints only outside a transaction
def test_the_migration_keeps_the_last_of_invitations_in_waiting_that_differ_only_in_case():
    from importlib import import_module

    from django.apps import apps

    network = make_network()
    constraint = next(
        c for c in Invitation._meta.constraints if c.name == "outreach_invitation_one_waiting_per_address"
    )
    with connection.schema_editor() as editor:  # the table as it was before the migration
        editor.remove_constraint(Invitation, constraint)
    try:
        earlier = timezone.now() - datetime.timedelta(days=3)
        Invitation.objects.create(network=network, email="ana@example.org", sent_at=earlier)
        Invitation.objects.create(network=network, email="Ana@Example.ORG")
        Invitation.objects.create(network=network, email="Bob@EXAMPLE.org")
        import_module("outreach.migrations.0002_invitation_one_waiting_per_address").one_waiting_per_address(apps, None)
    finally:
        with connection.schema_editor() as editor:
            editor.add_constraint(Invitation, constraint)
    rows = {(row.email, row.state) for row in Invitation.objects.all()}
    assert rows == {("ana@example.org", "revoked"), ("Ana@example.org", "sent"), ("Bob@example.org", "sent")}


def test_a_weak_password_is_refused_on_the_form_and_the_link_still_works(client, secretariat):
    network = make_network()
    _invite(secretariat, network)
    link = _link(mail.outbox[-1].body)
    secretariat.logout()
    response = _accept(secretariat, link, password="short")
    assert response.status_code == 200 and "too short" in response.content.decode()
    assert Invitation.objects.get().state == Invitation.State.SENT
    assert _accept(secretariat, link).status_code == 302


def test_the_list_shows_sent_accepted_expired_and_revoked(secretariat):
    network = make_network()
    states = {}
    for email in ("sent@example.org", "accepted@example.org", "expired@example.org", "revoked@example.org"):
        states[email] = _invite(secretariat, network, email=email)
    Invitation.objects.filter(email="accepted@example.org").update(state="accepted", closed_at=timezone.now())
    Invitation.objects.filter(email="revoked@example.org").update(state="revoked", closed_at=timezone.now())
    Invitation.objects.filter(email="expired@example.org").update(sent_at=timezone.now() - datetime.timedelta(days=30))
    changelist = reverse("admin:outreach_invitation_changelist")
    for status, email in [
        ("sent", "sent@"),
        ("accepted", "accepted@"),
        ("expired", "expired@"),
        ("revoked", "revoked@"),
    ]:
        page = secretariat.get(changelist, {"status": status}).content.decode().split('id="result_list"')[1]
        listed = set(re.findall(r"(\w+)@example\.org", page))
        assert listed == {email.rstrip("@")}, (status, listed)
    assert "Expired" in secretariat.get(changelist).content.decode()


def test_network_editors_cannot_see_or_send_invitations(client):
    network = make_network()
    client.force_login(make_network_editor(network))
    assert client.get(reverse("admin:outreach_invitation_changelist")).status_code == 403
    response = client.post(reverse("admin:outreach_invitation_add"), {"network": network.pk, "email": "x@example.org"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
