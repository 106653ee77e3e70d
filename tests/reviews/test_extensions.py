"""Deadline extensions: a focal point asks, the secretariat grants or declines once, the focal
points are told; and where every member state stands on the secretariat's dashboard."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from hiwar.framework.models import Country
from hiwar.reviews import selectors
from hiwar.reviews.models import ExtensionRequest, NationalReport
from hiwar.reviews.services import reports as report_services
from tests.reviews.conftest import enable_totp, publish, submit, write

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _extensions(report):
    return list(
        ExtensionRequest.objects.filter(report=report)
        .order_by("pk")
        .values_list("status", "requested_until", "granted_until", "decided_by")
    )


def _ask(client, report, until, reason="Parliamentary elections delay the validation."):
    return client.post(
        f"/en/review/reports/{report.pk}/extension/",
        {"requested_until": until.isoformat(), "reason": reason},
        follow=True,
    )


@pytest.fixture
def focal_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def officer(secretariat_user):
    enable_totp(secretariat_user)
    return secretariat_user


@pytest.fixture
def pending(report, focal_point):
    return report_services.request_extension(
        actor=focal_point, report=report, reason="Elections.", until=_days(60)
    )


def test_a_focal_point_requests_an_extension(focal_client, report, focal_point):
    response = _ask(focal_client, report, _days(45))

    assert "Your request has been sent to the secretariat." in _messages(response)
    extension = report.extension_requests.get()
    assert (extension.status, extension.requested_until, extension.requested_by) == (
        ExtensionRequest.Status.PENDING,
        _days(45),
        focal_point,
    )
    assert extension.reason == "Parliamentary elections delay the validation."
    report.refresh_from_db()
    assert report.status == NationalReport.Status.DRAFTING
    assert "Extension requested" in response.content.decode()


def test_a_second_request_while_one_is_pending_is_refused(focal_client, report, pending):
    before = _extensions(report)

    response = _ask(focal_client, report, _days(90))

    assert "An extension request is already waiting for a decision." in _messages(response)
    assert _extensions(report) == before


@pytest.mark.parametrize("days_after_deadline", [0, -5])
def test_the_new_date_must_be_later_than_the_deadline(focal_client, report, days_after_deadline):
    deadline = report.cycle.national_report_deadline

    response = _ask(focal_client, report, deadline + datetime.timedelta(days=days_after_deadline))

    assert "The new deadline must be later than the current one." in _messages(response)
    assert _extensions(report) == []
    report.refresh_from_db()
    assert report.status == NationalReport.Status.NOT_STARTED


@pytest.mark.parametrize(
    "data",
    [
        {"requested_until": "2099-01-01", "reason": ""},
        {"requested_until": "not a date", "reason": "Elections."},
        {"reason": "Elections."},
    ],
)
def test_a_request_needs_a_date_and_a_reason(focal_client, report, data):
    response = focal_client.post(f"/en/review/reports/{report.pk}/extension/", data, follow=True)

    assert "Give a valid date and a reason." in _messages(response)
    assert _extensions(report) == []


def test_a_submitted_report_needs_no_extension(focal_client, report, focal_point):
    submit(report, focal_point)

    response = _ask(focal_client, report, _days(90))

    assert "The report has already been submitted." in _messages(response)
    assert _extensions(report) == []


def test_the_secretariat_grants_an_extension_and_the_focal_points_are_told(
    client,
    report,
    pending,
    officer,
    focal_point,
    second_focal_point,
    morocco_focal_point,
    django_capture_on_commit_callbacks,
):
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/review/extensions/{pending.pk}/decide/",
            {"decision": "grant", "granted_until": _days(50).isoformat()},
            follow=True,
        )

    assert "The decision has been recorded and the focal points told." in _messages(response)
    assert _extensions(report) == [("granted", _days(60), _days(50), officer.pk)]
    report.refresh_from_db()
    assert report.deadline == _days(50)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [focal_point.email, second_focal_point.email]
    )
    english = next(m for m in mail.outbox if m.to == [focal_point.email])
    assert "granted the extension for the report of Jordan" in english.body
    assert _days(50).strftime("%-d %B %Y") in english.body


def test_granting_without_a_date_gives_the_date_requested(client, report, pending, officer):
    client.force_login(officer)

    client.post(f"/en/review/extensions/{pending.pk}/decide/", {"decision": "grant"})

    report.refresh_from_db()
    assert report.deadline == _days(60)


def test_the_secretariat_declines_an_extension(
    client, report, pending, officer, focal_point, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/review/extensions/{pending.pk}/decide/", {"decision": "decline"})

    assert _extensions(report) == [("declined", _days(60), None, officer.pk)]
    report.refresh_from_db()
    assert report.deadline is None
    assert [message.to for message in mail.outbox] == [[focal_point.email]]
    assert "declined the extension request for the report of Jordan" in mail.outbox[0].body


def test_deciding_twice_is_refused(
    client, report, pending, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    client.post(f"/en/review/extensions/{pending.pk}/decide/", {"decision": "decline"})
    before = (_extensions(report), NationalReport.objects.get(pk=report.pk).deadline)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/review/extensions/{pending.pk}/decide/",
            {"decision": "grant", "granted_until": _days(90).isoformat()},
            follow=True,
        )

    assert "This request has already been decided." in _messages(response)
    assert (_extensions(report), NationalReport.objects.get(pk=report.pk).deadline) == before
    assert mail.outbox == []


def test_a_decision_must_be_grant_or_decline(client, report, pending, officer):
    client.force_login(officer)

    response = client.post(
        f"/en/review/extensions/{pending.pk}/decide/", {"decision": "maybe"}, follow=True
    )

    assert "Choose to grant or decline the request." in _messages(response)
    assert _extensions(report) == [("pending", _days(60), None, None)]


def test_a_new_request_after_a_grant_must_go_beyond_the_new_deadline(
    focal_client, report, pending, officer
):
    report_services.decide_extension(actor=officer, extension=pending, grant=True)

    refused = _ask(focal_client, report, _days(60))
    accepted = _ask(focal_client, report, _days(61))

    assert "The new deadline must be later than the current one." in _messages(refused)
    assert "Your request has been sent to the secretariat." in _messages(accepted)
    assert [row[0] for row in _extensions(report)] == ["granted", "pending"]


# --- The dashboard ---------------------------------------------------------------------------


@pytest.fixture
def every_status(cycle, focal_point, officer):
    """One member state in each status; the others have not started."""

    def report_of(iso2):
        return report_services.ensure_report(cycle=cycle, country=Country.objects.get(iso2=iso2))

    report_of("JO")  # opened by its focal point's visit, nothing written
    write(report_of("MA"), focal_point, {"preparation": "Drafting."})
    requested = report_of("LB")
    report_services.request_extension(
        actor=focal_point, report=requested, reason="Elections.", until=_days(60)
    )
    extended = report_of("TN")
    report_services.request_extension(
        actor=focal_point, report=extended, reason="Floods.", until=_days(60)
    )
    report_services.decide_extension(
        actor=officer, extension=extended.extension_requests.get(), grant=True
    )
    declined = report_of("IQ")
    report_services.request_extension(
        actor=focal_point, report=declined, reason="Late start.", until=_days(60)
    )
    report_services.decide_extension(
        actor=officer, extension=declined.extension_requests.get(), grant=False
    )
    submit(report_of("EG"), focal_point)
    publish(report_of("QA"), focal_point)
    return cycle


def test_member_state_statuses(every_status):
    rows = selectors.member_state_statuses(cycle=every_status)

    statuses = {row.country.iso2: row.status for row in rows}
    assert len(rows) == 22
    assert {iso2: statuses.pop(iso2) for iso2 in ("JO", "MA", "LB", "TN", "IQ", "EG", "QA")} == {
        "JO": "not_started",
        "MA": "drafting",
        "LB": "extension_requested",
        "TN": "extended",
        "IQ": "drafting",  # declined: back to drafting
        "EG": "submitted",
        "QA": "published",
    }
    assert set(statuses.values()) == {"not_started"}
    labels = {row.country.iso2: row.status_label for row in rows}
    assert (labels["LB"], labels["TN"], labels["QA"]) == (
        "Extension requested",
        "Extended",
        "Published",
    )


def test_the_dashboard_shows_each_status_and_deadline(client, every_status, officer):
    client.force_login(officer)

    html = client.get("/en/review/arab-review/dashboard/").content.decode()

    for status in (
        "not_started",
        "drafting",
        "extension_requested",
        "extended",
        "submitted",
        "published",
    ):
        assert f"status--{status}" in html
    tunisia = NationalReport.objects.get(country__iso2="TN")
    row = html[html.index(f"/en/review/reports/{tunisia.pk}/") :].split("</tr>")[0]
    assert "Extended" in row
    assert _days(60).strftime("%-d %b %Y") in row


def test_a_grant_must_move_the_deadline_later(client, report, pending, officer):
    client.force_login(officer)
    too_early = report.cycle.national_report_deadline.isoformat()
    response = client.post(
        f"/en/review/extensions/{pending.pk}/decide/",
        {"decision": "grant", "granted_until": too_early},
        follow=True,
    )
    assert "The new deadline must be later than the current one." in _messages(response)
    pending.refresh_from_db()
    report.refresh_from_db()
    assert (pending.status, report.deadline) == (ExtensionRequest.Status.PENDING, None)
