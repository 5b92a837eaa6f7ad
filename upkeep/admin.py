"""The network admin's upkeep pages, the one member picker, and the summaries that replace the long inlines.

`UpkeepAdminMixin` (on NetworkAdmin) adds, under each network's admin page:
members/ (member-list editor), contacts/ (contact-point editor) and timeline/ (with its reverts),
plus member-autocomplete/, the search behind the member picker (upkeep.forms.MemberField).
`RecordedAdminMixin` makes each save of a catalogue admin one change set.
"""

import functools

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext_lazy as _

from countries.models import Jurisdiction
from networks.concurrency import VersionedModelForm
from networks.models import ContactPoint, Membership, Network, Organisation

from . import editors, timeline_views
from .changesets import recording
from .forms import MemberField
from .members import MEMBER_FIELD, kind_label, member_ref, membership_ref
from .reverts import version_revert

PICKER_RESULTS = 10  # of each kind


class RecordedAdminMixin:
    """Each save or delete posted to this admin is one change set (one entry of the timelines).

    The admin's forms ask no reason; a post that writes no history (an invalid form) leaves none.
    """

    def _recorded(self, request, view, *args, recorded_as=None, **kwargs):
        """view(); a POST runs in one change set (`recorded_as`: its reason and what it reverts), kept if it
        wrote history."""
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with recording(user=request.user, **(recorded_as or {})) as change_set:
            response = view(request, *args, **kwargs)
            if not getattr(change_set, "recorded", False):
                change_set.delete()
        return response

    def changeform_view(self, request, *args, **kwargs):
        return self._recorded(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._recorded(request, super().delete_view, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):  # actions (mark verified...)
        return self._recorded(request, super().changelist_view, *args, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revert to an old version: a change set that the timelines show as a revert, like their own."""
        recorded_as = version_revert(self.model, object_id, version_id) if request.method == "POST" else None
        view = super().history_form_view
        return self._recorded(request, view, object_id, version_id, extra_context, recorded_as=recorded_as)


class UpkeepAdminMixin:
    """For NetworkAdmin: the editor, contact and timeline pages, and the members/contacts summaries."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"

        def view(function):
            return self.admin_site.admin_view(functools.partial(function, self))

        return [
            path("member-autocomplete/", view(member_autocomplete), name="upkeep_member_autocomplete"),
            path("<path:object_id>/members/", view(editors.member_editor), name=f"{info}_members"),
            path("<path:object_id>/contacts/", view(editors.contact_editor), name=f"{info}_contacts"),
            path("<path:object_id>/timeline/", view(timeline_views.admin_timeline), name=f"{info}_timeline"),
            *super().get_urls(),
        ]

    @admin.display(description=_("Members"))
    def members_summary(self, obj):
        counts = obj.memberships.values("role").annotate(
            current=Count("pk", filter=Q(until__isnull=True)), ended=Count("pk", filter=Q(until__isnull=False))
        )
        roles = dict(Membership.Role.choices)
        rows = [(roles.get(row["role"], row["role"]), row["current"], row["ended"]) for row in counts.order_by("role")]
        return render_to_string("admin/upkeep/members_summary.html", {"network": obj, "rows": rows})

    @admin.display(description=_("Contact points"))
    def contacts_summary(self, obj):
        # Counts only, and only shown to who may change the network: the secretariat and the network's
        # editors, who may see all its contact points (ContactPoint.objects.visible_to).
        counts = (
            ContactPoint.objects.filter(network=obj)
            .values("visibility")
            .annotate(count=Count("pk"))
            .order_by("visibility")
        )
        levels = dict(ContactPoint.Visibility.choices)
        rows = [(levels.get(row["visibility"], row["visibility"]), row["count"]) for row in counts]
        return render_to_string("admin/upkeep/contacts_summary.html", {"network": obj, "rows": rows})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "members_summary", "contacts_summary"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        upkeep = (_("Members and contact points"), {"fields": ["members_summary", "contacts_summary"]})
        return [fieldsets[0], upkeep, *fieldsets[1:]]


def member_autocomplete(model_admin, request):
    """Members whose name, code, acronym or alias contains ?term=, of the three kinds, for select2 (JSON).

    Anyone who may edit memberships may search: names are public. Three queries.
    """
    if not request.user.has_perm("networks.change_membership") and not request.user.has_perm("networks.add_membership"):
        raise PermissionDenied
    term = request.GET.get("term", "").strip()[:100]
    results = []
    if term:
        found = [
            *Jurisdiction.objects.filter(Q(name__icontains=term) | Q(code__iexact=term)).order_by("name")[
                :PICKER_RESULTS
            ],
            *Organisation.objects.filter(Q(name__icontains=term) | Q(acronym__icontains=term)).order_by("name")[
                :PICKER_RESULTS
            ],
            *Network.objects.filter(
                Q(name__icontains=term) | Q(acronym__icontains=term) | Q(aliases__name__icontains=term)
            )
            .distinct()  # a network with two matching aliases once
            .order_by("name")[:PICKER_RESULTS],
        ]
        results = [{"id": member_ref(member), "text": f"{member} ({kind_label(member)})"} for member in found]
    return JsonResponse({"results": results, "pagination": {"more": False}})


class MembershipForm(VersionedModelForm):
    """A membership with its member chosen in one field (upkeep.forms.MemberField) instead of three."""

    member = MemberField(label=_("Member"), help_text=_("A state or territory, an organisation or a network."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "member" in self.fields:  # the reference alone: an old version's member may be deleted since
            self.initial.setdefault("member", membership_ref(self.instance))

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member")
        if member is not None:
            kind = member_ref(member).partition(":")[0]
            for name, field in MEMBER_FIELD.items():
                setattr(self.instance, field, member if name == kind else None)
        return cleaned

    def _get_validation_exclusions(self):
        # The member's three fields are set from `member`: check their constraints here, not in the database
        # (unless no member was chosen: the field's own error says so).
        exclusions = super()._get_validation_exclusions()
        return exclusions if "member" in self._errors else exclusions - set(MEMBER_FIELD.values())

    def add_error(self, field, error):
        if field in MEMBER_FIELD.values():
            field = "member"
        elif field is None and hasattr(error, "error_dict"):
            moved = {key: value for key, value in error.error_dict.items() if key in MEMBER_FIELD.values()}
            for key, value in moved.items():
                del error.error_dict[key]
                super().add_error("member", value)
            if not error.error_dict:
                return
        super().add_error(field, error)
