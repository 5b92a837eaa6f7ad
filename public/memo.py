"""Catalogue-wide values memoised per catalogue version: aggregates shared through the cache, indexes kept per process.

Counting the networks behind every region, country and topic reads every current membership:
hundreds of milliseconds at 10,000 networks, and the same answer for every visitor until the
catalogue changes (any write gives it a new version, see pagecache.invalidation) or a day
passes (memberships start and end at midnight).

The indexes every list and search request reads (the facet index, the folded search texts) are
too large to unpickle from a shared cache on each request, and too slow to rebuild after each
edit (0.5–1 s at 10,000 networks, in every worker): `entry_memo` keeps them per process and, after
an edit of network entries, reads again only the networks whose revision moved.
"""

from collections import OrderedDict, namedtuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import translation

from networks.dating import reference_day
from networks.models import Membership, Network, Relation
from pagecache.invalidation import catalogue_state, catalogue_version
from pagecache.memo import MAX_DAYS, process_memo, process_memo_clear, reference_memo

from .heap import kept_data_changed

MEMO_SECONDS = 24 * 60 * 60
# An update that would read more than a quarter of the networks (and more than a thousand) rebuilds
# instead: no slower, and it gives the index back the positions of deleted networks.
REBUILD_SHARE, REBUILD_MIN = 4, 1_000

_Held = namedtuple("_Held", "state revisions value")
_held = {}  # {name: {day: _Held}}, the day used last at the end
_revisions_seen = {}  # {version token: {network pk: revision}}, the latest read only
_last_diff = {}  # the last _changed() answer: every index of the process held the same read before


def catalogue_memo(name, compute):
    """compute(), or the value it gave for this catalogue version, day and language (costs one query: the version).

    The day is the reference day (networks.dating): today, or the day a page is read as of. The language
    is the active one: what compute() gives may hold translated texts and links under a language prefix.
    """
    key = f"catalogue-memo:{name}:{catalogue_version()}:{reference_day().isoformat()}:{translation.get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, MEMO_SECONDS)
    return value


def entry_memo(name, build, update):
    """build(), kept in this process and brought up to date by update(value, changed network pks).

    One query (the version) while nothing changed. After a change to network entries alone, the
    networks' revisions (one query, shared by every index of the process at that version) say
    which networks moved since the value was computed; update() reads those again and returns a
    new value (the old one is left intact for a request still using it). A change to reference
    data (the reference part of the version) rebuilds. The revisions are read before build() or
    update() reads anything, so a write committed in between is seen again on the next change.

    Values are kept per reference day (today, or the day a page is read as of), MAX_DAYS of them:
    a day not kept yet starts from the day asked for last, updated for the networks whose
    memberships or relations began or ended between the two days (one query more).
    """
    state, day = catalogue_state(), reference_day()
    by_day = _held.setdefault(name, OrderedDict())
    held = by_day.get(day)
    if held is not None and held.state == state:
        by_day.move_to_end(day)
        return held.value
    base_day = day if held is not None else next(reversed(by_day), None)
    base = by_day.get(base_day)
    revisions = _revisions(state[0])
    if base is None or base.state[1] != state[1]:
        value = build()
    else:
        changed = _changed(base.revisions, revisions)
        if base_day != day:
            changed.update(_networks_dated_between(base_day, day))
        if len(changed) > max(REBUILD_MIN, len(revisions) // REBUILD_SHARE):
            value = build()
        else:
            value = update(base.value, changed) if changed else base.value
    if held is None or value is not held.value:
        kept_data_changed()
    by_day[day] = _Held(state, revisions, value)
    by_day.move_to_end(day)
    if len(by_day) > MAX_DAYS:
        by_day.popitem(last=False)  # the day asked for least recently
    return value


def entry_memo_clear():
    """Forget every kept index and revision read (tests whose rolled-back writes leave the version unchanged)."""
    _held.clear()
    _revisions_seen.clear()
    _last_diff.clear()
    process_memo_clear()


def _revisions(token):
    """{network pk: revision} for every network, read once per version token (one query).

    Read through the cursor: building 10,000 tuples through the ORM cost twice the query.
    """
    if token not in _revisions_seen:
        sql, params = Network.objects.values_list("pk", "revision").order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            read = dict(cursor.fetchall())
        _revisions_seen.clear()
        _revisions_seen[token] = read
    return _revisions_seen[token]


def _changed(before, after):
    """Pks of the networks added, deleted or whose revision moved between two revision reads (set operations in C)."""
    key = (id(before), id(after))
    if _last_diff.get("key") != key:
        _last_diff.update(key=key, changed={pk for pk, _revision in after.items() - before.items()})
        _last_diff["changed"].update(before.keys() - after.keys())
    return set(_last_diff["changed"])


def _networks_dated_between(one, other):
    """Pks of the networks with a membership or relation in force on one of two days and not the other (one query)."""
    first, last = sorted((one, other))
    changed = Q(since__gt=first, since__lte=last) | Q(until__gte=first, until__lt=last)
    memberships = Membership.objects.filter(changed).order_by().values_list("network", flat=True)
    relations = Relation.objects.filter(changed).order_by().values_list("network", flat=True)
    return set(memberships.union(relations))


__all__ = [
    "MEMO_SECONDS",
    "catalogue_memo",
    "entry_memo",
    "entry_memo_clear",
    "process_memo",
    "process_memo_clear",
    "reference_memo",
]
