"""Editing an organization: its administrators and the secretariat may; nobody else."""

import pytest

from hiwar.accounts.models import Membership
from hiwar.framework.models import Country, StakeholderCategory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(organization, **changes):
    data = {
        "name": organization.name,
        "acronym": organization.acronym,
        "kind": organization.kind,
        "category": organization.category_id or "",
        "country": organization.country_id or "",
        "scope": organization.scope,
        "website": organization.website,
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_membership():
    return MembershipFactory(
        organization=OrganizationFactory(name="Jordan Workers Network"),
        role=Membership.Role.ADMIN,
    )


def test_an_admin_edits_the_organization_and_history_records_it(client, admin_membership):
    organization = admin_membership.organization
    client.force_login(admin_membership.user)
    page = client.get(f"/en/me/organizations/{organization.pk}/")
    assert f"/en/me/organizations/{organization.pk}/edit/" in page.content.decode()
    jordan = Country.objects.get(iso2="JO")
    unions = StakeholderCategory.objects.get(code="trade_unions")
    response = client.post(
        f"/en/me/organizations/{organization.pk}/edit/",
        _form(
            organization, name="Jordan  Workers   Network", country=jordan.pk, category=unions.pk
        ),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.country, organization.category) == (
        "Jordan Workers Network",
        jordan,
        unions,
    )
    assert organization.history.first().history_user == admin_membership.user


def test_the_edit_form_starts_with_the_current_values(client, admin_membership):
    client.force_login(admin_membership.user)
    organization = admin_membership.organization
    html = client.get(f"/en/me/organizations/{organization.pk}/edit/").content.decode()
    assert 'value="Jordan Workers Network"' in html


def test_renaming_to_another_organizations_name_is_refused(client, admin_membership):
    OrganizationFactory(name="Arab Trade Union Confederation")
    organization = admin_membership.organization
    client.force_login(admin_membership.user)
    response = client.post(
        f"/en/me/organizations/{organization.pk}/edit/",
        _form(organization, name="arab trade union confederation"),
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    organization.refresh_from_db()
    assert organization.name == "Jordan Workers Network"


@pytest.mark.parametrize("who", ["member", "stranger", "admin_elsewhere"])
def test_others_may_not_edit(client, admin_membership, who):
    organization = admin_membership.organization
    if who == "member":
        person = MembershipFactory(organization=organization).user
    elif who == "admin_elsewhere":
        person = MembershipFactory(role=Membership.Role.ADMIN).user
    else:
        person = UserFactory()
    client.force_login(person)
    response = client.post(
        f"/en/me/organizations/{organization.pk}/edit/", _form(organization, name="Hijacked")
    )
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Jordan Workers Network"


def test_the_secretariat_may_edit(secretariat_client, admin_membership):
    organization = admin_membership.organization
    response = secretariat_client.post(
        f"/en/me/organizations/{organization.pk}/edit/", _form(organization, acronym="JWN")
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.acronym == "JWN"


def test_editing_an_unknown_organization_is_a_404(client, user):
    client.force_login(user)
    assert client.get("/en/me/organizations/999999/edit/").status_code == 404


@pytest.mark.parametrize(("language", "landing"), [("ar", "/ar/me/"), ("fr", "/fr/me/")])
def test_signing_in_lands_in_the_preferred_language(client, language, landing):
    person = UserFactory(preferred_language=language)
    response = client.post(
        "/en/account/login/",
        {"login": person.email, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == landing
