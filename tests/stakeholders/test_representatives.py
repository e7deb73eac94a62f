"""Inviting a contact to become the organisation's partner representative: the whole loop
from the broker's button to the accepted invitation, and each refusal."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from platforms.models import Invitation, Membership, Role
from platforms.services.invitations import (
    invitation_accept,
    invitation_accept_new_account,
    invitation_revoke,
    invitation_url,
)
from platforms.tenancy import unscoped
from stakeholders.models import Representative, RepresentativeInvitation
from stakeholders.services.organisations import organisation_archive
from stakeholders.services.representatives import contact_invite
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def org(world):
    return OrganisationFactory(platform=world.a.platform, name="Sarvodaya")


@pytest.fixture
def contact(org):
    return ContactFactory(organisation=org, name="Ana Perera", email="ana@example.org")


def invite_url(side, contact) -> str:
    return reverse(
        "contact_invite",
        args=[side.platform.slug, contact.organisation.public_id, contact.public_id],
    )


def invitations(platform) -> list[tuple]:
    with unscoped():
        return list(
            Invitation.objects.filter(platform=platform).values_list("email", "role", "revoked_at")
        )


def test_the_whole_loop_through_the_web(client, login, world, org, contact):
    broker = login(world.a.broker)
    response = broker.post(invite_url(world.a, contact), follow=True)
    assert "Invitation sent to ana@example.org" in response.content.decode()
    with unscoped():
        invitation = Invitation.objects.get(platform=world.a.platform, email="ana@example.org")
        link = RepresentativeInvitation.objects.get(invitation=invitation)
    assert invitation.role == Role.PARTNER_REPRESENTATIVE
    assert (link.organisation_id, link.contact_id) == (org.pk, contact.pk)

    page = broker.get(reverse("organisation_detail", args=["alpha", org.public_id]))
    assert "Invitations waiting for an answer" in page.content.decode()
    assert contact.pk in page.context["invited"]

    client.logout()
    accept = urlparse(invitation_url(invitation)).path
    response = client.post(
        accept,
        {
            "first_name": "Ana",
            "last_name": "Perera",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    with unscoped():
        membership = Membership.objects.select_related("representative").get(
            platform=world.a.platform, user__email="ana@example.org"
        )
        representative = membership.representative
    assert membership.role == Role.PARTNER_REPRESENTATIVE
    assert (representative.organisation_id, representative.contact_id) == (org.pk, contact.pk)

    page = login(world.a.broker).get(reverse("organisation_detail", args=["alpha", org.public_id]))
    assert [r.membership.user.email for r in page.context["representatives"]] == ["ana@example.org"]
    assert page.context["invitations"] == []
    assert contact.pk in page.context["represented_by"]


def test_accepting_with_an_existing_account(world, org, contact):
    user = UserFactory(email="ana@example.org")
    invitation = contact_invite(
        platform=world.a.platform, contact=contact, invited_by=world.a.broker.user
    )
    membership = invitation_accept(invitation=invitation, user=user)
    with unscoped():
        assert Representative.objects.get(membership=membership).organisation_id == org.pk


def test_accepting_a_new_account_through_the_service(world, org, contact):
    invitation = contact_invite(
        platform=world.a.platform, contact=contact, invited_by=world.a.admin.user
    )
    membership = invitation_accept_new_account(
        invitation=invitation, first_name="Ana", last_name="", password=PASSWORD
    )
    with unscoped():
        assert Representative.objects.get(membership=membership).contact_id == contact.pk


def test_an_ordinary_invitation_makes_no_representative(world):
    from platforms.services.invitations import invitation_create

    invitation = invitation_create(
        platform=world.a.platform,
        email="someone@example.org",
        role=Role.PARTNER_REPRESENTATIVE,
        invited_by=world.a.admin.user,
    )
    membership = invitation_accept_new_account(
        invitation=invitation, first_name="Some", last_name="One", password=PASSWORD
    )
    with unscoped():
        assert not Representative.objects.filter(membership=membership).exists()


def test_refused_without_an_email(login, world, org):
    contact = ContactFactory(organisation=org, name="Nimal", email="")
    response = login(world.a.broker).post(invite_url(world.a, contact), follow=True)
    assert "Nimal has no email address" in response.content.decode()
    assert invitations(world.a.platform) == []


def test_refused_for_a_member(login, world, org):
    contact = ContactFactory(organisation=org, email="observer@alpha.example")
    response = login(world.a.broker).post(invite_url(world.a, contact), follow=True)
    assert "already a member" in response.content.decode()
    assert invitations(world.a.platform) == []


def test_refused_when_an_invitation_is_pending(login, world, contact):
    client = login(world.a.broker)
    client.post(invite_url(world.a, contact))
    before = invitations(world.a.platform)
    response = client.post(invite_url(world.a, contact), follow=True)
    assert "already pending" in response.content.decode()
    assert invitations(world.a.platform) == before
    with unscoped():
        assert RepresentativeInvitation.objects.count() == 1


def test_a_revoked_invitation_can_be_sent_again(world, contact):
    first = contact_invite(
        platform=world.a.platform, contact=contact, invited_by=world.a.broker.user
    )
    invitation_revoke(platform=world.a.platform, invitation=first, actor=world.a.admin.user)
    contact_invite(platform=world.a.platform, contact=contact, invited_by=world.a.broker.user)
    assert len(invitations(world.a.platform)) == 2


def test_refused_for_an_archived_organisation(login, world, org, contact):
    organisation_archive(platform=world.a.platform, organisation=org, actor=world.a.admin.user)
    response = login(world.a.broker).post(invite_url(world.a, contact), follow=True)
    assert "archived" in response.content.decode()
    assert invitations(world.a.platform) == []


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.OBSERVER, Role.PARTNER_REPRESENTATIVE])
def test_only_admins_and_brokers_may_invite(login, world, contact, role):
    assert login(world.a.member(role)).post(invite_url(world.a, contact)).status_code == 403
    assert invitations(world.a.platform) == []


def test_invite_is_post_only(login, world, contact):
    assert login(world.a.broker).get(invite_url(world.a, contact)).status_code == 405
    assert invitations(world.a.platform) == []


def test_other_platform_gets_404(login, world, contact):
    client = login(world.b.admin)
    assert client.post(invite_url(world.a, contact)).status_code == 404
    assert client.post(invite_url(world.b, contact)).status_code == 404
    assert invitations(world.a.platform) == invitations(world.b.platform) == []
