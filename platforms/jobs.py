"""Background jobs: the Job row is the truth, the queue only carries the signal.

    @job_handler("invitation_email", label="Invitation email")
    def send(job: Job, progress: Progress) -> dict | None: ...

    job_enqueue(platform=..., kind="invitation_email", payload={...}, requested_by=user)

A handler runs inside one transaction with the job's platform set for row-level
security; the job is marked done in that same transaction, so the handler's database
writes and "succeeded" commit together or not at all. A job can still be delivered
twice (a worker lost mid-job, the sweeper), so anything a handler does outside the
database must be idempotent: write files under a deterministic key (job_store_file).

Life of a job: ``job_enqueue`` (queued) → ``job_claim`` (running, one worker wins) →
handler → succeeded or failed. ``job_sweep_stuck`` puts jobs that stopped moving back in
the queue; ``JOB_MAX_ATTEMPTS`` keeps a job that always kills its worker from looping.
"""

import logging
import smtplib
from collections.abc import Callable
from functools import cache, partial
from typing import Any

import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from platforms.models import Job, JobStatus, Platform
from platforms.permissions import can
from platforms.tenancy import platform_transaction, tenant, unscoped

logger = logging.getLogger(__name__)

HANDLERS: dict[str, Callable] = {}
LABELS: dict[str, str] = {}
FILE_CAPABILITIES: dict[str, str] = {}

# Claims per job, counting deliveries that died with their worker: a job that keeps
# killing its worker (memory, hard time limit) is failed instead of retried for ever.
JOB_MAX_ATTEMPTS = 5
SWEEP_LIMIT = 200

# Errors worth another try later: the database, Redis or the mail server was briefly
# unreachable. Anything else is a bug or bad data, and retrying would fail the same way.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    ConnectionError,
    TimeoutError,
)


class JobError(Exception):
    """An expected failure; its message is shown to the person who asked for the job."""


def job_handler(kind: str, *, label: str = "", file_capability: str = ""):
    """Register a handler. ``file_capability``: who may download the job's file, when
    seeing the job is not enough (a zip of documents for the secretariat's archive must
    not reach a broker who could not download them one by one)."""

    def register(fn: Callable) -> Callable:
        HANDLERS[kind] = fn
        LABELS[kind] = label or kind.replace("_", " ").capitalize()
        if file_capability:
            FILE_CAPABILITIES[kind] = file_capability
        return fn

    return register


def job_file_allowed(job: Job, membership) -> bool:
    """May this member (who can see the job) download its file?"""
    job_kinds_load()
    capability = FILE_CAPABILITIES.get(job.kind)
    return not capability or can(membership, capability)


@cache
def job_kinds_load() -> None:
    """Import every module that registers handlers: each app's ``services`` and the
    built-in ``job_kinds``. A worker imports only ``tasks`` modules by itself; this lets
    it run any kind the web can enqueue, and lets pages name every kind."""
    autodiscover_modules("services", "job_kinds")


def job_label(kind: str) -> str:
    job_kinds_load()
    return LABELS.get(kind) or kind.replace("_", " ").capitalize()


class Progress:
    """Reports progress from inside a handler, each report committed at once.

    The handler runs inside a transaction that commits only at the end, so a report
    written there would stay invisible to the job page and, worse, to the sweeper, which
    would take a long job for a stuck one. Reports therefore go through a second database
    connection with their own tiny transactions.
    """

    def __init__(self, job: Job):
        self.job = job
        self._side: Any = None

    def __call__(self, percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        message = message[:500]
        if not connection.in_atomic_block:
            with platform_transaction(self.job.platform_id, via="task"):
                Job.objects.filter(
                    pk=self.job.pk,
                    platform_id=self.job.platform_id,
                    status=JobStatus.RUNNING,
                    attempts=self.job.attempts,  # only the current claim reports
                ).update(progress=percent, message=message, heartbeat_at=timezone.now())
            return
        self._report_aside(percent, message)

    def _report_aside(self, percent: int, message: str) -> None:
        if self._side is None:
            self._side = connection.copy()
            self._side.set_autocommit(False)
        table = connection.ops.quote_name(Job._meta.db_table)
        try:
            with self._side.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('app.platform_id', %s, true), set_config('app.via', 'task', true)",
                    [str(self.job.platform_id)],
                )
                # SKIP LOCKED: if the handler itself has updated the job row, waiting for
                # that lock would wait for ourselves. Only the current claim reports.
                cursor.execute(
                    f"UPDATE {table} SET progress = %s, message = %s, heartbeat_at = %s "  # noqa: S608
                    f"WHERE id = (SELECT id FROM {table} WHERE id = %s AND platform_id = %s "
                    "AND status = %s AND attempts = %s FOR UPDATE SKIP LOCKED)",
                    [
                        percent,
                        message,
                        timezone.now(),
                        self.job.pk,
                        self.job.platform_id,
                        JobStatus.RUNNING.value,
                        self.job.attempts,
                    ],
                )
            self._side.commit()
        except Exception:
            self._side.rollback()
            raise

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def job_enqueue(
    *,
    platform: Platform,
    kind: str,
    payload: dict | None = None,
    requested_by=None,
    back_url: str = "",
    back_label: str = "",
) -> Job:
    """Create the job row and send the signal once the surrounding transaction commits.

    Call it inside the platform's transaction (a request, a service, a task). If the
    broker is down when the transaction commits, the row stays queued and the sweeper
    sends the signal later, so the error is logged rather than raised.

    ``back_url`` and ``back_label`` name what the job is about (the agreement it renders,
    the import it runs): its page then links "Back to <label>". Kept in the payload
    (``payload["back"]``), which the handler ignores; a path on this site only.
    """
    if kind not in HANDLERS:
        raise ValueError(f"No handler for job kind {kind!r}")
    payload = dict(payload or {})
    if back_url:
        if not back_url.startswith("/") or back_url.startswith(("//", "/\\")):
            raise ValueError(f"A job's back link must be a path on this site: {back_url!r}")
        payload["back"] = {"url": back_url, "label": back_label[:200] or "where it started"}
    job = Job.objects.create(
        platform=platform,
        kind=kind,
        payload=payload,
        requested_by=requested_by,
        heartbeat_at=timezone.now(),
        status=JobStatus.QUEUED,
    )
    _send_on_commit(job.pk, platform.pk)
    return job


