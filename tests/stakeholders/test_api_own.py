"""The partner representative's endpoints: /api/v1/organisation and its contacts.

The organisation is always the one the key's member represents; there is no id to change,
so "another organisation" can only be attempted through the body, and is refused."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Contact, Organisation
from tests.factories import ContactFactory, OrganisationFactory, RepresentativeFactory
from tests.platforms.test_api import assert_error, bearer, make_key

URL = "/api/v1/organisation"
CONTACTS = "/api/v1/organisation/contacts"
STAFF_ROLES = [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT, Role.OBSERVER]


@pytest.fixture
def own(world):
    """World A's partner represents Sarvodaya; another organisation sits next to it."""
    organisation = OrganisationFactory(
        platform=world.a.platform,
        name="Sarvodaya Shramadana",
        acronym="Sarvodaya",
        sector="civil_society",
        sub_type="national_ngo",
        website="https://sarvodaya.example",
        mandate="Community-led development.",
        constituencies="Village societies.",
        themes=["food security"],
    )
    RepresentativeFactory(membership=world.a.partner, organisation=organisation)
    ContactFactory(organisation=organisation, name="Nirmala Jayasuriya", email="n@s.example")
    return organisation


@pytest.fixture
def other(world):
    organisation = OrganisationFactory(platform=world.a.platform, name="Other NGO", acronym="ON")
    ContactFactory(organisation=organisation, name="Secret Person", email="secret@on.example")
    return organisation


def fresh(organisation) -> Organisation:
    with unscoped():
        return Organisation.objects.get(pk=organisation.pk)


def snapshot(organisation) -> dict:
    row = fresh(organisation)
    return {f.attname: getattr(row, f.attname) for f in Organisation._meta.concrete_fields}


def contact_names(organisation) -> list[str]:
    with unscoped():
        return sorted(
            Contact.objects.filter(organisation=organisation).values_list("name", flat=True)
        )


