"""The health-check charts: pure functions, tested without the database."""

import xml.etree.ElementTree as ET

from partnerships.charts.health import STYLES, Row, Series, _sx, spread_svg, trend_svg

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert('x')</script> & \"Partners\""


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def rows() -> list[Row]:
    return [
        Row("Value creation", (1, 3, 5), 3.0, 1.633, 1, 5),
        Row("Empowered partners", (4, 4, 4), 4.0, 0.0, 4, 4),
        Row("Compatible values", (), None, None, None, None),
    ]


def test_the_spread_chart_is_accessible_xml():
    root = parse(spread_svg(rows(), title="Q1: ratings", responses=3))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Q1: ratings"
    desc = root.find(f"{SVG}desc").text
    assert "Ratings from 3 partners" in desc
    assert "Value creation: average 3.0, from 1 to 5, standard deviation 1.63." in desc
    assert root.get("aria-labelledby") == "health-spread-title health-spread-desc"


def test_the_spread_chart_draws_a_dot_per_rating_given_with_its_count():
    root = parse(spread_svg(rows(), title="t", responses=3))
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "10"]
    # 1, 3, 5 for the first row; one dot holding "3" for the second.
    assert len(circles) == 4
    assert {float(c.get("cx")) for c in circles} == {_sx(1), _sx(3), _sx(5), _sx(4)}
    labels = texts(root)
    assert labels.count("3") >= 1
    assert "avg 3.0 · sd 1.63" in labels
    assert "No ratings yet" in labels


def test_the_spread_chart_escapes_labels_and_titles():
    svg = spread_svg([Row(EVIL, (2,), 2.0, 0.0, 2, 2)], title=EVIL, responses=1)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == EVIL
    assert EVIL[:30] in "".join(texts(root))


def test_the_trend_chart_has_a_line_a_marker_style_and_a_legend_entry_per_fundamental():
    series = [Series(f"F{i}", [1.0 + i * 0.5, None, 2.0]) for i in range(6)]
    root = parse(trend_svg(series, round_labels=["Q1", "Q2", "Q3"], title="Trend"))
    polylines = list(root.iter(f"{SVG}polyline"))
    assert len(polylines) == 6
    # Not told apart by colour alone: every line has its own dash pattern.
    dashes = {p.get("stroke-dasharray") for p in polylines}
    assert len(dashes) == 6
    assert len({kind for _, kind, _ in STYLES}) == 6
    # A round without responses leaves a gap: two points per line, not three.
    assert all(len(p.get("points").split()) == 2 for p in polylines)
    legend = texts(root)
    for i in range(6):
        assert f"F{i}" in legend
    assert {"Q1", "Q2", "Q3"} <= set(legend)
    assert "F0: 1.0, no responses, 2.0." in root.find(f"{SVG}desc").text


def test_the_trend_chart_escapes_round_titles_and_labels():
    svg = trend_svg([Series(EVIL, [2.0, 3.0])], round_labels=[EVIL, "<b>"], title=EVIL)
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == EVIL
    assert "<b>" in texts(root)
