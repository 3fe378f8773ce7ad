"""A person's own data across apps: the personal export and what account deletion does.

Apps register in ``AppConfig.ready``:

- an exporter ``fn(user) -> {table_name: [row_dict, ...]}`` with :func:`register_exporter`;
  the profile page offers everything as one zip (JSON plus one CSV per table);
- an eraser ``fn(user) -> None`` with :func:`register_eraser`; ``account_delete`` calls
  every eraser inside its transaction before the user row goes, for data that must change
  rather than simply cascade (e.g. forum posts stay but lose their team name).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from klimapakete.core.exports import tables_zip

Exporter = Callable[["object"], dict[str, list[dict]]]
Eraser = Callable[["object"], None]
EXPORTERS: list[Exporter] = []
ERASERS: list[Eraser] = []


def register_exporter(exporter: Exporter) -> Exporter:
    if exporter not in EXPORTERS:
        EXPORTERS.append(exporter)
    return exporter


def register_eraser(eraser: Eraser) -> Eraser:
    if eraser not in ERASERS:
        ERASERS.append(eraser)
    return eraser


def account_export(user) -> dict[str, list[dict]]:
    """The account itself and the person's team memberships."""
    return {
        "account": [
            {
                "email": user.email,
                "name": user.name,
                "language": user.language,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            }
        ],
        "memberships": [
            {"team": m.team.name, "role": m.role, "joined_at": m.joined_at}
            for m in user.memberships.select_related("team")
        ],
    }


def personal_export_tables(user) -> dict[str, list[dict]]:
    tables = account_export(user)
    for exporter in EXPORTERS:
        tables.update(exporter(user))
    return tables


def personal_export_zip(user) -> bytes:
    document = {"exported_at": timezone.now(), "person": {"email": user.email}}
    return tables_zip(
        json_name="personal-data.json", document=document, tables=personal_export_tables(user)
    )


def personal_data_erase(user) -> None:
    for eraser in ERASERS:
        eraser(user)
