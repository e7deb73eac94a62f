"""An organisation's contacts: add, edit, delete (after confirmation), with bad input
refused and nothing written, and only the platform's staff allowed."""

import pytest
from django.urls import reverse

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Contact
from tests.factories import ContactFactory, OrganisationFactory


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
