"""Participants of a dialogue: registering oneself and cancelling; the secretariat's list with
its counts, filters, attendance by hand (one row, or many ticked), adding someone by hand and the
CSV export; and the import of attendance lists exported by Zoom, Teams and Arabic Excel, through
the pages, with every bad input refused before anything is stored.

Every refused request leaves the stored participants exactly as they were (`_stored()`)."""

import base64
import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from hiwar.dialogues.attendance_import import MAX_FILE_BYTES, AttendanceRow
from hiwar.dialogues.models import Dialogue, Participant
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import participants as services
from hiwar.dialogues.services.participants import Voice
from hiwar.framework.models import Country, StakeholderCategory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/dialogues/dialogue-1/"
DATA = Path(__file__).parent / "data"
BEIRUT = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture
def dialogue(bare_cycle: Any) -> Dialogue:
    """The first dialogue (27 October 2020), a draft. Defined here because the shared
    conftest's `dialogue` asks for `cycle`, which asks for the reviews' `dialogue` milestone."""
    return Dialogue.objects.create(
        cycle=bare_cycle,
        slug="dialogue-1",
        title_en="Multi-stakeholder dialogue I",
        title_ar="الحوار المتعدد أصحاب المصلحة الأول",
        starts_at=datetime.datetime(2020, 10, 27, 10, 0, tzinfo=BEIRUT),
        ends_at=datetime.datetime(2020, 10, 27, 13, 0, tzinfo=BEIRUT),
        meeting_url="https://meet.example.org/dialogue-1",
        languages=["ar", "en", "fr"],
        interpretation=["ar", "en"],
    )


@pytest.fixture
def open_dialogue(dialogue: Dialogue) -> Dialogue:
    """The same dialogue published and ten days ahead: registration is open."""
    starts = timezone.now() + datetime.timedelta(days=10)
    dialogue.starts_at, dialogue.ends_at = starts, starts + datetime.timedelta(hours=3)
    dialogue.status = Dialogue.Status.PUBLISHED
    dialogue.save()
    return dialogue


@pytest.fixture
def other_dialogue(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.create(
        cycle=dialogue.cycle,
        slug="dialogue-2",
        title_en="Multi-stakeholder dialogue II",
        starts_at=datetime.datetime(2020, 11, 3, 10, 0, tzinfo=BEIRUT),
        ends_at=datetime.datetime(2020, 11, 3, 13, 0, tzinfo=BEIRUT),
    )


def _category(code: str) -> StakeholderCategory:
    return StakeholderCategory.objects.get(code=code)


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _stored() -> list[tuple]:
    return list(
        Participant.objects.order_by("pk").values_list(
            "pk",
            "dialogue",
            "full_name",
            "email",
            "sector",
            "category",
            "country",
            "organization",
            "organization_name",
            "attended",
            "source",
        )
    )


def _add(dialogue: Dialogue, name: str, email: str = "", **fields: Any) -> Participant:
    """A participant on the list, added as the secretariat adds one."""
    attended = fields.pop("attended", False)
    fields.setdefault("sector", "stakeholder" if "category" in fields else "un_system")
    return services.add_participant(
        dialogue=dialogue, full_name=name, email=email, voice=Voice(**fields), attended=attended
    )


# --- Registering oneself ---------------------------------------------------------------------


def _register(client: Any, user: Any, **data: Any) -> Any:
    client.force_login(user)
    form = {"sector": "un_system", "interpretation": "ar", **data}
    return client.post(f"{URL}register/", form, follow=True)


def test_a_participant_registers(client, open_dialogue, user, jordan):
    response = _register(
        client,
        user,
        sector="stakeholder",
        category=_category("migrants").pk,
        organization_name="  Syrian   Women Network ",
        country=jordan.pk,
        gender="female",
        age_group="18_24",
        interpretation="en",
        accessibility_needs="  Live captions  ",
    )
    assert "You are registered for this dialogue." in _messages(response)
    participant = Participant.objects.get()
    assert (participant.full_name, participant.email, participant.user) == (
        user.full_name,
        user.email,
        user,
    )
    assert (participant.sector, participant.category, participant.country) == (
        "stakeholder",
        _category("migrants"),
        jordan,
    )
    assert (participant.organization, participant.organization_name) == (
        None,
        "Syrian Women Network",
    )
    assert (participant.gender, participant.age_group, participant.interpretation) == (
        "female",
        "18_24",
        "en",
    )
    assert participant.accessibility_needs == "Live captions"
    assert (participant.source, participant.attended) == ("registration", False)
    # The page now shows the registration, the meeting link and a way to cancel it.
    page = client.get(f"{URL}register/")
    assert page.context["registration"] == participant
    assert b"Cancel my registration" in page.content
    assert b"https://meet.example.org/dialogue-1" in page.content


def test_a_member_registers_with_their_organization_and_its_category(
    client, open_dialogue, org_member, organization
):
    client.force_login(org_member)
    page = client.get(f"{URL}register/")
    form = page.context["form"]
    assert list(form.fields["organization"].queryset) == [organization]
    assert (form["organization"].value(), form["sector"].value()) == (
        organization.pk,
        "stakeholder",
    )
    _register(client, org_member, sector="stakeholder", organization=organization.pk)
    participant = Participant.objects.get()
    assert (participant.organization, participant.category) == (
        organization,
        organization.category,
    )


def test_the_interpretation_offered_is_the_dialogues(client, open_dialogue, user):
    client.force_login(user)
    choices = client.get(f"{URL}register/").context["form"].fields["interpretation"].choices
    assert [value for value, _label in choices] == ["", "ar", "en", "floor"]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"sector": "stakeholder"}, "category", "Choose the stakeholder category."),
        ({"sector": "member_state"}, "country", "Choose the Member State."),
        ({"sector": "pirates"}, "sector", "Select a valid choice."),
        ({"interpretation": "fr"}, "interpretation", "Select a valid choice."),
        ({"gender": "x"}, "gender", "Select a valid choice."),
        ({"category": 99999}, "category", "Select a valid choice."),
    ],
)
def test_wrong_registration_data_is_refused(client, open_dialogue, user, data, field, error):
    response = _register(client, user, **data)
    assert any(message.startswith(error) for message in response.context["form"].errors[field])
    assert _stored() == []


