"""Multiply the data of the teams: every team-owned row copied ``factor - 1`` times.

Used by the query-count walk (``core/tests/test_page_queries.py``: every page must issue
the same number of queries at 1× and at 10× data) and by the load benchmark (1× and
100× teams). Generic on purpose, so that models added later are multiplied too:

- A model is *owned* when it has a foreign key to ``Team`` or to another owned model
  (through tables of many-to-many fields included). Owned models are copied in the order
  of their foreign keys; copy *k* of a row points to copy *k* of its parents, so every
  parent gets as many children as before and every list gets ``factor`` times longer.
- Unique text (and the text of unique constraints whose other fields stay the same) gets
  a suffix; unique UUIDs get new values. A row that still cannot be copied (a one-to-one
  with the team, a membership that exists once per person) is left out — the copies are
  made with ``bulk_create``, falling back to one row at a time inside a savepoint.
- Some models are *shared* (``SHARED``: a team's sectors): real teams have a fixed,
  short list of them however large the team grows, so they are not copied; the copies of
  actors and guests keep the original's sector, and so spread over the team's sectors.
  ``shared=()`` copies them too.
- No ``save()``, no signals: the copies are the stored values, nothing recomputed (the
  benchmarks compute the shared analyses afterwards, as the worker would).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import IntegrityError, models, transaction

# Rows without a path to a team that still grow with the teams' activity: copied as roots.
EXTRA_ROOTS = ("forum.Thread",)

# Owned models whose rows are not copied: a team's list of them stays as long as it is.
SHARED = ("actors.Sector",)


@dataclass
class ScaleReport:
    factor: int
    rows: dict[str, int] = field(default_factory=dict)  # model label → rows after
    skipped: dict[str, int] = field(default_factory=dict)  # model label → rows not copied


def owned_models() -> list[type[models.Model]]:
    """Models with a foreign-key path to Team, parents before children."""
    team_model = apps.get_model("teams", "Team")
    candidates = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not m._meta.proxy and m._meta.managed and m is not team_model
    ]
    owned: set[type[models.Model]] = set()
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in owned or model._meta.parents:
                continue
            targets = {f.related_model for f in _foreign_keys(model)}
            if team_model in targets or targets & owned or model._meta.label in EXTRA_ROOTS:
                owned.add(model)
                changed = True
    ordered: list[type[models.Model]] = []
    done: set[type[models.Model]] = set()

    def visit(model, path=()):
        if model in done or model in path:
            return
        # Required parents first; nullable ones (cycles such as a thread's solution post)
        # are pointed at their copies afterwards.
        for f in _foreign_keys(model):
            if f.related_model in owned and f.related_model is not model and not f.null:
                visit(f.related_model, path + (model,))
        done.add(model)
        ordered.append(model)

    for model in sorted(owned, key=lambda m: m._meta.label):
        visit(model)
    return ordered


def _foreign_keys(model) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _unique_sets(model) -> list[tuple[str, ...]]:
    sets = [tuple(fields) for fields in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            sets.append(tuple(constraint.fields))
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            sets.append((f.name,))
    return sets


def _is_text(f) -> bool:
    return isinstance(f, (models.CharField, models.TextField)) and not f.choices


def _suffix(value, f, k: int):
    if value in (None, ""):
        return value
    tail = f"-{k}"
    if getattr(f, "max_length", None):
        value = value[: f.max_length - len(tail)]
    return f"{value}{tail}"


def scale_teams(factor: int, *, teams=None, shared=SHARED) -> ScaleReport:
    """Copy every owned row so that each team has ``factor`` times its data.

    ``teams`` limits the copies to rows whose path leads to these teams where the model
    has a direct ``team`` foreign key; rows of other owned models are copied when their
    parents are. Rows of the ``shared`` models (labels) are kept once."""
    report = ScaleReport(factor=factor)
    if factor <= 1:
        return report
    team_model = apps.get_model("teams", "Team")
    team_ids = {t.pk for t in teams} if teams is not None else None
    order = [m for m in owned_models() if m._meta.label not in shared]
    owned = set(order)
    originals: dict[type, list] = {}
    for model in order:
        qs = model._base_manager.order_by("pk")
        originals[model] = list(qs)
    # mapping[(model, k)][old_pk] = new_pk
    mapping: dict[tuple[type, int], dict] = defaultdict(dict)
    made: list[tuple[type, int, list]] = []  # copies whose nullable parents may come later
    for model in order:
        fks = _foreign_keys(model)
        unique_sets = _unique_sets(model)
        fields = {f.name: f for f in model._meta.concrete_fields}
        generated = {
            f.attname for f in model._meta.concrete_fields if getattr(f, "generated", False)
        }
        label = model._meta.label
        rows = originals[model]
        if team_ids is not None:
            rows = [r for r in rows if _belongs(r, fks, team_model, team_ids, owned, mapping)]
        for k in range(1, factor):
            copies, sources = [], []
            for row in rows:
                copy = _copy(row, k, fks, fields, unique_sets, owned, mapping, generated)
                if copy is not None:
                    copies.append(copy)
                    sources.append(row.pk)
            created = _create(model, copies)
            for source_pk, obj in zip(sources, created, strict=True):
                if obj is not None and obj.pk is not None:
                    mapping[(model, k)][source_pk] = obj.pk
                else:
                    report.skipped[label] = report.skipped.get(label, 0) + 1
            made.append((model, k, [obj for obj in created if obj is not None]))
    for model, k, objs in made:
        _point_at_later_copies(model, k, objs, owned, mapping)
    for model in order:
        report.rows[model._meta.label] = model._base_manager.count()
    return report


def _point_at_later_copies(model, k, objs, owned, mapping) -> None:
    nullable = [f for f in _foreign_keys(model) if f.null and f.related_model in owned]
    changed = []
    for obj in objs:
        dirty = False
        for f in nullable:
            new = mapping[(f.related_model, k)].get(getattr(obj, f.attname))
            if new is not None:
                setattr(obj, f.attname, new)
                dirty = True
        if dirty:
            changed.append(obj)
    if changed:
        try:
            with transaction.atomic():
                model._base_manager.bulk_update(
                    changed, [f.attname for f in nullable], batch_size=500
                )
        except IntegrityError:
            pass  # e.g. a one-to-one already taken: the copy keeps the original parent


def _belongs(row, fks, team_model, team_ids, owned, mapping) -> bool:
    for f in fks:
        if f.related_model is team_model:
            return getattr(row, f.attname) in team_ids
    return True  # decided by its parents: a copy needs copied parents (see _copy)


def _copy(row, k, fks, fields, unique_sets, owned, mapping, generated):
    model = type(row)
    values = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in generated
    }
    remapped: set[str] = set()
    team_model = apps.get_model("teams", "Team")
    for f in fks:
        old = values[f.attname]
        if old is None or f.related_model not in owned:
            continue
        new = mapping[(f.related_model, k)].get(old)
        if new is not None:
            values[f.attname] = new
            remapped.add(f.name)
    is_root = model._meta.label in EXTRA_ROOTS or any(f.related_model is team_model for f in fks)
    if not remapped and not is_root:
        return None  # its parents were not copied: the row belongs to them
    for names in unique_sets:
        if any(name in remapped for name in names):
            continue
        texts = [fields[n] for n in names if n in fields and _is_text(fields[n])]
        uuids = [fields[n] for n in names if isinstance(fields.get(n), models.UUIDField)]
        for f in texts[:1]:
            values[f.attname] = _suffix(values[f.attname], f, k)
        for f in uuids:
            values[f.attname] = uuid.uuid4()
    return model(**values)


def _create(model, copies):
    if not copies:
        return []
    try:
        with transaction.atomic():
            return model._base_manager.bulk_create(copies, batch_size=500)
    except IntegrityError:
        pass
    created = []
    for obj in copies:
        obj.pk = None
        try:
            with transaction.atomic():
                model._base_manager.bulk_create([obj])
            created.append(obj)
        except IntegrityError:
            created.append(None)
    return created
