"""The draw: round for a physical draw, commit, withdraw, draw, replace drop-outs."""

from __future__ import annotations

import gzip
import hashlib
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klimapakete.selection import selectors
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    Commitment,
    Replacement,
    Respondent,
    RoundedLottery,
    Run,
    Selection,
)
from klimapakete.selection.states import Action, ensure_allowed
from klimapakete.sortition import draw, transparent


def public_value_normalise(text: str) -> str:
    """A declared public value as the draw reads it: its numbers in the order written,
    without leading zeros, separated by single spaces ("03, 14; 15" → "3 14 15")."""
    numbers = re.findall(r"[0-9]+", text)
    if not numbers:
        raise SelectionError("public_value_format")
    return " ".join(str(int(n)) for n in numbers)


def _drawable_run(selection: Selection) -> Run:
    run = selection.runs.filter(status=Run.Status.DONE).first()
    if run is None:
        raise SelectionError("no_result")
    if not selectors.run_is_current(selection=selection, run=run):
        raise SelectionError("stale_run")
    return run


def _locked(selection: Selection, action: Action) -> Selection:
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    ensure_allowed(selection, action)
    return selection


def lottery_round(*, selection: Selection, panels: int) -> RoundedLottery:
    """Round the current lottery to ``panels`` equally likely panels (a physical draw), or
    return the rounding made before; the team sees the change before committing."""
    if not 2 <= panels <= settings.SELECTION_LOTTERY_MAX_PANELS:
        raise SelectionError("panels_range", max=settings.SELECTION_LOTTERY_MAX_PANELS)
    with transaction.atomic():
        _locked(selection, Action.ROUND)
        run = _drawable_run(selection)
        existing = run.rounded_lotteries.filter(panels=panels).first()
    if existing is not None:
        return existing
    # Who of a type gets a panel more is fixed by the lottery itself, known to everyone
    # before any number is drawn.
    salt = hashlib.sha256(selectors.distribution_csv_text(run).encode("utf-8")).hexdigest()
    result = transparent.round_lottery(
        selectors.instance_from_json(run.instance),
        selectors.run_distribution(run),
        panels=panels,
        salt=salt,
        time_limit=settings.SELECTION_ROUNDING_SECONDS,
    )
    rounded, _created = RoundedLottery.objects.get_or_create(
        run=run,
        panels=panels,
        defaults={
            "lottery": [list(panel) for panel in result.panels],
            "max_deviation": result.max_deviation,
            "deviation_lower_bound": result.deviation_lower_bound,
            "min_probability": result.min_probability,
            "leximin_min_probability": result.leximin_min_probability,
            "status": result.status,
            "seconds": result.seconds,
        },
    )
    return rounded


@transaction.atomic
def seed_commit(
    *, selection: Selection, kind: str, declaration: str = "", panels: int | None = None
) -> Commitment:
    """Fix the seed source and the lottery, once: a fresh secret seed (its hash is shown),
    a future public value (read as its numbers), or a physical draw among ``panels``
    equally likely panels rounded before. Pool and quotas are locked from now on; a new
    commitment needs a public withdrawal first (``commitment_withdraw``)."""
    selection = _locked(selection, Action.COMMIT)
    run = _drawable_run(selection)
    record = Commitment(selection=selection, run=run, kind=kind, committed_at=timezone.now())
    record.declaration = declaration.strip()
    selection.seed_secret = ""
    if kind == Selection.SeedKind.SECRET:
        selection.seed_secret = secrets.token_hex(16)
        record.seed_commitment = draw.seed_commitment(selection.seed_secret)
    elif kind == Selection.SeedKind.PUBLIC:
        if not record.declaration:
            raise SelectionError("declaration_missing")
        record.value_format = Commitment.PUBLIC_VALUE_FORMAT
    elif kind == Selection.SeedKind.PHYSICAL:
        rounded = run.rounded_lotteries.filter(panels=panels).first() if panels else None
        if rounded is None:
            raise SelectionError("not_rounded")
        record.panels = rounded.panels
        record.max_deviation = rounded.max_deviation
        record.min_probability = rounded.min_probability
    else:
        raise SelectionError("not_committed")
    if kind == Selection.SeedKind.PHYSICAL:
        text, record.file_name = selectors.lottery_csv_text(rounded.lottery), "lottery.csv"
    else:
        text, record.file_name = selectors.distribution_csv_text(run), "distribution.csv"
    body = text.encode("utf-8")
    record.file_sha256 = hashlib.sha256(body).hexdigest()
    record.file_gzip = gzip.compress(body, mtime=0)
    record.save()
    selection.committed_run = run
    selection.distribution_sha256 = record.file_sha256
    selection.seed_kind = kind
    selection.seed_commitment = record.seed_commitment
    selection.seed_declaration = record.declaration
    selection.committed_at = record.committed_at
    selection.status = Selection.Status.COMMITTED
    selection.save(update_fields=[*COMMITMENT_FIELDS, "status"])
    return record


