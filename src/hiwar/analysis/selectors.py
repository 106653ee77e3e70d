"""Reads of the analysis app: documents, passages with their tags, and coverage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from hiwar.analysis.engine.training import Example
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Country, Objective

__all__ = [
    "CoverageMatrix",
    "coverage_by_country_and_objective",
    "document_passages",
    "documents_of_cycle",
    "human_training_examples",
    "objective_passages",
    "review_progress",
]


def documents_of_cycle(cycle: Any) -> QuerySet[Document]:
    return (
        Document.objects.filter(cycle=cycle)
        .select_related("country", "stakeholder_input__organization", "version")
        .annotate(passage_count=Count("passages", filter=Q(passages__superseded=False)))
    )


def document_passages(document: Document) -> QuerySet[Passage]:
    """A document's passages with their tags (objectives first, best score first)."""
    tags = PassageTag.objects.select_related("objective", "principle").order_by(
        "principle_id", "-score"
    )
    return (
        document.passages.filter(superseded=False)
        .order_by("position")
        .prefetch_related(Prefetch("tags", queryset=tags))
    )


def review_progress(document: Document) -> dict[str, int]:
    """How many objective tags are still suggested, confirmed and rejected."""
    counts = dict(
        PassageTag.objects.filter(passage__document=document, objective__isnull=False)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    total = sum(counts.values())
    decided = counts.get("confirmed", 0) + counts.get("rejected", 0)
    return {
        "suggested": counts.get("suggested", 0),
        "confirmed": counts.get("confirmed", 0),
        "rejected": counts.get("rejected", 0),
        "total": total,
        "percent": round(100 * decided / total) if total else 0,
    }


def human_training_examples() -> list[Example]:
    """Passages a person decided on, as training examples: confirmed tags are labels,
    rejected ones known negatives."""
    decided = (
        PassageTag.objects.exclude(status=PassageTag.Status.SUGGESTED)
        .select_related("passage", "objective", "principle")
        .order_by("passage_id", "pk")
    )
    by_passage: dict[int, dict[str, Any]] = {}
    for tag in decided:
        entry = by_passage.setdefault(
            tag.passage_id,
            {"passage": tag.passage, "objectives": [], "rejected": [], "principles": [],
             "principle_decided": False},
        )  # fmt: skip
        if tag.objective is not None:
            key = "objectives" if tag.status == PassageTag.Status.CONFIRMED else "rejected"
            entry[key].append(tag.objective.number)
        elif tag.principle is not None:
            entry["principle_decided"] = True
            if tag.status == PassageTag.Status.CONFIRMED:
                entry["principles"].append(tag.principle.letter)
    return [
        Example(
            text=e["passage"].text,
            language=e["passage"].language,
            objectives=tuple(e["objectives"]),
            principles=tuple(e["principles"]),
            source="human",
            rejected=tuple(e["rejected"]),
            labels_objectives=bool(e["objectives"] or e["rejected"]),
            labels_principles=e["principle_decided"],
        )
        for e in by_passage.values()
    ]


@dataclass
class CoverageMatrix:
    countries: list[Country]
    objectives: list[Objective]
    #: (country pk, objective number) -> {"confirmed": passages, "suggested": passages}
    cells: dict[tuple[int, int], dict[str, int]]
    #: objective number -> countries with at least one passage on it
    reporting: dict[int, list[Country]] = field(default_factory=dict)
    silent: dict[int, list[Country]] = field(default_factory=dict)

    def cell(self, country: Country, objective: Objective) -> dict[str, int]:
        return self.cells.get((country.pk, objective.number), {"confirmed": 0, "suggested": 0})

    def maximum(self) -> int:
        return max((c["confirmed"] + c["suggested"] for c in self.cells.values()), default=0)

    def reporting_countries(self) -> int:
        """Member States with at least one analysed passage on any objective shown."""
        return len({country_id for country_id, _number in self.cells})

    def gaps(self, *, at_most: int) -> list[tuple[Objective, int]]:
        """Objectives reported on by at most ``at_most`` countries, fewest first."""
        counts = [(o, len(self.reporting.get(o.number, []))) for o in self.objectives]
        return sorted((c for c in counts if c[1] <= at_most), key=lambda c: (c[1], c[0].number))


def coverage_by_country_and_objective(
    cycle: Any,
    *,
    cluster: str | None = None,
    principle: str | None = None,
    include_inputs: bool = False,
    published_only: bool = False,
) -> CoverageMatrix:
    """Passages per member state and objective in a cycle's current documents, counting a
    passage as confirmed when a person confirmed the tag and as suggested otherwise; rejected
    tags do not count. ``principle`` keeps only passages tagged with that guiding principle
    (confirmed or suggested). ``published_only`` (the public API and open data) counts only
    published reports and inputs: no submitted draft, no file uploaded for analysis."""
    countries = list(cycle.member_states.order_by("name"))
    objectives = Objective.objects.order_by("number").select_related("cluster")
    if cluster:
        objectives = objectives.filter(cluster__code=cluster)
    tags = PassageTag.objects.filter(
        passage__document__cycle=cycle,
        passage__document__is_current=True,
        passage__document__status=Document.Status.DONE,
        passage__superseded=False,
        objective__in=objectives,
    ).exclude(status=PassageTag.Status.REJECTED)
    # National reports: written on the platform, attached, or uploaded by the secretariat for a
    # Member State (a report received by mail); inputs count under their organization's country.
    sources = [Document.Source.REPORT, Document.Source.REPORT_FILE, Document.Source.UPLOAD]
    if include_inputs:
        sources += [Document.Source.INPUT, Document.Source.INPUT_FILE]
    tags = tags.filter(
        passage__document__source__in=sources, passage__document__country__isnull=False
    )
    if published_only:
        tags = tags.filter(
            Q(passage__document__report__status="published")
            | Q(passage__document__stakeholder_input__status="published")
        )
    if principle:
        tags = tags.filter(
            passage__tags__principle__letter=principle,
            passage__tags__status__in=[PassageTag.Status.CONFIRMED, PassageTag.Status.SUGGESTED],
        )
    rows = tags.values_list(
        "passage__document__country_id", "objective__number", "status"
    ).annotate(n=Count("passage_id", distinct=True))
    cells: dict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"confirmed": 0, "suggested": 0}
    )
    for country_id, number, status, n in rows:
        cells[(country_id, number)][status] += n
    objective_list = list(objectives)
    reporting: dict[int, list[Country]] = {}
    silent: dict[int, list[Country]] = {}
    for objective in objective_list:
        reporting[objective.number] = [c for c in countries if (c.pk, objective.number) in cells]
        silent[objective.number] = [c for c in countries if (c.pk, objective.number) not in cells]
    return CoverageMatrix(countries, objective_list, dict(cells), reporting, silent)


def objective_passages(
    *, cycle: Any, country: Country, objective: Objective
) -> QuerySet[PassageTag]:
    """The tags behind one cell of the coverage matrix, confirmed first."""
    return (
        PassageTag.objects.filter(
            objective=objective,
            passage__document__cycle=cycle,
            passage__document__country=country,
            passage__document__is_current=True,
            passage__superseded=False,
        )
        .exclude(status=PassageTag.Status.REJECTED)
        .select_related("passage__document__country")
        .order_by("status", "-score", "passage__document_id", "passage__position")
    )
