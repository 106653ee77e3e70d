"""Reads of the dialogues: the list with attendance counts, the editor's overview and the public
record of one dialogue. Each runs a fixed number of queries, whatever the number of agenda
items, roles, questions or interventions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from hiwar.dialogues.models import AgendaItem, AgendaRole, Dialogue, GuidingQuestion, Intervention
from hiwar.framework.models import Objective

ATTENDED = Q(participants__attended=True)


def dialogues_with_counts(*, include_drafts: bool) -> QuerySet[Dialogue]:
    """Dialogues by date (latest first), each with `attended_count` (participants who
    attended) and `country_count` (their distinct countries). Drafts only if asked."""
    dialogues = Dialogue.objects.annotate(
        attended_count=Count("participants", filter=ATTENDED, distinct=True),
        country_count=Count("participants__country", filter=ATTENDED, distinct=True),
    ).order_by("-starts_at", "pk")
    if not include_drafts:
        dialogues = dialogues.filter(status=Dialogue.Status.PUBLISHED)
    return dialogues


@dataclass(frozen=True)
class Attendance:
    registered: int
    attended: int
    countries: int


def attendance(dialogue: Dialogue) -> Attendance:
    """How many registered, how many attended, and from how many countries (one query)."""
    counts = dialogue.participants.aggregate(
        registered_count=Count("pk"),
        attended_count=Count("pk", filter=Q(attended=True)),
        country_count=Count("country", filter=Q(attended=True), distinct=True),
    )
    return Attendance(
        registered=counts["registered_count"],
        attended=counts["attended_count"],
        countries=counts["country_count"],
    )


def agenda_with_roles(dialogue: Dialogue) -> list[AgendaItem]:
    """The agenda in order, each item's roles (with organization and category) prefetched."""
    roles = AgendaRole.objects.select_related("organization", "category").order_by("position", "pk")
    return list(
        dialogue.agenda.order_by("position", "pk").prefetch_related(Prefetch("roles", roles))
    )


def guiding_questions(dialogue: Dialogue) -> list[GuidingQuestion]:
    return list(dialogue.questions.order_by("position", "pk"))


@dataclass
class AgendaSection:
    """An agenda item with the published interventions recorded under it; `item` is None for
    interventions not tied to an item."""

    item: AgendaItem | None
    interventions: list[Intervention] = field(default_factory=list)


def published_interventions(dialogue: Dialogue) -> list[Intervention]:
    """Published interventions in the order they were recorded, with who spoke, the guiding
    question and the objectives (by number) loaded."""
    return list(
        Intervention.objects.filter(dialogue=dialogue, published=True)
        .select_related("organization", "category", "country", "question")
        .prefetch_related(Prefetch("objectives", Objective.objects.order_by("number")))
        .order_by("created_at", "pk")
    )


def interventions_by_agenda_item(
    agenda: list[AgendaItem], interventions: list[Intervention]
) -> list[AgendaSection]:
    """Group interventions under the agenda items (in agenda order), leaving out items nobody
    spoke under; interventions without an item come last."""
    sections = {item.pk: AgendaSection(item) for item in agenda}
    loose = AgendaSection(None)
    for intervention in interventions:
        sections.get(intervention.agenda_item_id or 0, loose).interventions.append(intervention)
    grouped = [section for section in sections.values() if section.interventions]
    if loose.interventions:
        grouped.append(loose)
    return grouped


@dataclass
class DialogueRecord:
    """Everything the public page of a dialogue shows."""

    dialogue: Dialogue
    agenda: list[AgendaItem]
    questions: list[GuidingQuestion]
    sections: list[AgendaSection]
    intervention_count: int
    attendance: Attendance


def dialogue_record(dialogue: Dialogue) -> DialogueRecord:
    """The public record: agenda with roles, guiding questions, published interventions by
    agenda item, attendance counts (six queries)."""
    agenda = agenda_with_roles(dialogue)
    interventions = published_interventions(dialogue)
    return DialogueRecord(
        dialogue=dialogue,
        agenda=agenda,
        questions=guiding_questions(dialogue),
        sections=interventions_by_agenda_item(agenda, interventions),
        intervention_count=len(interventions),
        attendance=attendance(dialogue),
    )


@dataclass
class DialogueOverview:
    """What the secretariat's overview of one dialogue shows."""

    dialogue: Dialogue
    agenda: list[AgendaItem]
    questions: list[GuidingQuestion]
    attendance: Attendance
    interventions: dict[str, Any]


def dialogue_overview(dialogue: Dialogue) -> DialogueOverview:
    counts = dialogue.interventions.aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(published=True)),
        open_questions=Count("pk", filter=Q(raises_question=True, answered_at__isnull=True)),
    )
    return DialogueOverview(
        dialogue=dialogue,
        agenda=agenda_with_roles(dialogue),
        questions=guiding_questions(dialogue),
        attendance=attendance(dialogue),
        interventions=counts,
    )
