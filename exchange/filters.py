"""The list page's filters, applied to downloads so that "download these results" gives the same rows."""

from networks.models import Network
from public.filters import NetworkFilter


def networks_for(request):
    """(networks the request's query parameters select, errors or None); public networks only.

    `?network=<slug>` narrows the download to one network (the network page links its CSV so).
    """
    queryset = Network.objects.public()
    if "network" in request.GET:
        queryset = queryset.filter(slug=request.GET["network"][:120])
    filterset = NetworkFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return None, filterset.errors
    return filterset.qs, None
