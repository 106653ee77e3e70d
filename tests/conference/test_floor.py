"""The speakers' list: confirmed participants ask for the floor while the chair has the list
open; the chair reorders, balances, records who spoke or withdraws a request. Balancing is a pure
function, tested on its own. Refused requests change nothing."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hiwar.conference.models import FloorRequest, Item, Registration, Role
from hiwar.conference.services import ConferenceError
from hiwar.conference.services import floor as services
from hiwar.conference.services import registration as registration_services
from hiwar.conference.services.floor import Asker, balanced_order
from hiwar.framework.models import StakeholderCategory
from tests.conference.conftest import add_item, add_person, add_role, t
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Balancing -------------------------------------------------------------------------------

T0 = datetime.datetime(2021, 2, 24, 10, 0, tzinfo=datetime.UTC)


def _askers(*groups: str) -> list[Asker]:
    """One asker per group name, in request order; "MS" is a Member State."""
    return [
        Asker(i, group, group == "MS", T0 + datetime.timedelta(seconds=i))
        for i, group in enumerate(groups, 1)
    ]


def _order(*groups: str) -> list[str]:
    return [f"{a.group}{a.id}" for a in balanced_order(_askers(*groups))]


@pytest.mark.parametrize(
    ("asked", "balanced"),
    [
        ((), []),
        (("MS",), ["MS1"]),
        # Member States and others alternate, each side in its own order.
        (("MS", "MS", "MS", "CS", "CS"), ["MS1", "CS4", "MS2", "CS5", "MS3"]),
        # Others first when they asked first.
        (("CS", "MS", "MS"), ["CS1", "MS2", "MS3"]),
        # The non-State categories take turns (round robin), a new category first.
        (
            ("MS", "MS", "MS", "CS", "CS", "TU", "UN"),
            ["MS1", "CS4", "MS2", "TU6", "MS3", "UN7", "CS5"],
        ),
        # With no Member State waiting, the categories simply take turns.
        (("CS", "CS", "CS", "TU", "TU", "UN"), ["CS1", "TU4", "UN6", "CS2", "TU5", "CS3"]),
        # When only one side is left, it goes on in its own order.
        (("CS", "MS", "MS", "MS", "MS"), ["CS1", "MS2", "MS3", "MS4", "MS5"]),
    ],
)
def test_balanced_order(asked, balanced):
    assert _order(*asked) == balanced


def test_balancing_keeps_every_request_and_each_groups_order():
    groups = ("MS", "CS", "MS", "TU", "CS", "MS", "UN", "CS", "TU", "MS", "IGO")
    result = balanced_order(_askers(*groups))
    assert sorted(a.id for a in result) == list(range(1, len(groups) + 1))
    for group in set(groups):
        ids = [a.id for a in result if a.group == group]
        assert ids == sorted(ids)


def test_balancing_is_by_request_time_not_by_input_order():
    askers = _askers("MS", "CS", "MS")
    assert balanced_order(reversed(askers)) == balanced_order(askers)


def test_balancing_is_stable_when_already_balanced():
    once = balanced_order(_askers("MS", "CS", "MS", "TU", "MS", "UN"))
    assert balanced_order(once) == once


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def open_conference(conference):
    conference.capacity = None
    conference.save()
    return conference


@pytest.fixture
def chair(open_conference, plenary) -> Any:
    """The plenary's chair, whose programme entry is linked to their account."""
    account = UserFactory(full_name="Chair Person")
    add_role(plenary, add_person(open_conference, "Chair Person", user=account), Role.Kind.CHAIR)
    return account


def participant(conference: Any, name: str, *, sector: str = "member_state", **fields: Any) -> Any:
    account = UserFactory(full_name=name)
    if sector == "member_state":
        fields.setdefault("country", conference.cycle.member_states.order_by("iso2").first())
    if sector == "stakeholder":
        fields.setdefault("category", StakeholderCategory.objects.get(code="civil_society"))
    registration_services.register_participant(
        conference=conference,
        user=account,
        role="delegate",
        interpretation="en",
        sector=sector,
        **fields,
    )
    return account


@pytest.fixture
def delegate(open_conference) -> Any:
    return participant(open_conference, "Delegate One")


@pytest.fixture
def floor_open(plenary, chair) -> Item:
    return services.set_floor_open(item=plenary, is_open=True)


def _url(item: Item, tail: str = "") -> str:
    return f"/en/conference/rrc-2021/items/{item.pk}/floor/{tail}"


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _stored() -> list[tuple]:
    return list(
        FloorRequest.objects.order_by("pk").values_list(
            "pk", "registration", "status", "position", "spoke_at"
        )
    )


