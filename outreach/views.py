"""Public pages reached from e-mails: accepting an invitation, confirming an entry is still correct."""

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .services import (
    LinkRefused,
    entry_confirm,
    invitation_accept,
    invitation_from_token,
    invitee_user,
    reminder_from_token,
)


def _refused(request, refusal):
    return render(request, "outreach/link_refused.html", {"message": refusal.message}, status=refusal.status)


@never_cache
def accept_invitation(request, token):
    """Choose a password and become the network's editor; then signed in, on the network's admin page."""
    try:
        invitation = invitation_from_token(token)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    user = invitee_user(invitation)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_accept(token=token, password_form=form)
        except LinkRefused as refusal:  # used or withdrawn while the form was open
            return _refused(request, refusal)
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(reverse("admin:networks_network_change", args=[invitation.network_id]))
    return render(
        request, "outreach/invitation.html", {"invitation": invitation, "form": form, "account": user, "token": token}
    )


@never_cache
def confirm_entry(request, token):
    """One button: "still correct". A GET only shows it, so that mail scanners opening links confirm nothing."""
    try:
        reminder = reminder_from_token(token)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    confirmed = None
    if request.method == "POST":
        confirmed = entry_confirm(reminder=reminder)
    network = confirmed or reminder.network
    return render(request, "outreach/confirm.html", {"network": network, "confirmed": confirmed, "token": token})