def _send_on_commit(job_id: int, platform_id: int) -> None:
    from platforms.tasks import run_job

    transaction.on_commit(partial(run_job.delay, job_id, platform_id), robust=True)


def job_store_file(job: Job, *, filename: str, content: bytes) -> str:
    """Store a handler's output under a key fixed by the job, replacing an earlier run's.

    A re-run after a lost worker then leaves one file, not two. The handler keeps the
    name on ``job.result_file``; it is saved with the job when the job succeeds.
    """
    field = job.result_file
    name = f"jobs/{job.platform_id}/{job.public_id}/{filename}"
    if field.storage.exists(name):
        field.storage.delete(name)
    job.result_file.name = field.storage.save(name, ContentFile(content))
    return job.result_file.name


def _stale_before() -> Any:
    return timezone.now() - settings.JOB_STUCK_AFTER


def _claimable() -> Q:
    stale = _stale_before()
    running_but_stale = Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    )
    return Q(status=JobStatus.QUEUED) | running_but_stale


def job_claim(*, job_id: int, platform_id: int) -> Job | None:
    """Take the job for this worker, or None if it is gone, finished or taken.

    One conditional UPDATE decides: of two workers that try at once, PostgreSQL lets one
    change the row and the other then finds it running with a fresh heartbeat.
    """
    with platform_transaction(platform_id, via="task"):
        row = (
            Job.objects.filter(pk=job_id, platform_id=platform_id).values("requested_by_id").first()
        )
        if row is None:
            logger.info("Job %s is gone; nothing to do.", job_id)
            return None
        # Name the person who asked, so the audit trail shows whose job changed state.
        with tenant(platform_id, user_id=row["requested_by_id"], via="task"):
            now = timezone.now()
            mine = Job.objects.filter(_claimable(), pk=job_id, platform_id=platform_id)
            claimed = mine.filter(attempts__lt=JOB_MAX_ATTEMPTS).update(
                status=JobStatus.RUNNING,
                attempts=F("attempts") + 1,
                progress=0,
                message="Started.",
                started_at=now,
                heartbeat_at=now,
            )
            if not claimed:
                gave_up = mine.update(
                    status=JobStatus.FAILED,
                    finished_at=now,
                    message=f"Stopped after {JOB_MAX_ATTEMPTS} attempts that did not finish. "
                    "Try again; if it happens again, tell the platform's administrators.",
                )
                if not gave_up:
                    logger.info("Job %s is finished or running elsewhere; nothing to do.", job_id)
                return None
            return Job.objects.select_related("platform").get(pk=job_id, platform_id=platform_id)


