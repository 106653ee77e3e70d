"""Conference programmes: the published version only, never the draft."""

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from hiwar.conference.models import Conference
from hiwar.conference.selectors import SCHEMA
from tests.conference.conftest import add_item, add_person, add_role, t

pytestmark = pytest.mark.django_db

DOCS_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "programme-schema.json"


@pytest.fixture
def draft_after_publication(published: Conference, day1: Any) -> Conference:
    """A session added to the draft after version 1 was published."""
    item = add_item(day1, t(14), t(15), title="Secret draft session")
    add_role(item, add_person(published, "Draft Speaker", gender="female"))
    return published


@pytest.fixture
def never_published(cycle: Any) -> Conference:
    conference = Conference.objects.create(
        cycle=cycle,
        slug="unpublished-2022",
        title_en="Unpublished conference",
        starts_on=datetime.date(2022, 3, 1),
        ends_on=datetime.date(2022, 3, 2),
        languages=["en"],
    )
    from hiwar.conference.services import programme

    day = programme.add_day(conference=conference, date=datetime.date(2022, 3, 1))
    add_item(day, t(9), t(10), title="Never shown")
    return conference


def test_conferences_list_published_programmes_only(
    client: Any, draft_after_publication: Conference, never_published: Conference
) -> None:
    data = client.get("/api/conferences").json()
    assert [c["slug"] for c in data] == ["rrc-2021"]
    assert data[0]["version"] == 1
    assert data[0]["title"]["ar"] == "المؤتمر الإقليمي للاستعراض"


def test_programme_is_the_published_snapshot(
    client: Any, draft_after_publication: Conference
) -> None:
    response = client.get("/api/conferences/rrc-2021/programme")
    assert response.status_code == 200
    data = response.json()
    assert data["$schema"] == SCHEMA
    assert data["version"] == 1
    titles = [item["title"]["en"] for day in data["days"] for item in day["items"]]
    assert titles == ["Plenary 1"]
    assert b"Secret draft session" not in response.content
    assert b"Draft Speaker" not in response.content
    assert all("gender" not in person for person in data["people"])


def test_unpublished_or_unknown_programme_is_404(client: Any, never_published: Conference) -> None:
    assert client.get("/api/conferences/unpublished-2022/programme").status_code == 404
    assert client.get("/api/conferences/nothing-here/programme").status_code == 404
    assert client.get("/api/conferences/bad%20slug!/programme").status_code == 422


def test_programme_schema_is_served_and_matches_the_documented_one(client: Any) -> None:
    response = client.get("/api/schemas/programme-1.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(response.content) == json.loads(DOCS_SCHEMA.read_text())
    assert json.loads(response.content)["$id"] == SCHEMA


@pytest.mark.parametrize("count", [1, 3])
def test_conference_list_query_count_is_constant(
    client: Any, cycle: Any, secretariat_user: Any, count: int, django_assert_num_queries: Any
) -> None:
    from hiwar.conference.services import programme

    for n in range(count):
        conference = Conference.objects.create(
            cycle=cycle,
            slug=f"conference-{n}",
            title_en=f"Conference {n}",
            starts_on=datetime.date(2021, 2, 24),
            ends_on=datetime.date(2021, 2, 24),
            languages=["en"],
        )
        day = programme.add_day(conference=conference, date=datetime.date(2021, 2, 24))
        add_item(day, t(9), t(10), title="Opening")
        programme.publish_programme(conference=conference, by=secretariat_user, language="en")
        add_item(day, t(10), t(11), title="Closing")
        programme.publish_programme(conference=conference, by=secretariat_user, language="en")
    with django_assert_num_queries(1):
        data = client.get("/api/conferences").json()
    assert len(data) == count
    assert {c["version"] for c in data} == {2}
