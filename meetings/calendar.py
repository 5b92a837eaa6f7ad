"""Meetings as an iCalendar file (RFC 5545), built with the icalendar library.

Each meeting is an all-day event: DTSTART and DTEND are dates and DTEND is the day after the last
day (exclusive, RFC 5545 3.6.1), which Google Calendar, Outlook and Apple Calendar all read so. UID is
the meeting's slug at the registry's host, so a client updates an event instead of duplicating it;
DTSTAMP and LAST-MODIFIED are the meeting's last change.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODUCT_ID = "-//Networks Registry//Meetings calendar//EN"


def meetings_calendar(meetings, *, name, host, page_url):
    """The iCalendar bytes of `meetings` (with their networks and source loaded)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, host=host, page_url=page_url))
    return calendar.to_ical()


def _event(meeting, *, host, page_url):
    event = Event()
    event.add("uid", f"meeting-{meeting.slug}@{host}")
    event.add("dtstamp", meeting.updated or timezone.now())
    if meeting.updated:
        event.add("last-modified", meeting.updated)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end_exclusive())
    event.add("summary", meeting.title)
    if meeting.where():
        event.add("location", meeting.where())
    networks = [network.acronym or network.name for network in meeting.networks.all()]
    if networks:
        event.add("categories", networks)
    lines = [meeting.description] if meeting.description else []
    if networks:
        lines.append(_("Networks: %(networks)s") % {"networks": ", ".join(networks)})
    if meeting.precision == meeting.Precision.MONTH:
        lines.append(_("The source gives the month, not the days."))
    if meeting.source:
        lines.append(_("Source: %(source)s") % {"source": meeting.source.title})
    if lines:
        event.add("description", "\n\n".join(lines))
    event.add("url", f"{page_url}#{meeting.slug}")
    event.add("class", "PUBLIC" if meeting.audience == "public" else "CONFIDENTIAL")
    event.add("transp", "TRANSPARENT")
    return event