def patch(client, raw, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch(URL, data, content_type="application/json", **bearer(raw))


def post_contact(client, raw, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(CONTACTS, data, content_type="application/json", **bearer(raw))


@pytest.fixture
def writer(world, own):
    return make_key(world.a.partner, scopes=["read", "write"])[1]


# --- GET /organisation ---------------------------------------------------------------------


def test_a_representative_reads_its_own_organisation(world, client, own, other):
    _, raw = make_key(world.a.partner)

    response = client.get(URL, **bearer(raw))

    assert response.status_code == 200, response.content
    body = response.json()
    contact = body.pop("contacts")
    assert body == {
        "id": str(own.public_id),
        "name": "Sarvodaya Shramadana",
        "acronym": "Sarvodaya",
        "sector": "civil_society",
        "sub_type": "national_ngo",
        "country": "LK",
        "website": "https://sarvodaya.example",
        "mandate": "Community-led development.",
        "constituencies": "Village societies.",
        "themes": ["food security"],
        "screening": {"status": "not_screened", "renew_by": None, "expired": False},
        "archived_at": None,
        "updated_at": body["updated_at"],
    }
    assert [c["name"] for c in contact] == ["Nirmala Jayasuriya"]
    assert set(contact[0]) == {"id", "name", "role", "email", "phone"}
    assert "Secret Person" not in response.content.decode()


def test_a_partner_who_represents_no_organisation_gets_a_clear_404(world, client, other):
    _, raw = make_key(world.a.partner)
    for url in (URL, CONTACTS):
        error = assert_error(client.get(url, **bearer(raw)), 404, "not_found")
        assert error["message"] == "This API key's member does not represent an organisation."


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_only_partner_representatives_use_these_endpoints(world, client, own, role):
    # Brokers and the rest work the registry through /organisations; they represent nobody.
    _, raw = make_key(world.a.member(role), scopes=["read", "write"])
    for response in (
        client.get(URL, **bearer(raw)),
        patch(client, raw, {"acronym": "X"}),
        client.get(CONTACTS, **bearer(raw)),
        post_contact(client, raw, {"name": "Someone"}),
    ):
        error = assert_error(response, 403, "permission_denied")
        assert "role" in error["message"]
    assert fresh(own).acronym == "Sarvodaya"
    assert contact_names(own) == ["Nirmala Jayasuriya"]


def test_each_platform_sees_only_its_own_representatives_organisation(world, client, own):
    theirs = OrganisationFactory(platform=world.b.platform, name="Beta Farmers")
    RepresentativeFactory(membership=world.b.partner, organisation=theirs)
    ContactFactory(organisation=theirs, name="Beta Contact")
    _, raw_b = make_key(world.b.partner)

    body = client.get(URL, **bearer(raw_b)).json()
    contacts = client.get(CONTACTS, **bearer(raw_b)).json()

    assert body["id"] == str(theirs.public_id) and body["name"] == "Beta Farmers"
    assert [c["name"] for c in contacts["results"]] == ["Beta Contact"]
    assert "Sarvodaya" not in json.dumps([body, contacts])


def test_a_partner_of_another_platform_without_an_organisation_gets_404(world, client, own):
    _, raw_b = make_key(world.b.partner)
    assert_error(client.get(URL, **bearer(raw_b)), 404, "not_found")


# --- PATCH /organisation -------------------------------------------------------------------


def test_a_representative_updates_its_profile(world, client, own, writer):
    response = patch(
        client,
        writer,
        {
            "acronym": "LJSSS",
            "website": "https://www.sarvodaya.example/en",
            "mandate": "Awakening of all.",
            "constituencies": "Villages, farmers and fishers.",
            "themes": [" food  security ", "Food Security", "nutrition"],
            "country": "lk",
            "sub_type": "community_based",
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["acronym"] == "LJSSS"
    assert body["themes"] == ["food security", "nutrition"]
    assert body["contacts"][0]["name"] == "Nirmala Jayasuriya"
    stored = fresh(own)
    assert (stored.acronym, stored.website, stored.mandate) == (
        "LJSSS",
        "https://www.sarvodaya.example/en",
        "Awakening of all.",
    )
    assert stored.constituencies == "Villages, farmers and fishers."
    assert stored.themes == ["food security", "nutrition"]
    assert (stored.country.code, stored.sub_type) == ("LK", "community_based")
    assert stored.name == "Sarvodaya Shramadana"


def test_fields_not_sent_are_left_alone_and_can_be_cleared(client, own, writer):
    assert patch(client, writer, {"website": ""}).status_code == 200
    stored = fresh(own)
    assert stored.website == "" and stored.mandate == "Community-led development."


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Renamed"},
        {"sector": "business"},
        {"name": "Renamed", "sector": "business", "acronym": "NEW"},
    ],
)
def test_name_and_sector_are_read_only_for_representatives(client, own, writer, body):
    before = snapshot(own)

    error = assert_error(patch(client, writer, body), 400, "invalid")

    for field in {"name", "sector"} & set(body):
        assert error["details"][field] == [
            "Read-only: the platform's brokers keep an organisation's name and sector. "
            "Ask them to change it."
        ]
    assert "acronym" not in error["details"]
    assert snapshot(own) == before


@pytest.mark.parametrize("field", ["id", "organisation"])
def test_a_representative_cannot_aim_at_another_organisation(client, own, other, writer, field):
    mine, theirs = snapshot(own), snapshot(other)

    response = patch(client, writer, {field: str(other.public_id), "acronym": "HIJACK"})

    error = assert_error(response, 400, "invalid")
    assert error["details"][field] == [
        "Unknown field. These endpoints always act on the organisation you represent."
    ]
    assert snapshot(other) == theirs
    assert snapshot(own) == mine


def test_an_unknown_field_is_refused_not_ignored(client, own, writer):
    before = snapshot(own)
    error = assert_error(patch(client, writer, {"acronym": "X", "colour": "red"}), 400)
    assert error["details"] == {"colour": ["Unknown field."]}
    assert snapshot(own) == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"themes": "food security"}, "themes", "Expected a list of items"),
        ({"themes": [None]}, "themes", "may not be null"),
        ({"website": "not a url"}, "website", "valid URL"),
        ({"website": "javascript:alert(1)"}, "website", "valid URL"),
        ({"country": "XX"}, "country", "not a country code"),
        ({"country": "Sri Lanka"}, "country", "no more than 2"),
        ({"sub_type": "xyz"}, "sub_type", "Choose one of: sme, multinational"),
        ({"sub_type": "sme"}, "sub_type", "is not a kind of civil society organisation"),
        ({"acronym": "A" * 31}, "acronym", "no more than 30"),
        ({"acronym": 5, "mandate": None}, "mandate", "may not be null"),
        ({}, "non_field_errors", "Send at least one field to change"),
        ([], "non_field_errors", "Expected a dictionary"),
        ("42", "non_field_errors", "Expected a dictionary"),
    ],
)
def test_bad_input_is_400_by_field_and_writes_nothing(client, own, writer, body, field, message):
    before = snapshot(own)

    error = assert_error(patch(client, writer, body), 400, "invalid")

    assert message in json.dumps(error["details"][field]), error
    assert snapshot(own) == before


def test_malformed_json_is_400_and_writes_nothing(client, own, writer):
    before = snapshot(own)
    error = assert_error(patch(client, writer, '{"acronym": "X",'), 400, "parse_error")
    assert "JSON" in error["message"]
    assert snapshot(own) == before


def test_a_read_only_key_cannot_write(world, client, own):
    _, raw = make_key(world.a.partner, scopes=["read"])
    before = snapshot(own)

    for response in (
        patch(client, raw, {"acronym": "X"}),
        post_contact(client, raw, {"name": "Someone"}),
    ):
        error = assert_error(response, 403, "permission_denied")
        assert "write scope" in error["message"]

    assert snapshot(own) == before
    assert contact_names(own) == ["Nirmala Jayasuriya"]


