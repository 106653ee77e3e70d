"""Reads of the knowledge hub shared by its pages and the API: published practices with their
facets, similar practices, the review queue, and the organization directory.

Stable names used by the API (`hiwar.api`): :func:`published_practices`,
:func:`parse_practice_filters`, :func:`filter_practices` and :func:`practice_facets`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Membership
from hiwar.framework.models import (
    Cluster,
    Country,
    GuidingPrinciple,
    Objective,
    StakeholderCategory,
)
from hiwar.knowledge.models import Practice

__all__ = [
    "PRACTICE_FACETS",
    "Facet",
    "FacetValue",
    "PracticeFilters",
    "facet_values",
    "filter_practices",
    "parse_practice_filters",
    "practice_facets",
    "practices_for_review",
    "practices_of_user",
    "published_practices",
    "similar_practices",
]

SIMILAR_COUNT = 5
FIRST_YEAR = 1990


# --- Practices ---------------------------------------------------------------------------------


def _with_relations(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    return practices.select_related(
        "organization", "organization__category", "organization__country"
    ).prefetch_related(
        Prefetch("countries", Country.objects.order_by("name")),
        Prefetch("objectives", Objective.objects.order_by("number")),
    )


def published_practices() -> QuerySet[Practice]:
    """Published practices, newest first, with what a list shows (organization, its category
    and country, the practice's countries and objectives)."""
    return _with_relations(Practice.objects.filter(status=Practice.Status.PUBLISHED)).order_by(
        "-published_at", "-pk"
    )


def practices_of_user(user: Any) -> QuerySet[Practice]:
    """Every practice of the organizations the user is an active member of, any status."""
    organizations = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "organization_id"
    )
    return _with_relations(Practice.objects.filter(organization_id__in=organizations)).order_by(
        "-updated_at", "-pk"
    )


def practices_for_review() -> QuerySet[Practice]:
    """Practices awaiting the secretariat's decision, oldest first."""
    return _with_relations(Practice.objects.filter(status=Practice.Status.SUBMITTED)).order_by(
        "submitted_at", "pk"
    )


@dataclass
class PracticeFilters:
    """Facet values chosen in the URL; `ignored` lists (parameter, value) pairs that name no
    known value and were left out."""

    objective: int | None = None
    cluster: str | None = None
    principle: str | None = None
    country: str | None = None
    category: str | None = None
    language: str | None = None
    year: int | None = None
    ignored: list[tuple[str, str]] = field(default_factory=list)

    def as_params(self) -> dict[str, str]:
        values = {
            "objective": self.objective,
            "cluster": self.cluster,
            "principle": self.principle,
            "country": self.country,
            "category": self.category,
            "language": self.language,
            "year": self.year,
        }
        return {key: str(value) for key, value in values.items() if value is not None}


PRACTICE_FACETS = ("objective", "cluster", "principle", "country", "category", "language", "year")


def _int(value: str) -> int | None:
    value = value.strip()
    if not value.isdigit() or len(value) > 4:
        return None
    return int(value)


def parse_practice_filters(params: Mapping[str, Any]) -> PracticeFilters:
    """Read facet values from GET parameters. A value that names nothing known is ignored and
    listed in `ignored`, never an error."""
    filters = PracticeFilters()
    for key in PRACTICE_FACETS:
        raw = params.get(key)
        if raw is None or str(raw).strip() == "":
            continue
        raw = str(raw)[:100]
        value: Any = None
        if key == "objective":
            number = _int(raw)
            if number is not None and 1 <= number <= 23:
                value = number
        elif key == "cluster":
            if Cluster.objects.filter(code=raw.strip()).exists():
                value = raw.strip()
        elif key == "principle":
            if GuidingPrinciple.objects.filter(letter=raw.strip().lower()).exists():
                value = raw.strip().lower()
        elif key == "country":
            if Country.objects.filter(iso2=raw.strip().upper()).exists():
                value = raw.strip().upper()
        elif key == "category":
            if StakeholderCategory.objects.filter(code=raw.strip()).exists():
                value = raw.strip()
        elif key == "language":
            if raw.strip() in dict(settings.LANGUAGES):
                value = raw.strip()
        elif key == "year":
            year = _int(raw)
            if year is not None and FIRST_YEAR <= year <= timezone.localdate().year + 10:
                value = year
        if value is None:
            filters.ignored.append((key, raw))
        else:
            setattr(filters, key, value)
    return filters


def filter_practices(practices: QuerySet[Practice], filters: PracticeFilters) -> QuerySet[Practice]:
    """Keep the practices matching every chosen facet value (each many-to-many value as a
    subquery, so a practice is never repeated)."""
    related = {
        "objectives__number": filters.objective,
        "objectives__cluster__code": filters.cluster,
        "principles__letter": filters.principle,
        "countries__iso2": filters.country,
        "stakeholder_categories__code": filters.category,
    }
    for lookup, value in related.items():
        if value is not None:
            matching = Practice.objects.filter(**{lookup: value}).values("pk")
            practices = practices.filter(pk__in=matching)
    if filters.language is not None:
        practices = practices.filter(language=filters.language)
    if filters.year is not None:
        practices = practices.filter(start_year__lte=filters.year).filter(
            Q(end_year__isnull=True) | Q(end_year__gte=filters.year)
        )
    return practices


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: list[FacetValue]


