"""Background jobs: the Job row is the truth, the queue only carries the signal.

    @job_handler("invitation_email")
    def send(job: Job, progress: Progress) -> dict | None: ...

    job_enqueue(platform=..., kind="invitation_email", payload={...}, requested_by=user)

A handler runs with the job's platform set for row-level security. It must be
idempotent: a job can be delivered twice (a worker lost mid-job, the sweeper).
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from platforms.models import Job, JobStatus, Platform

HANDLERS: dict[str, Callable] = {}


def job_handler(kind: str):
    def register(fn: Callable) -> Callable:
        HANDLERS[kind] = fn
        return fn

    return register


class Progress:
    """Reports progress from inside a handler, each report in its own short transaction."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, percent: int, message: str = "") -> None:
        from platforms.tenancy import platform_transaction

        with platform_transaction(self.job.platform_id, via="task"):
            Job.objects.filter(pk=self.job.pk).update(
                progress=max(0, min(100, int(percent))), message=message[:500], heartbeat_at=timezone.now()
            )


def job_enqueue(*, platform: Platform, kind: str, payload: dict | None = None, requested_by=None) -> Job:
    """Create the job row and send the signal once the surrounding transaction commits."""
    if kind not in HANDLERS:
        raise ValueError(f"No handler for job kind {kind!r}")
    job = Job.objects.create(
        platform=platform,
        kind=kind,
        payload=payload or {},
        requested_by=requested_by,
        heartbeat_at=timezone.now(),
        status=JobStatus.QUEUED,
    )
    from platforms.tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job.pk, platform.pk))
    return job
