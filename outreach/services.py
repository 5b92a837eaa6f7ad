"""Invitations and reminders: sending them, reading their signed links, accepting and confirming."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import NetworkEditor
from accounts.roles import NETWORK_EDITORS
from networks.models import ContactPoint, Network
from upkeep.changesets import recording, system_reason
from upkeep.models import ChangeSet

from .mail import mail_send
from .models import Invitation, Reminder, ascii_email, new_nonce, reminder_cutoff

INVITATION_SALT = "outreach.invitation"
REMINDER_SALT = "outreach.reminder"


class LinkRefused(Exception):
    """A signed link that cannot be used, with the message to show (and the HTTP status to answer)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def invitation_link(invitation, base_url):
    token = signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT)
    return base_url + reverse("invitation-accept", args=[token])


def invitation_send(*, invitation, base_url, resend=False):
    """E-mail the invitation's link; resending draws a new link (the old one stops working) and a new expiry.

    The message and its link are in the recipient's language; the registry knows none for an invited
    address, so that is the site's default (settings.LANGUAGE_CODE), whatever the sender's admin shows.
    """
    if resend:
        invitation.nonce = new_nonce()
        invitation.sent_at = timezone.now()
        invitation.times_sent += 1
        invitation.save(update_fields=["nonce", "sent_at", "times_sent"])
    with translation.override(settings.LANGUAGE_CODE):
        _invitation_mail_send(invitation, base_url)


def _invitation_mail_send(invitation, base_url):
    mail_send(
        template="invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "network": invitation.network,
            "link": invitation_link(invitation, base_url),
            "days": settings.INVITATION_DAYS,
        },
        language=invitation.language,
    )


def invitation_revoke(*, invitation):
    invitation.state, invitation.closed_at = Invitation.State.REVOKED, timezone.now()
    invitation.save(update_fields=["state", "closed_at"])


def invitation_from_token(token, *, lock=False):
    """The open invitation a link names, or LinkRefused saying why it cannot be used (one query)."""
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused(_("This invitation link is not valid. Check that you copied all of it.")) from None
    invitations = Invitation.objects.select_related("network")
    invitation = (invitations.select_for_update(of=("self",)) if lock else invitations).filter(pk=pk).first()
    if invitation is None:
        raise LinkRefused(_("This invitation no longer exists; its network may have been removed."), status=410)
    if invitation.state == Invitation.State.ACCEPTED:
        raise LinkRefused(_("This invitation has already been used. Sign in with the password you chose."), 410)
    if invitation.state == Invitation.State.REVOKED:
        raise LinkRefused(_("The secretariat withdrew this invitation."), status=410)
    if invitation.nonce != nonce:
        raise LinkRefused(_("A newer invitation replaced this link: use the link in the latest e-mail."), 410)
    if invitation.expires_at < timezone.now():
        raise LinkRefused(
            _("This invitation expired on %(date)s. Ask the secretariat to send it again.")
            % {"date": date_format(invitation.expires_at, "j F Y")},
            status=410,
        )
    return invitation


def invitee_user(invitation):
    """The account the invitation will give editing rights to: an existing one with its address, or a new one."""
    email = invitation.email
    forms = Q()
    for written in {email, ascii_email(email)}:  # an account may hold the domain in either form
        forms |= Q(email__iexact=written) | Q(username__iexact=written)
    existing = User.objects.filter(forms).order_by("pk").first()
    return existing or User(username=email.lower(), email=email)


@transaction.atomic
def invitation_accept(*, token, password_form):
    """Set the password and make the user the network's editor, once: the invitation row is locked and
    checked again inside the transaction, so a link used twice at the same time works only once."""
    invitation = invitation_from_token(token, lock=True)
    user = password_form.save(commit=False)
    user.is_staff = True  # editors work in the admin
    user.save()
    user.groups.add(Group.objects.get(name=NETWORK_EDITORS))
    NetworkEditor.objects.get_or_create(user=user, network=invitation.network)
    invitation.state, invitation.closed_at, invitation.accepted_by = Invitation.State.ACCEPTED, timezone.now(), user
    invitation.save(update_fields=["state", "closed_at", "accepted_by"])
    return invitation


