"""The public programme and its exports: page by day in three languages, iCalendar (whole
programme and one person's items), PDF with correct Arabic, JSON against its schema."""

import datetime
import json
import re
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hiwar.analysis.ingest.pdf import read_pdf
from hiwar.conference import selectors
from hiwar.conference.models import Conference, Day, Item, Person, Role
from hiwar.conference.services import programme
from hiwar.conference.views.public import CSRF_PLACEHOLDER
from hiwar.framework.models import Cluster, Country
from tests.conference.conftest import LANGUAGES, add_item, add_person, add_role, t
from tests.factories import UserFactory

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "programme-schema.json"
UTC = datetime.UTC
BEIRUT = "Asia/Beirut"


def url(name: str, language: str = "en", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(f"conference:{name}", kwargs=kwargs)


def page_text(response: Any) -> str:
    return response.content.decode()


def republish(conference: Conference, by: Any) -> None:
    programme.publish_programme(conference=conference, by=by, language="en")


@pytest.fixture
def full(conference: Conference, day1: Day, day2: Day, secretariat_user: Any) -> Conference:
    """Two days: an opening with a chair and speakers, a round table on RT1, a break; published."""
    jordan = Country.objects.get(iso2="JO")
    opening = add_item(day1, t(10), t(11), type=Item.Type.OPENING, title="Opening session")
    opening.description_en = "Welcome by the organizers."
    opening.description_fr = "Mot de bienvenue des organisateurs."
    opening.description_ar = "كلمة ترحيب من المنظمين."
    opening.save()
    chair = add_person(
        conference,
        "Amal Haddad",
        name_ar="أمل حداد",
        function_en="Executive Secretary",
        function_fr="Secrétaire exécutive",
        function_ar="الأمينة التنفيذية",
        sector="un_system",
    )
    minister = add_person(conference, "Omar Nasser", country=jordan, function_en="Minister")
    add_role(opening, chair, Role.Kind.CHAIR, minutes=5)
    add_role(opening, minister, Role.Kind.SPEAKER, minutes=10)
    tbd = add_role(opening, None, Role.Kind.SPEAKER, minutes=5)
    tbd.note_en = "Representative of a Member State, to be determined"
    tbd.save()
    add_item(
        day2,
        t(10),
        t(12),
        type=Item.Type.ROUND_TABLE,
        title="Round table 1",
        cluster=Cluster.objects.get(code="RT1"),
        discussion_minutes=45,
    )
    add_item(day2, t(12), t(12, 30), type=Item.Type.BREAK, title="Coffee break")
    republish(conference, secretariat_user)
    return conference


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "direction", "suffix"),
    [("en", "ltr", ""), ("fr", "ltr", " (fr)"), ("ar", "rtl", " (ar)")],
)
def test_published_programme_shows_the_items_by_day_in_each_language(
    client: Client, full: Conference, language: str, direction: str, suffix: str
) -> None:
    response = client.get(url("programme", language, slug=full.slug))
    assert response.status_code == 200
    html = page_text(response)
    assert f'<html lang="{language}" dir="{direction}">' in html
    for title in ("Opening session", "Round table 1", "Coffee break"):
        assert f"{title}{suffix}" in html
    assert html.index("Opening session") < html.index("Round table 1")
    assert 'id="day-2021-02-24"' in html and 'id="day-2021-02-25"' in html
    assert 'href="#day-2021-02-25"' in html  # the day navigation
    assert f'href="{url("ical", language, slug=full.slug)}"' in html
    assert f'href="{url("pdf", language, slug=full.slug)}"' in html
    assert f'href="{url("json", language, slug=full.slug)}"' in html


def test_programme_page_shows_roles_minutes_discussion_objectives_and_interpretation(
    client: Client, full: Conference
) -> None:
    html = page_text(client.get(url("programme", slug=full.slug)))
    assert "Version 1, published on" in html
    assert "Welcome by the organizers." in html
    assert "Opening" in html  # the type label
    assert "Amal Haddad" in html and "Executive Secretary" in html
    assert "Omar Nasser" in html and "Jordan" in html
    assert "Representative of a Member State, to be determined" in html
    assert "(10 minutes)" in html
    assert "Interactive discussion: 45 minutes" in html
    assert "Interpretation: Arabic, English, French" in html
    # RT1 reviews objectives 2, 5, 6, 12 and 18, each linked to its page.
    for number in (2, 5, 6, 12, 18):
        assert f'href="/en/framework/objectives/{number}/"' in html
    assert "Times are local time at the venue (Asia/Beirut, UTC+02:00)." in html


