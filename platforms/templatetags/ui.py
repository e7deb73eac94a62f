"""Template helpers for the web UI: its frame, and how people and jobs are named.

The naming helpers are plain functions too, so views and forms name things the same way.
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from platforms import jobs
from platforms.models.platform import hex_colour

register = template.Library()

DARK_TEXT = "#000000"  # pure black: then one of the two always reaches 4.5:1
LIGHT_TEXT = "#ffffff"
FALLBACK_BRAND = "#1f5f8b"


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2 defines it."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@register.filter
def brand_colour(colour: str) -> str:
    """The platform's colour if it is a valid #RRGGBB, else the default: it is written into
    a <style> element, so nothing else may pass."""
    try:
        hex_colour(colour)
    except Exception:
        return FALLBACK_BRAND
    return colour


@register.filter
def readable_on(colour: str) -> str:
    """White or black, whichever reads better on the colour (white when both reach
    the 4.5:1 contrast that WCAG AA asks of body text, for a calmer look)."""
    colour = brand_colour(colour)
    if contrast_ratio(colour, LIGHT_TEXT) >= 4.5:
        return LIGHT_TEXT
    return DARK_TEXT


SYSTEM = "System"  # who made a change no person made (a migration, a scheduled task)
FORMER_USER = "A former user"


@register.filter
def display_name(user, with_email: bool = False) -> str:
    """How the interface names a person: the full name, else the email address.

    ``with_email`` adds the address after a name, where two people may share one (the
    activity page). No user at all means the system acted.
    """
    if user is None:
        return SYSTEM
    name = user.get_full_name()
    if not name:
        return user.email
    return f"{name} ({user.email})" if with_email else name


def actor_name(event, with_email: bool = False) -> str:
    """Who made an audited change. The trail keeps actor ids without a constraint, so it
    outlives the accounts it names: an id with no user behind it is a former user."""
    if event.actor_id is None:
        return SYSTEM
    try:
        actor = event.actor  # None if select_related found no user, else a query that may fail
    except ObjectDoesNotExist:
        actor = None
    return FORMER_USER if actor is None else display_name(actor, with_email)


@register.filter
def job_label(kind: str) -> str:
    """What a kind of background job is called (its handler's label)."""
    return jobs.job_label(kind)
