"""Writes for signing agreements: a draft's signatories, issuing a version (which freezes
it), signing or declining, and amending.

An amendment is a new draft (version N+1) copying the clauses and the signatories,
unsigned (each linked to its account only while that account still represents the
signatory's organisation). The version it amends keeps its status until the amendment is executed: an
executed agreement stays in force (and the journey's gate into implementation keeps
holding) while its amendment is drafted and signed; when the amendment is executed, the
one before becomes superseded. An issued version that someone declined can never be
signed in full by everyone, so amending it supersedes it at once and stops its signing.
"""

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from partnerships.agreements.pdf import parties_now
from partnerships.agreements.placeholders import placeholders_in, placeholders_named
from partnerships.models import (
    AgreementClause,
    AgreementVersion,
    Partner,
    Signatory,
    VersionStatus,
)
from partnerships.selectors.signing import representing, signer_check
from partnerships.services.agreement_mail import (
    agreement_mail_declined,
    agreement_mail_issued,
    agreement_mail_signed,
)
from platforms.models import Membership, Platform, Role
from platforms.tenancy import platform_transaction
from stakeholders.models import Representative
from stakeholders.services.common import actor_id, platform_check

NOT_DRAFT = "This version has been issued: its signatories no longer change. Amend it instead."
NOT_ISSUED = "Only a version issued for signature can be signed or declined."
# Whose signatory is whose (NOT_YOURS and the rest): partnerships.selectors.signing.
ALREADY_SIGNED = "{name} has already signed this version."
ALREADY_DECLINED = "{name} has declined to sign this version."
NAME_MISMATCH = "Type {name}'s full name exactly as it is recorded to sign."
CONFIRM = "Confirm that you sign this agreement on behalf of {organisation}."
USER_AGENT_MAX = 500  # Signatory.user_agent


def _locked(version: AgreementVersion) -> AgreementVersion:
    """The version read again under a row lock: issuing, signing and amending one version
    at the same time wait for each other instead of both reading a stale status."""
    return AgreementVersion.objects.select_for_update().get(pk=version.pk)


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def signatory_add(
    *,
    platform: Platform,
    actor,
    version: AgreementVersion,
    partner: Partner,
    name: str,
    title: str = "",
    email: str = "",
    required: bool = True,
    member: Membership | None = None,
) -> Signatory:
    """A signatory for an ACTIVE partner of the version's partnership; ``member`` (a
    representative of that partner's organisation) is the account that may sign."""
    platform_check(platform, version)
    platform_check(platform, partner)
    errors: dict[str, str] = {}
    name = _clean(name)
    if not name:
        errors["name"] = "Give the signatory's full name."
    elif len(name) > 200:
        errors["name"] = "Keep the name to 200 characters or fewer."
    if partner.partnership_id != version.agreement.partnership_id or partner.left_on:
        errors["partner"] = "Choose an active partner of this partnership."
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Read inside the platform's scope: outside a request row-level security shows
        # no rows until the platform is set.
        if member is not None and not (
            member.platform_id == platform.pk
            and member.role == Role.PARTNER_REPRESENTATIVE
            and Representative.objects.filter(
                platform=platform, membership=member, organisation_id=partner.organisation_id
            ).exists()
        ):
            errors["member"] = (
                f"Link a representative of {partner.organisation.name}: only they may sign for it."
            )
        if errors:
            raise ValidationError(errors)
        if _locked(version).status != VersionStatus.DRAFT:
            raise ValidationError(NOT_DRAFT)
        return Signatory.objects.create(
            platform=platform,
            version=version,
            partner=partner,
            name=name,
            title=_clean(title)[:200],
            email=(email or "").strip(),
            required=required,
            user=member.user if member is not None else None,
        )


def signatory_remove(*, platform: Platform, actor, signatory: Signatory) -> None:
    platform_check(platform, signatory)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        if _locked(signatory.version).status != VersionStatus.DRAFT:
            raise ValidationError(NOT_DRAFT)
        Signatory.objects.filter(pk=signatory.pk).delete()


