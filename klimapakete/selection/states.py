"""The selection's states and the one table of what may be done in which.

open → committed (the draw is fixed publicly; pool, categories, quotas and panel size are
locked) → drawn → closed. A withdrawal of the commitment goes back to open; closing is
possible from every state. Services ask :func:`ensure_allowed`; pages get
:func:`allowed_actions` (through ``selectors.selection_actions``), never the status codes.
"""

from __future__ import annotations

from enum import StrEnum

from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import Selection

OPEN = Selection.Status.OPEN
COMMITTED = Selection.Status.COMMITTED
DRAWN = Selection.Status.DRAWN
CLOSED = Selection.Status.CLOSED


class Action(StrEnum):
    EDIT_SETTINGS = "edit_settings"  # title, retention, letter details
    CHANGE_POOL = "change_pool"  # categories, quotas, panel size, keeping a duplicate
    REGISTER = "register"  # the public form
    IMPORT = "import"  # respondents from a file
    COMPUTE = "compute"
    ROUND = "round"  # round the lottery for a physical draw
    COMMIT = "commit"
    WITHDRAW = "withdraw"
    DRAW = "draw"
    DROPOUT = "dropout"  # replace a panel member who dropped out
    DRAW_ADDRESSES = "draw_addresses"
    CLOSE = "close"


# Per action and state: None where allowed, else the error code of the refusal.
GUARDS: dict[Action, dict[str, str | None]] = {
    Action.EDIT_SETTINGS: {OPEN: None, COMMITTED: None, DRAWN: None, CLOSED: "closed"},
    Action.CHANGE_POOL: {
        OPEN: None,
        COMMITTED: "committed_locked",
        DRAWN: None,
        CLOSED: "closed",
    },
    Action.REGISTER: {OPEN: None, COMMITTED: "closed", DRAWN: "closed", CLOSED: "closed"},
    Action.IMPORT: {OPEN: None, COMMITTED: "committed_locked", DRAWN: "closed", CLOSED: "closed"},
    Action.COMPUTE: {
        OPEN: None,
        COMMITTED: "committed_locked",
        DRAWN: "already_drawn",
        CLOSED: "closed",
    },
    Action.ROUND: {OPEN: None, COMMITTED: None, DRAWN: "already_drawn", CLOSED: "closed"},
    Action.COMMIT: {
        OPEN: None,
        COMMITTED: "already_committed",
        DRAWN: "already_drawn",
        CLOSED: "closed",
    },
    Action.WITHDRAW: {
        OPEN: "not_committed",
        COMMITTED: None,
        DRAWN: "already_drawn",
        CLOSED: "closed",
    },
    Action.DRAW: {OPEN: "not_committed", COMMITTED: None, DRAWN: "already_drawn", CLOSED: "closed"},
    Action.DROPOUT: {OPEN: "not_drawn", COMMITTED: "not_drawn", DRAWN: None, CLOSED: "not_drawn"},
    Action.DRAW_ADDRESSES: {OPEN: None, COMMITTED: None, DRAWN: None, CLOSED: "closed"},
    Action.CLOSE: {OPEN: None, COMMITTED: None, DRAWN: None, CLOSED: "closed"},
}


def refusal(selection: Selection, action: Action) -> str | None:
    """The error code refusing ``action`` in the selection's state, or None."""
    return GUARDS[action][selection.status]


def ensure_allowed(selection: Selection, action: Action) -> None:
    code = refusal(selection, action)
    if code is not None:
        raise SelectionError(code)


def allowed_actions(selection: Selection) -> dict[str, bool]:
    """``{action: allowed}`` for templates (``{% if can.compute %}``)."""
    return {action.value: refusal(selection, action) is None for action in Action}
