"""Rate limits on suggested corrections, per client address and per e-mail address, counted in the database
(so every worker sees the same counts). The address itself is not stored, only a keyed hash of it."""

import datetime
import hashlib
import hmac
import ipaddress

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.utils import timezone

from .models import ChangeRequest


def client_key(request):
    """A keyed hash of the client's address as django-axes reads it (proxies included); an IPv6 client
    counts by its /64, which one household or host holds whole."""
    address = get_client_ip_address(request) or ""
    try:
        parsed = ipaddress.ip_address(address)
        if parsed.version == 6:
            address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    except ValueError:
        pass
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def over_limit(*, key, email):
    """True when this address or e-mail has sent its day's share of corrections (two queries)."""
    recent = ChangeRequest.objects.filter(created__gte=timezone.now() - datetime.timedelta(days=1))
    return (
        recent.filter(client_key=key).count() >= settings.CORRECTIONS_PER_ADDRESS_PER_DAY
        or recent.filter(proposer_email__iexact=email).count() >= settings.CORRECTIONS_PER_EMAIL_PER_DAY
    )
