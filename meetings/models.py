"""The meetings calendar: meetings and events of one or several networks, the annual meeting of networks included."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from library.audience import Audience, AudienceQuerySet
from library.models import Document
from networks.models import Network, Source
from registry.choices import ChoiceLabels
from registry.constraints import ConstraintErrorsMixin
from registry.slugs import LowercaseSlugField
from registry.translated import DEFAULT_LANGUAGE
from upkeep.models import ChangeSetRecord


class MeetingQuerySet(AudienceQuerySet):
    def upcoming(self, today=None):
        """Meetings not yet over, soonest first."""
        today = today or timezone.localdate()
        return self.filter(end__gte=today).order_by("start", "title")

    def past(self, today=None):
        """Meetings over, latest first."""
        today = today or timezone.localdate()
        return self.filter(end__lt=today).order_by("-start", "title")


class Meeting(ConstraintErrorsMixin, ChoiceLabels):
    """A meeting or event: when, where (or online), whose, for whom, what came out of it, and who says so."""

    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Launch")
        PLENARY = "plenary", _("Plenary meeting")
        FOCAL_POINTS = "focal_points", _("Meeting of focal points")
        ANNUAL_NETWORKS = "annual_networks", _("Annual meeting of networks")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month only")

    slug = LowercaseSlugField(max_length=120, unique=True, verbose_name=_("slug"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind"))
    start = models.DateField(verbose_name=_("start"))
    end = models.DateField(
        help_text=_("The last day (the same as the first for a one-day meeting)."), verbose_name=_("end")
    )
    precision = models.CharField(
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "“Month only” when a source gives the month but not the days: give the month's first and last day."
        ),
        verbose_name=_("precision"),
    )
    place = models.CharField(
        max_length=200, blank=True, help_text=_("City and country, e.g. Bamako, Mali."), verbose_name=_("place")
    )
    online = models.BooleanField(default=False, verbose_name=_("online"))
    networks = models.ManyToManyField(
        Network,
        blank=True,
        related_name="meetings",
        help_text=_("None for a meeting of the registry itself, such as the annual meeting of networks."),
        verbose_name=_("networks"),
    )
    audience = models.CharField(
        max_length=14, choices=Audience.choices, default=Audience.PUBLIC, verbose_name=_("audience")
    )
    outcome_documents = models.ManyToManyField(
        Document, blank=True, related_name="meetings", verbose_name=_("outcome documents")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("source")
    )
    source_section = models.CharField(
        max_length=120, blank=True, help_text=_("Section or page of the source."), verbose_name=_("source section")
    )
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    history = HistoricalRecords(
        bases=[ChangeSetRecord], m2m_fields=[networks, outcome_documents], excluded_fields=["updated"]
    )
    objects = MeetingQuerySet.as_manager()
    constraint_fields = {"meetings_meeting_ends_after_start": "end"}
    # The registry's own words, written in English as its sources give them (registry.translated.text_language).
    text_languages = {"title": DEFAULT_LANGUAGE, "place": DEFAULT_LANGUAGE, "description": DEFAULT_LANGUAGE}

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="meetings_meeting_ends_after_start",
                violation_error_code="meetings_meeting_ends_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
        ]
        indexes = [
            # /meetings/: upcoming (end >= today) and past (end < today) meetings in date order.
            models.Index(fields=["end", "start"], name="meetings_end_start_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.start:%Y-%m-%d})" if self.start else self.title

    def get_absolute_url(self):
        return f"{reverse('meeting-list')}#{self.slug}"

    def where(self):
        """The place, "online", both, or ""."""
        return ", ".join([*([self.place] if self.place else []), *([str(_("online"))] if self.online else [])])

    def end_exclusive(self):
        """The day after the last day: iCalendar's DTEND of an all-day event (RFC 5545, 3.6.1)."""
        return self.end + datetime.timedelta(days=1)
