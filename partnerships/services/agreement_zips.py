"""A selection of agreements as one zip file, built by a background job (kind
``agreement_zip``): the secretariat's archive of what partners agreed.

Which version goes in: the one the register shows, the agreement's newest, whatever its
status. A draft's PDF says "Draft" on its cover and the manifest gives every file's
status, so the zip is a faithful snapshot of the selection as it was listed. (An agreement
whose newest version is an amendment still in draft is in force in its executed version
before: open the agreement to download that one.)

The handler, in a worker: makes sure each version's PDF exists (rendering only those that
are missing, through agreement_pdf_ensure, the one place a PDF is rendered), writes them
into the zip under ``<partnership>/<agreement>-v<n>.pdf`` with an ``index.csv`` listing
each file's agreement, version, status and SHA-256, stores it under the job's own key
(a second delivery replaces the first one's file), and records a download of each version
in the audit trail, in the job's transaction: a run rolled back leaves no such line.
"""

import csv
import io
import zipfile
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

from partnerships.models import AgreementVersion
from partnerships.selectors.agreement_register import (
    RegisterStatus,
    register_newest_versions,
    register_versions_by_id,
)
from partnerships.services.agreement_pdfs import (
    agreement_pdf_download_record,
    agreement_pdf_ensure,
)
from platforms.jobs import JobError, Progress, job_enqueue, job_handler, job_store_file
from platforms.models import Job, Platform
from platforms.tenancy import platform_transaction
from stakeholders.csvio import cell_safe
from stakeholders.services.common import actor_id

KIND = "agreement_zip"
MAX_AGREEMENTS = 100
SLUG_LENGTH = 60

NOTHING_SELECTED = "Select at least one agreement to download."
TOO_MANY = (
    f"Select at most {MAX_AGREEMENTS} agreements for one zip file; download the rest in another."
)
NOT_FOUND = (
    "Some of the selected agreements could not be found: they may have been removed. "
    "Reload the page and select again."
)
MANIFEST = "index.csv"
MANIFEST_COLUMNS = [
    "file",
    "partnership",
    "agreement",
    "version",
    "status",
    "issued",
    "executed",
    "sha256",
    "content_sha256",
]


def agreement_zip_request(
    *, platform: Platform, actor, agreement_ids: Iterable, back_url: str = ""
) -> Job:
    """Ask for the newest version of each agreement (public ids) as one zip: a job, sent
    after commit. Refused, writing nothing, when the selection is empty, too large, or
    holds an id that is not one of this platform's agreements (which one is not said).
    ``back_url``: the register the selection was made on, linked from the job's page."""
    ids = list(dict.fromkeys(agreement_ids))
    if not ids:
        raise ValidationError(NOTHING_SELECTED)
    if len(ids) > MAX_AGREEMENTS:
        raise ValidationError(TOO_MANY)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        versions = register_newest_versions(platform=platform, agreement_ids=ids)
        if len(versions) != len(ids):
            raise ValidationError(NOT_FOUND)
        return job_enqueue(
            platform=platform,
            kind=KIND,
            payload={"version_ids": [v.pk for v in versions]},
            requested_by=actor,
            back_url=back_url,
            back_label="the agreements",
        )


def _version_ids(payload: dict) -> list[int]:
    ids = payload.get("version_ids")
    if not isinstance(ids, list) or not ids or len(ids) > MAX_AGREEMENTS:
        raise JobError("This zip file was asked for without a valid selection of agreements.")
    try:
        return list(dict.fromkeys(int(pk) for pk in ids))
    except (TypeError, ValueError) as error:
        raise JobError("This zip file was asked for without a valid selection.") from error


class _Names:
    """File names in the zip: a folder per partnership, a file per version, each unique
    even when two partnerships or two agreements share a title."""

    def __init__(self) -> None:
        self.folders: dict[int, str] = {}
        self.taken: set[str] = set()

    def _unique(self, base: str, suffix: str = "") -> str:
        name, n = f"{base}{suffix}", 1
        while name in self.taken:
            n += 1
            name = f"{base}-{n}{suffix}"
        self.taken.add(name)
        return name

    def of(self, version: AgreementVersion) -> str:
        partnership = version.agreement.partnership
        if partnership.pk not in self.folders:
            base = slugify(partnership.title)[:SLUG_LENGTH] or "partnership"
            self.folders[partnership.pk] = self._unique(base)
        stem = slugify(version.agreement.title)[:SLUG_LENGTH] or "agreement"
        return self._unique(f"{self.folders[partnership.pk]}/{stem}-v{version.number}", ".pdf")


def _local(value, platform: Platform) -> str:
    return timezone.localtime(value, platform.tzinfo).strftime("%Y-%m-%d %H:%M") if value else ""


def _manifest(platform: Platform, entries: list[tuple[str, AgreementVersion, dict]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MANIFEST_COLUMNS)
    for name, version, result in entries:
        status = RegisterStatus(version.register_status).label  # type: ignore[attr-defined]
        writer.writerow(
            [
                cell_safe(name),
                cell_safe(version.agreement.partnership.title),
                cell_safe(version.agreement.title),
                version.number,
                status,
                _local(version.issued_at, platform),
                _local(version.executed_at, platform),
                result["fingerprint"],
                result["content_fingerprint"],
            ]
        )
    return out.getvalue().encode("utf-8-sig")  # with a BOM: spreadsheets then read UTF-8


def _zip_name(platform: Platform) -> str:
    return f"agreements-{platform.slug}-{platform.today().isoformat()}.zip"


@job_handler(KIND, label="Download agreements as a zip", file_capability="download_agreement_sets")
def agreement_zip_job(job: Job, progress: Progress) -> dict:
    platform = job.platform
    wanted = _version_ids(job.payload)
    found = {v.pk: v for v in register_versions_by_id(platform=platform, ids=wanted)}
    # A version can only disappear with its agreement; the rest still make a zip.
    versions = [found[pk] for pk in wanted if pk in found]
    if not versions:
        raise JobError("None of the selected agreements exists any more.")
    total = len(versions)
    progress(1, f"0 of {total} agreements ready.")
    names = _Names()
    entries: list[tuple[str, AgreementVersion, dict]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, version in enumerate(versions, start=1):
            version.platform = platform
            result = agreement_pdf_ensure(version=version, progress=None)
            with default_storage.open(result["key"], "rb") as handle:
                data = handle.read()
            name = names.of(version)
            archive.writestr(name, data)
            version.fingerprint = result["fingerprint"]
            entries.append((name, version, result))
            progress(95 * done // total, f"{done} of {total} agreements ready.")
        archive.writestr(MANIFEST, _manifest(platform, entries))
    progress(97, "Saving the zip file.")
    filename = _zip_name(platform)
    job_store_file(job, filename=filename, content=buffer.getvalue())
    # Who took which agreement: one line per version, as for a single download.
    for _name, version, result in entries:
        agreement_pdf_download_record(
            platform=platform,
            actor=job.requested_by,
            version=version,
            key=result["key"],
            via="task",
        )
    return {
        "agreements": total,
        "missing": len(wanted) - total,
        "rendered": sum(1 for _, _, result in entries if result["rendered"]),
        "version_ids": [v.pk for v in versions],
        "file": filename,
    }
