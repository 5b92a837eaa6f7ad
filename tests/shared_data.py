"""Data that several tests only read, built once for them in a transaction around theirs.

Each database test runs in a transaction that is rolled back (pytest-django). A class-scoped fixture that
opens a transaction first and builds its data there makes each test's transaction a savepoint inside it:
what a test writes is undone after it, and the data itself after the class's last test (Django's
TestCase.setUpTestData does the same). Building the same rows for each of dozens of parametrised tests
cost most of their time.

Use it from a class whose every test reads the data: pytest keeps a fixture until its scope ends, so any
other test of that class (or module, for a module-scoped one) would see the rows too. Only for data the
tests do not change in Python either: the objects are shared as they were built.
"""

import contextlib

from django.db import connection, transaction


@contextlib.contextmanager
def built_once(django_db_blocker, build):
    """Yield build()'s value, its rows kept until the block ends, then rolled back."""
    with django_db_blocker.unblock():
        # A transaction left open by another fixture would be rolled back with these rows (or they with it).
        assert not connection.in_atomic_block, "shared data must be the outermost transaction"
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
