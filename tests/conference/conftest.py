"""Fixtures of the conference tests: the reviews fixtures (cycle, countries, people) plus a small
two-day conference built through the services, and helpers to build more."""

import datetime
from typing import Any

import pytest

from hiwar.conference.models import Conference, Day, Item, Person, Role
from hiwar.conference.services import programme
from hiwar.framework.models import Cluster, StakeholderCategory
from tests.reviews.conftest import *  # noqa: F403 - the review cycle, countries and people

LANGUAGES = ["ar", "en", "fr"]


def t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


def add_item(
    day: Day,
    start: datetime.time,
    end: datetime.time,
    *,
    type: str = Item.Type.PLENARY,
    title: str = "Plenary",
    interpretation: list[str] | None = None,
    discussion_minutes: int = 0,
    cluster: Cluster | None = None,
    objectives: list[Any] | None = None,
) -> Item:
    return programme.save_item(
        day=day,
        fields={
            "starts_at": start,
            "ends_at": end,
            "type": type,
            "title_en": title,
            "title_fr": f"{title} (fr)",
            "title_ar": f"{title} (ar)",
            "interpretation": LANGUAGES if interpretation is None else interpretation,
            "discussion_minutes": discussion_minutes,
            "cluster": cluster,
        },
        objectives=objectives,
    )


def add_person(
    conference: Conference, name: str, *, sector: str = "member_state", **fields: Any
) -> Person:
    if sector == "stakeholder" and "category" not in fields:
        fields["category"] = StakeholderCategory.objects.get(code="civil_society")
    return programme.save_person(
        conference=conference, fields={"name_en": name, "sector": sector, **fields}
    )


def add_role(
    item: Item, person: Person | None, kind: str = Role.Kind.SPEAKER, minutes: int = 0
) -> Role:
    position = item.roles.count() + 1
    return programme.save_role(
        item=item, fields={"person": person, "kind": kind, "minutes": minutes, "position": position}
    )


@pytest.fixture
def conference(cycle: Any) -> Conference:
    """24-25 February 2021, interpreted into Arabic, English and French; no days yet."""
    return Conference.objects.create(
        cycle=cycle,
        slug="rrc-2021",
        title_en="Regional Review Conference",
        title_fr="Conférence régionale d'examen",
        title_ar="المؤتمر الإقليمي للاستعراض",
        starts_on=datetime.date(2021, 2, 24),
        ends_on=datetime.date(2021, 2, 25),
        languages=LANGUAGES,
        capacity=3,
        registration_open=True,
    )


@pytest.fixture
def day1(conference: Conference) -> Day:
    return programme.add_day(conference=conference, date=datetime.date(2021, 2, 24))


@pytest.fixture
def day2(conference: Conference) -> Day:
    return programme.add_day(conference=conference, date=datetime.date(2021, 2, 25))


@pytest.fixture
def plenary(day1: Day) -> Item:
    """10:00-11:00 with a discussion from the floor."""
    return add_item(day1, t(10), t(11), title="Plenary 1", discussion_minutes=30)


@pytest.fixture
def published(conference: Conference, plenary: Item, secretariat_user: Any) -> Conference:
    """The conference with its programme published once (version 1)."""
    programme.publish_programme(conference=conference, by=secretariat_user, language="en")
    return conference
