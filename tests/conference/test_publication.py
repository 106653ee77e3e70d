"""Hard invariants, publication as versions, the diff since the published version and the
notification of affected speakers."""

import datetime
from typing import Any

import pytest
from django.core import mail

from hiwar.conference import selectors
from hiwar.conference.diff import diff
from hiwar.conference.models import Conference, Day, Item, ProgrammeVersion, Role
from hiwar.conference.services import ConferenceError, programme
from tests.conference.conftest import add_item, add_person, add_role, t


def test_an_item_must_end_after_it_starts(day1: Day) -> None:
    with pytest.raises(ConferenceError, match="must end after it starts"):
        add_item(day1, t(11), t(10))
    with pytest.raises(ConferenceError):
        add_item(day1, t(10), t(10))
    assert not Item.objects.exists()


def test_a_day_outside_the_conference_dates_is_refused(conference: Conference) -> None:
    with pytest.raises(ConferenceError, match="outside the conference dates"):
        programme.add_day(conference=conference, date=datetime.date(2021, 2, 26))
    with pytest.raises(ConferenceError):
        programme.add_day(conference=conference, date=datetime.date(2021, 2, 23))
    assert not conference.days.exists()


def test_moving_the_conference_dates_leaves_old_days_unusable(
    conference: Conference, day2: Day
) -> None:
    conference.ends_on = datetime.date(2021, 2, 24)
    conference.save()
    with pytest.raises(ConferenceError, match="outside the conference dates"):
        add_item(day2, t(10), t(11))


def test_publishing_freezes_the_programme_as_version_1(
    conference: Conference, plenary: Item, secretariat_user: Any
) -> None:
    version = programme.publish_programme(conference=conference, by=secretariat_user, language="en")
    assert version.number == 1
    assert version.snapshot["version"] == 1
    assert version.snapshot["days"][0]["items"][0]["title"]["en"] == "Plenary 1"
    plenary.title_en = "Renamed"
    plenary.save()
    version.refresh_from_db()
    assert version.snapshot["days"][0]["items"][0]["title"]["en"] == "Plenary 1"


def test_nothing_to_publish(conference: Conference, secretariat_user: Any) -> None:
    with pytest.raises(ConferenceError, match="no items yet"):
        programme.publish_programme(conference=conference, by=secretariat_user, language="en")


def test_republishing_without_changes_is_refused(
    published: Conference, secretariat_user: Any
) -> None:
    with pytest.raises(ConferenceError, match="Nothing changed"):
        programme.publish_programme(conference=published, by=secretariat_user, language="en")
    assert published.versions.count() == 1


def test_blocking_warnings_stop_publication(
    conference: Conference, day1: Day, secretariat_user: Any
) -> None:
    add_item(day1, t(10), t(11), interpretation=["en"])
    programme.set_blocking_checks(conference=conference, codes=["no_interpretation"])
    with pytest.raises(ConferenceError, match="blocked by 1 warning"):
        programme.publish_programme(conference=conference, by=secretariat_user, language="en")
    assert not ProgrammeVersion.objects.exists()
    programme.set_blocking_checks(conference=conference, codes=[])
    programme.publish_programme(conference=conference, by=secretariat_user, language="en")
    with pytest.raises(ConferenceError, match="Unknown check"):
        programme.set_blocking_checks(conference=conference, codes=["made_up"])


def test_the_diff_lists_added_removed_and_changed_items_and_the_people_affected(
    conference: Conference, day1: Day, day2: Day
) -> None:
    moved = add_item(day1, t(10), t(11), title="Moved")
    removed = add_item(day1, t(11), t(12), title="Removed")
    untouched = add_item(day1, t(12), t(13), title="Untouched")
    recast = add_item(day1, t(13), t(14), title="Recast")
    alice, bob, carol, dan = (add_person(conference, n) for n in ("Alice", "Bob", "Carol", "Dan"))
    add_role(moved, alice)
    add_role(removed, bob)
    add_role(untouched, carol)
    role = add_role(recast, dan, Role.Kind.MODERATOR)
    before = selectors.programme_data(conference)

    moved.starts_at, moved.ends_at, moved.day = t(9), t(10), day2
    moved.save()
    removed.delete()
    eve = add_person(conference, "Eve")
    role.person = eve
    role.save()
    added = add_item(day2, t(15), t(16), title="Added")
    after = selectors.programme_data(conference)

    changes = diff(before, after)
    summary = {(c.kind, c.item["title"]["en"]): c.fields for c in changes.items}
    assert summary == {
        ("changed", "Moved"): ["date", "starts_at", "ends_at"],
        ("removed", "Removed"): [],
        ("changed", "Recast"): ["roles"],
        ("added", "Added"): [],
    }
    assert changes.affected_people == sorted([alice.pk, bob.pk, dan.pk, eve.pk])
    assert added.pk in {c.item["id"] for c in changes.items}


def test_republication_mails_only_the_affected_speakers(
    conference: Conference,
    day1: Day,
    secretariat_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = add_item(day1, t(10), t(11), title="Opening")
    second = add_item(day1, t(11), t(12), title="Panel")
    add_role(first, add_person(conference, "Amal", email="amal@example.org"))
    add_role(second, add_person(conference, "Omar", email="omar@example.org"))
    add_role(second, add_person(conference, "No address"))
    programme.publish_programme(conference=conference, by=secretariat_user, language="en")
    assert mail.outbox == []  # the first version changes nothing for anyone

    second.starts_at, second.ends_at = t(11, 30), t(12, 30)
    second.save()
    with django_capture_on_commit_callbacks(execute=True):
        version = programme.publish_programme(
            conference=conference, by=secretariat_user, language="en"
        )
    assert version.number == 2
    assert [m.to for m in mail.outbox] == [["omar@example.org"]]
    body = mail.outbox[0].body
    assert "Version 2" in body and "11:30-12:30" in body and "was 11:00" in body
