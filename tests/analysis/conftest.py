"""Fixtures of the analysis tests: the reviews fixtures (cycle, reports, people) plus helpers
that submit a report and run its analysis the way the task worker would."""

from typing import Any

import pytest

from hiwar.analysis.models import Document
from hiwar.analysis.services import analyse_document
from tests.reviews.conftest import *  # noqa: F403 - the review cycle, reports and people
from tests.reviews.conftest import submit

LABOUR = (
    "The Ministry of Labour abolished all recruitment fees charged to migrant domestic workers "
    "in 2020. Recruitment agencies now sign a standard contract that fixes wages, rest days and "
    "the right to keep one's passport, and labour inspectors visited 1,200 households to check "
    "that employers respect it. Complaints can be filed in Arabic, English, Tagalog and Amharic."
)
REMITTANCES = (
    "The central bank licensed two mobile money operators so that workers abroad can send money "
    "home for less than three per cent of the amount. Families in rural governorates now receive "
    "the transfers on their phones, and the share of households receiving money through formal "
    "channels rose from 41 to 63 per cent in two years."
)
SCHOOLS = (
    "All children, whatever their residence status, may enrol in public schools. In the 2020 "
    "school year 134,000 refugee and migrant children attended second shifts in 200 schools, and "
    "the Ministry of Health vaccinated migrant children free of charge in every health centre."
)


def analysed(report: Any, author: Any, texts: dict[str, str] | None = None) -> Document:
    """Submit the report with these section texts and run the analysis of its written part."""
    texts = texts or {"policy_environment": LABOUR, "progress_rt2": REMITTANCES}
    version = submit(report, author, texts)
    document = Document.objects.get(version=version, source=Document.Source.REPORT)
    return analyse_document(document_id=document.pk)


@pytest.fixture
def analysed_report(report: Any, focal_point: Any) -> Document:
    return analysed(report, focal_point)