def _queue(item: Item) -> list[str]:
    return [
        r.registration.full_name
        for r in FloorRequest.objects.filter(item=item, status="waiting").order_by("position")
    ]


# --- Opening and asking ----------------------------------------------------------------------


def test_the_chair_opens_and_closes_the_list(client, plenary, chair):
    client.force_login(chair)
    page = client.get(_url(plenary))
    assert page.status_code == 200
    assert page.context["is_chair"]
    response = client.post(_url(plenary, "open/"), {"action": "open"}, follow=True)
    assert "The speakers' list is open." in _messages(response)
    plenary.refresh_from_db()
    assert plenary.floor_open
    client.post(_url(plenary, "open/"), {"action": "close"})
    plenary.refresh_from_db()
    assert not plenary.floor_open


def test_a_confirmed_participant_asks_for_the_floor(client, floor_open, delegate):
    client.force_login(delegate)
    page = client.get(_url(floor_open))
    assert b"Ask for the floor" in page.content
    response = client.post(_url(floor_open, "ask/"), follow=True)
    assert "You are on the speakers' list, number 1." in _messages(response)
    assert response.context["my_place"] == 1
    assert _queue(floor_open) == ["Delegate One"]


def test_one_waiting_request_at_a_time(client, floor_open, delegate):
    client.force_login(delegate)
    client.post(_url(floor_open, "ask/"))
    before = _stored()
    response = client.post(_url(floor_open, "ask/"), follow=True)
    assert "You are already on the speakers' list." in _messages(response)
    assert _stored() == before


def test_a_second_request_at_once_is_caught_by_the_database(floor_open, delegate, monkeypatch):
    services.request_floor(item=floor_open, user=delegate)
    before = _stored()
    # The check runs before a twin request, sent at the same moment, is written.
    monkeypatch.setattr(services.selectors, "floor_request_of", lambda item, registration: None)
    with pytest.raises(ConferenceError, match="already on the speakers' list"):
        services.request_floor(item=floor_open, user=delegate)
    monkeypatch.undo()
    assert _stored() == before


def test_after_speaking_one_may_ask_again(floor_open, delegate):
    first = services.request_floor(item=floor_open, user=delegate)
    services.mark_spoken(floor_request=first)
    again = services.request_floor(item=floor_open, user=delegate)
    assert again.status == "waiting"


def test_someone_not_registered_is_refused(client, floor_open, user):
    client.force_login(user)
    page = client.get(_url(floor_open))
    assert b"Only registered participants can ask for the floor." in page.content
    response = client.post(_url(floor_open, "ask/"), follow=True)
    assert (
        "Only registered participants can ask for the floor, and you are not registered."
        in _messages(response)
    )
    assert _stored() == []


def test_someone_on_the_waiting_list_is_refused(client, conference, plenary, chair):
    conference.capacity = 1
    conference.save()
    participant(conference, "Seated")
    waiting = participant(conference, "Waiting")
    assert Registration.objects.get(user=waiting).status == "waiting"
    services.set_floor_open(item=plenary, is_open=True)
    client.force_login(waiting)
    response = client.post(_url(plenary, "ask/"), follow=True)
    assert (
        "You are on the waiting list of the conference: only confirmed participants can ask "
        "for the floor." in _messages(response)
    )
    assert _stored() == []


def test_a_cancelled_registration_is_refused_and_its_request_withdrawn(floor_open, delegate):
    services.request_floor(item=floor_open, user=delegate)
    registration = Registration.objects.get(user=delegate)
    registration_services.cancel_registration(registration=registration, by=delegate)
    assert FloorRequest.objects.get().status == "withdrawn"
    with pytest.raises(ConferenceError, match="not registered"):
        services.request_floor(item=floor_open, user=delegate)


def test_asking_while_the_list_is_closed(client, plenary, chair, delegate):
    client.force_login(delegate)
    page = client.get(_url(plenary))
    assert b"list is not open. The chair opens it when the discussion starts." in page.content
    response = client.post(_url(plenary, "ask/"), follow=True)
    assert "The speakers' list of this item is not open." in _messages(response)
    assert _stored() == []


def test_a_participant_withdraws(client, floor_open, delegate):
    client.force_login(delegate)
    client.post(_url(floor_open, "ask/"))
    response = client.post(_url(floor_open, "withdraw/"), follow=True)
    assert "You are no longer on the speakers' list." in _messages(response)
    assert FloorRequest.objects.get().status == "withdrawn"
    before = _stored()
    response = client.post(_url(floor_open, "withdraw/"), follow=True)
    assert "You are not on the speakers' list." in _messages(response)
    assert _stored() == before


