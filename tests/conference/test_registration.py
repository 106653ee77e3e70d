"""Registration: signing oneself up, capacity and the waiting list, cancelling (the first person
waiting gets the place and a mail), duplicates, nominations by focal points and organization
administrators, and the secretariat's participant list with its counts and CSV exports.

Every refused request leaves the stored registrations exactly as they were."""

import csv
import io
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError

from hiwar.accounts.models import Membership
from hiwar.conference import selectors_participation as selectors
from hiwar.conference.models import Registration
from hiwar.conference.services import ConferenceError
from hiwar.conference.services import registration as services
from hiwar.framework.models import StakeholderCategory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/conference/rrc-2021/"


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _stored() -> list[tuple]:
    return list(
        Registration.objects.order_by("pk").values_list(
            "pk", "email", "status", "role", "sector", "country", "organization", "user"
        )
    )


def _register(client: Any, user: Any, **data: Any) -> Any:
    client.force_login(user)
    form = {"role": "observer", "interpretation": "ar", "sector": "un_system", **data}
    return client.post(f"{URL}register/", form, follow=True)


def _sign_up(conference: Any, user: Any | None = None, **fields: Any) -> Registration:
    """A registration through the service, as a participant would make it."""
    user = user or UserFactory()
    return services.register_participant(
        conference=conference,
        user=user,
        role=fields.pop("role", "observer"),
        interpretation=fields.pop("interpretation", "en"),
        sector=fields.pop("sector", "un_system"),
        **fields,
    )


@pytest.fixture
def org_admin(organization: Any) -> Any:
    return MembershipFactory(
        organization=organization,
        user=UserFactory(full_name="Hala Admin"),
        role=Membership.Role.ADMIN,
    ).user


# --- Signing oneself up ----------------------------------------------------------------------


