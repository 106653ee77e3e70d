"""Published good practices of the knowledge hub, with the hub's facets. Drafts, practices
awaiting review, sent back or rejected never appear; nor do the contact details or the author.

Facet values are checked twice: their form by the schema, then their existence by the
knowledge hub's own parser; a value that names nothing (country ZZ, category "nobody") is
refused with 422 and a message, instead of silently widening the result."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import ValidationError

from hiwar.api.convert import organization_ref
from hiwar.api.pagination import paginate
from hiwar.api.schemas import (
    ERRORS,
    ERRORS_404,
    FacetOut,
    Id,
    PracticeFacetFilters,
    PracticeFilters,
    PracticeOut,
    PracticePage,
)
from hiwar.knowledge import selectors as knowledge
from hiwar.knowledge.models import Practice

router = Router(tags=["practices"])


def practices() -> Any:
    """Published practices with every relation the API shows, loaded up front."""
    return knowledge.published_practices().prefetch_related("principles", "stakeholder_categories")


def chosen(filters: PracticeFacetFilters) -> knowledge.PracticeFilters:
    values = filters.dict(include=set(knowledge.PRACTICE_FACETS), exclude_none=True)
    parsed = knowledge.parse_practice_filters({k: str(v) for k, v in values.items()})
    if parsed.ignored:
        raise ValidationError(
            [
                {
                    "loc": ["query", key],
                    "msg": _("Unknown value %(value)s.") % {"value": value},
                    "type": "unknown_value",
                }
                for key, value in parsed.ignored
            ]
        )
    return parsed


def filtered(filters: PracticeFacetFilters) -> tuple[Any, knowledge.PracticeFilters]:
    parsed = chosen(filters)
    return knowledge.filter_practices(practices(), parsed), parsed


def practice_data(practice: Practice, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": practice.pk,
        "title": practice.title,
        "summary": practice.summary,
        "description": practice.description,
        "language": practice.language,
        "organization": organization_ref(practice.organization),
        "countries": [c.iso2 for c in practice.countries.all()],
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "objectives": [o.number for o in practice.objectives.all()],
        "principles": [p.letter for p in practice.principles.all()],
        "stakeholder_categories": [c.code for c in practice.stakeholder_categories.all()],
        "partners": practice.stakeholders_text,
        "results": practice.results,
        "links": [str(link) for link in practice.links or []],
        "published_at": practice.published_at,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "is_sample": practice.is_sample,
    }


@router.get("/practices", response={200: PracticePage, **ERRORS})
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]) -> dict[str, Any]:
    """Published good practices, newest first; every facet given must match."""
    items, _parsed = filtered(filters)
    page, meta = paginate(request, items, limit=filters.limit, offset=filters.offset)
    return {**meta, "items": [practice_data(p, request) for p in page]}


@router.get("/practices/facets", response={200: list[FacetOut], **ERRORS})
def list_practice_facets(
    request: HttpRequest, filters: Query[PracticeFacetFilters]
) -> list[dict[str, Any]]:
    """How many published practices each facet value would give, with the filters applied;
    labels in the language of the request (Accept-Language)."""
    items, parsed = filtered(filters)
    return [
        {
            "key": facet.key,
            "label": str(facet.label),
            "values": [
                {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
                for v in facet.values
            ],
        }
        for facet in knowledge.practice_facets(items, parsed)
    ]


@router.get("/practices/{practice_id}", response={200: PracticeOut, **ERRORS_404})
def get_practice(request: HttpRequest, practice_id: Id) -> dict[str, Any]:
    practice = practices().filter(pk=practice_id).first()
    if practice is None:
        raise Http404
    return practice_data(practice, request)