def test_an_organization_one_does_not_belong_to_is_refused(
    client, open_dialogue, org_member, other_org_member
):
    other = other_org_member.memberships.get().organization
    response = _register(client, org_member, sector="stakeholder", organization=other.pk)
    assert "organization" in response.context["form"].errors
    with pytest.raises(DialogueError, match="an organization you belong to"):
        services.register_for_dialogue(
            dialogue=open_dialogue,
            user=org_member,
            voice=Voice(sector="stakeholder", category=_category("migrants"), organization=other),
        )
    assert _stored() == []


def test_choosing_an_organization_and_typing_one_is_refused(
    client, open_dialogue, org_member, organization
):
    response = _register(
        client,
        org_member,
        sector="stakeholder",
        organization=organization.pk,
        organization_name="Another one",
    )
    assert response.context["form"].errors["organization_name"] == [
        "Choose your organization from the list or type its name, not both."
    ]
    assert _stored() == []


def test_registering_twice_or_with_an_address_already_listed_is_refused(
    client, open_dialogue, user
):
    _register(client, user)
    before = _stored()
    response = _register(client, user, interpretation="en")
    assert "You are already registered for this dialogue." in _messages(response)
    assert _stored() == before
    # The secretariat had added the same address by hand, in another case.
    other = UserFactory(email="Samira.Haddad@example.org")
    _add(open_dialogue, "Samira Haddad", "samira.haddad@EXAMPLE.org")
    before = _stored()
    response = _register(client, other)
    assert "You are already registered for this dialogue." in _messages(response)
    assert _stored() == before


def test_the_database_refuses_a_duplicate_address_in_any_case(open_dialogue):
    _add(open_dialogue, "Samira Haddad", "samira@example.org")
    with pytest.raises(IntegrityError):
        Participant.objects.create(
            dialogue=open_dialogue,
            full_name="Copy",
            email="SAMIRA@example.org",
            sector="un_system",
            source="manual",
        )


def test_a_duplicate_that_slips_past_the_checks_is_a_message(open_dialogue):
    """What a race produces: the constraint fires on save, and nothing is stored."""
    _add(open_dialogue, "Samira Haddad", "samira@example.org")
    before = _stored()
    copy = Participant(
        dialogue=open_dialogue,
        full_name="Copy",
        email="Samira@Example.org",
        sector="un_system",
        source="manual",
    )
    with pytest.raises(DialogueError, match="already on the participant list"):
        services._create(copy)
    assert _stored() == before


