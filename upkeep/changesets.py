"""Change sets: everything saved in one go, as one entry of the timeline, with who, when and why.

Interface (stable; other apps build on it):

    from upkeep.changesets import recording

    with recording(user=request.user, reason="Ended five memberships (2024 report)") as change_set:
        ...  # any saves and deletes of history-tracked rows

- `recording(*, user, reason="", proposer=None, proposer_email="", reviewer=None, reverts=None,
  system_reason="", reason_values=None)` opens a transaction and a `upkeep.models.ChangeSet` row in it, and
  yields that row. Every
  django-simple-history row written inside, by any path (model saves and deletes, the admin,
  `bulk_create_with_history` / `bulk_update_with_history` in imports and loaders, management
  commands), gets `change_set` set to it; an exception rolls back the change set with the rest.
  History rows written inside also take the change set's user when they have none of their own
  (a command has no request user). The reason stays on the change set only, the one place an
  erasure has to scrub (see below).
- Outside any `recording` block, history rows have `change_set=None`.
- Nested blocks join the outermost: the inner `recording` yields the change set already open
  (its own arguments are ignored), so a service that records its writes can be called from
  another that records more (an accepted proposal applied by the member editor's service).
- `proposer` (a user) or `proposer_email` (a visitor), and `reviewer`, are for changes applied
  after review; `reverts` is the change set a revert undoes (wholly or one change of it).
- A reason the registry writes itself (a revert to a version, an accepted request, a confirmation, an import)
  is given as `**system_reason(ChangeSet.SystemReason.X, **values)`: stored as what it says, so that each
  timeline words it in its reader's language (`ChangeSet.shown_reason`), with its English wording as `reason`.
- `current()` is the open ChangeSet or None.
- A contact point or liaison contact erased at the person's request (accounts.erasure) is scrubbed
  from reasons too.

The link is a field of the history models (`HistoricalRecords(bases=[ChangeSetRecord])`, in
upkeep.models): history rows of one change set are `Model.history.filter(change_set=...)`.
A new history-tracked model takes the same base to join the timeline.
"""

import re
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q
from simple_history.signals import pre_create_historical_record

from registry.wording import english_wording

from .models import OPEN_CHANGE_SET, ChangeSet


def current():
    """The ChangeSet open now, or None."""
    return OPEN_CHANGE_SET.get()


def system_reason(kind, **values):
    """recording()'s arguments for a reason the registry writes itself (a ChangeSet.SystemReason and its values):
    kept as what it says, with its English wording as `reason` (what the admin's search and the erasure read)."""
    return {
        "reason": english_wording(ChangeSet.SystemReason(kind), values),
        "system_reason": kind,
        "reason_values": values,
    }


@contextmanager
def recording(
    *,
    user,
    reason="",
    proposer=None,
    proposer_email="",
    reviewer=None,
    reverts=None,
    system_reason="",
    reason_values=None,
):
    """Open a transaction and a change set; history rows written inside point to it (see module docstring)."""
    outer = OPEN_CHANGE_SET.get()
    if outer is not None:
        with transaction.atomic():
            yield outer
        return
    with transaction.atomic():
        change_set = ChangeSet.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            reason=reason,
            proposer=proposer,
            proposer_email=proposer_email,
            reviewer=reviewer,
            reverts=reverts,
            system_reason=system_reason,
            reason_values=reason_values or {},
        )
        token = OPEN_CHANGE_SET.set(change_set)
        try:
            yield change_set
        finally:
            OPEN_CHANGE_SET.reset(token)


def _fill_from_change_set(sender, history_instance, **kwargs):
    # Only rows that carry the link; the change set's user fills what the row lacks.
    change_set = OPEN_CHANGE_SET.get()
    if change_set is None or getattr(history_instance, "change_set_id", None) != change_set.pk:
        return
    if history_instance.history_user_id is None:
        history_instance.history_user_id = change_set.user_id


def reasons_scrub(sender, names=(), emails=(), placeholder="", **kwargs):
    """Receiver of accounts.erasure.personal_data_erased: a reason may name the erased person."""
    traces = sorted({*names, *emails} - {""}, key=len, reverse=True)  # "Ann Lee" before "Ann"
    if not traces:
        return
    query = Q()
    for trace in traces:
        query |= Q(reason__icontains=trace)
    changed = []
    for change_set in ChangeSet.objects.filter(query).only("reason"):
        for trace in traces:
            change_set.reason = re.sub(
                re.escape(trace), lambda _match: placeholder, change_set.reason, flags=re.IGNORECASE
            )
        # A system reason's values held the trace too: the scrubbed words are what remains to show.
        change_set.system_reason, change_set.reason_values = "", {}
        changed.append(change_set)
    ChangeSet.objects.bulk_update(changed, ["reason", "system_reason", "reason_values"])


def receivers_connect():
    from accounts.erasure import personal_data_erased

    pre_create_historical_record.connect(_fill_from_change_set, dispatch_uid="upkeep-change-set-fill")
    personal_data_erased.connect(reasons_scrub, dispatch_uid="upkeep-reasons-scrub")
