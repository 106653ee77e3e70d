"""Reads of the organization directory ("connection hub").

Which organizations are listed: those with at least one active (approved) membership, or any
published material (a published stakeholder input or a published good practice). An
organization nobody has joined and that has published nothing is a bare name typed by someone;
it stays on the accounts pages but is not part of the public directory.

What an organization works on comes from three sources, each shown with its origin:
- **declared**: the objectives and countries in its `OrganizationProfile`;
- **practices**: the objectives and countries of its published good practices;
- **inputs**: the objectives of passages of its published stakeholder inputs, as tagged by the
  analysis engine in current, analysed documents: a tag a person confirmed counts, a suggested
  one counts when its score is at least `DERIVED_MIN_SCORE`, a rejected one never. An input
  counts under the organization's own country (as coverage does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from hiwar.accounts.models import Membership, Organization
from hiwar.analysis.models import Document, PassageTag
from hiwar.framework.models import Country, Objective, StakeholderCategory
from hiwar.knowledge.models import OrganizationProfile, Practice
from hiwar.knowledge.selectors import Facet, facet_values, published_practices
from hiwar.reviews.models import StakeholderInput

__all__ = [
    "DERIVED_MIN_SCORE",
    "DirectoryFilters",
    "OrganizationWork",
    "directory_facets",
    "directory_organizations",
    "filter_directory",
    "organization_work",
    "parse_directory_filters",
    "work_of_organizations",
]

#: A suggested (unconfirmed) tag on a passage of a published input counts only at this score
#: or above; confirmed tags always count, rejected ones never.
DERIVED_MIN_SCORE = 0.5

DECLARED = "declared"
PRACTICES = "practices"
INPUTS = "inputs"


def _published_input_org_ids() -> QuerySet[StakeholderInput, Any]:
    return StakeholderInput.objects.filter(status=StakeholderInput.Status.PUBLISHED).values(
        "organization_id"
    )


def _published_practice_org_ids() -> QuerySet[Practice, Any]:
    return Practice.objects.filter(status=Practice.Status.PUBLISHED).values("organization_id")


def directory_organizations() -> QuerySet[Organization]:
    """The organizations of the public directory, by name, with their category, country and
    declared profile."""
    members = Membership.objects.filter(
        status=Membership.Status.ACTIVE, user__is_active=True
    ).values("organization_id")
    return (
        Organization.objects.filter(
            Q(pk__in=members)
            | Q(pk__in=_published_input_org_ids())
            | Q(pk__in=_published_practice_org_ids())
        )
        .select_related("category", "country", "profile")
        .order_by("name", "pk")
    )


def _input_tags() -> QuerySet[PassageTag]:
    """Objective tags that count for the directory, on passages of published inputs."""
    return PassageTag.objects.filter(
        objective__isnull=False,
        passage__superseded=False,
        passage__document__is_current=True,
        passage__document__status=Document.Status.DONE,
        passage__document__stakeholder_input__status=StakeholderInput.Status.PUBLISHED,
    ).filter(
        Q(status=PassageTag.Status.CONFIRMED)
        | Q(status=PassageTag.Status.SUGGESTED, score__gte=DERIVED_MIN_SCORE)
    )


def _org_ids_for_objective(number: int) -> Q:
    declared = OrganizationProfile.objectives.through.objects.filter(
        objective__number=number
    ).values("organizationprofile__organization_id")
    practices = Practice.objects.filter(
        status=Practice.Status.PUBLISHED, objectives__number=number
    ).values("organization_id")
    inputs = (
        _input_tags()
        .filter(objective__number=number)
        .values("passage__document__stakeholder_input__organization_id")
    )
    return Q(pk__in=declared) | Q(pk__in=practices) | Q(pk__in=inputs)


def _org_ids_for_country(iso2: str) -> Q:
    declared = OrganizationProfile.countries.through.objects.filter(country__iso2=iso2).values(
        "organizationprofile__organization_id"
    )
    practices = Practice.objects.filter(
        status=Practice.Status.PUBLISHED, countries__iso2=iso2
    ).values("organization_id")
    return Q(country__iso2=iso2) | Q(pk__in=declared) | Q(pk__in=practices)


@dataclass
class DirectoryFilters:
    objective: int | None = None
    country: str | None = None
    category: str | None = None
    ignored: list[tuple[str, str]] = field(default_factory=list)

    def as_params(self) -> dict[str, str]:
        values = {"objective": self.objective, "country": self.country, "category": self.category}
        return {key: str(value) for key, value in values.items() if value is not None}


def parse_directory_filters(params: Mapping[str, Any]) -> DirectoryFilters:
    """Facet values from GET parameters; unknown values are ignored and listed."""
    filters = DirectoryFilters()
    for key in ("objective", "country", "category"):
        raw = params.get(key)
        if raw is None or str(raw).strip() == "":
            continue
        raw = str(raw)[:100].strip()
        if key == "objective" and raw.isdigit() and 1 <= int(raw) <= 23:
            filters.objective = int(raw)
        elif key == "country" and Country.objects.filter(iso2=raw.upper()).exists():
            filters.country = raw.upper()
        elif key == "category" and StakeholderCategory.objects.filter(code=raw).exists():
            filters.category = raw
        else:
            filters.ignored.append((key, raw))
    return filters


def filter_directory(
    organizations: QuerySet[Organization], filters: DirectoryFilters
) -> QuerySet[Organization]:
    """ "Who works on objective X in country Y": organizations matching every chosen value."""
    if filters.objective is not None:
        organizations = organizations.filter(_org_ids_for_objective(filters.objective))
    if filters.country is not None:
        organizations = organizations.filter(_org_ids_for_country(filters.country))
    if filters.category is not None:
        organizations = organizations.filter(category__code=filters.category)
    return organizations


@dataclass
class OrganizationWork:
    """What one organization works on: objective number → sources, and the countries."""

    objectives: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: objective number → passages of published inputs tagged with it
    input_passages: dict[int, int] = field(default_factory=dict)
    countries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def objective_numbers(self) -> list[int]:
        return sorted(self.objectives)


def work_of_organizations(organizations: Iterable[Organization]) -> dict[int, OrganizationWork]:
    """Objectives and countries of each organization, from the three sources, in five
    queries whatever the number of organizations."""
    organizations = list(organizations)
    ids = [o.pk for o in organizations]
    work: dict[int, OrganizationWork] = {pk: OrganizationWork() for pk in ids}
    for org in organizations:
        if org.country is not None:
            work[org.pk].countries[org.country.iso2].add(DECLARED)
    if not ids:
        return work
    for org_id, number in OrganizationProfile.objectives.through.objects.filter(
        organizationprofile__organization_id__in=ids
    ).values_list("organizationprofile__organization_id", "objective__number"):
        work[org_id].objectives[number].add(DECLARED)
    for org_id, iso2 in OrganizationProfile.countries.through.objects.filter(
        organizationprofile__organization_id__in=ids
    ).values_list("organizationprofile__organization_id", "country__iso2"):
        work[org_id].countries[iso2].add(DECLARED)
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED, organization_id__in=ids)
    for org_id, number in (
        published.filter(objectives__isnull=False)
        .values_list("organization_id", "objectives__number")
        .order_by()
        .distinct()
    ):
        work[org_id].objectives[number].add(PRACTICES)
    for org_id, iso2 in (
        published.filter(countries__isnull=False)
        .values_list("organization_id", "countries__iso2")
        .order_by()
        .distinct()
    ):
        work[org_id].countries[iso2].add(PRACTICES)
    for org_id, number, passages in (
        _input_tags()
        .filter(passage__document__stakeholder_input__organization_id__in=ids)
        .values_list("passage__document__stakeholder_input__organization_id", "objective__number")
        .annotate(n=Count("passage_id", distinct=True))
        .order_by()
    ):
        work[org_id].objectives[number].add(INPUTS)
        work[org_id].input_passages[number] = passages
    return work


def organization_work(organization: Organization) -> OrganizationWork:
    return work_of_organizations([organization])[organization.pk]


def directory_facets(
    organizations: QuerySet[Organization], filters: DirectoryFilters
) -> tuple[list[Facet], dict[int, OrganizationWork]]:
    """Counts of organizations per objective, country and category, and the work of each
    organization (reused by the page for the organizations it shows)."""
    listed = list(organizations)
    work = work_of_organizations(listed)
    objectives = list(Objective.objects.order_by("number"))
    objective_counts: dict[int, int] = defaultdict(int)
    country_counts: dict[str, int] = defaultdict(int)
    category_counts: dict[str, int] = defaultdict(int)
    for org in listed:
        for number in work[org.pk].objectives:
            objective_counts[number] += 1
        for iso2 in work[org.pk].countries:
            country_counts[iso2] += 1
        if org.category is not None:
            category_counts[org.category.code] += 1
    countries = dict(
        Country.objects.filter(iso2__in=set(country_counts) | {filters.country or ""})
        .order_by("name")
        .values_list("iso2", "name")
    )
    categories = list(StakeholderCategory.objects.order_by("position"))

    facets = [
        Facet(
            "objective",
            _("Objective"),
            facet_values(
                objective_counts,
                {o.number: f"{o.number}. {o.title}" for o in objectives},
                filters.objective,
                [o.number for o in objectives],
            ),
        ),
        Facet(
            "country",
            _("Country"),
            facet_values(country_counts, countries, filters.country, list(countries)),
        ),
        Facet(
            "category",
            _("Stakeholder category"),
            facet_values(
                category_counts,
                {c.code: c.name for c in categories},
                filters.category,
                [c.code for c in categories],
            ),
        ),
    ]
    return facets, work


def published_inputs_of(organization: Organization) -> QuerySet[StakeholderInput]:
    return StakeholderInput.objects.filter(
        organization=organization, status=StakeholderInput.Status.PUBLISHED
    ).order_by("-published_at", "-pk")


def published_practices_of(organization: Organization) -> QuerySet[Practice]:
    return published_practices().filter(organization=organization)


def declared_profile(organization: Organization) -> OrganizationProfile | None:
    return (
        OrganizationProfile.objects.filter(organization=organization)
        .prefetch_related(
            Prefetch("objectives", Objective.objects.order_by("number")),
            Prefetch("countries", Country.objects.order_by("name")),
        )
        .first()
    )
