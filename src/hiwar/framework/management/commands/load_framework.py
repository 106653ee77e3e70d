from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hiwar.framework.services import FrameworkDataError, load_framework


class Command(BaseCommand):
    help = "Load the GCM framework and countries from the data files; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_framework()
        except FrameworkDataError as error:
            raise CommandError(str(error)) from error
        created = ", ".join(f"{n} {k}" for k, n in sorted(report.created.items())) or "nothing"
        updated = ", ".join(f"{n} {k}" for k, n in sorted(report.updated.items())) or "nothing"
        self.stdout.write(f"Framework loaded. Created: {created}. Updated: {updated}.")
