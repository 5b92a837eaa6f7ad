"""A module-scoped fixture that loads the real seed catalogue (and the register's seed posts) once, then removes it.

Loading takes a second or two, so modules that read the catalogue share one load; the data is
committed outside the per-test transactions and wiped at the end so other modules start empty.
"""

import pytest

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


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        stats = catalogue_load()
        liaison_posts_load()  # as load_catalogue does: the register's seeds refer to the catalogue
        yield stats
        for model in CATALOGUE_MODELS:
            model.objects.all().delete()
            if hasattr(model, "history"):
                model.history.all().delete()
        # The register's seeds come in through the import: its record and its change set go too.
        ImportRecord.objects.all().delete()
        ChangeSet.objects.all().delete()
