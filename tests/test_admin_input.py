"""Numbers and hostile values from outside, admin side: a 400 page or a form error, never a 500 (issue 11, 1 and 11)."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.urls import reverse

from countries.models import Jurisdiction, JurisdictionAlias, Region
from networks.models import Membership, Network, NetworkAlias, Relation, StatedCount
from registry.numbers import id_list, whole_number

from .admin_forms import add_inline_row, form_data, inline_prefix
from .factories import make_contact, make_membership, make_network, make_secretariat_member, make_user

THIRTY_DIGITS = "9" * 30
ARABIC_INDIC_54 = "٥٤"  # int() reads it as 54


@pytest.mark.parametrize(
    "text, expected",
    [("54", 54), (" 54 ", 54), ("9223372036854775807", 9223372036854775807)],
)
def test_a_whole_number_is_read_from_ascii_digits(text, expected):
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("54¹", "is not a whole number"),  # a footnote mark: str.isdigit() says yes
        (ARABIC_INDIC_54, "is not a whole number"),
        ("5_4", "is not a whole number"),
        ("1e3", "is not a whole number"),
        (THIRTY_DIGITS, "is out of range"),
        ("0", "is out of range"),
        ("9223372036854775808", "is out of range"),
    ],
)
def test_anything_else_is_refused_with_the_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        whole_number(text)
    with pytest.raises(ValueError, match=reason):
        id_list(["1", text])


def test_a_blank_number_is_refused_and_a_blank_id_selects_nothing():
    with pytest.raises(ValueError, match="is not a whole number"):
        whole_number("")
    assert id_list(["1", "", " "]) == [1]


@pytest.fixture
def secretariat(client, db):
    client.force_login(make_secretariat_member())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, reason",
    [
        # A NUL byte in a list filter: PostgreSQL refused it with a DataError (500).
        ("admin:networks_network_changelist", {"status": "active\x00"}),
        ("admin:networks_membership_changelist", {"role": "\x00"}),
        ("admin:networks_network_changelist", {"q": "ejn\x00"}),
        (
            "admin:autocomplete",
            {"app_label": "networks", "model_name": "membership", "field_name": "jurisdiction", "term": "gh\x00"},
        ),  # fmt: skip
        # A date drill-down with a 20-digit year: OverflowError (500) on both databases.
        ("admin:exchange_importrecord_changelist", {"created__year": "9" * 20}),
        ("admin:axes_accessattempt_changelist", {"attempt_time__year": "9" * 20}),
        ("admin:exchange_importrecord_changelist", {"created__year": "2026", "created__month": "13"}),
        # Integer filters: overflow on SQLite, or a different number than written.
        ("admin:networks_network_changelist", {"topics__id__exact": THIRTY_DIGITS}),
        ("admin:networks_network_changelist", {"topics__id__exact": ARABIC_INDIC_54}),
        ("admin:networks_membership_changelist", {"jurisdiction__region__id__exact": "abc"}),
        ("admin:networks_membership_changelist", {"network__id__in": f"1,{THIRTY_DIGITS}"}),
    ],
)
def test_hostile_values_in_admin_addresses_get_a_400_page_that_says_why(secretariat, url, reason):
    response = secretariat.get(reverse(url), reason)
    assert response.status_code == 400
    assert "This address cannot be used" in response.content.decode()
    assert response.context["reason"]


@pytest.mark.django_db
def test_an_ordinary_filter_and_drill_down_still_work(secretariat):
    network = make_network(status=Network.Status.DORMANT)
    response = secretariat.get(reverse("admin:networks_network_changelist"), {"status": "dormant"})
    assert list(response.context["cl"].result_list) == [network]
    response = secretariat.get(reverse("admin:exchange_importrecord_changelist"), {"created__year": "2026"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["abc", THIRTY_DIGITS, ARABIC_INDIC_54, "-1"])
def test_ids_in_admin_addresses_that_cannot_name_a_record_find_nothing(secretariat, bad_id):
    network = make_network()
    membership = make_membership(network, Jurisdiction.objects.get(code="GH"))
    version = membership.history.get().history_id
    for url in (
        f"/admin/networks/membership/{bad_id}/history/",
        f"/admin/networks/contactpoint/{bad_id}/history/",
        f"/admin/networks/membership/{membership.pk}/history/{bad_id}/",
        f"/admin/networks/membership/{bad_id}/history/{version}/",
    ):
        assert secretariat.get(url).status_code == 404, url
    # Django's own change page says the record does not exist, as for any unknown id.
    response = secretariat.get(f"/admin/networks/network/{bad_id}/change/", follow=True)
    assert "doesn’t exist" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["abc", THIRTY_DIGITS, ARABIC_INDIC_54, "1;2"])
def test_a_posted_selection_that_is_not_a_list_of_ids_is_refused_and_changes_nothing(secretariat, bad_id):
    network = make_network()
    response = secretariat.post(
        reverse("admin:networks_network_changelist"),
        {"action": "mark_verified", "_selected_action": [str(network.pk), bad_id]},
    )
    assert response.status_code == 400
    assert "not a list of ids" in response.context["reason"]
    network.refresh_from_db()
    assert network.last_verified is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", THIRTY_DIGITS, ARABIC_INDIC_54, "1.0", "-1", "0x10"])
def test_a_value_that_is_not_an_id_posted_to_an_autocomplete_field_is_a_form_error(secretariat, value):
    network = make_network()
    data = {"network": network.pk, "role": Membership.Role.MEMBER, "member": f"jurisdiction:{value}", "notes": "kept"}
    response = secretariat.post(reverse("admin:networks_membership_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "member" in form.errors
    assert form["notes"].value() == "kept"
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_a_value_that_is_not_an_id_in_an_inline_autocomplete_or_a_many_to_many_field_is_a_form_error(secretariat):
    network = make_network()
    make_contact(network)
    url = reverse("admin:networks_network_change", args=[network.pk])
    page = secretariat.get(url)
    data = form_data(page)
    add_inline_row(data, inline_prefix(page, Relation), {"kind": "partner", "target_organisation": THIRTY_DIGITS})
    data["topics"] = ["abc", ARABIC_INDIC_54]
    data["description_en"] = "Typed before the mistake"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    assert "topics" in response.context["adminform"].form.errors
    relation_forms = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Relation
    ).forms
    assert "target_organisation" in relation_forms[-1].errors
    assert response.context["adminform"].form["description_en"].value() == "Typed before the mistake"
    assert not Relation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "count, error",
    [
        (ARABIC_INDIC_54, "Enter a whole number, written with the digits 0 to 9."),
        ("54¹", "Enter a whole number, written with the digits 0 to 9."),
        # The same limit on SQLite as on PostgreSQL (SQLite's own column takes 64 bits).
        (THIRTY_DIGITS, "Ensure this value is less than or equal to 2147483647."),
        ("3000000000", "Ensure this value is less than or equal to 2147483647."),
    ],
)
def test_whole_numbers_in_admin_forms_are_ascii_digits_within_the_columns_range(secretariat, count, error):
    network = make_network()
    data = {"network": network.pk, "role": "member", "count": count, "label": "contact points"}
    response = secretariat.post(reverse("admin:networks_statedcount_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["count"] == [error]
    assert not StatedCount.objects.exists()
    data["count"] = "54"
    assert secretariat.post(reverse("admin:networks_statedcount_add"), data).status_code == 302
    assert StatedCount.objects.get().count == 54


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\x1b"])
def test_a_name_with_an_invisible_control_character_is_a_form_error(secretariat, character):
    """A right-to-left override shows "Network ‮esrever" reversed on every page: refused as the import refuses it."""
    network = make_network(name="Plain name")
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = form_data(secretariat.get(url))
    data["name_en"] = f"Network {character}esrever"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["name_en"]
    assert f"U+{ord(character):04X}" in error
    assert Network.objects.get(pk=network.pk).name == "Plain name"


def test_an_alias_row_of_the_network_form_with_a_bidi_override_is_a_form_error(secretariat):
    """Inline rows are checked as the form itself is: an alias is a name too."""
    network = make_network(name="Plain name")
    url = reverse("admin:networks_network_change", args=[network.pk])
    page = secretariat.get(url)
    prefix = inline_prefix(page, NetworkAlias)
    data = add_inline_row(form_data(page), prefix, {"name": "Alias \u202ereversed", "kind": "variant"})
    response = secretariat.post(url, data)
    assert response.status_code == 200
    formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is NetworkAlias)
    assert any("U+202E" in " ".join(form.errors.get("name", [])) for form in formset.forms)
    assert not NetworkAlias.objects.exists()


@pytest.mark.parametrize("model", [Jurisdiction, Region])
def test_a_jurisdiction_or_region_name_with_a_bidi_override_is_a_form_error(secretariat, model):
    """The jurisdiction and region admins were not catalogue forms: "Ghana\u202e" was saved and shown reversed."""
    record = model.objects.order_by("pk").first()
    url = reverse(f"admin:countries_{model._meta.model_name}_change", args=[record.pk])
    data = form_data(secretariat.get(url))
    data["name_en"] = "Ghana \u202eanahG"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["name_en"]
    assert "U+202E" in error
    assert model.objects.get(pk=record.pk).name == record.name


def test_a_jurisdiction_alias_with_a_bidi_override_is_a_form_error(secretariat):
    ghana = Jurisdiction.objects.get(code="GH")
    data = {"jurisdiction": ghana.pk, "name": "Gold \u202eCoast", "kind": "historical", "note": ""}
    response = secretariat.post(reverse("admin:countries_jurisdictionalias_add"), data)
    assert response.status_code == 200
    assert "U+202E" in " ".join(response.context["adminform"].form.errors["name"])
    assert not JurisdictionAlias.objects.filter(name__startswith="Gold").exists()


def _forms_of_every_admin(request):
    """(what, form class) of every registered ModelAdmin: its add form, its change form on a row when the
    table has one, and its inlines' forms."""
    for model, model_admin in admin.site._registry.items():
        row = model._default_manager.order_by("pk").first()
        pages = [None] if model_admin.has_add_permission(request) else []
        for obj in [*pages, row] if row is not None else pages:
            what = f"{model._meta.label_lower} ({'change' if obj else 'add'})"
            fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))  # as the admin's views ask
            yield what, model_admin.get_form(request, obj, change=obj is not None, fields=fields)
            for inline in model_admin.get_inline_instances(request, obj):
                yield f"{inline.model._meta.label_lower} in {what}", inline.get_formset(request, obj).form


