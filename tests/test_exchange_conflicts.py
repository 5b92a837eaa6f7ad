"""No lost updates through imports (issue 11, point 5): cell-level writes, locked rows, revision conflicts."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from countries.models import Jurisdiction
from exchange import writes
from exchange.formats import read_table
from exchange.resources import MembershipResource, NetworkResource
from exchange.services import catalogue_import
from networks.models import Membership, Network

from .factories import make_membership, make_network

pytestmark = pytest.mark.django_db


def _revision(network):
    return Network.objects.values_list("revision", flat=True).get(pk=network.pk)


@pytest.fixture
def ejn():
    network = make_network(slug="ejn", name="European Judicial Network", acronym="", description="Old description")
    make_membership(network, Jurisdiction.objects.get(code="FR"))
    make_membership(network, Jurisdiction.objects.get(code="GH"))
    return network


def _import(resource, text, **kwargs):
    headers, rows = read_table(text.encode(), f"{resource.table}.csv")
    (report,) = catalogue_import(tables=[(resource, f"{resource.table}.csv", headers, rows)], **kwargs)
    return report


def test_an_import_writes_only_the_cells_that_differ_from_what_it_read(ejn, monkeypatch):
    """The file changes EJN's acronym only (its description as read), while another row changes a description.

    Someone saves a new EJN description while the import runs (here: just before its UPDATEs); the
    import must not put the description it read back (issue 11: it wrote every column any row changed).
    """
    make_network(slug="carin", name="CARIN", description="Carin's")
    real = writes.bulk_update

    def someone_saves_first(model, changed):
        Network.objects.filter(pk=ejn.pk).update(description="New description", description_en="New description")
        real(model, changed)

    monkeypatch.setattr(writes, "bulk_update", someone_saves_first)
    report = _import(
        NetworkResource,
        "slug,name,type,acronym,description\n"
        "ejn,European Judicial Network,judicial,EJN,Old description\ncarin,CARIN,judicial,,Rewritten\n",
    )
    assert report.counts["updated"] == 2
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("EJN", "New description")
    assert Network.objects.get(slug="carin").description == "Rewritten"


def _export(tmp_path):
    call_command("export_catalogue", "--out", tmp_path, verbosity=0)
    return tmp_path


def test_exports_record_each_rows_network_revision(ejn, tmp_path):
    _export(tmp_path)
    for table in ("networks", "memberships"):
        headers, rows = read_table((tmp_path / f"{table}.csv").read_bytes())
        assert headers[-1] == "revision" and {row[-1] for row in rows} == {str(_revision(ejn))}


def test_reimporting_an_old_export_refuses_to_undo_later_edits_from_the_command_line(ejn, tmp_path):
    _export(tmp_path)
    (tmp_path / "networks.csv").write_bytes(
        (tmp_path / "networks.csv")
        .read_bytes()
        .replace(b'"European Judicial Network","","","","",', b'"European Judicial Network","","","","EJN",', 1)
    )
    ejn.description = "Edited after the export"
    ejn.save()
    with pytest.raises(CommandError) as raised:
        call_command("import_catalogue", tmp_path, verbosity=0)
    message = str(raised.value)
    assert "networks.csv, row 2 (ejn): the entry changed since this file was exported" in message
    assert "importing it would set acronym_en, description_en" in message and "--accept-conflicts" in message
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("", "Edited after the export")

    call_command("import_catalogue", tmp_path, "--skip-conflicts", verbosity=0)
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("", "Edited after the export")

    call_command("import_catalogue", tmp_path, "--accept-conflicts", "networks.csv:2", verbosity=0)
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("EJN", "Old description")


@pytest.mark.parametrize("spec", ["networks.csv:two", "other.csv:2", "networks.csv:1", "networks.csv:2,99999999999"])
def test_a_bad_accept_conflicts_value_is_refused(ejn, tmp_path, spec):
    _export(tmp_path)
    with pytest.raises(CommandError, match="--accept-conflicts"):
        call_command("import_catalogue", tmp_path, "--accept-conflicts", spec, verbosity=0)


def test_a_row_deleted_since_the_export_is_not_silently_added_again(ejn, tmp_path):
    _export(tmp_path)
    Membership.objects.get(jurisdiction__code="GH").delete()  # moves EJN's revision on
    report = _import(MembershipResource, (tmp_path / "memberships.csv").read_text(encoding="utf-8-sig"))
    (conflict,) = report.conflicts
    assert conflict.would == "new" and conflict.label == "ejn / jurisdiction / gh / member"
    assert "importing it would add this row again" in report.conflict_message(conflict)
    assert not Membership.objects.filter(jurisdiction__code="GH").exists()  # the conflict stopped the import


def test_an_unchanged_row_of_a_changed_entry_is_no_conflict(ejn, tmp_path):
    _export(tmp_path)
    ejn.description = "Edited after the export"
    ejn.save()
    report = _import(MembershipResource, (tmp_path / "memberships.csv").read_text(encoding="utf-8-sig"))
    assert report.counts["unchanged"] == 2 and not report.conflicts


def test_an_import_moves_the_revision_of_the_networks_it_changes_and_only_those(ejn):
    carin = make_network(slug="carin", name="CARIN")
    before = _revision(ejn), _revision(carin)
    _import(
        NetworkResource, "slug,name,type,aliases\nejn,European Judicial Network,judicial,RJE\ncarin,CARIN,judicial,\n"
    )
    assert (_revision(ejn), _revision(carin)) == (before[0] + 1, before[1])
    _import(MembershipResource, "network_slug,member_type,member_code,role\ncarin,jurisdiction,BR,member\n")
    assert _revision(carin) == before[1] + 1


def test_a_network_created_by_an_import_keeps_the_revision_its_file_gives(ejn):
    """So that an export restored into a fresh instance exports again the same (see test_exchange_restore)."""
    networks = read_table(b"slug,name,type,revision\niberred,IberRed,judicial,7\n")
    members = read_table(b"network_slug,member_type,member_code,role,revision\niberred,jurisdiction,ES,member,7\n")
    catalogue_import(tables=[(NetworkResource, "n.csv", *networks), (MembershipResource, "m.csv", *members)])
    assert Network.objects.get(slug="iberred").revision == 7
    # A later import that changes it moves it on.
    _import(MembershipResource, "network_slug,member_type,member_code,role\niberred,jurisdiction,PT,member\n")
    assert Network.objects.get(slug="iberred").revision == 8


@pytest.mark.parametrize("value", ["0", "-1", "7¹", "x", "99999999999"])
def test_a_bad_revision_cell_is_a_cell_error(ejn, value):
    report = _import(NetworkResource, f"slug,name,type,revision\nejn,EJN,judicial,{value}\n")
    assert [(p.row, p.column) for p in report.problems] == [(2, "revision")]


def _secretariat(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("sec", "sec@example.org", "x"))


def _preview(client, data, name="networks.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("admin:networks_network_import"), {"format": "0", "import_file": file})


def test_the_admin_preview_asks_row_by_row_before_applying_conflicts(client, django_user_model, ejn, tmp_path):
    carin = make_network(slug="carin", name="CARIN")
    _export(tmp_path)
    data = (tmp_path / "networks.csv").read_bytes().replace(b'"CARIN","","","","",', b'"CARIN","","","","CA",')
    data = data.replace(b'"Old description"', b'"File description"')
    for network in (ejn, carin):
        network.description = "Edited after the export"
        network.save()
    _secretariat(client, django_user_model)
    response = _preview(client, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 rows in conflict" in page
    assert page.count('name="accept" value="') == 2
    assert "<strong>description_en</strong>: “Edited after the export” → “File description”" in page

    token = response.context["confirm_form"].initial["import_file_name"]
    rows = {row.label: row.number for row in response.context["preview"].conflicts}
    response = client.post(
        reverse("admin:networks_network_process_import"), {"import_file_name": token, "accept": [rows["carin"]]}
    )
    assert response.status_code == 302
    ejn.refresh_from_db()
    carin.refresh_from_db()
    assert ejn.description == "Edited after the export"  # not ticked: left as it is
    assert (carin.acronym, carin.description) == ("CA", "")  # ticked: the file's values


def test_an_entry_changed_between_preview_and_confirmation_is_left_as_it_is(client, django_user_model, ejn):
    """A file without revisions: what the user confirmed is the preview, not what someone saved after it."""
    carin = make_network(slug="carin", name="CARIN")
    _secretariat(client, django_user_model)
    data = b"slug,name,type,description\nejn,EJN,judicial,From the file\ncarin,CARIN,judicial,From the file\n"
    response = _preview(client, data)
    assert "0 in conflict" in response.content.decode()
    ejn.description = "Saved after the preview"
    ejn.save()
    token = response.context["confirm_form"].initial["import_file_name"]
    response = client.post(reverse("admin:networks_network_process_import"), {"import_file_name": token}, follow=True)
    assert "changed since the file was exported or previewed: rows 2." in response.content.decode()
    ejn.refresh_from_db()
    carin.refresh_from_db()
    assert (ejn.description, carin.description) == ("Saved after the preview", "From the file")


def test_an_accepted_conflict_is_held_back_if_its_entry_changed_again_after_the_preview(
    client, django_user_model, ejn, tmp_path
):
    _export(tmp_path)
    data = (tmp_path / "networks.csv").read_bytes().replace(b'"Old description"', b'"File description"')
    ejn.description = "Edited after the export"
    ejn.save()
    _secretariat(client, django_user_model)
    response = _preview(client, data)
    (row,) = response.context["preview"].conflicts
    ejn.description = "Edited again after the preview"
    ejn.save()
    token = response.context["confirm_form"].initial["import_file_name"]
    client.post(reverse("admin:networks_network_process_import"), {"import_file_name": token, "accept": [row.number]})
    assert Network.objects.get(pk=ejn.pk).description == "Edited again after the preview"
