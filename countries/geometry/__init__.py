"""World outlines for the public maps, keyed by ISO 3166-1 alpha-2 (and sub-national codes for points).

`world.json` is built by `python -m countries.geometry.build` from Natural Earth (public domain)
as packaged by the npm package world-atlas 2.0.2 (ISC licence); see build.py for what it holds.
Coordinates are Equal Earth map units, 1000 across, y pointing down.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

WORLD_FILE = Path(__file__).resolve().parent / "world.json"


@dataclass(frozen=True)
class World:
    viewbox: tuple  # (x, y, width, height) in map units
    shapes: dict  # {alpha-2: SVG path data, marked safe}
    points: dict  # {code: (x, y)}: where a marker for the jurisdiction goes
    small: frozenset  # codes drawn too small to see (or not drawn): the maps add a marker
    source: str

    @property
    def viewbox_text(self):
        return " ".join(str(n) for n in self.viewbox)

    def point_of(self, code):
        """Where a jurisdiction's marker goes: its own point, else its state's (GB-XYZ → GB), else None."""
        return self.points.get(code) or self.points.get(code.partition("-")[0])


@functools.cache
def world():
    """The world outlines, read once per process (60 KB).

    Path data is commands and numbers only (build.py writes it; a test checks it), so the map macro writes it
    unescaped: escaping copied 50 KB of it on every country page.
    """
    data = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    return World(
        viewbox=tuple(data["viewbox"]),
        shapes=data["shapes"],
        points={code: tuple(point) for code, point in data["points"].items()},
        small=frozenset(data["small"]),
        source=data["source"],
    )
