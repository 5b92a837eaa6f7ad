"""Uploads to the admin's import (issue 11, points 10 and 11): capped, never left behind, only one's own."""

import datetime
import html
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import PendingImport
from exchange.uploads import pending_imports_discard
from networks.models import Network

from .factories import make_source

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:networks_network_import")
CONFIRM = reverse("admin:networks_network_process_import")
GOOD = "slug,name,type\nejn,European Judicial Network,judicial\n"


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The system's temporary folder, pointed at an empty directory the test can watch."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def secretariat(client, django_user_model):
    user = django_user_model.objects.create_superuser("sec", "sec@example.org", "x")
    client.force_login(user)
    return user


def _preview(client, text, name="networks.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(IMPORT, {"format": "0", "import_file": SimpleUploadedFile(name, data)})


def _token(response):
    return response.context["confirm_form"].initial["import_file_name"]


def test_nothing_is_kept_after_a_preview_that_finds_errors_or_cannot_read_the_file(client, secretariat, temp_folder):
    assert _preview(client, "slug,name,type\nejn,,judicial\n").status_code == 200
    assert _preview(client, "slug,name\nr,Réseau\n".encode("latin-1")).status_code == 200
    assert _preview(client, b"").status_code == 200
    assert not PendingImport.objects.exists()
    assert list(temp_folder.iterdir()) == []


def test_a_previewed_upload_waits_in_the_database_and_is_deleted_by_its_confirmation(client, secretariat, temp_folder):
    token = _token(_preview(client, GOOD))
    assert PendingImport.objects.get().token == token
    assert list(temp_folder.iterdir()) == []  # never in the temporary folder
    assert client.post(CONFIRM, {"import_file_name": token}).status_code == 302
    assert Network.objects.get(slug="ejn").name == "European Judicial Network"
    assert not PendingImport.objects.exists()
    assert client.post(CONFIRM, {"import_file_name": token}).status_code == 400  # confirmed once only


def test_a_confirmation_that_fails_deletes_the_upload_too(client, secretariat):
    source = make_source(slug="paper")
    token = _token(_preview(client, "slug,name,type,sources\nnew,New,judicial,paper\n"))
    source.delete()  # between preview and confirmation the file became invalid
    response = client.post(CONFIRM, {"import_file_name": token}, follow=True)
    assert 'row 2, column "sources": unknown source "paper"' in html.unescape(response.content.decode())
    assert not PendingImport.objects.exists() and not Network.objects.exists()


def test_a_new_upload_replaces_the_users_previous_one_and_old_ones_expire(client, secretariat, settings):
    first = _token(_preview(client, GOOD))
    second = _token(_preview(client, GOOD.replace("European", "Euro")))
    assert list(PendingImport.objects.values_list("token", flat=True)) == [second]
    assert client.post(CONFIRM, {"import_file_name": first}).status_code == 400
    PendingImport.objects.update(created=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert client.post(CONFIRM, {"import_file_name": second}).status_code == 400
    assert not PendingImport.objects.exists()


def test_erasure_can_discard_every_waiting_upload(client, secretariat):
    _preview(client, GOOD)
    pending_imports_discard()
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["../../etc/passwd", "tmpabc123", "0" * 32 + "\x00", "x" * 5000, "", "a" * 32, "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"],
)
def test_a_confirmation_naming_a_file_that_is_not_its_own_is_a_400(client, secretariat, temp_folder, value):
    (temp_folder / "tmpabc123").write_text(GOOD)  # a file django-import-export would have read
    response = client.post(CONFIRM, {"import_file_name": value})
    assert response.status_code == 400
    assert "This import cannot be confirmed" in response.content.decode()
    assert not Network.objects.exists()


def test_another_users_upload_cannot_be_confirmed(client, secretariat, django_user_model):
    token = _token(_preview(client, GOOD))
    client.force_login(django_user_model.objects.create_superuser("other", "o@example.org", "x"))
    assert client.post(CONFIRM, {"import_file_name": token}).status_code == 400
    assert PendingImport.objects.get().user == secretariat and not Network.objects.exists()


@pytest.mark.parametrize("accept", [["two"], ["1"], ["99999999999999999999"], ["\x00"]])
def test_hostile_accepted_rows_are_a_400(client, secretariat, accept):
    token = _token(_preview(client, GOOD))
    assert client.post(CONFIRM, {"import_file_name": token, "accept": accept}).status_code == 400


def test_an_upload_over_the_byte_cap_is_refused_before_it_is_read(client, secretariat, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = _preview(client, GOOD + "x,X,judicial\n" * 100)
    assert response.status_code == 200
    assert "This file is 1.3\xa0KB; uploads are limited to 1000\xa0bytes." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_an_upload_over_the_row_cap_is_refused(client, secretariat, settings):
    settings.IMPORT_MAX_ROWS = 10
    response = _preview(client, "slug,name,type\n" + "".join(f"n{i},N,judicial\n" for i in range(11)))
    assert "networks.csv has more than 10 rows of data" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_fifty_thousand_bad_rows_preview_the_first_problems_and_their_count(client, secretariat):
    rows = "".join(f"n{i},Network {i},judicial,1700\n" for i in range(50_000))
    response = _preview(client, "slug,name,type,established\n" + rows)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing can be imported: 50000 problems in networks.csv" in page
    assert "The first 100 of 50000 problems are listed." in page
    assert page.count("is out of range (1850–2100)</td>") == 100
    assert len(response.content) < 200_000  # not a 26 MB page
    assert not PendingImport.objects.exists()