def _with_bidi_override(field):
    """A value of `field` (a text form field) holding U+202E, in the shape the field asks for."""
    if isinstance(field, forms.EmailField):
        return "ana\u202e@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org/\u202e"
    return "A\u202e"


def test_every_admin_form_refuses_a_bidi_override_in_each_text_field(rf, db):
    """One mechanism, registry.admin_site: whatever the ModelAdmin, its form and its inlines' forms check text."""
    make_user(username="someone", email="someone@example.org")  # a row for the user admin's change form
    request = rf.get("/admin/")
    request.user = make_user(username="root", is_superuser=True, is_staff=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    checked = []
    for what, form_class in _forms_of_every_admin(request):
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            if field.disabled:
                continue
            value = _with_bidi_override(field)
            try:
                field.clean(value)
            except ValidationError:
                continue  # refused by the field itself (a slug, a code of two letters...)
            errors = form_class(data={name: value}).errors.get(name, [])
            assert any("U+202E" in error for error in errors), (what, name, errors)
            checked.append((what, name))
    checked_models = {what.split(" ")[0] for what, _name in checked}
    assert {"countries.jurisdiction", "countries.region", "countries.jurisdictionalias"} <= checked_models
    assert {"networks.topic", "networks.organisation", "networks.network", "auth.user", "auth.group"} <= checked_models
