"""Package content files: parsing, validation and loading without losing teams' progress."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_user
from klimapakete.packages.content import ContentError, parse_directory, parse_package
from klimapakete.packages.models import ChecklistItem, ItemProgress, Package, Step
from klimapakete.packages.selectors import step_items, team_package_progress
from klimapakete.packages.services import content_load, item_set_done, package_adopt
from klimapakete.teams.services import team_create

# The shipped content


def test_the_shipped_packages_parse():
    packages = parse_directory(django_settings.PACKAGE_CONTENT_DIR)
    assert {p.key for p in packages} == {"allianz", "klimabeirat"}
    for package in packages:
        assert package.title.de and package.title.en
        assert package.steps
        for step in package.steps:
            for text in (step.title, step.summary, step.guide):
                assert text.de and text.en, f"{package.key}/{step.key}"
            assert step.items, f"{package.key}/{step.key} has no checklist"
            for item in step.items:
                assert item.text.de and item.text.en, f"{package.key}/{step.key}/{item.key}"
                assert bool(item.hint.de) == bool(item.hint.en), f"{step.key}/{item.key} hint"
            for resource in step.resources:
                assert resource.title.de and resource.title.en
                assert not resource.url or resource.url.startswith("https://")


def test_every_shipped_resource_links_to_a_specific_page():
    """A resource is something to open: an https address of a page, not a bare home page."""
    for package in parse_directory(django_settings.PACKAGE_CONTENT_DIR):
        for step in package.steps:
            assert 1 <= len(step.resources) <= 4, f"{package.key}/{step.key}"
            for resource in step.resources:
                where = f"{package.key}/{step.key}: {resource.title.de}"
                parts = urlsplit(resource.url)
                assert parts.scheme == "https" and parts.netloc, where
                assert parts.path.strip("/") or parts.query, f"{where} points to a home page"


# One term per role in the German texts (docs/content-authoring.md, "Terminology").
AVOIDED_TERMS = {
    "Schlüsselakteure": "Schlüsselakteur:innen",
    "Tischmoderation": "Tischmoderator:in",
    "Unterstützungsorganisation": "Supportorganisation",
    "Koordination ": "Koordinator:in (for a person)",
    "LocalZero-Team": "Lokalteam",
    "LocalZero-Forum": "Forum",
    "zugesagt hat": "verbindlich dabei (the ladder stage, as in the actor tool)",
    "feste Zusage": "verbindlich dabei",
    "zehnmal so viele": "20- bis 30-mal so viele (DOMAIN.md, citizen selection)",
}


def test_the_shipped_german_texts_keep_one_term_per_role():
    for package in parse_directory(django_settings.PACKAGE_CONTENT_DIR):
        texts = [package.title.de, package.summary.de]
        for step in package.steps:
            texts += [step.title.de, step.summary.de, step.guide.de]
            texts += [t for item in step.items for t in (item.text.de, item.hint.de)]
            texts += [t for res in step.resources for t in (res.title.de, res.description.de)]
        for text in texts:
            for avoided, preferred in AVOIDED_TERMS.items():
                assert avoided not in text, f"{package.key}: use {preferred!r}, not {avoided!r}"


# The interface uses the same terms as the packages.
AVOIDED_IN_CATALOGUES = {
    **AVOIDED_TERMS,
    "Tischgastgeber": "Tischmoderator:in",
    "Klimateam": "Lokalteam",
}


def test_the_german_catalogues_keep_one_term_per_role():
    from klimapakete.core.tests.test_i18n import PO_FILES, po_entries

    problems = []
    for path in PO_FILES:
        for entry in po_entries(path):
            for text in entry["msgstr"]:
                for avoided, preferred in AVOIDED_IN_CATALOGUES.items():
                    if avoided in text:
                        problems.append((path.parent.parent.parent.parent.name, avoided, text))
    assert problems == []


def test_the_shipped_german_texts_do_not_switch_to_du():
    """The team is addressed as 'ihr'; 'du' never appears in guides (outsiders get 'Sie')."""
    du = re.compile(r"\b(du|dich|dir|dein\w*)\b")
    for package in parse_directory(django_settings.PACKAGE_CONTENT_DIR):
        for step in package.steps:
            for text in [step.guide.de, step.summary.de, *(i.text.de for i in step.items)]:
                assert not du.search(text), f"{package.key}/{step.key}: {du.search(text)}"


def test_the_shipped_packages_have_distinct_orders():
    orders = [p.order for p in parse_directory(django_settings.PACKAGE_CONTENT_DIR)]
    assert len(set(orders)) == len(orders) and 0 not in orders


# Schema errors name the file and the place


def item(key="first", de="Erstes", en="First", extra=""):
    return textwrap.dedent(
        f"""
        [[steps.checklist]]
        key = "{key}"
        text.de = "{de}"
        text.en = "{en}"
        {extra}
        """
    )


def step(key="one", items=None, extra=""):
    body = "".join(items if items is not None else [item()])
    return (
        textwrap.dedent(
            f"""
            [[steps]]
            key = "{key}"
            title.de = "Schritt {key}"
            title.en = "Step {key}"
            summary.de = "Kurz"
            summary.en = "Short"
            guide.de = "Anleitung"
            guide.en = "Guide"
            {extra}
            """
        )
        + body
    )


def package_toml(*steps, key="testpaket", version=1, header_extra=""):
    head = textwrap.dedent(
        f"""
        key = "{key}"
        version = {version}
        order = 9
        title.de = "Testpaket"
        title.en = "Test package"
        summary.de = "Zusammenfassung"
        summary.en = "Summary"
        {header_extra}
        """
    )
    return head + "".join(steps or [step()])


def write(directory: Path, text: str, name: str = "testpaket.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def parse_error(tmp_path, text) -> str:
    with pytest.raises(ContentError) as info:
        parse_package(write(tmp_path, text))
    return str(info.value)


def test_a_valid_file_parses(tmp_path):
    package = parse_package(write(tmp_path, package_toml()))
    assert package.key == "testpaket"
    assert package.steps[0].items[0].text.en == "First"


def test_it_names_a_missing_english_text(tmp_path):
    message = parse_error(tmp_path, package_toml(step(items=[item(key="lonely", en="")])))
    assert "testpaket.toml, step 1 (one), checklist item 1" in message
    assert "text.en" in message


def test_it_names_a_missing_english_step_title(tmp_path):
    text = package_toml(step(), step(key="two")).replace('title.en = "Step two"\n', "")
    message = parse_error(tmp_path, text)
    assert "testpaket.toml, step 2" in message and "title" in message


def test_it_names_duplicate_step_keys(tmp_path):
    message = parse_error(tmp_path, package_toml(step(key="same"), step(key="same")))
    assert "testpaket.toml, step 2" in message and "same" in message


def test_it_names_duplicate_item_keys(tmp_path):
    message = parse_error(tmp_path, package_toml(step(items=[item(), item()])))
    assert "checklist item 2" in message and "first" in message


@pytest.mark.parametrize("bad", ["Großes", "with space", "UPPER", "-lead", ""])
def test_it_names_a_bad_key(tmp_path, bad):
    message = parse_error(tmp_path, package_toml(step(items=[item(key=bad)])))
    assert "checklist item 1" in message and "'key'" in message


def test_it_rejects_a_url_that_is_not_https(tmp_path):
    resource = textwrap.dedent(
        """
        [[steps.resources]]
        title.de = "Seite"
        title.en = "Page"
        url = "http://example.org/"
        """
    )
    message = parse_error(tmp_path, package_toml(step() + resource))
    assert "resource 1" in message and "https://" in message


def test_it_reports_invalid_toml_with_the_file_name(tmp_path):
    message = parse_error(tmp_path, 'key = "testpaket"\nversion = = 2\n')
    assert message.startswith("testpaket.toml") and "TOML" in message


def test_it_needs_a_positive_version(tmp_path):
    assert "version" in parse_error(tmp_path, package_toml(version=0))


def test_it_needs_at_least_one_step(tmp_path):
    text = package_toml().split("[[steps]]")[0]
    assert "step" in parse_error(tmp_path, text)


def test_it_names_a_single_table_where_a_list_is_needed(tmp_path):
    text = package_toml().split("[[steps]]")[0] + '[steps]\nkey = "one"\n'
    message = parse_error(tmp_path, text)
    assert message.startswith("testpaket.toml") and "[[steps]]" in message


@pytest.mark.parametrize(
    "extra, where",
    [
        ('hint.de = 5\nhint.en = "x"', "checklist item 1"),
        ('text.fr = "x"\nrenamed_from = "old"', "renamed_from"),
    ],
)
def test_it_names_values_of_the_wrong_type(tmp_path, extra, where):
    message = parse_error(tmp_path, package_toml(step(items=[item(extra=extra)])))
    assert where in message


def test_it_names_a_non_numeric_order(tmp_path):
    text = package_toml().replace("order = 9", 'order = "neun"')
    assert "'order'" in parse_error(tmp_path, text)


def test_it_names_a_url_that_is_not_text(tmp_path):
    resource = '\n[[steps.resources]]\ntitle.de = "S"\ntitle.en = "P"\nurl = 5\n'
    assert "resource 1" in parse_error(tmp_path, package_toml(step() + resource))


def test_it_names_a_checklist_text_too_long_for_the_database(tmp_path):
    message = parse_error(tmp_path, package_toml(step(items=[item(en="x" * 301)])))
    assert "checklist item 1" in message and "300" in message


TOML_VALUES = st.recursive(
    st.one_of(
        st.integers(-5, 5).map(str),
        st.text(max_size=8).map(json.dumps),
        st.sampled_from(["true", "1.5", '"https://example.org/"', '"ok-key"']),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda vs: "[" + ", ".join(vs) + "]"),
        st.dictionaries(st.sampled_from(["de", "en", "key", "x"]), inner, max_size=3).map(
            lambda d: "{" + ", ".join(f"{k} = {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=5,
)
LINES = [
    line
    for line in package_toml(step(items=[item(extra='hint.de = "h"\nhint.en = "h"')])).splitlines()
    if " = " in line
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.sampled_from(LINES), value=TOML_VALUES)
def test_any_value_anywhere_parses_or_names_the_problem(tmp_path, line, value):
    """Whatever an author writes, the parser answers with content or a ContentError."""
    name = line.split(" = ")[0]
    text = package_toml(step(items=[item(extra='hint.de = "h"\nhint.en = "h"')]))
    text = text.replace(line, f"{name} = {value}", 1)
    try:
        parse_package(write(tmp_path, text))
    except ContentError as error:
        assert str(error).startswith("testpaket.toml")


def test_it_rejects_two_files_with_the_same_key(tmp_path):
    write(tmp_path, package_toml(), "a.toml")
    write(tmp_path, package_toml(), "b.toml")
    with pytest.raises(ContentError, match="same package key"):
        parse_directory(tmp_path)


def test_the_command_reports_content_errors(tmp_path, db):
    write(tmp_path, package_toml(version=0))
    with pytest.raises(CommandError, match="testpaket.toml"):
        call_command("load_packages", "--directory", str(tmp_path))


# Loading keeps teams' progress


@pytest.fixture
def team(db):
    user = make_user("c@example.org", "C")
    return team_create(user=user, name="T", municipality="T", federal_state="BE")


def load(tmp_path, text, **kwargs):
    write(tmp_path, text)
    return content_load(directory=tmp_path, **kwargs)


def tick(team, key: str, step_key: str | None = None) -> ItemProgress:
    items = ChecklistItem.objects.filter(step__package__key="testpaket", key=key)
    if step_key:
        items = items.filter(step__key=step_key)
    user = team.members.first()
    return item_set_done(team=team, item=items.get(), user=user, done=True)


def done_keys(team) -> set[tuple[str, str]]:
    """(step key, item key) of the active items the team has ticked."""
    return set(
        ItemProgress.objects.filter(
            team=team, done_at__isnull=False, item__archived=False, item__step__archived=False
        ).values_list("item__step__key", "item__key")
    )


def test_loading_creates_the_package_and_skips_an_unchanged_version(tmp_path, team):
    report = load(tmp_path, package_toml())
    assert report.created == ["testpaket"]
    Step.objects.filter(key="one").update(title_de="Im Admin geändert")
    report = load(tmp_path, package_toml())
    assert report.unchanged == ["testpaket"]
    assert Step.objects.get(key="one").title_de == "Im Admin geändert"
    report = content_load(directory=tmp_path, force=True)
    assert report.updated == ["testpaket"]
    assert Step.objects.get(key="one").title_de == "Schritt one"


def test_a_new_version_with_reordered_items_keeps_progress(tmp_path, team):
    load(tmp_path, package_toml(step(items=[item("a"), item("b"), item("c")])))
    package_adopt(team=team, package=Package.objects.get(key="testpaket"), user=None)
    tick(team, "b")
    load(tmp_path, package_toml(step(items=[item("c"), item("b"), item("a")]), version=2))
    assert done_keys(team) == {("one", "b")}
    assert list(Step.objects.get(key="one").items.values_list("key", flat=True)) == ["c", "b", "a"]


def test_reordered_steps_keep_progress(tmp_path, team):
    load(tmp_path, package_toml(step("one", [item("x")]), step("two", [item("y")])))
    tick(team, "y")
    load(tmp_path, package_toml(step("two", [item("y")]), step("one", [item("x")]), version=2))
    assert done_keys(team) == {("two", "y")}
    assert Step.objects.get(key="two").order == 1


def test_a_renamed_item_keeps_its_progress(tmp_path, team):
    load(tmp_path, package_toml(step(items=[item("old-name")])))
    tick(team, "old-name")
    renamed = item("new-name", extra='renamed_from = ["old-name"]')
    load(tmp_path, package_toml(step(items=[renamed]), version=2))
    assert done_keys(team) == {("one", "new-name")}
    assert ChecklistItem.objects.filter(key="old-name").count() == 0


def test_a_renamed_step_keeps_its_progress(tmp_path, team):
    load(tmp_path, package_toml(step("before", [item("x")])))
    tick(team, "x")
    load(
        tmp_path,
        package_toml(step("after", [item("x")], extra='renamed_from = ["before"]'), version=2),
    )
    assert done_keys(team) == {("after", "x")}


def test_an_item_moved_to_another_step_keeps_its_progress(tmp_path, team):
    load(tmp_path, package_toml(step("one", [item("x"), item("moving")]), step("two", [item("y")])))
    tick(team, "moving")
    load(
        tmp_path,
        package_toml(step("one", [item("x")]), step("two", [item("y"), item("moving")]), version=2),
    )
    assert done_keys(team) == {("two", "moving")}


def test_the_same_item_key_in_two_steps_stays_in_both(tmp_path, team):
    """Keys are unique per step: a new item in step two must not take step one's item."""
    load(tmp_path, package_toml(step("one", [item("protocol")]), step("two", [item("y")])))
    tick(team, "protocol", "one")
    load(
        tmp_path,
        package_toml(
            step("one", [item("protocol")]), step("two", [item("y"), item("protocol")]), version=2
        ),
    )
    keys = set(
        ChecklistItem.objects.filter(archived=False, step__package__key="testpaket").values_list(
            "step__key", "key"
        )
    )
    assert keys == {("one", "protocol"), ("two", "y"), ("two", "protocol")}
    assert done_keys(team) == {("one", "protocol")}


