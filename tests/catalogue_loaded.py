"""A module-scoped fixture that loads the real seed catalogue once and removes it afterwards.

Loading takes a second or two, so modules that read the catalogue share one load; the data is
committed outside the per-test transactions and wiped at the end so other modules start empty.
"""

import pytest

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

# Children before parents: memberships and relations protect the rows they point to.
CATALOGUE_MODELS = [
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
        yield stats
        for model in CATALOGUE_MODELS:
            model.objects.all().delete()
            if hasattr(model, "history"):
                model.history.all().delete()
