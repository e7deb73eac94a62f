"""Server-side SVG charts of partnerships: pure functions of numbers already fetched, no
database, drawn with stakeholders.charts' shared parts (the SVG's opening with its title
and description, escaping, colours) so every chart of the product looks alike."""

from .bars import Bar, bar_chart_svg
from .power import seats_by_sector_svg

__all__ = ["Bar", "bar_chart_svg", "seats_by_sector_svg"]
