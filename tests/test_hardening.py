"""Login throttling, security headers, the deploy check and explicit form fields."""

import importlib
import inspect
import os
import pkgutil
import re
import secrets
import subprocess
import sys
from pathlib import Path

import django_filters
import pytest
from axes.models import AccessAttempt
from django import forms
from django.conf import settings as django_settings
from django.contrib import admin
from django.template import engines
from django.template.utils import get_app_template_dirs
from django.urls import reverse
from django.utils import timezone

from .factories import PASSWORD, make_practitioner, make_secretariat_member

BASE_DIR = Path(django_settings.BASE_DIR)
PROJECT_APPS = [path.parent.name for path in BASE_DIR.glob("*/apps.py")]


def _post_login(client, url, username, password):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_after_the_failure_limit_the_right_password_is_refused_until_the_cool_off_ends(client, settings, url_name):
    settings.SIGN_IN_FAILURE_LIMIT = 3
    user = make_secretariat_member()
    url = reverse(url_name)
    for _ in range(2):
        assert _post_login(client, url, user.username, "wrong-password").status_code == 200
    assert _post_login(client, url, user.username, "wrong-password").status_code == 429
    locked = _post_login(client, url, user.username, PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in blocked" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    # The cool-off ends: attempts older than AXES_COOLOFF_TIME no longer count.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=settings.AXES_COOLOFF_TIME))
    assert _post_login(client, url, user.username, PASSWORD).status_code == 302
    client.logout()

    # Another address is not locked out by this one's failures (tests/test_lockout.py: up to a higher ceiling).
    for _ in range(3):
        _post_login(client, url, user.username, "wrong-password")
    assert _post_login(client, url, user.username, PASSWORD).status_code == 429
    other = client.post(url, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302


@pytest.mark.django_db
def test_signing_in_and_out_through_the_site(client):
    user = make_practitioner()
    response = client.get(reverse("login"))
    assert response.status_code == 200
    response = _post_login(client, reverse("login"), user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("contact-search")
    page = client.get(reverse("contact-search")).content.decode()
    assert f"Sign out {user.username}" in page
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("contact-search")).status_code == 302


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script_and_the_other_headers(client):
    client.force_login(make_secretariat_member())
    for url in (reverse("home"), reverse("admin:index"), reverse("admin:networks_network_add")):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        body = response.content.decode()
        # Every <script> either loads a file or holds JSON data (never run): nothing a CSP would block.
        for chunk in body.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, f"inline script on {url}: <script{tag}>"


# What the Content-Security-Policy refuses in a page: an event handler or style attribute, a javascript: address,
# a <script> that neither loads a file nor holds JSON data.
_REFUSED_INLINE = re.compile(
    r"<[a-z][^>]*?\s(?:on[a-z]+|style)\s*=|javascript:"
    r'|<script(?![^>]*\bsrc=)(?![^>]*type="application/(?:ld\+)?json")[^>]*>',
    re.IGNORECASE,
)
# Apps whose HTML pages the registry never serves: the API renders JSON only, and its documentation page is ours.
_NO_PAGES_SERVED = ("rest_framework", "drf_spectacular")


def _templates_in_use():
    """{name: file} of every HTML template the engines find first for its name: ours, then the apps' in order."""
    folders = [Path(folder) for engine in engines.all() for folder in engine.dirs]
    folders += [Path(folder) for folder in get_app_template_dirs("templates")]
    found = {}
    for folder in folders:
        if any(f"/{app}/" in f"{folder}/" for app in _NO_PAGES_SERVED):
            continue
        for path in sorted(folder.rglob("*.html")):
            found.setdefault(path.relative_to(folder).as_posix(), path)
    return found


def test_no_template_in_use_holds_what_the_content_security_policy_refuses():
    assert django_settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] == ["rest_framework.renderers.JSONRenderer"]
    templates = _templates_in_use()
    assert "admin/import_export/export.html" in templates and "admin/change_form.html" in templates
    refused = {
        name: match.group(0)
        for name, path in templates.items()
        if (match := _REFUSED_INLINE.search(path.read_text(encoding="utf-8")))
    }
    assert refused == {}


def test_production_settings_pass_the_deploy_check_without_a_warning(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "registry.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "registry.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    # Test-run variables that no deployment has (the browser tests allow async-unsafe calls).
    for name in ("SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_when_debug_is_off():
    # tests/settings.py loads the production module with DEBUG off.
    assert django_settings.DEBUG is False
    assert django_settings.SESSION_COOKIE_SECURE and django_settings.CSRF_COOKIE_SECURE
    assert django_settings.SESSION_COOKIE_HTTPONLY


def _project_classes(base):
    """Subclasses of `base` defined in the project's own apps (imported first, so later code counts too)."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".tests" not in module.name:
                importlib.import_module(module.name)
    seen, stack = [], list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_APPS:
            seen.append(cls)
    return seen


def test_every_admin_and_inline_lists_its_fields_explicitly():
    problems = []
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            name = f"{model._meta.label}: {getattr(owner, '__name__', type(owner).__name__)}"
            if owner.exclude:
                problems.append(f"{name} uses exclude")
            if not (owner.fields or owner.fieldsets):
                problems.append(f"{name} does not list fields or fieldsets")
            form_meta = getattr(owner.form, "_meta", None)
            if form_meta and (form_meta.fields == "__all__" or form_meta.exclude):
                problems.append(f"{name}'s form uses __all__ or exclude")
    assert not problems, "\n".join(problems)


def test_every_project_form_filter_and_import_resource_lists_its_fields_explicitly():
    classes = _project_classes(forms.ModelForm) + _project_classes(django_filters.FilterSet)
    try:
        from import_export.resources import ModelResource

        classes += _project_classes(ModelResource)
    except ImportError:  # pragma: no cover - import-export is a requirement
        pass
    problems = []
    for cls in classes:
        meta = getattr(cls, "Meta", None)
        if meta is None or getattr(meta, "model", None) is None:
            continue  # an abstract base: its subclasses are checked
        fields = getattr(meta, "fields", None)
        if fields is None or fields == "__all__" or getattr(meta, "exclude", None):
            problems.append(f"{inspect.getsourcefile(cls)}: {cls.__qualname__} must list Meta.fields")
    assert not problems, "\n".join(problems)
    assert any(cls.__name__ == "ContactPointFilter" for cls in classes)  # the walk found the project's code
