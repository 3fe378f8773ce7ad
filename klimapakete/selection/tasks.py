"""Background work of the selection: the LEXIMIN computation and the deletion sweep."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_run(*, run_id: int) -> None:
    from klimapakete.selection.heartbeat import beating
    from klimapakete.selection.services import run_execute

    with beating(run_id):
        run_execute(run_id=run_id)


@task()
def purge_selection_data() -> int:
    from klimapakete.selection.services import selections_purge

    return selections_purge()
