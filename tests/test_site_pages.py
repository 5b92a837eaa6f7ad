"""The official pages (texts edited in the admin), the footer, the owner's name, icons and the error pages."""

import re
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sitepages.models import SitePage
from sitepages.rendering import page_html

from .factories import make_network, make_network_editor, make_secretariat_member, make_topic

pytestmark = pytest.mark.django_db
OFFICIAL = ["about", "contact", "privacy", "accessibility", "terms"]


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("slug", OFFICIAL)
def test_each_official_page_shows_its_starting_text_in_one_query(client, django_assert_num_queries, slug):
    with django_assert_num_queries(1):  # the page
        response = client.get(reverse(slug))
    assert response.status_code == 200
    page = SitePage.objects.get(slug=slug)
    assert f"<h1>{page.title}</h1>" in response.content.decode()
    assert len(_text(response)) > 1500  # a real text, not a placeholder


def test_the_starting_texts_answer_what_an_official_site_must_say(client):
    privacy = _text(client.get(reverse("privacy")))
    for words in ["contact point", "Practitioners", "Secretariat only", "erase", "history", "twelve months", "basis"]:
        assert words.lower() in privacy.lower(), words
    accessibility = _text(client.get(reverse("accessibility")))
    for words in ["WCAG 2.1", "partially compliant", "not accessible", "Feedback and contact", "Enforcement"]:
        assert words in accessibility, words
    terms = _text(client.get(reverse("terms")))
    assert "CC BY 4.0" in terms and "personal data" in terms
    about = _text(client.get(reverse("about")))
    assert "Suggesting a correction" in about and "PC-OC" in about


def test_the_owner_comes_from_the_settings_in_header_footer_and_texts(client, settings):
    settings.REGISTRY_OWNER = "the Council of Europe's PC-OC secretariat"
    escaped = "the Council of Europe&#39;s PC-OC secretariat"
    page = client.get(reverse("about")).content.decode()
    assert f'<span class="brand-owner">{escaped}</span>' in page
    assert f"kept by {escaped}." in page  # the footer
    assert "The registry is kept by the Council of Europe" in page  # {owner} in the text
    assert "{owner}" not in page


def test_unset_the_owner_is_the_secretariat_in_the_page_language(client, settings):
    settings.REGISTRY_OWNER = ""
    english = client.get(reverse("about")).content.decode()
    assert '<span class="brand-owner">the Networks Registry secretariat</span>' in english
    with translation.override("fr"):
        french = client.get(reverse("about")).content.decode()
    assert '<span class="brand-owner">le secrétariat du Registre des réseaux</span>' in french
    # The text is in English, the host's name in it too (it read "kept by le secrétariat du Registre des réseaux").
    prose = re.search(r'<div class="prose" lang="en">.*?</div>', french, re.S).group(0)
    assert "The registry is kept by the Networks Registry secretariat." in prose
    assert "secrétariat" not in prose
    assert "Networks Registry secretariat" not in french.replace(prose, "")


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("about", "À propos"),
        ("contact", "Contacter le secrétariat"),
        ("privacy", "Politique de confidentialité"),
        ("accessibility", "Déclaration d’accessibilité"),
        ("terms", "Conditions d’utilisation et licence des données"),
    ],
)
def test_a_french_official_page_is_titled_in_french_and_says_its_text_is_english(client, slug, name):
    """Reported (new-user test): the French official pages' <title> and <h1> were the English texts' titles."""
    with translation.override("fr"):
        html = client.get(reverse(slug)).content.decode()
    assert f"<title>{name} · Registre des réseaux</title>" in html
    assert f"<h1>{name}</h1>" in html and f"› {name}</p>" in html  # not the English text's own title
    assert '<p class="muted">Le secrétariat rédige cette page en anglais.</p>' in html
    assert '<div class="prose" lang="en">' in html