def test_a_participant_registers_and_gets_a_confirmation(
    client, conference, user, jordan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(
            client,
            user,
            role="delegate",
            interpretation="fr",
            sector="member_state",
            country=jordan.pk,
            accessibility_needs="  Step-free access  ",
        )
    assert "You are registered. A confirmation has been sent by mail." in _messages(response)
    registration = Registration.objects.get()
    assert (registration.full_name, registration.email, registration.user) == (
        user.full_name,
        user.email,
        user,
    )
    assert (registration.status, registration.role, registration.interpretation) == (
        "confirmed",
        "delegate",
        "fr",
    )
    assert (registration.sector, registration.country, registration.category) == (
        "member_state",
        jordan,
        None,
    )
    assert registration.accessibility_needs == "Step-free access"
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Your registration for Regional Review Conference is confirmed." in mail.outbox[0].body
    assert "/en/conference/rrc-2021/register/" in mail.outbox[0].body
    # The page now shows the registration and a way to cancel it, not the form.
    page = client.get(f"{URL}register/")
    assert page.context["registration"] == registration
    assert b"Cancel my registration" in page.content


def test_the_register_page_prefills_the_organization(client, conference, org_member, organization):
    client.force_login(org_member)
    response = client.get(f"{URL}register/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["organization"].value() == organization.pk
    assert form["sector"].value() == "stakeholder"
    assert form["category"].value() == organization.category.pk
    assert list(form.fields["organization"].queryset) == [organization]


def test_a_stakeholder_registers_with_their_organization(
    client, conference, org_member, organization
):
    response = _register(
        client,
        org_member,
        sector="stakeholder",
        organization=organization.pk,
        country=organization.country.pk,
    )
    assert response.status_code == 200
    registration = Registration.objects.get()
    # The category comes from the organization when none is chosen.
    assert (registration.organization, registration.category) == (
        organization,
        organization.category,
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, conference):
    response = client.get(f"{URL}register/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"sector": "stakeholder"}, "category", "Choose the stakeholder category."),
        ({"role": "chairperson"}, "role", None),
        ({"interpretation": "de"}, "interpretation", None),
        ({"country": "999999"}, "country", None),
    ],
)
def test_wrong_form_data_is_refused(client, conference, user, data, field, error):
    response = _register(client, user, **data)
    form = response.context["form"]
    assert field in form.errors
    if error:
        assert form.errors[field] == [error]
    assert _stored() == []


def test_a_member_state_delegate_must_name_the_member_state(client, conference, user):
    response = _register(client, user, sector="member_state")
    assert "Choose the Member State you represent." in _messages(response)
    assert _stored() == []


def test_a_country_outside_the_review_is_no_member_state_of_it(client, conference, user):
    from hiwar.framework.models import Country

    france = Country.objects.get(iso2="FR")
    response = _register(client, user, sector="member_state", country=france.pk)
    assert f"{france.name} is not a Member State of this review." in _messages(response)
    assert _stored() == []


def test_another_organizations_id_is_refused(client, conference, org_member, other_org_member):
    other = other_org_member.memberships.get().organization
    response = _register(client, org_member, sector="stakeholder", organization=other.pk)
    assert "organization" in response.context["form"].errors
    assert _stored() == []
    # The service refuses it too, whatever the form lets through.
    with pytest.raises(ConferenceError):
        _sign_up(conference, org_member, organization=other)
    assert _stored() == []


def test_registration_closed(client, conference, user):
    conference.registration_open = False
    conference.save()
    client.force_login(user)
    page = client.get(f"{URL}register/")
    assert b"Registration for this conference is closed." in page.content
    assert page.context["form"] is not None
    response = _register(client, user)
    assert "Registration for this conference is closed." in _messages(response)
    assert _stored() == []
    assert mail.outbox == []


# --- Capacity and the waiting list -----------------------------------------------------------


def test_beyond_capacity_people_join_the_waiting_list(
    client, conference, user, django_capture_on_commit_callbacks
):
    for _ in range(3):
        _sign_up(conference)
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, user)
    assert "The conference is full: you are on the waiting list, number 1." in _messages(response)
    registration = Registration.objects.get(user=user)
    assert registration.status == "waiting"
    assert b"you are on the waiting list, number 1" in response.content
    assert "full: you are on the waiting list" in mail.outbox[-1].body
    assert "is confirmed" not in mail.outbox[-1].body
    second = _sign_up(conference)
    assert selectors.waiting_number(second) == 2
    assert selectors.confirmed_count(conference) == 3


def test_cancelling_gives_the_place_to_the_first_waiting(
    client, conference, django_capture_on_commit_callbacks
):
    confirmed = [_sign_up(conference) for _ in range(3)]
    first_waiting = _sign_up(conference)
    second_waiting = _sign_up(conference)
    leaving = confirmed[1]
    client.force_login(leaving.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}register/cancel/", follow=True)
    assert "The registration is cancelled; its place is free." in _messages(response)
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[leaving.pk] == "cancelled"
    assert statuses[first_waiting.pk] == "confirmed"
    assert statuses[second_waiting.pk] == "waiting"
    assert selectors.waiting_number(Registration.objects.get(pk=second_waiting.pk)) == 1
    assert [m.to for m in mail.outbox] == [[first_waiting.email]]
    assert "is confirmed" in mail.outbox[0].body


def test_cancelling_a_waiting_registration_promotes_nobody(conference):
    for _ in range(3):
        _sign_up(conference)
    waiting = _sign_up(conference)
    behind = _sign_up(conference)
    assert services.cancel_registration(registration=waiting, by=waiting.user) == []
    behind.refresh_from_db()
    assert (behind.status, selectors.waiting_number(behind)) == ("waiting", 1)


def test_raising_the_capacity_fills_the_places_in_order(conference):
    for _ in range(3):
        _sign_up(conference)
    waiting = [_sign_up(conference) for _ in range(3)]
    conference.capacity = 5
    conference.save()
    promoted = services.fill_free_places(conference=conference)
    assert promoted == waiting[:2]
    # A newcomer does not jump ahead of the waiting list.
    newcomer = _sign_up(conference)
    assert newcomer.status == "waiting"


