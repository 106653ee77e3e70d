"""Writes of the search app: asking for the index to be brought up to date."""

from django.db import transaction

__all__ = ["schedule_search_refresh"]


def schedule_search_refresh() -> None:
    """Queue a refresh of the search index once the current transaction commits (publishing,
    withdrawing or analysing something calls this)."""
    from hiwar.search.tasks import refresh_search_index_task

    transaction.on_commit(refresh_search_index_task.enqueue)
