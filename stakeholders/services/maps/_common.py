"""What the map services share beyond stakeholders.services.common: tidying text."""

from stakeholders.services.common import actor_id, restored_if_refused

__all__ = ["actor_id", "restored_if_refused", "tidy"]


def tidy(text: str | None) -> str:
    return " ".join((text or "").split())
