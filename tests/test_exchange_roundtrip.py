"""Round trip: export everything, import into an empty catalogue (jurisdictions kept), export again: same bytes."""

import io

import pytest
from django.core.management import call_command

from liaison.models import LiaisonContact, LiaisonPost
from library.models import Document
from meetings.models import Meeting
from networks import models as catalogue

from .factories import make_rich_catalogue

pytestmark = pytest.mark.django_db


def _rich():
    make_rich_catalogue(hostile="=")


def _seed():
    call_command("load_catalogue", stdout=io.StringIO())


def _flush_catalogue():
    for model in [
        LiaisonContact, LiaisonPost, Meeting, Document,
        catalogue.ContactPoint, catalogue.Relation, catalogue.Membership, catalogue.StatedCount,
        catalogue.NetworkSource, catalogue.NetworkAlias, catalogue.Network, catalogue.Organisation,
        catalogue.Source, catalogue.Topic,
    ]:  # fmt: skip
        model.objects.all().delete()


def _files(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.mark.parametrize(
    ("load", "export_format"),
    [(_rich, "csv"), (_rich, "json"), (_seed, "json")],  # the seed catalogue in CSV: test_exchange_restore
    ids=["factory-catalogue-csv", "factory-catalogue-json", "seed-catalogue-json"],
)
def test_export_import_export_gives_byte_identical_files(tmp_path, load, export_format):
    load()
    assert catalogue.Network.objects.exists()
    call_command("export_catalogue", "--format", export_format, "--out", tmp_path / "first", verbosity=0)
    _flush_catalogue()
    assert not catalogue.Network.objects.exists()
    call_command("import_catalogue", tmp_path / "first", verbosity=0)
    call_command("export_catalogue", "--format", export_format, "--out", tmp_path / "second", verbosity=0)
    first, second = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert len(first) == 14  # the ten catalogue tables, documents, meetings, liaison posts and contacts
    assert first == second
    assert b"CANARY-SECRETARIAT-CONTACT" in first[f"contact_points.{export_format}"] or load is _seed
    assert b"CANARY-LIAISON-SECRETARIAT" in first[f"liaison_contacts.{export_format}"] or load is _seed
    assert b"us-liaison-prosecutor-at-eurojust" in first[f"liaison_posts.{export_format}"] or load is _rich
