"""Uploads to the document library: only real PDF, DOCX and ODT files, within the size limit, under a safe name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.files import stored_name, upload_check
from library.models import Document

from .factories import make_network, make_network_editor, make_secretariat_member
from .sample_files import XLSX_MAIN, docx_bytes, odt_bytes, pdf_bytes


def _upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [("Charter.pdf", pdf_bytes(), "pdf"), ("Guide.DOCX", docx_bytes(), "docx"), ("Guide.odt", odt_bytes(), "odt")],
)
def test_it_accepts_a_real_pdf_docx_or_odt(name, content, extension):
    assert upload_check(_upload(name, content)).extension == extension


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("charter.pdf", b"just some text, not a PDF"),
        ("charter.pdf", docx_bytes()),  # a DOCX renamed .pdf
        ("guide.docx", pdf_bytes()),
        ("guide.docx", docx_bytes(main_type=XLSX_MAIN)),  # a spreadsheet renamed .docx
        ("guide.docx", b"PK\x03\x04 broken zip"),
        ("guide.odt", odt_bytes(mimetype="application/vnd.oasis.opendocument.spreadsheet")),
        ("guide.odt", docx_bytes()),
        ("tool.odt", b"MZ\x90\x00 a Windows program"),
    ],
)
def test_it_refuses_a_file_whose_content_is_not_its_claimed_type(name, content):
    with pytest.raises(ValidationError) as error:
        upload_check(_upload(name, content))
    assert error.value.code == "content"
    assert "content is not a" in str(error.value.messages[0])


def test_it_refuses_other_types_by_name():
    with pytest.raises(ValidationError, match="Only PDF, DOCX and ODT"):
        upload_check(_upload("macro.docm", docx_bytes()))


def test_it_refuses_an_oversized_file_saying_both_sizes(settings):
    settings.LIBRARY_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        upload_check(_upload("charter.pdf", pdf_bytes("x" * 200)))
    assert error.value.code == "too_large"
    assert "100\xa0bytes" in error.value.messages[0]


@pytest.mark.parametrize("name", ["..\\..\\settings.pdf", "..pdf", ".hidden.pdf", "a\x00b.pdf", "tab\tname.pdf"])
def test_it_refuses_a_file_name_with_path_tricks(name):
    with pytest.raises(ValidationError) as error:
        upload_check(_upload(name, pdf_bytes()))
    assert error.value.code == "unsafe_name"


def test_stored_names_are_safe_and_unguessable():
    first = stored_name(None, "Charte de la Plateforme (Sahel) é.PDF")
    second = stored_name(None, "Charte de la Plateforme (Sahel) é.PDF")
    assert first.startswith("documents/") and first.endswith("/Charte-de-la-Plateforme-Sahel-e.pdf")
    assert first != second  # a random folder each time
    assert stored_name(None, "../../etc/passwd").endswith("/passwd")
    assert ".." not in stored_name(None, "..\\..\\x.pdf")


def _add_document(client, name, content, **extra):
    data = {
        "title": "Charter",
        "slug": "charter",
        "kind": "charter",
        "audience": "public",
        "file": _upload(name, content),
    }
    return client.post(reverse("admin:library_document_add"), {**data, **extra})


@pytest.mark.django_db
def test_the_admin_stores_an_accepted_upload_in_the_library_storage_with_its_type_and_size(client, settings):
    client.force_login(make_secretariat_member())
    network = make_network()
    response = _add_document(client, "Charte (2010).pdf", pdf_bytes(), networks=[network.pk])
    assert response.status_code == 302
    document = Document.objects.get(slug="charter")
    assert (document.file_type, document.file_size) == ("pdf", len(pdf_bytes()))
    assert document.file.name.endswith("/Charte-2010.pdf")
    assert document.file.storage.location == settings.STORAGES["library"]["OPTIONS"]["location"]
    assert not document.file.storage.location.startswith(str(settings.MEDIA_ROOT or "/nonexistent"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("charter.pdf", b"<html>not a pdf</html>", "content is not a PDF document"),
        (".htaccess.pdf", pdf_bytes(), "starts with a dot"),
        ("..pdf", pdf_bytes(), "contains a folder path"),
        ("charter.exe", pdf_bytes(), "Only PDF, DOCX and ODT files are accepted"),
    ],
)
def test_the_admin_refuses_a_bad_upload_with_a_clear_message_and_stores_nothing(client, name, content, message):
    client.force_login(make_secretariat_member())
    response = _add_document(client, name, content)
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["file"][0]
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../../../etc/charter.pdf", "..\\..\\charter.pdf"])
def test_a_path_in_an_uploaded_name_never_reaches_the_storage(client, name, settings):
    """Django's multipart parser keeps only the name's last part; the stored name is rebuilt anyway."""
    client.force_login(make_secretariat_member())
    assert _add_document(client, name, pdf_bytes(), networks=[make_network().pk]).status_code == 302
    stored = Document.objects.get(slug="charter").file
    assert stored.name.startswith("documents/") and stored.name.endswith("/charter.pdf")
    assert stored.path.startswith(settings.STORAGES["library"]["OPTIONS"]["location"] + "/documents/")


@pytest.mark.django_db
def test_the_admin_refuses_an_oversized_upload(client, settings):
    settings.LIBRARY_MAX_BYTES = 50
    client.force_login(make_secretariat_member())
    response = _add_document(client, "charter.pdf", pdf_bytes())
    assert "the largest file accepted is 50\xa0bytes" in response.context["adminform"].form.errors["file"][0]


@pytest.mark.django_db
def test_a_document_is_a_file_or_a_link_not_both(client):
    client.force_login(make_secretariat_member())
    response = _add_document(client, "charter.pdf", pdf_bytes(), url="https://example.org/charter")
    assert response.context["adminform"].form.errors["url"] == [
        "A document is either an uploaded file or a link, not both."
    ]


@pytest.mark.django_db
def test_an_editor_links_a_document_to_their_networks_only_and_keeps_the_others(client):
    own, other = make_network(), make_network()
    editor = make_network_editor(own)
    client.force_login(editor)
    refused = _add_document(client, "charter.pdf", pdf_bytes(), networks=[other.pk])
    assert "networks" in refused.context["adminform"].form.errors
    assert _add_document(client, "charter.pdf", pdf_bytes(), networks=[own.pk]).status_code == 302
    document = Document.objects.get(slug="charter")
    document.networks.add(other)  # the secretariat links it to another network too
    change = reverse("admin:library_document_change", args=[document.pk])
    response = client.post(
        change,
        {"title": "Charter (2nd)", "slug": "charter", "kind": "charter", "audience": "public", "networks": [own.pk]},
    )
    assert response.status_code == 302
    assert set(document.networks.all()) == {own, other}


@pytest.mark.django_db
def test_an_editor_cannot_open_another_networks_document(client):
    own, other = make_network(), make_network()
    client.force_login(make_network_editor(own))
    theirs = Document.objects.create(slug="theirs", title="Theirs", kind="charter")
    theirs.networks.set([other])
    assert client.get(reverse("admin:library_document_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:library_document_change", args=[theirs.pk])).status_code in (302, 403, 404)
    assert client.get(reverse("admin:library_document_history", args=[theirs.pk])).status_code == 403
