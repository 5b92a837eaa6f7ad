"""Facts the seed catalogue must give exactly as the five source documents give them."""

import datetime

import pytest

from countries.models import Jurisdiction
from networks.models import Membership, Network, NetworkAlias, Relation, StatedCount

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

BREXIT = datetime.date(2020, 1, 31)


def codes(network, role=Membership.Role.MEMBER, current_only=False):
    memberships = Membership.objects.filter(network__slug=network, role=role, jurisdiction__isnull=False)
    if current_only:
        memberships = memberships.current()
    return set(memberships.values_list("jurisdiction__code", flat=True))


def member_slugs(network, role):
    rows = Membership.objects.filter(network__slug=network, role=role)
    return {m.organisation.slug if m.organisation else m.member_network.slug for m in rows if not m.jurisdiction_id}


def stated(network, label_start):
    return StatedCount.objects.get(network__slug=network, label__startswith=label_start)


def hosts(network):
    return {
        relation.target.slug
        for relation in Relation.objects.with_targets().filter(network__slug=network, kind=Relation.Kind.HOSTED_BY)
    }


def test_the_catalogue_holds_every_network_the_five_documents_name():
    assert Network.objects.count() == 68
    named_only = ["empen", "pccc-network", "rceg", "dublin-group", "arin-ap", "arin-ea", "arin-sa", "arin-wa", "rrag"]
    assert Network.objects.filter(slug__in=named_only).count() == len(named_only)
    assert (
        Network.objects.filter(field=Network.Field.LAW_ENFORCEMENT).count() == 17
    )  # every entry of the police-networks listing


def test_networks_described_in_several_documents_are_one_entry_with_every_source():
    def sources(slug):
        return set(Network.objects.get(slug=slug).sources.values_list("slug", flat=True))

    assert sources("ejn") == {
        "eu-criminal-justice-networks-listing",
        "pc-oc-catalogue-2017",
        "unodc-international-cooperation-networks",
    }
    assert len(sources("eurojust")) == 3
    assert sources("euda") == {"eu-police-networks-listing", "eurojust-ejocn-focus-group-pages"}


@pytest.mark.parametrize(
    ("network", "alias"),
    [
        ("nacp", "NCAP"),
        ("iberred", "Ibero-American Network of International Legal Cooperation"),
        ("euda", "European Monitoring Centre for Drugs and Drug Addiction"),
        ("eucpn", "EUPCN"),
        ("jits-network", "Network of National Experts on Joint Investigation Teams (JITs)"),
    ],
)
def test_other_names_of_a_network_are_kept_as_aliases(network, alias):
    assert NetworkAlias.objects.filter(network__slug=network, name=alias).exists()


# 000 and 001: EU criminal justice networks, EJOCN and the Focus Group


def test_eurojust_hosts_its_networks():
    for network in ["ejocn", "jits-network", "genocide-network", "thb-focus-group", "consultative-forum", "ejn"]:
        assert hosts(network) == {"eurojust"}, network
    assert Relation.objects.filter(network__slug="encs", kind="part_of", target_network__slug="eurojust").exists()


def test_ejocn_has_its_founding_year_and_member_categories():
    ejocn = Network.objects.get(slug="ejocn")
    assert ejocn.established == 2024
    assert member_slugs("ejocn", Membership.Role.ASSOCIATE_PARTNER) == {"europol", "euda", "eppo"}
    assert member_slugs("ejocn", Membership.Role.OBSERVER) == {"european-commission"}
    assert Network.objects.get(slug="thb-focus-group").established == 2022


# 002: the Council of Europe catalogue


def test_carin_has_its_members_observer_states_and_observer_organisations():
    assert len(codes("carin")) == 36
    assert {"GI", "GG", "JE", "IM", "US", "GB"} <= codes("carin")
    assert codes("carin", Membership.Role.OBSERVER) == {
        "AL", "AU", "CA", "HR", "MK", "GE", "IS", "ID", "IL", "XK", "MD", "MC", "ME", "RU", "RS", "ZA", "UA",
    }  # fmt: skip
    assert member_slugs("carin", Membership.Role.OBSERVER) == {
        "egmont-group", "eurojust", "europol", "icc", "imf", "olaf", "rrag", "unodc", "world-bank",
    }  # fmt: skip
    assert member_slugs("carin", Membership.Role.OTHER) == {"arin-ap", "arin-ea", "arin-sa", "arin-wa"}
    assert stated("carin", "registered member jurisdictions").count == 54
    assert stated("carin", "observer international organisations").count == 9
    assert hosts("carin") == {"europol"}


def test_eurojust_has_members_contact_points_agreements_and_liaison_prosecutors():
    assert len(codes("eurojust")) == 28
    contact_points = codes("eurojust", Membership.Role.CONTACT_POINT)
    assert len(contact_points) == 23
    assert {"AL", "AR", "EG", "MK", "KR", "MN", "SG", "TH", "US", "RU"} <= contact_points
    assert codes("eurojust", Membership.Role.COOPERATION_AGREEMENT) == {
        "US",
        "IS",
        "LI",
        "NO",
        "CH",
        "MK",
        "MD",
        "ME",
        "UA",
    }
    assert codes("eurojust", Membership.Role.LIAISON_PROSECUTOR) == {"US", "NO", "CH"}
    assert stated("eurojust", "third States in Eurojust's judicial contact point network").count == 40
    assert stated("eurojust", "non-Member States with established contact points").count == 23


def test_eurojusts_partners_are_the_ejn_europol_and_olaf():
    partners = Relation.objects.with_targets().filter(network__slug="eurojust", kind=Relation.Kind.PARTNER)
    assert {relation.target.slug for relation in partners} >= {"ejn", "europol", "olaf"}


