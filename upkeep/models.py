"""Change sets: one row per save (who, when, why), to which every history row written during it points."""

from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.wording import worded

# The ChangeSet open in this thread or task, set by upkeep.changesets.recording.
OPEN_CHANGE_SET = ContextVar("open_change_set", default=None)


def open_change_set_id():
    """The pk of the change set open now, or None: the default of every history row's `change_set`."""
    change_set = OPEN_CHANGE_SET.get()
    if change_set is None:
        return None
    change_set.recorded = True  # a history row is being written in it (see upkeep.admin.RecordedAdminMixin)
    return change_set.pk


class ChangeSet(models.Model):
    """Everything saved in one go: an editor's save, an import, an accepted proposal, a revert."""

    class SystemReason(models.TextChoices):
        """A reason the registry writes itself, kept as what it says: each label is its wording, filled with the
        change set's `reason_values` in the reader's language (`shown_reason`)."""

        REVERTED_TO_VERSION = "reverted_to_version", _("Reverted to its version of %(when)s")
        REQUEST_ACCEPTED = "request_accepted", _("Change request #%(id)s, accepted after review")
        CONFIRMED = "confirmed", _("Confirmed as still correct by the network")
        IMPORTED = "imported", _("Imported from %(files)s")

    created = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_sets",
    )
    reason = models.TextField(_("reason"), blank=True)  # a system reason's English wording: what searches read
    system_reason = models.CharField(
        _("system reason"), max_length=24, choices=SystemReason.choices, blank=True, default=""
    )
    reason_values = models.JSONField(_("reason's values"), default=dict, blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposer_email = models.EmailField(_("proposed by (e-mail)"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reverts = models.ForeignKey(
        "self",
        verbose_name=_("reverts"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reverted_by",
    )

    class Meta:
        verbose_name_plural = _("change sets")
        ordering = ["-created", "-id"]
        verbose_name = _("change set")
        indexes = [
            # The catalogue-wide timeline (/changes/ and its feed): newest first.
            models.Index(fields=["-created", "-id"], name="upkeep_changeset_newest"),
        ]

    def __str__(self):
        when = timezone.localtime(self.created).strftime("%Y-%m-%d %H:%M")
        reason = self.shown_reason()
        return f"{when}: {reason}" if reason else when

    def shown_reason(self):
        """The reason in the active language: a system reason worded from its values, else the person's own words."""
        return worded(self.SystemReason, self.system_reason, self.reason_values, self.reason)


class ChangeSetRecord(models.Model):
    """Base of the history models (HistoricalRecords(bases=[ChangeSetRecord])): the change set a row was written in.

    The field's default reads the open change set, so rows written by simple-history's bulk helpers
    (imports, loaders) are linked too, without its signals.
    """

    change_set = models.ForeignKey(
        ChangeSet,
        verbose_name=_("change set"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        default=open_change_set_id,
        related_name="+",
    )

    class Meta:
        abstract = True
