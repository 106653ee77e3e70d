"""One search over everything published: full text and meaning, ranked together.

1. The query is parsed into safe word forms (``normalize.parse_query``).
2. Full text: the best ``CANDIDATES`` entries from FTS5 (bm25) or PostgreSQL (ts_rank_cd).
3. Meaning: the query's embedding against the in-memory matrix (``semantic``), the best
   ``CANDIDATES`` above a similarity floor; this is what lets a French query find an Arabic
   passage.
4. Reciprocal rank fusion: score = Σ 1 / (RRF_K + rank) over the two lists. It needs no
   calibration between bm25 and cosine scores and rewards what both lists agree on. An entry
   whose title is exactly the query (folded) is put first, whatever its fused score.
5. Facets are counted and filters applied in memory over the fused candidates.
6. Only the page shown is read from the database, and its entries' *gates* (the report of a
   passage, the dialogue of an intervention ...) are checked in one query: anything withdrawn
   since the last index refresh is left out, and a refresh is queued. So a withdrawal takes
   effect at once, without relying on the index being fresh; counts may include it until the
   refresh runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hiwar.framework.models import Country
from hiwar.search.backends import full_text_candidates
from hiwar.search.highlight import highlight, snippet
from hiwar.search.models import SearchDocument
from hiwar.search.normalize import MAX_QUERY_CHARS, ParsedQuery, parse_query
from hiwar.search.semantic import Meta, SemanticIndex, current_index, query_vector
from hiwar.search.sources import published_gate_ids

__all__ = ["FACETS", "SearchPage", "run_search"]

CANDIDATES = 300
RRF_K = 60
PER_PAGE = 20
FACETS = ("kind", "language", "country", "objective", "year")
LANGUAGES = ("ar", "en", "fr")


@dataclass
class Result:
    document: SearchDocument
    title_html: str
    snippet_html: str


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    query: ParsedQuery | None
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    notices: list[str] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: The filters applied, as they appear in the URL (a country as its ISO code).
    filters: dict[str, str] = field(default_factory=dict)
    semantic_only: bool = False


def fuse(*rankings: list[int]) -> list[int]:
    """Reciprocal rank fusion of ranked id lists, best first (ties keep the first list's order)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores, key=lambda pk: -scores[pk])


def _facet_value(meta: Meta, facet: str) -> tuple[str, ...]:
    return meta.facets[FACETS.index(facet)]


def _clean_filters(
    raw: dict[str, str], countries: dict[int, Country], notices: list[str]
) -> dict[str, str]:
    """Known facet values only; an unknown one is ignored, with a notice. The country arrives as
    its ISO code and is kept as its id."""
    known: dict[str, Callable[[str], str | None]] = {
        "kind": lambda v: v if v in SearchDocument.Kind.values else None,
        "language": lambda v: v if v in LANGUAGES else None,
        "country": lambda v: next(
            (str(pk) for pk, c in countries.items() if c.iso2.lower() == v.lower()), None
        ),
        "objective": lambda v: v if v.isdigit() and 1 <= int(v) <= 23 else None,
        "year": lambda v: v if v.isdigit() and len(v) == 4 else None,
    }
    clean: dict[str, str] = {}
    for facet in FACETS:
        value = raw.get(facet, "").strip()
        if not value:
            continue
        checked = known[facet](value[:20])
        if checked is None:
            notices.append(
                _("The filter “%(value)s” is not known and was ignored.") % {"value": value[:40]}
            )
        else:
            clean[facet] = checked
    return clean


def _facet_label(facet: str, value: str, countries: dict[int, Country]) -> str:
    if facet == "kind":
        return str(SearchDocument.Kind(value).label)
    if facet == "language":
        from django.conf import settings

        return str(dict(settings.LANGUAGES).get(value, value))
    if facet == "country":
        country = countries.get(int(value))
        return str(country.name) if country else value
    if facet == "objective":
        return _("Objective %(number)s") % {"number": value}
    return value


def _facets(
    candidates: list[int],
    index: SemanticIndex,
    filters: dict[str, str],
    countries: dict[int, Country],
) -> dict[str, list[FacetValue]]:
    """For each facet, the counts among the candidates that pass the *other* filters."""
    metas = [index.meta[pk] for pk in candidates]
    values = {facet: [_facet_value(meta, facet) for meta in metas] for facet in FACETS}
    passes = {facet: [value in row for row in values[facet]] for facet, value in filters.items()}
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        others = [passes[other] for other in passes if other != facet]
        counts: dict[str, int] = {}
        for n, row in enumerate(values[facet]):
            if all(other[n] for other in others):
                for value in row:
                    counts[value] = counts.get(value, 0) + 1
        facet_values = [
            FacetValue(
                value=countries[int(value)].iso2 if facet == "country" else value,
                label=_facet_label(facet, value, countries),
                count=count,
                selected=filters.get(facet) == value,
            )
            for value, count in counts.items()
        ]
        if facet == "year":
            facet_values.sort(key=lambda v: v.value, reverse=True)
        elif facet == "objective":
            facet_values.sort(key=lambda v: int(v.value))
        else:
            facet_values.sort(key=lambda v: (-v.count, v.label))
        facets[facet] = facet_values
    return facets


def _page_number(raw: str, pages: int, notices: list[str]) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        notices.append(_("The page number was not understood; here is the first page."))
        return 1
    if number < 1:
        return 1
    if pages and number > pages:
        notices.append(
            _("There are only %(pages)s pages of results; here is the last one.") % {"pages": pages}
        )
        return pages
    return number


def _queue_refresh() -> None:
    from hiwar.search.tasks import refresh_search_index_task

    refresh_search_index_task.enqueue()


def run_search(raw_query: str, raw_filters: dict[str, str], raw_page: str = "1") -> SearchPage:
    """The results page for what the user asked (see the module's docstring)."""
    raw_query = raw_query or ""
    if not raw_query.strip():
        return SearchPage(query=None)
    query = parse_query(raw_query)
    notices: list[str] = []
    if query.truncated:
        notices.append(
            _("Your search was shortened to its first %(count)s characters.")
            % {"count": MAX_QUERY_CHARS}
        )
    if query.dropped_words:
        notices.append(_("Only the first words of your search were used."))
    if query.is_empty:
        notices.append(
            _("Your search has no letters or digits to look for. Type one or more words.")
        )
        return SearchPage(query=query, notices=notices)

    index = current_index()
    countries = index.countries
    filters = _clean_filters(raw_filters, countries, notices)
    text_ids = [
        pk for pk in full_text_candidates(query.words, limit=CANDIDATES) if pk in index.meta
    ]
    meaning_ids = index.nearest(query_vector(query.text), limit=CANDIDATES)
    exact = index.titles.get(query.key, [])
    fused = fuse(text_ids, meaning_ids)
    exact_set = set(exact)
    ranked = [pk for pk in fused if pk in exact_set] + [pk for pk in fused if pk not in exact_set]
    ranked += [pk for pk in exact if pk not in set(fused)]
    facets = _facets(ranked, index, filters, countries)
    ranked = [
        pk for pk in ranked if all(v in _facet_value(index.meta[pk], f) for f, v in filters.items())
    ]
    pages = math.ceil(len(ranked) / PER_PAGE)
    page = _page_number(raw_page, pages, notices)
    page_ids = ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    results = _results(page_ids, query)
    if len(results) < len(page_ids):
        _queue_refresh()
    return SearchPage(
        query=query,
        results=results,
        total=len(ranked),
        page=page,
        pages=pages,
        notices=notices,
        facets=facets,
        filters={
            facet: countries[int(value)].iso2 if facet == "country" else value
            for facet, value in filters.items()
        },
        semantic_only=not text_ids and bool(meaning_ids),
    )


def _results(page_ids: list[int], query: ParsedQuery) -> list[Result]:
    if not page_ids:
        return []
    documents: dict[int, Any] = SearchDocument.objects.select_related("country").in_bulk(page_ids)
    gates: dict[str, set[int]] = {}
    for document in documents.values():
        gates.setdefault(document.gate_kind, set()).add(document.gate_id)
    published = published_gate_ids(gates)
    forms = query.forms
    language = get_language()
    results = []
    for pk in page_ids:
        document = documents.get(pk)
        if document is None or (document.gate_kind, document.gate_id) not in published:
            continue
        # Stored without the language prefix (see index.document_from_entry): the reader's own.
        if document.url.startswith("/"):
            document.url = f"/{language}{document.url}"
        results.append(
            Result(
                document=document,
                title_html=highlight(document.title, forms),
                snippet_html=snippet(document.body or document.title, forms),
            )
        )
    return results
