"""Importing the secretariat's CSV files: clear errors, all-or-nothing, previews, bulk writes with history."""

import importlib.util
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from countries.models import Jurisdiction
from exchange.formats import FileError, read_table
from exchange.models import ImportRecord
from exchange.resources import MembershipResource, NetworkResource, StatedCountResource
from exchange.services import catalogue_import
from networks.models import Membership, Network, StatedCount

from .factories import make_alias, make_network, make_organisation

pytestmark = pytest.mark.django_db

MEMBERSHIP_HEADER = "network_slug,member_type,member_code,role,since\n"


def _import(resource, text, *, dry_run=False, user=None, name="upload.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    headers, rows = read_table(data, name)
    (report,) = catalogue_import(tables=[(resource, name, headers, rows)], dry_run=dry_run, user=user)
    return report


def _state():
    return (
        list(Membership.objects.values_list("pk", "since", "role")),
        Membership.history.count(),
        Network.history.count(),
        ImportRecord.objects.count(),
    )


@pytest.fixture
def ejn():
    network = make_network(slug="ejn", name="European Judicial Network")
    make_network(slug="carin", name="CARIN")
    return network


def test_it_names_row_column_and_closest_countries_for_an_unknown_country(ejn):
    report = _import(
        MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,Ghana,member,\nejn,jurisdiction,Narnia,member,\n"
    )
    (problem,) = report.problems
    assert (problem.row, problem.column) == (3, "member_code")
    assert problem.reason.startswith('unknown country "Narnia" (closest matches: ')
    assert "(AM)" in problem.reason  # suggestions name real jurisdictions with their codes
    assert str(problem).startswith('upload.csv, row 3, column "member_code": unknown country "Narnia"')


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("ejn,jurisdiction,GH,membre,", "role", 'unknown role "membre" (expected one of: member, observer'),
        ("ejnn,jurisdiction,GH,member,", "network_slug", 'unknown network slug "ejnn" (closest matches: ejn)'),
        ("ejn,jurisdiction,,member,", "member_code", "empty required value"),
        ("ejn,jurisdiction,GH,member,1799-01-01", "since", 'year 1799 in "1799-01-01" is out of range (1850–2100)'),
        ("ejn,jurisdiction,GH,member,31/12/2020", "since", '"31/12/2020" is not a date (write it as YYYY-MM-DD'),
        ("ejn,person,GH,member,", "member_type", 'unknown member type "person"'),
        ("ejn,organisation,nobody,member,", "member_code", 'unknown organisation slug "nobody"'),
        ("ejn,network,ejn,member,", "member_code", "a network cannot be a member of itself"),
    ],
)
def test_a_bad_cell_is_reported_with_its_row_and_column_and_changes_nothing(ejn, line, column, reason):
    before = _state()
    report = _import(MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,FR,member,\n" + line + "\n")
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert report.problems[0].reason.startswith(reason)
    assert _state() == before  # the valid row 2 was not kept either


def test_a_membership_since_before_the_network_was_established_is_a_cell_error(ejn):
    Network.objects.filter(pk=ejn.pk).update(established=1998)
    before = _state()
    report = _import(MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,GH,observer,1990\n")
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "since")
    assert problem.reason == "1990 is before European Judicial Network was established (1998)."  # not "since since"
    assert _state() == before


def test_a_name_column_that_names_another_record_than_the_code_is_an_error(ejn):
    # The names are not imported: "Brazil" beside GH added Ghana without a word.
    before = _state()
    header = "network_slug,network_name,member_type,member_code,member_name,role\n"
    rows = (
        "ejn,European Judicial Network,jurisdiction,GH,Brazil,member\n"
        "ejn,Wrong Name,jurisdiction,SN,Senegal,member\n"
        "ejn,EUROPEAN JUDICIAL NETWORK,jurisdiction,CI,Cote d'Ivoire,member\n"  # case and accents aside: fine
        "ejn,,jurisdiction,SZ,Swaziland,member\n"  # a former name is a name; an empty cell says nothing
        "ejn,,jurisdiction,CD,Congo,member\n"  # an ambiguous name is a name of each it may mean
        "ejn,RJE,network,carin,Camden Asset Recovery,member\n"
    )
    report = _import(MembershipResource, header + rows)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "member_name"), (3, "network_name"), (7, "network_name"), (7, "member_name")
    ]  # fmt: skip
    assert report.problems[0].reason == (
        '"Brazil" is not a name of GH (Ghana): correct the cell that is wrong, or leave the name empty'
    )
    assert _state() == before