def facet_values(
    counts: Mapping[Any, int], labels: Mapping[Any, str], selected: Any, order: list[Any]
) -> list[FacetValue]:
    """The values of one facet in ``order``: those with results, and the selected one."""
    return [
        FacetValue(str(key), labels.get(key, str(key)), counts.get(key, 0), key == selected)
        for key in order
        if counts.get(key, 0) or key == selected
    ]


def practice_facets(
    practices: QuerySet[Practice], filters: PracticeFilters | None = None
) -> list[Facet]:
    """Counts of the given practices per value of each facet (values with no practice left
    out, unless chosen). A constant number of queries, whatever the number of practices."""
    filters = filters or PracticeFilters()
    ids = practices.order_by().values("pk")
    objectives = list(Objective.objects.order_by("number").select_related("cluster"))
    objective_counts = dict(
        Practice.objectives.through.objects.filter(practice_id__in=ids)
        .values_list("objective__number")
        .annotate(n=Count("practice_id"))
    )
    cluster_counts = dict(
        Practice.objectives.through.objects.filter(practice_id__in=ids)
        .values_list("objective__cluster__code")
        .annotate(n=Count("practice_id", distinct=True))
    )
    principles = list(GuidingPrinciple.objects.order_by("letter"))
    principle_counts = dict(
        Practice.principles.through.objects.filter(practice_id__in=ids)
        .values_list("guidingprinciple__letter")
        .annotate(n=Count("practice_id"))
    )
    country_counts: dict[str, int] = dict(
        Practice.countries.through.objects.filter(practice_id__in=ids)
        .values_list("country__iso2")
        .annotate(n=Count("practice_id"))
    )
    # Names in the reader's language (modeltranslation), sorted as the reader reads them.
    countries = {
        c.iso2: str(c.name)
        for c in sorted(
            Country.objects.filter(iso2__in=[*country_counts, filters.country or ""]),
            key=lambda c: str(c.name),
        )
    }
    categories = list(StakeholderCategory.objects.order_by("position"))
    category_counts = dict(
        Practice.stakeholder_categories.through.objects.filter(practice_id__in=ids)
        .values_list("stakeholdercategory__code")
        .annotate(n=Count("practice_id"))
    )
    language_counts = dict(
        practices.order_by().values_list("language").annotate(n=Count("pk", distinct=True))
    )
    this_year = timezone.localdate().year
    year_counts: dict[int, int] = defaultdict(int)
    for start, end in practices.order_by().values_list("start_year", "end_year"):
        for year in range(start, min(end or this_year, this_year + 10) + 1):
            year_counts[year] += 1

    clusters: list[Cluster] = []
    for objective in objectives:
        if objective.cluster not in clusters:
            clusters.append(objective.cluster)
    languages = dict(settings.LANGUAGES)
    return [
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
            "cluster",
            _("Round table"),
            facet_values(
                cluster_counts,
                {c.code: f"{c.code} · {c.title}" for c in clusters},
                filters.cluster,
                [c.code for c in clusters],
            ),
        ),
        Facet(
            "principle",
            _("Guiding principle"),
            facet_values(
                principle_counts,
                {p.letter: p.name for p in principles},
                filters.principle,
                [p.letter for p in principles],
            ),
        ),
        Facet(
            "country",
            _("Country"),
            facet_values(country_counts, countries, filters.country, list(countries)),
        ),
        Facet(
            "category",
            _("Stakeholders involved"),
            facet_values(
                category_counts,
                {c.code: c.name for c in categories},
                filters.category,
                [c.code for c in categories],
            ),
        ),
        Facet(
            "language",
            _("Language"),
            facet_values(
                language_counts,
                {code: str(name) for code, name in languages.items()},
                filters.language,
                list(languages),
            ),
        ),
        Facet(
            "year",
            _("Year"),
            facet_values(
                year_counts,
                {},
                filters.year,
                sorted(
                    set(year_counts) | ({filters.year} if filters.year else set()), reverse=True
                ),
            ),
        ),
    ]


def similar_practices(practice: Practice, *, limit: int = SIMILAR_COUNT) -> list[Practice]:
    """The published practices closest in meaning to this one (cosine similarity of the
    stored embeddings, across languages), best first."""
    if not practice.embedding:
        return []
    rows = list(
        Practice.objects.filter(status=Practice.Status.PUBLISHED, embedding__isnull=False)
        .exclude(pk=practice.pk)
        .values_list("pk", "embedding")
    )
    rows = [(pk, blob) for pk, blob in rows if blob]
    if not rows:
        return []
    target = np.frombuffer(bytes(practice.embedding or b""), dtype=np.float32)
    matrix = np.vstack([np.frombuffer(bytes(blob), dtype=np.float32) for _pk, blob in rows if blob])
    scores = matrix @ target
    best = np.argsort(-scores)[:limit]
    ids = [rows[i][0] for i in best]
    by_id = published_practices().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
