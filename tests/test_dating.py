"""Dated relations and dates known only to their year or month (issue 15 §2), on factory data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from countries.models import Jurisdiction
from exchange.exports import memberships_csv, table_rows
from exchange.formats import read_table
from exchange.resources import MembershipResource, RelationResource
from exchange.services import catalogue_import
from networks.dating import Precision, parse_written, reading_as_of, reference_day, shown, written
from networks.models import Membership, Network, Relation
from public.as_of import read_as_of

from .factories import make_membership, make_network, make_organisation, make_relation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("2009", datetime.date(2009, 1, 1), Precision.YEAR),
        ("2009-06", datetime.date(2009, 6, 1), Precision.MONTH),
        ("2009-06-15", datetime.date(2009, 6, 15), Precision.DAY),
    ],
)
def test_a_date_is_read_and_written_as_its_source_gives_it(text, day, precision):
    assert parse_written(text) == (day, precision)
    assert written(day, precision) == text


@pytest.mark.parametrize("text", ["09", "2009-6", "2009-13", "2009-02-30", "٢٠٠٩", "2009-06-01T00:00", ""])
def test_a_date_written_otherwise_is_refused_in_plain_words(text):
    with pytest.raises(ValueError, match="a date is written YYYY-MM-DD"):
        parse_written(text)


def _date_fields_of_forms():
    """Every form field where someone types a membership's date: the member editor's and the correction form's."""
    from corrections.forms import SuggestForm
    from upkeep.forms import ChangeMembersForm, PasteMembersForm

    forms = {"suggest": SuggestForm, "paste": PasteMembersForm, "change": ChangeMembersForm}
    return {
        f"{name}.{field_name}": field
        for name, form in forms.items()
        for field_name, field in form.base_fields.items()
        if field_name in ("since", "until")
    }


def test_the_member_editor_and_the_correction_form_read_dates_alike():
    fields = _date_fields_of_forms()
    assert set(fields) == {"suggest.since", "suggest.until", "paste.since", "change.until"}
    for field in fields.values():
        assert field.clean("2019") == (datetime.date(2019, 1, 1), Precision.YEAR)
        assert field.clean(" 2019-03 ") == (datetime.date(2019, 3, 1), Precision.MONTH)
        assert field.clean("2019-03-31") == (datetime.date(2019, 3, 31), Precision.DAY)
        assert field.clean("") is None
        with pytest.raises(ValidationError, match="“19/03/2019” is not a date: a date is written YYYY-MM-DD"):
            field.clean("19/03/2019")


def test_pages_show_a_partial_date_as_written():
    day = datetime.date(2009, 6, 1)
    assert shown(day, Precision.YEAR) == "2009"
    assert shown(day, Precision.MONTH) == "June 2009"
    assert shown(day) == "June 1, 2009"


def test_the_network_page_says_since_2009_not_since_1_january_2009(client):
    network = make_network(slug="carin")
    ghana, togo = Jurisdiction.objects.get(code="GH"), Jurisdiction.objects.get(code="TG")
    make_membership(network, ghana, since=datetime.date(2009, 1, 1), since_precision=Precision.YEAR)
    make_membership(network, togo, since=datetime.date(2011, 3, 1), since_precision=Precision.MONTH)
    page = client.get(reverse("network-detail", args=["carin"])).content.decode()
    assert page.count('<span class="muted">since 2009</span>') == 1
    assert page.count('<span class="muted">since March 2011</span>') == 1
    assert "Jan. 1, 2009" not in page


def test_the_open_data_and_the_export_write_partial_dates_as_written():
    network = make_network(slug="carin")
    make_membership(
        network, Jurisdiction.objects.get(code="GH"), since=datetime.date(2009, 1, 1), since_precision=Precision.YEAR,
        until=datetime.date(2019, 5, 1), until_precision=Precision.MONTH,
    )  # fmt: skip
    _header, (row,) = read_table("".join(memberships_csv(Network.objects.all())).encode())
    assert row[6:8] == ["2009", "2019-05"]
    exported = dict(zip(MembershipResource.columns(), next(iter(table_rows(MembershipResource()))), strict=True))
    assert (exported["since"], exported["until"]) == ("2009", "2019-05")


