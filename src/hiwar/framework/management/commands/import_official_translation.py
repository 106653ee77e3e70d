from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hiwar.framework.services import FrameworkDataError, import_official_translation


class Command(BaseCommand):
    help = (
        "Import an official translation of GCM texts (JSON file, one language) and mark those "
        "texts official. Nothing is written if any entry is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            report = import_official_translation(path=path)
        except FrameworkDataError as error:
            raise CommandError(str(error)) from error
        updated = ", ".join(f"{n} {k}" for k, n in sorted(report.updated.items())) or "nothing"
        self.stdout.write(f"Official translation imported. Updated: {updated}.")
