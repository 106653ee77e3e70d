"""Semantic retrieval: the embeddings of every index entry as one matrix in process memory,
searched by brute-force dot product (the vectors are L2-normalized, so it is the cosine).

The matrix is reloaded when the index tag (``SearchIndexState``, renewed by every refresh)
changes: one small query per search tells. At 100,000 entries the vectors take 205 MB (float32)
and a query about 35 ms on one busy core; the facet fields and title keys of the entries are
kept beside them, so filtering and counting the candidates needs no query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from hiwar.analysis.engine.embedder import DIMENSIONS, embed
from hiwar.framework.models import Country
from hiwar.search.models import SearchDocument, SearchIndexState

__all__ = ["Meta", "SemanticIndex", "current_index", "query_vector"]

#: Below this cosine a passage is not taken as an answer to the query. USE gives unrelated
#: texts about 0.0-0.1 and a short query and a passage on its topic 0.3 and more.
MIN_SIMILARITY = 0.3
#: From this many entries, a first pass runs on vectors reduced to REDUCED_DIMENSIONS principal
#: axes and only the best SHORTLIST times limit are compared exactly.
#: Measured on 100,000 synthetic passages: 128 axes lose a quarter of the cross-language hits,
#: 256 axes with a shortlist of 10 keep 93 % of them for a saving of 20 %: not worth it, so the
#: first pass is used only above a million entries.
REDUCE_FROM = 1_000_000
REDUCED_DIMENSIONS = 128
SHORTLIST = 4


@dataclass(frozen=True, slots=True)
class Meta:
    kind: str
    language: str
    year: int | None
    country_id: int | None
    objectives: tuple[int, ...]
    #: The entry's values for each facet (kind, language, country, objective, year), as text.
    facets: tuple[tuple[str, ...], ...] = ()


def facet_values(
    kind: str, language: str, year: int | None, country_id: int | None, objectives: tuple[int, ...]
) -> tuple[tuple[str, ...], ...]:
    return (
        (kind,),
        (language,) if language else (),
        (str(country_id),) if country_id else (),
        tuple(str(number) for number in objectives),
        (str(year),) if year else (),
    )


@dataclass
class SemanticIndex:
    version: str
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: Every entry's vector: float16 as stored (half the memory) for a large index, whose first
    #: pass uses ``reduced``; float32 for a small one.
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float16))
    #: For a large index, the vectors projected on their first principal axes (float32), and
    #: the projection: a first pass over these is four times cheaper than over the full vectors.
    reduced: np.ndarray | None = None
    basis: np.ndarray | None = None
    meta: dict[int, Meta] = field(default_factory=dict)
    titles: dict[str, list[int]] = field(default_factory=dict)
    #: Every country (for facet labels and filters), loaded with the index.
    countries: dict[int, Country] = field(default_factory=dict)

    def nearest(self, vector: np.ndarray, *, limit: int) -> list[int]:
        """Ids of the entries most similar to ``vector`` (above MIN_SIMILARITY), best first.
        On a large index: the best ``SHORTLIST * limit`` by the reduced vectors, then exact
        cosines on those."""
        if not len(self.ids):
            return []
        if self.reduced is not None and self.basis is not None:
            coarse = self.reduced @ (vector @ self.basis)
            count = min(limit * SHORTLIST, len(coarse))
            rows = np.argpartition(-coarse, count - 1)[:count]
            scores = self.vectors[rows].astype(np.float32) @ vector
        else:
            rows = np.arange(len(self.ids))
            scores = self.vectors.astype(np.float32, copy=False) @ vector
        count = min(limit, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [int(self.ids[rows[n]]) for n in top if scores[n] >= MIN_SIMILARITY]


def _reduce(vectors: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Principal axes of a sample of the vectors, and the vectors projected on them; nothing
    for a small index (exact search is fast enough there)."""
    if len(vectors) < REDUCE_FROM:
        return None, None
    rng = np.random.default_rng(0)
    sample = vectors[rng.choice(len(vectors), size=5000, replace=False)].astype(np.float32)
    _u, _s, axes = np.linalg.svd(sample, full_matrices=False)
    basis = np.ascontiguousarray(axes[:REDUCED_DIMENSIONS].T)
    reduced = np.empty((len(vectors), REDUCED_DIMENSIONS), dtype=np.float32)
    for start in range(0, len(vectors), 20_000):
        reduced[start : start + 20_000] = vectors[start : start + 20_000].astype(np.float32) @ basis
    return reduced, basis


_lock = threading.Lock()
_loaded: SemanticIndex | None = None


def _load(version: str) -> SemanticIndex:
    rows = SearchDocument.objects.values_list(
        "pk", "embedding", "kind", "language", "year", "country_id", "objectives", "title_key"
    ).order_by("pk")
    ids: list[int] = []
    vectors: list[bytes] = []
    meta: dict[int, Meta] = {}
    titles: dict[str, list[int]] = {}
    blank = np.zeros(DIMENSIONS, dtype=np.float16).tobytes()
    for pk, embedding, kind, language, year, country_id, objectives, title_key in rows.iterator(
        chunk_size=5000
    ):
        numbers = tuple(int(n) for n in objectives.split())
        meta[pk] = Meta(
            kind=kind,
            language=language,
            year=year,
            country_id=country_id,
            objectives=numbers,
            facets=facet_values(kind, language, year, country_id, numbers),
        )
        if title_key:
            titles.setdefault(title_key, []).append(pk)
        ids.append(pk)
        raw = bytes(embedding) if embedding else blank
        vectors.append(raw if len(raw) == len(blank) else blank)
    matrix = np.frombuffer(b"".join(vectors), dtype=np.float16).reshape(-1, DIMENSIONS)
    reduced, basis = _reduce(matrix)
    return SemanticIndex(
        version=version,
        ids=np.asarray(ids, dtype=np.int64),
        vectors=matrix if reduced is not None else matrix.astype(np.float32),
        reduced=reduced,
        basis=basis,
        meta=meta,
        titles=titles,
        countries={country.pk: country for country in Country.objects.all()},
    )


def current_index() -> SemanticIndex:
    """The loaded index, reloaded first when the stored version has moved on."""
    global _loaded
    version = SearchIndexState.objects.values_list("etag", flat=True).first() or ""
    loaded = _loaded
    if loaded is not None and loaded.version == version:
        return loaded
    with _lock:
        if _loaded is None or _loaded.version != version:
            _loaded = _load(version)
        return _loaded


@lru_cache(maxsize=2048)
def query_vector(text: str) -> np.ndarray:
    """The query's embedding (cached: people repeat searches, and pages 2, 3 ... ask again)."""
    vector = embed([text])[0]
    vector.setflags(write=False)
    return vector
