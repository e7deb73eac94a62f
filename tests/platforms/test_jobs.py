"""The job machinery in one process: claiming, running, failing, retrying, sweeping.

The real worker (a Celery subprocess, SIGKILL) is in test_worker.py; the pages in
test_job_pages.py.
"""

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

import platforms.tasks  # noqa: F401  (registers every job kind, as in the worker)
from platforms.jobs import (
    HANDLERS,
    JOB_MAX_ATTEMPTS,
    job_claim,
    job_enqueue,
    job_execute,
    job_sweep_stuck,
)
from platforms.models import AuditEvent, Job, JobStatus, Membership, Role
from platforms.tasks import run_job, sweep_stuck_jobs
from platforms.tenancy import platform_transaction, unscoped
from tests.factories import JobFactory


def reload(job: Job) -> Job:
    with unscoped():
        return Job.objects.get(pk=job.pk)


def long_ago():
    return timezone.now() - timedelta(days=1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def handler(monkeypatch):
    """Register a handler for this test only."""

    def register(kind, fn):
        monkeypatch.setitem(HANDLERS, kind, fn)
        return kind

    return register


# --- Enqueue ---------------------------------------------------------------------------


def test_enqueue_sends_the_signal_only_after_commit(world, django_capture_on_commit_callbacks):
    a = world.a
    with (
        django_capture_on_commit_callbacks() as callbacks,
        platform_transaction(a.platform.pk, user_id=a.broker.user_id),
    ):
        job = job_enqueue(platform=a.platform, kind="noop", requested_by=a.broker.user)
    assert len(callbacks) == 1
    assert callbacks[0].args == (job.pk, a.platform.pk)
    job = reload(job)
    assert job.status == JobStatus.QUEUED
    assert job.heartbeat_at is not None


def test_enqueue_of_an_unknown_kind_is_refused_and_writes_nothing(world):
    a = world.a
    with platform_transaction(a.platform.pk), pytest.raises(ValueError, match="No handler"):
        job_enqueue(platform=a.platform, kind="no_such_kind")
    with unscoped():
        assert not Job.objects.exists()


# --- Claim -----------------------------------------------------------------------------


def test_of_two_claims_one_wins(world):
    job = JobFactory(platform=world.a.platform)
    first = job_claim(job_id=job.pk, platform_id=job.platform_id)
    second = job_claim(job_id=job.pk, platform_id=job.platform_id)
    assert first is not None and first.status == JobStatus.RUNNING
    assert second is None
    assert reload(job).attempts == 1


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_claims_one_wins(world):
    job = JobFactory(platform=world.a.platform)
    barrier = threading.Barrier(2)
    results = []

    def claim():
        try:
            barrier.wait()
            results.append(job_claim(job_id=job.pk, platform_id=job.platform_id))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 2
    assert sum(result is not None for result in results) == 1
    assert reload(job).attempts == 1


def test_a_running_job_is_claimed_again_only_once_its_heartbeat_is_stale(world):
    busy = JobFactory(
        platform=world.a.platform, status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=1
    )
    stuck = JobFactory(
        platform=world.a.platform, status=JobStatus.RUNNING, heartbeat_at=long_ago(), attempts=1
    )
    assert job_claim(job_id=busy.pk, platform_id=busy.platform_id) is None
    claimed = job_claim(job_id=stuck.pk, platform_id=stuck.platform_id)
    assert claimed is not None and claimed.attempts == 2


def test_a_claim_with_the_wrong_platform_finds_nothing(world):
    job = JobFactory(platform=world.a.platform)
    assert job_claim(job_id=job.pk, platform_id=world.b.platform.pk) is None
    assert reload(job).status == JobStatus.QUEUED


def test_a_job_out_of_attempts_is_failed_instead_of_run(world):
    job = JobFactory(
        platform=world.a.platform,
        status=JobStatus.RUNNING,
        heartbeat_at=long_ago(),
        attempts=JOB_MAX_ATTEMPTS,
    )
    assert job_claim(job_id=job.pk, platform_id=job.platform_id) is None
    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert f"after {JOB_MAX_ATTEMPTS} attempts" in job.message


# --- Execute ---------------------------------------------------------------------------


def test_a_job_runs_to_success_with_its_result_and_file(world, media):
    a = world.a
    job = JobFactory(
        platform=a.platform,
        kind="demo_count",
        payload={"steps": 3, "sleep": 0},
        requested_by=a.broker.user,
    )
    job_execute(job_id=job.pk, platform_id=a.platform.pk)
    job = reload(job)
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"counted": 3}
    assert job.finished_at is not None and job.started_at is not None
    assert job.result_file.name == f"jobs/{a.platform.pk}/{job.public_id}/count.txt"
    assert (media / job.result_file.name).read_text() == "1\n2\n3\n"
    with unscoped():
        finish = AuditEvent.objects.get(
            table_name="platforms_job", changes__status__1=JobStatus.SUCCEEDED
        )
    assert (finish.actor_id, finish.via) == (a.broker.user_id, "task")


def test_a_finished_job_delivered_again_is_left_alone(world, media, handler):
    calls = []
    kind = handler("test_count_calls", lambda job, progress: calls.append(job.pk))
    job = JobFactory(platform=world.a.platform, kind=kind)
    job_execute(job_id=job.pk, platform_id=job.platform_id)
    finished = reload(job)
    job_execute(job_id=job.pk, platform_id=job.platform_id)
    again = reload(job)
    assert calls == [job.pk]
    assert (again.status, again.attempts, again.finished_at) == (
        JobStatus.SUCCEEDED,
        1,
        finished.finished_at,
    )


