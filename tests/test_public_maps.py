"""World maps: the geometry file, the maps of the network, country and countries pages, and their text alternatives."""

import math
import re

import pycountry
import pytest
from django.urls import reverse

from countries.geometry import build, world
from countries.models import Jurisdiction
from networks.models import Membership
from public.maps import scale

from .factories import make_membership, make_network, make_organisation

pytestmark = pytest.mark.django_db


def test_every_state_in_natural_earths_small_scale_map_has_an_outline_keyed_by_alpha_2():
    shapes = world().shapes
    for code in ["FR", "DE", "US", "BR", "GH", "CN", "AU", "RU", "ZA", "IN", "XK", "CY", "SO"]:
        assert shapes[code].startswith("M"), code
    assert "AQ" not in shapes  # Antarctica is not drawn
    assert set(shapes) <= {country.alpha_2 for country in pycountry.countries} | {"XK"}


def test_outlines_hold_only_path_commands_and_numbers_so_that_marking_them_safe_is():
    assert all(re.fullmatch(r"[MLHVZmlhvz0-9 .,-]*", path) for path in world().shapes.values())


def test_small_states_and_sub_national_jurisdictions_have_a_marker_position():
    geometry = world()
    for code in ["MT", "LI", "SG", "AD", "MC", "SM", "VA", "BH", "MV", "TV", "RE", "GB-SCT", "DE-NW"]:
        x, y = geometry.points[code]
        left, top, width, height = geometry.viewbox
        assert left <= x <= left + width and top <= y <= top + height, code
    assert {"MT", "LI", "SG", "LU", "RE"} <= geometry.small
    assert "FR" not in geometry.small
    assert geometry.point_of("GB-XYZ") == geometry.points["GB"]  # an unknown sub-national unit: its state


def test_the_projection_and_path_writing_are_exact():
    x, y = build.equal_earth(0, 0)
    assert (x, y) == (0, 0)
    x, _ = build.equal_earth(180, 0)
    assert math.isclose(x, build.X_MAX)
    assert build._number(12) == "1.2" and build._number(-5) == "-.5" and build._number(30) == "3"
    # A ring stepping across the antimeridian is moved to one side instead of spanning the whole map.
    ring = [(179.0, 65.0), (-179.0, 66.0), (-178.0, 64.0), (178.0, 64.0), (177.0, 65.0)]
    assert all(lon > 0 for lon, _ in build.unwrap(ring))
    assert build.simplify([(0, 0), (1, 0.01), (2, 0)], 0.5) == [0, 2]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([0, 0], []),
        ([1, 2, 2, 3], [(1, 1, "map-scale-1"), (2, 2, "map-scale-3"), (3, 3, "map-scale-5")]),
        (range(1, 101), [(1, 20, "map-scale-1"), (21, 40, "map-scale-2"), (41, 60, "map-scale-3"),
                          (61, 80, "map-scale-4"), (81, 100, "map-scale-5")]),
    ],
)  # fmt: skip
def test_a_choropleth_scale_covers_every_positive_value_in_quantile_classes(values, expected):
    assert scale(values) == expected


def _catalogue():
    codes = ["FR", "DE", "MT", "LI", "RE", "GB-SCT", "GH"]
    j = {code: Jurisdiction.objects.get(code=code) for code in codes}
    network = make_network(slug="mapped", name="Mapped <Network>", acronym="MAP")
    for code in ["FR", "DE", "MT", "RE", "GB-SCT"]:
        make_membership(network, j[code])
    make_membership(network, j["GH"], role=Membership.Role.OBSERVER)
    make_membership(network, j["LI"], role=Membership.Role.ASSOCIATE_PARTNER)
    make_membership(network, make_organisation(name="Europol"), role=Membership.Role.OBSERVER)
    other = make_network(slug="other")
    for code in ["FR", "GH"]:
        make_membership(other, j[code])
    return network


def _svg(page, key):
    start = page.index(f'<figure class="world-map" aria-labelledby="{key}-caption">')
    return page[start : page.index("</figure>", start)]


