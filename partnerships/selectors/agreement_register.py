"""Reads for the platform's register of agreements (the secretariat's page): every
agreement of the platform, one row per agreement showing its newest version, with a
status derived from the version and its signatures, filters and sorts done in SQL, and
whether each row's PDF is ready, for a whole page in a fixed number of queries.

The statuses: a draft; issued (awaiting signatures); partly signed (issued, some but not
all required signatures); declined (issued, and a signatory declined, so it can never be
executed as it stands); executed; superseded.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from partnerships.agreements import pdf
from partnerships.models import (
    Agreement,
    AgreementClause,
    AgreementForm,
    AgreementVersion,
    Partnership,
    Signatory,
    VersionStatus,
)
from platforms.models import Job, JobStatus, Platform


class RegisterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued, awaiting signatures"
    PARTLY_SIGNED = "partly_signed", "Partly signed"
    DECLINED = "declined", "Declined"
    EXECUTED = "executed", "Executed"
    SUPERSEDED = "superseded", "Superseded"


# How each status looks (the .badge-<name> classes of app.css).
BADGES = {
    RegisterStatus.DRAFT: "",
    RegisterStatus.ISSUED: "badge-info",
    RegisterStatus.PARTLY_SIGNED: "badge-warning",
    RegisterStatus.DECLINED: "badge-danger",
    RegisterStatus.EXECUTED: "badge-success",
    RegisterStatus.SUPERSEDED: "",
}

# The forms, short enough for a table cell and a filter (the full name is the cell's title).
FORM_SHORT: dict[str, str] = {
    AgreementForm.PARTNERSHIP_AGREEMENT: "Partnership agreement (MoU)",
    AgreementForm.CONTRACT: "Contract",
    AgreementForm.WORK_PLAN: "Work plan",
}

# Sort keys the register accepts, and what each orders by. Anything else sorts by title.
SORTS: dict[str, tuple[Any, ...]] = {
    "title": ("agreement__title", "agreement__partnership__title", "pk"),
    "changed": (models.F("changed_at").desc(), "-pk"),
    "executed": (models.F("executed_at").desc(nulls_last=True), "agreement__title", "pk"),
}
SEARCH_WORDS = 12
PDF_KIND = "agreement_pdf"  # services.agreement_pdfs.KIND; reads do not import writes


def _signatory_count(**conditions) -> Coalesce:
    # Subqueries, not JOIN + GROUP BY: the register stays one flat scan of versions, and
    # its count query (the paginator's) stays as simple.
    counts = (
        Signatory.objects.filter(version=OuterRef("pk"), **conditions)
        .order_by()
        .values("version")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _register_status() -> Case:
    issued = Q(status=VersionStatus.ISSUED)
    return Case(
        When(issued & Q(has_declined=True), then=Value(RegisterStatus.DECLINED.value)),
        When(issued & Q(signed_count__gt=0), then=Value(RegisterStatus.PARTLY_SIGNED.value)),
        When(issued, then=Value(RegisterStatus.ISSUED.value)),
        default="status",  # draft, executed and superseded are the version's own
        output_field=models.CharField(),
    )


def _annotated(platform: Platform) -> QuerySet[AgreementVersion]:
    last_signature = (
        Signatory.objects.filter(version=OuterRef("pk"))
        .order_by()
        .values("version")
        .annotate(at=Max("updated_at"))
        .values("at")
    )
    return (
        AgreementVersion.objects.filter(platform_id=platform.pk)
        .select_related("agreement__partnership")
        .annotate(
            required_count=_signatory_count(required=True),
            signed_count=_signatory_count(required=True, signed_at__isnull=False),
            has_declined=Exists(
                Signatory.objects.filter(version=OuterRef("pk"), declined_at__isnull=False)
            ),
            changed_at=Greatest(
                "updated_at",
                "agreement__updated_at",
                Coalesce(Subquery(last_signature), "updated_at"),
            ),
        )
        .annotate(register_status=_register_status())
    )


def register_versions(*, platform: Platform) -> QuerySet[AgreementVersion]:
    """The newest version of every agreement of the platform, each with its agreement and
    partnership, ``required_count``, ``signed_count`` (required signatures given),
    ``has_declined``, ``register_status`` and ``changed_at`` (its last change: the
    agreement, the version or a signature)."""
    newer = AgreementVersion.objects.filter(
        platform_id=platform.pk,
        agreement_id=OuterRef("agreement_id"),
        number__gt=OuterRef("number"),
    )
    return _annotated(platform).filter(~Exists(newer))


def register_versions_by_id(*, platform: Platform, ids: Iterable[int]) -> list[AgreementVersion]:
    """These versions of the platform (newest or not), annotated like the register's rows:
    what a zip job asked for, read again when it runs."""
    return list(_annotated(platform).filter(pk__in=list(ids)))


def _day_start(day: date, platform: Platform) -> datetime:
    return datetime.combine(day, time.min, tzinfo=platform.tzinfo)


def register_list(
    *, platform: Platform, filters: Mapping[str, Any] | None = None
) -> QuerySet[AgreementVersion]:
    """The register, filtered and sorted. ``filters`` (all optional): ``status`` (a
    RegisterStatus), ``form``, ``stage`` (the partnership's), ``partnership`` (its public
    id), ``q`` (words in the agreement's or the partnership's title), ``executed_from`` and
    ``executed_to`` (days on the platform's calendar, both included), ``sort`` (a key of
    SORTS)."""
    filters = filters or {}
    versions = register_versions(platform=platform)
    if filters.get("status"):
        versions = versions.filter(Q(register_status=filters["status"]))  # an annotation
    if filters.get("form"):
        versions = versions.filter(agreement__form=filters["form"])
    if filters.get("stage") is not None:
        versions = versions.filter(agreement__partnership__stage=filters["stage"])
    if filters.get("partnership"):
        versions = versions.filter(agreement__partnership__public_id=filters["partnership"])
    for word in (filters.get("q") or "").split()[:SEARCH_WORDS]:
        versions = versions.filter(
            Q(agreement__title__icontains=word) | Q(agreement__partnership__title__icontains=word)
        )
    if filters.get("executed_from"):
        versions = versions.filter(executed_at__gte=_day_start(filters["executed_from"], platform))
    if filters.get("executed_to"):
        end = filters["executed_to"] + timedelta(days=1)
        versions = versions.filter(executed_at__lt=_day_start(end, platform))
    return versions.order_by(*SORTS.get(filters.get("sort") or "", SORTS["title"]))


def register_is_empty(*, platform: Platform) -> bool:
    return not Agreement.objects.filter(platform=platform).exists()


def register_partnership_choices(*, platform: Platform) -> list[tuple[str, str]]:
    """The partnerships that have agreements, for the filter: (public id, title)."""
    rows = (
        Partnership.objects.filter(
            platform=platform,
            pk__in=Agreement.objects.filter(platform=platform).values("partnership_id"),
        )
        .order_by("title", "pk")
        .values_list("public_id", "title")
    )
    return [(str(public_id), title) for public_id, title in rows]


def register_newest_versions(
    *, platform: Platform, agreement_ids: Iterable
) -> list[AgreementVersion]:
    """The newest version of each of these agreements (public ids) of the platform,
    ordered like the register. Ids of another platform or of nothing are simply absent:
    the caller compares counts and refuses without saying which."""
    return list(
        register_versions(platform=platform)
        .filter(agreement__public_id__in=list(agreement_ids))
        .order_by(*SORTS["title"])
    )


# Whether a page's PDFs are ready. The file's key covers the version's content (clauses,
# parties, signatures), so it is computed from the records by pdf.pdf_content_from, as
# the renderer does, but with the records of the whole page read in a few queries.


@dataclass(frozen=True)
class PdfReadiness:
    key: str
    ready: bool
    preparing: bool


def _grouped(rows: Iterable, attribute: str) -> dict[int, list]:
    groups: dict[int, list] = {}
    for row in rows:
        groups.setdefault(getattr(row, attribute), []).append(row)
    return groups


def register_pdf_keys(*, platform: Platform, versions: list[AgreementVersion]) -> dict[int, str]:
    """Each version's PDF key (pdf.PdfContent.key), in three queries for the lot: the
    clauses, the signatories and, for the versions that name the live partners (drafts),
    the active partners of their partnerships."""
    ids = [v.pk for v in versions]
    clauses = _grouped(
        AgreementClause.objects.filter(platform_id=platform.pk, version_id__in=ids).order_by(
            "version_id", "position"
        ),
        "version_id",
    )
    signatories = _grouped(
        Signatory.objects.filter(platform_id=platform.pk, version_id__in=ids).select_related(
            "partner__organisation"
        ),
        "version_id",
    )
    live = {v.agreement.partnership_id for v in versions if not pdf.parties_frozen(version=v)}
    partners = _grouped(
        pdf.partners_active(platform_id=platform.pk, partnership_ids=live), "partnership_id"
    )
    keys = {}
    for version in versions:
        version.platform = platform  # the key's "look" reads it; no query
        parties = pdf.parties_frozen(version=version) or [
            pdf.party_of(p) for p in partners.get(version.agreement.partnership_id, [])
        ]
        content = pdf.pdf_content_from(
            version=version,
            clauses=clauses.get(version.pk, []),
            parties=parties,
            signatories=signatories.get(version.pk, []),
        )
        keys[version.pk] = content.key
    return keys


def register_pdf_readiness(
    *, platform: Platform, versions: list[AgreementVersion]
) -> dict[int, PdfReadiness]:
    """For a page of the register: each version's PDF ready (its file exists, one storage
    check per row), or being prepared (a render job on its way, one query for the lot)."""
    if not versions:
        return {}
    keys = register_pdf_keys(platform=platform, versions=versions)
    ready = {pk: default_storage.exists(key) for pk, key in keys.items()}
    jobs = Job.objects.filter(
        platform_id=platform.pk,
        kind=PDF_KIND,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        payload__version_id__in=sorted(keys),
    ).values_list("payload", flat=True)
    preparing = {(payload.get("version_id"), payload.get("key")) for payload in jobs}
    return {
        pk: PdfReadiness(key=key, ready=ready[pk], preparing=(pk, key) in preparing)
        for pk, key in keys.items()
    }