def test_items_without_discussion_have_no_speakers_list(client, day1, delegate, chair):
    opening = add_item(day1, t(9), t(10), type=Item.Type.OPENING, title="Opening")
    client.force_login(delegate)
    assert client.get(_url(opening)).status_code == 404
    assert client.post(_url(opening, "ask/")).status_code == 404
    with pytest.raises(ConferenceError):
        services.set_floor_open(item=opening, is_open=True)


def test_an_item_of_another_conference_is_not_found(client, floor_open, delegate):
    client.force_login(delegate)
    assert client.get(f"/en/conference/other/items/{floor_open.pk}/floor/").status_code == 404


def test_anonymous_visitors_sign_in_first(client, floor_open):
    assert client.get(_url(floor_open)).status_code == 302
    assert client.post(_url(floor_open, "ask/")).status_code == 302
    assert _stored() == []


# --- The chair -------------------------------------------------------------------------------


@pytest.fixture
def queue(open_conference, floor_open):
    """Four requests, in this order: two Member States, civil society, trade unions."""
    unions = StakeholderCategory.objects.get(code="trade_unions")
    people = [
        participant(open_conference, "State A"),
        participant(open_conference, "State B"),
        participant(open_conference, "Civil Society", sector="stakeholder"),
        participant(open_conference, "Union", sector="stakeholder", category=unions),
    ]
    start = timezone.now() - datetime.timedelta(minutes=10)
    for minute, person in enumerate(people):
        request = services.request_floor(item=floor_open, user=person)
        FloorRequest.objects.filter(pk=request.pk).update(
            requested_at=start + datetime.timedelta(minutes=minute)
        )
    return floor_open


def test_the_chair_sees_the_queue(client, queue, chair):
    client.force_login(chair)
    response = client.get(_url(queue))
    assert [r.registration.full_name for r in response.context["queue"]] == [
        "State A",
        "State B",
        "Civil Society",
        "Union",
    ]
    content = response.content.decode()
    assert "Member State" in content
    assert StakeholderCategory.objects.get(code="trade_unions").name in content
    assert "10\xa0minutes" in content  # waiting time
    assert f'hx-get="{_url(queue, "queue/")}"' in content
    assert 'hx-trigger="every 5s"' in content
    assert "Reload the queue" in content


