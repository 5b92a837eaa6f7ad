"""The secretariat's staleness dashboard: what has not been verified or touched in 12 months."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils import timezone
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

from .roles import is_secretariat

_NETWORK_PARTS = [Membership, Relation, ContactPoint, NetworkAlias, NetworkSource, StatedCount]


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
    actions = {
        ("network", "verify"): "verified today",
        ("contact", "verify"): "verified today",
        ("network", "dormant"): "marked dormant",
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **admin.site.each_context(self.request),
            title="Staleness dashboard",
            cutoff=stale_cutoff(),
            stale_networks=Network.objects.stale().order_by("last_verified", "name"),
            stale_contacts=ContactPoint.objects.visible_to(user)
            .stale()
            .select_related("network", "jurisdiction")
            .order_by("last_verified", "network__name", "name"),
            quiet_networks=networks_without_activity().order_by("name"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        kind, action = request.POST.get("kind"), request.POST.get("action")
        if (kind, action) not in self.actions:
            messages.error(request, "Unknown action; nothing was changed.")
            return redirect("staleness-dashboard")
        ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
        if not ids:
            messages.warning(request, "Select at least one entry; nothing was changed.")
            return redirect("staleness-dashboard")
        queryset = Network.objects if kind == "network" else ContactPoint.objects.visible_to(request.user)
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
        messages.success(
            request,
            f"{changed} {'networks' if kind == 'network' else 'contact points'} {self.actions[(kind, action)]}.",
        )
        return redirect("staleness-dashboard")