def test_no_capacity_means_no_waiting_list(conference):
    conference.capacity = None
    conference.save()
    assert {_sign_up(conference).status for _ in range(5)} == {"confirmed"}


def test_nobody_to_cancel(client, conference, user):
    client.force_login(user)
    response = client.post(f"{URL}register/cancel/", follow=True)
    assert "You have no registration to cancel." in _messages(response)


def test_one_cannot_cancel_someone_elses_registration(conference, user):
    registration = _sign_up(conference)
    with pytest.raises(ConferenceError, match="only cancel your own"):
        services.cancel_registration(registration=registration, by=user)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_registering_again_after_cancelling(conference, user):
    for _ in range(2):
        _sign_up(conference)
    mine = _sign_up(conference, user)
    services.cancel_registration(registration=mine, by=user)
    _sign_up(conference)  # takes the free place
    again = _sign_up(conference, user, role="media")
    assert again.pk == mine.pk
    assert (again.status, again.role) == ("waiting", "media")
    assert Registration.objects.filter(user=user).count() == 1


# --- Duplicates ------------------------------------------------------------------------------


def test_a_duplicate_registration_is_refused(client, conference, focal_point, jordan):
    services.nominate_participant(
        conference=conference,
        nominator=focal_point,
        full_name="Amal Haddad",
        email="AMAL@Example.JO",
        interpretation="ar",
        country=jordan,
    )
    before = _stored()
    response = _register(client, focal_point, sector="member_state", country=jordan.pk)
    assert "amal@example.jo is already registered for this conference." in _messages(response)
    assert _stored() == before


def test_a_duplicate_that_slips_past_the_check_is_caught(conference, user, monkeypatch):
    _sign_up(conference, user)
    before = _stored()
    # Two requests at once: the second checks before the first one's row is written.
    monkeypatch.setattr(services, "already_registered", lambda **kwargs: False)
    with pytest.raises(ConferenceError, match="already registered"):
        _sign_up(conference, user)
    assert _stored() == before


def test_the_database_refuses_a_duplicate_email_in_any_case(conference):
    registration = _sign_up(conference)
    with pytest.raises(IntegrityError):
        Registration.objects.create(
            conference=conference,
            full_name="Copy",
            email=registration.email.upper(),
            sector="un_system",
            role="observer",
            interpretation="en",
            status="confirmed",
        )


# --- Nominations -----------------------------------------------------------------------------


def test_a_focal_point_nominates_a_delegate(
    client, conference, focal_point, jordan, django_capture_on_commit_callbacks
):
    nominee = UserFactory(email="samir@example.jo", preferred_language="fr")
    client.force_login(focal_point)
    page = client.get(f"{URL}nominate/")
    assert page.status_code == 200
    assert page.context["form"].fields["on_behalf_of"].choices == [
        (f"country-{jordan.pk}", jordan.name)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{URL}nominate/",
            {
                "on_behalf_of": f"country-{jordan.pk}",
                "full_name": " Samir  Khalil ",
                "email": "Samir@example.jo",
                "role": "media",  # Member State nominees are always delegates
                "interpretation": "fr",
            },
            follow=True,
        )
    assert "Samir Khalil is registered and has been told by mail." in _messages(response)
    registration = Registration.objects.get()
    assert (registration.sector, registration.country, registration.role) == (
        "member_state",
        jordan,
        "delegate",
    )
    assert (registration.nominated_by, registration.user) == (focal_point, nominee)
    assert registration.full_name == "Samir Khalil"
    assert [m.to for m in mail.outbox] == [["Samir@example.jo"]]
    body = mail.outbox[0].body  # in the nominee's language, French
    assert "/fr/conference/rrc-2021/register/" in body
    assert "Amal Haddad" in body
    assert [r.pk for r in response.context["nominations"]] == [registration.pk]
    assert b"Samir Khalil" in response.content


