"""An organisation's page: its sections, who sees which buttons, recent activity without
the values, and a query count that does not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Sector, SubType
from stakeholders.services.organisations import contact_create, organisation_update
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    OrganisationFactory,
    PositionFactory,
    RepresentativeFactory,
    ScreeningFactory,
    StakeholderMapFactory,
)


def detail_url(side, organisation) -> str:
    return reverse("organisation_detail", args=[side.platform.slug, organisation.public_id])


@pytest.fixture
def org(world):
    return OrganisationFactory(
        platform=world.a.platform,
        name="Sarvodaya",
        acronym="SSM",
        sector=Sector.CIVIL_SOCIETY,
        sub_type=SubType.NATIONAL_NGO,
        website="https://sarvodaya.org",
        themes=["Food security"],
        mandate="Village development",
        constituencies="Rural households",
    )


def test_detail_shows_every_section(login, world, org):
    contact = ContactFactory(organisation=org, name="Ana Perera", email="ana@example.org")
    RepresentativeFactory(membership=world.a.partner, organisation=org, contact=contact)
    screening = ScreeningFactory(
        organisation=org, decision="cleared", renew_by=timezone.now().date() + timedelta(days=30)
    )
    the_map = StakeholderMapFactory(platform=world.a.platform, title="Food security 2026")
    PositionFactory(map=the_map, organisation=org, interest=8, influence=7, attitude="supportive")
    InteractionFactory(
        organisation=org,
        subject="Kick-off",
        follow_up_on=timezone.now().date() + timedelta(days=3),
    )
    response = login(world.a.broker).get(detail_url(world.a, org))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Sarvodaya",
        "SSM",
        "National NGO",
        "Sri Lanka",
        "https://sarvodaya.org",
        "Food security",
        "Village development",
        "Rural households",
        "Ana Perera",
        "Partner representative",
        "partner@alpha.example",
        "Food security 2026",
        "Manage closely",
        "Supportive",
        "Kick-off",
        "Follow up:",
    ):
        assert text in html, text
    slug = world.a.platform.slug
    assert reverse("screening_detail", args=[slug, screening.public_id]) in html
    assert reverse("screening_create", args=[slug, org.public_id]) in html
    assert reverse("screening_history", args=[slug, org.public_id]) in html
    assert reverse("map_detail", args=[slug, the_map.public_id]) in html
    assert reverse("interaction_create", args=[slug, org.public_id]) in html
    assert reverse("contact_create", args=[slug, org.public_id]) in html


def test_observer_sees_no_write_buttons(login, world, org):
    contact = ContactFactory(organisation=org, email="ana@example.org")
    html = login(world.a.observer).get(detail_url(world.a, org)).content.decode()
    slug = world.a.platform.slug
    assert reverse("organisation_edit", args=[slug, org.public_id]) not in html
    assert reverse("contact_edit", args=[slug, org.public_id, contact.public_id]) not in html
    assert reverse("contact_invite", args=[slug, org.public_id, contact.public_id]) not in html
    assert reverse("screening_create", args=[slug, org.public_id]) not in html
    assert reverse("interaction_create", args=[slug, org.public_id]) not in html


def test_secretariat_may_edit_but_not_invite_or_screen(login, world, org):
    contact = ContactFactory(organisation=org, email="ana@example.org")
    html = login(world.a.secretariat).get(detail_url(world.a, org)).content.decode()
    slug = world.a.platform.slug
    assert reverse("organisation_edit", args=[slug, org.public_id]) in html
    assert reverse("contact_invite", args=[slug, org.public_id, contact.public_id]) not in html
    assert reverse("screening_create", args=[slug, org.public_id]) not in html


def test_invite_button_only_for_contacts_with_an_email(login, world, org):
    with_email = ContactFactory(organisation=org, email="ana@example.org")
    without = ContactFactory(organisation=org, email="")
    html = login(world.a.broker).get(detail_url(world.a, org)).content.decode()
    slug = world.a.platform.slug
    assert reverse("contact_invite", args=[slug, org.public_id, with_email.public_id]) in html
    assert reverse("contact_invite", args=[slug, org.public_id, without.public_id]) not in html


def test_archived_banner(login, world, org):
    with unscoped():
        org.archived_at = timezone.now()
        org.save()
    html = login(world.a.broker).get(detail_url(world.a, org)).content.decode()
    assert "Archived" in html
    assert reverse("organisation_restore", args=[world.a.platform.slug, org.public_id]) in html


def test_recent_activity_says_who_and_what_but_not_the_values(login, world, org):
    organisation_update(
        platform=world.a.platform,
        organisation=org,
        actor=world.a.broker.user,
        mandate="A secret new mandate",
    )
    contact_create(
        platform=world.a.platform,
        organisation=org,
        actor=world.a.admin.user,
        name="Nimal Silva",
        email="nimal@example.org",
    )
    activity = login(world.a.observer).get(detail_url(world.a, org)).context["activity"]
    assert [(item.who, item.event.action, item.what) for item in activity] == [
        ("Admin ALPHA", "create", "contact Nimal Silva"),
        ("Broker ALPHA", "update", "the organisation"),
        ("System", "create", "the organisation"),  # the factory wrote it unscoped
    ]
    assert activity[1].fields == ["Mandate"]
    html = login(world.a.observer).get(detail_url(world.a, org)).content.decode()
    assert "A secret new mandate" not in html.split('id="activity-heading"')[1]


def test_activity_of_deleted_contacts_stays_and_other_orgs_are_left_out(login, world, org):
    from stakeholders.services.organisations import contact_delete

    other = OrganisationFactory(platform=world.a.platform)
    contact = contact_create(
        platform=world.a.platform, organisation=org, actor=world.a.broker.user, name="Gone Soon"
    )
    contact_create(
        platform=world.a.platform, organisation=other, actor=world.a.broker.user, name="Elsewhere"
    )
    contact_delete(platform=world.a.platform, contact=contact, actor=world.a.broker.user)
    activity = login(world.a.broker).get(detail_url(world.a, org)).context["activity"]
    assert [(item.event.action, item.what) for item in activity] == [
        ("delete", "contact Gone Soon"),
        ("create", "contact Gone Soon"),
        ("create", "the organisation"),
    ]


@pytest.mark.parametrize("role", [Role.PARTNER_REPRESENTATIVE])
def test_partner_representative_gets_403(login, world, org, role):
    assert login(world.a.member(role)).get(detail_url(world.a, org)).status_code == 403


def test_other_platform_gets_404(login, world, org):
    assert login(world.b.admin).get(detail_url(world.a, org)).status_code == 404
    # Through their own platform's address, A's organisation does not exist either.
    assert login(world.b.admin).get(detail_url(world.b, org)).status_code == 404


def _fill(world, org, n):
    for _ in range(n):
        contact = ContactFactory(organisation=org)
        ScreeningFactory(organisation=org)
        PositionFactory(map=StakeholderMapFactory(platform=world.a.platform), organisation=org)
        InteractionFactory(organisation=org, follow_up_on=timezone.now().date())
        membership = RepresentativeFactory(
            membership__platform=world.a.platform, organisation=org, contact=contact
        ).membership
        assert membership.platform_id == world.a.platform.pk


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(login, world, org):
    client = login(world.a.broker)
    _fill(world, org, 2)
    few = _queries(client, detail_url(world.a, org))
    _fill(world, org, 18)  # more interactions and follow-ups due than the page shows
    with unscoped():
        for contact in org.contacts.all():
            contact.phone = "+94 11 000"
            contact.save()
    many = _queries(client, detail_url(world.a, org))
    assert few == many


# --- The engagement log on the page: every interaction, and follow-ups to mark done ---------


def log_of(world, org, n: int, **fields) -> None:
    day = timezone.localdate(timezone=world.a.platform.tzinfo)
    for i in range(n):
        InteractionFactory(
            organisation=org, occurred_on=day - timedelta(days=i + 1), subject=f"Call {i}", **fields
        )


def test_the_page_links_to_all_of_its_interactions(login, world, org):
    log_of(world, org, 12)
    InteractionFactory(organisation=OrganisationFactory(platform=world.a.platform))
    response = login(world.a.observer).get(detail_url(world.a, org))
    html = response.content.decode()
    interactions = response.context["interactions"]
    assert (len(interactions.rows), interactions.total) == (10, 12)
    log_url = reverse("interaction_list", args=[world.a.platform.slug])
    assert f'href="{log_url}?organisation={org.public_id}">See all 12 interactions' in html


def test_due_follow_ups_can_be_marked_done_from_the_page(login, world, org):
    day = timezone.localdate(timezone=world.a.platform.tzinfo)
    due = InteractionFactory(
        organisation=org,
        occurred_on=day - timedelta(days=60),
        subject="Old workshop",
        follow_up_on=day - timedelta(days=1),
    )
    log_of(world, org, 11)  # the due one is older than the latest ten, and still shows
    InteractionFactory(organisation=org, subject="Later", follow_up_on=day + timedelta(days=5))
    client = login(world.a.secretariat)
    page = detail_url(world.a, org)
    response = client.get(page)
    assert [i.subject for i in response.context["follow_ups"].rows] == ["Old workshop"]
    done = reverse("interaction_follow_up_done", args=[world.a.platform.slug, due.public_id])
    html = response.content.decode()
    assert f'action="{done}"' in html
    assert f'<input type="hidden" name="next" value="{page}">' in html

    response = client.post(done, {"next": page})
    assert response.status_code == 302 and response.url == page
    with unscoped():
        due.refresh_from_db()
    assert due.follow_up_done_at is not None
    assert client.get(page).context["follow_ups"].rows == []


def test_who_cannot_log_sees_no_mark_done(login, world, org):
    day = timezone.localdate(timezone=world.a.platform.tzinfo)
    due = InteractionFactory(organisation=org, follow_up_on=day - timedelta(days=1))
    html = login(world.a.observer).get(detail_url(world.a, org)).content.decode()
    assert "Follow-ups due" in html
    done = reverse("interaction_follow_up_done", args=[world.a.platform.slug, due.public_id])
    assert done not in html


def test_the_strategy_label_comes_from_the_maps_selector():
    from stakeholders.selectors import maps
    from stakeholders.views import organisations as views

    assert views.strategy_label is maps.strategy_label
