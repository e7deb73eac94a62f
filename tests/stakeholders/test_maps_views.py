"""Stakeholder map pages: who sees and changes them, tenancy, the list, the detail with
its chart, and a fixed number of queries however many maps or positions there are."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Position, StakeholderMap
from tests.factories import OrganisationFactory, PositionFactory, StakeholderMapFactory

pytestmark = pytest.mark.django_db


def url(name, side, *args):
    return reverse(name, args=[side.platform.slug, *args])


def map_with(side, count, **kwargs):
    stakeholder_map = StakeholderMapFactory(platform=side.platform, **kwargs)
    for n in range(count):
        PositionFactory(
            map=stakeholder_map,
            interest=n % 11,
            influence=(n * 3) % 11,
            organisation=OrganisationFactory(platform=side.platform, name=f"Org {n:02d}")
            if n % 2
            else None,
            label="" if n % 2 else f"Group {n:02d}",
        )
    return stakeholder_map


def every_page(side, stakeholder_map, position, other_map):
    """(method, url, data, write?) for every page of the area."""
    m, p = stakeholder_map.public_id, position.public_id
    compare = url("map_compare", side) + f"?from={other_map.public_id}&to={m}"
    return [
        ("get", url("map_list", side), False),
        ("get", url("map_detail", side, m), False),
        ("get", url("map_chart", side, m), False),
        ("get", compare, False),
        ("get", url("map_compare", side), False),
        ("get", url("map_create", side), True),
        ("get", url("map_edit", side, m), True),
        ("post", url("map_edit", side, m), True),
        ("get", url("map_copy", side, m), True),
        ("post", url("map_copy", side, m), True),
        ("get", url("position_table", side, m), True),
        ("post", url("position_table", side, m), True),
        ("get", url("position_create", side, m), True),
        ("post", url("position_create", side, m), True),
        ("get", url("position_edit", side, m, p), True),
        ("post", url("position_edit", side, m, p), True),
        ("get", url("position_delete", side, m, p), True),
        ("post", url("position_delete", side, m, p), True),
    ]


def request(client, method, address):
    if method == "post":
        return client.post(address, {"title": "x", "as_of": "2026-02-02", "interest": "3"})
    return client.get(address)


@pytest.fixture
def maps(world):
    first = map_with(world.a, 3, title="Baseline", as_of="2025-01-10")
    second = map_with(world.a, 2, title="Midline", as_of="2026-01-10")
    with unscoped():
        position = first.positions.order_by("pk").first()
    return first, second, position


def snapshot() -> tuple[int, int]:
    with unscoped():
        return StakeholderMap.objects.count(), Position.objects.count()


def test_every_map_page_of_another_platform_is_404(login, world, maps):
    first, second, position = maps
    before = snapshot()
    own_pages = {url("map_list", world.b), url("map_compare", world.b), url("map_create", world.b)}
    for actor in (world.b.admin, world.b.broker, world.b.observer):
        client = login(actor)
        for method, address, write in every_page(world.b, first, position, second):
            if address in own_pages:
                continue  # B's own list, picker and create form: nothing of A's is named
            if write and actor == world.b.observer:
                continue  # refused for the role first (403), whatever the map
            response = request(client, method, address)
            assert response.status_code == 404, (actor, method, address)
    assert snapshot() == before


def test_other_platforms_list_and_picker_show_nothing_of_ours(login, world, maps):
    client = login(world.b.broker)
    for address in (url("map_list", world.b), url("map_compare", world.b)):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Baseline" not in response.content.decode(), address


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.SECRETARIAT])
def test_readers_view_but_cannot_change(login, world, maps, role):
    first, second, position = maps
    client = login(world.a.member(role))
    before = snapshot()
    for method, address, write in every_page(world.a, first, position, second):
        response = request(client, method, address)
        assert response.status_code == (403 if write else 200), (method, address)
    assert snapshot() == before
    detail = client.get(url("map_detail", world.a, first.public_id)).content.decode()
    assert "Add a stakeholder" not in detail and "Copy to a new snapshot" not in detail


def test_partner_representative_gets_403_everywhere(login, world, maps):
    first, second, position = maps
    client = login(world.a.partner)
    for method, address, _write in every_page(world.a, first, position, second):
        assert getattr(client, method)(address).status_code == 403, address


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.BROKER])
def test_brokers_and_admins_get_every_page(login, world, maps, role):
    first, second, position = maps
    client = login(world.a.member(role))
    for method, address, _write in every_page(world.a, first, position, second):
        if method == "get":
            assert client.get(address).status_code == 200, address


def test_list_groups_maps_by_issue_newest_first_with_counts(login, world):
    map_with(world.a, 2, title="Old", issue="Water", as_of="2024-05-01")
    map_with(world.a, 4, title="New", issue="Water", as_of="2025-05-01")
    map_with(world.a, 1, title="Only", issue="Food security", as_of="2025-01-01")
    page = login(world.a.observer).get(url("map_list", world.a)).content.decode()
    assert page.index("Food security") < page.index("Water")
    assert page.index(">New<") < page.index(">Old<")
    assert "<td>4</td>" in page and "<td>2</td>" in page


def test_empty_list_explains_maps_and_offers_a_new_one(login, world):
    page = login(world.a.broker).get(url("map_list", world.a)).content.decode()
    assert "No stakeholder maps yet" in page and "interest" in page
    assert url("map_create", world.a) in page
    observer_page = login(world.a.observer).get(url("map_list", world.a)).content.decode()
    assert url("map_create", world.a) not in observer_page


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def copy_of(source, **kwargs):
    return StakeholderMapFactory(
        platform=source.platform, issue=source.issue, copied_from=source, **kwargs
    )


def test_map_list_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world.a.broker)
    for n in range(2):
        copy_of(map_with(world.a, 2, issue=f"Issue {n}"))
    few = count_queries(client, url("map_list", world.a))
    for n in range(18):
        copy_of(map_with(world.a, 1, issue=f"Issue {n % 5}"))
    with django_assert_max_num_queries(few):
        response = client.get(url("map_list", world.a))
    assert response.content.decode().count("Copied from") == 5  # a column per issue
    with unscoped():
        assert StakeholderMap.objects.filter(copied_from__isnull=False).count() == 20


def test_the_list_links_a_copy_to_the_snapshot_it_was_copied_from(login, world):
    source = map_with(world.a, 1, title="Baseline <1>", issue="Water", as_of="2024-05-01")
    copy_of(source, title="Midline", as_of="2025-05-01")
    html = login(world.a.observer).get(url("map_list", world.a)).content.decode()
    link = f'<a href="{url("map_detail", world.a, source.public_id)}">Baseline &lt;1&gt;</a>'
    assert f"{link} (1 May 2024)" in html
    assert "An earlier snapshot" not in html


def test_map_detail_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world.a.broker)
    small = map_with(world.a, 5)
    big = map_with(world.a, 60)
    few = count_queries(client, url("map_detail", world.a, small.public_id))
    with django_assert_max_num_queries(few):
        response = client.get(url("map_detail", world.a, big.public_id))
    assert response.content.decode().count('class="marker"') == 60


def test_detail_shows_chart_table_and_quadrant_counts(login, world):
    stakeholder_map = StakeholderMapFactory(platform=world.a.platform, title="Rice")
    org = OrganisationFactory(platform=world.a.platform, name="Ministry of Agriculture")
    PositionFactory(map=stakeholder_map, organisation=org, interest=9, influence=9)
    PositionFactory(
        map=stakeholder_map,
        organisation=None,
        label="Farmers <b>",
        interest=4,
        influence=5,
        is_primary=True,
    )
    page = login(world.a.observer).get(url("map_detail", world.a, stakeholder_map.public_id))
    html = page.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert url("organisation_detail", world.a, org.public_id) in html
    assert '<span class="badge ">Not screened</span>' in html  # the screening badge
    assert "Farmers &lt;b&gt;" in html and "Farmers <b>" not in html
    assert "Manage closely" in html and "Keep satisfied" in html
    assert "<strong>1</strong> manage closely" in html
    assert "<strong>1</strong> keep satisfied" in html
    assert "<strong>0</strong> monitor" in html


def test_chart_download_is_a_standalone_svg(login, world):
    stakeholder_map = map_with(world.a, 3, title="Baseline <2026>")
    response = login(world.a.observer).get(url("map_chart", world.a, stakeholder_map.public_id))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith('attachment; filename="baseline-2026')
    root = ET.fromstring(response.content)
    assert root.get("role") == "img"
    assert "Baseline <2026>" in root.find("{http://www.w3.org/2000/svg}title").text


def test_unknown_map_or_position_is_404(login, world, maps):
    first, *_ = maps
    client = login(world.a.broker)
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(url("map_detail", world.a, missing)).status_code == 404
    assert client.get(url("position_edit", world.a, first.public_id, missing)).status_code == 404


def test_a_position_of_another_map_is_404(login, world, maps):
    first, second, position = maps
    client = login(world.a.broker)
    address = url("position_edit", world.a, second.public_id, position.public_id)
    assert client.get(address).status_code == 404
    assert (
        client.post(
            url("position_delete", world.a, second.public_id, position.public_id)
        ).status_code
        == 404
    )
    with unscoped():
        assert Position.objects.filter(pk=position.pk).exists()
