"""Invitations to become a network's editor, and the reminders that ask editors to confirm their entry."""

import calendar
import datetime
import secrets

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.constraints import ConstraintErrorsMixin
from registry.languages import language_field


def canonical_email(address):
    """`address` as an invitation stores it: as Django stores a user's (the domain in lower case), with an
    internationalised domain in Unicode whichever way it was written ("xn--bcher-kva.example" is "bücher.example"),
    so that one mailbox is one address. A domain that is not valid IDNA is kept as written, for the validator."""
    normalized = BaseUserManager.normalize_email(address)
    local, _at, domain = normalized.rpartition("@")
    if "xn--" not in domain:
        return normalized
    try:
        return f"{local}@{domain.encode('ascii').decode('idna').lower()}"
    except UnicodeError:
        return normalized


def ascii_email(address):
    """`address` with its domain in ASCII (punycode), as mail servers and some accounts hold it; itself if it
    cannot be."""
    local, at, domain = address.rpartition("@")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}" if at else address
    except UnicodeError:
        return address


def new_nonce():
    return secrets.token_urlsafe(16)


def months_before(day, months):
    """The same day `months` calendar months before `day` (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def reminder_cutoff(today=None):
    """Entries confirmed before this date are due for a reminder (REMINDER_INTERVAL_MONTHS, default 6)."""
    return months_before(today or timezone.localdate(), settings.REMINDER_INTERVAL_MONTHS)


class InvitationQuerySet(models.QuerySet):
    def expiry_cutoff(self):
        return timezone.now() - datetime.timedelta(days=settings.INVITATION_DAYS)

    def open(self):
        """Sent, neither accepted nor revoked, and not expired: the link works."""
        return self.filter(state=Invitation.State.SENT, sent_at__gte=self.expiry_cutoff())

    def expired(self):
        return self.filter(state=Invitation.State.SENT, sent_at__lt=self.expiry_cutoff())


class Invitation(ConstraintErrorsMixin, models.Model):
    """An e-mail asking someone to set a password and become the editor of one network.

    The link carries the invitation's id and nonce, signed with a timestamp (django.core.signing):
    resending draws a new nonce, so only the latest link works, and accepting or revoking closes it.
    An address is one address whatever its case: it is stored as Django stores a user's (the domain in
    lower case), matched to accounts without regard to case, and has one invitation in waiting per network.
    """

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("network")
    )
    email = models.EmailField(
        help_text=_("The representative's address; the link goes there."), verbose_name=_("email")
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENT, verbose_name=_("state"))
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False, verbose_name=_("nonce"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))
    times_sent = models.PositiveSmallIntegerField(default=1, verbose_name=_("times sent"))
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was accepted or revoked."), verbose_name=_("closed at")
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    language = language_field(_("The language the invitation is written in."))

    objects = InvitationQuerySet.as_manager()
    constraint_fields = {"outreach_invitation_one_waiting_per_address": "email"}

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        indexes = [
            # The invitations list, newest first, filtered by state (sent / accepted / revoked; expired by date).
            models.Index(fields=["state", "-sent_at"], name="outreach_invitation_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="sent") | Q(closed_at__isnull=False),
                name="outreach_invitation_closed_has_date",
                violation_error_code="outreach_invitation_closed_has_date",
                violation_error_message=_("An accepted or revoked invitation needs the date it was closed."),
            ),
            # "Ana@Example.org" and "ana@example.org" are one person: one invitation in waiting per network (an
            # expired one is still in waiting: it is sent again, or revoked, from the list).
            models.UniqueConstraint(
                Lower("email"),
                "network",
                condition=Q(state="sent"),
                name="outreach_invitation_one_waiting_per_address",
                violation_error_code="outreach_invitation_one_waiting_per_address",
                violation_error_message=_(
                    "This address already has an invitation to this network waiting (or expired): send it again, "
                    "or revoke it, from the list of invitations."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.network_id and self.network}"

    def clean(self):
        super().clean()
        self.email = canonical_email(self.email)

    @property
    def expires_at(self):
        return self.sent_at + datetime.timedelta(days=settings.INVITATION_DAYS)

    @property
    def status(self):
        """What the invitations list shows: sent, accepted, revoked or expired."""
        if self.state == self.State.SENT and self.expires_at < timezone.now():
            return _("Expired")
        return self.get_state_display()


class Reminder(models.Model):
    """One reminder e-mail to one editor of a network (send_reminders), and whether they answered."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("network")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    email = models.EmailField(help_text=_("The address it was sent to."), verbose_name=_("email"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))
    answered_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the recipient confirmed the entry through the reminder."),
        verbose_name=_("answered at"),
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        indexes = [
            # send_reminders: "was this network reminded within the interval?"; the dashboard's last reminder.
            models.Index(fields=["network", "-sent_at"], name="outreach_reminder_network_idx"),
        ]

    def __str__(self):
        return f"{self.email}, {self.sent_at:%Y-%m-%d}"


def with_outreach(networks, today=None):
    """`networks` with what the staleness dashboard shows of outreach: `last_reminder` (a datetime or None),
    `confirmed_by` loaded, and `unanswered`, the reminders of the current interval nobody answered
    (two queries in all: the list and the reminders)."""
    since = timezone.make_aware(datetime.datetime.combine(reminder_cutoff(today), datetime.time.min))
    latest = Reminder.objects.filter(network=models.OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
    return (
        networks.select_related("confirmed_by")
        .annotate(last_reminder=models.Subquery(latest))
        .prefetch_related(
            models.Prefetch(
                "reminders",
                queryset=Reminder.objects.filter(answered_at__isnull=True, sent_at__gte=since).order_by("email"),
                to_attr="unanswered",
            )
        )
    )
