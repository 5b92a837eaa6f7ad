"""Erased completely, whatever kind of contact record it is: contact points and liaison posts' contacts.

The same story for both kinds: a public contact added with a change-set reason naming her, renamed
and moved to another parent on its own admin page, edited in its parent's log, shown on public
pages (one cached), in the API and exports, held by an upload waiting for confirmation; then erased
by the admin action. Afterwards no page, API answer, export, history view, feed, stored row or cached
page holds any of her names or addresses.
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

from accounts.models import AuditEvent
from countries.models import Jurisdiction
from exchange.models import PendingImport
from liaison.models import LiaisonContact
from networks.models import ContactPoint
from upkeep.changesets import recording
from upkeep.models import ChangeSet

from .admin_forms import form_data, inline_prefix
from .factories import (
    make_liaison_post,
    make_network,
    make_network_editor,
    make_practitioner,
    make_secretariat_member,
)

pytestmark = pytest.mark.django_db

TRACES = ["Zdenka", "Kovacova", "Novotna", "zdenka.k@example.org", "z.novotna@example.org"]
PUBLIC = ContactPoint.Visibility.PUBLIC


class Story:
    """Two networks, two parents of the kind (the networks, or posts they host), the people who look."""

    def __init__(self, kind):
        self.kind = kind
        self.model = ContactPoint if kind == "contact point" else LiaisonContact
        self.parent = "network" if self.model is ContactPoint else "post"
        ghana, senegal = Jurisdiction.objects.get(code="GH"), Jurisdiction.objects.get(code="SN")
        self.networks = [make_network(name=f"{name} Network", slug=name.lower()) for name in ("Pacific", "Atlantic")]
        if self.model is ContactPoint:
            self.parents = self.networks
        else:
            self.parents = [
                make_liaison_post(sending, network, slug=f"post-at-{network.slug}")
                for sending, network in zip((ghana, senegal), self.networks, strict=True)
            ]
        self.secretariat = make_secretariat_member()
        self.admin, self.visitor, self.practitioner = Client(), Client(), Client()
        self.admin.force_login(self.secretariat)
        self.practitioner.force_login(make_practitioner())

    def admin_url(self, view, *args, model=None):
        opts = (model or self.model)._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def public_pages(self):
        pages = [network.get_absolute_url() for network in self.networks]
        pages += [reverse("liaison-list"), *(reverse("country-detail", args=[code]) for code in ("gh", "sn"))]
        pages += [f"{reverse('route-finder')}?requesting=gh&requested=sn", reverse("changes")]
        pages += [reverse("network-changes", args=[network.slug]) for network in self.networks]
        return pages

    def feeds_and_api(self):
        feeds = [reverse("changes-feed"), *(reverse("network-changes-feed", args=[n.slug]) for n in self.networks)]
        return [*feeds, reverse("api:contactpoint-list")]

    def admin_pages(self, record_pk):
        parent_model = type(self.parents[0])
        pages = [self.admin_url("changelist"), reverse("admin:index"), self.admin_url("history", record_pk)]
        for parent in self.parents:
            pages += [self.admin_url("change", parent.pk, model=parent_model)]
            pages += [self.admin_url("history", parent.pk, model=parent_model)]
        pages += [reverse("admin:networks_network_timeline", args=[network.pk]) for network in self.networks]
        return pages

    def everything_shown(self, record_pk):
        shown = [self.visitor.get(url) for url in [*self.public_pages(), *self.feeds_and_api()]]
        shown += [self.admin.get(url) for url in [*self.admin_pages(record_pk), *self.feeds_and_api()]]
        shown += [self.practitioner.get(url) for url in [reverse("contact-search"), reverse("liaison-list")]]
        assert all(response.status_code in (200, 404) for response in shown)
        return "".join(response.content.decode() for response in shown)


@pytest.fixture(params=["contact point", "liaison contact"])
def story(request, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    return Story(request.param)


def _change(client, url, **values):
    data = form_data(client.get(url))
    data.update(values)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200 and not response.context.get("errors"), url
    return response


def _log_of_an_inline_edit(user, parent, label):
    """The parent's admin log line for an inline edit of the record, as an inline form writes it."""
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(parent),
        object_id=str(parent.pk),
        object_repr=str(parent),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"name": "contact", "object": label, "fields": ["Phone"]}}]),
    )


def _everything_stored(tmp_path):
    """The whole database as JSON, and the catalogue export, as one text to search."""
    database = io.StringIO()
    call_command("dumpdata", stdout=database)
    call_command("export_catalogue", "--format", "csv", "--out", str(tmp_path), stdout=io.StringIO())
    files = "".join(path.read_text(encoding="utf-8-sig") for path in sorted(tmp_path.iterdir()))
    return database.getvalue() + files


def _cached_text():
    return b"".join(value for value in cache._cache.values() if isinstance(value, bytes)).decode("utf-8", "replace")


