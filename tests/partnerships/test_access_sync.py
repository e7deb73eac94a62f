"""Partnership permissions follow the member: removing a membership, changing its role,
and deleting or moving its Representative row each take access away (the first two
through the platforms hook, the last two because partnership_visible asks for a current
Representative of an active partner, whatever rows are left behind)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from partnerships.models import Partner, PartnershipUserObjectPermission
from partnerships.selectors.access import (
    ACCESS,
    BROKER,
    SEES_ALL,
    can_change,
    partnership_visible,
)
from partnerships.services.access import broker_assign
from partnerships.services.partners import partner_add
from platforms import hooks
from platforms.models import Role
from platforms.services import membership_change_role, membership_remove
from platforms.tenancy import tenant, unscoped
from stakeholders.models import Representative
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def visible(side, membership) -> set[str]:
    with tenant(side.platform.pk):
        return set(
            partnership_visible(platform=side.platform, membership=membership).values_list(
                "title", flat=True
            )
        )


def rows(user, platform=None, codename=ACCESS) -> set[int]:
    """The partnership ids the user holds the permission on (any platform unless told)."""
    with unscoped():
        found = PartnershipUserObjectPermission.objects.filter(
            user=user, permission__codename=codename
        )
        if platform is not None:
            found = found.filter(platform=platform)
        return set(found.values_list("content_object_id", flat=True))


@pytest.fixture
def rep_world(world):
    """On A: the representative's organisation is an active partner of "Ours" (access
    granted by partner_add); "Theirs" has another partner; A's broker is assigned to
    "Ours"."""
    organisation = OrganisationFactory(platform=world.a.platform, screening_status="cleared")
    RepresentativeFactory(membership=world.a.partner, organisation=organisation)
    ours = PartnershipFactory(platform=world.a.platform, title="Ours")
    theirs = PartnershipFactory(platform=world.a.platform, title="Theirs")
    PartnerFactory(partnership=theirs)
    with tenant(world.a.platform.pk):
        partner_add(
            platform=world.a.platform,
            partnership=ours,
            organisation=organisation,
            actor=world.a.admin.user,
            joined_on=datetime.date(2025, 1, 1),
        )
        broker_assign(platform=world.a.platform, partnership=ours, membership=world.a.broker)
    assert rows(world.a.partner.user) == {ours.pk}
    return organisation, ours, theirs


def test_the_hook_is_registered_once():
    from partnerships.services.access import access_follows_membership

    assert hooks.MEMBERSHIP_CHANGED.count(access_follows_membership) == 1


# -- Removing a membership ------------------------------------------------------------------


def test_removing_a_representative_removes_its_access_rows(world, rep_world):
    membership_remove(
        platform=world.a.platform, membership=world.a.partner, actor=world.a.admin.user
    )
    assert rows(world.a.partner.user) == set()


def test_removing_a_member_on_the_web_removes_its_rows(world, login, rep_world):
    address = reverse("member_remove", args=[world.a.platform.slug, world.a.partner.public_id])
    assert login(world.a.admin).post(address).status_code == 302
    assert rows(world.a.partner.user) == set()


def test_removing_a_broker_removes_its_assignments(world, rep_world):
    _, ours, _ = rep_world
    assert rows(world.a.broker.user, codename=BROKER) == {ours.pk}
    membership_remove(
        platform=world.a.platform, membership=world.a.broker, actor=world.a.admin.user
    )
    assert rows(world.a.broker.user, codename=BROKER) == set()


def test_removal_on_one_platform_keeps_the_users_rows_on_another(world, rep_world):
    """The rows are keyed by the user; the same user's membership on B keeps its own."""
    user = world.a.partner.user
    on_b = MembershipFactory(platform=world.b.platform, user=user, role=Role.PARTNER_REPRESENTATIVE)
    partner_b = PartnerFactory(partnership__platform=world.b.platform, partnership__title="B's")
    RepresentativeFactory(membership=on_b, organisation=partner_b.organisation)
    with unscoped():
        assign_perm(f"partnerships.{ACCESS}", user, partner_b.partnership)
    membership_remove(
        platform=world.a.platform, membership=world.a.partner, actor=world.a.admin.user
    )
    assert rows(user) == {partner_b.partnership.pk}
    assert visible(world.b, on_b) == {"B's"}


# -- Changing a role ------------------------------------------------------------------------


def test_a_representative_made_observer_loses_its_rows_and_made_one_again_gets_them(
    world, rep_world
):
    _, ours, _ = rep_world
    membership_change_role(
        platform=world.a.platform,
        membership=world.a.partner,
        role=Role.OBSERVER,
        actor=world.a.admin.user,
    )
    assert rows(world.a.partner.user) == set()
    membership_change_role(
        platform=world.a.platform,
        membership=world.a.partner,
        role=Role.PARTNER_REPRESENTATIVE,
        actor=world.a.admin.user,
    )
    # Its Representative row is still there: its organisation's active partnerships again.
    assert rows(world.a.partner.user) == {ours.pk}
    assert visible(world.a, world.a.partner) == {"Ours"}


