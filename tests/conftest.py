import pytest

from countries.loading import jurisdictions_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts with the real jurisdictions and regions (loaded once per run).

    Transactional tests (live server, browser) flush the database afterwards; pytest-django
    runs them last, and they load what they need themselves.
    """
    with django_db_blocker.unblock():
        jurisdictions_load()
