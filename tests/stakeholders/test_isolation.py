"""Every stakeholders page, asked with another platform's objects, answers 404 and
writes nothing: through the member's own platform's address (B's ids under /p/alpha/)
and through the other platform's address (/p/beta/, where A's admin is no member).

The list of pages comes from the URL configuration, so a page added later without an
entry here fails ``test_every_stakeholders_page_is_covered``.
"""

import pytest
from django.urls import URLPattern, reverse

from platforms.models import AuditEvent, Role
from platforms.tenancy import unscoped
from stakeholders.models import ImportStatus, OrganisationImport
from stakeholders.urls import urlpatterns as stakeholder_urls
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    PositionFactory,
    ScreeningCriterionFactory,
    ScreeningFactory,
)


def names(patterns) -> set[str]:
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            found.add(pattern.name)
        else:
            found |= names(pattern.url_patterns)
    return found


@pytest.fixture
def b_objects(world):
    """One of everything, on platform B."""
    platform = world.b.platform
    contact = ContactFactory(organisation__platform=platform)
    organisation = contact.organisation
    position = PositionFactory(map__platform=platform, organisation=organisation)
    with unscoped():
        organisation_import = OrganisationImport.objects.create(
            platform=platform, filename="b.csv", status=ImportStatus.READY
        )
    return {
        "organisation": organisation,
        "contact": contact,
        "criterion": ScreeningCriterionFactory(platform=platform),
        "screening": ScreeningFactory(organisation=organisation),
        "map": position.map,
        "position": position,
        "interaction": InteractionFactory(organisation=organisation, follow_up_on="2026-01-01"),
        "import": organisation_import,
    }


# URL name → the kwargs, from B's objects. Pages without ids are checked through B's
# address only (A's admin is not a member there).
PAGES = {
    "organisation_list": lambda o: {},
    "organisation_create": lambda o: {},
    "organisation_export": lambda o: {},
    "organisation_detail": lambda o: {"public_id": o["organisation"].public_id},
    "organisation_edit": lambda o: {"public_id": o["organisation"].public_id},
    "organisation_archive": lambda o: {"public_id": o["organisation"].public_id},
    "organisation_restore": lambda o: {"public_id": o["organisation"].public_id},
    "contact_create": lambda o: {"public_id": o["organisation"].public_id},
    "contact_edit": lambda o: {
        "public_id": o["organisation"].public_id,
        "contact_id": o["contact"].public_id,
    },
    "contact_delete": lambda o: {
        "public_id": o["organisation"].public_id,
        "contact_id": o["contact"].public_id,
    },
    "contact_invite": lambda o: {
        "public_id": o["organisation"].public_id,
        "contact_id": o["contact"].public_id,
    },
    "criterion_list": lambda o: {},
    "criterion_create": lambda o: {},
    "criterion_defaults": lambda o: {},
    "criterion_edit": lambda o: {"public_id": o["criterion"].public_id},
    "screening_renewals": lambda o: {},
    "screening_history": lambda o: {"public_id": o["organisation"].public_id},
    "screening_create": lambda o: {"public_id": o["organisation"].public_id},
    "screening_detail": lambda o: {"public_id": o["screening"].public_id},
    "screening_edit": lambda o: {"public_id": o["screening"].public_id},
    "map_list": lambda o: {},
    "map_create": lambda o: {},
    "map_compare": lambda o: {},
    "map_detail": lambda o: {"public_id": o["map"].public_id},
    "map_edit": lambda o: {"public_id": o["map"].public_id},
    "map_chart": lambda o: {"public_id": o["map"].public_id},
    "map_copy": lambda o: {"public_id": o["map"].public_id},
    "position_table": lambda o: {"public_id": o["map"].public_id},
    "position_create": lambda o: {"public_id": o["map"].public_id},
    "position_edit": lambda o: {
        "public_id": o["map"].public_id,
        "position_id": o["position"].public_id,
    },
    "position_delete": lambda o: {
        "public_id": o["map"].public_id,
        "position_id": o["position"].public_id,
    },
    "interaction_list": lambda o: {},
    "interaction_create": lambda o: {"public_id": o["organisation"].public_id},
    "interaction_edit": lambda o: {"public_id": o["interaction"].public_id},
    "interaction_follow_up_done": lambda o: {"public_id": o["interaction"].public_id},
    "import_create": lambda o: {},
    "import_template": lambda o: {},
    "import_list": lambda o: {},
    "import_detail": lambda o: {"public_id": o["import"].public_id},
    "import_confirm": lambda o: {"public_id": o["import"].public_id},
}


def test_every_stakeholders_page_is_covered():
    assert names(stakeholder_urls) == set(PAGES)


def audit_count() -> int:
    with unscoped():
        return AuditEvent.objects.count()


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_platforms_objects_are_404_and_untouched(world, login, b_objects, name, method):
    kwargs = PAGES[name](b_objects)
    client = login(world.a.admin)  # the most powerful role on A
    before = audit_count()
    addresses = [reverse(name, kwargs={"platform_slug": world.b.platform.slug, **kwargs})]
    if kwargs:  # B's ids under A's own address
        addresses.append(reverse(name, kwargs={"platform_slug": world.a.platform.slug, **kwargs}))
    for address in addresses:
        response = getattr(client, method)(
            address, {"organisation": b_objects["organisation"].public_id}
        )
        # A page that takes only POST (or only GET) answers 405 to the other method before
        # it looks anything up: that says nothing about B's objects. Anything else is 404.
        assert response.status_code in (404, 405), (address, response.status_code)
        if response.status_code == 405:
            assert getattr(client, "post" if method == "get" else "get")(address).status_code == 404
    assert audit_count() == before  # nothing written anywhere


def test_the_admin_of_a_really_is_an_admin_there(world, login):
    # The 404s above mean "not yours", not "not allowed": A's admin reaches A's pages.
    assert world.a.admin.role == Role.PLATFORM_ADMIN
    response = login(world.a.admin).get(reverse("organisation_list", args=[world.a.platform.slug]))
    assert response.status_code == 200
