"""Agreements benchmark: rendering agreement PDFs, in-process and through real workers.

Seeds, in a database of its own (``bridgework_bench_agreements``), one partnership with
eight partners and full records, and executed agreements drafted from the partnership
agreement template with a few longer clauses (about eight pages each; the page count is
printed), and reuses them on the next run. Files go to a temporary MEDIA_ROOT, jobs to a
Celery queue of the benchmark's own; both are removed at the end. Then, in the same run:

* **render overhead**: our render path (``pdf_content``, ``pdf_html``, ``pdf_render``, as
  the job runs them) against WeasyPrint rendering the same final HTML string directly,
  with the same base URL (the same fonts and stylesheet: the CSS is inline) and its
  defaults (its own fetcher, a new font configuration each time), median of ``--repeat``
  runs, interleaved. Target: under 1.2x. Our steps before WeasyPrint are timed apart;
* **throughput**: ``--jobs`` render jobs (distinct versions, files cleared between runs)
  through one worker process (``--concurrency 1``) against two (``--concurrency 2``);
* **memory**: a worker's pool process RSS after 10 renders and after ``--renders``. The
  worker runs with ``--max-tasks-per-child`` and ``--max-memory-per-child`` above what the
  measurement needs, so the pool process is not recycled in between (checked: same pid);
* **crash recovery**: ``--crash-jobs`` render jobs; the worker's whole process group is
  killed with SIGKILL once ``--kill-after`` have finished, in the middle of laying out the
  next one; a new worker is started and the stuck-job sweeper (``job_sweep_stuck``, with
  JOB_STUCK_AFTER_SECONDS=5) runs once a second until every job is done. Checked: each PDF exists exactly once in storage (no file under
  another name), is a whole PDF, its version's fingerprint is the SHA-256 of the file,
  every job succeeded (the interrupted one on a second claim), none is queued or running.

Ratios are the result: they hold from one machine to another (throughput depends on the
machine's free cores: their number and the load average are printed).

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/agreements.py [--jobs 40]
"""

import argparse
import gc
import hashlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_NAME", "bridgework_bench_agreements")
os.environ.setdefault("CACHE_KEY_PREFIX", "bw-bench-agreements")
# Always the benchmark's own queue: it starts workers on it and empties it at the end.
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = "q-bench-agreements"
# A worker killed mid-job leaves its job "running"; the sweeper takes it back this soon.
# Longer than a render takes on a busy machine, so a live job never looks stuck.
os.environ["JOB_STUCK_AFTER_SECONDS"] = "5"

from bench.foundation import ensure_database  # noqa: E402


def media() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def files_clear() -> None:
    shutil.rmtree(media() / "agreements", ignore_errors=True)