def test_the_contact_page_gives_the_address_when_one_is_configured(client, settings):
    assert "mailto:" not in client.get(reverse("contact")).content.decode()
    settings.REGISTRY_CONTACT_EMAIL = "registry@example.org"
    assert 'href="mailto:registry@example.org"' in client.get(reverse("contact")).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("network-list"),
        reverse("country-list"),
        reverse("topic-list"),
        reverse("region-list"),
        reverse("about"),
        "/en/nowhere/",
    ],
)
def test_every_page_has_a_footer_linking_the_official_pages(client, url):
    page = client.get(url).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    for slug in OFFICIAL:
        assert f'href="{reverse(slug)}"' in footer
    assert f'href="{reverse("data")}"' in footer
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_a_page_the_secretariat_edits_is_sanitised_and_keeps_its_history(client):
    page = SitePage.objects.get(slug="about")
    assert page.history.count() == 1  # the starting text, so it can always be restored
    page.body = (
        "## Who we are\n\nSee [the data](/data/) or <script>alert(1)</script> "
        '[bad](javascript:alert(1)) <img src=x onerror="alert(1)"> <b onclick="x()">bold</b>'
    )
    page.save()
    html = client.get(reverse("about")).content.decode()
    # The text's own link, as written (an unprefixed address redirects to the reader's language).
    assert "<h2>Who we are</h2>" in html and '<a href="/data/" rel="noopener">the data</a>' in html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html
    assert "onclick" not in html and "<img src=x" not in html
    assert page.history.count() == 2


def test_html_in_a_text_never_survives_rendering():
    html = str(page_html('<iframe src="https://evil.example"></iframe><p style="color:red">x</p>\n\n# Title', "Owner"))
    assert "<iframe" not in html and "style=" not in html and "<h1>" not in html


def test_the_secretariat_edits_the_pages_in_the_admin_and_editors_cannot(client):
    page = SitePage.objects.get(slug="terms")
    client.force_login(make_secretariat_member())
    change = reverse("admin:sitepages_sitepage_change", args=[page.pk])
    response = client.get(change)
    assert response.status_code == 200 and "Preview (as saved)" in response.content.decode()
    data = {"slug": "terms", "title": "Terms of use", "summary": "", "body": "New terms for {owner}."}
    assert client.post(change, data).status_code == 302
    assert "New terms for" in client.get(reverse("terms")).content.decode()
    assert client.get(reverse("admin:sitepages_sitepage_history", args=[page.pk])).status_code == 200
    client.force_login(make_network_editor())
    assert client.get(change).status_code == 403


def test_a_refused_page_is_the_sites_own_403(client):
    editor = make_network_editor()  # staff, not secretariat: the staleness dashboard refuses them
    client.force_login(editor)
    response = client.get(reverse("staleness-dashboard"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not see this page" in page and 'class="site-footer"' in page
    assert f"signed in as {editor.username}" in page


def test_a_form_without_its_csrf_token_gets_an_explanation_not_a_bare_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "someone", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form could not be accepted" in page and "Nothing was changed" in page
    assert 'class="site-footer"' in page


def test_the_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = get_template("500.html").render()
    assert (
        "Something went wrong" in page and f'href="{reverse("contact")}"' in page and "/static/css/registry.css" in page
    )


def test_a_server_error_shows_the_styled_500_page(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("public.views.render", broken)
    response = Client(raise_request_exception=False).get(reverse("topic-list"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode() and "boom" not in response.content.decode()


def test_the_sign_in_page_looks_like_the_rest_of_the_site(client):
    page = client.get(reverse("login")).content.decode()
    assert 'class="stacked-form"' in page and 'class="site-footer"' in page and 'class="brand"' in page
    assert f'href="{reverse("contact")}"' in page


def test_the_favicon_has_an_svg_and_an_ico_fallback(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    from django.contrib.staticfiles import finders

    ico = Path(finders.find("favicon.ico")).read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and b"PNG" in ico[:40]
    assert Path(finders.find("img/emblem.svg")).read_text().startswith("<svg")


def test_topics_and_regions_have_index_pages(client, django_assert_num_queries):
    crime = make_topic(name="Cybercrime", slug="cybercrime", description="Offences against computer systems.")
    make_topic(name="Extradition", slug="extradition", facet="instrument")
    make_network(topics=[crime])
    make_network(topics=[crime])
    client.get(reverse("topic-list"))  # builds the facet index for this catalogue version
    with django_assert_num_queries(2):  # the catalogue version (the facet index counts), the topics
        topics = _text(client.get(reverse("topic-list")))
    assert "Crime area Cybercrime (2 networks) Offences against computer systems." in topics
    assert "Cooperation instrument Extradition (0 networks)" in topics
    client.get(reverse("region-list"))  # builds the facet index for this catalogue version
    with django_assert_num_queries(1):  # the catalogue version; the tree and counts come from the facet index
        regions = client.get(reverse("region-list"))
    assert "Africa" in _text(regions) and "Western Africa" in _text(regions)
    assert f'href="{reverse("region-detail", args=["western-africa"])}"' in regions.content.decode()
