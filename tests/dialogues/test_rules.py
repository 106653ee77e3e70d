"""Every dialogue permission, for every kind of user."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from hiwar.dialogues.models import AgendaItem, Dialogue
from hiwar.dialogues.services import setup as services

EVERYONE = {
    "anonymous",
    "secretariat",
    "rapporteur",
    "focal point",
    "organization member",
    "registered user",
}
SIGNED_IN = EVERYONE - {"anonymous"}


@pytest.fixture
def people(
    secretariat_user: Any, rapporteur: Any, focal_point: Any, org_member: Any, user: Any
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "secretariat": secretariat_user,
        "rapporteur": rapporteur,
        "focal point": focal_point,
        "organization member": org_member,
        "registered user": user,
    }


def allowed(people: dict[str, Any], permission: str, obj: Any = None) -> set[str]:
    return {name for name, who in people.items() if who.has_perm(permission, obj)}


EXPECTED = {
    "dialogues.manage_dialogues": {"secretariat"},
    "dialogues.record_interventions": {"secretariat", "rapporteur"},
    "dialogues.view_balance": {"secretariat", "rapporteur"},
    "dialogues.register": SIGNED_IN,
}


@pytest.mark.parametrize("permission", EXPECTED)
def test_global_permissions(people: dict[str, Any], permission: str) -> None:
    assert allowed(people, permission) == EXPECTED[permission]


@pytest.mark.parametrize("permission", EXPECTED)
def test_global_permissions_do_not_depend_on_the_dialogue(
    people: dict[str, Any], dialogue: Dialogue, permission: str
) -> None:
    assert allowed(people, permission, dialogue) == EXPECTED[permission]


def test_a_draft_is_viewed_only_by_the_secretariat_and_rapporteurs(
    people: dict[str, Any], dialogue: Dialogue
) -> None:
    assert dialogue.status == Dialogue.Status.DRAFT
    assert allowed(people, "dialogues.view_dialogue", dialogue) == {"secretariat", "rapporteur"}


def test_a_published_dialogue_is_viewed_by_everyone(
    people: dict[str, Any], dialogue: Dialogue, agenda: list[AgendaItem]
) -> None:
    services.publish_dialogue(dialogue=dialogue)
    dialogue.refresh_from_db()
    assert allowed(people, "dialogues.view_dialogue", dialogue) == EVERYONE


def test_without_a_dialogue_only_the_team_may_view(people: dict[str, Any]) -> None:
    assert allowed(people, "dialogues.view_dialogue") == {"secretariat", "rapporteur"}
