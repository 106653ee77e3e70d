"""Every page of the reviews app, for every kind of visitor.

A country's draft, its sections, revisions and files answer 404 to everyone but the country's
focal points and the secretariat, so an id reveals nothing; secretariat pages answer 403 to
signed-in people without the role. Every refused request leaves the stored data as it was.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hiwar.framework.models import Country
from hiwar.reviews.models import (
    Attachment,
    ExtensionRequest,
    Milestone,
    NationalReport,
    ReportVersion,
    ReviewCycle,
    SectionDraft,
    SectionRevision,
    StakeholderInput,
    TemplateSection,
)
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.services import reports as report_services
from tests.reviews.conftest import (
    SLUG,
    FocalPointFactory,
    draft_of,
    enable_totp,
    pdf_upload,
    write,
)

ROLES = (
    "anonymous",
    "user",
    "focal_point",
    "other_focal_point",
    "org_member",
    "rapporteur",
    "secretariat",
)

# Expected status per role, in the order of ROLES, while Jordan's report is a draft and the
# organization's input is submitted but not published.
DRAFT_STAGE = {
    "my_report": (302, 302, 302, 302, 302, 302, 302),
    "report": (404, 404, 200, 404, 404, 404, 200),
    "report_start": (302, 404, 302, 404, 404, 404, 404),
    "report_upload": (302, 404, 302, 404, 404, 404, 404),
    "report_submit": (302, 404, 302, 404, 404, 404, 404),
    "extension_request": (302, 404, 302, 404, 404, 404, 404),
    "report_action": (302, 403, 403, 403, 403, 403, 302),
    "section_edit": (302, 404, 200, 404, 404, 404, 404),
    "section_save": (302, 404, 302, 404, 404, 404, 404),
    "section_autosave": (302, 404, 200, 404, 404, 404, 404),
    "section_preview": (302, 404, 200, 404, 404, 404, 404),
    "section_history": (302, 404, 200, 404, 404, 404, 200),
    "revision_restore": (302, 404, 302, 404, 404, 404, 404),
    "attachment": (404, 404, 200, 404, 404, 404, 200),
    "extension_decide": (302, 403, 403, 403, 403, 403, 302),
    "input": (404, 404, 404, 404, 200, 404, 200),
    "input_attachment": (404, 404, 404, 404, 200, 404, 200),
    "input_action": (302, 403, 403, 403, 403, 403, 302),
    "landing": (200, 200, 200, 200, 200, 200, 200),
    "feed": (200, 200, 200, 200, 200, 200, 200),
    "dashboard": (302, 403, 403, 403, 403, 403, 200),
    "dashboard_csv": (302, 403, 403, 403, 403, 403, 200),
    "input_new": (302, 302, 302, 302, 200, 302, 302),
    "input_send": (302, 302, 302, 302, 302, 302, 302),
    "cycle_new": (302, 403, 403, 403, 403, 403, 200),
    "cycle_create": (302, 403, 403, 403, 403, 403, 302),
    "cycle_settings": (302, 403, 403, 403, 403, 403, 200),
    "cycle_update": (302, 403, 403, 403, 403, 403, 302),
    "cycle_setup": (302, 403, 403, 403, 403, 403, 200),
    "milestone_add": (302, 403, 403, 403, 403, 403, 302),
    "milestone_delete": (302, 403, 403, 403, 403, 403, 302),
    "template_section": (302, 403, 403, 403, 403, 403, 200),
    "template_section_save": (302, 403, 403, 403, 403, 403, 302),
    "template_add_section": (302, 403, 403, 403, 403, 403, 302),
    "template_section_remove": (302, 403, 403, 403, 403, 403, 302),
}

# After Jordan's report and the input are published: readable by everyone, still not editable.
PUBLISHED_STAGE = {
    "report": (200, 200, 200, 200, 200, 200, 200),
    "report_version_1": (200, 200, 200, 200, 200, 200, 200),
    "attachment": (200, 200, 200, 200, 200, 200, 200),
    "input": (200, 200, 200, 200, 200, 200, 200),
    "input_attachment": (200, 200, 200, 200, 200, 200, 200),
    # The version is frozen: the editor sends the focal point back to the report.
    "section_edit": (302, 404, 302, 404, 404, 404, 404),
    "section_history": (302, 404, 200, 404, 404, 404, 200),
    "section_save": (302, 404, 302, 404, 404, 404, 404),
    "section_autosave": (302, 404, 400, 404, 404, 404, 404),
    "revision_restore": (302, 404, 302, 404, 404, 404, 404),
    "report_start": (302, 404, 302, 404, 404, 404, 404),
    "report_upload": (302, 404, 302, 404, 404, 404, 404),
    "report_submit": (302, 404, 302, 404, 404, 404, 404),
    "extension_request": (302, 404, 302, 404, 404, 404, 404),
}

# The only requests that change stored data, and who makes them; every other request of the
# matrix, allowed or refused, must leave the data exactly as it was.
CHANGES_DATA = {
    "my_report": {"other_focal_point"},  # Morocco's report is created on the first visit
    "report_upload": {"focal_point"},
    "report_submit": {"focal_point"},
    "section_save": {"focal_point"},
    "section_autosave": {"focal_point"},
    "extension_decide": {"secretariat"},
    "input_action": {"secretariat"},
    "input_send": {"org_member"},
    "cycle_create": {"secretariat"},
    "cycle_update": {"secretariat"},
    "milestone_add": {"secretariat"},
    "milestone_delete": {"secretariat"},
    "template_section_save": {"secretariat"},
    "template_add_section": {"secretariat"},
    "template_section_remove": {"secretariat"},
}


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each visitor meets the same world: whatever a request changed is undone after it."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def people(user, focal_point, morocco_focal_point, org_member, rapporteur, secretariat_user):
    enable_totp(secretariat_user)  # the middleware sends secretariat users without it to set-up
    return {
        "anonymous": None,
        "user": user,
        "focal_point": focal_point,
        "other_focal_point": morocco_focal_point,
        "org_member": org_member,
        "rapporteur": rapporteur,
        "secretariat": secretariat_user,
    }


@pytest.fixture
def world(cycle, report, focal_point, org_member, organization, media_root):
    """Jordan's report with one saved section, an attached PDF and a pending extension
    request; an organization's submitted input with a PDF."""
    write(report, focal_point, {"preparation": "The Ministry of Labour led the review."})
    version = report.versions.get()
    attachment = report_services.attach_file(
        actor=focal_point, version=version, uploaded=pdf_upload("annex.pdf")
    )
    item = input_services.submit_stakeholder_input(
        actor=org_member,
        cycle=cycle,
        organization=organization,
        title="Voices of migrant workers",
        language="en",
        sections={"about": "A network of migrant workers' associations."},
        uploaded=pdf_upload("input.pdf"),
    )
    report_services.request_extension(
        actor=focal_point,
        report=report,
        reason="A cabinet reshuffle.",
        until=timezone.localdate() + datetime.timedelta(days=60),
    )
    return {
        "report": report,
        "draft": draft_of(report, "preparation"),
        "attachment": attachment,
        "item": item,
        "input_attachment": item.attachments.get(),
    }


