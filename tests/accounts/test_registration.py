"""Registration through allauth: the sign-up form with our extra fields, and email verification."""

import html
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation

import hiwar
from hiwar.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/en/account/signup/"
PASSWORD = "Xylophone-cactus-91"
VALID = {
    "email": "nadia@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "full_name": "Nadia  Haddad",
    "preferred_language": "fr",
}
ARABIC_CATALOG = Path(hiwar.__file__).parent / "locale" / "ar" / "LC_MESSAGES" / "django.mo"


def _text(response):
    return html.unescape(response.content.decode())


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_creates_an_unverified_user_and_sends_one_verification_mail(client):
    response = client.post(SIGNUP_URL, VALID)

    assert response.status_code == 302
    assert response["Location"] == "/en/account/confirm-email/"
    person = User.objects.get()
    assert (person.email, person.full_name, person.preferred_language) == (
        "nadia@example.org",
        "Nadia Haddad",
        "fr",
    )
    assert list(EmailAddress.objects.values_list("user", "email", "verified", "primary")) == [
        (person.pk, "nadia@example.org", False, True)
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert "/en/account/confirm-email/" in mail.outbox[0].body
    # Not signed in until the address is verified.
    assert "_auth_user_id" not in client.session
    assert client.get("/en/me/")["Location"] == "/en/account/login/?next=/en/me/"


def test_following_the_mailed_link_verifies_the_address(client):
    client.post(SIGNUP_URL, VALID)
    link = _link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "nadia@example.org" in _text(page)
    assert EmailAddress.objects.get().verified is False  # a GET does not confirm

    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get().verified is True
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: the new person is now signed in.
    assert client.get("/en/me/").status_code == 200


def test_a_tampered_confirmation_link_verifies_nothing(client):
    client.post(SIGNUP_URL, VALID)
    link = _link(mail.outbox[0])

    client.post(link.rstrip("/") + "x/")

    assert EmailAddress.objects.get().verified is False


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        (
            {"password2": "Another-cactus-92"},
            "password2",
            "You must type the same password each time.",
        ),
        (
            {"password1": "password", "password2": "password"},
            "password1",
            "This password is too common.",
        ),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"preferred_language": "de"}, "preferred_language", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_an_error_on_the_field(client, changes, field, error):
    response = client.post(SIGNUP_URL, {**VALID, **changes})

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message.startswith(error) for message in errors), errors
    assert error in _text(response)
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["nadia@example.org", "Nadia@Example.ORG"])
def test_signing_up_with_a_registered_address_mails_its_owner_and_creates_nobody(client, email):
    """ACCOUNT_PREVENT_ENUMERATION: the page looks like a success, the owner is told by mail."""
    owner = UserFactory(email="nadia@example.org")

    response = client.post(SIGNUP_URL, {**VALID, "email": email})

    assert response.status_code == 302
    assert response["Location"] == "/en/account/confirm-email/"
    assert list(User.objects.all()) == [owner]
    assert EmailAddress.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert "already exists" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_signup_page_in_arabic_is_right_to_left(client):
    response = client.get("/ar/account/signup/")

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in _text(response)
    # allauth ships Arabic; the password label is translated even before our catalogue is.
    assert "كلمة المرور" in _text(response)


@pytest.mark.skipif(not ARABIC_CATALOG.exists(), reason="Arabic catalogue not compiled yet")
def test_signup_page_in_arabic_shows_our_fields_in_arabic(client):
    with translation.override("ar"):
        label = translation.gettext("Full name")
    assert label != "Full name"

    response = client.get("/ar/account/signup/")

    assert label in _text(response)
