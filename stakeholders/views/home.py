"""The stakeholders cards on the platform home page (registered in stakeholders.apps)."""

from datetime import timedelta

from stakeholders.selectors.registry import registry_summary
from stakeholders.selectors.representatives import organisation_represented

RENEWAL_WINDOW = timedelta(days=60)  # as the renewals page's default


def registry_card(request) -> dict:
    """Organisations by sector (drawn as bars) and where screening stands."""
    today = request.platform.today()
    summary = registry_summary(platform=request.platform, today=today, soon=today + RENEWAL_WINDOW)
    # The longest bar takes 85% of the row, leaving room for its number on the same line.
    widest = max((count for _, _, count in summary["sectors"]), default=0) or 1
    summary["bars"] = [
        {"value": value, "label": label, "count": count, "percent": round(count * 85 / widest)}
        for value, label, count in summary["sectors"]
    ]
    return summary


def own_organisation_card(request) -> dict:
    """For a partner representative: the organisation it speaks for."""
    return {
        "organisation": organisation_represented(
            platform=request.platform, membership=request.membership
        )
    }