def test_a_nominee_without_an_account_is_registered_by_address(conference, focal_point, jordan):
    registration = services.nominate_participant(
        conference=conference,
        nominator=focal_point,
        full_name="Rami",
        email="rami@example.jo",
        interpretation="ar",
        country=jordan,
    )
    assert registration.user is None
    # When Rami signs up with that address, the registration is his.
    rami = UserFactory(email="rami@example.jo")
    assert selectors.registration_of(conference, rami) == registration


def test_a_focal_point_cannot_nominate_for_another_country(
    client, conference, focal_point, morocco
):
    client.force_login(focal_point)
    response = client.post(
        f"{URL}nominate/",
        {
            "on_behalf_of": f"country-{morocco.pk}",
            "full_name": "Forged",
            "email": "forged@example.ma",
            "role": "delegate",
            "interpretation": "ar",
        },
    )
    assert "on_behalf_of" in response.context["form"].errors
    assert _stored() == []
    with pytest.raises(ConferenceError, match="Member State you are focal point for"):
        services.nominate_participant(
            conference=conference,
            nominator=focal_point,
            full_name="Forged",
            email="forged@example.ma",
            interpretation="ar",
            country=morocco,
        )
    assert _stored() == []


def test_an_organization_admin_nominates_members(client, conference, org_admin, organization):
    client.force_login(org_admin)
    response = client.post(
        f"{URL}nominate/",
        {
            "on_behalf_of": f"organization-{organization.pk}",
            "full_name": "Lina",
            "email": "lina@example.org",
            "role": "observer",
            "interpretation": "en",
        },
        follow=True,
    )
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert (registration.sector, registration.category, registration.organization) == (
        "stakeholder",
        organization.category,
        organization,
    )
    assert (registration.role, registration.country, registration.nominated_by) == (
        "observer",
        organization.country,
        org_admin,
    )


def test_a_member_who_is_not_admin_cannot_nominate(client, conference, org_member, organization):
    client.force_login(org_member)
    assert client.get(f"{URL}nominate/").status_code == 403
    response = client.post(
        f"{URL}nominate/",
        {
            "on_behalf_of": f"organization-{organization.pk}",
            "full_name": "Forged",
            "email": "forged@example.org",
            "role": "observer",
            "interpretation": "en",
        },
    )
    assert response.status_code == 403
    assert _stored() == []
    with pytest.raises(ConferenceError, match="organization you administer"):
        services.nominate_participant(
            conference=conference,
            nominator=org_member,
            full_name="Forged",
            email="forged@example.org",
            interpretation="en",
            organization=organization,
        )
    assert _stored() == []


def test_an_admin_cannot_nominate_for_another_organization(
    client, conference, org_admin, other_org_member
):
    other = other_org_member.memberships.get().organization
    client.force_login(org_admin)
    response = client.post(
        f"{URL}nominate/",
        {
            "on_behalf_of": f"organization-{other.pk}",
            "full_name": "Forged",
            "email": "forged@example.org",
            "role": "observer",
            "interpretation": "en",
        },
    )
    assert "on_behalf_of" in response.context["form"].errors
    assert _stored() == []


def test_government_institutions_do_not_nominate(conference, jordan):
    ministry = OrganizationFactory(kind="government", category=None, country=jordan)
    admin = MembershipFactory(organization=ministry, role=Membership.Role.ADMIN).user
    with pytest.raises(ConferenceError, match="focal point"):
        services.nominate_participant(
            conference=conference,
            nominator=admin,
            full_name="Official",
            email="official@example.jo",
            interpretation="ar",
            organization=ministry,
        )
    assert _stored() == []


