"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis 4).

For every operation, schemathesis generates requests from the schema: valid ones (every
answer must be documented, of the documented content type and shape, and never a server error)
and invalid ones (wrong types, out-of-range numbers, bad patterns: a 4xx, never a 5xx). The
runs are deterministic (derandomized, no example database) and bounded, so the test takes the
same time every run. Published data exists, and chosen cases hit real ids, so the success
shapes of detail and passage answers are checked too, not only the 404s of random ids.
"""

import time
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

POSITIVE_EXAMPLES = 12
NEGATIVE_EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture
def keep_the_test_connection() -> Any:
    """schemathesis calls the WSGI application directly, which closes "old" database
    connections at the start and end of each request; inside the test's transaction that would
    close the test's own connection (PostgreSQL). Django's test client disconnects the same
    handlers for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(
    published_report: Any, published_input: Any, practice_maker: Any, published: Any
) -> dict[str, Any]:
    practice = practice_maker("Fair recruitment corridor")
    return {
        "report_id": published_report.pk,
        "input_id": published_input.pk,
        "practice_id": practice.pk,
        "organization_id": published_input.organization_id,
        "cycle": "arab-review",
        "slug": published.slug,
    }


def _fuzz(operation: Any, headers: dict[str, str] | None) -> int:
    """Generated requests for one operation; returns how many were made."""
    calls = 0

    @_settings(POSITIVE_EXAMPLES)
    @given(case=operation.as_strategy(GenerationMode.POSITIVE))
    def positive(case: Any) -> None:
        nonlocal calls
        calls += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    @_settings(NEGATIVE_EXAMPLES)
    @given(case=operation.as_strategy(GenerationMode.NEGATIVE))
    def negative(case: Any) -> None:
        nonlocal calls
        calls += 1
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.path, case.query, response.text[:300])

    positive()
    if any(operation.iter_parameters()):
        negative()
    return calls


def test_the_api_conforms_to_its_openapi_schema(
    data: dict[str, Any], api_token: Any, keep_the_test_connection: None
) -> None:
    started = time.monotonic()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    token_headers = {"Authorization": bearer(api_token.secret)["HTTP_AUTHORIZATION"]}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    calls = 0

    for operation in operations:
        headers = token_headers if operation.path.startswith("/api/export/") else None

        # Real ids and slugs: the success answers are checked against the schema.
        known = {name: data[name] for name in data if "{" + name + "}" in operation.path}
        if known or "{" not in operation.path:
            case = operation.Case(path_parameters=known)
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            assert response.status_code == 200, (operation.path, response.text[:300])
            calls += 1

        calls += _fuzz(operation, headers)

    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {calls} requests in {elapsed:.1f} s")
    assert elapsed < 60
