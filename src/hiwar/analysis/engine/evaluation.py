"""Quality figures of the tagger on labelled passages: top-1, recall@3, micro and macro F1."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from hiwar.analysis.engine.reference import OBJECTIVES

__all__ = ["Evaluation", "evaluate"]


@dataclass
class _Counts:
    records: int = 0
    top1: int = 0
    recall3: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_objective: dict[int, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0])
    )

    def add(self, truth: set[int], ranked: list[int], suggested: set[int]) -> None:
        self.records += 1
        self.top1 += ranked[0] in truth
        self.recall3 += bool(truth & set(ranked[:3]))
        for n in OBJECTIVES:
            cell = self.per_objective[n]  # tp, fp, fn
            if n in suggested and n in truth:
                cell[0] += 1
            elif n in suggested:
                cell[1] += 1
            elif n in truth:
                cell[2] += 1
        self.tp += len(truth & suggested)
        self.fp += len(suggested - truth)
        self.fn += len(truth - suggested)

    def figures(self) -> dict[str, Any]:
        def f1(tp: int, fp: int, fn: int) -> float:
            return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0

        present = [n for n in OBJECTIVES if self.per_objective[n][0] + self.per_objective[n][2]]
        return {
            "records": self.records,
            "top1": self.top1 / self.records if self.records else 0.0,
            "recall_at_3": self.recall3 / self.records if self.records else 0.0,
            "micro_f1": f1(self.tp, self.fp, self.fn),
            "macro_f1": (
                sum(f1(*self.per_objective[n]) for n in present) / len(present) if present else 0.0
            ),
        }


@dataclass
class Evaluation:
    overall: dict[str, Any]
    by_language: dict[str, dict[str, Any]]
    by_objective: dict[int, dict[str, Any]]


def evaluate(records: list[dict[str, Any]], results: list[Any]) -> Evaluation:
    """Compare tagger results with the records' labels (records without labels are skipped)."""
    overall = _Counts()
    languages: dict[str, _Counts] = defaultdict(_Counts)
    objectives: dict[int, dict[str, int]] = {
        n: {"support": 0, "top1": 0, "recall_at_3": 0} for n in OBJECTIVES
    }
    for record, result in zip(records, results, strict=True):
        truth = {int(n) for n in record.get("objectives", [])}
        if not truth:
            continue
        ranked = sorted(OBJECTIVES, key=lambda n: -float(result.objective_scores[n - 1]))
        suggested = set(result.suggested_objectives)
        overall.add(truth, ranked, suggested)
        languages[record.get("language") or "?"].add(truth, ranked, suggested)
        for n in truth:
            objectives[n]["support"] += 1
            objectives[n]["top1"] += ranked[0] in truth
            objectives[n]["recall_at_3"] += bool(truth & set(ranked[:3]))
    by_objective = {}
    for n, counts in objectives.items():
        tp, fp, fn = overall.per_objective[n]
        by_objective[n] = {
            **counts,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        }
    return Evaluation(
        overall=overall.figures(),
        by_language={lang: c.figures() for lang, c in sorted(languages.items())},
        by_objective=by_objective,
    )
