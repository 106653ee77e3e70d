"""Published good practices with facets; nothing else of the knowledge hub leaks."""

from typing import Any

import pytest

from hiwar.knowledge.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(practice_maker: Any) -> dict[str, Practice]:
    return {
        "published": practice_maker("Fair recruitment corridor"),
        "other": practice_maker(
            "Ecoles ouvertes", country="MA", objectives=(15,), language="fr", start_year=2015
        ),
        "draft": practice_maker("Draft idea", status=Practice.Status.DRAFT),
        "submitted": practice_maker("Waiting idea", status=Practice.Status.SUBMITTED),
        "rejected": practice_maker("Rejected idea", status=Practice.Status.REJECTED),
        "changes": practice_maker("Sent back idea", status=Practice.Status.CHANGES_REQUESTED),
    }


def test_only_published_practices_appear(client: Any, practices: dict[str, Practice]) -> None:
    response = client.get("/api/practices")
    data = response.json()
    assert {p["title"] for p in data["items"]} == {"Fair recruitment corridor", "Ecoles ouvertes"}
    for key in ("draft", "submitted", "rejected", "changes"):
        assert client.get(f"/api/practices/{practices[key].pk}").status_code == 404
        assert practices[key].title.encode() not in response.content
    for url in ("/api/open-data/practices.csv", "/api/open-data/practices.json"):
        body = client.get(url).content
        assert b"idea" not in body


def test_practice_shape_without_contact_details(
    client: Any, practices: dict[str, Practice]
) -> None:
    practice = practices["published"]
    response = client.get(f"/api/practices/{practice.pk}")
    data = response.json()
    assert data["title"] == "Fair recruitment corridor"
    assert data["countries"] == ["JO"]
    assert data["objectives"] == [6]
    assert data["principles"] == ["f"]
    assert data["stakeholder_categories"] == ["trade_unions"]
    assert data["organization"]["name"] == "Jordan Migrant Workers Network"
    assert data["links"] == ["https://example.org/practice"]
    assert data["url"].endswith(f"/knowledge/practices/{practice.pk}/") or data["url"].startswith(
        "http://testserver/"
    )
    assert data["is_sample"] is False
    assert b"hidden-contact" not in response.content
    assert b"Hidden Contact" not in response.content


def test_practice_facet_filters(client: Any, practices: dict[str, Practice]) -> None:
    def titles(query: str) -> list[str]:
        response = client.get(f"/api/practices?{query}")
        assert response.status_code == 200, response.content
        return [p["title"] for p in response.json()["items"]]

    assert titles("country=MA") == ["Ecoles ouvertes"]
    assert titles("objective=6") == ["Fair recruitment corridor"]
    assert titles("cluster=RT3") == ["Ecoles ouvertes"]
    assert titles("language=fr") == ["Ecoles ouvertes"]
    assert titles("principle=f&category=trade_unions&country=JO") == ["Fair recruitment corridor"]
    assert titles("year=2016") == ["Ecoles ouvertes"]
    assert titles("objective=1") == []


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("country=ZZ", "country"),
        ("category=nobody", "category"),
        ("objective=99", "objective"),
        ("cluster=RT7", "cluster"),
        ("year=1800", "year"),
        ("language=de", "language"),
    ],
)
def test_unknown_facet_values_answer_422(
    client: Any, practices: dict[str, Practice], query: str, name: str
) -> None:
    response = client.get(f"/api/practices?{query}")
    assert response.status_code == 422
    assert name in response.json()["message"]


def test_facets(client: Any, practices: dict[str, Practice]) -> None:
    data = client.get("/api/practices/facets?language=fr").json()
    by_key = {facet["key"]: facet for facet in data}
    assert set(by_key) == {
        "objective", "cluster", "principle", "country", "category", "language", "year"
    }  # fmt: skip
    countries = {v["value"]: v["count"] for v in by_key["country"]["values"]}
    assert countries == {"MA": 1}
    [language] = by_key["language"]["values"]
    assert language == {"value": "fr", "label": "Français", "count": 1, "selected": True}


@pytest.mark.parametrize("count", [1, 3])
def test_practice_list_query_count_is_constant(
    client: Any, practice_maker: Any, count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        practice_maker(f"Practice {n}")
    # count, page, countries, objectives, principles, categories
    with django_assert_num_queries(6):
        data = client.get("/api/practices").json()
    assert data["count"] == count
