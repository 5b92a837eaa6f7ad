"""The real seed catalogue in its languages: searches in French, Spanish and Portuguese, names shown in French."""

import pytest
from django.urls import reverse
from django.utils import translation

from countries.models import Jurisdiction, Region
from networks.models import Network, Topic

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

ASSET_RECOVERY_NETWORKS = {"carin", "arin-ap", "arin-ea", "arin-sa", "arin-wa", "rrag"}


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
        ],
    )
    def test_each_network_is_found_by_its_own_name(self, client, query, slug):
        assert _found(client, query)[1][0] == slug

    def test_recouvrement_des_avoirs_finds_the_asset_recovery_networks(self, client):
        assert set(_found(client, "recouvrement des avoirs")[1]) >= ASSET_RECOVERY_NETWORKS

    def test_allemagne_finds_germany_and_its_networks(self, client):
        response, found = _found(client, "Allemagne")
        assert response.context["search"].jurisdiction.code == "DE"
        assert {"ejn", "eurojust", "carin"} <= set(found)

    def test_a_french_name_is_shown_in_french_and_the_english_one_otherwise(self):
        wacap, ejn = Network.objects.get(slug="wacap"), Network.objects.get(slug="ejn")
        with translation.override("fr"):
            assert wacap.name == "Réseau des autorités centrales et des procureurs de l'Afrique de l'Ouest"
            assert ejn.name == "European Judicial Network"  # no French name: English
            assert Jurisdiction.objects.get(code="DE").name == "Allemagne"
            assert Region.objects.get(m49="155").name == "Europe occidentale"
            assert Topic.objects.get(slug="asset-recovery").name == "Recouvrement des avoirs"
        assert wacap.name.startswith("West African Network")

    def test_french_names_read_the_way_french_writes_them(self):
        with translation.override("fr"):
            names = {j.code: j.name for j in Jurisdiction.objects.filter(code__in=["RU", "IR", "GB-SCT", "XK"])}
        assert names == {"RU": "Russie", "IR": "Iran", "GB-SCT": "Écosse", "XK": "Kosovo"}
