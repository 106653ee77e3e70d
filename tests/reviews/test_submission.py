"""Submitting a national report freezes its version and tells the secretariat and the country's
focal points; after the deadline only the secretariat can accept it; reopening continues in a
new version while the submitted one stays readable."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from hiwar.reviews.models import NationalReport, ReportVersion, SectionDraft, SectionRevision
from hiwar.reviews.services import reports as report_services
from tests.reviews.conftest import draft_of, enable_totp, pdf_upload, submit, write

pytestmark = pytest.mark.django_db

TEXTS = {
    "preparation": "The Ministry of Labour led the review with civil society.",
    "progress_rt1": "Labour migration data are now published every quarter.",
}


def translated(language, text):
    with translation.override(language):
        return gettext(text)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _state(report):
    """What submission, reopening and refusals can change."""
    report.refresh_from_db()
    return (
        report.status,
        report.submitted_at,
        report.published_at,
        list(report.versions.values_list("number", "submitted_at", "submitted_by")),
        list(
            SectionDraft.objects.filter(version__report=report)
            .order_by("pk")
            .values_list("text", "revision")
        ),
        SectionRevision.objects.filter(draft__version__report=report).count(),
    )


@pytest.fixture
def focal_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def officer(secretariat_user):
    secretariat_user.preferred_language = "fr"
    secretariat_user.save()
    enable_totp(secretariat_user)
    return secretariat_user


def test_submitting_freezes_the_version(focal_client, report, focal_point):
    write(report, focal_point, TEXTS)

    response = focal_client.post(f"/en/review/reports/{report.pk}/submit/", follow=True)

    assert "The report has been submitted. Thank you." in _messages(response)
    report.refresh_from_db()
    version = report.versions.get()
    assert report.status == NationalReport.Status.SUBMITTED
    assert version.submitted_at is not None
    assert (report.submitted_at, version.submitted_by) == (version.submitted_at, focal_point)
    html = response.content.decode()
    assert "Submitted" in html
    assert "Write this section" not in html  # the frozen version is no longer editable
    assert TEXTS["progress_rt1"] in html


def test_submission_mails_the_secretariat_and_the_countrys_focal_points_in_their_languages(
    client,
    report,
    focal_point,
    second_focal_point,
    morocco_focal_point,
    officer,
    django_capture_on_commit_callbacks,
):
    write(report, focal_point, TEXTS)
    client.force_login(focal_point)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/review/reports/{report.pk}/submit/")

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == sorted(
        [focal_point.email, second_focal_point.email, officer.email]
    )
    subject = "A national report has been submitted"
    assert {address: message.subject for address, message in by_address.items()} == {
        focal_point.email: f"[Hiwar] {translated('en', subject)}",
        second_focal_point.email: f"[Hiwar] {translated('ar', subject)}",
        officer.email: f"[Hiwar] {translated('fr', subject)}",
    }
    # The country and the review are named in each recipient's language.
    english, arabic, french = (
        by_address[person.email].body for person in (focal_point, second_focal_point, officer)
    )
    assert ("Jordan" in english, "Jordanie" in english) == (True, False)
    assert "Regional review in the Arab region" in english
    assert ("الأردن" in arabic, "Jordan" in arabic) == (True, False)
    assert "الاستعراض الإقليمي في المنطقة العربية" in arabic
    assert "Jordanie" in french
    assert all(f"/review/reports/{report.pk}/" in body for body in (english, arabic, french))


def test_a_submitted_version_cannot_be_edited(focal_client, report, focal_point, media_root):
    write(report, focal_point, TEXTS)
    focal_client.post(f"/en/review/reports/{report.pk}/submit/")
    draft = draft_of(report, "preparation")
    before = _state(report)

    saved = focal_client.post(
        f"/en/review/sections/{draft.pk}/",
        {"text": "Changed.", "language": "en", "base_revision": 1, "action": "save"},
        follow=True,
    )
    autosaved = focal_client.post(
        f"/en/review/sections/{draft.pk}/autosave/",
        {"text": "Changed.", "language": "en", "base_revision": 1},
    )
    restored = focal_client.post(
        f"/en/review/revisions/{draft.revisions.get().pk}/restore/", follow=True
    )
    submitted_again = focal_client.post(f"/en/review/reports/{report.pk}/submit/", follow=True)
    restarted = focal_client.post(f"/en/review/reports/{report.pk}/start/", follow=True)

    refusal = "This version has been submitted and can no longer be changed."
    assert refusal in _messages(saved)
    assert (autosaved.status_code, refusal in autosaved.content.decode()) == (400, True)
    assert refusal in _messages(restored)
    assert "There is no draft to submit." in _messages(submitted_again)
    assert "The report has been submitted. The secretariat can reopen it." in _messages(restarted)
    assert _state(report) == before


def test_an_empty_report_cannot_be_submitted(client, focal_client, report, officer):
    focal_client.post(f"/en/review/reports/{report.pk}/start/")
    before = _state(report)

    response = focal_client.post(f"/en/review/reports/{report.pk}/submit/", follow=True)

    assert "The report is empty: write at least one section or upload the report." in _messages(
        response
    )
    assert _state(report) == before
    assert report.status == NationalReport.Status.NOT_STARTED
    assert mail.outbox == []


def test_a_report_not_yet_started_cannot_be_submitted(focal_client, report):
    response = focal_client.post(f"/en/review/reports/{report.pk}/submit/", follow=True)

    assert "There is no draft to submit." in _messages(response)
    assert report.versions.count() == 0


@pytest.fixture
def late(report):
    """The deadline for national reports was yesterday."""
    report.cycle.national_report_deadline = timezone.localdate() - datetime.timedelta(days=1)
    report.cycle.save()
    return report


def test_after_the_deadline_submission_is_refused_with_a_clear_message(
    focal_client, late, focal_point
):
    write(late, focal_point, TEXTS)
    before = _state(late)

    response = focal_client.post(f"/en/review/reports/{late.pk}/submit/", follow=True)

    assert (
        "The deadline has passed. Request an extension; "
        "the secretariat can still accept the report."
    ) in _messages(response)
    assert _state(late) == before
    assert 'class="badge badge--missing">passed</span>' in response.content.decode()


def test_the_secretariat_accepts_a_late_report(
    client, late, focal_point, officer, django_capture_on_commit_callbacks
):
    write(late, focal_point, TEXTS)
    client.force_login(officer)
    page = client.get(f"/en/review/reports/{late.pk}/").content.decode()
    assert f"/en/review/reports/{late.pk}/accept_late/" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/review/reports/{late.pk}/accept_late/", follow=True)

    assert "The report has been accepted after the deadline." in _messages(response)
    late.refresh_from_db()
    version = late.versions.get()
    assert late.status == NationalReport.Status.SUBMITTED
    assert (version.submitted_by, version.submitted_at) == (officer, late.submitted_at)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [focal_point.email, officer.email]
    )


def test_the_secretariat_cannot_accept_an_empty_late_report(client, late, officer):
    client.force_login(officer)
    client.post(f"/en/review/reports/{late.pk}/accept_late/")  # not started: nothing to accept
    before = _state(late)

    response = client.post(f"/en/review/reports/{late.pk}/accept_late/", follow=True)

    assert "There is no draft to submit." in _messages(response)
    assert _state(late) == before


def test_an_extension_lets_the_focal_point_submit_after_the_cycle_deadline(
    focal_client, late, focal_point
):
    write(late, focal_point, TEXTS)
    late.deadline = timezone.localdate() + datetime.timedelta(days=10)
    late.save()

    response = focal_client.post(f"/en/review/reports/{late.pk}/submit/", follow=True)

    assert "The report has been submitted. Thank you." in _messages(response)


# --- Reopening -------------------------------------------------------------------------------


def test_reopening_continues_in_version_2_with_the_same_texts(client, report, focal_point, officer):
    submit(report, focal_point, TEXTS)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/reopen/", follow=True)

    assert "The report has been reopened in a new version." in _messages(response)
    report.refresh_from_db()
    assert report.status == NationalReport.Status.DRAFTING
    first, second = report.versions.order_by("number")
    assert (first.number, first.is_frozen, second.number, second.is_frozen) == (
        1,
        True,
        2,
        False,
    )
    texts = {
        number: dict(
            SectionDraft.objects.filter(version__report=report, version__number=number)
            .exclude(text="")
            .values_list("section__key", "text")
        )
        for number in (1, 2)
    }
    assert texts == {1: TEXTS, 2: TEXTS}
    reopened = draft_of(report, "preparation")
    assert (reopened.revision, reopened.revisions.get().text) == (1, TEXTS["preparation"])


def test_the_submitted_version_stays_readable_after_reopening(client, report, focal_point, officer):
    submit(report, focal_point, TEXTS)
    client.force_login(officer)
    client.post(f"/en/review/reports/{report.pk}/reopen/")
    client.force_login(focal_point)
    draft = draft_of(report, "preparation")
    client.post(
        f"/en/review/sections/{draft.pk}/",
        {"text": "Revised: a national committee led.", "language": "en", "base_revision": 1},
    )

    current = client.get(f"/en/review/reports/{report.pk}/").content.decode()
    first = client.get(f"/en/review/reports/{report.pk}/?version=1").content.decode()

    assert "Revised: a national committee led." in current
    assert TEXTS["preparation"] not in current
    assert TEXTS["preparation"] in first
    assert "Revised: a national committee led." not in first
    assert "Write this section" not in first  # version 1 is read-only
    assert draft_of(report, "preparation", number=1).text == TEXTS["preparation"]


def test_the_reopened_report_is_submitted_again_as_version_2(client, report, focal_point, officer):
    submit(report, focal_point, TEXTS)
    client.force_login(officer)
    client.post(f"/en/review/reports/{report.pk}/reopen/")
    client.force_login(focal_point)

    client.post(f"/en/review/reports/{report.pk}/submit/")

    report.refresh_from_db()
    assert report.status == NationalReport.Status.SUBMITTED
    assert list(report.versions.values_list("number", "submitted_by")) == [
        (1, focal_point.pk),
        (2, focal_point.pk),
    ]


def test_only_a_submitted_report_can_be_reopened(client, report, focal_point, officer):
    write(report, focal_point, TEXTS)
    before = _state(report)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/reopen/", follow=True)

    assert "Only a submitted report can be reopened." in _messages(response)
    assert _state(report) == before
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_an_unknown_action_is_refused(client, report, focal_point, officer):
    submit(report, focal_point, TEXTS)
    before = _state(report)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/delete/", follow=True)

    assert "Unknown action." in _messages(response)
    assert _state(report) == before


def test_reopening_keeps_the_attached_files(client, report, focal_point, officer, media_root):
    write(report, focal_point, TEXTS)
    version = report.versions.get()
    report_services.attach_file(
        actor=focal_point, version=version, uploaded=pdf_upload("annex.pdf")
    )
    report_services.attach_file(
        actor=focal_point, version=version, uploaded=pdf_upload("report.pdf"), whole_report=True
    )
    report_services.submit_report(actor=focal_point, report=report)
    client.force_login(officer)
    client.post(f"/en/review/reports/{report.pk}/reopen/")
    first, second = report.versions.order_by("number")
    names = {
        v.number: sorted(v.attachments.values_list("original_name", flat=True))
        for v in (first, second)
    }
    assert names == {1: ["annex.pdf", "report.pdf"], 2: ["annex.pdf", "report.pdf"]}
    second.refresh_from_db()
    assert second.report_file.original_name == "report.pdf"
    assert second.report_file.version_id == second.pk
    assert second.report_file.file.name == first.report_file.file.name  # same stored file
