"""Every admin page loads for the secretariat, in a number of queries that does not grow with the data."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from rest_framework.authtoken.models import Token

from countries.models import Jurisdiction
from liaison.models import LiaisonContact
from networks.models import ContactPoint, Membership, StatedCount

from .factories import make_document, make_liaison_post, make_meeting, make_network, make_populated_network, make_user

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def secretariat(client, django_user_model):
    user = django_user_model.objects.create_superuser("secretariat", "sec@example.org", "a-long-passphrase-42")
    client.force_login(user)
    return client


def _populate(size):
    for _ in range(size):
        network = make_populated_network(size)
        documents = [make_document(network) for _ in range(size)]
        make_meeting(network, outcome_documents=documents)
        post = make_liaison_post(Jurisdiction.objects.get(code="FR"), network)
        LiaisonContact.objects.create(post=post, name="Liaison office")
        Token.objects.create(user=make_user())  # the API tokens the secretariat issues


def _queries(client, url):
    client.get(url)  # warm per-process caches (content types, site), which would skew the first count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _change_url(model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} to open"
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])


def _counts(client, urls):
    """{label: queries} for each admin page in `urls` ({label: url})."""
    return {label: _queries(client, url) for label, url in urls.items()}


def test_changelist_query_count_does_not_grow_with_rows(secretariat):
    """Every model's changelist, with 2 then 8 rows of everything (one population serves all models)."""
    urls = {
        model._meta.label: reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in ADMIN_MODELS
    }
    _populate(2)
    small = _counts(secretariat, urls)
    _populate(6)
    large = _counts(secretariat, urls)
    assert {label: (small[label], large[label]) for label in urls if large[label] != small[label]} == {}
    assert {label: count for label, count in small.items() if count > 14} == {}


# Records the catalogue does not create (assignments, audit, login attempts): see tests/test_access_admin.py.
# Outreach and corrections: their pages are opened in test_invitations, test_reminders, test_corrections and
# the canary walk.
CHANGE_FORM_MODELS = [
    m
    for m in ADMIN_MODELS
    if m._meta.label
    not in {
        "auth.Group",
        "accounts.AuditEvent",
        "accounts.NetworkEditor",
        "axes.AccessAttempt",
        "axes.AccessFailureLog",
        "exchange.ImportRecord",
        "corrections.ChangeRequest",
        "outreach.Invitation",
        "outreach.Reminder",
    }
]


def test_change_form_query_count_does_not_grow_with_rows(secretariat):
    """Each model's first record's change form, with 2 then 8 rows of everything."""
    _populate(2)
    urls = {model._meta.label: _change_url(model) for model in CHANGE_FORM_MODELS}
    small = _counts(secretariat, urls)
    _populate(6)
    large = _counts(secretariat, urls)
    assert {label: (small[label], large[label]) for label in urls if large[label] != small[label]} == {}


def test_network_change_form_query_count_does_not_grow_with_inline_rows(secretariat):
    """Two networks, one with 2 and one with 8 rows in every inline, render in the same number of queries."""
    small = make_populated_network(2)
    large = make_populated_network(8)
    assert large.memberships.count() == 16

    def url(network):
        return reverse("admin:networks_network_change", args=[network.pk])

    assert _queries(secretariat, url(large)) == _queries(secretariat, url(small))


def test_network_changelist_filters_and_searches_by_alias(secretariat):
    network = make_populated_network(2)
    url = reverse("admin:networks_network_changelist")
    response = secretariat.get(url, {"q": f"{network.name} alias 1"})
    assert response.context["cl"].result_count == 1
    response = secretariat.get(url, {"verified": "stale"})
    assert list(response.context["cl"].queryset) == [network]


def test_mark_verified_action_sets_today_and_records_history(secretariat):
    network = make_populated_network(1)
    contact = ContactPoint.objects.get(network=network)
    for model, obj in [("network", network), ("contactpoint", contact)]:
        response = secretariat.post(
            reverse(f"admin:networks_{model}_changelist"),
            {"action": "mark_verified", "_selected_action": [obj.pk]},
        )
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.last_verified == timezone.localdate()
        assert obj.history.first().last_verified == timezone.localdate()


def test_the_network_list_shows_stated_figures_not_zero_members(secretariat):
    listed = make_populated_network(2)
    stated = make_network(name="Stated only")
    StatedCount.objects.create(network=stated, role=Membership.Role.MEMBER, count=172)
    unknown = make_network(name="Nothing known")
    response = secretariat.get(reverse("admin:networks_network_changelist"))
    rows = {row_name: cells for row_name, cells in _changelist_rows(response)}
    assert rows[listed.name][-2] != "0"
    assert rows[stated.name][-2] == "172 stated, no list"
    assert rows[unknown.name][-2] == "no list"
    StatedCount.objects.filter(network=stated).update(count=1)
    response = secretariat.get(reverse("admin:networks_network_changelist"), headers={"accept-language": "fr"})
    rows = {row_name: cells for row_name, cells in _changelist_rows(response)}
    assert rows[stated.name][-2] == "1 déclaré, sans liste"


def _changelist_rows(response):
    """(network name, [cell texts]) for each result row of an admin changelist."""
    from django.contrib.admin.templatetags.admin_list import results

    for row in results(response.context["cl"]):
        cells = [strip_tags(cell).strip() for cell in row]
        yield cells[1], cells[1:]
