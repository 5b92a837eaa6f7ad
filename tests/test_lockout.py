"""Sign-in lockout that an address cannot walk around and no one can turn against others (issue 11, point 8).

Real requests through the test client: REMOTE_ADDR is the connection's address (the reverse proxy's,
when there is one) and HTTP_X_FORWARDED_FOR what the proxies (or a forger) wrote.
"""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registry.settings import client_address_settings, env_int

from .factories import PASSWORD, make_practitioner

pytestmark = pytest.mark.django_db


def _sign_in(client, user, password, **meta):
    return client.post(reverse("login"), {"username": user.username, "password": password}, **meta)


@pytest.fixture
def limits(settings):
    settings.SIGN_IN_FAILURE_LIMIT = 3
    settings.SIGN_IN_FAILURE_LIMIT_PER_USERNAME = 6
    return settings


def _behind_proxies(settings, count):
    for name, value in client_address_settings(count).items():
        setattr(settings, name, value)


def test_rotating_addresses_does_not_reset_the_count_for_a_user_name(client, limits):
    user, bystander = make_practitioner(), make_practitioner()
    # One IPv6 /64 holds 2**64 addresses: one guess from each.
    for n in range(1, 6):
        assert _sign_in(client, user, "guess", REMOTE_ADDR=f"2001:db8:1:1::{n:x}").status_code == 200
    assert _sign_in(client, user, "guess", REMOTE_ADDR="2001:db8:1:1::6").status_code == 429
    assert _sign_in(client, user, PASSWORD, REMOTE_ADDR="2001:db8:9:9::1").status_code == 429  # from anywhere
    assert _sign_in(Client(), bystander, PASSWORD, REMOTE_ADDR="2001:db8:1:1::7").status_code == 302

    threshold = timezone.now() - timezone.timedelta(hours=limits.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=threshold)
    assert _sign_in(client, user, PASSWORD, REMOTE_ADDR="2001:db8:9:9::1").status_code == 302


def test_a_few_failures_from_one_address_lock_that_address_only(client, limits):
    user = make_practitioner()
    for _ in range(2):
        assert _sign_in(client, user, "guess", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert _sign_in(client, user, "guess", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert _sign_in(client, user, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    # The account's owner, elsewhere, is not locked out by someone else's three failures.
    assert _sign_in(Client(), user, PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 302


def test_without_a_configured_proxy_a_forged_x_forwarded_for_changes_nothing(client, limits):
    _behind_proxies(limits, 0)
    user = make_practitioner()
    responses = [
        _sign_in(client, user, "guess", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(1, 4)
    ]
    assert [response.status_code for response in responses] == [200, 200, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_behind_the_configured_proxy_each_client_is_counted_at_its_own_address(limits):
    """Before: every client had the proxy's address, so three failures by anyone locked the account for all."""
    _behind_proxies(limits, 1)
    user = make_practitioner()
    attacker, owner = Client(), Client()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for expected in (200, 200, 429):
        response = _sign_in(attacker, user, "guess", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
        assert response.status_code == expected
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # What a client writes into X-Forwarded-For before the proxy appends the real address is ignored.
    forged = _sign_in(attacker, user, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77, 203.0.113.9", **proxy)
    assert forged.status_code == 429
    assert _sign_in(owner, user, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 302


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(client, limits):
    _behind_proxies(limits, 2)
    user = make_practitioner()
    for n in range(3):
        chain = f"192.0.2.{n}, 203.0.113.9, 10.0.0.3"  # forged, client (added by the outer proxy), outer proxy
        _sign_in(client, user, "guess", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=chain)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    locked = _sign_in(client, user, PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.3")
    assert locked.status_code == 429


def test_the_default_settings_read_only_the_connections_address():
    assert django_settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ["REMOTE_ADDR"]
    assert django_settings.AXES_IPWARE_PROXY_COUNT is None
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "username"]
    assert django_settings.SIGN_IN_FAILURE_LIMIT_PER_USERNAME > django_settings.SIGN_IN_FAILURE_LIMIT


@pytest.mark.parametrize("value", ["٥", "-1", "0", "1.5", "two", ""])
def test_a_proxy_count_that_is_not_a_whole_number_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("AXES_PROXY_COUNT", value)
    if value == "0":
        assert env_int("AXES_PROXY_COUNT", 0) == 0
        return
    with pytest.raises(ImproperlyConfigured, match="AXES_PROXY_COUNT"):
        env_int("AXES_PROXY_COUNT", 0)


def test_a_per_user_name_ceiling_below_the_per_address_limit_stops_start_up():
    env = {**os.environ, "AXES_FAILURE_LIMIT": "10", "AXES_USERNAME_FAILURE_LIMIT": "5"}
    result = subprocess.run(
        [sys.executable, "-c", "import tests.settings"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "AXES_USERNAME_FAILURE_LIMIT must be higher than AXES_FAILURE_LIMIT" in result.stderr
