"""The audit trail: a database trigger records every change to tenant data.

Changes are made here through the ORM and raw SQL inside ``platform_transaction``, the
way requests and tasks make them; the trail is read back with RLS opted out.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from platforms.models import ApiKey, AuditEvent, Job, Membership, Role
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
    assert (event.action, event.actor_id, event.object_id) == ("update", a.admin.user_id, a.broker.pk)
    assert event.changes == {"role": ["broker", "secretariat"]}


def test_a_delete_records_what_was_removed(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id, via="api"):
        Membership.objects.filter(platform=a.platform, pk=a.observer.pk).delete()

    [event] = events(id__gt=start)
    assert (event.action, event.via, event.object_public_id) == ("delete", "api", a.observer.public_id)
    assert event.changes == {"user_id": a.observer.user_id, "role": "observer"}


def test_a_bulk_update_records_one_event_per_row(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        changed = Membership.objects.filter(platform=a.platform).exclude(role=Role.PLATFORM_ADMIN).update(
            role=Role.OBSERVER
        )
    assert changed == 4

    recorded = events(id__gt=start)
    # The observer already was one: its row was written but nothing changed, so no event.
    assert len(recorded) == 3
    assert {e.object_id for e in recorded} == {a.broker.pk, a.secretariat.pk, a.partner.pk}
    assert all(e.changes["role"][1] == "observer" and e.actor_id == a.admin.user_id for e in recorded)


def test_raw_sql_is_recorded_too(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id), connection.cursor() as cursor:
        cursor.execute("update platforms_membership set role = 'broker' where id = %s", [a.partner.pk])
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
    assert not {"progress", "updated_at", "created_at", "id", "platform_id", "public_id"} & set(event.changes)


def test_a_key_hash_never_reaches_the_trail(world, start):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        key = ApiKey.objects.create(
            platform=a.platform, membership=a.admin, name="Reporting", prefix="h4audit", key_hash="f" * 64
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
    with platform_transaction(world.a.platform.pk), pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.create(
            platform=world.b.platform,
            occurred_at="2024-01-01T00:00Z",
            action="delete",
            table_name="platforms_membership",
            object_id=1,
        )
