"""Every public page of the real seed catalogue, read in French, shows no English interface string."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from countries.models import Jurisdiction, Region
from networks.models import Network, Organisation, Topic

from .catalogue_loaded import catalogue  # noqa: F401 (the real seed catalogue, loaded once for the module)
from .i18n_text import message_patterns, public_msgids, visible_texts

pytestmark = pytest.mark.django_db

# (URL name, arguments, query): one page of each kind, and the states a visitor reaches with filters.
PAGES = [
    ("home", [], {}),
    ("network-list", [], {}),
    ("network-list", [], {"topic": "asset-recovery", "region": "africa", "sort": "members"}),
    ("network-list", [], {"q": "zzzz-nothing"}),
    ("network-list", [], {"country": "Congo"}),
    ("network-list", [], {"country": "nowhere", "page": "x"}),
    ("network-detail", ["eurojust"], {}),
    ("network-detail", ["wacap"], {}),
    ("network-detail", ["ejn"], {"as_of": "2015-06-01"}),
    ("network-changes", ["ejn"], {}),
    ("changes", [], {}),
    ("topic-list", [], {}),
    ("topic-detail", ["asset-recovery"], {}),
    ("compare", [], {}),
    ("compare", [], {"networks": ["ejn", "eurojust"]}),
    ("compare", [], {"country": "gh"}),
    ("overlap", [], {}),
    ("relations-graph", [], {}),
    ("country-list", [], {}),
    ("country-detail", ["gh"], {}),
    ("country-detail", ["gb-sct"], {}),
    ("region-list", [], {}),
    ("region-detail", ["europe"], {}),
    ("region-detail", ["africa"], {}),
    ("route-finder", [], {}),
    ("route-finder", [], {"requesting": "fr", "requested": "gh"}),
    ("liaison-list", [], {}),
    ("liaison-matrix", [], {}),
    ("meeting-list", [], {}),
    ("document-list", [], {}),
    ("data", [], {}),
    ("about", [], {}),
    ("contact", [], {}),
    ("privacy", [], {}),
    ("accessibility", [], {}),
    ("terms", [], {}),
    ("login", [], {}),
    ("password_reset", [], {}),
    ("correction-suggest", ["ejn"], {}),
]


@pytest.fixture(scope="module")
def english():
    """{message: patterns} for each message of the public site that French says differently."""
    with translation.override("fr"):
        changed = {message for message in public_msgids() if translation.gettext(message) != message}
    return message_patterns(changed)


@pytest.fixture
def data_names(catalogue):  # noqa: F811
    """The catalogue's own names ("Liaison magistrates" is an organisation): data, in their sources' words."""
    names = set()
    for model in (Network, Organisation, Jurisdiction, Region, Topic):
        names.update(model.objects.values_list("name", flat=True))
    return names


def _english_left(html, english, data_names=frozenset()):
    left = []
    for text in visible_texts(html, "fr"):
        if text in data_names:
            continue
        for message, patterns in english.items():
            if any(pattern.fullmatch(text) for pattern in patterns):
                left.append((text, message))
    return left


@pytest.mark.parametrize(("name", "args", "query"), PAGES)
def test_the_french_page_has_no_english_interface_text(client, english, data_names, name, args, query):
    with translation.override("fr"):
        url = reverse(name, args=args)
    assert url.startswith("/fr/")
    response = client.get(url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert not _english_left(html, english, data_names)


def test_the_french_error_page_has_no_english_interface_text(client, catalogue, english):  # noqa: F811
    response = client.get("/fr/networks/no-such-network/")
    assert response.status_code == 404
    assert not _english_left(response.content.decode(), english)


def test_the_check_finds_english_left_on_the_same_page_in_english(client, catalogue, english):  # noqa: F811
    """The check itself: the English page of a network is full of the messages French replaces."""
    with translation.override("en"):
        url = reverse("network-detail", args=["eurojust"])
    left = {message for _text, message in _english_left(client.get(url).content.decode(), english)}
    assert {"Members and participants", "Suggest a correction", "Skip to content"} <= left


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("country-detail", ["de"], {}),
        ("country-detail", ["es"], {}),
        ("country-detail", ["ie"], {}),
        ("route-finder", [], {"requesting": "it", "requested": "at"}),
        ("compare", [], {"country": "ee"}),
    ],
)
def test_french_never_puts_de_or_pour_before_a_name_that_needs_elision(client, catalogue, name, args, query):  # noqa: F811
    """French writes "de l’Allemagne" or "d’Israël", never "de Allemagne": a sentence that names a country
    after a preposition needs the country's article, which the catalogue does not hold. The French messages
    put the name where it needs none ("Allemagne : …", "Rôle (Allemagne)")."""
    with translation.override("fr"):
        url = reverse(name, args=args)
        vowel_names = [n for n in Jurisdiction.objects.values_list("name_fr", flat=True) if n and n[0] in "AEIOUÉÈÎ"]
    names = "|".join(map(re.escape, vowel_names))
    response = client.get(url, query)
    assert response.status_code == 200
    texts = visible_texts(response.content.decode(), "fr")
    assert any(re.search(rf"\b(?:{names})\b", text) for text in texts)  # the page does name such a country
    assert [text for text in texts if re.search(rf"\b(?:de|pour|que) (?:{names})\b", text)] == []


@pytest.mark.parametrize(("name", "args", "query"), PAGES)
def test_the_french_pages_title_and_heading_are_french(client, data_names, name, args, query):
    """<title> and <h1> in French: no text declared English but the catalogue's own names (an official page was
    titled with its English text's title), and no "de" or "que" before a name that needs elision."""
    with translation.override("fr"):
        url = reverse(name, args=args)
    html = client.get(url, query).content.decode()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(0)
    assert "<h1 lang=" not in heading, heading
    english = {unescape(text) for text in re.findall(r'<span lang="en">(.*?)</span>', heading)}
    assert english <= data_names | set(Network.objects.values_list("acronym", flat=True)), english
    assert title.endswith(" · Registre des réseaux") or title == "Registre des réseaux"
    for text in (unescape(title), unescape(re.sub(r"<[^>]+>", "", heading))):
        assert not re.search(r"\b(?:de|que) [AEIOUÉÈÎ]", text), text


def test_a_french_heading_naming_a_network_needs_no_elision(client, catalogue):  # noqa: F811
    """ "Modifications de Agence de l'Union européenne…": the French messages put the network after "la fiche"."""
    for name, expected in [
        ("network-changes", "Modifications de la fiche Agence de l’Union européenne"),
        ("correction-suggest", "Proposer une correction à la fiche Agence de l’Union européenne"),
    ]:
        with translation.override("fr"):
            url = reverse(name, args=["eurojust"])
        heading = re.search(r"<h1>(.*?)</h1>", client.get(url).content.decode()).group(1)
        assert unescape(heading).replace("'", "’").startswith(expected), heading