def job_execute(*, job_id: int, platform_id: int) -> None:
    """Run one job to the end: claim it, run its handler, record how it went.

    Raises only a transient error, after putting the job back in the queue, so the task
    can retry it later; every other outcome is written on the job row.
    """
    job = job_claim(job_id=job_id, platform_id=platform_id)
    if job is None:
        return
    handler = HANDLERS.get(job.kind)
    if handler is None:
        _finish(
            job,
            status=JobStatus.FAILED,
            message=f"This kind of job ({job.kind}) is not known here.",
        )
        return
    progress = Progress(job)
    try:
        with platform_transaction(platform_id, user_id=job.requested_by_id, via="task"):
            result = handler(job, progress) or {}
            if not _finish(job, status=JobStatus.SUCCEEDED, message="Finished.", result=result):
                # Another worker claimed the job after ours looked stuck: undo our work
                # so that only one run's writes survive.
                raise _Superseded()
    except _Superseded:
        logger.warning("Job %s was taken over by another worker; this run was rolled back.", job.pk)
    except TRANSIENT_ERRORS as exc:
        _release(job, exc)
        raise
    except SoftTimeLimitExceeded:
        _finish(
            job,
            status=JobStatus.FAILED,
            message="This job took longer than the time limit and was stopped.",
        )
    except JobError as exc:
        _finish(
            job, status=JobStatus.FAILED, message=str(exc) or "This job could not be completed."
        )
    except Exception as exc:
        logger.exception("Job %s (%s) failed.", job.pk, job.kind)
        _finish(
            job,
            status=JobStatus.FAILED,
            message=f"This job stopped because of an unexpected error ({type(exc).__name__}). "
            "Try again; if it happens again, tell the platform's administrators.",
        )
    finally:
        progress.close()


class _Superseded(Exception):
    pass


def _finish(job: Job, *, status: str, message: str, result: dict | None = None) -> bool:
    """Record the outcome, if this run still owns the job (same claim, still running)."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": status,
        "message": message[:500],
        "finished_at": now,
        "heartbeat_at": now,
    }
    if status == JobStatus.SUCCEEDED:
        fields.update(progress=100, result=result or {}, result_file=job.result_file.name or "")
    with platform_transaction(job.platform_id, user_id=job.requested_by_id, via="task"):
        return bool(
            Job.objects.filter(
                pk=job.pk,
                platform_id=job.platform_id,
                status=JobStatus.RUNNING,
                attempts=job.attempts,
            ).update(**fields)
        )


def _release(job: Job, exc: BaseException) -> None:
    """Hand the job back to the queue after a transient error, for the task's retry."""
    try:
        with platform_transaction(job.platform_id, user_id=job.requested_by_id, via="task"):
            Job.objects.filter(
                pk=job.pk,
                platform_id=job.platform_id,
                status=JobStatus.RUNNING,
                attempts=job.attempts,
            ).update(
                status=JobStatus.QUEUED,
                heartbeat_at=timezone.now(),
                message="Waiting to try again after a temporary problem.",
            )
    except TRANSIENT_ERRORS:
        # The database itself is away; the job stays "running" and the sweeper will
        # pick it up once its heartbeat is old enough.
        logger.warning("Could not release job %s after %r.", job.pk, exc)


def job_fail(*, job_id: int, platform_id: int, message: str) -> None:
    """Mark a job failed whatever its state, unless it already finished (the task gave up)."""
    with platform_transaction(platform_id, via="task"):
        Job.objects.filter(
            pk=job_id, platform_id=platform_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).update(status=JobStatus.FAILED, message=message[:500], finished_at=timezone.now())


def job_sweep_stuck(*, limit: int = SWEEP_LIMIT) -> int:
    """Put jobs that stopped moving back in the queue and send their signal again.

    "Stopped moving": queued or running with a heartbeat older than JOB_STUCK_AFTER — the
    message was lost (Redis restarted) or the worker died. Running ones go back to
    queued, which lets the next delivery claim them at once. A job still alive elsewhere
    cannot finish twice: finishing requires the claim it started with. (With the
    defaults a live job never looks stuck: JOB_STUCK_AFTER, 10 minutes, is longer than
    the hard time limit, and progress reports move the heartbeat.)
    """
    now = timezone.now()
    stale = Q(heartbeat_at__lt=_stale_before()) | Q(heartbeat_at__isnull=True)
    # Opted out of row-level security because the sweeper looks at every platform's
    # jobs at once; it only reads ids and touches status and heartbeat. Each job then
    # runs with its own platform set.
    with unscoped(via="system"):
        stuck = list(
            Job.objects.filter(stale, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
            .order_by(F("heartbeat_at").asc(nulls_first=True))
            .select_for_update(skip_locked=True)
            .values_list("pk", "platform_id")[:limit]
        )
        if not stuck:
            return 0
        ids = [pk for pk, _ in stuck]
        Job.objects.filter(pk__in=ids, status=JobStatus.RUNNING).update(
            status=JobStatus.QUEUED, message="Restarting after an interruption."
        )
        Job.objects.filter(pk__in=ids).update(heartbeat_at=now)
        for pk, platform_id in stuck:
            _send_on_commit(pk, platform_id)
    logger.info("Re-enqueued %d stuck job(s).", len(stuck))
    return len(stuck)
