"""Writes of the secretariat setting up a dialogue: the session itself, its agenda, the people in
roles on each agenda item, its guiding questions, and publication.

Only true invariants are refused (a session ends after it starts; interpretation is into one of
the session's languages; a stakeholder has a para 44 category; an item belongs to the dialogue
being edited). Removing an agenda item or a guiding question that interventions already refer
to is refused too: the record of what was said must stay complete.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hiwar.conference.models import Sector
from hiwar.dialogues.models import AgendaItem, AgendaRole, Dialogue, GuidingQuestion
from hiwar.dialogues.services.errors import DialogueError
from hiwar.reviews.models import ReviewCycle
from hiwar.search.services import schedule_search_refresh

DIALOGUE_LANGUAGES = ("ar", "en", "fr")
# Paths under /dialogues/ that are pages, not dialogues.
RESERVED_SLUGS = frozenset({"new", "manage", "consultations", "self-organized", "cycle"})

DIALOGUE_FIELDS = frozenset(
    {
        "slug",
        "title_ar",
        "title_en",
        "title_fr",
        "summary_ar",
        "summary_en",
        "summary_fr",
        "starts_at",
        "ends_at",
        "time_zone",
        "meeting_url",
        "languages",
        "interpretation",
    }
)
ITEM_FIELDS = frozenset(
    {
        "kind",
        "position",
        "title_ar",
        "title_en",
        "title_fr",
        "description_ar",
        "description_en",
        "description_fr",
    }
)
ROLE_FIELDS = frozenset(
    {
        "kind",
        "position",
        "name",
        "function_ar",
        "function_en",
        "function_fr",
        "organization",
        "organization_name",
        "sector",
        "category",
        "gender",
    }
)
QUESTION_FIELDS = frozenset({"position", "text_ar", "text_en", "text_fr"})


def _only(fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    return fields


def _check_dialogue(fields: dict[str, Any], dialogue: Dialogue | None) -> None:
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("Dialogue times must be aware datetimes.")
    if ends_at <= starts_at:
        raise DialogueError(_("A dialogue must end after it starts."))
    if fields["time_zone"] not in zoneinfo.available_timezones():
        raise DialogueError(_("Unknown time zone, e.g. Asia/Beirut."))
    languages = fields["languages"]
    if not languages or not set(languages) <= set(DIALOGUE_LANGUAGES):
        raise DialogueError(_("Choose the dialogue's languages among Arabic, English and French."))
    if not set(fields.get("interpretation") or []) <= set(languages):
        raise DialogueError(_("Interpretation can only be into one of the dialogue's languages."))
    slug = fields["slug"]
    if slug in RESERVED_SLUGS:
        raise DialogueError(_("This short name is reserved; choose another."))
    taken = Dialogue.objects.filter(slug=slug)
    if dialogue is not None:
        taken = taken.exclude(pk=dialogue.pk)
    if taken.exists():
        raise DialogueError(_("Another dialogue already has this short name."))
    if not fields.get("title_en"):
        raise DialogueError(_("Give the dialogue a title in English."))


@transaction.atomic
def save_dialogue(
    *, cycle: ReviewCycle, fields: dict[str, Any], dialogue: Dialogue | None = None
) -> Dialogue:
    """Create a dialogue (a draft) or update one. Times are aware datetimes; `time_zone` is the
    zone in which the dialogue shows them."""
    _only(fields, DIALOGUE_FIELDS)
    _check_dialogue(fields, dialogue)
    if dialogue is None:
        dialogue = Dialogue(status=Dialogue.Status.DRAFT)
    dialogue.cycle = cycle
    for name, value in fields.items():
        setattr(dialogue, name, list(value) if name in ("languages", "interpretation") else value)
    dialogue.save()
    return dialogue


@transaction.atomic
def publish_dialogue(*, dialogue: Dialogue) -> Dialogue:
    """Make the dialogue's record public. It needs an agenda first."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    if dialogue.status == Dialogue.Status.PUBLISHED:
        raise DialogueError(_("This dialogue is already published."))
    if not dialogue.agenda.exists():
        raise DialogueError(_("Add at least one agenda item before publishing."))
    dialogue.status = Dialogue.Status.PUBLISHED
    dialogue.save(update_fields=["status"])
    schedule_search_refresh()
    return dialogue


