"""Creating organizations, asking to join them, and deciding on requests."""

import html

import pytest

from hiwar.accounts.models import Membership, Organization
from hiwar.framework.models import Country, StakeholderCategory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_URL = "/en/me/organizations/new/"
DUPLICATE_NAME = "An organization with this name already exists. Ask to join it."


def _text(response):
    return html.unescape(response.content.decode())


def _form(**changes):
    data = {
        "name": "Arab Network for Migrants' Rights",
        "acronym": "ANMR",
        "kind": Organization.Kind.STAKEHOLDER,
        "category": StakeholderCategory.objects.get(code="civil_society").pk,
        "country": Country.objects.get(iso2="JO").pk,
        "scope": Organization.Scope.REGIONAL,
        "website": "anmr.example.org",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Creating ----------------------------------------------------------------------------------------


def test_creating_an_organization_makes_its_creator_the_active_admin(client, user):
    client.force_login(user)

    response = client.post(NEW_URL, _form(name="  Arab   Network for Migrants' Rights "))

    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/me/organizations/{organization.pk}/"
    assert (
        organization.name,
        organization.acronym,
        organization.kind,
        organization.category.code,
        organization.country.iso2,
        organization.scope,
        organization.website,
        organization.created_by,
    ) == (
        "Arab Network for Migrants' Rights",
        "ANMR",
        "stakeholder",
        "civil_society",
        "JO",
        "regional",
        "https://anmr.example.org",
        user,
    )
    assert list(Membership.objects.values_list("user", "organization", "role", "status")) == [
        (user.pk, organization.pk, "admin", "active")
    ]
    page = client.get(response["Location"])
    assert "The organization has been created. You administer it." in _text(page)


def test_a_government_institution_needs_no_stakeholder_category(client, user):
    client.force_login(user)

    client.post(NEW_URL, _form(kind=Organization.Kind.GOVERNMENT, category=""))

    assert Organization.objects.get().category is None


@pytest.mark.parametrize(
    "name",
    [
        "Arab Women Network",
        "arab women network",
        "ARAB WOMEN NETWORK",
        "  Arab   Women Network  ",
        "Arab\tWomen\nNetwork",
    ],
)
def test_a_name_already_taken_is_refused_on_the_name_field(client, user, name):
    existing = OrganizationFactory(name="Arab Women Network")
    client.force_login(user)

    response = client.post(NEW_URL, _form(name=name))

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [DUPLICATE_NAME]}
    assert DUPLICATE_NAME in _text(response)
    assert list(Organization.objects.all()) == [existing]
    assert Membership.objects.count() == 0


