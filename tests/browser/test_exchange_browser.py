"""The admin export page in a real browser: its "Select all" works under the Content-Security-Policy."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_secretariat_member

pytestmark = pytest.mark.browser


def _signed_in(page, live_server):
    client = Client()
    client.force_login(make_secretariat_member())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _refusals(page):
    """Console errors and Content-Security-Policy violations of the page, as they happen."""
    refused = []
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " (event) => console.error('CSP violation: ' + event.violatedDirective));"
    )
    return refused


def test_select_all_on_the_export_page_clears_and_ticks_every_column_without_a_csp_error(
    live_server, page, transactional_db
):
    refused = _refusals(page)
    _signed_in(page, live_server)
    page.goto(live_server.url + reverse("admin:networks_network_export"))
    select_all = page.get_by_label("Select all")
    columns = page.locator('.selectable-field-export-row input[type="checkbox"]:not(#select-all-toggle)')
    assert columns.count() > 5
    expect(select_all).to_be_checked()

    select_all.uncheck()
    assert [box.is_checked() for box in columns.all()] == [False] * columns.count()
    select_all.check()
    assert [box.is_checked() for box in columns.all()] == [True] * columns.count()
    columns.first.uncheck()
    expect(select_all).not_to_be_checked()
    columns.first.check()
    expect(select_all).to_be_checked()
    assert refused == []
