"""Screening pages: who may see and do what, the forms' refusals (never a 500, nothing
written), and fixed query counts on the lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import (
    DEFAULT_CRITERIA,
    FindingRating,
    Organisation,
    Screening,
    ScreeningCriterion,
    ScreeningDecision,
    ScreeningFinding,
)
from stakeholders.services.screening import (
    screening_criteria_seed,
    screening_open,
)
from tests.factories import OrganisationFactory, ScreeningCriterionFactory
from tests.stakeholders.test_screening_services import decide, findings_of, open_for, snapshot

pytestmark = pytest.mark.django_db


def url(side, name, *args) -> str:
    return reverse(name, args=[side.platform.slug, *args])


def seed(platform) -> None:
    with unscoped():
        screening_criteria_seed(platform=platform)


@pytest.fixture
def scene(world):
    """Platform A with criteria, an organisation, an open screening and a decided one."""
    seed(world.a.platform)
    org, open_screening = open_for(world.a)
    decided_org, decided = open_for(world.a)
    decide(world.a, decided)
    with unscoped():
        criterion = ScreeningCriterion.objects.filter(platform=world.a.platform).first()
    return {
        "org": org,
        "open": open_screening,
        "decided": decided,
        "decided_org": decided_org,
        "criterion": criterion,
    }


def pages(side, scene):
    """(method, url, capability) for every screening page of a side."""
    return [
        ("get", url(side, "criterion_list"), "view"),
        ("get", url(side, "screening_renewals"), "view"),
        ("get", url(side, "screening_history", scene["org"].public_id), "view"),
        ("get", url(side, "screening_detail", scene["open"].public_id), "view"),
        ("get", url(side, "criterion_create"), "criteria"),
        ("post", url(side, "criterion_create"), "criteria"),
        ("get", url(side, "criterion_edit", scene["criterion"].public_id), "criteria"),
        ("post", url(side, "criterion_edit", scene["criterion"].public_id), "criteria"),
        ("post", url(side, "criterion_defaults"), "criteria"),
        ("get", url(side, "screening_create", scene["org"].public_id), "screen"),
        ("post", url(side, "screening_create", scene["org"].public_id), "screen"),
        ("get", url(side, "screening_edit", scene["open"].public_id), "screen"),
        ("post", url(side, "screening_edit", scene["open"].public_id), "screen"),
    ]


ALLOWED = {
    "view": {Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT, Role.OBSERVER},
    "screen": {Role.PLATFORM_ADMIN, Role.BROKER},
    "criteria": {Role.PLATFORM_ADMIN},
}


# --- Who may use the pages --------------------------------------------------------------


def test_members_of_the_other_platform_get_404(world, login, scene):
    before = snapshot(world.a.platform)
    for role in (Role.PLATFORM_ADMIN, Role.BROKER, Role.OBSERVER):
        client = login(world.b.member(role))
        for method, address, _cap in pages(world.a, scene):
            assert getattr(client, method)(address).status_code == 404, (role, method, address)
    assert snapshot(world.a.platform) == before


def test_the_other_platforms_records_are_404_through_ones_own_platform(world, login, scene):
    client = login(world.b.admin)
    seed(world.b.platform)
    before = snapshot(world.a.platform)
    for method, address, _cap in pages(world.b, scene):
        if "criteria/new" in address or "defaults" in address or "renewals" in address:
            continue
        if address.endswith("/criteria/"):
            continue
        assert getattr(client, method)(address).status_code == 404, (method, address)
    assert snapshot(world.a.platform) == before


@pytest.mark.parametrize(
    "role",
    [
        Role.PLATFORM_ADMIN,
        Role.BROKER,
        Role.SECRETARIAT,
        Role.OBSERVER,
        Role.PARTNER_REPRESENTATIVE,
    ],
)
def test_roles(world, login, scene, role):
    client = login(world.a.member(role))
    for method, address, capability in pages(world.a, scene):
        if role in ALLOWED[capability]:
            continue
        before = snapshot(world.a.platform)
        assert getattr(client, method)(address).status_code == 403, (method, address)
        assert snapshot(world.a.platform) == before
    for method, address, capability in pages(world.a, scene):
        if method == "get" and role in ALLOWED[capability]:
            assert client.get(address).status_code == 200, address


def test_anonymous_is_sent_to_login(client, world, scene):
    for method, address, _cap in pages(world.a, scene):
        response = getattr(client, method)(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- Criteria ---------------------------------------------------------------------------


def test_observer_sees_only_published_criteria_and_no_edit_buttons(world, login, scene):
    with unscoped():
        ScreeningCriterion.objects.filter(pk=scene["criterion"].pk).update(
            is_active=False, name="Old criterion"
        )
    page = login(world.a.observer).get(url(world.a, "criterion_list")).content.decode()
    assert "Mandate" in page
    assert "Old criterion" not in page
    assert "Edit" not in page and "Add a criterion" not in page

    page = login(world.a.admin).get(url(world.a, "criterion_list")).content.decode()
    assert "Old criterion" in page and "Retired" in page
    assert url(world.a, "criterion_edit", scene["criterion"].public_id) in page


def test_admin_adds_and_edits_a_criterion(world, login):
    seed(world.a.platform)
    client = login(world.a.admin)
    response = client.post(
        url(world.a, "criterion_create"), {"name": "Gender policy", "description": "Has one."}
    )
    assert response.status_code == 302
    with unscoped():
        criterion = ScreeningCriterion.objects.get(platform=world.a.platform, name="Gender policy")
    assert criterion.is_active is False  # the checkbox was not sent
    response = client.post(
        url(world.a, "criterion_edit", criterion.public_id),
        {"name": "Gender equality", "description": "", "position": "3", "is_active": "on"},
    )
    assert response.status_code == 302
    with unscoped():
        criterion.refresh_from_db()
    assert (criterion.name, criterion.position, criterion.is_active) == ("Gender equality", 3, True)


def test_a_duplicate_criterion_name_is_refused_on_the_form(world, login):
    seed(world.a.platform)
    before = snapshot(world.a.platform)
    response = login(world.a.admin).post(
        url(world.a, "criterion_create"), {"name": "mandate", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "already has a criterion named" in response.content.decode()
    assert snapshot(world.a.platform) == before


@pytest.mark.parametrize("position", ["-1", "abc", "99999"])
def test_a_bad_position_is_refused(world, login, position):
    seed(world.a.platform)
    before = snapshot(world.a.platform)
    response = login(world.a.admin).post(
        url(world.a, "criterion_create"), {"name": "New", "position": position}
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert snapshot(world.a.platform) == before


def test_a_platform_without_criteria_offers_the_defaults(world, login):
    client = login(world.a.admin)
    page = client.get(url(world.a, "criterion_list")).content.decode()
    assert "Add the default criteria" in page
    response = client.post(url(world.a, "criterion_defaults"))
    assert response.status_code == 302
    with unscoped():
        assert ScreeningCriterion.objects.filter(platform=world.a.platform).count() == len(
            DEFAULT_CRITERIA
        )
    page = client.get(url(world.a, "criterion_list")).content.decode()
    assert "Add the default criteria" not in page
    # Again: nothing more is added.
    client.post(url(world.a, "criterion_defaults"))
    with unscoped():
        assert ScreeningCriterion.objects.filter(platform=world.a.platform).count() == len(
            DEFAULT_CRITERIA
        )


def test_others_are_told_criteria_are_missing(world, login):
    page = login(world.a.broker).get(url(world.a, "criterion_list")).content.decode()
    assert "Ask a platform admin" in page
    assert "Add the default criteria" not in page


# --- Opening a screening ----------------------------------------------------------------


def test_broker_opens_a_screening_from_the_confirm_page(world, login):
    seed(world.a.platform)
    org = OrganisationFactory(platform=world.a.platform)
    client = login(world.a.broker)
    page = client.get(url(world.a, "screening_create", org.public_id)).content.decode()
    assert "Open the screening" in page and "Representativeness" in page
    response = client.post(url(world.a, "screening_create", org.public_id))
    with unscoped():
        screening = Screening.objects.get(organisation=org)
        assert Organisation.objects.get(pk=org.pk).screening_status == ScreeningDecision.PENDING
    assert response.url == url(world.a, "screening_edit", screening.public_id)


def test_opening_twice_is_refused_with_a_link_to_the_open_one(world, login, scene):
    client = login(world.a.broker)
    before = snapshot(world.a.platform)
    response = client.post(url(world.a, "screening_create", scene["org"].public_id), follow=True)
    page = response.content.decode()
    assert "already has an open screening" in page
    assert url(world.a, "screening_edit", scene["open"].public_id) in page
    assert snapshot(world.a.platform) == before


def test_opening_without_criteria_tells_to_publish_them(world, login):
    ScreeningCriterionFactory(platform=world.a.platform, is_active=False)
    org = OrganisationFactory(platform=world.a.platform)
    before = snapshot(world.a.platform)
    response = login(world.a.admin).post(
        url(world.a, "screening_create", org.public_id), follow=True
    )
    assert "must publish criteria" in response.content.decode()
    assert snapshot(world.a.platform) == before


def test_opening_an_archived_organisation_is_refused(world, login):
    seed(world.a.platform)
    org = OrganisationFactory(platform=world.a.platform, archived_at=timezone.now())
    before = snapshot(world.a.platform)
    response = login(world.a.broker).post(
        url(world.a, "screening_create", org.public_id), follow=True
    )
    assert "archived" in response.content.decode()
    assert snapshot(world.a.platform) == before


# --- Recording and deciding -------------------------------------------------------------


def form_data(screening, decision="cleared", rating=FindingRating.MEETS, **overrides) -> dict:
    data = {
        "decision": decision,
        "risk_level": "low",
        "conditions": "",
        "summary": "",
        "renew_by": "",
    }
    for finding in findings_of(screening):
        data[f"rating_{finding.public_id.hex}"] = rating
        data[f"finding_{finding.public_id.hex}"] = "Looked at it."
    data.update(overrides)
    return data


def test_the_edit_form_suggests_a_renewal_in_a_year(world, login, scene):
    page = login(world.a.broker).get(url(world.a, "screening_edit", scene["open"].public_id))
    suggested = world.a.platform.today().replace(year=world.a.platform.today().year + 1)
    assert f'value="{suggested:%Y-%m-%d}"' in page.content.decode()


def test_deciding_through_the_form(world, login, scene):
    renew = world.a.platform.today() + timedelta(days=300)
    response = login(world.a.broker).post(
        url(world.a, "screening_edit", scene["open"].public_id),
        form_data(
            scene["open"],
            decision="cleared_with_conditions",
            conditions="Quarterly reports.",
            renew_by=f"{renew:%Y-%m-%d}",
        ),
    )
    assert response.status_code == 302
    assert response.url == url(world.a, "screening_detail", scene["open"].public_id)
    with unscoped():
        org = Organisation.objects.get(pk=scene["org"].pk)
        screening = Screening.objects.get(pk=scene["open"].pk)
    assert (org.screening_status, org.screening_renew_by) == ("cleared_with_conditions", renew)
    assert screening.decided_by == world.a.broker.user
    assert {f.rating for f in findings_of(screening)} == {"meets"}


def test_saving_as_pending_stays_on_the_form(world, login, scene):
    response = login(world.a.broker).post(
        url(world.a, "screening_edit", scene["open"].public_id),
        form_data(scene["open"], decision="pending", rating="not_assessed", summary="Started."),
    )
    assert response.url == url(world.a, "screening_edit", scene["open"].public_id)
    with unscoped():
        assert Screening.objects.get(pk=scene["open"].pk).summary == "Started."


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"rating": "brilliant"}, "Select a valid choice"),
        ({"renew_by": "2001-01-01"}, "must be after today"),
        ({"renew_by": "not a date"}, "Enter a valid date"),
        ({"decision": "cleared_with_conditions"}, "Write down the conditions"),
        ({"decision": "declined"}, "Give the reason for declining"),
        ({"decision": "approved"}, "Select a valid choice"),
        ({"risk_level": ""}, "Choose a risk level"),
        ({"rating": "not_assessed"}, "Assess every criterion"),
    ],
)
def test_bad_input_on_the_form_is_refused_and_writes_nothing(
    world, login, scene, overrides, message
):
    renew = world.a.platform.today() + timedelta(days=100)
    data = {"renew_by": f"{renew:%Y-%m-%d}", **overrides}
    rating = data.pop("rating", FindingRating.MEETS)
    decision = data.pop("decision", "cleared")
    before = snapshot(world.a.platform)
    response = login(world.a.broker).post(
        url(world.a, "screening_edit", scene["open"].public_id),
        form_data(scene["open"], decision=decision, rating=rating, **data),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(world.a.platform) == before


def test_a_form_missing_a_finding_is_refused(world, login, scene):
    data = form_data(scene["open"])
    first = findings_of(scene["open"])[0]
    del data[f"rating_{first.public_id.hex}"]
    before = snapshot(world.a.platform)
    response = login(world.a.broker).post(
        url(world.a, "screening_edit", scene["open"].public_id), data
    )
    assert response.status_code == 200
    assert snapshot(world.a.platform) == before


def test_a_decided_screening_cannot_be_edited(world, login, scene):
    client = login(world.a.broker)
    address = url(world.a, "screening_edit", scene["decided"].public_id)
    response = client.get(address, follow=True)
    assert "Open a new screening to change a decision" in response.content.decode()
    before = snapshot(world.a.platform)
    response = client.post(
        address, form_data(scene["decided"], decision="declined", summary="Changed."), follow=True
    )
    assert "Open a new screening to change a decision" in response.content.decode()
    assert snapshot(world.a.platform) == before


# --- Detail and history -----------------------------------------------------------------


def test_detail_shows_the_decision_and_who_made_it_in_platform_time(world, login, scene):
    with unscoped():
        screening = Screening.objects.get(pk=scene["decided"].pk)
    page = login(world.a.observer).get(url(world.a, "screening_detail", screening.public_id))
    text = page.content.decode()
    local = timezone.localtime(screening.decided_at, world.a.platform.tzinfo)
    assert f"{local:%H:%M}" in text
    assert "Broker ALPHA" in text  # decided by
    assert "Cleared" in text and "Low" in text
    for name, _ in DEFAULT_CRITERIA:
        assert name.replace("'", "&#x27;") in text
    assert "Continue the screening" not in text


def test_history_lists_every_screening_newest_first(world, login, scene):
    org = scene["decided_org"]
    _o, second = open_for(world.a, org)
    page = login(world.a.observer).get(url(world.a, "screening_history", org.public_id))
    text = page.content.decode()
    newer = text.index(url(world.a, "screening_detail", second.public_id))
    older = text.index(url(world.a, "screening_detail", scene["decided"].public_id))
    assert newer < older


def test_history_query_count_does_not_grow(world, login, django_assert_max_num_queries):
    seed(world.a.platform)
    org = OrganisationFactory(platform=world.a.platform)
    client = login(world.a.broker)

    def add(n):
        for _ in range(n):
            screening = screening_open(
                platform=world.a.platform, organisation=org, actor=world.a.broker.user
            )
            decide(world.a, screening)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(world.a, "screening_history", org.public_id)).status_code == 200
        return len(ctx.captured_queries)

    add(3)
    few = count()
    add(20)
    assert count() == few


# --- Renewals ---------------------------------------------------------------------------


def cleared(side, renew_in_days: int, name: str):
    """An organisation cleared with the given renew-by (in the past: an expired clearance)."""
    org, screening = open_for(side, OrganisationFactory(platform=side.platform, name=name))
    today = side.platform.today()
    decide(side, screening, renew_by=today + timedelta(days=400))
    renew_by = today + timedelta(days=renew_in_days)
    with unscoped():
        Organisation.objects.filter(pk=org.pk).update(screening_renew_by=renew_by)
        Screening.objects.filter(pk=screening.pk).update(renew_by=renew_by)
    return org


def test_renewals_page_sorts_expired_due_and_open(world, login):
    seed(world.a.platform)
    cleared(world.a, -10, "Expired Org")
    cleared(world.a, 20, "Soon Org")
    cleared(world.a, 75, "Later Org")
    cleared(world.a, 200, "Far Org")
    waiting, _s = open_for(
        world.a, OrganisationFactory(platform=world.a.platform, name="Waiting Org")
    )
    client = login(world.a.broker)

    text = client.get(url(world.a, "screening_renewals")).content.decode()
    expired_part, rest = text.split('id="due-heading"')
    due_part, open_part = rest.split('id="open-heading"')
    assert "Expired Org" in expired_part and "Screening expired" in expired_part
    assert ">10<" in expired_part  # days overdue
    assert "Soon Org" in due_part and ">20<" in due_part
    assert "Later Org" not in due_part  # outside the default 60 days
    assert "Far Org" not in text
    assert "Waiting Org" in open_part
    assert "Renew" in expired_part
    assert url(world.a, "criterion_list") in text

    text = client.get(url(world.a, "screening_renewals"), {"days": "90"}).content.decode()
    assert "Later Org" in text.split('id="due-heading"')[1].split('id="open-heading"')[0]


def test_a_renewal_under_way_shows_continue(world, login):
    seed(world.a.platform)
    org = cleared(world.a, -5, "Renewing Org")
    _o, renewal = open_for(world.a, org)
    text = login(world.a.broker).get(url(world.a, "screening_renewals")).content.decode()
    expired_part = text.split('id="due-heading"')[0]
    assert url(world.a, "screening_edit", renewal.public_id) in expired_part
    assert url(world.a, "screening_create", org.public_id) not in expired_part


def test_renewals_with_a_bad_window_does_not_fail(world, login):
    response = login(world.a.observer).get(url(world.a, "screening_renewals"), {"days": "7; drop"})
    assert response.status_code == 200
    assert "Due within 60 days" in response.content.decode()


def test_renewals_empty_states(world, login):
    text = login(world.a.observer).get(url(world.a, "screening_renewals")).content.decode()
    assert "No clearance has expired" in text
    assert "No screening is waiting for a decision" in text
    assert "Renew" not in text.replace("Renew-by", "").replace("renew-by", "")


def test_renewals_query_count_does_not_grow(world, login):
    seed(world.a.platform)
    client = login(world.a.broker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, offset):
        for i in range(n):
            cleared(world.a, -1 - i, f"Expired {offset}-{i}")
            cleared(world.a, 1 + i, f"Due {offset}-{i}")
            org = cleared(world.a, -2 - i, f"Renewing {offset}-{i}")
            open_for(world.a, org)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(world.a, "screening_renewals")).status_code == 200
        return len(ctx.captured_queries)

    add(3, "a")
    few = count()
    add(27, "b")  # 30 of each: past one page of every table
    many = count()
    assert many == few
    text = client.get(url(world.a, "screening_renewals"), {"expired_page": "2"}).content.decode()
    assert "Page 2 of" in text


def test_screening_counts_are_tenant_scoped(world, login):
    """Another platform's screenings never show on the renewals page."""
    seed(world.b.platform)
    cleared(world.b, -3, "Beta Expired")
    text = login(world.a.admin).get(url(world.a, "screening_renewals")).content.decode()
    assert "Beta Expired" not in text
    with unscoped():
        assert ScreeningFinding.objects.filter(platform=world.b.platform).exists()
