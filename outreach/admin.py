"""The secretariat's lists of invitations (sent, accepted, expired; resend, revoke) and reminders sent."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import SecretariatOnlyMixin
from registry.languages import current_language

from .models import Invitation, Reminder
from .services import invitation_revoke, invitation_send


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("sent", _("Sent, waiting")),
            ("accepted", _("Accepted")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "sent":
            return queryset.open()
        if value == "expired":
            return queryset.expired()
        if value in (Invitation.State.ACCEPTED, Invitation.State.REVOKED):
            return queryset.filter(state=value)
        return queryset


@admin.action(description=_("Send the selected invitations again (new link, new expiry)"))
def resend(modeladmin, request, queryset):
    base_url = request.build_absolute_uri("/").rstrip("/")
    count = 0
    for invitation in queryset.filter(state=Invitation.State.SENT).select_related("network"):
        invitation_send(invitation=invitation, base_url=base_url, resend=True)
        count += 1
    skipped = queryset.count() - count
    modeladmin.message_user(request, ngettext("%d invitation sent again.", "%d invitations sent again.", count) % count)
    if skipped:
        modeladmin.message_user(
            request, _("%d accepted or revoked invitation(s) left as they were.") % skipped, messages.WARNING
        )


@admin.action(description=_("Revoke the selected invitations (their links stop working)"))
def revoke(modeladmin, request, queryset):
    count = 0
    for invitation in queryset.filter(state=Invitation.State.SENT):
        invitation_revoke(invitation=invitation)
        count += 1
    modeladmin.message_user(request, ngettext("%d invitation revoked.", "%d invitations revoked.", count) % count)


class InvitationForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # The state is not on the form (a new invitation is in waiting), yet the constraint of one invitation in
        # waiting per address reads it: checked here, its error goes on the address instead of a database error.
        return super()._get_validation_exclusions() - {"state"}


@admin.register(Invitation)
class InvitationAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    form = InvitationForm
    list_display = ["email", "network", "status_label", "sent_at", "times_sent", "invited_by", "accepted_by"]
    list_filter = [InvitationStatusFilter]
    list_select_related = ["network", "invited_by", "accepted_by"]
    search_fields = ["email", "network__name", "network__acronym"]
    autocomplete_fields = ["network"]
    actions = [resend, revoke]
    fields = ["network", "email", "language"]  # the add form; the change page shows the rest, read-only
    readonly_fields = ["state", "sent_at", "times_sent", "invited_by", "closed_at", "accepted_by"]

    def get_changeform_initial_data(self, request):
        return {"language": current_language(), **super().get_changeform_initial_data(request)}

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*self.fields, *self.readonly_fields]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.status

    def save_model(self, request, obj, form, change):
        if change:
            return  # an invitation is never edited: resend or revoke it
        obj.invited_by, obj.sent_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        invitation_send(invitation=obj, base_url=request.build_absolute_uri("/").rstrip("/"))
        messages.info(request, _("The invitation was e-mailed to %(email)s.") % {"email": obj.email})


@admin.register(Reminder)
class ReminderAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    """What send_reminders sent, read-only."""

    list_display = ["network", "email", "sent_at", "answered_at"]
    list_select_related = ["network"]
    search_fields = ["email", "network__name", "network__acronym"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
