"""A seeded generator of breakout-rotation instances in three classes, and two ways to write them.

Classes (issue 17):

* ``workshop``: realistic kick-off workshops — 40 to 120 people, tables of
  about 5 (sometimes 4 or 6), 4 or 5 rounds, sectors of very different sizes
  (a few larger than the number of tables), a few people without a sector,
  keep-apart pairs, sometimes table hosts, and a late-arrival variant
  (rounds held, then newcomers and cancellations, the rest re-planned).
* ``golfer``: the social golfer shapes of the public ``known_best.csv`` at the
  best known number of rounds, with a sector column that carries no
  constraint: distinct values (organisations), blanks, singletons among blanks.
* ``balanced``: one person per sector per table is possible — S sectors of G
  people at G tables of S — with 5 rounds: groups = sectors, fewer groups than
  sectors, more groups than sectors.

:func:`generate` draws a set from a seed; :func:`write` writes an instance as
the CSV files of ``klimapakete rotate`` in one of two *styles*: ``plain``
(ids p001…, sector names, rows by sector) and ``scrambled`` (e-mail-like ids,
renamed sectors, shuffled rows, ``;`` as delimiter, singleton sectors blank or
named). The benchmark solves a second set drawn with another seed and written
the other way, to check that nothing was tuned to the first set or its writing.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

SECTORS = [
    "Verwaltung",
    "Politik",
    "Wirtschaft",
    "Zivilgesellschaft",
    "Bildung",
    "Energieversorger",
    "Wohnungswirtschaft",
    "Landwirtschaft",
    "Kirchen",
    "Medien",
    "Verkehr",
    "Wissenschaft",
    "Jugend",
    "Handwerk",
]

# groups, size, best known rounds (known_best.csv; the 6×6 row: 3 rounds).
GOLFER_SHAPES = [
    (5, 3, 7),
    (6, 3, 8),
    (4, 4, 5),
    (6, 4, 7),
    (7, 4, 9),
    (8, 4, 10),
    (9, 4, 11),
    (10, 4, 13),
    (5, 5, 6),
    (6, 5, 6),
    (7, 5, 7),
    (8, 5, 8),
    (10, 5, 9),
    (6, 6, 3),
    (7, 6, 7),
    (8, 6, 8),
]


@dataclass
class Late:
    """After ``held`` rounds: ``arrived`` join (id, sector), ``cancelled`` leave."""

    held: int
    arrived: list[tuple[str, str | None]]
    cancelled: list[str]


@dataclass
class Instance:
    name: str
    kind: str
    people: list[tuple[str, str | None]]
    rounds: int
    group_size: int
    keep_apart: list[tuple[str, str]] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    late: Late | None = None
    note: str = ""


def _sector_sizes(rng: random.Random, n: int, count: int) -> list[int]:
    """Uneven sector sizes adding up to n: a few large sectors, many small ones.

    Sizes fall off like 1/rank^a (a between 0.3 and 0.8) with some noise, so the
    largest sector is two to five times the smallest and often larger than the
    number of tables.
    """
    a = rng.uniform(0.3, 0.8)
    weights = [rng.uniform(0.8, 1.2) / (rank + 1) ** a for rank in range(count)]
    total = sum(weights)
    sizes = [max(1, int(n * w / total)) for w in weights]
    while sum(sizes) > n:
        sizes[sizes.index(max(sizes))] -= 1
    while sum(sizes) < n:
        sizes[rng.randrange(count)] += 1
    return sorted(sizes, reverse=True)


def workshop(rng: random.Random, name: str, *, late: bool, hosts: bool) -> Instance:
    n = rng.randint(40, 120)
    size = rng.choice([5, 5, 5, 4, 6])
    rounds = rng.choice([4, 5])
    sectors = rng.sample(SECTORS, rng.randint(5, 10))
    blanks = rng.randint(0, max(1, n // 20))
    sizes = _sector_sizes(rng, n - blanks, len(sectors))
    people: list[tuple[str, str | None]] = []
    for sector, m in zip(sectors, sizes, strict=True):
        people += [(f"p{len(people) + i + 1:03d}", sector) for i in range(m)]
    people += [(f"p{len(people) + i + 1:03d}", None) for i in range(blanks)]
    ids = [pid for pid, _ in people]
    pairs = set()
    while len(pairs) < rng.randint(2, 6):
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)))
    chosen_hosts = rng.sample(ids, rng.randint(2, 4)) if hosts else []
    info = None
    if late:
        held = rng.randint(1, 2)
        arrived = [(f"late{i + 1}", rng.choice(sectors + [None])) for i in range(rng.randint(2, 6))]
        cancelled = rng.sample([i for i in ids if i not in chosen_hosts], rng.randint(0, 4))
        info = Late(held, arrived, cancelled)
    note = f"{len(sectors)} sectors {'/'.join(map(str, sizes))}"
    if blanks:
        note += f", {blanks} without"
    return Instance(name, "workshop", people, rounds, size, sorted(pairs), chosen_hosts, info, note)


def golfer(rng: random.Random, name: str, shape: tuple[int, int, int], column: str) -> Instance:
    g, s, rounds = shape
    n = g * s
    if column == "distinct":
        sectors: list[str | None] = [f"Organisation {i + 1}" for i in range(n)]
    elif column == "blank":
        sectors = [None] * n
    else:  # a few singleton sectors among blanks
        sectors = [None] * n
        for i in rng.sample(range(n), max(2, n // 6)):
            sectors[i] = f"Einzel {i}"
    people = [(f"p{i + 1:03d}", sec) for i, sec in enumerate(sectors)]
    return Instance(name, "golfer", people, rounds, s, note=f"{g}×{s}, sectors {column}")


def balanced(rng: random.Random, name: str, sectors: int, groups: int) -> Instance:
    names = rng.sample(SECTORS, sectors)
    people = [
        (f"p{k * groups + i + 1:03d}", names[k]) for k in range(sectors) for i in range(groups)
    ]
    return Instance(
        name, "balanced", people, 5, sectors, note=f"{sectors} sectors × {groups}, {groups} tables"
    )


def generate(seed: int) -> list[Instance]:
    """At least 20 instances of the three classes, drawn from ``seed``."""
    rng = random.Random(seed)
    out: list[Instance] = []
    for k in range(10):
        out.append(workshop(rng, f"workshop-{k + 1}", late=k >= 7, hosts=k in (2, 5, 8)))
    columns = ["distinct", "blank", "singletons"]
    for k, shape in enumerate(rng.sample(GOLFER_SHAPES, 8)):
        out.append(golfer(rng, f"golfer-{k + 1}", shape, columns[k % 3]))
    for k, (sectors, groups) in enumerate([(5, 5), (6, 6), (6, 5), (5, 6)]):
        out.append(balanced(rng, f"balanced-{k + 1}", sectors, groups))
    return out


def write(instance: Instance, folder: Path, style: str, seed: int = 0) -> dict[str, Path]:
    """Write the instance's CSV files in ``style``; returns their paths by role.

    ``scrambled`` renames every id and sector, shuffles the rows, uses ``;``
    and turns singleton sectors into blanks or blanks into singleton sectors
    at random — none of which may change the quality of a plan.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = list(instance.people)
    rename: dict[str, str] = {pid: pid for pid, _ in people}
    sector_name: dict[str | None, str | None] = {None: None}
    sizes: dict[str | None, int] = {}
    delimiter = ","
    if style == "scrambled":
        delimiter = ";"
        for pid, _ in people + (instance.late.arrived if instance.late else []):
            rename[pid] = f"{rng.getrandbits(32):08x}@example.org"
        # Sizes over everyone who ever takes part: a sector only late arrivals
        # complete is no singleton.
        for _, sector in people + (instance.late.arrived if instance.late else []):
            sizes[sector] = sizes.get(sector, 0) + 1
        for sector in sizes:
            if sector is not None:
                sector_name[sector] = f"Bereich {rng.getrandbits(24):06x}"
        rng.shuffle(people)
    else:
        for pid, _ in instance.late.arrived if instance.late else []:
            rename[pid] = pid

    def sector_of(sector: str | None, pid: str) -> str:
        if style == "scrambled" and sector is not None and sizes.get(sector) == 1:
            return "" if rng.random() < 0.5 else str(sector_name[sector])
        if style == "scrambled" and sector is None and rng.random() < 0.3:
            return f"Einzelperson {rng.getrandbits(24):06x}"  # a sector of its own
        return "" if sector is None else str(sector_name.get(sector, sector))

    paths = {"participants": folder / "participants.csv"}
    with paths["participants"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["id", "sector"])
        for pid, sector in people:
            writer.writerow([rename[pid], sector_of(sector, pid)])
    if instance.keep_apart:
        paths["keep_apart"] = folder / "keep_apart.csv"
        with paths["keep_apart"].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(["id1", "id2"])
            writer.writerows([rename[a], rename[b]] for a, b in instance.keep_apart)
    if instance.hosts:
        paths["hosts"] = folder / "hosts.csv"
        with paths["hosts"].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(["id"])
            writer.writerows([rename[h]] for h in instance.hosts)
    if instance.late:
        paths["late"] = folder / "late.csv"
        with paths["late"].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(["change", "id", "sector"])
            for pid, sector in instance.late.arrived:
                writer.writerow(["arrives", rename[pid], sector_of(sector, pid)])
            for pid in instance.late.cancelled:
                writer.writerow(["cancels", rename[pid], ""])
    return paths
