"""E-mail is a real part: settings from the environment, console mail for `make run`, SMTP in tests,
and password reset for practitioners and editors through the same path (issue 12, "E-mail")."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from .factories import PASSWORD, make_network, make_network_editor, make_practitioner
from .mailserver import body

BASE_DIR = Path(django_settings.BASE_DIR)


def _email_settings(**env):
    """EMAIL_* settings as registry.settings reads them from `env` (a fresh interpreter)."""
    names = "EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL"
    code = f"import registry.settings as s; print(*(getattr(s, n) for n in '{names}'.split(', ')))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "DEFAULT_FROM_EMAIL"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
    )
    return result


def test_make_run_prints_mail_on_the_console_and_production_uses_smtp_from_the_environment():
    development = _email_settings(DEBUG="1")
    assert development.stdout.startswith("django.core.mail.backends.console.EmailBackend")
    production = _email_settings(
        DEBUG="0",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="r@example.org",
    )
    assert production.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "True",
        "r@example.org",
    ]
    # Development with a named server sends through it.
    assert _email_settings(DEBUG="1", EMAIL_HOST="127.0.0.1").stdout.startswith("django.core.mail.backends.smtp")


def test_bad_email_settings_stop_start_up_with_a_message():
    both = _email_settings(DEBUG="1", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert both.returncode != 0 and "not both" in both.stderr
    port = _email_settings(DEBUG="1", EMAIL_PORT="twenty-five")
    assert port.returncode != 0 and "EMAIL_PORT" in port.stderr


def _reset_through(client, address):
    response = client.post(reverse("password_reset"), {"email": address})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["practitioner", "editor"])
def test_password_reset_arrives_through_a_real_smtp_server_and_sets_the_password(client, smtp_inbox, role):
    user = (
        make_practitioner(email="pat@example.org")
        if role == "practitioner"
        else make_network_editor(make_network(), email="pat@example.org")
    )
    _reset_through(client, "pat@example.org")
    [message] = smtp_inbox.to("pat@example.org")
    assert message["Subject"] == "Choose a new password for the Networks Registry"
    link = re.search(r"http://testserver(/\S+)", body(message)).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase-7", "new_password2": "another-long-passphrase-7"},
    )
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-7")
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link is not valid" in again.content.decode()


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    make_practitioner(email="known@example.org")
    _reset_through(client, "nobody@example.org")
    assert mail.outbox == []
    assert User.objects.get(email="known@example.org").check_password(PASSWORD)


def test_the_sign_in_page_offers_the_password_reset(client, db):
    response = client.get(reverse("login"))
    assert f'href="{reverse("password_reset")}"' in response.content.decode()
