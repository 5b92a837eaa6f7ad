"""Dated releases of the open data with change lists (issue 15 §3)."""

import csv
import datetime
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from countries.models import Jurisdiction
from exchange import releases
from networks.models import Membership, Network, NetworkAlias, Source

from .factories import make_contact, make_membership, make_network, make_organisation, make_relation

pytestmark = pytest.mark.django_db


def _publish():
    out = io.StringIO()
    call_command("publish_release", stdout=out)
    return releases.manifest(releases.release_names()[0]), out.getvalue()


@pytest.fixture
def catalogue():
    ejn = make_network(slug="ejn", name="European Judicial Network", acronym="EJN", internal_notes="SECRET-NOTE")
    carin = make_network(slug="carin", name="CARIN")
    ghana, france = Jurisdiction.objects.get(code="GH"), Jurisdiction.objects.get(code="FR")
    make_membership(ejn, ghana, since=datetime.date(2009, 1, 1), since_precision="year")
    make_membership(ejn, france, notes="SECRET-MEMBERSHIP-NOTE")
    make_membership(carin, ghana)
    make_relation(ejn, make_organisation(slug="eu", name="European Union"))
    make_contact(ejn, name="Public Person", visibility="public")
    return {"ejn": ejn, "carin": carin, "ghana": ghana, "france": france}


def _folder(name):
    return releases.releases_dir() / name


def test_a_release_lists_each_alias_with_its_language_and_kind_but_not_the_secretariats_note(catalogue):
    ejn = catalogue["ejn"]
    NetworkAlias.objects.create(network=ejn, name="Red Judicial Europea", language="es", kind="official", note="NOTE")
    NetworkAlias.objects.create(network=ejn, name="EJN crim")
    record, _output = _publish()
    text = (_folder(record["release"]) / "network_aliases.csv").read_text("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["network_slug", "name", "language", "kind"],
        ["ejn", "EJN crim", "", "variant"],
        ["ejn", "Red Judicial Europea", "es", "official"],
    ]
    (table,) = [table for table in record["tables"] if table["name"] == "network_aliases"]
    assert table["columns"] == ["network_slug", "name", "language", "kind"] and "BCP 47" in table["description"]


def test_a_release_gives_the_language_of_each_organisations_name_and_each_sources_title(catalogue):
    make_organisation(slug="dna", name="Direzione nazionale antimafia", language="it")
    Source.objects.create(slug="rapport", title="Rapport annuel", language="fr")
    record, _output = _publish()
    for table, slug, language in [("organisations", "dna", "it"), ("sources", "rapport", "fr")]:
        rows = list(csv.DictReader(io.StringIO((_folder(record["release"]) / f"{table}.csv").read_text("utf-8-sig"))))
        assert {row["slug"]: row["language"] for row in rows}[slug] == language
        (described,) = [each for each in record["tables"] if each["name"] == table]
        assert "language" in described["columns"] and "BCP 47" in described["description"]


