"""The request to sign goes out from a real Celery worker process: the broker issues a
version on the page, the jobs are sent after commit, and the worker mails each signatory
(to files, through EMAIL_BACKEND and EMAIL_FILE_PATH, so that this process can read them)."""

import email
from email import policy
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from tests.partnerships.signing_helpers import add, deal
from tests.platforms.test_worker import workers  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what Django's file backend writes after each message


def read_mail(folder: Path) -> list[email.message.EmailMessage]:
    messages = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                messages.append(email.message_from_bytes(raw, policy=policy.default))
    return messages


def test_a_worker_mails_each_signatory_when_a_version_is_issued(
    world,
    login,
    workers,  # noqa: F811
    tmp_path,
):
    outbox = tmp_path / "mail"
    workers.env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    workers.env["EMAIL_FILE_PATH"] = str(outbox)
    with transaction.atomic():  # the helper sets the tenant, which needs a transaction
        d = deal(world)
        mine = add(world, d, d.ours, "Asha Perera", member=world.a.partner)
        add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    workers.start()
    response = login(world.a.broker).post(
        reverse(
            "agreement_version_issue",
            args=["alpha", d.partnership.public_id, d.agreement.public_id, 1],
        )
    )
    assert response.status_code == 302

    def done():
        with unscoped():
            jobs = list(Job.objects.filter(kind="agreement_email"))
        finished = [j for j in jobs if j.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)]
        return jobs if len(jobs) == 2 and len(finished) == 2 else None

    jobs = workers.wait_for("the two emails", done, timeout=60)
    assert all(j.status == JobStatus.SUCCEEDED for j in jobs), [j.message for j in jobs]
    messages = {m["To"]: m for m in read_mail(outbox)}
    assert set(messages) == {world.a.partner.user.email, d.other_rep.user.email}
    asha = messages[world.a.partner.user.email]
    assert asha["Subject"] == "Please sign Water MoU, version 1, for Sarvodaya"
    body = asha.get_content()
    assert "(Asia/Colombo)" in body
    assert f"/versions/1/sign/{mine.public_id}/" in body
