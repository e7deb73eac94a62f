"""Every partnerships page, asked with another platform's objects, answers 404 and writes
nothing: B's objects under A's own address, and every page under B's address (where A's
admin is no member). The page list comes from the URL configuration: a page added later
without an entry here fails ``test_every_partnerships_page_is_covered``."""

import pytest
from django.urls import URLPattern, reverse

from partnerships.models import Divergence, HealthRound, Lesson, Risk, Seat
from partnerships.models.agreements import AgreementTemplate, AgreementVersion
from partnerships.services.agreement_templates import agreement_templates_seed
from partnerships.services.agreements import agreement_create
from partnerships.services.signing import signatory_add
from partnerships.urls import urlpatterns as partnership_urls
from platforms.models import AuditEvent
from platforms.tenancy import unscoped
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    GovernanceBodyFactory,
    HealthRoundFactory,
    PartnerFactory,
    ResourceFactory,
)


def names(patterns) -> set[str]:
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name:
                found.add(pattern.name)
        else:
            found |= names(pattern.url_patterns)
    return found


@pytest.fixture
def b(world):
    """One of everything, on platform B, in one partnership."""
    partner = PartnerFactory(partnership__platform=world.b.platform)
    partnership, platform = partner.partnership, world.b.platform
    activity = ActivityFactory(objective__partnership=partnership)
    body = GovernanceBodyFactory(partnership=partnership)
    health_round: HealthRound = HealthRoundFactory(partnership=partnership)
    with unscoped():
        Seat.objects.create(platform=platform, body=body, partner=partner)
        risk = Risk.objects.create(
            platform=platform,
            partnership=partnership,
            category="financial",
            description="Funding gap",
            likelihood=3,
            impact=4,
        )
        divergence = Divergence.objects.create(
            platform=platform, partnership=partnership, description="Pace"
        )
        lesson = Lesson.objects.create(platform=platform, partnership=partnership, text="Talk")
    agreement_templates_seed(platform=platform)
    with unscoped():
        template = AgreementTemplate.objects.filter(platform=platform).first()
    agreement = agreement_create(
        platform=platform, partnership=partnership, actor=None, title="B's", template=template
    )
    with unscoped():
        version = AgreementVersion.objects.select_related("agreement").get(
            agreement=agreement, number=1
        )
    signatory = signatory_add(
        platform=platform, actor=None, version=version, partner=partner, name="B signer"
    )
    return {
        "public_id": partnership.public_id,
        "partner_id": partner.public_id,
        "objective_id": activity.objective.public_id,
        "activity_id": activity.public_id,
        "resource_id": ResourceFactory(partner=partner).public_id,
        "commitment_id": CommitmentFactory(partner=partner).public_id,
        "risk_id": risk.public_id,
        "divergence_id": divergence.public_id,
        "lesson_id": lesson.public_id,
        "body_id": body.public_id,
        "round_id": health_round.public_id,
        "template_id": template.public_id,
        "number": 1,
        "agreement_id": agreement.public_id,
        "signatory_id": signatory.public_id,
    }


def kwargs_of(name: str) -> list[str]:
    from django.urls import get_resolver

    (possibility,) = get_resolver().reverse_dict.getlist(name)[:1]
    return [k for k in possibility[0][0][1] if k != "platform_slug"]


def test_every_partnerships_page_is_covered(world, b):
    # Each page's ids are among the objects the fixture makes.
    for name in names(partnership_urls):
        assert set(kwargs_of(name)) <= set(b), name


FOR_REPRESENTATIVES = {"health_respond", "health_my_rounds"}


def audit_count() -> int:
    with unscoped():
        return AuditEvent.objects.count()


@pytest.mark.parametrize("name", sorted(names(partnership_urls)))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_platforms_objects_are_404_and_untouched(world, login, b, name, method):
    kwargs = {key: b[key] for key in kwargs_of(name)}
    # The most powerful role on A; partner representatives for the pages only they use.
    client = login(world.a.partner if name in FOR_REPRESENTATIVES else world.a.admin)
    before = audit_count()
    addresses = [reverse(name, kwargs={"platform_slug": world.b.platform.slug, **kwargs})]
    if kwargs:  # B's ids under A's own address
        addresses.append(reverse(name, kwargs={"platform_slug": world.a.platform.slug, **kwargs}))
    for address in addresses:
        response = getattr(client, method)(address, {"title": "Taken", "note": "x"})
        # A page taking only POST (or GET) may answer 405 to the other method before it looks
        # anything up, which says nothing about B: then the other method must be 404.
        assert response.status_code in (404, 405), (address, response.status_code)
        if response.status_code == 405:
            other = "post" if method == "get" else "get"
            assert getattr(client, other)(address).status_code == 404, address
    assert audit_count() == before
