"""Published national reports and stakeholder inputs, and their passages with tags."""

from typing import Any

import pytest

from hiwar.analysis.models import Passage, PassageTag
from hiwar.reviews.services import reports as report_services
from tests.analysis.conftest import LABOUR, analysed
from tests.api.conftest import UNPUBLISHED_TEXT

pytestmark = pytest.mark.django_db


def test_published_reports_are_listed_with_their_metadata(
    client: Any, published_report: Any
) -> None:
    response = client.get("/api/reports")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["next"] is None and data["previous"] is None
    [item] = data["items"]
    assert item["id"] == published_report.pk
    assert item["cycle"] == "arab-review"
    assert item["country"]["iso2"] == "JO"
    assert set(item["country"]["name"]) == {"ar", "en", "fr"}
    assert item["country"]["name"]["en"] == "Jordan"
    assert item["languages"] == ["en"]
    assert item["title"]["en"] == "National review report: Jordan"
    assert item["published_at"] is not None and item["submitted_at"] is not None


def test_unpublished_reports_never_appear(
    client: Any, published_report: Any, unpublished_report: Any
) -> None:
    listed = client.get("/api/reports").json()
    assert [item["id"] for item in listed["items"]] == [published_report.pk]
    assert client.get(f"/api/reports/{unpublished_report.pk}").status_code == 404
    passages = client.get(f"/api/reports/{unpublished_report.pk}/passages")
    assert passages.status_code == 404
    assert passages.json() == {"detail": "Not found."}
    assert client.get("/api/reports?country=MA").json()["count"] == 0


@pytest.mark.parametrize("change", ["withdraw_report", "reopen_report"])
def test_a_report_withdrawn_or_reopened_after_publication_disappears(
    client: Any, published_report: Any, secretariat_user: Any, change: str
) -> None:
    getattr(report_services, change)(actor=secretariat_user, report=published_report)
    assert client.get("/api/reports").json()["count"] == 0
    assert client.get(f"/api/reports/{published_report.pk}/passages").status_code == 404


def test_report_detail(client: Any, published_report: Any) -> None:
    data = client.get(f"/api/reports/{published_report.pk}").json()
    assert data["id"] == published_report.pk
    assert data["country"]["iso2"] == "JO"


def test_unknown_ids_answer_404(client: Any, db: None) -> None:
    assert client.get("/api/reports/999999").status_code == 404
    assert client.get("/api/inputs/999999").status_code == 404
    assert client.get("/api/inputs/999999/passages").status_code == 404


def test_report_passages_carry_their_tags_without_rejected_ones(
    client: Any, published_report: Any
) -> None:
    response = client.get(f"/api/reports/{published_report.pk}/passages")
    assert response.status_code == 200
    data = response.json()
    stored = Passage.objects.filter(document__report=published_report, superseded=False)
    assert data["count"] == stored.count() >= 2
    first = data["items"][0]
    assert set(first) == {
        "id", "document", "position", "text", "page", "section", "language", "kind", "tags"
    }  # fmt: skip
    assert any(LABOUR[:40] in item["text"] for item in data["items"])
    statuses = {tag["status"] for item in data["items"] for tag in item["tags"]}
    assert statuses <= {"suggested", "confirmed"}
    assert "confirmed" in statuses
    rejected = PassageTag.objects.get(
        passage__document__report=published_report, status=PassageTag.Status.REJECTED
    )
    tags_of_passage = next(i["tags"] for i in data["items"] if i["id"] == rejected.passage_id)
    assert rejected.objective.number not in [t["objective"] for t in tags_of_passage]
    assert all(
        (tag["objective"] is None) != (tag["principle"] is None)
        for item in data["items"]
        for tag in item["tags"]
    )


