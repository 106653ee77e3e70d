"""Interventions: what rapporteurs record of who spoke in a dialogue and what they said, and the
answers the organizers give to the questions raised.

Rapporteurs and the secretariat record, change and delete interventions
(`dialogues.record_interventions`, checked by the views); the secretariat records the answer to
a question (`dialogues.manage_dialogues`). Whom the speaker speaks for is copied from the
participant when one is chosen; otherwise it is typed. An anonymous intervention keeps these
fields, so that it still counts for the balance: only its public display hides the speaker
(`public_speaker`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.analysis.engine.tagger import get_tagger
from hiwar.analysis.ingest import normalize_text
from hiwar.conference.models import Sector
from hiwar.dialogues.models import AgendaItem, Dialogue, GuidingQuestion, Intervention, Participant
from hiwar.dialogues.services.errors import DialogueError
from hiwar.framework.models import Country, Objective, StakeholderCategory

SUMMARY_MAX_LENGTH = 5000
MAX_MINUTES = 600

_FIELDS = [
    "agenda_item",
    "participant",
    "anonymous",
    "sector",
    "category",
    "country",
    "organization",
    "organization_name",
    "summary",
    "language",
    "question",
    "minutes",
    "raises_question",
    "response",
    "answered_at",
    "published",
]


@dataclass(frozen=True)
class Speaker:
    """Who spoke: a participant of the dialogue, or whom they speak for typed by the rapporteur
    (the typed fields are ignored when a participant is given)."""

    participant: Participant | None = None
    sector: str = ""
    category: StakeholderCategory | None = None
    country: Country | None = None
    organization_name: str = ""
    anonymous: bool = False


@dataclass(frozen=True)
class Content:
    """What was said, and what follows from it."""

    summary: str
    language: str
    agenda_item: AgendaItem | None = None
    question: GuidingQuestion | None = None
    objectives: tuple[Objective, ...] = ()
    minutes: int | None = None
    raises_question: bool = False
    response: str = ""
    published: bool = True


def _who(dialogue: Dialogue, speaker: Speaker) -> dict[str, Any]:
    participant = speaker.participant
    if participant is not None:
        if participant.dialogue_id != dialogue.pk:
            raise DialogueError(_("The speaker is not a participant of this dialogue."))
        return {
            "participant": participant,
            "sector": participant.sector,
            "category": participant.category if participant.sector == Sector.STAKEHOLDER else None,
            "country": participant.country,
            "organization": participant.organization,
            "organization_name": participant.organization_name,
            "anonymous": speaker.anonymous,
        }
    if speaker.sector not in Sector.values:
        raise DialogueError(_("Choose a participant, or whom the speaker speaks for."))
    if speaker.sector == Sector.STAKEHOLDER and speaker.category is None:
        raise DialogueError(_("Choose the stakeholder category of the speaker."))
    return {
        "participant": None,
        "sector": speaker.sector,
        "category": speaker.category if speaker.sector == Sector.STAKEHOLDER else None,
        "country": speaker.country,
        "organization": None,
        "organization_name": speaker.organization_name.strip()[:200],
        "anonymous": speaker.anonymous,
    }


def _what(dialogue: Dialogue, content: Content, answered_at: Any) -> dict[str, Any]:
    summary = content.summary.strip()
    if not summary:
        raise DialogueError(_("Write a summary of the intervention."))
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise DialogueError(_("The summary is too long."))
    if content.language not in dict(settings.LANGUAGES):
        raise DialogueError(_("Choose the language of the intervention."))
    if content.agenda_item is not None and content.agenda_item.dialogue_id != dialogue.pk:
        raise DialogueError(_("The agenda item is not part of this dialogue."))
    if content.question is not None and content.question.dialogue_id != dialogue.pk:
        raise DialogueError(_("The guiding question is not one of this dialogue."))
    if content.minutes is not None and not 1 <= content.minutes <= MAX_MINUTES:
        raise DialogueError(
            _("Speaking time is between 1 and %(max)d minutes.") % {"max": MAX_MINUTES}
        )
    response = content.response.strip()
    return {
        "summary": summary,
        "language": content.language,
        "agenda_item": content.agenda_item,
        "question": content.question,
        "minutes": content.minutes,
        "raises_question": content.raises_question,
        "response": response,
        # When the organizers first answered; a cleared response is no answer.
        "answered_at": (answered_at or timezone.now()) if response else None,
        "published": content.published,
    }


@transaction.atomic
def record_intervention(
    *, dialogue: Dialogue, by: Any, speaker: Speaker, content: Content
) -> Intervention:
    fields = {**_who(dialogue, speaker), **_what(dialogue, content, None)}
    intervention = Intervention.objects.create(dialogue=dialogue, recorded_by=by, **fields)
    intervention.objectives.set(content.objectives)
    return intervention


@transaction.atomic
def change_intervention(
    *, intervention: Intervention, by: Any, speaker: Speaker, content: Content
) -> Intervention:
    dialogue = intervention.dialogue
    fields = {
        **_who(dialogue, speaker),
        **_what(dialogue, content, intervention.answered_at),
    }
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.save(update_fields=_FIELDS)
    intervention.objectives.set(content.objectives)
    return intervention


@transaction.atomic
def delete_intervention(*, intervention: Intervention, by: Any) -> None:
    intervention.delete()


@transaction.atomic
def answer_question(*, intervention: Intervention, by: Any, response: str) -> Intervention:
    """The organizers' answer to a question raised in an intervention."""
    if not intervention.raises_question:
        raise DialogueError(_("This intervention raises no question to answer."))
    response = response.strip()
    if not response:
        raise DialogueError(_("Write the answer."))
    if len(response) > SUMMARY_MAX_LENGTH:
        raise DialogueError(_("The answer is too long."))
    intervention.response = response
    intervention.answered_at = intervention.answered_at or timezone.now()
    intervention.save(update_fields=["response", "answered_at"])
    return intervention


