"""Schemathesis drives every API operation from the OpenAPI schema on the demo data, with every check."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS, load_all_checks

from agreements.demo import load_demo

pytestmark = pytest.mark.django_db
# Enough to reach every parameter and enum value, few enough to keep the run under a minute.
EXAMPLES = 15


def test_every_operation_passes_every_check(settings_no_throttle, connection_kept):
    load_demo(password="pw")
    load_all_checks()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    checks = CHECKS.get_all()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # Uncompressed: the WSGI client does not undo the site's gzip as an HTTP client would.
            case.call_and_validate(checks=checks, headers={"Accept-Encoding": "identity"})

        run()


@pytest.fixture
def connection_kept():
    # As Django's test client does: the WSGI handler would close the test's connection (and its
    # transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def settings_no_throttle(settings):
    # The run sends hundreds of requests from one address: the rate limit is tested elsewhere.
    settings.API_ANON_RATE = settings.API_USER_RATE = "100000/minute"
