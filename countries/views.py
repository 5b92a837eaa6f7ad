from django.db.models import Q
from django.http import Http404
from django.views.generic import DetailView

from networks.models import Membership

from .models import Jurisdiction, Region


class JurisdictionDetailView(DetailView):
    template_name = "countries/jurisdiction_detail.html"
    context_object_name = "jurisdiction"

    def get_object(self, queryset=None):
        try:
            return Jurisdiction.objects.select_related("parent", "region", "subregion").get(
                code=self.kwargs["code"].upper()
            )
        except Jurisdiction.DoesNotExist:
            raise Http404("No jurisdiction with that code.") from None

    def get_context_data(self, **kwargs):
        jurisdiction = self.object
        memberships = (
            Membership.objects.current()
            .filter(Q(jurisdiction=jurisdiction) | Q(jurisdiction__parent=jurisdiction))
            .select_related("network", "jurisdiction")
            .order_by("role", "network__name")
        )
        return super().get_context_data(memberships=memberships, **kwargs)


class RegionDetailView(DetailView):
    template_name = "countries/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.select_related("parent")
