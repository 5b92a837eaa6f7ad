"""One timeline per network: the admin's (who, when, why, field by field, reverts) and the public's."""

import datetime
import importlib
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from countries.models import Jurisdiction
from networks.loading import LOADER_REASON
from networks.models import ContactPoint, Membership, NetworkAlias, NetworkSource, StatedCount
from outreach.services import entries_confirm
from upkeep.changesets import recording
from upkeep.models import ChangeSet

from .admin_forms import form_data
from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_relation,
    make_secretariat_member,
    make_source,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def secretariat(client):
    user = make_secretariat_member(first_name="Sam", last_name="Secretary")
    client.force_login(user)
    return user


def _timeline(network):
    return reverse("admin:networks_network_timeline", args=[network.pk])


def _ended_observer(user):
    network = make_network(name="Asset Recovery Network", acronym="CARIN")
    russia = Jurisdiction.objects.get(code="RU")
    observer = make_membership(network, russia, role=Membership.Role.OBSERVER)
    with recording(user=user, reason="Suspended by the plenary"):
        observer.until = datetime.date(2022, 3, 16)
        observer.save()
    return network, observer


def _fields(change):
    return [(f.field, f.old, f.new) for f in change.fields]


def test_the_timeline_shows_who_when_why_and_each_field_before_and_after(client, secretariat):
    network, _observer = _ended_observer(secretariat)
    response = client.get(_timeline(network))
    assert response.status_code == 200
    newest = response.context["entries"][0]
    assert (newest.user, newest.reason) == ("Sam Secretary", "Suspended by the plenary")
    [change] = newest.changes
    assert change.label == "Membership of “Russian Federation” in Asset Recovery Network (CARIN)"
    assert _fields(change) == [("Until", "(empty)", "2022-03-16")]
    assert "Until: (empty) → 2022-03-16" in response.content.decode()


def test_a_membership_change_names_the_member_and_each_field_it_was_and_became(client, secretariat):
    network = make_network(name="Asset Recovery Network", acronym="CARIN")
    observer = make_membership(network, Jurisdiction.objects.get(code="RU"), role=Membership.Role.OBSERVER)
    with recording(user=secretariat, reason="Suspended"):
        observer.role, observer.until, observer.until_precision = (
            Membership.Role.OTHER,
            datetime.date(2022, 1, 1),
            "year",
        )
        observer.save()
    with recording(user=secretariat, reason="Mistaken row"):
        observer.delete()
    removed, changed = client.get(_timeline(network)).context["entries"][:2]
    [change] = changed.changes
    assert change.label == "Membership of “Russian Federation” in Asset Recovery Network (CARIN)"
    # The role is a field, not part of the label; the date is shown as precisely as it is known, with its precision.
    assert _fields(change) == [("Role", "Observer", "Other"), ("Until", "(empty)", "2022")]
    [deletion] = removed.changes
    assert (deletion.label, deletion.action) == (change.label, "-")
    assert _fields(deletion) == [("Role", "Other", "(empty)"), ("Until", "2022", "(empty)")]
    body = client.get(_timeline(network)).content.decode()
    assert "Role: Observer → Other" in body and "Until: (empty) → 2022<" in body


def test_rows_added_show_what_they_became_and_rows_deleted_what_they_were(client, secretariat):
    network, other = make_network(name="CARIN"), make_network(name="Hosting body")
    source = make_source(title="Annual report 2024")
    with recording(user=secretariat, reason="Entry built"):
        make_membership(network, Jurisdiction.objects.get(code="GH"), since=datetime.date(2009, 1, 1),
                        since_precision="year", source=source)  # fmt: skip
        make_relation(other, network, since=datetime.date(2015, 6, 1))  # from the other side
        NetworkAlias.objects.create(network=network, name="Camden Assets Recovery Inter-agency Network")
        NetworkSource.objects.create(network=network, source=source, section="4.1")
        counted = StatedCount.objects.create(network=network, count=54, label="member jurisdictions")
        make_contact(network, name="Office", email="office@example.org", visibility="public")
    with recording(user=secretariat, reason="Count withdrawn"):
        counted.delete()
    removed, added = client.get(_timeline(network)).context["entries"][:2]
    shown = {change.model._meta.model_name: _fields(change) for change in added.changes}
    empty = "(empty)"
    assert shown["membership"] == [("Role", empty, "Member"), ("Since", empty, "2009"),
                                   ("Source", empty, "Annual report 2024")]  # fmt: skip
    assert shown["relation"] == [("Kind", empty, "Hosted by"), ("Since", empty, "2015-06-01")]
    assert shown["networkalias"] == [
        ("Name", empty, "Camden Assets Recovery Inter-agency Network"),
        ("Kind", empty, "Other name or short form"),
    ]
    assert shown["networksource"] == [("Source", empty, "Annual report 2024"), ("Section", empty, "4.1")]
    assert ("Count", empty, "54") in shown["statedcount"]
    assert ("Email", empty, "office@example.org") in shown["contactpoint"]
    [deletion] = removed.changes
    assert ("Count", "54", empty) in _fields(deletion) and ("Label", "member jurisdictions", empty) in _fields(deletion)
    hosting = client.get(_timeline(other)).context["entries"][0]
    assert [change.label for change in hosting.changes] == ["Relation “Hosting body — hosted by CARIN”"]


