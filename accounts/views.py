from django.contrib.auth.mixins import LoginRequiredMixin
from django_filters.views import FilterView

from networks.models import ContactPoint

from .filters import ContactPointFilter


class ContactSearchView(LoginRequiredMixin, FilterView):
    """Contact points the signed-in user may see (visible_to decides), filtered and paged."""

    template_name = "accounts/contact_search.html"
    filterset_class = ContactPointFilter
    paginate_by = 50
    context_object_name = "contacts"

    def get_queryset(self):
        return (
            ContactPoint.objects.visible_to(self.request.user)
            .select_related("network", "jurisdiction")
            .order_by("network__name", "jurisdiction__name", "name")
        )
