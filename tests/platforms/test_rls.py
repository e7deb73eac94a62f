"""Row-level security, proved on PostgreSQL as the application's own role.

The checks read the database catalogue and run raw SQL, so they hold whatever the ORM
or a later app does: a row of platform B is invisible and unwritable while platform A
is set, and with no platform set nothing is visible at all.
"""

import psycopg2
import pytest
from django.db import DatabaseError, connection, transaction

from platforms import rls
from platforms.models import AuditEvent, Membership, Role
from platforms.tenancy import current_platform_id, platform_transaction, tenant, unscoped
from tests.factories import MembershipFactory, PlatformFactory, UserFactory


def count(table: str = "platforms_membership") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"select count(*) from {table}")
        return cursor.fetchone()[0]


def platforms_seen() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("select distinct platform_id from platforms_membership")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def two(db):
    """Two platforms with two members each, written with RLS opted out by the factories."""
    a, b = PlatformFactory(slug="rls-a"), PlatformFactory(slug="rls-b")
    MembershipFactory.create_batch(2, platform=a)
    MembershipFactory.create_batch(2, platform=b)
    return a, b


# --- the database role and the catalogue ---------------------------------------------


@pytest.mark.django_db
def test_the_application_role_cannot_skip_row_level_security():
    with connection.cursor() as cursor:
        cursor.execute("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
        superuser, bypass = cursor.fetchone()
    assert (superuser, bypass) == (False, False)


@pytest.mark.django_db
def test_every_tenant_table_has_forced_rls_a_policy_and_the_audit_trigger():
    models = rls.tenant_models()
    assert Membership in models and AuditEvent in models
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "select relrowsecurity, relforcerowsecurity from pg_class where oid = %s::regclass",
                [table],
            )
            assert cursor.fetchone() == (True, True), table
            cursor.execute(
                "select count(*) from pg_policies where tablename = %s and policyname = %s",
                [table, rls.POLICY],
            )
            assert cursor.fetchone()[0] == 1, table
            cursor.execute(
                "select count(*) from pg_trigger where tgrelid = %s::regclass and tgname = %s",
                [table, rls.AUDIT_TRIGGER],
            )
            assert cursor.fetchone()[0] == (0 if model is AuditEvent else 1), table


@pytest.mark.django_db
def test_installing_twice_changes_nothing():
    rls.install_row_level_security(using="default")
    rls.install_row_level_security(using="default")
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from pg_policies where policyname = %s", [rls.POLICY])
        assert cursor.fetchone()[0] == len(rls.tenant_models())


# --- raw SQL ------------------------------------------------------------------------


def test_with_no_platform_set_raw_sql_sees_no_rows(two):
    assert current_platform_id() is None
    assert count() == 0
    assert count("platforms_auditevent") == 0
    with unscoped():
        assert count() == 4  # the rows exist; the policy hides them


def test_with_platform_a_set_raw_sql_sees_only_a(two):
    a, b = two
    with platform_transaction(a.pk):
        assert count() == 2
        assert platforms_seen() == {a.pk}
    with platform_transaction(b.pk):
        assert platforms_seen() == {b.pk}


def test_inserting_a_row_of_b_while_a_is_set_is_refused(two):
    a, b = two
    user = UserFactory()
    with platform_transaction(a.pk), pytest.raises(DatabaseError) as refused, transaction.atomic():
        Membership.objects.create(platform=b, user=user, role=Role.OBSERVER)
    assert isinstance(refused.value.__cause__, psycopg2.errors.InsufficientPrivilege)
    assert "row-level security" in str(refused.value)
    with unscoped():
        assert not Membership.objects.filter(user=user).exists()


def test_raw_insert_of_a_row_of_b_while_a_is_set_is_refused(two):
    a, b = two
    user = UserFactory()
    refused = pytest.raises(DatabaseError, match="row-level security")
    with platform_transaction(a.pk), refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "insert into platforms_membership"
            " (platform_id, user_id, role, public_id, created_at, updated_at)"
            " values (%s, %s, 'observer', gen_random_uuid(), now(), now())",
            [b.pk, user.pk],
        )


def test_updating_rows_of_b_while_a_is_set_touches_nothing(two):
    a, b = two
    with platform_transaction(a.pk):
        assert Membership.objects.filter(platform=b).update(role=Role.OBSERVER) == 0
        with connection.cursor() as cursor:
            cursor.execute(
                "update platforms_membership set role = 'observer' where platform_id = %s", [b.pk]
            )
            assert cursor.rowcount == 0
            cursor.execute("delete from platforms_membership where platform_id = %s", [b.pk])
            assert cursor.rowcount == 0
    with unscoped():
        assert Membership.objects.filter(platform=b).exclude(role=Role.OBSERVER).count() == 2


