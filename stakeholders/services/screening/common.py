"""What the screening services share."""

from datetime import date

from django.utils import timezone

from platforms.models import Platform
from stakeholders.models import ScreeningDecision

CLEARANCES = (ScreeningDecision.CLEARED, ScreeningDecision.CLEARED_WITH_CONDITIONS)


def actor_id(actor) -> int | None:
    return getattr(actor, "pk", None)


def platform_today(platform: Platform) -> date:
    """Today where the platform is: renewal dates are the platform's calendar days."""
    return timezone.localdate(timezone=platform.tzinfo)
