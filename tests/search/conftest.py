"""Fixtures of the search tests: the reviews fixtures (cycle, countries, people) plus helpers
that publish things through the real services and give a published report analysed passages."""

import datetime
import hashlib
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from hiwar.analysis.engine.embedder import embed
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.dialogues.models import Dialogue
from hiwar.framework.models import Objective
from hiwar.reviews.models import NationalReport, StakeholderInput
from hiwar.reviews.services import reports as report_services
from hiwar.search.index import refresh_search_index
from tests.reviews.conftest import *  # noqa: F403 - the review cycle, countries and people
from tests.reviews.conftest import StakeholderInputFactory, StakeholderInputSectionFactory, publish


def add_passages(
    *,
    report: NationalReport | None = None,
    item: StakeholderInput | None = None,
    texts: list[str],
    language: str = "en",
    objective: int | None = None,
) -> list[Passage]:
    """An analysed, current document of the report (or input) with these passages, embedded
    for real, tagged with `objective` when given."""
    owner = report or item
    assert owner is not None
    document = Document.objects.create(
        cycle=owner.cycle,
        source=Document.Source.REPORT if report else Document.Source.INPUT,
        country=report.country if report else None,
        report=report,
        stakeholder_input=item,
        title=str(owner),
        status=Document.Status.DONE,
        language=language,
    )
    vectors = embed(texts).astype(np.float16)
    passages = [
        Passage.objects.create(
            document=document,
            position=n,
            text=text,
            text_hash=hashlib.sha1(text.encode()).hexdigest(),  # noqa: S324 - an identity
            language=language,
            embedding=vector.tobytes(),
        )
        for n, (text, vector) in enumerate(zip(texts, vectors, strict=True))
    ]
    if objective:
        for passage in passages:
            PassageTag.objects.create(
                passage=passage, objective=Objective.objects.get(number=objective), score=0.8
            )
    return passages


@pytest.fixture
def published_report(report: NationalReport, focal_point: Any) -> NationalReport:
    """Jordan's report, published."""
    publish(report, focal_point, {"preparation": "The Ministry of Labour led the review."})
    return report


@pytest.fixture
def submitted_report(cycle: Any, morocco: Any, morocco_focal_point: Any) -> NationalReport:
    """Morocco's report, submitted but not published."""
    from tests.reviews.conftest import submit

    report = report_services.ensure_report(cycle=cycle, country=morocco)
    submit(report, morocco_focal_point)
    return report


def make_input(*, status: str, title: str, text: str, language: str = "en", **extra: Any) -> Any:
    item = StakeholderInputFactory(
        title=title,
        language=language,
        status=status,
        published_at=timezone.now() if status == StakeholderInput.Status.PUBLISHED else None,
        **extra,
    )
    StakeholderInputSectionFactory(stakeholder_input=item, text=text)
    return item


def make_dialogue(cycle: Any, slug: str, *, published: bool = True, **titles: str) -> Dialogue:
    start = datetime.datetime(2020, 10, 27, 8, 0, tzinfo=datetime.UTC)
    return Dialogue.objects.create(
        cycle=cycle,
        slug=slug,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        languages=["ar", "en", "fr"],
        status=Dialogue.Status.PUBLISHED if published else Dialogue.Status.DRAFT,
        **titles,
    )


@pytest.fixture
def reindex() -> Any:
    return refresh_search_index
