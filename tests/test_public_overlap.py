"""/overlap/: the largest networks' members in common, each pair linking to its comparison."""

import pytest
from django.urls import reverse
from django.utils import translation

from countries.models import Jurisdiction
from networks.models import Membership
from public import overview

from .factories import make_membership, make_network, make_organisation

pytestmark = pytest.mark.django_db


def _networks():
    j = {code: Jurisdiction.objects.get(code=code) for code in ["FR", "DE", "ES", "IT", "GH", "NG"]}
    big = make_network(slug="big", name="Big Network", acronym="BIG")
    middle = make_network(slug="middle", name="Middle Network")
    small = make_network(slug="small", name="Small Network", acronym="SN")
    listless = make_network(slug="listless", name="Listless Network")  # observers only: not among the largest
    for code in ["FR", "DE", "ES", "IT", "GH"]:
        make_membership(big, j[code])
    for code in ["FR", "DE", "NG"]:
        make_membership(middle, j[code])
    make_membership(middle, j["ES"], role=Membership.Role.OBSERVER)  # counts as in common, as in a comparison
    for code in ["GH", "NG"]:
        make_membership(small, j[code])
    make_membership(small, make_organisation(), role=Membership.Role.OBSERVER)
    make_membership(listless, j["FR"], role=Membership.Role.OBSERVER)
    return big, middle, small


def _cells(response):
    return {
        (network.slug, cell.other.slug): cell.shared for network, cells in response.context["matrix"] for cell in cells
    }


def test_the_matrix_counts_members_in_common_as_the_comparison_does(client):
    _networks()
    response = client.get(reverse("overlap"))
    assert [network.slug for network in response.context["networks"]] == ["big", "middle", "small"]
    cells = _cells(response)
    assert cells[("big", "middle")] == cells[("middle", "big")] == 3  # France, Germany, Spain (observer)
    assert cells[("big", "small")] == 1 and cells[("middle", "small")] == 1
    assert cells[("big", "big")] == 5 and cells[("small", "small")] == 3  # the diagonal: all its participants
    compared = client.get(f"{reverse('compare')}?networks=big&networks=middle").context["comparison"]
    assert len(compared.in_all) == cells[("big", "middle")]


def test_each_cell_links_to_the_comparison_and_says_what_it_counts(client):
    _networks()
    page = client.get(reverse("overlap")).content.decode()
    assert (
        f'<a href="{reverse("compare")}?networks=big&amp;networks=middle" '
        'aria-label="BIG and Middle Network share 3: compare them">3</a>'
    ) in page
    # The text alternative, worded in the roles they share: Spain observes Middle, Ghana is a member of both.
    assert "BIG and Middle Network</a>: 3 participants in common" in page
    assert "BIG and SN</a>: 1 member in common" in page
    assert "listless" not in page


def test_pairs_sharing_only_observers_say_observers_not_members(client):
    """Reported on the comparison: "members" said of observers; the overlap counts as the comparison does."""
    first, second = make_network(slug="first", acronym="ONE"), make_network(slug="second", acronym="TWO")
    for code in ["FR", "DE"]:
        make_membership(first, Jurisdiction.objects.get(code=code))
        make_membership(second, Jurisdiction.objects.get(code=code))
    for network in (first, second):
        make_membership(network, make_organisation(), role=Membership.Role.MEMBER)
    shared = [make_organisation(name=f"Observer {n}") for n in range(2)]
    third = make_network(slug="third", acronym="THREE")
    for organisation in shared:
        make_membership(first, organisation, role=Membership.Role.OBSERVER)
        make_membership(third, organisation, role=Membership.Role.OBSERVER)
    make_membership(third, Jurisdiction.objects.get(code="GH"))
    page = client.get(reverse("overlap")).content.decode()
    assert "ONE and TWO</a>: 2 members in common" in page
    assert "ONE and THREE</a>: 2 observers in common" in page
    with translation.override("fr"):
        french = client.get(reverse("overlap")).content.decode()
    assert '<span lang="en">ONE</span> et <span lang="en">THREE</span></a>\u00a0: 2 observateurs en commun' in french


def test_the_colour_shows_the_share_of_the_smaller_networks_members(client):
    _networks()
    matrix = client.get(reverse("overlap")).context["matrix"]
    css = {(network.slug, cell.other.slug): cell.css for network, cells in matrix for cell in cells}
    assert css[("middle", "big")] == css[("big", "middle")] == "overlap-4"  # 3 of Middle's 4: the 60–80% class
    assert css[("big", "small")] == "overlap-2"  # 1 of Small's 3 participants: 20–40%
    assert css[("big", "big")] == "overlap-self"


def test_only_the_largest_networks_are_shown(client, monkeypatch):
    _networks()
    monkeypatch.setattr(overview, "OVERLAP_NETWORKS", 2)
    assert [n.slug for n in client.get(reverse("overlap")).context["networks"]] == ["big", "middle"]


def test_an_empty_catalogue_says_so(client):
    assert "No network in the catalogue lists current members yet." in client.get(reverse("overlap")).content.decode()


@pytest.mark.parametrize("size", [3, 8])
def test_the_overlap_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    jurisdictions = list(Jurisdiction.objects.countries().order_by("code")[: size * 2])
    for n in range(size):
        network = make_network()
        for jurisdiction in jurisdictions[n : n + size]:
            make_membership(network, jurisdiction)
    # 1 the catalogue version (the page is memoised per version), 2 the largest networks by current
    # members (one grouped query), 3 their names, 4 their current members
    with django_assert_num_queries(4):
        assert client.get(reverse("overlap")).status_code == 200
    with django_assert_num_queries(1):
        client.get(reverse("overlap"))
