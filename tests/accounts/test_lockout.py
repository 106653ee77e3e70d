"""Password guessing: django-axes locks an address after repeated failures."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_account(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    person = UserFactory(email="target@example.org")
    for _attempt in range(3):
        response = client.post(
            "/en/account/login/", {"login": person.email, "password": "wrong-guess"}
        )
    assert response.status_code in {403, 429}
    # Even the right password is now refused, and the user is not signed in.
    response = client.post(
        "/en/account/login/",
        {"login": person.email, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code in {403, 429}
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in(client):
    person = UserFactory(email="owner@example.org")
    response = client.post(
        "/en/account/login/",
        {"login": person.email, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
