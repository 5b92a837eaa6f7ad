"""Proposed changes to a network's entry: corrections from visitors and held changes of network editors.

A request is its own row with a state (received, question asked, accepted, rejected), who proposed it
and who reviewed it; nothing of it reaches the catalogue until the secretariat accepts it
(corrections.review.change_request_accept), in one transaction.

`changes` is a list of operations on rows of the entry, each a dict:
  {"op": "set", "model": "networks.network", "pk": 3, "field": "website", "old": "...", "new": "..."}
  {"op": "create", "model": "networks.membership", "values": {"network_id": 3, "jurisdiction_id": 7, ...}}
  {"op": "delete", "model": "networks.contactpoint", "pk": 12, "label": "..."}
"old" is the value when the request was made, so that the review shows what changed meanwhile.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from registry.languages import language_field
from registry.wording import english_wording, worded


class ChangeRequestQuerySet(models.QuerySet):
    def waiting(self):
        """The review queue: received, or a question asked and not yet answered by a decision."""
        return self.filter(state__in=[ChangeRequest.State.RECEIVED, ChangeRequest.State.QUESTION])


class ChangeRequest(models.Model):
    class Origin(models.TextChoices):
        VISITOR = "visitor", _("Correction from a visitor")
        EDITOR = "editor", _("Change by a network editor, held for review")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        QUESTION = "question", _("Question asked")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class SystemExplanation(models.TextChoices):
        """An explanation the registry writes itself (registry.wording): each label is its wording, filled with the
        request's `explanation_values` in the reader's language (`shown_explanation`)."""

        SAVED_IN_ADMIN = "saved_in_admin", _("Saved in the administration by %(user)s.")

    class Subject(models.TextChoices):
        FIELD = "field", _("A fact about the network")
        MEMBER_ADD = "member_add", _("A member to add")
        MEMBER_END = "member_end", _("A member that has left")
        CONTACT = "contact", _("A contact point to update")
        OTHER = "other", _("Something else")

    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
        verbose_name=_("network"),
    )
    network_name = models.CharField(
        max_length=250,
        help_text=_("The network's name when proposed (kept if deleted)."),
        verbose_name=_("network name"),
    )
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.VISITOR, verbose_name=_("origin"))
    subject = models.CharField(max_length=12, choices=Subject.choices, default=Subject.FIELD, verbose_name=_("subject"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.RECEIVED, verbose_name=_("state"))
    changes = models.JSONField(default=list, blank=True, verbose_name=_("changes"))
    explanation = models.TextField(
        blank=True, help_text=_("What the proposer says is wrong."), verbose_name=_("explanation")
    )
    system_explanation = models.CharField(
        max_length=24, choices=SystemExplanation.choices, blank=True, default="", verbose_name=_("system explanation")
    )
    explanation_values = models.JSONField(default=dict, blank=True, verbose_name=_("explanation's values"))
    source = models.CharField(
        max_length=500, blank=True, help_text=_("A web address or a document."), verbose_name=_("source")
    )
    proposer_email = models.EmailField(verbose_name=_("proposer email"))
    language = language_field(_("The proposer's language when proposing: the e-mails about it are written in it."))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposer"),
    )
    client_key = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Keyed hash of the sender's address, for rate limits."),
        verbose_name=_("client key"),
    )
    base_revision = models.PositiveIntegerField(
        help_text=_("The entry's revision when the change was proposed."), verbose_name=_("base revision")
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))
    review_note = models.TextField(
        blank=True, help_text=_("The reason of a rejection, or the question asked."), verbose_name=_("review note")
    )
    change_set = models.ForeignKey(
        "upkeep.ChangeSet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("What accepting it saved: the entry's timeline shows it with proposer and reviewer."),
        verbose_name=_("change set"),
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created"]
        indexes = [
            # The review queue (waiting requests, oldest first) and its state filter.
            models.Index(fields=["state", "created"], name="corrections_state_created_idx"),
            # Rate limits: requests from one address, or one e-mail, in the last 24 hours.
            models.Index(fields=["client_key", "created"], name="corrections_client_idx"),
            models.Index(fields=["proposer_email", "created"], name="corrections_email_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["received", "question"]) | models.Q(reviewed_at__isnull=False),
                name="corrections_decided_has_date",
                violation_error_code="corrections_decided_has_date",
                violation_error_message=_("An accepted or rejected request needs the date of the decision."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.network_name}: {self.get_subject_display()}"

    def shown_explanation(self):
        """The explanation in the active language: the registry's own worded from its values, else the proposer's."""
        return worded(self.SystemExplanation, self.system_explanation, self.explanation_values, self.explanation)


def system_explanation(kind, **values):
    """A request's arguments for an explanation the registry writes itself (a ChangeRequest.SystemExplanation and
    its values): kept as what it says, with its English wording as `explanation` (what the admin's search reads)."""
    return {
        "explanation": english_wording(ChangeRequest.SystemExplanation(kind), values),
        "system_explanation": kind,
        "explanation_values": values,
    }


def change_requests_forget_contact(sender, record_id, names, emails, **kwargs):
    """Receiver of accounts.erasure.personal_data_erased: a request about the erased record, or
    quoting one of its names or addresses, holds its data and is deleted with it."""
    label = sender._meta.label_lower  # as operations name their model, e.g. "networks.contactpoint"
    about = (
        ChangeRequest.objects.annotate(changes_text=Cast("changes", models.TextField()))
        .filter(changes_text__contains=label)
        .only("pk", "changes")
    )
    ids = [
        request.pk
        for request in about
        if any(op["model"] == label and op.get("pk") == record_id for op in request.changes)
    ]
    quoting = models.Q(pk__in=ids)
    for term in {*names, *emails} - {""}:
        quoting |= models.Q(explanation__icontains=term) | models.Q(source__icontains=term)
    ChangeRequest.objects.filter(quoting).delete()
