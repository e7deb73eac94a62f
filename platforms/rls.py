"""Row-level security and the audit trail, installed on every tenant table.

A tenant table is any table with a ``platform_id`` column that points at
platforms_platform: every model built on TenantModel, guardian's direct permission
tables, and whatever later apps add. After each ``migrate`` this module (re)creates, for
each of them:

* ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` (FORCE because the application's role owns
  the tables, and owners skip policies otherwise) and one policy comparing platform_id
  with the transaction's ``app.platform_id`` (or lets everything through while
  ``app.rls_bypass`` is on: ``platforms.tenancy.unscoped``, the explicit opt-out);
* the audit trigger, which writes every insert, update and delete to platforms_auditevent.

It is idempotent; running it twice changes nothing. The reasons are in
docs/decisions/0001-row-level-security.md and 0002-audit-trail.md.
"""

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.utils.text import capfirst

from platforms.models import AuditEvent, Platform

POLICY = "tenant_isolation"
AUDIT_TRIGGER = "audit_changes"
TENANT_MATCH = (
    "(platform_id = NULLIF(current_setting('app.platform_id', true), '')::bigint"
    " OR current_setting('app.rls_bypass', true) = 'on')"
)
ALWAYS_IGNORED = ("updated_at", "created_at")

FUNCTIONS_SQL = r"""
CREATE OR REPLACE FUNCTION bridgework_audit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ignored text[] := TG_ARGV;
    -- Stored in the event's own columns; repeating them in a snapshot is noise.
    identity_cols text[] := ARRAY['id', 'platform_id', 'public_id'];
    old_row jsonb;
    new_row jsonb;
    diff jsonb := '{}'::jsonb;
    row_data jsonb;
    col text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        diff := to_jsonb(NEW) - ignored - identity_cols;
        row_data := to_jsonb(NEW);
    ELSIF TG_OP = 'DELETE' THEN
        diff := to_jsonb(OLD) - ignored - identity_cols;
        row_data := to_jsonb(OLD);
    ELSE
        old_row := to_jsonb(OLD) - ignored;
        new_row := to_jsonb(NEW) - ignored;
        FOR col IN SELECT jsonb_object_keys(new_row) LOOP
            IF new_row -> col IS DISTINCT FROM old_row -> col THEN
                diff := diff || jsonb_build_object(
                    col, jsonb_build_array(old_row -> col, new_row -> col));
            END IF;
        END LOOP;
        IF diff = '{}'::jsonb THEN
            RETURN NULL;  -- only ignored columns changed: nothing worth recording
        END IF;
        row_data := to_jsonb(NEW);
    END IF;
    INSERT INTO platforms_auditevent
        (platform_id, occurred_at, actor_id, via, action, table_name,
         object_id, object_public_id, changes)
    VALUES (
        (row_data ->> 'platform_id')::bigint,
        clock_timestamp(),
        NULLIF(current_setting('app.user_id', true), '')::bigint,
        coalesce(current_setting('app.via', true), ''),
        CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
        TG_TABLE_NAME,
        (row_data ->> 'id')::bigint,
        (row_data ->> 'public_id')::uuid,
        diff
    );
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION bridgework_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % is not allowed', TG_OP;
END;
$$;
"""


def is_tenant_model(model: type[Model]) -> bool:
    """A concrete, managed model whose ``platform`` field points at Platform."""
    meta = model._meta
    if meta.abstract or meta.proxy or not meta.managed:
        return False
    field = next((f for f in meta.concrete_fields if f.name == "platform"), None)
    return field is not None and field.related_model is Platform


def tenant_models() -> list[type[Model]]:
    """Every installed tenant model: the tables that get row-level security."""
    return [model for model in apps.get_models() if is_tenant_model(model)]


def audited_models() -> dict[str, type[Model]]:
    """The tables the audit trail records, by name, with their models.

    Every tenant table but the trail itself (the trigger writes those), and the platform
    row, which has no trigger but whose settings changes platform_update records.
    """
    kinds = {model._meta.db_table: model for model in tenant_models() if model is not AuditEvent}
    kinds[Platform._meta.db_table] = Platform
    return kinds


def audited_label(model: type[Model]) -> str:
    """What an audited table is called on the page: "Membership", "Platform"."""
    return capfirst(str(model._meta.verbose_name))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def secure_model(cursor, model: type[Model]) -> None:
    """Row-level security, and the audit trigger, on one tenant model's table."""
    table = _quote(model._meta.db_table)
    cursor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    cursor.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    cursor.execute(
        f"CREATE POLICY {POLICY} ON {table} USING {TENANT_MATCH} WITH CHECK {TENANT_MATCH}"
    )
    if model is AuditEvent:
        return  # the audit trail does not audit itself
    ignored = ALWAYS_IGNORED + tuple(getattr(model, "audit_ignore", ()))
    # Trigger arguments are string literals; column names never contain quotes, but
    # strip them anyway rather than trust a class attribute inside DDL.
    args = ", ".join("'" + name.replace("'", "") + "'" for name in ignored)
    cursor.execute(f"DROP TRIGGER IF EXISTS {AUDIT_TRIGGER} ON {table}")
    cursor.execute(
        f"CREATE TRIGGER {AUDIT_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION bridgework_audit({args})"
    )


def install_row_level_security(**kwargs) -> None:
    """post_migrate receiver: (re)install the functions, policies and triggers."""
    using = kwargs.get("using", "default")
    if using != "default" or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS_SQL)
        audit = _quote(AuditEvent._meta.db_table)
        cursor.execute(f"DROP TRIGGER IF EXISTS audit_append_only ON {audit}")
        cursor.execute(
            f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {audit} "
            "FOR EACH ROW EXECUTE FUNCTION bridgework_append_only()"
        )
        for model in tenant_models():
            secure_model(cursor, model)
