"""Open data downloads (CSV, JSON) with their licence, and the public page listing them."""

import csv
import io
import json
from typing import Any

import pytest

from hiwar.accounts.models import Organization

pytestmark = pytest.mark.django_db

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8").removeprefix("\ufeff"))))


def test_coverage_csv(client: Any, published_report: Any, unpublished_report: Any) -> None:
    response = client.get("/api/open-data/coverage/arab-review.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="arab-review-coverage.csv"' in response["Content-Disposition"]
    assert f'<{LICENSE_URL}>; rel="license"' in response["Link"]
    assert '<http://testserver/api/open-data/README.txt>; rel="describedby"' in response["Link"]
    rows = _csv_rows(response.content)
    header, *data = rows
    assert header == [
        "cycle", "country", "country_name_ar", "country_name_en", "country_name_fr",
        "objective", "cluster", "confirmed", "suggested",
    ]  # fmt: skip
    assert len(data) == 22 * 23
    jordan = [row for row in data if row[1] == "JO"]
    assert jordan[0][2] == "الأردن"
    assert sum(int(row[7]) + int(row[8]) for row in jordan) > 0
    morocco = [row for row in data if row[1] == "MA"]
    assert sum(int(row[7]) + int(row[8]) for row in morocco) == 0  # submitted, not published
    assert {row[6] for row in data} == {"RT1", "RT2", "RT3", "RT4"}


def test_coverage_json_matches_the_csv_and_carries_the_licence(
    client: Any, published_report: Any
) -> None:
    document = client.get("/api/open-data/coverage/arab-review.json").json()
    assert document["license"] == "CC-BY-4.0"
    assert document["license_url"] == LICENSE_URL
    assert document["attribution"]
    assert document["source"] == "http://testserver/api/open-data/coverage/arab-review.json"
    assert document["generated_at"]
    csv_data = _csv_rows(client.get("/api/open-data/coverage/arab-review.csv").content)[1:]
    assert [[str(v) for v in row.values()] for row in document["data"]] == csv_data


def test_downloads_have_etags_that_ignore_the_generation_time(
    client: Any, published_report: Any
) -> None:
    first = client.get("/api/open-data/coverage/arab-review.json")
    again = client.get("/api/open-data/coverage/arab-review.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    csv_first = client.get("/api/open-data/coverage/arab-review.csv")
    assert (
        client.get(
            "/api/open-data/coverage/arab-review.csv", HTTP_IF_NONE_MATCH=csv_first["ETag"]
        ).status_code
        == 304
    )


def test_unknown_cycle(client: Any, db: None) -> None:
    assert client.get("/api/open-data/coverage/none.csv").status_code == 404
    assert client.get("/api/open-data/coverage/none.json").status_code == 404


def test_practices_downloads_neutralise_formulas(
    client: Any, practice_maker: Any, organization: Organization
) -> None:
    practice_maker('=HYPERLINK("http://evil.example","click")')
    practice_maker("Normal practice", country="MA", objectives=(6, 15))
    response = client.get("/api/open-data/practices.csv")
    assert response.status_code == 200
    assert f'<{LICENSE_URL}>; rel="license"' in response["Link"]
    header, *rows = _csv_rows(response.content)
    assert header[:4] == ["id", "title", "language", "organization"]
    titles = {row[1] for row in rows}
    assert '\'=HYPERLINK("http://evil.example","click")' in titles
    assert "Normal practice" in titles
    normal = next(row for row in rows if row[1] == "Normal practice")
    assert normal[header.index("objectives")] == "6;15"
    assert normal[header.index("countries")] == "MA"
    document = client.get("/api/open-data/practices.json").json()
    assert document["license"] == "CC-BY-4.0"
    # JSON is data, not a spreadsheet: the text stays as written.
    assert '=HYPERLINK("http://evil.example","click")' in {p["title"] for p in document["data"]}
    assert all("contact" not in json.dumps(p) for p in document["data"])


def test_readme_states_the_licence(client: Any, db: None) -> None:
    response = client.get("/api/open-data/README.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Creative Commons Attribution 4.0" in text and LICENSE_URL in text
    assert "country_name_ar" in text and "stakeholder_categories" in text


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_open_data_page_lists_the_downloads(client: Any, cycle: Any, language: str) -> None:
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for link in (
        "/api/open-data/coverage/arab-review.csv",
        "/api/open-data/coverage/arab-review.json",
        "/api/open-data/practices.csv",
        "/api/open-data/practices.json",
        "/api/open-data/README.txt",
        "/api/docs",
        LICENSE_URL,
    ):
        assert link in html, link


def test_page_urls() -> None:
    from django.urls import reverse

    assert reverse("open_data:index") == "/en/open-data/"
    assert reverse("api_tokens:list") == "/en/api-tokens/"
