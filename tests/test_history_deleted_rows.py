"""History pages render whatever was deleted since, and a revert to a deleted row is refused (issue 11, point 6)."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from simple_history.models import HistoricalChanges

from countries.models import Jurisdiction
from networks.models import ContactPoint, Membership, Network, Organisation, Relation

from .admin_forms import form_data
from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_relation,
    make_secretariat_member,
)

pytestmark = pytest.mark.django_db


def _history_url(model, pk):
    return reverse(f"admin:networks_{model._meta.model_name}_history", args=[pk])


def _revert_url(model, pk, version):
    return reverse(f"admin:networks_{model._meta.model_name}_simple_history", args=[pk, version])


@pytest.fixture
def former_member():
    """The issue's case: a membership whose former member, an organisation, was deleted since."""
    network = make_network(name="Camden Asset Recovery Inter-Agency Network")
    organisation = make_organisation(name="Interim Secretariat Foundation")
    membership = make_membership(network, organisation, role=Membership.Role.OBSERVER)
    first = membership.history.get().history_id
    membership.organisation, membership.jurisdiction = None, Jurisdiction.objects.get(code="GH")
    membership.save()
    organisation_pk = organisation.pk
    organisation.delete()
    return membership, first, organisation_pk


@pytest.mark.parametrize("role", ["secretariat", "editor"])
def test_the_history_and_revert_pages_name_the_deleted_member_instead_of_failing(client, former_member, role):
    membership, first, organisation_pk = former_member
    client.force_login(make_secretariat_member() if role == "secretariat" else make_network_editor(membership.network))
    history = client.get(_history_url(Membership, membership.pk))
    assert history.status_code == 200
    page = history.content.decode()
    gone = "Interim Secretariat Foundation (no longer in the catalogue)"  # its last name, as its history keeps it
    assert f"{gone} — Observer of Camden" in page  # the old version's label
    assert f"{gone} → " in page  # the change from it

    revert = client.get(_revert_url(Membership, membership.pk, first))
    assert revert.status_code == 200
    warnings = [str(message) for message in revert.context["messages"]]
    assert warnings == [
        "This version points to Interim Secretariat Foundation (no longer in the catalogue): reverting needs another "
        "choice there."
    ]


def test_a_revert_that_would_point_to_the_deleted_row_is_refused_with_an_error_on_the_field(client, former_member):
    membership, first, organisation_pk = former_member
    client.force_login(make_secretariat_member())
    url = _revert_url(Membership, membership.pk, first)
    data = form_data(client.get(url))
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["member"] == [
        "This member no longer exists or was never catalogued. Choose another."
    ]
    membership.refresh_from_db()
    assert membership.jurisdiction.code == "GH"

    # Choosing an organisation that exists reverts the rest of the version.
    data["member"] = f"organisation:{make_organisation().pk}"
    data["edit_version"] = client.get(url).context["adminform"].form["edit_version"].value()
    assert client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.organisation is not None and membership.jurisdiction is None


def test_pages_of_records_deleted_with_the_row_they_pointed_to_still_render(client):
    network, target = make_network(), make_network(name="Short-lived Platform")
    relation = make_relation(network, target, kind=Relation.Kind.PARTNER)
    contact = make_contact(target, name="Desk officer")
    relation_pk, contact_pk = relation.pk, contact.pk
    target.delete()  # deletes the relation and the contact point with it
    client.force_login(make_secretariat_member())
    relation_page = client.get(_history_url(Relation, relation_pk))
    assert relation_page.status_code == 200
    assert "partner of Short-lived Platform (no longer in the catalogue)" in relation_page.content.decode()
    contact_page = client.get(_history_url(ContactPoint, contact_pk))
    assert contact_page.status_code == 200
    assert "Desk officer (Short-lived Platform (no longer in the catalogue))" in contact_page.content.decode()


def test_the_history_list_leaves_the_reason_and_user_empty_when_none_was_recorded(client):
    network = make_network(description="First words")
    network.description = "Second words"
    network._change_reason = "Checked against the 2024 annual report"
    network.save()
    client.force_login(make_secretariat_member())
    page = client.get(_history_url(Network, network.pk)).content.decode()
    start = page.index('<table id="change-history">')
    table = page[start : page.index("</table>", start)]
    assert "None" not in table
    assert table.count("Checked against the 2024 annual report") == 1
    assert "“First words”" not in table and "First words → Second words" in table.replace("&nbsp;", " ")


def test_every_history_tracked_models_label_survives_its_related_rows_deletion():
    """Any model with history: its __str__ on a version whose foreign keys point nowhere does not fail."""
    labels = {}
    for historical in [m for m in apps.get_models() if issubclass(m, HistoricalChanges)]:
        model = historical.instance_type
        keys = [f for f in model._meta.concrete_fields if f.many_to_one]
        labels[model.__name__] = str(model(**{field.attname: 987654321 for field in keys}))
    for name in ("Membership", "Relation", "ContactPoint", "NetworkSource"):
        assert "deleted network" in labels[name], labels[name]  # no history keeps a row 987654321
    assert Organisation.objects.count() == 0


def test_every_field_a_change_can_show_is_labelled_in_words_and_in_french():
    """A change names each field by its verbose name ("Urls:" was the raw one): words, never a column's name."""
    from django.utils import translation
    from django.utils.text import capfirst

    from networks.changes import _dated

    raw, untranslated = [], []
    same_in_french = {"ID", "type", "section", "source", "institution", "note", "notes", "organisation", "parent"}
    same_in_french |= {"code", "ISO alpha-3", "document", "date", "description"}
    for historical in [m for m in apps.get_models() if issubclass(m, HistoricalChanges)]:
        model = historical.instance_type
        if model._meta.auto_created:
            continue  # a many-to-many's link: shown as its own record's field
        for field in model._meta.concrete_fields:
            if _dated(model, field.name):
                continue  # shown with its date ("Since: 2009")
            english = str(field.verbose_name)
            with translation.override("fr"):
                french = str(field.verbose_name)
            if re.search(r"\b(url|urls|id|uia|ror|wikidata)\b|_", english):
                raw.append(f"{model.__name__}.{field.name}: {capfirst(english)}")
            if french == english and english.split(" [")[0] not in same_in_french:
                untranslated.append(f"{model.__name__}.{field.name}: {english}")
    assert raw == [] and untranslated == []