def _upload(story):
    """An import of the kind's file previewed but not confirmed: the upload waits, holding her data."""
    parent = story.parents[1]
    column = "network_slug" if story.model is ContactPoint else "post"
    csv = f"{column},name,email\n{parent.slug},Zdenka Novotna,z.novotna@example.org\n"
    preview = story.admin.post(
        story.admin_url("import"), {"format": "0", "import_file": SimpleUploadedFile("contacts.csv", csv.encode())}
    )
    assert preview.status_code == 200 and PendingImport.objects.exists()


def test_a_renamed_and_moved_contact_of_either_kind_once_erased_is_found_nowhere(
    story, tmp_path, django_capture_on_commit_callbacks
):
    first, second = story.parents
    with recording(user=story.secretariat, reason="Added Zdenka Kovacova (zdenka.k@example.org)"):
        record = story.model.objects.create(
            **{story.parent: first}, name="Zdenka Kovacova", email="zdenka.k@example.org", visibility=PUBLIC
        )
    _log_of_an_inline_edit(story.secretariat, first, str(record))
    change_url = story.admin_url("change", record.pk)
    _change(story.admin, change_url, name="Zdenka Novotna", email="z.novotna@example.org")
    _change(story.admin, change_url, **{story.parent: str(second.pk)})
    if story.model is LiaisonContact:  # an inline edit on the post's own page, logged there by the admin
        url = story.admin_url("change", second.pk, model=type(second))
        page = story.admin.get(url)
        data = form_data(page)
        data[f"{inline_prefix(page, LiaisonContact)}-0-phone"] = "+420 555 000 111"
        assert story.admin.post(url, data).status_code == 302
        assert LogEntry.objects.filter(object_id=str(second.pk), change_message__contains="Novotna").exists()
    else:
        _log_of_an_inline_edit(story.secretariat, second, str(story.model.objects.get()))

    before = story.everything_shown(record.pk)
    assert "Zdenka Novotna" in before and "Kovacova" in before  # the old name in the history views
    assert "Zdenka Novotna" in _cached_text()
    stored = _everything_stored(tmp_path / "before")
    assert all(trace in stored for trace in TRACES)
    _upload(story)

    with django_capture_on_commit_callbacks(execute=True):
        response = story.admin.post(
            story.admin_url("changelist"),
            {"action": "erase_completely", "_selected_action": [record.pk], "confirm": "yes"},
            follow=True,
        )
    assert response.status_code == 200

    assert not story.model.objects.exists() and not story.model.history.exists()
    assert not PendingImport.objects.exists()  # its data is stored encoded: checked by its absence
    shown, stored, cached = story.everything_shown(record.pk), _everything_stored(tmp_path / "after"), _cached_text()
    for trace in TRACES:
        assert trace not in shown, trace
        assert trace not in stored, trace
        assert trace not in cached, trace
    # The parents' log lines and the change set remain, with her names replaced.
    placeholder = f"[erased {story.kind}]"
    for parent in story.parents:
        assert LogEntry.objects.filter(object_id=str(parent.pk), change_message__contains=placeholder).exists()
    assert ChangeSet.objects.filter(reason=f"Added {placeholder} ({placeholder})").exists()
    event = AuditEvent.objects.get()
    assert (event.actor, event.network, event.object_id) == (story.secretariat, story.networks[1], record.pk)


@pytest.mark.parametrize("kind", ["contact point", "liaison contact"])
def test_the_confirmation_names_what_will_be_erased_and_only_the_secretariat_may(client, kind):
    story = Story(kind)
    record = story.model.objects.create(**{story.parent: story.parents[0]}, name="Zdenka Kovacova")
    url = story.admin_url("changelist")
    confirm = story.admin.post(url, {"action": "erase_completely", "_selected_action": [record.pk]})
    assert confirm.status_code == 200 and "Zdenka Kovacova" in confirm.content.decode()
    assert story.model.objects.filter(pk=record.pk).exists()

    client.force_login(make_network_editor(story.networks[0]))
    actions = [name for name, _label in client.get(url).context["action_form"].fields["action"].choices]
    assert "erase_completely" not in actions
    client.post(url, {"action": "erase_completely", "_selected_action": [record.pk], "confirm": "yes"})
    assert story.model.objects.filter(pk=record.pk).exists() and record.history.exists()


def test_the_command_erases_a_liaison_contact_by_id():
    """(The contact point's command is tested in test_history_and_erasure.)"""
    story = Story("liaison contact")
    record = LiaisonContact.objects.create(post=story.parents[0], name="Zdenka Kovacova")
    out = io.StringIO()
    call_command("erase_contact_point", "--liaison", str(record.pk), stdout=out)
    assert f"Erased liaison contact {record.pk}" in out.getvalue()
    assert not LiaisonContact.history.filter(id=record.pk).exists()
    assert AuditEvent.objects.get().kind == AuditEvent.Kind.LIAISON_CONTACT_ERASED
