"""Content in several languages: translated fields, aliases with a language and a kind, their exchange and admin.

What the seed catalogue answers in other languages: tests/test_content_languages_seed.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from exchange.exports import table_csv
from exchange.formats import read_table
from exchange.resources import NetworkResource
from exchange.services import catalogue_import
from networks.models import Network, NetworkAlias

from .factories import make_network


@pytest.mark.django_db
def test_queries_keep_to_the_columns_they_name_in_any_language():
    """modeltranslation would rewrite `name` to `name_fr` on a French page; lists and look-ups would miss."""
    make_network(slug="b", name="Beta", name_fr="Alpha en français")
    make_network(slug="a", name="Alpha")
    with translation.override("fr"), CaptureQueriesContext(connection) as queries:
        assert list(Network.objects.order_by("name").values_list("slug", flat=True)) == ["a", "b"]
        assert Network.objects.get(name="Beta").slug == "b"
    assert all("name_fr" not in query["sql"].split(" FROM ")[1] for query in queries.captured_queries)


@pytest.mark.django_db
def test_a_save_in_french_keeps_the_english_text_in_the_original_column_and_records_each_language():
    network = make_network(name="Beta")
    with translation.override("fr"):
        network.name_fr = "Bêta"
        network.save()
    assert Network.objects.filter(pk=network.pk, name="Beta", name_en="Beta", name_fr="Bêta").exists()
    assert [row.name_fr for row in network.history.order_by("history_date")] == [None, "Bêta"]


@pytest.mark.django_db
def test_the_database_refuses_an_original_column_that_is_not_the_english_text():
    network = make_network(name="Beta")
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(name="Other")


@pytest.mark.django_db
@pytest.mark.parametrize("tag, stored", [("es", "es"), ("pt", "pt"), ("fr", "fr"), ("pt-br", "pt-BR"), ("", "")])
def test_an_alias_takes_a_bcp47_language_tag_in_its_standard_form(tag, stored):
    alias = NetworkAlias(network=make_network(), name="Red", language=tag, kind=NetworkAlias.Kind.OFFICIAL)
    alias.full_clean()
    alias.save()
    assert NetworkAlias.objects.get(pk=alias.pk).language == stored


@pytest.mark.django_db
@pytest.mark.parametrize("tag", ["spanish", "xx", "x-private", "es_", "e", "es-" + "x" * 40])
def test_an_alias_refuses_what_is_not_a_language_tag(tag):
    alias = NetworkAlias(network=make_network(), name="Red", language=tag)
    with pytest.raises(ValidationError) as raised:
        alias.full_clean()
    assert "language" in raised.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("column, value", [("language", "Spanish"), ("kind", "nickname")])
def test_the_database_refuses_a_bad_alias_language_or_kind(column, value):
    alias = NetworkAlias.objects.create(network=make_network(), name="Red", language="es")
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkAlias.objects.filter(pk=alias.pk).update(**{column: value})


@pytest.mark.django_db
def test_the_translated_columns_go_out_and_come_back_unchanged():
    make_network(slug="iberred", name="IberRed network", name_es="Red Iberoamericana", description_pt="Rede")
    data = "".join(table_csv(NetworkResource(everything=True))).encode()
    headers, rows = read_table(data, "networks.csv")
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["name_en"], row["name_es"], row["name_fr"], row["description_pt"]) == (
        "IberRed network",
        "Red Iberoamericana",
        "",
        "Rede",
    )
    row.update(name_fr="Réseau ibéro-américain", name_es="")
    (report,) = catalogue_import(tables=[(NetworkResource, "networks.csv", headers, [list(row.values())])])
    assert report.counts["updated"] == 1 and not report.has_errors
    network = Network.objects.get(slug="iberred")
    assert (network.name, network.name_en, network.name_fr, network.name_es) == (
        "IberRed network",
        "IberRed network",
        "Réseau ibéro-américain",
        None,
    )
    again = "".join(table_csv(NetworkResource(everything=True))).encode()
    expected = data.replace(b'"","Red Iberoamericana"', '"Réseau ibéro-américain",""'.encode())
    assert again == expected.replace(b'"2"\r\n', b'"3"\r\n')  # the last column: the revision moved on


@pytest.mark.django_db
def test_an_older_file_with_plain_name_and_description_imports_them_as_english():
    make_network(slug="iberred", name="Old", name_es="Red Iberoamericana")
    headers, rows = read_table(b"slug,name,type,description\niberred,New,judicial,Described\n", "networks.csv")
    with translation.override("fr"):
        (report,) = catalogue_import(tables=[(NetworkResource, "networks.csv", headers, rows)])
    assert not report.has_errors
    network = Network.objects.get(slug="iberred")
    assert (network.name_en, network.name_fr, network.name_es, network.description_en) == (
        "New",
        None,
        "Red Iberoamericana",
        "Described",
    )


@pytest.mark.django_db
def test_the_admin_edits_every_language_side_by_side(admin_client):
    network = make_network(name="Beta", name_fr="Bêta")
    page = admin_client.get(reverse("admin:networks_network_change", args=[network.pk]))
    form = page.context["adminform"].form
    names = [name for name in form.fields if name.startswith(("name_", "acronym_", "description_"))]
    assert names[:4] == ["name_en", "name_fr", "name_es", "name_pt"]
    assert "name" not in form.fields and form.fields["name_en"].required and not form.fields["name_fr"].required
    assert form["name_fr"].value() == "Bêta"
    assert 'name="aliases-0-language"' not in page.content.decode()  # no alias yet; the empty form has both
    assert 'name="aliases-__prefix__-language"' in page.content.decode()
    assert 'name="aliases-__prefix__-kind"' in page.content.decode()
