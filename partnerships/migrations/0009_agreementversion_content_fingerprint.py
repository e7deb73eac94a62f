"""The content fingerprint printed in a version's PDF becomes a column (indexed, like the
file's fingerprint now is), so the verification page finds it by one lookup instead of
searching the render jobs' results.

Backfill: each version takes the content fingerprint of the render job that produced its
current file, i.e. whose result's file fingerprint is the version's. Row-level security
would hide every row from a migration, so this one opts out (as tenancy.unscoped does).
"""

from django.db import migrations, models

BACKFILL = """
UPDATE partnerships_agreementversion AS version
SET content_fingerprint = job.result ->> 'content_fingerprint'
FROM platforms_job AS job
WHERE job.kind = 'agreement_pdf'
  AND job.status = 'succeeded'
  AND job.platform_id = version.platform_id
  AND job.result ->> 'version_id' = version.id::text
  AND job.result ->> 'fingerprint' = version.fingerprint
  AND coalesce(job.result ->> 'content_fingerprint', '') ~ '^[0-9a-f]{64}$'
  AND version.fingerprint <> ''
  AND version.content_fingerprint = ''
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.rls_bypass', 'on', true), set_config('app.via', 'system', true)"
        )
        cursor.execute(BACKFILL)
        cursor.execute("SELECT set_config('app.rls_bypass', '', true)")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0008_signatories"),
        ("platforms", "0002_audit_download"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreementversion",
            name="content_fingerprint",
            field=models.CharField(
                blank=True, db_index=True, help_text="SHA-256 of the PDF's content.", max_length=64
            ),
        ),
        migrations.AlterField(
            model_name="agreementversion",
            name="fingerprint",
            field=models.CharField(
                blank=True, db_index=True, help_text="SHA-256 of the PDF.", max_length=64
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
