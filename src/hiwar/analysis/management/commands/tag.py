"""`hiwar tag`: JSON Lines in ({"id", "text"}), one JSON line of scores out per input."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hiwar.analysis.engine.reference import OBJECTIVES, PRINCIPLES
from hiwar.analysis.engine.tagger import get_tagger
from hiwar.analysis.ingest import detect_language, normalize_text

BATCH = 256


def tag_record_lines(lines: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    """Tag (id, text) pairs; the output follows the command's documented contract."""
    texts = [normalize_text(text) for _id, text in lines]
    results = get_tagger().tag(texts)
    out = []
    for (record_id, _text), text, result in zip(lines, texts, results, strict=True):
        objectives = sorted(
            ({"number": n, "score": round(float(result.objective_scores[n - 1]), 4)}
             for n in OBJECTIVES),
            key=lambda o: -float(o["score"]),
        )  # fmt: skip
        ranked = sorted(range(len(PRINCIPLES)), key=lambda i: -float(result.principle_scores[i]))
        principles = [
            {
                "number": i + 1,
                "letter": PRINCIPLES[i],
                "score": round(float(result.principle_scores[i]), 4),
            }
            for i in ranked
        ]
        out.append(
            {
                "id": record_id,
                "language": detect_language(text),
                "objectives": objectives,
                "suggested_objectives": result.suggested_objectives,
                "principles": principles,
                "suggested_principles": [
                    PRINCIPLES.index(letter) + 1 for letter in result.suggested_principles
                ],
                "kind": result.kind,
            }
        )
    return out


class Command(BaseCommand):
    help = (
        'Read JSON Lines {"id": ..., "text": ...} on standard input; write one JSON line per '
        "input with the language, the 23 objective scores (best first), the suggested "
        "objectives, the 10 guiding principle scores and the passage kind."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pending: list[tuple[Any, str]] = []
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f'line {number}: expected a JSON object with a "text" string'
                ) from error
            pending.append((record.get("id"), text))
            if len(pending) >= BATCH:
                self._write(pending)
                pending = []
        self._write(pending)

    def _write(self, pending: list[tuple[Any, str]]) -> None:
        for item in tag_record_lines(pending) if pending else []:
            self.stdout.write(json.dumps(item, ensure_ascii=False))
        self.stdout.flush()