def test_a_draft_dialogue_is_not_found_and_registration_waits_for_publication(
    secretariat_client, secretariat_user, dialogue, user
):
    client = secretariat_client  # the same test client, signed in as each person in turn
    dialogue.ends_at = timezone.now() + datetime.timedelta(days=3)
    dialogue.starts_at = dialogue.ends_at - datetime.timedelta(hours=3)
    dialogue.save()
    client.force_login(user)
    assert client.get(f"{URL}register/").status_code == 404
    assert client.post(f"{URL}register/", {"sector": "un_system"}).status_code == 404
    client.force_login(secretariat_user)
    page = secretariat_client.get(f"{URL}register/")
    assert b"Registration opens when the dialogue is published." in page.content
    response = secretariat_client.post(f"{URL}register/", {"sector": "un_system"}, follow=True)
    assert "Registration opens when the dialogue is published." in _messages(response)
    assert _stored() == []


def test_an_ended_dialogue_takes_no_registration(client, dialogue, user):
    dialogue.status = Dialogue.Status.PUBLISHED
    dialogue.save()
    client.force_login(user)
    page = client.get(f"{URL}register/")
    assert b"This dialogue has ended: registration is closed." in page.content
    assert b'<form method="post" class="participants-form"' not in page.content
    response = _register(client, user)
    assert "This dialogue has ended: registration is closed." in _messages(response)
    assert _stored() == []


def test_anonymous_visitors_are_sent_to_sign_in(client, open_dialogue):
    response = client.get(f"{URL}register/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_participant_cancels_their_registration(client, open_dialogue, user):
    _register(client, user)
    response = client.post(f"{URL}register/cancel/", follow=True)
    assert "Your registration is cancelled." in _messages(response)
    assert _stored() == []
    # Nothing left to cancel.
    response = client.post(f"{URL}register/cancel/", follow=True)
    assert "You have no registration to cancel." in _messages(response)


def test_one_cannot_cancel_someone_elses_registration_or_a_past_attendance(
    client, open_dialogue, user
):
    _register(client, user)
    client.force_login(UserFactory())
    response = client.post(f"{URL}register/cancel/", follow=True)
    assert "You have no registration to cancel." in _messages(response)
    Participant.objects.update(attended=True)
    client.force_login(user)
    before = _stored()
    response = client.post(f"{URL}register/cancel/", follow=True)
    assert "The dialogue has taken place: your attendance is part of its record." in _messages(
        response
    )
    assert _stored() == before


def test_the_registration_page_in_arabic(client, open_dialogue, user):
    client.force_login(user)
    response = client.get("/ar/dialogues/dialogue-1/register/")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content


# --- The secretariat's list ------------------------------------------------------------------


@pytest.fixture
def listed(dialogue, jordan, morocco, organization):
    """Four people: two attended. Jordan and Morocco, civil society and migrants."""
    return [
        _add(
            dialogue,
            "Layla Nasser",
            "layla.nasser@jmwn.example.org",
            sector="stakeholder",
            organization=organization,
            category=_category("civil_society"),
            country=jordan,
            attended=True,
        ),
        _add(
            dialogue,
            "Karim Alaoui",
            "karim@umt.example.ma",
            category=_category("trade_unions"),
            country=morocco,
        ),
        _add(dialogue, "Hélène Dubois", category=_category("migrants"), attended=True),
        _add(dialogue, "Ahmad Mansour", "ahmad.mansour@example.org"),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "participants/",
        "participants/add/",
        "participants.csv",
        "attendance/import/",
        "attendance/import/columns/",
        "attendance/import/result/",
    ],
)
def test_only_the_secretariat_manages_participants(client, dialogue, rapporteur, user, path):
    assert client.get(f"{URL}{path}").status_code == 302  # to sign in
    for person in (user, rapporteur):
        client.force_login(person)
        assert client.get(f"{URL}{path}").status_code == 403


def test_the_list_with_its_counts(secretariat_client, listed):
    response = secretariat_client.get(f"{URL}participants/")
    assert response.status_code == 200
    assert [p.full_name for p in response.context["participants"]] == [
        "Ahmad Mansour",
        "Hélène Dubois",
        "Karim Alaoui",
        "Layla Nasser",
    ]
    counts = response.context["counts"]
    assert counts == services.ParticipantCounts(
        registered=4,
        attended=2,
        countries=2,
        countries_attended=1,
        categories=3,
        categories_attended=2,
    )
    assert b"Mark present" in response.content and b"Mark absent" in response.content


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("attended=yes", ["Hélène Dubois", "Layla Nasser"]),
        ("attended=no", ["Ahmad Mansour", "Karim Alaoui"]),
        ("category=CIVIL", ["Layla Nasser"]),
        ("country=MA", ["Karim Alaoui"]),
        ("attended=yes&country=MA", []),
        ("attended=maybe", ["Ahmad Mansour", "Hélène Dubois", "Karim Alaoui", "Layla Nasser"]),
    ],
)
def test_the_list_filters(secretariat_client, listed, query, names):
    query = query.replace("CIVIL", str(_category("civil_society").pk))
    query = query.replace("MA", str(Country.objects.get(iso2="MA").pk))
    response = secretariat_client.get(f"{URL}participants/?{query}")
    assert [p.full_name for p in response.context["participants"]] == names


