"""Build countries/geometry/world.json: every country's outline, projected once, keyed by ISO 3166-1 alpha-2.

Source: Natural Earth's admin-0 countries (public domain) as TopoJSON in the npm package
`world-atlas` 2.0.2 (ISC licence): `countries-110m.json` for outlines and `countries-50m.json`
for the position of states too small to appear at 1:110 million (Malta, Liechtenstein, most
island states). Run from the repository root:

    python -m countries.geometry.build            # fetches world-atlas with `npm pack` into a temp dir
    python -m countries.geometry.build DIR        # or reads DIR/countries-110m.json and DIR/countries-50m.json

What it does:
- decodes the TopoJSON arcs (quantised, delta-encoded), projects every point with the Equal Earth
  projection (Šavrič, Patterson and Jenny, 2018) onto a 1000-unit-wide plane, y pointing down;
- simplifies each arc once with Douglas–Peucker (so neighbours keep a common border) and writes each
  country as one SVG path in tenths of a unit, relative moves after the first point;
- keys shapes by ISO numeric → alpha-2 (pycountry); the three features Natural Earth gives no ISO
  number: Kosovo is drawn as XK, "N. Cyprus" is drawn with Cyprus and Somaliland with Somalia (the
  registry, like the UN, lists neither); Antarctica is left out;
- gives every jurisdiction a point for a marker: the centre of its largest polygon (50m outline when
  110m has none), or the hand-kept positions below for what neither file draws on its own
  (overseas departments drawn inside France, sub-national jurisdictions such as Scotland);
- lists as `small` the states whose outline is missing or under SMALL_AREA square units, which the
  maps mark with a circle so that they stay visible.
"""

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent / "world.json"
WIDTH = 1000.0
TOLERANCE = 0.5  # Douglas–Peucker tolerance in map units (a thousandth of the width is 1 unit)
SMALL_AREA = 10.0  # square units: below this a state is marked with a circle as well
SOUTHERNMOST = -58.0  # latitude where the map is cut (Antarctica is not drawn)
WORLD_ATLAS = "world-atlas@2.0.2"

# Features without an ISO number in Natural Earth: where they go.
UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO", "Indian Ocean Ter.": None, "Siachen Glacier": None}
LEFT_OUT = {"010"}  # Antarctica

# Positions (latitude, longitude) of what neither outline file draws as its own feature.
# Approximate centres; facts, not geometry.
POSITIONS = {
    "BQ": (12.18, -68.25),  # Bonaire
    "BV": (-54.42, 3.36),  # Bouvet Island
    "CC": (-12.16, 96.87),  # Cocos (Keeling) Islands
    "CX": (-10.49, 105.62),  # Christmas Island
    "GI": (36.14, -5.35),  # Gibraltar
    "GP": (16.25, -61.58),  # Guadeloupe
    "GF": (3.93, -53.13),  # French Guiana
    "MQ": (14.64, -61.02),  # Martinique
    "YT": (-12.83, 45.17),  # Mayotte
    "RE": (-21.12, 55.53),  # Réunion
    "SJ": (78.22, 15.65),  # Svalbard and Jan Mayen
    "TK": (-9.2, -171.85),  # Tokelau
    "TV": (-8.52, 179.2),  # Tuvalu
    "UM": (19.28, 166.65),  # United States Minor Outlying Islands (Wake Island)
    "GB-EAW": (52.6, -1.6),  # England and Wales
    "GB-SCT": (56.8, -4.2),  # Scotland
    "GB-NIR": (54.65, -6.75),  # Northern Ireland
    "DE-NW": (51.45, 7.55),  # North Rhine-Westphalia
}

# Equal Earth coefficients.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)  # x of longitude 180° on the equator


def equal_earth(longitude, latitude):
    """(x, y) on the unit plane for a longitude and latitude in degrees; x in [-X_MAX, X_MAX], y north-up."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


SCALE = WIDTH / (2 * X_MAX)
TOP = equal_earth(0, 90)[1]


def project(longitude, latitude):
    """Map units: x from 0 (180° W) to WIDTH (180° E), y from 0 at the North Pole, pointing down."""
    x, y = equal_earth(longitude, latitude)
    return (x + X_MAX) * SCALE, (TOP - y) * SCALE


def decode_arcs(topology):
    """Every arc as a list of (longitude, latitude), undoing quantisation and delta encoding."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas–Peucker: the indexes of the points of a polyline to keep (first and last always kept)."""
    if len(points) < 3:
        return list(range(len(points)))
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs(dy * (px - x1) - dx * (py - y1)) / length if length else math.hypot(px - x1, py - y1)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [index for index, kept in enumerate(keep) if kept]


