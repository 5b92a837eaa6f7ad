"""Relation graphs: laid out by Graphviz's `dot`, drawn as SVG by templates/jinja2/macros/graphs.html.

Python builds the graph description with the `graphviz` package (which quotes and escapes names),
runs `dot -Tjson0` with a timeout and keeps only numbers and strings from its answer: node boxes,
edge curves and label positions. The markup, links included, is written by the template, so
nothing Graphviz prints reaches the page, and the SVG needs no inline style or script (CSP).

A layout depends only on the graph description, so dot's answer is cached under a hash of that description:
a page view runs `dot` only the first time a graph is seen, and any change to the relations gives
a new description, hence a new layout. The boxes are placed from it on every view, with that page's names: a
name in another language than the page's (registry.translated.ShownText) says which, in its box and its title.
"""

import hashlib
import json
import logging
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

import graphviz
from django.core.cache import cache

from registry.translated import text_shown

logger = logging.getLogger(__name__)

DOT_TIMEOUT = 20  # seconds; a layout that takes longer is not drawn (the relations stay listed in text)
CACHE_SECONDS = 7 * 24 * 60 * 60
FONT_SIZE = 11
LINE_HEIGHT = 13
LABEL_WIDTH = 22  # characters per line of a node label
LABEL_LINES = 3


@dataclass
class GraphNode:
    """A node to lay out: `key` is unique in the graph; `css` one of network, organisation, self."""

    key: str
    title: str  # the full name (tooltip and accessible name), a ShownText when in another language than the page's
    short: str  # what the box shows: an acronym, or the name (a ShownText too)
    url: str = ""
    css: str = "network"


@dataclass
class GraphEdge:
    tail: str
    head: str
    label: str


@dataclass
class PlacedNode:
    title: str
    url: str
    css: str
    label: str  # GraphNode.short: what `lines` show, and its language (the templates' `foreign` test)
    lines: list
    x: float  # top-left corner, SVG units
    y: float
    width: float
    height: float
    cx: float
    text_y: float  # baseline of the first line


@dataclass
class PlacedEdge:
    d: str
    label: str
    lx: float
    ly: float


@dataclass
class Layout:
    width: float
    height: float
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)


