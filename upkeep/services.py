"""The member-list and contact-point editors' writes: each one transaction, one change set, one claimed revision.

Every service takes the revision of the network the editor's page was opened at (`seen`) and
claims it (networks.revisions.claim_revision): a save from a page opened before someone else's
save is refused with `StaleEntry`, never merged silently. Bad input raises ValidationError with a
message that names what is wrong; nothing is written then.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from networks.dating import PartialDate, written
from networks.models import ContactPoint, Membership
from networks.revisions import claim_revision
from outreach.services import entries_confirm

from .changesets import recording
from .members import MEMBER_FIELD, member_ref, membership_ref

NO_DATE = PartialDate(None)


class Change:
    """What memberships_change does to the selected memberships (the editor's choices, upkeep.forms)."""

    END, ROLE, REINSTATE, DELETE = "end", "role", "reinstate", "delete"


def date_after_founding(network, date, field_label):
    """Refuse a date (PartialDate) before the year the network was established (ValidationError)."""
    if problem := network.founding_problem(date.day, date.precision, field_label):
        raise ValidationError(problem)


def _saved(row):
    """Save with the model's own checks, so that a constraint's message (not the database's) reaches the
    user, as one message naming the row."""
    try:
        row.full_clean()
        row.save()
    except ValidationError as error:
        raise ValidationError(_("%(row)s: %(error)s") % {"row": row, "error": " ".join(error.messages)}) from error
    except IntegrityError as error:  # a concurrent save between the check and the write
        raise ValidationError(
            _("%(row)s was changed by someone else meanwhile; nothing was saved.") % {"row": row}
        ) from error


def memberships_add(*, network, seen, members, role, since=NO_DATE, source=None, user, reason):
    """Add `members` (jurisdictions, organisations, networks) in `role` `since` (a PartialDate); those already in
    that role are skipped.

    Returns (change set, added memberships, skipped members).
    """
    date_after_founding(network, since, _("Since"))
    with recording(user=user, reason=reason) as change_set:
        claim_revision(network.pk, seen)
        present = {membership_ref(m) for m in network.memberships.filter(role=role)}
        added, skipped = [], []
        for member in members:
            if member_ref(member) in present:
                skipped.append(member)
                continue
            kind = member_ref(member).partition(":")[0]
            membership = Membership(
                network=network, role=role, since=since.day, since_precision=since.precision, source=source
            )
            setattr(membership, MEMBER_FIELD[kind], member)
            _saved(membership)
            present.add(member_ref(member))
            added.append(membership)
    return change_set, added, skipped


def memberships_change(*, network, seen, memberships, change, until=NO_DATE, role=None, user, reason):
    """Apply one `change` (a Change value) to `memberships` of `network`, ending them `until` (a PartialDate);
    returns the change set."""
    if change == Change.END:
        if until.day is None:
            raise ValidationError(_("Give the date on which the selected memberships end."))
        date_after_founding(network, until, _("Until"))
        for membership in memberships:
            if membership.since and membership.since > until.day:
                raise ValidationError(
                    _("%(member)s joined on %(since)s, after the end date %(until)s.")
                    % {
                        "member": membership.member,
                        "since": written(membership.since, membership.since_precision),
                        "until": written(*until),
                    }
                )
    if change == Change.ROLE and not role:
        raise ValidationError(_("Choose the new role."))
    with recording(user=user, reason=reason) as change_set:
        claim_revision(network.pk, seen)
        for membership in memberships:
            if change == Change.DELETE:
                membership.delete()
                continue
            if change == Change.END:
                membership.until, membership.until_precision = until
            elif change == Change.REINSTATE:
                membership.until, membership.until_precision = NO_DATE
            elif change == Change.ROLE:
                membership.role = role
            _saved(membership)
    return change_set


def contacts_change(*, network, seen, contacts, confirmed_on=None, visibility=None, end=False, user, reason):
    """Mark `contacts` of `network` confirmed by `user` on a date (outreach's one confirmation, as the reminder's
    link does), give them a visibility, or end them (deleted, kept in the timeline); returns the change set."""
    with recording(user=user, reason=reason) as change_set:
        claim_revision(network.pk, seen)
        if confirmed_on is not None:
            entries_confirm(entries=contacts, user=user, on=confirmed_on)
            return change_set
        for contact in contacts:
            if end:
                contact.delete()
                continue
            if visibility:
                contact.visibility = visibility
            _saved(contact)
    return change_set


def contacts_write(*, network, seen, rows, user, reason):
    """Create or update contact points of `network` from `rows` ([(existing ContactPoint or None, {field: value})]).

    Returns (change set, created count, updated count).
    """
    created = updated = 0
    with recording(user=user, reason=reason) as change_set:
        claim_revision(network.pk, seen)
        for contact, values in rows:
            if contact is None:
                contact = ContactPoint(network=network)
                created += 1
            else:
                updated += 1
            for name, value in values.items():
                setattr(contact, name, value)
            _saved(contact)
    return change_set, created, updated
