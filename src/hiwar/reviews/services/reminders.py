"""Reminders before the national report deadline, 14, 7 and 1 days ahead."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from hiwar.reviews.models import DeadlineReminder, NationalReport, ReviewCycle
from hiwar.reviews.tasks import mail_focal_points

REMINDER_DAYS = (14, 7, 1)


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Mail the focal points of every member state whose report is not yet submitted and whose
    deadline (or granted extension) is 14, 7 or 1 days away. Safe to run as often as wished:
    each reminder is recorded and goes out once. Returns the number of reminders sent."""
    today = today or timezone.localdate()
    sent = 0
    for cycle in ReviewCycle.objects.filter(is_current=True).prefetch_related("member_states"):
        # Through the cycle's manager, each report already knows its cycle: no query per report.
        reports = {r.country_id: r for r in cycle.national_reports.all()}
        for country in cycle.member_states.all():
            report = reports.get(country.pk)
            if report is None:
                report = NationalReport.objects.create(cycle=cycle, country=country)
            if report.status in {NationalReport.Status.SUBMITTED, NationalReport.Status.PUBLISHED}:
                continue
            deadline = report.effective_deadline()
            if deadline is None or (deadline - today).days not in REMINDER_DAYS:
                continue
            try:
                with transaction.atomic():
                    reminder = DeadlineReminder.objects.create(
                        report=report, deadline=deadline, days_before=(deadline - today).days
                    )
                    reminder.recipients = mail_focal_points(
                        report=report,
                        subject_key="reminder",
                        context={"days": reminder.days_before, "deadline": deadline},
                    )
                    reminder.save(update_fields=["recipients"])
            except IntegrityError:
                continue  # already reminded (another run got there first)
            sent += 1
    return sent