# --- Reads used by the intervention pages ----------------------------------------------------


def suggested_objectives_for(text: str) -> list[Objective]:
    """The objectives the analysis engine suggests for a text, most likely first; the
    rapporteur confirms them by saving the intervention."""
    text = normalize_text(text)
    if not text:
        return []
    numbers = get_tagger().tag([text])[0].suggested_objectives
    by_number = Objective.objects.in_bulk(numbers, field_name="number")
    return [by_number[number] for number in numbers if number in by_number]


def _interventions() -> QuerySet[Intervention]:
    return Intervention.objects.select_related(
        "dialogue",
        "agenda_item",
        "participant",
        "category",
        "country",
        "organization",
        "question",
        "recorded_by",
    ).prefetch_related(Prefetch("objectives", Objective.objects.order_by("number")))


def interventions_of(dialogue: Dialogue) -> list[Intervention]:
    """Every intervention of the dialogue, in agenda order then as recorded."""
    return list(
        _interventions()
        .filter(dialogue=dialogue)
        .order_by("agenda_item__position", "agenda_item_id", "created_at", "pk")
    )


def questions_of(dialogue: Dialogue) -> list[Intervention]:
    """The interventions that raise a question, those still unanswered first."""
    return list(
        _interventions()
        .filter(dialogue=dialogue, raises_question=True)
        .annotate(open_first=Case(When(answered_at__isnull=True, then=Value(0)), default=Value(1)))
        .order_by("open_first", "created_at", "pk")
    )


def internal_speaker(intervention: Intervention) -> str:
    """Who spoke, in full, for rapporteurs and the secretariat (anonymous ones included)."""
    parts = []
    if intervention.participant is not None:
        parts.append(intervention.participant.full_name)
    organization = (
        intervention.organization.name
        if intervention.organization is not None
        else intervention.organization_name
    )
    if organization:
        parts.append(organization)
    return " · ".join([*parts, _speaks_for(intervention)])


def public_speaker(intervention: Intervention) -> str:
    """Who spoke, as the public record and exports show it: an anonymous speaker is named
    only by whom they speak for, never by name or organization."""
    if intervention.anonymous:
        return _("Anonymous speaker (%(speaks_for)s)") % {"speaks_for": _speaks_for(intervention)}
    return internal_speaker(intervention)


def _speaks_for(intervention: Intervention) -> str:
    parts = [str(Sector(intervention.sector).label)]
    if intervention.category is not None:
        parts.append(intervention.category.name)
    if intervention.country is not None:
        parts.append(intervention.country.name)
    return " · ".join(parts)