def networks_due_for_reminder(today=None):
    """Networks with an editor, not confirmed since the cutoff, and not reminded since then either."""
    cutoff = reminder_cutoff(today)
    since = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    return (
        Network.objects.filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lt=cutoff))
        .filter(Exists(NetworkEditor.objects.filter(network=OuterRef("pk"), user__is_active=True)))
        .exclude(Exists(Reminder.objects.filter(network=OuterRef("pk"), sent_at__gte=since)))
        .order_by("name")
    )


def reminders_send(*, base_url, today=None, dry_run=False):
    """Send each due network's editors one reminder each; record every one sent. Returns (sent, failures)."""
    sent, failures = [], []
    editors = NetworkEditor.objects.filter(user__is_active=True).exclude(user__email="").select_related("user")
    # In the recipients' language, the site's default (editors have no language of their own yet).
    with translation.override(settings.LANGUAGE_CODE):
        return _reminders_send(networks_due_for_reminder(today), editors, base_url, dry_run, sent, failures)


def _reminders_send(networks, editors, base_url, dry_run, sent, failures):
    for network in networks:
        for assignment in editors.filter(network=network):
            user = assignment.user
            if dry_run:
                sent.append(Reminder(network=network, recipient=user, email=user.email))
                continue
            reminder = Reminder(network=network, recipient=user, email=user.email)
            with transaction.atomic():
                reminder.save()
                token = signing.dumps(reminder.pk, salt=REMINDER_SALT)
                try:
                    mail_send(
                        template="reminder",
                        to=user.email,
                        context={
                            "network": network,
                            "user": user,
                            "confirm_link": base_url + reverse("entry-confirm", args=[token]),
                            "edit_link": base_url + reverse("admin:networks_network_change", args=[network.pk]),
                            "months": settings.REMINDER_INTERVAL_MONTHS,
                        },
                    )
                except OSError as error:  # smtplib's errors are OSErrors: the reminder is not recorded
                    transaction.set_rollback(True)
                    failures.append((network, user.email, error))
                    continue
            sent.append(reminder)
    return sent, failures


def reminder_from_token(token):
    """The reminder a confirmation link names, or LinkRefused (one query)."""
    max_age = datetime.timedelta(days=31 * settings.REMINDER_INTERVAL_MONTHS)
    try:
        pk = signing.loads(token, salt=REMINDER_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkRefused(_("This link has expired. Sign in to confirm or edit the entry."), 410) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused(_("This confirmation link is not valid. Check that you copied all of it.")) from None
    reminder = Reminder.objects.select_related("network", "recipient").filter(pk=pk).first()
    if reminder is None:
        raise LinkRefused(_("This entry no longer exists in the registry."), status=410)
    return reminder


def entry_confirm(*, reminder):
    """Record that the reminder's recipient says the network's entry and its contact points are still correct.

    One change set (upkeep) by the recipient.
    """
    user = reminder.recipient
    with recording(user=user, **system_reason(ChangeSet.SystemReason.CONFIRMED)):
        network = Network.objects.select_for_update().get(pk=reminder.network_id)
        entries_confirm(entries=[network, *ContactPoint.objects.filter(network=network)], user=user)
        Reminder.objects.filter(pk=reminder.pk).update(answered_at=timezone.now())
    return network


def entries_confirm(*, entries, user, on=None):
    """Record that `user`, for the network, says each of `entries` (a network, contact points) is still correct
    on `on` (default today): "confirmed on" and "by", saved entry by entry so that each lands in the history.

    The one confirmation: the reminder's link and the contact editor's "mark as confirmed" both call it.
    """
    on = on or timezone.localdate()
    for entry in entries:
        entry.confirmed_on, entry.confirmed_by = on, user
        entry._history_user = user  # the reminder's link is opened without signing in
        entry.save(update_fields=["confirmed_on", "confirmed_by", "updated"])
