"""Framework, countries, cycles and organizations: shapes, filters, and public fields only."""

from typing import Any

import pytest

from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_objectives(client: Any) -> None:
    data = client.get("/api/framework/objectives").json()
    assert [o["number"] for o in data] == list(range(1, 24))
    first = data[0]
    assert set(first) == {"number", "title", "cluster"}
    assert set(first["title"]) == {"ar", "en", "fr"}
    assert first["title"]["en"].startswith("Collect and utilize accurate")
    assert first["cluster"] == "RT4"


def test_clusters_hold_every_objective_once(client: Any) -> None:
    data = client.get("/api/framework/clusters").json()
    assert [c["code"] for c in data] == ["RT1", "RT2", "RT3", "RT4"]
    assert data[0]["objectives"] == [2, 5, 6, 12, 18]
    assert sorted(n for c in data for n in c["objectives"]) == list(range(1, 24))


def test_principles_and_categories(client: Any) -> None:
    principles = client.get("/api/framework/principles").json()
    assert len(principles) == 10
    assert principles[0]["letter"] == "a"
    categories = client.get("/api/framework/categories").json()
    assert len(categories) == 14
    assert {"code", "position", "name"} == set(categories[0])
    assert "civil_society" in [c["code"] for c in categories]


def test_countries(client: Any) -> None:
    data = client.get("/api/countries").json()
    jordan = next(c for c in data if c["iso2"] == "JO")
    assert jordan["iso3"] == "JOR"
    assert jordan["name"]["en"] == "Jordan"
    assert jordan["name"]["ar"] == "الأردن"


def test_cycles(client: Any, cycle: Any) -> None:
    [item] = client.get("/api/cycles").json()
    assert item["slug"] == "arab-review"
    assert item["title"]["fr"] == "Examen régional dans la région arabe"
    assert item["is_current"] is True
    assert "JO" in item["member_states"] and len(item["member_states"]) == 22


def test_arabic_is_written_as_is(client: Any) -> None:
    content = client.get("/api/countries").content.decode("utf-8")
    assert "الأردن" in content
    assert "\\u0627" not in content


# --- Organizations ---------------------------------------------------------------------------


def test_organizations_show_public_fields_only(client: Any, organization: Any) -> None:
    member = UserFactory(email="secret-member@example.org", full_name="Hidden Member")
    MembershipFactory(organization=organization, user=member)
    organization.website = "https://jmwn.example.org"
    organization.acronym = "JMWN"
    organization.save()
    response = client.get("/api/organizations")
    [item] = response.json()["items"]
    assert item == {
        "id": organization.pk,
        "name": "Jordan Migrant Workers Network",
        "acronym": "JMWN",
        "kind": "stakeholder",
        "category": "civil_society",
        "country": "JO",
        "scope": "national",
        "website": "https://jmwn.example.org",
    }
    detail = client.get(f"/api/organizations/{organization.pk}")
    assert detail.json() == item
    for body in (response.content, detail.content):
        assert b"@" not in body.replace(b"https://jmwn.example.org", b"")
        assert b"Hidden Member" not in body


def test_organization_filters(client: Any, organization: Any, other_org_member: Any) -> None:
    def names(query: str) -> list[str]:
        return [o["name"] for o in client.get(f"/api/organizations?{query}").json()["items"]]

    assert names("") == ["Jordan Migrant Workers Network", "Moroccan Trade Union Federation"]
    assert names("country=MA") == ["Moroccan Trade Union Federation"]
    assert names("category=civil_society") == ["Jordan Migrant Workers Network"]
    assert names("category=academia") == []
    assert names("kind=government") == []


@pytest.mark.parametrize(
    "query", ["country=MAR", "category=%3Cscript%3E", "kind=club", "limit=1000", "offset=x"]
)
def test_invalid_organization_filters(client: Any, db: None, query: str) -> None:
    response = client.get(f"/api/organizations?{query}")
    assert response.status_code == 422
    assert "Invalid parameter" in response.json()["message"]


def test_unknown_organization_is_404(client: Any, db: None) -> None:
    assert client.get("/api/organizations/424242").status_code == 404
    assert client.get("/api/organizations/0").status_code == 422
    assert client.get(f"/api/organizations/{2**70}").status_code == 422


@pytest.mark.parametrize("count", [1, 3])
def test_organization_list_query_count_is_constant(
    client: Any, db: None, count: int, django_assert_num_queries: Any
) -> None:
    for _ in range(count):
        OrganizationFactory()
    with django_assert_num_queries(2):
        data = client.get("/api/organizations").json()
    assert data["count"] == count
