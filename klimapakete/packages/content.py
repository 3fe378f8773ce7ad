"""Reading package content files (TOML, German with English; see docs/content-authoring.md).

Pure: parses and validates, returns plain dataclasses. Loading into the database
is ``services.content_load``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ContentError(ValueError):
    """A content file does not match the schema; the message names file and place."""


@dataclass(frozen=True)
class Text:
    de: str
    en: str


@dataclass(frozen=True)
class ItemContent:
    key: str
    text: Text
    hint: Text
    renamed_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResourceContent:
    title: Text
    description: Text
    url: str = ""


@dataclass(frozen=True)
class StepContent:
    key: str
    title: Text
    summary: Text
    guide: Text
    tool: str = ""
    duration_weeks: int | None = None
    items: tuple[ItemContent, ...] = ()
    resources: tuple[ResourceContent, ...] = ()
    renamed_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackageContent:
    key: str
    version: int
    order: int
    title: Text
    summary: Text
    steps: tuple[StepContent, ...] = field(default_factory=tuple)


def _text(data: dict, name: str, where: str, *, required: bool = True, max_length: int = 0) -> Text:
    value = data.get(name)
    if value is None and not required:
        return Text("", "")
    if not isinstance(value, dict):
        raise ContentError(
            f"{where}: '{name}' needs a German and an English text ({name}.de, {name}.en)"
        )
    de, en = value.get("de"), value.get("en")
    if required and not (isinstance(de, str) and de.strip() and isinstance(en, str) and en.strip()):
        raise ContentError(f"{where}: '{name}.de' and '{name}.en' must both be non-empty text")
    if not all(v is None or isinstance(v, str) for v in (de, en)):
        raise ContentError(f"{where}: '{name}.de' and '{name}.en' must be text")
    text = Text((de or "").strip(), (en or "").strip())
    if max_length and max(len(text.de), len(text.en)) > max_length:
        raise ContentError(f"{where}: '{name}' must be at most {max_length} characters")
    return text


def _key(data: dict, where: str) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise ContentError(f"{where}: 'key' must be lowercase letters, digits and dashes")
    return key


def _renamed(data: dict, where: str) -> tuple[str, ...]:
    value = data.get("renamed_from", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(f"{where}: 'renamed_from' must be a list of keys")
    return tuple(value)


def _tables(data: dict, name: str, where: str) -> list[dict]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ContentError(f"{where}: '{name}' must be a list of tables ([[{name}]])")
    return value


def parse_package(path: Path) -> PackageContent:
    """Parse and validate one package file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML: {error}") from error
    where = path.name
    key = _key(data, where)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ContentError(f"{where}: 'version' must be a positive whole number")
    steps = []
    seen_steps: set[str] = set()
    for index, step in enumerate(_tables(data, "steps", where), start=1):
        step_where = f"{where}, step {index}"
        step_key = _key(step, step_where)
        if step_key in seen_steps:
            raise ContentError(f"{step_where}: duplicate step key '{step_key}'")
        seen_steps.add(step_key)
        items, seen_items = [], set()
        for item_index, item in enumerate(_tables(step, "checklist", step_where), start=1):
            item_where = f"{step_where} ({step_key}), checklist item {item_index}"
            item_key = _key(item, item_where)
            if item_key in seen_items:
                raise ContentError(f"{item_where}: duplicate item key '{item_key}'")
            seen_items.add(item_key)
            items.append(
                ItemContent(
                    key=item_key,
                    text=_text(item, "text", item_where, max_length=300),
                    hint=_text(item, "hint", item_where, required=False, max_length=300),
                    renamed_from=_renamed(item, item_where),
                )
            )
        resources = []
        for res_index, res in enumerate(_tables(step, "resources", step_where), start=1):
            res_where = f"{step_where} ({step_key}), resource {res_index}"
            url = res.get("url", "")
            if url and not (isinstance(url, str) and url.startswith("https://")):
                raise ContentError(f"{res_where}: 'url' must start with https://")
            resources.append(
                ResourceContent(
                    title=_text(res, "title", res_where, max_length=300),
                    description=_text(res, "description", res_where, required=False),
                    url=url,
                )
            )
        duration = step.get("duration_weeks")
        if duration is not None and (not isinstance(duration, int) or duration < 0):
            raise ContentError(f"{step_where}: 'duration_weeks' must be a whole number")
        steps.append(
            StepContent(
                key=step_key,
                title=_text(step, "title", step_where, max_length=200),
                summary=_text(step, "summary", step_where),
                guide=_text(step, "guide", step_where),
                tool=str(step.get("tool", "")),
                duration_weeks=duration,
                items=tuple(items),
                resources=tuple(resources),
                renamed_from=_renamed(step, step_where),
            )
        )
    if not steps:
        raise ContentError(f"{where}: a package needs at least one step")
    order = data.get("order", 0)
    if not isinstance(order, int) or order < 0:
        raise ContentError(f"{where}: 'order' must be a whole number")
    return PackageContent(
        key=key,
        version=version,
        order=order,
        title=_text(data, "title", where, max_length=200),
        summary=_text(data, "summary", where),
        steps=tuple(steps),
    )


def parse_directory(directory: Path) -> list[PackageContent]:
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise ContentError(f"{directory}: no package files (*.toml) found")
    packages = [parse_package(path) for path in files]
    keys = [p.key for p in packages]
    if len(keys) != len(set(keys)):
        raise ContentError(f"{directory}: two files use the same package key")
    return packages
