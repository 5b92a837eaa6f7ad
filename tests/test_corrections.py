"""Suggest a correction, and the secretariat's review queue (issue 12, §3): nothing is published until
accepted; accepting applies in one transaction and records proposer and reviewer; a rejected request
changes nothing; a stale one shows its conflict; the proposer is e-mailed at each step."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from accounts.erasure import personal_data_erase
from corrections.models import ChangeRequest
from corrections.operations import create_op, delete_op, set_op
from countries.models import Jurisdiction
from networks.models import ContactPoint, Membership, Network, NetworkAlias

from .admin_forms import add_inline_row, form_data, inline_prefix
from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_secretariat_member,
    make_source,
    make_topic,
)
from .mailserver import body

pytestmark = pytest.mark.django_db


def _suggest(client, network, **data):
    values = {"subject": "field", "source": "https://example.org/annual-report", "email": "visitor@example.org", **data}
    return client.post(reverse("correction-suggest", args=[network.slug]), values)


@pytest.fixture
def reviewer(client):
    user = make_secretariat_member(username="reviewer-sam")
    return user


def _review(client, user, change_request, **data):
    client.force_login(user)
    return client.post(reverse("admin:corrections_changerequest_change", args=[change_request.pk]), data)


def test_every_network_page_offers_suggest_a_correction(client):
    network = make_network()
    page = client.get(reverse("network-detail", args=[network.slug])).content.decode()
    assert f'href="{reverse("correction-suggest", args=[network.slug])}"' in page


def test_the_form_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    network = make_network()
    for n in range(5):
        make_membership(network, make_organisation())
        make_contact(network, visibility="public", name=f"Public {n}")
    # network; current memberships with their members; visible contact points with jurisdictions
    with django_assert_num_queries(3):
        response = client.get(reverse("correction-suggest", args=[network.slug]))
    assert response.status_code == 200


def test_a_suggestion_is_received_and_e_mailed_but_publishes_nothing(
    client, smtp_inbox, django_capture_on_commit_callbacks
):
    network = make_network(name="CARIN", website="https://old.example.org")
    revision = Network.objects.get(pk=network.pk).revision
    with django_capture_on_commit_callbacks(execute=True):
        response = _suggest(client, network, field="website", value="https://new.example.org")
    assert response.status_code == 200 and "has been received" in response.content.decode()
    request = ChangeRequest.objects.get()
    assert request.state == ChangeRequest.State.RECEIVED and request.base_revision == revision
    assert request.changes == [
        {"op": "set", "model": "networks.network", "pk": network.pk, "field": "website",
         "old": "https://old.example.org", "new": "https://new.example.org"}
    ]  # fmt: skip
    stored = Network.objects.get(pk=network.pk)
    assert stored.website == "https://old.example.org" and stored.revision == revision
    [message] = smtp_inbox.to("visitor@example.org")
    assert message["Subject"] == f"Your suggestion about CARIN was received (#{request.pk})"
    assert "reviews every suggestion before anything changes" in body(message)


def test_each_kind_needs_its_own_fields_and_a_source(client):
    network = make_network()
    response = _suggest(client, network, subject="field", source="")
    form = response.context["form"]
    assert response.status_code == 400
    assert set(form.errors) == {"field", "value", "source"}
    response = _suggest(client, network, subject="member_add", member="Atlantis", role="member")
    assert "knows no country, organisation or network called “Atlantis”" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_saved_or_sent(client):
    response = _suggest(client, make_network(), field="name", value="Spam", homepage="http://spam.example")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not ChangeRequest.objects.exists() and mail.outbox == []


def test_it_limits_suggestions_per_address_and_per_e_mail(client, settings):
    settings.CORRECTIONS_PER_ADDRESS_PER_DAY, settings.CORRECTIONS_PER_EMAIL_PER_DAY = 3, 2
    network = make_network()
    for n in range(2):
        assert _suggest(client, network, field="name", value=f"Name {n}").status_code == 200
    refused = _suggest(client, network, field="name", value="Name 3")
    assert refused.status_code == 429 and "Too many corrections" in refused.content.decode()
    # Another e-mail from the same address: one more, then the address's limit.
    assert _suggest(client, network, field="name", value="x", email="other@example.org").status_code == 200
    assert _suggest(client, network, field="name", value="y", email="third@example.org").status_code == 429
    # Another address, the same e-mail: still limited by the e-mail.
    other = client.post(
        reverse("correction-suggest", args=[network.slug]),
        {"subject": "field", "field": "name", "value": "z", "source": "s", "email": "VISITOR@example.org"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 429
    assert ChangeRequest.objects.count() == 3


def test_a_suggestion_for_a_deleted_network_is_a_404(client):
    network = make_network()
    url = reverse("correction-suggest", args=[network.slug])
    network.delete()
    assert (
        client.post(url, {"subject": "other", "explanation": "x", "source": "s", "email": "v@example.org"}).status_code
        == 404
    )
    assert not ChangeRequest.objects.exists()


def test_only_contact_points_the_visitor_may_see_can_be_named(client):
    network = make_network()
    public = make_contact(network, visibility="public", name="Open office")
    hidden = make_contact(network, visibility="secretariat", name="Hidden person")
    page = client.get(reverse("correction-suggest", args=[network.slug])).content.decode()
    assert "Open office" in page and "Hidden person" not in page
    response = _suggest(
        client, network, subject="contact", contact=hidden.pk, contact_field="email", value="x@example.org"
    )
    assert "contact" in response.context["form"].errors
    response = _suggest(
        client, network, subject="contact", contact=public.pk, contact_field="email", value="new@example.org"
    )
    assert response.status_code == 200 and ChangeRequest.objects.get().changes[0]["pk"] == public.pk


def test_accepting_applies_every_change_in_one_transaction_with_proposer_and_reviewer(
    client, reviewer, smtp_inbox, django_capture_on_commit_callbacks
):
    network = make_network(name="CARIN")
    ended = make_membership(network, make_organisation(name="Old partner"))
    _suggest(client, network, subject="member_end", membership=ended.pk, until="2024-06-30")
    _suggest(
        client,
        network,
        subject="member_add",
        member="Ghana",
        role="observer",
        since="2025-01-01",
        email="v2@example.org",
    )
    end_request, add_request = ChangeRequest.objects.order_by("pk")
    page = (
        client.force_login(reviewer),
        client.get(reverse("admin:corrections_changerequest_change", args=[end_request.pk])),
    )[1]
    assert page.status_code == 200 and "2024-06-30" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = _review(client, reviewer, end_request, decision="accept")
    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.until == datetime.date(2024, 6, 30)
    latest = ended.history.first()
    assert latest.history_user == reviewer
    end_request.refresh_from_db()
    assert (end_request.state, end_request.reviewer) == (ChangeRequest.State.ACCEPTED, reviewer)
    # One change set in the timeline, with the proposer and the reviewer.
    change_set = end_request.change_set
    assert (change_set.user, change_set.reviewer, change_set.proposer_email) == (
        reviewer,
        reviewer,
        "visitor@example.org",
    )
    assert latest.change_set_id == change_set.pk
    assert change_set.reason == f"Change request #{end_request.pk}, accepted after review"
    assert "has been accepted" in body(smtp_inbox.to("visitor@example.org")[-1])
    _public_timelines_name_nobody(client, network, reviewer, emails=["visitor@example.org"])
    client.force_login(reviewer)

    # The other request was made before that change: a conflict, applied only over it, deliberately.
    response = _review(client, reviewer, add_request, decision="accept")
    assert response.status_code == 200 and "The entry changed since this was proposed" in response.content.decode()
    assert not Membership.objects.filter(network=network, jurisdiction__code="GH").exists()
    _review(client, reviewer, add_request, decision="accept", over_changes="yes")
    added = Membership.objects.get(network=network, jurisdiction__code="GH")
    assert (added.role, added.since) == ("observer", datetime.date(2025, 1, 1))


def test_a_member_since_a_year_and_an_end_in_a_month_are_suggested_and_accepted_with_their_precision(client, reviewer):
    network = make_network(name="CARIN")
    leaving = make_membership(network, make_organisation(name="Old partner"))
    response = _suggest(client, network, subject="member_add", member="Ghana", role="observer", since="2019")
    assert response.status_code == 200
    assert _suggest(client, network, subject="member_end", membership=leaving.pk, until="2024-06").status_code == 200
    add_request, end_request = ChangeRequest.objects.order_by("pk")
    _review(client, reviewer, add_request, decision="accept")
    added = Membership.objects.get(network=network, jurisdiction__code="GH")
    assert (added.since, added.since_precision) == (datetime.date(2019, 1, 1), "year")
    _review(client, reviewer, end_request, decision="accept", over_changes="yes")
    leaving.refresh_from_db()
    assert (leaving.until, leaving.until_precision) == (datetime.date(2024, 6, 1), "month")


def test_an_end_known_to_the_year_corrected_to_a_day_changes_date_and_precision_together(client, reviewer):
    network = make_network()
    leaving = make_membership(network, make_organisation(), until=datetime.date(2099, 1, 1), until_precision="year")
    _suggest(client, network, subject="member_end", membership=leaving.pk, until="2024-06-15")
    assert [op["field"] for op in ChangeRequest.objects.get().changes] == ["until", "until_precision"]
    response = _review(client, reviewer, ChangeRequest.objects.get(), decision="accept")
    assert response.status_code == 302
    leaving.refresh_from_db()
    assert (leaving.until, leaving.until_precision) == (datetime.date(2024, 6, 15), "")


def test_a_date_the_suggestion_form_cannot_read_is_refused_saying_how_to_write_it(client):
    network = make_network()
    leaving = make_membership(network, make_organisation())
    for written in ["30/06/2024", "June 2024", "2024-13", "2024-02-30", "２０２４"]:
        response = _suggest(client, network, subject="member_end", membership=leaving.pk, until=written)
        assert response.status_code == 400
        [error] = response.context["form"].errors["until"]
        assert error == (
            f"“{written}” is not a date: a date is written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or "
            "year is known."
        )
    assert not ChangeRequest.objects.exists()


def test_a_change_that_fails_validation_applies_nothing(client, reviewer):
    # Valid when suggested; the secretariat then records the network's founding year, which the date precedes.
    network = make_network(name="CARIN")
    assert (
        _suggest(client, network, subject="member_add", member="Ghana", role="observer", since="2000").status_code
        == 200
    )
    Network.objects.filter(pk=network.pk).update(established=2004)
    response = _review(client, reviewer, ChangeRequest.objects.get(), decision="accept")
    assert "Since 2000 is before CARIN was established (2004)." in response.content.decode()
    assert not Membership.objects.filter(network=network).exists()
    assert ChangeRequest.objects.get().state == ChangeRequest.State.RECEIVED


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("established", "two thousand", "Enter a whole number, written with the digits 0 to 9."),
        ("established", "２００４", "Enter a whole number, written with the digits 0 to 9."),
        ("established", "1200", "1200 is too early: the registry lists networks set up from 1850 on."),
        ("established", "2099", "2099 has not come yet: write the year the network was set up."),
        ("website", "ftp://example.org", "Enter a web address that starts with http:// or https://."),
        ("status", "sleeping", "“sleeping” is not one of: Active, Dormant, Defunct, Unknown."),
    ],
)
def test_a_value_the_field_refuses_is_refused_when_suggested_not_when_accepted(client, field, value, error):
    response = _suggest(client, make_network(), field=field, value=value)
    assert response.status_code == 400
    assert any(message.startswith(error.rstrip(".")) for message in response.context["form"].errors["value"])
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("value", ["2101", "99999999999999999999"])
def test_a_year_to_come_is_refused_with_one_message(client, value):
    response = _suggest(client, make_network(), field="established", value=value)
    assert response.context["form"].errors["value"] == [
        f"{value} has not come yet: write the year the network was set up."
    ]


def test_an_end_before_the_founding_is_refused_when_suggested_as_the_review_would(client):
    network = make_network(name="WACAP", established=2013)
    leaving = make_membership(network, make_organisation())
    response = _suggest(client, network, subject="member_end", membership=leaving.pk, until="1850")
    assert response.status_code == 400
    assert response.context["form"].errors["until"] == ["Until 1850 is before WACAP was established (2013)."]
    assert not ChangeRequest.objects.exists()


def test_an_end_before_the_member_joined_is_refused_when_suggested(client):
    network = make_network()
    leaving = make_membership(network, make_organisation(), since=datetime.date(2020, 1, 1))
    response = _suggest(client, network, subject="member_end", membership=leaving.pk, until="2019")
    assert response.context["form"].errors["until"] == ["“Until” cannot be before “since”."]
    assert not ChangeRequest.objects.exists()


def test_an_end_still_to_come_is_accepted_as_the_member_editor_accepts_it(client, reviewer):
    # A membership may be dated to end later (a withdrawal taking effect), as the editors and imports allow.
    network = make_network()
    leaving = make_membership(network, make_organisation())
    assert _suggest(client, network, subject="member_end", membership=leaving.pk, until="2030-01").status_code == 200
    _review(client, reviewer, ChangeRequest.objects.get(), decision="accept")
    leaving.refresh_from_db()
    assert (leaving.until, leaving.until_precision) == (datetime.date(2030, 1, 1), "month")


def test_a_member_that_already_has_the_role_is_refused_when_suggested(client):
    network = make_network(name="WACAP")
    make_membership(network, Jurisdiction.objects.get(code="GH"), role="member")
    response = _suggest(client, network, subject="member_add", member="Ghana", role="member")
    assert response.context["form"].errors["member"] == ["This jurisdiction already has this role in this network."]
    assert _suggest(client, network, subject="member_add", member="Ghana", role="observer").status_code == 200


def test_a_choice_may_be_suggested_by_its_label_and_is_stored_as_its_value(client):
    network = make_network(status="active")
    assert _suggest(client, network, field="status", value=" Dormant ").status_code == 200
    assert ChangeRequest.objects.get().changes[0]["new"] == "dormant"


def test_a_member_needs_a_name_that_designates_one_member_and_a_date_after_the_founding(client):
    network = make_network(name="WACAP", established=2013)
    response = _suggest(client, network, subject="member_add", member="Congo", role="observer", since="2014")
    assert response.status_code == 400
    assert response.context["form"].errors["member"] == [
        "“Congo” could mean Congo (CG) or Congo, The Democratic Republic of the (CD): choose one."
    ]
    response = _suggest(client, network, subject="member_add", member="Ghana", role="observer", since="1990")
    assert response.context["form"].errors["since"] == ["Since 1990 is before WACAP was established (2013)."]
    assert not ChangeRequest.objects.exists()
    with translation.override("fr"):  # "or" in the page's language
        response = client.post(
            reverse("correction-suggest", args=[network.slug]),
            {"subject": "member_add", "member": "Congo", "role": "observer", "source": "x", "email": "a@example.org"},
        )
    [error] = response.context["form"].errors["member"]
    assert " (CG) ou " in error and " or " not in error


def test_a_conflict_shows_the_field_changed_meanwhile(client, reviewer):
    network = make_network(acronym="OLD")
    _suggest(client, network, field="acronym", value="PROPOSED")
    network.acronym = "MEANWHILE"
    network.save()
    response = _review(client, reviewer, ChangeRequest.objects.get(), decision="accept")
    page = response.content.decode()
    assert "changed meanwhile" in page and "MEANWHILE" in page and "PROPOSED" in page
    assert Network.objects.get(pk=network.pk).acronym == "MEANWHILE"


def test_rejecting_needs_a_reason_changes_nothing_and_tells_the_proposer(
    client, reviewer, smtp_inbox, django_capture_on_commit_callbacks
):
    network = make_network(name="CARIN")
    _suggest(client, network, field="name", value="Something else")
    request = ChangeRequest.objects.get()
    revision = Network.objects.get(pk=network.pk).revision
    response = _review(client, reviewer, request, decision="reject", note="  ")
    assert "Give the reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _review(client, reviewer, request, decision="reject", note="The network's own site still says so.")
    stored = Network.objects.get(pk=network.pk)
    assert (stored.name, stored.revision) == ("CARIN", revision)
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.REJECTED
    assert "The network's own site still says so." in body(smtp_inbox.to("visitor@example.org")[-1])
    # Decided once: accepting it now is refused.
    response = _review(client, reviewer, request, decision="accept")
    assert "already rejected" in response.content.decode()
    assert Network.objects.get(pk=network.pk).name == "CARIN"


def test_asking_a_question_mails_it_and_keeps_the_request_in_the_queue(
    client, reviewer, django_capture_on_commit_callbacks
):
    network = make_network()
    _suggest(client, network, subject="other", explanation="The secretariat moved to Lisbon.")
    request = ChangeRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _review(client, reviewer, request, decision="question", note="Which source says so?")
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.QUESTION
    assert "Which source says so?" in mail.outbox[-1].body
    assert list(ChangeRequest.objects.waiting()) == [request]
    queue = client.get(reverse("admin:corrections_changerequest_changelist"), {"state": "waiting"})
    assert f"#{request.pk}" in queue.content.decode()


def test_accepting_something_else_asks_what_will_change_tells_the_proposer_and_opens_the_entry(
    client, reviewer, django_capture_on_commit_callbacks
):
    network = make_network()
    _suggest(client, network, subject="other", explanation="The secretariat moved to Lisbon.")
    request = ChangeRequest.objects.get()
    client.force_login(reviewer)
    page = client.get(reverse("admin:corrections_changerequest_change", args=[request.pk])).content.decode()
    assert "Accept and open the entry" in page and 'name="note"' in page
    refused = _review(client, reviewer, request, decision="accept", note=" ")
    assert "Say what you will change" in refused.content.decode()
    assert ChangeRequest.objects.get().state == ChangeRequest.State.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):
        response = _review(client, reviewer, request, decision="accept", note="Address updated to Lisbon.")
    assert response["Location"] == reverse("admin:networks_network_change", args=[network.pk])
    request.refresh_from_db()
    assert (request.state, request.review_note, request.reviewer) == (
        "accepted",
        "Address updated to Lisbon.",
        reviewer,
    )
    assert "What the secretariat will change: Address updated to Lisbon." in mail.outbox[-1].body
    assert "now shows it" not in mail.outbox[-1].body
    followed = client.get(response["Location"])
    assert "Now make the change" in followed.content.decode()


def test_a_request_whose_network_was_deleted_can_only_be_rejected(client, reviewer):
    network = make_network()
    _suggest(client, network, field="name", value="New")
    request = ChangeRequest.objects.get()
    network.delete()
    response = _review(client, reviewer, request, decision="accept")
    assert "can only be rejected" in response.content.decode()
    _review(client, reviewer, request, decision="reject", note="The network is gone.")
    assert ChangeRequest.objects.get().state == ChangeRequest.State.REJECTED


def test_network_editors_cannot_open_the_review_queue(client):
    network = make_network()
    _suggest(client, network, field="name", value="New")
    client.force_login(make_network_editor(network))
    assert client.get(reverse("admin:corrections_changerequest_changelist")).status_code == 403
    url = reverse("admin:corrections_changerequest_change", args=[ChangeRequest.objects.get().pk])
    client.post(url, {"decision": "accept"})
    assert Network.objects.get(pk=network.pk).name != "New"


def _held_editor(network, held=True):
    editor = make_network_editor(network, email="editor@example.org")
    editor.network_assignments.update(review_required=held)
    return editor


def test_a_held_editors_contact_point_save_waits_in_the_queue(client, reviewer, django_capture_on_commit_callbacks):
    network = make_network()
    contact = make_contact(network, email="old@example.org", visibility="public")
    editor = _held_editor(network)
    client.force_login(editor)
    url = reverse("admin:networks_contactpoint_change", args=[contact.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(email="new@example.org", network=network.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ContactPoint.objects.get(pk=contact.pk).email == "old@example.org"
    request = ChangeRequest.objects.get()
    assert (request.origin, request.proposer) == (ChangeRequest.Origin.EDITOR, editor)
    assert request.changes == [
        {"op": "set", "model": "networks.contactpoint", "pk": contact.pk, "field": "email",
         "old": "old@example.org", "new": "new@example.org"}
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        _review(client, reviewer, request, decision="accept")
    contact.refresh_from_db()
    assert contact.email == "new@example.org"
    assert contact.history.first().history_user == reviewer
    _public_timelines_name_nobody(client, network, editor, reviewer)


def test_the_review_page_names_an_editor_without_an_e_mail_address_without_empty_brackets(client, reviewer):
    network = make_network()
    editor = make_network_editor(network, username="editor2", email="")
    request = ChangeRequest.objects.create(
        network=network,
        network_name=network.name,
        origin=ChangeRequest.Origin.EDITOR,
        changes=[set_op(network, "acronym", "NEW")],
        proposer=editor,
        proposer_email="",
        base_revision=1,
    )
    client.force_login(reviewer)
    response = client.get(reverse("admin:corrections_changerequest_change", args=[request.pk]))
    assertContains(response, "<dd>editor2, ", count=1)
    assertNotContains(response, "&lt;&gt;")


def _public_timelines_name_nobody(client, network, *people, emails=()):
    """The public timelines and their feeds, in both languages, name neither proposer nor reviewer."""
    client.logout()
    urls = [reverse("changes-feed"), reverse("network-changes-feed", args=[network.slug])]
    for language in ("en", "fr"):
        with translation.override(language):
            urls += [reverse("changes"), reverse("network-changes", args=[network.slug])]
    traces = [*emails]
    for person in people:
        traces += [person.email, person.get_username(), person.get_full_name()]
    for url in urls:
        page = client.get(url).content.decode()
        assert "accepted after review" in page or "acceptée après examen" in page, url
        assert [trace for trace in traces if trace and trace in page] == [], url


def test_a_held_editors_deletion_waits_and_a_direct_editor_publishes_at_once(client):
    network = make_network()
    membership = make_membership(network, make_organisation())
    client.force_login(_held_editor(network))
    client.post(reverse("admin:networks_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert ChangeRequest.objects.get().changes == [
        {"op": "delete", "model": "networks.membership", "pk": membership.pk, "label": str(membership)}
    ]
    other = make_network()
    direct = make_membership(other, make_organisation())
    client.force_login(make_network_editor(other))
    client.post(reverse("admin:networks_membership_delete", args=[direct.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=direct.pk).exists()
    assert ChangeRequest.objects.count() == 1


def test_what_the_registry_writes_in_a_request_is_worded_in_its_readers_language(client, reviewer):
    """A held editor's save in the French admin: the explanation the registry writes and the deleted row's label
    are kept as what they say, and the English review page words them in English (the French one in French)."""
    network = make_network()
    membership = make_membership(network, Jurisdiction.objects.get(code="GH"))
    editor = _held_editor(network)
    client.force_login(editor)
    url = reverse("admin:networks_membership_delete", args=[membership.pk])
    client.post(url, {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="fr")
    request = ChangeRequest.objects.get()
    with translation.override("en"):
        assert request.changes[0]["label"] == str(membership)
    client.force_login(reviewer)
    review = reverse("admin:corrections_changerequest_change", args=[request.pk])
    english = client.get(review, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(english, f"Saved in the administration by {editor.get_username()}.", count=1)
    assertNotContains(english, "administration par")
    french = client.get(review, HTTP_ACCEPT_LANGUAGE="fr")
    assertContains(french, f"Enregistré dans l’administration par {editor.get_username()}.", count=1)


def test_the_migration_reads_explanations_stored_before_in_either_language():
    """corrections/0003: a held admin save's explanation, stored in English or French, becomes structured."""
    from importlib import import_module

    read = import_module("corrections.migrations.0003_system_explanations")._read
    english = "Saved in the administration by eddie."
    assert read("Enregistré dans l’administration par eddie.") == ("saved_in_admin", {"user": "eddie"}, english)
    assert read(english) == ("saved_in_admin", {"user": "eddie"}, english)
    assert read("Joined in 2024") is None