def test_the_polled_queue(client, queue, chair):
    client.force_login(chair)
    response = client.get(_url(queue, "queue/"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "conference/participation/_floor_queue.html"
    assert b"4 people waiting" in response.content


def _act(client: Any, item: Item, name: str, action: str, **extra: Any) -> Any:
    request = FloorRequest.objects.get(item=item, registration__full_name=name, status="waiting")
    return client.post(_url(item, f"{request.pk}/{action}/"), follow=True, **extra)


def test_the_chair_moves_people_up_and_down(client, queue, chair):
    client.force_login(chair)
    _act(client, queue, "Union", "up")
    assert _queue(queue) == ["State A", "State B", "Union", "Civil Society"]
    _act(client, queue, "State A", "down")
    assert _queue(queue) == ["State B", "State A", "Union", "Civil Society"]
    _act(client, queue, "State B", "up")  # already first: nothing moves
    assert _queue(queue) == ["State B", "State A", "Union", "Civil Society"]


def test_the_chair_balances_the_queue(client, queue, chair):
    client.force_login(chair)
    response = client.post(_url(queue, "balance/"), follow=True)
    assert "The queue now goes round the categories in turn." in _messages(response)
    assert _queue(queue) == ["State A", "Civil Society", "State B", "Union"]
    positions = list(
        FloorRequest.objects.filter(item=queue, status="waiting")
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == [1, 2, 3, 4]


def test_the_chair_records_who_spoke(client, queue, chair):
    client.force_login(chair)
    _act(client, queue, "State B", "spoke")
    spoken = FloorRequest.objects.get(registration__full_name="State B")
    assert spoken.status == "spoke"
    assert spoken.spoke_at is not None
    assert _queue(queue) == ["State A", "Civil Society", "Union"]
    response = client.get(_url(queue))
    assert [r.registration.full_name for r in response.context["spoken"]] == ["State B"]
    assert "spoke at" in response.content.decode()
    # Everyone sees who spoke.
    client.force_login(UserFactory())
    assert b"State B" in client.get(_url(queue)).content


def test_spoke_at_is_shown_in_the_conference_time_zone(client, queue, chair):
    request = FloorRequest.objects.get(registration__full_name="State A")
    services.mark_spoken(floor_request=request)
    FloorRequest.objects.filter(pk=request.pk).update(
        spoke_at=datetime.datetime(2021, 2, 24, 8, 42, tzinfo=datetime.UTC)
    )
    client.force_login(chair)
    assert "spoke at 10:42" in client.get(_url(queue)).content.decode()  # Beirut, UTC+2


def test_the_chair_withdraws_a_request(client, queue, chair):
    client.force_login(chair)
    _act(client, queue, "State A", "withdraw")
    assert _queue(queue) == ["State B", "Civil Society", "Union"]
    assert FloorRequest.objects.get(registration__full_name="State A").status == "withdrawn"


def test_acting_on_a_request_that_left_the_queue(client, queue, chair):
    client.force_login(chair)
    request = FloorRequest.objects.get(registration__full_name="State A")
    services.mark_spoken(floor_request=request)
    before = _stored()
    response = client.post(_url(queue, f"{request.pk}/withdraw/"), follow=True)
    assert "This request is no longer on the speakers' list." in _messages(response)
    assert _stored() == before
    response = client.post(
        _url(queue, f"{request.pk}/spoke/"), HTTP_HX_REQUEST="true"
    )  # with htmx, the error comes inside the queue
    assert b"This request is no longer on the speakers" in response.content
    assert _stored() == before


def test_htmx_actions_answer_with_the_queue(client, queue, chair):
    client.force_login(chair)
    request = FloorRequest.objects.get(registration__full_name="Union")
    response = client.post(_url(queue, f"{request.pk}/up/"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert [r.registration.full_name for r in response.context["queue"]][2] == "Union"


def test_a_request_of_another_item_or_an_unknown_action_is_not_found(
    client, queue, chair, day1, open_conference
):
    other = add_item(day1, t(14), t(15), title="Plenary 2", discussion_minutes=20)
    add_role(other, add_person(open_conference, "Other chair"), Role.Kind.CHAIR)
    services.set_floor_open(item=other, is_open=True)
    elsewhere = services.request_floor(item=other, user=participant(open_conference, "Elsewhere"))
    client.force_login(chair)
    before = _stored()
    assert client.post(_url(queue, f"{elsewhere.pk}/spoke/")).status_code == 404
    request = FloorRequest.objects.filter(item=queue).first()
    assert client.post(_url(queue, f"{request.pk}/delete/")).status_code == 404
    assert _stored() == before
    # Chairing one item gives no hand on another.
    assert client.post(_url(other, f"{elsewhere.pk}/spoke/")).status_code == 403


@pytest.mark.parametrize("who", ["participant", "other_user", "rapporteur", "speaker"])
def test_only_the_chair_runs_the_list(client, queue, open_conference, rapporteur, who):
    if who == "participant":
        person = Registration.objects.get(full_name="State A").user
    elif who == "rapporteur":
        person = rapporteur
    elif who == "speaker":  # a speaker of the item is not its chair
        person = UserFactory()
        add_role(queue, add_person(open_conference, "Speaker", user=person), Role.Kind.SPEAKER)
    else:
        person = UserFactory()
    client.force_login(person)
    request = FloorRequest.objects.filter(item=queue).order_by("position").last()
    before = _stored()
    page = client.get(_url(queue))
    assert not page.context["is_chair"]
    assert "queue" not in page.context
    for tail, data in [
        ("queue/", None),
        ("open/", {"action": "close"}),
        ("balance/", {}),
        (f"{request.pk}/up/", {}),
        (f"{request.pk}/spoke/", {}),
        (f"{request.pk}/withdraw/", {}),
    ]:
        response = (
            client.get(_url(queue, tail)) if data is None else client.post(_url(queue, tail), data)
        )
        assert response.status_code == 403, tail
    assert _stored() == before
    queue.refresh_from_db()
    assert queue.floor_open


def test_the_moderator_and_the_secretariat_also_run_the_list(
    client, secretariat_user, queue, open_conference
):
    from tests.reviews.conftest import enable_totp

    enable_totp(secretariat_user)
    client.force_login(secretariat_user)
    assert client.get(_url(queue, "queue/")).status_code == 200
    moderator = UserFactory()
    add_role(queue, add_person(open_conference, "Moderator", user=moderator), Role.Kind.MODERATOR)
    client.force_login(moderator)
    assert client.get(_url(queue, "queue/")).status_code == 200
    _act(client, queue, "Union", "spoke")
    assert FloorRequest.objects.get(registration__full_name="Union").status == "spoke"


def test_the_chairs_page_makes_a_constant_number_of_queries(
    client, open_conference, floor_open, chair, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(name: str) -> None:
        services.request_floor(item=floor_open, user=participant(open_conference, name))

    add("First")
    client.force_login(chair)
    client.get(_url(floor_open))
    with CaptureQueriesContext(connection) as one:
        client.get(_url(floor_open))
    add("Second")
    add("Third")
    services.mark_spoken(floor_request=FloorRequest.objects.filter(item=floor_open).first())
    with django_assert_num_queries(len(one)):
        client.get(_url(floor_open))
