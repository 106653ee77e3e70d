"""Reads of the conference app.

`programme_data` turns a conference's programme into one JSON-ready dict, with every text in
the three languages. It is what a published version freezes, what the checks and the version
diff read, what the public pages render, and what the JSON export returns (schema in
docs/programme-schema.json).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from hiwar.conference.models import (
    CONFERENCE_LANGUAGES,
    Conference,
    Day,
    Item,
    Person,
    ProgrammeVersion,
    Role,
)

SCHEMA = "https://hiwar.example.org/schemas/programme-1.json"


def texts(obj: Any, field: str) -> dict[str, str]:
    return {
        language: getattr(obj, f"{field}_{language}") or "" for language in CONFERENCE_LANGUAGES
    }


def _person_data(person: Person) -> dict[str, Any]:
    organization: dict[str, Any] | None = None
    if person.organization_id:
        assert person.organization is not None
        organization = {"id": person.organization_id, "name": person.organization.name}
    elif person.organization_name:
        organization = {"id": None, "name": person.organization_name}
    return {
        "id": person.pk,
        "name": texts(person, "name"),
        "function": texts(person, "function"),
        "sector": person.sector,
        "country": (
            {"code": person.country.iso2, "name": texts(person.country, "name")}
            if person.country
            else None
        ),
        "organization": organization,
        "category": (
            {"code": person.category.code, "name": texts(person.category, "name")}
            if person.category
            else None
        ),
        "gender": person.gender,
    }


def _role_data(role: Role) -> dict[str, Any]:
    return {
        "id": role.pk,
        "kind": role.kind,
        "person": role.person_id,
        "minutes": role.minutes,
        "position": role.position,
        "note": texts(role, "note"),
    }


def _item_data(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "starts_at": item.starts_at.strftime("%H:%M"),
        "ends_at": item.ends_at.strftime("%H:%M"),
        "type": item.type,
        "title": texts(item, "title"),
        "description": texts(item, "description"),
        "cluster": (
            {"code": item.cluster.code, "title": texts(item.cluster, "title")}
            if item.cluster
            else None
        ),
        "objectives": sorted(objective.number for objective in item.objectives.all()),
        "discussion_minutes": item.discussion_minutes,
        "interpretation": list(item.interpretation),
        "roles": [_role_data(role) for role in item.roles.all()],
    }


def programme_data(conference: Conference) -> dict[str, Any]:
    """The conference's current (draft) programme, in a constant number of queries."""
    items = (
        Item.objects.select_related("cluster")
        .prefetch_related("objectives", Prefetch("roles", Role.objects.order_by("position", "pk")))
        .order_by("starts_at", "ends_at", "pk")
    )
    days = Day.objects.filter(conference=conference).prefetch_related(Prefetch("items", items))
    people = Person.objects.filter(conference=conference).select_related(
        "country", "organization", "category"
    )
    return {
        "$schema": SCHEMA,
        "conference": {
            "slug": conference.slug,
            "title": texts(conference, "title"),
            "venue": texts(conference, "venue"),
            "starts_on": conference.starts_on.isoformat(),
            "ends_on": conference.ends_on.isoformat(),
            "time_zone": conference.time_zone,
            "languages": list(conference.languages),
        },
        "version": None,
        "published_at": None,
        "days": [
            {"date": day.date.isoformat(), "items": [_item_data(item) for item in day.items.all()]}
            for day in days
        ],
        "people": [_person_data(person) for person in people],
    }


def latest_version(conference: Conference) -> ProgrammeVersion | None:
    return conference.versions.order_by("-number").first()


def published_conference(slug: str) -> tuple[Conference, ProgrammeVersion] | None:
    """A conference and its latest published programme, in one query; None if unpublished."""
    version = (
        ProgrammeVersion.objects.select_related("conference")
        .filter(conference__slug=slug)
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    return version.conference, version


def conferences_of_cycle(cycle_id: int) -> QuerySet[Conference]:
    return Conference.objects.filter(cycle_id=cycle_id).order_by("starts_on")


def localized(value: dict[str, str] | None, language: str) -> str:
    """A text in `language`, or "" when that language has none."""
    if not value:
        return ""
    return value.get(language, "")


def person_name(person: dict[str, Any], language: str) -> str:
    """A person's name in `language`, else their name as written in another language."""
    names = person["name"]
    return names.get(language) or next((n for n in names.values() if n), "")


def person_items(snapshot: dict[str, Any], person_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The items (with their date) in which any of these people has a role."""
    wanted = set(person_ids)
    found = []
    for day in snapshot["days"]:
        for item in day["items"]:
            if any(role["person"] in wanted for role in item["roles"]):
                found.append({**item, "date": day["date"]})
    return found