def test_the_country_filter_offers_the_countries_on_the_list(secretariat_client, listed):
    form = secretariat_client.get(f"{URL}participants/").context["filter_form"]
    assert [c.iso2 for c in form.fields["country"].queryset] == ["JO", "MA"]


def test_marking_one_participant_present_and_absent(secretariat_client, listed):
    karim = listed[1]
    response = secretariat_client.post(
        f"{URL}participants/{karim.pk}/attendance/",
        {"attended": "1", "query": "attended=no&evil=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}participants/?attended=no"
    karim.refresh_from_db()
    assert karim.attended is True
    response = secretariat_client.post(
        f"{URL}participants/{karim.pk}/attendance/", {"attended": "0"}, follow=True
    )
    assert "Karim Alaoui is marked as absent." in _messages(response)
    karim.refresh_from_db()
    assert karim.attended is False


def test_marking_attendance_with_a_wrong_value_or_another_dialogues_participant(
    secretariat_client, listed, other_dialogue
):
    stranger = _add(other_dialogue, "Someone Else")
    before = _stored()
    response = secretariat_client.post(
        f"{URL}participants/{listed[1].pk}/attendance/", {"attended": "yes"}, follow=True
    )
    assert "Choose whether the participant attended." in _messages(response)
    response = secretariat_client.post(
        f"{URL}participants/{stranger.pk}/attendance/", {"attended": "1"}
    )
    assert response.status_code == 404
    assert (
        secretariat_client.get(f"{URL}participants/{listed[1].pk}/attendance/").status_code == 405
    )
    assert _stored() == before


def test_marking_several_participants_at_once(secretariat_client, listed):
    ids = [listed[0].pk, listed[1].pk, listed[3].pk]
    response = secretariat_client.post(
        f"{URL}participants/attendance/", {"participants": ids, "attended": "1"}, follow=True
    )
    assert "Attendance changed for 2 of the 3 participants chosen." in _messages(response)
    assert set(Participant.objects.filter(attended=True).values_list("full_name", flat=True)) == {
        "Layla Nasser",
        "Karim Alaoui",
        "Hélène Dubois",
        "Ahmad Mansour",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"attended": "1"}, "Choose at least one participant."),
        ({"participants": ["STRANGER"], "attended": "1"}, "Select a valid choice."),
        ({"participants": ["abc"], "attended": "1"}, "Select a valid choice."),
        ({"participants": ["OWN"], "attended": "perhaps"}, "Select a valid choice."),
    ],
)
def test_bulk_attendance_refuses_bad_requests(
    secretariat_client, listed, other_dialogue, data, message
):
    stranger = _add(other_dialogue, "Someone Else")
    if data.get("participants") == ["STRANGER"]:
        data["participants"] = [listed[1].pk, stranger.pk]
    if data.get("participants") == ["OWN"]:
        data["participants"] = [listed[1].pk]
    before = _stored()
    response = secretariat_client.post(f"{URL}participants/attendance/", data, follow=True)
    assert any(text.startswith(message) for text in _messages(response))
    assert _stored() == before


def test_set_attendance_refuses_other_dialogues_participants(listed, other_dialogue):
    stranger = _add(other_dialogue, "Someone Else")
    before = _stored()
    with pytest.raises(DialogueError, match="not on this dialogue's list"):
        services.set_attendance(
            dialogue=listed[0].dialogue, participant_ids=[listed[1].pk, stranger.pk], attended=True
        )
    assert _stored() == before


def test_adding_a_participant_by_hand(secretariat_client, dialogue, morocco):
    response = secretariat_client.post(
        f"{URL}participants/add/",
        {
            "full_name": "  Nadia   Benali ",
            "email": "nadia@example.ma",
            "sector": "member_state",
            "country": morocco.pk,
            "gender": "female",
            "attended": "on",
        },
        follow=True,
    )
    assert "Nadia Benali is on the list." in _messages(response)
    participant = Participant.objects.get()
    assert (participant.full_name, participant.email, participant.source) == (
        "Nadia Benali",
        "nadia@example.ma",
        "manual",
    )
    assert (participant.sector, participant.country, participant.category) == (
        "member_state",
        morocco,
        None,
    )
    assert (participant.attended, participant.user) == (True, None)


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"sector": "stakeholder"}, "category", "Choose the stakeholder category."),
        ({"full_name": "x" * 201}, "full_name", "Ensure this value has at most 200 characters"),
    ],
)
def test_adding_a_participant_with_wrong_data(secretariat_client, dialogue, data, field, error):
    form = {"full_name": "Sami Khoury", "sector": "un_system", **data}
    response = secretariat_client.post(f"{URL}participants/add/", form)
    assert any(message.startswith(error) for message in response.context["form"].errors[field])
    assert _stored() == []


