"""The pure composition of the Kompass: defaults from the team's data, order, cut lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete.kompass.content import (
    BLOCKS,
    UNLIMITED,
    Limits,
    Milestone,
    SectorData,
    TeamData,
    block_texts,
    compose,
    decision_lines,
    defaults,
    layout_normalise,
    shorten,
)
from klimapakete.kompass.content import Words as _Words


def more(n, kind):
    return {"sectors": f"and {n} more sectors", "organisations": f"and {n} more organisations"}.get(
        kind, f"and {n} more"
    )


WORDS = _Words(
    headings={key: key.title() for key in BLOCKS},
    headline="{town} on the way",
    headline_year="{town} climate-neutral by {year}",
    tagline="The alliance of {town}",
    goal_missing="Goal follows.",
    goal_missing_kickoff="Goal follows on {date}.",
    kickoff_planned="Kick-off on {date}",
    kickoff_held="Since the kick-off on {date}",
    kickoff_station="Kick-off",
    working_default="Kick-off, then a round table.",
    sectors_intro="Everyone in {town}.",
    milestones_intro="Next:",
    ask_intro="Join us.",
    contact="{team}",
    contact_url="{team}\n{url}",
    more=more,
    asks={"Schools": "Bring the pupils."},
)

DATA = TeamData(
    team_name="LocalZero Teststadt",
    municipality="Teststadt",
    target_year=2040,
    goal="Teststadt is climate-neutral by 2040.",
    decisions="## Decided\n- A climate council\n* **Heat** plan by autumn\n\nSome remark",
    kickoff="8 May 2026",
    rhythms=("Round table: every month",),
    sectors=(
        SectorData(1, "Business", "#1b6ca8", ("Stadtwerke", "Bakery")),
        SectorData(2, "Schools", "#b5451b", ()),
    ),
    milestones=(Milestone("Heat questions", "1 June 2026"), Milestone("Motion", "")),
    public_url="https://example.org/allianz/teststadt/",
)


def test_defaults_come_from_the_teams_data():
    texts = defaults(DATA, WORDS)
    assert texts["headline"] == "Teststadt climate-neutral by 2040"
    assert texts["goal"] == "Teststadt is climate-neutral by 2040."
    assert texts["decisions"] == "A climate council\nHeat plan by autumn"
    assert texts["working"] == "Kick-off on 8 May 2026\nRound table: every month"
    assert texts["contact"] == "LocalZero Teststadt\nhttps://example.org/allianz/teststadt/"


def test_without_a_target_year_the_headline_names_no_year():
    data = TeamData(team_name="T", municipality="Teststadt")
    assert defaults(data, WORDS)["headline"] == "Teststadt on the way"


def test_the_teams_own_texts_win_and_empty_ones_follow_the_data():
    content = compose(DATA, WORDS, texts={"headline": "Our own words", "goal": "  "})
    assert content["headline"] == "Our own words"
    goal = content["blocks"][0]
    assert goal["key"] == "goal" and goal["text"] == DATA.goal


def test_no_goal_yet_says_when_it_will_be_agreed():
    data = TeamData(team_name="T", municipality="Teststadt", kickoff="8 May 2026")
    goal = compose(data, WORDS)["blocks"][0]
    assert goal["text"] == "" and goal["missing"] == "Goal follows on 8 May 2026."


def test_a_coming_kick_off_is_the_first_milestone():
    milestones = next(b for b in compose(DATA, WORDS)["blocks"] if b["key"] == "milestones")
    assert milestones["items"][0] == {"title": "Kick-off", "due": "8 May 2026"}
    later = TeamData(**{**DATA.__dict__, "kickoff_index": 1})
    items = next(b for b in compose(later, WORDS)["blocks"] if b["key"] == "milestones")["items"]
    assert [i["title"] for i in items] == ["Heat questions", "Kick-off", "Motion"]
    held = TeamData(team_name="T", municipality="M", kickoff="1 May 2020", kickoff_past=True)
    assert (
        next(b for b in compose(held, WORDS)["blocks"] if b["key"] == "milestones")["items"] == []
    )


def test_hidden_blocks_are_left_out_and_the_order_is_the_teams():
    layout = [{"key": "contact"}, {"key": "goal", "visible": False}, {"key": "ask"}]
    keys = [b["key"] for b in compose(DATA, WORDS, layout=layout)["blocks"]]
    assert keys == ["contact", "ask", "sectors", "working", "milestones"]


def test_hiding_the_sectors_empties_the_designs_graphic():
    layout = [{"key": "sectors", "visible": False}]
    assert compose(DATA, WORDS, layout=layout)["wheel"] == []
    assert [s["name"] for s in compose(DATA, WORDS)["wheel"]] == ["Business", "Schools"]


def test_asks_per_sector_from_the_team_or_the_suggestion():
    blocks = compose(DATA, WORDS, asks={"1": "Invest."})["blocks"]
    ask = next(b for b in blocks if b["key"] == "ask")
    assert [(i["sector"], i["text"]) for i in ask["items"]] == [
        ("Business", "Invest."),
        ("Schools", "Bring the pupils."),
    ]


def test_a_page_shows_only_some_text_blocks_but_always_graphic_and_contact():
    limits = Limits(blocks=1, graphic="milestones")
    keys = [b["key"] for b in compose(DATA, WORDS, limits=limits)["blocks"]]
    assert keys == ["goal", "milestones", "contact"]


def test_two_hundred_organisations_degrade_to_and_more():
    names = tuple(f"Organisation {n}" for n in range(200))
    sector = SectorData(1, "All", "#000000", names)
    data = TeamData(team_name="T", municipality="M", sectors=(sector,))
    sectors = compose(data, WORDS, limits=Limits(organisations=30, organisations_per_sector=30))
    block = next(b for b in sectors["blocks"] if b["key"] == "sectors")
    assert block["sectors"][0]["more_label"] == "and 170 more organisations"
    assert block["organisations"] == 200


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=250), max_size=40),
    limits=st.builds(
        Limits,
        sectors=st.integers(1, 15),
        organisations=st.integers(1, 60),
        organisations_per_sector=st.integers(1, 10),
    ),
)
def test_cut_lists_never_exceed_the_room_and_count_what_they_leave_out(sizes, limits):
    data = TeamData(
        team_name="T",
        municipality="M",
        sectors=tuple(
            SectorData(i, f"S{i}", "#000000", tuple(f"O{i}-{j}" for j in range(n)))
            for i, n in enumerate(sizes)
        ),
    )
    block = next(b for b in compose(data, WORDS, limits=limits)["blocks"] if b["key"] == "sectors")
    shown = block["sectors"]
    assert len(shown) == min(len(sizes), limits.sectors)
    assert block["more"] == len(sizes) - len(shown)
    assert bool(block["more_label"]) == (block["more"] > 0)
    assert sum(len(s["organisations"]) for s in shown) <= limits.organisations
    for sector, size in zip(shown, sizes, strict=False):
        assert len(sector["organisations"]) <= limits.organisations_per_sector
        assert len(sector["organisations"]) + sector["more"] == size
    # Room is shared evenly: no sector shows two more names than another that has more.
    counts = [len(s["organisations"]) for s in shown]
    for a, size_a in zip(counts, sizes, strict=False):
        for b in counts:
            assert a >= b - 1 or a == min(size_a, limits.organisations_per_sector)


def test_a_limit_of_zero_means_the_page_does_not_show_that_list():
    limits = Limits(organisations=0, decisions=0, milestones=0)
    content = compose(DATA, WORDS, limits=limits)
    blocks = {b["key"]: b for b in content["blocks"]}
    assert all(not s["organisations"] and not s["more_label"] for s in blocks["sectors"]["sectors"])
    assert blocks["goal"]["items"] == [] and blocks["goal"]["more_label"] == ""
    assert blocks["milestones"]["items"] == [] and blocks["milestones"]["more_label"] == ""


@given(st.lists(st.fixed_dictionaries({"key": st.sampled_from([*BLOCKS, "x"])}), max_size=12))
def test_a_layout_always_holds_every_block_once(layout):
    keys = [entry["key"] for entry in layout_normalise(layout)]
    assert sorted(keys) == sorted(BLOCKS)
    known = list(dict.fromkeys(e["key"] for e in layout if e["key"] in BLOCKS))
    assert keys[: len(known)] == known


def test_decision_lines_take_the_list_items_of_markdown():
    assert decision_lines("1. First\n2) Second\n- Third") == ["First", "Second", "Third"]
    assert decision_lines("Just a line\n\n# Heading\nAnother") == ["Just a line", "Another"]


def test_long_names_are_shortened_at_a_word():
    assert shorten("a" * 10, 20) == "a" * 10
    cut = shorten("word " * 40, 30)
    assert len(cut) <= 30 and cut.endswith("…") and "wor…" not in cut


def test_block_texts_lists_what_a_reader_should_find():
    found = block_texts(compose(DATA, WORDS, limits=UNLIMITED))
    assert "Stadtwerke" in found["sectors"] and "Heat questions" in found["milestones"]
    assert found["header"][0] == "Teststadt climate-neutral by 2040"
