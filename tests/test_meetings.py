"""The meetings calendar: /meetings/, its iCalendar feeds, the network page's section and the admin's rules."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from library.audience import Audience
from meetings.models import Meeting

from .factories import make_document, make_meeting, make_network, make_practitioner, make_secretariat_member

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["SUMMARY"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


def test_upcoming_meetings_come_first_soonest_first_then_past_ones_latest_first(client):
    network = make_network()
    for title, start in [("Later", 40), ("Sooner", 10), ("Long ago", -400), ("Lately", -20), ("Now", -1)]:
        make_meeting(network, title=title, start=_days(start), end=_days(start + 1))
    response = client.get(reverse("meeting-list"))
    assert [m.title for m in response.context["upcoming"]] == ["Now", "Sooner", "Later"]
    assert [m.title for m in response.context["past"]] == ["Lately", "Long ago"]
    body = response.content.decode()
    assert body.index("Later") < body.index("Lately")


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    networks = [make_network() for _ in range(3)]
    for i in range(6):
        report = make_document(networks[i % 3])
        make_meeting(*networks[: 1 + i % 3], start=_days(i * 30 - 90), outcome_documents=[report])
    # 1 meetings with their source, 2 their networks, 3 their outcome documents (as the viewer may see them),
    # 4 the networks offered in the filter, 5 the years offered
    with django_assert_num_queries(5):
        client.get(reverse("meeting-list"))
    # and 6: the network named in the filter
    with django_assert_num_queries(6):
        client.get(reverse("meeting-list"), {"network": networks[0].slug, "year": str(TODAY.year), "q": "meeting"})


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"network": "ejn"}, {"EJN plenary", "Joint meeting"}),
        ({"network": "carin"}, {"Joint meeting"}),
        ({"network": "sahel"}, {"Bamako launch", "Focal points"}),
        ({"year": "2010"}, {"Bamako launch"}),
        ({"year": "2011"}, set()),
        ({"year": "2009"}, {"Focal points"}),
        ({"q": "bamako"}, {"Bamako launch"}),
        ({"q": "plenary hague"}, {"EJN plenary"}),
        ({"q": "nowhere"}, set()),
        ({"q": "réunion"}, {"Focal points"}),
        ({"q": "REUNION saint"}, {"Focal points"}),
        ({"q": "--- !"}, {"EJN plenary", "Joint meeting", "Bamako launch", "Focal points"}),  # no word: no filter
    ],
)
def test_each_filter_selects_what_it_names(client, params, expected):
    ejn, carin, sahel = make_network(slug="ejn"), make_network(slug="carin"), make_network(slug="sahel")
    make_meeting(ejn, title="EJN plenary", place="The Hague", start=datetime.date(2025, 3, 19))
    make_meeting(ejn, carin, title="Joint meeting", start=datetime.date(2024, 9, 25))
    make_meeting(sahel, title="Bamako launch", place="Bamako, Mali", start=datetime.date(2010, 6, 22))
    make_meeting(sahel, title="Focal points", place="Saint-Denis, Réunion", start=datetime.date(2009, 10, 29))
    response = client.get(reverse("meeting-list"), params)
    shown = {m.title for m in response.context["upcoming"] + response.context["past"]}
    assert shown == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"network": "no-such-network"}, "Network: There is no network “no-such-network”. This filter was ignored."),
        ({"year": "٢٠٢٥"}, "Year: Enter a whole number, written with the digits 0 to 9. This filter was ignored."),
        ({"year": "99999999999999999999"}, "This filter was ignored."),
        ({"q": "a\x00b"}, None),
    ],
)
def test_bad_filter_values_are_named_and_ignored_never_a_500(client, params, message):
    make_meeting(title="Kept")
    response = client.get(reverse("meeting-list"), params)
    assert response.status_code == 200
    if message:
        assert any(message in text for text in response.context["messages_list"])
        assert [m.title for m in response.context["past"] + response.context["upcoming"]] == ["Kept"]


def test_the_feed_is_valid_icalendar_with_all_day_events_and_an_exclusive_end(client):
    network = make_network(acronym="EJOCN")
    make_meeting(
        network, title="Launch", start=datetime.date(2024, 9, 25), end=datetime.date(2024, 9, 26), place="The Hague"
    )
    make_meeting(network, title="One day", start=datetime.date(2012, 10, 30), online=True)
    calendar = Calendar.from_ical(client.get(reverse("meetings-ics")).content)
    assert str(calendar["VERSION"]) == "2.0" and "Networks Registry" in str(calendar["PRODID"])
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    launch = events["Launch"]
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert required in launch
    assert launch.decoded("DTSTART") == datetime.date(2024, 9, 25)
    assert type(launch.decoded("DTSTART")) is datetime.date  # all day: a DATE, not a DATE-TIME
    assert launch.decoded("DTEND") == datetime.date(2024, 9, 27)  # the day after the last day
    assert launch.decoded("DTSTAMP").tzinfo is not None  # DTSTAMP is in UTC
    assert launch.decoded("LAST-MODIFIED") == Meeting.objects.get(title="Launch").updated.replace(microsecond=0)
    assert str(launch["UID"]) != str(events["One day"]["UID"])
    assert events["One day"].decoded("DTEND") == datetime.date(2012, 10, 31)
    assert str(events["One day"]["LOCATION"]) == "online"
    assert str(launch["CATEGORIES"].to_ical().decode()) == "EJOCN"


def test_a_uid_stays_the_same_when_the_meeting_changes(client):
    meeting = make_meeting(title="Plenary")
    before = str(_events(client.get(reverse("meetings-ics")))["Plenary"]["UID"])
    meeting.start = meeting.end = datetime.date(2025, 4, 1)
    meeting.save()
    assert str(_events(client.get(reverse("meetings-ics")))["Plenary"]["UID"]) == before


def test_a_networks_feed_holds_its_meetings_only(client, django_assert_num_queries):
    ejn, other = make_network(slug="ejn"), make_network()
    make_meeting(ejn, title="Ours")
    make_meeting(other, title="Theirs")
    # 1 the network, 2 its meetings with their source, 3 their networks, 4 their outcome documents
    with django_assert_num_queries(4):
        response = client.get(reverse("network-meetings-ics", args=["ejn"]))
    assert set(_events(response)) == {"Ours"}
    assert client.get(reverse("network-meetings-ics", args=["no-such-network"])).status_code == 404


def test_practitioners_only_meetings_reach_practitioners_only(client):
    network = make_network()
    make_meeting(network, title="Open meeting")
    make_meeting(network, title="Closed session", audience=Audience.PRACTITIONERS)
    pages = [reverse("meeting-list"), reverse("network-detail", args=[network.slug])]
    feeds = [reverse("meetings-ics"), reverse("network-meetings-ics", args=[network.slug])]
    for url in pages + feeds:
        body = client.get(url).content.decode()
        assert "Open meeting" in body and "Closed session" not in body, url
    assert "Closed session" not in client.get(reverse("meeting-list"), {"q": "closed"}).content.decode()
    client.force_login(make_practitioner())
    for url in pages + feeds:
        assert "Closed session" in client.get(url).content.decode(), url
    assert "CLASS:CONFIDENTIAL" in client.get(feeds[0]).content.decode()


def test_a_network_page_lists_its_meetings_and_documents(client):
    network = make_network()
    make_meeting(network, title="First plenary", start=datetime.date(2025, 3, 19), end=datetime.date(2025, 3, 20))
    make_document(network, title="Practical guide", languages="en;fr", url="https://example.org/guide")
    response = client.get(reverse("network-detail", args=[network.slug]))
    body = response.content.decode()
    # Two days of one month: the month and year said once ("19–20 March 2025").
    assert "First plenary" in body
    assert '<time datetime="2025-03-19">19</time>–<time datetime="2025-03-20">20 March 2025</time>' in body
    assert '<a href="https://example.org/guide" rel="noopener">Practical guide</a>' in body
    assert reverse("network-meetings-ics", args=[network.slug]) in body


def test_a_meeting_cannot_end_before_it_starts_in_the_admin(client):
    client.force_login(make_secretariat_member())
    data = {
        "title": "Backwards", "slug": "backwards", "kind": "other", "start": "2025-03-20", "end": "2025-03-19",
        "precision": "day", "audience": "public", "networks": [make_network().pk],
    }  # fmt: skip
    response = client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.context["adminform"].form.errors["end"] == ["A meeting cannot end before it starts."]
    assert not Meeting.objects.exists()


def test_saving_a_meeting_gives_the_catalogue_a_new_version(client):
    from pagecache.invalidation import catalogue_version

    before = catalogue_version()
    make_meeting()
    assert catalogue_version() != before


def test_a_meetings_history_records_its_networks(client):
    ejn, carin = make_network(), make_network()
    meeting = make_meeting(ejn)
    meeting.networks.add(carin)
    latest = meeting.history.order_by("-history_id").first()
    assert {row.network_id for row in latest.networks.all()} == {ejn.pk, carin.pk}


def test_the_whole_feed_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(4):
        make_meeting(make_network(), make_network(), outcome_documents=[make_document()])
    # 1 meetings with their source, 2 their networks, 3 their outcome documents
    with django_assert_num_queries(3):
        client.get(reverse("meetings-ics"))


def test_an_editor_sees_and_edits_their_networks_meetings_only(client):
    from .factories import make_network_editor

    own, other = make_network(), make_network()
    client.force_login(make_network_editor(own))
    ours, theirs = make_meeting(own, title="Ours"), make_meeting(other, title="Theirs")
    listed = client.get(reverse("admin:meetings_meeting_changelist")).context["cl"].result_list
    assert [m.title for m in listed] == ["Ours"]
    assert client.get(reverse("admin:meetings_meeting_change", args=[ours.pk])).status_code == 200
    assert client.get(reverse("admin:meetings_meeting_history", args=[theirs.pk])).status_code == 403


def test_a_meeting_of_the_registry_itself_needs_no_network(client):
    meeting = Meeting.objects.create(
        slug="annual-2027", title="Annual meeting of networks", kind=Meeting.Kind.ANNUAL_NETWORKS,
        start=_days(30), end=_days(30), online=True,
    )  # fmt: skip
    assert [m.title for m in client.get(reverse("meeting-list")).context["upcoming"]] == [meeting.title]
    event = _events(client.get(reverse("meetings-ics")))["Annual meeting of networks"]
    assert "CATEGORIES" not in event


def test_a_meeting_form_opened_before_someone_else_saved_is_refused(client):
    from .admin_forms import form_data

    meeting = make_meeting(title="Plenary")
    client.force_login(make_secretariat_member())
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    stale = form_data(client.get(url))
    meeting.place = "The Hague"
    meeting.save()  # someone else's save, after the form was opened
    response = client.post(url, {**stale, "title": "Plenary (renamed)"})
    assert response.status_code == 200
    assert "The Hague" in response.content.decode()  # the refusal lists what changed meanwhile
    assert Meeting.objects.get(pk=meeting.pk).title == "Plenary"
