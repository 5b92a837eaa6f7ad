from django.contrib.auth.mixins import LoginRequiredMixin
from django_filters.views import FilterView

from networks.models import ContactPoint
from public.views import ForgivingPaginator

from .filters import ContactPointFilter


class ContactSearchView(LoginRequiredMixin, FilterView):
    """Contact points the signed-in user may see (visible_to decides), filtered and paged."""

    template_name = "accounts/contact_search.html"
    filterset_class = ContactPointFilter
    paginate_by = 50
    paginator_class = ForgivingPaginator
    context_object_name = "contacts"

    def get_queryset(self):
        return (
            ContactPoint.objects.visible_to(self.request.user)
            .select_related("network", "jurisdiction")
            .order_by("network__name", "jurisdiction__name", "name")
        )

    def paginate_queryset(self, queryset, page_size):
        """As every public list: a page number that is not one shows page 1, one past the end the last (no 404)."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.page(paginator.validate_number(self.request.GET.get("page") or "1"))
        return paginator, page, page.object_list, page.has_other_pages()
