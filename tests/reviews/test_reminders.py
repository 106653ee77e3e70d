"""Deadline reminders: 14, 7 and 1 days before; once each; not after submission."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from hiwar.reviews.models import DeadlineReminder
from hiwar.reviews.services.reminders import send_deadline_reminders
from tests.reviews.conftest import submit

pytestmark = pytest.mark.django_db


def test_reminders_go_to_the_focal_points_once(cycle, report, focal_point, second_focal_point):
    deadline = cycle.national_report_deadline
    mail.outbox.clear()
    assert send_deadline_reminders(today=deadline - datetime.timedelta(days=7)) >= 1
    to_jordan = [m for m in mail.outbox if m.to[0] in {focal_point.email, second_focal_point.email}]
    assert len(to_jordan) == 2
    arabic = next(m for m in to_jordan if m.to == [second_focal_point.email])
    assert "7" in arabic.body and "الأردن" in arabic.body  # in the person's language
    assert DeadlineReminder.objects.filter(report=report, days_before=7).count() == 1

    mail.outbox.clear()
    send_deadline_reminders(today=deadline - datetime.timedelta(days=7))  # run again
    assert [m for m in mail.outbox if m.to[0] == focal_point.email] == []


@pytest.mark.parametrize("days", [30, 13, 8, 2, 0, -1])
def test_no_reminder_on_other_days(cycle, report, focal_point, days):
    mail.outbox.clear()
    send_deadline_reminders(today=cycle.national_report_deadline - datetime.timedelta(days=days))
    assert [m for m in mail.outbox if m.to[0] == focal_point.email] == []


def test_no_reminder_after_submission(cycle, report, focal_point):
    submit(report, focal_point)
    mail.outbox.clear()
    send_deadline_reminders(today=cycle.national_report_deadline - datetime.timedelta(days=1))
    assert [m for m in mail.outbox if m.to[0] == focal_point.email] == []


def test_a_granted_extension_moves_the_reminders(cycle, report, focal_point):
    report.deadline = cycle.national_report_deadline + datetime.timedelta(days=20)
    report.save(update_fields=["deadline"])
    mail.outbox.clear()
    send_deadline_reminders(today=report.deadline - datetime.timedelta(days=14))
    assert [m.to for m in mail.outbox if m.to[0] == focal_point.email] == [[focal_point.email]]


def test_the_command_reports_its_count(cycle, capsys):
    call_command("send_deadline_reminders")
    assert "Deadline reminders sent:" in capsys.readouterr().out


def test_a_quiet_day_costs_a_fixed_number_of_queries(cycle, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    quiet_day = cycle.national_report_deadline - datetime.timedelta(days=3)
    send_deadline_reminders(today=quiet_day)  # creates the missing report rows once
    with CaptureQueriesContext(connection) as queries:
        send_deadline_reminders(today=quiet_day)
    assert len(queries) == 3  # cycles, member states, reports: not one per country