def test_passages_filtered_by_objective_and_status(client: Any, published_report: Any) -> None:
    confirmed = PassageTag.objects.get(
        passage__document__report=published_report, status=PassageTag.Status.CONFIRMED
    )
    number = confirmed.objective.number
    url = f"/api/reports/{published_report.pk}/passages"
    data = client.get(url, {"objective": number, "status": "confirmed"}).json()
    assert [item["id"] for item in data["items"]] == [confirmed.passage_id]
    rejected = PassageTag.objects.get(
        passage__document__report=published_report, status=PassageTag.Status.REJECTED
    )
    by_rejected = client.get(url, {"objective": rejected.objective.number}).json()
    assert rejected.passage_id not in [
        item["id"]
        for item in by_rejected["items"]
        if rejected.objective.number not in [t["objective"] for t in item["tags"]]
    ]
    assert client.get(url, {"status": "confirmed"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("objective=24", "objective"),
        ("objective=abc", "objective"),
        ("status=rejected", "status"),
        ("principle=zz", "principle"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_invalid_passage_filters_answer_422_with_a_message(
    client: Any, published_report: Any, query: str, name: str
) -> None:
    response = client.get(f"/api/reports/{published_report.pk}/passages?{query}")
    assert response.status_code == 422
    body = response.json()
    assert name in body["message"]
    assert body["detail"][0]["loc"][-1] == name


@pytest.mark.parametrize(
    "query", ["country=Jordan", "language=de", "cycle=no/slash", "limit=x", "country=1"]
)
def test_invalid_report_filters_answer_422(client: Any, db: None, query: str) -> None:
    response = client.get(f"/api/reports?{query}")
    assert response.status_code == 422
    assert response.json()["message"].startswith("Invalid parameter")


def test_report_filters(client: Any, published_report: Any) -> None:
    assert client.get("/api/reports?country=jo").json()["count"] == 1
    assert client.get("/api/reports?country=MA").json()["count"] == 0
    assert client.get("/api/reports?language=en").json()["count"] == 1
    assert client.get("/api/reports?language=ar").json()["count"] == 0
    assert client.get("/api/reports?cycle=arab-review").json()["count"] == 1
    assert client.get("/api/reports?cycle=unknown-cycle").json()["count"] == 0


def test_pagination_links(client: Any, published_report: Any) -> None:
    url = f"/api/reports/{published_report.pk}/passages"
    total = client.get(url).json()["count"]
    first = client.get(url, {"limit": 1}).json()
    assert first["count"] == total and len(first["items"]) == 1
    assert first["next"] == f"http://testserver{url}?limit=1&offset=1"
    second = client.get(first["next"]).json()
    assert second["previous"] == f"http://testserver{url}?limit=1&offset=0"
    assert second["items"][0]["id"] != first["items"][0]["id"]
    beyond = client.get(url, {"offset": 1000}).json()
    assert beyond["items"] == [] and beyond["next"] is None and beyond["count"] == total


# --- Stakeholder inputs ----------------------------------------------------------------------


def test_published_inputs_only(client: Any, published_input: Any, unpublished_input: Any) -> None:
    data = client.get("/api/inputs").json()
    assert [item["id"] for item in data["items"]] == [published_input.pk]
    [item] = data["items"]
    assert item["title"] == "Schools for every child"
    assert item["language"] == "en"
    assert item["organization"] == {
        "id": published_input.organization_id,
        "name": "Jordan Migrant Workers Network",
        "acronym": "",
        "category": "civil_society",
        "country": "JO",
    }
    assert item["author"] == "Layla Nasser"  # she chose to show her name
    assert client.get(f"/api/inputs/{unpublished_input.pk}").status_code == 404
    assert client.get(f"/api/inputs/{unpublished_input.pk}/passages").status_code == 404
    passages = client.get(f"/api/inputs/{published_input.pk}/passages").json()
    assert passages["count"] >= 1
    assert UNPUBLISHED_TEXT[:30] not in str(passages)


def test_input_author_hidden_unless_chosen(client: Any, published_input: Any) -> None:
    published_input.show_author_name = False
    published_input.save(update_fields=["show_author_name"])
    data = client.get(f"/api/inputs/{published_input.pk}").json()
    assert data["author"] is None
    assert "Layla" not in str(client.get("/api/inputs").content)


def test_input_filters(client: Any, published_input: Any) -> None:
    assert client.get("/api/inputs?category=civil_society").json()["count"] == 1
    assert client.get("/api/inputs?category=trade_unions").json()["count"] == 0
    assert client.get("/api/inputs?country=JO&language=en").json()["count"] == 1
    assert client.get("/api/inputs?category=not%20a%20slug").status_code == 422


# --- Constant query counts -------------------------------------------------------------------


def _more_reports(cycle: Any, count: int) -> None:
    from hiwar.framework.models import Country
    from tests.reviews.conftest import FocalPointFactory, publish

    for iso2 in ["MA", "TN", "LB"][:count]:
        country = Country.objects.get(iso2=iso2)
        person = FocalPointFactory(country=country).user
        report = report_services.ensure_report(cycle=cycle, country=country)
        publish(report, person, {"preparation": f"The review of {iso2} was led by a ministry."})


@pytest.mark.parametrize("count", [1, 3])
def test_report_list_query_count_is_constant(
    client: Any, cycle: Any, count: int, django_assert_num_queries: Any
) -> None:
    _more_reports(cycle, count)
    # rate limit: none (cache); count, page, languages
    with django_assert_num_queries(3):
        data = client.get("/api/reports").json()
    assert data["count"] == count


@pytest.mark.parametrize("count", [1, 3])
def test_passage_list_query_count_is_constant(
    client: Any, report: Any, focal_point: Any, count: int, django_assert_num_queries: Any
) -> None:
    texts = dict(list({"policy_environment": LABOUR, "progress_rt2": LABOUR + " Again.",
                       "progress_rt3": LABOUR + " Third."}.items())[:count])  # fmt: skip
    analysed(report, focal_point, texts)
    report_services.publish_report(actor=None, report=report)
    # report, count, page, tags
    with django_assert_num_queries(4):
        data = client.get(f"/api/reports/{report.pk}/passages").json()
    assert data["count"] >= count


@pytest.mark.parametrize("count", [1, 3])
def test_input_list_query_count_is_constant(
    client: Any, cycle: Any, organization: Any, org_member: Any, count: int,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    from hiwar.reviews.services import inputs as input_services
    from tests.api.conftest import submit_input

    for n in range(count):
        item = submit_input(cycle, organization, org_member, title=f"Input {n}", text=LABOUR)
        input_services.publish_stakeholder_input(actor=None, item=item)
    with django_assert_num_queries(2):
        data = client.get("/api/inputs").json()
    assert data["count"] == count