def test_arabic_page_uses_arabic_texts_and_names(client: Client, full: Conference) -> None:
    html = page_text(client.get(url("programme", "ar", slug=full.slug)))
    assert "أمل حداد" in html and "الأمينة التنفيذية" in html
    assert "كلمة ترحيب من المنظمين." in html
    assert "المؤتمر الإقليمي للاستعراض" in html


def test_a_text_missing_in_the_language_shows_the_english_marked(
    client: Client, conference: Conference, day1: Day, secretariat_user: Any
) -> None:
    item = add_item(day1, t(10), t(11), title="Only in English")
    item.title_fr = ""
    item.title_ar = ""
    item.save()
    add_role(item, add_person(conference, "Jane Roe"), Role.Kind.SPEAKER)  # no Arabic spelling
    republish(conference, secretariat_user)
    html = page_text(client.get(url("programme", "ar", slug=conference.slug)))
    assert '<span lang="en" dir="ltr">Only in English</span>' in html
    assert "badge--missing" in html
    assert (
        '<span lang="en" dir="ltr">Jane Roe</span>' in html
    )  # a name: no marker, but its language
    html = page_text(client.get(url("programme", "en", slug=conference.slug)))
    assert "badge--missing" not in html


def test_an_item_titled_in_no_language_is_called_by_its_type(
    client: Client, conference: Conference, day1: Day, secretariat_user: Any
) -> None:
    item = add_item(day1, t(10), t(11), type=Item.Type.BREAK, title="x")
    item.title_en = item.title_fr = item.title_ar = ""
    item.save()
    republish(conference, secretariat_user)
    html = page_text(client.get(url("programme", slug=conference.slug)))
    assert '<h3 class="programme-item__title">Break</h3>' in html


@pytest.mark.parametrize("name", ["programme", "ical", "json", "pdf"])
def test_an_unpublished_programme_is_not_found_for_anonymous_readers(
    client: Client, conference: Conference, plenary: Item, name: str
) -> None:
    assert client.get(url(name, slug=conference.slug)).status_code == 404


@pytest.mark.parametrize("name", ["programme", "ical", "json", "pdf"])
def test_an_unknown_conference_is_not_found(client: Client, db: None, name: str) -> None:
    assert client.get(url(name, slug="no-such-conference")).status_code == 404


def test_an_unpublished_programme_is_not_found_for_a_participant(
    client: Client, user: Any, conference: Conference, plenary: Item
) -> None:
    client.force_login(user)
    assert client.get(url("programme", slug=conference.slug)).status_code == 404


def test_the_secretariat_previews_an_unpublished_programme(
    secretariat_client: Client, conference: Conference, plenary: Item
) -> None:
    response = secretariat_client.get(url("programme", slug=conference.slug))
    assert response.status_code == 200
    html = page_text(response)
    assert "Draft preview" in html and "Plenary 1" in html
    assert secretariat_client.get(url("json", slug=conference.slug)).status_code == 404


def test_the_public_sees_the_published_version_not_the_draft(
    client: Client, published: Conference, plenary: Item
) -> None:
    plenary.title_en = "Renamed in the draft"
    plenary.save()
    html = page_text(client.get(url("programme", slug=published.slug)))
    assert "Plenary 1" in html and "Renamed in the draft" not in html


def test_a_new_version_is_shown_at_once_despite_the_cache(
    client: Client, published: Conference, plenary: Item, secretariat_user: Any
) -> None:
    assert "Plenary 1" in page_text(client.get(url("programme", slug=published.slug)))
    plenary.title_en = "Plenary, renamed"
    plenary.save()
    assert "Plenary, renamed" not in page_text(client.get(url("programme", slug=published.slug)))
    republish(published, secretariat_user)
    html = page_text(client.get(url("programme", slug=published.slug)))
    assert "Plenary, renamed" in html and "Version 2, published on" in html


