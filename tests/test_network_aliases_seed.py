"""Network aliases with their language and kind, on the real seed catalogue: the files round trip, the API says them."""

import pytest
from django.urls import reverse

from exchange.exports import table_csv
from exchange.formats import read_table
from exchange.resources import RESOURCES, NetworkAliasResource
from exchange.services import catalogue_import
from networks.models import Network, NetworkAlias

from .catalogue_loaded import catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _aliases():
    return sorted(NetworkAlias.objects.values_list("pk", "network__slug", "name", "language", "kind", "note"))


def test_exporting_then_importing_every_table_of_the_seed_catalogue_changes_nothing(catalogue):  # noqa: F811
    before = _aliases(), NetworkAlias.history.count(), sorted(Network.objects.values_list("slug", "revision"))
    tables = []
    for resource_class in RESOURCES:
        headers, rows = read_table("".join(table_csv(resource_class(everything=True))).encode())
        tables.append((resource_class, f"{resource_class.table}.csv", headers, rows))
    reports = catalogue_import(tables=tables)
    assert not [str(problem) for report in reports for problem in report.problems]
    assert {report.table: (report.counts["new"], report.counts["updated"]) for report in reports} == {
        resource_class.table: (0, 0) for resource_class in RESOURCES
    }
    (aliases,) = [report for report in reports if report.table == "network_aliases"]
    assert aliases.counts["unchanged"] == NetworkAlias.objects.count() > 40
    assert (_aliases(), NetworkAlias.history.count(), sorted(Network.objects.values_list("slug", "revision"))) == before


def test_the_seed_aliases_leave_with_their_language_and_kind(catalogue):  # noqa: F811
    _headers, rows = read_table("".join(table_csv(NetworkAliasResource(everything=True))).encode())
    cells = {(row[0], row[1]): row[2:5] for row in rows}
    assert cells[("bes", "Bureau voor Euregionale Samenwerking")] == ["nl", "official", "Dutch name"]
    assert cells[("nacp", "NCAP")] == ["", "misspelling", "Spelling used in most of the catalogue's description."]
    assert len(rows) == NetworkAlias.objects.count()


def test_the_api_gives_each_alias_with_its_language_and_kind_beside_the_names(client, catalogue):  # noqa: F811
    bes = client.get(reverse("api:network-detail", args=["bes"])).json()
    name = "Bureau voor Euregionale Samenwerking"
    assert bes["aliases"] == [name]  # v1: the names alone
    assert bes["alias_details"] == [{"name": name, "language": "nl", "kind": "official"}]
    euda = client.get(reverse("api:network-detail", args=["euda"])).json()
    assert sorted((a["name"], a["language"], a["kind"]) for a in euda["alias_details"]) == [
        ("EMCDDA", "en", "former"),
        ("European Monitoring Centre for Drugs and Drug Addiction", "en", "former"),
    ]
    nacp = client.get(reverse("api:network-detail", args=["nacp"])).json()
    assert nacp["alias_details"] == [{"name": "NCAP", "language": None, "kind": "misspelling"}]
    assert "note" not in nacp["alias_details"][0]  # the secretariat's note stays in its export


def test_the_schema_describes_the_alias_details(client, catalogue):  # noqa: F811
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schemas = schema["components"]["schemas"]
    field = schemas["NetworkDetail"]["properties"]["alias_details"]
    assert field["items"]["$ref"] == "#/components/schemas/Alias"
    alias = schemas["Alias"]["properties"]
    assert set(alias) == {"name", "language", "kind"} and alias["language"]["nullable"] is True
    assert alias["kind"]["$ref"] == "#/components/schemas/AliasKindEnum"
    assert schemas["AliasKindEnum"]["enum"] == NetworkAlias.Kind.values