def _import(resource, text):
    headers, rows = read_table(text.encode(), "upload.csv")
    (report,) = catalogue_import(tables=[(resource, "upload.csv", headers, rows)], dry_run=False, user=None)
    return report


def test_an_import_stores_a_year_as_its_first_day_with_its_precision():
    make_network(slug="carin")
    report = _import(MembershipResource, "network_slug,member_type,member_code,role,since,until\n"
                     "carin,jurisdiction,GH,member,2009,2015-07\n")  # fmt: skip
    assert not report.problems
    membership = Membership.objects.get()
    assert (membership.since, membership.since_precision) == (datetime.date(2009, 1, 1), Precision.YEAR)
    assert (membership.until, membership.until_precision) == (datetime.date(2015, 7, 1), Precision.MONTH)


def test_an_import_names_the_cell_of_a_date_it_cannot_read():
    make_network(slug="carin")
    report = _import(MembershipResource, "network_slug,member_type,member_code,role,since\n"
                     "carin,jurisdiction,GH,member,summer 2009\n")  # fmt: skip
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "since")
    assert "or as 2004-03 or 2004 when the source gives only the month or the year" in problem.reason


def test_relations_import_with_their_dates():
    make_network(slug="ejn")
    make_organisation(slug="eu")
    report = _import(RelationResource, "network_slug,kind,target_type,target_slug,since,until\n"
                     "ejn,hosted_by,organisation,eu,1998,2002-03\n")  # fmt: skip
    assert not report.problems
    relation = Relation.objects.get()
    assert (relation.since, relation.since_precision, relation.until_precision) == (
        datetime.date(1998, 1, 1), Precision.YEAR, Precision.MONTH,
    )  # fmt: skip


def test_a_partial_date_that_is_not_its_periods_first_day_is_refused_with_a_message():
    membership = Membership(
        network=make_network(), jurisdiction=Jurisdiction.objects.get(code="GH"),
        since=datetime.date(2009, 3, 5), since_precision=Precision.YEAR,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="entered as the first day of that month or year"):
        membership.full_clean()


def test_a_relation_cannot_end_before_it_begins():
    relation = Relation(
        network=make_network(), kind=Relation.Kind.PARTNER, target_organisation=make_organisation(),
        since=datetime.date(2010, 1, 1), until=datetime.date(2009, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="“Until” cannot be before “since”."):
        relation.full_clean()


class TestDatedRelations:
    @pytest.fixture
    def hosted(self):
        network, host = make_network(slug="ejn"), make_organisation(slug="host", name="The Host")
        make_relation(network, host, since=datetime.date(2021, 1, 1), since_precision=Precision.YEAR)
        return network

    def test_the_network_page_shows_a_relation_from_the_day_it_began(self, client, hosted):
        today = client.get(reverse("network-detail", args=["ejn"]))
        assert [str(host) for host in today.context["hosts"]] == ["The Host"]
        assert '<span class="muted">since 2021</span>' in today.content.decode()
        before = client.get(reverse("network-detail", args=["ejn"]), {"as_of": "2020-06-01"})
        assert before.context["hosts"] == []

    def test_the_host_filter_follows_the_day(self, client, hosted):
        def hosted_networks(**as_of):
            response = client.get(reverse("network-list"), {"host": "host", **as_of})
            return [network.slug for network in response.context["networks"]]

        assert hosted_networks() == ["ejn"]
        assert hosted_networks(as_of="2020-06-01") == []

    def test_as_of_selects_the_relations_in_force_that_day(self, hosted):
        relations = Relation.objects.filter(network=hosted)
        assert relations.as_of(datetime.date(2020, 12, 31)).count() == 0
        assert relations.as_of(datetime.date(2021, 1, 1)).count() == 1


def test_reading_as_of_a_day_moves_current_and_back():
    day = datetime.date(2017, 6, 1)
    with reading_as_of(day):
        assert reference_day() == day
    assert reference_day() != day


def test_the_parameter_reader_never_raises():
    from django.http import QueryDict

    assert read_as_of(QueryDict("as_of=2017-06-01")).day == datetime.date(2017, 6, 1)
    assert not read_as_of(QueryDict(""))
    assert read_as_of(QueryDict("as_of=2017-02-29")).error
    assert read_as_of(QueryDict("as_of=2017-06-01&as_of=2017-06-01")).day == datetime.date(2017, 6, 1)
