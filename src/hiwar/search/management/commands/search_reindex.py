"""``hiwar search_reindex``: bring the search index in line with what is published now."""

from typing import Any

from django.core.management.base import BaseCommand

from hiwar.search.index import refresh_search_index


class Command(BaseCommand):
    help = "Refresh the search index (idempotent: only what changed is written)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = refresh_search_index()
        self.stdout.write(
            f"search index: {result.created} new, {result.updated} updated, "
            f"{result.deleted} removed, {result.unchanged} unchanged"
        )
