"""Undo one change, or everything saved in one go, as a new change set that names what it reverts.

For each record the reverted rows touched, the record goes back to its state before the first of
them: created rows are deleted, deleted rows are created again with their former id, changed rows
get back the values of the fields those rows changed. A record changed again since is not
overwritten: the revert is refused, naming it. Everything happens in one transaction under
`recording(..., reverts=...)`, claiming the revision of the network whose timeline asked for it.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from networks.models import Network
from networks.revisions import claim_revision

from .changesets import recording, system_reason
from .models import ChangeSet
from .timeline import MODELS, _label, _owner_ids

MODEL_BY_NAME = {model._meta.model_name: model for model in MODELS}


def rows_of_change_set(change_set):
    """[(model, history row)] of a change set, oldest first (one query per model)."""
    rows = []
    for model in MODELS:
        rows += [(model, row) for row in model.history.filter(change_set=change_set)]
    rows.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id))
    return rows


def row_by_key(key):
    """(model, history row) of "<model name>:<history id>", or None."""
    name, _sep, pk = (key or "").partition(":")
    model = MODEL_BY_NAME.get(name)
    if model is None or not (pk.isascii() and pk.isdigit() and len(pk) < 12):
        return None
    row = model.history.filter(history_id=int(pk)).first()
    return None if row is None else (model, row)


def networks_touched(rows):
    """Pks of the networks whose entries `rows` belong to."""
    ids = set()
    for model, row in rows:
        ids |= _owner_ids(model, row)
    return ids


def _previous(row):
    return row.__class__.objects.filter(id=row.id, history_date__lt=row.history_date).order_by("-history_date").first()


def _changed_fields(model, before, after):
    """The model's fields (tracked by history) whose values differ between two history rows."""
    tracked = [f for f in model.history.model.tracked_fields if not f.primary_key]
    return [f for f in tracked if getattr(before, f.attname) != getattr(after, f.attname)]


def _plan(rows):
    """[(model, first row, last row)] per record touched, oldest first."""
    by_record = defaultdict(list)
    for model, row in rows:
        by_record[(model, row.id)].append(row)
    return [(model, records[0], records[-1]) for (model, _pk), records in by_record.items()]


def revert(*, rows, network, seen, user, reason, reverts=None):
    """Undo `rows` ([(model, history row)] oldest first); returns the new change set.

    Raises ValidationError naming the record when one changed since or cannot be restored, and
    networks.revisions.StaleEntry when the network's entry moved since the page was opened.
    """
    if not rows:
        raise ValidationError(_("Nothing to revert."))
    plan = _plan(rows)
    for model, _first, last in plan:
        later = last.__class__.objects.filter(id=last.id, history_date__gt=last.history_date).exists()
        if later:
            raise ValidationError(
                _("%(record)s was changed again since; revert that later change first, or edit it by hand.")
                % {"record": _label(model, last)}
            )
    # Networks are created before the rows that point to them and deleted after them.
    plan.sort(key=lambda item: item[0] is not Network)
    with recording(user=user, reason=reason, reverts=reverts) as change_set:
        claim_revision(network.pk, seen)
        for model, first, last in plan:
            before = None if first.history_type == "+" else _previous(first)
            try:
                _restore(model, before, last)
            except (ValidationError, IntegrityError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise ValidationError(
                    _("%(record)s cannot be restored: %(error)s")
                    % {"record": _label(model, last), "error": " ".join(messages)}
                ) from error
    return change_set


def _restore(model, before, last):
    current = model._default_manager.filter(pk=last.id).first()
    if before is None:  # created by the reverted rows
        if current is not None:
            current.delete()
        return
    if current is None:  # deleted by the reverted rows
        instance = before.instance
        instance.full_clean()
        instance.save(force_insert=True)
        return
    for field in _changed_fields(model, before, last):
        setattr(current, field.attname, getattr(before, field.attname))
    current.full_clean()
    current.save()


def change_set_of(pk):
    return ChangeSet.objects.filter(pk=pk).first()


def version_revert(model, object_id, version_id):
    """recording()'s reason (ChangeSet.SystemReason.REVERTED_TO_VERSION) and "reverts" (the change set or None)
    for a revert of a record to one of its versions on its History page (django-simple-history's revert): the save
    it makes says so in the timelines, in each reader's language, and names the first change it undoes; {} when no
    such version exists (the page then answers as it does). Two queries."""
    history = getattr(model, model._meta.simple_history_manager_attribute)
    version = history.filter(id=object_id, history_id=version_id).first()
    if version is None:
        return {}
    undone = (
        history.filter(id=object_id, history_id__gt=version.history_id)
        .select_related("change_set")
        .order_by("history_id")
        .first()
    )
    return {
        **system_reason(ChangeSet.SystemReason.REVERTED_TO_VERSION, when=version.history_date.isoformat()),
        "reverts": undone.change_set if undone is not None else None,
    }
