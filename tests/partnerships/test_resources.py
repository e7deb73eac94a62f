"""The resources page: who sees and changes it, other platforms' 404s, adding, editing and
deleting a resource, the totals per currency and per type, refusals (partner, value,
currency, period) that write nothing, and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest

from partnerships.models import Resource
from partnerships.services import resources as services
from platforms.models import Role
from platforms.tenancy import tenant, unscoped
from tests.factories import PartnerFactory, PartnershipFactory, ResourceFactory
from tests.partnerships.workplan_helpers import (
    everything,
    give_access,
    make_setup,
    messages_of,
    queries,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    s = make_setup(world)
    s.resource = ResourceFactory(
        partner=s.wfp, type="cash", description="Seed fund", value=Decimal("1000"), currency="USD"
    )
    return s


def pages(side, partnership, resource):
    r = resource.public_id
    return [
        ("get", url("resource_list", side, partnership), False),
        ("get", url("resource_create", side, partnership), True),
        ("post", url("resource_create", side, partnership), True),
        ("get", url("resource_edit", side, partnership, r), True),
        ("post", url("resource_edit", side, partnership, r), True),
        ("get", url("resource_delete", side, partnership, r), True),
        ("post", url("resource_delete", side, partnership, r), True),
    ]


def call(client, method, address):
    if method == "post" and address.endswith("/delete/"):
        return client.post(address)
    return getattr(client, method)(address, {"description": "", "value": "-1"})


def form(owner, **overrides) -> dict:
    data = {
        "partner": owner.public_id,
        "type": "staff",
        "description": "Two field officers",
        "value": "25000",
        "currency": "lkr",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    "role, reads, writes",
    [
        (Role.SECRETARIAT, 200, 403),
        (Role.OBSERVER, 200, 403),
        (Role.PARTNER_REPRESENTATIVE, 404, 403),
    ],
)
def test_who_may_not_change(world, login, setup, role, reads, writes):
    before = everything()
    client = login(world.a.member(role))
    for method, address, write in pages(world.a, setup.partnership, setup.resource):
        assert call(client, method, address).status_code == (writes if write else reads), address
    assert everything() == before


def test_a_broker_not_assigned_may_look_but_not_change(world, login, setup):
    other = ResourceFactory(partner__partnership__platform=world.a.platform)
    before = everything()
    client = login(world.a.broker)
    for method, address, write in pages(world.a, other.partnership, other):
        response = call(client, method, address)
        assert response.status_code == (403 if write else 200), address
    assert everything() == before


def test_a_partners_representative_reads_without_buttons(world, login, setup):
    give_access(world.a, setup.ngo)
    response = login(world.a.partner).get(url("resource_list", world.a, setup.partnership))
    assert response.status_code == 200
    assert b"Seed fund" in response.content and b"Add a resource" not in response.content


def test_other_platforms_get_404(world, login, setup):
    theirs = ResourceFactory(partner__partnership__platform=world.b.platform)
    elsewhere = ResourceFactory(partner__partnership__platform=world.a.platform)
    before = everything()
    client = login(world.a.admin)
    for method, address, _ in pages(world.a, theirs.partnership, theirs):
        assert call(client, method, address).status_code == 404, address
    for method, address, _ in pages(world.a, setup.partnership, elsewhere)[3:]:
        assert call(client, method, address).status_code == 404, address
    client = login(world.b.admin)
    for method, address, _ in pages(world.b, setup.partnership, setup.resource):
        assert call(client, method, address).status_code == 404, address
    assert everything() == before


def test_a_resource_is_added_edited_and_deleted(world, login, setup):
    client = login(world.a.admin)
    response = client.post(url("resource_create", world.a, setup.partnership), form(setup.ngo))
    assert response.status_code == 302, response.content
    with unscoped():
        added = Resource.objects.get(description="Two field officers")
    assert (added.partner_id, added.type, added.value, added.currency) == (
        setup.ngo.pk,
        "staff",
        Decimal("25000"),
        "LKR",  # upper-cased
    )
    response = client.post(
        url("resource_edit", world.a, setup.partnership, added.public_id),
        form(setup.ngo, value="", currency="", period_start="", period_end=""),
    )
    assert response.status_code == 302
    with unscoped():
        added.refresh_from_db()
    assert added.value is None and added.currency == "" and added.period_end is None
    response = client.post(url("resource_delete", world.a, setup.partnership, added.public_id))
    assert response.status_code == 302 and "The resource was deleted." in messages_of(response)
    with unscoped():
        assert list(Resource.objects.values_list("pk", flat=True)) == [setup.resource.pk]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"value": "-5"}, "The estimated value cannot be negative"),
        ({"value": "ten"}, "Enter the estimated value as a number"),
        ({"value": "1.005"}, "at most two decimals"),
        ({"currency": ""}, "Give the currency of the estimated value"),
        ({"currency": "US$"}, "“US$” is not a currency code"),
        ({"currency": "DOLLARS"}, "“DOLLARS” is not a currency code"),
        (
            {"period_end": "2024-12-31"},
            "The period ends (31 Dec 2024) before it starts (1 Jan 2025)",
        ),
        ({"partner": "former"}, "not a partner of this partnership"),
        ({"partner": "elsewhere"}, "not a partner of this partnership"),
        ({"partner": ""}, "Choose the partner that contributes the resource."),
        ({"description": "  "}, "Describe the resource"),
    ],
)
def test_bad_resources_are_refused_with_a_message(world, login, setup, overrides, message):
    elsewhere = PartnerFactory(partnership__platform=world.a.platform)
    ids = {"former": setup.former.public_id, "elsewhere": elsewhere.public_id}
    if overrides.get("partner") in ids:
        overrides = {**overrides, "partner": ids[overrides["partner"]]}
    before = everything()
    client = login(world.a.broker)
    for address in (
        url("resource_create", world.a, setup.partnership),
        url("resource_edit", world.a, setup.partnership, setup.resource.public_id),
    ):
        response = client.post(address, form(setup.ngo, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode(), address
    assert everything() == before


def test_the_service_refuses_what_the_form_would_not_catch(world, setup):
    """Callers other than the form: a negative or malformed value, a lower-case code with
    digits, another platform's partner."""
    theirs = PartnerFactory(partnership__platform=world.b.platform)
    cases = [
        ({"value": Decimal("-1"), "currency": "USD"}, "value"),
        ({"value": "abc", "currency": "USD"}, "value"),
        ({"value": Decimal("5"), "currency": "u5d"}, "currency"),
        ({"partner": theirs}, "partner"),
        (
            {"period_start": datetime.date(2025, 2, 1), "period_end": datetime.date(2025, 1, 1)},
            "period_end",
        ),
    ]
    for fields, field in cases:
        before = everything()
        data = {"partner": setup.wfp, "type": "data", "description": "Survey data", **fields}
        with tenant(world.a.platform.pk), pytest.raises(Exception) as error:
            services.resource_create(
                platform=world.a.platform, partnership=setup.partnership, actor=None, **data
            )
        assert field in error.value.message_dict, fields  # type: ignore[attr-defined]
        assert everything() == before


