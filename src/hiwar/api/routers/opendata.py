"""Open data downloads (CSV and JSON, CC BY 4.0): coverage matrix and good practices."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from hiwar.api import opendata
from hiwar.api.caching import conditional
from hiwar.api.routers.coverage import coverage_data, cycle_or_404
from hiwar.api.routers.practices import practice_data, practices
from hiwar.api.schemas import (
    ERRORS,
    ERRORS_404,
    CoverageDownload,
    PracticeDownload,
    SlugPath,
)
from hiwar.framework.models import Objective

router = Router(tags=["open data"])

README_PATH = "/api/open-data/README.txt"


def _content(media_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": {"type": "string"}}},
            }
        }
    }


def _download(
    request: HttpRequest, body: bytes, *, content_type: str, filename: str, tagged: bytes
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = (
        f'<{opendata.LICENSE_URL}>; rel="license", '
        f'<{request.build_absolute_uri(README_PATH)}>; rel="describedby"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return conditional(request, response, tagged=tagged)


def _coverage_rows(request: HttpRequest, cycle: str) -> tuple[str, list[dict[str, Any]]]:
    found = cycle_or_404(cycle)
    coverage = coverage_data(found, cluster=None, include_inputs=False)
    clusters = dict(Objective.objects.values_list("number", "cluster__code"))
    return found.slug, opendata.coverage_rows(coverage, clusters)


@router.get(
    "/open-data/coverage/{cycle}.csv",
    response={200: Any, **ERRORS_404},
    openapi_extra=_content("text/csv", "Coverage matrix as CSV (CC BY 4.0, see the Link header)"),
)
def coverage_csv(request: HttpRequest, cycle: SlugPath) -> HttpResponse:
    """Coverage of the objectives by the cycle's published national reports, as CSV."""
    slug, rows = _coverage_rows(request, cycle)
    body = opendata.csv_bytes(opendata.COVERAGE_COLUMNS, rows)
    return _download(
        request, body, content_type="text/csv; charset=utf-8", filename=f"{slug}-coverage.csv",
        tagged=body,
    )  # fmt: skip


@router.get(
    "/open-data/coverage/{cycle}.json",
    response={200: CoverageDownload, **ERRORS_404},
)
def coverage_json(request: HttpRequest, cycle: SlugPath) -> HttpResponse:
    """The same rows as JSON, wrapped with the licence, attribution, source and date."""
    slug, rows = _coverage_rows(request, cycle)
    body = opendata.json_document(rows, source=request.build_absolute_uri())
    return _download(
        request, body, content_type="application/json; charset=utf-8",
        filename=f"{slug}-coverage.json", tagged=opendata.data_bytes(rows),
    )  # fmt: skip


def _practice_rows(request: HttpRequest) -> list[dict[str, Any]]:
    return opendata.practice_rows(practice_data(p, request) for p in practices())


@router.get(
    "/open-data/practices.csv",
    response={200: Any, **ERRORS},
    openapi_extra=_content("text/csv", "Published good practices as CSV (CC BY 4.0)"),
)
def practices_csv(request: HttpRequest) -> HttpResponse:
    """Every published good practice, one row each, as CSV."""
    body = opendata.csv_bytes(opendata.PRACTICE_COLUMNS, _practice_rows(request))
    return _download(
        request, body, content_type="text/csv; charset=utf-8", filename="good-practices.csv",
        tagged=body,
    )  # fmt: skip


@router.get(
    "/open-data/practices.json",
    response={200: PracticeDownload, **ERRORS},
)
def practices_json(request: HttpRequest) -> HttpResponse:
    """The same rows as JSON, wrapped with the licence, attribution, source and date."""
    rows = _practice_rows(request)
    body = opendata.json_document(rows, source=request.build_absolute_uri())
    return _download(
        request, body, content_type="application/json; charset=utf-8",
        filename="good-practices.json", tagged=opendata.data_bytes(rows),
    )  # fmt: skip


@router.get(
    "/open-data/README.txt",
    response={200: Any, **ERRORS},
    openapi_extra=_content("text/plain", "Licence and description of the downloads"),
)
def readme(request: HttpRequest) -> HttpResponse:
    """The licence statement (CC BY 4.0) and the columns of every download."""
    body = opendata.readme().encode("utf-8")
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Link"] = f'<{opendata.LICENSE_URL}>; rel="license"'
    return conditional(request, response)
