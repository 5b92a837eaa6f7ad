"""Relation graphs: laid out by Graphviz once per graph, drawn by the template, every node a link."""

import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from networks.models import Organisation, Relation
from public import graphs, overview

from .factories import make_network, make_organisation, make_relation

pytestmark = pytest.mark.django_db
needs_dot = pytest.mark.skipif(
    not graphs.dot_available(), reason="Graphviz's `dot` is not installed (apt-get install graphviz)"
)
HOSTILE = '<script>alert("x")</script> & "Co"'


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # layouts are cached across tests by their description's hash
    yield
    cache.clear()


def _relations():
    hub = make_network(slug="hub", name="Hub Agency", acronym="HUB")
    hosted = make_network(slug="hosted", name=f"{HOSTILE} network", acronym="")
    partner = make_network(slug="partner", name="Partner Network", acronym="PN")
    host_body = make_organisation(slug="host-body", name="Host Body", acronym="HB", website="https://example.org/hb")
    make_relation(hosted, hub)  # hosted by
    make_relation(hub, partner, kind=Relation.Kind.PARTNER)
    make_relation(hub, host_body)
    make_relation(partner, hub, kind=Relation.Kind.BUILDS_ON)
    return hub


def _graph(page, key):
    start = page.index(f'<figure class="relation-graph" aria-labelledby="{key}-caption">')
    return page[start : page.index("</figure>", start)]


@needs_dot
def test_a_network_page_draws_its_relations_both_ways_with_every_node_a_link(client):
    _relations()
    page = client.get(reverse("network-detail", args=["hub"])).content.decode()
    svg = _graph(page, "relations-graph")
    assert (
        f'<a href="{reverse("network-detail", args=["hub"])}'
        '" class="graph-node graph-self" aria-label="Hub Agency" aria-current="page">' in svg
    )
    assert (
        f'<a href="{reverse("network-detail", args=["partner"])}'
        '" class="graph-node graph-network" aria-label="Partner Network">' in svg
    )
    # The body hosting the hub links to the networks it hosts.
    assert f'<a href="{reverse("network-list")}?host=host-body" class="graph-node graph-organisation"' in svg
    assert svg.count("<a href=") == 4 and svg.count("<rect ") == 4
    for label in ("hosted by", "partner of", "builds on"):
        assert f'class="graph-edge-label" text-anchor="middle">{label}</text>' in svg
    assert svg.count('marker-end="url(#relations-graph-arrow)"') == 4
    assert "<script>" not in svg and "&lt;script&gt;" in svg  # names are escaped, never markup
    assert "style=" not in svg  # the CSP blocks inline style


@needs_dot
def test_a_layout_is_computed_once_per_graph_and_again_when_the_relations_change(client, monkeypatch):
    hub = _relations()
    runs = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        runs.append(args)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(graphs.subprocess, "run", counting_run)
    client.get(reverse("network-detail", args=["hub"]))
    client.get(reverse("network-detail", args=["hub"]))
    assert len(runs) == 1
    make_relation(make_network(slug="newcomer"), hub, kind=Relation.Kind.PART_OF)
    assert 'aria-label="Network' in _graph(
        client.get(reverse("network-detail", args=["hub"])).content.decode(), "relations-graph"
    )
    assert len(runs) == 2


def test_without_graphviz_the_page_still_lists_every_relation(client, monkeypatch):
    _relations()
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    page = client.get(reverse("network-detail", args=["hub"])).content.decode()
    assert 'class="relation-graph"' not in page
    assert "<h3>Built on by</h3>" in page and "<h3>Partner of</h3>" in page and "<h3>Hosts</h3>" in page


def test_a_layout_that_takes_too_long_is_given_up(client, monkeypatch):
    _relations()

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="dot", timeout=graphs.DOT_TIMEOUT)

    monkeypatch.setattr(graphs.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(graphs.subprocess, "run", slow)
    response = client.get(reverse("network-detail", args=["hub"]))
    assert response.status_code == 200 and 'class="relation-graph"' not in response.content.decode()


def test_a_network_without_relations_has_no_graph(client):
    make_network(slug="alone")
    assert 'class="relation-graph"' not in client.get(reverse("network-detail", args=["alone"])).content.decode()


@needs_dot
def test_the_catalogue_graph_page_draws_every_relation_and_lists_them(client, django_assert_num_queries):
    _relations()
    with django_assert_num_queries(2):  # 1 the catalogue version, 2 the relations with their ends
        response = client.get(reverse("relations-graph"))
    page = response.content.decode()
    svg = _graph(page, "catalogue-graph")
    assert svg.count("<rect ") == 4 and f'href="{reverse("network-detail", args=["partner"])}"' in svg
    table = page[page.index("The relations drawn") :]
    assert table.count('<tr><th scope="row">') == 4
    with django_assert_num_queries(1):  # memoised for this catalogue version
        client.get(reverse("relations-graph"))


@needs_dot
def test_a_large_catalogue_graph_keeps_the_best_connected_nodes_and_says_so(client, monkeypatch):
    hub = _relations()
    for n in range(6):
        make_relation(make_network(slug=f"satellite-{n}"), hub, kind=Relation.Kind.PART_OF)
    monkeypatch.setattr(overview, "GRAPH_NODES", 4)
    page = client.get(reverse("relations-graph")).content.decode()
    assert "The catalogue has 10 networks and bodies with relations; the graph shows the 4 with the most" in page
    svg = _graph(page, "catalogue-graph")
    assert svg.count("<rect ") == 4 and f'href="{reverse("network-detail", args=["hub"])}"' in svg


@needs_dot
def test_a_body_that_hosts_a_network_links_to_its_networks_in_the_catalogue_graph(client):
    hub = _relations()
    body = make_organisation(slug="quiet-body", name="Quiet Body")  # no website
    make_relation(hub, body, kind=Relation.Kind.PARTNER)  # met first as a partner...
    make_relation(make_network(slug="guest"), body)  # ...then as a host
    svg = _graph(client.get(reverse("relations-graph")).content.decode(), "catalogue-graph")
    assert f'<a href="{reverse("network-list")}?host=quiet-body" class="graph-node graph-organisation"' in svg


@needs_dot
def test_a_name_in_another_language_than_the_page_is_marked_with_it_in_the_graph(client):
    """A French page's graph names in English what has no French name, and says so (lang="en"), as the lists do;
    a French name is left unmarked. The English page, drawn first from the same layout, marks nothing."""
    hub = _relations()
    hub.name_fr, hub.acronym_fr = "Agence pivot", "AP"
    hub.save()
    Organisation.objects.filter(slug="host-body").update(language="en")
    english = _graph(client.get(reverse("network-detail", args=["hub"])).content.decode(), "relations-graph")
    assert "lang=" not in english
    with translation.override("fr"):
        url = reverse("network-detail", args=["hub"])
    svg = _graph(client.get(url).content.decode(), "relations-graph")
    assert '<title lang="en">Partner Network</title>' in svg
    assert '<text lang="en" ' in svg and svg.count('<text lang="en" ') == 3  # partner, hosted, host body
    assert "<title>Agence pivot</title>" in svg