COMMITMENT_FIELDS = [
    "seed_kind",
    "seed_secret",
    "seed_commitment",
    "seed_declaration",
    "committed_at",
    "committed_run",
    "distribution_sha256",
]


@transaction.atomic
def commitment_withdraw(*, selection: Selection, reason: str) -> None:
    """Withdraw the commitment before the draw, publicly: the verification page keeps it
    with both dates and the reason, and a secret seed is revealed."""
    selection = _locked(selection, Action.WITHDRAW)
    record = selectors.active_commitment(selection)
    if record is None:
        raise SelectionError("not_committed")
    if not reason.strip():
        raise SelectionError("withdrawal_reason")
    record.withdrawn_at = timezone.now()
    record.withdrawal_reason = reason.strip()
    record.seed_revealed = selection.seed_secret
    record.save(update_fields=["withdrawn_at", "withdrawal_reason", "seed_revealed"])
    selection.seed_kind = selection.seed_secret = selection.seed_commitment = ""
    selection.seed_declaration = selection.distribution_sha256 = ""
    selection.committed_at = selection.committed_run = None
    selection.status = Selection.Status.OPEN
    selection.save(update_fields=[*COMMITMENT_FIELDS, "status"])


@transaction.atomic
def panel_draw(
    *, selection: Selection, public_value: str = "", drawn_number: str = ""
) -> list[int]:
    """Draw the panel from the committed lottery: with the secret seed, the declared
    public value (normalised as announced), or the number rolled or drawn in public."""
    selection = _locked(selection, Action.DRAW)
    record = selectors.active_commitment(selection)
    if record is None or selection.committed_run is None:
        raise SelectionError("not_committed")
    run = selection.committed_run
    if not selectors.run_is_current(selection=selection, run=run):
        raise SelectionError("commitment_stale")
    if selection.seed_kind == Selection.SeedKind.PHYSICAL:
        digits = "".join(drawn_number.split())
        try:
            number = transparent.number_from_digits(digits, record.panels)
        except ValueError:
            raise SelectionError("drawn_number", max=record.panels - 1) from None
        rounded = run.rounded_lotteries.get(panels=record.panels)
        seed, index, ids = digits, number - 1, rounded.lottery[number - 1]
    else:
        if selection.seed_kind == Selection.SeedKind.SECRET:
            seed = selection.seed_secret
        elif not public_value.strip():
            raise SelectionError("public_value_missing")
        else:
            seed = public_value_normalise(public_value)
        dist = selectors.run_distribution(run)
        index = draw.draw_index(dist.probabilities, seed)
        ids = dist.panels[index]
    panel = sorted(int(rid) for rid in ids)
    selection.seed = seed
    selection.drawn_run = run
    selection.drawn_index = index
    selection.drawn_panel = panel
    selection.drawn_at = timezone.now()
    selection.status = Selection.Status.DRAWN
    selection.save(
        update_fields=["seed", "drawn_run", "drawn_index", "drawn_panel", "drawn_at", "status"]
    )
    selection.respondents.filter(number__in=panel).update(status=Respondent.Status.SELECTED)
    return panel


@transaction.atomic
def dropout_replace(*, selection: Selection, respondent: Respondent) -> Replacement:
    """Replace a panel member who dropped out: the first reserve with the same values, or
    else a fair LEXIMIN re-draw over the remaining pool that keeps the quotas."""
    ensure_allowed(selection, Action.DROPOUT)
    if respondent.status != Respondent.Status.SELECTED:
        raise SelectionError("not_selected")
    member = str(respondent.number)
    lists = selectors.reserves(selection=selection)
    unavailable = selectors.unavailable_numbers(selection)
    candidates = lists.get(member, [])
    if candidates:
        chosen, method = candidates[0], Replacement.Method.RESERVE
    else:
        instance = selectors.instance_from_json(selection.drawn_run.instance)
        count = selection.replacements.count()
        result = draw.replace_dropouts(
            instance,
            selectors.current_panel(selection),
            [member],
            selectors.replacement_seed(selection, count + 1),
            unavailable=unavailable,
            time_limit=60,
        )
        # Nobody can take the seat while keeping the quotas: the drop-out is still
        # recorded and the seat stays open (``unmet_quotas`` names what is missing).
        chosen, method = (
            (result.chosen[0], Replacement.Method.REDRAW)
            if result.chosen
            else (None, Replacement.Method.OPEN)
        )
    selection.respondents.filter(pk=respondent.pk).update(status=Respondent.Status.DROPPED)
    if chosen is not None:
        selection.respondents.filter(number=int(chosen)).update(status=Respondent.Status.SELECTED)
    return Replacement.objects.create(
        selection=selection,
        dropout_number=respondent.number,
        replacement_number=int(chosen) if chosen is not None else None,
        method=method,
    )