def ring_points(ring, arcs):
    """A ring's projected points from its arc indexes (a negative index ~i is arc i reversed)."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def area_and_centre(points):
    """Signed area and centroid of a closed ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if not area:
        xs, ys = zip(*points, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area, (cx / (6 * area), cy / (6 * area))


def path_of(rings):
    """An SVG path: absolute move to each ring's first point, then relative lines, in tenths of a unit."""
    parts = []
    for ring in rings:
        tenths = [(round(x * 10), round(y * 10)) for x, y in ring]
        steps = [tenths[0]] + [b for a, b in zip(tenths, tenths[1:], strict=False) if b != a]
        if len(steps) < 3:
            continue
        text = [f"M{_number(steps[0][0])} {_number(steps[0][1])}l"]
        for (x0, y0), (x1, y1) in zip(steps, steps[1:], strict=False):
            dx, dy = _number(x1 - x0), _number(y1 - y0)
            text.append(f"{dx}{'' if dy.startswith('-') else ' '}{dy} ")
        parts.append("".join(text).rstrip() + "z")
    return "".join(parts)


def _number(tenths):
    """Tenths as the shortest decimal: 12 → "1.2", -5 → "-.5", 30 → "3"."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def alpha2_of(feature):
    number = feature.get("id")
    if number is None:
        return UNNUMBERED[feature["properties"]["name"]]
    country = pycountry.countries.get(numeric=number)
    return country.alpha_2 if country else None


def unwrap(ring):
    """A ring crossing the antimeridian (a step of more than 180° in longitude) moved to one side of it.

    Natural Earth cuts most polygons at ±180°, but a few rings (Russia's Chukotka, Fiji) hold points on
    both sides: drawn flat they would stretch across the whole map. Moved to the side where most of
    their points are, the part beyond 180° falls outside the map and is clipped.
    """
    if not any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:], strict=False)):
        return ring
    east = sum(lon > 0 for lon, _ in ring) * 2 >= len(ring)
    return [(lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat) for lon, lat in ring]


def _projected(ring):
    return [project(lon, max(lat, SOUTHERNMOST)) for lon, lat in unwrap(ring)]


def features(topology):
    """(alpha-2, [[ring of projected points]], largest polygon's centre, total area) per feature."""
    arcs = decode_arcs(topology)
    # Each arc is simplified once, on projected points, so that neighbours keep one common border.
    simplified = [[arc[i] for i in simplify([project(*point) for point in arc], TOLERANCE)] for arc in arcs]
    for feature in topology["objects"]["countries"]["geometries"]:
        if feature.get("id") in LEFT_OUT:
            continue
        code = alpha2_of(feature)
        if code is None:
            continue
        rings, best, total = [], (0.0, None), 0.0
        for polygon in polygons_of(feature):
            area, centre = area_and_centre(_projected(ring_points(polygon[0], arcs)))
            total += abs(area)
            if abs(area) >= best[0]:
                best = (abs(area), centre)
            rings.extend(_projected(ring_points(ring, simplified)) for ring in polygon)
        yield code, rings, best[1], total


def build(directory):
    coarse = json.loads((directory / "countries-110m.json").read_text())
    fine = json.loads((directory / "countries-50m.json").read_text())
    shapes, points, areas = {}, {}, {}
    for code, rings, centre, area in features(coarse):
        shapes.setdefault(code, []).extend(rings)
        areas[code] = areas.get(code, 0.0) + area
        if code not in points or area > areas[code] - area:  # the larger part names the point (Cyprus)
            points[code] = centre
    for code, _rings, centre, _area in features(fine):
        points.setdefault(code, centre)
    for code, (latitude, longitude) in POSITIONS.items():
        points.setdefault(code, project(longitude, latitude))
    ys = [y for rings in shapes.values() for ring in rings for _, y in ring]
    top, bottom = math.floor(min(ys)) - 2, math.ceil(max(ys)) + 2
    small = sorted(code for code in points if areas.get(code, 0.0) < SMALL_AREA)
    return {
        "source": "Natural Earth 1:110m and 1:50m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
        "projection": "Equal Earth",
        "viewbox": [0, top, int(WIDTH), bottom - top],
        "shapes": {code: path_of(rings) for code, rings in sorted(shapes.items())},
        "points": {code: [round(x, 1), round(y, 1)] for code, (x, y) in sorted(points.items())},
        "small": small,
    }


def fetch(into):
    """The world-atlas package unpacked under `into` (npm pack; nothing is installed)."""
    subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=into, check=True, timeout=300)
    archive = next(Path(into).glob("world-atlas-*.tgz"))
    subprocess.run(["tar", "xzf", archive.name], cwd=into, check=True, timeout=60)
    return Path(into) / "package"


def main(argv):
    if len(argv) > 1:
        world = build(Path(argv[1]))
    else:
        with tempfile.TemporaryDirectory() as into:
            world = build(fetch(into))
    OUTPUT.write_text(json.dumps(world, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{OUTPUT}: {len(world['shapes'])} shapes, {len(world['points'])} points, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