def test_a_name_column_takes_a_networks_former_names_and_is_checked_with_the_rest_of_its_row(ejn):
    make_alias(ejn, "Red Judicial Europea")
    header = "network_slug,network_name,member_type,member_code,member_name,role,since,until\n"
    rows = (
        "ejn,Red Judicial Europea,jurisdiction,GH,Ghana,member,,\n"  # a file written under a former name
        "ejn,Wrong,jurisdiction,SN,Ital\x01y,member,1990,1980\n"  # three problems: all named in one preview
    )
    report = _import(MembershipResource, header + rows)
    assert [(p.row, p.column) for p in report.problems] == [(3, "network_name"), (3, "member_name"), (3, "until")]
    assert "control character (U+0001)" in report.problems[1].reason


def test_a_founding_year_after_a_date_of_the_networks_memberships_is_refused_on_every_path(ejn):
    import datetime

    from django.core.exceptions import ValidationError

    make_membership = Membership.objects.create
    make_membership(network=ejn, jurisdiction=Jurisdiction.objects.get(code="HR"), since=datetime.date(2013, 7, 1))
    report = _import(NetworkResource, "slug,name_en,type,established\nejn,European Judicial Network,judicial,2014\n")
    assert [(p.row, p.column) for p in report.problems] == [(2, "established")]
    assert report.problems[0].reason == (
        "A membership of this network is dated 2013-07-01, before 2014: correct that membership, or the year."
    )
    ejn.refresh_from_db()
    ejn.established = 2014
    with pytest.raises(ValidationError, match="dated 2013-07-01, before 2014"):
        ejn.full_clean()  # the admin's form
    ejn.established = 2013
    ejn.full_clean()
    ended = Membership(network=ejn, jurisdiction=Jurisdiction.objects.get(code="ES"), until=datetime.date(2012, 1, 1))
    Network.objects.filter(pk=ejn.pk).update(established=2013)
    ended.network = Network.objects.get(pk=ejn.pk)
    with pytest.raises(ValidationError, match="Until 2012-01-01 is before"):
        ended.full_clean()  # an end before the founding is no better than a start


def test_a_duplicate_row_is_an_error_naming_the_first_one(ejn):
    report = _import(
        MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,GH,member,\nejn,jurisdiction,Ghana,member,\n"
    )
    (problem,) = report.problems
    assert problem.row == 3
    assert "duplicate row: same network_slug, member_type, member_code, role as row 2" in problem.reason


def test_a_missing_required_column_and_an_unknown_column_are_reported_on_the_header_row(ejn):
    report = _import(MembershipResource, "network_slug,member_type,role,sinse\nejn,jurisdiction,member,\n")
    reasons = {(p.row, p.column): p.reason for p in report.problems}
    assert reasons[(1, "member_code")] == "required column is missing"
    assert reasons[(1, "sinse")].startswith("unknown column (did you mean since?)")


def test_an_unknown_column_does_not_hide_the_problems_of_the_rows(ejn):
    # Reported one class at a time, the secretariat mended the header only to be shown the cells' problems next.
    before = _state()
    report = _import(
        MembershipResource, "network_slug,member_type,member_code,role,colour\nejn,jurisdiction,XX,member,red\n"
    )
    assert [(p.row, p.column) for p in report.problems] == [(1, "colour"), (2, "member_code")]
    assert _state() == before


def test_a_row_with_an_unreadable_cell_still_has_its_other_cells_checked_against_the_models_rules(ejn):
    # Reported in stages, the secretariat mended the unknown type only to be shown the slug and website next.
    before = _state()
    header = "slug,name,type,website\n"
    report = _import(NetworkResource, header + "new net,New network,judiciary,ftp://example.org/\n")
    assert sorted((p.row, p.column) for p in report.problems) == [(2, "slug"), (2, "type"), (2, "website")]
    report = _import(NetworkResource, header + "ejn,European Judicial Network,judiciary,ftp://example.org/\n")
    assert sorted((p.row, p.column) for p in report.problems) == [(2, "type"), (2, "website")]  # a stored row too
    assert _state() == before


def test_a_row_with_a_bad_revision_still_has_the_rules_across_its_cells_checked(ejn):
    # Reported in stages: the revision first, then "until before since" and the founding year once it was mended.
    ejn.established = 2012
    ejn.save()
    before = _state()
    header = "network_slug,member_type,member_code,role,since,until,revision\n"
    report = _import(MembershipResource, header + "ejn,jurisdiction,GH,member,2009,2008,54¹\n")
    named = sorted((p.column, p.reason.split(":")[0][:30]) for p in report.problems)
    assert [column for column, _reason in named] == ["revision", "since", "until", "until"], named
    assert any(reason.startswith("the membership ends") for column, reason in named if column == "until")
    assert _state() == before


