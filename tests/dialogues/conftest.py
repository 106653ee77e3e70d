"""Fixtures of the dialogue tests: the reviews fixtures (cycle, countries, people) plus a small
dialogue with an agenda and guiding questions."""

import datetime
from typing import Any

import pytest

from hiwar.dialogues.models import AgendaItem, Dialogue, GuidingQuestion
from tests.reviews.conftest import *  # noqa: F403 - the review cycle, countries and people

BEIRUT = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture
def cycle(bare_cycle: Any) -> Any:
    """The review cycle, without the reviews tests' dialogue milestone: in these tests the
    name `dialogue` is a Dialogue session (below), not a milestone."""
    return bare_cycle


@pytest.fixture
def dialogue(cycle: Any) -> Dialogue:
    """27 October 2020, 10:00-13:00 Beirut time, online, Arabic/English/French; a draft."""
    return Dialogue.objects.create(
        cycle=cycle,
        slug="dialogue-1",
        title_en="Multi-stakeholder dialogue I",
        title_fr="Dialogue multipartite I",
        title_ar="الحوار المتعدد أصحاب المصلحة الأول",
        starts_at=datetime.datetime(2020, 10, 27, 10, 0, tzinfo=BEIRUT),
        ends_at=datetime.datetime(2020, 10, 27, 13, 0, tzinfo=BEIRUT),
        meeting_url="https://meet.example.org/dialogue-1",
        languages=["ar", "en", "fr"],
        interpretation=["ar", "en", "fr"],
    )


@pytest.fixture
def agenda(dialogue: Dialogue) -> list[AgendaItem]:
    kinds = ["opening", "scene_setting", "open_discussion", "closing"]
    return [
        AgendaItem.objects.create(
            dialogue=dialogue, position=n, kind=kind, title_en=kind.replace("_", " ").title()
        )
        for n, kind in enumerate(kinds, start=1)
    ]


@pytest.fixture
def questions(dialogue: Dialogue) -> list[GuidingQuestion]:
    texts = [
        "How can stakeholders take part in the national reviews?",
        "What support do migrant organizations need?",
    ]
    return [
        GuidingQuestion.objects.create(dialogue=dialogue, position=n, text_en=text)
        for n, text in enumerate(texts, start=1)
    ]
