"""What the tests of the work plan, resources and commitments share: addresses, a
partnership of platform A with partners and its broker assigned, a representative with
access, and snapshots that show a refusal wrote nothing."""

import datetime
from types import SimpleNamespace

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Activity, Commitment, Objective, Resource
from partnerships.services.access import broker_assign, partner_access_grant
from platforms.tenancy import tenant, unscoped
from tests.factories import PartnerFactory, PartnershipFactory, RepresentativeFactory


def url(name, side, partnership, *args) -> str:
    return reverse(name, args=[side.platform.slug, partnership.public_id, *args])


def assign(side, partnership, membership=None) -> None:
    with tenant(side.platform.pk):
        broker_assign(
            platform=side.platform, partnership=partnership, membership=membership or side.broker
        )


def give_access(side, partner) -> None:
    """Make the side's partner representative speak for the partner's organisation."""
    RepresentativeFactory(membership=side.partner, organisation=partner.organisation)
    with tenant(side.platform.pk):
        partner_access_grant(platform=side.platform, partner=partner)


def rows(model) -> list[tuple]:
    """Every row of the model as stored (all columns but the timestamps)."""
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in ("created_at", "updated_at")
    ]
    with unscoped():
        return list(model.objects.order_by("pk").values_list(*fields))


def everything() -> list:
    return [rows(m) for m in (Objective, Activity, Resource, Commitment)]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_setup(world) -> SimpleNamespace:
    """A's partnership with two active partners (WFP, Sarvodaya) and a former one (Old
    Co, left on 1 Jun 2024), its broker assigned. Tests add their own objects to it."""

    partnership = PartnershipFactory(platform=world.a.platform, title="Rice value chain")
    wfp = PartnerFactory(partnership=partnership, organisation__name="WFP")
    ngo = PartnerFactory(partnership=partnership, organisation__name="Sarvodaya")
    former = PartnerFactory(
        partnership=partnership,
        organisation__name="Old Co",
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2024, 6, 1),
    )
    assign(world.a, partnership)
    return SimpleNamespace(partnership=partnership, wfp=wfp, ngo=ngo, former=former)
