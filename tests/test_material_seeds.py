"""The meetings and documents the five sources date or name, as load_catalogue loads them (real seed catalogue)."""

import datetime
import shutil

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from library.models import Document
from meetings.loading import calendar_and_library_load
from meetings.models import Meeting
from networks.catalogue_files import FIXTURES, CatalogueError
from registry.languages import name_order_key

from .catalogue_loaded import catalogue  # noqa: F401  (module-scoped fixture)

D = datetime.date
IOC = {"jrp-indian-ocean"}


@pytest.fixture(scope="module")
def seeds(catalogue, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        stats = calendar_and_library_load()
        yield stats
        for model in (Meeting, Document):
            model.objects.all().delete()
            model.history.all().delete()


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "networks", "start", "end", "place", "source"),
    [
        (
            "ejocn-launch-2024",
            {"ejocn"},
            D(2024, 9, 25),
            D(2024, 9, 26),
            "The Hague",
            "eurojust-ejocn-focus-group-pages",
        ),
        ("ejocn-plenary-2025", {"ejocn"}, D(2025, 3, 19), D(2025, 3, 20), "", "eurojust"),
        (
            "jrp-indian-ocean-launch-2009",
            IOC,
            D(2009, 6, 10),
            D(2009, 6, 11),
            "Quatre-Bornes",
            "unodc",
        ),
        (
            "jrp-indian-ocean-focal-points-2009",
            IOC,
            D(2009, 10, 29),
            D(2009, 10, 30),
            "Saint-Denis",
            "unodc",
        ),
        (
            "jrp-indian-ocean-third-meeting-2011",
            IOC,
            D(2011, 6, 7),
            D(2011, 6, 8),
            "Port-Louis",
            "unodc",
        ),
        ("jrp-sahel-launch-2010", {"jrp-sahel"}, D(2010, 6, 22), D(2010, 6, 24), "Bamako", "unodc"),
        ("tipp-launch-2012", {"tipp", "iap"}, D(2012, 10, 30), D(2012, 10, 30), "Bangkok", "pc-oc-catalogue-2017"),
        ("refco-first-meeting-2011", {"refco"}, D(2011, 3, 1), D(2011, 3, 31), "", "unodc"),
    ],
)
def test_every_dated_meeting_of_the_sources_is_loaded_with_its_source(seeds, slug, networks, start, end, place, source):
    meeting = Meeting.objects.get(slug=slug)
    assert {n.slug for n in meeting.networks.all()} == networks
    assert (meeting.start, meeting.end) == (start, end)
    assert place in meeting.place
    assert meeting.source.slug.startswith(source)


def test_a_meeting_known_only_by_its_month_says_so(seeds, client):
    assert Meeting.objects.get(slug="refco-first-meeting-2011").precision == Meeting.Precision.MONTH
    body = client.get(reverse("meeting-list"), {"network": "refco"}).content.decode()
    assert '<time datetime="2011-03">March 2011</time>' in body


def test_the_ejocn_launch_links_its_outcome_report(seeds, client):
    launch = Meeting.objects.get(slug="ejocn-launch-2024")
    assert [d.slug for d in launch.outcome_documents.all()] == ["ejocn-launch-outcome-report"]
    body = client.get(reverse("network-detail", args=["ejocn"])).content.decode()
    assert "EJOCN launch event" in body and "Outcome report of the EJOCN launch event" in body


@pytest.mark.parametrize(
    ("network", "kinds"),
    [
        ("jrp-indian-ocean", {"charter", "contact_list", "compendium", "practical_guide"}),
        ("jrp-sahel", {"charter", "contact_list", "practical_guide"}),
        ("ejocn", {"outcome_report"}),
    ],
)
def test_the_documents_the_sources_name_are_in_the_library(seeds, network, kinds):
    documents = Document.objects.filter(networks__slug=network)
    assert {d.kind for d in documents} == kinds
    assert all(d.source_id for d in documents)


def test_the_library_filters_the_seed_documents(seeds, client):
    def titles(**params):
        return {d.slug for d in client.get(reverse("document-list"), params).context["documents"]}

    assert titles(network="jrp-sahel", kind="charter") == {"jrp-sahel-charter"}
    assert titles(language="en", network="jrp-sahel") == {"jrp-sahel-practical-guide"}
    assert titles(year="2025") == {"ejocn-launch-outcome-report"}
    assert titles(q="compendium") == {"jrp-indian-ocean-compendium"}
    assert titles(network="ejn") == set()


def test_the_whole_feed_of_the_seeds_parses_back(seeds, client):
    calendar = Calendar.from_ical(client.get(reverse("meetings-ics")).content)
    assert len(calendar.walk("VEVENT")) == Meeting.objects.count() == 8


def test_loading_again_changes_nothing_and_keeps_hand_edits(seeds):
    meeting = Meeting.objects.get(slug="jrp-sahel-launch-2010")
    meeting.place = "Bamako (edited by hand)"
    meeting.save()
    stats = calendar_and_library_load()
    assert stats["Meeting"]["kept"] == 1 and stats["Meeting"]["created"] == 0
    assert stats["Document"]["unchanged"] == Document.objects.count()
    assert Meeting.objects.get(slug="jrp-sahel-launch-2010").place == "Bamako (edited by hand)"


def test_a_bad_fixture_row_is_named_by_file_line_and_column(seeds, tmp_path):
    for name in ("documents.csv", "meetings.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    with open(tmp_path / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("pc-oc-mod-2017,PC-OC Mod,other,2017-02-29,2017-03-02,day,,no,no-such-network,public,,,,\n")
    with pytest.raises(CatalogueError) as error:
        calendar_and_library_load(directory=tmp_path)
    text = str(error.value)
    assert "meetings.csv, line 10, column start ('2017-02-29'): not a date" in text
    assert "meetings.csv, line 10, column networks ('no-such-network'): unknown network 'no-such-network'" in text


@pytest.mark.parametrize("page", ["meeting-list", "document-list"])
def test_the_network_choices_are_named_and_sorted_in_the_pages_language(client, seeds, page):
    with translation.override("fr"):
        options = client.get(reverse(page)).context["network_options"]
    names = dict(options)
    assert names["jrp-sahel"] == "Plateforme judiciaire régionale des pays du Sahel"
    assert [name for _slug, name in options] == sorted(names.values(), key=name_order_key)
    with translation.override("en"):
        assert dict(client.get(reverse(page)).context["network_options"])["jrp-sahel"].startswith("Judicial Regional")
