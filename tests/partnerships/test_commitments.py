"""The commitments page: who sees and changes it, other platforms' 404s, common and
specific commitments recorded, edited and deleted, the overdue marker and the filters,
refusals that write nothing, and a fixed number of queries."""

import datetime

import pytest

from partnerships.models import Commitment
from platforms.models import Role
from platforms.tenancy import unscoped
from tests.factories import CommitmentFactory, PartnerFactory, PartnershipFactory
from tests.partnerships.workplan_helpers import (
    everything,
    give_access,
    make_setup,
    messages_of,
    queries,
    url,
)

pytestmark = pytest.mark.django_db


def days(side, n: int) -> datetime.date:
    return side.platform.today() + datetime.timedelta(days=n)


@pytest.fixture
def setup(world):
    s = make_setup(world)
    s.late = CommitmentFactory(partner=s.wfp, what="Share price data", due_on=days(world.a, -1))
    s.common = CommitmentFactory(
        partner=None,
        partnership=s.partnership,
        platform=world.a.platform,
        kind="common",
        what="Do no harm",
        due_on=days(world.a, -30),
        status="done",
        evidence="Signed charter",
    )
    s.soon = CommitmentFactory(
        partner=s.ngo, what="Train farmers", due_on=days(world.a, 10), status="on_track"
    )
    return s


def pages(side, partnership, commitment):
    c = commitment.public_id
    return [
        ("get", url("commitment_list", side, partnership), False),
        ("get", url("commitment_create", side, partnership), True),
        ("post", url("commitment_create", side, partnership), True),
        ("get", url("commitment_edit", side, partnership, c), True),
        ("post", url("commitment_edit", side, partnership, c), True),
        ("get", url("commitment_delete", side, partnership, c), True),
        ("post", url("commitment_delete", side, partnership, c), True),
    ]


def call(client, method, address):
    if method == "post" and address.endswith("/delete/"):
        return client.post(address)
    return getattr(client, method)(address, {"what": "", "kind": "specific"})


