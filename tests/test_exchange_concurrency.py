"""Imports interleaved with other writers on PostgreSQL (issue 11, point 5): nothing saved is lost.

Real transactions in threads: an import is stopped between reading the catalogue and writing
(or while it holds its row locks), the other writer commits (or waits), then the import goes on.
Skipped on SQLite, which lets one writer at a time into the whole database: its transactions
cannot interleave their writes, so there is nothing to show there.
"""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from exchange import services
from exchange.formats import read_table
from exchange.resources import NetworkResource
from exchange.services import catalogue_import
from networks.models import Network

from .admin_forms import form_data as _form_data
from .factories import make_network

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time: no interleaving"),
]
WAIT = 30  # seconds before a stuck test fails instead of hanging


def _import(text):
    headers, rows = read_table(text.encode(), "networks.csv")
    (report,) = catalogue_import(tables=[(NetworkResource, "networks.csv", headers, rows)])
    return report


class StoppedImport(threading.Thread):
    """An import run in a thread of its own that stops before (`holding=False`) or after it locks its rows."""

    def __init__(self, monkeypatch, text, *, holding):
        super().__init__(name=f"import-{id(self)}")
        self.text, self.holding, self.report, self.error = text, holding, None, None
        self.stopped, self.resume = threading.Event(), threading.Event()
        real = services.rows_lock

        def rows_lock(*args):
            if threading.current_thread() is not self:
                return real(*args)
            locked = real(*args) if self.holding else None
            self.stopped.set()
            assert self.resume.wait(WAIT)
            return locked if self.holding else real(*args)

        monkeypatch.setattr(services, "rows_lock", rows_lock)

    def run(self):
        try:
            self.report = _import(self.text)
        except Exception as error:  # reported by finish()
            self.error = error
        finally:
            connections.close_all()

    def __enter__(self):
        self.start()
        assert self.stopped.wait(WAIT), "the import never reached its writes"
        return self

    def __exit__(self, *exc):
        self.resume.set()
        self.join(WAIT)
        assert not self.is_alive() and self.error is None, self.error
        assert not self.report.problems, [str(p) for p in self.report.problems]


def _waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def ejn():
    make_network(slug="carin", name="CARIN", description="Carin's")
    return make_network(slug="ejn", name="European Judicial Network", acronym="", description="Old description")


# Changes EJN's acronym only; CARIN's row changes a description, so the file as a whole writes that column.
ACRONYM = (
    "slug,name,type,acronym,description\n"
    "ejn,European Judicial Network,judicial,EJN,Old description\ncarin,CARIN,judicial,,Carin's rewritten\n"
)
DESCRIPTION = "slug,name,type,acronym,description\nejn,European Judicial Network,judicial,,New description\n"


def test_two_interleaved_imports_keep_each_others_cells(monkeypatch, ejn):
    with StoppedImport(monkeypatch, ACRONYM, holding=False):
        assert _import(DESCRIPTION).counts["updated"] == 1  # commits while the first import waits
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("EJN", "New description")


def test_an_import_waits_for_one_that_holds_its_rows_then_keeps_its_cells(monkeypatch, ejn):
    second = threading.Thread(target=lambda: (_import(DESCRIPTION), connections.close_all()))
    with StoppedImport(monkeypatch, ACRONYM, holding=True):
        second.start()
        for _attempt in range(WAIT * 10):  # the second import blocks on the first one's row lock
            if _waiting_for_a_lock():
                break
            threading.Event().wait(0.1)
        assert _waiting_for_a_lock() == 1
    second.join(WAIT)
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("EJN", "New description")


def test_an_import_interleaved_with_an_admin_save_of_another_field_loses_nothing(
    monkeypatch, ejn, client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("sec", "sec@example.org", "x"))
    url = reverse("admin:networks_network_change", args=[ejn.pk])
    revision = Network.objects.get(pk=ejn.pk).revision
    with StoppedImport(monkeypatch, ACRONYM, holding=False):
        data = _form_data(client.get(url))
        data["description_en"] = "Saved in the admin meanwhile"
        assert client.post(url, data).status_code == 302
    ejn.refresh_from_db()
    assert (ejn.acronym, ejn.description) == ("EJN", "Saved in the admin meanwhile")
    assert ejn.revision >= revision + 2  # the admin save and the import each moved it on
    # The import's history row shows the entry as stored, not as the import first read it.
    assert (ejn.history.latest().acronym, ejn.history.latest().description) == ("EJN", "Saved in the admin meanwhile")


def test_an_import_stops_rather_than_overwrite_a_cell_someone_saved_meanwhile(
    monkeypatch, ejn, client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("sec", "sec@example.org", "x"))
    url = reverse("admin:networks_network_change", args=[ejn.pk])
    stopped = StoppedImport(monkeypatch, ACRONYM, holding=False)
    stopped.start()
    assert stopped.stopped.wait(WAIT)
    data = _form_data(client.get(url))
    data["acronym_en"] = "RJE"
    assert client.post(url, data).status_code == 302
    stopped.resume.set()
    stopped.join(WAIT)
    (problem,) = stopped.report.problems
    assert (problem.row, problem.column) == (2, "acronym")
    assert problem.reason == "was changed by someone else while this file was being imported (now “RJE”)"
    ejn.refresh_from_db()
    assert (ejn.acronym, Network.objects.get(slug="carin").description) == ("RJE", "Carin's")  # nothing imported