def test_a_stored_entrys_identifier_is_said_to_never_change_beside_the_rows_other_problems(ejn):
    before = _state()
    row = "ejn,European Judicial Network,judiciary,N0VX3X4VEH\n"
    report = _import(NetworkResource, "slug,name,type,registry_id\n" + row)
    assert sorted((p.row, p.column) for p in report.problems) == [(2, "registry_id"), (2, "type")]
    assert "never changes" in next(p.reason for p in report.problems if p.column == "registry_id")
    assert _state() == before


def test_a_file_that_is_not_utf8_is_refused_with_advice():
    with pytest.raises(FileError, match=r"upload.csv is not UTF-8 text \(unreadable bytes on line 2\).*CSV UTF-8"):
        read_table("slug,name\nreseau,Réseau\n".encode("latin-1"), "upload.csv")


def test_utf8_with_bom_and_excel_semicolons_are_accepted(ejn):
    data = "\ufeffnetwork_slug;member_type;member_code;role;since\r\nejn;jurisdiction;Côte d'Ivoire;member;\r\n"
    report = _import(MembershipResource, data.encode("utf-8"))
    assert report.counts["new"] == 1 and not report.problems
    assert Membership.objects.get().jurisdiction.code == "CI"


def test_a_dry_run_previews_new_updated_and_unchanged_rows_with_changed_fields_and_writes_nothing(ejn):
    _import(
        MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,GH,member,2001-01-01\nejn,jurisdiction,FR,member,\n"
    )
    before = _state()
    text = (
        MEMBERSHIP_HEADER
        + "ejn,jurisdiction,GH,member,2002-02-02\nejn,jurisdiction,FR,member,\nejn,jurisdiction,BR,observer,\n"
    )
    report = _import(MembershipResource, text, dry_run=True)
    assert [(row.number, row.status) for row in report.rows] == [(2, "updated"), (3, "unchanged"), (4, "new")]
    assert report.rows[0].changes == [("since", "2001-01-01", "2002-02-02")]
    assert _state() == before


