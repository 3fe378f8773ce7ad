"""Background work of the selection: the LEXIMIN computation and a selection's purge.

A task imports its service; services enqueue through a module-level import of this module
(``compute`` and ``retention`` do not import it back).
"""

from __future__ import annotations

from django_tasks import task

from klimapakete.selection.heartbeat import beating
from klimapakete.selection.services import compute, retention


@task()
def compute_run(*, run_id: int) -> None:
    with beating(run_id):  # also while the result is expanded, checked and saved
        compute.run_execute(run_id=run_id)


@task()
def purge_selection(*, selection_id: int) -> int:
    """Delete the personal data that is due in one selection (after a settings change;
    the daily ``purge_selection_data`` command covers deadlines that pass)."""
    return retention.selection_purge_by_id(selection_id=selection_id)