def _placeholders_left(clauses: list[AgreementClause]) -> list[str]:
    """One line per section still holding a placeholder: what was not filled from the
    records (they were empty when drafted) and nobody wrote since."""
    lines = []
    for clause in clauses:
        names = placeholders_in(clause.body)
        if names:
            lines.append(
                f"Section {clause.position} “{clause.title}” still has "
                f"{placeholders_named(names)}: fill {'it' if len(names) == 1 else 'them'} "
                "from the records or write the text."
            )
    return lines


def version_issue(*, platform: Platform, actor, version: AgreementVersion) -> AgreementVersion:
    """Draft → issued, frozen from then on. Each active partner needs a required
    signatory, and no section may still hold a placeholder: the refusal names each
    partner and section at fault."""
    platform_check(platform, version)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        locked = _locked(version)
        if locked.status != VersionStatus.DRAFT:
            raise ValidationError("This version has already been issued.")
        partnership_id = version.agreement.partnership_id
        # One signatory row must be both on this version and required: two conditions
        # across the relation in exclude() could be met by two different rows.
        required_here = Signatory.objects.filter(
            version=version, required=True, partner=OuterRef("pk")
        )
        without = list(
            Partner.objects.filter(
                platform=platform, partnership_id=partnership_id, left_on__isnull=True
            )
            .exclude(Exists(required_here))
            .order_by("organisation__name")
            .values_list("organisation__name", flat=True)
        )
        problems = []
        if without:
            problems.append(
                "Every partner needs a required signatory before issuing. Missing for: "
                + ", ".join(without)
                + "."
            )
        clauses = list(AgreementClause.objects.filter(version=version).order_by("position"))
        if not clauses:
            problems.append("An agreement needs at least one clause.")
        problems += _placeholders_left(clauses)
        if problems:
            raise ValidationError(problems)
        locked.status = VersionStatus.ISSUED
        locked.issued_at = timezone.now()
        locked.issued_by = actor if getattr(actor, "pk", None) else None
        # What is signed must read the same later: the parties are frozen with the text.
        locked.parties = [asdict(party) for party in parties_now(version=locked)]
        locked.save(update_fields=["status", "issued_at", "issued_by", "parties", "updated_at"])
        agreement_mail_issued(platform=platform, actor=actor, version=locked)
    return locked


def _signable(platform: Platform, signatory: Signatory, user, version: AgreementVersion) -> None:
    signer_check(platform=platform, signatory=signatory, user=user)
    if version.status != VersionStatus.ISSUED:
        raise ValidationError(NOT_ISSUED)
    if signatory.signed_at:
        raise ValidationError(ALREADY_SIGNED.format(name=signatory.name))
    if signatory.declined_at:
        raise ValidationError(ALREADY_DECLINED.format(name=signatory.name))


def signatory_sign(
    *,
    platform: Platform,
    signatory: Signatory,
    user,
    full_name: str,
    confirm: bool,
    ip_address: str | None,
    user_agent: str,
    via: str,
) -> Signatory:
    """Sign: the signatory's own account, an issued version, the full name typed as
    recorded (case and spacing aside) and an explicit confirmation. The last required
    signature executes the version, and supersedes the one it amends."""
    platform_check(platform, signatory)
    with platform_transaction(platform.pk, user_id=actor_id(user), via=via):
        version = _locked(signatory.version)
        signatory = (
            Signatory.objects.select_for_update(of=("self",))
            .select_related("partner__organisation")
            .get(pk=signatory.pk)
        )
        _signable(platform, signatory, user, version)
        errors: dict[str, str] = {}
        if _clean(full_name).casefold() != _clean(signatory.name).casefold():
            errors["full_name"] = NAME_MISMATCH.format(name=signatory.name)
        if confirm is not True:
            errors["confirm"] = CONFIRM.format(organisation=signatory.partner.organisation.name)
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        signatory.signed_at = now
        signatory.signed_name = _clean(full_name)[:200]
        signatory.signed_by = user
        signatory.ip_address = ip_address or None
        signatory.user_agent = (user_agent or "")[:USER_AGENT_MAX]
        signatory.via = via
        signatory.save()
        unsigned = Signatory.objects.filter(
            version=version, required=True, signed_at__isnull=True
        ).exists()
        if not unsigned:
            version.status = VersionStatus.EXECUTED
            version.executed_at = now
            version.save(update_fields=["status", "executed_at", "updated_at"])
            AgreementVersion.objects.filter(
                agreement_id=version.agreement_id,
                number__lt=version.number,
                status=VersionStatus.EXECUTED,
            ).update(status=VersionStatus.SUPERSEDED, updated_at=now)
        agreement_mail_signed(platform=platform, actor=user, version=version, signatory=signatory)
    return signatory


