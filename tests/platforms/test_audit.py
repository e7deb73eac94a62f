"""The audit trail: a database trigger records every change to tenant data.

Changes are made here through the ORM and raw SQL inside ``platform_transaction``, the
way requests and tasks make them; the trail is read back with RLS opted out.
"""

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from platforms.models import ApiKey, AuditEvent, Job, Membership, Role
from platforms.services import platform_update
from platforms.tenancy import platform_transaction, unscoped
from tests.factories import JobFactory, MembershipFactory, UserFactory


def events(**filters) -> list[AuditEvent]:
    with unscoped():
        return list(AuditEvent.objects.filter(**filters).select_related("actor").order_by("id"))


@pytest.fixture
def start(world):
    """The id after which this test's own events begin (the fixture's set-up is audited too)."""
    with unscoped():
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def test_creating_a_row_is_recorded_with_actor_platform_and_values(world, start):
    a = world.a
    user = UserFactory(email="new@alpha.example")
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id, via="web"):
        membership = Membership.objects.create(platform=a.platform, user=user, role=Role.OBSERVER)

    [event] = events(id__gt=start)
    assert event.action == "create"
    assert event.actor == a.admin.user
    assert event.via == "web"
    assert event.platform_id == a.platform.pk
    assert event.table_name == "platforms_membership"
    assert event.object_id == membership.pk
    assert event.object_public_id == membership.public_id
    assert event.changes == {"user_id": user.pk, "role": "observer"}


def test_an_update_records_only_the_columns_that_changed(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id, via="web"):
        broker = Membership.objects.get(platform=a.platform, pk=a.broker.pk)
        broker.role = Role.SECRETARIAT
        broker.save()

    [event] = events(id__gt=start)
    assert (event.action, event.actor_id, event.object_id) == (
        "update",
        a.admin.user_id,
        a.broker.pk,
    )
    assert event.changes == {"role": ["broker", "secretariat"]}


def test_a_delete_records_what_was_removed(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id, via="api"):
        Membership.objects.filter(platform=a.platform, pk=a.observer.pk).delete()

    [event] = events(id__gt=start)
    assert (event.action, event.via, event.object_public_id) == (
        "delete",
        "api",
        a.observer.public_id,
    )
    assert event.changes == {"user_id": a.observer.user_id, "role": "observer"}


