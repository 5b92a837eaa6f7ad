"""Characters no catalogue text may hold, whatever way it comes in (a CSV import, an admin form)."""

import re

# C0 control characters other than tab, line feed and carriage return: PostgreSQL refuses NUL, SQLite stores it,
# and none of them belongs in a catalogue entry. And the bidirectional embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069): invisible, they make a name display in another order than it is stored and
# searched ("Network ‮esrever" shows reversed).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]")


def control_character(value):
    """The first such character in `value`, as "U+XXXX", or None (None too for a value that is not text)."""
    found = CONTROL_CHARACTER.search(value) if isinstance(value, str) else None
    return f"U+{ord(found.group()):04X}" if found else None