def stored_files() -> list[str]:
    files = (media() / "agreements").rglob("*")
    return sorted(str(p.relative_to(media())) for p in files if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10, help="renders timed per side")
    parser.add_argument("--jobs", type=int, default=40, help="jobs per throughput run")
    parser.add_argument("--renders", type=int, default=200, help="renders before memory")
    parser.add_argument("--crash-jobs", type=int, default=50)
    parser.add_argument("--kill-after", type=int, default=15, help="jobs done before SIGKILL")
    parser.add_argument("--skip-workers", action="store_true", help="render overhead only")
    args = parser.parse_args()
    # This run's files, shared with the workers it starts, and removed at the end.
    media_root = tempfile.mkdtemp(prefix="bw-bench-agreements-")
    os.environ["MEDIA_ROOT"] = media_root
    try:
        run(args)
    finally:
        shutil.rmtree(media_root, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command

    call_command("migrate", "--no-input", "-v", "0")

    from bench.agreements_data import agreements_seed, queue_forget

    start = time.perf_counter()
    seeded = agreements_seed(max(args.jobs + 2, args.renders, args.crash_jobs, 1))
    seeded_in = time.perf_counter() - start

    queue_forget()
    log_dir = media() / "logs"
    log_dir.mkdir()
    rows: list[tuple[str, str]] = []
    try:
        pages, clauses = render_overhead(seeded, args.repeat, rows)
        print(
            f"Agreements benchmark: an executed agreement of {pages} pages (8 parties, "
            f"{clauses} clauses), {len(seeded.versions)} of them seeded in "
            f"{seeded_in:.1f} s; {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        if not args.skip_workers:
            throughput(seeded, args.jobs, log_dir, rows)
            memory(seeded, args.renders, log_dir, rows)
            crash(seeded, args.crash_jobs, args.kill_after, log_dir, rows)
    finally:
        queue_forget()
        # What was measured, even if a later part failed.
        for name, figure in rows:
            print(f"  {name:58s} {figure}")


def render_overhead(seeded, repeat: int, rows: list) -> tuple[int, int]:
    """Our render path against WeasyPrint on the same final HTML; returns the number of
    pages and of clauses."""
    from django.conf import settings
    from pypdf import PdfReader
    from weasyprint import HTML

    from partnerships.agreements import pdf
    from platforms.tenancy import platform_transaction

    version = seeded.versions[0]
    own: list[float] = []  # our steps before WeasyPrint: reading, hashing, the HTML

    def ours() -> bytes:
        with platform_transaction(seeded.platform.pk, via="task"):
            begin = time.perf_counter()
            content = pdf.pdf_content(version=version)
            content.key  # noqa: B018 - the job computes the file's key too
            page = pdf.pdf_html(content)
            own.append(time.perf_counter() - begin)
            return pdf.pdf_render(page)

    with platform_transaction(seeded.platform.pk, via="task"):
        content = pdf.pdf_content(version=version)
        html = pdf.pdf_html(content)
    if "data:image/png;base64," not in html:
        raise SystemExit("The platform's logo is not on the cover.")
    base = f"{settings.STATICFILES_DIRS[0]}/"

    def theirs() -> bytes:
        return HTML(string=html, base_url=base).write_pdf()

    pages = len(PdfReader(io.BytesIO(ours())).pages)
    if len(PdfReader(io.BytesIO(theirs())).pages) != pages:
        raise SystemExit("The direct render does not have the same number of pages.")
    wall: dict[str, list[float]] = {"ours": [], "theirs": []}
    cpu: dict[str, list[float]] = {"ours": [], "theirs": []}
    own.clear()
    for n in range(repeat):
        # Interleaved, and each side first in turn, so drift and warm caches fall evenly.
        order = [("ours", ours), ("theirs", theirs)]
        for name, fn in order if n % 2 == 0 else reversed(order):
            gc.collect()  # neither side pays for the other's garbage
            begin, begin_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - begin)
            cpu[name].append(time.process_time() - begin_cpu)
    mine, direct = statistics.median(wall["ours"]), statistics.median(wall["theirs"])
    ratio = mine / direct
    cpu_ratio = statistics.median(cpu["ours"]) / statistics.median(cpu["theirs"])
    verdict = "under 1.2: ok" if ratio < 1.2 else "OVER the 1.2 target"
    rows.append(
        (
            f"render, {pages} pages: ours vs WeasyPrint direct (median of {repeat})",
            f"{mine * 1000:7.0f} ms / {direct * 1000:5.0f} ms = {ratio:4.2f}x ({verdict}; "
            f"CPU time {cpu_ratio:4.2f}x)",
        )
    )
    rows.append(
        (
            "  of which our steps before WeasyPrint (read, hash, HTML)",
            f"{statistics.median(own) * 1000:7.1f} ms",
        )
    )
    return pages, len(content.clauses)


def enqueue(seeded, versions) -> tuple[list[int], float]:
    """Ask for each version's PDF, as the page does; the signals go out at commit. Returns
    the job ids and the moment of the commit."""
    from partnerships.services.agreement_pdfs import agreement_pdf_request
    from platforms.tenancy import platform_transaction

    with platform_transaction(seeded.platform.pk):
        jobs = []
        for version in versions:
            state = agreement_pdf_request(platform=seeded.platform, actor=None, version=version)
            if state.job is None:
                raise SystemExit(f"No job for version {version.pk}: its file exists already.")
            jobs.append(state.job.pk)
        start = time.perf_counter()
    return jobs, start


def statuses(ids: list[int]) -> dict[str, int]:
    from django.db.models import Count

    from platforms.models import Job
    from platforms.tenancy import unscoped

    with unscoped():
        rows = Job.objects.filter(pk__in=ids).values("status").annotate(n=Count("pk"))
        return {row["status"]: row["n"] for row in rows}


def wait_done(ids: list[int], *, at_least: int | None = None, tick=None) -> None:
    """Wait until every job (or ``at_least`` of them) succeeded; fail on a failed one."""
    want = len(ids) if at_least is None else at_least
    deadline = time.monotonic() + 60 + 10 * want
    while time.monotonic() < deadline:
        counts = statuses(ids)
        if counts.get("failed"):
            raise SystemExit(f"{counts['failed']} render job(s) failed: {counts}")
        if counts.get("succeeded", 0) >= want:
            return
        if tick is not None:
            tick()
        time.sleep(0.05)
    raise SystemExit(f"Timed out waiting for {want} of {len(ids)} jobs: {statuses(ids)}")


def throughput(seeded, jobs: int, log_dir: Path, rows: list) -> None:
    from bench.agreements_data import Worker

    rates = {}
    for concurrency in (1, 2):
        files_clear()
        worker = Worker(log_dir, concurrency=concurrency)
        try:
            # Warm-up: the first render in a pool process loads the fonts.
            warm, _ = enqueue(seeded, seeded.versions[-2:])
            wait_done(warm)
            ids, start = enqueue(seeded, seeded.versions[:jobs])
            wait_done(ids)
            rates[concurrency] = jobs / (time.perf_counter() - start)
        finally:
            worker.kill()
    rows.append(
        (
            f"throughput, {jobs} jobs: 2 worker processes vs 1",
            f"{rates[2]:7.2f} /s  / {rates[1]:5.2f} /s  = {rates[2] / rates[1]:4.2f}x",
        )
    )


def memory(seeded, renders: int, log_dir: Path, rows: list) -> None:
    from bench.agreements_data import Worker, rss_mb

    files_clear()
    # Not recycled during the measurement: more tasks and memory per child than it needs.
    worker = Worker(
        log_dir,
        concurrency=1,
        extra=("--max-tasks-per-child", "100000", "--max-memory-per-child", "8000000"),
    )
    try:
        (pid,) = worker.pool_pids()
        first, _ = enqueue(seeded, seeded.versions[:10])
        wait_done(first)
        early = rss_mb(pid)
        rest, _ = enqueue(seeded, seeded.versions[10:renders])
        wait_done(rest)
        if worker.pool_pids() != [pid]:
            raise SystemExit("The pool process was replaced during the memory measurement.")
        late = rss_mb(pid)
    finally:
        worker.kill()
    rows.append(
        (
            f"memory (pool process RSS, same pid), after {renders} renders vs 10",
            f"{late:7.0f} MB / {early:5.0f} MB = {late / early:4.2f}x",
        )
    )


def crash(seeded, count: int, kill_after: int, log_dir: Path, rows: list) -> None:
    from bench.agreements_data import Worker
    from partnerships.models import AgreementVersion
    from platforms.jobs import job_sweep_stuck
    from platforms.models import Job, JobStatus
    from platforms.tenancy import unscoped

    files_clear()
    versions = seeded.versions[:count]
    with unscoped():
        # Each version's fingerprint must come from this run's file.
        AgreementVersion.objects.filter(pk__in=[v.pk for v in versions]).update(fingerprint="")

    def rendering() -> int | None:
        """The job being laid out now (its progress past "Laying out the pages")."""
        with unscoped():
            return (
                Job.objects.filter(pk__in=ids, status=JobStatus.RUNNING, progress__gte=20)
                .values_list("pk", flat=True)
                .first()
            )

    worker = Worker(log_dir, concurrency=1)
    try:
        ids, _ = enqueue(seeded, versions)
        wait_done(ids, at_least=kill_after)
        deadline = time.monotonic() + 60
        while (interrupted := rendering()) is None and time.monotonic() < deadline:
            time.sleep(0.02)
        worker.kill()
        killed = time.perf_counter()
        before = statuses(ids)
        worker = Worker(log_dir, concurrency=1)
        sweeps = {"next": 0.0, "sent": 0}

        def sweep() -> None:
            # Once a second, as beat would run it (every minute in production).
            if time.monotonic() >= sweeps["next"]:
                sweeps["sent"] += job_sweep_stuck()
                sweeps["next"] = time.monotonic() + 1

        interrupted_done = 0.0
        if interrupted is not None:
            wait_done([interrupted], tick=sweep)
            interrupted_done = time.perf_counter() - killed
        wait_done(ids, tick=sweep)
        recovered = time.perf_counter() - killed
    finally:
        worker.kill()
    rows.append(
        (
            f"crash: SIGKILL mid-render after {before.get('succeeded', 0)} of {count} jobs",
            f"{recovered:7.1f} s from the kill to all {count} done; the interrupted job "
            f"after {interrupted_done:.1f} s ({sweeps['sent']} signals re-sent by the sweeper)",
        )
    )
    problems = crash_check(ids, versions, interrupted)
    rows.append(
        (
            f"crash: {count} PDFs once each, fingerprints match, none stuck",
            "ok" if not problems else "FAILED: " + "; ".join(problems[:5]),
        )
    )
    if problems:
        raise SystemExit("Crash recovery left problems:\n" + "\n".join(problems))


def crash_check(ids: list[int], versions, interrupted: int | None) -> list[str]:
    """What is wrong after the crash: every job succeeded, each file exists once under
    its key, is a whole PDF, and its version's fingerprint is the file's SHA-256."""
    from pypdf import PdfReader

    from partnerships.models import AgreementVersion
    from platforms.models import Job, JobStatus
    from platforms.tenancy import unscoped

    with unscoped():
        jobs = list(Job.objects.filter(pk__in=ids))
        fingerprints = dict(
            AgreementVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list(
                "pk", "fingerprint"
            )
        )
    problems = []
    if interrupted is None:
        problems.append("no job was being rendered when the worker was killed")
    elif next(j for j in jobs if j.pk == interrupted).attempts < 2:
        problems.append(f"job {interrupted} was interrupted but not run again")
    expected = sorted(job.payload["key"] for job in jobs)
    found = stored_files()
    if found != expected:
        extra, missing = set(found) - set(expected), set(expected) - set(found)
        problems.append(
            f"files: {len(extra)} unexpected {sorted(extra)[:3]}, {len(missing)} missing"
        )
    stuck = [j.pk for j in jobs if j.status in (JobStatus.QUEUED, JobStatus.RUNNING)]
    failed = [j.pk for j in jobs if j.status != JobStatus.SUCCEEDED]
    if stuck or failed:
        problems.append(f"{len(stuck)} jobs stuck, {len(failed)} not succeeded")
    for job in jobs:
        path = media() / job.payload["key"]
        if not path.is_file():
            continue
        data = path.read_bytes()
        if fingerprints[job.payload["version_id"]] != hashlib.sha256(data).hexdigest():
            problems.append(f"version {job.payload['version_id']}: fingerprint is not the file's")
        try:
            whole = data.rstrip().endswith(b"%%EOF") and len(PdfReader(io.BytesIO(data)).pages)
        except Exception:  # noqa: BLE001 - any error means a broken file
            whole = False
        if not whole:
            problems.append(f"{job.payload['key']}: not a whole PDF")
    return problems


if __name__ == "__main__":
    main()
