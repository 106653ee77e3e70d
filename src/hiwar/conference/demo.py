"""The Regional Review Conference of 24-25 February 2021, as section C of its concept note lays
out the programme (data/concept_note_programme.json, whose "note" describes its structure).

Built through the programme services, as the secretariat would build it, then published as
version 1. Used by `hiwar seed_demo` after the review cycle; idempotent.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from hiwar.accounts import demo as accounts_demo
from hiwar.accounts.models import Organization, PlatformRole, User
from hiwar.conference.models import Conference, Day, Item, Person, Registration
from hiwar.conference.services import programme
from hiwar.framework.models import Cluster, Country, Objective, StakeholderCategory
from hiwar.reviews.models import ReviewCycle

DATA_PATH = Path(__file__).resolve().parent / "data" / "concept_note_programme.json"
LANGUAGES = ("ar", "en", "fr")
DEMO_PUBLISHED_AT = datetime.datetime(2020, 11, 20, 10, 0, tzinfo=datetime.UTC)


def load_programme() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    return data


def translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    """{"en": ...} as modeltranslation fields {"title_en": ...}."""
    return {f"{field}_{language}": texts[language] for language in LANGUAGES}


def demo_secretariat() -> User | None:
    """The demo secretariat account publishes the programme, when the accounts demo made it."""
    email = next(a.email for a in accounts_demo.ACCOUNTS if a.role == PlatformRole.SECRETARIAT)
    return User.objects.filter(email=email).first()


def _time(clock: str) -> datetime.time:
    return datetime.time.fromisoformat(clock)


def _create_conference(cycle: ReviewCycle, data: dict[str, Any]) -> Conference:
    # No service creates a conference yet; the secretariat does it in the admin.
    return Conference.objects.create(
        cycle=cycle,
        slug=data["slug"],
        **translated("title", data["title"]),
        **translated("venue", data["venue"]),
        starts_on=datetime.date.fromisoformat(data["starts_on"]),
        ends_on=datetime.date.fromisoformat(data["ends_on"]),
        time_zone=data["time_zone"],
        languages=data["languages"],
        capacity=data["capacity"],
        registration_open=data["registration_open"],
    )


def _add_people(conference: Conference, people: list[dict[str, Any]]) -> dict[str, Person]:
    categories = {category.code: category for category in StakeholderCategory.objects.all()}
    added = {}
    for entry in people:
        organization = (
            Organization.objects.get(name=entry["organization"]) if entry["organization"] else None
        )
        added[entry["key"]] = programme.save_person(
            conference=conference,
            fields={
                **translated("name", entry["name"]),
                **translated("function", entry["function"]),
                "sector": entry["sector"],
                "category": categories[entry["category"]] if entry["category"] else None,
                "organization": organization,
            },
        )
    return added


def _add_item(day: Day, entry: dict[str, Any], people: dict[str, Person]) -> Item:
    item = programme.save_item(
        day=day,
        fields={
            "starts_at": _time(entry["starts_at"]),
            "ends_at": _time(entry["ends_at"]),
            "type": entry["type"],
            **translated("title", entry["title"]),
            **translated("description", entry["description"]),
            "cluster": Cluster.objects.get(code=entry["cluster"]) if entry["cluster"] else None,
            "discussion_minutes": entry["discussion_minutes"],
            "interpretation": entry["interpretation"],
        },
        # Explicit, so that a change to the framework's clusters cannot change the programme.
        objectives=list(Objective.objects.filter(number__in=entry["objectives"])),
    )
    for position, role in enumerate(entry["roles"], start=1):
        programme.save_role(
            item=item,
            fields={
                "person": people[role["person"]] if role["person"] else None,
                "kind": role["kind"],
                "minutes": role["minutes"],
                "position": position,
                **translated("note", role["note"]),
            },
        )
    return item


@transaction.atomic
def seed_conference(cycle: ReviewCycle) -> tuple[Conference, bool]:
    """The concept note's conference in `cycle`, its programme published as version 1.

    Returns the conference and whether this run created it; a conference already seeded (by its
    slug) is left as it is, whatever the secretariat changed since. Needs the framework and the
    demo organizations (IOM, ESCWA, the League of Arab States) to be loaded.
    """
    data = load_programme()
    existing = Conference.objects.filter(slug=data["conference"]["slug"]).first()
    if existing is not None:
        return existing, False
    conference = _create_conference(cycle, data["conference"])
    people = _add_people(conference, data["people"])
    for day_data in data["days"]:
        day = programme.add_day(
            conference=conference, date=datetime.date.fromisoformat(day_data["date"])
        )
        for entry in day_data["items"]:
            _add_item(day, entry, people)
    version = programme.publish_programme(
        conference=conference, by=demo_secretariat(), language="en"
    )
    # The demo replays November 2020: the draft programme went out with the concept note.
    version.published_at = DEMO_PUBLISHED_AT
    version.snapshot["published_at"] = DEMO_PUBLISHED_AT.isoformat()
    version.save(update_fields=["published_at", "snapshot"])
    return conference, True


# Registrations in November 2020, three months before the conference: the Jordanian focal point
# has nominated two delegates, Tamkeen's administrator one colleague, and the trade unionist in
# Amman has registered himself. Synthetic people, like the rest of the demo.
DEMO_REGISTRATIONS = [
    # (full name, email, sector, country, organization, category, role, listens in, nominated by)
    ("Lina Haddad", "lina.haddad@example.org", "member_state", "JO", None, None,
     "delegate", "ar", "focalpoint.jo@example.org"),
    ("Karim Nasser", "karim.nasser@example.org", "member_state", "JO", None, None,
     "delegate", "en", "focalpoint.jo@example.org"),
    ("Rania Saleh", "rania.saleh@example.org", "stakeholder", "JO",
     "Tamkeen for Legal Aid and Human Rights", "civil_society", "observer", "ar",
     "org.admin@example.org"),
    ("Omar Organization Member", "org.member@example.org", "stakeholder", "JO", "Workers House",
     "trade_unions", "speaker", "ar", None),
]  # fmt: skip


@transaction.atomic
def seed_registrations(conference: Conference) -> int:
    """The demo registrations (confirmed), without sending mail; idempotent by address."""
    created = 0
    for name, email, sector, iso2, org, category, role, language, nominator in DEMO_REGISTRATIONS:
        if Registration.objects.filter(conference=conference, email__iexact=email).exists():
            continue
        Registration.objects.create(
            conference=conference,
            user=User.objects.filter(email=email).first(),
            full_name=name,
            email=email,
            sector=sector,
            country=Country.objects.get(iso2=iso2),
            organization=Organization.objects.filter(name=org).first() if org else None,
            category=StakeholderCategory.objects.get(code=category) if category else None,
            role=role,
            interpretation=language,
            status=Registration.Status.CONFIRMED,
            nominated_by=User.objects.filter(email=nominator).first() if nominator else None,
        )
        created += 1
    return created
