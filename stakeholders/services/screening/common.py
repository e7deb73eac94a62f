"""What the screening services share."""

from stakeholders.models import ScreeningDecision

CLEARANCES = (ScreeningDecision.CLEARED, ScreeningDecision.CLEARED_WITH_CONDITIONS)


def actor_id(actor) -> int | None:
    return getattr(actor, "pk", None)
