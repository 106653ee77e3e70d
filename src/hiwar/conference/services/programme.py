"""Writes to the programme: conference, days, items, people and roles, and publication.

Only true invariants are refused here (an item must end after it starts; a day must fall inside
the conference dates); everything else is a warning from `checks`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiwar.conference import checks, selectors
from hiwar.conference.diff import diff
from hiwar.conference.models import Conference, Day, Item, Person, ProgrammeVersion, Role
from hiwar.conference.services.errors import ConferenceError
from hiwar.framework.models import Objective


def check_day_date(conference: Conference, date: datetime.date) -> None:
    if not conference.starts_on <= date <= conference.ends_on:
        raise ConferenceError(
            _("%(date)s is outside the conference dates (%(start)s to %(end)s).")
            % {"date": date, "start": conference.starts_on, "end": conference.ends_on}
        )


def check_times(starts_at: datetime.time, ends_at: datetime.time) -> None:
    if ends_at <= starts_at:
        raise ConferenceError(_("An item must end after it starts."))


@transaction.atomic
def add_day(*, conference: Conference, date: datetime.date) -> Day:
    check_day_date(conference, date)
    if conference.days.filter(date=date).exists():
        raise ConferenceError(_("The programme already has this day."))
    return Day.objects.create(conference=conference, date=date)


@transaction.atomic
def delete_day(*, day: Day) -> None:
    if day.items.exists():
        raise ConferenceError(_("Remove the day's items first."))
    day.delete()


@transaction.atomic
def save_item(
    *,
    day: Day,
    fields: dict[str, Any],
    objectives: list[Objective] | None = None,
    item: Item | None = None,
) -> Item:
    """Create or update an item. A round table with a cluster and no objectives reviews the
    cluster's objectives."""
    check_day_date(day.conference, day.date)
    check_times(fields["starts_at"], fields["ends_at"])
    if item is None:
        item = Item(day=day)
    else:
        item.day = day
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    if objectives is None or (not objectives and item.cluster_id):
        if item.cluster_id and item.type == Item.Type.ROUND_TABLE:
            objectives = list(Objective.objects.filter(cluster_id=item.cluster_id))
        else:
            objectives = objectives or []
    item.objectives.set(objectives)
    return item


@transaction.atomic
def delete_item(*, item: Item) -> None:
    item.delete()


@transaction.atomic
def save_person(
    *, conference: Conference, fields: dict[str, Any], person: Person | None = None
) -> Person:
    if person is None:
        person = Person(conference=conference)
    for name, value in fields.items():
        setattr(person, name, value)
    if person.sector != "stakeholder":
        person.category = None
    person.save()
    return person


@transaction.atomic
def save_role(*, item: Item, fields: dict[str, Any], role: Role | None = None) -> Role:
    person = fields.get("person")
    if person is not None and person.conference_id != item.day.conference_id:
        raise ConferenceError(_("This person is not in this conference's programme."))
    if role is None:
        role = Role(item=item)
    for name, value in fields.items():
        setattr(role, name, value)
    role.save()
    return role


@transaction.atomic
def delete_role(*, role: Role) -> None:
    role.delete()


@transaction.atomic
def set_blocking_checks(*, conference: Conference, codes: list[str]) -> None:
    unknown = set(codes) - set(checks.CHECKS)
    if unknown:
        raise ConferenceError(_("Unknown check."))
    conference.blocking_checks = sorted(codes)
    conference.save(update_fields=["blocking_checks"])


@transaction.atomic
def publish_programme(*, conference: Conference, by: Any, language: str) -> ProgrammeVersion:
    """Freeze the draft as the next version and tell the people whose items changed.

    Refused when the draft has a warning the secretariat marked as blocking, or when nothing
    changed since the last version.
    """
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    snapshot = selectors.programme_data(conference)
    if not any(day["items"] for day in snapshot["days"]):
        raise ConferenceError(_("The programme has no items yet."))
    blockers = checks.blocking(checks.run_checks(snapshot, language), conference.blocking_checks)
    if blockers:
        raise ConferenceError(
            ngettext(
                "Publication is blocked by %(count)d warning: %(first)s",
                "Publication is blocked by %(count)d warnings. The first: %(first)s",
                len(blockers),
            )
            % {"count": len(blockers), "first": blockers[0].message}
        )
    previous = selectors.latest_version(conference)
    changes = diff(previous.snapshot, snapshot) if previous else None
    if previous is not None and not changes:
        raise ConferenceError(_("Nothing changed since the published version."))
    number = previous.number + 1 if previous else 1
    now = timezone.now()
    snapshot["version"] = number
    snapshot["published_at"] = now.isoformat()
    version = ProgrammeVersion.objects.create(
        conference=conference, number=number, snapshot=snapshot, published_at=now, published_by=by
    )
    if changes is not None and changes.affected_people:
        from hiwar.conference.tasks import notify_programme_change

        people = changes.affected_people
        transaction.on_commit(
            lambda: notify_programme_change.enqueue(version_id=version.pk, person_ids=people)
        )
    return version
