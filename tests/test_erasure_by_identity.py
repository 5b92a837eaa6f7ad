"""Personal data erased means erased everywhere, found by the record's identity (issue 11, point 10).

The issue's test: rename and move a contact point, preview an import of it, erase it, and find its
name nowhere: pages, exports, history, admin log, waiting uploads, cache.
"""

import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from exchange.models import PendingImport
from networks.models import ContactPoint, Network

from .admin_forms import form_data
from .factories import make_network, make_practitioner, make_secretariat_member

pytestmark = pytest.mark.django_db

TRACES = ["Zdenka", "Kovacova", "Novotna", "zdenka.k@example.org", "z.novotna@example.org"]


def _change(client, url, **values):
    data = form_data(client.get(url))
    data.update(values)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200 and not response.context.get("errors"), url
    return response


def _paste_contacts(client, network, table, reason):
    """Save a table in the network's contact-point editor (upkeep.editors)."""
    url = reverse("admin:networks_network_contacts", args=[network.pk])
    network.refresh_from_db()
    data = {"action": "save", "paste-table": table, "paste-reason": reason, "paste-revision": network.revision}
    assert client.post(url, data).status_code == 302


def _log_of_the_former_network_form(user, network, label):
    """The network's admin log line for an inline contact point, as the network form wrote them before
    contact points had their own editor: such lines stay in the log."""
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Network),
        object_id=str(network.pk),
        object_repr=str(network),
        action_flag=CHANGE,
        change_message=json.dumps([{"added": {"name": "contact point", "object": label}}]),
    )


def _everything_stored(tmp_path):
    """The whole database as JSON, and the catalogue export, as one text to search."""
    database = io.StringIO()
    call_command("dumpdata", stdout=database)
    out = tmp_path / "export"
    call_command("export_catalogue", "--format", "csv", "--out", str(out), stdout=io.StringIO())
    files = "".join(path.read_text(encoding="utf-8-sig") for path in sorted(out.iterdir()))
    return database.getvalue() + files


def _cached_bytes():
    return b"".join(value for value in cache._cache.values() if isinstance(value, bytes))


def test_a_renamed_and_moved_contact_point_once_erased_is_found_nowhere(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    pacific = make_network(name="Pacific Network", slug="pacific")
    atlantic = make_network(name="Atlantic Network", slug="atlantic")
    secretariat = make_secretariat_member()
    client.force_login(secretariat)

    # Added in the first network's contact editor, with a reason that names her (the timeline's change set).
    table = "name,email,visibility,role\nZdenka Kovacova,zdenka.k@example.org,public,national_contact_point\n"
    _paste_contacts(client, pacific, table, "Added Zdenka Kovacova (zdenka.k@example.org)")
    _log_of_the_former_network_form(secretariat, pacific, "Zdenka Kovacova (Pacific Network)")
    contact = ContactPoint.objects.get()
    contact_url = reverse("admin:networks_contactpoint_change", args=[contact.pk])
    # Renamed on its own page, then moved to the other network, then edited in that network's form.
    _change(client, contact_url, name="Zdenka Novotna", email="z.novotna@example.org")
    _change(client, contact_url, network=str(atlantic.pk))
    _paste_contacts(
        client, atlantic, "email,name,phone\nz.novotna@example.org,Zdenka Novotna,+420 555 000 111", "Phone"
    )
    _log_of_the_former_network_form(secretariat, atlantic, "Zdenka Novotna (Atlantic Network)")
    assert LogEntry.objects.filter(object_id=str(pacific.pk), change_message__contains="Kovacova").exists()
    assert LogEntry.objects.filter(object_id=str(atlantic.pk), change_message__contains="Novotna").exists()

    # Public pages and the practitioners' search show it; the anonymous page is cached.
    visitor = Client()
    assert "Zdenka Novotna" in visitor.get(atlantic.get_absolute_url()).content.decode()
    assert b"Zdenka Novotna" in _cached_bytes()
    assert all(trace in _everything_stored(tmp_path / "before") for trace in ["Kovacova", "Novotna"])
    # An import that changes it is previewed, not confirmed: the upload waits, holding its name.
    upload = "network_slug,name,email,phone\natlantic,Zdenka Novotna,z.novotna@example.org,+420 555 000 222\n"
    preview = client.post(
        reverse("admin:networks_contactpoint_import"),
        {"format": "0", "import_file": SimpleUploadedFile("contact_points.csv", upload.encode())},
    )
    assert preview.status_code == 200 and PendingImport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:networks_contactpoint_changelist"),
            {"action": "erase_completely", "_selected_action": [contact.pk], "confirm": "yes"},
            follow=True,
        )
    assert response.status_code == 200

    pages = [
        visitor.get(pacific.get_absolute_url()),
        visitor.get(atlantic.get_absolute_url()),
        client.get(reverse("admin:networks_contactpoint_changelist")),
        client.get(reverse("admin:index")),  # recent actions
        client.get(reverse("admin:networks_network_change", args=[atlantic.pk])),
        client.get(reverse("admin:networks_network_history", args=[pacific.pk])),
        client.get(reverse("admin:networks_network_history", args=[atlantic.pk])),
        client.get(reverse("admin:networks_network_timeline", args=[pacific.pk])),
        client.get(reverse("admin:networks_network_timeline", args=[atlantic.pk])),
        visitor.get(reverse("changes")),
        client.get(reverse("admin:networks_contactpoint_history", args=[contact.pk])),
    ]
    practitioner = Client()
    practitioner.force_login(make_practitioner())
    pages.append(practitioner.get(reverse("contact-search")))
    shown = "".join(page.content.decode() for page in pages)
    stored = _everything_stored(tmp_path / "after")
    assert not PendingImport.objects.exists()  # its data is stored encoded: checked by its absence
    cached = _cached_bytes().decode("utf-8", "replace")
    for trace in TRACES:
        assert trace not in shown, trace
        assert trace not in stored, trace
        assert trace not in cached, trace
    # The networks' log lines remain, with the name replaced.
    assert LogEntry.objects.filter(object_id=str(pacific.pk), change_message__contains="erased contact point").exists()


def test_pages_for_signed_in_users_are_private_and_never_stored(client):
    network = make_network()
    anonymous = client.get(network.get_absolute_url())
    assert "no-store" not in anonymous.get("Cache-Control", "")
    for user in (make_practitioner(), make_secretariat_member()):
        client.force_login(user)
        for url in (
            reverse("contact-search"),
            network.get_absolute_url(),
            reverse("country-detail", args=["gh"]),
            reverse("admin:index"),
            reverse("admin:networks_contactpoint_changelist"),
        ):
            response = client.get(url)  # the admin sends the practitioner to its sign-in page: private too
            directives = {part.strip() for part in response["Cache-Control"].split(",")}
            assert {"private", "no-store"} <= directives, url
            assert "public" not in directives, url