def test_a_broker_moved_to_another_role_loses_its_assignments(world, rep_world):
    _, ours, _ = rep_world
    membership_change_role(
        platform=world.a.platform,
        membership=world.a.broker,
        role=Role.SECRETARIAT,
        actor=world.a.admin.user,
    )
    assert rows(world.a.broker.user, codename=BROKER) == set()
    membership_change_role(
        platform=world.a.platform,
        membership=world.a.broker,
        role=Role.BROKER,
        actor=world.a.admin.user,
    )
    # Promoted again, it is not silently reassigned.
    assert not can_change(membership=world.a.broker, partnership=ours)


def test_a_broker_made_admin_keeps_its_assignments(world, rep_world):
    _, ours, _ = rep_world
    membership_change_role(
        platform=world.a.platform,
        membership=world.a.broker,
        role=Role.PLATFORM_ADMIN,
        actor=world.a.admin.user,
    )
    assert rows(world.a.broker.user, codename=BROKER) == {ours.pk}


def test_a_refused_role_change_keeps_the_rows(world, rep_world):
    """A refused change (A's only admin cannot be demoted) runs no hook and changes no
    row: the hook runs inside the service's transaction, after the checks."""
    with unscoped():
        assign_perm(f"partnerships.{BROKER}", world.a.admin.user, rep_world[1])
    with pytest.raises(ValidationError):
        membership_change_role(
            platform=world.a.platform,
            membership=world.a.admin,
            role=Role.OBSERVER,
            actor=world.a.admin.user,
        )
    assert rows(world.a.admin.user, codename=BROKER) == {rep_world[1].pk}


# -- Representative rows deleted or moved without any sync ----------------------------------


def test_a_deleted_representative_row_shows_nothing_even_with_its_rows_left(world, rep_world):
    with unscoped():
        Representative.objects.filter(membership=world.a.partner).delete()
    assert rows(world.a.partner.user)  # the stale row is still there...
    assert visible(world.a, world.a.partner) == set()  # ...and shows nothing


def test_a_deleted_representative_row_on_the_web_is_404(world, login, rep_world):
    _, ours, _ = rep_world
    address = reverse("partnership_detail", args=[world.a.platform.slug, ours.public_id])
    client = login(world.a.partner)
    assert client.get(address).status_code == 200
    with unscoped():
        Representative.objects.filter(membership=world.a.partner).delete()
    assert client.get(address).status_code == 404


def test_a_representative_moved_to_another_organisation_without_sync(world, rep_world):
    _, _, theirs = rep_world
    with unscoped():
        other = Partner.objects.get(partnership=theirs).organisation
        Representative.objects.filter(membership=world.a.partner).update(organisation=other)
    # Its old row (Ours) no longer matches its organisation; it holds none for Theirs.
    assert visible(world.a, world.a.partner) == set()


def test_a_row_for_a_partnership_its_organisation_is_not_in_shows_nothing(world, rep_world):
    _, _, theirs = rep_world
    with unscoped():
        assign_perm(f"partnerships.{ACCESS}", world.a.partner.user, theirs)
    assert visible(world.a, world.a.partner) == {"Ours"}


def test_a_row_left_after_the_organisation_left_shows_nothing(world, rep_world):
    organisation, ours, _ = rep_world
    with unscoped():
        Partner.objects.filter(partnership=ours, organisation=organisation).update(
            left_on=datetime.date(2025, 6, 1)
        )
    assert rows(world.a.partner.user) == {ours.pk}
    assert visible(world.a, world.a.partner) == set()


def test_visibility_stays_one_query(world, rep_world, django_assert_num_queries):
    for n in range(5):
        extra = PartnershipFactory(platform=world.a.platform, title=f"Extra {n}")
        partner = PartnerFactory(partnership=extra, organisation=rep_world[0])
        with unscoped():
            assign_perm(f"partnerships.{ACCESS}", world.a.partner.user, partner.partnership)
    with tenant(world.a.platform.pk), django_assert_num_queries(1):
        titles = list(
            partnership_visible(platform=world.a.platform, membership=world.a.partner).values_list(
                "title", flat=True
            )
        )
    assert len(titles) == 6


def test_staff_roles_are_unaffected(world, rep_world):
    for member in (world.a.admin, world.a.broker, world.a.secretariat, world.a.observer):
        assert member.role in SEES_ALL
        assert visible(world.a, member) == {"Ours", "Theirs"}
