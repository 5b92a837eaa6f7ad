"""The secretariat's decisions on a change request: accept (one transaction), reject, ask a question.

The proposer is e-mailed at each step, after the decision is committed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Network
from networks.revisions import StaleEntry, claim_revision
from outreach.mail import mail_send
from upkeep.changesets import recording, system_reason
from upkeep.models import ChangeSet

from .models import ChangeRequest
from .operations import apply_all


class ReviewRefused(Exception):
    """The decision cannot be taken; `messages` say why. Nothing was saved."""

    def __init__(self, *messages, conflict=False):
        super().__init__(*messages)
        self.messages, self.conflict = list(messages), conflict


def _mail(change_request, step):
    if not change_request.proposer_email:
        return  # an editor without an address sees the outcome in the admin
    transaction.on_commit(
        lambda: mail_send(
            template=f"correction_{step}",
            to=change_request.proposer_email,
            context={"request": change_request},
            language=change_request.language,
        )
    )


def change_request_received(*, change_request):
    """Save a new request and tell its proposer it was received."""
    with transaction.atomic():
        change_request.save()
        _mail(change_request, "received")
    return change_request


def _waiting(pk):
    change_request = ChangeRequest.objects.select_for_update().get(pk=pk)
    if change_request.state not in (ChangeRequest.State.RECEIVED, ChangeRequest.State.QUESTION):
        raise ReviewRefused(
            _("This request was already %(state)s.") % {"state": change_request.get_state_display().lower()}
        )
    return change_request


def _decided(change_request, state, reviewer, note=""):
    change_request.state, change_request.reviewer, change_request.review_note = state, reviewer, note
    if state != ChangeRequest.State.QUESTION:
        change_request.reviewed_at = timezone.now()
    change_request.save(update_fields=["state", "reviewer", "review_note", "reviewed_at", "change_set"])


def history_reason(change_request):
    """recording()'s reason for an accepted request, which the public timeline shows in its reader's language: its
    number, never who proposed or reviewed it (a visitor's e-mail address, an editor's or reviewer's name). The
    change set keeps those in fields of its own, which only the admin's timeline shows."""
    return system_reason(ChangeSet.SystemReason.REQUEST_ACCEPTED, id=change_request.pk)


@transaction.atomic
def change_request_accept(*, pk, reviewer, over_changes=False, note=""):
    """Apply the request's changes in one transaction and one change set (upkeep: the timeline shows the
    proposer and the reviewer), claiming the entry's revision the request was made at.

    If the entry changed since (any save moves its revision), ReviewRefused(conflict=True) and nothing
    is written, unless `over_changes`: the reviewer saw the conflict and accepts over it.

    A request without changes the registry can apply ("something else", free text) is accepted with the
    reviewer's `note` saying what they will change, which the proposer receives; the reviewer then makes
    the change on the entry's own pages (corrections.admin sends them there).
    """
    change_request = _waiting(pk)
    network_id = change_request.network_id
    if network_id is None:
        raise ReviewRefused(_("The network of this request has been deleted: it can only be rejected."))
    if not change_request.changes:
        if not note.strip():
            raise ReviewRefused(_("Say what you will change in the entry: the proposer receives it."))
        _decided(change_request, ChangeRequest.State.ACCEPTED, reviewer, note.strip())
        _mail(change_request, "accepted")
        return change_request
    seen = change_request.base_revision
    if over_changes:
        seen = Network.objects.filter(pk=network_id).values_list("revision", flat=True).first()
    try:
        claim_revision(network_id, seen)
    except StaleEntry:
        raise ReviewRefused(
            _("The entry changed since this was proposed: check the differences, then accept over them or reject."),
            conflict=True,
        ) from None
    recorded = recording(
        user=reviewer,
        **history_reason(change_request),
        proposer=change_request.proposer,
        proposer_email=change_request.proposer_email,
        reviewer=reviewer,
    )
    try:
        with recorded as change_set:
            apply_all(change_request.changes, network_id=network_id)
    except ValidationError as error:  # leaving the atomic block with it rolled back what was applied
        raise ReviewRefused(*error.messages) from None
    change_request.change_set = change_set
    _decided(change_request, ChangeRequest.State.ACCEPTED, reviewer)
    _mail(change_request, "accepted")
    return change_request


@transaction.atomic
def change_request_reject(*, pk, reviewer, reason):
    if not reason.strip():
        raise ReviewRefused(_("Give the reason for the rejection: the proposer receives it."))
    change_request = _waiting(pk)
    _decided(change_request, ChangeRequest.State.REJECTED, reviewer, reason.strip())
    _mail(change_request, "rejected")
    return change_request


@transaction.atomic
def change_request_ask(*, pk, reviewer, question):
    if not question.strip():
        raise ReviewRefused(_("Write the question to send to the proposer."))
    change_request = _waiting(pk)
    _decided(change_request, ChangeRequest.State.QUESTION, reviewer, question.strip())
    _mail(change_request, "question")
    return change_request
