"""The registry endpoints for staff and observers' keys: /api/v1/organisations[/<id>]."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from platforms.api.throttling import ApiKeyRateThrottle
from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Organisation
from tests.factories import ContactFactory, OrganisationFactory
from tests.platforms.test_api import assert_error, bearer, make_key

LIST = "/api/v1/organisations"
READER_ROLES = [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT, Role.OBSERVER]


def detail(organisation) -> str:
    return f"{LIST}/{organisation.public_id}"


@pytest.fixture
def key(world):
    return make_key(world.a.broker)[1]


@pytest.fixture
def registry(world):
    """A few organisations of platform A, one of platform B."""
    today = timezone.localdate()
    orgs = {
        "wfp": OrganisationFactory(
            platform=world.a.platform,
            name="World Food Programme",
            acronym="WFP",
            sector="united_nations",
            country="LK",
            website="https://wfp.example",
            themes=["food security", "nutrition"],
            mandate="Ending hunger.",
            constituencies="People facing hunger.",
            screening_status="cleared",
            screening_renew_by=today + timedelta(days=200),
        ),
        "sarvodaya": OrganisationFactory(
            platform=world.a.platform,
            name="Sarvodaya Shramadana",
            acronym="Sarvodaya",
            sector="civil_society",
            sub_type="national_ngo",
            country="LK",
            themes=["rural development"],
            mandate="Community development for smallholder farmers.",
            screening_status="cleared",
            screening_renew_by=today - timedelta(days=1),
        ),
        "cargills": OrganisationFactory(
            platform=world.a.platform,
            name="Cargills Ceylon",
            sector="business",
            sub_type="multinational",
            country="IN",
            themes=["food security"],
            screening_status="declined",
        ),
        "archived": OrganisationFactory(
            platform=world.a.platform,
            name="Old Network",
            sector="media",
            archived_at=timezone.now(),
        ),
        "beta": OrganisationFactory(platform=world.b.platform, name="Beta Farmers Union"),
    }
    ContactFactory(organisation=orgs["wfp"], name="Anika Fernando", role="Country director")
    ContactFactory(organisation=orgs["wfp"], name="Bandula Silva")
    ContactFactory(organisation=orgs["beta"], name="Beta Contact")
    return orgs


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


# --- The list -----------------------------------------------------------------------------


def test_the_list_shows_the_keys_platforms_organisations(client, key, registry):
    response = client.get(LIST, **bearer(key))

    assert names(response) == ["Cargills Ceylon", "Sarvodaya Shramadana", "World Food Programme"]
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (3, None, None)
    wfp = body["results"][2]
    assert wfp == {
        "id": str(registry["wfp"].public_id),
        "name": "World Food Programme",
        "acronym": "WFP",
        "sector": "united_nations",
        "sub_type": "",
        "country": "LK",
        "website": "https://wfp.example",
        "themes": ["food security", "nutrition"],
        "screening": {
            "status": "cleared",
            "renew_by": registry["wfp"].screening_renew_by.isoformat(),
            "expired": False,
        },
        "archived_at": None,
        "updated_at": wfp["updated_at"],
    }
    assert body["results"][1]["screening"]["expired"] is True
    assert "Beta" not in response.content.decode()


def test_the_other_platforms_key_never_sees_these_organisations(world, client, registry):
    _, raw_b = make_key(world.b.broker)
    assert names(client.get(LIST, **bearer(raw_b))) == ["Beta Farmers Union"]
    assert names(client.get(f"{LIST}?archived=true&q=food", **bearer(raw_b))) == []


@pytest.mark.parametrize("role", READER_ROLES)
def test_staff_and_observers_can_list_and_read(world, client, registry, role):
    _, raw = make_key(world.a.member(role))
    assert len(names(client.get(LIST, **bearer(raw)))) == 3
    assert client.get(detail(registry["wfp"]), **bearer(raw)).status_code == 200


def test_partner_representatives_cannot_use_the_registry(world, client, registry):
    _, raw = make_key(world.a.partner)
    for url in (LIST, detail(registry["wfp"])):
        error = assert_error(client.get(url, **bearer(raw)), 403, "permission_denied")
        assert "role" in error["message"]


def test_the_registry_is_read_only(world, client, registry):
    _, raw = make_key(world.a.broker, scopes=["read", "write"])
    assert_error(client.post(LIST, {}, content_type="application/json", **bearer(raw)), 405)
    assert_error(
        client.patch(
            detail(registry["wfp"]), {"name": "X"}, content_type="application/json", **bearer(raw)
        ),
        405,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=business", ["Cargills Ceylon"]),
        ("sub_type=national_ngo", ["Sarvodaya Shramadana"]),
        ("country=IN", ["Cargills Ceylon"]),
        ("country=lk", ["Sarvodaya Shramadana", "World Food Programme"]),
        ("theme=food+security", ["Cargills Ceylon", "World Food Programme"]),
        ("screening_status=cleared", ["World Food Programme"]),
        ("screening_status=expired", ["Sarvodaya Shramadana"]),
        ("screening_status=declined", ["Cargills Ceylon"]),
        ("screening_status=not_screened", []),
        ("archived=true&sector=media", ["Old Network"]),
        ("sector=media", []),
        ("q=wfp", ["World Food Programme"]),
        ("q=sarvo", ["Sarvodaya Shramadana"]),
        ("q=farmers", ["Sarvodaya Shramadana"]),
        ("q=hunger", ["World Food Programme"]),
        ("q=%21%21%21", []),
        ("q=food&sector=business", []),
        ("sector=&country=", ["Cargills Ceylon", "Sarvodaya Shramadana", "World Food Programme"]),
    ],
)
def test_filters(client, key, registry, query, expected):
    assert names(client.get(f"{LIST}?{query}", **bearer(key))) == expected


def test_sort(client, key, registry):
    with unscoped():
        Organisation.objects.filter(pk=registry["sarvodaya"].pk).update(
            updated_at=timezone.now() + timedelta(minutes=1)
        )
    assert names(client.get(f"{LIST}?sort=updated", **bearer(key)))[0] == "Sarvodaya Shramadana"
    assert names(client.get(f"{LIST}?sort=country", **bearer(key)))[0] == "Cargills Ceylon"
    assert names(client.get(f"{LIST}?sort=name", **bearer(key)))[0] == "Cargills Ceylon"


def test_archived_are_included_only_when_asked(client, key, registry):
    assert "Old Network" not in names(client.get(LIST, **bearer(key)))
    response = client.get(f"{LIST}?archived=true", **bearer(key))
    assert "Old Network" in names(response)
    archived = next(r for r in response.json()["results"] if r["name"] == "Old Network")
    assert archived["archived_at"] is not None


def test_pages(world, client, key, registry):
    first = client.get(f"{LIST}?page_size=2", **bearer(key)).json()
    assert [r["name"] for r in first["results"]] == ["Cargills Ceylon", "Sarvodaya Shramadana"]
    assert first["next"].endswith("page=2&page_size=2")
    second = client.get(first["next"], **bearer(key)).json()
    assert [r["name"] for r in second["results"]] == ["World Food Programme"]
    assert_error(client.get(f"{LIST}?page=9", **bearer(key)), 404, "not_found")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "sector=xyz",
            "sector",
            "“xyz” is not a sector. Choose one of: civil_society, academia, business, "
            "united_nations, government, donor, foundation, media.",
        ),
        ("sub_type=ngo", "sub_type", "Choose one of: sme, multinational,"),
        ("screening_status=ok", "screening_status", "not_screened, pending, cleared"),
        ("country=ZZ", "country", "not a country code"),
        ("archived=maybe", "archived", "valid boolean"),
        ("sort=size", "sort", "Choose one of: name, sector, country, updated, relevance."),
        ("theme=" + "x" * 81, "theme", "no more than 80"),
    ],
)
def test_bad_filters_are_400_naming_what_is_allowed(client, key, registry, query, field, message):
    error = assert_error(client.get(f"{LIST}?{query}", **bearer(key)), 400, "invalid")
    assert message in " ".join(error["details"][field])


def test_the_list_runs_a_fixed_number_of_queries(world, client, key, django_assert_num_queries):
    def make(n: int, offset: int) -> None:
        for i in range(n):
            org = OrganisationFactory(
                platform=world.a.platform, name=f"Org {offset + i:03}", themes=["food security"]
            )
            ContactFactory(organisation=org)

    make(3, 0)
    client.get(LIST, **bearer(key))  # the key's first use also records last_used_at
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{LIST}?q=org&theme=food+security", **bearer(key)).json()["count"] == 3
    make(37, 3)
    with django_assert_num_queries(len(few)):
        assert client.get(f"{LIST}?q=org&theme=food+security", **bearer(key)).json()["count"] == 40


# --- One organisation --------------------------------------------------------------------


def test_detail_has_the_mandate_constituencies_and_contacts(client, key, registry):
    response = client.get(detail(registry["wfp"]), **bearer(key))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(registry["wfp"].public_id)
    assert (body["mandate"], body["constituencies"]) == ("Ending hunger.", "People facing hunger.")
    assert [c["name"] for c in body["contacts"]] == ["Anika Fernando", "Bandula Silva"]
    assert body["contacts"][0]["role"] == "Country director"
    assert body["screening"]["status"] == "cleared"


def test_an_archived_organisation_can_still_be_read(client, key, registry):
    body = client.get(detail(registry["archived"]), **bearer(key)).json()
    assert body["name"] == "Old Network" and body["archived_at"]


def test_another_platforms_organisation_is_a_404_like_a_missing_one(client, key, registry):
    other = client.get(detail(registry["beta"]), **bearer(key))
    missing = client.get(f"{LIST}/{uuid.uuid4()}", **bearer(key))

    assert_error(other, 404, "not_found")
    assert other.json() == missing.json()
    assert "Beta" not in other.content.decode()


@pytest.mark.parametrize("tail", ["not-a-uuid", "1", "%27%20OR%201=1"])
def test_a_malformed_id_is_a_json_404(client, key, registry, tail):
    assert_error(client.get(f"{LIST}/{tail}", **bearer(key)), 404, "not_found")


def test_detail_runs_a_fixed_number_of_queries(
    world, client, key, registry, django_assert_num_queries
):
    client.get(detail(registry["wfp"]), **bearer(key))
    with CaptureQueriesContext(connection) as few:
        client.get(detail(registry["wfp"]), **bearer(key))
    for n in range(20):
        ContactFactory(organisation=registry["wfp"], name=f"Contact {n:02}")
    with django_assert_num_queries(len(few)):
        assert len(client.get(detail(registry["wfp"]), **bearer(key)).json()["contacts"]) == 22


# --- Throttling and the schema -------------------------------------------------------------


def test_throttling_applies_per_key(world, client, registry, monkeypatch):
    monkeypatch.setattr(ApiKeyRateThrottle, "THROTTLE_RATES", {"api_key": "3/min"})
    _, first = make_key(world.a.broker)
    _, second = make_key(world.a.observer)

    for _ in range(3):
        assert client.get(LIST, **bearer(first)).status_code == 200
    throttled = client.get(detail(registry["wfp"]), **bearer(first))

    assert_error(throttled, 429, "throttled")
    assert int(throttled["Retry-After"]) > 0
    assert client.get(LIST, **bearer(second)).status_code == 200


OPERATIONS = {
    ("/api/v1/organisation", "get"): "organisation_own_retrieve",
    ("/api/v1/organisation", "patch"): "organisation_own_update",
    ("/api/v1/organisation/contacts", "get"): "organisation_own_contact_list",
    ("/api/v1/organisation/contacts", "post"): "organisation_own_contact_create",
    ("/api/v1/organisations", "get"): "organisation_list",
    ("/api/v1/organisations/{public_id}", "get"): "organisation_retrieve",
}


def test_the_schema_documents_every_stakeholder_endpoint_with_examples(db, client):
    schema = client.get("/api/v1/schema/?format=json").json()

    for (path, method), operation_id in OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"] == operation_id
        assert operation["security"] == [{"ApiKey": []}]
        ok = next(code for code in ("200", "201") if code in operation["responses"])
        assert operation["responses"][ok]["content"]["application/json"]["examples"]
        assert {"401", "403", "429"} <= set(operation["responses"])
        if method in ("patch", "post"):
            assert operation["requestBody"]["content"]["application/json"]["examples"]
            assert operation["responses"]["400"]["content"]["application/json"]["examples"]

    list_op = schema["paths"]["/api/v1/organisations"]["get"]
    params = {p["name"] for p in list_op["parameters"]}
    assert {"q", "sector", "sub_type", "country", "theme", "screening_status", "archived"} <= params
    assert {"page", "page_size"} <= params
    page = list_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert set(schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]) == {
        "count",
        "next",
        "previous",
        "results",
    }
    update = schema["paths"]["/api/v1/organisation"]["patch"]["requestBody"]["content"]
    update_ref = update["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "name" not in schema["components"]["schemas"][update_ref]["properties"]
    assert "sector" not in schema["components"]["schemas"][update_ref]["properties"]
