"""The catalogue loader and report: idempotent, loud about bad fixtures, respectful of hand edits."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from networks.catalogue_files import CatalogueError
from networks.catalogue_plan import catalogue_check
from networks.loading import catalogue_load
from networks.models import Membership, Network, NetworkSource, Relation

from .catalogue_loaded import CATALOGUE_MODELS, catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def counts():
    return {model.__name__: model.objects.count() for model in CATALOGUE_MODELS}


def test_loading_again_changes_nothing():
    before = counts()
    stats = catalogue_load()
    assert counts() == before
    assert all(counter["created"] == counter["updated"] == 0 for counter in stats.values())
    assert stats["Membership"]["unchanged"] == before["Membership"]


def test_the_command_loads_jurisdictions_and_catalogue_and_reports_no_change_the_second_time():
    before = counts()
    out = io.StringIO()
    call_command("load_catalogue", stdout=out)
    assert counts() == before
    assert f"Membership: {before['Membership']} unchanged" in out.getvalue()
    assert "Jurisdictions: 254" in out.getvalue()


def test_the_loader_is_fast_enough_to_run_on_every_start(django_assert_max_num_queries):
    # A reload reads each table once, the history once per model and resolves each distinct
    # written jurisdiction name once: a few hundred queries, never one per membership.
    with django_assert_max_num_queries(400):
        catalogue_load()


def test_a_hand_edited_network_keeps_the_secretariats_text():
    network = Network.objects.get(slug="carin")
    network.description = "Rewritten by the secretariat."
    network.save()
    stats = catalogue_load()
    network.refresh_from_db()
    assert network.description == "Rewritten by the secretariat."
    assert stats["Network"]["kept"] == 1


def test_a_membership_deleted_by_hand_is_not_recreated_unless_asked():
    Membership.objects.get(network__slug="ajn", jurisdiction__code="GH").delete()
    stats = catalogue_load()
    assert stats["Membership"]["skipped"] == 1
    assert not Membership.objects.filter(network__slug="ajn", jurisdiction__code="GH").exists()
    catalogue_load(respect_hand_edits=False)
    assert Membership.objects.filter(network__slug="ajn", jurisdiction__code="GH").exists()


def test_records_added_by_hand_are_never_deleted():
    extra = Network.objects.create(slug="added-by-hand", name="Added by hand", type=Network.Type.OTHER)
    catalogue_load()
    assert Network.objects.filter(pk=extra.pk).exists()


def copy_fixtures(tmp_path, filename, old, new):
    for path in FIXTURES.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / filename
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def line_of(filename, text):
    lines = (FIXTURES / filename).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_it_rejects_a_written_name_that_resolves_to_another_jurisdiction(tmp_path):
    line = line_of("memberships.csv", "cncp,member,jurisdiction,SZ,Swaziland")
    directory = copy_fixtures(
        tmp_path, "memberships.csv", "cncp,member,jurisdiction,SZ,", "cncp,member,jurisdiction,ZW,"
    )
    with pytest.raises(CatalogueError) as error:
        catalogue_check(directory=directory)
    assert error.value.problems == [
        f"memberships.csv, line {line}, column as_written ('Swaziland'): resolves to SZ (Eswatini), not ZW"
    ]


def test_it_rejects_a_name_no_jurisdiction_answers_to(tmp_path):
    directory = copy_fixtures(tmp_path, "memberships.csv", ",Swaziland,", ",Narnia,")
    with pytest.raises(CatalogueError, match=r"column as_written \('Narnia'\): does not resolve to any jurisdiction"):
        catalogue_check(directory=directory)


def test_it_rejects_unknown_references_with_file_line_and_column(tmp_path):
    directory = copy_fixtures(
        tmp_path, "relations.csv", "wacap,builds_on,network,refco", "wacap,builds_on,network,refko"
    )
    with pytest.raises(CatalogueError, match=r"relations\.csv, line \d+, column target \('refko'\): unknown network"):
        catalogue_check(directory=directory)


def test_it_rejects_an_organisation_row_whose_written_name_names_another_body(tmp_path):
    directory = copy_fixtures(tmp_path, "memberships.csv", "organisation,imf,", "organisation,icc,")
    with pytest.raises(CatalogueError, match=r"International Monetary Fund \(Associate\)'\): does not name"):
        catalogue_check(directory=directory)


def test_it_rejects_bad_values_and_duplicates(tmp_path):
    directory = copy_fixtures(
        tmp_path, "networks.csv", "prosecutors,criminal_justice,active,2013", "prosecutors,criminal_justice,active,201x"
    )
    with pytest.raises(
        CatalogueError, match=r"networks\.csv, line \d+, column established \('201x'\): not a whole number"
    ):
        catalogue_check(directory=directory)
    directory = copy_fixtures(tmp_path, "network_aliases.csv", "nacp,NCAP,", "nacp,NCAP,\nnacp,ncap,")
    with pytest.raises(CatalogueError, match=r"duplicate alias"):
        catalogue_check(directory=directory)


def test_a_failed_load_names_every_problem_and_writes_nothing(tmp_path):
    before = counts()
    directory = copy_fixtures(tmp_path, "memberships.csv", ",Swaziland,", ",Narnia,")
    with pytest.raises(
        CommandError, match=r"1 problem\(s\) in fixtures/:\nmemberships\.csv, line \d+, column as_written"
    ):
        call_command("load_catalogue", fixtures_dir=str(directory), stdout=io.StringIO())
    assert counts() == before


def test_every_network_has_a_description_type_field_and_a_source():
    assert not Network.objects.filter(description="").exists()
    assert not Network.objects.exclude(type__in=Network.Type.values).exists()
    assert not Network.objects.exclude(field__in=Network.Field.values).exists()
    assert set(NetworkSource.objects.values_list("network__slug", flat=True)) == set(
        Network.objects.values_list("slug", flat=True)
    )


def test_every_relation_and_membership_names_its_source():
    assert not Membership.objects.filter(source__isnull=True).exists()
    assert not Relation.objects.filter(source__isnull=True).exists()


def test_the_report_lists_members_by_role_and_zero_unresolved_names():
    out = io.StringIO()
    call_command("catalogue_report", network="iberred", stdout=out)
    report = out.getvalue()
    assert "Member (22): " in report
    assert "Puerto Rico" in report
    assert "Bolivia" in report
    assert "Stated: 22 Ibero-American countries" in report
    assert "hosted by Conference of Ministers of Justice of the Ibero-American Countries (COMJIB)" in report
    assert report.rstrip().endswith("did not resolve\n0")


def test_the_full_report_shows_how_historical_names_were_resolved():
    out = io.StringIO()
    call_command("catalogue_report", stdout=out)
    report = out.getvalue()
    assert "Eswatini (as written: Swaziland)" in report
    assert "Réunion (as written: France (Réunion))" in report
    assert f"Networks: {Network.objects.count()}" in report
    assert report.rstrip().endswith("did not resolve\n0")


def test_the_report_rejects_an_unknown_network():
    with pytest.raises(CommandError, match="No network with slug 'narnia'"):
        call_command("catalogue_report", network="narnia", stdout=io.StringIO())
