"""Emails about signing: to each signatory when a version is issued; to the partnership's
brokers when someone signs or declines; to the brokers and every signatory when the last
required signature executes the version.

The signing services call these inside their own transaction, so the jobs commit with
the change and a refused or rolled-back change sends nothing. There is one job per
recipient (``agreement_email``), and the worker renders the email from the rows as they
are when it runs. A job that succeeded is never run again, so the only repeat is the
usual at-least-once one: a worker lost between handing a message to the mail server and
committing the job sends that one message again on redelivery. One job per recipient
keeps it to that one message, where a job for everyone would send the whole list again.
"""

import json

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgreementVersion, Partnership, Signatory, VersionStatus
from partnerships.selectors.partnerships import partnership_brokers
from platforms.jobs import job_enqueue, job_handler
from platforms.models import Job, Membership, Platform, Role

KIND = "agreement_email"
ISSUED, SIGNED, DECLINED, EXECUTED = "issued", "signed", "declined", "executed"
EVENTS = (ISSUED, SIGNED, DECLINED, EXECUTED)
# Who a broker-side email goes to: the assigned brokers or, with none, the admins.
BROKER, ADMIN, SIGNATORY = "broker", "admin", "signatory"
STAFF_ROLES = {BROKER: (Role.BROKER, Role.PLATFORM_ADMIN), ADMIN: (Role.PLATFORM_ADMIN,)}


def signatory_address(signatory: Signatory) -> str:
    """The address recorded for the signature, else the linked account's."""
    if signatory.email:
        return signatory.email
    user = signatory.user
    return user.email if user is not None and user.is_active else ""