def test_a_network_page_maps_its_members_by_role_with_markers_legend_and_table(client):
    _catalogue()
    page = client.get(reverse("network-detail", args=["mapped"])).content.decode()
    svg = _svg(page, "members-map")
    assert '<img src="/maps/world.svg" alt=""' in svg
    assert 'role="img" aria-labelledby="members-map-title members-map-desc"' in svg
    assert '<title id="members-map-title">Where the members of MAP are</title>' in svg
    assert "member: 5; partner (associate, operational, by agreement): 1; observer: 1" in svg
    assert "1 participant that is an organisation or a network is not mapped." in svg  # whatever its role
    # France, Germany and, for Scotland, the United Kingdom (Malta has no outline at this scale).
    assert svg.count('<path class="map-member"') == 3
    assert svg.count('<path class="map-observer"') == 1  # Ghana; Liechtenstein (partner) is only a marker
    # Markers: Malta and Liechtenstein (small), Réunion (inside France's outline), Scotland (sub-national).
    assert svg.count('<circle class="marker map-member"') == 3 and svg.count('<circle class="marker map-partner"') == 1
    assert "<title>Scotland (United Kingdom): Member</title>" in svg
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither
    table = page[page.index('<details class="map-table">') :]
    assert (
        f'<th scope="row"><a href="{reverse("country-detail", args=["gh"])}">Ghana</a></th><td>Observer</td>' in table
    )


@pytest.mark.parametrize(
    ("name", "arg", "key"), [("network-detail", "small", "members-map"), ("country-detail", "gh", "reach-map")]
)
def test_a_map_names_each_jurisdiction_once_even_when_a_circle_marks_its_outline(client, name, arg, key):
    # Cyprus, Brunei, Trinidad and Tobago: their outline and their circle each carried the name, met twice.
    small = make_network(slug="small")
    for code in ["CY", "BN", "TT", "GH", "GB-SCT"]:
        make_membership(small, Jurisdiction.objects.get(code=code))
    svg = _svg(client.get(reverse(name, args=[arg])).content.decode(), key)
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert len(titles) == len(set(titles)) and any(title.startswith("Cyprus") for title in titles)
    assert svg.count("<circle") == len(re.findall(r"<circle [^>]*><title>", svg)) >= 3  # the circles carry them
    assert re.search(r'<path class="map-[a-z0-9-]+" d="[^"]*"></path>', svg)  # the small states' outlines, unnamed


def test_a_network_whose_members_are_all_organisations_has_no_map(client):
    network = make_network(slug="bodies")
    make_membership(network, make_organisation(), role=Membership.Role.MEMBER)
    assert 'class="world-map"' not in client.get(reverse("network-detail", args=["bodies"])).content.decode()


def test_a_country_page_maps_the_reach_of_its_networks(client):
    _catalogue()
    page = client.get(reverse("country-detail", args=["gh"])).content.decode()
    svg = _svg(page, "reach-map")
    assert '<path class="map-self" d=' in svg  # Ghana itself
    assert "<title>France: in 2 networks with Ghana</title>" in svg
    assert "<title>Germany: in 1 network with Ghana</title>" in svg
    assert "<title>United Kingdom: in 1 network with Ghana</title>" in svg  # through Scotland
    table = page[page.index('<details class="map-table">') :]
    assert f'<a href="{reverse("country-detail", args=["fr"])}">France</a></th><td>2</td>' in table


def test_a_sub_national_page_marks_its_state_and_maps_the_reach(client):
    _catalogue()
    svg = _svg(client.get(reverse("country-detail", args=["gb-sct"])).content.decode(), "reach-map")
    assert '<path class="map-self"' in svg and '<circle class="marker map-self"' in svg
    assert "<title>United Kingdom:" not in svg  # its own state is not counted as a partner


def test_the_countries_page_shades_each_country_by_its_number_of_networks(client, django_assert_num_queries):
    _catalogue()
    client.get(reverse("country-list"))
    with django_assert_num_queries(2):  # 1 the catalogue version (counts are memoised), 2 the countries
        page = client.get(reverse("country-list")).content.decode()
    svg = _svg(page, "countries-map")
    assert re.search(r'<path class="map-scale-5" d="[^"]+"><title>France: 2 networks</title>', svg)
    assert re.search(r'<path class="map-scale-1" d="[^"]+"><title>Germany: 1 network</title>', svg)
    assert "<title>United Kingdom: 1 network</title>" in svg


def test_the_base_map_is_one_cached_svg_image_with_every_outline(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # at most the page cache's version check
        response = client.get("/maps/world.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("<svg xmlns=") and body.count("<path d=") == len(world().shapes)
    assert "Natural Earth" in body and "style=" not in body
