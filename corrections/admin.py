"""The secretariat's review queue: one list of corrections and held changes, each reviewed on its own page
with a diff against the current entry and three decisions (accept, reject with a reason, ask a question)."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin import SecretariatOnlyMixin
from registry.characters import control_character_error
from registry.numbers import whole_number

from .models import ChangeRequest
from .operations import diff_lines
from .review import ReviewRefused, change_request_accept, change_request_ask, change_request_reject


class WaitingFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for a decision")), *ChangeRequest.State.choices]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.waiting()
        if self.value() in ChangeRequest.State.values:
            return queryset.filter(state=self.value())
        return queryset


@admin.register(ChangeRequest)
class ChangeRequestAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "origin", "state", "proposer_email", "created", "reviewer"]
    list_filter = [WaitingFilter, "origin", "subject"]
    list_select_related = ["reviewer"]
    search_fields = ["network_name", "proposer_email", "explanation", "source"]
    ordering = ["created"]
    # Shown on the review page (review_template), never edited through a form.
    fields = [
        "network_name",
        "origin",
        "subject",
        "state",
        "proposer_email",
        "language",
        "source",
        "explanation",
        "review_note",
    ]
    review_template = "admin/corrections/changerequest/review.html"

    def has_add_permission(self, request):
        return False  # requests come from the public form and from held editors' saves

    def has_delete_permission(self, request, obj=None):
        return False  # the queue is also the record of what was proposed and decided

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: the request, its diff, and the decision forms (POST: `decision`)."""
        try:
            pk = whole_number(object_id, minimum=1)
        except ValueError:
            pk = None
        change_request = self.get_queryset(request).select_related("network", "proposer").filter(pk=pk).first()
        if change_request is None or not self.has_view_permission(request, change_request):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        conflict = False
        if request.method == "POST" and self.has_change_permission(request, change_request):
            decision, note = request.POST.get("decision"), request.POST.get("note", "")
            try:
                if error := control_character_error(note):  # the proposer reads it, and the timeline may
                    raise ReviewRefused(error)
                if decision == "accept":
                    change_request_accept(
                        pk=pk,
                        reviewer=request.user,
                        over_changes=request.POST.get("over_changes") == "yes",
                        note=note,
                    )
                    if not change_request.changes:  # free text: the change is made by hand, on the entry's form
                        self.message_user(
                            request,
                            _("Accepted; the proposer was told. Now make the change: “%(note)s”.") % {"note": note},
                            messages.SUCCESS,
                        )
                        return redirect("admin:networks_network_change", change_request.network_id)
                    self.message_user(request, _("Accepted and applied; the proposer was told."), messages.SUCCESS)
                elif decision == "reject":
                    change_request_reject(pk=pk, reviewer=request.user, reason=note)
                    self.message_user(
                        request, _("Rejected; the proposer was told why. Nothing was changed."), messages.SUCCESS
                    )
                elif decision == "question":
                    change_request_ask(pk=pk, reviewer=request.user, question=note)
                    self.message_user(request, _("The question was e-mailed to the proposer."), messages.SUCCESS)
                else:
                    raise ReviewRefused(_("Unknown decision; nothing was changed."))
                return redirect("admin:corrections_changerequest_changelist")
            except ReviewRefused as refusal:
                conflict = refusal.conflict
                for message in refusal.messages:
                    self.message_user(request, message, messages.ERROR)
        network = change_request.network
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review: %(request)s") % {"request": change_request},
            "change_request": change_request,
            "lines": diff_lines(change_request.changes),
            "entry_moved": network is not None and network.revision != change_request.base_revision,
            "conflict": conflict,
            "waiting": change_request.state in (ChangeRequest.State.RECEIVED, ChangeRequest.State.QUESTION),
            "can_decide": self.has_change_permission(request, change_request),
        }
        return TemplateResponse(request, self.review_template, context)
