"""Reads for CSV imports: the platform's imports, and what an import compares with."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404

from platforms.models import Job, JobStatus, Platform
from stakeholders.models import Contact, ImportStatus, Organisation, OrganisationImport

# Counts the list shows, read out of the report in SQL so the list never loads the
# reports themselves (each can hold hundreds of bad rows).
REPORT_COUNTS = ("rows", "organisations", "new", "duplicate_count", "bad_row_count")


def import_list(*, platform: Platform) -> QuerySet[OrganisationImport]:
    return (
        OrganisationImport.objects.filter(platform=platform)
        .select_related("created_by", "check_job", "import_job")
        .defer("report")
        .annotate(**{f"count_{name}": KT(f"report__{name}") for name in REPORT_COUNTS})
        .annotate(count_created=KT("report__result__created"))
        .annotate(count_updated=KT("report__result__updated"))
        .order_by("-created_at", "-pk")
    )


def import_get(*, platform: Platform, public_id) -> OrganisationImport:
    """One import of the platform; 404 for a missing id and another platform's alike."""
    imports = OrganisationImport.objects.filter(platform=platform).select_related(
        "created_by", "check_job", "import_job"
    )
    return get_object_or_404(imports, public_id=public_id)


def import_current_job(organisation_import: OrganisationImport) -> Job | None:
    """The job that is deciding the import's state now: the import once confirmed."""
    return organisation_import.import_job or organisation_import.check_job


def import_status(organisation_import: OrganisationImport) -> str:
    """The import's status, counting a job that failed before it could record one.

    A job's writes (the import's new status among them) roll back when it fails, so an
    import can say "checking" or "importing" while its job has failed: the job row,
    written outside that transaction, is the truth.
    """
    status = organisation_import.status
    job = import_current_job(organisation_import)
    if status in (ImportStatus.CHECKING, ImportStatus.IMPORTING) and (
        job is None or job.status == JobStatus.FAILED
    ):
        return ImportStatus.FAILED
    return status


def organisations_matching(
    *, platform: Platform, names: Iterable[str], acronyms: Iterable[str]
) -> tuple[dict[str, Organisation], dict[str, Organisation]]:
    """The platform's organisation each name, and each acronym, of a file matches, found as
    organisation_duplicates finds twins for the organisation form: ``iexact``, that is
    ``UPPER(column) = UPPER(value)`` in PostgreSQL, archived ones included. The file's
    names come with their spaces collapsed and acronyms stripped, as that selector's do.

    Compared in the database, not in Python: the two upper-case some letters differently
    ("ß", "İ"), and a file row must match exactly what the form would call a twin. Two
    queries however long the file; when several match, the oldest is the one returned.
    """
    names = sorted(set(names))
    acronyms = sorted({acronym for acronym in acronyms if acronym})
    if not names and not acronyms:
        return {}, {}
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'name', given.value, o.id FROM unnest(%s::text[]) AS given(value) "  # noqa: S608
            f"JOIN {table} o ON UPPER(o.name::text) = UPPER(given.value) "
            "WHERE o.platform_id = %s "
            f"UNION ALL SELECT 'acronym', given.value, o.id FROM unnest(%s::text[]) AS given(value) "
            f"JOIN {table} o ON UPPER(o.acronym::text) = UPPER(given.value) "
            "WHERE o.platform_id = %s AND o.acronym <> ''",
            [names, platform.pk, acronyms, platform.pk],
        )
        pairs = cursor.fetchall()
    found = Organisation.objects.filter(platform=platform, pk__in={pk for _, _, pk in pairs})
    organisations = {o.pk: o for o in found.order_by("created_at", "pk")}
    age = {pk: rank for rank, pk in enumerate(organisations)}
    oldest_first = sorted(pairs, key=lambda pair: age[pair[2]])
    matches: dict[str, dict[str, Organisation]] = {"name": {}, "acronym": {}}
    for kind, value, pk in oldest_first:
        matches[kind].setdefault(value, organisations[pk])
    return matches["name"], matches["acronym"]


def import_files_to_delete(
    *, platform: Platform, unconfirmed_before: datetime
) -> QuerySet[OrganisationImport]:
    """The platform's imports whose uploaded file is no longer needed (it holds personal
    data, so it is not kept): imported, refused by the check, failed (as import_status
    counts failures), or checked and left unconfirmed since ``unconfirmed_before``."""
    job_failed = Q(import_job__status=JobStatus.FAILED) | Q(
        import_job__isnull=True, check_job__isnull=True
    )
    job_failed |= Q(import_job__isnull=True, check_job__status=JobStatus.FAILED)
    ended = (
        Q(status__in=[ImportStatus.DONE, ImportStatus.INVALID, ImportStatus.FAILED])
        | Q(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]) & job_failed
        | Q(status=ImportStatus.READY, updated_at__lt=unconfirmed_before)
    )
    return OrganisationImport.objects.filter(platform=platform).exclude(file="").filter(ended)


def contacts_known(
    *, platform: Platform, organisation_ids: Iterable[int]
) -> dict[int, tuple[set[str], set[str]]]:
    """For each organisation, the emails and (lower-case) names of its contacts."""
    known: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    rows = Contact.objects.filter(
        platform=platform, organisation_id__in=list(organisation_ids)
    ).values_list("organisation_id", "email", "name")
    for organisation_id, email, name in rows:
        emails, names = known[organisation_id]
        if email:
            emails.add(email.lower())
        names.add(name.lower())
    return known
