"""SQLite FTS5 over the normalized title and text, ranked by bm25 (the title weighs more)."""

from __future__ import annotations

from django.db import connection

# bm25 weights of the columns: a word in the title counts four times a word in the text. Only
# the newest RANKED matches are scored (see hiwar.search.backends): scoring all 50,000 matches of
# a common word takes 100-200 ms, the newest 2,000 about 20 ms.
SQL = (
    "SELECT rowid FROM (SELECT rowid, bm25(search_fts, 4.0, 1.0) AS score FROM search_fts "
    "WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s) ORDER BY score LIMIT %s"
)


def match_expression(words: tuple[tuple[str, ...], ...], *, require_all: bool) -> str:
    """E.g. ("مهاجرين" OR "مهاجر") AND ("travail"): every form quoted as a string."""
    groups = ["(" + " OR ".join(f'"{form}"' for form in forms) + ")" for forms in words]
    return (" AND " if require_all else " OR ").join(groups)


def search(
    words: tuple[tuple[str, ...], ...], *, require_all: bool, limit: int, ranked: int
) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(SQL, [match_expression(words, require_all=require_all), ranked, limit])
        return [row[0] for row in cursor.fetchall()]