def test_a_removed_item_is_archived_and_comes_back_with_its_progress(tmp_path, team):
    load(tmp_path, package_toml(step(items=[item("keep"), item("gone")])))
    package = Package.objects.get(key="testpaket")
    package_adopt(team=team, package=package, user=None)
    tick(team, "gone")
    tick(team, "keep")
    load(tmp_path, package_toml(step(items=[item("keep")]), version=2))
    gone = ChecklistItem.objects.get(key="gone")
    assert gone.archived
    assert ItemProgress.objects.filter(team=team, item=gone).exists()
    assert [i.key for i, _p in step_items(team, gone.step)] == ["keep"]
    [progress] = team_package_progress(team, adopted_only=True)
    assert (progress.done, progress.total) == (1, 1)

    load(tmp_path, package_toml(step(items=[item("keep"), item("gone")]), version=3))
    assert done_keys(team) == {("one", "keep"), ("one", "gone")}


def test_a_removed_step_is_archived_and_restored(tmp_path, team):
    load(tmp_path, package_toml(step("one", [item("x")]), step("two", [item("y")])))
    tick(team, "y")
    load(tmp_path, package_toml(step("one", [item("x")]), version=2))
    assert Step.objects.get(key="two").archived
    assert done_keys(team) == set()
    load(tmp_path, package_toml(step("one", [item("x")]), step("two", [item("y")]), version=3))
    assert done_keys(team) == {("two", "y")}


def test_the_command_loads_and_reports(tmp_path, db, capsys):
    write(tmp_path, package_toml())
    call_command("load_packages", "--directory", str(tmp_path))
    call_command("load_packages", "--directory", str(tmp_path))
    out = capsys.readouterr().out
    assert "created: testpaket" in out and "unchanged: testpaket" in out