def test_an_applied_import_records_history_and_who_imported_what(ejn, django_user_model):
    user = django_user_model.objects.create_user("clerk")
    _import(MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,GH,member,2001-01-01\n", user=user, name="a.csv")
    _import(MembershipResource, MEMBERSHIP_HEADER + "ejn,jurisdiction,GH,member,2002-02-02\n", user=user, name="b.csv")
    membership = Membership.objects.get()
    assert [(h.history_type, str(h.since), h.history_user) for h in membership.history.order_by("history_id")] == [
        ("+", "2001-01-01", user),
        ("~", "2002-02-02", user),
    ]
    assert membership.history.latest().history_change_reason == "Imported from b.csv"
    record = ImportRecord.objects.first()
    assert (record.user, record.file_name, record.content_type.model, record.rows_new, record.rows_updated) == (
        user, "b.csv", "membership", 0, 1,
    )  # fmt: skip


def test_network_lists_are_replaced_and_unknown_topics_are_errors(ejn):
    header = "slug,name,type,aliases,topics,established\n"
    report = _import(NetworkResource, header + "ejn,EJN,judicial,EJN crim;RJE,cyber,1998\n")
    assert report.problems[0].column == "topics" and 'unknown topic "cyber"' in report.problems[0].reason
    report = _import(NetworkResource, header + "ejn,EJN,judicial,EJN crim;RJE,,1998\nnew,New,police,,,2101\n")
    assert [(p.row, p.column) for p in report.problems] == [(3, "established")]
    _import(NetworkResource, header + "ejn,EJN,judicial,EJN crim;RJE,,1998\n")
    _import(NetworkResource, header + "ejn,EJN,judicial,RJE;Other,,1998\n")
    assert sorted(ejn.aliases.values_list("name", flat=True)) == ["Other", "RJE"]


def _membership_rows(count):
    # With the name columns, which are checked against the codes.
    rows = Jurisdiction.objects.order_by("code").values_list("code", "name")[:count]
    return "network_slug,network_name,member_type,member_code,member_name,role,since\n" + "".join(
        f'ejn,European Judicial Network,jurisdiction,{code},"{name}",member,2001-01-01\n' for code, name in rows
    )


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(ejn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (5, 50):
        Membership.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert _import(MembershipResource, _membership_rows(size)).counts["new"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_command_imports_a_directory_and_exits_non_zero_with_the_same_messages(ejn, tmp_path, capsys):
    make_organisation(slug="egmont")
    (tmp_path / "memberships.csv").write_text(MEMBERSHIP_HEADER + "ejn,jurisdiction,Narnia,member,\n")
    with pytest.raises(CommandError, match=r'memberships.csv, row 2, column "member_code": unknown country "Narnia"'):
        call_command("import_catalogue", tmp_path)
    (tmp_path / "memberships.csv").write_text(MEMBERSHIP_HEADER + "ejn,organisation,egmont,observer,\n")
    call_command("import_catalogue", tmp_path / "memberships.csv", "--dry-run")
    assert not Membership.objects.exists()
    call_command("import_catalogue", tmp_path)
    assert Membership.objects.get().organisation.slug == "egmont"
    assert ImportRecord.objects.get().via == ImportRecord.Via.COMMAND


def test_the_command_tells_which_table_from_the_header_or_asks(tmp_path):
    (tmp_path / "list.csv").write_text("network_slug,member_type,member_code,role\n")
    call_command("import_catalogue", tmp_path / "list.csv", "--dry-run")
    (tmp_path / "odd.csv").write_text("name,note\n")
    with pytest.raises(CommandError, match="cannot tell which table"):
        call_command("import_catalogue", tmp_path / "odd.csv")


def test_the_benchmark_runs_on_a_small_file():
    path = Path(__file__).resolve().parent.parent / "bench" / "import_memberships.py"
    spec = importlib.util.spec_from_file_location("bench_import_memberships", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    (new_label, _, new), (updated_label, _, updated) = bench.benchmark(200)
    assert new == {"new": 200, "updated": 0, "unchanged": 0, "conflict": 0, "error": 0}
    assert updated["updated"] == 200
    assert Membership.history.count() == 400


STATED_HEADER = "network_slug,role,qualifier,count,label,as_of,source\n"


def test_stated_counts_import_then_update_by_network_role_and_label(ejn):
    report = _import(StatedCountResource, STATED_HEADER + 'ejn,member,more than,"1,200",contact points,2024,\n')
    assert not report.problems
    stated = StatedCount.objects.get()
    assert (stated.network, stated.role, stated.qualifier, stated.count, stated.label) == (
        ejn, "member", "more than", 1200, "contact points",
    )  # fmt: skip
    report = _import(StatedCountResource, STATED_HEADER + "ejn,member,about,1300,contact points,2025,\n")
    assert [(row.status, row.changes[0][0]) for row in report.rows] == [("updated", "qualifier")]
    assert StatedCount.objects.get().count == 1300
    assert StatedCount.history.count() == 2


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("ejn,member,,fifty,members,,", "count", '"fifty" is not a whole number'),
        ("ejn,member,,-3,members,,", "count", '"-3" is not a whole number'),
        ("ejn,member,,,members,,", "count", "empty required value"),
        ("ejnn,member,,5,members,,", "network_slug", 'unknown network slug "ejnn" (closest matches: ejn)'),
        ("ejn,membre,,5,members,,", "role", 'unknown role "membre"'),
        ("ejn,member,,5,members,,nosuchsource", "source", 'unknown source "nosuchsource"'),
        ("ejn,member,,5,member states,,", "label", "duplicate row: same network_slug, role, label as row 2"),
    ],
)
def test_a_bad_stated_count_is_reported_with_its_row_and_column_and_changes_nothing(ejn, line, column, reason):
    report = _import(StatedCountResource, STATED_HEADER + "ejn,member,,27,member states,,\n" + line + "\n")
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert report.problems[0].reason.startswith(reason)
    assert not StatedCount.objects.exists()


def test_the_command_takes_stated_counts_from_the_file_name(ejn, tmp_path):
    (tmp_path / "stated_counts.csv").write_text(STATED_HEADER + "ejn,member,,27,member states,,\n", encoding="utf-8")
    call_command("import_catalogue", tmp_path / "stated_counts.csv", verbosity=0)
    assert str(StatedCount.objects.get()) == "27 member states"


def test_a_stated_count_qualifier_longer_than_the_column_is_a_cell_error(ejn):
    report = _import(StatedCountResource, STATED_HEADER + f"ejn,member,{'x' * 21},5,members,,\n")
    assert [(p.row, p.column) for p in report.problems] == [(2, "qualifier")]
    assert "at most 20 characters" in report.problems[0].reason
    assert not StatedCount.objects.exists()
