"""Writing to an organization through the directory: mailed to its administrators only, never
revealing their addresses, limited in length and in number per hour."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from hiwar.accounts.models import Membership
from hiwar.knowledge.models import ContactMessage
from hiwar.knowledge.services.directory import MESSAGE_MAX_LENGTH, MESSAGES_PER_HOUR
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(organization):
    return MembershipFactory(
        organization=organization,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="second.admin@example.jo"),
    ).user


@pytest.fixture
def sender(db):
    return UserFactory(full_name="Nora Researcher", email="nora@example.edu")


def test_the_message_goes_to_the_admins_only_with_the_sender_as_reply_to(
    client,
    organization,
    org_member,
    org_admin,
    second_admin,
    sender,
    django_capture_on_commit_callbacks,
):
    client.force_login(sender)
    page = client.get(f"/en/knowledge/directory/{organization.pk}/contact/")
    assert page.status_code == 200
    assert org_admin.email not in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/knowledge/directory/{organization.pk}/contact/",
            {"subject": "Joint research", "body": "Could we meet about your legal clinics?"},
            follow=True,
        )
    html = response.content.decode()
    assert "Your message is sent." in html
    assert org_admin.email not in html
    assert second_admin.email not in html
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org_admin.email, second_admin.email])
    for message in mail.outbox:
        assert len(message.to) == 1
        assert message.cc == [] and message.bcc == []
        assert message.reply_to == ["nora@example.edu"]
        assert "Could we meet about your legal clinics?" in message.body
        assert "Joint research" in message.subject
    assert org_member.email not in [m.to[0] for m in mail.outbox]
    stored = ContactMessage.objects.get()
    assert stored.recipients == 2
    assert stored.sender == sender


def test_the_profile_page_never_shows_an_address(client, organization, org_admin, org_member):
    html = client.get(f"/en/knowledge/directory/{organization.pk}/").content.decode()
    assert org_admin.email not in html
    assert org_member.email not in html
    assert f"/knowledge/directory/{organization.pk}/contact/" in html


def test_anonymous_visitors_are_asked_to_sign_in(client, organization, org_admin):
    response = client.post(
        f"/en/knowledge/directory/{organization.pk}/contact/", {"subject": "Hi", "body": "Spam"}
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_at_most_five_messages_an_hour(client, organization, org_admin, sender):
    for _ in range(MESSAGES_PER_HOUR - 1):
        ContactMessage.objects.create(
            organization=organization, sender=sender, subject="s", body="b"
        )
    old = ContactMessage.objects.create(
        organization=organization, sender=sender, subject="old", body="b"
    )
    ContactMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(sender)
    url = f"/en/knowledge/directory/{organization.pk}/contact/"
    assert client.post(url, {"subject": "Fifth", "body": "ok"}).status_code == 302
    response = client.post(url, {"subject": "Sixth", "body": "too many"})
    assert response.status_code == 200
    assert "You have sent 5 messages in the last hour." in response.content.decode()
    assert not ContactMessage.objects.filter(subject="Sixth").exists()


def test_the_rate_limit_message_is_in_the_users_language(client, organization, org_admin, sender):
    for _ in range(MESSAGES_PER_HOUR):
        ContactMessage.objects.create(
            organization=organization, sender=sender, subject="s", body="b"
        )
    client.force_login(sender)
    response = client.post(
        f"/fr/knowledge/directory/{organization.pk}/contact/", {"subject": "x", "body": "y"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ContactMessage.objects.count() == MESSAGES_PER_HOUR


def test_a_too_long_message_is_refused(client, organization, org_admin, sender):
    client.force_login(sender)
    response = client.post(
        f"/en/knowledge/directory/{organization.pk}/contact/",
        {"subject": "Long", "body": "x" * (MESSAGE_MAX_LENGTH + 1)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_an_organization_without_admin_cannot_be_contacted(
    client, organization, org_member, sender
):
    client.force_login(sender)
    response = client.post(
        f"/en/knowledge/directory/{organization.pk}/contact/", {"subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 200
    assert "cannot be contacted through the platform yet" in response.content.decode()
    assert ContactMessage.objects.count() == 0
