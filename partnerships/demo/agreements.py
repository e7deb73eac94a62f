"""Demo agreements, recorded through the agreement and signing services as the broker and
the signatories would: drafted from the platform's template for the form, with the
placeholders filled from the records as they stood on the day it was drafted; the
signatories named (linked to their accounts, signers.py); issued; signed by each
signatory's own account; amended. Then the dates are moved into the past, because the
services stamp everything "now".

Last, the PDF of every issued or executed version is asked for (agreement_pdf_request):
the jobs wait in the queue for the worker that ``make run`` starts. The request is
idempotent (nothing is enqueued while the file exists or a job for it is on its way), so
it runs on every seeding and a demo whose files were lost gets them back.

The emails the signing services send (agreement_mail) are withdrawn: they would tell
people today about issues and signatures that the story dates weeks or months ago, to
addresses nobody reads (example.org), and flood the console ``make run`` prints to."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.html import escape

from partnerships.agreements.fill import agreement_context, placeholders_fill
from partnerships.models import (
    Agreement,
    AgreementClause,
    AgreementForm,
    AgreementVersion,
    Partner,
    Partnership,
    Signatory,
    TemplateClause,
    VersionStatus,
)
from partnerships.selectors.agreements import templates_in_use
from partnerships.services.agreement_mail import KIND as EMAIL
from partnerships.services.agreement_pdfs import agreement_pdf_request
from partnerships.services.agreements import agreement_clauses_update, agreement_create
from partnerships.services.signing import (
    signatory_add,
    signatory_sign,
    version_amend,
    version_issue,
)
from platforms.models import Job

from .records import AgreementSpec, AmendmentSpec, SignatorySpec
from .signers import contact_get, representative_of

if TYPE_CHECKING:
    from . import Seeding

SIGNATURES = "Signatures"  # the templates' last section: new sections go before it


def opening_agreement(specs: tuple[AgreementSpec, ...]) -> AgreementSpec | None:
    """The partnership agreement whose execution let the partnership into implementation."""
    return next(
        (
            s
            for s in specs
            if s.form == AgreementForm.PARTNERSHIP_AGREEMENT and s.executed_days_ago is not None
        ),
        None,
    )


def signers(spec: AgreementSpec) -> list[SignatorySpec]:
    """The signatories who sign something in the demo, and so need an account."""
    amended = spec.amendment is not None and spec.amendment.signed_days_ago is not None
    return [
        s for s in spec.signatories if s.signed_days_ago is not None or (amended and s.required)
    ]


def agreements_seed(
    run: Seeding,
    partnership: Partnership,
    partners: dict[str, Partner],
    specs: tuple[AgreementSpec, ...],
) -> None:
    """The partnership's agreements, and the amendments (the opening agreement was
    recorded on the way into implementation: it is amended here)."""
    opening = opening_agreement(specs)
    for spec in specs:
        if spec is opening:
            agreement = Agreement.objects.get(partnership=partnership, title=spec.title)
        else:
            agreement = agreement_seed(run, partnership, partners, spec)
        if spec.amendment is not None:
            amendment_seed(run, agreement, spec.amendment)
    # The signing emails are withdrawn (see the module's docstring); their signals still
    # reach the worker, which finds no job and does nothing.
    versions = AgreementVersion.objects.filter(agreement__partnership=partnership)
    Job.objects.filter(
        platform=run.platform,
        kind=EMAIL,
        payload__version__in=list(versions.values_list("pk", flat=True)),
    ).delete()


def agreement_seed(
    run: Seeding, partnership: Partnership, partners: dict[str, Partner], spec: AgreementSpec
) -> Agreement:
    template = templates_in_use(platform=run.platform).filter(form=spec.form).first()
    agreement = agreement_create(
        platform=run.platform,
        partnership=partnership,
        actor=run.broker,
        title=spec.title,
        template=template,
    )
    version = AgreementVersion.objects.select_related("agreement").get(
        agreement=agreement, number=1
    )
    drafted = run.day(-spec.drafted_days_ago)
    base = TemplateClause.objects.filter(version_id=agreement.template_version_id)
    _clauses_write(
        run,
        version,
        [(c.title, c.body) for c in base.order_by("position")],
        spec.clauses,
        drafted=drafted,
    )
    signatories = [_signatory_add(run, version, partners, s) for s in spec.signatories]
    run.created += 2 + len(signatories)
    if spec.issued_days_ago is not None:
        version_issue(platform=run.platform, actor=run.broker, version=version)
        for signatory, s in zip(signatories, spec.signatories, strict=True):
            if s.signed_days_ago is not None:
                _sign(run, signatory)
    _dates_set(
        run,
        version,
        drafted=spec.drafted_days_ago,
        issued=spec.issued_days_ago,
        signed={
            sig.pk: s.signed_days_ago for sig, s in zip(signatories, spec.signatories, strict=True)
        },
    )
    Agreement.objects.filter(pk=agreement.pk).update(created_at=run.at(drafted, 10))
    return agreement


def amendment_seed(run: Seeding, agreement: Agreement, spec: AmendmentSpec) -> None:
    """Version 2: the signatories copied, the sections the spec gives rewritten."""
    previous = AgreementVersion.objects.select_related("agreement").get(
        agreement=agreement, number=1
    )
    version = version_amend(
        platform=run.platform, actor=run.broker, version=previous, reason=spec.reason
    )
    version = AgreementVersion.objects.select_related("agreement").get(pk=version.pk)
    before = AgreementClause.objects.filter(version=previous).order_by("position")
    _clauses_write(
        run,
        version,
        [(c.title, c.body) for c in before],
        spec.clauses,
        drafted=run.day(-spec.drafted_days_ago),
    )
    run.created += 1
    signed: dict[int, int | None] = {}
    if spec.issued_days_ago is not None:
        version_issue(platform=run.platform, actor=run.broker, version=version)
        if spec.signed_days_ago is not None:
            for signatory in Signatory.objects.filter(version=version, required=True):
                _sign(run, signatory)
                signed[signatory.pk] = spec.signed_days_ago
    _dates_set(
        run, version, drafted=spec.drafted_days_ago, issued=spec.issued_days_ago, signed=signed
    )


def _clauses_write(
    run: Seeding,
    version: AgreementVersion,
    base: list[tuple[str, str]],
    own: tuple[tuple[str, str], ...],
    *,
    drafted,
) -> None:
    """Write the version's sections as the broker edited them: the base sections with
    the spec's own replacing those of the same title (new ones before the signatures),
    placeholders filled as on the day it was drafted."""
    context = {
        **agreement_context(partnership=version.agreement.partnership),
        "date": escape(f"{drafted:%-d %B %Y}"),
    }
    replaced = dict(own)
    sections = [(title, replaced.pop(title, body)) for title, body in base]
    at = next((n for n, (title, _) in enumerate(sections) if title == SIGNATURES), len(sections))
    sections[at:at] = list(replaced.items())
    agreement_clauses_update(
        platform=run.platform,
        actor=run.broker,
        version=version,
        clauses=[
            {"title": title, "body": placeholders_fill(body, context=context)}
            for title, body in sections
        ],
    )


def _signatory_add(
    run: Seeding, version: AgreementVersion, partners: dict[str, Partner], spec: SignatorySpec
) -> Signatory:
    partner = partners[spec.partner]
    contact = contact_get(partner.organisation, spec.name)
    return signatory_add(
        platform=run.platform,
        actor=run.broker,
        version=version,
        partner=partner,
        name=contact.name,
        title=contact.role,
        email=contact.email,
        required=spec.required,
        member=representative_of(contact),
    )


def _sign(run: Seeding, signatory: Signatory) -> None:
    """Signed on the web by the signatory's own account, their name typed as recorded."""
    signatory_sign(
        platform=run.platform,
        signatory=signatory,
        user=signatory.user,
        full_name=signatory.name,
        confirm=True,
        ip_address=None,
        user_agent="",
        via="web",
    )
    run.created += 1