def _lines(text):
    lines = textwrap.wrap(text, LABEL_WIDTH, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[: LABEL_LINES - 1] + [
            textwrap.shorten(" ".join(lines[LABEL_LINES - 1 :]), LABEL_WIDTH, placeholder="…")
        ]
    return lines


def describe(nodes, edges, *, direction="LR", packed=False):
    """The DOT description of a graph (graphviz.Digraph), node names n0, n1… in the order given.

    `packed` lays unconnected parts side by side instead of in one long column (catalogue graph).
    """
    attributes = {"rankdir": direction, "nodesep": "0.25", "ranksep": "0.45", "splines": "true"}
    if packed:
        attributes.update(pack="true", packmode="graph")
    graph = graphviz.Digraph(
        graph_attr=attributes,
        node_attr={"shape": "box", "fontname": "Helvetica", "fontsize": str(FONT_SIZE), "margin": "0.12,0.06"},
        edge_attr={"fontname": "Helvetica", "fontsize": str(FONT_SIZE - 1), "arrowsize": "0.7"},
    )
    names = {}
    for node in nodes:
        names[node.key] = f"n{len(names)}"
        graph.node(names[node.key], label="\\n".join(graphviz.escape(line) for line in _lines(node.short)))
    for edge in edges:
        graph.edge(names[edge.tail], names[edge.head], label=graphviz.escape(edge.label))
    return graph.source


def layout(nodes, edges, *, direction="LR", packed=False):
    """The drawn graph (Layout), or None when there is nothing to draw or `dot` failed (logged)."""
    if not edges:
        return None
    source = describe(nodes, edges, direction=direction, packed=packed)
    key = f"graph-answer:{hashlib.sha256(source.encode()).hexdigest()}"
    answer = cache.get(key)
    if answer is None:
        answer = _run_dot(source)
        if answer is None:
            return None
        cache.set(key, answer, CACHE_SECONDS)
    return _place(answer, nodes, edges)


def dot_available():
    return shutil.which("dot") is not None


def _run_dot(source):
    dot = shutil.which("dot")
    if dot is None:
        logger.warning("Graphviz's dot is not installed: relation graphs are not drawn.")
        return None
    try:
        done = subprocess.run(
            [dot, "-Tjson0"], input=source.encode(), capture_output=True, timeout=DOT_TIMEOUT, check=True
        )
    except subprocess.TimeoutExpired:
        logger.warning("dot took more than %s s to lay out a graph of %s bytes.", DOT_TIMEOUT, len(source))
        return None
    except subprocess.CalledProcessError as error:
        logger.warning("dot failed: %s", error.stderr.decode(errors="replace")[:500])
        return None
    return json.loads(done.stdout)


def _point(text, height):
    x, y = (float(n) for n in text.split(","))
    return round(x, 1), round(height - y, 1)


def _place(answer, nodes, edges):
    """Numbers from dot's JSON (points, y up) as SVG coordinates (y down), with our labels and links."""
    _left, _bottom, width, height = (float(n) for n in answer["bb"].split(","))
    placed = Layout(width=round(width, 1), height=round(height, 1))
    drawn_by_name = {drawn["name"]: drawn for drawn in answer.get("objects", []) if "pos" in drawn}
    for number, node in enumerate(nodes):
        drawn = drawn_by_name[f"n{number}"]
        cx, cy = _point(drawn["pos"], height)
        w, h = float(drawn["width"]) * 72, float(drawn["height"]) * 72
        lines = _lines(node.short)
        first = cy - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        placed.nodes.append(
            PlacedNode(
                title=node.title, url=node.url, css=node.css, label=node.short, lines=lines,
                x=round(cx - w / 2, 1), y=round(cy - h / 2, 1), width=round(w, 1), height=round(h, 1),
                cx=cx, text_y=round(first, 1),
            )
        )  # fmt: skip
    for edge, drawn in zip(edges, answer.get("edges", []), strict=True):
        parts = drawn["pos"].split()
        end = None
        if parts[0].startswith("e,"):
            end = _point(parts.pop(0)[2:], height)
        if parts[0].startswith("s,"):
            parts.pop(0)
        points = [_point(part, height) for part in parts]
        d = f"M{points[0][0]} {points[0][1]}"
        for i in range(1, len(points) - 2, 3):
            (x1, y1), (x2, y2), (x3, y3) = points[i : i + 3]
            d += f"C{x1} {y1} {x2} {y2} {x3} {y3}"
        if end:
            d += f"L{end[0]} {end[1]}"
        lx, ly = _point(drawn["lp"], height) if "lp" in drawn else points[len(points) // 2]
        placed.edges.append(PlacedEdge(d=d, label=edge.label, lx=lx, ly=ly))
    return placed


def _target_node(relation, link, hosts_url):
    """The node of a relation's target: a network (its page) or an organisation (networks it hosts, or its site)."""
    if relation.target_network_id:
        return _source_node(relation.target_network, link)
    organisation = relation.target_organisation
    url = f"{hosts_url}?host={organisation.slug}" if relation.kind == "hosted_by" else organisation.website
    name = text_shown(organisation, "name")
    short = text_shown(organisation, "acronym") or name
    return GraphNode(f"organisation:{organisation.pk}", name, short, url, css="organisation")


def _source_node(network, link, css="network"):
    name = text_shown(network, "name")
    short = text_shown(network, "acronym") or name
    return GraphNode(f"network:{network.pk}", name, short, link.network_url(network.slug), css)


def network_graph(network, outgoing, incoming, link, hosts_url):
    """(nodes, edges) of one network's relations both ways: it hosts, is part of, partners, builds on…

    `outgoing` are its relations with their targets loaded, `incoming` other networks' relations to it.
    """
    nodes = {f"network:{network.pk}": _source_node(network, link, css="self")}
    edges = []
    for relation in outgoing:
        target = _target_node(relation, link, hosts_url)
        nodes.setdefault(target.key, target)
        edges.append(GraphEdge(f"network:{network.pk}", target.key, relation.get_kind_display().lower()))
    for relation in incoming:
        source = _source_node(relation.network, link)
        nodes.setdefault(source.key, source)
        edges.append(GraphEdge(source.key, f"network:{network.pk}", relation.get_kind_display().lower()))
    return list(nodes.values()), edges


def catalogue_graph(relations, link, hosts_url, limit):
    """(nodes, edges, how many nodes there were) of every relation, keeping the `limit` best-connected nodes.

    A graph of thousands of boxes is unreadable and slow to lay out: past `limit` nodes the ones with
    the most relations are kept, with the relations among them.
    """
    nodes, edges, degree = {}, [], {}
    for relation in relations:
        source, target = _source_node(relation.network, link), _target_node(relation, link, hosts_url)
        if relation.kind == "hosted_by":
            nodes[target.key] = target  # a body that hosts a network links to the networks it hosts
        for node in (source, target):
            nodes.setdefault(node.key, node)
            degree[node.key] = degree.get(node.key, 0) + 1
        edges.append(GraphEdge(source.key, target.key, relation.get_kind_display().lower()))
    total = len(nodes)
    if total > limit:
        kept = set(sorted(nodes, key=lambda key: (-degree[key], nodes[key].title))[:limit])
        nodes = {key: node for key, node in nodes.items() if key in kept}
        edges = [edge for edge in edges if edge.tail in kept and edge.head in kept]
        linked = {edge.tail for edge in edges} | {edge.head for edge in edges}
        nodes = {key: node for key, node in nodes.items() if key in linked}
    return list(nodes.values()), edges, total
