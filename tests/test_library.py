"""The document library: /documents/ and its filters, downloads through the view that checks the viewer, CSV."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from exchange.formats import read_table
from exchange.resources import RESOURCE_BY_TABLE
from exchange.services import catalogue_import
from library.audience import Audience
from library.models import Document
from library.storage import library_files

from .factories import make_document, make_network, make_practitioner, make_secretariat_member, make_user
from .sample_files import pdf_bytes

pytestmark = pytest.mark.django_db


def _with_file(document, text="inside"):
    document.file = ContentFile(pdf_bytes(text), name="report.pdf")
    document.file_type = "pdf"
    document.save()
    return document


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    networks = [make_network() for _ in range(3)]
    for i in range(8):
        make_document(*networks[: 1 + i % 3], languages="en;fr", date=datetime.date(2010 + i, 1, 1))
    # 1 documents with their source, 2 their networks, 3 the languages and years offered, 4 the networks offered
    with django_assert_num_queries(4):
        client.get(reverse("document-list"))
    # and 5: the network named in the filter
    with django_assert_num_queries(5):
        client.get(reverse("document-list"), {"network": networks[0].slug, "kind": "charter", "language": "fr"})


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"network": "sahel"}, {"Sahel charter", "Joint guide"}),
        ({"network": "ioc"}, {"Joint guide"}),
        ({"kind": "practical_guide"}, {"Joint guide"}),
        ({"kind": "work_plan"}, set()),
        ({"language": "fr"}, {"Sahel charter", "Joint guide"}),
        ({"language": "en"}, {"Joint guide", "Outcome report"}),
        ({"language": "pt"}, set()),
        ({"year": "2010"}, {"Sahel charter"}),
        ({"year": "2011"}, set()),
        ({"q": "sahel charter"}, {"Sahel charter"}),
        ({"q": "plenary"}, {"Outcome report"}),  # found in the description
        ({"q": "nothing like it"}, set()),
    ],
)
def test_each_filter_selects_what_it_names(client, params, expected):
    sahel, ioc = make_network(slug="sahel"), make_network(slug="ioc")
    make_document(sahel, title="Sahel charter", languages="fr", date=datetime.date(2010, 6, 24))
    make_document(sahel, ioc, title="Joint guide", kind="practical_guide", languages="en;fr")
    make_document(title="Outcome report", kind="outcome_report", languages="en", description="What the plenary agreed")
    response = client.get(reverse("document-list"), params)
    assert {d.title for d in response.context["documents"]} == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "poem"}, "Kind: Select a valid choice. poem is not one of the available choices."),
        ({"language": "xx"}, "Language: Select a valid choice."),
        ({"network": "../etc"}, "Network: There is no network “../etc”."),
        ({"year": "1e3"}, "Year: Enter a whole number"),
    ],
)
def test_bad_filter_values_are_named_and_ignored(client, params, message):
    make_document(title="Kept")
    response = client.get(reverse("document-list"), params)
    assert response.status_code == 200
    assert any(text.startswith(message) for text in response.context["messages_list"])
    assert [d.title for d in response.context["documents"]] == ["Kept"]


def test_a_public_file_is_served_to_anyone_as_an_attachment(client):
    document = _with_file(make_document(slug="charter"), "public text")
    response = client.get(reverse("document-file", args=["charter"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="charter.pdf"'
    assert b"public text" in b"".join(response.streaming_content)
    assert document.download_url() == reverse("document-file", args=["charter"])


@pytest.mark.parametrize("viewer", ["anonymous", "signed_in_without_role"])
def test_a_practitioners_only_file_is_a_404_to_those_not_entitled(client, viewer):
    _with_file(make_document(slug="closed", audience=Audience.PRACTITIONERS), "secret text")
    if viewer != "anonymous":
        client.force_login(make_user())
    response = client.get(reverse("document-file", args=["closed"]))
    assert response.status_code == 404
    assert b"secret text" not in response.content


def test_a_practitioners_only_file_is_served_to_a_practitioner_and_never_cached_publicly(client):
    _with_file(make_document(slug="closed", audience=Audience.PRACTITIONERS), "secret text")
    client.force_login(make_practitioner())
    response = client.get(reverse("document-file", args=["closed"]))
    assert response.status_code == 200
    assert b"secret text" in b"".join(response.streaming_content)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_files_are_not_under_any_public_address(client, settings):
    document = _with_file(make_document(slug="closed", audience=Audience.PRACTITIONERS))
    location = library_files.location
    assert not location.startswith(str(settings.STATIC_ROOT or "/nonexistent"))
    assert "/" + document.file.name not in {reverse("document-file", args=["closed"])}
    # The stored path itself, tried as an address at the site's root or under /media/, leads nowhere.
    for guess in (f"/{document.file.name}", f"/media/{document.file.name}", "/documents/closed/"):
        assert client.get(guess).status_code == 404


def test_a_document_without_a_file_has_no_download(client):
    make_document(slug="title-only")
    assert client.get(reverse("document-file", args=["title-only"])).status_code == 404


def _import(table, text, user):
    headers, rows = read_table(text.encode(), f"{table}.csv")
    (report,) = catalogue_import(tables=[(RESOURCE_BY_TABLE[table], f"{table}.csv", headers, rows)], user=user)
    return report


def test_documents_import_from_csv_with_their_networks_and_refuse_unknown_ones_by_row_and_column():
    make_network(slug="sahel")
    user = make_secretariat_member()
    good = "slug,title,kind,languages,networks,audience\nsahel-charter,Charter,charter,fr,sahel,public\n"
    report = _import("documents", good, user)
    assert not report.has_errors
    document = Document.objects.get(slug="sahel-charter")
    assert [n.slug for n in document.networks.all()] == ["sahel"]
    assert document.history.first().history_user == user
    bad = "slug,title,kind,languages,networks,audience\nother,Other,poem,xx,nowhere,public\n"
    report = _import("documents", bad, user)
    problems = {(p.row, p.column) for row in report.rows for p in row.problems}
    assert {(2, "kind"), (2, "networks")} <= problems
    assert not Document.objects.filter(slug="other").exists()


def test_meetings_import_from_csv_and_refuse_an_end_before_the_start():
    make_network(slug="ejocn")
    user = make_secretariat_member()
    text = "slug,title,start,end,networks\nplenary,Plenary,2025-03-19,2025-03-18,ejocn\n"
    report = _import("meetings", text, user)
    assert [(p.row, p.column) for row in report.rows for p in row.problems] == [(2, "end")]


def test_an_export_holds_only_what_the_exporting_user_may_see():
    make_document(slug="open-guide")
    make_document(slug="closed-guide", audience=Audience.PRACTITIONERS)
    resource = RESOURCE_BY_TABLE["documents"]
    assert [d.slug for d in resource(user=None).get_queryset()] == ["open-guide"]
    assert [d.slug for d in resource(user=make_practitioner()).get_queryset()] == ["closed-guide", "open-guide"]
    assert len(resource(everything=True).get_queryset()) == 2