def signatory_decline(*, platform: Platform, signatory: Signatory, user, reason: str) -> Signatory:
    """Decline with a reason; the version stays issued (its brokers may amend it)."""
    platform_check(platform, signatory)
    reason = (reason or "").strip()
    with platform_transaction(platform.pk, user_id=actor_id(user)):
        version = _locked(signatory.version)
        signatory = (
            Signatory.objects.select_for_update(of=("self",))
            .select_related("partner__organisation")
            .get(pk=signatory.pk)
        )
        _signable(platform, signatory, user, version)
        if not reason:
            raise ValidationError({"reason": "Say why you decline: the brokers will read it."})
        signatory.declined_at = timezone.now()
        signatory.decline_reason = reason[:5000]
        signatory.signed_by = user
        signatory.save()
        agreement_mail_declined(platform=platform, actor=user, version=version, signatory=signatory)
    return signatory


def version_amend(
    *, platform: Platform, actor, version: AgreementVersion, reason: str
) -> AgreementVersion:
    """A new draft after an executed (or an issued and declined) version: its clauses and
    signatories copied, unsigned, each linked to its account only while that account still
    represents the signatory's organisation. Only from the newest version."""
    platform_check(platform, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the agreement is amended."})
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        locked = _locked(version)
        newest = AgreementVersion.objects.filter(agreement_id=version.agreement_id).aggregate(
            n=Max("number")
        )["n"]
        declined = Signatory.objects.filter(version=version, declined_at__isnull=False).exists()
        if newest != locked.number:
            raise ValidationError("Only the newest version can be amended.")
        if not (
            locked.status == VersionStatus.EXECUTED
            or (locked.status == VersionStatus.ISSUED and declined)
        ):
            raise ValidationError(
                "Only an executed version, or an issued one that someone declined, can be "
                "amended. Edit a draft directly."
            )
        new = AgreementVersion.objects.create(
            platform=platform,
            agreement_id=version.agreement_id,
            number=locked.number + 1,
            status=VersionStatus.DRAFT,
            reason=reason[:5000],
        )
        AgreementClause.objects.bulk_create(
            AgreementClause(
                platform=platform, version=new, position=c.position, title=c.title, body=c.body
            )
            for c in AgreementClause.objects.filter(version=locked).order_by("position")
        )
        signatories = list(
            Signatory.objects.filter(version=locked, partner__left_on__isnull=True).select_related(
                "partner"
            )
        )
        # An account that no longer represents the signatory's organisation is not carried
        # into the amendment: the signatory comes unlinked, for the brokers to link again.
        still = representing(
            platform=platform, user_ids={s.user_id for s in signatories if s.user_id}
        )
        Signatory.objects.bulk_create(
            Signatory(
                platform=platform,
                version=new,
                partner_id=s.partner_id,
                name=s.name,
                title=s.title,
                email=s.email,
                user_id=s.user_id if (s.user_id, s.partner.organisation_id) in still else None,
                required=s.required,
            )
            for s in signatories
        )
        if locked.status == VersionStatus.ISSUED:
            locked.status = VersionStatus.SUPERSEDED
            locked.save(update_fields=["status", "updated_at"])
    return new
