"""Secretariat accounts must set up TOTP before they can use the platform."""

import html

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse
from django.utils import translation

from hiwar.accounts.models import PlatformRole
from tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db

WARNING = "Secretariat accounts must use two-factor authentication. Set it up now."


def _activate_url(language="en"):
    with translation.override(language):
        return reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    "path", ["/en/me/", "/en/me/invitations/", "/en/me/organizations/", "/en/"]
)
def test_secretariat_without_totp_is_sent_to_set_it_up(client, secretariat_user, path):
    client.force_login(secretariat_user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == _activate_url()


def test_the_redirect_keeps_the_language(client, secretariat_user):
    client.force_login(secretariat_user)

    response = client.get("/ar/me/")

    assert response["Location"] == _activate_url("ar")
    assert response["Location"].startswith("/ar/")


def test_secretariat_without_totp_can_reach_the_setup(client, secretariat_user):
    """The activation page asks for the password again first; that page must not loop back."""
    client.force_login(secretariat_user)

    response = client.get("/en/me/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0] == (_activate_url(), 302)
    assert WARNING in html.unescape(response.content.decode())


def test_secretariat_sets_up_totp_and_then_uses_the_platform(client, secretariat_user):
    client.force_login(secretariat_user)
    reauthenticate = client.get(_activate_url(), follow=True)
    assert reauthenticate.status_code == 200

    activate = client.post(
        reauthenticate.request["PATH_INFO"],
        {"password": "correct-horse-battery-staple", "next": _activate_url()},
        follow=True,
    )
    assert activate.status_code == 200
    assert activate.redirect_chain[-1] == (_activate_url(), 302)
    secret = client.session[SECRET_SESSION_KEY]
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
    response = client.post(_activate_url(), {"code": code})

    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=secretariat_user, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/en/me/").status_code == 200


def test_secretariat_without_totp_may_sign_out(client, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post("/en/account/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_secretariat_with_totp_uses_the_platform(secretariat_client):
    assert secretariat_client.get("/en/me/").status_code == 200
    assert secretariat_client.get("/en/me/invitations/").status_code == 200


@pytest.mark.parametrize(
    "role",
    [None, PlatformRole.FOCAL_POINT, PlatformRole.RAPPORTEUR, PlatformRole.TRANSLATOR],
)
def test_other_people_need_no_totp(client, user, role):
    if role:
        country = None
        if role == PlatformRole.FOCAL_POINT:
            from hiwar.framework.models import Country

            country = Country.objects.get(iso2="JO")
        RoleAssignmentFactory(user=user, role=role, country=country)
    client.force_login(user)

    response = client.get("/en/me/")

    assert response.status_code == 200


def test_anonymous_visitors_are_not_redirected_to_totp(client):
    assert client.get("/en/me/organizations/").status_code == 200
