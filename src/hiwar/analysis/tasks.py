"""Background work of the analysis app, run by the task worker (``hiwar db_worker``)."""

from django_tasks import task


@task()
def analyse_document_task(*, document_id: int) -> str:
    from hiwar.analysis.services import analyse_document

    return analyse_document(document_id=document_id).status
