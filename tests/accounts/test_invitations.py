"""The secretariat invites people into roles; the invited person accepts through the mailed link."""

import html
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from hiwar.accounts.models import Invitation, Membership, PlatformRole, RoleAssignment
from hiwar.framework.models import Country
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/en/me/invitations/"


def _text(response):
    return html.unescape(response.content.decode())


def _jordan():
    return Country.objects.get(iso2="JO")


def _invite(client, capture, **data):
    with capture(execute=True):
        return client.post(LIST_URL, {"message": "", "country": "", "organization": "", **data})


# Inviting ----------------------------------------------------------------------------------------


def test_the_secretariat_invites_a_focal_point(
    secretariat_client, secretariat_user, django_capture_on_commit_callbacks
):
    invitee = UserFactory(email="focal@example.org")

    response = _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        email=" Focal@Example.org ",
        role="focal_point",
        country=_jordan().pk,
        message="Welcome to the review.",
    )

    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert (
        invitation.email,
        invitation.role,
        invitation.country,
        invitation.organization,
        invitation.message,
        invitation.invited_by,
        invitation.accepted_at,
        invitation.revoked_at,
    ) == (
        "focal@example.org",
        "focal_point",
        _jordan(),
        None,
        "Welcome to the review.",
        secretariat_user,
        None,
        None,
    )
    assert invitation.expires_at > timezone.now() + timedelta(days=29)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["focal@example.org"]
    assert message.subject == "[Hiwar] You are invited to Hiwar"
    assert f"/{invitee.preferred_language}/me/invitation/{invitation.token}/" in message.body
    assert "Member State focal point" in message.body
    assert "Welcome to the review." in message.body
    assert "Sign in with this address and open the link below to accept:" in message.body
    page = secretariat_client.get(LIST_URL)
    assert "An invitation has been sent to focal@example.org." in _text(page)
    assert "focal@example.org" in _text(page)


def test_an_address_without_account_can_be_invited_and_is_told_to_register(
    secretariat_client, django_capture_on_commit_callbacks
):
    _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        email="newcomer@example.org",
        role="rapporteur",
    )

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("newcomer@example.org", "rapporteur")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"/en/me/invitation/{invitation.token}/" in body
    assert "Open the link below, register with this address, then accept:" in body


def test_the_mail_link_is_in_the_invited_persons_language(
    secretariat_client, django_capture_on_commit_callbacks
):
    UserFactory(email="amina@example.org", preferred_language="ar")

    _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        email="amina@example.org",
        role="translator",
    )

    assert f"/ar/me/invitation/{Invitation.objects.get().token}/" in mail.outbox[0].body


def test_an_organization_role_invitation_keeps_the_organization_and_drops_a_country(
    secretariat_client, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(name="Migrant Workers Forum")

    _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        email="head@example.org",
        role="organization_admin",
        organization=organization.pk,
        country=_jordan().pk,
    )

    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.organization, invitation.country) == (
        "organization_admin",
        organization,
        None,
    )
    assert "Migrant Workers Forum" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"email": "not-an-address", "role": "rapporteur"},
            "email",
            "Enter a valid email address.",
        ),
        ({"email": "", "role": "rapporteur"}, "email", "This field is required."),
        (
            {"email": "a@example.org", "role": "president"},
            "role",
            "Select a valid choice. president is not one of the available choices.",
        ),
        (
            {"email": "a@example.org", "role": "focal_point"},
            "country",
            "A focal point invitation needs a country.",
        ),
        (
            {"email": "a@example.org", "role": "organization_member"},
            "organization",
            "An organization role needs an organization.",
        ),
        (
            {"email": "a@example.org", "role": "organization_admin"},
            "organization",
            "An organization role needs an organization.",
        ),
    ],
)
def test_bad_input_is_refused_on_its_field(
    secretariat_client, django_capture_on_commit_callbacks, data, field, error
):
    response = _invite(secretariat_client, django_capture_on_commit_callbacks, **data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert error in _text(response)
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("role", "extra"),
    [
        ("rapporteur", {}),
        ("focal_point", {"country": "JO"}),
        ("organization_member", {"organization": True}),
    ],
)
def test_a_second_waiting_invitation_for_the_same_address_and_role_is_refused(
    secretariat_client, django_capture_on_commit_callbacks, role, extra
):
    organization = OrganizationFactory()
    data = {"email": "twice@example.org", "role": role}
    if "country" in extra:
        data["country"] = _jordan().pk
    if "organization" in extra:
        data["organization"] = organization.pk
    _invite(secretariat_client, django_capture_on_commit_callbacks, **data)
    mail.outbox.clear()

    response = _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        **{**data, "email": "TWICE@example.org"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "An invitation for this address and role is already waiting."
    ]
    assert "An invitation for this address and role is already waiting." in _text(response)
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_a_new_invitation_is_allowed_once_the_previous_one_is_withdrawn_or_expired(
    secretariat_client, django_capture_on_commit_callbacks
):
    InvitationFactory(email="again@example.org", role="rapporteur", revoked_at=timezone.now())
    InvitationFactory(
        email="again@example.org",
        role="rapporteur",
        expires_at=timezone.now() - timedelta(days=1),
    )

    _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        email="again@example.org",
        role="rapporteur",
    )

    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 1


