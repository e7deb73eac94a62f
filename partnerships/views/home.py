"""The partnerships cards on the platform home page (registered in partnerships.apps).
Each runs a fixed number of queries however many partnerships the platform has."""

from partnerships.selectors import overview
from partnerships.selectors.access import partnership_visible
from partnerships.selectors.partnerships import goal_titles

TOP_GOALS = 5


def _bars(rows: list[tuple], widest: int) -> list[dict]:
    # The longest bar takes 85% of the row, leaving room for its number on the same line.
    widest = widest or 1
    return [
        {"value": value, "label": label, "count": count, "percent": round(count * 85 / widest)}
        for value, label, count in rows
    ]


def partnerships_card(request) -> dict:
    """Partnerships by stage (bars), by type and by their most served goals. Two queries."""
    summary = overview.partnership_summary(platform=request.platform)
    stages = summary["stages"]
    summary["stage_bars"] = _bars(stages, max((c for _, _, c in stages), default=0))
    titles = goal_titles()
    top = sorted(
        ((n, count) for n, count in summary["goals"].items() if count),
        key=lambda item: (-item[1], item[0]),
    )[:TOP_GOALS]
    summary["top_goals"] = [(n, titles.get(n, ""), count) for n, count in top]
    return summary


def overdue_commitments_card(request) -> dict:
    latest = overview.overdue_commitments(platform=request.platform, today=request.platform.today())
    return {"rows": latest.rows, "total": latest.total, "more": latest.more}


def health_alerts_card(request) -> dict:
    latest = overview.health_alerts(platform=request.platform)
    return {
        "rows": latest.rows,
        "total": latest.total,
        "more": latest.more,
        "average": overview.ALERT_AVERAGE,
        "spread": overview.ALERT_SPREAD,
    }


def your_partnerships_card(request) -> dict:
    """For a partner representative: the partnerships its organisation belongs to."""
    latest = overview.your_partnerships(
        partnerships=partnership_visible(platform=request.platform, membership=request.membership)
    )
    return {"rows": latest.rows, "total": latest.total, "more": latest.more}
