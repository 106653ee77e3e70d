"""The coverage matrix counts only published reports (and, if asked, published inputs)."""

from typing import Any

import pytest

from hiwar.analysis.models import PassageTag
from hiwar.analysis.selectors import coverage_by_country_and_objective

pytestmark = pytest.mark.django_db


def _cells(data: dict[str, Any], country: str) -> dict[int, dict[str, int]]:
    return {
        c["objective"]: {"confirmed": c["confirmed"], "suggested": c["suggested"]}
        for c in data["cells"]
        if c["country"] == country
    }


def test_coverage_counts_published_reports_only(
    client: Any, cycle: Any, published_report: Any, unpublished_report: Any
) -> None:
    response = client.get("/api/coverage/arab-review")
    assert response.status_code == 200
    data = response.json()
    assert data["cycle"] == "arab-review"
    assert data["objectives"] == list(range(1, 24))
    assert len(data["countries"]) == 22
    assert len(data["cells"]) == 22 * 23
    jordan = _cells(data, "JO")
    morocco = _cells(data, "MA")
    assert sum(c["confirmed"] + c["suggested"] for c in jordan.values()) > 0
    assert sum(c["confirmed"] + c["suggested"] for c in morocco.values()) == 0
    # The analysts' own matrix (not public) does count Morocco's submitted report.
    internal = coverage_by_country_and_objective(cycle)
    assert any(country_id == unpublished_report.country_id for country_id, _n in internal.cells)
    # Same numbers as the analysis selector for the published report.
    confirmed = PassageTag.objects.get(
        passage__document__report=published_report, status=PassageTag.Status.CONFIRMED
    )
    assert jordan[confirmed.objective.number]["confirmed"] == 1
    rejected = PassageTag.objects.get(
        passage__document__report=published_report, status=PassageTag.Status.REJECTED
    )
    cell = internal.cells.get((published_report.country_id, rejected.objective.number), {})
    assert jordan[rejected.objective.number] == {
        "confirmed": cell.get("confirmed", 0),
        "suggested": cell.get("suggested", 0),
    }


def test_coverage_with_inputs_counts_published_inputs_only(
    client: Any, published_report: Any, published_input: Any, unpublished_input: Any
) -> None:
    without = _cells(client.get("/api/coverage/arab-review").json(), "JO")
    with_inputs = _cells(client.get("/api/coverage/arab-review?include_inputs=true").json(), "JO")
    total = sum(c["suggested"] + c["confirmed"] for c in without.values())
    total_with = sum(c["suggested"] + c["confirmed"] for c in with_inputs.values())
    published_tags = (
        PassageTag.objects.filter(
            passage__document__stakeholder_input=published_input, objective__isnull=False
        )
        .exclude(status=PassageTag.Status.REJECTED)
        .count()
    )
    assert published_tags > 0
    assert total_with == total + published_tags


def test_coverage_of_one_cluster(client: Any, published_report: Any) -> None:
    data = client.get("/api/coverage/arab-review?cluster=RT1").json()
    assert data["objectives"] == [2, 5, 6, 12, 18]
    assert data["cluster"] == "RT1"


def test_coverage_bad_input(client: Any, cycle: Any) -> None:
    assert client.get("/api/coverage/no-such-cycle").status_code == 404
    response = client.get("/api/coverage/arab-review?cluster=RT9")
    assert response.status_code == 422
    assert "cluster" in response.json()["message"]
    assert client.get("/api/coverage/arab-review?include_inputs=maybe").status_code == 422
