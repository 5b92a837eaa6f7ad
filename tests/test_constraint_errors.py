"""Every database constraint is a form error in the catalogue's words, on its field; the admin never shows
a raw database message or a 500 (issue 11, point 11)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse

from countries.models import Jurisdiction
from networks.models import Membership, Network, Relation

from .admin_forms import add_inline_row, form_data, inline_prefix
from .factories import make_membership, make_network, make_organisation, make_secretariat_member

PROJECT_APPS = {"accounts", "countries", "networks", "exchange", "pagecache"}


def _project_constraints():
    """Constraints of the project's models that a form saves: those in the admin or its inlines (rows
    that only code writes, such as an import's waiting upload, have no form to show a message on)."""
    edited = {*admin.site._registry, *(i.model for a in admin.site._registry.values() for i in a.inlines)}
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and model in edited:
            for constraint in model._meta.constraints:
                yield model, constraint


def test_every_named_constraint_has_its_own_message_and_its_name_as_code():
    problems = []
    for _model, constraint in _project_constraints():
        if constraint.violation_error_message == constraint.default_violation_error_message:
            problems.append(f"{constraint.name}: Django's default message")
        if constraint.violation_error_code != constraint.name:
            problems.append(f"{constraint.name}: code {constraint.violation_error_code!r}")
    assert not problems, "\n".join(problems)
    assert len(list(_project_constraints())) >= 16  # the walk found them


def test_constraint_fields_name_real_constraints_and_fields():
    for model in apps.get_models():
        names = {constraint.name for constraint in model._meta.constraints}
        for name, field in getattr(model, "constraint_fields", {}).items():
            assert name in names, f"{model.__name__}: no constraint {name}"
            model._meta.get_field(field)


@pytest.fixture
def secretariat(client, db):
    client.force_login(make_secretariat_member())
    return client


@pytest.mark.django_db
def test_a_membership_without_a_member_names_the_member_field(secretariat):
    network = make_network()
    data = {"network": network.pk, "role": "member", "notes": "Listed in the 2017 paper"}
    response = secretariat.post(reverse("admin:networks_membership_add"), data)
    form = response.context["adminform"].form
    assert form.errors["member"] == ["Choose the member: a state or territory, an organisation or a network."]
    assert form.non_field_errors() == []
    assert "Constraint" not in response.content.decode()
    assert form["notes"].value() == "Listed in the 2017 paper"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"since": "2020-01-01", "until": "2019-01-01"}, "until", "“Until” cannot be before “since”."),
        ({"member": "self"}, "member", "A network cannot be a member of itself."),
        ({"member": "GH"}, "member", "This jurisdiction already has this role in this network."),
    ],
)
def test_a_broken_membership_rule_is_an_error_on_its_field(secretariat, values, field, message):
    network = make_network()
    make_membership(network, Jurisdiction.objects.get(code="GH"))
    togo = Jurisdiction.objects.get(code="TG")
    data = {"network": network.pk, "role": "member", **values, "member": f"jurisdiction:{togo.pk}"}
    if values.get("member") == "self":
        data["member"] = f"network:{network.pk}"
    if values.get("member") == "GH":
        data["member"] = f"jurisdiction:{Jurisdiction.objects.get(code='GH').pk}"
    response = secretariat.post(reverse("admin:networks_membership_add"), data)
    assert response.context["adminform"].form.errors[field] == [message]
    assert Membership.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["network", "organisation"])
def test_a_duplicate_relation_row_in_the_network_form_is_an_error_on_the_row(secretariat, target):
    network = make_network()
    other = make_network() if target == "network" else make_organisation()
    url = reverse("admin:networks_network_change", args=[network.pk])
    page = secretariat.get(url)
    data = form_data(page)
    prefix = inline_prefix(page, Relation)
    for _ in range(2):
        add_inline_row(data, prefix, {"kind": Relation.Kind.PARTNER, f"target_{target}": other.pk})
    response = secretariat.post(url, data)
    assert response.status_code == 200
    forms = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Relation).forms
    assert forms[-1].errors[f"target_{target}"] == [f"This network already has this relation with that {target}."]
    assert not Relation.objects.exists()


@pytest.mark.django_db
def test_a_constraint_only_the_database_saw_is_its_message_on_the_form_not_a_500(secretariat, monkeypatch):
    """A race (another save between the form's checks and its write) ends in the database's refusal."""
    network = make_network()
    ghana = Jurisdiction.objects.get(code="GH")
    make_membership(network, ghana)
    monkeypatch.setattr(Membership, "validate_constraints", lambda self, exclude=None: None)
    data = {"network": network.pk, "role": "member", "member": f"jurisdiction:{ghana.pk}", "notes": "Kept"}
    response = secretariat.post(reverse("admin:networks_membership_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == ["This jurisdiction already has this role in this network."]
    assert form["notes"].value() == "Kept"
    assert Membership.objects.count() == 1


def test_every_project_model_with_a_named_constraint_reports_it_on_a_field_or_says_why_not():
    """Constraints on one field's value belong on that field; those over several fields alike may stay general."""
    general = {
        "networks_membership_exactly_one_member",
        "networks_relation_exactly_one_target",
    }
    for model, constraint in _project_constraints():
        if constraint.name in general or model._meta.app_label not in {"networks", "countries", "accounts"}:
            continue
        assert constraint.name in getattr(model, "constraint_fields", {}), constraint.name
        assert isinstance(constraint, models.UniqueConstraint | models.CheckConstraint)
    assert Network.constraint_fields
