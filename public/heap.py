"""The kept indexes out of the garbage collector's full passes.

The facet index and the folded search texts (public.memo.entry_memo) are kept for the life of a
worker, beside Django's own objects: some 170,000 objects at 10,000 networks. Each full collection
walks all of them (80-160 ms), added to whichever request happened to trigger it: the slow "first
request after a change" rounds and the p99 of the lists in docs/performance.md. So the request after
one that built or updated a kept index starts (`request_started`, before it reads anything) by
collecting what is not frozen yet and freezing what is left (`gc.freeze`): a few milliseconds, and
later collections skip those objects. Not at the end of the rebuilding request itself: its request
and response objects, still alive then, would be frozen with their reference cycles, and those can
hold the replaced index.

A replaced index has no reference cycles of its own, so it is freed when the last request using it
ends, frozen or not. In case something frozen later becomes cyclic garbage, every RECLAIM_EVERY-th
time the worker unfreezes everything first and pays one full collection (about 100 ms).
"""

import gc

from django.conf import settings

RECLAIM_EVERY = 16

_unsettled = False
_settled = 0


def kept_data_changed():
    """Called by entry_memo when it keeps a new value: the heap is settled when the next request starts."""
    global _unsettled
    _unsettled = True


def settle(**kwargs):
    """`request_started` receiver: collect and freeze after a request that changed a kept index.

    Off with settings.FREEZE_KEPT_INDEXES = False (the test suite's default, where each test's
    writes would cost a collection).
    """
    global _unsettled, _settled
    if not _unsettled or not settings.FREEZE_KEPT_INDEXES:
        return
    _unsettled = False
    _settled += 1
    if _settled % RECLAIM_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
