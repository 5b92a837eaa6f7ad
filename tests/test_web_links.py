"""Links in the catalogue accept only http and https, wherever they come from (issue 11, point 12, second bullet)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from networks.models import NetworkSource, Source
from registry.links import WebURLField

from .admin_forms import form_data, inline_prefix
from .factories import make_network, make_organisation, make_secretariat_member, make_source

NOT_WEB = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/f",
           "vbscript:msgbox(1)", "file:///etc/passwd"]  # fmt: skip


def test_every_url_field_of_the_project_takes_web_addresses_only():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"networks", "countries", "accounts", "exchange"}
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and not isinstance(field, WebURLField)
    ]
    assert fields == []


@pytest.mark.parametrize("value", NOT_WEB)
def test_a_link_that_is_not_a_web_address_fails_the_model_fields_validation(value):
    with pytest.raises(ValidationError, match="Enter a web address that starts with http:// or https://."):
        Source(slug="s", title="t", url=value).clean_fields()
    with pytest.raises(ValidationError, match="Line 2 is not a web address"):
        NetworkSource(urls=f"https://example.org\n{value}").clean_fields(exclude=["network", "source"])


@pytest.fixture
def secretariat(client, db):
    client.force_login(make_secretariat_member())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["JaVaScRiPt:alert(document.cookie)", "ftp://example.org/f"])
@pytest.mark.parametrize(
    "url_name, field, make",
    [
        ("admin:networks_source_change", "url", make_source),
        ("admin:networks_organisation_change", "website", make_organisation),
        ("admin:networks_network_change", "website", make_network),
    ],
)
def test_the_admin_refuses_a_link_that_is_not_a_web_address(secretariat, url_name, field, make, value):
    obj = make()
    url = reverse(url_name, args=[obj.pk])
    data = form_data(secretariat.get(url))
    data[field] = value
    response = secretariat.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        "Enter a web address that starts with http:// or https://."
    ]
    obj.refresh_from_db()
    assert getattr(obj, field) == ""


@pytest.mark.django_db
def test_the_admin_keeps_web_addresses_and_reads_a_bare_domain_as_https(secretariat):
    source = make_source()
    url = reverse("admin:networks_source_change", args=[source.pk])
    for value, stored in [("http://example.org/a", "http://example.org/a"), ("example.org/b", "https://example.org/b")]:
        data = form_data(secretariat.get(url))
        data["url"] = value
        assert secretariat.post(url, data).status_code == 302
        source.refresh_from_db()
        assert source.url == stored


@pytest.mark.django_db
def test_a_cited_address_that_is_not_a_web_address_is_refused_with_its_line(secretariat):
    network, source = make_network(), make_source()
    NetworkSource.objects.create(network=network, source=source)
    url = reverse("admin:networks_network_change", args=[network.pk])
    page = secretariat.get(url)
    data = form_data(page)
    prefix = inline_prefix(page, NetworkSource)
    data[f"{prefix}-0-urls"] = "https://example.org/one\njavascript:alert(1)\n\nftp://example.org/three"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    forms = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is NetworkSource)
    assert forms.forms[0].errors["urls"] == ["Line 2, 4 is not a web address that starts with http:// or https://."]
    assert NetworkSource.objects.get().urls == ""


@pytest.mark.django_db
def test_an_import_refuses_a_link_that_is_not_a_web_address(tmp_path):
    (tmp_path / "sources.csv").write_text("slug,title,url\nbad,A bad source,javascript:alert(1)\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_catalogue", tmp_path / "sources.csv")
    assert "Enter a web address that starts with http:// or https://." in str(refused.value)
    assert not Source.objects.exists()
