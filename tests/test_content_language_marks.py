"""Catalogue texts shown in another language than the page's carry it (lang="en"), on the real seed catalogue.

A French page shows each network's name, acronym and description in French where the catalogue has them, in
English otherwise (django-modeltranslation's fallback); screen readers read a text in the language its element
declares, so the English ones must say so. The seed gives CARIN a French description but no French name, and
Eurojust a French name but no French description (fixtures/network_translations.csv).
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from markupsafe import escape

from countries.models import Jurisdiction
from networks.models import Membership, Network, Organisation, Source, Topic
from registry.translated import ShownText, shown_text, text_language

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)
from .factories import make_document, make_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _page(client, language, name, *args, **query):
    with translation.override(language):
        url = reverse(name, args=args or None)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _lead(html):
    return re.search(r'<div class="lead"[^>]*>', html).group(0)


def test_a_french_description_is_unmarked_and_an_english_name_is_marked_english(client):
    html = _page(client, "fr", "network-detail", "carin")
    assert _lead(html) == '<div class="lead">'  # CARIN's description has a French text
    assert "<p>Un réseau informel de praticiens" in html
    name = '<span lang="en">Camden Asset Recovery Inter-Agency Network</span>'
    assert f'<h1>{name} (<span lang="en">CARIN</span>)</h1>' in html


def test_an_english_description_on_a_french_page_is_marked_english(client):
    html = _page(client, "fr", "network-detail", "eurojust")
    assert _lead(html) == '<div class="lead" lang="en">'  # Eurojust's description is in English only
    name = escape(Network.objects.get(slug="eurojust").name_fr)  # French: no lang of its own
    assert f'<h1>{name} (<span lang="en">Eurojust</span>)</h1>' in html
    assert '<dt>Base juridique</dt><dd lang="en">' in html  # kept in English only


def test_the_english_page_marks_nothing_as_english(client):
    for slug in ("carin", "eurojust", "iberred"):
        html = _page(client, "en", "network-detail", slug)
        # Only the page itself and the switcher's own name for English say so.
        assert re.findall(r'<[^>]* lang="en"[^>]*>', html) == [
            '<html lang="en">',
            '<span aria-current="true" lang="en">',
        ], slug


def test_network_lists_mark_the_names_the_catalogue_has_only_in_english(client):
    html = _page(client, "fr", "network-list", q="judiciaire")
    ejn = re.search(r'<h3><a href="/fr/networks/ejn/"[^>]*>Réseau judiciaire européen</a>', html)
    assert ejn and "lang=" not in ejn.group(0)  # the EJN has a French name
    iberred = _page(client, "fr", "network-list", q="iberred")
    assert '<a href="/fr/networks/iberred/" lang="en">Ibero-American Legal Assistance Network</a>' in iberred


def test_country_region_and_topic_pages_mark_english_network_names(client):
    ghana = _page(client, "fr", "country-detail", "gh")
    ajn = '<a href="/fr/networks/ajn/"><span lang="en">African Judicial Network</span> (<span lang="en">AJN</span>)'
    assert ajn in ghana
    africa = _page(client, "fr", "region-detail", "africa")
    assert re.search(r'<a href="/fr/networks/arin-wa/" lang="en">', africa)
    topic = _page(client, "fr", "topic-detail", "asset-recovery")
    assert '<a href="/fr/networks/carin/" lang="en">' in topic
    assert '<div class="lead" lang="en">' in topic  # a topic's description is kept in English only
    assert "<h1>Recouvrement des avoirs</h1>" in topic  # its name has French


def test_filter_options_in_english_are_marked(client):
    html = _page(client, "fr", "network-list")
    options = re.findall(r'<option value="([^"]+)"([^>]*)>', html)
    hosts = {value: attributes for value, attributes in options if value in {"eurojust", "iap"}}
    assert hosts == {"eurojust": "", "iap": ' lang="en"'}  # Eurojust has a French name, the IAP none


def test_rows_read_for_display_say_which_texts_a_fallback_gave():
    """registry.translated.shown_text: the text a page shows, a ShownText with its language where it is not the
    page's (both databases)."""
    with translation.override("fr"):
        names = dict(Network.objects.values_list("slug", shown_text("name")))
        rows = Membership.objects.filter(network__slug="ejn", jurisdiction__code="DE").member_rows()
        germany = rows.first()[6]
        topic = Topic.objects.values_list(shown_text("name"), flat=True).get(slug="asset-recovery")
    assert isinstance(names["carin"], ShownText) and names["carin"].lang == "en"
    assert names["carin"] == "Camden Asset Recovery Inter-Agency Network"
    assert type(names["ejn"]) is str and names["ejn"] == "Réseau judiciaire européen"
    assert (type(germany), germany) == (str, "Allemagne")
    assert (type(topic), topic) == (str, "Recouvrement des avoirs")
    with translation.override("en"):
        assert type(Network.objects.values_list(shown_text("name"), flat=True).get(slug="carin")) is str


