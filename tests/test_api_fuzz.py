"""A short OpenAPI fuzzing run (schemathesis) against /api/v1/schema/ on the seed catalogue, in process (WSGI).

About a hundred generated requests over every operation: no 5xx, no undocumented status or content
type, every body valid against the schema. The long run (500+ requests against a running server)
is described in the README, section "API".
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from .catalogue_loaded import catalogue  # noqa: F401 (fixture)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


# Loading the schema reads no table: the schema view is generated from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def seed(db, catalogue):  # noqa: F811
    """The seed catalogue, and requests that keep the test's connection, as Django's test client does.

    Django closes old connections when a request starts and ends; inside the test's transaction that
    would drop it (on PostgreSQL with a pool: "Cannot open a new connection in an atomic block").
    """
    cache.clear()  # no anonymous-rate count left by another test
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=7, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, seed):
    case.call_and_validate(checks=CHECKS)
