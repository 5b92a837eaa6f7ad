"""The real seed catalogue in its languages: searches in French, Spanish and Portuguese, names shown in French."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from countries.models import Jurisdiction, Region
from networks.models import Network, Topic
from registry.languages import name_order_key

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)
from .factories import make_document

ASSET_RECOVERY_NETWORKS = {"carin", "arin-ap", "arin-ea", "arin-sa", "arin-wa", "rrag"}


def _folded(name):
    return name_order_key(name)


def _queries(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)


def _found(client, query):
    response = client.get(reverse("network-list"), {"q": query})
    assert response.status_code == 200
    return response, [network.slug for network in response.context["networks"]]


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
class TestTheSeedCatalogueInItsLanguages:
    @pytest.mark.parametrize(
        "query", ["cooperacion juridica", "Cooperación Jurídica", "Red Iberoamericana", "Rede Ibero-Americana"]
    )
    def test_spanish_and_portuguese_names_find_iberred(self, client, query):
        assert _found(client, query)[1] == ["iberred"]

    def test_the_french_name_finds_wacap(self, client):
        assert _found(client, "Réseau des autorités centrales")[1] == ["wacap"]
        assert _found(client, "reseau des autorites centrales")[1] == ["wacap"]

    @pytest.mark.parametrize(
        "query, slug",
        [
            ("Plateforme judiciaire régionale des pays du Sahel", "jrp-sahel"),
            ("Commission de l'océan Indien", "jrp-indian-ocean"),
            ("Groupe Pompidou", "pompidou-group"),
            ("conventions européennes coopération domaine pénal", "pc-oc"),
            ("Comité de la Convention sur la cybercriminalité", "t-cy"),
            ("Red Hemisférica", "oas-hemispheric-network"),
            ("Países de Língua Portuguesa", "cplp-judicial-network"),
            # Found missing by a new-user test: the EU's own French names.
            ("Réseau judiciaire européen", "ejn"),
            ("RJE", "ejn"),
            ("Agence de l'Union européenne pour la coopération judiciaire en matière pénale", "eurojust"),
        ],
    )
    def test_each_network_is_found_by_its_own_name(self, client, query, slug):
        assert _found(client, query)[1][0] == slug

    def test_recouvrement_des_avoirs_finds_the_asset_recovery_networks(self, client):
        assert set(_found(client, "recouvrement des avoirs")[1]) >= ASSET_RECOVERY_NETWORKS

    @pytest.mark.parametrize("query", ["Eurojust", "eurojust ", "EJN", "IberRed"])
    def test_a_networks_own_acronym_finds_it_first(self, client, query):
        # "Eurojust National Coordination System" holds the word twice: it ranked above Eurojust itself.
        assert _found(client, query)[1][0] == query.strip().lower()

    @pytest.mark.parametrize(
        "query, without", [("recouvrement des avoirs", "recouvrement avoirs"), ("the asset recovery", "asset recovery")]
    )
    def test_function_words_do_not_rank_networks_for_having_them_in_their_names(self, client, query, without):
        # "des" is in WACAP's and PC-OC's French names: counted, it ranked them above every asset-recovery network.
        found = _found(client, query)[1]
        assert found == _found(client, without)[1]
        assert set(found[: len(ASSET_RECOVERY_NETWORKS)]) == ASSET_RECOVERY_NETWORKS

    def test_allemagne_finds_germany_and_its_networks(self, client):
        response, found = _found(client, "Allemagne")
        assert response.context["search"].jurisdiction.code == "DE"
        assert {"ejn", "eurojust", "carin"} <= set(found)

    def test_a_french_name_is_shown_in_french_and_the_english_one_otherwise(self):
        wacap, carin = Network.objects.get(slug="wacap"), Network.objects.get(slug="carin")
        with translation.override("fr"):
            assert wacap.name == "Réseau des autorités centrales et des procureurs de l’Afrique de l’Ouest"
            assert carin.name == "Camden Asset Recovery Inter-Agency Network"  # no French name: English
            assert Jurisdiction.objects.get(code="DE").name == "Allemagne"
            assert Region.objects.get(m49="155").name == "Europe occidentale"
            assert Topic.objects.get(slug="asset-recovery").name == "Recouvrement des avoirs"
        assert wacap.name.startswith("West African Network")

    def test_french_names_read_the_way_french_writes_them(self):
        with translation.override("fr"):
            names = {j.code: j.name for j in Jurisdiction.objects.filter(code__in=["RU", "IR", "GB-SCT", "XK"])}
        assert names == {"RU": "Russie", "IR": "Iran", "GB-SCT": "Écosse", "XK": "Kosovo"}

    def test_the_french_list_offers_its_filters_in_french_and_in_french_order(self, client):
        with translation.override("en"):
            english = client.get(reverse("network-list"), {"topic": "asset-recovery"}).context["facets"]
        with translation.override("fr"):
            facets = client.get(reverse("network-list"), {"topic": "asset-recovery"}).context["facets"]
            groups = {str(option.group) for option in facets["topic"]}
        countries = [option.label for option in facets["country"]]
        assert "Allemagne" in countries and "Germany" not in countries
        assert countries == sorted(countries, key=_folded)  # "Égypte" among the E's, not after "Zimbabwe"
        assert {option.label for option in facets["topic"]} >= {"Recouvrement des avoirs", "Criminalité organisée"}
        assert "Europe occidentale" in {option.label for option in facets["region"]}
        assert groups and not groups & {str(option.group) for option in english["topic"]}  # "Crime area" in French
        # The same options with the same counts, whatever the language and the order.
        for name, options in english.items():
            in_english = sorted((str(o.value), o.count) for o in options)
            assert in_english == sorted((str(o.value), o.count) for o in facets[name]), name

    def test_the_list_costs_the_same_queries_in_both_languages(self, client):
        counts = {}
        for language in ("en", "fr"):
            with translation.override(language):
                url = reverse("network-list")
                client.get(url, {"region": "africa"})  # the indexes built, as after a first request
                counts[language] = _queries(client, url, {"region": "africa"})
        assert counts["en"] == counts["fr"]

    def test_french_region_and_country_pages_name_places_in_french(self, client):
        with translation.override("fr"):
            region = client.get(reverse("region-detail", args=["africa"])).content.decode()
            countries = client.get(reverse("country-list")).context["countries"]
            names = [country.name for country in countries if country.region_id == countries[0].region_id]
        assert "Afrique occidentale" in region
        assert "Western Africa" not in region
        assert "Afrique du Sud" in names and "Algérie" in names
        assert names == sorted(names, key=_folded)

    def test_topic_tags_route_choices_and_common_networks_are_named_in_french(self, client):
        with translation.override("fr"):
            topic_page = client.get(reverse("topic-detail", args=["asset-recovery"])).content.decode()
            routes = client.get(reverse("route-finder"), {"requesting": "sn", "requested": "gh"})
            topics = [name for _slug, name in routes.context["topics"]]
            common = [network.name for network in routes.context["route"].networks]
            wacap_name = Network.objects.get(slug="wacap").name
        assert ">Recouvrement des avoirs</a>" in topic_page and ">Asset recovery</a>" not in topic_page
        assert "Recouvrement des avoirs" in topics and "Asset recovery" not in topics
        assert topics == sorted(topics, key=_folded)
        assert wacap_name in common  # its French name, where the sources give one

    def test_the_french_list_sorts_by_the_names_it_shows(self, client):
        with translation.override("fr"):
            response = client.get(reverse("network-list"), {"sort": "name", "region": "africa"})
            names = [network.name for network in response.context["networks"]]
        assert "Réseau des autorités centrales et des procureurs de l’Afrique de l’Ouest" in names
        assert names == sorted(names, key=_folded)

    def test_member_lists_name_states_and_networks_in_french(self, client):
        with translation.override("fr"):
            network_page = client.get(reverse("network-detail", args=["ejn"])).content.decode()
            country_page = client.get(reverse("country-detail", args=["sn"])).content.decode()
            compared = client.get(reverse("compare"), {"networks": ["ejn", "eurojust"]}).content.decode()
        visible = network_page.split("</script>", 1)[1]  # after the linked data
        assert ">Allemagne</a>" in visible and ">Germany</a>" not in visible
        assert ">Allemagne</a>" in compared and ">Germany</a>" not in compared
        assert "Réseau des autorités centrales et des procureurs de l" in country_page  # WACAP, under its French name

    def test_every_list_of_names_on_a_french_page_is_in_french_alphabetical_order(self, client):
        """Found by a new-user test: the database sorted the English column, or code points ("Égypte" after
        "Zimbabwe"); each list now goes through registry.languages.by_name. Names are read in French."""
        with translation.override("fr"):
            region = client.get(reverse("region-detail", args=["africa"]))
            countries = [country.name for country in region.context["countries"]]
            index = client.get(reverse("country-list")).content.decode()
            topics = [(topic.facet, topic.name) for topic in client.get(reverse("topic-list")).context["topics"]]
            iberred = client.get(reverse("network-detail", args=["iberred"]))
            members = [str(item.member) for group in iberred.context["role_groups"] for item in group.memberships]
            topic_options = [
                (str(o.group), o.label) for o in client.get(reverse("network-list")).context["facets"]["topic"]
            ]
        assert countries.index("Cameroun") < countries.index("Cap-Vert")  # English: Cameroon after Cabo Verde
        assert countries == sorted(countries, key=_folded)
        picker = index.split('id="country-pick"', 1)[1].split("</select>", 1)[0]
        assert picker.index(">Égypte<") < picker.index(">Estonie<") < picker.index(">Zimbabwe<")
        assert "Recouvrement des avoirs" in [name for _facet, name in topics]
        for facet in {facet for facet, _name in topics}:
            names = [name for each, name in topics if each == facet]
            assert names == sorted(names, key=_folded)
        assert members.index("Équateur") < members.index("Uruguay")
        by_group = {}
        for group, label in topic_options:
            by_group.setdefault(group, []).append(label)
        assert "Recouvrement des avoirs" in {label for labels in by_group.values() for label in labels}
        assert all(labels == sorted(labels, key=_folded) for labels in by_group.values())

    def test_language_names_are_in_the_page_language(self, client):
        """Found by a new-user test: "Langues de travail : Spanish, Portuguese", and documents "· English"."""
        iberred = Network.objects.get(slug="iberred")
        assert "Spanish" in iberred.working_languages
        with translation.override("fr"):
            page = client.get(reverse("network-detail", args=["iberred"])).content.decode()
            spanish = translation.gettext("Spanish")
            document = make_document(Network.objects.get(slug="ejn"), languages="en;es")
            listed = client.get(reverse("document-list")).context
            languages = document.language_names()
        assert spanish != "Spanish" and f"<dd>{spanish}, " in page
        assert "Spanish" not in page.split("</script>", 1)[1]  # after the linked data
        assert languages == ["Anglais", spanish]
        assert listed["language_options"] == [("en", "Anglais"), ("es", spanish)]  # the filter's select

    def test_french_pages_put_a_space_before_a_colon(self, client):
        """Found by a new-user test: "Régional: Europe"; French writes "Régional : Europe" (public.wording.colon)."""
        english = client.get(reverse("network-detail", args=["ejn"])).content.decode()
        with translation.override("fr"):
            french = client.get(reverse("network-detail", args=["ejn"])).content.decode()
            documents = client.get(reverse("document-list"), {"network": "ejn"}).content.decode()
        assert "<dd>Regional: <a" in english
        assert "<dd>Régional\u00a0: <a" in french
        assert "Documents\u00a0: " in documents
        assert "(membre\u00a0: " in french  # the map's description, written in Python


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_the_catalogues_french_texts_follow_french_typography():
    # "Trafic d'armes à feu", "formation ; Europol": the interface writes ’ and a no-break space, the data did not.
    texts = [
        *Topic.objects.values_list("name_fr", flat=True),
        *(text for row in Network.objects.values_list("name_fr", "acronym_fr", "description_fr") for text in row),
    ]
    texts = [text for text in texts if text]
    assert len(texts) > 50
    assert [text for text in texts if "'" in text or re.search(r" [;:?!»]|« ", text)] == []
