"""The French catalogue of everything but the public site (locale/fr/, issue 17 §1): complete, compiled, used.

The catalogue test extracts the messages again with Django's makemessages (xgettext, from the gettext
package) in a copy of the project, so that a string added without its French translation, a stale
entry or a .mo compiled from an older .po fails here, not in front of a French-speaking user.
"""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core import mail
from django.urls import reverse
from django.utils import translation

from corrections.models import ChangeRequest

from .factories import make_membership, make_network, make_organisation, make_secretariat_member

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# As the Makefile's `messages` target: the public app and its Jinja2 templates have their own catalogue.
IGNORED = [
    ".venv/*", "templates/jinja2/*", "public/*", "tests/*", "bench/*", "bench-results/*", "docs/*", "staticfiles/*",
    "tools/*",
]  # fmt: skip
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", "docs", "media", "staticfiles", "library-files", "*.sqlite3", "__pycache__", ".*cache"
)


def _read(path):
    with open(path, "rb") as file:
        return read_po(file, locale="fr")


def _missing_french(catalogue):
    """The msgids of `catalogue` without a French translation Django would use (empty or fuzzy)."""
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    return missing


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogue as `make messages` would leave it now: the committed one merged with a fresh extraction."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install the gettext package (apt-get install gettext).")
    copy = tmp_path_factory.mktemp("project") / "registry"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    ignore = [arg for pattern in IGNORED for arg in ("--ignore", pattern)]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", *ignore],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": "sqlite://:memory:"},
        check=True,
        capture_output=True,
    )
    return _read(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")


def test_every_message_of_the_code_and_templates_has_a_french_translation(extracted):
    assert len(extracted) > 500
    assert _missing_french(extracted) == []


def test_the_committed_catalogue_is_the_extracted_one_without_stale_entries(extracted):
    assert {message.id for message in _read(CATALOGUE) if message.id} == {m.id for m in extracted if m.id}


def test_the_check_finds_a_message_without_its_translation(extracted):
    extracted.add("A sentence nobody translated")
    assert _missing_french(extracted) == ["A sentence nobody translated"]
    extracted.delete("A sentence nobody translated")


def test_the_committed_mo_is_compiled_from_the_committed_po(tmp_path):
    fresh = tmp_path / "django.mo"
    with open(fresh, "wb") as file:
        write_mo(file, _read(CATALOGUE))
    with open(CATALOGUE.with_suffix(".mo"), "rb") as committed, open(fresh, "rb") as compiled:
        committed, compiled = gettext.GNUTranslations(committed)._catalog, gettext.GNUTranslations(compiled)._catalog
    committed.pop(""), compiled.pop("")  # the headers: each compiler writes its own
    assert committed == compiled and len(committed) > 500


@pytest.fixture
def secretariat(client):
    client.force_login(make_secretariat_member())
    return client


@pytest.mark.django_db
def test_the_member_editor_speaks_french_to_a_french_browser_and_english_to_others(secretariat):
    network = make_network(name="CARIN")
    make_membership(network, make_organisation())
    url = reverse("admin:networks_network_members", args=[network.pk])
    french = secretariat.get(url, headers={"accept-language": "fr-FR,fr;q=0.9"}).content.decode()
    assert "<title>Membres de CARIN |" in french
    assert "Ajouter en nombre" in french and "Enregistrer ces membres" not in french
    assert "Membre (1)" in french  # the role's label, from the model's choices
    english = secretariat.get(url, headers={"accept-language": "en"}).content.decode()
    assert "<title>Members of CARIN |" in english and "Add many at once" in english


@pytest.mark.django_db
def test_the_review_queue_and_a_request_speak_french(secretariat):
    network = make_network(name="CARIN")
    request = ChangeRequest.objects.create(
        network=network, network_name="CARIN", proposer_email="p@example.org", base_revision=network.revision
    )
    french = {"accept-language": "fr"}
    queue = secretariat.get(reverse("admin:corrections_changerequest_changelist"), headers=french).content.decode()
    assert "Demandes de modification" in queue or "demande de modification" in queue
    assert "Une information sur le réseau" in queue  # the request's subject, from the model's choices
    page = secretariat.get(reverse("admin:corrections_changerequest_change", args=[request.pk]), headers=french)
    content = page.content.decode()
    assert "File de relecture" in content and "Accepter et ouvrir la fiche" in content and "Reçue" in content


@pytest.mark.django_db
def test_a_french_proposer_is_answered_in_french_whatever_the_reviewers_language(
    client, django_capture_on_commit_callbacks
):
    network = make_network(name="CARIN", website="https://old.example.org")
    with translation.override("fr"):  # a /fr/ address once the public site is prefixed by language
        url = reverse("correction-suggest", args=[network.slug])
    form = {"subject": "field", "field": "website", "value": "https://new.example.org", "email": "p@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form, "source": "https://example.org/report"}, headers={"accept-language": "fr"})
    request = ChangeRequest.objects.get()
    assert request.language == "fr"

    client.force_login(make_secretariat_member())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:corrections_changerequest_change", args=[request.pk]),
            {"decision": "accept"},
            headers={"accept-language": "en"},
        )
    received, accepted = mail.outbox
    assert received.subject == f"Votre proposition concernant CARIN a bien été reçue (n° {request.pk})"
    assert received.body.startswith("Bonjour,\n\nMerci pour votre proposition concernant CARIN")
    assert accepted.subject == f"Votre proposition concernant CARIN a été acceptée (n° {request.pk})"
    assert "la fiche du Registre des réseaux en tient compte désormais" in accepted.body
    assert ChangeRequest.objects.get().state == ChangeRequest.State.ACCEPTED


@pytest.mark.django_db
def test_an_english_proposer_is_answered_in_english(client, django_capture_on_commit_callbacks):
    network = make_network(name="CARIN")
    form = {"subject": "other", "explanation": "Moved.", "email": "p@example.org", "source": "https://example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("correction-suggest", args=[network.slug]), form, headers={"accept-language": "en"})
    [received] = mail.outbox
    assert ChangeRequest.objects.get().language == "en"
    assert received.subject.startswith("Your suggestion about CARIN was received") and "Hello," in received.body
