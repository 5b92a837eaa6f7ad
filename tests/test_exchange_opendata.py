"""Open data: exact columns, no restricted data, neutralised formulae, streaming in constant queries."""

import csv
import hashlib
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from markupsafe import escape

from exchange import opendata
from exchange.exports import table_csv
from exchange.formats import neutralise, read_table, restore
from exchange.resources import RESOURCES
from networks.models import Network

from .factories import make_populated_network, make_rich_catalogue, make_sample_catalogue

pytestmark = pytest.mark.django_db

CANARIES = ["CANARY-INTERNAL-NOTE", "CANARY-SECRETARIAT-CONTACT", "CANARY-PRACTITIONER-CONTACT", "canary-"]
DOWNLOADS = ["/data/networks.csv", "/data/memberships.csv", "/data/catalogue.json"]


def _body(response):
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def _rows(text):
    assert text.startswith("\ufeff")  # every CSV the registry writes starts with a BOM, for Excel
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def _records(text):
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_networks_csv_has_exactly_the_published_columns(client):
    make_rich_catalogue()
    rows = _rows(_body(client.get("/data/networks.csv")))
    assert rows[0] == [
        "slug", "name", "acronym", "aliases", "type", "field", "status", "scope", "regions", "topics", "host",
        "established", "website", "description", "last_verified", "sources", "registry_id", "wikidata_id", "uia_id",
    ]  # fmt: skip
    ejn = dict(zip(rows[0], next(row for row in rows if row[0] == "ejn"), strict=True))
    assert ejn["registry_id"] == Network.objects.get(slug="ejn").registry_id
    assert ejn["aliases"] == "EJN crim;Réseau judiciaire européen"
    assert ejn["regions"] == "africa;europe" and ejn["topics"] == "cybercrime;mla"
    assert (ejn["host"], ejn["established"], ejn["last_verified"]) == ("Eurojust", "1998", "2025-05-01")


def test_memberships_csv_has_exactly_the_published_columns_and_every_member_type(client):
    make_rich_catalogue()
    rows = _rows(_body(client.get("/data/memberships.csv")))
    assert rows[0] == [
        "network_slug", "network_name", "member_type", "member_code", "member_name", "role", "since", "until", "source",
        "note",
    ]  # fmt: skip
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {(r["member_type"], r["member_code"]) for r in records} >= {
        ("jurisdiction", "GB-SCT"), ("jurisdiction", "XK"), ("organisation", "egmont"), ("network", "carin"),
    }  # fmt: skip
    ended = next(r for r in records if r["until"])
    assert (ended["member_code"], ended["until"], ended["role"]) == ("BR", "2020-12-31", "member")


def test_catalogue_json_nests_memberships_and_only_public_contact_points(client):
    make_rich_catalogue()
    catalogue = json.loads(_body(client.get("/data/catalogue.json")))
    ejn = next(n for n in catalogue["networks"] if n["slug"] == "ejn")
    assert ejn["topics"] == ["cybercrime", "mla"]
    assert len(ejn["memberships"]) == 7
    assert [c["name"] for c in ejn["contact_points"]] == ["Public Office"]


@pytest.mark.parametrize("url", [*DOWNLOADS, reverse("data")])
def test_no_restricted_value_reaches_a_public_download(client, django_user_model, url):
    make_rich_catalogue()
    staff = django_user_model.objects.create_superuser("sec", "sec@example.org", "x")
    client.force_login(staff)  # even the secretariat gets the public file
    response = client.get(url)
    text = response.content.decode() if url == reverse("data") else _body(response)
    for canary in CANARIES:
        assert canary not in text


