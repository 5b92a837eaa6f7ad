"""Values kept in this process for one catalogue version and day (one query to check the version).

For values read on every request and too large to unpickle from a shared cache each time: the
public site's facet index and search texts, the jurisdiction name index. Any write to the
catalogue gives it a new version (see `pagecache.invalidation`), so a kept value never outlives
the data it was computed from; the day is part of the key because memberships start and end at
midnight, and a page read as of another day (`networks.dating.reading_as_of`) needs that day's value.
"""

from collections import OrderedDict

from networks.dating import reference_day

from .invalidation import catalogue_version

# Days kept per value: pages read as of past days must not evict today's value (rebuilding the
# facet index costs ten queries), nor may every day ever asked for stay in memory.
MAX_DAYS = 5

_held = {}


def process_memo(name, compute):
    """compute(), kept in this process for this catalogue version and day (costs one query: the version)."""
    version, day = catalogue_version(), reference_day()
    held = _held.get(name)
    if held is None or held[0] != version:
        held = _held[name] = (version, OrderedDict())
    by_day = held[1]
    if day in by_day:
        by_day.move_to_end(day)
    else:
        by_day[day] = compute()
        if len(by_day) > MAX_DAYS:
            by_day.popitem(last=False)  # the day asked for least recently
    return by_day[day]


def process_memo_clear():
    """Forget every process memo (tests whose rolled-back writes leave the version unchanged)."""
    _held.clear()
