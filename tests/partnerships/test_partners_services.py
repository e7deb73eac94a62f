"""Partner services: the clearance rule and its override, duplicates, leaving and coming
back, and the access that follows each (granted and revoked in the same transaction)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import Partner, PartnershipUserObjectPermission
from partnerships.selectors.access import partnership_visible
from partnerships.services.partners import partner_add, partner_leave, partner_update
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def cleared(platform, **kwargs):
    return OrganisationFactory(platform=platform, screening_status="cleared", **kwargs)


def partners() -> list[Partner]:
    with unscoped():
        return list(Partner.objects.order_by("pk"))


def access_rows() -> list[tuple[int, int]]:
    with unscoped():
        return list(
            PartnershipUserObjectPermission.objects.filter(
                permission__codename="access_partnership"
            ).values_list("user_id", "content_object_id")
        )


def add(side, partnership, organisation, **kwargs):
    with tenant(side.platform.pk):
        return partner_add(
            platform=side.platform,
            partnership=partnership,
            organisation=organisation,
            actor=side.broker.user,
            **kwargs,
        )


def test_a_cleared_organisation_is_added_and_its_representatives_get_access(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    rep = RepresentativeFactory(membership=world.a.partner, organisation=cleared(world.a.platform))
    partner = add(world.a, partnership, rep.organisation, role="funder")
    assert partner.joined_on == world.a.platform.today()
    assert partner.override_reason == "" and partner.override_by is None
    assert access_rows() == [(world.a.partner.user_id, partnership.pk)]
    with tenant(world.a.platform.pk):
        assert list(partnership_visible(platform=world.a.platform, membership=world.a.partner)) == [
            partnership
        ]


def test_cleared_with_conditions_counts_as_cleared(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    organisation = OrganisationFactory(
        platform=world.a.platform, screening_status="cleared_with_conditions"
    )
    assert add(world.a, partnership, organisation).pk


@pytest.mark.parametrize("status", ["not_screened", "pending", "declined"])
def test_an_uncleared_organisation_is_refused_naming_its_status(world, status):
    partnership = PartnershipFactory(platform=world.a.platform)
    organisation = OrganisationFactory(platform=world.a.platform, screening_status=status)
    RepresentativeFactory(membership=world.a.partner, organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        add(world.a, partnership, organisation)
    message = refused.value.message_dict["organisation"][0]
    assert dict(Organisation_statuses())[status].lower() in message
    assert f"/organisations/{organisation.public_id}/screenings/new/" in message
    assert partners() == [] and access_rows() == []


def Organisation_statuses():
    from stakeholders.models.organisation import SCREENING_STATUSES

    return SCREENING_STATUSES


def test_an_expired_clearance_is_refused(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    organisation = cleared(
        world.a.platform,
        screening_renew_by=world.a.platform.today() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="expired on"):
        add(world.a, partnership, organisation)
    assert partners() == []


def test_an_override_with_a_reason_adds_it_and_records_who_and_why(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    organisation = OrganisationFactory(platform=world.a.platform, screening_status="pending")
    partner = add(
        world.a,
        partnership,
        organisation,
        override=True,
        override_reason="  Screening under way; needed for the first workshop.  ",
    )
    assert partner.override_reason == "Screening under way; needed for the first workshop."
    assert partner.override_by_id == world.a.broker.user_id


def test_an_override_without_a_reason_is_refused(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    organisation = OrganisationFactory(platform=world.a.platform, screening_status="declined")
    with pytest.raises(ValidationError) as refused:
        add(world.a, partnership, organisation, override=True, override_reason="   ")
    assert "reason" in refused.value.message_dict["override_reason"][0]
    assert partners() == []


def test_an_override_of_a_cleared_organisation_is_not_recorded(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    partner = add(
        world.a, partnership, cleared(world.a.platform), override=True, override_reason="why"
    )
    assert partner.override_reason == "" and partner.override_by_id is None


def test_an_active_partner_cannot_be_added_twice(world):
    partner = PartnerFactory(partnership__platform=world.a.platform)
    with pytest.raises(ValidationError, match="already a partner"):
        add(world.a, partner.partnership, partner.organisation)
    assert len(partners()) == 1


def test_an_organisation_of_another_platform_is_refused(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    with pytest.raises(ValidationError, match="another platform"):
        add(world.a, partnership, cleared(world.b.platform))
    assert partners() == []


def test_an_archived_organisation_is_refused(world):
    import django.utils.timezone as tz

    partnership = PartnershipFactory(platform=world.a.platform)
    with pytest.raises(ValidationError, match="archived"):
        add(world.a, partnership, cleared(world.a.platform, archived_at=tz.now()))
    assert partners() == []


def test_leaving_revokes_access_and_keeps_the_partner_in_history(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    rep = RepresentativeFactory(membership=world.a.partner, organisation=cleared(world.a.platform))
    partner = add(world.a, partnership, rep.organisation, joined_on=datetime.date(2025, 1, 1))
    with tenant(world.a.platform.pk):
        partner_leave(
            platform=world.a.platform,
            partner=partner,
            actor=world.a.broker.user,
            left_on=datetime.date(2025, 6, 1),
            note="Merged with another member.",
        )
    assert access_rows() == []
    (kept,) = partners()
    assert kept.left_on == datetime.date(2025, 6, 1)
    with tenant(world.a.platform.pk):
        assert not partnership_visible(
            platform=world.a.platform, membership=world.a.partner
        ).exists()


def test_a_former_partner_can_be_added_again_as_a_new_row(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    rep = RepresentativeFactory(membership=world.a.partner, organisation=cleared(world.a.platform))
    first = PartnerFactory(
        partnership=partnership,
        organisation=rep.organisation,
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2024, 12, 31),
    )
    again = add(world.a, partnership, rep.organisation)
    assert again.pk != first.pk
    assert [p.left_on for p in partners()] == [datetime.date(2024, 12, 31), None]
    assert access_rows() == [(world.a.partner.user_id, partnership.pk)]


@pytest.mark.parametrize(
    "left_on, message",
    [
        (datetime.date(2024, 12, 31), "cannot leave before"),
        (None, "Give the date"),
    ],
)
def test_a_bad_leaving_date_is_refused(world, left_on, message):
    partner = PartnerFactory(
        partnership__platform=world.a.platform, joined_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match=message), tenant(world.a.platform.pk):
        partner_leave(
            platform=world.a.platform, partner=partner, actor=world.a.broker.user, left_on=left_on
        )
    assert partners()[0].left_on is None


def test_leaving_in_the_future_or_twice_is_refused(world):
    partner = PartnerFactory(
        partnership__platform=world.a.platform,
        joined_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2025, 2, 1),
    )
    with pytest.raises(ValidationError, match="already left"), tenant(world.a.platform.pk):
        partner_leave(
            platform=world.a.platform,
            partner=partner,
            actor=None,
            left_on=datetime.date(2025, 3, 1),
        )
    active = PartnerFactory(
        partnership__platform=world.a.platform, joined_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match="still to come"), tenant(world.a.platform.pk):
        partner_leave(
            platform=world.a.platform,
            partner=active,
            actor=None,
            left_on=world.a.platform.today() + datetime.timedelta(days=2),
        )
    assert [p.left_on for p in partners()] == [datetime.date(2025, 2, 1), None]


def test_update_changes_the_texts_and_refuses_a_bad_choice(world):
    partner = PartnerFactory(
        partnership__platform=world.a.platform, joined_on=datetime.date(2025, 1, 1)
    )
    with tenant(world.a.platform.pk):
        partner_update(
            platform=world.a.platform,
            partner=partner,
            actor=world.a.broker.user,
            aims=" Reach 10,000 farmers ",
            interests="Market access",
            positions="Wants exclusive rights",
            anchoring="department",
            opt_outs="The advocacy campaign",
        )
        with pytest.raises(ValidationError):
            partner_update(platform=world.a.platform, partner=partner, actor=None, role="sponsor")
    (stored,) = partners()
    assert stored.aims == "Reach 10,000 farmers"
    assert stored.anchoring == "department" and stored.role == "core"
    assert partner.role == "core"  # the refused value is not left on the instance


def test_update_refuses_a_joining_date_after_the_leaving_date(world):
    partner = PartnerFactory(
        partnership__platform=world.a.platform,
        joined_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2025, 3, 1),
    )
    with pytest.raises(ValidationError, match="cannot have joined"), tenant(world.a.platform.pk):
        partner_update(
            platform=world.a.platform,
            partner=partner,
            actor=None,
            joined_on=datetime.date(2025, 4, 1),
        )
    assert partners()[0].joined_on == datetime.date(2025, 1, 1)