def _dates_set(
    run: Seeding,
    version: AgreementVersion,
    *,
    drafted: int,
    issued: int | None,
    signed: dict[int, int | None],
) -> None:
    """Move the version's dates into the past: drafted in the morning, issued in the
    afternoon, and the signatures of one day an hour apart, in the order given."""
    drafted_at = run.at(run.day(-drafted), 10)
    AgreementVersion.objects.filter(pk=version.pk).update(created_at=drafted_at)
    AgreementClause.objects.filter(version=version).update(created_at=drafted_at)
    Signatory.objects.filter(version=version).update(created_at=drafted_at)
    if issued is None:
        return
    AgreementVersion.objects.filter(pk=version.pk).update(issued_at=run.at(run.day(-issued), 15))
    that_day: Counter[int] = Counter()
    times: dict[int, datetime] = {}
    for pk, days_ago in signed.items():
        if days_ago is not None:
            times[pk] = run.at(run.day(-days_ago), 10 + that_day[days_ago])
            that_day[days_ago] += 1
            Signatory.objects.filter(pk=pk).update(signed_at=times[pk])
    executed = AgreementVersion.objects.filter(pk=version.pk, status=VersionStatus.EXECUTED)
    if times and executed.exists():
        required = Signatory.objects.filter(version=version, required=True)
        executed.update(executed_at=max(times[pk] for pk in required.values_list("pk", flat=True)))


def agreement_pdfs_request(run: Seeding) -> None:
    """Ask for the PDF of every issued or executed version of the platform."""
    versions = (
        AgreementVersion.objects.filter(
            platform=run.platform, status__in=[VersionStatus.ISSUED, VersionStatus.EXECUTED]
        )
        .select_related("agreement", "platform")
        .order_by("pk")
    )
    for version in versions:
        agreement_pdf_request(platform=run.platform, actor=run.broker, version=version)
