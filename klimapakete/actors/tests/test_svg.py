"""The network drawing built in Python (actors.analysis.svg): whatever the names, the SVG
is well-formed, escapes them, and holds every actor exactly once with its title."""

import xml.etree.ElementTree as ET

from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.actors.analysis import svg
from klimapakete.actors.analysis.charts import NetworkEdge, NetworkGraph, NetworkNode
from klimapakete.actors.analysis.mapdata import MapActor, MapSector

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NS = ""  # inline SVG in HTML: no namespace declared

# Any text a user may type (XML cannot hold control characters or lone surrogates).
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
) | st.sampled_from(["<script>alert(1)</script>", '" onmouseover="x', "&amp; O'Brien", "]]>"])
coordinates = st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def graphs(draw):
    count = draw(st.integers(0, 12))
    sectors = [None, MapSector(1, draw(names), "#1b6ca8", 0)]
    nodes = []
    for i in range(count):
        sector = draw(st.sampled_from(sectors))
        power = draw(st.integers(1, 5))
        actor = MapActor(
            id=10 + i,
            name=draw(names),
            kind="person",
            sector_id=sector.id if sector else None,
            stance=0,
            power=power,
            ease=3,
            ladder="identified",
            is_team_contact=False,
            recruit_rank=None,
            sector=sector,
        )
        x, y = draw(coordinates), draw(coordinates)
        nodes.append(
            NetworkNode(actor, sector, actor.colour, x, y, 5 + 2.5 * power, draw(st.booleans()))
        )
    edges = []
    if count >= 2:
        for _ in range(draw(st.integers(0, count))):
            a, b = draw(
                st.lists(
                    st.sampled_from(nodes), min_size=2, max_size=2, unique_by=lambda n: n.actor.id
                )
            )
            edges.append(
                NetworkEdge(
                    a.actor.id,
                    b.actor.id,
                    "knows",
                    draw(st.integers(1, 3)),
                    draw(st.booleans()),
                    a.x,
                    a.y,
                    b.x,
                    b.y,
                )
            )
    ego = draw(st.sampled_from(nodes)).actor if nodes and draw(st.booleans()) else None
    return NetworkGraph(nodes=nodes, edges=edges, total=count, matching=count, ego=ego)


def url(actor_id: int) -> str:
    return f"/t/team/actors/{actor_id}/"


@SETTINGS
@given(graphs())
def test_the_drawing_holds_every_actor_once_with_its_name_escaped(graph):
    with translation.override("en"):
        drawing = svg.network_svg(graph, url)
    root = ET.fromstring(drawing)  # well-formed: no name broke out of its text or attribute
    links = root.findall(f"{NS}g[@class='node']/{NS}a")
    assert [a.get("href") for a in links] == [url(n.actor.id) for n in graph.nodes]
    for link, node in zip(links, graph.nodes, strict=True):
        title = link.find(f"{NS}title").text
        sector = node.sector.name if node.sector else "no sector"
        assert title == f"{node.actor.name} — {sector}, power {node.actor.power}"
        assert (link.get("class") == "ego") == (
            graph.ego is not None and graph.ego.id == node.actor.id
        )
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert labels == [svg.label(n.actor.name) for n in graph.nodes if n.label]
    assert all(len(text) <= svg.LABEL_CHARS for text in labels)
    lines = root.findall(f"{NS}g/{NS}line")
    assert len(lines) == len(graph.edges)
    assert sum(line.get("marker-end") is not None for line in lines) == sum(
        e.directed for e in graph.edges
    )


def test_a_hostile_name_is_text_not_markup():
    sector = MapSector(1, "<b>Sector</b>", "#1b6ca8", 0)
    actor = MapActor(
        7, '<img src=x onerror="alert(1)">', "person", 1, 0, 3, 3, "identified", False, None, sector
    )
    node = NetworkNode(actor, sector, actor.colour, 10.0, 20.0, 12.5, True)
    drawing = svg.network_svg(NetworkGraph([node], [], 1, 1, None), url)
    assert "<img" not in drawing and "<b>" not in drawing
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in drawing
