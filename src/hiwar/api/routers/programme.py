"""Conference programmes: the latest PUBLISHED version of each, exactly as frozen when the
secretariat published it (changes to the draft appear only with the next version), without
the personal details kept for the checks. The JSON Schema of the programme is served too."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from hiwar.api import selectors
from hiwar.api.caching import conditional
from hiwar.api.convert import texts
from hiwar.api.schemas import ERRORS, ERRORS_404, ConferenceOut, SlugPath
from hiwar.conference.exports import public_snapshot

router = Router(tags=["programme"])

#: A copy of docs/programme-schema.json shipped with the package (a test keeps them equal).
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "data" / "programme-1.json"


@cache
def _schema_bytes() -> bytes:
    return SCHEMA_FILE.read_bytes()


@router.get("/conferences", response={200: list[ConferenceOut], **ERRORS})
def list_conferences(request: HttpRequest) -> list[dict[str, Any]]:
    """Conferences whose programme has been published, with the latest version's number."""
    return [
        {
            "slug": v.conference.slug,
            "title": texts(v.conference, "title"),
            "starts_on": v.conference.starts_on,
            "ends_on": v.conference.ends_on,
            "version": v.number,
            "published_at": v.published_at,
        }
        for v in selectors.published_programmes()
    ]


@router.get("/conferences/{slug}/programme", response={200: dict[str, Any], **ERRORS_404})
def get_programme(request: HttpRequest, slug: SlugPath) -> dict[str, Any]:
    """The published programme (format: /api/schemas/programme-1.json, its `$schema`);
    404 for a conference whose programme is not published."""
    version = selectors.published_programme(slug)
    if version is None:
        raise Http404
    return public_snapshot(version.snapshot)


@router.get(
    "/schemas/programme-1.json",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "JSON Schema (draft 2020-12)",
                "content": {"application/schema+json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def programme_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the programme documents (their `$schema`)."""
    response = HttpResponse(_schema_bytes(), content_type="application/schema+json")
    response["Access-Control-Allow-Origin"] = "*"
    return conditional(request, response)


def schema_id() -> str:
    return str(json.loads(_schema_bytes())["$id"])
