"""The columns an actor or relationship spreadsheet may have, declared once each: the label
the mapping step shows, the headings that mean it (German and English), the maximum
length and whether it is required. The plan, the mapping form, the preview and the export
all read them from here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from klimapakete.tables import EMAIL_WORDS, FIRST_NAME_WORDS, NAME_WORDS, PHONE_WORDS, Column

NOTE_WORDS = ("notiz", "notizen", "note", "notes", "bemerkung", "bemerkungen", "anmerkung")

ACTOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        _("Name"),
        (
            *NAME_WORDS,
            "akteur",
            "akteurin",
            "akteur:in",
            "akteur*in",
            "actor",
            "person",
            "kontakt",
            "contact",
            "wer",
        ),
        max_length=200,
        required=True,
    ),
    # Spreadsheets often split names; the first name is put before the name.
    Column("first_name", _("First name (put before the name)"), FIRST_NAME_WORDS, joins="name"),
    Column(
        "kind",
        _("Kind (person or organisation)"),
        ("art", "typ", "type", "kind", "person/organisation", "person oder organisation"),
    ),
    Column(
        "organisation",
        _("Organisation"),
        (
            "organisation",
            "organization",
            "org",
            "firma",
            "unternehmen",
            "institution",
            "verein",
            "verband",
            "arbeitgeber",
            "company",
            "employer",
            "gehört zu",
            "belongs to",
        ),
        max_length=200,
    ),
    Column(
        "position",
        _("Role or position"),
        (
            "funktion",
            "position",
            "rolle",
            "role",
            "titel",
            "title",
            "amt",
            "job",
            "stelle",
            "job title",
        ),
        max_length=200,
    ),
    Column(
        "sector",
        _("Sector"),
        ("bereich", "sektor", "sector", "branche", "area", "gruppe", "kategorie"),
        max_length=80,
    ),
    Column(
        "stance",
        _("Stance (-2 to 2)"),
        (
            "haltung",
            "einstellung",
            "stance",
            "attitude",
            "position zum klimaschutz",
            "unterstützung",
            "support",
            "pro/contra",
        ),
    ),
    Column(
        "power",
        _("Power (1 to 5)"),
        ("einfluss", "macht", "power", "influence", "einfluss/macht", "power/influence"),
    ),
    Column(
        "ease",
        _("How easy to win (1 to 5)"),
        (
            "erreichbarkeit",
            "wie leicht",
            "leichtigkeit",
            "ease",
            "how easy",
            "how easy to win",
            "gewinnbarkeit",
            "zugänglichkeit",
            "zugang",
            "ansprechbarkeit",
        ),
    ),
    Column(
        "ladder",
        _("Ladder of engagement"),
        (
            "stufe",
            "ladder",
            "leiter",
            "engagement",
            "stage",
            "phase",
            "status",
            "ladder of engagement",
            "engagementstufe",
        ),
    ),
    Column(
        "interests",
        _("Interests"),
        ("interessen", "interests", "interesse", "anliegen", "themen", "topics"),
        max_length=4000,
    ),
    Column(
        "tags",
        _("Tags"),
        ("tags", "schlagworte", "schlagwörter", "stichworte", "labels", "keywords"),
        max_length=300,
    ),
    Column(
        "owner",
        _("Contact owner in the team"),
        (
            "zuständig",
            "zuständigkeit",
            "verantwortlich",
            "owner",
            "contact owner",
            "kontakt im team",
            "team contact person",
            "betreut von",
            "ansprechpartner team",
        ),
    ),
    Column("email", _("E-mail address"), EMAIL_WORDS, max_length=254),
    Column("phone", _("Phone"), PHONE_WORDS, max_length=40),
    Column(
        "notes",
        _("Notes"),
        (
            *NOTE_WORDS,
            "anmerkungen",
            "kommentar",
            "kommentare",
            "comments",
            "comment",
        ),
        max_length=8000,
    ),
    Column(
        "is_team_contact",
        _("Already in contact with the team"),
        ("in kontakt", "im kontakt", "kontakt vorhanden", "team contact", "in contact", "bekannt"),
    ),
    Column(
        "contact_rhythm_days",
        _("Contact rhythm (days)"),
        (
            "kontaktrhythmus",
            "rhythmus",
            "contact rhythm",
            "kontaktrhythmus (tage)",
            "contact rhythm (days)",
        ),
    ),
)

RELATIONSHIP_COLUMNS: tuple[Column, ...] = (
    Column(
        "source",
        _("From (actor name)"),
        ("source", "from", "von", "quelle", "akteur", "actor", "source name", "name 1", "wer"),
        required=True,
    ),
    Column(
        "target",
        _("To (actor name)"),
        (
            "target",
            "to",
            "an",
            "zu",
            "nach",
            "ziel",
            "target name",
            "name 2",
            "wen",
            "other actor",
            "anderer akteur",
        ),
        required=True,
    ),
    Column(
        "kind",
        _("Kind of relationship"),
        ("kind", "art", "typ", "type", "beziehung", "relationship", "relation", "beziehungsart"),
    ),
    Column(
        "strength",
        _("Strength (1 to 3)"),
        ("strength", "stärke", "intensität", "gewicht", "weight"),
    ),
    Column("note", _("Note"), (*NOTE_WORDS, "kommentar", "comment"), max_length=300),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "actors": ACTOR_COLUMNS,
    "relationships": RELATIONSHIP_COLUMNS,
}


def labels(what: str) -> dict[str, object]:
    """``{key: label}`` of the columns of ``what``, in their order."""
    return {column.key: column.label for column in COLUMNS[what]}
