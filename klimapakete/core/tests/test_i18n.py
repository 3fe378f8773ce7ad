"""The German catalogue is complete, and pages really come out in German or English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

PACKAGE_DIR = Path(settings.BASE_DIR) / "klimapakete"
# One catalogue per app (``<app>/locale``) plus the project's own for shared templates.
PO_LINE = r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$'
PO_FILES = sorted(PACKAGE_DIR.glob("**/locale/de/LC_MESSAGES/django.po"))


def po_entries(path: Path) -> list[dict]:
    """A small reader for .po files: msgid, msgstr(s) and flags per entry."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgid": "", "msgstr": []}
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(PO_LINE, line):
                current = match.group(1)
                value = ast.literal_eval(match.group(2))
                if current.startswith("msgstr"):
                    entry["msgstr"].append(value)
                else:
                    entry[current] = value
            elif line.startswith('"') and current:
                value = ast.literal_eval(line)
                if current.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                else:
                    entry[current] += value
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_every_app_with_strings_has_a_catalogue():
    catalogued = {path.relative_to(PACKAGE_DIR).parts[0] for path in PO_FILES}
    assert {"accounts", "actors", "packages", "selection", "teams", "workshops"} <= catalogued


def test_every_string_has_a_german_translation():
    entries = [entry for path in PO_FILES for entry in po_entries(path)]
    assert len(entries) > 100
    missing = [e["msgid"] for e in entries if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert missing == []


def test_placeholders_survive_translation():
    for path in PO_FILES:
        for entry in po_entries(path):
            # A singular form may leave out the count ("jeden Dienstag" for 1 week).
            wanted = [
                set(re.findall(r"%\(\w+\)s", entry[key]))
                for key in ("msgid", "msgid_plural")
                if entry.get(key)
            ]
            for text in entry["msgstr"]:
                assert set(re.findall(r"%\(\w+\)s", text)) in wanted, entry["msgid"]


def test_a_string_reads_the_same_in_every_catalogue():
    """Catalogues are merged at run time (the first one wins), so one source string must
    not be translated two ways; give different meanings a ``pgettext`` context instead."""
    seen: dict[tuple, tuple] = {}
    clashes = []
    for path in PO_FILES:
        for entry in po_entries(path):
            key = (entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", ""))
            first = seen.setdefault(key, (path, entry["msgstr"]))
            if first[1] != entry["msgstr"]:
                clashes.append((entry["msgid"], str(first[0]), str(path)))
    assert clashes == []


def test_the_start_page_is_german_by_default_and_english_on_request(client):
    german = client.get("/")
    assert german.status_code == 200
    assert 'lang="de"' in german.text and "Konto anlegen" in german.text
    client.post("/language/", {"language": "en", "next": "/"})
    english = client.get("/")
    assert 'lang="en"' in english.text and "Create an account" in english.text


# A number followed by a plural noun ("%(count)s people") reads "1 Personen" in German
# unless the sentence has plural forms (ngettext / blocktranslate count).
# An adjective may stand between the count and the noun ("at most %(limit)s outside addresses").
COUNTED_NOUN = re.compile(r"%\((\w+)\)[sd]\s+(?:(?:outside|more|further)\s+)?(\w+)")
NOT_NOUNS = {
    "s",
    "less",
    "becomes",
    "is",
    "has",
    "was",
    "as",
    "stores",
    "requires",
    "takes",
    "appears",
    "needs",
    "drops",
}
NOT_COUNTS = {"state", "team", "name", "municipality", "title", "new", "old", "row"}


def counted_without_plural(entry: dict) -> list[str]:
    if entry.get("msgid_plural"):
        return []
    found = []
    for match in COUNTED_NOUN.finditer(entry["msgid"]):
        placeholder, word = match.groups()
        noun = (word.endswith("s") and word not in NOT_NOUNS) or word in {"people", "children"}
        if noun and placeholder not in NOT_COUNTS:
            found.append(match.group(0))
    return found


def test_the_count_check_catches_a_count_without_plural_forms():
    assert counted_without_plural({"msgid": "%(count)s people changed tables."})
    assert counted_without_plural({"msgid": "at most %(n)s rounds"})
    assert counted_without_plural({"msgid": "at most %(limit)s outside addresses a day"})
    assert not counted_without_plural(
        {"msgid": "%(count)s person changed tables.", "msgid_plural": "%(count)s people …"}
    )
    assert not counted_without_plural({"msgid": "%(name)s wrote:"})
    assert not counted_without_plural({"msgid": "%(state)s requires a statute"})


def test_every_count_in_a_sentence_has_plural_forms():
    missing = sorted(
        {
            f"{path.relative_to(PACKAGE_DIR).parts[0]}: {entry['msgid'][:90]}"
            for path in PO_FILES
            for entry in po_entries(path)
            if counted_without_plural(entry)
        }
    )
    assert missing == []
