"""An issued version keeps its parties as they stood (AgreementVersion.parties), so an
executed agreement reads the same after a partner leaves or an organisation is renamed.

Backfill: each version already issued takes the partners that have a signatory on it
(issuing required one for every active partner). Row-level security would hide every
row from a migration, so this one opts out (as tenancy.unscoped does).
"""

from django.db import migrations, models

BACKFILL = """
UPDATE partnerships_agreementversion AS version
SET parties = coalesce((
    SELECT jsonb_agg(
        jsonb_build_object(
            'partner', partner.id, 'name', organisation.name,
            'sector', organisation.sector, 'role', partner.role
        )
        ORDER BY organisation.name, partner.id
    )
    FROM partnerships_partner AS partner
    JOIN stakeholders_organisation AS organisation ON organisation.id = partner.organisation_id
    WHERE partner.id IN (
        SELECT signatory.partner_id FROM partnerships_signatory AS signatory
        WHERE signatory.version_id = version.id
    )
), '[]'::jsonb)
WHERE version.status <> 'draft'
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.rls_bypass', 'on', true), set_config('app.via', 'system', true)"
        )
        cursor.execute(BACKFILL)
        cursor.execute("SELECT set_config('app.rls_bypass', '', true)")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0009_agreementversion_content_fingerprint")]

    operations = [
        migrations.AddField(
            model_name="agreementversion",
            name="parties",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