@transaction.atomic
def unpublish_dialogue(*, dialogue: Dialogue) -> Dialogue:
    """Take the dialogue's record off the public pages (back to a draft)."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    if dialogue.status != Dialogue.Status.PUBLISHED:
        raise DialogueError(_("This dialogue is not published."))
    dialogue.status = Dialogue.Status.DRAFT
    dialogue.save(update_fields=["status"])
    schedule_search_refresh()
    return dialogue


def _next_position(manager: Any) -> int:
    last = manager.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def save_agenda_item(
    *, dialogue: Dialogue, fields: dict[str, Any], item: AgendaItem | None = None
) -> AgendaItem:
    _only(fields, ITEM_FIELDS)
    if item is not None and item.dialogue_id != dialogue.pk:
        raise DialogueError(_("This agenda item belongs to another dialogue."))
    if fields["kind"] not in AgendaItem.Kind.values:
        raise DialogueError(_("Choose the kind of agenda item."))
    if not fields.get("title_en"):
        raise DialogueError(_("Give the agenda item a title in English."))
    if item is None:
        item = AgendaItem(dialogue=dialogue)
    for name, value in fields.items():
        setattr(item, name, value)
    if fields.get("position") is None:
        item.position = _next_position(dialogue.agenda.exclude(pk=item.pk))
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    if item.interventions.exists():
        raise DialogueError(
            _("Interventions are recorded under this agenda item: move or remove them first.")
        )
    item.delete()


def _check_role(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if fields["kind"] not in AgendaRole.Kind.values:
        raise DialogueError(_("Choose the role: moderator, speaker or rapporteur."))
    if not (fields.get("name") or "").strip():
        raise DialogueError(_("Give the person's name."))
    if fields["sector"] not in Sector.values:
        raise DialogueError(_("Choose whom the person speaks for."))
    organization = fields.get("organization")
    if organization is not None and fields.get("organization_name"):
        raise DialogueError(_("Choose the organization from the list or type its name, not both."))
    if fields["sector"] == Sector.STAKEHOLDER:
        if fields.get("category") is None and organization is not None:
            fields["category"] = organization.category
        if fields.get("category") is None:
            raise DialogueError(_("Choose the stakeholder category."))
    else:
        fields["category"] = None
    return fields


@transaction.atomic
def add_agenda_role(*, item: AgendaItem, fields: dict[str, Any]) -> AgendaRole:
    """Put a person in a role (moderator, speaker, rapporteur) on an agenda item. A stakeholder
    without a category takes their listed organization's category."""
    fields = _check_role(_only(fields, ROLE_FIELDS))
    role = AgendaRole(item=item)
    for name, value in fields.items():
        setattr(role, name, value)
    if fields.get("position") is None:
        role.position = _next_position(item.roles)
    role.save()
    return role


@transaction.atomic
def delete_agenda_role(*, role: AgendaRole) -> None:
    role.delete()


@transaction.atomic
def save_guiding_question(
    *, dialogue: Dialogue, fields: dict[str, Any], question: GuidingQuestion | None = None
) -> GuidingQuestion:
    _only(fields, QUESTION_FIELDS)
    if question is not None and question.dialogue_id != dialogue.pk:
        raise DialogueError(_("This guiding question belongs to another dialogue."))
    if not fields.get("text_en"):
        raise DialogueError(_("Write the question in English."))
    if question is None:
        question = GuidingQuestion(dialogue=dialogue)
    for name, value in fields.items():
        setattr(question, name, value)
    if fields.get("position") is None:
        question.position = _next_position(dialogue.questions.exclude(pk=question.pk))
    question.save()
    return question


@transaction.atomic
def delete_guiding_question(*, question: GuidingQuestion) -> None:
    if question.interventions.exists():
        raise DialogueError(
            _("Interventions answer this guiding question: change or remove them first.")
        )
    question.delete()
