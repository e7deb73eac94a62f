"""Background jobs through a real Celery worker process and real Redis.

Each test starts ``celery -A config worker`` as a subprocess connected to this test's
database (rows are committed: transactional_db) and to a queue of its own, and kills
every worker it started when it ends, whatever happened.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from platforms.jobs import job_enqueue
from platforms.models import AuditEvent, Job, JobStatus
from platforms.tasks import sweep_stuck_jobs
from platforms.tenancy import platform_transaction, unscoped

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

STUCK_AFTER_SECONDS = 2
TIMEOUT = 25


class Workers:
    """Starts worker processes on one queue, and kills them all at the end."""

    def __init__(self, queue: str, media_root: Path, log_dir: Path):
        self.queue = queue
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            # The same server as this process (DATABASE_URL or the embedded default),
            # but pytest's test database.
            "DATABASE_NAME": connection.settings_dict["NAME"],
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "MEDIA_ROOT": str(media_root),
            "JOB_STUCK_AFTER_SECONDS": str(STUCK_AFTER_SECONDS),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> subprocess.Popen:
        number = len(self.processes) + 1
        log = open(self.log_dir / f"worker-{number}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--queues",
                self.queue,
                "--hostname",
                f"{self.queue}-{number}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the main process and its child
        )
        log.close()
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker's whole process group: no warm shutdown, no acknowledgement."""
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def kill_all(self) -> None:
        for process in self.processes:
            self.kill(process)

    def log(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.log_dir.glob("*.log"))
        )

    def wait_for(self, what: str, check: Callable[[], object], timeout: float = TIMEOUT) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            if self.processes and all(p.poll() is not None for p in self.processes):
                pytest.fail(f"Every worker exited while waiting for {what}.\n{self.log()}")
            time.sleep(0.1)
        pytest.fail(f"Timed out after {timeout}s waiting for {what}.\n{self.log()}")


def forget_queue(queue: str) -> None:
    """Leave the shared Redis as we found it: the queue, and messages a killed worker left
    unacknowledged (kombu keeps those in a hash shared by every queue)."""
    with celery_app.connection_for_write() as conn:
        client = conn.default_channel.client  # type: ignore[attr-defined]  # kombu's Redis channel
        for tag, payload in client.hscan_iter("unacked"):
            _message, exchange, routing_key = json.loads(payload)
            if queue in (exchange, routing_key):
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        for key in client.scan_iter(match=f"{queue}*"):
            client.delete(key)
        client.delete(f"_kombu.binding.{queue}")


@pytest.fixture
def workers(transactional_db, settings, tmp_path, monkeypatch) -> Iterator[Workers]:
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{uuid.uuid4().hex[:8]}"
    # This process sends to the same queue the workers consume, and shares their files.
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "logs").mkdir()
    started = Workers(queue, tmp_path / "media", tmp_path / "logs")
    try:
        yield started
    finally:
        started.kill_all()
        forget_queue(queue)


def read(job: Job) -> Job:
    with unscoped():
        return Job.objects.get(pk=job.pk)


def enqueue_count(side, *, steps: int, pause: float) -> Job:
    with platform_transaction(side.platform.pk, user_id=side.broker.user_id):
        return job_enqueue(
            platform=side.platform,
            kind="demo_count",
            payload={"steps": steps, "sleep": pause},
            requested_by=side.broker.user,
        )


def transitions_to(job: Job, status: str) -> int:
    with unscoped():
        return AuditEvent.objects.filter(
            table_name=Job._meta.db_table, object_id=job.pk, changes__status__1=status
        ).count()


def test_a_job_enqueued_after_commit_completes(world, workers):
    workers.start()
    job = enqueue_count(world.a, steps=5, pause=0.05)

    workers.wait_for("the job to finish", lambda: read(job).is_finished)

    job = read(job)
    assert job.status == JobStatus.SUCCEEDED, f"{job.message}\n{workers.log()}"
    assert (job.progress, job.attempts, job.result) == (100, 1, {"counted": 5})
    assert (Path(settings.MEDIA_ROOT) / job.result_file.name).read_text() == "1\n2\n3\n4\n5\n"


def test_a_worker_killed_mid_job_loses_nothing_and_the_job_completes_once(world, workers):
    first = workers.start()
    job = enqueue_count(world.a, steps=20, pause=0.2)

    # Progress commits while the job runs (the page sees it); wait until it is well under way.
    workers.wait_for("the job to be under way", lambda: read(job).progress >= 20)
    workers.kill(first)

    interrupted = read(job)
    assert interrupted.status == JobStatus.RUNNING
    assert 20 <= interrupted.progress < 100
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.txt"))  # nothing half-done was kept

    # The message died with the worker (unacknowledged). Once the job's heartbeat is older
    # than JOB_STUCK_AFTER, the sweeper (run by beat every minute; sent by hand here) puts
    # it back in the queue for a new worker.
    time.sleep(STUCK_AFTER_SECONDS + 0.5)
    workers.start()
    sweep_stuck_jobs.delay()

    workers.wait_for("the job to finish after the restart", lambda: read(job).is_finished)

    job = read(job)
    assert job.status == JobStatus.SUCCEEDED, f"{job.message}\n{workers.log()}"
    assert (job.progress, job.result) == (100, {"counted": 20})
    assert job.attempts == 2
    assert transitions_to(job, JobStatus.RUNNING) == 2  # started twice ...
    assert transitions_to(job, JobStatus.SUCCEEDED) == 1  # ... finished once
    files = list(Path(settings.MEDIA_ROOT).rglob("*.txt"))
    assert files == [Path(settings.MEDIA_ROOT) / job.result_file.name]
    assert files[0].read_text() == "".join(f"{n}\n" for n in range(1, 21))