def test_an_instance_field_is_in_the_first_language_that_has_a_text():
    carin, eurojust = Network.objects.get(slug="carin"), Network.objects.get(slug="eurojust")
    with translation.override("fr"):
        assert (text_language(carin, "name"), text_language(carin, "description")) == ("en", "fr")
        assert (text_language(eurojust, "name"), text_language(eurojust, "description")) == ("fr", "en")
        assert text_language(eurojust, "legal_basis") == "en"  # a translated model's one-language field
        assert text_language(Jurisdiction.objects.get(code="GH"), "name") == "fr"
        # Another model's text is in the language its model declares: a public note is the registry's (English),
        # an organisation's name and a source's title are in their own `language`; an alias without a tag is in
        # an unknown language.
        assert text_language(eurojust.memberships.first(), "public_note") == "en"
        assert text_language(Organisation.objects.get(slug="giz"), "name") == "de"
        assert text_language(Source.objects.first(), "title") == "en"
        assert text_language(Source(title="Catálogo", language=""), "title") is None


def test_stated_figures_and_source_titles_say_they_are_english(client):
    # Found by a new-user test: "La source indique 54 registered member jurisdictions", and the sources' titles.
    carin = _page(client, "fr", "network-detail", "carin")
    assert re.search(r'Selon la source\u00a0: <span lang="en">(more than |about )?\d+ [^<]+</span>', carin)
    assert re.search(r'rel="noopener" translate="no" lang="en">[^<]+</a>|<span translate="no" lang="en">', carin)
    english = _page(client, "en", "network-detail", "carin")
    assert re.search(r'<p class="stated">The source states (more than |about )?\d+ [^<]+\(2017\): Catalogue', english)


def test_a_sources_publisher_and_date_say_their_language_and_the_registrys_words_are_translated(client):
    """Found by a new-user test: the French EJN page showed "(undated (work in progress))" in English, and the
    publishers' names unmarked. "undated" is the registry's own word, worded in the reader's language; a publisher
    and a date as the source states them are in the source's language."""
    ejn = _page(client, "fr", "network-detail", "ejn")
    assert "(non daté, document de travail)" in ejn and "undated" not in ejn
    assert ', <span lang="en">Council of Europe, European Committee on Crime Problems (CDPC) / PC-OC</span>' in ejn
    english = _page(client, "en", "network-detail", "ejn")
    assert "(undated, work in progress)" in english
    assert ", Council of Europe, European Committee on Crime Problems (CDPC) / PC-OC (2017), section 4.1" in english
    assert ', section <span lang="en">4.1 European Networks: European Judicial Network (EJN)</span>' in ejn


def test_a_network_pages_host_aliases_and_relation_notes_say_they_are_english(client):
    """Found by a new-user test: "Accueilli par : European Union Agency for Law Enforcement Cooperation (Europol)"
    and the relations' notes, in English on a French page, carried no lang. An organisation's name is in its
    `language`, an alias's in its tag, a relation's notes in the registry's words (English)."""
    carin = _page(client, "fr", "network-detail", "carin")
    europol = (
        '<span lang="en">European Union Agency for Law Enforcement Cooperation</span> (<span lang="en">Europol</span>)'
    )
    assert f"<dt>Accueilli par</dt><dd>{europol}</dd>" in carin
    assert '<dd><span lang="en">Camden Assets Recovery Interagency Network</span></dd>' in carin  # an alias
    ejn = _page(client, "fr", "network-detail", "ejn")
    assert '<span class="muted" lang="en">— The secretariat forms part of Eurojust but works' in ejn


