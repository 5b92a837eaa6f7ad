"""Pages in English and French: addresses, the switcher, hreflang, redirects, the page cache, dates and numbers."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts.filters import ContactPointFilter
from liaison.filters import LiaisonPostFilter
from library.filters import DocumentFilter
from meetings.filters import MeetingFilter
from networks.dating import Precision
from public.compare import CompareForm
from public.filters import NetworkFilter
from public.jinja2 import number
from public.languages import NEXT, PAGE_PARAMETERS
from public.wording import day_range, since, until
from routes.forms import RouteForm

from .factories import PASSWORD, make_meeting, make_network, make_practitioner, make_sample_catalogue

pytestmark = pytest.mark.django_db


def _in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args or None)


def test_pages_live_under_a_language_prefix_and_machine_addresses_do_not():
    assert _in("en", "network-detail", "ejn") == "/en/networks/ejn/"
    assert _in("fr", "network-detail", "ejn") == "/fr/networks/ejn/"
    for language in ("en", "fr"):
        with translation.override(language):
            assert reverse("data-file", args=["networks.csv"]) == "/data/networks.csv"
            assert reverse("changes-feed") == "/changes/feed/"
            assert reverse("meetings-ics") == "/meetings.ics"
            assert reverse("api:network-list") == "/api/v1/networks/"
            assert reverse("healthz") == "/healthz"


@pytest.mark.parametrize(("accept", "language"), [("fr-FR,fr;q=0.9,en;q=0.5", "fr"), ("en-GB", "en"), ("", "en")])
def test_an_old_address_redirects_to_the_browsers_language_with_its_query(client, accept, language):
    response = client.get("/networks/?topic=asset-recovery&sort=members", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/networks/?topic=asset-recovery&sort=members"


def test_the_prefix_wins_over_the_browser(client):
    response = client.get(_in("fr", "network-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"


def test_the_switcher_and_the_alternates_keep_the_page_and_its_filters(client):
    make_network(slug="ejn")
    response = client.get(_in("en", "network-list"), {"type": "judicial", "sort": "name", "page": "1"})
    html = response.content.decode()
    switcher = re.search(r'<nav class="language-nav".*?</nav>', html, re.S).group(0)
    assert '<a href="/fr/networks/?type=judicial&amp;sort=name&amp;page=1" hreflang="fr" lang="fr">Français</a>' in (
        switcher
    )
    assert '<span aria-current="true" lang="en">English</span>' in switcher
    for hreflang, address in [
        ("en", "/en/networks/?type=judicial&amp;sort=name&amp;page=1"),
        ("fr", "/fr/networks/?type=judicial&amp;sort=name&amp;page=1"),
        ("x-default", "/networks/?type=judicial&amp;sort=name&amp;page=1"),
    ]:
        assert f'<link rel="alternate" hreflang="{hreflang}" href="http://testserver{address}">' in html
    detail = client.get(_in("fr", "network-detail", "ejn"), {"as_of": "2020-01-01"}).content.decode()
    assert '<a href="/en/networks/ejn/?as_of=2020-01-01" hreflang="en" lang="en">English</a>' in detail
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/networks/ejn/?as_of=2020-01-01">' in (
        detail
    )


@pytest.mark.parametrize(
    ("address", "other"),
    [
        ("/en/no-such-page/", "/fr/no-such-page/"),
        ("/fr/foo/bar", "/en/foo/bar"),
        ("/en/networks/x/extra/", "/fr/networks/x/extra/"),
    ],
)
def test_on_an_address_no_page_answers_the_switcher_gives_it_in_the_other_language(client, address, other):
    response = client.get(address)
    assert response.status_code == 404
    switcher = re.search(r'<nav class="language-nav".*?</nav>', response.content.decode(), re.S).group(0)
    assert f'<a href="{other}" hreflang="{other[1:3]}"' in switcher


def test_the_switcher_repeats_no_parameter_the_page_does_not_read(client):
    make_network(slug="ejn")
    html = client.get(_in("en", "network-detail", "ejn"), {"utm_source": "x", "as_of": "2020-01-01"}).content.decode()
    switcher = re.search(r'<nav class="language-nav".*?</nav>', html, re.S).group(0)
    alternates = re.findall(r'<link rel="alternate" hreflang=[^>]*>', html)
    assert 'href="/fr/networks/ejn/?as_of=2020-01-01"' in switcher and len(alternates) == 3
    assert "utm_source" not in switcher + "".join(alternates)


def test_a_page_off_the_prefix_has_no_alternates(client):
    html = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'hreflang="' not in html and 'class="language-nav"' not in html


def test_the_page_cache_keeps_each_language_apart(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    make_network(slug="ejn")
    english, french = _in("en", "network-detail", "ejn"), _in("fr", "network-detail", "ejn")
    assert client.get(english)["X-Page-Cache"] == "miss"
    assert client.get(english)["X-Page-Cache"] == "hit"
    response = client.get(french)
    assert response["X-Page-Cache"] == "miss" and '<html lang="fr">' in response.content.decode()
    again = client.get(french)
    assert again["X-Page-Cache"] == "hit" and '<html lang="fr">' in again.content.decode()
    assert '<html lang="en">' in client.get(english).content.decode()
    # A redirect by browser language is never cached: the next visitor's browser may say otherwise.
    assert client.get("/networks/ejn/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == french
    assert client.get("/networks/ejn/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == english
    # The sign-in page stays out of the cache in either language.
    assert "X-Page-Cache" not in client.get(_in("fr", "login"))
    cache.clear()


def test_numbers_group_thousands_as_each_language_does():
    with translation.override("en"):
        assert number(1234) == "1,234"
    with translation.override("fr"):
        assert number(1234) == "1\u00a0234"


def test_dates_and_their_precision_are_worded_as_each_language_words_them():
    day = datetime.date(2009, 6, 1)
    with translation.override("en"):
        assert since(day) == "since June 1, 2009"
        assert since(day, Precision.MONTH) == "since June 2009"
        assert until(day, Precision.YEAR) == "until 2009"
    with translation.override("fr"):
        assert since(day) == "depuis le 1 juin 2009"
        assert since(day, Precision.MONTH) == "depuis juin 2009"
        assert since(day, Precision.YEAR) == "depuis 2009"
        assert until(day) == "jusqu’au 1 juin 2009"
        assert until(day, Precision.MONTH) == "jusqu’en juin 2009"


def test_a_meeting_over_several_days_says_its_month_once():
    with translation.override("fr"):
        assert day_range(datetime.date(2024, 9, 25), datetime.date(2024, 9, 26)) == ("25", "26 septembre 2024")
        assert day_range(datetime.date(2024, 9, 30), datetime.date(2024, 10, 2)) == ("30 septembre", "2 octobre 2024")
        assert day_range(datetime.date(2024, 12, 30), datetime.date(2025, 1, 2)) == (
            "30 décembre 2024",
            "2 janvier 2025",
        )
    with translation.override("en"):
        assert day_range(datetime.date(2024, 9, 25), datetime.date(2024, 9, 26)) == ("25", "26 September 2024")


def test_the_meetings_page_shows_a_span_of_days_in_french(client):
    make_meeting(start=datetime.date(2024, 9, 25), end=datetime.date(2024, 9, 26))
    html = client.get(_in("fr", "meeting-list")).content.decode()
    assert '<time datetime="2024-09-25">25</time>–<time datetime="2024-09-26">26 septembre 2024</time>' in html


def test_french_plurals_treat_one_as_singular(client):
    with translation.override("fr"):
        assert translation.ngettext("%(num)s network", "%(num)s networks", 1) == "%(num)s réseau"
        assert translation.ngettext("%(num)s network", "%(num)s networks", 0) == "%(num)s réseau"
        assert translation.ngettext("%(num)s network", "%(num)s networks", 2) == "%(num)s réseaux"


@pytest.mark.parametrize("page", ["overlap", "relations-graph", "home"])
def test_a_page_memoised_in_one_language_is_not_served_in_the_other(client, page):
    # The memo of a page's context once held the language of its first visitor: /fr/overlap/ showed the English
    # legend, and links under /en/, until the catalogue changed.
    make_sample_catalogue()
    english = client.get(_in("en", page)).content.decode()
    french = client.get(_in("fr", page)).content.decode()
    assert french != english
    assert 'href="/en/networks/' not in french and 'href="/fr/networks/' in french
    if page == "overlap":
        assert "of the smaller network's members and participants" in english
        assert "of the smaller network's members" not in french


def _switcher_link(html, language):
    return re.search(rf'<a href="([^"]*)" hreflang="{language}"', html).group(1).replace("&amp;", "&")


def test_the_sign_in_pages_switcher_keeps_next_as_the_same_page_in_that_language(client):
    """Reported: /en/accounts/login/?next=/en/contacts/ switched to French lost `next`; signing in landed elsewhere."""
    html = client.get(_in("en", "login"), {"next": "/en/contacts/?q=ghana"}).content.decode()
    french = _switcher_link(html, "fr")
    assert french == "/fr/accounts/login/?next=%2Ffr%2Fcontacts%2F%3Fq%3Dghana"
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/accounts/login/?next=' in html
    page = client.get(french).content.decode()
    assert '<input type="hidden" name="next" value="/fr/contacts/?q=ghana">' in page
    user = make_practitioner()
    response = client.post(french, {"username": user.username, "password": PASSWORD, "next": "/fr/contacts/?q=ghana"})
    assert response.status_code == 302 and response["Location"] == "/fr/contacts/?q=ghana"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/en/contacts/",
        "javascript:alert(1)",
        "/\\evil.example",
        "/en/" + "x" * 300,
    ],
)
def test_the_switcher_never_carries_a_next_the_sign_in_would_not_follow(client, target):
    html = client.get(_in("en", "login"), {"next": target}).content.decode()
    links = [_switcher_link(html, "fr"), *re.findall(r'<link rel="alternate" hreflang=[^>]*>', html)]
    assert _switcher_link(html, "fr") == "/fr/accounts/login/"
    assert not any("next" in link or "evil" in link for link in links)


def test_every_parameter_a_public_page_reads_follows_the_visitor_to_the_other_language():
    """The switcher keeps a fixed list of parameters (public.languages.PAGE_PARAMETERS): a filter added to a
    page must join it, or switching language would drop it as it dropped the sign-in's `next`."""
    read = {"page", "as_of", "before", NEXT}  # paging, the day a page is read as of, timelines' cursor, sign-in
    for filterset in (NetworkFilter, ContactPointFilter, MeetingFilter, DocumentFilter, LiaisonPostFilter):
        read |= set(filterset.base_filters)
    for form in (CompareForm, RouteForm):
        read |= set(form.base_fields)
    assert read - PAGE_PARAMETERS == {NEXT}  # `next` follows apart, checked and translated (test above)


def test_a_french_search_for_a_country_names_it_without_needing_an_article(client):
    """ "Y compris les réseaux dont Comores est membre" read wrong: the French words the sentence for any name."""
    html = client.get(_in("fr", "network-list"), {"q": "Comores"}).content.decode()
    assert "dont Comores" not in html and "dont <a" not in html
    assert "Y compris les réseaux dont ce pays" in html
