"""The demo agreements (`manage.py seed_demo`): every state on each platform, recorded
through the services (the gate into implementation passed by a really executed
partnership agreement), a version the demo partner login can sign, and the PDF jobs the
worker of `make run` picks up. Loading twice is covered by test_demo.py."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from partnerships.agreements.completeness import completeness_check
from partnerships.models import (
    Agreement,
    AgreementForm,
    AgreementVersion,
    Partnership,
    Signatory,
    Stage,
    StageMove,
    VersionStatus,
)
from partnerships.services.agreement_mail import KIND as EMAIL
from partnerships.services.agreement_pdfs import KIND as PDF
from platforms.models import AuditAction, AuditEvent, Job, JobStatus, Membership, Platform, Role
from platforms.tenancy import unscoped
from stakeholders.models import Representative

pytestmark = pytest.mark.django_db

PARTNER_LOGINS = {"ppg": "partner@ppg.example", "un-sri-lanka": "partner@uncp.example"}


@pytest.fixture
def seeded():
    call_command("seed_demo")
    with unscoped():
        yield [Platform.objects.get(slug=slug) for slug in PARTNER_LOGINS]


def _broker(platform: Platform):
    """The broker the demo acts as: the platform's first."""
    brokers = Membership.objects.filter(platform=platform, role=Role.BROKER)
    return brokers.select_related("user").earliest("created_at").user


def _signed(version: AgreementVersion) -> tuple[int, int]:
    required = version.signatories.filter(required=True)
    return required.exclude(signed_at=None).count(), required.count()


def test_each_platform_has_agreements_in_every_state_and_form(seeded):
    for platform in seeded:
        versions = AgreementVersion.objects.filter(platform=platform)
        assert set(versions.values_list("status", flat=True)) >= {
            VersionStatus.DRAFT,
            VersionStatus.ISSUED,
            VersionStatus.EXECUTED,
        }, platform.slug
        forms = set(Agreement.objects.filter(platform=platform).values_list("form", flat=True))
        assert forms == set(AgreementForm.values), platform.slug
        issued = [_signed(v) for v in versions.filter(status=VersionStatus.ISSUED)]
        # One waits for every signature, one is partly signed.
        assert any(done == 0 for done, _ in issued), platform.slug
        assert any(0 < done < required for done, required in issued), platform.slug
        # An amendment, with its reason, after an executed version 1.
        amendment = versions.get(number=2)
        assert amendment.reason
        first = versions.get(agreement=amendment.agreement, number=1)
        assert first.executed_at is not None and first.status in (
            VersionStatus.EXECUTED,
            VersionStatus.SUPERSEDED,
        )
        # A draft of a partnership agreement still being written at stage 6.
        draft = versions.get(
            status=VersionStatus.DRAFT,
            number=1,
            agreement__form=AgreementForm.PARTNERSHIP_AGREEMENT,
        )
        assert draft.agreement.partnership.stage == Stage.STRUCTURE
        ratings = [element.rating for element in completeness_check(version=draft)]
        assert ratings.count("in_place") >= 8 and {"partly", "missing"} & set(ratings)
    statuses = set(AgreementVersion.objects.values_list("status", flat=True))
    assert statuses == set(VersionStatus.values)  # superseded too, on one platform


def test_the_executed_agreement_let_the_partnership_into_implementation(seeded):
    for platform in seeded:
        broker = _broker(platform)
        implementing = Partnership.objects.filter(platform=platform, stage=Stage.IMPLEMENTING)
        assert implementing.exists()
        for partnership in implementing:
            move = StageMove.objects.get(partnership=partnership, to_stage=Stage.IMPLEMENTING)
            assert move.moved_by == broker and move.note
            # Written by the journey service in the seeder's scope: the audit names the
            # broker, and the move was not back-filled by hand.
            created = AuditEvent.objects.get(
                table_name=StageMove._meta.db_table,
                object_id=move.pk,
                action=AuditAction.CREATE,
            )
            assert created.actor_id == broker.pk and created.via == "seed"
            into_agreement = StageMove.objects.get(
                partnership=partnership, to_stage=Stage.AGREEMENT
            )
            first = AgreementVersion.objects.get(
                agreement__partnership=partnership,
                agreement__form=AgreementForm.PARTNERSHIP_AGREEMENT,
                number=1,
            )
            assert first.executed_at is not None
            assert into_agreement.created_at < first.created_at < first.issued_at
            assert first.issued_at < first.executed_at < move.created_at
            assert partnership.stage_changed_at == move.created_at


def test_signatures_were_given_by_each_signatory_s_own_account(seeded):
    now = timezone.now()
    signed = Signatory.objects.exclude(signed_at=None).select_related("version", "partner")
    assert signed.count() >= 20
    for signatory in signed:
        assert signatory.user_id is not None
        assert signatory.signed_by_id == signatory.user_id
        assert signatory.signed_name == signatory.name and signatory.via == "web"
        assert signatory.version.issued_at < signatory.signed_at < now
        representative = Representative.objects.get(
            platform=signatory.platform_id, membership__user=signatory.user_id
        )
        assert representative.organisation_id == signatory.partner.organisation_id
        assert representative.membership.role == Role.PARTNER_REPRESENTATIVE
        assert representative.contact.name == signatory.name
    for version in AgreementVersion.objects.exclude(executed_at=None):
        latest = version.signatories.filter(required=True).aggregate(at=Max("signed_at"))["at"]
        assert version.executed_at == latest
    # The signing emails of the story's past are withdrawn.
    assert not Job.objects.filter(kind=EMAIL).exists()


def test_the_demo_partner_can_sign_an_issued_version(seeded, client):
    for platform in seeded:
        user = get_user_model().objects.get(email=PARTNER_LOGINS[platform.slug])
        signatory = Signatory.objects.select_related("version__agreement__partnership").get(
            version__status=VersionStatus.ISSUED, user=user
        )
        assert signatory.required and signatory.signed_at is None
        version = signatory.version
        assert _signed(version)[0] == 0
        agreement = version.agreement
        client.force_login(user)
        url = reverse(
            "agreement_sign",
            args=[
                platform.slug,
                agreement.partnership.public_id,
                agreement.public_id,
                version.number,
                signatory.public_id,
            ],
        )
        assert client.get(url).status_code == 200
        response = client.post(url, {"full_name": signatory.name, "confirm": "on"})
        assert response.status_code == 302
        signatory.refresh_from_db()
        assert signatory.signed_at is not None and signatory.signed_by == user


def test_a_pdf_job_is_queued_for_each_issued_or_executed_version(seeded):
    shown = AgreementVersion.objects.filter(
        status__in=[VersionStatus.ISSUED, VersionStatus.EXECUTED]
    )
    jobs = Job.objects.filter(kind=PDF)
    assert jobs.count() == shown.count() >= 6
    assert {job.payload["version_id"] for job in jobs} == set(shown.values_list("pk", flat=True))
    assert set(jobs.values_list("status", flat=True)) == {JobStatus.QUEUED}
    for job in jobs:
        assert job.requested_by == _broker(job.platform)
