"""The German catalogue is complete, and pages really come out in German or English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "klimapakete" / "locale" / "de" / "LC_MESSAGES" / "django.po"


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
            elif match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line):
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


def test_every_string_has_a_german_translation():
    entries = po_entries(PO_FILE)
    assert len(entries) > 100
    missing = [e["msgid"] for e in entries if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert missing == []


def test_placeholders_survive_translation():
    for entry in po_entries(PO_FILE):
        wanted = set(re.findall(r"%\(\w+\)s", entry["msgid"]))
        for text in entry["msgstr"]:
            assert set(re.findall(r"%\(\w+\)s", text)) == wanted, entry["msgid"]


def test_the_start_page_is_german_by_default_and_english_on_request(client):
    german = client.get("/")
    assert german.status_code == 200
    assert 'lang="de"' in german.text and "Konto anlegen" in german.text
    client.post("/language/", {"language": "en", "next": "/"})
    english = client.get("/")
    assert 'lang="en"' in english.text and "Create an account" in english.text
