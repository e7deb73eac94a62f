"""Celery entry points for background jobs. They take ids and call platforms.jobs.

Delivery settings (late acknowledgement, reject on worker lost, prefetch one, time
limits, JSON) come from config/settings/base.py.
"""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from platforms.jobs import (
    JOB_MAX_ATTEMPTS,
    TRANSIENT_ERRORS,
    job_execute,
    job_fail,
    job_kinds_load,
    job_sweep_stuck,
)

# The worker imports only ``tasks`` modules; load every module that registers job
# handlers (each app's services, the built-in kinds) so it can run any kind.
job_kinds_load()

RETRY_BACKOFF_SECONDS = 5
RETRY_BACKOFF_MAX_SECONDS = 300  # well under the broker's visibility timeout


# Each retry claims the job again, so a job runs at most JOB_MAX_ATTEMPTS times.
@shared_task(bind=True, max_retries=JOB_MAX_ATTEMPTS - 1, ignore_result=True)
def run_job(self, job_id: int, platform_id: int) -> None:
    try:
        job_execute(job_id=job_id, platform_id=platform_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            job_fail(
                job_id=job_id,
                platform_id=platform_id,
                message="Stopped after several tries: a service this job needs kept failing. Try again later.",
            )
            return
        countdown = get_exponential_backoff_interval(
            factor=RETRY_BACKOFF_SECONDS,
            retries=self.request.retries,
            maximum=RETRY_BACKOFF_MAX_SECONDS,
            full_jitter=True,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(ignore_result=True)
def sweep_stuck_jobs() -> int:
    """Beat runs this every minute (CELERY_BEAT_SCHEDULE)."""
    return job_sweep_stuck()
