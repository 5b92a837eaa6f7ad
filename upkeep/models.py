"""Change sets: one row per save (who, when, why), to which every history row written during it points."""

from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    created = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_sets",
    )
    reason = models.TextField(_("reason"), blank=True)
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
        return f"{when}: {self.reason}" if self.reason else when


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
