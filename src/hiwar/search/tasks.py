"""Background work of the search: keeping the index in step with what is published."""

from django_tasks import task


@task()
def refresh_search_index_task() -> str:
    from hiwar.search.index import refresh_search_index

    result = refresh_search_index()
    return f"{result.created} new, {result.updated} updated, {result.deleted} removed"
