from typing import Any

from django.core.management.base import BaseCommand

from hiwar.reviews.services.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Mail focal points 14, 7 and 1 days before their report deadline. Run it daily "
        "(cron, or the demo's scheduler); each reminder goes out once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_deadline_reminders()
        self.stdout.write(f"Deadline reminders sent: {sent}")
