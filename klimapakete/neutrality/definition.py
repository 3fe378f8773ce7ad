"""The boundary of a team's definition and its influence matrix, as plain data (no Django).

Stored as JSON (``Definition.data``); ``definition_from_data`` reads old or partial data
tolerantly, so the schema can grow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# BISKO's sectors (stationary and transport) and the Einflussbilanz extensions.
BISKO_SECTORS = ("households", "commerce", "industry", "municipal", "transport")
EXTRA_SECTORS = ("process", "agriculture", "land_use", "waste")
SECTORS = BISKO_SECTORS + EXTRA_SECTORS
# The four roles of a municipality (Difu practice guide "Klimaschutz in Kommunen").
ROLES = ("consumer", "supplier", "regulator", "motivator")
INFLUENCE = ("direct", "indirect", "little")

BASES = ("bisko", "einfluss")
GASES = ("ksg", "co2")
ELECTRICITY = ("national_mix", "local_green")
RESIDUAL = ("sinks", "gross")
SCOPES = ("territory", "administration", "both")
WORDING = ("thg", "klima")

# A sensible starting point: the town acts itself where it consumes (its own buildings
# and fleet) and where it supplies (utilities, transport, waste); it plans and regulates
# land use, heat and transport; elsewhere it advises and motivates.
DEFAULT_INFLUENCE: dict[str, dict[str, str]] = {
    "households": {
        "consumer": "little",
        "supplier": "indirect",
        "regulator": "indirect",
        "motivator": "indirect",
    },
    "commerce": {
        "consumer": "little",
        "supplier": "indirect",
        "regulator": "indirect",
        "motivator": "indirect",
    },
    "industry": {
        "consumer": "little",
        "supplier": "little",
        "regulator": "indirect",
        "motivator": "indirect",
    },
    "municipal": {
        "consumer": "direct",
        "supplier": "direct",
        "regulator": "direct",
        "motivator": "direct",
    },
    "transport": {
        "consumer": "direct",
        "supplier": "direct",
        "regulator": "direct",
        "motivator": "indirect",
    },
    "process": {
        "consumer": "little",
        "supplier": "little",
        "regulator": "little",
        "motivator": "indirect",
    },
    "agriculture": {
        "consumer": "little",
        "supplier": "little",
        "regulator": "indirect",
        "motivator": "indirect",
    },
    "land_use": {
        "consumer": "direct",
        "supplier": "little",
        "regulator": "direct",
        "motivator": "indirect",
    },
    "waste": {
        "consumer": "indirect",
        "supplier": "direct",
        "regulator": "direct",
        "motivator": "indirect",
    },
}


@dataclass
class Boundary:
    basis: str = "bisko"
    gases: str = "ksg"
    sectors: list[str] = field(default_factory=lambda: list(BISKO_SECTORS))
    electricity: str = "national_mix"
    residual: str = "sinks"
    target_year: int = 2040
    scope: str = "territory"
    administration_year: int | None = None  # when scope == "both"
    wording: str = "thg"
    residual_percent: float = 5.0  # what is left in the target year, % of the baseline

    @property
    def bisko_conform(self) -> bool:
        """The boundary alone keeps BISKO: BISKO basis and the national electricity mix."""
        return self.basis == "bisko" and self.electricity == "national_mix"

    def counted_sectors(self) -> list[str]:
        """The sectors counted, in the fixed order; BISKO counts no extensions."""
        allowed = SECTORS if self.basis == "einfluss" else BISKO_SECTORS
        return [s for s in allowed if s in self.sectors]

    def left_out(self) -> list[str]:
        return [s for s in SECTORS if s not in self.counted_sectors()]


@dataclass
class Definition:
    boundary: Boundary = field(default_factory=Boundary)
    influence: dict[str, dict[str, str]] = field(
        default_factory=lambda: {s: dict(r) for s, r in DEFAULT_INFLUENCE.items()}
    )

    def to_data(self) -> dict:
        return asdict(self)

    def influence_summary(self) -> dict[str, list[str]]:
        """Sectors by their strongest influence: where the town acts itself, where it pushes."""
        result: dict[str, list[str]] = {level: [] for level in INFLUENCE}
        for sector in self.boundary.counted_sectors():
            levels = self.influence.get(sector, {}).values()
            best = next((level for level in INFLUENCE if level in levels), "little")
            result[best].append(sector)
        return result


def _choice(value, allowed, default):
    return value if value in allowed else default


def definition_from_data(data: dict | None) -> Definition:
    """A definition from stored JSON; unknown keys are ignored, invalid values fall back."""
    data = data if isinstance(data, dict) else {}
    raw = data.get("boundary")
    raw = raw if isinstance(raw, dict) else {}
    base = Boundary()

    def year(value, default):
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
        return value if 2000 <= value <= 2100 else default

    try:
        residual_percent = float(raw.get("residual_percent", base.residual_percent))
    except (TypeError, ValueError):
        residual_percent = base.residual_percent
    sectors = raw.get("sectors")
    sectors = sectors if isinstance(sectors, list) else base.sectors
    boundary = Boundary(
        basis=_choice(raw.get("basis"), BASES, base.basis),
        gases=_choice(raw.get("gases"), GASES, base.gases),
        sectors=[s for s in SECTORS if s in sectors],
        electricity=_choice(raw.get("electricity"), ELECTRICITY, base.electricity),
        residual=_choice(raw.get("residual"), RESIDUAL, base.residual),
        target_year=year(raw.get("target_year"), base.target_year),
        scope=_choice(raw.get("scope"), SCOPES, base.scope),
        administration_year=year(raw.get("administration_year"), None),
        wording=_choice(raw.get("wording"), WORDING, base.wording),
        residual_percent=min(max(residual_percent, 0.1), 50.0),
    )
    influence = {s: dict(r) for s, r in DEFAULT_INFLUENCE.items()}
    stored = data.get("influence")
    for sector, roles in (stored if isinstance(stored, dict) else {}).items():
        if sector in influence and isinstance(roles, dict):
            for role, level in roles.items():
                if role in ROLES and level in INFLUENCE:
                    influence[sector][role] = level
    return Definition(boundary=boundary, influence=influence)
