"""The kept indexes out of the garbage collector's full passes.

The facet index and the folded search texts (public.memo.entry_memo) are some 170,000 objects at
10,000 networks, kept for the life of a worker. Each full collection walks all of them: 80-160 ms,
added to whichever request happened to trigger it (the slow "first request after a change" rounds
and the p99 of the lists in docs/performance.md). So after a request that built or updated a kept
index, once its response has gone (`request_finished`), the worker collects once and freezes what
is left (`gc.freeze`): later collections skip those objects, and a full one costs a few milliseconds.

The next change unfreezes everything before collecting again, so whatever a replaced index held in
reference cycles is freed then instead of staying frozen for the life of the process.
"""

import gc

from django.conf import settings

_unsettled = False


def kept_data_changed():
    """Called by entry_memo when it keeps a new value: the heap is settled once this request ends."""
    global _unsettled
    _unsettled = True


def settle(**kwargs):
    """`request_finished` receiver: collect and freeze after a request that changed a kept index.

    Off with settings.FREEZE_KEPT_INDEXES = False (the test suite's default, where each test's
    writes would cost a full collection).
    """
    global _unsettled
    if not _unsettled or not settings.FREEZE_KEPT_INDEXES:
        return
    _unsettled = False
    gc.unfreeze()
    gc.collect()
    gc.freeze()