def test_adding_an_address_already_listed(secretariat_client, listed):
    before = _stored()
    response = secretariat_client.post(
        f"{URL}participants/add/",
        {"full_name": "Layla N.", "email": "LAYLA.NASSER@jmwn.example.org", "sector": "un_system"},
    )
    assert (
        "LAYLA.NASSER@jmwn.example.org is already on the participant list of this dialogue."
        in _messages(response)
    )
    assert _stored() == before


def _csv(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_export(secretariat_client, listed):
    _add(listed[0].dialogue, '=HYPERLINK("http://attacker.example/","x")', "@evil.example")
    response = secretariat_client.get(f"{URL}participants.csv?attended=yes")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="dialogue-1-participants.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:7] == [
        "Name",
        "Email",
        "Attended",
        "Source",
        "Speaks for",
        "Stakeholder category",
        "Country",
    ]
    assert [row[0] for row in rows[1:]] == ["Hélène Dubois", "Layla Nasser"]
    layla = rows[2]
    assert layla[1:8] == [
        "layla.nasser@jmwn.example.org",
        "yes",
        "Added by the secretariat",
        "Stakeholder (GCM para 44)",
        "Civil society",
        "Jordan",
        "Jordan Migrant Workers Network",
    ]
    everyone = _csv(secretariat_client.get(f"{URL}participants.csv"))
    assert ['\'=HYPERLINK("http://attacker.example/","x")', "'@evil.example"] in [
        row[:2] for row in everyone
    ]


