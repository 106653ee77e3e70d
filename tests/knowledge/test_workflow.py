"""The life of a practice through the pages: a member writes and submits it, the secretariat
publishes it, asks for changes or refuses it, and the author is mailed each decision."""

from typing import Any

import pytest
from django.core import mail

from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge.models import Practice
from hiwar.knowledge.services import practices as services
from hiwar.knowledge.services.errors import KnowledgeError
from tests.knowledge.conftest import content, make_practice

pytestmark = pytest.mark.django_db


def form_data(organization: Any = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Cliniques juridiques mobiles",
        "language": "fr",
        "summary": "Des avocats conseillent les travailleurs migrants sur leurs salaires.",
        "description": "Chaque semaine, **gratuitement**.",
        "countries": [Country.objects.get(iso2="JO").pk],
        "start_year": "2019",
        "end_year": "",
        "objectives": [Objective.objects.get(number=6).pk],
        "principles": [GuidingPrinciple.objects.get(letter="f").pk],
        "stakeholder_categories": [StakeholderCategory.objects.get(code="civil_society").pk],
        "stakeholders_text": "",
        "results": "300 travailleurs conseillés.",
        "links": "https://example.org/a\nhttp://example.org/b",
        "contact_name": "Layla",
        "contact_email": "layla.private@example.jo",
        "suggested_objectives": "",
        "suggested_principles": "",
    }
    if organization is not None:
        data["organization"] = organization.pk
    data.update(overrides)
    return data


def test_a_member_writes_a_draft_then_submits_it(client, organization, org_member):
    client.force_login(org_member)
    response = client.post("/fr/knowledge/practices/new/", form_data(organization))
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/knowledge/practices/{practice.pk}/edit/"
    assert practice.status == Practice.Status.DRAFT
    assert practice.organization == organization
    assert practice.submitted_by == org_member
    assert practice.language == "fr"
    assert practice.links == ["https://example.org/a", "http://example.org/b"]
    assert [o.number for o in practice.objectives.all()] == [6]
    assert practice.history.count() == 1
    # Before sending it, the author is told the published practice becomes open data.
    edit_page = client.get(f"/fr/knowledge/practices/{practice.pk}/edit/").content.decode()
    assert "sous licence Creative Commons Attribution 4.0 (CC BY 4.0)" in edit_page

    response = client.post(f"/fr/knowledge/practices/{practice.pk}/submit/")
    practice.refresh_from_db()
    assert response.status_code == 302
    assert practice.status == Practice.Status.SUBMITTED
    assert practice.submitted_at is not None
    # Sent for review: no longer editable by its author.
    response = client.post(f"/fr/knowledge/practices/{practice.pk}/edit/", form_data(title="X"))
    practice.refresh_from_db()
    assert practice.title == "Cliniques juridiques mobiles"


def test_suggestions_tick_objectives_and_save_nothing(client, organization, org_member):
    client.force_login(org_member)
    data = form_data(
        organization,
        title="Recrutement équitable des travailleurs migrants",
        summary=(
            "Lutter contre les frais de recrutement illégaux payés par les travailleurs "
            "migrants aux agences, et garantir des contrats de travail décents."
        ),
        objectives=[],
        principles=[],
        suggest="1",
    )
    response = client.post("/fr/knowledge/practices/new/", data)
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    html = response.content.decode()
    suggested_field = response.context["form"].initial["suggested_objectives"]
    assert "6" in suggested_field.split(",")
    assert str(Objective.objects.get(number=6).pk) in response.context["form"].initial["objectives"]
    assert "badge--suggested" in html

    # The author unticks nothing and saves: the suggestions are kept as evidence.
    data = form_data(
        organization,
        objectives=response.context["form"].initial["objectives"],
        suggested_objectives=suggested_field,
    )
    client.post("/fr/knowledge/practices/new/", data)
    practice = Practice.objects.get()
    assert 6 in practice.suggested_objectives
    assert 6 in {o.number for o in practice.objectives.all()}