def test_the_cached_body_keeps_the_reader_own_header(
    client: Client, published: Conference, user: Any
) -> None:
    client.get(url("programme", slug=published.slug))  # caches the body, anonymously
    client.force_login(user)
    html = page_text(client.get(url("programme", slug=published.slug)))
    assert "Sign out" in html
    assert f'href="{url("my_programme", slug=published.slug)}"' in html


def _conference_of(cycle: Any, days: int) -> Conference:
    start = datetime.date(2021, 2, 24)
    conference = Conference.objects.create(
        cycle=cycle,
        slug=f"rrc-{days}-days",
        title_en="Conference",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=days - 1),
        languages=LANGUAGES,
    )
    cluster = Cluster.objects.get(code="RT2")
    for offset in range(days):
        day = programme.add_day(conference=conference, date=start + datetime.timedelta(days=offset))
        for hour in (9, 11, 14):
            item = add_item(day, t(hour), t(hour + 1), type=Item.Type.ROUND_TABLE, cluster=cluster)
            add_role(item, add_person(conference, f"Speaker {offset}-{hour}"), minutes=5)
            add_role(item, None, Role.Kind.MODERATOR)
    return conference


@pytest.mark.parametrize("days", [1, 3])
def test_the_programme_page_runs_the_same_few_queries_whatever_its_size(
    client: Client, cycle: Any, secretariat_user: Any, django_assert_num_queries: Any, days: int
) -> None:
    conference = _conference_of(cycle, days)
    republish(conference, secretariat_user)
    page = url("programme", slug=conference.slug)
    # The latest version's number, the version, then (first time only) its snapshot, the
    # navigation's current cycle and the titles of the objectives.
    with django_assert_num_queries(5):
        response = client.get(page)
    assert response.content.decode().count('class="programme-item ') == 3 * days
    with django_assert_num_queries(1):  # an anonymous reader now gets the page from the cache
        client.get(page)
    # A signed-in reader: the version, plus what the layout asks for anyone signed in
    # (session, account, roles and permissions for the navigation and the programme's own
    # secretariat link, the current cycle); the body still comes from the cache.
    client.force_login(UserFactory())
    # the layout and the header's links, one permission check each
    with django_assert_num_queries(16):
        response = client.get(page)
    assert response.content.decode().count('class="programme-item ') == 3 * days


def test_the_page_links_to_registration_while_it_is_open(
    client: Client, published: Conference
) -> None:
    register = f'href="{reverse("conference:register", kwargs={"slug": published.slug})}"'
    assert register in page_text(client.get(url("programme", slug=published.slug)))
    published.registration_open = False
    published.save()
    cache.clear()  # the anonymous page is kept a minute
    assert register not in page_text(client.get(url("programme", slug=published.slug)))


def test_the_secretariat_finds_its_way_to_the_programme_editor(
    secretariat_client: Client, published: Conference
) -> None:
    html = page_text(secretariat_client.get(url("programme", slug=published.slug)))
    assert f'href="{url("manage", slug=published.slug)}"' in html


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_a_cached_page_carries_each_reader_own_csrf_token(published: Conference) -> None:
    page = url("programme", slug=published.slug)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = page_text(first.get(page))
    second_html = page_text(second.get(page))  # from the cache
    assert CSRF_PLACEHOLDER not in first_html + second_html
    for reader, html in ((first, first_html), (second, second_html)):
        response = reader.post(
            "/language/",
            {"language": "fr", "next": page, "csrfmiddlewaretoken": _csrf_token(html)},
        )
        assert response.status_code == 302
        assert response["Location"] == url("programme", "fr", slug=published.slug)


def test_a_page_with_a_query_string_is_rendered_for_the_reader(
    client: Client, published: Conference
) -> None:
    page = url("programme", slug=published.slug)
    html = page_text(client.get(f"{page}?from=newsletter"))
    assert 'name="next" value="/en/conference/rrc-2021/?from=newsletter"' in html
    assert 'name="next" value="/en/conference/rrc-2021/"' in page_text(client.get(page))


# --- iCalendar --------------------------------------------------------------------------------


