"""Template helpers for the web UI's frame."""

from django import template

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


@register.filter
def words(code: str) -> str:
    """A machine name as words: "invitation_email" → "Invitation email"."""
    text = str(code).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
