"""The list page's filters, applied to downloads so that "download these results" gives the same rows."""

from django.utils.translation import gettext as _

from networks.models import Network
from public.as_of import PARAMETER as AS_OF
from public.filters import NetworkFilter, given_more_than_once
from public.search import clean_text

NETWORK = "network"


def networks_for(request):
    """(networks the request's query parameters select, errors or None); public networks only.

    `?network=<slug>` narrows the download to one network (the network page links its CSV so). A file is read by
    programs that cannot see a notice, so what the list page would leave out and say it did (an unknown parameter,
    a control character) is an error here, as is a network that is not public: a download never answers other rows
    than those asked for. Errors are {parameter: [messages]}.
    """
    allowed = {*NetworkFilter.base_filters, NETWORK, AS_OF}
    errors = {}
    for name, values in request.GET.lists():
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            errors[name[:40]] = [_("unknown parameter; downloads take: %(known)s.") % {"known": known}]
        elif any(clean_text(value) != value for value in values):
            errors[name] = [_("contains a control character.")]
        elif name == NETWORK and len(values) > 1:
            errors[name] = [given_more_than_once(len(values))]
    if errors:
        return None, errors
    queryset = Network.objects.public()
    if NETWORK in request.GET:
        slug = request.GET[NETWORK][:120]
        queryset = queryset.filter(slug=slug)
        if not queryset.exists():
            return None, {NETWORK: [_("No public network has the identifier “%(slug)s”.") % {"slug": slug[:80]}]}
    filterset = NetworkFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return None, filterset.errors
    return filterset.qs, None
