"""Background jobs for the people who asked for them: the list, a page per job that
shows its progress, the status JSON that page polls, and the finished job's file.

Staff (admin, broker, secretariat) see every job of the platform; other members see
the jobs they asked for. Anything else is a 404, as for a job that does not exist. A
kind may restrict its file further (``job_handler(file_capability=...)``); each
download of a file is written into the audit trail.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from platforms import selectors
from platforms.audit import audit_download
from platforms.forms import JobFilterForm
from platforms.jobs import job_file_allowed, job_label
from platforms.models import Job, JobStatus
from platforms.permissions import can, require

PAGE_SIZE = 25
# Without JavaScript the page reloads itself this often while the job runs.
REFRESH_SECONDS = 5
FILE_REFUSED = (
    "You can follow this job, but its file is only for members with the right to download it."
)


@dataclass(frozen=True)
class Row:
    job: Job
    label: str


@require("view_jobs")
def job_list(request, platform_slug):
    form = JobFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows: list[Row] = []
    page_obj = None
    if not form.errors:
        jobs = selectors.job_list(
            platform=request.platform, membership=request.membership, status=status or None
        )
        page_obj = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [Row(job=job, label=job_label(job.kind)) for job in page_obj]
    return render(
        request,
        "platforms/jobs.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page_obj,
            "filtered": bool(status) or bool(form.errors),
            "sees_all": can(request.membership, "view_all_jobs"),
        },
    )


@require("view_jobs")
def job_detail(request, platform_slug, public_id):
    job = _get(request, public_id)
    has_file = _has_file(request, job)
    return render(
        request,
        "platforms/job_detail.html",
        {
            "job": job,
            "label": job_label(job.kind),
            "has_file": has_file,
            "file_refused": _has_file(request, job, checked=False) and not has_file,
            "filename": PurePosixPath(job.result_file.name).name if has_file else "",
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@never_cache
@require("view_jobs")
def job_status(request, platform_slug, public_id):
    """What the job page polls every second (static/js/jobs.js)."""
    job = _get(request, public_id)
    return JsonResponse(
        {
            "id": str(job.public_id),
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "message": job.message,
            "finished": job.is_finished,
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            "download_url": (
                reverse("job_download", args=[platform_slug, job.public_id])
                if _has_file(request, job)
                else None
            ),
        }
    )


@require("view_jobs")
def job_download(request, platform_slug, public_id):
    """The finished job's file, streamed through the storage API (local disk or S3)."""
    job = _get(request, public_id)
    if _has_file(request, job, checked=False) and not job_file_allowed(job, request.membership):
        raise PermissionDenied(FILE_REFUSED)
    if not _has_file(request, job):
        raise Http404("This job has no file to download.")
    try:
        handle = job.result_file.storage.open(job.result_file.name, "rb")
    except FileNotFoundError:
        raise Http404("The file of this job is no longer available.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=PurePosixPath(job.result_file.name).name
    )
    response["Cache-Control"] = "private, no-store"
    audit_download(
        platform=request.platform,
        actor_id=request.user.pk,
        instance=job,
        changes={"file": job.result_file.name},
    )
    return response


def _get(request, public_id) -> Job:
    return selectors.job_get(
        platform=request.platform, public_id=public_id, membership=request.membership
    )


def _has_file(request, job: Job, *, checked: bool = True) -> bool:
    """A file to download, and (``checked``) this member may have it."""
    ready = job.status == JobStatus.SUCCEEDED and bool(job.result_file)
    return ready and (not checked or job_file_allowed(job, request.membership))
