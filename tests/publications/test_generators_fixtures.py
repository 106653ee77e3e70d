"""Builders shared by the generator, renderer and passage-page tests: analysed documents with
passages and tags written directly (no embedding model run: the vectors are fixed random unit
vectors), so each test stays fast. Also the checker of the synthesis citation invariant."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Country, Objective
from hiwar.publications.citations import cited_passage_ids
from hiwar.publications.drafts import Draft
from hiwar.reviews.models import NationalReport, ReviewCycle

_rng = np.random.default_rng(7)


def unit_vector(seed: int | None = None) -> bytes:
    generator = np.random.default_rng(seed) if seed is not None else _rng
    values = generator.normal(size=512).astype(np.float32)
    return (values / np.linalg.norm(values)).astype(np.float16).tobytes()


def report_document(
    cycle: ReviewCycle,
    country: Country,
    *,
    status: str = NationalReport.Status.PUBLISHED,
    language: str = "en",
) -> Document:
    report, _created = NationalReport.objects.get_or_create(cycle=cycle, country=country)
    NationalReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return Document.objects.create(
        cycle=cycle,
        source=Document.Source.REPORT,
        country=country,
        report=report,
        title=f"Report of {country.name}",
        status=Document.Status.DONE,
        language=language,
    )


def add_passage(
    document: Document,
    text: str,
    *,
    objectives: dict[int, str],
    kind: str = Passage.Kind.POLICY,
    page: int | None = 1,
    language: str | None = None,
    superseded: bool = False,
    score: float = 0.5,
    embedding: bytes | None = None,
) -> Passage:
    """A passage with one tag per objective number: {6: "confirmed", 7: "suggested"}."""
    position = document.passages.count()
    passage = Passage.objects.create(
        document=document,
        position=position,
        text=text,
        text_hash=f"{document.pk}-{position}",
        page=page,
        section="Progress on round table 1",
        language=language or document.language,
        kind=kind,
        embedding=embedding or unit_vector(),
        superseded=superseded,
    )
    for number, status in objectives.items():
        PassageTag.objects.create(
            passage=passage,
            objective=Objective.objects.get(number=number),
            status=status,
            score=score,
        )
    return passage


def check_citations(draft: Draft) -> list[int]:
    """The synthesis invariant: every cited passage exists, and is tagged (confirmed or
    suggested, never rejected) with the objective its section is about: ``objective-N``
    sections with N, ``cluster-X`` sections with an objective of cluster X, the overview and
    other sections with some objective. Returns the cited ids."""
    tags: dict[int, set[int]] = {}
    rows = (
        PassageTag.objects.filter(objective__isnull=False)
        .exclude(status=PassageTag.Status.REJECTED)
        .values_list("passage_id", "objective__number")
    )
    for passage_id, number in rows:
        tags.setdefault(passage_id, set()).add(number)
    clusters: dict[str, set[int]] = {}
    for number, code in Objective.objects.values_list("number", "cluster__code"):
        clusters.setdefault(code, set()).add(number)
    existing = set(Passage.objects.values_list("pk", flat=True))
    cited: list[int] = []
    for section in draft.sections:
        ids = cited_passage_ids(section.body)
        cited += ids
        objective = re.fullmatch(r"objective-(\d+)", section.key)
        cluster = re.fullmatch(r"cluster-(\w+)", section.key)
        for pk in ids:
            assert pk in existing, (section.key, pk)
            if objective:
                assert int(objective.group(1)) in tags.get(pk, set()), (section.key, pk)
            elif cluster:
                assert tags.get(pk, set()) & clusters[cluster.group(1)], (section.key, pk)
            else:
                assert tags.get(pk), (section.key, pk)
    return cited


def numbers_with_passages(cycle: Any) -> set[int]:
    """Objectives with a usable tag in a published report of the cycle."""
    return set(
        PassageTag.objects.filter(
            passage__document__cycle=cycle,
            passage__document__report__status=NationalReport.Status.PUBLISHED,
            passage__document__is_current=True,
            passage__document__status=Document.Status.DONE,
            passage__superseded=False,
            objective__isnull=False,
        )
        .exclude(status=PassageTag.Status.REJECTED)
        .values_list("objective__number", flat=True)
    )