@pytest.mark.parametrize("path", ["participants/", "participants.csv"])
def test_the_list_makes_a_constant_number_of_queries(
    secretariat_client, dialogue, jordan, morocco, organization, django_assert_num_queries, path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        _add(
            dialogue,
            f"Person {n}",
            f"person{n}@example.org",
            sector="stakeholder",
            category=StakeholderCategory.objects.order_by("position")[n],
            country=(jordan, morocco, None)[n],
            organization=(organization, None, None)[n],
            organization_name=("", "Caritas", "")[n],
            attended=n % 2 == 0,
        )

    add(0)
    secretariat_client.get(f"{URL}{path}")  # warm up the session and the middleware
    with CaptureQueriesContext(connection) as one:
        secretariat_client.get(f"{URL}{path}")
    add(1)
    add(2)
    with django_assert_num_queries(len(one)):
        response = secretariat_client.get(f"{URL}{path}")
    assert b"Person 2" in response.content


def test_the_list_in_arabic(secretariat_client, listed):
    response = secretariat_client.get("/ar/dialogues/dialogue-1/participants/")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content


# --- Importing the attendance list -----------------------------------------------------------


def _upload(client: Any, name: str, data: bytes | None = None) -> Any:
    content = data if data is not None else (DATA / name).read_bytes()
    return client.post(
        f"{URL}attendance/import/", {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def _session_keys(client: Any) -> list[str]:
    keys = client.session.keys()  # a session is not iterable like a dict
    return [key for key in keys if key.startswith("dialogues:attendance")]


@pytest.fixture
def dialogue_one(dialogue, jordan, morocco, organization, focal_point):
    """Who registered for the first dialogue, as the Zoom and Teams files know them."""
    return [
        _add(
            dialogue,
            "Layla Nasser",
            "layla.nasser@jmwn.example.org",
            organization=organization,
            category=_category("civil_society"),
            country=jordan,
        ),
        _add(
            dialogue,
            "Karim Alaoui",
            "karim.alaoui@umt.example.ma",
            category=_category("trade_unions"),
            country=morocco,
        ),
        _add(dialogue, "Hélène Dubois", category=_category("faith_based")),
        _add(dialogue, "Ahmad Mansour", "ahmad.mansour@example.org"),
        _add(dialogue, "أمل حداد", "amal@example.jo", sector="member_state", country=jordan),
        _add(dialogue, "Sara Haddad", "sara@example.org", attended=True),
    ]


def test_importing_a_zoom_report(secretariat_client, dialogue_one):
    response = _upload(secretariat_client, "zoom_participants.csv")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}attendance/import/columns/"
    page = secretariat_client.get(response["Location"])
    assert page.status_code == 200
    form = page.context["form"]
    assert {name: form[name].value() for name in form.fields} == {
        "name": "0",
        "email": "1",
        "organization": "",
        "country": "",
    }
    content = page.content.decode()
    assert "UTF-8 (with byte order mark)" in content
    assert "zoom_participants.csv" in content
    assert "line 4" in content
    assert not Participant.objects.filter(attended=True).exclude(full_name="Sara Haddad").exists()

    response = secretariat_client.post(
        f"{URL}attendance/import/columns/", {"name": "0", "email": "1"}
    )
    assert response["Location"] == f"{URL}attendance/import/result/"
    present = set(Participant.objects.filter(attended=True).values_list("full_name", flat=True))
    # By email (in another case), by Zoom's original name, by name without accents, and
    # "Mansour, Ahmad" by name although the address differs.
    assert present == {
        "Layla Nasser",
        "Karim Alaoui",
        "Hélène Dubois",
        "Ahmad Mansour",
        "Sara Haddad",
    }
    assert Participant.objects.get(full_name="أمل حداد").attended is False  # not in the file

    result = secretariat_client.get(response["Location"])
    outcome = result.context["outcome"]
    assert (outcome.rows, outcome.duplicates) == (9, 1)  # Layla reconnected
    assert outcome.newly_attended == [
        "Ahmad Mansour",
        "Hélène Dubois",
        "Karim Alaoui",
        "Layla Nasser",
    ]
    assert [row.name for row, _reason in outcome.unmatched] == [
        "ESCWA Dialogues",
        "João Pereira",
        '=HYPERLINK("http://attacker.example/","Open")',
        "Samsung Galaxy A51",
    ]
    assert b"We could not match these 4 rows" in result.content
    assert _session_keys(secretariat_client) == [
        f"dialogues:attendance-result:{dialogue_one[0].dialogue_id}"
    ]


def test_adding_the_unmatched_rows_as_participants(secretariat_client, dialogue_one, jordan):
    _upload(secretariat_client, "zoom_participants.csv")
    secretariat_client.post(f"{URL}attendance/import/columns/", {"name": "0", "email": "1"})
    response = secretariat_client.post(
        f"{URL}attendance/import/result/",
        {"rows": ["1", "2"], "sector": "stakeholder", "category": _category("other").pk},
        follow=True,
    )
    assert "2 attendees were added to the list as present." in _messages(response)
    added = Participant.objects.filter(source="import").order_by("full_name")
    assert [(p.full_name, p.email, p.attended, p.sector, p.category.code) for p in added] == [
        ('=HYPERLINK("http://attacker.example/","Open")', "", True, "stakeholder", "other"),
        ("João Pereira", "joao.pereira@iom.example.int", True, "stakeholder", "other"),
    ]
    # The added rows leave the result page; the others can still be added.
    outcome = response.context["outcome"]
    assert [row.name for row, _reason in outcome.unmatched] == [
        "ESCWA Dialogues",
        "Samsung Galaxy A51",
    ]
    # The formula is stored as typed and exported inert.
    rows = _csv(secretariat_client.get(f"{URL}participants.csv"))
    assert '\'=HYPERLINK("http://attacker.example/","Open")' in [row[0] for row in rows]
    # Importing the same list again marks nobody new, and the added people now match.
    _upload(secretariat_client, "zoom_participants.csv")
    secretariat_client.post(f"{URL}attendance/import/columns/", {"name": "0", "email": "1"})
    outcome = secretariat_client.get(f"{URL}attendance/import/result/").context["outcome"]
    assert outcome.newly_attended == []
    assert len(outcome.already_attended) == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sector": "stakeholder"}, "Choose at least one row to add."),
        ({"rows": ["0"], "sector": "stakeholder"}, "Choose the stakeholder category."),
        ({"rows": ["0"], "sector": "member_state"}, "Choose the Member State."),
        ({"rows": ["17"], "sector": "un_system"}, "Select a valid choice."),
    ],
)
def test_adding_unmatched_rows_with_wrong_data(secretariat_client, dialogue_one, data, message):
    _upload(secretariat_client, "zoom_participants.csv")
    secretariat_client.post(f"{URL}attendance/import/columns/", {"name": "0", "email": "1"})
    before = _stored()
    response = secretariat_client.post(f"{URL}attendance/import/result/", data)
    errors = [error for errors in response.context["form"].errors.values() for error in errors]
    assert any(error.startswith(message) for error in errors)
    assert _stored() == before


