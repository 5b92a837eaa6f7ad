"""The real seed catalogue (and the register's seed posts), loaded once per worker for the modules that read it.

Loading and removing it take seconds each, so it is loaded outside the per-test transactions when the
first test that asks for it (through `catalogue`) starts, and stays while the tests that follow ask for it too:
tests/conftest.py runs those tests together, after the others. A test that does not ask for it starts
from an empty catalogue: `pytest_runtest_setup` in tests/conftest.py removes it first (and loads it again,
should a test that asks for it come later).
"""

import pytest
from django.db import connection, transaction

from exchange.models import ImportRecord
from liaison.loading import liaison_posts_load
from liaison.models import LiaisonContact, LiaisonPost
from networks.loading import catalogue_load
from networks.models import (
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Organisation,
    Relation,
    Source,
    StatedCount,
    Topic,
)
from pagecache.invalidation import catalogue_changed
from upkeep.models import ChangeSet

# Children before parents: memberships and relations protect the rows they point to.
CATALOGUE_MODELS = [
    LiaisonContact,
    LiaisonPost,
    Membership,
    Relation,
    StatedCount,
    NetworkSource,
    NetworkAlias,
    Network,
    Organisation,
    Source,
    Topic,
]


class _SeedCatalogue:
    """Whether this worker's test database holds the seed catalogue, and the load's statistics.

    `blocker` (pytest-django's) is set once the test database exists: loads and removals commit outside tests.
    """

    blocker = None
    loaded = False
    stats = None

    def load(self):
        with self.blocker.unblock():
            _outside_any_transaction()
            self.stats = catalogue_load()
            liaison_posts_load()  # as load_catalogue does: the register's seeds refer to the catalogue
        self.loaded = True

    def remove(self):
        """Empty the catalogue's tables, its many-to-many links and their history, one DELETE each, in one transaction.

        Django's delete() would read every row first and write a deletion record in its history for each (to be
        deleted in turn): three times as long as the load. The database's foreign keys, checked at the commit,
        still refuse a removal that would leave a row pointing to a deleted one.
        """
        quote = connection.ops.quote_name
        with self.blocker.unblock():
            _outside_any_transaction()
            with transaction.atomic(), connection.cursor() as cursor:
                for model in _tables_to_empty():
                    cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
                # The register's seeds come in through the import: its record and its change set go too, through
                # Django's delete(), which unlinks the remaining history from them (SET_NULL).
                ImportRecord.objects.all().delete()
                ChangeSet.objects.all().delete()
                catalogue_changed()  # as the deletions' signals would
        self.loaded = False


def _tables_to_empty():
    """The catalogue models, their automatic many-to-many tables (network topics and regions) and history models."""
    links = [
        field.remote_field.through
        for model in CATALOGUE_MODELS
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    history = [model.history.model for model in CATALOGUE_MODELS if hasattr(model, "history")]
    return [*links, *CATALOGUE_MODELS, *history]


def _outside_any_transaction():
    """Loads and removals commit: inside data shared by a class of tests (tests/shared_data.py) they would be
    rolled back with it."""
    assert not connection.in_atomic_block, "the seed catalogue is loaded or removed outside any transaction"


SEED = _SeedCatalogue()


@pytest.fixture(scope="module")
def catalogue(seed_catalogue):
    """The seed catalogue's load statistics; the catalogue is committed, outside the tests' transactions."""
    if not seed_catalogue.loaded:
        seed_catalogue.load()
    return seed_catalogue.stats