def test_organisations_and_public_notes_in_member_lists_are_marked(client):
    carin = _page(client, "fr", "network-detail", "carin")
    assert '<li><span lang="en">World Bank</span></li>' in carin
    euromed = _page(client, "fr", "network-detail", "euromed-justice")
    assert re.search(r'<strong>Remarque\u00a0:</strong> <span lang="en">Syria&#39;s participation in Euromed', euromed)
    # A body known by its own name says so on the English page too.
    ejtn = _page(client, "en", "network-detail", "ejtn")
    assert '<span lang="it">Scuola Superiore della Magistratura</span>' in ejtn


def test_meeting_and_document_titles_say_their_language(client):
    """Found by a new-user test: meetings' and documents' titles, in English on the French pages, carried no lang.
    A meeting's title, place and description are the registry's words (English); a document's title is in its
    first language (the Sahel platform's charter is in French), its description the registry's."""
    ejocn, sahel = Network.objects.get(slug="ejocn"), Network.objects.get(slug="jrp-sahel")
    report = make_document(ejocn, title="Outcome report of the EJOCN launch event", languages="en")
    make_document(sahel, title="Charte de la Plateforme judiciaire régionale", languages="fr", slug="charter")
    place = "Eurojust, The Hague, Netherlands"
    make_meeting(ejocn, title="EJOCN launch event", place=place, outcome_documents=[report])
    meetings = _page(client, "fr", "meeting-list")
    assert '<strong lang="en">EJOCN launch event</strong>' in meetings
    assert f'<span lang="en">{place}</span>' in meetings
    assert '<span lang="en">Outcome report of the EJOCN launch event</span>' in meetings  # the meeting's outcome
    documents = _page(client, "fr", "document-list")
    assert '<span lang="en">Outcome report of the EJOCN launch event</span>' in documents
    assert re.search(r'<li id="charter">\s*Charte de la Plateforme', documents)  # French: no lang of its own
    english = _page(client, "en", "document-list")
    assert '<span lang="fr">Charte de la Plateforme judiciaire régionale</span>' in english
    page_itself = ['<html lang="en">', '<span aria-current="true" lang="en">']
    for page in (_page(client, "en", "meeting-list"), english):
        assert re.findall(r'<[^>]* lang="en"[^>]*>', page) == page_itself


def test_timeline_labels_and_values_say_which_names_and_texts_are_english(client):
    """Found by a new-user test: "Relation « Camden Asset Recovery Inter-Agency Network (CARIN) — accueilli par
    European Union Agency for Law Enforcement Cooperation (Europol) »" on the French timeline, and the English
    columns' values, carried no lang. A label keeps the catalogue's names apart (upkeep.timeline.Label)."""
    html = _page(client, "fr", "network-changes", "carin")
    carin = '<span lang="en">Camden Asset Recovery Inter-Agency Network</span> (<span lang="en">CARIN</span>)'
    europol = (
        '<span lang="en">European Union Agency for Law Enforcement Cooperation</span> (<span lang="en">Europol</span>)'
    )
    assert f"<li>Relation « {carin} — accueilli par {europol} »\u00a0: ajouté" in html
    assert f'<li>Participation de « <span lang="en">World Bank</span> » à {carin}\u00a0: ajouté' in html
    assert f"<li>Réseau « {carin} »\u00a0: ajouté" in html
    english_name = '<span lang="en">Camden Asset Recovery Inter-Agency Network</span>'
    assert f"<li>Nom [en]\u00a0: (vide) → {english_name}</li>" in html  # a value of the English column
    assert "<li>Description [fr]\u00a0: (vide) → Un réseau informel" in html  # French: no lang of its own
    assert '<li>Participation de « <span lang="en">' in _page(client, "fr", "changes")  # the catalogue's timeline
    english = _page(client, "en", "network-changes", "carin")
    assert re.findall(r'<[^>]* lang="en"[^>]*>', english) == [
        '<html lang="en">',
        '<span aria-current="true" lang="en">',
    ]
    assert '<li>Description [fr]: (empty) → <span lang="fr">Un réseau informel' in english


def test_a_label_splits_into_its_words_and_names():
    from upkeep.timeline import Label

    label = Label("%(kind)s 100%% “%(name)s” (%(name_acronym)s)", {"kind": "Contact", "name": ShownText("A B", "en"),
                                                                   "name_acronym": "AB"})  # fmt: skip
    assert label == "Contact 100% “A B” (AB)" and label.marked
    assert label.parts() == ["Contact", " 100% “", "A B", "” (", "AB", ")"]
    assert not Label("Network “%(record)s”", {"record": "EJN"}).marked