def test_a_release_holds_every_public_table_as_csv_and_json_with_checksums_and_row_counts(catalogue):
    record, output = _publish()
    name = timezone_today()
    assert record["release"] == name
    assert f"Published release {name}" in output and "the first release" in output
    files = {entry["name"]: entry for entry in record["files"]}
    tables = ("networks", "network_aliases", "memberships", "relations", "organisations", "stated_counts", "sources")
    for table in (*tables, "topics"):
        assert {f"{table}.csv", f"{table}.json"} <= files.keys()
    assert (files["networks.csv"]["rows"], files["memberships.json"]["rows"], files["relations.csv"]["rows"]) == (
        2, 3, 1,
    )  # fmt: skip
    for entry in record["files"]:
        data = (_folder(name) / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    rows = list(csv.DictReader(io.StringIO((_folder(name) / "memberships.csv").read_text("utf-8-sig"))))
    assert {row["member_code"]: row["since"] for row in rows if row["network_slug"] == "ejn"} == {
        "GH": "2009",
        "FR": "",
    }
    assert record["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert f"release {name}" in record["citation"] and "CC BY 4.0" in record["citation"]


def test_a_release_holds_no_contact_points_nor_internal_notes(catalogue):
    record, _ = _publish()
    text = "".join((_folder(record["release"]) / entry["name"]).read_text("utf-8") for entry in record["files"])
    assert "Public Person" not in text and "SECRET" not in text


def test_two_releases_around_an_edit_list_exactly_that_edit(catalogue):
    first, _ = _publish()
    catalogue["ejn"].refresh_from_db()
    catalogue["ejn"].acronym = "EJN-crim"
    catalogue["ejn"].save()
    second, output = _publish()
    assert second["release"] == f"{first['release']}-2" and second["previous"] == first["release"]
    assert releases.changes(second["release"]) == [
        {"record": "network", "change": "changed", "key": "ejn", "label": "European Judicial Network",
         "field": "acronym", "before": "EJN", "after": "EJN-crim"},
    ]  # fmt: skip
    assert "networks changed 1" in output


def test_the_change_list_names_memberships_added_ended_and_removed_and_networks_added_and_removed(catalogue):
    _publish()
    Membership.objects.filter(network=catalogue["carin"]).delete()
    catalogue["carin"].delete()
    added = make_network(slug="iberred", name="IberRed")
    make_membership(added, catalogue["france"])
    Membership.objects.filter(jurisdiction=catalogue["france"], network=catalogue["ejn"]).update(
        until=datetime.date(2020, 1, 31)
    )
    record, _ = _publish()
    rows = {(row["record"], row["change"], row["key"], row["field"]) for row in releases.changes(record["release"])}
    assert rows == {
        ("network", "added", "iberred", ""),
        ("network", "removed", "carin", ""),
        ("membership", "added", "iberred / jurisdiction:FR / member", ""),
        ("membership", "ended", "ejn / jurisdiction:FR / member", "until"),
        ("membership", "removed", "carin / jurisdiction:GH / member", ""),
    }
    assert record["changes"]["membership"] == {"added": 1, "changed": 0, "ended": 1, "removed": 1}
    changes_csv = (_folder(record["release"]) / "changes.csv").read_text("utf-8-sig")
    ended = (
        '"ended","ejn / jurisdiction:FR / member","France: member of European Judicial Network","until","","2020-01-31"'
    )
    assert f'"membership",{ended}' in changes_csv


def test_a_release_is_never_rewritten(catalogue):
    first, _ = _publish()
    folder = _folder(first["release"])
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    Network.objects.filter(slug="carin").update(name="CARIN renamed", name_en="CARIN renamed")
    second, _ = _publish()
    assert second["release"] != first["release"]
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert all(not path.stat().st_mode & 0o222 for path in folder.iterdir())  # read-only files


def test_a_taken_name_is_refused_and_nothing_is_left_behind(catalogue, monkeypatch):
    first, _ = _publish()
    monkeypatch.setattr(releases, "_next_name", lambda day, names: first["release"])
    with pytest.raises(releases.ReleaseError, match="a release is never rewritten"):
        releases.release_publish()
    assert [path.name for path in releases.releases_dir().iterdir()] == [first["release"]]


class TestPages:
    def test_the_data_page_lists_releases_newest_first(self, client, catalogue):
        first, _ = _publish()
        second, _ = _publish()
        page = client.get(reverse("data")).content.decode()
        assert page.index(f"Release {second['release']}<") < page.index(f"Release {first['release']}<")

    def test_a_release_page_states_files_licence_and_citation(self, client, catalogue):
        record, _ = _publish()
        response = client.get(reverse("release-detail", args=[record["release"]]))
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count(record["files"][0]["sha256"]) == 1
        assert 'rel="license">Creative Commons Attribution 4.0 International (CC BY 4.0)</a>' in page
        address = f"http://testserver{reverse('release-detail', args=[record['release']])}"
        assert f"{record['citation']} {address}</blockquote>" in page

    def test_a_release_page_in_french_says_its_manifests_texts_are_english(self, client, catalogue):
        """A release's manifest is published in English and never rewritten: on /fr/data/releases/… its tables'
        descriptions and its citation are marked lang="en" (a new-user test found them unmarked)."""
        record, _ = _publish()
        urls = {}
        for language in ("fr", "en"):
            with translation.override(language):
                urls[language] = reverse("release-detail", args=[record["release"]])
        page = client.get(urls["fr"]).content.decode()
        assert '<dd><span lang="en">One row per network.</span> Colonnes\u00a0:' in page
        assert '<blockquote class="citation" lang="en">' in page
        english = client.get(urls["en"]).content.decode()
        assert "<dd>One row per network. Columns:" in english and '<blockquote class="citation">' in english

    def test_the_change_page_reads_the_change_list(self, client, catalogue):
        _publish()
        Network.objects.filter(slug="carin").update(status=Network.Status.DORMANT)
        record, _ = _publish()
        page = client.get(reverse("release-changes", args=[record["release"]])).content.decode()
        assert "<td>changed</td><td>CARIN" in page and "<td>status</td><td>active</td><td>dormant</td>" in page

    def test_each_file_is_served_as_published(self, client, catalogue):
        record, _ = _publish()
        for entry in [*record["files"], {"name": "manifest.json"}]:
            response = client.get(reverse("release-file", args=[record["release"], entry["name"]]))
            assert response.status_code == 200
            data = b"".join(response.streaming_content)
            if "sha256" in entry:
                assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert json.loads(data)["release"] == record["release"]

    @pytest.mark.parametrize(
        ("name", "file_name"),
        [("2026-01-01", "networks.csv"), ("..", "networks.csv"), ("x" * 500, "a"), (None, "../manifest.json"),
         (None, "settings.py"), (None, "%00"), (None, ".partial")],
    )  # fmt: skip
    def test_anything_else_is_a_404(self, client, catalogue, name, file_name):
        record, _ = _publish()
        release_url = reverse("release-detail", args=[name or record["release"]])
        assert client.get(release_url + file_name).status_code == 404
        assert client.get(reverse("release-detail", args=[name or "nope"])).status_code == 404


def timezone_today():
    return timezone.localdate().isoformat()
