"""Every rendered PDF of an agreement version gets a row (AgreementFile), so a copy
downloaded before a later render still verifies: the version's own fingerprint columns
keep only the latest render.

Backfill, in two passes: the files the successful render jobs made (their results name
the key and both fingerprints), then the file each version's columns still name, where
no job told of it (its key is then unknown, and left empty). A file counts as executed,
i.e. it printed its content fingerprint, when it was rendered after the version was
executed and before a later version superseded it. Row-level security would hide every
row from a migration, so this one opts out (as tenancy.unscoped does).
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

FROM_JOBS = """
INSERT INTO partnerships_agreementfile
    (public_id, created_at, updated_at, platform_id, version_id, key, sha256,
     content_fingerprint, executed, bytes)
SELECT DISTINCT ON (job.platform_id, job.result ->> 'key', job.result ->> 'fingerprint')
    gen_random_uuid(), coalesce(job.finished_at, job.created_at), now(),
    job.platform_id, version.id, job.result ->> 'key', job.result ->> 'fingerprint',
    job.result ->> 'content_fingerprint',
    version.executed_at IS NOT NULL
        AND coalesce(job.started_at, job.created_at) >= version.executed_at
        AND NOT EXISTS (
            SELECT 1 FROM partnerships_agreementversion AS later
            WHERE later.agreement_id = version.agreement_id
              AND later.number > version.number
              AND later.executed_at <= coalesce(job.started_at, job.created_at)
        ),
    CASE WHEN job.result ->> 'bytes' ~ '^[0-9]{1,9}$'
        THEN (job.result ->> 'bytes')::integer END
FROM platforms_job AS job
JOIN partnerships_agreementversion AS version
    ON version.id::text = job.result ->> 'version_id'
    AND version.platform_id = job.platform_id
WHERE job.kind = 'agreement_pdf'
  AND job.status = 'succeeded'
  AND coalesce(job.result ->> 'key', '') <> ''
  AND coalesce(job.result ->> 'fingerprint', '') ~ '^[0-9a-f]{64}$'
  AND coalesce(job.result ->> 'content_fingerprint', '') ~ '^[0-9a-f]{64}$'
ORDER BY job.platform_id, job.result ->> 'key', job.result ->> 'fingerprint', job.created_at
ON CONFLICT DO NOTHING
"""

FROM_VERSIONS = """
INSERT INTO partnerships_agreementfile
    (public_id, created_at, updated_at, platform_id, version_id, key, sha256,
     content_fingerprint, executed, bytes)
SELECT gen_random_uuid(), now(), now(), version.platform_id, version.id, '',
    version.fingerprint, version.content_fingerprint,
    version.executed_at IS NOT NULL AND version.status IN ('executed', 'superseded'),
    NULL
FROM partnerships_agreementversion AS version
WHERE version.fingerprint ~ '^[0-9a-f]{64}$'
  AND version.content_fingerprint ~ '^[0-9a-f]{64}$'
  AND NOT EXISTS (
      SELECT 1 FROM partnerships_agreementfile AS file
      WHERE file.version_id = version.id AND file.sha256 = version.fingerprint
  )
ON CONFLICT DO NOTHING
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.rls_bypass', 'on', true), set_config('app.via', 'system', true)"
        )
        cursor.execute(FROM_JOBS)
        cursor.execute(FROM_VERSIONS)
        # The bypass stays on (local to this migration's transaction): the new table's
        # foreign keys are checked at commit, and must see every version.


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0010_agreementversion_parties"),
        ("platforms", "0002_audit_download"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgreementFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("key", models.CharField(help_text="Where the file is stored.", max_length=300)),
                (
                    "sha256",
                    models.CharField(
                        db_index=True, help_text="SHA-256 of the file.", max_length=64
                    ),
                ),
                (
                    "content_fingerprint",
                    models.CharField(
                        db_index=True,
                        help_text="SHA-256 of the content it was rendered from.",
                        max_length=64,
                    ),
                ),
                ("executed", models.BooleanField(default=False)),
                ("bytes", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "platform",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="platforms.platform",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="partnerships.agreementversion",
                    ),
                ),
            ],
            options={
                "ordering": ["version", "created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("platform", "key", "sha256"), name="agreement_file"
                    )
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
