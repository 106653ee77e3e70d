"""The secretariat's bulk export: every passage, with its tags, of a cycle's published reports
(and inputs), for token holders only (`Authorization: Bearer <token>`).

Two forms: big JSON pages (up to 2,000 passages, ordered by id, with `next`), or one JSON Lines
download streamed from the database in chunks, so memory stays flat however big the cycle.
"""

import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from hiwar.analysis.models import Document, Passage
from hiwar.api import selectors
from hiwar.api.auth import TokenOnly
from hiwar.api.convert import passage
from hiwar.api.pagination import paginate
from hiwar.api.routers.coverage import cycle_or_404
from hiwar.api.schemas import ERRORS_404, ExportPage, ExportParams, SlugPath

router = Router(tags=["bulk export (token)"], auth=TokenOnly())

REPORT_SOURCES = {Document.Source.REPORT, Document.Source.REPORT_FILE}
CHUNK = 1000


def export_data(item: Passage) -> dict[str, Any]:
    document = item.document
    from_report = document.source in REPORT_SOURCES
    return {
        **passage(item),
        "source": "report" if from_report else "input",
        "report": document.report_id if from_report else None,
        "stakeholder_input": None if from_report else document.stakeholder_input_id,
        "country": document.country.iso2 if document.country else None,
    }


@router.get("/export/{cycle}/passages", response={200: ExportPage, **ERRORS_404})
def export_passages(
    request: HttpRequest, cycle: SlugPath, params: Query[ExportParams]
) -> dict[str, Any]:
    """All passages of the cycle's published reports (and inputs), by id, in big pages."""
    passages = selectors.export_passages(
        cycle=cycle_or_404(cycle), include_inputs=params.include_inputs
    )
    page, meta = paginate(request, passages, limit=params.limit, offset=params.offset)
    return {**meta, "items": [export_data(p) for p in page]}


def _lines(passages: Any) -> Iterator[bytes]:
    # Keyset pagination by id: each chunk is one query (plus its tag prefetch), whatever
    # the offset, and no server-side cursor is held open between chunks.
    last = 0
    while True:
        chunk = list(passages.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        for item in chunk:
            line = json.dumps(export_data(item), ensure_ascii=False, cls=DjangoJSONEncoder)
            yield line.encode("utf-8") + b"\n"
        last = chunk[-1].pk


@router.get(
    "/export/{cycle}/passages.jsonl",
    response={200: Any, **ERRORS_404},
    openapi_extra={
        "responses": {
            200: {
                "description": "One JSON object per line (the items of the paged export)",
                "content": {"application/jsonl": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_passages_jsonl(
    request: HttpRequest, cycle: SlugPath, include_inputs: bool = True
) -> StreamingHttpResponse:
    """The same passages as one JSON Lines download, streamed."""
    found = cycle_or_404(cycle)
    passages = selectors.export_passages(cycle=found, include_inputs=include_inputs)
    response = StreamingHttpResponse(_lines(passages), content_type="application/jsonl")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-passages.jsonl"'
    response["Cache-Control"] = "private, no-store"
    return response
