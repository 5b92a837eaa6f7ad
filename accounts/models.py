"""Who edits which network, and an audit trail of acts that leave no other trace (erasures)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.constraints import ConstraintErrorsMixin
from registry.labels import related_label


class NetworkEditor(ConstraintErrorsMixin, models.Model):
    """A practitioner who may edit one network's entry, members, relations and contacts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_assignments", verbose_name=_("user")
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="editors", verbose_name=_("network")
    )
    review_required = models.BooleanField(
        _("changes held for review"),
        default=False,
        help_text=_("Off: the editor's changes are published at once. On: each save waits in the review queue."),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    constraint_fields = {"accounts_networkeditor_unique": "network"}

    class Meta:
        verbose_name = _("network editor")
        verbose_name_plural = _("network editors")
        ordering = ["network__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"],
                name="accounts_networkeditor_unique",
                violation_error_code="accounts_networkeditor_unique",
                violation_error_message=_("This user already edits this network."),
            ),
        ]
        permissions = [
            ("secretariat", "Acts for the secretariat: every network, erasure, staleness dashboard"),
        ]

    def __str__(self):
        return gettext("%(user)s edits %(network)s") % {
            "user": related_label(self, "user"),
            "network": related_label(self, "network"),
        }


class AuditEvent(models.Model):
    """An act recorded without personal data: an erased contact point or liaison contact keeps only this trace."""

    class Kind(models.TextChoices):
        CONTACT_ERASED = "contact_erased", _("Contact point erased")
        LIAISON_CONTACT_ERASED = "liaison_contact_erased", _("Liaison contact erased")

    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        help_text=_("The member of the secretariat who acted; empty for the command line."),
        verbose_name=_("actor"),
    )
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        verbose_name=_("network"),
    )
    object_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text=_("Former id of the erased record, so that a restored backup can be erased again."),
        verbose_name=_("object id"),
    )
    detail = models.CharField(
        max_length=200, blank=True, help_text=_("Counts only, never names or addresses."), verbose_name=_("detail")
    )

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [
            # The audit list, newest first.
            models.Index(fields=["-at"], name="accounts_auditevent_at_idx"),
        ]

    def __str__(self):
        return gettext("%(kind)s #%(id)s on %(when)s") % {
            "kind": self.get_kind_display(),
            "id": self.object_id,
            "when": f"{self.at:%Y-%m-%d %H:%M}",
        }