def test_one_save_is_one_entry_and_the_timeline_covers_every_part_of_the_entry(client, secretariat):
    network, other = make_network(), make_network(name="Hosting body")
    with recording(user=secretariat, reason="Entry reviewed"):
        network.description = "New description"
        network.save()
        NetworkAlias.objects.create(network=network, name="Other name")
        make_membership(network, make_organisation())
        make_contact(network)
        make_relation(other, network)  # a relation that names this network from the other side
    [entry, *older] = client.get(_timeline(network)).context["entries"]
    kinds = {change.model._meta.model_name for change in entry.changes}
    assert kinds == {"network", "networkalias", "membership", "contactpoint", "relation"}
    assert entry.change_set == ChangeSet.objects.get()
    assert older  # the creation of the network, before the change set


def test_an_editor_reads_only_their_networks_timeline(client):
    own, other = make_network(), make_network()
    client.force_login(make_network_editor(own))
    assert client.get(_timeline(own)).status_code == 200
    refused = client.get(_timeline(other))
    assert refused.status_code == 403
    assert client.post(_timeline(other), {"revert": "change-set:1", "reason": "x", "revision": 1}).status_code == 403


def test_an_editor_does_not_see_the_secretariats_notes_in_the_timeline(client):
    network = make_network(internal_notes="old remark")
    with recording(user=None, reason="notes"):
        network.internal_notes = "cnry secret remark"
        network.description = "Public words"
        network.save()
    client.force_login(make_network_editor(network))
    body = client.get(_timeline(network)).content.decode()
    assert "Public words" in body and "cnry secret remark" not in body


def test_reverting_one_change_restores_the_field_and_is_itself_an_entry(client, secretariat):
    network, observer = _ended_observer(secretariat)
    change = client.get(_timeline(network)).context["entries"][0].changes[0]
    confirm = client.get(_timeline(network), {"revert": change.key})
    assert confirm.status_code == 200 and confirm.context["revert_form"] is not None
    network.refresh_from_db()
    response = client.post(
        _timeline(network), {"revert": change.key, "reason": "Suspension lifted", "revision": network.revision}
    )
    assert response.status_code == 302
    observer.refresh_from_db()
    assert observer.until is None
    revert = ChangeSet.objects.get(reason="Suspension lifted")
    assert revert.reverts == ChangeSet.objects.get(reason="Suspended by the plenary")
    newest = client.get(_timeline(network)).context["entries"][0]
    assert newest.change_set == revert


@pytest.mark.parametrize(
    ("reverted", "field", "restored", "undone_reason"),
    [("observer", "until", None, "Suspended by the plenary"), ("network", "acronym", "CARIN", "Renamed")],
)
def test_a_revert_on_a_records_history_page_is_an_entry_of_both_timelines_marked_as_a_revert(
    client, secretariat, reverted, field, restored, undone_reason
):
    network, observer = _ended_observer(secretariat)
    with recording(user=secretariat, reason="Renamed"):
        network.acronym = "ARIN"
        network.save()
    record = observer if reverted == "observer" else network
    version = record.history.earliest("history_date")
    url = reverse(f"admin:networks_{record._meta.model_name}_simple_history", args=[record.pk, version.history_id])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == restored

    undone = ChangeSet.objects.get(reason=undone_reason)
    with translation.override("en"):
        when = formats.date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
    admin_page = client.get(_timeline(network))
    newest = admin_page.context["entries"][0]
    assert newest.reason == f"Reverted to its version of {when}" and newest.reverts_id == undone.pk
    assert newest.changes[0].record.id == record.pk
    link = f'<a href="#change-set-{undone.pk}">a revert</a>'
    assert admin_page.content.decode().count(link) == 1
    public_page = client.get(reverse("network-changes", args=[network.slug]))
    assert public_page.context["entries"][0].reason == f"Reverted to its version of {when}"
    assert public_page.content.decode().count(link) == 1


