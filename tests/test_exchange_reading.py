"""Reading the files spreadsheets write, and numbers and characters from outside (issue 11, points 1 and 2)."""

import re

import pytest
from django.core.management import CommandError, call_command

from exchange.formats import FileError, read_table, sniff_delimiter, whole_number
from exchange.resources import NetworkResource, StatedCountResource
from exchange.services import catalogue_import
from exchange.widgets import CountWidget
from networks.models import Network, StatedCount

from .factories import make_network

pytestmark = pytest.mark.django_db

STATED_HEADER = "network_slug,role,count,label\n"


def _import(resource, data, *, dry_run=False, name="upload.csv"):
    headers, rows = read_table(data, name)
    (report,) = catalogue_import(tables=[(resource, name, headers, rows)], dry_run=dry_run)
    return report


@pytest.fixture
def ejn():
    return make_network(slug="ejn", name="European Judicial Network", description="Old description")


def test_a_footnote_mark_in_a_count_is_a_cell_error_from_the_command_line(ejn, tmp_path):
    (tmp_path / "stated_counts.csv").write_text(STATED_HEADER + "ejn,member,54¹,member states\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_catalogue", tmp_path / "stated_counts.csv", "--dry-run")
    assert 'stated_counts.csv, row 2, column "count": "54¹" is not a whole number' in str(raised.value)
    assert not StatedCount.objects.exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("54¹", "is not a whole number"),  # isdigit() is true for superscripts
        ("١٢", "is not a whole number"),  # int() reads Arabic-Indic digits
        ("①", "is not a whole number"),
        ("1" * 30, "is out of range (0–2147483647)"),  # overflows SQLite; PostgreSQL's integer is 32 bits
        ("2147483648", "is out of range"),
        ("5e3", "is not a whole number"),
    ],
)
def test_whole_numbers_are_ascii_digits_within_range(text, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        whole_number(text)
    assert whole_number("0054") == 54


def test_a_count_keeps_the_thousands_separators_spreadsheets_write():
    assert [CountWidget().clean(value) for value in ["1,200", "1 200", "1\u00a0200", "1\u202f200"]] == [1200] * 4


def test_any_exception_while_reading_a_cell_becomes_a_cell_error(ejn, monkeypatch):
    def broken(self, value, row=None, **kwargs):
        raise ZeroDivisionError("something nobody foresaw")

    monkeypatch.setattr(CountWidget, "clean", broken)
    report = _import(StatedCountResource, STATED_HEADER + "ejn,member,5,member states\n")
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "count")
    assert problem.reason == '"5" cannot be read: something nobody foresaw'


EXCEL_FOR_MAC = (
    "slug;name;type;description\r"
    'ejn;European Judicial Network;judicial;Contact points, a website, and meetings\r'
    "carin;CARIN;police;Asset recovery, informally\r"
)  # fmt: skip


@pytest.mark.parametrize("line_end", ["\r", "\n", "\r\n"])
def test_semicolons_with_commas_in_cells_import_with_any_line_ending(ejn, line_end):
    data = EXCEL_FOR_MAC.replace("\r", line_end).encode("utf-8")
    report = _import(NetworkResource, data)
    assert not report.problems
    assert report.counts["new"] == 1 and report.counts["updated"] == 1
    assert Network.objects.get(slug="ejn").description == "Contact points, a website, and meetings"


def test_the_delimiter_is_judged_on_the_first_parsed_record_not_the_first_line():
    # The header's first line holds more commas (inside a quoted, multi-line cell) than semicolons.
    text = '"slug, the identifier\nof a network";name;type\r\nejn;EJN;judicial\r\n'
    assert sniff_delimiter(text) == ";"
    headers, rows = read_table(text.encode())
    assert headers == ["slug, the identifier\nof a network", "name", "type"] and rows == [["ejn", "EJN", "judicial"]]


def test_excel_separator_line_names_the_delimiter():
    headers, rows = read_table(b"sep=;\r\nslug;name\r\nejn;EJN, the network\r\n")
    assert headers == ["slug", "name"] and rows == [["ejn", "EJN, the network"]]


def test_a_broken_record_is_refused_naming_its_row():
    with pytest.raises(FileError, match=r"upload.csv, row 3: not a well-formed CSV record"):
        read_table(b'slug,name\r\nejn,EJN\r\ncarin,"CA"RIN\r\n', "upload.csv")


def test_a_description_longer_than_the_csv_modules_field_limit_reads_back(ejn, tmp_path):
    long = " ".join(["Long."] * 24_200)  # 145,199 characters
    Network.objects.filter(pk=ejn.pk).update(description=long, description_en=long)
    call_command("export_catalogue", "--out", tmp_path, verbosity=0)
    Network.objects.filter(pk=ejn.pk).update(description="", description_en="")
    call_command("import_catalogue", tmp_path / "networks.csv", verbosity=0)
    assert Network.objects.get(pk=ejn.pk).description == long


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\u202e", "\u2066"])
def test_a_control_character_is_refused_naming_row_and_column_on_every_database(ejn, character):
    data = f"slug,name,type,description\nejn,EJN,judicial,Before{character}after\n".encode()
    report = _import(NetworkResource, data)
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "description")
    assert problem.reason.startswith(f"contains a control character (U+{ord(character):04X})")
    assert Network.objects.get(pk=ejn.pk).description == "Old description"


def test_tabs_and_line_breaks_inside_cells_are_kept(ejn):
    report = _import(NetworkResource, b'slug,name,type,description\nejn,EJN,judicial,"One\ttwo\r\nthree\rfour"\n')
    assert not report.problems
    assert Network.objects.get(pk=ejn.pk).description == "One\ttwo\r\nthree\rfour"


def test_slugs_differing_only_in_case_are_one_network(ejn):
    report = _import(NetworkResource, b"slug,name,type\nEJN,European Judicial Network (EJN),judicial\n")
    assert report.counts["updated"] == 1 and report.counts["new"] == 0
    assert list(Network.objects.values_list("slug", "name")) == [("ejn", "European Judicial Network (EJN)")]
    report = _import(NetworkResource, b"slug,name,type\nIberRed,IberRed,judicial\n")
    assert Network.objects.filter(slug="iberred").exists()
    report = _import(StatedCountResource, (STATED_HEADER + "EJN,member,27,member states\n").encode())
    assert not report.problems and StatedCount.objects.get().network == ejn


def test_a_file_with_two_rows_differing_only_in_slug_case_is_a_duplicate(ejn):
    report = _import(NetworkResource, b"slug,name,type\nejn,EJN,judicial\nEJN,EJN,judicial\n")
    assert [(p.row, p.reason) for p in report.problems] == [(3, "duplicate row: same slug as row 2")]