def test_nominations_follow_capacity_and_duplicates(client, conference, focal_point, jordan):
    for _ in range(3):
        _sign_up(conference)
    client.force_login(focal_point)
    data = {
        "on_behalf_of": f"country-{jordan.pk}",
        "full_name": "Late",
        "email": "late@example.jo",
        "role": "delegate",
        "interpretation": "ar",
    }
    response = client.post(f"{URL}nominate/", data, follow=True)
    assert "The conference is full: Late is on the waiting list, number 1." in _messages(response)
    assert b"Waiting list, number 1" in response.content
    before = _stored()
    response = client.post(f"{URL}nominate/", {**data, "email": "LATE@example.jo"}, follow=True)
    assert "LATE@example.jo is already registered for this conference." in _messages(response)
    assert _stored() == before


def test_a_nominator_cancels_their_nominee_only(client, conference, focal_point, jordan, user):
    nominee = services.nominate_participant(
        conference=conference,
        nominator=focal_point,
        full_name="Nominee",
        email="nominee@example.jo",
        interpretation="ar",
        country=jordan,
    )
    someone = _sign_up(conference)
    client.force_login(focal_point)
    assert client.post(f"{URL}nominate/{someone.pk}/cancel/").status_code == 404
    response = client.post(f"{URL}nominate/{nominee.pk}/cancel/", follow=True)
    assert "The registration is cancelled; its place is free." in _messages(response)
    nominee.refresh_from_db()
    someone.refresh_from_db()
    assert (nominee.status, someone.status) == ("cancelled", "confirmed")


def test_nominations_while_registration_is_closed(conference, focal_point, jordan):
    conference.registration_open = False
    conference.save()
    with pytest.raises(ConferenceError, match="closed"):
        services.nominate_participant(
            conference=conference,
            nominator=focal_point,
            full_name="Nominee",
            email="nominee@example.jo",
            interpretation="ar",
            country=jordan,
        )
    assert _stored() == []


# --- The participant list --------------------------------------------------------------------


@pytest.fixture
def crowd(conference, focal_point, jordan, morocco, organization):
    """Three confirmed and two waiting, of every kind."""
    services.nominate_participant(
        conference=conference,
        nominator=focal_point,
        full_name="Jordan Delegate",
        email="delegate@example.jo",
        interpretation="ar",
        country=jordan,
    )
    _sign_up(conference, interpretation="en", role="observer")
    _sign_up(
        conference,
        sector="stakeholder",
        category=StakeholderCategory.objects.get(code="civil_society"),
        interpretation="ar",
        role="speaker",
        country=jordan,
    )
    _sign_up(
        conference, sector="member_state", country=morocco, interpretation="fr", role="delegate"
    )
    _sign_up(conference, interpretation="floor", role="media", accessibility_needs="Sign language")
    cancelled = _sign_up(conference, role="media")
    services.cancel_registration(registration=cancelled, by=cancelled.user)
    return conference


def _rows(counts: list[selectors.CountRow]) -> list[tuple[str, int, int]]:
    return [(row.label, row.confirmed, row.waiting) for row in counts]


def test_counts_for_the_interpreters(crowd, jordan, morocco):
    civil_society = StakeholderCategory.objects.get(code="civil_society")
    counts = selectors.registration_counts(crowd)
    assert _rows(counts.by_interpretation) == [
        ("Arabic", 2, 0),
        ("English", 1, 0),
        ("French", 0, 1),
        ("Floor (no interpretation)", 0, 1),
    ]
    assert _rows(counts.by_role) == [
        ("Delegate", 1, 1),
        ("Observer", 1, 0),
        ("Speaker", 1, 0),
        ("Media", 0, 1),
    ]
    assert _rows(counts.by_sector) == [
        ("Member State", 1, 1),
        ("United Nations system", 1, 1),
        (f"Stakeholder (GCM para 44): {civil_society.name}", 1, 0),
    ]
    assert sorted(_rows(counts.by_country)) == sorted(
        [(jordan.name, 2, 0), (morocco.name, 0, 1), ("No country given", 1, 1)]
    )
    assert (counts.total.confirmed, counts.total.waiting) == (3, 2)