def _calendar(response: Any) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_ical_has_every_item_at_the_right_time_in_the_conference_time_zone(
    client: Client, full: Conference
) -> None:
    response = client.get(url("ical", slug=full.slug))
    assert response["Content-Disposition"] == 'attachment; filename="rrc-2021-programme-en.ics"'
    calendar = _calendar(response)
    events = calendar.events
    assert len(events) == 3
    opening = events[0]
    assert str(opening["SUMMARY"]) == "Opening session"
    start, end = opening.DTSTART, opening.DTEND
    assert start.astimezone(UTC) == datetime.datetime(2021, 2, 24, 8, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime.datetime(2021, 2, 24, 9, 0, tzinfo=UTC)
    assert opening["DTSTART"].params["TZID"] == BEIRUT
    assert [tz.tz_name for tz in calendar.timezones] == [BEIRUT]
    item_id = Item.objects.get(title_en="Opening session").pk
    assert str(opening["UID"]) == f"item-{item_id}@rrc-2021.hiwar"
    description = str(opening["DESCRIPTION"])
    assert "Chair: Amal Haddad (Executive Secretary, United Nations system)" in description
    assert "Speaker: Omar Nasser (Minister, Jordan)" in description
    assert "Speaker: Representative of a Member State, to be determined" in description
    assert str(opening["URL"]).endswith(f"/en/conference/rrc-2021/#item-{item_id}")
    round_table = events[1]
    assert round_table.DTSTART.astimezone(UTC) == datetime.datetime(2021, 2, 25, 8, 0, tzinfo=UTC)
    assert "GCM objectives: 2, 5, 6, 12, 18" in str(round_table["DESCRIPTION"])


def test_ical_summary_is_in_the_request_language_and_uids_are_stable(
    client: Client, full: Conference, secretariat_user: Any
) -> None:
    arabic = _calendar(client.get(url("ical", "ar", slug=full.slug)))
    assert str(arabic.events[0]["SUMMARY"]) == "Opening session (ar)"
    item = Item.objects.get(title_en="Coffee break")
    item.ends_at = t(12, 45)
    item.save()
    republish(full, secretariat_user)
    english = _calendar(client.get(url("ical", slug=full.slug)))
    assert {str(e["UID"]) for e in english.events} == {str(e["UID"]) for e in arabic.events}
    assert {int(e["SEQUENCE"]) for e in english.events} == {2}


def test_a_person_feed_has_only_their_items(client: Client, full: Conference) -> None:
    person = Person.objects.get(name_en="Omar Nasser")
    response = client.get(url("person_ical", slug=full.slug, token=person.feed_token))
    assert response["Cache-Control"] == "private, no-store"
    calendar = _calendar(response)
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Opening session"]


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43])
def test_a_bad_feed_token_is_not_found(client: Client, full: Conference, token: str) -> None:
    assert client.get(url("person_ical", slug=full.slug, token=token)).status_code == 404


def test_a_feed_token_only_works_for_its_own_conference(
    client: Client, full: Conference, cycle: Any, secretariat_user: Any
) -> None:
    other = _conference_of(cycle, 1)
    republish(other, secretariat_user)
    person = Person.objects.get(name_en="Omar Nasser")
    assert (
        client.get(url("person_ical", slug=other.slug, token=person.feed_token)).status_code == 404
    )


def test_a_person_feed_of_an_unpublished_programme_is_not_found(
    client: Client, conference: Conference, plenary: Item
) -> None:
    person = add_person(conference, "Someone")
    add_role(plenary, person)
    assert (
        client.get(url("person_ical", slug=conference.slug, token=person.feed_token)).status_code
        == 404
    )


# --- My programme -----------------------------------------------------------------------------


def test_my_programme_needs_an_account(client: Client, full: Conference) -> None:
    response = client.get(url("my_programme", slug=full.slug))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_my_programme_lists_my_items_and_my_feed(client: Client, full: Conference) -> None:
    account = UserFactory()
    person = Person.objects.get(name_en="Omar Nasser")
    person.user = account
    person.save()
    client.force_login(account)
    html = page_text(client.get(url("my_programme", slug=full.slug)))
    assert "Opening session" in html and "Round table 1" not in html
    assert f"/en/conference/rrc-2021/people/{person.feed_token}.ics" in html


def test_my_programme_says_so_when_i_am_not_in_it(
    client: Client, user: Any, full: Conference
) -> None:
    client.force_login(user)
    response = client.get(url("my_programme", slug=full.slug))
    assert response.status_code == 200
    assert "Your account is not linked to anyone in this conference" in page_text(response)