def test_a_held_editors_network_form_with_an_inline_row_becomes_one_request(client, reviewer):
    network = make_network(acronym="OLD")
    client.force_login(_held_editor(network))
    url = reverse("admin:networks_network_change", args=[network.pk])
    page = client.get(url)
    data = form_data(page)
    data["acronym_en"] = "NEW"
    add_inline_row(data, inline_prefix(page, NetworkAlias), {"name": "Another name", "kind": "variant", "note": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Network.objects.get(pk=network.pk)
    assert stored.acronym == "OLD" and not NetworkAlias.objects.filter(network=network).exists()
    request = ChangeRequest.objects.get()
    assert [(op["op"], op["model"]) for op in request.changes] == [
        ("set", "networks.network"),
        ("create", "networks.networkalias"),
    ]
    review = (
        client.force_login(reviewer),
        client.get(reverse("admin:corrections_changerequest_change", args=[request.pk])),
    )[1]
    assert "NEW" in review.content.decode() and "Another name" in review.content.decode()
    _review(client, reviewer, request, decision="accept")
    assert Network.objects.get(pk=network.pk).acronym == "NEW"
    assert NetworkAlias.objects.get(network=network).name == "Another name"


def test_erasing_a_contact_point_deletes_the_requests_that_hold_its_data(client):
    network = make_network()
    contact = make_contact(network, visibility="public", name="Jane Roe", email="jane@example.org")
    kept = make_contact(network, visibility="public", name="Other office")
    _suggest(client, network, subject="contact", contact=contact.pk, contact_field="phone", value="+32 2 000")
    _suggest(client, network, subject="other", explanation="Write to jane@example.org instead", email="b@example.org")
    _suggest(
        client,
        network,
        subject="contact",
        contact=kept.pk,
        contact_field="phone",
        value="+32 2 111",
        email="c@example.org",
    )
    assert ChangeRequest.objects.count() == 3
    personal_data_erase(record=contact)
    assert [request.changes[0]["pk"] for request in ChangeRequest.objects.all()] == [kept.pk]


def _requests_of_every_kind(network, count):
    """`count` requests, each with a field set, a member ended, a member deleted, a member and a topic proposed."""
    member = make_membership(network, Jurisdiction.objects.get(code="GH"))
    topic = make_topic(name="Cybercrime")
    changes = [
        set_op(network, "name", "A better name"),
        set_op(network, "topics", [topic]),
        set_op(member, "until", "2020-01-01"),
        delete_op(member),
        create_op(Membership, {"network_id": network.pk, "jurisdiction_id": Jurisdiction.objects.get(code="FR").pk,
                               "role": "member", "source_id": make_source().pk}),
    ]  # fmt: skip
    return [
        ChangeRequest.objects.create(
            network=network, network_name=network.name, changes=changes, proposer_email="a@example.org", base_revision=1
        )
        for _index in range(count)
    ]


@pytest.mark.parametrize("count", [1, 4])
def test_the_review_queue_lists_requests_in_a_fixed_number_of_queries(
    client, reviewer, count, django_assert_num_queries
):
    _requests_of_every_kind(make_network(), count)
    client.force_login(reviewer)
    # session, user, the user's and their groups' permissions, the count of requests shown and of all of them,
    # the requests with their reviewers: however many requests.
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:corrections_changerequest_changelist"))
    assert response.status_code == 200 and len(response.context["cl"].result_list) == count


def test_the_review_page_shows_its_diff_in_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries):
    [request] = _requests_of_every_kind(make_network(), 1)
    client.force_login(reviewer)
    # session, user, the request with its network and proposer, the user's and their groups' permissions; then
    # one query per kind of row: the networks and the memberships changed (with their members), the network's
    # topics now, the topics, jurisdictions and sources the values name.
    with django_assert_num_queries(11):
        response = client.get(reverse("admin:corrections_changerequest_change", args=[request.pk]))
    lines = response.context["lines"]
    assert [(line.action, line.field) for line in lines][:4] == [
        ("set", "Name"), ("set", "Topics"), ("set", "Until"), ("delete", "")
    ]  # fmt: skip
    assert {"France", "Cybercrime"} <= {line.proposed for line in lines}


def test_the_migration_removes_names_from_reasons_already_stored(client, reviewer):
    """Reasons written before corrections/0002 named the proposer and the reviewer; it rewrites them."""
    from importlib import import_module

    from django.apps import apps

    from upkeep.models import ChangeSet

    network = make_network()
    _suggest(client, network, subject="member_add", member="Ghana", role="observer", since="2025-01-01")
    request = ChangeRequest.objects.get()
    old_reason = f"Change request #{request.pk} proposed by visitor@example.org, accepted by sec"
    named = ChangeSet.objects.create(reason=old_reason)
    ChangeRequest.objects.filter(pk=request.pk).update(change_set=named)
    typed = ChangeSet.objects.create(reason="Updated from the 2024 annual report")
    import_module("corrections.migrations.0002_reasons_without_names").unname(apps, None)
    assert ChangeSet.objects.get(pk=named.pk).reason == f"Change request #{request.pk}, accepted after review"
    assert ChangeSet.objects.get(pk=typed.pk).reason == "Updated from the 2024 annual report"
