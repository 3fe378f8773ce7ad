"""Import of a town's energy and emission balance: a pure plan from a read table.

The file has one row per sector and carrier: sector, carrier, amount, optionally a unit
and BISKO's data quality (A–D). The unit is taken from a unit column, else from the
amount's heading ("Endenergie (GWh)", "Menge [kWh]"), else MWh. German number formats
("1.234,5") are understood. A plan lists every row's problem; the import is all or
nothing (the service writes only a plan without problems).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from klimapakete.tables import Column, Table, auto_map, normalise, positions, read_row

from . import calc
from .calc import DIRECT, Entry

AMOUNT_WORDS = (
    "menge",
    "endenergie",
    "endenergieverbrauch",
    "verbrauch",
    "energie",
    "wert",
    "amount",
    "energy",
    "final energy",
    "value",
    "emissionen",
)
UNIT_PATTERN = re.compile(r"(?<![a-z])(kwh|mwh|gwh|kt|t|kg)(?![a-z])", re.IGNORECASE)

SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "households": ("private haushalte", "haushalte", "households", "private households", "wohnen"),
    "commerce": (
        "ghd",
        "gewerbe",
        "gewerbe handel dienstleistungen",
        "handel",
        "commerce",
        "trade",
        "services",
        "gewerbe handel dienstleistungen sonstiges",
    ),
    "industry": ("industrie", "industry", "verarbeitendes gewerbe"),
    "municipal": (
        "kommunale einrichtungen",
        "kommune",
        "kommunal",
        "kommunale liegenschaften",
        "municipal",
        "municipal facilities",
        "verwaltung",
    ),
    "transport": ("verkehr", "transport", "mobilität", "mobilitaet"),
    "process": ("prozessemissionen", "process", "process emissions", "industrieprozesse"),
    "agriculture": ("landwirtschaft", "agriculture"),
    "land_use": ("landnutzung", "land use", "lulucf", "senken"),
    "waste": ("abfall", "abwasser", "abfall und abwasser", "waste"),
}
CARRIER_WORDS: dict[str, tuple[str, ...]] = {
    "electricity": ("strom", "electricity", "bundesstrommix", "power"),
    "heating_oil": ("heizöl", "heizoel", "heating oil", "oil", "öl"),
    "natural_gas": ("erdgas", "gas", "natural gas"),
    "lpg": ("flüssiggas", "fluessiggas", "lpg", "autogas"),
    "coal": ("kohle", "braunkohle", "steinkohle", "coal", "braunkohlebriketts"),
    "wood_pellets": ("holzpellets", "pellets", "holz", "wood pellets", "biomasse"),
    "biogas": ("biogas",),
    "diesel": ("diesel",),
    "petrol": ("benzin", "petrol", "gasoline", "ottokraftstoff"),
    "district_heat": (
        "fernwärme",
        "fernwaerme",
        "nahwärme",
        "nahwaerme",
        "district heat",
        "wärmenetz",
    ),
    DIRECT: ("t co2e", "direkt", "direct", "co2e", "thg", "emissionen"),
}


def parse_number(text: str, *, machine: bool = False) -> float:
    """A number as people write it: "1.234,5", "1234,5", "1,234.5", "1 234", "-3".

    ``machine``: cells of workbooks, which the table layer gives as Python numbers
    ("1234.5"; "1.234" is then one point two). In text files a single dot before exactly
    three digits is a German thousands separator ("1.234" = 1234).
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if machine:
        return float(text)
    if not re.fullmatch(r"[-+]?[\d.,]+", text) or not re.search(r"\d", text):
        raise ValueError(text)
    comma, dot = text.rfind(","), text.rfind(".")
    if comma >= 0 and dot >= 0:
        decimal = "," if comma > dot else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif comma >= 0:
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif dot >= 0 and (text.count(".") > 1 or re.search(r"\.\d{3}$", text)):
        text = text.replace(".", "")
    return float(text)


def _lookup(words: Mapping[str, tuple[str, ...]], labels: Mapping[str, object]) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, synonyms in words.items():
        for word in (key, *synonyms, *([str(labels[key])] if key in labels else [])):
            table.setdefault(normalise(word), key)
    return table


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[int, str, dict]] = field(default_factory=list)  # (row, code, params)
    unit: str = "MWh"

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.entries)


