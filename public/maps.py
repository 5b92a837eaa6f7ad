"""World maps of the public pages: what to colour, where to put markers, the legend and the table alternative.

Python decides only numbers and strings (which outline gets which CSS class, marker positions,
labels); the SVG markup is in templates/jinja2/macros/maps.html. Outlines come from
countries.geometry (Natural Earth, projected once). No query: the views pass rows they loaded.

A map never carries information that is not also in text: its <title> and <desc>, the legend with
counts, and a table of every jurisdiction drawn.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from countries.geometry import world
from networks.models import Membership
from registry.languages import name_order_key

from .pages import LinkBuilder
from .wording import colon

Role = Membership.Role
# Roles grouped into the four colours a reader can tell apart; the legend names the roles in each.
ROLE_CATEGORY = {
    Role.MEMBER: "member",
    Role.OBSERVER: "observer",
    Role.ASSOCIATE_PARTNER: "partner",
    Role.OPERATIONAL_PARTNER: "partner",
    Role.PARTNER: "partner",
    Role.COOPERATION_AGREEMENT: "partner",
    Role.CONTACT_POINT: "other",
    Role.LIAISON_PROSECUTOR: "other",
    Role.OTHER: "other",
}
CATEGORY_ORDER = ["member", "partner", "observer", "other"]
SCALE_STEPS = 5  # colour classes of a choropleth: map-scale-1 (lightest) to map-scale-5
MARKER_RADIUS = 4.5  # map units (the map is 1000 wide)


@dataclass
class Area:
    """One outline to colour: its path, CSS class and the label of its tooltip ("" when its circle carries it)."""

    d: str
    css: str
    label: str


@dataclass
class Marker:
    """A circle for a jurisdiction too small to see, or drawn inside another's outline."""

    x: float
    y: float
    css: str
    label: str


@dataclass
class LegendItem:
    css: str
    label: str
    count: int


@dataclass
class TableRow:
    name: str
    url: str
    value: str


@dataclass
class WorldMap:
    """Everything the map macro draws, and its text alternative."""

    key: str  # unique in the page: element ids derive from it
    title: str
    description: str
    areas: list = field(default_factory=list)
    markers: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # the table alternative
    value_heading: str = ""
    not_drawn: list = field(default_factory=list)  # names with no position on the map

    @property
    def viewbox(self):
        return world().viewbox_text

    @property
    def size(self):
        return world().viewbox[2:]


def _category_labels():
    labels = {
        "member": _("Member"),
        "partner": _("Partner (associate, operational, by agreement)"),
        "observer": _("Observer"),
        "other": _("Other role (contact point, liaison prosecutor…)"),
    }
    return labels


def _place(picture, code, css, label, *, always_mark=False):
    """Colour a jurisdiction's outline, and mark it with a circle when small or without an outline of its own."""
    geometry = world()
    shape = geometry.shapes.get(code)
    marked = always_mark or not shape or code in geometry.small
    point = geometry.point_of(code) if marked else None
    if shape:  # named once: by its circle when it has one, so that a reader does not meet it twice
        picture.areas.append(Area(shape, css, "" if point else label))
    if marked:
        if point is None:
            return False
        picture.markers.append(Marker(point[0], point[1], css, label))
    return True


def network_map(network, role_groups):
    """The network's current jurisdiction members coloured by role (from public.pages.members_by_role groups).

    A jurisdiction in several roles takes the first category in CATEGORY_ORDER. A sub-national
    member (Scotland) colours its state's outline unless the state takes part itself, and gets a
    marker of its own. Organisations and networks taking part are not mapped; the description says how many
    (participants, whatever their role).
    """
    labels = _category_labels()
    found = {}  # code → [name, url, parent name, category, [role labels]]
    unmapped = 0
    for group in role_groups:
        role_label = str(group.label)  # a lazy translation: translated once, not once per member
        for listing in group.memberships:
            member = listing.member
            if member.kind != "jurisdiction":
                unmapped += 1
                continue
            entry = found.setdefault(member.code, [member.name, member.url, member.parent, None, []])
            category = ROLE_CATEGORY[group.role]
            if entry[3] is None or CATEGORY_ORDER.index(category) < CATEGORY_ORDER.index(entry[3]):
                entry[3] = category
            entry[4].append(role_label)
    name = network.acronym or network.name
    title = _("Where the members of %(network)s are") % {"network": name}
    picture = WorldMap(key="members-map", title=title, description="")
    counts = dict.fromkeys(CATEGORY_ORDER, 0)
    states_taking_part = {code for code, entry in found.items() if not entry[2]}
    by_member_name = sorted(found.items(), key=lambda item: name_order_key(item[1][0]))
    separator = colon()
    for code, (member_name, url, parent, category, roles) in by_member_name:
        counts[category] += 1
        role_names = ", ".join(roles)
        label = (
            f"{member_name}{separator}{role_names}"
            if not parent
            else f"{member_name} ({parent}){separator}{role_names}"
        )
        css = f"map-{category}"
        if parent:
            state = code.partition("-")[0]
            point = world().point_of(code)
            if state not in states_taking_part and state in world().shapes:
                states_taking_part.add(state)
                picture.areas.append(Area(world().shapes[state], css, "" if point else label))
            if point:
                picture.markers.append(Marker(point[0], point[1], css, label))
            drawn = point is not None
        else:
            drawn = _place(picture, code, css, label)
        if not drawn:
            picture.not_drawn.append(member_name)
        picture.rows.append(TableRow(member_name if not parent else f"{member_name} ({parent})", url, role_names))
    picture.legend = [LegendItem(f"map-{c}", labels[c], counts[c]) for c in CATEGORY_ORDER if counts[c]]
    parts = [f"{item.label.lower()}{separator}{item.count}" for item in picture.legend]
    picture.description = _(
        "World map of the countries and jurisdictions taking part in %(network)s, coloured by role (%(parts)s)."
    ) % {"network": name, "parts": "; ".join(parts)}
    if unmapped:
        picture.description += " " + ngettext(
            "%(num)s participant that is an organisation or a network is not mapped.",
            "%(num)s participants that are organisations or networks are not mapped.",
            unmapped,
        ) % {"num": unmapped}
    picture.value_heading = _("Role")
    return picture


