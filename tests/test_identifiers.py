"""Registry identifiers (stable, never reused) and external identifiers (validated on save, exported, linked)."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from countries.models import Jurisdiction
from exchange.formats import read_table
from exchange.resources import NetworkResource
from exchange.services import catalogue_import
from networks.models import Network
from registry.identifiers import REGISTRY_ID_RE, validate_ror_id

from .factories import make_network, make_organisation

pytestmark = pytest.mark.django_db


def test_every_network_organisation_and_jurisdiction_has_its_own_kind_of_identifier():
    network, organisation = make_network(), make_organisation()
    ghana = Jurisdiction.objects.get(code="GH")
    for entry, kind in ((network, "N"), (organisation, "O"), (ghana, "J")):
        assert REGISTRY_ID_RE.match(entry.registry_id) and entry.registry_id[0] == kind
    assert Jurisdiction.objects.values("registry_id").distinct().count() == Jurisdiction.objects.count()


def test_the_identifier_survives_a_change_of_slug_and_name():
    network = make_network(slug="old")
    before = network.registry_id
    network.slug, network.name = "new", "Renamed"
    network.save()
    network.refresh_from_db()
    assert network.registry_id == before


def test_a_deleted_network_keeps_its_identifier_in_history_and_the_next_gets_another():
    gone = make_network()
    gone_id = gone.registry_id
    gone.delete()
    assert Network.history.filter(registry_id=gone_id, history_type="-").exists()
    assert make_network().registry_id != gone_id


def test_the_database_refuses_a_repeated_identifier():
    network = make_network()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_network(registry_id=network.registry_id)


@pytest.mark.parametrize("value", ["0524sp257", "03yrm5c26", "05gq02987"])
def test_real_ror_ids_pass_their_checksum(value):
    validate_ror_id(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0524sp258", "checksum"),
        ("https://ror.org/0524sp257", "nine characters"),
        ("1524sp257", "nine characters"),
        ("0524sl257", "nine characters"),  # l is not a Crockford digit
    ],
)
def test_a_wrong_ror_id_is_refused_with_a_reason(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_ror_id(value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("wikidata_id", "q458"), ("wikidata_id", "Q0"), ("wikidata_id", "458"), ("uia_id", "XM33"), ("ror_id", "x")],
)
def test_an_external_id_in_the_wrong_form_is_a_field_error(field, value):
    organisation = make_organisation()
    setattr(organisation, field, value)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert field in error.value.message_dict


def test_the_database_refuses_an_external_id_in_the_wrong_form_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=make_network().pk).update(wikidata_id="not-a-qid")


def test_the_admin_shows_the_errors_on_the_fields(client):
    from .factories import make_secretariat_member

    organisation = make_organisation()
    client.force_login(make_secretariat_member())
    url = reverse("admin:networks_organisation_change", args=[organisation.pk])
    form = client.get(url).context["adminform"].form
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "ror_id": "0524sp258"}
    data["jurisdiction"] = ""
    response = client.post(url, data)
    assert "do not match" in str(response.context["adminform"].form.errors["ror_id"])


def _import(text):
    headers, rows = read_table(text.encode(), "networks.csv")
    (report,) = catalogue_import(tables=[(NetworkResource, "networks.csv", headers, rows)])
    return report


def test_an_import_keeps_a_new_rows_identifier_and_draws_one_when_blank():
    _import(f"slug,name,type,registry_id\nkept,Kept,judicial,N{'A' * 9}\ndrawn,Drawn,judicial,\n")
    assert Network.objects.get(slug="kept").registry_id == "NAAAAAAAAA"
    assert REGISTRY_ID_RE.match(Network.objects.get(slug="drawn").registry_id)


def test_an_import_cannot_change_a_stored_identifier():
    network = make_network(slug="ejn")
    report = _import("slug,name,type,registry_id\nejn,EJN,judicial,NBBBBBBBBB\n")
    assert report.has_errors
    assert any(p.column == "registry_id" and "never changes" in p.reason for p in report.problems)
    network.refresh_from_db()
    assert network.registry_id != "NBBBBBBBBB"


def test_a_blank_identifier_in_a_file_keeps_the_stored_one():
    network = make_network(slug="ejn", name="EJN")
    report = _import("slug,name,type,registry_id\nejn,EJN,judicial,\n")
    assert not report.has_errors
    network.refresh_from_db()
    assert REGISTRY_ID_RE.match(network.registry_id)


def test_external_ids_are_in_the_exports_and_the_api(client):
    network = make_network(slug="ejn", wikidata_id="Q1377834", uia_id="XM3345")
    organisation = make_organisation(ror_id="0524sp257")
    row = next(r for r in NetworkResource().export() if r[0] == "ejn")
    assert {"Q1377834", "XM3345", network.registry_id} <= set(row)
    api = client.get(reverse("api:network-detail", args=["ejn"])).json()
    assert (api["id"], api["wikidata_id"], api["uia_id"]) == (network.registry_id, "Q1377834", "XM3345")
    org = client.get(reverse("api:organisation-detail", args=[organisation.slug])).json()
    assert org["ror_id"] == "0524sp257"


def test_the_network_page_links_its_external_ids_and_shows_its_registry_id(client):
    network = make_network(slug="ejn", wikidata_id="Q1377834", uia_id="XM3345", website="https://example.org/")
    body = client.get(network.get_absolute_url()).content.decode()
    assert f"<code>{network.registry_id}</code>" in body
    assert '<a href="https://www.wikidata.org/wiki/Q1377834" rel="noopener">Q1377834</a>' in body
    assert "XM3345" in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["sameAs"] == ["https://example.org/", "https://www.wikidata.org/wiki/Q1377834"]
