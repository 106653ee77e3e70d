"""Reads shared by the review views, the CSV export and the public landing page."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from hiwar.framework.models import Country, StakeholderCategory
from hiwar.reviews.models import (
    ExtensionRequest,
    NationalReport,
    ReportVersion,
    ReviewCycle,
    SectionDraft,
    StakeholderInput,
)


def current_cycle_link() -> ReviewCycle | None:
    """Just enough of the current cycle for the navigation: one small query."""
    return ReviewCycle.objects.filter(is_current=True).only("slug").first()


def current_review_cycle() -> ReviewCycle | None:
    """The cycle the home page presents: the one marked current, else the latest."""
    cycles = (
        ReviewCycle.objects.select_related("region")
        .annotate(member_state_count=Count("member_states", distinct=True))
        .prefetch_related("milestones")  # Milestone.Meta.ordering: by date
    )
    return cycles.filter(is_current=True).first() or cycles.first()


@dataclass(frozen=True)
class CountryStatus:
    """One row of the secretariat's dashboard: a member state and where its report stands."""

    country: Country
    report: NationalReport | None
    status: str  # not_started, drafting, extension_requested, extended, submitted, published
    status_label: str
    extension: ExtensionRequest | None


STATUS_LABELS = {
    "not_started": NationalReport.Status.NOT_STARTED.label,
    "drafting": NationalReport.Status.DRAFTING.label,
    "extension_requested": ExtensionRequest.Status.PENDING.label,
    "extended": ExtensionRequest.Status.GRANTED.label,
    "submitted": NationalReport.Status.SUBMITTED.label,
    "published": NationalReport.Status.PUBLISHED.label,
}


def report_status(report: NationalReport | None, extension: ExtensionRequest | None) -> str:
    if report is None or report.status == NationalReport.Status.NOT_STARTED:
        status = "not_started"
    else:
        status = report.status
    if status in {"not_started", "drafting"} and extension is not None:
        if extension.status == ExtensionRequest.Status.PENDING:
            return "extension_requested"
        if extension.status == ExtensionRequest.Status.GRANTED:
            return "extended"
    return status


def member_state_statuses(*, cycle: ReviewCycle) -> list[CountryStatus]:
    """Every member state of the cycle with its report status; three queries in all."""
    # Through the related manager, every report knows its cycle: effective_deadline() on the
    # dashboard and in the CSV then costs no query per report.
    reports = {
        report.country_id: report
        for report in cycle.national_reports.prefetch_related(
            Prefetch(
                "extension_requests",
                queryset=ExtensionRequest.objects.order_by("-requested_at"),
                to_attr="ordered_extensions",
            )
        )
    }
    rows = []
    for country in cycle.member_states.order_by("name"):
        report = reports.get(country.pk)
        extension = report.ordered_extensions[0] if report and report.ordered_extensions else None
        status = report_status(report, extension)
        rows.append(CountryStatus(country, report, status, str(STATUS_LABELS[status]), extension))
    return rows


def version_sections(*, version: ReportVersion) -> QuerySet[SectionDraft]:
    return version.sections.select_related("section", "updated_by").order_by("section__position")


def published_reports(
    *, cycle: ReviewCycle, country: str = "", language: str = ""
) -> QuerySet[NationalReport]:
    reports = NationalReport.objects.filter(
        cycle=cycle, status=NationalReport.Status.PUBLISHED
    ).select_related("country")
    if country:
        reports = reports.filter(country__iso2=country)
    if language:
        # The language of what was written: a section left empty keeps the language the
        # report was opened in, which says nothing about the report.
        reports = reports.filter(
            versions__sections__language=language, versions__sections__text__gt=""
        ).distinct()
    return reports.order_by("-published_at")


def published_inputs(
    *, cycle: ReviewCycle, category: str = "", country: str = "", language: str = ""
) -> QuerySet[StakeholderInput]:
    inputs = StakeholderInput.objects.filter(
        cycle=cycle, status=StakeholderInput.Status.PUBLISHED
    ).select_related("organization__category", "organization__country", "author")
    if category:
        inputs = inputs.filter(organization__category__code=category)
    if country:
        inputs = inputs.filter(organization__country__iso2=country)
    if language:
        inputs = inputs.filter(language=language)
    return inputs.order_by("-published_at")


def submitted_inputs(*, cycle: ReviewCycle) -> list[StakeholderInput]:
    return list(
        StakeholderInput.objects.filter(cycle=cycle)
        .exclude(status=StakeholderInput.Status.DRAFT)
        .select_related("organization__category", "organization__country")
    )


@dataclass(frozen=True)
class CategoryCount:
    category: StakeholderCategory | None
    submitted: int
    published: int
    countries: list[str]


def inputs_by_category(inputs: list[StakeholderInput]) -> list[CategoryCount]:
    """Submitted inputs per para 44 category, with the countries they come from: the
    secretariat's check on balanced participation. Computed from already loaded inputs."""
    groups: dict[int | None, list[StakeholderInput]] = {}
    for item in inputs:
        groups.setdefault(item.organization.category_id, []).append(item)
    rows = [
        CategoryCount(
            category=items[0].organization.category,
            submitted=len(items),
            published=sum(1 for i in items if i.status == StakeholderInput.Status.PUBLISHED),
            countries=sorted(
                {str(i.organization.country) for i in items if i.organization.country_id}
            ),
        )
        for items in groups.values()
    ]
    return sorted(rows, key=lambda row: row.category.position if row.category else 99)