def columns(labels: Mapping[str, object] | None = None) -> list[Column]:
    labels = labels or {}
    return [
        Column(
            "sector", labels.get("sector", "Sektor"), ("sektor", "sector", "bereich"), required=True
        ),
        Column(
            "carrier",
            labels.get("carrier", "Energieträger"),
            ("energieträger", "energietraeger", "carrier", "energy carrier", "brennstoff"),
            required=True,
        ),
        Column("amount", labels.get("amount", "Menge"), AMOUNT_WORDS, required=True),
        Column("unit", labels.get("unit", "Einheit"), ("einheit", "unit")),
        Column(
            "quality",
            labels.get("quality", "Datengüte"),
            ("datengüte", "datenguete", "güte", "quality", "data quality"),
        ),
    ]


def plan(
    table: Table,
    *,
    machine_numbers: bool,
    max_entries: int,
    sector_labels: Mapping[str, object] | None = None,
    carrier_labels: Mapping[str, object] | None = None,
    extra_words: Mapping[str, list[str]] | None = None,
) -> Plan:
    """Entries for the baseline from ``table``, or the problems of each row.

    Energy amounts become MWh; rows with carrier "direct" (t CO2e) become tonnes.
    Codes: ``missing_columns`` (``columns``), ``too_many_entries`` (``max``), and per row
    ``missing``/``invalid`` (``column``, ``value``), ``unknown_sector``,
    ``unknown_carrier``, ``unknown_unit``, ``bad_quality``, ``negative`` (``value``).
    """
    result = Plan()
    cols = columns()
    mapping = auto_map(table.header, cols, extra=extra_words)
    where = positions(mapping)
    absent = [c.key for c in cols if c.required and c.key not in where]
    if absent:
        result.problems.append((table.header_row, "missing_columns", {"columns": absent}))
        return result
    heading_unit = UNIT_PATTERN.search(table.header[where["amount"]])
    default_unit = heading_unit.group(1) if heading_unit else "MWh"
    result.unit = default_unit
    sectors = _lookup(SECTOR_WORDS, sector_labels or {})
    carriers = _lookup(CARRIER_WORDS, carrier_labels or {})
    filled = [
        (n, row)
        for n, row in zip(table.numbers, table.rows, strict=True)
        if any(c.strip() for c in row)
    ]
    if len(filled) > max_entries:
        result.problems.append((0, "too_many_entries", {"max": max_entries}))
        return result
    for number, row in filled:
        values, problems = read_row(row, cols, where)
        for code, key, params in problems:
            result.problems.append((number, code, {"column": key, **params}))
        if problems:
            continue
        sector = sectors.get(normalise(str(values["sector"])))
        carrier = carriers.get(normalise(str(values["carrier"])))
        unit = str(values.get("unit") or default_unit)
        quality = str(values.get("quality") or "D").strip().upper()[:1]
        row_problems = []
        if sector is None:
            row_problems.append(("unknown_sector", {"value": values["sector"]}))
        if carrier is None:
            row_problems.append(("unknown_carrier", {"value": values["carrier"]}))
        if quality not in calc.QUALITY:
            row_problems.append(("bad_quality", {"value": values.get("quality")}))
        try:
            amount = parse_number(str(values["amount"]), machine=machine_numbers)
        except ValueError:
            row_problems.append(("invalid", {"column": "amount", "value": values["amount"]}))
            amount = None
        if amount is not None and carrier is not None:
            try:
                if carrier == DIRECT:
                    unit = unit if unit.lower() in calc.MASS_UNITS else "t"
                    amount = calc.to_tonnes(amount, unit)
                else:
                    amount = calc.to_mwh(amount, unit)
            except calc.CalcError:
                row_problems.append(("unknown_unit", {"value": unit}))
            else:
                if amount < 0 and not (carrier == DIRECT and sector == "land_use"):
                    row_problems.append(("negative", {"value": values["amount"]}))
        if row_problems:
            result.problems.extend((number, code, params) for code, params in row_problems)
        else:
            result.entries.append(Entry(sector, carrier, amount, quality))
    return result