def test_the_uk_membership_of_eu_bodies_ended_on_31_january_2020_and_is_kept():
    for network in ["ejn", "eurojust", "jits-network", "genocide-network"]:
        uk = Membership.objects.get(network__slug=network, jurisdiction__code="GB", role="member")
        assert uk.until == BREXIT
        assert "GB" not in codes(network, current_only=True)
        assert len(codes(network, current_only=True)) == 27
    scotland = Membership.objects.get(network__slug="ejtn", jurisdiction__code="GB-SCT")
    assert scotland.until == BREXIT
    # Outside the EU the United Kingdom stays a member.
    assert "GB" in codes("cncp", current_only=True)
    assert "GB" in codes("carin", current_only=True)


def test_croatia_joined_the_eu_bodies_on_accession():
    croatia = Membership.objects.get(network__slug="ejn", jurisdiction__code="HR")
    assert croatia.since == datetime.date(2013, 7, 1)


def test_sub_national_members_and_national_institutions_are_kept_as_they_are():
    assert codes("bes") == {"BE", "NL", "DE-NW"}
    assert {"GB-EAW", "GB-NIR", "GB-SCT"} <= codes("ejtn")
    assert {"GB-EAW", "GB-SCT"} <= codes("encj")
    hungary = Membership.objects.filter(network__slug="ejtn", organisation__jurisdiction__code="HU")
    assert hungary.count() == 2
    assert Membership.objects.filter(network__slug="ejtn").count() == 35
    assert stated("ejtn", "members representing").count == 34


def test_the_asia_pacific_list_keeps_only_the_names_before_the_page_break():
    assert codes("asia-pacific-network") == {"CN", "JP", "KR", "MN", "KP", "AU", "BN", "MM", "KH"}
    cambodia = Membership.objects.get(network__slug="asia-pacific-network", jurisdiction__code="KH")
    assert "page break" in cambodia.notes


def test_a_name_listed_twice_is_one_membership():
    assert codes("source-transit-destination-network") == {"KZ", "KG", "SE", "UZ", "US"}


def test_congo_is_recorded_as_the_republic_of_the_congo_with_a_note():
    congo = Membership.objects.get(network__slug="glrjcn", jurisdiction__code="CG")
    assert "Democratic Republic" in congo.notes
    assert not Membership.objects.filter(network__slug="glrjcn", jurisdiction__code="CD").exists()


def test_iberred_has_22_members_including_puerto_rico():
    members = codes("iberred")
    assert len(members) == 22
    assert "PR" in members
    assert "VE" not in members  # not in either list, though the text speaks of 22 countries
    assert stated("iberred", "Ibero-American countries").count == 22


def test_the_iap_hosts_four_catalogued_networks():
    for network in ["gpen", "tipp", "ctpn", "nacp"]:
        assert hosts(network) == {"iap"}
    assert stated("iap", "organisational members").count == 172


def test_organisations_listed_as_members_are_organisations():
    assert member_slugs("g20-acwg", Membership.Role.MEMBER) == {"european-union"}
    assert member_slugs("imolin", Membership.Role.MEMBER) == {"united-nations"}
    assert len(codes("g20-acwg")) == 20


@pytest.mark.parametrize(
    ("written", "code", "network"),
    [
        ("Swaziland", "SZ", "cncp"),
        ("Burma", "MM", "asia-pacific-network"),
        ("Former Yugoslav Republic of Macedonia", "MK", "carin"),
        ("Green Cape", "CV", "cplp-judicial-network"),
        ("East Timor", "TL", "cplp-judicial-network"),
        ("France (Réunion)", "RE", "jrp-indian-ocean"),
    ],
)
def test_historical_names_resolve_to_todays_jurisdiction_and_its_membership(written, code, network):
    assert Jurisdiction.objects.resolve(written).code == code
    assert code in codes(network, Membership.Role.OBSERVER if network == "carin" else Membership.Role.MEMBER)


def test_russias_council_of_europe_membership_ended_with_its_expulsion():
    russia = Membership.objects.get(network__slug="pc-oc", jurisdiction__code="RU", role="member")
    assert russia.until == datetime.date(2022, 3, 16)
    assert len(codes("pc-oc")) == 47
    assert len(codes("pc-oc", Membership.Role.OTHER)) == 21


# 003: police and law enforcement


def test_police_networks_and_council_working_parties():
    assert Network.objects.get(slug="hdg").established == 1997
    assert Network.objects.filter(type=Network.Type.WORKING_PARTY).count() == 4
    assert Relation.objects.filter(network__slug="dapix", kind="partner", target_organisation__slug="europol").exists()


# 004: UNODC's page


def test_which_networks_ghana_is_in():
    ghana = Membership.objects.current().filter(jurisdiction__code="GH")
    assert set(ghana.values_list("network__slug", flat=True)) == {"cncp", "ajn", "ecowas-cybercrime-network", "wacap"}


def test_unodc_member_lists_and_relations():
    assert len(codes("cncp")) == 53
    assert len(codes("oas-hemispheric-network")) == 34
    assert len(codes("refco")) == 10
    assert codes("jrp-sahel") == {"BF", "ML", "MR", "NE"}
    assert codes("jrp-indian-ocean") == {"KM", "RE", "MG", "MU", "SC"}
    assert hosts("jrp-sahel") == hosts("jrp-indian-ocean") == {"unodc"}
    assert Relation.objects.filter(network__slug="wacap", kind="builds_on", target_network__slug="refco").exists()