def scale(values, steps=SCALE_STEPS):
    """Classes for a choropleth: [(low, high, css)] covering every positive value, lightest first.

    Quantile breaks over the positive values (each class holds about as many countries), so a
    few countries in hundreds of networks do not leave every other country in the first class.
    """
    positive = sorted(value for value in values if value > 0)
    if not positive:
        return []
    distinct = sorted(set(positive))
    if len(distinct) <= steps:
        uppers = distinct
    else:
        uppers = sorted({positive[max(0, (len(positive) * i) // steps - 1)] for i in range(1, steps + 1)})
        uppers[-1] = positive[-1]
    classes, low = [], 1
    for index, upper in enumerate(uppers):
        shade = 1 + round(index * (steps - 1) / max(1, len(uppers) - 1)) if len(uppers) > 1 else steps
        classes.append((low, upper, f"map-scale-{shade}"))
        low = upper + 1
    return classes


def _class_of(classes, value):
    for low, high, css in classes:
        if low <= value <= high:
            return css
    return None


def _range_label(low, high):
    return str(low) if low == high else f"{low}–{high}"


def participation_map(countries, counts):
    """/countries/: each state coloured by how many networks it takes part in.

    `countries` are Jurisdiction rows with code and name; `counts` {code: number of networks}.
    """
    link = LinkBuilder()
    classes = scale(counts.values())
    picture = WorldMap(key="countries-map", title=_("How many networks each country takes part in"), description="")
    tally = {css: 0 for _low, _high, css in classes}
    phrases = {}  # {count: its translated phrase}: two hundred states share a few dozen counts
    for country in countries:
        count = counts.get(country.code, 0)
        css = _class_of(classes, count)
        if css is None:
            continue
        tally[css] += 1
        if count not in phrases:
            phrases[count] = ngettext("%(name)s: %(num)s network", "%(name)s: %(num)s networks", count)
        label = phrases[count] % {"name": country.name, "num": count}
        if not _place(picture, country.code, css, label):
            picture.not_drawn.append(country.name)
        picture.rows.append(TableRow(country.name, link.jurisdiction_url(country.code), str(count)))
    picture.legend = [LegendItem(css, _range_label(low, high), tally[css]) for low, high, css in classes]
    picture.description = _(
        "World map shading each country by the number of networks it currently takes part in, in any role, "
        "directly or through a sub-national jurisdiction: the darker, the more networks. "
        "The list of countries on this page gives every number."
    )
    picture.value_heading = _("Networks")
    return picture


def reach_map(jurisdiction, shared):
    """A country's page: the states that share at least one of its networks, shaded by how many.

    `shared` is {state code: (name, number of the country's networks it takes part in)}, the country
    itself left out; the country is drawn in its own colour.
    """
    link = LinkBuilder()
    classes = scale(count for _name, count in shared.values())
    home_name = jurisdiction.name  # read once: the translated name's descriptor costs 5 µs a read
    picture = WorldMap(
        key="reach-map",
        title=_("Where the networks of %(name)s reach") % {"name": home_name},
        description="",
    )
    home = jurisdiction.code.partition("-")[0] if jurisdiction.parent_id else jurisdiction.code
    _place(picture, home, "map-self", home_name, always_mark=bool(jurisdiction.parent_id))
    tally = {css: 0 for _low, _high, css in classes}
    phrases = {}  # {count: its translated phrase}: two hundred states share a few dozen counts
    for code, (name, count) in sorted(shared.items(), key=lambda item: (-item[1][1], name_order_key(item[1][0]))):
        css = _class_of(classes, count)
        tally[css] += 1
        if count not in phrases:
            phrases[count] = ngettext(
                "%(name)s: in %(num)s network with %(home)s", "%(name)s: in %(num)s networks with %(home)s", count
            )
        label = phrases[count] % {"name": name, "num": count, "home": home_name}
        if not _place(picture, code, css, label):
            picture.not_drawn.append(name)
        picture.rows.append(TableRow(name, link.jurisdiction_url(code), str(count)))
    picture.legend = [
        LegendItem("map-self", home_name, 1),
        *(LegendItem(css, _range_label(low, high), tally[css]) for low, high, css in classes),
    ]
    picture.description = ngettext(
        "World map of the %(num)s countries that take part in at least one network with %(name)s, "
        "shaded by the number of networks they share with it: the darker, the more.",
        "World map of the %(num)s countries that take part in at least one network with %(name)s, "
        "shaded by the number of networks they share with it: the darker, the more.",
        len(shared),
    ) % {"num": len(shared), "name": home_name}
    picture.value_heading = _("Networks shared")
    return picture
