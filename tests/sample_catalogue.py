"""The sample catalogue (factories.make_sample_catalogue) for the page, list, search and API tests that read it.

Building it takes a third of a second, and some 160 tests each built their own. It is now built in a
transaction that stays open while the tests that follow ask for it too: each test's own transaction is a
savepoint inside it, so what a test writes is still undone after it, and each test gets its own copy of the
objects (`SAMPLE.objects()`), so what one changes in memory the next does not see. Before the first test that
does not ask for it, `pytest_runtest_setup` in tests/conftest.py rolls it back (that test starts from an empty
catalogue, as before), and builds it again should another test ask for it later. As with any data that stays
between tests (tests/conftest.py), the per-process memos are cleared before each test.
"""

import copy

from django.db import connection, transaction

from .factories import make_sample_catalogue


class _SharedSample:
    """The open transaction holding the sample catalogue, if any, and what make_sample_catalogue() returned.

    `blocker` (pytest-django's) is set once the test database exists (the `sample_catalogue` fixture).
    """

    blocker = None
    atomic = None
    value = None

    @property
    def is_open(self):
        return self.atomic is not None

    def open(self):
        with self.blocker.unblock():
            # Seed catalogue loads and data shared by a class (tests/shared_data.py) commit or roll back on their own.
            assert not connection.in_atomic_block, "the sample catalogue must be the outermost transaction"
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
        try:
            with self.blocker.unblock():
                self.value = make_sample_catalogue()
        except BaseException:
            self.close()
            raise

    def objects(self):
        """What make_sample_catalogue() returned ({key: object}), a copy for this test: the rows are shared."""
        assert self.is_open, "the sample catalogue is opened before the test (tests/conftest.py)"
        return copy.deepcopy(self.value)

    def close(self):
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.value = None


SAMPLE = _SharedSample()
