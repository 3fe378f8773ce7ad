"""Reads for the citizen selection: plan, pool overview, results, histogram, export."""

from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Sum

from klimapakete.selection.models import Commitment, Respondent, Run, Selection, Value
from klimapakete.selection.planning import LetterPlan, PlanError, Stratum, letters_plan


def letter_plan(selection: Selection) -> tuple[LetterPlan | None, PlanError | None]:
    category = selection.stratify_by
    if category is None:
        return None, PlanError("no_strata")
    strata = [Stratum(v.name, v.population_share, v.response_rate) for v in category.values.all()]
    try:
        return (
            letters_plan(
                strata, panel_size=selection.panel_size, multiplier=selection.letter_multiplier
            ),
            None,
        )
    except PlanError as error:
        return None, error


def quota_values(selection: Selection) -> list[Value]:
    return list(
        Value.objects.filter(category__selection=selection)
        .select_related("category")
        .order_by("category__order", "category__pk", "order", "pk")
    )


def pool_counts(selection: Selection) -> dict[tuple[str, str], int]:
    counts: Counter = Counter()
    for features in selection.respondents.exclude(
        status__in=[Respondent.Status.DROPPED, Respondent.Status.HELD]
    ).values_list("features", flat=True):
        for category, value in features.items():
            counts[(category, value)] += 1
    return counts


RESPONDENTS_PER_PAGE = 100


@dataclass(frozen=True)
class RespondentsPage:
    page: Page  # respondents of this page, each with ``duplicate`` set
    duplicates: int  # entries in the whole pool that share name and contact with another
    held: int  # entries held back as possible duplicates


def respondents_page(selection: Selection, number=None) -> RespondentsPage:
    """One page of the pool (a constant number of queries, whatever its size), with
    ``duplicate`` set on each person whom another has the same name and contact as."""
    named = selection.respondents.exclude(name="").exclude(match_key="")
    groups = named.values("match_key").annotate(n=Count("id")).filter(n__gt=1)
    duplicates = groups.aggregate(total=Sum("n"))["total"] or 0
    page = Paginator(selection.respondents.all(), RESPONDENTS_PER_PAGE).get_page(number)
    keys = {p.match_key for p in page.object_list if p.name and p.match_key}
    shared = set(groups.filter(match_key__in=keys).values_list("match_key", flat=True))
    for p in page.object_list:
        p.duplicate = bool(p.name) and p.match_key in shared
    held = selection.respondents.filter(status=Respondent.Status.HELD).count()
    return RespondentsPage(page=page, duplicates=duplicates, held=held)


def latest_run(selection: Selection) -> Run | None:
    return selection.runs.first()


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    low: float
    high: float


HIST_WIDTH, HIST_HEIGHT, HIST_BINS, HIST_PAD = 600, 220, 20, 30


def histogram(probabilities: list[float], uniform: float) -> dict:
    """Bars of an SVG histogram of selection probabilities, and where k/n lies."""
    if not probabilities:
        return {}
    top = max(max(probabilities), uniform) * 1.05 or 1.0
    counts = [0] * HIST_BINS
    for p in probabilities:
        counts[min(int(p / top * HIST_BINS), HIST_BINS - 1)] += 1
    tallest = max(counts)
    plot_w, plot_h = HIST_WIDTH - 2 * HIST_PAD, HIST_HEIGHT - 2 * HIST_PAD
    bar_w = plot_w / HIST_BINS
    bars = []
    for i, count in enumerate(counts):
        height = plot_h * count / tallest if tallest else 0
        bars.append(
            Bar(
                x=round(HIST_PAD + i * bar_w + 1, 2),
                y=round(HIST_PAD + plot_h - height, 2),
                width=round(bar_w - 2, 2),
                height=round(height, 2),
                count=count,
                low=top * i / HIST_BINS,
                high=top * (i + 1) / HIST_BINS,
            )
        )
    return {
        "bars": bars,
        "width": HIST_WIDTH,
        "height": HIST_HEIGHT,
        "uniform_x": round(HIST_PAD + plot_w * uniform / top, 2),
        "axis_y": HIST_HEIGHT - HIST_PAD,
        "top": top,
        "pad": HIST_PAD,
        "right": HIST_WIDTH - HIST_PAD,
        "label_y": HIST_HEIGHT - HIST_PAD + 16,
    }


def result_rows(run: Run) -> list[dict]:
    """Respondents of a run, least likely first, with their feature values."""
    features = dict((rid, f) for rid, f in run.instance["respondents"])
    categories = run.instance["categories"]
    rows = [
        {
            "number": rid,
            "probability": p,
            "values": [features.get(rid, {}).get(c, "") for c in categories],
        }
        for rid, p in run.probabilities.items()
    ]
    rows.sort(key=lambda r: (r["probability"], int(r["number"])))
    return rows


def selection_export(team) -> dict[str, list[dict]]:
    selections = list(Selection.objects.filter(team=team))
    respondents = Respondent.objects.filter(selection__team=team).select_related("selection")
    return {
        "selections": [
            {
                "title": s.title,
                "panel_size": s.panel_size,
                "status": s.status,
                "created_at": s.created_at,
                "seed_commitment": s.seed_commitment,
                "seed": s.seed,
                "drawn_panel": " ".join(str(n) for n in s.drawn_panel),
                "drawn_at": s.drawn_at,
            }
            for s in selections
        ],
        "selection_respondents": [
            {
                "selection": r.selection.title,
                "number": r.number,
                "name": r.name,
                "contact": r.contact,
                **{f"feature:{k}": v for k, v in r.features.items()},
                "status": r.status,
                "personal_data_deleted_at": r.personal_data_deleted_at,
            }
            for r in respondents
        ],
        "selection_commitments": [
            {
                "selection": c.selection.title,
                "kind": c.kind,
                "seed_commitment": c.seed_commitment,
                "declaration": c.declaration,
                "committed_at": c.committed_at,
                "withdrawn_at": c.withdrawn_at,
                "withdrawal_reason": c.withdrawal_reason,
                "file_name": c.file_name,
                "file_sha256": c.file_sha256,
                "file": commitment_file_path(c),
            }
            for c in Commitment.objects.filter(selection__team=team)
            .defer("file_gzip")
            .select_related("selection")
        ],
    }


def commitment_file_path(commitment) -> str:
    return f"files/selection/{commitment.selection_id}/{commitment.pk}-{commitment.file_name}"


def team_export_files(team):
    """The published file of every commitment (distribution.csv or lottery.csv), as
    published: stored compressed in the database, unpacked one at a time."""
    commitments = Commitment.objects.filter(selection__team=team).order_by("pk")
    for commitment in commitments.only("pk", "selection_id", "file_name"):
        packed = Commitment.objects.filter(pk=commitment.pk).values_list("file_gzip", flat=True)
        yield commitment_file_path(commitment), gzip.decompress(bytes(packed.get()))


GENDER_NAMES = {"gender", "geschlecht", "sex"}
DIVERS = {"divers", "diverse"}


def gender_without_divers(selection) -> list[str]:
    """Gender categories that offer no "divers" value (residents must be able to say so)."""
    return [
        category.name
        for category in selection.categories.prefetch_related("values")
        if category.name.strip().casefold() in GENDER_NAMES
        and not any(
            v.name.strip().casefold() in {"divers", "diverse"} for v in category.values.all()
        )
    ]
