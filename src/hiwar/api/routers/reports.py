"""Published national reports and stakeholder inputs, and their analysed passages with tags.

Reports and inputs that are not published (drafts, submitted, withdrawn from publication)
answer 404 exactly like ids that do not exist, so an id reveals nothing.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router

from hiwar.api import selectors
from hiwar.api.convert import LANGUAGES, country_ref, organization_ref, passage
from hiwar.api.pagination import paginate
from hiwar.api.schemas import (
    ERRORS,
    ERRORS_404,
    Id,
    InputFilters,
    InputOut,
    InputPage,
    PassageFilters,
    PassagePage,
    ReportFilters,
    ReportOut,
    ReportPage,
)
from hiwar.reviews.models import NationalReport, StakeholderInput

router = Router(tags=["reports"])


def report_title(report: NationalReport) -> dict[str, str]:
    titles = {}
    for language in LANGUAGES:
        with translation.override(language):
            name = getattr(report.country, f"name_{language}") or report.country.name
            titles[language] = _("National review report: %(country)s") % {"country": name}
    return titles


def report_data(report: NationalReport, languages: dict[int, list[str]]) -> dict[str, Any]:
    return {
        "id": report.pk,
        "cycle": report.cycle.slug,
        "country": country_ref(report.country),
        "title": report_title(report),
        "languages": languages.get(report.pk, []),
        "submitted_at": report.submitted_at,
        "published_at": report.published_at,
    }


def input_data(item: StakeholderInput) -> dict[str, Any]:
    return {
        "id": item.pk,
        "cycle": item.cycle.slug,
        "title": item.title,
        "language": item.language,
        "organization": organization_ref(item.organization),
        "author": (
            item.author.full_name if item.show_author_name and item.author is not None else None
        ),
        "submitted_at": item.submitted_at,
        "published_at": item.published_at,
    }


def _report(report_id: int) -> NationalReport:
    report = selectors.published_reports().filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def _input(input_id: int) -> StakeholderInput:
    item = selectors.published_inputs().filter(pk=input_id).first()
    if item is None:
        raise Http404
    return item


@router.get("/reports", response={200: ReportPage, **ERRORS})
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, Any]:
    """Published voluntary national review reports, newest first."""
    reports = selectors.published_reports(
        cycle=filters.cycle, country=filters.country, language=filters.language
    )
    page, meta = paginate(request, reports, limit=filters.limit, offset=filters.offset)
    languages = selectors.report_languages(page)
    return {**meta, "items": [report_data(r, languages) for r in page]}


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS_404})
def get_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = _report(report_id)
    return report_data(report, selectors.report_languages([report]))


@router.get("/reports/{report_id}/passages", response={200: PassagePage, **ERRORS_404})
def list_report_passages(
    request: HttpRequest, report_id: Id, filters: Query[PassageFilters]
) -> dict[str, Any]:
    """The report's passages in reading order, each with its objectives and guiding principles
    (suggested by the analysis or confirmed by a person; rejected tags are left out)."""
    passages = selectors.report_passages(
        _report(report_id),
        objective=filters.objective,
        principle=filters.principle,
        status=filters.status,
    )
    page, meta = paginate(request, passages, limit=filters.limit, offset=filters.offset)
    return {**meta, "items": [passage(p) for p in page]}


@router.get("/inputs", response={200: InputPage, **ERRORS})
def list_inputs(request: HttpRequest, filters: Query[InputFilters]) -> dict[str, Any]:
    """Published written inputs of stakeholder organizations, newest first."""
    inputs = selectors.published_inputs(
        cycle=filters.cycle,
        country=filters.country,
        language=filters.language,
        category=filters.category,
    )
    page, meta = paginate(request, inputs, limit=filters.limit, offset=filters.offset)
    return {**meta, "items": [input_data(i) for i in page]}


@router.get("/inputs/{input_id}", response={200: InputOut, **ERRORS_404})
def get_input(request: HttpRequest, input_id: Id) -> dict[str, Any]:
    return input_data(_input(input_id))


@router.get("/inputs/{input_id}/passages", response={200: PassagePage, **ERRORS_404})
def list_input_passages(
    request: HttpRequest, input_id: Id, filters: Query[PassageFilters]
) -> dict[str, Any]:
    """The input's passages with their tags, as for reports."""
    passages = selectors.input_passages(
        _input(input_id),
        objective=filters.objective,
        principle=filters.principle,
        status=filters.status,
    )
    page, meta = paginate(request, passages, limit=filters.limit, offset=filters.offset)
    return {**meta, "items": [passage(p) for p in page]}
