"""An organisation's contacts: add, edit, delete (after confirmation), with bad input
refused and nothing written, and only the platform's staff allowed."""

import pytest
from django.urls import reverse

from platforms.models import Membership, Role
from platforms.selectors import InvitationLinkError
from platforms.services.invitations import invitation_accept_new_account
from platforms.tenancy import unscoped
from stakeholders.models import Contact, Representative
from stakeholders.services.organisations import contact_delete
from stakeholders.services.representatives import contact_invite
from tests.factories import ContactFactory, OrganisationFactory

PASSWORD = "a long and unusual passphrase 42"


def contacts_of(organisation) -> list[tuple]:
    with unscoped():
        return list(
            Contact.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("name", "role", "email", "phone")
        )


def url(side, name, organisation, contact=None) -> str:
    args = [side.platform.slug, organisation.public_id]
    if contact is not None:
        args.append(contact.public_id)
    return reverse(name, args=args)


@pytest.fixture
def org(world):
    return OrganisationFactory(platform=world.a.platform, name="Sarvodaya")


@pytest.fixture
def contact(org):
    return ContactFactory(organisation=org, name="Ana Perera", email="ana@example.org")


def test_add_a_contact(login, world, org):
    response = login(world.a.secretariat).post(
        url(world.a, "contact_create", org),
        {
            "name": " Nimal  Silva ",
            "role": "Director",
            "email": "Nimal@Example.org",
            "phone": "+94",
        },
    )
    assert response.status_code == 302
    assert response.url == url(world.a, "organisation_detail", org)
    assert contacts_of(org) == [("Nimal Silva", "Director", "nimal@example.org", "+94")]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Give the name."),
        ({"name": "Ok", "email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"name": "Ok", "phone": "1" * 41}, "phone", "at most 40 characters"),
    ],
)
def test_bad_contact_input(login, world, org, data, field, message):
    response = login(world.a.broker).post(url(world.a, "contact_create", org), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert contacts_of(org) == []


def test_edit_a_contact(login, world, org, contact):
    client = login(world.a.broker)
    page = client.get(url(world.a, "contact_edit", org, contact))
    assert page.context["form"]["email"].value() == "ana@example.org"
    response = client.post(
        url(world.a, "contact_edit", org, contact),
        {"name": "Ana Perera", "role": "Chair", "email": "", "phone": ""},
    )
    assert response.status_code == 302
    assert contacts_of(org) == [("Ana Perera", "Chair", "", "")]


def test_edit_with_bad_input_writes_nothing(login, world, org, contact):
    before = contacts_of(org)
    response = login(world.a.broker).post(
        url(world.a, "contact_edit", org, contact), {"name": "", "email": "bad"}
    )
    assert response.status_code == 200
    assert contacts_of(org) == before


def test_delete_asks_first(login, world, org, contact):
    client = login(world.a.broker)
    confirm = client.get(url(world.a, "contact_delete", org, contact))
    assert "Delete Ana Perera?" in confirm.content.decode()
    assert len(contacts_of(org)) == 1
    assert client.post(url(world.a, "contact_delete", org, contact)).status_code == 302
    assert contacts_of(org) == []


def test_a_contact_of_another_organisation_is_404(login, world, org):
    other = ContactFactory(organisation=OrganisationFactory(platform=world.a.platform))
    client = login(world.a.broker)
    assert client.get(url(world.a, "contact_edit", org, other)).status_code == 404
    assert client.post(url(world.a, "contact_delete", org, other)).status_code == 404
    assert contacts_of(other.organisation) != []


def pages(side, organisation, contact):
    data = {"name": "Changed"}
    return [
        ("get", url(side, "contact_create", organisation), {}),
        ("post", url(side, "contact_create", organisation), data),
        ("get", url(side, "contact_edit", organisation, contact), {}),
        ("post", url(side, "contact_edit", organisation, contact), data),
        ("get", url(side, "contact_delete", organisation, contact), {}),
        ("post", url(side, "contact_delete", organisation, contact), {}),
        ("post", url(side, "contact_invite", organisation, contact), {}),
    ]


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.PARTNER_REPRESENTATIVE])
def test_who_may_not_gets_403(login, world, org, contact, role):
    client = login(world.a.member(role))
    before = contacts_of(org)
    for method, address, data in pages(world.a, org, contact):
        assert getattr(client, method)(address, data).status_code == 403, address
    assert contacts_of(org) == before


def test_other_platform_gets_404(login, world, org, contact):
    client = login(world.b.admin)
    before = contacts_of(org)
    for side in (world.a, world.b):
        for method, address, data in pages(side, org, contact):
            assert getattr(client, method)(address, data).status_code == 404, address
    assert contacts_of(org) == before


# --- Deleting an invited contact -------------------------------------------------------------


def test_deleting_an_invited_contact_revokes_the_invitation(client, login, world, org, contact):
    """Deleting the contact removes the invitation's tie to the organisation: left pending,
    accepting it would make a partner representative of no organisation."""
    invitation = contact_invite(
        platform=world.a.platform, contact=contact, invited_by=world.a.broker.user
    )
    broker = login(world.a.broker)
    confirm = broker.get(url(world.a, "contact_delete", org, contact)).content.decode()
    assert "The pending invitation to ana@example.org" in confirm
    assert "will be revoked" in confirm

    assert broker.post(url(world.a, "contact_delete", org, contact)).status_code == 302
    assert contacts_of(org) == []
    with unscoped():
        invitation.refresh_from_db()
    assert invitation.status == "revoked"

    with pytest.raises(InvitationLinkError):
        invitation_accept_new_account(
            invitation=invitation, first_name="Ana", last_name="", password=PASSWORD
        )
    with unscoped():
        assert not Membership.objects.filter(user__email="ana@example.org").exists()


def test_deleting_a_contact_leaves_other_invitations_alone(world, org, contact):
    other = ContactFactory(organisation=org, name="Nimal", email="nimal@example.org")
    kept = contact_invite(platform=world.a.platform, contact=other, invited_by=world.a.broker.user)
    accepted = contact_invite(
        platform=world.a.platform, contact=contact, invited_by=world.a.broker.user
    )
    membership = invitation_accept_new_account(
        invitation=accepted, first_name="Ana", last_name="", password=PASSWORD
    )
    contact_delete(platform=world.a.platform, contact=contact, actor=world.a.broker.user)
    with unscoped():
        kept.refresh_from_db()
        accepted.refresh_from_db()
        representative = Representative.objects.get(membership=membership)
    assert kept.status == "pending" and accepted.status == "accepted"
    # The representative stays, tied to its organisation; only the contact is gone.
    assert (representative.organisation_id, representative.contact_id) == (org.pk, None)


def test_the_confirmation_names_no_invitation_when_there_is_none(login, world, org, contact):
    html = login(world.a.broker).get(url(world.a, "contact_delete", org, contact)).content.decode()
    assert "will be revoked" not in html