def _publish(world, focal_point):
    report = world["report"]
    report_services.submit_report(actor=focal_point, report=report, notify=False)
    report.refresh_from_db()
    report_services.publish_report(actor=None, report=report)
    input_services.publish_stakeholder_input(actor=None, item=world["item"])


def _request(world: dict, view: str) -> tuple[str, str, dict]:
    report, draft, item = world["report"], world["draft"], world["item"]
    cycle = report.cycle
    milestone = cycle.milestones.get(key="dialogue-1")
    section = draft.section
    revision = draft.revisions.order_by("number").first()
    text = {"text": "A new text.", "language": "en", "base_revision": draft.revision}
    later = (report.effective_deadline() + datetime.timedelta(days=30)).isoformat()
    extension = ExtensionRequest.objects.filter(report=report).first()
    return {
        "my_report": ("get", "/en/review/my-report/", {}),
        "report": ("get", f"/en/review/reports/{report.pk}/", {}),
        "report_version_1": ("get", f"/en/review/reports/{report.pk}/?version=1", {}),
        "report_start": ("post", f"/en/review/reports/{report.pk}/start/", {}),
        "report_upload": (
            "post",
            f"/en/review/reports/{report.pk}/upload/",
            {"file": _fresh_pdf()},
        ),
        "report_submit": ("post", f"/en/review/reports/{report.pk}/submit/", {}),
        "extension_request": (
            "post",
            f"/en/review/reports/{report.pk}/extension/",
            {"requested_until": later, "reason": "Parliamentary elections."},
        ),
        "report_action": ("post", f"/en/review/reports/{report.pk}/publish/", {}),
        "section_edit": ("get", f"/en/review/sections/{draft.pk}/", {}),
        "section_save": ("post", f"/en/review/sections/{draft.pk}/", {**text, "action": "save"}),
        "section_autosave": ("post", f"/en/review/sections/{draft.pk}/autosave/", text),
        "section_preview": (
            "post",
            f"/en/review/sections/{draft.pk}/preview/",
            {"text": "**Progress**"},
        ),
        "section_history": ("get", f"/en/review/sections/{draft.pk}/history/", {}),
        "revision_restore": ("post", f"/en/review/revisions/{revision.pk}/restore/", {}),
        "attachment": ("get", f"/en/review/files/{world['attachment'].pk}/", {}),
        "extension_decide": (
            "post",
            f"/en/review/extensions/{extension.pk if extension else 0}/decide/",
            {"decision": "decline"},
        ),
        "input": ("get", f"/en/review/inputs/{item.pk}/", {}),
        "input_attachment": ("get", f"/en/review/files/{world['input_attachment'].pk}/", {}),
        "input_action": ("post", f"/en/review/inputs/{item.pk}/publish/", {}),
        "landing": ("get", f"/en/review/{SLUG}/", {}),
        "feed": ("get", f"/en/review/{SLUG}/feed/", {}),
        "dashboard": ("get", f"/en/review/{SLUG}/dashboard/", {}),
        "dashboard_csv": ("get", f"/en/review/{SLUG}/dashboard.csv", {}),
        "input_new": ("get", f"/en/review/{SLUG}/inputs/new/", {}),
        "input_send": (
            "post",
            f"/en/review/{SLUG}/inputs/new/",
            {
                "organization": item.organization_id,
                "title": "A second input",
                "language": "en",
                "section_challenges": "Recruitment fees.",
                "publishable": "on",
            },
        ),
        "cycle_new": ("get", "/en/review/new-cycle/", {}),
        "cycle_create": ("post", "/en/review/new-cycle/", _cycle_form(cycle, slug="second")),
        "cycle_settings": ("get", f"/en/review/{SLUG}/settings/", {}),
        "cycle_update": ("post", f"/en/review/{SLUG}/settings/", _cycle_form(cycle)),
        "cycle_setup": ("get", f"/en/review/{SLUG}/setup/", {}),
        "milestone_add": (
            "post",
            f"/en/review/{SLUG}/setup/",
            {"key": "conference", "kind": "conference", "starts_on": "2031-02-24"}
            | {"title_en": "Regional review conference", "title_fr": "", "title_ar": ""},
        ),
        "milestone_delete": ("post", f"/en/review/milestones/{milestone.pk}/delete/", {}),
        "template_section": ("get", f"/en/review/template-sections/{section.pk}/", {}),
        "template_section_save": (
            "post",
            f"/en/review/template-sections/{section.pk}/",
            {"position": 1, "title_en": "How the review was prepared", "title_fr": ""}
            | {"title_ar": "", "guidance_en": "", "guidance_fr": "", "guidance_ar": ""}
            | {"guiding_questions_en": "", "guiding_questions_fr": "", "guiding_questions_ar": ""},
        ),
        "template_add_section": (
            "post",
            f"/en/review/templates/{section.template_id}/add-section/",
            {"key": "covid19", "title_en": "Migrants and the pandemic"},
        ),
        "template_section_remove": (
            "post",
            f"/en/review/template-sections/{_unwritten_section(section).pk}/remove/",
            {},
        ),
    }[view]