def test_totals_per_currency_and_type_and_bars_by_partner(world, login, setup):
    ResourceFactory(
        partner=setup.wfp, type="in_kind", description="Bags", value=500, currency="USD"
    )
    ResourceFactory(partner=setup.ngo, type="cash", description="Match", value=3000, currency="USD")
    ResourceFactory(
        partner=setup.ngo, type="staff", description="Staff", value=90000, currency="LKR"
    )
    ResourceFactory(partner=setup.ngo, type="legitimacy", description="Brand")  # no value
    response = login(world.a.observer).get(url("resource_list", world.a, setup.partnership))
    html = response.content.decode()
    summary = response.context["summary"]
    usd, lkr = (
        next(c for c in summary.currencies if c.currency == code) for code in ("USD", "LKR")
    )
    assert usd.total == Decimal("4500") and lkr.total == Decimal("90000")
    assert usd.by_type == [("Cash", Decimal("4000")), ("In-kind goods", Decimal("500"))]
    assert [(b.label, b.total, b.percent) for b in usd.by_partner] == [
        ("Sarvodaya", Decimal("3000"), 100),
        ("WFP", Decimal("1500"), 50),
    ]
    assert summary.without_value == 1
    assert ("Legitimacy and brand", 1) in summary.by_type
    assert "USD 4,500.00" in html and "LKR 90,000.00" in html
    assert 'class="bar-chart"' in html and "width: 50%" in html


def test_the_list_runs_a_fixed_number_of_queries(world, login, setup):
    client = login(world.a.broker)
    address = url("resource_list", world.a, setup.partnership)
    ResourceFactory.create_batch(4, partner=setup.ngo, value=10, currency="EUR")
    few = queries(client, address)
    for n in range(45):
        partner = PartnerFactory(partnership=setup.partnership) if n % 5 == 0 else setup.wfp
        ResourceFactory(partner=partner, value=n, currency="USD" if n % 2 else "EUR")
    assert queries(client, address) == few


def test_an_empty_list_says_what_to_do(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    response = login(world.a.admin).get(url("resource_list", world.a, partnership))
    assert b"No resources recorded yet" in response.content
