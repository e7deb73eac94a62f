"""A worker knows every job kind the web can enqueue.

A worker imports only ``tasks`` modules; ``job_kinds_load`` then imports each app's
services. A handler defined in a services module that the package does not import would
be registered in the web process (which imported it through a view) and unknown in the
worker, whose jobs would fail. This runs in a fresh interpreter, as a worker starts.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

EXPECTED = {
    "agreement_email",
    "agreement_pdf",
    "agreement_zip",
    "invitation_email",
    "organisation_import",
    "organisation_import_check",
}


def test_a_fresh_worker_process_registers_every_job_kind():
    code = (
        "import django, json; django.setup(); "
        "import platforms.tasks; from platforms.jobs import HANDLERS; "
        "print(json.dumps(sorted(HANDLERS)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    kinds = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert kinds >= EXPECTED, f"missing in a worker: {sorted(EXPECTED - kinds)}"