def test_a_focal_point_for_one_country_may_be_invited_for_another(
    secretariat_client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="fp@example.org")
    RoleAssignmentFactory(user=person, role="focal_point", country=_jordan())

    _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        email="fp@example.org",
        role="focal_point",
        country=Country.objects.get(iso2="MA").pk,
    )

    assert Invitation.objects.get().country.iso2 == "MA"


@pytest.mark.parametrize(
    "role", ["rapporteur", "focal_point", "organization_member", "organization_admin"]
)
def test_inviting_someone_into_a_role_they_hold_is_refused(
    secretariat_client, django_capture_on_commit_callbacks, role
):
    person = UserFactory(email="holder@example.org")
    organization = OrganizationFactory()
    data = {"email": "Holder@example.org", "role": role}
    if role == "focal_point":
        RoleAssignmentFactory(user=person, role=role, country=_jordan())
        data["country"] = _jordan().pk
    elif role.startswith("organization_"):
        membership_role = role.removeprefix("organization_")
        MembershipFactory(user=person, organization=organization, role=membership_role)
        data["organization"] = organization.pk
    else:
        RoleAssignmentFactory(user=person, role=role)

    response = _invite(secretariat_client, django_capture_on_commit_callbacks, **data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This person already holds this role."]
    assert "This person already holds this role." in _text(response)
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("role", [None, "focal_point", "rapporteur", "translator"])
def test_only_the_secretariat_may_invite(client, django_capture_on_commit_callbacks, role):
    person = UserFactory()
    if role:
        country = _jordan() if role == "focal_point" else None
        RoleAssignmentFactory(user=person, role=role, country=country)
    client.force_login(person)

    assert client.get(LIST_URL).status_code == 403
    response = _invite(
        client, django_capture_on_commit_callbacks, email="x@example.org", role="rapporteur"
    )

    assert response.status_code == 403
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_an_organization_admin_may_not_invite(client, django_capture_on_commit_callbacks):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(admin.user)

    response = _invite(
        client,
        django_capture_on_commit_callbacks,
        email="x@example.org",
        role="organization_member",
        organization=admin.organization.pk,
    )

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(LIST_URL)["Location"] == f"/en/account/login/?next={LIST_URL}"


# Accepting ---------------------------------------------------------------------------------------


def _accept(client, invitation, **kwargs):
    return client.post(f"/en/me/invitation/{invitation.token}/", **kwargs)


@pytest.mark.parametrize(
    "role",
    [PlatformRole.SECRETARIAT, PlatformRole.RAPPORTEUR, PlatformRole.TRANSLATOR],
)
def test_the_invited_person_accepts_a_platform_role(client, secretariat_user, role):
    person = UserFactory(email="invited@example.org")
    invitation = InvitationFactory(
        email="invited@example.org", role=role, invited_by=secretariat_user
    )
    client.force_login(person)

    response = _accept(client, invitation)

    assert response.status_code == 302
    assert response["Location"] == "/en/me/"
    assert list(
        RoleAssignment.objects.filter(user=person).values_list("role", "country", "granted_by")
    ) == [(role, None, secretariat_user.pk)]
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert invitation.accepted_at is not None


def test_the_invited_person_accepts_a_focal_point_role_for_the_invited_country(client):
    person = UserFactory(email="focal@example.org")
    invitation = InvitationFactory(email="focal@example.org", role="focal_point", country=_jordan())
    client.force_login(person)

    response = _accept(client, invitation, follow=True)

    assert "Invitation accepted. Your new role is active." in _text(response)
    assert list(RoleAssignment.objects.values_list("user", "role", "country")) == [
        (person.pk, "focal_point", _jordan().pk)
    ]
    assert person.has_perm("accounts.speak_for_country", _jordan())


@pytest.mark.parametrize(
    ("role", "membership_role"),
    [("organization_member", "member"), ("organization_admin", "admin")],
)
def test_accepting_an_organization_role_makes_an_active_membership(
    client, secretariat_user, role, membership_role
):
    person = UserFactory(email="joiner@example.org")
    organization = OrganizationFactory()
    invitation = InvitationFactory(
        email="joiner@example.org",
        role=role,
        organization=organization,
        invited_by=secretariat_user,
    )
    client.force_login(person)

    _accept(client, invitation)

    assert list(
        Membership.objects.values_list("user", "organization", "role", "status", "decided_by")
    ) == [(person.pk, organization.pk, membership_role, "active", secretariat_user.pk)]
    assert list(RoleAssignment.objects.filter(user=person)) == []
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


@pytest.mark.parametrize("status", [Membership.Status.PENDING, Membership.Status.DECLINED])
def test_accepting_a_member_invitation_settles_an_earlier_request(client, status):
    person = UserFactory(email="joiner@example.org")
    earlier = MembershipFactory(user=person, status=status)
    invitation = InvitationFactory(
        email="joiner@example.org", role="organization_member", organization=earlier.organization
    )
    client.force_login(person)

    _accept(client, invitation)

    earlier.refresh_from_db()
    assert (earlier.role, earlier.status) == ("member", "active")
    assert Membership.objects.count() == 1


def test_a_member_invitation_does_not_downgrade_an_admin(client):
    person = UserFactory(email="head@example.org")
    admin = MembershipFactory(user=person, role=Membership.Role.ADMIN)
    invitation = InvitationFactory(
        email="head@example.org", role="organization_member", organization=admin.organization
    )
    client.force_login(person)

    _accept(client, invitation)

    admin.refresh_from_db()
    assert (admin.role, admin.status) == ("admin", "active")
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_an_admin_invitation_promotes_a_member(client):
    person = UserFactory(email="head@example.org")
    member = MembershipFactory(user=person)
    invitation = InvitationFactory(
        email="head@example.org", role="organization_admin", organization=member.organization
    )
    client.force_login(person)

    _accept(client, invitation)

    member.refresh_from_db()
    assert (member.role, member.status) == ("admin", "active")


def test_another_signed_in_person_cannot_accept(client):
    UserFactory(email="invited@example.org")
    intruder = UserFactory(email="intruder@example.org")
    invitation = InvitationFactory(email="invited@example.org", role="secretariat")
    client.force_login(intruder)

    response = _accept(client, invitation)

    assert response.status_code == 200
    assert (
        "This invitation was sent to another address. Sign in with the invited address."
        in _text(response)
    )
    assert RoleAssignment.objects.count() == 0
    invitation.refresh_from_db()
    assert (invitation.accepted_at, invitation.accepted_by) == (None, None)


def test_an_unverified_address_cannot_accept(client):
    person = UserFactory(email="invited@example.org", verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    invitation = InvitationFactory(email="invited@example.org", role="rapporteur")
    client.force_login(person)

    response = _accept(client, invitation)

    assert "Verify your email address before accepting the invitation." in _text(response)
    assert RoleAssignment.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    ("state", "error"),
    [
        ({"expires_at": "past"}, "This invitation has expired. Ask the secretariat for a new one."),
        ({"revoked_at": "now"}, "This invitation has been withdrawn."),
        ({"accepted_at": "now"}, "This invitation has already been accepted."),
    ],
)
def test_a_closed_invitation_grants_nothing(client, state, error):
    person = UserFactory(email="late@example.org")
    now = timezone.now()
    values = {"past": now - timedelta(minutes=1), "now": now}
    invitation = InvitationFactory(
        email="late@example.org",
        role="organization_member",
        organization=OrganizationFactory(),
        **{field: values[value] for field, value in state.items()},
    )
    client.force_login(person)

    page = client.get(f"/en/me/invitation/{invitation.token}/")
    assert error in _text(page)
    assert "Accept the invitation" not in _text(page)

    response = _accept(client, invitation)

    assert response.status_code == 200
    assert error in _text(response)
    assert RoleAssignment.objects.count() == 0
    assert Membership.objects.count() == 0
    assert Invitation.objects.get().accepted_by is None


def test_an_unknown_token_is_not_found(client, user):
    client.force_login(user)

    assert client.get("/en/me/invitation/no-such-token/").status_code == 404
    assert client.post("/en/me/invitation/no-such-token/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    invitation = InvitationFactory(email="invited@example.org")
    url = f"/en/me/invitation/{invitation.token}/"

    page = client.get(url)
    response = client.post(url)

    assert page.status_code == 200
    assert "Sign in with the invited address to accept" in _text(page)
    assert response.status_code == 302
    assert response["Location"] == f"/en/account/login/?next={url}"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_invited_person_sees_the_invitation_on_the_dashboard(client):
    person = UserFactory(email="invited@example.org")
    invitation = InvitationFactory(email="Invited@example.org", role="translator")
    client.force_login(person)

    response = client.get("/en/me/")

    assert f"/en/me/invitation/{invitation.token}/" in _text(response)


# Withdrawing -------------------------------------------------------------------------------------


def test_the_secretariat_withdraws_a_waiting_invitation(secretariat_client):
    invitation = InvitationFactory()

    response = secretariat_client.post(f"/en/me/invitations/{invitation.pk}/revoke/", follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    assert "The invitation has been withdrawn." in _text(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_a_withdrawn_invitation_can_no_longer_be_accepted(secretariat_client):
    person = UserFactory(email="invited@example.org")
    invitation = InvitationFactory(email="invited@example.org")
    secretariat_client.post(f"/en/me/invitations/{invitation.pk}/revoke/")
    secretariat_client.force_login(person)

    response = _accept(secretariat_client, invitation)

    assert "This invitation has been withdrawn." in _text(response)
    assert list(RoleAssignment.objects.filter(user=person)) == []


@pytest.mark.parametrize(
    "state", [{"accepted_at": "now"}, {"revoked_at": "now"}, {"expires_at": "past"}]
)
def test_only_a_waiting_invitation_can_be_withdrawn(secretariat_client, state):
    now = timezone.now()
    values = {"past": now - timedelta(minutes=1), "now": now}
    invitation = InvitationFactory(**{field: values[value] for field, value in state.items()})

    response = secretariat_client.post(f"/en/me/invitations/{invitation.pk}/revoke/", follow=True)

    assert "Only a waiting invitation can be withdrawn." in _text(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at == (values["now"] if "revoked_at" in state else None)


def test_withdrawing_needs_the_secretariat_a_post_and_an_existing_invitation(
    secretariat_client,
):
    invitation = InvitationFactory()
    url = f"/en/me/invitations/{invitation.pk}/revoke/"

    assert secretariat_client.get(url).status_code == 405
    assert secretariat_client.post("/en/me/invitations/999999/revoke/").status_code == 404
    secretariat_client.logout()
    assert secretariat_client.post(url)["Location"] == f"/en/account/login/?next={url}"
    secretariat_client.force_login(UserFactory())
    assert secretariat_client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