def test_an_unmatched_address_added_meanwhile_is_refused(secretariat_client, dialogue_one):
    _upload(secretariat_client, "zoom_participants.csv")
    secretariat_client.post(f"{URL}attendance/import/columns/", {"name": "0", "email": "1"})
    _add(dialogue_one[0].dialogue, "J. Pereira", "JOAO.PEREIRA@iom.example.int")
    before = _stored()
    response = secretariat_client.post(
        f"{URL}attendance/import/result/",
        {"rows": ["0", "1"], "sector": "un_system"},
        follow=True,
    )
    assert (
        "joao.pereira@iom.example.int is already on the participant list of this dialogue."
        in _messages(response)
    )
    assert _stored() == before  # not even the first row


def test_importing_a_teams_list_in_utf16(secretariat_client, dialogue_one):
    response = _upload(secretariat_client, "teams_meetingAttendanceList.csv")
    page = secretariat_client.get(response["Location"])
    assert b"UTF-16" in page.content
    assert page.context["form"]["email"].value() == "4"
    secretariat_client.post(f"{URL}attendance/import/columns/", {"name": "0", "email": "4"})
    outcome = secretariat_client.get(f"{URL}attendance/import/result/").context["outcome"]
    # "أمل حدّاد" (with a shadda) is "أمل حداد"; "Karim Alaoui (Guest)" twice is Karim, once.
    assert outcome.newly_attended == ["Karim Alaoui", "Layla Nasser", "أمل حداد"]
    assert outcome.duplicates == 1
    assert [row.name for row, _reason in outcome.unmatched] == ["ESCWA Dialogues", "Sami Khoury"]


def test_importing_an_arabic_excel_list_and_adding_its_people(
    secretariat_client, dialogue_one, jordan
):
    response = _upload(secretariat_client, "excel_arabic_cp1256.csv")
    page = secretariat_client.get(response["Location"])
    assert "Windows-1256 (Arabic)" in page.content.decode()
    assert "الشبكة الموريتانية للمهاجرين" in page.content.decode()  # the preview
    secretariat_client.post(
        f"{URL}attendance/import/columns/",
        {"name": "0", "email": "1", "organization": "2", "country": "3"},
    )
    outcome = secretariat_client.get(f"{URL}attendance/import/result/").context["outcome"]
    assert outcome.newly_attended == ["Hélène Dubois", "أمل حداد"]  # tatweel folded away
    # "إيمان الصغيّر" and "ايمان الصغير" are one person, listed once.
    assert [row.name for row, _reason in outcome.unmatched] == [
        "إيمان الصغيّر",
        "محمد الأمين ولد أحمد",
    ]
    assert outcome.duplicates == 1
    secretariat_client.post(
        f"{URL}attendance/import/result/",
        {"rows": ["0", "1"], "sector": "stakeholder", "category": _category("civil_society").pk},
    )
    added = {p.full_name: p for p in Participant.objects.filter(source="import")}
    assert added["إيمان الصغيّر"].country.iso2 == "TN"  # "تونس" recognised
    assert added["إيمان الصغيّر"].organization_name == (
        "المنتدى التونسي للحقوق الاقتصادية والاجتماعية"
    )
    assert added["محمد الأمين ولد أحمد"].country.iso2 == "MR"


