"""The demo publications: seeded from the demo dialogues, idempotent, showing a final and a
stale translation."""

import pytest

from hiwar.accounts import demo as accounts_demo
from hiwar.dialogues import demo as dialogues_demo
from hiwar.publications.demo import NOTE_KEY, seed_publications
from hiwar.publications.models import Publication, SectionTranslation
from hiwar.reviews import demo as reviews_demo


@pytest.mark.django_db
def test_the_demo_publications_show_final_and_stale_translations():
    accounts_demo.seed_organizations()
    accounts_demo.seed_accounts()
    cycle = reviews_demo.seed_review_cycle()
    dialogues_demo.seed_dialogues(cycle)
    created = seed_publications(cycle)
    kinds = {p.kind: p for p in created}
    summary = kinds["dialogue_summary"]
    assert summary.status == "published"
    assert summary.sections.last().key == NOTE_KEY
    assert sorted(summary.languages.values_list("language", "title")) == [
        ("ar", "ملخص الحوار المتعدد أصحاب المصلحة"),
        ("fr", "Résumé du dialogue multipartite"),
    ]
    assert summary.languages.get(language="ar").translator.email == "translator@example.org"
    note = summary.sections.get(key=NOTE_KEY)
    assert {t.language: (t.status, t.is_stale) for t in note.translations.all()} == {
        "ar": ("final", False),
        "fr": ("final", False),
    }
    outcome = kinds["outcome"]
    assert outcome.status == "in_review"
    stale = SectionTranslation.objects.get(section__publication=outcome, language="fr")
    assert stale.is_stale
    assert outcome.sections.filter(adoption_status="agreed").count() == 1
    assert seed_publications(cycle) == []
    assert Publication.objects.count() == 2