def test_my_programme_says_so_when_i_have_no_role(
    client: Client, user: Any, full: Conference
) -> None:
    add_person(full, "Listed but idle", user=user)
    client.force_login(user)
    html = page_text(client.get(url("my_programme", slug=full.slug)))
    assert "You have no role in any item of the published programme." in html


def test_my_programme_of_an_unpublished_programme_is_not_found(
    client: Client, user: Any, conference: Conference, plenary: Item
) -> None:
    client.force_login(user)
    assert client.get(url("my_programme", slug=conference.slug)).status_code == 404


# --- JSON -------------------------------------------------------------------------------------


def test_the_schema_is_valid_and_is_the_one_the_export_names() -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == selectors.SCHEMA


def test_json_export_is_the_published_snapshot_valid_against_its_schema(
    client: Client, full: Conference
) -> None:
    response = client.get(url("json", "ar", slug=full.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "أمل حداد".encode() in response.content  # UTF-8, not \u escapes
    data = json.loads(response.content)
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    assert data["version"] == 1
    assert [day["date"] for day in data["days"]] == ["2021-02-24", "2021-02-25"]
    assert data["days"][0]["items"][0]["title"]["fr"] == "Opening session (fr)"
    assert all("gender" not in person for person in data["people"])  # not published


def test_the_stored_snapshot_with_gender_is_valid_too(full: Conference) -> None:
    snapshot = selectors.latest_version(full).snapshot  # type: ignore[union-attr]
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator(schema).validate(snapshot)
    jsonschema.Draft202012Validator(schema).validate(selectors.programme_data(full))


def test_the_schema_refuses_a_malformed_programme(full: Conference) -> None:
    snapshot = selectors.latest_version(full).snapshot  # type: ignore[union-attr]
    schema = json.loads(SCHEMA_PATH.read_text())
    snapshot["days"][0]["items"][0]["starts_at"] = "9:30"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(snapshot)


# --- PDF --------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    """The PDF's text, right-to-left lines rebuilt in logical order by the analysis reader
    (PDFium alone gives some Arabic lines in visual order)."""
    return "\n".join(
        block.text for block in read_pdf(content, max_pages=20, ocr=False, ocr_languages="").blocks
    )


def test_pdf_in_english_has_the_titles(client: Client, full: Conference) -> None:
    response = client.get(url("pdf", slug=full.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="rrc-2021-programme-en.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for title in ("Regional Review Conference", "Opening session", "Round table 1", "Coffee break"):
        assert title in text
    assert "Amal Haddad" in text


def test_pdf_in_arabic_has_the_arabic_words_in_logical_order(
    client: Client, full: Conference, secretariat_user: Any
) -> None:
    item = Item.objects.get(title_en="Round table 1")
    item.title_ar = "المائدة المستديرة الأولى"
    item.save()
    republish(full, secretariat_user)
    response = client.get(url("pdf", "ar", slug=full.slug))
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for phrase in ("المؤتمر الإقليمي للاستعراض", "المائدة المستديرة الأولى", "أمل حداد"):
        words = phrase.split()
        positions = [text.find(word) for word in words]
        assert -1 not in positions, (phrase, text)
        assert positions == sorted(positions), (phrase, text)


def test_items_with_a_discussion_link_to_their_speakers_list(
    client: Any, published: Conference, plenary: Any
) -> None:
    page = client.get(f"/fr/conference/{published.slug}/").content.decode()
    assert f'href="/fr/conference/{published.slug}/items/{plenary.pk}/floor/"' in page


def test_the_programme_header_links_each_role_to_its_pages(
    client: Any,
    published: Conference,
    rapporteur: Any,
    focal_point: Any,
    secretariat_client: Any,
    secretariat_user: Any,
) -> None:
    def links(user: Any) -> set[str]:
        if user is None:  # the same client, signed in again as the secretariat (TOTP set up)
            secretariat_client.force_login(secretariat_user)
            page = secretariat_client.get(f"/en/conference/{published.slug}/").content.decode()
        else:
            client.force_login(user)
            page = client.get(f"/en/conference/{published.slug}/").content.decode()
        names = {"nominate/", "key-messages/", "registrations/", "manage/"}
        return {name for name in names if f'/{published.slug}/{name}"' in page}

    assert links(rapporteur) == {"key-messages/"}
    assert links(focal_point) == {"nominate/"}
    assert links(None) == {"key-messages/", "registrations/", "manage/"}
