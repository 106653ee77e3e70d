"""`hiwar evaluate FILE.jsonl`: the tagger's quality on labelled passages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hiwar.analysis.engine.evaluation import evaluate
from hiwar.analysis.engine.tagger import get_tagger
from hiwar.analysis.ingest import normalize_text


def _line(name: str, figures: dict[str, Any]) -> str:
    return (
        f"{name:<10} {figures['records']:>7} {figures['top1']:>7.3f} {figures['recall_at_3']:>9.3f}"
        f" {figures['micro_f1']:>9.3f} {figures['macro_f1']:>9.3f}"
    )


class Command(BaseCommand):
    help = (
        'Read labelled JSON Lines {"id", "text", "language", "objectives": [n, ...]} and print '
        "top-1 accuracy, recall@3, and micro and macro F1 of the suggested objectives, per "
        "language and per objective."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            records = [json.loads(line) for line in lines if line.strip()]
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        if not all(isinstance(r, dict) and isinstance(r.get("text"), str) for r in records):
            raise CommandError(f'{path}: every line must be an object with a "text" string')
        results = get_tagger().tag([normalize_text(r["text"]) for r in records])
        figures = evaluate(records, results)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "overall": figures.overall,
                        "by_language": figures.by_language,
                        "by_objective": figures.by_objective,
                    },
                    indent=2,
                )
            )
            return
        header = (
            f"{'':<10} {'records':>7} {'top-1':>7} {'recall@3':>9} {'micro-F1':>9} {'macro-F1':>9}"
        )
        self.stdout.write(header)
        self.stdout.write(_line("all", figures.overall))
        for language, language_figures in figures.by_language.items():
            self.stdout.write(_line(language, language_figures))
        self.stdout.write("")
        self.stdout.write(
            f"{'objective':<10} {'support':>7} {'top-1':>7} {'recall@3':>9} {'precision':>9}"
            f" {'recall':>9} {'F1':>9}"
        )
        for number, row in figures.by_objective.items():
            support = row["support"]
            top1 = row["top1"] / support if support else 0.0
            recall3 = row["recall_at_3"] / support if support else 0.0
            self.stdout.write(
                f"{number:<10} {support:>7} {top1:>7.3f} {recall3:>9.3f} {row['precision']:>9.3f}"
                f" {row['recall']:>9.3f} {row['f1']:>9.3f}"
            )
