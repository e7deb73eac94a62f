"""Who reaches the "Risks and learning" pages: another platform's users and objects get
404 on every page, partner representatives without access 404, readers may look but not
write (403), writes take the admin or an assigned broker; the risk list runs a fixed
number of queries; bad ids and input never answer 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Divergence, Lesson, Risk
from partnerships.urls.registers import urlpatterns
from platforms.tenancy import tenant, unscoped
from tests.factories import PartnerFactory, PartnershipFactory, RepresentativeFactory
from tests.partnerships.test_registers import (  # noqa: F401  (the fixture)
    make_divergence,
    make_lesson,
    make_risk,
    setup_fixture,
    unassigned_broker,
    url,
)

READ = {"partnership_levers", "risk_list", "divergence_list", "lesson_list"}
WRITE = {
    "risk_create",
    "risk_edit",
    "risk_delete",
    "divergence_create",
    "divergence_edit",
    "divergence_delete",
    "lesson_create",
    "lesson_delete",
}
# What each page's POST sends (a valid write, so a refusal is the access check's).
POSTS = {
    "partnership_levers": {"levers": ["norms"]},
    "risk_create": {"category": "delivery", "description": "x", "likelihood": 2, "impact": 2},
    "risk_edit": {"category": "delivery", "description": "x", "likelihood": 2, "impact": 2},
    "divergence_create": {"description": "x"},
    "divergence_edit": {"description": "x"},
    "lesson_create": {"text": "x"},
}


def objects(partnership) -> dict:
    return {
        "risk": make_risk(partnership),
        "divergence": make_divergence(partnership),
        "lesson": make_lesson(partnership),
    }


def page_ids(name: str, found: dict) -> list:
    for kind in ("risk", "divergence", "lesson"):
        if name.startswith(kind) and name not in (f"{kind}_list", f"{kind}_create"):
            return [found[kind].public_id]
    return []


def counts(*partnerships) -> tuple:
    with unscoped():
        return tuple(
            (
                Risk.objects.filter(partnership=p).count(),
                Divergence.objects.filter(partnership=p).count(),
                Lesson.objects.filter(partnership=p).count(),
                type(p).objects.get(pk=p.pk).levers,
            )
            for p in partnerships
        )


def test_every_page_of_the_tab_is_covered():
    assert {p.name for p in urlpatterns} == READ | WRITE


@pytest.mark.parametrize("name", sorted(READ | WRITE))
def test_another_platforms_objects_are_404_under_both_addresses(world, setup, login, name):
    b_partnership = PartnershipFactory(platform=world.b.platform)
    b_found = objects(b_partnership)
    a_found = objects(setup.partnership)
    before = counts(setup.partnership, b_partnership)
    client = login(world.a.admin)
    # B's partnership under A's address.
    b_url = reverse(name, args=["alpha", b_partnership.public_id, *page_ids(name, b_found)])
    assert client.get(b_url).status_code == 404
    assert client.post(b_url, POSTS.get(name, {})).status_code == 404
    # B's risk, divergence or lesson under A's own partnership.
    if page_ids(name, b_found):
        mixed = url(name, setup.partnership, *page_ids(name, b_found))
        assert client.get(mixed).status_code == 404
        assert client.post(mixed, POSTS.get(name, {})).status_code == 404
    # A's objects under B's address, where A's admin is no member.
    a_under_b = reverse(name, args=["beta", setup.partnership.public_id, *page_ids(name, a_found)])
    assert client.get(a_under_b).status_code == 404
    assert client.post(a_under_b, POSTS.get(name, {})).status_code == 404
    assert counts(setup.partnership, b_partnership) == before


@pytest.mark.parametrize("name", sorted(READ | WRITE))
def test_another_partnerships_objects_are_404(world, setup, login, name):
    elsewhere = objects(PartnershipFactory(platform=world.a.platform))
    if not page_ids(name, elsewhere):
        return
    client = login(world.a.admin)
    assert client.get(url(name, setup.partnership, *page_ids(name, elsewhere))).status_code == 404


@pytest.mark.parametrize("name", sorted(READ | WRITE))
def test_a_representative_without_access_gets_no_page(world, setup, login, name):
    found = objects(setup.partnership)
    before = counts(setup.partnership)
    client = login(world.a.partner)
    expected = 404 if name in READ else 403
    assert client.get(url(name, setup.partnership, *page_ids(name, found))).status_code == expected
    response = client.post(
        url(name, setup.partnership, *page_ids(name, found)), POSTS.get(name, {})
    )
    assert response.status_code == expected
    assert counts(setup.partnership) == before


def test_a_representative_with_access_reads_but_does_not_write(world, setup, login):
    from partnerships.services.access import partner_access_grant

    RepresentativeFactory(membership=world.a.partner, organisation=setup.partner.organisation)
    with tenant(world.a.platform.pk):  # as in a request: row-level security needs it
        partner_access_grant(platform=world.a.platform, partner=setup.partner)
    found = objects(setup.partnership)
    client = login(world.a.partner)
    for name in READ:
        assert client.get(url(name, setup.partnership)).status_code == 200, name
    response = client.post(url("partnership_levers", setup.partnership), {"levers": ["norms"]})
    assert response.status_code == 403
    assert (
        client.get(url("risk_edit", setup.partnership, found["risk"].public_id)).status_code == 403
    )


@pytest.mark.parametrize("who", ["observer", "secretariat", "unassigned broker"])
@pytest.mark.parametrize("name", sorted(READ | WRITE))
def test_readers_see_the_pages_but_every_write_is_403(world, setup, login, who, name):
    member = unassigned_broker(world.a) if who == "unassigned broker" else getattr(world.a, who)
    found = objects(setup.partnership)
    before = counts(setup.partnership)
    client = login(member)
    address = url(name, setup.partnership, *page_ids(name, found))
    assert client.get(address).status_code == (200 if name in READ else 403)
    if name != "risk_list" and name not in ("divergence_list", "lesson_list"):
        assert client.post(address, POSTS.get(name, {})).status_code == 403
    assert counts(setup.partnership) == before


@pytest.mark.parametrize("who", ["admin", "broker"])
@pytest.mark.parametrize("name", sorted(READ | WRITE))
def test_the_admin_and_the_assigned_broker_reach_every_page(world, setup, login, who, name):
    found = objects(setup.partnership)
    response = login(getattr(world.a, who)).get(
        url(name, setup.partnership, *page_ids(name, found))
    )
    assert response.status_code == 200


def risk_list_queries(client, partnership) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("risk_list", partnership))
    assert response.status_code == 200
    return len(queries)


def test_the_risk_list_runs_a_fixed_number_of_queries(world, setup, login):
    client = login(world.a.broker)
    partners = [
        setup.partner,
        setup.other,
        *PartnerFactory.create_batch(3, partnership=setup.partnership),
    ]
    for n in range(3):
        make_risk(setup.partnership, owner=partners[n % 5], likelihood=n % 5 + 1)
    make_divergence(setup.partnership)
    few = risk_list_queries(client, setup.partnership)
    for n in range(27):
        make_risk(setup.partnership, owner=partners[n % 5], impact=n % 5 + 1)
    make_lesson(setup.partnership)
    many = risk_list_queries(client, setup.partnership)
    assert few == many
    # The session, user, platform and membership, the tenant's settings and the menu take
    # 13; the page itself 5 (partnership, risks with owners, two counts, can_change).
    assert many <= 18


@pytest.mark.parametrize("name", ["divergence_list", "lesson_list", "risk_edit"])
def test_the_other_lists_and_the_risk_form_run_a_fixed_number_of_queries(world, setup, login, name):
    client = login(world.a.admin)
    risk = make_risk(setup.partnership)
    ids = [risk.public_id] if name == "risk_edit" else []

    def run() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, setup.partnership, *ids)).status_code == 200
        return len(queries)

    few = run()
    for _ in range(10):
        make_divergence(setup.partnership)
        make_lesson(setup.partnership, recorded_by=world.a.broker.user)
        PartnerFactory(partnership=setup.partnership)
    assert run() == few


@pytest.mark.parametrize(
    "post",
    [
        {"category": ["delivery", "financial"], "likelihood": "9999999999999999999999"},
        {"owner": "not-a-number", "likelihood": "3", "impact": "3"},
        {"owner": "99999999", "likelihood": "\x00", "impact": "1e3"},
        {"description": "x" * 100_000, "likelihood": "5", "impact": "5", "category": "delivery"},
    ],
)
def test_garbage_risk_input_never_answers_500(world, setup, login, post):
    client = login(world.a.admin)
    response = client.post(url("risk_create", setup.partnership), post)
    assert response.status_code in (200, 302)


def test_garbage_ids_are_404_not_500(world, setup, login):
    client = login(world.a.admin)
    base = f"/p/alpha/partnerships/{setup.partnership.public_id}"
    assert client.get(f"{base}/risks/not-a-uuid/edit/").status_code == 404
    assert client.get("/p/alpha/partnerships/not-a-uuid/risks/").status_code == 404
    response = client.post(url("partnership_levers", setup.partnership), {"levers": "\x00"})
    assert response.status_code == 200