def form(owner, **overrides) -> dict:
    data = {
        "kind": "specific",
        "partner": owner.public_id if owner else "",
        "what": "Publish the baseline",
        "due_on": "2026-03-31",
        "status": "planned",
        "evidence": "",
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
    for method, address, write in pages(world.a, setup.partnership, setup.late):
        assert call(client, method, address).status_code == (writes if write else reads), address
    assert everything() == before


def test_a_broker_not_assigned_may_look_but_not_change(world, login, setup):
    other = CommitmentFactory(partner__partnership__platform=world.a.platform)
    before = everything()
    client = login(world.a.broker)
    for method, address, write in pages(world.a, other.partnership, other):
        response = call(client, method, address)
        assert response.status_code == (403 if write else 200), address
    assert everything() == before


def test_a_partners_representative_reads_without_buttons(world, login, setup):
    give_access(world.a, setup.wfp)
    client = login(world.a.partner)
    response = client.get(url("commitment_list", world.a, setup.partnership))
    assert response.status_code == 200
    assert b"Share price data" in response.content
    assert b"Record a commitment" not in response.content
    edit = url("commitment_edit", world.a, setup.partnership, setup.late.public_id)
    assert client.post(edit, form(setup.wfp, status="done", evidence="x")).status_code == 403


def test_other_platforms_get_404(world, login, setup):
    theirs = CommitmentFactory(partner__partnership__platform=world.b.platform)
    elsewhere = CommitmentFactory(partner__partnership__platform=world.a.platform)
    before = everything()
    client = login(world.a.admin)
    for method, address, _ in pages(world.a, theirs.partnership, theirs):
        assert call(client, method, address).status_code == 404, address
    for method, address, _ in pages(world.a, setup.partnership, elsewhere)[3:]:
        assert call(client, method, address).status_code == 404, address
    client = login(world.b.admin)
    for method, address, _ in pages(world.b, setup.partnership, setup.late):
        assert call(client, method, address).status_code == 404, address
    assert everything() == before


def test_the_list_splits_common_and_specific_and_marks_overdue(world, login, setup):
    response = login(world.a.observer).get(url("commitment_list", world.a, setup.partnership))
    html = response.content.decode()
    assert [r.commitment.what for r in response.context["common"]] == ["Do no harm"]
    assert [(r.commitment.what, r.overdue) for r in response.context["specific"]] == [
        ("Share price data", True),
        ("Train farmers", False),
    ]
    assert html.count('badge-danger">Overdue') == 1
    assert "1 commitment is overdue" in html
    assert "Signed charter" in html and "On track" in html


def test_a_commitment_due_today_is_not_overdue(world, login, setup):
    CommitmentFactory(partner=setup.ngo, what="Due today", due_on=days(world.a, 0))
    response = login(world.a.admin).get(url("commitment_list", world.a, setup.partnership))
    assert ("Due today", False) in [
        (r.commitment.what, r.overdue) for r in response.context["specific"]
    ]


@pytest.mark.parametrize(
    "query, common, specific",
    [
        ("?status=on_track", [], ["Train farmers"]),
        ("?overdue=on", [], ["Share price data"]),
        ("?partner={ngo}", ["Do no harm"], ["Train farmers"]),
        ("?partner={ngo}&status=done", ["Do no harm"], []),
    ],
)
def test_filters(world, login, setup, query, common, specific):
    address = url("commitment_list", world.a, setup.partnership) + query.format(
        ngo=setup.ngo.public_id
    )
    response = login(world.a.admin).get(address)
    assert [r.commitment.what for r in response.context["common"]] == common
    assert [r.commitment.what for r in response.context["specific"]] == specific


def test_a_bad_filter_says_so_and_never_fails(world, login, setup):
    elsewhere = PartnerFactory(partnership__platform=world.a.platform)
    for query in ("?status=nope", f"?partner={elsewhere.public_id}", "?partner=junk"):
        response = login(world.a.admin).get(
            url("commitment_list", world.a, setup.partnership) + query
        )
        assert response.status_code == 200
        assert b"Select a valid choice" in response.content or b"not a partner" in response.content


def test_commitments_are_recorded_edited_and_deleted(world, login, setup):
    client = login(world.a.broker)
    address = url("commitment_create", world.a, setup.partnership)
    assert client.post(address, form(setup.ngo)).status_code == 302
    # Common: a partner left in the menu is dropped, not refused.
    response = client.post(address, form(setup.ngo, kind="common", what="Open books"))
    assert response.status_code == 302
    with unscoped():
        specific = Commitment.objects.get(what="Publish the baseline")
        common = Commitment.objects.get(what="Open books")
    assert specific.partner_id == setup.ngo.pk and specific.kind == "specific"
    assert common.partner_id is None and common.kind == "common"
    assert specific.status_changed_by_id is None
    response = client.post(
        url("commitment_edit", world.a, setup.partnership, specific.public_id),
        form(setup.ngo, status="done", evidence="https://example.org/baseline.pdf"),
    )
    assert response.status_code == 302
    with unscoped():
        specific.refresh_from_db()
    assert specific.status == "done" and specific.status_changed_by_id == world.a.broker.user_id
    response = client.post(url("commitment_delete", world.a, setup.partnership, common.public_id))
    assert "The commitment was deleted." in messages_of(response)
    with unscoped():
        assert not Commitment.objects.filter(pk=common.pk).exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"partner": ""}, "A specific commitment is one partner’s: choose the partner."),
        ({"status": "done"}, "A commitment marked done needs evidence"),
        ({"status": "done", "evidence": "   "}, "A commitment marked done needs evidence"),
        ({"partner": "former"}, "not a partner of this partnership"),  # not offered
        ({"partner": "elsewhere"}, "not a partner of this partnership"),
        ({"what": ""}, "Say what is committed"),
        ({"due_on": "tomorrow"}, "Enter the date as YYYY-MM-DD."),
        ({"kind": "both"}, "Select a valid choice"),
    ],
)
def test_bad_commitments_are_refused_with_a_message(world, login, setup, overrides, message):
    elsewhere = PartnerFactory(partnership__platform=world.a.platform)
    ids = {"elsewhere": elsewhere.public_id}
    if overrides.get("partner") in ids:
        overrides = {**overrides, "partner": ids[overrides["partner"]]}
    before = everything()
    client = login(world.a.admin)
    for address in (
        url("commitment_create", world.a, setup.partnership),
        url("commitment_edit", world.a, setup.partnership, setup.soon.public_id),
    ):
        data = form(setup.ngo, **overrides)
        if overrides.get("partner") == "former":
            data["partner"] = setup.former.public_id
        response = client.post(address, data)
        assert response.status_code == 200
        html = response.content.decode().replace("&#x27;", "’").replace("'", "’")
        assert message in html, (address, message)
    assert everything() == before


def test_the_list_runs_a_fixed_number_of_queries(world, login, setup):
    client = login(world.a.broker)
    address = url("commitment_list", world.a, setup.partnership)
    CommitmentFactory.create_batch(2, partner=setup.ngo, due_on=days(world.a, -3))
    few = queries(client, address)
    for n in range(45):
        partner = PartnerFactory(partnership=setup.partnership) if n % 5 == 0 else setup.wfp
        CommitmentFactory(partner=partner, due_on=days(world.a, n - 20), status="at_risk")
    assert queries(client, address) == few
    assert queries(client, address + "?overdue=on") == queries(client, address + "?overdue=on")


def test_an_empty_list_says_what_to_do(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    response = login(world.a.admin).get(url("commitment_list", world.a, partnership))
    assert b"No commitments yet" in response.content
