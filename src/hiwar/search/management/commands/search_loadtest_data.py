"""``hiwar search_loadtest_data --passages 100000``: synthetic published passages for the search
benchmark (see ``hiwar.search.loadtest``). Meant for a fresh, throwaway database: it refuses to
run where real national reports exist."""

import random
import time
from typing import Any

import numpy as np
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from hiwar.framework.models import Region
from hiwar.reviews.models import NationalReport, ReviewCycle
from hiwar.search import loadtest
from hiwar.search.index import bump_index_version, document_from_entry
from hiwar.search.models import SearchDocument
from hiwar.search.sources import Entry

MAX_PASSAGES = 500_000
BATCH = 2000


class Command(BaseCommand):
    help = "Fill a throwaway database with synthetic published passages for the search benchmark."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--passages", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["passages"]
        if not 1 <= count <= MAX_PASSAGES:
            raise CommandError(f"--passages must be between 1 and {MAX_PASSAGES}.")
        if NationalReport.objects.filter(is_sample=False).exists():
            raise CommandError("This database holds real reports; use a throwaway database.")
        started = time.monotonic()
        reports = self._sample_reports()
        bank = loadtest.sentence_bank()
        self.stdout.write(f"sentence bank: {len(bank)} real embeddings")
        rng = random.Random(options["seed"])  # noqa: S311 - sample data
        noise = np.random.default_rng(options["seed"])
        SearchDocument.objects.filter(key__startswith="load:").delete()
        batch: list[SearchDocument] = []
        for number, (language, keys, text, objective) in enumerate(
            loadtest.passages(count, seed=options["seed"])
        ):
            report = reports[number % len(reports)]
            date = loadtest.published_date(rng)
            entry = Entry(
                key=f"load:{number}",
                kind=SearchDocument.Kind.REPORT_PASSAGE,
                object_id=number + 1,
                gate_kind="report",
                gate_id=report.pk,
                url=f"/reports/{report.pk}/#load-{number}",
                title=f"{report.country.name} — {number % 40 + 1}",
                body=text,
                language=language,
                source_date=date,
                country_id=report.country_id,
                objectives=[objective],
            )
            vector = loadtest.approximate_vector(keys, bank, noise).astype(np.float16)
            batch.append(document_from_entry(entry, embedding=vector.tobytes(), digest="load"))
            if len(batch) == BATCH:
                self._write(batch)
                batch = []
        self._write(batch)
        with connection.cursor() as cursor:  # planner statistics after a bulk load
            cursor.execute("ANALYZE search_searchdocument")
        bump_index_version()
        self.stdout.write(
            f"{count} passages in {time.monotonic() - started:.0f} s "
            f"({len(reports)} published sample reports)"
        )

    def _write(self, batch: list[SearchDocument]) -> None:
        with transaction.atomic():
            SearchDocument.objects.bulk_create(batch, batch_size=500)

    def _sample_reports(self) -> list[NationalReport]:
        if not Region.objects.filter(code="arab-states").exists():
            call_command("load_framework", verbosity=0)
        region = Region.objects.get(code="arab-states")
        today = timezone.localdate()
        cycle, _created = ReviewCycle.objects.get_or_create(
            slug="search-loadtest",
            defaults={
                "region": region,
                "title": "Search load test",
                "starts_on": today,
                "ends_on": today,
                "is_current": False,
            },
        )
        reports = []
        for country in region.countries.order_by("iso2"):
            report, _created = NationalReport.objects.get_or_create(
                cycle=cycle,
                country=country,
                defaults={
                    "status": NationalReport.Status.PUBLISHED,
                    "published_at": timezone.now(),
                    "is_sample": True,
                },
            )
            reports.append(report)
        return reports
