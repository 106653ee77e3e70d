"""PostgreSQL text search ('simple' configuration over our normalized text), ranked by
ts_rank_cd on the generated ``search_vector`` column (title weighted A, text B)."""

from __future__ import annotations

from django.db import connection


def tsquery(words: tuple[tuple[str, ...], ...], *, require_all: bool) -> str:
    """E.g. ('مهاجرين' | 'مهاجر') & ('travail'): every form quoted as a lexeme."""
    groups = ["(" + " | ".join(f"'{form}'" for form in forms) + ")" for forms in words]
    return (" & " if require_all else " | ").join(groups)


# Only the newest RANKED matches are scored, as on SQLite (see hiwar.search.backends).
SQL = (
    "SELECT id FROM (SELECT id, search_vector FROM search_searchdocument "
    "WHERE search_vector @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT %s) AS newest "
    "ORDER BY ts_rank_cd(search_vector, to_tsquery('simple', %s)) DESC, id DESC LIMIT %s"
)


def search(
    words: tuple[tuple[str, ...], ...], *, require_all: bool, limit: int, ranked: int
) -> list[int]:
    query = tsquery(words, require_all=require_all)
    with connection.cursor() as cursor:
        cursor.execute(SQL, [query, ranked, query, limit])
        return [row[0] for row in cursor.fetchall()]
