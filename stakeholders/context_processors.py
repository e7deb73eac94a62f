from functools import cache
from importlib import import_module

AREAS = ("organisations", "screening", "maps", "interactions", "imports")


@cache
def _pages() -> dict[str, frozenset[str]]:
    # Each area's URL names, read from its urls module: the navigation marks its item as
    # "current" on every page beneath it without a list to keep in step by hand.
    pages = {
        area: frozenset(
            p.name for p in import_module(f"stakeholders.urls.{area}").urlpatterns if p.name
        )
        for area in AREAS
    }
    # Imports live under the organisations item.
    return {**pages, "organisations": pages["organisations"] | pages.pop("imports")}


def stakeholder_pages(request):
    return {"stakeholder_pages": _pages()}