def _staff(*, platform: Platform, partnership: Partnership) -> tuple[str, list[Membership]]:
    """The brokers assigned to the partnership. A partnership nobody brokers still has
    someone answerable for it: the platform's admins, who can assign a broker or act
    themselves, so they are told instead and the email says why."""
    brokers = partnership_brokers(platform=platform, partnership=partnership)
    active = [m for m in brokers if m.user.is_active and m.user.email]
    if active:
        return BROKER, active
    admins = (
        Membership.objects.filter(platform=platform, role=Role.PLATFORM_ADMIN, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email")
    )
    return ADMIN, list(admins)


def _enqueue(*, platform: Platform, actor, version: AgreementVersion, **payload) -> Job:
    return job_enqueue(
        platform=platform,
        kind=KIND,
        payload={"version": version.pk, **payload},
        requested_by=actor if getattr(actor, "pk", None) else None,
    )


def _to_signatories(
    *,
    platform: Platform,
    actor,
    version: AgreementVersion,
    event: str,
    skip: set[str],
    signatory: Signatory | None = None,
) -> int:
    signatories = Signatory.objects.filter(platform=platform, version=version).select_related(
        "user"
    )
    about = {"signatory": signatory.pk} if signatory is not None else {}
    sent = 0
    for recipient in signatories.order_by("pk"):
        address = signatory_address(recipient).lower()
        if not address or address in skip:
            continue
        if event == EXECUTED:
            # One "executed" email a person; but someone who signs twice (for two
            # organisations) is asked twice, each with its own link.
            skip.add(address)
        _enqueue(
            platform=platform,
            actor=actor,
            version=version,
            event=event,
            audience=SIGNATORY,
            to_signatory=recipient.pk,
            **about,
        )
        sent += 1
    return sent


def _to_staff(
    *,
    platform: Platform,
    actor,
    version: AgreementVersion,
    event: str,
    signatory: Signatory,
    skip: set[str],
) -> int:
    audience, members = _staff(platform=platform, partnership=version.agreement.partnership)
    for member in members:
        skip.add(member.user.email.lower())
        _enqueue(
            platform=platform,
            actor=actor,
            version=version,
            event=event,
            audience=audience,
            to_member=member.pk,
            signatory=signatory.pk,
        )
    return len(members)


def agreement_mail_issued(*, platform: Platform, actor, version: AgreementVersion) -> int:
    """Ask every signatory of a version just issued to sign it (call inside the
    transaction that issues it). Returns how many emails were queued."""
    return _to_signatories(
        platform=platform, actor=actor, version=version, event=ISSUED, skip=set()
    )


def agreement_mail_signed(
    *, platform: Platform, actor, version: AgreementVersion, signatory: Signatory
) -> int:
    """Tell the brokers about a signature; when it executed the version, tell them that
    instead (one email, naming the last signature) and tell every signatory too."""
    if version.status != VersionStatus.EXECUTED:
        return _to_staff(
            platform=platform,
            actor=actor,
            version=version,
            event=SIGNED,
            signatory=signatory,
            skip=set(),
        )
    told: set[str] = set()
    staff = _to_staff(
        platform=platform,
        actor=actor,
        version=version,
        event=EXECUTED,
        signatory=signatory,
        skip=told,
    )
    # Someone who is both a broker and a signatory gets the brokers' email only.
    return staff + _to_signatories(
        platform=platform,
        actor=actor,
        version=version,
        event=EXECUTED,
        skip=told,
        signatory=signatory,
    )


def agreement_mail_declined(
    *, platform: Platform, actor, version: AgreementVersion, signatory: Signatory
) -> int:
    return _to_staff(
        platform=platform,
        actor=actor,
        version=version,
        event=DECLINED,
        signatory=signatory,
        skip=set(),
    )


# --- The worker's side ------------------------------------------------------------------


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _links(version: AgreementVersion, signatory: Signatory | None) -> dict[str, str]:
    agreement = version.agreement
    page = (version.platform.slug, agreement.partnership.public_id, agreement.public_id)
    links = {
        "agreement_url": _absolute("agreement_detail", *page),
        "amend_url": _absolute("agreement_amend", *page, version.number),
        "api_url": _absolute("api_agreement_signature_create", agreement.public_id, version.number),
        # Swagger UI deep-links to one operation (drf-spectacular turns deepLinking on).
        "api_docs_url": _absolute("api_docs") + "#/Agreements/agreement_signature_create",
    }
    if signatory is not None:
        links["sign_url"] = _absolute("agreement_sign", *page, version.number, signatory.public_id)
    return links


def _signatories(version: AgreementVersion) -> list[Signatory]:
    return list(
        Signatory.objects.filter(platform_id=version.platform_id, version=version)
        .select_related("partner__organisation")
        .order_by("partner__organisation__name", "name")
    )


def _outstanding(signatories: list[Signatory], about: Signatory) -> list[Signatory]:
    """The required signatures still missing just after ``about`` signed or declined:
    derived from the rows, so an email sent late still describes that moment."""
    moment = about.signed_at or about.declined_at

    def missing(s: Signatory) -> bool:
        if not s.required:
            return False
        if s.signed_at is None:  # not yet, or declined (``about`` itself, perhaps)
            return True
        return s.pk != about.pk and moment is not None and s.signed_at > moment

    return [s for s in signatories if missing(s)]


def _recipient(job: Job, version: AgreementVersion) -> tuple[str, str, Signatory | None]:
    """(address, name, the signatory written to), or no address if they are gone."""
    payload = job.payload
    if payload.get("audience") == SIGNATORY:
        found = (
            Signatory.objects.filter(
                platform_id=job.platform_id, version=version, pk=payload.get("to_signatory")
            )
            .select_related("partner__organisation", "user")
            .first()
        )
        if found is None:
            return "", "", None
        return signatory_address(found), found.name, found
    member = (
        Membership.objects.filter(
            platform_id=job.platform_id,
            pk=payload.get("to_member"),
            role__in=STAFF_ROLES.get(payload.get("audience"), ()),
            user__is_active=True,
        )
        .select_related("user")
        .first()
    )
    if member is None:
        return "", "", None
    return member.user.email, member.user.get_full_name() or member.user.email, None


@job_handler(KIND, label="Agreement email")
def agreement_email_send(job: Job, progress) -> dict:
    """Send one agreement email (run by a worker; enqueued by the functions above)."""
    event = job.payload.get("event")
    version = (
        AgreementVersion.objects.filter(platform_id=job.platform_id, pk=job.payload.get("version"))
        .select_related("agreement__partnership", "platform", "issued_by")
        .first()
    )
    if event not in EVENTS or version is None:
        return {"skipped": "missing"}
    address, name, to_signatory = _recipient(job, version)
    if not address:
        return {"skipped": "no recipient"}
    # Amended, or already answered, before the mail went out: asking to sign a version
    # that can no longer be signed is worse than no mail.
    if event == ISSUED and version.status != VersionStatus.ISSUED:
        return {"skipped": f"version {version.status}"}
    if event == ISSUED and to_signatory and (to_signatory.signed_at or to_signatory.declined_at):
        return {"skipped": "already answered"}
    signatories = _signatories(version)
    about = next((s for s in signatories if s.pk == job.payload.get("signatory")), None)
    if event != ISSUED and about is None:
        return {"skipped": "missing"}
    platform = version.platform
    partnership = version.agreement.partnership
    outstanding = _outstanding(signatories, about) if about else []
    contacts_role, contacts = _staff(platform=platform, partnership=partnership)
    context = {
        "event": event,
        "audience": job.payload.get("audience"),
        "platform": platform,
        "partnership": partnership,
        "agreement": version.agreement,
        "version": version,
        "name": name,
        "signatory": to_signatory,
        "about": about,
        "signatories": signatories,
        "outstanding": outstanding,
        "blocked": any(s.declined_at for s in outstanding),
        # Whom a signatory asks about access or a copy: the brokers, else the admins.
        "contacts": [m.user for m in contacts],
        "contacts_role": "brokers" if contacts_role == BROKER else "admins",
        **_links(version, to_signatory),
    }
    if to_signatory is not None:
        context["api_body"] = json.dumps(
            {
                "signatory": str(to_signatory.public_id),
                "full_name": to_signatory.name,
                "confirm": True,
            },
            ensure_ascii=False,
        )
    with timezone.override(platform.tzinfo):
        subject = render_to_string(f"emails/agreements/{event}_subject.txt", context)
        body = render_to_string(f"emails/agreements/{event}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [address])
    return {"sent_to": address, "event": event}
