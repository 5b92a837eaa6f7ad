"""Writing the files spreadsheets open (issue 11, point 3): one writer for every CSV the registry produces."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from exchange.formats import neutralise, read_table, restore
from exchange.resources import NetworkResource
from exchange.services import catalogue_import

from .factories import make_alias, make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def turkiye_network():
    """A network whose alias list holds a would-be formula as its second item, and a name with ü."""
    network = make_network(slug="ejn", name="Türkiye network", description="A; -B and =C")
    make_alias(network, "2nd alias")
    make_alias(network, "=7*191")
    return network


def _admin_export(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("sec", "sec@example.org", "x"))
    fields = {f"networkresource_{name}": "on" for name in ["slug", "name_en", "aliases", "description_en"]}
    return client.post(reverse("admin:networks_network_export"), {"format": "0", "resource": "0", **fields})


def _export_command(tmp_path):
    call_command("export_catalogue", "--out", tmp_path, verbosity=0)
    return (tmp_path / "networks.csv").read_bytes()


def _download(client, url):
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


SURFACES = {
    "admin export": lambda client, users, tmp: _admin_export(client, users).content,
    "export_catalogue": lambda client, users, tmp: _export_command(tmp),
    "/data/networks.csv": lambda client, users, tmp: _download(client, "/data/networks.csv"),
    "filtered download": lambda client, users, tmp: _download(client, "/data/networks.csv?q=network"),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_every_csv_is_utf8_with_bom_quoted_and_neutralised_item_by_item(
    client, django_user_model, tmp_path, turkiye_network, surface
):
    data = SURFACES[surface](client, django_user_model, tmp_path)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8 (else it shows TÃ¼rkiye)"
    text = data.decode("utf-8-sig")
    assert '"Türkiye network"' in text
    assert '"2nd alias;\'=7*191"' in text  # a ;-locale spreadsheet splits the cell: each item is neutralised
    assert '"A;\' -B and =C"' in text  # a leading space does not make an item safe
    rows = list(csv.reader(io.StringIO(text, newline="")))
    lines = text.split("\r\n")
    assert all(line.startswith('"') for line in lines if line), "every cell is quoted"
    assert all(cell.lstrip(" ")[:1] not in "=+-@\t\r" for row in rows for c in row for cell in c.split(";") if cell)


def test_the_admin_export_declares_its_charset(client, django_user_model, turkiye_network):
    response = _admin_export(client, django_user_model)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_what_the_writer_writes_the_reader_reads_back_losslessly(tmp_path, turkiye_network):
    data = _export_command(tmp_path)
    headers, rows = read_table(data, "networks.csv")
    row = dict(zip(headers, rows[0], strict=True))
    assert row["aliases"] == "2nd alias;=7*191" and row["description_en"] == "A; -B and =C"
    (report,) = catalogue_import(tables=[(NetworkResource, "networks.csv", headers, rows)], dry_run=True)
    assert report.counts["unchanged"] == 1 and not report.problems


@pytest.mark.parametrize(
    "value",
    ["=1+1", "'=x", "''=x", "+33 1", "plain", "'quoted", "", "-", "a;=b", "a; =b", ";;", "'a;'=b", " =x", "=;=", "a;"],
)
def test_neutralise_and_restore_are_exact_inverses(value):
    assert restore(neutralise(value)) == value
    items = neutralise(value).split(";")
    assert all(item.lstrip(" ")[:1] not in ("=", "+", "-", "@") or not item.strip() for item in items)
