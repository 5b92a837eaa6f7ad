"""The list page's filters, applied to downloads so that "download these results" gives the same rows."""

from networks.models import Network
from public.filters import NetworkFilter


def networks_for(request):
    """(networks the request's query parameters select, errors or None); public networks only."""
    queryset = Network.objects.public()
    filterset = NetworkFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return None, filterset.errors
    return filterset.qs, None
