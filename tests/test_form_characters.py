"""No form outside the admin stores text with a control character (the admin's forms: tests/test_admin_input.py).

A correction, an editor's reason or a pasted contact table with U+202E or a BEL reached the public timeline and made
its Atom feeds answer 500 to everyone (XML 1.0 cannot carry them).
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from corrections.models import ChangeRequest
from networks.models import ContactPoint
from registry.characters import ControlCharacterCheck
from upkeep.forms import PasteContactsForm, RevertForm

from .factories import make_contact, make_network, make_secretariat_member

# Forms that store no text of theirs: those that only read a query (filters, whose base drops control characters,
# the comparison's and the route finder's choices) and the import's upload, whose cells the import checks each.
EXEMPT = {"BoundedForm", "CompareForm", "RouteForm", "UploadForm"}


def _project_forms():
    found = {}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or "site-packages" in config.path:
            continue  # a library's
        for info in pkgutil.iter_modules([config.path]):
            if info.name in ("admin", "migrations", "tests") or info.ispkg:
                continue  # the admin site adds the check to its forms at run time
            name = f"{config.name}.{info.name}"
            for cls_name, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                    found[f"{name}.{cls_name}"] = cls
    return found


def test_every_form_that_stores_text_refuses_control_characters():
    found = _project_forms()
    assert "corrections.forms.SuggestForm" in found and "upkeep.forms.RevertForm" in found
    unchecked = {
        name for name, cls in found.items()
        if not issubclass(cls, ControlCharacterCheck) and not EXEMPT & {base.__name__ for base in cls.__mro__}
    }  # fmt: skip
    assert unchecked == set()


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["CA\u202eRIN", "Bell\x07"])
def test_a_suggested_correction_with_a_control_character_is_refused(client, written):
    network = make_network()
    url = reverse("correction-suggest", args=[network.slug])
    values = {"subject": "field", "field": "acronym", "value": written, "source": "https://example.org/report"}
    response = client.post(url, {**values, "email": "visitor@example.org"})
    assert response.status_code == 400
    assert "invisible control character" in response.content.decode()
    assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_a_pasted_contact_table_and_a_reason_with_a_control_character_are_refused():
    network = make_network()
    make_contact(network)
    table = "name\tcountry\temail\nJohn \u202eSmith\tGhana\tjohn@example.org\n"
    form = PasteContactsForm({"revision": network.revision, "reason": "Update", "table": table})
    assert not form.is_valid() and "U+202E" in form.errors["table"][0]
    form = RevertForm({"revision": network.revision, "reason": "Undo\x07"})
    assert not form.is_valid() and "U+0007" in form.errors["reason"][0]
    assert ContactPoint.objects.count() == 1


@pytest.mark.django_db
def test_the_review_note_with_a_control_character_changes_nothing(client):
    network = make_network()
    request = ChangeRequest.objects.create(
        network=network, network_name=network.name, changes=[], proposer_email="a@example.org", base_revision=1
    )
    client.force_login(make_secretariat_member())
    url = reverse("admin:corrections_changerequest_change", args=[request.pk])
    response = client.post(url, {"decision": "reject", "note": "No\u202e"}, follow=True)
    assert "invisible control character" in response.content.decode()
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.RECEIVED
