"""Network aliases with their language and kind: the `network_aliases` table beside networks.csv's `aliases` column."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from exchange.exports import table_csv
from exchange.formats import read_table
from exchange.resources import RESOURCES, NetworkAliasResource, NetworkResource
from exchange.services import catalogue_import
from networks.models import NetworkAlias

from .factories import make_network

pytestmark = pytest.mark.django_db

HEADER = "network_slug,name,language,kind,note\n"


def _import(resource, text, *, name="upload.csv", dry_run=False):
    headers, rows = read_table(text.encode("utf-8"), name)
    (report,) = catalogue_import(tables=[(resource, name, headers, rows)], dry_run=dry_run)
    return report


def _aliases():
    return sorted(NetworkAlias.objects.values_list("network__slug", "name", "language", "kind", "note"))


@pytest.fixture
def ejn():
    network = make_network(slug="ejn", name="European Judicial Network")
    make_network(slug="carin", name="CARIN")
    return network


def test_a_row_adds_an_alias_with_its_language_in_standard_form_and_its_kind(ejn):
    report = _import(NetworkAliasResource, HEADER + "EJN,Red Judicial Europea,es,official,Spanish name\n")
    assert not report.problems and report.counts["new"] == 1
    report = _import(NetworkAliasResource, HEADER + "ejn,Rede Judiciária Europeia,pt-br,Official name,\n")
    assert not report.problems
    assert _aliases() == [
        ("ejn", "Red Judicial Europea", "es", "official", "Spanish name"),
        ("ejn", "Rede Judiciária Europeia", "pt-BR", "official", ""),
    ]
    assert NetworkAlias.history.count() == 2


def test_a_row_changes_only_the_cells_it_gives_and_a_blank_kind_is_the_default(ejn):
    alias = NetworkAlias.objects.create(network=ejn, name="RJE", language="fr", kind="acronym", note="kept")
    report = _import(NetworkAliasResource, "network_slug,name,kind\nejn,RJE,\n")
    assert [(row.status, row.changes) for row in report.rows] == [("updated", [("kind", "acronym", "variant")])]
    alias.refresh_from_db()
    assert (alias.language, alias.kind, alias.note) == ("fr", "variant", "kept")


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("ejn,Red Judicial Europea,xx-!!,official,", "language", "“xx-!!” is not a language tag: write es, pt, fr"),
        ("ejn,Red Judicial Europea,es,nickname,", "kind", 'unknown kind of alias "nickname" (expected one of: offic'),
        ("ejnn,Red Judicial Europea,es,,", "network_slug", 'unknown network slug "ejnn" (closest matches: ejn)'),
        ("ejn,RJE,es,official,", "name", "duplicate row: same network_slug, name as row 2"),
        ("EJN,RJE,,,", "name", "duplicate row: same network_slug, name as row 2"),
        ("ejn,,es,official,", "name", "empty required value"),
        (f"ejn,{'x' * 251},,,", "name", "Ensure this value has at most 250 characters"),
    ],
)
def test_a_bad_row_names_its_row_column_and_reason_and_nothing_is_applied(ejn, tmp_path, line, column, reason):
    report = _import(NetworkAliasResource, HEADER + "ejn,RJE,fr,acronym,\n" + line + "\n")
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert report.problems[0].reason.startswith(reason)
    assert not NetworkAlias.objects.exists()  # the valid row 2 was not kept either
    # The command says the same, and stops.
    (tmp_path / "network_aliases.csv").write_text(HEADER + "ejn,RJE,fr,acronym,\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=f'network_aliases.csv, row 3, column "{column}": '):
        call_command("import_catalogue", tmp_path / "network_aliases.csv", verbosity=0)
    assert not NetworkAlias.objects.exists()


def test_the_aliases_column_keeps_a_kept_alias_as_it_is_and_adds_a_new_name_as_a_variant(ejn):
    kept = NetworkAlias.objects.create(network=ejn, name="RJE", language="fr", kind="acronym", note="French acronym")
    NetworkAlias.objects.create(network=ejn, name="Gone", language="en", kind="former")
    report = _import(NetworkResource, "slug,name_en,type,aliases\nejn,European Judicial Network,judicial,RJE;Red\n")
    assert not report.problems
    assert _aliases() == [("ejn", "RJE", "fr", "acronym", "French acronym"), ("ejn", "Red", "", "variant", "")]
    assert NetworkAlias.objects.get(name="RJE").pk == kept.pk  # kept, not deleted and created again
    assert not NetworkAlias.history.filter(id=kept.pk).exclude(history_type="+").exists()


def _write(folder, networks, aliases):
    folder.mkdir()
    (folder / "networks.csv").write_text("slug,name_en,type,aliases\n" + networks, encoding="utf-8")
    (folder / "network_aliases.csv").write_text(HEADER + aliases, encoding="utf-8")
    return folder


def test_both_files_in_one_import_apply_whole_when_the_cell_names_every_alias_of_the_table(ejn, tmp_path):
    NetworkAlias.objects.create(network=ejn, name="Old", kind="former")
    folder = _write(
        tmp_path / "files",
        "ejn,European Judicial Network,judicial,RJE;Red Judicial Europea\n",
        "ejn,Red Judicial Europea,es,official,\ncarin,Réseau CARIN,fr,variant,\n",
    )
    call_command("import_catalogue", folder, verbosity=0)
    assert _aliases() == [
        ("carin", "Réseau CARIN", "fr", "variant", ""),
        ("ejn", "RJE", "", "variant", ""),
        ("ejn", "Red Judicial Europea", "es", "official", ""),
    ]


def test_both_files_in_one_import_are_refused_when_the_table_names_an_alias_the_cell_leaves_out(ejn, tmp_path):
    alias = NetworkAlias.objects.create(network=ejn, name="Red Judicial Europea", kind="variant")
    folder = _write(
        tmp_path / "files",
        "ejn,European Judicial Network,judicial,RJE\n",
        "ejn,Red Judicial Europea,es,official,\n",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_catalogue", folder, verbosity=0)
    assert (
        'network_aliases.csv, row 2, column "name": networks.csv row 2 lists the aliases of ejn without this name'
        in str(error.value)
    )
    assert list(NetworkAlias.objects.values_list("pk", "name", "kind")) == [(alias.pk, alias.name, "variant")]


def test_the_table_comes_right_after_networks_and_the_command_finds_it_by_name_or_header(ejn, tmp_path):
    assert RESOURCES.index(NetworkAliasResource) == RESOURCES.index(NetworkResource) + 1
    (tmp_path / "aliases-2026.csv").write_text(HEADER + "ejn,RJE,fr,acronym,\n", encoding="utf-8")
    call_command("import_catalogue", tmp_path / "aliases-2026.csv", verbosity=0)  # by its columns
    assert _aliases() == [("ejn", "RJE", "fr", "acronym", "")]


def test_the_export_writes_every_alias_with_its_language_kind_note_and_revision(ejn):
    NetworkAlias.objects.create(network=ejn, name="=RJE", language="fr", kind="acronym", note="formula-like")
    headers, rows = read_table("".join(table_csv(NetworkAliasResource(everything=True))).encode())
    ejn.refresh_from_db()
    assert headers == ["network_slug", "name", "language", "kind", "note", "revision"]
    assert rows == [["ejn", "=RJE", "fr", "acronym", "formula-like", str(ejn.revision)]]


def test_the_admin_previews_and_imports_a_network_aliases_file(ejn, admin_client):
    url = reverse("admin:networks_networkalias_import")
    upload = SimpleUploadedFile("network_aliases.csv", (HEADER + "ejn,RJE,xx-!!,,\n").encode(), "text/csv")
    page = html.unescape(admin_client.post(url, {"format": "0", "import_file": upload}).content.decode())
    assert "<td>2</td><td>language</td>" in page and "“xx-!!” is not a language tag" in page
    upload = SimpleUploadedFile("network_aliases.csv", (HEADER + "ejn,RJE,fr,acronym,\n").encode(), "text/csv")
    response = admin_client.post(url, {"format": "0", "import_file": upload})
    confirm = response.context["confirm_form"].initial
    assert admin_client.post(reverse("admin:networks_networkalias_process_import"), confirm).status_code == 302
    assert _aliases() == [("ejn", "RJE", "fr", "acronym", "")]
