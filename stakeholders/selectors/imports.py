"""Reads for CSV imports: the platform's imports, and what an import compares with."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Lower
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
    *, platform: Platform, names: set[str], acronyms: set[str]
) -> list[Organisation]:
    """The platform's organisations whose name or acronym (lower case) is in the sets, in
    one query however many there are. Oldest first, so the first match is stable."""
    if not names and not acronyms:
        return []
    return list(
        Organisation.objects.filter(platform=platform)
        .annotate(name_lower=Lower("name"), acronym_lower=Lower("acronym"))
        .filter(Q(name_lower__in=names) | (Q(acronym_lower__in=acronyms) & ~Q(acronym="")))
        .order_by("created_at", "pk")
    )


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