def test_a_bulk_update_records_one_event_per_row(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        changed = (
            Membership.objects.filter(platform=a.platform)
            .exclude(role=Role.PLATFORM_ADMIN)
            .update(role=Role.OBSERVER)
        )
    assert changed == 4

    recorded = events(id__gt=start)
    # The observer already was one: its row was written but nothing changed, so no event.
    assert len(recorded) == 3
    assert {e.object_id for e in recorded} == {a.broker.pk, a.secretariat.pk, a.partner.pk}
    assert all(
        e.changes["role"][1] == "observer" and e.actor_id == a.admin.user_id for e in recorded
    )


def test_raw_sql_is_recorded_too(world, start):
    a = world.a
    with (
        platform_transaction(a.platform.pk, user_id=a.admin.user_id),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "update platforms_membership set role = 'broker' where id = %s", [a.partner.pk]
        )
    [event] = events(id__gt=start)
    assert event.changes == {"role": ["partner_representative", "broker"]}


def test_changes_made_by_no_person_have_no_actor(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, via="task"):
        Membership.objects.filter(pk=a.partner.pk).update(role=Role.OBSERVER)
    [event] = events(id__gt=start)
    assert (event.actor_id, event.via) == (None, "task")


def test_an_update_of_ignored_columns_only_records_nothing(world, start):
    a = world.a
    job = JobFactory(platform=a.platform)
    after_create = events(id__gt=start)[-1].id
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        # updated_at changes on every save; progress and heartbeat are Job.audit_ignore.
        Membership.objects.get(pk=a.broker.pk).save()
        Job.objects.filter(pk=job.pk).update(progress=50, message="halfway")
    assert events(id__gt=after_create) == []


def test_a_create_leaves_ignored_columns_out(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        job = Job.objects.create(platform=a.platform, kind="export", progress=10)
    [event] = events(id__gt=start)
    assert event.object_id == job.pk
    assert event.changes["kind"] == "export"
    assert not {"progress", "updated_at", "created_at", "id", "platform_id", "public_id"} & set(
        event.changes
    )


def test_a_key_hash_never_reaches_the_trail(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        key = ApiKey.objects.create(
            platform=a.platform,
            membership=a.admin,
            name="Reporting",
            prefix="h4audit",
            key_hash="f" * 64,
        )
        key.key_hash = "0" * 64
        key.save()  # only an ignored column changed: no second event
    [event] = events(id__gt=start)
    assert event.changes["prefix"] == "h4audit"
    assert "key_hash" not in event.changes


# --- append-only and isolated --------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    ["update platforms_auditevent set via = 'forged'", "delete from platforms_auditevent"],
)
def test_the_trail_is_append_only(world, statement):
    a = world.a
    with platform_transaction(a.platform.pk), connection.cursor() as cursor:
        cursor.execute("select count(*) from platforms_auditevent")
        before = cursor.fetchone()[0]
        assert before > 0  # the rows are visible, so the refusal is the trigger's
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(statement)
        cursor.execute("select count(*) from platforms_auditevent where via <> 'forged'")
        assert cursor.fetchone()[0] == before


def test_the_orm_cannot_edit_the_trail_either(world):
    with unscoped(), pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_events_of_b_are_invisible_while_a_is_set(world):
    MembershipFactory(platform=world.b.platform)
    with platform_transaction(world.a.platform.pk):
        seen = set(AuditEvent.objects.values_list("platform_id", flat=True))
    assert seen == {world.a.platform.pk}
    with unscoped():
        assert AuditEvent.objects.filter(platform=world.b.platform).exists()


def test_an_event_cannot_be_forged_for_another_platform(world):
    with (
        platform_transaction(world.a.platform.pk),
        pytest.raises(DatabaseError),
        transaction.atomic(),
    ):
        AuditEvent.objects.create(
            platform=world.b.platform,
            occurred_at="2024-01-01T00:00Z",
            action="delete",
            table_name="platforms_membership",
            object_id=1,
        )


# --- the activity page ---------------------------------------------------------------

ACTIVITY = "/p/alpha/activity/"


def add_events(side, n: int, **fields) -> None:
    """n events of one platform, written straight to the trail (inserts are allowed)."""
    values = {
        "platform": side.platform,
        "occurred_at": timezone.now(),
        "actor": side.admin.user,
        "via": "web",
        "action": "update",
        "table_name": "platforms_membership",
        "object_id": side.broker.pk,
        "object_public_id": side.broker.public_id,
        "changes": {"role": ["broker", "observer"]},
        **fields,
    }
    with unscoped():
        AuditEvent.objects.bulk_create(AuditEvent(**values) for _ in range(n))


def test_admins_see_changes_newest_first_in_words(world, login):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        Membership.objects.filter(pk=a.broker.pk).update(role=Role.SECRETARIAT)
    response = login(a.admin).get(ACTIVITY)
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["rows"]
    assert rows[0].event.action == "update"  # the newest
    assert rows[0].who == "Admin ALPHA (admin@alpha.example)"
    assert rows[0].what == "Membership"
    assert (
        '<strong>Role</strong>: Broker <span aria-label="changed to">→</span> Secretariat' in html
    )
    assert str(a.broker.public_id) in html
    # Columns that hold a user are shown as the member's name.
    assert "<strong>User</strong>: Observer ALPHA (observer@alpha.example)" in html
    # The fixture's own set-up was made by no person.
    assert rows[-1].who == "System" and rows[-1].event.action == "create"
    times = [row.event.occurred_at for row in rows]
    assert times == sorted(times, reverse=True)


def test_times_are_shown_in_the_platform_time_zone(world, login):
    add_events(world.a, 1, occurred_at=datetime(2024, 3, 10, 20, 0, tzinfo=UTC))
    html = login(world.a.admin).get(ACTIVITY).content.decode()
    assert "11 Mar 2024 01:30" in html  # Asia/Colombo is UTC+5:30


def test_events_of_another_platform_are_not_listed(world, login):
    add_events(world.b, 3, changes={"role": ["broker", "beta-only"]})
    response = login(world.a.admin).get(ACTIVITY)
    assert "beta-only" not in response.content.decode()
    assert all(row.event.platform_id == world.a.platform.pk for row in response.context["rows"])


@pytest.mark.parametrize("role", ["broker", "secretariat", "partner", "observer"])
def test_other_roles_are_refused(world, login, role):
    assert login(getattr(world.a, role)).get(ACTIVITY).status_code == 403


def test_an_admin_of_another_platform_gets_404(world, login):
    assert login(world.b.admin).get(ACTIVITY).status_code == 404
    assert login(world.outsider).get(ACTIVITY).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(ACTIVITY)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_query_count_does_not_grow_with_the_events(world, login, django_assert_max_num_queries):
    client = login(world.a.admin)
    counts = []
    for n in (10, 90):  # about 10 from the fixture, then 20 and 110: one page, then three
        add_events(world.a, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ACTIVITY, {"page": 2}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(ACTIVITY, {"action": "update", "kind": "platforms_membership"})


def test_pages_hold_fifty_and_keep_the_filters(world, login):
    add_events(world.a, 120)
    response = login(world.a.admin).get(ACTIVITY, {"action": "update"})
    assert len(response.context["rows"]) == 50
    assert response.context["page_obj"].paginator.count == 120
    assert "?action=update&amp;page=2" in response.content.decode()
    last = login(world.a.admin).get(ACTIVITY, {"action": "update", "page": 3})
    assert len(last.context["rows"]) == 20
    # A page number past the end, or not a number, shows a page rather than an error.
    assert login(world.a.admin).get(ACTIVITY, {"page": "999"}).status_code == 200
    assert login(world.a.admin).get(ACTIVITY, {"page": "x"}).status_code == 200


def test_filter_by_actor(world, login):
    a = world.a
    add_events(a, 2, actor=a.broker.user)
    add_events(a, 3)
    rows = login(a.admin).get(ACTIVITY, {"actor": str(a.broker.public_id)}).context["rows"]
    assert len(rows) == 2 and {row.event.actor_id for row in rows} == {a.broker.user_id}
    system = login(a.admin).get(ACTIVITY, {"actor": "system"}).context["rows"]
    assert system and all(row.event.actor_id is None for row in system)


def test_filter_by_kind_and_action(world, login):
    a = world.a
    add_events(a, 2, table_name="platforms_job", action="delete")
    response = login(a.admin).get(ACTIVITY, {"kind": "platforms_job", "action": "delete"})
    assert [row.what for row in response.context["rows"]] == ["Job", "Job"]
    assert '<option value="platforms_job" selected>Job</option>' in response.content.decode()
    assert (
        not login(a.admin)
        .get(ACTIVITY, {"kind": "platforms_job", "action": "create"})
        .context["rows"]
    )


def test_dates_are_read_in_the_platform_time_zone(world, login):
    a = world.a
    # 20:00 UTC on 10 March is already 11 March in Colombo.
    add_events(a, 1, occurred_at=datetime(2024, 3, 10, 20, 0, tzinfo=UTC), via="late")
    client = login(a.admin)

    def vias(**params):
        return [row.event.via for row in client.get(ACTIVITY, params).context["rows"]]

    assert vias(date_from="2024-03-11", date_to="2024-03-11") == ["late"]
    assert vias(date_from="2024-03-10", date_to="2024-03-10") == []
    assert vias(date_to="2024-03-10") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31/02/2024"}, "Enter a valid date."),
        (
            {"date_from": "2024-03-12", "date_to": "2024-03-11"},
            "The end date is before the start date.",
        ),
        (
            {"actor": "00000000-0000-0000-0000-000000000000"},
            "Choose a member of this platform from the list.",
        ),
        ({"kind": "auth_user"}, "Select a valid choice."),
        ({"action": "explode"}, "Select a valid choice."),
    ],
)
def test_invalid_filters_get_a_clear_message(world, login, params, message):
    with unscoped():
        before = AuditEvent.objects.count()
    response = login(world.a.admin).get(ACTIVITY, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Some filters are not valid" in html
    assert response.context["rows"] == []
    with unscoped():
        assert AuditEvent.objects.count() == before


def test_an_actor_of_another_platform_is_not_a_choice(world, login):
    response = login(world.a.admin).get(ACTIVITY, {"actor": str(world.b.admin.public_id)})
    assert "Choose a member of this platform from the list." in response.content.decode()


def test_nothing_matching_says_what_to_do(world, login):
    response = login(world.a.admin).get(
        ACTIVITY, {"date_from": "2001-01-01", "date_to": "2001-01-02"}
    )
    html = response.content.decode()
    assert 'class="empty-state"' in html and "No changes match these filters" in html


def test_an_actor_whose_account_is_gone_is_still_listed(world, login):
    a = world.a
    with unscoped():
        AuditEvent.objects.create(
            platform=a.platform,
            occurred_at=timezone.now(),
            actor_id=2_000_000_000,  # no such user: the trail keeps ids without a constraint
            action="delete",
            table_name="platforms_membership",
            object_id=1,
            changes={"user_id": 2_000_000_000, "role": "broker"},
        )
    response = login(a.admin).get(ACTIVITY)
    assert response.context["rows"][0].who == "A former user"
    assert "user #2000000000 (not a member now)" in response.content.decode()


def test_a_platform_settings_change_is_listed_as_platform_and_can_be_filtered(world, login):
    a = world.a
    platform_update(platform=a.platform, actor=a.admin.user, primary_colour="#8b1f3a")
    add_events(a, 2)  # other kinds of change, to filter out
    client = login(a.admin)

    response = client.get(ACTIVITY, {"kind": "platforms_platform"})
    [row] = response.context["rows"]
    assert row.what == "Platform"
    assert row.event.table_name == "platforms_platform"
    html = response.content.decode()
    assert '<option value="platforms_platform" selected>Platform</option>' in html
    assert "<strong>Primary colour</strong>: #1f5f8b" in html
    assert "platforms_platform</td>" not in client.get(ACTIVITY).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"date_to": "9999-12-31"},  # was a 500: the day after it is past Python's last date
        {"date_from": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "1899-12-31", "date_to": "2024-01-01"},
        {"date_to": "3000-01-01"},
    ],
)
def test_dates_outside_the_years_the_filter_reads_get_a_clear_message(world, login, params):
    response = login(world.a.admin).get(ACTIVITY, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a date between 1900 and 2999." in html
    assert "Some filters are not valid" in html
    assert response.context["rows"] == []


def test_the_first_and_last_dates_the_filter_reads_are_accepted(world, login):
    response = login(world.a.admin).get(
        ACTIVITY, {"date_from": "1900-01-01", "date_to": "2999-12-31"}
    )
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["rows"]


def test_page_links_are_a_named_navigation_that_keeps_the_filters(world, login):
    add_events(world.a, 60)
    html = login(world.a.admin).get(ACTIVITY, {"action": "update", "page": 2}).content.decode()
    assert '<nav class="pagination" aria-label="Pages of activity">' in html
    assert 'href="?action=update&amp;page=1" rel="prev">Newer</a>' in html
    assert "Page 2 of 2" in html