def test_the_secretariat_publishes_and_the_author_is_mailed(
    secretariat_client, submitted, org_member, django_capture_on_commit_callbacks
):
    response = secretariat_client.get("/en/knowledge/practices/review/")
    assert submitted.title in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            f"/en/knowledge/practices/{submitted.pk}/review/",
            {"decision": "publish", "comment": ""},
        )
    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == Practice.Status.PUBLISHED
    assert submitted.published_at is not None
    assert submitted.embedding is not None
    assert [m.to for m in mail.outbox] == [[org_member.email]]
    assert "published" in mail.outbox[0].subject
    assert f"/knowledge/practices/{submitted.pk}/" in mail.outbox[0].body


def test_changes_requested_then_resubmitted_then_published(
    client,
    secretariat_client,
    submitted,
    org_member,
    secretariat_user,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            f"/en/knowledge/practices/{submitted.pk}/review/",
            {"decision": "changes", "comment": "Say how many workers were advised."},
        )
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.CHANGES_REQUESTED
    assert submitted.review_comment == "Say how many workers were advised."
    assert mail.outbox[0].to == [org_member.email]
    assert "Say how many workers were advised." in mail.outbox[0].body

    secretariat_client.logout()
    client.force_login(org_member)
    page = client.get(f"/en/knowledge/practices/{submitted.pk}/edit/")
    assert "Say how many workers were advised." in page.content.decode()
    client.post(
        f"/en/knowledge/practices/{submitted.pk}/edit/",
        form_data(results="1,200 workers advised in 2020."),
    )
    client.post(f"/en/knowledge/practices/{submitted.pk}/submit/")
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.SUBMITTED
    assert submitted.results == "1,200 workers advised in 2020."

    services.publish_practice(actor=secretariat_user, practice=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.PUBLISHED
    statuses = [h.status for h in submitted.history.order_by("history_date", "history_id")]
    assert statuses == [
        "draft",
        "submitted",
        "changes_requested",
        "changes_requested",
        "submitted",
        "published",
    ]


def test_rejection_needs_a_reason_and_is_mailed(
    secretariat_client, submitted, org_member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            f"/en/knowledge/practices/{submitted.pk}/review/",
            {"decision": "reject", "comment": ""},
        )
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.SUBMITTED
    assert mail.outbox == []
    assert response.status_code == 302
    page = secretariat_client.get(response["Location"])
    assert "Give the reason for not accepting the practice." in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            f"/en/knowledge/practices/{submitted.pk}/review/",
            {"decision": "reject", "comment": "This is a project plan, not a practice."},
        )
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.REJECTED
    assert submitted.review_comment == "This is a project plan, not a practice."
    assert mail.outbox[0].to == [org_member.email]


@pytest.mark.parametrize(
    "status", [Practice.Status.DRAFT, Practice.Status.PUBLISHED, Practice.Status.REJECTED]
)
def test_only_a_submitted_practice_can_be_decided(organization, org_member, status):
    practice = make_practice(organization, org_member, status)
    with pytest.raises(KnowledgeError):
        services.publish_practice(actor=None, practice=practice)
    with pytest.raises(KnowledgeError):
        services.reject_practice(actor=None, practice=practice, reason="No.")
    practice.refresh_from_db()
    assert practice.status == status


def test_a_practice_needs_an_objective_and_a_country_to_be_submitted(organization, org_member):
    practice = make_practice(organization, org_member, objectives=[], countries=[])
    with pytest.raises(KnowledgeError, match="objective"):
        services.submit_practice(actor=org_member, practice=practice)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT


def test_a_published_or_rejected_practice_cannot_be_edited(organization, org_member):
    for status in (Practice.Status.PUBLISHED, Practice.Status.REJECTED):
        practice = make_practice(organization, org_member, status)
        with pytest.raises(KnowledgeError):
            services.update_practice(actor=org_member, practice=practice, content=content())


def test_my_practices_lists_every_state_of_my_organizations(
    client, organization, org_member, other_org_member
):
    mine = make_practice(organization, org_member, title="Our own draft")
    theirs = make_practice(
        other_org_member.memberships.get().organization, other_org_member, title="Their draft"
    )
    client.force_login(org_member)
    html = client.get("/en/knowledge/practices/mine/").content.decode()
    assert mine.title in html
    assert theirs.title not in html