HOSTILE = ["=HYPERLINK(1)", "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("url", DOWNLOADS[:2])
def test_every_text_cell_of_a_public_csv_is_neutralised(client, hostile, url):
    make_rich_catalogue(hostile=hostile)
    cells = [cell for row in _rows(_body(client.get(url)))[1:] for cell in row]
    assert any(cell.startswith("'" + hostile) for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_text_cell_of_every_secretariat_export_is_neutralised(hostile):
    make_rich_catalogue(hostile=hostile)
    for resource_class in RESOURCES:
        text = "".join(table_csv(resource_class(everything=True)))
        cells = [cell for row in _rows(text)[1:] for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], resource_class.__name__
        assert any(c.startswith("'" + hostile) for c in cells), resource_class.__name__


def test_neutralised_cells_read_back_as_written():
    for value in ["=1+1", "'=x", "''=x", "+33 1", "plain", "'quoted", "", "-"]:
        assert restore(neutralise(value)) == value
    headers, rows = read_table(b"a,b\r\n'=1+1,'+33\r\n")
    assert rows == [["=1+1", "+33"]]


def test_the_data_page_describes_files_licence_and_checksums(client):
    make_rich_catalogue()
    page = client.get(reverse("data")).content.decode()
    assert "Creative Commons Attribution 4.0" in page and "Last change:" in page
    for url in DOWNLOADS:
        digest = hashlib.sha256(_body(client.get(url)).encode()).hexdigest()
        assert page.count(digest) == 1, url
    assert "<code>member_code</code>" in page


def test_an_unknown_download_is_not_found(client):
    assert client.get("/data/secrets.csv").status_code == 404


@pytest.mark.parametrize("url", DOWNLOADS)
def test_downloads_take_the_same_number_of_queries_whatever_the_size(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 6):
        make_populated_network(size)
        with CaptureQueriesContext(connection) as queries:
            _body(client.get(url))
        counts.append(len(queries))
    # networks.csv: networks, aliases, regions, topics, sources, host relations (6);
    # memberships.csv: one; catalogue.json: catalogue version + networks.csv's 6 + memberships + contact points.
    assert counts[0] == counts[1] == {"/data/networks.csv": 6, "/data/memberships.csv": 1}.get(url, 9)


def test_a_filtered_list_offers_its_results_as_csv_with_the_same_rows(client):
    make_sample_catalogue()
    page = client.get(reverse("network-list"), {"topic": "asset-recovery", "page": "1"}).content.decode()
    assert 'href="/data/networks.csv?topic=asset-recovery"' in page
    listed = [row["slug"] for row in _records(_body(client.get("/data/networks.csv", {"topic": "asset-recovery"})))]
    assert listed == ["carin", "wacap"]
    members = _records(_body(client.get("/data/memberships.csv", {"topic": "asset-recovery"})))
    assert {row["network_slug"] for row in members} == {"carin", "wacap"}
    everything = _records(_body(client.get("/data/networks.csv")))
    assert len(everything) > len(listed)


@pytest.mark.parametrize(
    ("params", "named", "reason"),
    [
        ({"q": "\x00"}, "q", "contains a control character."),
        ({"status": "active\x00"}, "status", "contains a control character."),
        ({"network": "zzz"}, "network", "No public network has the identifier “zzz”."),
        ({"foo": "bar"}, "foo", "unknown parameter; downloads take: "),
        ({"topic": "nothing-of-the-kind"}, "topic", "There is no topic “nothing-of-the-kind”."),
        ({"network": ["carin", "wacap"]}, "network", "given 2 times; it takes one value."),
    ],
)
@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_asked_for_with_a_filter_it_cannot_apply_is_a_400_naming_it(client, url, params, named, reason):
    # The list page leaves such a filter out and says so; a file has no notice, and answered the whole catalogue
    # (?q=%00), an empty file (?network=zzz) or ignored the parameter (?foo=bar) as if filtered.
    make_sample_catalogue()
    response = client.get(url, params)
    assert response.status_code == 400
    assert f"{named}: {reason}" in response.content.decode()


def test_a_download_of_one_network_and_a_filter_it_can_apply_answer_their_rows(client):
    make_sample_catalogue()
    members = _records(_body(client.get("/data/memberships.csv", {"network": "carin", "as_of": "2020-01-01"})))
    assert members and {row["network_slug"] for row in members} == {"carin"}
    assert client.get("/data/networks.csv", {"status": "active", "sort": "name"}).status_code == 200


def _listed_checksum(client, name):
    page = client.get(reverse("data")).content.decode()
    section = page[page.index(f">{name}</a>") :]
    return section[section.index("SHA-256: <code>") + 15 :][:64]


def test_checksums_follow_every_save_even_two_within_one_second(client):
    network = make_populated_network(2)
    for description in ("First save", "Second save, the same second"):
        network.description = description
        network.save()
        body = _body(client.get("/data/networks.csv")).encode("utf-8")
        assert _listed_checksum(client, "networks.csv") == hashlib.sha256(body).hexdigest()


def test_checksums_computed_while_the_catalogue_changes_are_not_kept(monkeypatch):
    from django.core.cache import cache

    from exchange import opendata
    from networks.models import Network
    from pagecache.invalidation import catalogue_version

    network = make_populated_network(1)
    real = opendata.DataFile.chunks

    def a_save_commits_meanwhile(self, networks, **kwargs):
        if self.name == "memberships.csv":
            network.save()
        return real(self, networks, **kwargs)

    monkeypatch.setattr(opendata.DataFile, "chunks", a_save_commits_meanwhile)
    version, _sums = opendata.checksums(Network.objects.public())
    assert version != catalogue_version()
    assert cache.get(f"exchange:checksums:{version}") is None


@pytest.mark.parametrize("url", DOWNLOADS + ["/data/networks.csv?status=active"])
def test_head_answers_like_get_without_the_body(client, url):
    make_rich_catalogue()
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    for header in ("Content-Type", "Content-Disposition"):
        assert head[header] == get[header]
    assert not head.has_header("Content-Length") and not get.has_header("Content-Length")
    assert b"".join(head.streaming_content) == b""


@pytest.mark.parametrize(
    ("url", "status"), [(reverse("data"), 200), ("/data/nothing.csv", 404), ("/data/networks.csv?status=x", 400)]
)
def test_head_gives_the_status_get_gives(client, url, status):
    assert client.head(url).status_code == client.get(url).status_code == status


def test_the_french_data_page_describes_every_file_and_column_in_french(client):
    """Found by a new-user test: /fr/data/ described each file and each of its columns in English."""
    make_rich_catalogue()
    with translation.override("fr"):
        page = client.get(reverse("data")).content.decode()
    assert "<p>Une ligne par réseau. " in page and "<td>nom complet</td>" in page
    assert "SHA-256\u00a0: <code>" in page
    for data_file in opendata.FILES:
        for text in (data_file.description, *(meaning for _column, meaning in data_file.columns)):
            with translation.override("en"):
                english = str(escape(text))
            with translation.override("fr"):
                french = str(escape(text))
            assert french != english and french in page and english not in page, english
