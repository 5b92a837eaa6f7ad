"""The secretariat's staleness dashboard: what has not been verified or touched in 12 months, and which
networks were reminded to confirm their entry (outreach) and have not answered.

Works without script: "Select all" reloads the page with one table's boxes ticked (?select=<table>),
and marking networks dormant first shows the list for confirmation.
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.generic import TemplateView

from networks.models import (
    VERIFY_INTERVAL_DAYS,
    ContactPoint,
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Relation,
    StatedCount,
    stale_cutoff,
)
from outreach.models import Reminder, reminder_cutoff, with_outreach
from registry.numbers import id_list

from .roles import is_secretariat

_NETWORK_PARTS = [Membership, Relation, ContactPoint, NetworkAlias, NetworkSource, StatedCount]
TABLES = ("stale-networks", "quiet-networks", "stale-contacts")  # the dashboard's tables, as ?select= names them


def networks_without_activity():
    """Active (or unknown) networks with no recorded change to the entry or its parts in 12 months."""
    since = timezone.now() - datetime.timedelta(days=VERIFY_INTERVAL_DAYS)
    recent = {
        f"touched_{model._meta.model_name}": Exists(
            model.history.filter(network_id=OuterRef("pk"), history_date__gte=since)
        )
        for model in _NETWORK_PARTS
    }
    recent["touched_network"] = Exists(Network.history.filter(id=OuterRef("pk"), history_date__gte=since))
    quiet = {name: False for name in recent}
    return (
        Network.objects.exclude(status__in=[Network.Status.DORMANT, Network.Status.DEFUNCT])
        .alias(**recent)
        .filter(**quiet)
    )


class StalenessDashboardView(TemplateView):
    """Lists what is overdue and applies "mark verified" or "mark dormant" to a selection."""

    template_name = "admin/accounts/staleness.html"
    confirm_template_name = "admin/accounts/staleness_confirm_dormant.html"
    actions = {
        ("network", "verify"): ngettext_lazy(
            "%(count)s network verified today.", "%(count)s networks verified today.", "count"
        ),
        ("contact", "verify"): ngettext_lazy(
            "%(count)s contact point verified today.", "%(count)s contact points verified today.", "count"
        ),
        ("network", "dormant"): ngettext_lazy(
            "%(count)s network marked dormant.", "%(count)s networks marked dormant.", "count"
        ),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **admin.site.each_context(self.request),
            title=_("Staleness dashboard"),
            cutoff=stale_cutoff(),
            stale_networks=with_outreach(Network.objects.stale()).order_by("last_verified", "name"),
            unanswered_networks=with_outreach(
                Network.objects.filter(
                    pk__in=Reminder.objects.filter(answered_at__isnull=True).values("network")
                ).exclude(confirmed_on__gte=reminder_cutoff())
            ).order_by("name"),
            stale_contacts=ContactPoint.objects.visible_to(user)
            .stale()
            .select_related("network", "jurisdiction")
            .order_by("last_verified", "network__name", "name"),
            quiet_networks=with_outreach(networks_without_activity()).order_by("name"),
            selected_table=self.request.GET.get("select") if self.request.GET.get("select") in TABLES else "",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        kind, action = request.POST.get("kind"), request.POST.get("action")
        if (kind, action) not in self.actions:
            messages.error(request, _("Unknown action; nothing was changed."))
            return redirect("staleness-dashboard")
        try:
            ids = id_list(request.POST.getlist("ids"))
        except ValueError as error:
            messages.error(
                request, _("The selection is not a list of ids (%(error)s); nothing was changed.") % {"error": error}
            )
            return redirect("staleness-dashboard")
        if not ids:
            messages.warning(request, _("Select at least one entry; nothing was changed."))
            return redirect("staleness-dashboard")
        queryset = Network.objects if kind == "network" else ContactPoint.objects.visible_to(request.user)
        if action == "dormant" and request.POST.get("confirm") != "yes":
            return self.confirm_dormant(request, queryset.filter(pk__in=ids).order_by("name"))
        today = timezone.localdate()
        changed = 0
        # One save per entry, so that each change lands in the entry's history.
        for obj in queryset.filter(pk__in=ids):
            if action == "verify":
                obj.last_verified = today
            else:
                obj.status = Network.Status.DORMANT
            obj.save()
            changed += 1
        messages.success(request, self.actions[(kind, action)] % {"count": changed})
        return redirect("staleness-dashboard")

    def confirm_dormant(self, request, networks):
        """The networks about to be marked dormant, with a button that posts the same selection confirmed."""
        context = {**admin.site.each_context(request), "title": _("Mark these networks dormant?"), "networks": networks}
        return TemplateResponse(request, self.confirm_template_name, context)
