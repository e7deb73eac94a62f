"""Reads for a partnership's agreements. Every lookup is scoped to the partnership (itself
looked up with partnership_get) and its platform: another's id is a 404."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partnerships.models import (
    Agreement,
    AgreementClause,
    AgreementTemplate,
    AgreementVersion,
    Partnership,
    VersionStatus,
)
from platforms.models import Platform


def agreement_list(*, partnership: Partnership) -> list[Agreement]:
    """The partnership's agreements, newest first, each with ``current`` (its newest
    version) and ``version_count``: three queries however many agreements."""
    agreements: list[Agreement] = list(
        Agreement.objects.filter(platform_id=partnership.platform_id, partnership=partnership)
        .select_related("template_version__template")
        .annotate(version_count=Count("versions"))
        .order_by("-created_at")
    )
    newest: dict[int, AgreementVersion] = {}
    for version in AgreementVersion.objects.filter(agreement__in=agreements).order_by(
        "agreement_id", "-number"
    ):
        newest.setdefault(version.agreement_id, version)
    for agreement in agreements:
        agreement.current = newest.get(agreement.pk)  # type: ignore[attr-defined]
    return agreements


def agreement_get(*, partnership: Partnership, public_id) -> Agreement:
    agreement = (
        Agreement.objects.filter(
            platform_id=partnership.platform_id, partnership=partnership, public_id=public_id
        )
        .select_related("template_version__template", "created_by")
        .first()
    )
    if agreement is None:
        raise Http404("No such agreement.")
    return agreement


def version_current(*, agreement: Agreement) -> AgreementVersion:
    version = (
        AgreementVersion.objects.filter(platform_id=agreement.platform_id, agreement=agreement)
        .order_by("-number")
        .first()
    )
    if version is None:  # an agreement is always made with its version 1
        raise Http404("This agreement has no version.")
    version.agreement = agreement
    return version


def version_list(*, agreement: Agreement) -> list[AgreementVersion]:
    """Every version of the agreement, newest first, each with ``required_count``,
    ``signed_count`` (required signatures given) and ``declined_count``: one query however
    many versions."""
    versions: list[AgreementVersion] = list(
        AgreementVersion.objects.filter(platform_id=agreement.platform_id, agreement=agreement)
        .annotate(
            required_count=Count("signatories", filter=Q(signatories__required=True)),
            signed_count=Count(
                "signatories",
                filter=Q(signatories__required=True, signatories__signed_at__isnull=False),
            ),
            declined_count=Count("signatories", filter=Q(signatories__declined_at__isnull=False)),
        )
        .order_by("-number")
    )
    for version in versions:
        version.agreement = agreement
    return versions


def version_in_force(*, versions: Iterable[AgreementVersion]) -> AgreementVersion | None:
    """Of these versions (newest first), the one in force: the executed one. An executed
    version stays in force while its amendment is drafted and signed, and becomes
    superseded only when the amendment is executed (services.signing), so there is at
    most one; None until a version is executed."""
    return next((v for v in versions if v.status == VersionStatus.EXECUTED), None)


def clause_list(*, version: AgreementVersion) -> QuerySet[AgreementClause]:
    return AgreementClause.objects.filter(
        platform_id=version.platform_id, version=version
    ).order_by("position")


def templates_in_use(*, platform: Platform) -> QuerySet[AgreementTemplate]:
    """The templates a new agreement may start from: the platform's, not retired, with a
    version to draft from."""
    return (
        AgreementTemplate.objects.filter(platform=platform, is_active=True, versions__isnull=False)
        .distinct()
        .order_by("form", "name")
    )