def test_the_public_timeline_marks_a_timeline_revert_as_a_revert(client, secretariat):
    network, _observer = _ended_observer(secretariat)
    change = client.get(_timeline(network)).context["entries"][0].changes[0]
    network.refresh_from_db()
    client.post(_timeline(network), {"revert": change.key, "reason": "Suspension lifted", "revision": network.revision})
    suspended = ChangeSet.objects.get(reason="Suspended by the plenary")
    body = client.get(reverse("network-changes", args=[network.slug])).content.decode()
    assert body.count(f'<a href="#change-set-{suspended.pk}">a revert</a>') == 1


def test_reverting_a_whole_save_undoes_everything_it_did(client, secretariat):
    network = make_network()
    kept = make_membership(network, Jurisdiction.objects.get(code="GH"))
    with recording(user=secretariat, reason="Bulk edit") as change_set:
        added = make_membership(network, Jurisdiction.objects.get(code="AT"))
        kept.role = Membership.Role.OBSERVER
        kept.save()
        contact = make_contact(network, name="Office")
        contact.delete()
        network.acronym = "NEW"
        network.save()
    network.refresh_from_db()
    response = client.post(
        _timeline(network),
        {"revert": f"change-set:{change_set.pk}", "reason": "Wrong file", "revision": network.revision},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=added.pk).exists()
    kept.refresh_from_db()
    network.refresh_from_db()
    assert (kept.role, network.acronym) == (Membership.Role.MEMBER, "")
    assert not ContactPoint.objects.filter(name="Office").exists()


def test_a_deleted_row_comes_back_with_its_id_when_its_deletion_is_reverted(client, secretariat):
    network = make_network()
    membership = make_membership(network, Jurisdiction.objects.get(code="GH"), since=datetime.date(2001, 1, 1))
    pk = membership.pk
    with recording(user=secretariat, reason="Removed by mistake") as change_set:
        membership.delete()
    network.refresh_from_db()
    client.post(
        _timeline(network), {"revert": f"change-set:{change_set.pk}", "reason": "Back", "revision": network.revision}
    )
    assert Membership.objects.get(pk=pk).since == datetime.date(2001, 1, 1)


def test_a_revert_of_a_row_changed_again_since_is_refused_naming_it(client, secretariat):
    network, observer = _ended_observer(secretariat)
    change_set = ChangeSet.objects.get()
    observer.notes = "changed since"
    observer.save()
    network.refresh_from_db()
    response = client.post(
        _timeline(network), {"revert": f"change-set:{change_set.pk}", "reason": "undo", "revision": network.revision}
    )
    assert response.status_code == 200
    assert "was changed again since" in " ".join(response.context["revert_form"].non_field_errors())
    observer.refresh_from_db()
    assert observer.until == datetime.date(2022, 3, 16)


def test_a_revert_without_a_reason_or_of_an_unknown_change_says_so(client, secretariat):
    network, _observer = _ended_observer(secretariat)
    change_set = ChangeSet.objects.get()
    response = client.post(_timeline(network), {"revert": f"change-set:{change_set.pk}", "reason": "", "revision": 1})
    assert response.status_code == 200 and "reason" in response.context["revert_form"].errors
    assert client.get(_timeline(network), {"revert": "change-set:999999"}).status_code == 400
    assert client.get(_timeline(network), {"revert": "membership:abc"}).status_code == 400
    assert client.get(_timeline(network), {"before": "yesterday"}).status_code == 400


# Public ----------------------------------------------------------------------------------------------


