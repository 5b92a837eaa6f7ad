"""Catalogue-wide aggregates, computed once per catalogue version and day and shared through the cache.

Counting the networks behind every region, country and topic reads every current membership:
hundreds of milliseconds at 10,000 networks, and the same answer for every visitor until the
catalogue changes (any write gives it a new version, see pagecache.invalidation) or a day
passes (memberships start and end at midnight).
"""

from django.core.cache import cache

from networks.dating import reference_day
from pagecache.invalidation import catalogue_version
from pagecache.memo import process_memo, process_memo_clear

MEMO_SECONDS = 24 * 60 * 60


def catalogue_memo(name, compute):
    """compute(), or the value it gave for this catalogue version and day (costs one query: the version).

    The day is the reference day (networks.dating): today, or the day a page is read as of.
    """
    key = f"catalogue-memo:{name}:{catalogue_version()}:{reference_day().isoformat()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, MEMO_SECONDS)
    return value


# process_memo lives in pagecache, beside the version it follows (countries uses it too).
__all__ = ["MEMO_SECONDS", "catalogue_memo", "process_memo", "process_memo_clear"]
