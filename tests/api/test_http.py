"""What every API answer shares: ETags, caching, rate limits, JSON errors, offline docs."""

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_etag_and_not_modified(client: Any, organization: Any) -> None:
    first = client.get("/api/organizations")
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/organizations", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    weak = client.get("/api/organizations", HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    assert weak.status_code == 304
    detail = client.get(f"/api/organizations/{organization.pk}")
    assert (
        client.get(
            f"/api/organizations/{organization.pk}", HTTP_IF_NONE_MATCH=detail["ETag"]
        ).status_code
        == 304
    )


def test_etag_changes_with_the_data(client: Any, organization: Any) -> None:
    etag = client.get("/api/organizations")["ETag"]
    organization.acronym = "JMWN"
    organization.save()
    changed = client.get("/api/organizations", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_errors_carry_no_etag(client: Any, db: None) -> None:
    response = client.get("/api/organizations/123456")
    assert response.status_code == 404
    assert "ETag" not in response


@pytest.mark.usefixtures("rate_window_clock")
def test_anonymous_rate_limit(client: Any, settings: Any, db: None) -> None:
    settings.HIWAR_API_RATE_ANONYMOUS = "3/min"
    for _ in range(3):
        assert client.get("/api/countries").status_code == 200
    response = client.get("/api/framework/objectives")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["detail"].startswith("Too many requests")
    assert body["retry_after"] == int(response["Retry-After"])
    # Another address has its own counter.
    assert client.get("/api/countries", REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.usefixtures("rate_window_clock")
def test_rate_limited_answer_is_json_in_any_language(client: Any, settings: Any, db: None) -> None:
    settings.HIWAR_API_RATE_ANONYMOUS = "1/min"
    client.get("/api/countries")
    response = client.get("/api/countries", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_openapi_schema(client: Any, db: None) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/framework/objectives",
        "/api/countries",
        "/api/organizations",
        "/api/reports/{report_id}/passages",
        "/api/inputs",
        "/api/coverage/{cycle}",
        "/api/practices",
        "/api/conferences/{slug}/programme",
        "/api/open-data/practices.csv",
        "/api/export/{cycle}/passages",
    ):
        assert set(paths[path]) == {"get"}, path
    assert paths["/api/export/{cycle}/passages"]["get"]["security"] == [{"TokenOnly": []}]
    assert "security" not in paths["/api/reports"]["get"]


def test_docs_render_without_any_other_host(client: Any, db: None) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    hosts = re.findall(r'(?:src|href)="(?!/)([^"]*)"', html)
    assert hosts == []
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
