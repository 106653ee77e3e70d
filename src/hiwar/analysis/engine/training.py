"""Training examples: the GCM texts, our labelled report-like passages, and confirmed human tags."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from hiwar.analysis.engine.reference import reference_texts

__all__ = ["KINDS", "TRAINING_DIR", "Example", "fingerprint", "load_passages", "reference_examples"]

TRAINING_DIR = Path(__file__).resolve().parents[1] / "data" / "training"
#: Passage kinds, in the order the kind classifier predicts them.
KINDS = ("policy", "challenge", "good_practice", "data", "other")


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    objectives: tuple[int, ...]
    principles: tuple[str, ...] = ()
    kind: str | None = None
    #: "reference" (GCM text), "passage" (our labelled passages) or "human" (confirmed tags).
    source: str = "passage"
    #: Objectives a reviewer rejected: known negatives, only for "human" examples.
    rejected: tuple[int, ...] = field(default=())
    labels_objectives: bool = True
    labels_principles: bool = True


def load_passages(directory: Path = TRAINING_DIR) -> list[Example]:
    """Our labelled passages (``*.jsonl``): report-like text in Arabic, English and French."""
    examples = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            examples.append(
                Example(
                    text=record["text"],
                    language=record["language"],
                    objectives=tuple(record["objectives"]),
                    principles=tuple(record.get("principles", ())),
                    kind=record.get("kind"),
                )
            )
    return examples


def reference_examples() -> list[Example]:
    """Each GCM title, commitment and action as an example of its objective; principles too."""
    out = []
    for ref in reference_texts():
        if ref.objective is not None:
            out.append(
                Example(
                    text=ref.text,
                    language=ref.language,
                    objectives=(ref.objective,),
                    source="reference",
                    labels_principles=False,
                )
            )
        elif ref.principle is not None:
            out.append(
                Example(
                    text=ref.text,
                    language=ref.language,
                    objectives=(),
                    principles=(ref.principle,),
                    source="reference",
                    labels_objectives=False,
                )
            )
    return out


def fingerprint(examples: list[Example]) -> str:
    """A hash of what a model was trained on, to tell a stale model from a current one."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(
            json.dumps(
                [
                    example.text,
                    example.objectives,
                    example.principles,
                    example.kind,
                    example.source,
                    example.rejected,
                ],
                ensure_ascii=False,
            ).encode()
        )
    return digest.hexdigest()[:16]