def _unwritten_section(section):
    return section.template.sections.get(key="means_of_implementation")


def _cycle_form(cycle, slug=SLUG):
    return {
        "slug": slug,
        "region": cycle.region_id,
        "starts_on": cycle.starts_on.isoformat(),
        "ends_on": cycle.ends_on.isoformat(),
        "national_report_deadline": "2031-06-30",
        "make_current": "",
        "title_en": "Another title",
        "title_fr": "",
        "title_ar": "",
        "summary_en": "",
        "summary_fr": "",
        "summary_ar": "",
    }


def _fresh_pdf() -> Any:
    return pdf_upload("another-annex.pdf", pages=2)


def _files(media_root) -> list[str]:
    return sorted(str(p) for p in media_root.rglob("*") if p.is_file())


def _rows() -> dict[str, Any]:
    """Every stored row a request to these pages could change."""
    return {
        "reports": list(
            NationalReport.objects.order_by("pk").values_list(
                "pk", "status", "started_at", "submitted_at", "published_at", "deadline"
            )
        ),
        "versions": list(
            ReportVersion.objects.order_by("pk").values_list(
                "pk", "number", "submitted_at", "report_file"
            )
        ),
        "drafts": list(
            SectionDraft.objects.order_by("pk").values_list("pk", "text", "language", "revision")
        ),
        "revisions": list(SectionRevision.objects.order_by("pk").values_list("pk", "text")),
        "attachments": list(Attachment.objects.order_by("pk").values_list("pk", "sha256")),
        "extensions": list(
            ExtensionRequest.objects.order_by("pk").values_list("pk", "status", "granted_until")
        ),
        "inputs": list(
            StakeholderInput.objects.order_by("pk").values_list("pk", "status", "published_at")
        ),
        "cycles": list(
            ReviewCycle.objects.order_by("pk").values_list(
                "pk", "slug", "title_en", "national_report_deadline", "is_current"
            )
        ),
        "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "key", "title_en")),
        "sections": list(
            TemplateSection.objects.order_by("pk").values_list("pk", "position", "title_en")
        ),
    }


