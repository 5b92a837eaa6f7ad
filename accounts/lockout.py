"""How many failed sign-ins django-axes allows: per user name and address, and per user name alone.

django-axes (AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]) counts the failures
of each alternative within the cool-off and compares the largest count, the user name's own, with
one limit. This limit is therefore chosen per request: the low per-address limit once this address
has reached it for this user name, else the higher per-user-name ceiling. So an address is blocked
after SIGN_IN_FAILURE_LIMIT failures for an account, and the account after
SIGN_IN_FAILURE_LIMIT_PER_USERNAME failures from any number of addresses.
"""

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials=None):
    """AXES_FAILURE_LIMIT: the limit (int) for this request's user name and address (one query).

    `request` is a sign-in request that django-axes has given its client attributes
    (axes_ip_address, axes_attempt_time).
    """
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=request.axes_ip_address
    )
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    from_here = attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
    if from_here >= settings.SIGN_IN_FAILURE_LIMIT:
        return settings.SIGN_IN_FAILURE_LIMIT
    return settings.SIGN_IN_FAILURE_LIMIT_PER_USERNAME
