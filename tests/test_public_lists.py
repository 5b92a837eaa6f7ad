"""Long lists of the public pages (Jinja2 macros in templates/jinja2/macros/lists.html): every value escaped."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from markupsafe import escape

from countries.models import Jurisdiction
from networks.models import ContactPoint, Membership

from .factories import make_contact, make_membership, make_network, make_organisation, make_rich_catalogue

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&'
ESCAPED = str(escape(HOSTILE))  # as the public templates escape: &lt;script&gt;alert(&#34;x&#34;)...&amp;


@pytest.fixture
def hostile_catalogue():
    """The rich catalogue with hostile text in every name, Ghana renamed too (a jurisdiction's name is data)."""
    Jurisdiction.objects.filter(code="GH").update(name=f"{HOSTILE}Ghana", name_en=f"{HOSTILE}Ghana")
    Jurisdiction.objects.filter(code="GB").update(name=f"{HOSTILE}United Kingdom", name_en=f"{HOSTILE}United Kingdom")
    return make_rich_catalogue(hostile=HOSTILE)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert HOSTILE not in page
    return page


def test_the_network_page_escapes_every_member_name_and_keeps_its_markup(client, hostile_catalogue):
    page = _page(client, reverse("network-detail", args=["ejn"]))
    # A current member with its state (a sub-national member) and the day it joined, as recorded.
    assert (
        f'<li><a href="{reverse("country-detail", args=["gb-sct"])}'
        f'">Scotland</a> <span class="muted">({ESCAPED}United Kingdom)</span>'
        ' <span class="muted">since Jan. 31, 2002</span></li>'
    ) in page
    # An organisation has no page: its name and acronym, unlinked.
    assert f"<li>{ESCAPED}Egmont Group</li>" in page
    assert f'<li><a href="{reverse("network-detail", args=["carin"])}">{ESCAPED}CARIN</a></li>' in page
    # The ended membership, with its role and the day it ended.
    brazil = reverse("country-detail", args=["br"])
    ended = f'<li><a href="{brazil}">Brazil</a> <span class="muted">(member until Dec. 31, 2020)</span></li>'
    assert ended in page


def test_the_comparison_escapes_every_member_name(client, hostile_catalogue):
    page = _page(client, f"{reverse('compare')}?networks=ejn&networks=carin")
    assert f'<tr><th scope="row">{ESCAPED}CARIN</th><td>Partner</td><td>—</td></tr>' in page
    assert '<tr><th scope="row">Brazil</th><td>—</td><td>Associate partner</td></tr>' in page
    assert f"<li>{ESCAPED}Egmont Group</li>" in page


def test_the_country_page_escapes_network_and_jurisdiction_names(client, hostile_catalogue):
    page = _page(client, reverse("country-detail", args=["gb"]))
    assert (
        f'<li><a href="{reverse("network-detail", args=["ejn"])}">{ESCAPED}European Judicial Network ({ESCAPED}EJN)</a>'
        ' <span class="muted">through Scotland</span> <span class="muted">since Jan. 31, 2002</span></li>'
    ) in page


def test_a_member_joined_in_several_roles_is_one_row_in_a_comparison(client):
    first, second = make_network(slug="first"), make_network(slug="second")
    ghana = Jurisdiction.objects.get(code="GH")
    make_membership(first, ghana)
    make_membership(first, ghana, role=Membership.Role.OBSERVER, since=datetime.date(2001, 1, 1))
    make_membership(second, make_organisation(name="Interpol", acronym="ICPO"))
    page = _page(client, f"{reverse('compare')}?networks=first&networks=second")
    assert '<tr><th scope="row">Ghana</th><td>Member, Observer</td><td>—</td></tr>' in page
    assert '<tr><th scope="row">Interpol</th><td>—</td><td>Member</td></tr>' in page
    assert "<li>Interpol (ICPO)</li>" in page


def test_contact_tables_escape_every_value_and_list_only_visible_contacts(client, hostile_catalogue):
    make_contact(
        hostile_catalogue, name=f"{HOSTILE}Desk", jurisdiction=Jurisdiction.objects.get(code="GB-SCT"),
        visibility=ContactPoint.Visibility.PUBLIC, email="desk@example.org", role=ContactPoint.Role.TWENTY_FOUR_SEVEN,
    )  # fmt: skip
    office = (
        f'<tr><th scope="row">{ESCAPED}Public Office<br><span class="muted">{ESCAPED}Prosecutor</span></th>'
        f"<td>National contact point</td><td></td><td>{ESCAPED}Ministry</td>"
        f'<td><a href="mailto:contact@example.org">contact@example.org</a><br>{ESCAPED}+33 1 00 00</td>'
        f"<td>{ESCAPED}French</td></tr>"
    )
    desk = (
        f'<tr><th scope="row">{ESCAPED}Desk</th><td><a href="{reverse("network-detail", args=["ejn"])}'
        f'">{ESCAPED}EJN</a></td>'
        f'<td>24/7 contact point</td><td><a href="{reverse("country-detail", args=["gb-sct"])}'
        '">Scotland</a></td><td></td>'
        '<td><a href="mailto:desk@example.org">desk@example.org</a></td><td></td></tr>'
    )
    network_page = _page(client, reverse("network-detail", args=["ejn"]))
    assert office in network_page and "CANARY-SECRETARIAT-CONTACT" not in network_page
    country_page = _page(client, reverse("country-detail", args=["gb"]))
    assert desk in country_page and "Public Office" not in country_page


def test_list_and_topic_pages_escape_network_and_topic_names_and_keep_their_markup(client):
    from networks.models import Topic

    topic = Topic.objects.create(slug="hostile", name=f"{HOSTILE}topic", facet=Topic.Facet.CRIME_AREA)
    network = make_network(slug="hostile", name=f"{HOSTILE}network", acronym=HOSTILE, established=1998, topics=[topic])
    ghana = Jurisdiction.objects.get(code="GH")
    make_membership(network, ghana, role=Membership.Role.OBSERVER)
    expected_head = (
        f'<li class="network-item"><h3><a href="{reverse("network-detail", args=["hostile"])}">{ESCAPED}network</a>'
        f' <span class="muted">({ESCAPED})</span></h3>'
    )
    topic = reverse("topic-detail", args=["hostile"])
    tags = f'<ul class="tags" aria-label="Topics"><li><a href="{topic}">{ESCAPED}topic</a></li></ul>'
    for url in (
        reverse("network-list"),
        f"{reverse('network-list')}?country=gh",
        reverse("topic-detail", args=["hostile"]),
    ):
        page = _page(client, url)
        assert expected_head in page
        assert " · since 1998 · member list not published, 1 other participant listed</p>" in page
        assert tags in page
    assert '<p class="meta">Ghana: observer</p>' in _page(client, f"{reverse('network-list')}?country=gh")


def _compared(client, *slugs, language="en"):
    with translation.override(language):
        url = reverse("compare")
    return _page(client, f"{url}?" + "&".join(f"networks={slug}" for slug in slugs))


def test_a_comparison_words_its_counts_in_the_role_its_members_hold(client):
    """Reported: /compare/ said "members" of observers, partners and the like; it says what they are."""
    first, second = make_network(slug="first", acronym="ONE"), make_network(slug="second", acronym="TWO")
    for code in ["FR", "DE"]:  # observers of both
        for network in (first, second):
            make_membership(network, Jurisdiction.objects.get(code=code), role=Membership.Role.OBSERVER)
    make_membership(first, Jurisdiction.objects.get(code="GH"), role=Membership.Role.PARTNER)
    make_membership(second, Jurisdiction.objects.get(code="NG"))
    make_membership(second, Jurisdiction.objects.get(code="SN"), role=Membership.Role.CONTACT_POINT)
    page = _compared(client, "first", "second")
    assert "<li><strong>2 observers</strong> in both networks</li>" in page
    assert "<li><strong>1 partner</strong> only in ONE</li>" in page
    assert "<li><strong>2 participants</strong> only in TWO</li>" in page  # a member and a contact point
    assert "<h2>Participants in common</h2>" in page and "<h2>Participants in only one</h2>" in page
    assert '<th scope="col">Participant</th>' in page and "Every participant, side by side" in page
    assert "members in all" not in page and "Members in common" not in page
    french = _compared(client, "first", "second", language="fr")
    assert "<li><strong>2 observateurs</strong> dans les deux réseaux</li>" in french
    # ONE has no French name: its English one is marked as such (lang="en").
    assert '<li><strong>1 partenaire</strong> uniquement dans <span lang="en">ONE</span></li>' in french


def test_a_comparison_of_members_only_still_says_members(client):
    first, second = make_network(slug="first", acronym="ONE"), make_network(slug="second", acronym="TWO")
    for code in ["FR", "DE", "ES"]:
        make_membership(first, Jurisdiction.objects.get(code=code))
    for code in ["FR", "DE"]:
        make_membership(second, Jurisdiction.objects.get(code=code))
    page = _compared(client, "first", "second")
    assert "<li><strong>2 members</strong> in both networks</li>" in page
    assert "<li><strong>1 member</strong> only in ONE</li>" in page
    assert "<li><strong>0 participants</strong> only in TWO</li>" in page
    assert "<h2>Members in common</h2>" in page and '<th scope="col">Member</th>' in page


def test_members_in_common_holding_different_roles_are_counted_as_participants(client):
    first, second, third = (make_network(slug=slug) for slug in ("first", "second", "third"))
    ghana = Jurisdiction.objects.get(code="GH")
    make_membership(first, ghana)
    make_membership(second, ghana, role=Membership.Role.OBSERVER)
    make_membership(third, ghana, role=Membership.Role.ASSOCIATE_PARTNER)
    for network in (first, second):
        make_membership(network, Jurisdiction.objects.get(code="FR"), role=Membership.Role.OPERATIONAL_PARTNER)
    page = _compared(client, "first", "second", "third")
    assert "<li><strong>1 participant</strong> in all 3 networks</li>" in page
    assert "<li><strong>1 operational partner</strong> in more than one but not all</li>" in page
