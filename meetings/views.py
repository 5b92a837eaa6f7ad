"""The public meetings calendar: /meetings/, and its iCalendar feeds for all networks or one."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from library.models import Document
from library.views import year_choices
from networks.models import Network

from .calendar import meetings_calendar
from .filters import MeetingFilter
from .models import Meeting


def visible_meetings(user):
    """Meetings `user` may see, with their networks and the outcome documents `user` may see (three queries)."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("source")
        .prefetch_related(
            "networks",
            Prefetch("outcome_documents", queryset=Document.objects.visible_to(user), to_attr="visible_outcomes"),
        )
    )


def meeting_list(request):
    """Upcoming meetings (soonest first), then past ones by year (latest first); five queries for a visitor.

    Meetings, their networks, their outcome documents, the networks and the years offered in the
    filters; a network filter reads that network once more. Practitioners-only meetings are left out
    by `visible_to`, before any filter or search sees them.
    """
    visible = Meeting.objects.visible_to(request.user)
    filterset = MeetingFilter(request.GET or None, queryset=visible_meetings(request.user))
    today = timezone.localdate()
    meetings = list(filterset.qs.order_by("start", "title"))
    network = filterset.chosen_network()
    context = {
        "upcoming": [meeting for meeting in meetings if meeting.end >= today],
        "past": [meeting for meeting in reversed(meetings) if meeting.end < today],
        "filter": filterset,
        "messages_list": filterset.messages(),
        "network": network,
        "feed_url": reverse("network-meetings-ics", args=[network.slug]) if network else reverse("meetings-ics"),
        "network_options": Network.objects.filter(meetings__in=visible).name_choices(),
        "year_options": year_choices(day.year for day in visible.dates("start", "year")),
        "values": {name: request.GET.get(name, "")[:200] for name in ("network", "year", "q")},
    }
    return render(request, "meetings/meeting_list.html", context)


def meetings_ics(request, slug=None):
    """Every meeting the viewer may see as an iCalendar feed, or those of one network (three or four queries)."""
    meetings = visible_meetings(request.user).order_by("start", "title")
    name = _("Meetings of international cooperation networks")
    if slug is not None:
        network = get_object_or_404(Network.objects.public(), slug=slug)
        meetings = meetings.filter(networks=network)
        name = _("Meetings of %(network)s") % {"network": network.acronym or network.name}
    body = meetings_calendar(
        meetings,
        name=name,
        host=request.get_host().split(":")[0],
        page_url=request.build_absolute_uri(reverse("meeting-list")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
