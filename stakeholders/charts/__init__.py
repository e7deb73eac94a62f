"""Server-side SVG charts of stakeholder maps: pure functions of the positions, no database,
so pages, downloads and PDFs draw the same picture."""

from .compare import compare_svg
from .map import map_svg

__all__ = ["compare_svg", "map_svg"]
