"""Reminders and confirmations: send_reminders, the one-click "still correct" link, the dashboard's
outreach columns, and the public pages' "Confirmed by the network on ..." (issue 12, §4)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from networks.models import Network, NetworkSource
from outreach.models import Reminder, months_before

from .factories import make_contact, make_network, make_network_editor, make_secretariat_member, make_source
from .mailserver import body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.REGISTRY_BASE_URL = "https://registry.example.org"


def _confirm_path(message_body):
    return re.search(r"https://registry\.example\.org(/en/confirm/\S+/)", message_body).group(1)


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 3, 12), 6) == datetime.date(2025, 9, 12)
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_it_reminds_each_editor_of_an_unconfirmed_entry_once_per_interval_and_records_it(smtp_inbox):
    network = make_network(name="CARIN")
    first, second = (make_network_editor(network, email=f"ed{n}@example.org") for n in (1, 2))
    make_network_editor(make_network(confirmed_on=timezone.localdate()), email="fresh@example.org")
    make_network(name="No editor")

    call_command("send_reminders")
    assert sorted(m["To"] for m in smtp_inbox.messages) == ["ed1@example.org", "ed2@example.org"]
    message = smtp_inbox.to("ed1@example.org")[0]
    assert message["Subject"] == "Is the entry of CARIN still correct?"
    text = body(message)
    assert "/confirm/" in text and reverse("admin:networks_network_change", args=[network.pk]) in text
    assert set(Reminder.objects.values_list("recipient", flat=True)) == {first.pk, second.pk}

    # Run again the next day, and five months later: nothing new.
    call_command("send_reminders")
    Reminder.objects.update(sent_at=timezone.now() - datetime.timedelta(days=150))
    call_command("send_reminders")
    assert len(smtp_inbox.messages) == 2 and Reminder.objects.count() == 2

    # Once the interval has passed, one more round.
    Reminder.objects.update(sent_at=timezone.now() - datetime.timedelta(days=200))
    call_command("send_reminders")
    assert len(smtp_inbox.messages) == 4 and Reminder.objects.count() == 4


def test_the_interval_is_configurable(settings):
    make_network_editor(
        make_network(confirmed_on=timezone.localdate() - datetime.timedelta(days=70)), email="e@example.org"
    )
    call_command("send_reminders")
    assert mail.outbox == []
    settings.REMINDER_INTERVAL_MONTHS = 2
    call_command("send_reminders")
    assert [m.to for m in mail.outbox] == [["e@example.org"]]


def test_a_dry_run_sends_and_records_nothing(capsys):
    make_network_editor(make_network(slug="carin"), email="e@example.org")
    call_command("send_reminders", "--dry-run")
    assert "would remind e@example.org about carin" in capsys.readouterr().out
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_without_the_sites_address_the_command_refuses(settings):
    settings.REGISTRY_BASE_URL = ""
    with pytest.raises(CommandError, match="REGISTRY_BASE_URL"):
        call_command("send_reminders")


def test_a_failed_delivery_is_not_recorded_and_is_tried_next_run(settings):
    make_network_editor(make_network(), email="e@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_reminders")
    assert not Reminder.objects.exists()


def test_the_link_confirms_the_entry_and_its_contact_points_in_one_click(client):
    network = make_network(name="CARIN")
    contact = make_contact(network, visibility="secretariat")
    editor = make_network_editor(network, email="ed@example.org")
    call_command("send_reminders")
    path = _confirm_path(mail.outbox[0].body)

    page = client.get(path)  # opening the link (or a mail scanner fetching it) changes nothing
    assert page.status_code == 200 and "Yes, still correct" in page.content.decode()
    assert Network.objects.get(pk=network.pk).confirmed_on is None

    done = client.post(path)
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    network.refresh_from_db()
    contact.refresh_from_db()
    today = timezone.localdate()
    assert (network.confirmed_on, network.confirmed_by, contact.confirmed_on, contact.confirmed_by) == (
        today,
        editor,
        today,
        editor,
    )
    latest = network.history.first()
    assert latest.history_user == editor
    assert latest.change_set.reason == "Confirmed as still correct by the network"
    assert contact.history.first().change_set_id == latest.change_set_id  # one change set for both
    assert Reminder.objects.get().answered_at is not None
    # Confirmed: no reminder at the next run.
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_a_bad_or_orphaned_confirmation_link_is_refused(client):
    assert client.get(reverse("entry-confirm", args=["forged"])).status_code == 400
    network = make_network()
    make_network_editor(network, email="ed@example.org")
    call_command("send_reminders")
    path = _confirm_path(mail.outbox[0].body)
    network.delete()
    response = client.post(path)
    assert response.status_code == 410 and "no longer exists" in response.content.decode()


def test_the_dashboard_shows_confirmed_on_last_reminder_and_who_has_not_answered(client):
    quiet = make_network(name="Quiet network", last_verified=timezone.localdate() - datetime.timedelta(days=500))
    make_network_editor(quiet, email="silent@example.org")
    answered = make_network(name="Answering network")
    make_network_editor(answered, email="keen@example.org", username="keen")
    call_command("send_reminders")
    client.post(_confirm_path(next(m.body for m in mail.outbox if "keen@" in m.to[0])))

    client.force_login(make_secretariat_member())
    page = client.get(reverse("staleness-dashboard")).content.decode()
    unanswered = page.split('id="unanswered"')[1].split("<h2")[0]
    assert "Quiet network" in unanswered and "silent@example.org" in unanswered
    assert "Answering network" not in unanswered
    stale_rows = page.split("Networks not verified in 12 months")[1]
    today = timezone.localdate()
    assert re.search(rf"Answering network.*?{today:%-d %b %Y} \(keen\)", stale_rows, re.S)
    assert re.search(
        rf"Quiet network.*?never</td>\s*<td>{today:%-d %b %Y}</td>\s*<td>silent@example.org", stale_rows, re.S
    )


def test_public_page_says_who_confirmed_and_since_when(client):
    dated = make_network(name="From the catalogue")
    NetworkSource.objects.create(network=dated, source=make_source(published="undated"))
    NetworkSource.objects.create(network=dated, source=make_source(title="Catalogue of networks", published="2017"))
    confirmed = make_network(name="Confirmed one", confirmed_on=datetime.date(2026, 3, 12))
    checked = make_network(name="Checked one", last_verified=datetime.date(2025, 5, 1))
    bare = make_network(name="Bare one")

    def line(network):
        page = client.get(reverse("network-detail", args=[network.slug])).content.decode()
        assert "Not yet verified" not in page
        return re.sub(r"<[^>]+>", "", re.search(r"<dt>Confirmed</dt><dd>(.*?) <a", page, re.S).group(1))

    assert line(confirmed) == "Confirmed by the network on 12 March 2026"
    page = client.get(reverse("network-detail", args=[confirmed.slug])).content.decode()
    assert '<time datetime="2026-03-12">12 March 2026</time>' in page
    assert line(dated) == "Not confirmed since 2017 (from the 2017 source: Catalogue of networks)"
    assert line(checked) == "Not confirmed by the network; checked by the secretariat on 1 May 2025"
    assert line(bare) == f"Not confirmed since it was added on {bare.created:%-d %B %Y}"
