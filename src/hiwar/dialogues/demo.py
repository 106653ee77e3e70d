"""The two multi-stakeholder dialogues of 27 October and 3 November 2020, as their report (seed
000) records them: agenda, people in roles, guiding questions, attendance and interventions
(data/dialogues_2020.json, whose "note" states what is taken from the report and what is assumed).

Used by `hiwar seed_demo` after the conference; idempotent by slug. Rows are written directly, in
one transaction, as the secretariat would have entered them after each session.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from hiwar.accounts import demo as accounts_demo
from hiwar.accounts.models import Organization, PlatformRole, User
from hiwar.dialogues.models import (
    AgendaItem,
    AgendaRole,
    Dialogue,
    GuidingQuestion,
    Intervention,
    Participant,
)
from hiwar.framework.models import Country, Objective, StakeholderCategory
from hiwar.reviews.models import ReviewCycle

DATA_PATH = Path(__file__).resolve().parent / "data" / "dialogues_2020.json"
LANGUAGES = ("ar", "en", "fr")


def load_dialogues() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    return data


def translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    """{"en": ...} as modeltranslation fields {"title_en": ...}."""
    return {f"{field}_{language}": texts[language] for language in LANGUAGES}


def demo_rapporteur() -> User | None:
    """The demo rapporteur records the interventions, when the accounts demo made the account."""
    email = next(a.email for a in accounts_demo.ACCOUNTS if a.role == PlatformRole.RAPPORTEUR)
    return User.objects.filter(email=email).first()


class _Lookups:
    """Reference rows by the codes and names the data file uses, fetched once per seeding."""

    def __init__(self) -> None:
        self.categories = {c.code: c for c in StakeholderCategory.objects.all()}
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.objectives = {o.number: o for o in Objective.objects.all()}
        self.organizations = {o.name.casefold(): o for o in Organization.objects.all()}

    def category(self, code: str | None) -> StakeholderCategory | None:
        return self.categories[code] if code else None

    def country(self, iso2: str | None) -> Country | None:
        return self.countries[iso2] if iso2 else None

    def organization(self, name: str | None) -> dict[str, Any]:
        """The demo Organization of that name when it exists, else the name as free text."""
        if not name:
            return {"organization": None, "organization_name": ""}
        found = self.organizations.get(name.casefold())
        return {"organization": found, "organization_name": "" if found else name}


def _aware(value: str, time_zone: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(time_zone))


def _create_dialogue(cycle: ReviewCycle, data: dict[str, Any]) -> Dialogue:
    return Dialogue.objects.create(
        cycle=cycle,
        slug=data["slug"],
        **translated("title", data["title"]),
        **translated("summary", data["summary"]),
        starts_at=_aware(data["starts_at"], data["time_zone"]),
        ends_at=_aware(data["ends_at"], data["time_zone"]),
        time_zone=data["time_zone"],
        meeting_url=data["meeting_url"],
        languages=data["languages"],
        interpretation=data["interpretation"],
        status=data["status"],
    )


def _add_agenda(
    dialogue: Dialogue,
    agenda: list[dict[str, Any]],
    people: dict[str, dict[str, Any]],
    lookups: _Lookups,
) -> dict[str, AgendaItem]:
    items = {}
    for position, entry in enumerate(agenda, start=1):
        item = AgendaItem.objects.create(
            dialogue=dialogue,
            position=position,
            kind=entry["kind"],
            **translated("title", entry["title"]),
            **translated("description", entry["description"]),
        )
        for role_position, role in enumerate(entry["roles"], start=1):
            person = people[role["person"]]
            AgendaRole.objects.create(
                item=item,
                kind=role["kind"],
                position=role_position,
                name=person["name"],
                **translated("function", person["function"]),
                **lookups.organization(person["organization"]),
                sector=person["sector"],
                category=lookups.category(person["category"]),
                gender=person["gender"],
            )
        items[entry["kind"]] = item
    return items


def _add_participants(
    dialogue: Dialogue,
    entries: list[dict[str, Any]],
    people: dict[str, dict[str, Any]],
    lookups: _Lookups,
) -> dict[str, Participant]:
    """Named people under their names; everyone else as numbered synthetic rows."""
    keyed: dict[str, Participant] = {}
    rows: list[tuple[str | None, Participant]] = []
    number = 0
    for entry in entries:
        # A named person's row takes their organization, sector and country from `people`.
        fields = people[entry["person"]] if "person" in entry else entry
        for _ in range(entry.get("count", 1)):
            if "person" in entry:
                full_name = fields["name"]
            else:
                number += 1
                full_name = f"Participant {number:03d}"
            participant = Participant(
                dialogue=dialogue,
                full_name=full_name,
                **lookups.organization(fields.get("organization")),
                sector=fields["sector"],
                category=lookups.category(fields["category"]),
                country=lookups.country(fields["country"]),
                attended=True,
                source=Participant.Source.IMPORT,
                created_at=dialogue.ends_at,
            )
            rows.append((entry.get("key"), participant))
    Participant.objects.bulk_create([participant for _key, participant in rows])
    for key, participant in rows:
        if key:
            keyed[key] = participant
    return keyed


def _add_interventions(
    dialogue: Dialogue,
    entries: list[dict[str, Any]],
    items: dict[str, AgendaItem],
    questions: list[GuidingQuestion],
    speakers: dict[str, Participant],
    lookups: _Lookups,
) -> None:
    recorder = demo_rapporteur()
    for index, entry in enumerate(entries):
        speaker = speakers[entry["speaker"]]
        intervention = Intervention.objects.create(
            dialogue=dialogue,
            agenda_item=items[entry["agenda"]],
            participant=speaker,
            sector=speaker.sector,
            category=speaker.category,
            country=lookups.country(entry["country"]),
            organization=speaker.organization,
            organization_name=speaker.organization_name,
            summary=entry["summary"],
            language=entry["language"],
            question=questions[entry["question"] - 1] if entry["question"] else None,
            raises_question=entry["raises_question"],
            response=entry["response"],
            answered_at=dialogue.ends_at if entry["response"] else None,
            published=True,
            recorded_by=recorder,
            # Recorded live, one after the other: keeps the report's order.
            created_at=dialogue.starts_at + datetime.timedelta(minutes=index + 1),
        )
        intervention.objectives.set([lookups.objectives[n] for n in entry["objectives"]])


def _seed_dialogue(
    cycle: ReviewCycle,
    data: dict[str, Any],
    people: dict[str, dict[str, Any]],
    lookups: _Lookups,
) -> Dialogue:
    dialogue = _create_dialogue(cycle, data)
    items = _add_agenda(dialogue, data["agenda"], people, lookups)
    questions = [
        GuidingQuestion.objects.create(
            dialogue=dialogue, position=position, **translated("text", texts)
        )
        for position, texts in enumerate(data["questions"], start=1)
    ]
    speakers = _add_participants(dialogue, data["participants"], people, lookups)
    _add_interventions(dialogue, data["interventions"], items, questions, speakers, lookups)
    return dialogue


@transaction.atomic
def seed_dialogues(cycle: ReviewCycle) -> tuple[list[Dialogue], int]:
    """The report's two dialogues in `cycle`, published, and how many this run created.

    A dialogue already seeded (by its slug) is left as it is, whatever the secretariat changed
    since. Needs the framework; links the demo organizations and rapporteur when they exist.
    """
    data = load_dialogues()
    people = {person["key"]: person for person in data["people"]}
    lookups = _Lookups()
    dialogues = []
    created = 0
    for entry in data["dialogues"]:
        existing = Dialogue.objects.filter(slug=entry["slug"]).first()
        if existing is not None:
            dialogues.append(existing)
            continue
        dialogues.append(_seed_dialogue(cycle, entry, people, lookups))
        created += 1
    return dialogues, created
