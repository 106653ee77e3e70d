"""Key messages: rapporteurs and the secretariat record what was voiced in an item and by whom;
whoever recorded a message (or the secretariat) changes or deletes it; the conference-wide page
groups them by item for the outcome document. Refused requests change nothing."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiwar.accounts.models import RoleAssignment
from hiwar.conference import selectors_participation as selectors
from hiwar.conference.models import Item, KeyMessage
from hiwar.conference.services import ConferenceError
from hiwar.conference.services import messages as services
from hiwar.framework.models import StakeholderCategory
from tests.conference.conftest import add_item, t
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/conference/rrc-2021/"


def _url(item: Item) -> str:
    return f"{URL}items/{item.pk}/key-messages/"


def _stored() -> list[tuple]:
    return list(
        KeyMessage.objects.order_by("pk").values_list(
            "pk", "item", "text", "language", "sector", "country", "organization", "category"
        )
    )


def _record(item: Item, by: Any, text: str = "Regular pathways need expanding.", **voice: Any):
    voice.setdefault("sector", "member_state")
    return services.record_key_message(
        item=item, by=by, text=text, language=voice.pop("language", "en"), **voice
    )


@pytest.fixture
def other_rapporteur(db: None) -> Any:
    person = UserFactory(full_name="Second Rapporteur")
    RoleAssignment.objects.create(user=person, role="rapporteur")
    return person


def test_a_rapporteur_records_a_key_message(client, plenary, rapporteur, jordan):
    client.force_login(rapporteur)
    page = client.get(_url(plenary))
    assert page.status_code == 200
    assert page.context["form"]["language"].value() == "en"
    response = client.post(
        _url(plenary),
        {
            "text": "  Member States called for more regular pathways.  ",
            "language": "en",
            "sector": "member_state",
            "country": jordan.pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url(plenary)
    message = KeyMessage.objects.get()
    assert (message.text, message.sector, message.country, message.recorded_by) == (
        "Member States called for more regular pathways.",
        "member_state",
        jordan,
        rapporteur,
    )
    assert message.category is None
    content = response.content.decode()
    assert "Member States called for more regular pathways." in content
    assert f"Voiced by <bdi>Member State · {jordan.name}</bdi>" in content


def test_the_language_defaults_to_the_page_language(client, plenary, rapporteur):
    client.force_login(rapporteur)
    page = client.get(f"/fr/conference/rrc-2021/items/{plenary.pk}/key-messages/")
    assert page.context["form"]["language"].value() == "fr"


def test_an_organization_brings_its_category(client, plenary, rapporteur, organization):
    client.force_login(rapporteur)
    client.post(
        _url(plenary),
        {
            "text": "Migrant workers need portable social protection.",
            "language": "ar",
            "sector": "stakeholder",
            "organization": organization.pk,
        },
    )
    message = KeyMessage.objects.get()
    assert (message.organization, message.category, message.language) == (
        organization,
        organization.category,
        "ar",
    )
    assert selectors.voiced_by(message) == (
        f"Stakeholder (GCM para 44) · {organization.category.name} · {organization.name}"
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": ""}, "text"),
        ({"sector": "stakeholder"}, "category"),
        ({"sector": "nobody"}, "sector"),
        ({"language": "de"}, "language"),
        ({"country": "999999"}, "country"),
    ],
)
def test_wrong_form_data_is_refused(client, plenary, rapporteur, data, field):
    client.force_login(rapporteur)
    response = client.post(
        _url(plenary), {"text": "A message.", "language": "en", "sector": "un_system", **data}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert _stored() == []


def test_the_service_refuses_an_empty_message(plenary, rapporteur):
    with pytest.raises(ConferenceError, match="Write the key message"):
        _record(plenary, rapporteur, text=" \n ")
    with pytest.raises(ConferenceError, match="stakeholder category"):
        _record(plenary, rapporteur, sector="stakeholder")
    assert _stored() == []


def test_the_recorder_edits_and_deletes(client, plenary, rapporteur):
    message = _record(plenary, rapporteur)
    client.force_login(rapporteur)
    edit = f"{URL}key-messages/{message.pk}/edit/"
    page = client.get(edit)
    assert page.context["form"]["text"].value() == "Regular pathways need expanding."
    client.post(edit, {"text": "Changed.", "language": "fr", "sector": "intergovernmental"})
    message.refresh_from_db()
    assert (message.text, message.language, message.sector) == (
        "Changed.",
        "fr",
        "intergovernmental",
    )
    response = client.post(edit, {"text": "", "language": "fr", "sector": "intergovernmental"})
    assert "text" in response.context["form"].errors
    message.refresh_from_db()
    assert message.text == "Changed."
    client.post(f"{URL}key-messages/{message.pk}/delete/")
    assert _stored() == []


def test_others_cannot_change_a_message(client, plenary, rapporteur, other_rapporteur):
    message = _record(plenary, rapporteur)
    before = _stored()
    client.force_login(other_rapporteur)
    page = client.get(_url(plenary))
    assert page.status_code == 200  # other rapporteurs read and add, but do not change
    assert not page.context["key_messages"][0].can_change
    assert client.get(f"{URL}key-messages/{message.pk}/edit/").status_code == 403
    response = client.post(
        f"{URL}key-messages/{message.pk}/edit/",
        {"text": "Hijacked.", "language": "en", "sector": "member_state"},
    )
    assert response.status_code == 403
    assert client.post(f"{URL}key-messages/{message.pk}/delete/").status_code == 403
    assert _stored() == before
    with pytest.raises(ConferenceError):
        services.delete_key_message(message=message, by=other_rapporteur)
    with pytest.raises(ConferenceError):
        services.change_key_message(
            message=message, by=other_rapporteur, text="x", language="en", sector="member_state"
        )
    assert _stored() == before


def test_the_secretariat_changes_any_message(secretariat_client, plenary, rapporteur):
    message = _record(plenary, rapporteur)
    page = secretariat_client.get(_url(plenary))
    assert page.context["key_messages"][0].can_change
    secretariat_client.post(f"{URL}key-messages/{message.pk}/delete/")
    assert _stored() == []


@pytest.mark.parametrize("who", ["user", "focal_point", "org_member"])
def test_only_rapporteurs_and_the_secretariat(client, plenary, rapporteur, request, who):
    message = _record(plenary, rapporteur)
    before = _stored()
    client.force_login(request.getfixturevalue(who))
    for path in (_url(plenary), f"{URL}key-messages/", f"{URL}key-messages/{message.pk}/edit/"):
        assert client.get(path).status_code == 403, path
    assert (
        client.post(_url(plenary), {"text": "x", "language": "en", "sector": "member_state"})
    ).status_code == 403
    assert client.post(f"{URL}key-messages/{message.pk}/delete/").status_code == 403
    assert _stored() == before


def test_anonymous_visitors_sign_in_first(client, plenary):
    assert client.get(_url(plenary)).status_code == 302
    assert client.get(f"{URL}key-messages/").status_code == 302


def test_an_item_or_message_of_another_conference_is_not_found(client, plenary, rapporteur):
    message = _record(plenary, rapporteur)
    client.force_login(rapporteur)
    assert client.get(f"/en/conference/other/items/{plenary.pk}/key-messages/").status_code == 404
    assert client.get(f"/en/conference/other/key-messages/{message.pk}/edit/").status_code == 404


def test_all_key_messages_by_item(client, day1, plenary, rapporteur, jordan):
    client.force_login(rapporteur)
    later = add_item(day1, t(11, 30), t(12, 30), title="Round table 1", discussion_minutes=40)
    add_item(day1, t(11), t(11, 30), type=Item.Type.BREAK, title="Coffee break")
    _record(later, rapporteur, text="Second item's message.")
    _record(plenary, rapporteur, text="First message.", country=jordan)
    _record(
        plenary,
        rapporteur,
        text="Second message.",
        sector="stakeholder",
        category=StakeholderCategory.objects.get(code="trade_unions"),
    )
    response = client.get(f"{URL}key-messages/")
    assert response.status_code == 200
    grouped = [
        (item.title, [m.text for m in item.recorded_messages]) for item in response.context["items"]
    ]
    assert grouped == [
        ("Plenary 1", ["First message.", "Second message."]),
        ("Round table 1", ["Second item's message."]),
    ]  # the break, where nothing is voiced, is left out
    content = response.content.decode()
    assert content.index("First message.") < content.index("Second item&#x27;s message.")
    # What the outcome document will read.
    outcome = selectors.key_messages_of(plenary.day.conference)
    assert [(i.title, len(i.recorded_messages)) for i in outcome] == [
        ("Plenary 1", 2),
        ("Round table 1", 1),
    ]


def test_the_outcome_selector_leaves_out_items_without_messages(
    conference, plenary, day1, rapporteur
):
    add_item(day1, t(14), t(15), title="Silent")
    assert selectors.key_messages_of(conference) == []
    _record(plenary, rapporteur)
    assert [item.pk for item in selectors.key_messages_of(conference)] == [plenary.pk]


@pytest.mark.parametrize("page", ["item", "all"])
def test_key_message_pages_make_a_constant_number_of_queries(
    client, day1, plenary, rapporteur, organization, django_assert_num_queries, page
):
    def add(n: int) -> None:
        item = add_item(day1, t(12 + n), t(13 + n), title=f"Item {n}")
        for target in (item, plenary):
            _record(target, rapporteur, sector="stakeholder", organization=organization)

    add(0)
    client.force_login(rapporteur)
    path = _url(plenary) if page == "item" else f"{URL}key-messages/"
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    add(1)
    add(2)
    with django_assert_num_queries(len(one)):
        client.get(path)