def test_moving_a_row_of_a_to_b_while_a_is_set_is_refused(two):
    a, b = two
    refused = pytest.raises(DatabaseError, match="row-level security")
    with platform_transaction(a.pk), refused, transaction.atomic():
        Membership.objects.filter(platform=a).update(platform=b)


# --- the setting's lifetime and the helpers -----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_platform_setting_ends_with_its_transaction():
    a = PlatformFactory()
    MembershipFactory.create_batch(2, platform=a)
    with platform_transaction(a.pk):
        assert current_platform_id() == a.pk
        assert count() == 2
    # Autocommit again: the next statement is a new transaction, and the setting is gone.
    assert not connection.in_atomic_block
    assert current_platform_id() is None
    assert count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_tenant_cannot_be_set_outside_a_transaction():
    a = PlatformFactory()
    with pytest.raises(RuntimeError, match="inside a transaction"), tenant(a.pk):
        pass
    assert current_platform_id() is None


@pytest.mark.parametrize("bad", [None, 0, "1", True])
def test_the_tenant_must_be_a_platform_id(db, bad):
    with transaction.atomic(), pytest.raises(ValueError), tenant(bad):
        pass


def test_contexts_nest_and_restore(two):
    a, b = two
    with platform_transaction(a.pk, user_id=7, via="web"):
        with tenant(b.pk, via="task"):
            assert platforms_seen() == {b.pk}
        assert current_platform_id() == a.pk
        assert platforms_seen() == {a.pk}
        with unscoped():
            assert platforms_seen() == {a.pk, b.pk}
        assert platforms_seen() == {a.pk}
        with connection.cursor() as cursor:
            cursor.execute("select current_setting('app.user_id'), current_setting('app.via')")
            assert cursor.fetchone() == ("7", "web")


def test_a_failing_block_restores_the_outer_platform(two):
    a, b = two
    with platform_transaction(a.pk):
        with pytest.raises(LookupError), tenant(b.pk):
            raise LookupError
        assert current_platform_id() == a.pk


def test_a_database_error_inside_a_savepoint_does_not_hide_the_cause(two):
    a, b = two
    with platform_transaction(a.pk):
        user = UserFactory()
        refused = pytest.raises(DatabaseError, match="row-level security")
        with refused, platform_transaction(b.pk):  # its own savepoint, rolled back
            Membership.objects.create(platform=a, user=user, role=Role.OBSERVER)
        # The savepoint's rollback undid B's setting: A is current again.
        assert current_platform_id() == a.pk
        assert platforms_seen() == {a.pk}


# --- a view that forgets to filter ---------------------------------------------------


@pytest.mark.urls("tests.platforms.rls_urls")
def test_an_unscoped_query_in_a_view_returns_nothing_of_another_platform(world, login):
    response = login(world.a.admin).get("/p/alpha/leak/")
    assert response.status_code == 200
    emails = set(response.json()["emails"])
    assert emails == {
        f"{who}@alpha.example" for who in ("admin", "broker", "secretariat", "partner", "observer")
    }


@pytest.mark.urls("tests.platforms.rls_urls")
def test_the_leaky_view_of_another_platform_is_still_404(world, login):
    assert login(world.a.admin).get("/p/beta/leak/").status_code == 404


def test_a_nested_scope_keeps_the_channel_of_the_one_around_it(two):
    a, _ = two
    with (
        platform_transaction(a.pk, via="api"),
        platform_transaction(a.pk, user_id=None),
        connection.cursor() as cursor,
    ):
        cursor.execute("select current_setting('app.via', true)")
        assert cursor.fetchone()[0] == "api"
    with platform_transaction(a.pk), connection.cursor() as cursor:
        cursor.execute("select current_setting('app.via', true)")
        assert cursor.fetchone()[0] == "web"


def test_a_nested_scope_keeps_the_acting_user_of_the_one_around_it(two):
    a, _ = two
    user = UserFactory()
    with (
        platform_transaction(a.pk, user_id=user.pk, via="api"),
        platform_transaction(a.pk),
        connection.cursor() as cursor,
    ):
        cursor.execute("select current_setting('app.user_id', true)")
        assert cursor.fetchone()[0] == str(user.pk)
