"""Template helpers for stakeholders: {% load stakeholders %}."""

from django import template
from django.utils import timezone

from stakeholders.models import NOT_SCREENED, ScreeningDecision

register = template.Library()

BADGE_CLASS = {
    NOT_SCREENED: "",
    ScreeningDecision.PENDING: "badge-pending",
    ScreeningDecision.CLEARED: "badge-success",
    ScreeningDecision.CLEARED_WITH_CONDITIONS: "badge-warning",
    ScreeningDecision.DECLINED: "badge-danger",
}


def screening_state(organisation) -> tuple[str, str]:
    """(label, badge class) of an organisation's current screening, "expired" included.

    Dates compare in the active time zone: the middleware activated the platform's."""
    if organisation.screening_expired(timezone.localdate()):
        return "Screening expired", "badge-expired"
    return organisation.get_screening_status_display(), BADGE_CLASS.get(
        organisation.screening_status, ""
    )


@register.inclusion_tag("stakeholders/partials/screening_badge.html")
def screening_badge(organisation):
    """{% screening_badge organisation %}: the current screening status as a badge."""
    label, css = screening_state(organisation)
    return {"label": label, "css": css, "renew_by": organisation.screening_renew_by}


@register.filter
def follow_up_state(interaction, today) -> str:
    """{{ interaction|follow_up_state:today }}: see Interaction.follow_up_state."""
    return interaction.follow_up_state(today)
