"""The secretariat's programme editor, through its pages."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from hiwar.conference.models import Conference, Day, Item, Person, ProgrammeVersion, Role
from hiwar.framework.models import Cluster, Objective
from tests.conference.conftest import add_item, add_person, add_role, t


def url(name: str, conference: Conference, **kwargs: Any) -> str:
    return reverse(f"conference:{name}", kwargs={"slug": conference.slug, **kwargs})


def item_post(day: Day, **overrides: Any) -> dict[str, Any]:
    data = {
        "day": day.pk,
        "starts_at": "10:00",
        "ends_at": "11:00",
        "type": "round_table",
        "title_en": "Round table 1",
        "title_fr": "Table ronde 1",
        "title_ar": "المائدة المستديرة 1",
        "cluster": Cluster.objects.get(number=1).pk,
        "discussion_minutes": "50",
        "interpretation": ["ar", "en", "fr"],
    }
    data.update(overrides)
    return data


def test_only_the_secretariat_edits_the_programme(
    client: Any, conference: Conference, day1: Day, focal_point: Any, rapporteur: Any
) -> None:
    pages = [url("manage", conference), url("people", conference), url("settings", conference)]
    for page in pages:
        assert client.get(page).status_code == 302  # to sign in
    for someone in (focal_point, rapporteur):
        client.force_login(someone)
        for page in pages:
            assert client.get(page).status_code == 403
        response = client.post(url("item_add", conference), item_post(day1))
        assert response.status_code == 403
        assert client.post(url("publish", conference)).status_code == 403
    assert not Item.objects.exists()


def test_the_secretariat_creates_a_conference_and_builds_a_round_table(
    secretariat_client: Any, cycle: Any
) -> None:
    response = secretariat_client.post(
        reverse("conference:new"),
        {
            "slug": "rrc",
            "title_en": "Regional Review Conference",
            "starts_on": "2021-02-24",
            "ends_on": "2021-02-25",
            "time_zone": "Asia/Beirut",
            "languages": ["ar", "en", "fr"],
            "capacity": "300",
        },
    )
    conference = Conference.objects.get(slug="rrc")
    assert response.url == url("manage", conference)
    secretariat_client.post(url("day_add", conference), {"date": "2021-02-24"})
    day = conference.days.get()
    response = secretariat_client.post(url("item_add", conference), item_post(day))
    item = Item.objects.get()
    assert response.url == url("item_edit", conference, pk=item.pk)
    # A round table with a cluster and no objectives reviews the cluster's objectives.
    assert sorted(item.objectives.values_list("number", flat=True)) == [2, 5, 6, 12, 18]
    assert item.title_ar == "المائدة المستديرة 1"

    unions = add_person(conference, "Trade unions", sector="stakeholder")
    response = secretariat_client.post(
        url("role_add", conference, pk=item.pk),
        {"kind": "panellist", "person": unions.pk, "minutes": "5", "position": "1"},
    )
    secretariat_client.post(
        url("role_add", conference, pk=item.pk),
        {"kind": "moderator", "person": "", "minutes": "0", "position": "2", "note_en": "TBD"},
    )
    assert [(r.kind, r.person_id) for r in item.roles.order_by("position")] == [
        ("panellist", unions.pk),
        ("moderator", None),
    ]
    page = secretariat_client.get(url("manage", conference)).content.decode()
    assert "Round table 1" in page
    assert "the moderator is still to be determined" in page
    assert "No round table reviews objectives" in page


def test_the_item_page_shows_its_own_warnings_in_arabic(
    secretariat_client: Any, conference: Conference, day1: Day
) -> None:
    item = add_item(day1, t(10), t(10, 30), discussion_minutes=40, interpretation=["en"])
    page = secretariat_client.get(f"/ar{url('item_edit', conference, pk=item.pk)[3:]}")
    text = page.content.decode()
    assert 'dir="rtl"' in text
    assert "Plenary (ar)" in text  # the message names the item in Arabic
    assert text.count('class="finding finding--') == 2  # minutes and interpretation


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"ends_at": "09:00"}, "An item must end after it starts."),
        ({"ends_at": "10:00"}, "An item must end after it starts."),
        ({"starts_at": "25:00"}, "Enter a valid time."),
        ({"type": "cocktail"}, "Select a valid choice."),
        ({"title_en": ""}, "This field is required."),
        ({"discussion_minutes": "-5"}, "greater than or equal to 0"),
    ],
)
def test_bad_item_data_is_refused_and_nothing_is_stored(
    secretariat_client: Any, conference: Conference, day1: Day, overrides: dict, error: str
) -> None:
    response = secretariat_client.post(url("item_add", conference), item_post(day1, **overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Item.objects.exists()


def test_another_conferences_day_person_or_item_is_refused(
    secretariat_client: Any, conference: Conference, day1: Day, cycle: Any
) -> None:
    other = Conference.objects.create(
        cycle=cycle,
        slug="other",
        title_en="Other",
        starts_on=datetime.date(2021, 3, 1),
        ends_on=datetime.date(2021, 3, 1),
        languages=["en"],
    )
    other_day = Day.objects.create(conference=other, date=datetime.date(2021, 3, 1))
    other_item = add_item(other_day, t(10), t(11), title="Elsewhere")
    stranger = add_person(other, "Stranger")
    mine = add_item(day1, t(10), t(11))

    response = secretariat_client.post(url("item_add", conference), item_post(other_day))
    assert "Select a valid choice" in response.content.decode()
    assert not Item.objects.filter(day=day1).exclude(pk=mine.pk).exists()
    # An item of another conference, addressed through this one: 404.
    assert secretariat_client.get(url("item_edit", conference, pk=other_item.pk)).status_code == 404
    response = secretariat_client.post(
        url("role_add", conference, pk=mine.pk),
        {"kind": "speaker", "person": stranger.pk, "minutes": "5", "position": "1"},
        follow=True,
    )
    assert "The role was not added" in response.content.decode()
    assert not Role.objects.exists()


def test_a_day_outside_the_dates_is_refused_with_a_message(
    secretariat_client: Any, conference: Conference
) -> None:
    response = secretariat_client.post(
        url("day_add", conference), {"date": "2021-03-01"}, follow=True
    )
    assert "outside the conference dates" in response.content.decode()
    response = secretariat_client.post(url("day_add", conference), {"date": "soon"}, follow=True)
    assert "Enter a valid date." in response.content.decode()
    assert not Day.objects.exists()


def test_conference_dates_cannot_leave_days_outside(
    secretariat_client: Any, conference: Conference, day2: Day
) -> None:
    response = secretariat_client.post(
        url("settings", conference),
        {
            "slug": conference.slug,
            "title_en": "RRC",
            "starts_on": "2021-02-24",
            "ends_on": "2021-02-24",
            "time_zone": "Asia/Beirut",
            "languages": ["en"],
        },
    )
    assert "would fall outside these dates" in response.content.decode()
    conference.refresh_from_db()
    assert conference.ends_on == datetime.date(2021, 2, 25)


def test_publish_then_see_what_changed_then_republish(
    secretariat_client: Any, conference: Conference, day1: Day
) -> None:
    item = add_item(day1, t(10), t(11), title="Opening")
    secretariat_client.post(url("publish", conference))
    assert ProgrammeVersion.objects.get().number == 1
    page = secretariat_client.get(url("manage", conference)).content.decode()
    assert "The draft is the same as the published version." in page

    secretariat_client.post(
        url("item_edit", conference, pk=item.pk),
        item_post(day1, type="opening", title_en="Opening session", cluster="", starts_at="10:15"),
    )
    page = secretariat_client.get(url("manage", conference)).content.decode()
    assert "What changed since the published version" in page
    assert "(start, type, title, discussion)" in page
    response = secretariat_client.post(url("publish", conference), follow=True)
    assert "Version 2 of the programme is published." in response.content.decode()


def test_a_blocking_warning_stops_publication_with_its_reason(
    secretariat_client: Any, conference: Conference, day1: Day
) -> None:
    add_item(day1, t(10), t(11), interpretation=["en"])
    conference.blocking_checks = ["no_interpretation"]
    conference.save()
    response = secretariat_client.post(url("publish", conference), follow=True)
    assert "Publication is blocked by 1 warning:" in response.content.decode()
    assert not ProgrammeVersion.objects.exists()


def test_people_are_added_with_their_category(
    secretariat_client: Any, conference: Conference
) -> None:
    response = secretariat_client.post(
        url("person_add", conference),
        {"name_en": "Salma", "sector": "stakeholder", "gender": "female"},
    )
    assert "Choose the stakeholder category." in response.content.decode()
    assert not Person.objects.exists()
    response = secretariat_client.post(url("person_add", conference), {"sector": "member_state"})
    assert "Give a name in at least one language." in response.content.decode()
    response = secretariat_client.post(
        url("person_add", conference), {"name_ar": "سلمى", "sector": "member_state"}
    )
    assert response.status_code == 302
    assert Person.objects.get().name_ar == "سلمى"


def _three_days(conference: Conference) -> None:
    conference.ends_on = datetime.date(2021, 2, 26)
    conference.save()
    for offset in range(3):
        day = Day.objects.get_or_create(
            conference=conference, date=datetime.date(2021, 2, 24 + offset)
        )[0]
        for hour in (9, 11):
            item = add_item(day, t(hour), t(hour + 1), type=Item.Type.ROUND_TABLE)
            item.objectives.set(Objective.objects.filter(number__in=[offset + 1, offset + 2]))
            add_role(item, add_person(conference, f"P{offset}{hour}"), Role.Kind.PANELLIST, 5)
            add_role(item, None, Role.Kind.MODERATOR)


def test_the_editor_makes_as_many_queries_for_three_days_as_for_one(
    secretariat_client: Any,
    conference: Conference,
    day1: Day,
    django_assert_num_queries: Any,
) -> None:
    item = add_item(day1, t(9), t(10), type=Item.Type.ROUND_TABLE)
    add_role(item, add_person(conference, "P"), Role.Kind.PANELLIST, 5)
    secretariat_client.get(url("manage", conference))  # warm caches (session, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_day:
        secretariat_client.get(url("manage", conference))
    _three_days(conference)
    with django_assert_num_queries(len(one_day.captured_queries)):
        secretariat_client.get(url("manage", conference))
