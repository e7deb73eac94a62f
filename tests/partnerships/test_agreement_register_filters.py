"""The register of agreements: its filters (the derived statuses, form, stage,
partnership, words, the executed period on the platform's calendar), sorts, pages,
refusals of bad filters, empty states, and the same number of queries for 2 rows as
for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Agreement, AgreementForm, Signatory, Stage
from platforms.tenancy import unscoped
from tests.factories import PartnershipFactory
from tests.partnerships.test_agreement_register import EARLY, LATE, build, register, titles


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


# Filters, sorts, pages ------------------------------------------------------------------


@pytest.fixture
def several(world):
    a = world.a
    river = PartnershipFactory(platform=a.platform, title="River Basin", stage=Stage.AGREEMENT)
    coast = PartnershipFactory(platform=a.platform, title="Coastal Fisheries")
    build(a, title="Water Compact", partnership=river)
    build(
        a,
        title="Water Contract",
        partnership=river,
        form=AgreementForm.CONTRACT,
        status="executed",
        required=1,
        signed=1,
        executed_at=LATE,  # 5 March in Colombo
    )
    build(
        a,
        title="Fish Plan",
        partnership=coast,
        form=AgreementForm.WORK_PLAN,
        status="executed",
        executed_at=EARLY,
    )
    build(a, title="Fish Accord", partnership=coast, status="issued", required=2, signed=1)
    return {"river": river, "coast": coast}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Fish Accord", "Fish Plan", "Water Compact", "Water Contract"]),
        ({"status": "executed"}, ["Fish Plan", "Water Contract"]),
        ({"status": "partly_signed"}, ["Fish Accord"]),
        ({"status": "draft"}, ["Water Compact"]),
        ({"status": "declined"}, []),
        ({"form": "contract"}, ["Water Contract"]),
        ({"stage": str(Stage.AGREEMENT)}, ["Water Compact", "Water Contract"]),
        ({"q": "fish"}, ["Fish Accord", "Fish Plan"]),
        ({"q": "coastal plan"}, ["Fish Plan"]),  # the partnership's title and the agreement's
        ({"executed_from": "2026-03-05"}, ["Water Contract"]),
        ({"executed_to": "2026-03-04"}, ["Fish Plan"]),  # 20:00 UTC on the 4th is the 5th
        (
            {"executed_from": "2026-01-10", "executed_to": "2026-03-05"},
            ["Fish Plan", "Water Contract"],
        ),
        ({"sort": "executed"}, ["Water Contract", "Fish Plan", "Fish Accord", "Water Compact"]),
    ],
)
def test_filters_and_sorts(world, login, several, params, expected):
    html = login(world.a.secretariat).get(register(**params)).content.decode()
    assert titles(html) == expected


def test_the_partnership_filter_and_the_last_change_sort(world, login, several):
    client = login(world.a.secretariat)
    html = client.get(register(partnership=str(several["coast"].public_id))).content.decode()
    assert titles(html) == ["Fish Accord", "Fish Plan"]
    assert '<option value="' + str(several["river"].public_id) + '">River Basin</option>' in html
    with unscoped():
        signatory = Signatory.objects.get(version__agreement__title="Fish Accord", signed_at=None)
        signatory.signed_at = LATE
        signatory.save()  # a signature is a change of its agreement
    assert titles(client.get(register(sort="changed")).content.decode())[0] == "Fish Accord"
    with unscoped():
        Agreement.objects.filter(title="Water Compact").update(title="Water Compact v2")
        agreement = Agreement.objects.get(title="Water Compact v2")
        agreement.save()  # touches updated_at
    assert titles(client.get(register(sort="changed")).content.decode())[0] == "Water Compact v2"


@pytest.mark.parametrize(
    "params",
    [
        {"executed_from": "yesterday"},
        {"executed_from": "2026-03-05", "executed_to": "2026-03-01"},
        {"status": "signed'; DROP TABLE x"},
        {"partnership": "not-a-uuid"},
        {"partnership": "6f1c1a52-4f7e-4a5b-9b49-1b2d6a7e0c11"},  # no such partnership
        {"stage": "99"},
        {"sort": "password"},
        {"page": "lots"},
    ],
)
def test_bad_filters_say_so_and_never_fail(world, login, several, params):
    response = login(world.a.secretariat).get(register(**params))
    assert response.status_code == 200
    html = response.content.decode()
    if params.get("page"):
        assert len(titles(html)) == 4  # the first page
    else:
        assert "Some filters are not valid" in html and titles(html) == []
    if params.get("executed_to"):
        assert "The end of the period comes before its start." in html


def test_empty_states(world, login):
    client = login(world.a.secretariat)
    html = client.get(register()).content.decode()
    assert "Agreements are drafted from a partnership's Agreements tab" in html
    assert reverse("partnership_list", args=["alpha"]) in html
    build(world.a, title="Compact")
    html = client.get(register(q="nothing like it")).content.decode()
    assert "No agreements match" in html and "Clear filters" in html
    assert f'href="{register()}"' in html


def test_pages_of_25(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    for n in range(26):
        build(world.a, title=f"Agreement {n:02d}", partnership=partnership)
    client = login(world.a.secretariat)
    first = client.get(register(q="agreement")).content.decode()
    assert len(titles(first)) == 25 and "26 agreements matching the filters" in first
    assert "page=2" in first and "q=agreement" in first
    assert titles(client.get(register(q="agreement", page=2)).content.decode()) == ["Agreement 25"]


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["secretariat", "broker"])
def test_query_budget(world, login, role):
    a = world.a
    river = PartnershipFactory(platform=a.platform)
    build(a, title="First", partnership=river, status="issued", required=2, signed=1)
    build(a, title="Second", status="executed", required=1, signed=1, executed_at=LATE)
    client = login(getattr(a, role))
    few = _queries(client, register())
    for n in range(28):
        build(
            a,
            title=f"More {n}",
            partnership=river if n % 2 else None,
            status="issued" if n % 3 else "draft",
            required=n % 3,
            signed=n % 2,
        )
    assert _queries(client, register()) == few
    assert _queries(client, register(status="partly_signed", sort="changed")) == few