def _sessions(client, people) -> dict[str, str | None]:
    """One signed-in session per person, made once; switching visitor swaps the cookie."""
    cookies = {}
    for role, person in people.items():
        client.cookies.clear()
        if person is not None:
            client.force_login(person)
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        cookies[role] = cookie.value if cookie else None
    client.cookies.clear()
    return cookies


def _visit_every_page_as_everyone(client, people, world, media_root, table):
    """The status each visitor gets on each page, who changed stored data on the way, and
    the pages that sent an anonymous visitor anywhere but to the sign-in page."""
    sessions = _sessions(client, people)
    rows = _rows()  # each request is rolled back: every visitor starts from these rows
    statuses, changed, not_to_login = {}, set(), set()
    for view in table:
        row: list[int] = []
        for role in ROLES:
            with rolled_back():
                client.cookies.clear()
                if sessions[role]:
                    client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
                method, url, data = _request(world, view)
                files = _files(media_root)

                response = getattr(client, method)(url, data)

                row.append(response.status_code)
                if (_files(media_root), _rows()) != (files, rows):
                    changed.add((view, role))
                if (
                    role == "anonymous"
                    and response.status_code == 302
                    and not response["Location"].startswith("/en/account/login/?next=")
                ):
                    not_to_login.add(view)
        statuses[view] = tuple(row)
    return statuses, changed, not_to_login


def test_every_page_while_drafting(client, people, world, media_root):
    statuses, changed, not_to_login = _visit_every_page_as_everyone(
        client, people, world, media_root, DRAFT_STAGE
    )

    assert statuses == DRAFT_STAGE
    assert changed == {(view, role) for view, roles in CHANGES_DATA.items() for role in roles}
    assert not_to_login == set()


def test_every_page_after_publication(client, people, world, media_root, focal_point):
    _publish(world, focal_point)

    statuses, changed, not_to_login = _visit_every_page_as_everyone(
        client, people, world, media_root, PUBLISHED_STAGE
    )

    assert statuses == PUBLISHED_STAGE
    assert changed == set()  # nothing changes a published report, whoever asks
    assert not_to_login == set()


@pytest.mark.parametrize(
    ("role", "location"),
    [
        ("user", "/en/me/"),
        ("focal_point", "jordan"),
        ("other_focal_point", "morocco"),
        ("org_member", "/en/me/"),
        ("rapporteur", "/en/me/"),
        ("secretariat", "/en/me/"),
    ],
)
def test_my_report_leads_a_focal_point_to_their_countrys_report(
    client, people, cycle, report, role, location
):
    client.force_login(people[role])

    response = client.get("/en/review/my-report/")

    if location in {"jordan", "morocco"}:
        country = {"jordan": "JO", "morocco": "MA"}[location]
        location = f"/en/review/reports/{NationalReport.objects.get(country__iso2=country).pk}/"
    assert (response.status_code, response["Location"]) == (302, location)


def test_a_focal_point_of_a_country_outside_the_review_has_no_report(client, cycle):
    outsider = FocalPointFactory(country=Country.objects.get(iso2="FR")).user
    client.force_login(outsider)

    response = client.get("/en/review/my-report/", follow=True)

    assert response.redirect_chain == [("/en/me/", 302)]
    assert "not a member state of the review cycle" in response.content.decode()
    assert not NationalReport.objects.filter(country__iso2="FR").exists()


def test_the_matrix_covers_every_page_of_the_app():
    from django.urls import get_resolver

    names = {p.name for p in get_resolver("hiwar.reviews.urls").url_patterns}
    tested = set(DRAFT_STAGE) | {"landing", "feed", "dashboard", "dashboard_csv"}
    aliases = {"cycle_new": "cycle_create", "cycle_settings": "cycle_update"}
    missing = {name for name in names if aliases.get(name, name) not in tested}
    assert missing == set()
