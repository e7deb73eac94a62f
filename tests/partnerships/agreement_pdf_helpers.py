"""Shared set-up for the agreement PDF tests: an agreement of platform A with two parties,
signatories (one signed, one pending or declined), rendered through the real job."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from django.db import transaction
from pypdf import PdfReader

from partnerships.models import (
    Agreement,
    AgreementClause,
    AgreementTemplate,
    AgreementVersion,
    Partner,
    Partnership,
    Signatory,
    VersionStatus,
)
from partnerships.services.access import broker_assign, partner_access_grant
from partnerships.services.agreement_pdfs import agreement_pdf_request
from partnerships.services.agreement_templates import agreement_templates_seed
from partnerships.services.agreements import agreement_create
from platforms.jobs import job_execute
from platforms.models import Job
from platforms.tenancy import platform_transaction, tenant, unscoped
from tests.factories import PartnerFactory, PartnershipFactory, RepresentativeFactory

SIGNED_AT = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)  # 15:00 in Asia/Colombo (A's zone)


@dataclass
class Made:
    partnership: Partnership
    agreement: Agreement
    version: AgreementVersion
    trust: Partner
    council: Partner


def make_agreement(side, *, executed: bool = False, title="Water Compact") -> Made:
    platform = side.platform
    partnership = cast(
        Partnership, PartnershipFactory(platform=platform, title="River Basin Partnership")
    )
    trust = cast(
        Partner,
        PartnerFactory(
            partnership=partnership, organisation__name="Lakeside Water Trust", role="core"
        ),
    )
    council = cast(
        Partner, PartnerFactory(partnership=partnership, organisation__name="Village Council")
    )
    agreement_templates_seed(platform=platform)
    with unscoped():
        template = AgreementTemplate.objects.filter(platform=platform).order_by("pk").first()
    agreement = agreement_create(
        platform=platform, partnership=partnership, actor=None, title=title, template=template
    )
    with unscoped():
        version = AgreementVersion.objects.get(agreement=agreement)
        Signatory.objects.create(
            platform=platform,
            version=version,
            partner=trust,
            name="Amara Okafor",
            title="Director",
            signed_at=SIGNED_AT,
            signed_name="Amara Okafor",
        )
        Signatory.objects.create(
            platform=platform,
            version=version,
            partner=council,
            name="Jonas Berg",
            signed_at=SIGNED_AT if executed else None,
            signed_name="Jonas Berg" if executed else "",
        )
        if executed:
            AgreementVersion.objects.filter(pk=version.pk).update(
                status=VersionStatus.EXECUTED, executed_at=SIGNED_AT, issued_at=SIGNED_AT
            )
        version = AgreementVersion.objects.select_related("agreement", "platform").get(
            pk=version.pk
        )
    return Made(partnership, agreement, version, trust, council)


def set_clause_body(made: Made, position: int, body: str) -> None:
    """Bypasses the service (and its sanitiser), as a shell or a bad migration could."""
    with unscoped():
        AgreementClause.objects.filter(version=made.version, position=position).update(body=body)


def give_access(side, made: Made) -> None:
    """A's representative speaks for the Trust; A's broker is assigned."""
    RepresentativeFactory(membership=side.partner, organisation=made.trust.organisation)
    with transaction.atomic(), tenant(side.platform.pk):
        partner_access_grant(platform=side.platform, partner=made.trust)
        broker_assign(platform=side.platform, partnership=made.partnership, membership=side.broker)


def fresh(version: AgreementVersion) -> AgreementVersion:
    with unscoped():
        return AgreementVersion.objects.select_related("agreement", "platform").get(pk=version.pk)


def render(side, made: Made, actor=None) -> Job | None:
    """Ask for the PDF as the page does, then run the job in-process like a worker."""
    with platform_transaction(side.platform.pk, user_id=getattr(actor, "pk", None)):
        state = agreement_pdf_request(platform=side.platform, actor=actor, version=made.version)
    if state.job is None:
        return None
    job_execute(job_id=state.job.pk, platform_id=side.platform.pk)
    with unscoped():
        return Job.objects.get(pk=state.job.pk)


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)
