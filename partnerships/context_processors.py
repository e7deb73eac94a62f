from functools import cache
from importlib import import_module


def _names(module: str, prefix: str = "") -> frozenset[str]:
    patterns = import_module(f"partnerships.urls.{module}").urlpatterns
    return frozenset(p.name for p in patterns if p.name and p.name.startswith(prefix))


@cache
def _tabs() -> dict[str, frozenset[str]]:
    # Which pages sit beneath which tab of a partnership, read from the urls modules so
    # the tabs need no list kept in step by hand.
    return {
        "partners": _names("partners"),
        "work_plan": _names("workplan", "objective") | _names("workplan", "activity"),
        "resources": _names("workplan", "resource"),
        "commitments": _names("workplan", "commitment"),
        "governance": _names("governance"),
        "health": _names("health"),
        "registers": _names("registers"),
    }


@cache
def _all() -> frozenset[str]:
    from partnerships.urls import AREAS

    # Pages of one partnership (under "Partnerships" in the navigation); the platform's
    # agreement templates have their own item.
    pages = frozenset().union(*(_names(area) for area in AREAS))
    return frozenset(name for name in pages if not name.startswith("agreement_template"))


def partnership_pages(request):
    return {"partnership_tabs": _tabs(), "partnership_pages": _all()}