def _public_world():
    secretariat = make_secretariat_member(first_name="Sam", last_name="Secretary")
    network = make_network(name="Asset Recovery Network", acronym="CARIN", internal_notes="")
    editor = make_network_editor(network, first_name="Eddie", last_name="Editor")
    with recording(user=editor, reason="Editor's update"):
        make_membership(network, Jurisdiction.objects.get(code="GH"), notes="cnry private reading")
    with recording(user=secretariat, reason="Secretariat's update"):
        network.description = "Now public"
        network.internal_notes = "cnry internal"
        network.save()
    with recording(user=secretariat, reason="Contacts: cnry reason mentions a private person"):
        make_contact(network, name="cnry Private Person", visibility=ContactPoint.Visibility.SECRETARIAT)
        make_contact(network, name="Public Office", visibility=ContactPoint.Visibility.PUBLIC)
    hidden = make_contact(network, name="cnry Practitioner Person", visibility=ContactPoint.Visibility.PRACTITIONERS)
    with recording(user=secretariat, reason="Opened up"):
        hidden.visibility = ContactPoint.Visibility.PUBLIC
        hidden.name = "Practitioner Office"
        hidden.save()
    return network


def test_the_public_timeline_shows_public_fields_and_never_an_editors_name(client):
    network = _public_world()
    response = client.get(reverse("network-changes", args=[network.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "cnry" not in body  # private notes, internal notes, non-public contacts, a reason that speaks of one
    assert "Eddie" not in body and "Editor" not in body.replace("Editor&#39;s update", "")
    assert "by the secretariat" in body and "Sam" not in body
    assert "Public Office" in body and "Practitioner Office" in body
    assert "Now public" in body
    assert "Editor&#39;s update" in body


def test_the_public_timeline_names_a_record_deleted_since_by_its_last_name_without_its_id(client):
    network, partner = make_network(name="CARIN"), make_network(name="Short-lived Platform", acronym="SLP")
    with recording(user=make_secretariat_member(), reason="Partnership"):
        make_relation(network, partner, kind="partner")
    partner_pk = partner.pk
    partner.delete()  # the relation goes with it: its deletion is on CARIN's timeline too
    body = client.get(reverse("network-changes", args=[network.slug])).content.decode()
    assert "Short-lived Platform (SLP) (no longer in the catalogue)" in body
    assert f"#{partner_pk}" not in body and "deleted network" not in body
    with translation.override("fr"):
        french = client.get(reverse("network-changes", args=[network.slug])).content.decode()
    assert "Short-lived Platform (SLP) (ne figure plus au catalogue)" in french


def test_the_public_timeline_labels_each_field_with_the_words_users_see_elsewhere(client):
    network = make_network(name="CARIN")
    link = NetworkSource.objects.create(network=network, source=make_source(title="Annual report"))
    with recording(user=make_secretariat_member(), reason="Pages cited"):
        link.urls = "https://example.org/carin"
        link.save()
    body = client.get(reverse("network-changes", args=[network.slug])).content.decode()
    assert "Pages cited:" in body and "Urls" not in body


def test_a_contact_made_public_shows_as_added_without_what_it_was(client):
    network = _public_world()
    entries = client.get(reverse("network-changes", args=[network.slug])).context["entries"]
    opened = next(entry for entry in entries if entry.reason == "Opened up")
    [change] = opened.changes
    assert change.action == "+"
    assert ("Name", "(empty)", "Practitioner Office") in _fields(change)
    assert "cnry" not in repr(change.fields) and "Practitioners" not in repr(change.fields)


def test_a_contact_made_private_takes_its_whole_history_off_the_public_timeline(client):
    """Restricting a contact point means its details are to be public no longer, those of past versions included."""
    network = make_network()
    contact = make_contact(network, name="Public Office", email="office@example.org", visibility="public")
    with recording(user=None, reason="Closed"):
        contact.name, contact.email, contact.visibility = "cnry Private Person", "cnry@example.org", "secretariat"
        contact.save()
    pages = [
        reverse("network-changes", args=[network.slug]),
        reverse("network-changes-feed", args=[network.slug]),
        reverse("changes"),
        reverse("changes-feed"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Public Office" not in body and "office@example.org" not in body and "cnry" not in body, url
    # Public again: shown as added, as it now is, and its earlier public versions again; never what it was
    # while restricted.
    with recording(user=None, reason="Reopened"):
        contact.name, contact.email, contact.visibility = "Open Office", "open@example.org", "public"
        contact.save()
    response = client.get(pages[0])
    [change] = next(entry for entry in response.context["entries"] if entry.reason == "Reopened").changes
    assert change.action == "+" and any(row[0] == "Name" and "Open Office" in row[1:] for row in _fields(change))
    assert "cnry" not in response.content.decode()


def test_the_public_never_sees_who_confirmed_an_entry(client):
    network = make_network()
    contact = make_contact(network, visibility="public")
    editor = make_network_editor(network, username="cnry-editor", first_name="Eddie")
    with recording(user=editor, reason="Confirmed"):
        entries_confirm(entries=[network, contact], user=editor)
    body = client.get(reverse("network-changes", args=[network.slug])).content.decode()
    assert "Confirmed on" in body and "cnry" not in body and "Eddie" not in body


def test_the_catalogue_wide_timeline_and_the_feeds_limit_themselves_the_same_way(client):
    network = _public_world()
    for url in [
        reverse("changes"),
        reverse("changes-feed"),
        reverse("network-changes-feed", args=[network.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "cnry" not in body and "Eddie" not in body, url
        assert "Public Office" in body, url


def test_the_feeds_are_atom_with_one_entry_per_save(client):
    network = _public_world()
    response = client.get(reverse("network-changes-feed", args=[network.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    ids = [entry.find(f"{ATOM}id").text for entry in feed.iter(f"{ATOM}entry")]
    assert len(titles) == len(set(ids))
    assert all(entry_id.startswith("http://testserver/") for entry_id in ids)  # absolute, as Atom requires
    assert any(title.startswith("Network “Asset Recovery Network (CARIN)”: changed") for title in titles)
    authors = {a.find(f"{ATOM}name").text for a in feed.iter(f"{ATOM}author")}
    assert authors == {"the secretariat"}


def test_a_control_character_saved_before_the_forms_refused_it_does_not_fail_the_feeds(client):
    # A reason and a name written with a BEL (by an older release's form, or by SQL): XML 1.0 cannot carry it, and
    # Django's feed writer failed the whole feed for every reader (500).
    network = make_network(name="Bell network")
    with recording(user=None, reason="Old reason\x07"):
        network.name = "Bell\x07 network"
        network.save()
    for url in (reverse("changes-feed"), reverse("network-changes-feed", args=[network.slug])):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "\x07" not in body and "Old reason" in body and "Bell network" in body, url


def test_public_timelines_of_unknown_networks_and_bad_cursors_are_404(client):
    assert client.get(reverse("network-changes", args=["no-such-network"])).status_code == 404
    assert client.get(reverse("network-changes-feed", args=["no-such-network"])).status_code == 404
    assert client.get(reverse("changes"), {"before": "not a date"}).status_code == 404


def test_the_public_timeline_pages_older_changes(client, monkeypatch):
    network = make_network()
    for index in range(3):
        with recording(user=None, reason=f"save {index}"):
            NetworkAlias.objects.create(network=network, name=f"Alias {index}")
    monkeypatch.setattr("upkeep.timeline.PAGE_ROWS", 2)
    first = client.get(reverse("network-changes", args=[network.slug]))
    assert [entry.reason for entry in first.context["entries"]] == ["save 2", "save 1"]
    older = client.get(reverse("network-changes", args=[network.slug]), {"before": first.context["next_before"]})
    assert [entry.reason for entry in older.context["entries"]][0] == "save 0"


def test_the_public_timeline_reads_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    network = _public_world()
    for index in range(5):
        with recording(user=None, reason=f"save {index}"):
            NetworkAlias.objects.create(network=network, name=f"Alias {index}")
    # the network; 7 models' rows; the previous versions of changed rows (network, contact point); the
    # contact points public today; a member's parent jurisdiction for its label; whether each of the two
    # users is the secretariat (their permissions and their groups' permissions). Five more saves add none.
    with django_assert_max_num_queries(15):
        client.get(reverse("network-changes", args=[network.slug]))


def test_a_network_page_links_to_its_changes(client):
    network = make_network()
    page = client.get(network.get_absolute_url()).content.decode()
    assert f'href="{reverse("network-changes", args=[network.slug])}"' in page


def test_the_admin_timeline_reads_in_a_fixed_number_of_queries(client, secretariat, django_assert_max_num_queries):
    network = make_network()
    for index in range(10):
        with recording(user=secretariat, reason=f"save {index}"):
            make_membership(network, make_organisation())
            make_contact(network)
    # session, user, the network (scope and permission), 7 models' rows, contact points the user may see,
    # whether the user is the secretariat (permissions, groups), the admin's sidebar; ten saves add none.
    with django_assert_max_num_queries(16):
        response = client.get(_timeline(network))
    assert len(response.context["entries"]) == 11


def _public_timeline(client, network, language):
    with translation.override(language):
        url = reverse("network-changes", args=[network.slug])
    return client.get(url).content.decode()


def test_a_revert_made_in_french_reads_in_each_readers_language(client, secretariat, settings):
    """Found by a new-user test: a revert's reason was written once, in the language of whoever reverted ("Rétabli
    dans sa version du …" on the English timeline, "Reverted to its version of …" on the French one). It is kept as
    what it says (ChangeSet.SystemReason and its values) and worded when shown; `reason` holds its English.

    Its date-time too is kept as one and shown in the reader's language and time zone, as the entries' dates are
    (it was "2026-12-01 20:07" on every page)."""
    network, observer = _ended_observer(secretariat)
    version = observer.history.earliest("history_date")
    then = datetime.datetime(2026, 12, 1, 20, 7, tzinfo=datetime.UTC)
    observer.history.filter(history_id=version.history_id).update(history_date=then)
    url = reverse("admin:networks_membership_simple_history", args=[observer.pk, version.history_id])
    french_admin = {"accept-language": "fr-FR,fr;q=0.9"}
    assert client.post(url, form_data(client.get(url, headers=french_admin)), headers=french_admin).status_code == 302
    assert "<p>Rétabli dans sa version du 1 décembre 2026 20:07</p>" in _public_timeline(client, network, "fr")
    assert "<p>Reverted to its version of Dec. 1, 2026, 8:07 p.m.</p>" in _public_timeline(client, network, "en")
    change_set = ChangeSet.objects.get(system_reason=ChangeSet.SystemReason.REVERTED_TO_VERSION)
    assert (change_set.reason, change_set.reason_values) == (
        "Reverted to its version of Dec. 1, 2026, 8:07 p.m.",
        {"when": "2026-12-01T20:07:00+00:00"},
    )
    settings.TIME_ZONE = "Europe/Paris"
    assert "<p>Rétabli dans sa version du 1 décembre 2026 21:07</p>" in _public_timeline(client, network, "fr")


def test_reverts_stored_with_their_date_as_text_keep_it_as_a_date_time():
    """upkeep/migrations/0003_reason_date_times: "2026-11-30 10:12", written in the registry's time zone."""
    migration = importlib.import_module("upkeep.migrations.0003_reason_date_times")
    assert migration.as_date_time({"date": "2026-11-30 10:12"}) == {"when": "2026-11-30T10:12:00+00:00"}


@pytest.mark.parametrize(
    ("kind", "values", "french"),
    [
        ("request_accepted", {"id": 12}, "Demande de modification n°\u00a012, acceptée après examen"),
        ("confirmed", {}, "Confirmée comme toujours exacte par le réseau"),
        ("imported", {"files": "memberships.csv"}, "Importé depuis memberships.csv"),
    ],
)
def test_each_reason_the_registry_writes_is_worded_in_the_readers_language(client, kind, values, french):
    from upkeep.changesets import system_reason

    network = make_network()
    with recording(user=make_secretariat_member(), **system_reason(kind, **values)):
        network.established = 2001
        network.save()
    assert f"<p>{french}</p>" in _public_timeline(client, network, "fr")
    with translation.override("en"):
        assert ChangeSet.objects.get(system_reason=kind).reason == ChangeSet.SystemReason(kind).label % values


def test_the_seed_loaders_reason_reads_in_french_on_a_french_timeline(client):
    network = make_network()
    network.established = 2001
    network._change_reason = LOADER_REASON  # as the loader writes it, outside any change set
    network.save()
    assert "<p>Chargé depuis le catalogue initial (load_catalogue)</p>" in _public_timeline(client, network, "fr")
    assert f"<p>{LOADER_REASON}</p>" in _public_timeline(client, network, "en")


def test_reasons_stored_before_are_read_back_in_either_language():
    """upkeep/migrations/0002_system_reasons: existing reasons, stored in English or French, become structured."""
    read = importlib.import_module("upkeep.migrations.0002_system_reasons")._read
    english = "Reverted to its version of 2026-11-30 10:12"
    assert read("Rétabli dans sa version du 2026-11-30 10:12") == (
        "reverted_to_version",
        {"date": "2026-11-30 10:12"},
        english,
    )
    assert read("Demande de modification n°\u00a07, acceptée après examen")[:2] == ("request_accepted", {"id": 7})
    assert read("Importé depuis memberships.csv, networks.csv")[1] == {"files": "memberships.csv, networks.csv"}
    assert read("Imported from the 2024 report") is None  # an editor's own words
    assert read("Suspended by the plenary") is None
