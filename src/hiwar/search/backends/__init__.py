"""Full-text candidates from the database: SQLite FTS5 or PostgreSQL text search.

Both receive the query already parsed (``hiwar.search.normalize.ParsedQuery``): each word is a
tuple of forms made of letters and digits only, so the expression built here cannot carry any
syntax a user typed. Words are required together (AND); when that finds nothing, any word will do
(OR), ranked the same way.

Work per query is bounded: of the entries that match, only the newest ``RANKED`` (by id, i.e.
most recently indexed) are scored by bm25 / ts_rank_cd and the best ``limit`` kept. A word found
in 50,000 passages would otherwise cost 100-200 ms to score on SQLite; such a word says little
about relevance anyway, and the semantic list and the exact-title rule still rank the rest.
"""

from __future__ import annotations

from django.db import connection

from hiwar.search.backends import postgresql, sqlite

__all__ = ["RANKED", "full_text_candidates"]

#: Matches scored per query. PostgreSQL's ts_rank_cd reads each match's tsvector (about 15 µs
#: each, measured), SQLite's bm25 works from the FTS index (about 10 µs each).
RANKED = {"sqlite": 2000, "postgresql": 500}


def full_text_candidates(words: tuple[tuple[str, ...], ...], *, limit: int) -> list[int]:
    """Ids of the best matching entries, best first."""
    if not words:
        return []
    backend = postgresql if connection.vendor == "postgresql" else sqlite
    ranked = RANKED.get(connection.vendor, 2000)
    ids = backend.search(words, require_all=True, limit=limit, ranked=ranked)
    if not ids and len(words) > 1:
        ids = backend.search(words, require_all=False, limit=limit, ranked=ranked)
    return ids
