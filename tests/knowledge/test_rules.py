"""Every permission of the knowledge hub, through the rules and through the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hiwar.knowledge.models import Practice
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db

HIDDEN = [
    Practice.Status.DRAFT,
    Practice.Status.SUBMITTED,
    Practice.Status.CHANGES_REQUESTED,
    Practice.Status.REJECTED,
]


@pytest.mark.parametrize("status", HIDDEN)
def test_an_unpublished_practice_is_seen_only_by_its_organization_and_the_secretariat(
    client, organization, org_member, other_org_member, user, secretariat_user, status
):
    practice = make_practice(organization, org_member, status, title="Hidden practice")
    assert not AnonymousUser().has_perm("knowledge.view_practice", practice)
    assert not user.has_perm("knowledge.view_practice", practice)
    assert not other_org_member.has_perm("knowledge.view_practice", practice)
    assert org_member.has_perm("knowledge.view_practice", practice)
    assert secretariat_user.has_perm("knowledge.view_practice", practice)

    assert client.get(f"/en/knowledge/practices/{practice.pk}/").status_code == 404
    assert "Hidden practice" not in client.get("/en/knowledge/practices/").content.decode()
    client.force_login(other_org_member)
    assert client.get(f"/en/knowledge/practices/{practice.pk}/").status_code == 404
    assert client.get(f"/en/knowledge/practices/{practice.pk}/edit/").status_code == 404
    assert "Hidden practice" not in client.get("/en/knowledge/practices/").content.decode()
    client.force_login(org_member)
    assert client.get(f"/en/knowledge/practices/{practice.pk}/").status_code == 200


def test_a_published_practice_is_public(client, published):
    assert AnonymousUser().has_perm("knowledge.view_practice", published)
    response = client.get(f"/en/knowledge/practices/{published.pk}/")
    assert response.status_code == 200
    assert published.title in response.content.decode()


def test_only_members_of_the_organization_edit_and_only_while_editable(
    organization, org_member, other_org_member, secretariat_user
):
    draft = make_practice(organization, org_member)
    assert org_member.has_perm("knowledge.edit_practice", draft)
    assert not other_org_member.has_perm("knowledge.edit_practice", draft)
    assert not secretariat_user.has_perm("knowledge.edit_practice", draft)
    for status in (Practice.Status.SUBMITTED, Practice.Status.PUBLISHED):
        practice = make_practice(organization, org_member, status)
        assert not org_member.has_perm("knowledge.edit_practice", practice)
    changes = make_practice(organization, org_member, Practice.Status.CHANGES_REQUESTED)
    assert org_member.has_perm("knowledge.edit_practice", changes)


def test_another_organizations_member_cannot_change_or_submit_a_draft(
    client, draft, other_org_member
):
    client.force_login(other_org_member)
    before = draft.title
    assert client.post(f"/en/knowledge/practices/{draft.pk}/submit/").status_code == 404
    response = client.post(f"/en/knowledge/practices/{draft.pk}/edit/", {"title": "Taken over"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == before
    assert draft.status == Practice.Status.DRAFT


def test_only_the_secretariat_reviews(client, submitted, org_member, secretariat_user):
    assert secretariat_user.has_perm("knowledge.review_practice", submitted)
    assert not org_member.has_perm("knowledge.review_practice", submitted)
    assert not org_member.has_perm("knowledge.review_practices")
    client.force_login(org_member)
    assert client.get("/en/knowledge/practices/review/").status_code == 403
    response = client.post(
        f"/en/knowledge/practices/{submitted.pk}/review/", {"decision": "publish"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.SUBMITTED
    client.logout()
    response = client.get("/en/knowledge/practices/review/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_pending_membership_does_not_let_one_submit(client, organization, user):
    from hiwar.accounts.models import Membership

    Membership.objects.create(user=user, organization=organization)  # pending
    assert not user.has_perm("knowledge.submit_practice", organization)
    client.force_login(user)
    response = client.get("/en/knowledge/practices/new/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organization_list")


def test_only_admins_and_the_secretariat_edit_the_profile(
    organization, org_member, org_admin, secretariat_user, other_org_member
):
    assert org_admin.has_perm("knowledge.edit_profile", organization)
    assert secretariat_user.has_perm("knowledge.edit_profile", organization)
    assert not org_member.has_perm("knowledge.edit_profile", organization)
    assert not other_org_member.has_perm("knowledge.edit_profile", organization)
    assert not AnonymousUser().has_perm("knowledge.edit_profile", organization)


def test_only_signed_in_users_may_contact(user):
    assert user.has_perm("knowledge.contact_organization")
    assert not AnonymousUser().has_perm("knowledge.contact_organization")