def test_put_and_delete_are_not_allowed(client, own, writer):
    assert_error(client.put(URL, "{}", content_type="application/json", **bearer(writer)), 405)
    assert_error(client.delete(URL, **bearer(writer)), 405)
    assert fresh(own).name == "Sarvodaya Shramadana"


# --- /organisation/contacts ---------------------------------------------------------------


def test_contacts_are_the_own_organisations_only(world, client, own, other):
    ContactFactory(organisation=own, name="Amal Perera", role="Director", phone="+94 11 1")
    _, raw = make_key(world.a.partner)

    response = client.get(CONTACTS, **bearer(raw))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [c["name"] for c in body["results"]] == ["Amal Perera", "Nirmala Jayasuriya"]
    assert body["results"][0] == {
        "id": body["results"][0]["id"],
        "name": "Amal Perera",
        "role": "Director",
        "email": body["results"][0]["email"],
        "phone": "+94 11 1",
    }
    assert "Secret Person" not in response.content.decode()


def test_a_representative_adds_a_contact(client, own, other, writer):
    response = post_contact(
        client,
        writer,
        {"name": "  Kamal   Silva ", "role": "Finance", "email": "KAMAL@S.example", "phone": "1"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    with unscoped():
        contact = Contact.objects.get(public_id=body["id"])
    assert contact.organisation_id == own.pk
    assert (contact.name, contact.role, contact.email, contact.phone) == (
        "Kamal Silva",
        "Finance",
        "kamal@s.example",
        "1",
    )
    assert body == {
        "id": str(contact.public_id),
        "name": "Kamal Silva",
        "role": "Finance",
        "email": "kamal@s.example",
        "phone": "1",
    }
    assert contact_names(other) == ["Secret Person"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "name", "required"),
        ({"name": ""}, "name", "may not be blank"),
        ({"name": "A", "email": "not-an-email"}, "email", "valid email"),
        ({"name": "A", "phone": "1" * 41}, "phone", "no more than 40"),
        ({"name": "A", "organisation": "x"}, "organisation", "organisation you represent"),
        ({"name": "A", "id": "x"}, "id", "Unknown field"),
        ([{"name": "A"}], "non_field_errors", "Expected a dictionary"),
    ],
)
def test_a_bad_contact_is_refused_and_nothing_is_written(
    client, own, other, writer, body, field, message
):
    error = assert_error(post_contact(client, writer, body), 400, "invalid")
    assert message in json.dumps(error["details"][field]), error
    assert contact_names(own) == ["Nirmala Jayasuriya"]
    assert contact_names(other) == ["Secret Person"]


def test_a_malformed_contact_body_is_400(client, own, writer):
    assert_error(post_contact(client, writer, "{name"), 400, "parse_error")
    assert contact_names(own) == ["Nirmala Jayasuriya"]


def test_the_contact_list_runs_a_fixed_number_of_queries(
    world, client, own, django_assert_num_queries
):
    _, raw = make_key(world.a.partner)
    client.get(CONTACTS, **bearer(raw))  # last_used_at is written on the first use only
    with CaptureQueriesContext(connection) as few:
        assert client.get(CONTACTS, **bearer(raw)).json()["count"] == 1
    for n in range(30):
        ContactFactory(organisation=own, name=f"Contact {n:02}")
    with django_assert_num_queries(len(few)):
        assert client.get(CONTACTS, **bearer(raw)).json()["count"] == 31


def test_the_organisation_runs_a_fixed_number_of_queries(
    world, client, own, django_assert_num_queries
):
    _, raw = make_key(world.a.partner)
    client.get(URL, **bearer(raw))
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, **bearer(raw)).status_code == 200
    for n in range(20):
        ContactFactory(organisation=own, name=f"Contact {n:02}")
    with django_assert_num_queries(len(few)):
        assert len(client.get(URL, **bearer(raw)).json()["contacts"]) == 21


# --- Themes: ";" separates themes everywhere, so no theme holds one ------------------------


def test_a_theme_may_hold_commas(client, own, writer):
    response = patch(client, writer, {"themes": ["Water, sanitation and hygiene", "Nutrition"]})
    assert response.status_code == 200, response.content
    assert fresh(own).themes == ["Water, sanitation and hygiene", "Nutrition"]


def test_a_semicolon_inside_a_theme_is_refused(client, own, writer):
    before = snapshot(own)
    error = assert_error(
        patch(client, writer, {"themes": ["Nutrition", "Food security; water"]}), 400, "invalid"
    )
    assert error["details"]["themes"] == {
        "1": [
            "“Food security; water” holds a “;”, which separates themes in the web form and "
            "in CSV files: send each theme as its own item of the list."
        ]
    }
    assert snapshot(own) == before


def test_one_country_field_for_every_endpoint():
    from stakeholders.api.common import CountryCodeField
    from stakeholders.api.own import OwnOrganisationApi
    from stakeholders.api.registry import OrganisationListApi

    for serializer in (OwnOrganisationApi.InputSerializer, OrganisationListApi.FilterSerializer):
        assert isinstance(serializer().fields["country"], CountryCodeField)
        assert not hasattr(serializer, "validate_country")
