"""A record of every import the secretariat applied: who, which file, which table, what it changed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    class Via(models.TextChoices):
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Command line")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        verbose_name=_("user"),
    )
    via = models.CharField(max_length=8, choices=Via.choices, verbose_name=_("via"))
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("table"))
    rows_new = models.PositiveIntegerField(_("new"))
    rows_updated = models.PositiveIntegerField(_("updated"))
    rows_unchanged = models.PositiveIntegerField(_("unchanged"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        ordering = ["-created", "-pk"]
        indexes = [
            # The admin's list of imports, newest first.
            models.Index(fields=["-created"], name="exchange_import_created_idx"),
        ]

    def __str__(self):
        return gettext("%(file)s into %(table)s (%(when)s)") % {
            "file": self.file_name,
            "table": self.content_type.name,
            "when": f"{self.created:%Y-%m-%d %H:%M}",
        }


class PendingImport(models.Model):
    """An uploaded file between its preview and its confirmation, and nowhere else.

    The admin's import reads an upload, previews it, and keeps it only when it could be applied:
    here, in the database, where erasure can reach it (`uploads.pending_imports_discard`), never
    in a temporary folder. It is deleted when the import is confirmed, whatever the outcome; when
    the same user uploads another file for the same table; and once IMPORT_PENDING_MINUTES pass.
    """

    token = models.CharField(
        max_length=32, unique=True, verbose_name=_("token")
    )  # random, the only name the confirm form carries
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    data = models.BinaryField(verbose_name=_("data"))
    # {network pk: revision} of the networks whose rows the preview showed changing: a network that
    # changes before the confirmation makes its rows conflicts (services.catalogue_import, `previewed`).
    revisions = models.JSONField(default=dict, verbose_name=_("revisions"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type"], name="exchange_pending_one_per_user_and_table"),
        ]
        indexes = [
            # Expired uploads, deleted at every preview and confirmation.
            models.Index(fields=["created"], name="exchange_pending_created_idx"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.user}, {self.created:%Y-%m-%d %H:%M})"