def _cp1256_bytes() -> bytes:
    return (DATA / "excel_arabic_cp1256.csv").read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The submitted file is empty."),
        ("blank.csv", b"\r\n \r\n", "The file is empty."),
        (
            "huge.csv",
            b"Name,Email\n" + b"x" * MAX_FILE_BYTES,
            "The file is larger than 2 MB: an attendance list is much smaller.",
        ),
        (
            "attendance.xlsx",
            b"PK\x03\x04" + b"\x00" * 64,
            "This is a spreadsheet workbook, not a CSV file.",
        ),
        (
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "This is not a CSV file.",
        ),
        (
            "utf16-no-bom.csv",
            "Name,Email\r\nLayla,layla@example.org\r\n".encode("utf-16-le"),
            "We could not read the text of this file. Encodings tried: UTF-8, "
            "Windows-1256 (Arabic).",
        ),
        (
            "columns.csv",
            b"Meeting ID,Topic,Start Time\n812,Dialogue,10:00\n",
            "We could not find the header row of the attendance list",
        ),
        (
            "commas.csv",
            b"Name,Email\nNasser, Layla,layla@example.org\n",
            "Line 2 has 3 columns but the header has 2.",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(
    secretariat_client, dialogue_one, name, data, message
):
    before = _stored()
    response = _upload(secretariat_client, name, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(error.startswith(message) for error in errors), errors
    assert message.encode() in response.content
    assert _session_keys(secretariat_client) == []
    assert _stored() == before


def test_a_file_is_required(secretariat_client, dialogue):
    response = secretariat_client.post(f"{URL}attendance/import/", {})
    assert response.context["form"].errors["file"] == ["This field is required."]
    assert _session_keys(secretariat_client) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "1"}, "name", "Choose the column that holds the attendees' names."),
        ({"name": "1", "email": "1"}, "email", "This column is already used for “Name”."),
        ({"name": "9"}, "name", "Select a valid choice."),
    ],
)
def test_wrong_column_choices(secretariat_client, dialogue_one, data, field, message):
    _upload(secretariat_client, "zoom_participants.csv")
    before = _stored()
    response = secretariat_client.post(f"{URL}attendance/import/columns/", data)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in response.context["form"].errors[field])
    assert _stored() == before
    # The file is still there: the columns can be chosen again.
    assert secretariat_client.get(f"{URL}attendance/import/columns/").status_code == 200


def test_a_file_without_a_name_column_needs_one_chosen(secretariat_client, dialogue_one):
    _upload(secretariat_client, "emails.csv", b"Email,Duration\nlayla.nasser@jmwn.example.org,45\n")
    page = secretariat_client.get(f"{URL}attendance/import/columns/")
    assert page.context["form"]["name"].value() == ""
    response = secretariat_client.post(f"{URL}attendance/import/columns/", {"email": "0"})
    assert response.context["form"].errors["name"] == [
        "Choose the column that holds the attendees' names."
    ]
    assert not Participant.objects.get(full_name="Layla Nasser").attended


def test_the_steps_need_the_step_before(secretariat_client, dialogue):
    for path in ("attendance/import/columns/", "attendance/import/result/"):
        response = secretariat_client.get(f"{URL}{path}", follow=True)
        assert response.redirect_chain[-1][0] == f"{URL}attendance/import/"
        assert "Upload the attendance list first." in _messages(response)


def test_a_tampered_session_file_is_asked_for_again(secretariat_client, dialogue):
    session = secretariat_client.session
    session[f"dialogues:attendance-file:{dialogue.pk}"] = {"name": "x.csv", "data": "%%%"}
    session.save()
    response = secretariat_client.get(f"{URL}attendance/import/columns/", follow=True)
    assert "Upload the attendance list first." in _messages(response)
    session = secretariat_client.session
    session[f"dialogues:attendance-file:{dialogue.pk}"] = {
        "name": "x.csv",
        "data": base64.b64encode(b"\x00\x01").decode(),
    }
    session.save()
    response = secretariat_client.get(f"{URL}attendance/import/columns/", follow=True)
    assert "Upload the attendance list first." in _messages(response)


def test_an_import_is_kept_per_dialogue(secretariat_client, dialogue_one, other_dialogue):
    _upload(secretariat_client, "zoom_participants.csv")
    response = secretariat_client.get("/en/dialogues/dialogue-2/attendance/import/columns/")
    assert response.status_code == 302


def test_the_import_pages_in_arabic(secretariat_client, dialogue_one):
    response = secretariat_client.get("/ar/dialogues/dialogue-1/attendance/import/")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content
    _upload(secretariat_client, "excel_arabic_cp1256.csv")
    response = secretariat_client.get("/ar/dialogues/dialogue-1/attendance/import/columns/")
    assert response.status_code == 200


def test_the_import_service_refuses_an_empty_list(dialogue):
    with pytest.raises(DialogueError, match="names nobody"):
        services.import_attendance(dialogue=dialogue, rows=[])


def test_the_organization_is_added_as_typed(dialogue):
    """Even when an organization of that name is on Hiwar: a name in a file proves nothing."""
    OrganizationFactory(name="Caritas Lebanon")
    row = AttendanceRow(line=2, name="Rita Khoury", organization="Caritas Lebanon")
    (added,) = services.add_unmatched_attendees(dialogue=dialogue, rows=[row], sector="un_system")
    assert (added.organization, added.organization_name) == (None, "Caritas Lebanon")


def test_an_empty_post_shows_the_errors(client, open_dialogue, user):
    client.force_login(user)
    response = client.post(f"{URL}register/", {})
    assert response.context["form"].errors["sector"] == ["This field is required."]
    assert _stored() == []
