"""Reads for the citizen selection: plan, pool overview, results, histogram, export."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Sum

from klimapakete.selection.models import Commitment, Respondent, Run, Selection, Value
from klimapakete.selection.planning import LetterPlan, PlanError, Stratum, letters_plan
from klimapakete.selection.states import Action, allowed_actions, refusal
from klimapakete.sortition import draw, feasibility
from klimapakete.sortition.model import Distribution, Instance, Quota
from klimapakete.sortition.model import Respondent as PoolMember
from klimapakete.tables import csv_lines
from klimapakete.teams.models import Team

# A resident may leave any category unanswered ("keine Angabe"); stored as this value.
NO_ANSWER = ""


def selection_actions(selection: Selection) -> dict[str, bool]:
    """What may be done now (``states.GUARDS``), for the pages: ``can.compute`` etc."""
    return allowed_actions(selection)


def registration_open(selection: Selection) -> bool:
    """The public form takes registrations (the pool is locked from the commitment on)."""
    return refusal(selection, Action.REGISTER) is None


def categories_of(selection: Selection) -> list[tuple[str, list[str]]]:
    return [
        (c.name, [v.name for v in c.values.all()])
        for c in selection.categories.prefetch_related("values")
    ]


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


def selection_export(team: Team) -> dict[str, list[dict]]:
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


def gender_without_divers(selection: Selection) -> list[str]:
    """Gender categories that offer no "divers" value (residents must be able to say so)."""
    return [
        category.name
        for category in selection.categories.prefetch_related("values")
        if category.name.strip().casefold() in GENDER_NAMES
        and not any(
            v.name.strip().casefold() in {"divers", "diverse"} for v in category.values.all()
        )
    ]


def respondent_personal_data(*, respondent: Respondent) -> dict:
    """Everything stored about one respondent (for an access request)."""
    return {
        "selection": respondent.selection.title,
        "number": respondent.number,
        "name": respondent.name,
        "contact": respondent.contact,
        "features": respondent.features,
        "source": respondent.source,
        "status": respondent.status,
        "consent_at": respondent.consent_at,
        "registered_at": respondent.created_at,
        "personal_data_deleted_at": respondent.personal_data_deleted_at,
    }


def pool_instance(
    *, selection: Selection, quotas: dict[int, tuple[int, int]] | None = None
) -> Instance:
    """The selection problem for the current pool (optionally with unsaved quotas)."""
    categories = list(selection.categories.prefetch_related("values"))
    quota_list = []
    for c in categories:
        for v in c.values.all():
            low, high = (quotas or {}).get(v.pk, (v.quota_min, v.quota_max))
            quota_list.append(Quota(c.name, v.name, low, high))
    people = [
        PoolMember(str(number), features)
        for number, features in selection.respondents.exclude(
            status__in=[Respondent.Status.DROPPED, Respondent.Status.HELD]
        ).values_list("number", "features")
    ]
    # "No answer" is no value of the population: it counts towards no quota, but the
    # model needs one, so it gets 0 … panel size where someone chose it.
    for c in categories:
        if any(p.features.get(c.name) == NO_ANSWER for p in people):
            quota_list.append(Quota(c.name, NO_ANSWER, 0, selection.panel_size))
    return Instance([c.name for c in categories], quota_list, people, selection.panel_size)


def instance_problems(instance: Instance) -> list[tuple[str, dict]]:
    """Problems that come before quota conflicts: no categories, empty pool, k > n."""
    if not instance.categories:
        return [("no_categories", {})]
    if not instance.respondents:
        return [("empty_pool", {})]
    if instance.panel_size > instance.n:
        return [("k_above_n", {"k": instance.panel_size, "n": instance.n})]
    return []


def feasibility_check(instance: Instance) -> feasibility.FeasibilityReport:
    return feasibility.check(instance)


def instance_to_json(instance: Instance) -> dict:
    return {
        "categories": instance.categories,
        "quotas": [[q.category, q.feature, q.min, q.max] for q in instance.quotas],
        "respondents": [[r.id, r.features] for r in instance.respondents],
        "panel_size": instance.panel_size,
    }


def instance_from_json(data: dict) -> Instance:
    return Instance(
        list(data["categories"]),
        [Quota(c, f, lo, hi) for c, f, lo, hi in data["quotas"]],
        [PoolMember(rid, features) for rid, features in data["respondents"]],
        int(data["panel_size"]),
    )


def run_distribution(run: Run) -> Distribution:
    return Distribution(
        [tuple(ids) for _p, ids in run.distribution], [p for p, _ids in run.distribution]
    )


def run_is_current(*, selection: Selection, run: Run) -> bool:
    return instance_to_json(pool_instance(selection=selection)) == run.instance


def active_commitment(selection: Selection) -> Commitment | None:
    if not selection.committed_at:
        return None
    return selection.commitments.filter(withdrawn_at=None).last()


def published_file(selection: Selection) -> tuple[str, bytes, str] | None:
    """The published lottery file as (name, gzip bytes, SHA-256): stored at the
    commitment; for a selection drawn before files were stored, built from its run."""
    record = active_commitment(selection)
    if record is not None:
        return record.file_name, bytes(record.file_gzip), record.file_sha256
    if selection.drawn_run is not None:
        body = distribution_csv_text(selection.drawn_run).encode("utf-8")
        return "distribution.csv", gzip.compress(body, mtime=0), hashlib.sha256(body).hexdigest()
    return None


def lottery_csv_text(lottery: list[list[str]]) -> str:
    """``lottery.csv`` as ``klimapakete select --transparent`` writes it: number, ids."""
    rows = [[str(n), " ".join(ids)] for n, ids in enumerate(lottery, 1)]
    return "".join(csv_lines(["number", "ids"], rows, bom=False, safe=False))


def distribution_csv_text(run: Run | None) -> str:
    """``distribution.csv`` exactly as published (its SHA-256 is fixed at the commitment)."""
    rows = distribution_csv_rows(run) if run is not None else []
    # The format of ``klimapakete select``: cells as they are, for anyone re-checking.
    return "".join(csv_lines(["panel", "probability", "ids"], rows, bom=False, safe=False))


def distribution_csv_rows(run: Run) -> list[list[str]]:
    """Rows of ``distribution.csv`` in the format of ``klimapakete select``."""
    return [
        [str(i), repr(float(p)), " ".join(ids)] for i, (p, ids) in enumerate(run.distribution, 1)
    ]


def unavailable_numbers(selection: Selection) -> list[str]:
    return [
        str(n)
        for n in selection.respondents.filter(status=Respondent.Status.DROPPED).values_list(
            "number", flat=True
        )
    ] + [
        str(n)
        for n in selection.respondents.filter(personal_data_deleted_at__isnull=False)
        .exclude(status=Respondent.Status.SELECTED)
        .values_list("number", flat=True)
    ]


def current_panel(selection: Selection) -> list[str]:
    return [
        str(n)
        for n in selection.respondents.filter(status=Respondent.Status.SELECTED).values_list(
            "number", flat=True
        )
    ]


def reserves(*, selection: Selection) -> dict[str, list[str]]:
    """Per panel member, the interchangeable reserves in their seeded order."""
    if not selection.drawn_run:
        return {}
    instance = instance_from_json(selection.drawn_run.instance)
    return draw.reserve_lists(
        instance, current_panel(selection), selection.seed, unavailable_numbers(selection)
    )


def replacement_seed(selection: Selection, number: int) -> str:
    """The seed of the ``number``-th replacement (1-based), published on the verify page."""
    return f"{selection.seed}:replacement:{number}"


@dataclass(frozen=True)
class UnmetQuota:
    category: str
    value: str
    minimum: int
    have: int


def unmet_quotas(selection: Selection) -> list[UnmetQuota]:
    """Minimum quotas the current panel falls short of (after seats were left open)."""
    if not selection.drawn_run:
        return []
    counts: dict[tuple[str, str], int] = {}
    for features in selection.respondents.filter(status=Respondent.Status.SELECTED).values_list(
        "features", flat=True
    ):
        for category, value in features.items():
            counts[(category, value)] = counts.get((category, value), 0) + 1
    return [
        UnmetQuota(category, value, low, counts.get((category, value), 0))
        for category, value, low, _high in selection.drawn_run.instance["quotas"]
        if counts.get((category, value), 0) < low
    ]


def deletion_due(selection: Selection) -> datetime | None:
    if selection.drawn_at is None:
        return None
    return selection.drawn_at + timedelta(days=selection.retention_days)


# Reserves per panel member whose data is kept with the members' (as the panel page shows).
RESERVES_KEPT = 5


def kept_reserves(selection: Selection) -> list[int]:
    lists = reserves(selection=selection) if selection.status == Selection.Status.DRAWN else {}
    return sorted({int(n) for numbers in lists.values() for n in numbers[:RESERVES_KEPT]})


def as_json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def quota_overview(selection: Selection, quotas=None, errors=None) -> dict:
    """The quotas page: rows as typed or stored, the feasibility report or the problems
    (``(code, params)``) that come before it, and the suggested changes."""
    values = quota_values(selection)
    counts = pool_counts(selection)
    rows = []
    for v in values:
        low, high = (quotas or {}).get(v.pk, (v.quota_min, v.quota_max))
        rows.append(
            {
                "value": v,
                "min": low,
                "max": high,
                "available": counts.get((v.category.name, v.name), 0),
                "target": round(float(v.population_share) * selection.panel_size / 100, 1),
            }
        )
    report = None
    problems = list(errors or [])
    if not problems:
        instance = pool_instance(selection=selection, quotas=quotas)
        problems = instance_problems(instance)
        if not problems:
            report = feasibility_check(instance)
    names = {(v.category.name, v.name): v.pk for v in values}
    changes = []
    if report is not None:
        for change in report.changes:
            changes.append(
                {"change": change, "value_id": names.get((change.category, change.feature))}
            )
    return {
        "rows": rows,
        "report": report,
        "problems": problems,
        "changes": changes,
    }


def run_result(selection: Selection, run: Run | None) -> dict:
    """A finished run's probabilities for the compute page (least likely first)."""
    if run is None or run.status != Run.Status.DONE:
        return {}
    rows = result_rows(run)
    n = len(rows)
    uniform = run.instance["panel_size"] / n if n else 0
    return {
        "result_rows": rows,
        "uniform": uniform,
        "histogram": histogram([r["probability"] for r in rows], uniform),
        "least": rows[0] if rows else None,
        "categories": run.instance["categories"],
        # After the draw this run is the published one; later drop-outs do not make it stale.
        "current": selection.status in (Selection.Status.DRAWN, Selection.Status.CLOSED)
        or run_is_current(selection=selection, run=run),
    }


def panel_members(selection: Selection) -> tuple[list[Respondent], list[dict]]:
    """Everyone in the pool, and the current panel members with their first reserves."""
    people = {p.number: p for p in selection.respondents.all()}
    reserve_lists = (
        reserves(selection=selection) if selection.status == Selection.Status.DRAWN else {}
    )
    members = [
        {
            "person": people[int(n)],
            "reserves": [people[int(r)] for r in reserve_lists.get(n, [])[:RESERVES_KEPT]],
        }
        for n in current_panel(selection)
    ]
    return list(people.values()), members