def test_a_missing_job_is_ignored_quietly(world):
    job_execute(job_id=987654321, platform_id=world.a.platform.pk)


def test_a_failing_handler_fails_the_job_and_its_writes_are_undone(world, handler):
    a = world.a

    def boom(job, progress):
        Membership.objects.filter(platform_id=job.platform_id, pk=a.observer.pk).update(
            role=Role.BROKER
        )
        raise ValueError("internal detail")

    job = JobFactory(platform=a.platform, kind=handler("test_boom", boom))
    job_execute(job_id=job.pk, platform_id=a.platform.pk)
    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None
    assert "unexpected error (ValueError)" in job.message
    assert "internal detail" not in job.message
    with unscoped():
        assert Membership.objects.get(pk=a.observer.pk).role == Role.OBSERVER


def test_an_expected_failure_shows_its_own_message(world):
    job = JobFactory(platform=world.a.platform, kind="demo_count", payload={"steps": "many"})
    job_execute(job_id=job.pk, platform_id=job.platform_id)
    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert job.message == "The count needs a whole number of steps and a pause in seconds."


def test_an_unknown_kind_fails_with_a_message(world):
    job = JobFactory(platform=world.a.platform, kind="retired_kind")
    job_execute(job_id=job.pk, platform_id=job.platform_id)
    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert "retired_kind" in job.message


def test_a_transient_error_puts_the_job_back_and_is_raised_for_a_retry(world, handler):
    def flaky(job, progress):
        raise OperationalError("server closed the connection unexpectedly")

    job = JobFactory(platform=world.a.platform, kind=handler("test_flaky", flaky))
    with pytest.raises(OperationalError):
        job_execute(job_id=job.pk, platform_id=job.platform_id)
    job = reload(job)
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert "try again" in job.message


def test_the_task_retries_a_transient_error_then_marks_the_job_failed(world, handler):
    calls = []

    def flaky(job, progress):
        calls.append(1)
        raise ConnectionError("mail server unreachable")

    job = JobFactory(platform=world.a.platform, kind=handler("test_flaky", flaky))
    run_job.apply(args=[job.pk, job.platform_id])  # eager: each retry runs at once
    job = reload(job)
    assert len(calls) == JOB_MAX_ATTEMPTS
    assert job.attempts == JOB_MAX_ATTEMPTS
    assert job.status == JobStatus.FAILED
    assert "kept failing" in job.message


def test_the_task_succeeds_after_one_transient_error(world, handler):
    calls = []

    def flaky_once(job, progress):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("blip")
        return {"ok": True}

    job = JobFactory(platform=world.a.platform, kind=handler("test_flaky_once", flaky_once))
    run_job.apply(args=[job.pk, job.platform_id])
    job = reload(job)
    assert (job.status, job.attempts, job.result) == (JobStatus.SUCCEEDED, 2, {"ok": True})


# --- Sweeper ---------------------------------------------------------------------------


def test_the_sweeper_re_enqueues_only_stuck_jobs(world, django_capture_on_commit_callbacks):
    a, b = world.a.platform, world.b.platform
    now = timezone.now()
    stuck_queued = JobFactory(platform=a, status=JobStatus.QUEUED, heartbeat_at=long_ago())
    stuck_running = JobFactory(
        platform=a, status=JobStatus.RUNNING, heartbeat_at=long_ago(), attempts=1
    )
    stuck_elsewhere = JobFactory(platform=b, status=JobStatus.QUEUED, heartbeat_at=long_ago())
    fresh_queued = JobFactory(platform=a, status=JobStatus.QUEUED, heartbeat_at=now)
    fresh_running = JobFactory(platform=a, status=JobStatus.RUNNING, heartbeat_at=now)
    done = JobFactory(platform=a, status=JobStatus.SUCCEEDED, heartbeat_at=long_ago())
    failed = JobFactory(platform=a, status=JobStatus.FAILED, heartbeat_at=long_ago())

    with django_capture_on_commit_callbacks() as callbacks:
        assert job_sweep_stuck() == 3

    sent = sorted(callback.args for callback in callbacks)
    assert sent == sorted(
        (job.pk, job.platform_id) for job in (stuck_queued, stuck_running, stuck_elsewhere)
    )
    for job in (stuck_queued, stuck_running, stuck_elsewhere):
        job = reload(job)
        assert job.status == JobStatus.QUEUED
        assert job.heartbeat_at >= now
    assert reload(stuck_running).message == "Restarting after an interruption."
    for job in (fresh_queued, fresh_running, done, failed):
        assert reload(job).heartbeat_at == job.heartbeat_at
        assert reload(job).status == job.status


def test_the_sweeper_takes_at_most_its_limit_oldest_first(
    world, django_capture_on_commit_callbacks
):
    jobs = [
        JobFactory(platform=world.a.platform, heartbeat_at=long_ago() - timedelta(minutes=n))
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        assert job_sweep_stuck(limit=2) == 2
    assert sorted(callback.args[0] for callback in callbacks) == sorted([jobs[1].pk, jobs[2].pk])


def test_the_sweeper_task_finds_nothing_when_nothing_is_stuck(world):
    JobFactory(platform=world.a.platform, heartbeat_at=timezone.now())
    assert sweep_stuck_jobs.apply().get() == 0


def test_a_swept_job_then_runs_to_success(world, django_capture_on_commit_callbacks):
    job = JobFactory(
        platform=world.a.platform, status=JobStatus.RUNNING, heartbeat_at=long_ago(), attempts=1
    )
    with django_capture_on_commit_callbacks() as callbacks:
        job_sweep_stuck()
    job_execute(job_id=callbacks[0].args[0], platform_id=callbacks[0].args[1])
    job = reload(job)
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
