"""Demo data of the search: nothing of its own, the index of what the other apps' demo data
published. Call last in ``seed_demo``."""

from hiwar.search.index import RefreshResult, refresh_search_index


def seed_search_index() -> RefreshResult:
    """Index everything published so far (idempotent: a second run changes nothing)."""
    return refresh_search_index()
