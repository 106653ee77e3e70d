"""`hiwar analyze FILE...`: every passage with its language, page, kind and top objectives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hiwar.analysis.engine.tagger import get_tagger
from hiwar.analysis.ingest import IngestError, ingest_file_limited

TOP = 3


class Command(BaseCommand):
    help = "Read documents (PDF, DOCX, text, Markdown, HTML) and print their tagged passages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--json", action="store_true", help="one JSON line per passage")

    def handle(self, *args: Any, **options: Any) -> None:
        failures = 0
        for path in options["files"]:
            try:
                result = ingest_file_limited(
                    path,
                    path.name,
                    max_seconds=settings.HIWAR_ANALYSIS_MAX_SECONDS,
                    max_memory_mb=settings.HIWAR_ANALYSIS_MAX_MEMORY_MB,
                    max_pages=settings.HIWAR_ANALYSIS_MAX_PAGES,
                )
            except IngestError as error:
                failures += 1
                self.stderr.write(f"{path}: {error.message}")
                continue
            except OSError as error:
                failures += 1
                self.stderr.write(f"{path}: {error.strerror}")
                continue
            tags = get_tagger().tag([p.text for p in result.passages])
            if not options["json"]:
                self.stdout.write(
                    f"== {path}: {len(result.passages)} passages, language {result.language}"
                    + (f", {result.page_count} pages" if result.page_count else "")
                    + (f", {result.ocr_pages} read by OCR" if result.ocr_pages else "")
                )
            for passage, tagged in zip(result.passages, tags, strict=True):
                ranked = sorted(range(23), key=lambda i: -tagged.objective_scores[i])[:TOP]
                top = [
                    {"number": i + 1, "score": round(float(tagged.objective_scores[i]), 3)}
                    for i in ranked
                ]
                if options["json"]:
                    line = {
                        "file": str(path),
                        "position": passage.position,
                        "page": passage.page,
                        "section": passage.section,
                        "language": passage.language,
                        "kind": tagged.kind,
                        "top_objectives": top,
                        "suggested_objectives": tagged.suggested_objectives,
                        "text": passage.text,
                    }
                    self.stdout.write(json.dumps(line, ensure_ascii=False))
                    continue
                where = f"p.{passage.page}" if passage.page else f"#{passage.position + 1}"
                objectives = " ".join(f"O{o['number']}:{o['score']:.2f}" for o in top)
                snippet = " ".join(passage.text.split())
                snippet = snippet if len(snippet) <= 100 else snippet[:99] + "…"
                self.stdout.write(
                    f"{where:>6} {passage.language:<5} {tagged.kind:<13} {objectives}  {snippet}"
                )
        if failures:
            raise CommandError(f"{failures} of {len(options['files'])} files could not be read")
