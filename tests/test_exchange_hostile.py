"""Hostile files, generated (Hypothesis): numbers, layouts and characters, formulae (issue 11, quality bar).

Each generated file goes through `import_catalogue --dry-run` and through the admin's import, and
must end in an exit code and a message naming the row and column, or import cleanly: never a
traceback, never a 500. Examples are few (the cases that matter are in the strategies) and
Hypothesis's deadline is off: a database round trip is not a unit of time to judge.
"""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.formats import read_table
from networks.models import Network, NetworkAlias

from .factories import make_network

pytestmark = pytest.mark.django_db

FEW = settings(
    max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TRIGGERS = "=+-@\t\r"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@pytest.fixture
def ejn():
    return make_network(slug="ejn", name="European Judicial Network")


@pytest.fixture
def secretariat(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("sec", "sec@example.org", "x"))
    return client


def _command(path, data):
    """(exit message or None, stdout) of `import_catalogue --dry-run` on `data` written to `path`."""
    path.write_bytes(data)
    try:
        call_command("import_catalogue", path, "--dry-run", verbosity=0)
    except CommandError as error:
        return str(error)
    return None


def _admin(client, table, data):
    """The admin's preview page of `data` as an upload to `table` (model name), unescaped."""
    upload = SimpleUploadedFile(f"{table}.csv", data, content_type="text/csv")
    response = client.post(reverse(f"admin:networks_{table}_import"), {"format": "0", "import_file": upload})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _both_name(client, path, table, data, column, row=2):
    message = _command(path, data)
    assert message is not None and f'row {row}, column "{column}"' in message, message
    page = _admin(client, table, data)
    assert f"<td>{row}</td><td>{column}</td>" in page, re.findall(r"<td>.*?</td>", page)[:6]


# Class 1: numbers from outside --------------------------------------------------------------------

not_ascii_digits = st.one_of(
    st.text(SUPERSCRIPTS, min_size=1, max_size=3).map(lambda mark: "54" + mark),  # footnote marks from a PDF
    st.text(st.characters(categories=["Nd", "No"], exclude_characters="0123456789"), min_size=1, max_size=6),
    st.integers(min_value=2**31, max_value=10**40).map(str),  # past PostgreSQL's integer
    st.integers(max_value=-1).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.sampled_from(["5e3", "0x1F", "1_000", "٣", "１２"]),
)


@FEW
@given(count=not_ascii_digits)
def test_a_count_that_is_not_plain_digits_names_row_and_column(secretariat, ejn, tmp_path, count):
    data = f'network_slug,role,count,label\nejn,member,"{count}",member states\n'.encode()
    _both_name(secretariat, tmp_path / "stated_counts.csv", "statedcount", data, "count")


@FEW
@given(year=not_ascii_digits)
def test_a_year_or_revision_that_is_not_plain_digits_names_row_and_column(secretariat, ejn, tmp_path, year):
    for column in ("established", "revision"):
        data = f'slug,name,type,{column}\nejn,EJN,judicial,"{year}"\n'.encode()
        _both_name(secretariat, tmp_path / "networks.csv", "network", data, column)


# Class 2: the files spreadsheets write ------------------------------------------------------------

cell_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=40)
control = st.sampled_from([chr(code) for code in range(32) if chr(code) not in "\t\n\r"])


@FEW
@given(before=cell_text, character=control, after=cell_text, row=st.integers(min_value=2, max_value=4))
def test_a_control_character_anywhere_names_row_and_column(secretariat, ejn, tmp_path, before, character, after, row):
    lines = ["slug,name,type,description"] + [f"n{n},Network {n},judicial,plain" for n in range(2, 5)]
    value = (before + character + after).replace('"', '""')
    lines[row - 1] = f'n{row},Network {row},judicial,"{value}"'
    data = "\r\n".join(lines).encode()
    _both_name(secretariat, tmp_path / "networks.csv", "network", data, "description", row=row)


@FEW
@given(
    line_end=st.sampled_from(["\r", "\n", "\r\n"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    description=cell_text,
    slug=st.sampled_from(["ejn", "EJN", "Ejn", "eJN"]),
    bom=st.booleans(),
    long=st.booleans(),
)
def test_any_layout_spreadsheets_write_reads_the_same_rows(
    secretariat, ejn, tmp_path, line_end, delimiter, description, slug, bom, long
):
    description = ("x" * 140_000 if long else "") + description.strip() + ", with a comma; and a semicolon"
    quoted = '"' + description.replace('"', '""') + '"'
    data = line_end.join([delimiter.join(["slug", "name", "type", "description"]),
                          delimiter.join([slug, "European Judicial Network", "judicial", quoted]), ""])  # fmt: skip
    data = ("\ufeff" if bom else "") + data
    assert _command(tmp_path / "networks.csv", data.encode()) is None
    page = _admin(secretariat, "network", data.encode())
    assert "0 new, 1 updated, 0 unchanged, 0 in conflict, 0 with errors" in page  # EJN is ejn, not a new network
    assert read_table(data.encode())[1] == [[slug, "European Judicial Network", "judicial", description]]


# Class 3: the files spreadsheets open -------------------------------------------------------------

formula = st.tuples(st.sampled_from(TRIGGERS), st.sampled_from(["", "'", "''", " "]), cell_text).map(
    lambda parts: parts[1] + parts[0] + parts[2]
)
listed = st.lists(st.one_of(formula, cell_text.filter(lambda t: t.strip())), min_size=1, max_size=4)


@FEW
@given(aliases=listed, description=st.lists(st.one_of(formula, cell_text), min_size=1, max_size=3))
def test_formulae_in_every_list_item_are_neutralised_and_read_back_unchanged(
    secretariat, ejn, tmp_path, aliases, description
):
    aliases = sorted({alias.strip().replace(";", ",") for alias in aliases if alias.strip().replace(";", ",")})
    with transaction.atomic():
        NetworkAlias.objects.bulk_create(NetworkAlias(network=ejn, name=alias) for alias in aliases)
        Network.objects.filter(pk=ejn.pk).update(
            description=";".join(description).strip(), description_en=";".join(description).strip()
        )
        call_command("export_catalogue", "--out", tmp_path, verbosity=0)
        data = (tmp_path / "networks.csv").read_bytes()
        items = [item for line in data.decode("utf-8-sig").split("\r\n") for item in re.split(r'[;,]"?', line)]
        assert not [item for item in items if item.lstrip(' "')[:1] in TRIGGERS and item.lstrip(' "')]
        (tmp_path / "networks.csv").unlink()
        assert _command(tmp_path / "networks.csv", data) is None
        assert "0 new, 0 updated, 1 unchanged" in _admin(secretariat, "network", data)
        transaction.set_rollback(True)