def test_the_secretariat_sees_and_filters_the_participant_list(secretariat_client, crowd):
    response = secretariat_client.get(f"{URL}registrations/")
    assert response.status_code == 200
    assert len(response.context["registrations"]) == 6
    assert b"Jordan Delegate" in response.content
    assert b"nominated by" in response.content
    response = secretariat_client.get(f"{URL}registrations/?status=waiting&interpretation=fr")
    assert [r.interpretation for r in response.context["registrations"]] == ["fr"]
    response = secretariat_client.get(f"{URL}registrations/?role=media")
    assert {r.status for r in response.context["registrations"]} == {"waiting", "cancelled"}
    # An unknown filter value is ignored rather than failing.
    response = secretariat_client.get(f"{URL}registrations/?status=lost")
    assert response.status_code == 200


def test_the_participant_list_csv(secretariat_client, crowd):
    response = secretariat_client.get(f"{URL}registrations.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == [
        "Name",
        "Email",
        "Participates as",
        "Status",
        "Speaks for",
        "Stakeholder category",
        "Country",
        "Organization",
        "Listens in",
        "Accessibility needs",
        "Nominated by",
        "Registered on",
    ]
    assert len(rows) == 7  # one row per registration, followed by nothing else
    delegate = rows[1]
    assert delegate[:4] == ["Jordan Delegate", "delegate@example.jo", "Delegate", "Confirmed"]
    assert delegate[10] == "Amal Haddad"
    assert any(row[9] == "Sign language" for row in rows)
    filtered = secretariat_client.get(f"{URL}registrations.csv?status=waiting")
    assert len(list(csv.reader(io.StringIO(filtered.content.decode()[1:])))) == 3


def test_the_csv_defuses_formulas(secretariat_client, conference):
    _sign_up(conference, UserFactory(full_name='=HYPERLINK("http://evil")'))
    body = secretariat_client.get(f"{URL}registrations.csv").content.decode()
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


def test_the_counts_csv(secretariat_client, crowd):
    response = secretariat_client.get(f"{URL}registrations-counts.csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == ["Breakdown", "Value", "Confirmed", "Waiting list", "Total"]
    assert ["By interpretation language", "Arabic", "2", "0", "2"] in rows
    assert ["By role", "Media", "0", "1", "1"] in rows
    assert rows[-1] == ["Total", "All participants", "3", "2", "5"]


@pytest.mark.parametrize(
    "path", ["registrations/", "registrations.csv", "registrations-counts.csv"]
)
def test_only_the_secretariat_sees_the_participants(
    client, crowd, focal_point, rapporteur, org_member, path
):
    assert client.get(f"{URL}{path}").status_code == 302
    for person in (focal_point, rapporteur, org_member):
        client.force_login(person)
        assert client.get(f"{URL}{path}").status_code == 403


@pytest.mark.parametrize(
    "path", ["registrations/", "registrations.csv", "registrations-counts.csv"]
)
def test_the_participant_list_makes_a_constant_number_of_queries(
    secretariat_client, conference, jordan, morocco, django_assert_num_queries, path
):
    def add(n: int) -> None:
        category = StakeholderCategory.objects.order_by("position")[n]
        _sign_up(
            conference,
            sector="stakeholder",
            category=category,
            country=(jordan, morocco, None)[n],
            interpretation=("ar", "en", "fr")[n],
        )

    add(0)
    secretariat_client.get(f"{URL}{path}")  # warm up the session and the middleware
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        secretariat_client.get(f"{URL}{path}")
    add(1)
    add(2)
    with django_assert_num_queries(len(one)):
        secretariat_client.get(f"{URL}{path}")


def test_the_pages_in_arabic(client, secretariat_client, crowd, user):
    assert secretariat_client.get("/ar/conference/rrc-2021/registrations/").status_code == 200
    client.force_login(user)
    response = client.get("/ar/conference/rrc-2021/register/")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content
