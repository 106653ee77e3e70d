"""Reads of the public API and the open data downloads: published material only.

Every queryset here is safe to show to anyone: national reports and stakeholder inputs are
filtered to `published`, passages to the current, analysed documents of published reports and
inputs, tags to those not rejected. Lists load their relations up front (select_related and
prefetch_related), so a page costs the same number of queries whatever its length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from hiwar.accounts.selectors import organization_list
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.api.models import ApiToken
from hiwar.conference.models import Conference, ProgrammeVersion
from hiwar.reviews.models import NationalReport, ReviewCycle, SectionDraft, StakeholderInput

PUBLIC_TAG_STATUSES = (PassageTag.Status.SUGGESTED, PassageTag.Status.CONFIRMED)


def cycles() -> QuerySet[ReviewCycle]:
    # Country.Meta.ordering: by ISO code.
    return ReviewCycle.objects.prefetch_related("member_states").order_by("-starts_on", "slug")


def cycle_by_slug(slug: str) -> ReviewCycle | None:
    return ReviewCycle.objects.filter(slug=slug).first()


def organizations(
    *, category: str | None = None, country: str | None = None, kind: str | None = None
) -> QuerySet[Any]:
    """Every organization, for its public fields only (never members or addresses)."""
    items = organization_list()
    if category:
        items = items.filter(category__code=category)
    if country:
        items = items.filter(country__iso2=country.upper())
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("name", "pk")


# --- National reports and stakeholder inputs -------------------------------------------------


def published_reports(
    *, cycle: str | None = None, country: str | None = None, language: str | None = None
) -> QuerySet[NationalReport]:
    reports = NationalReport.objects.filter(status=NationalReport.Status.PUBLISHED).select_related(
        "country", "cycle"
    )
    if cycle:
        reports = reports.filter(cycle__slug=cycle)
    if country:
        reports = reports.filter(country__iso2=country.upper())
    if language:
        # As on the reviews pages: the language of what was written, not of empty sections.
        reports = reports.filter(
            versions__sections__language=language, versions__sections__text__gt=""
        ).distinct()
    return reports.order_by("-published_at", "pk")


def report_languages(reports: Iterable[NationalReport]) -> dict[int, list[str]]:
    """The languages of each report's latest version (the published one), in one query."""
    ids = [report.pk for report in reports]
    rows = (
        SectionDraft.objects.filter(version__report_id__in=ids, text__gt="")
        .values_list("version__report_id", "version__number", "language")
        .distinct()
    )
    latest: dict[int, int] = {}
    languages: dict[int, set[str]] = defaultdict(set)
    for report_id, number, language in sorted(rows, key=lambda row: -row[1]):
        latest.setdefault(report_id, number)
        if number == latest[report_id]:
            languages[report_id].add(language)
    return {report_id: sorted(found) for report_id, found in languages.items()}


def published_inputs(
    *,
    cycle: str | None = None,
    country: str | None = None,
    language: str | None = None,
    category: str | None = None,
) -> QuerySet[StakeholderInput]:
    inputs = StakeholderInput.objects.filter(
        status=StakeholderInput.Status.PUBLISHED
    ).select_related("cycle", "organization__category", "organization__country", "author")
    if cycle:
        inputs = inputs.filter(cycle__slug=cycle)
    if country:
        inputs = inputs.filter(organization__country__iso2=country.upper())
    if language:
        inputs = inputs.filter(language=language)
    if category:
        inputs = inputs.filter(organization__category__code=category)
    return inputs.order_by("-published_at", "pk")


# --- Passages --------------------------------------------------------------------------------


def _public_tags() -> QuerySet[PassageTag]:
    return (
        PassageTag.objects.filter(status__in=PUBLIC_TAG_STATUSES)
        .select_related("objective", "principle")
        .order_by("principle_id", "-score", "pk")
    )


def _public_passages() -> QuerySet[Passage]:
    return (
        Passage.objects.filter(
            superseded=False,
            document__is_current=True,
            document__status=Document.Status.DONE,
        )
        .prefetch_related(Prefetch("tags", queryset=_public_tags()))
        .order_by("document_id", "position", "pk")
    )


def _filter_passages(
    passages: QuerySet[Passage],
    *,
    objective: int | None = None,
    principle: str | None = None,
    status: str | None = None,
) -> QuerySet[Passage]:
    statuses = [status] if status else list(PUBLIC_TAG_STATUSES)
    if objective is not None:
        passages = passages.filter(
            tags__objective__number=objective, tags__status__in=statuses
        ).distinct()
    if principle:
        passages = passages.filter(
            pk__in=PassageTag.objects.filter(
                principle__letter=principle.lower(), status__in=statuses
            ).values("passage_id")
        )
    if status and objective is None and not principle:
        passages = passages.filter(tags__status=status).distinct()
    return passages


def report_passages(report: NationalReport, **filters: Any) -> QuerySet[Passage]:
    """The passages of a published report's current documents, with their public tags."""
    passages = _public_passages().filter(
        document__report=report,
        document__source__in=[Document.Source.REPORT, Document.Source.REPORT_FILE],
    )
    return _filter_passages(passages, **filters)


def input_passages(item: StakeholderInput, **filters: Any) -> QuerySet[Passage]:
    passages = _public_passages().filter(
        document__stakeholder_input=item,
        document__source__in=[Document.Source.INPUT, Document.Source.INPUT_FILE],
    )
    return _filter_passages(passages, **filters)


def export_passages(*, cycle: ReviewCycle, include_inputs: bool = True) -> QuerySet[Passage]:
    """Every public passage of a cycle's published reports (and inputs), for the bulk export."""
    published = Q(
        document__source__in=[Document.Source.REPORT, Document.Source.REPORT_FILE],
        document__report__status=NationalReport.Status.PUBLISHED,
    )
    if include_inputs:
        published |= Q(
            document__source__in=[Document.Source.INPUT, Document.Source.INPUT_FILE],
            document__stakeholder_input__status=StakeholderInput.Status.PUBLISHED,
        )
    return (
        _public_passages()
        .filter(published, document__cycle=cycle)
        .select_related("document__country")
        .order_by("pk")
    )


# --- Programme -------------------------------------------------------------------------------


def published_programmes() -> QuerySet[ProgrammeVersion]:
    """The latest published version of each conference that has one; a programme never
    published has no version and does not appear. The snapshots are not loaded."""
    newest = (
        ProgrammeVersion.objects.filter(conference=OuterRef("conference_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        ProgrammeVersion.objects.filter(number=Subquery(newest))
        .select_related("conference")
        .defer("snapshot")
        .order_by("conference__starts_on", "conference__slug")
    )


def published_programme(slug: str) -> ProgrammeVersion | None:
    return (
        ProgrammeVersion.objects.select_related("conference")
        .filter(conference__slug=slug)
        .order_by("-number")
        .first()
    )


def conference_exists(slug: str) -> bool:
    return Conference.objects.filter(slug=slug).exists()


# --- Tokens ----------------------------------------------------------------------------------


def api_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "revoked_by")
