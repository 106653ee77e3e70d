"""Cross-language retrieval on the parallel set (tests/search/data/parallel.jsonl: the same 50
report-like passages in Arabic, English and French): the first sentence of a passage, searched
in one language, finds the passage in each other language within the top 10 for at least 90 %
of the queries. Measured through the in-memory semantic index that the search uses, with every
query embedded in one batch (the full results pages are timed in bench/search.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

from hiwar.analysis.engine.embedder import embed
from hiwar.search.index import bump_index_version, document_from_entry
from hiwar.search.models import SearchDocument
from hiwar.search.query import run_search
from hiwar.search.semantic import current_index
from hiwar.search.sources import Entry

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "parallel.jsonl"
LANGUAGES = ("ar", "en", "fr")


def first_sentence(text: str) -> str:
    return text.split(". ")[0]


def test_a_passage_is_found_in_the_other_languages(published_report):
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    assert len(rows) == 50
    texts = [row[language] for row in rows for language in LANGUAGES]
    queries = [first_sentence(text) for text in texts]
    vectors = embed(texts + queries)
    documents = []
    for n, text in enumerate(texts):
        row, language = rows[n // 3], LANGUAGES[n % 3]
        entry = Entry(
            key=f"parallel:{row['id']}:{language}",
            kind=SearchDocument.Kind.REPORT_PASSAGE,
            object_id=row["id"],
            gate_kind="report",
            gate_id=published_report.pk,
            url="/",
            title=f"Passage {row['id']}",
            body=text,
            language=language,
        )
        embedding = vectors[n].astype(np.float16).tobytes()
        documents.append(document_from_entry(entry, embedding=embedding, digest="-"))
    SearchDocument.objects.bulk_create(documents)
    bump_index_version()
    index = current_index()
    keys = dict(SearchDocument.objects.values_list("pk", "key"))
    found = {(source, target): 0 for source in LANGUAGES for target in LANGUAGES}
    for n, query_vector in enumerate(vectors[len(texts) :]):
        row, source = rows[n // 3], LANGUAGES[n % 3]
        ranked = [keys[pk] for pk in index.nearest(query_vector, limit=150)]
        for target in LANGUAGES:
            in_target = [key for key in ranked if key.endswith(f":{target}")][:10]
            found[source, target] += f"parallel:{row['id']}:{target}" in in_target
    for (source, target), count in found.items():
        assert count >= 45, f"{source} → {target}: {count}/50"
    # And through the whole search, the language facet choosing the target:
    result = run_search(first_sentence(rows[0]["fr"]), {"language": "ar"}, "1")
    assert "parallel:1:ar" in [r.document.key for r in result.results[:10]]
