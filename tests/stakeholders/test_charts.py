"""The stakeholder map charts: pure functions, so they are tested without the database."""

import itertools
import math
import random
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from stakeholders.charts import compare_svg, map_svg
from stakeholders.charts._frame import (
    MARKER_R,
    PLOT_BOTTOM,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    x_of,
    y_of,
)
from stakeholders.models import Attitude, Position, Strategy, strategy_for

SVG = "{http://www.w3.org/2000/svg}"
ATTITUDES = list(Attitude.values)
CELL = x_of(1) - x_of(0)  # the distance between neighbouring scores


def position(name="Farmers' union", interest=5, influence=5, attitude="neutral", primary=False):
    return Position(
        label=name, interest=interest, influence=influence, attitude=attitude, is_primary=primary
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def groups(root: ET.Element, css: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == css]


def number_label(group: ET.Element) -> ET.Element:
    return next(t for t in group.iter(f"{SVG}text") if (t.text or "").isdigit())


@pytest.mark.parametrize(
    ("interest", "influence", "strategy"),
    [
        (5, 5, Strategy.MANAGE_CLOSELY),
        (4, 5, Strategy.KEEP_SATISFIED),
        (5, 4, Strategy.KEEP_INFORMED),
        (4, 4, Strategy.MONITOR),
        (10, 10, Strategy.MANAGE_CLOSELY),
        (0, 10, Strategy.KEEP_SATISFIED),
        (10, 0, Strategy.KEEP_INFORMED),
        (0, 0, Strategy.MONITOR),
    ],
)
def test_strategy_follows_the_quadrant_with_five_counting_as_high(interest, influence, strategy):
    assert strategy_for(interest=interest, influence=influence) == strategy
    assert position(interest=interest, influence=influence).strategy == strategy


def test_chart_is_an_accessible_svg_with_axes_and_labelled_quadrants():
    svg = map_svg([position()], title="Food security, 2026")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 800 ")
    assert root.find(f"{SVG}title").text == "Food security, 2026"
    assert "1 stakeholder placed" in root.find(f"{SVG}desc").text
    labels = {t.text for t in root.iter(f"{SVG}text")}
    for quadrant in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert quadrant in labels
    assert {str(n) for n in range(11)} <= labels  # ticks 0–10
    assert "Interest in the issue →" in labels and "Influence over it →" in labels


def test_quadrant_labels_sit_in_their_corners():
    root = parse(map_svg([], title="Empty"))
    where = {t.text: (float(t.get("x")), float(t.get("y"))) for t in root.iter(f"{SVG}text")}
    manage, satisfied = where["Manage closely"], where["Keep satisfied"]
    informed, monitor = where["Keep informed"], where["Monitor"]
    assert manage[0] > satisfied[0] and manage[1] == satisfied[1]  # top: right vs left
    assert informed[0] > monitor[0] and informed[1] == monitor[1]  # bottom
    assert manage[1] < informed[1]  # SVG y grows downwards: top quadrants are higher


def test_an_empty_map_still_draws():
    root = parse(map_svg([], title="Nobody yet"))
    assert groups(root, "marker") == []
    assert "empty" in root.find(f"{SVG}desc").text


def test_names_are_escaped_and_the_chart_stays_xml():
    name = '<script>alert("x")</script> & Co'
    svg = map_svg([position(name=name)], title="<b>Title</b> & more")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<b>Title</b> & more"
    legend = groups(root, "legend-entry")[0]
    assert name in "".join(legend.itertext())


def test_attitude_is_told_by_shape_as_well_as_colour():
    svg = map_svg(
        [
            position("A", attitude=Attitude.SUPPORTIVE),
            position("B", attitude=Attitude.NEUTRAL),
            position("C", attitude=Attitude.OPPOSED),
        ],
        title="Shapes",
    )
    markers = groups(parse(svg), "marker")
    shapes = [
        [child.tag.removeprefix(SVG) for child in g if child.tag != f"{SVG}title"][0]
        for g in markers
    ]
    assert shapes == ["circle", "rect", "polygon"]
    fills = [
        [c.get("fill") for c in g if c.tag in {f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon"}][0]
        for g in markers
    ]
    assert len(set(fills)) == 3


def test_primary_stakeholders_get_a_ring():
    markers = groups(
        parse(map_svg([position("A", primary=True), position("B")], title="Ring")), "marker"
    )
    rings = [[c for c in g if c.tag == f"{SVG}circle" and c.get("fill") == "none"] for g in markers]
    assert [len(r) for r in rings] == [1, 0]


def centres(group: ET.Element) -> list[tuple[float, float]]:
    """Where a group's markers are: their numbers are drawn at their centres."""
    return [
        (float(t.get("x", "")), float(t.get("y", "")))
        for t in group.iter(f"{SVG}text")
        if (t.text or "").isdigit()
    ]


def assert_apart(spots: list[tuple[float, float]]) -> None:
    """No two markers overlap: every pair of centres is at least a marker's width apart,
    and every marker lies wholly inside the plot."""
    for (x1, y1), (x2, y2) in itertools.combinations(spots, 2):
        distance = math.hypot(x2 - x1, y2 - y1)
        assert distance >= 2 * MARKER_R, f"markers at {(x1, y1)} and {(x2, y2)} overlap"
    for x, y in spots:
        assert PLOT_LEFT + MARKER_R <= x <= PLOT_RIGHT - MARKER_R, (x, y)
        assert PLOT_TOP + MARKER_R <= y <= PLOT_BOTTOM - MARKER_R, (x, y)


def assert_readable(svg: str, count: int) -> list[tuple[float, float]]:
    root = parse(svg)
    markers = groups(root, "marker")
    assert len(markers) == count
    numbers = [number_label(g) for g in markers]
    assert sorted(int(t.text or "") for t in numbers) == list(range(1, count + 1))
    spots = [centres(g)[0] for g in markers]
    assert_apart(spots)
    legend = groups(root, "legend-entry")
    assert [int(g.get("data-number", "")) for g in legend] == list(range(1, count + 1))
    return spots


def test_sixty_stakeholders_on_one_score_are_fanned_out_and_listed():
    positions = [
        position(f"Stakeholder {n}", attitude=ATTITUDES[n % 3], primary=n % 5 == 0)
        for n in range(60)
    ]
    assert_readable(map_svg(positions, title="Crowded"), 60)


@pytest.mark.parametrize("corner", [(0, 0), (10, 10), (0, 10), (10, 0)])
def test_a_crowd_in_a_corner_stays_inside_the_chart(corner):
    positions = [position(f"S{n}", *corner) for n in range(60)]
    assert_readable(map_svg(positions, title="Corner"), 60)


def test_crowds_on_neighbouring_scores_do_not_overlap():
    positions = [
        position(f"S{score}-{n}", *score) for score in [(7, 8), (8, 8), (8, 7)] for n in range(6)
    ]
    spots = assert_readable(map_svg(positions, title="Neighbours"), 18)
    # Each crowd stays around its own score: its first marker sits right on it.
    assert spots[0] == (x_of(7), y_of(8))
    assert spots[6] == (x_of(8), y_of(8))
    assert spots[12] == (x_of(8), y_of(7))
    for index, spot in enumerate(spots):
        home = spots[index // 6 * 6]
        assert math.dist(spot, home) <= 3 * CELL, (index, spot, home)


def test_a_lone_marker_sits_exactly_on_its_score():
    spots = assert_readable(map_svg([position("A", 3, 6), position("B", 4, 6)], title="Two"), 2)
    assert spots == [(x_of(3), y_of(6)), (x_of(4), y_of(6))]


@pytest.mark.parametrize("seed", [7, 11, 2026])
def test_sixty_stakeholders_spread_out_are_all_numbered(seed):
    rng = random.Random(seed)
    positions = [
        position(f"Stakeholder {n}", rng.randint(0, 10), rng.randint(0, 10), ATTITUDES[n % 3])
        for n in range(60)
    ]
    assert_readable(map_svg(positions, title="Spread"), 60)


def test_sixty_stakeholders_in_a_small_area_do_not_overlap():
    rng = random.Random(3)
    positions = [position(f"S{n}", rng.randint(6, 8), rng.randint(6, 8)) for n in range(60)]
    assert_readable(map_svg(positions, title="Huddle"), 60)


def test_the_layout_is_the_same_every_time():
    rng = random.Random(5)
    positions = [position(f"S{n}", rng.randint(0, 3), rng.randint(0, 3)) for n in range(40)]
    assert map_svg(positions, title="Again") == map_svg(positions, title="Again")


def test_a_long_name_is_shortened_in_the_legend_but_kept_whole_in_its_tooltip():
    name = (
        "The National Federation of Smallholder Rice and Vegetable Farmers of the Eastern Province"
    )
    legend = groups(parse(map_svg([position(name)], title="Long")), "legend-entry")[0]
    text = next(t for t in legend.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    assert text.find(f"{SVG}title").text == name
    assert "…" in "".join(text.itertext())


def move(name, before=None, after=None):
    def place(scores):
        return position(name, *scores) if scores else None

    return SimpleNamespace(name=name, before=place(before), after=place(after))


def test_compare_chart_draws_an_arrow_for_each_move_only():
    moves = [
        move("Moved", (2, 2), (8, 8)),
        move("Still", (5, 5), (5, 5)),
        move("Joined", None, (3, 7)),
        move("Left <script>", (7, 3), None),
    ]
    svg = compare_svg(moves, title="Before & after")
    assert "<script>" not in svg
    root = parse(svg)
    entries = groups(root, "move")
    assert len(entries) == 4
    arrows = [[line for line in g.iter(f"{SVG}line") if line.get("marker-end")] for g in entries]
    assert [len(a) for a in arrows] == [1, 0, 0, 0]
    # The arrow runs towards the new place: up and right (SVG y grows downwards).
    line = arrows[0][0]
    assert float(line.get("x2")) > float(line.get("x1"))
    assert float(line.get("y2")) < float(line.get("y1"))
    legend = ["".join(g.itertext()) for g in groups(root, "legend-entry")]
    assert legend[0].endswith("2/2 → 8/8")
    assert legend[2].endswith("joined") and legend[3].endswith("left")
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Before & after"


def test_compare_chart_markers_never_overlap_except_a_stakeholder_who_stayed():
    rng = random.Random(9)
    moves = []
    for n in range(40):
        before = (rng.randint(6, 8), rng.randint(6, 8)) if n % 7 else None
        after = (rng.randint(6, 8), rng.randint(6, 8)) if n % 9 else None
        if n % 4 == 0 and before:
            after = before  # stayed put
        moves.append(move(f"S{n}", before, after))
    root = parse(compare_svg(moves, title="Crowded comparison"))
    entries = groups(root, "move")
    assert len(entries) == 40
    spots = []
    for entry, m in zip(entries, moves, strict=True):
        found = centres(entry)
        assert len(found) == (m.before is not None) + (m.after is not None)
        if (
            m.before
            and m.after
            and m.before.interest == m.after.interest
            and (m.before.influence == m.after.influence)
        ):
            assert found[0] == found[1]  # the same place, drawn once over the other
            found = found[:1]
        spots.extend(found)
    assert_apart(spots)