def test_a_stakeholder_organization_needs_a_category(client, user):
    client.force_login(user)

    response = client.post(NEW_URL, _form(category=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "category": ["Choose the stakeholder category of the organization."]
    }
    assert "Choose the stakeholder category of the organization." in _text(response)
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"kind": "company"}, "kind"),
        ({"website": "not a website"}, "website"),
        ({"country": "999999"}, "country"),
    ],
)
def test_other_bad_input_is_refused_on_its_field(client, user, changes, field):
    client.force_login(user)

    response = client.post(NEW_URL, _form(**changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(client, method):
    response = getattr(client, method)(NEW_URL, _form() if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"] == f"/en/account/login/?next={NEW_URL}"
    assert Organization.objects.count() == 0


# Joining -----------------------------------------------------------------------------------------


def test_asking_to_join_creates_a_pending_membership(client, user):
    organization = OrganizationFactory()
    client.force_login(user)

    response = client.post(f"/en/me/organizations/{organization.pk}/join/", follow=True)

    assert response.redirect_chain == [(f"/en/me/organizations/{organization.pk}/", 302)]
    assert "Your request has been sent to the organization's administrators." in _text(response)
    assert list(Membership.objects.values_list("user", "organization", "role", "status")) == [
        (user.pk, organization.pk, "member", "pending")
    ]


@pytest.mark.parametrize("status", [Membership.Status.PENDING, Membership.Status.ACTIVE])
def test_asking_to_join_twice_is_refused(client, user, status):
    organization = OrganizationFactory()
    MembershipFactory(user=user, organization=organization, status=status)
    client.force_login(user)

    response = client.post(f"/en/me/organizations/{organization.pk}/join/", follow=True)

    assert "You are already a member of this organization or have asked to join." in _text(response)
    assert list(Membership.objects.values_list("user", "status")) == [(user.pk, status)]


def test_asking_again_after_a_decline_reopens_the_request(client, user):
    membership = MembershipFactory(user=user, status=Membership.Status.DECLINED)
    client.force_login(user)

    client.post(f"/en/me/organizations/{membership.organization.pk}/join/")

    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == (Membership.Status.PENDING, None)
    assert Membership.objects.count() == 1


def test_joining_needs_sign_in_a_post_and_an_existing_organization(client, user):
    organization = OrganizationFactory()
    url = f"/en/me/organizations/{organization.pk}/join/"

    assert client.post(url)["Location"] == f"/en/account/login/?next={url}"
    client.force_login(user)
    assert client.get(url).status_code == 405
    assert client.post("/en/me/organizations/999999/join/").status_code == 404
    assert Membership.objects.count() == 0


# Deciding ----------------------------------------------------------------------------------------


@pytest.fixture
def request_to_join():
    organization = OrganizationFactory()
    admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    pending = MembershipFactory(organization=organization, status=Membership.Status.PENDING)
    return admin, pending


@pytest.mark.parametrize(
    ("decision", "status"),
    [("approve", Membership.Status.ACTIVE), ("decline", Membership.Status.DECLINED)],
)
def test_an_organization_admin_decides_a_request(client, request_to_join, decision, status):
    admin, pending = request_to_join
    client.force_login(admin)

    response = client.post(
        f"/en/me/memberships/{pending.pk}/decide/", {"decision": decision}, follow=True
    )

    assert response.redirect_chain == [(f"/en/me/organizations/{pending.organization.pk}/", 302)]
    assert "The request has been decided." in _text(response)
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (status, admin)
    assert pending.decided_at is not None


def test_the_secretariat_may_decide_a_request(secretariat_client, secretariat_user):
    pending = MembershipFactory(status=Membership.Status.PENDING)

    secretariat_client.post(f"/en/me/memberships/{pending.pk}/decide/", {"decision": "approve"})

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (Membership.Status.ACTIVE, secretariat_user)


@pytest.mark.parametrize(
    "who",
    ["applicant", "no_membership", "member", "pending_admin", "admin_of_another_organization"],
)
def test_others_may_not_decide_a_request(client, request_to_join, who):
    _admin, pending = request_to_join
    organization = pending.organization
    if who == "applicant":
        person = pending.user
    elif who == "no_membership":
        person = UserFactory()
    elif who == "member":
        person = MembershipFactory(organization=organization).user
    elif who == "pending_admin":
        person = MembershipFactory(
            organization=organization,
            role=Membership.Role.ADMIN,
            status=Membership.Status.PENDING,
        ).user
    else:
        person = MembershipFactory(role=Membership.Role.ADMIN).user
    client.force_login(person)

    response = client.post(f"/en/me/memberships/{pending.pk}/decide/", {"decision": "approve"})

    assert response.status_code == 403
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (Membership.Status.PENDING, None)


def test_deciding_an_unknown_request_is_not_found(client, request_to_join):
    admin, _pending = request_to_join
    client.force_login(admin)

    assert client.post(
        "/en/me/memberships/999999/decide/", {"decision": "approve"}
    ).status_code == (404)


@pytest.mark.parametrize("data", [{}, {"decision": ""}, {"decision": "accept"}])
def test_an_invalid_decision_changes_nothing(client, request_to_join, data):
    admin, pending = request_to_join
    client.force_login(admin)

    response = client.post(f"/en/me/memberships/{pending.pk}/decide/", data, follow=True)

    assert "Choose to approve or decline the request." in _text(response)
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (Membership.Status.PENDING, None)


def test_a_decided_request_cannot_be_decided_again(client, request_to_join):
    admin, pending = request_to_join
    client.force_login(admin)
    client.post(f"/en/me/memberships/{pending.pk}/decide/", {"decision": "decline"})

    response = client.post(
        f"/en/me/memberships/{pending.pk}/decide/", {"decision": "approve"}, follow=True
    )

    assert "This request has already been decided." in _text(response)
    pending.refresh_from_db()
    assert pending.status == Membership.Status.DECLINED


def test_deciding_needs_sign_in(client, request_to_join):
    _admin, pending = request_to_join
    url = f"/en/me/memberships/{pending.pk}/decide/"

    response = client.post(url, {"decision": "approve"})

    assert response["Location"] == f"/en/account/login/?next={url}"
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


# Detail page -------------------------------------------------------------------------------------


@pytest.fixture
def organization_with_members():
    organization = OrganizationFactory(name="Migrant Workers Forum")
    MembershipFactory(
        organization=organization, role=Membership.Role.ADMIN, user__full_name="Layla Admin"
    )
    MembershipFactory(organization=organization, user__full_name="Omar Member")
    MembershipFactory(
        organization=organization, status=Membership.Status.PENDING, user__full_name="Sami Asking"
    )
    return organization


def _viewer(kind, organization):
    if kind == "admin":
        return Membership.objects.get(organization=organization, role="admin").user
    if kind == "member":
        return Membership.objects.get(organization=organization, user__full_name="Omar Member").user
    if kind == "pending":
        return Membership.objects.get(organization=organization, status="pending").user
    if kind == "declined":
        return MembershipFactory(organization=organization, status="declined").user
    if kind == "member_elsewhere":
        return MembershipFactory().user
    return UserFactory()


@pytest.mark.parametrize(
    ("kind", "sees_members"),
    [
        ("admin", True),
        ("member", True),
        ("pending", False),
        ("declined", False),
        ("member_elsewhere", False),
        ("no_membership", False),
    ],
)
def test_members_are_listed_only_to_members(client, organization_with_members, kind, sees_members):
    client.force_login(_viewer(kind, organization_with_members))

    response = client.get(f"/en/me/organizations/{organization_with_members.pk}/")

    assert response.status_code == 200
    assert "Migrant Workers Forum" in _text(response)
    shown = {name for name in ("Layla Admin", "Omar Member") if name in _text(response)}
    assert shown == ({"Layla Admin", "Omar Member"} if sees_members else set())
    assert ("<h2>Members</h2>" in _text(response)) is sees_members


def test_members_are_hidden_from_anonymous_visitors(client, organization_with_members):
    response = client.get(f"/en/me/organizations/{organization_with_members.pk}/")

    assert response.status_code == 200
    assert "Layla Admin" not in _text(response)
    assert "Sign in to join this organization." in _text(response)


def test_the_secretariat_sees_members(secretariat_client, organization_with_members):
    response = secretariat_client.get(f"/en/me/organizations/{organization_with_members.pk}/")

    assert "Layla Admin" in _text(response)
    assert "Omar Member" in _text(response)
    assert "Sami Asking" in _text(response)


def test_only_deciders_see_the_decision_buttons(client, organization_with_members):
    url = f"/en/me/organizations/{organization_with_members.pk}/"
    client.force_login(_viewer("admin", organization_with_members))
    assert 'value="approve"' in _text(client.get(url))
    client.force_login(_viewer("member", organization_with_members))
    assert 'value="approve"' not in _text(client.get(url))


def test_an_unknown_organization_is_not_found(client):
    assert client.get("/en/me/organizations/999999/").status_code == 404


def test_the_list_searches_by_name_and_acronym(client):
    OrganizationFactory(name="Arab Women Network", acronym="AWN")
    OrganizationFactory(name="Migrant Workers Forum", acronym="MWF")

    by_name = client.get("/en/me/organizations/", {"q": "women"})
    by_acronym = client.get("/en/me/organizations/", {"q": "mwf"})

    assert [o.name for o in by_name.context["organizations"]] == ["Arab Women Network"]
    assert [o.name for o in by_acronym.context["organizations"]] == ["Migrant Workers Forum"]
