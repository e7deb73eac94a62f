"""Writes for commitments: common ones (all partners, such as agreed principles) and
specific ones (one partner: what, by when, evidence), each with a status.

Brokers record and correct commitments on the web; a partner organisation reports on its
own specific commitments (status and evidence) through the API: commitment_report.

Rules decided here: a commitment marked done needs evidence (what shows it was done), for
brokers and partners alike; any status may be chosen at any time (a broker may record a
miss before the due date, when it is already certain).

Stage 5 agrees a resource or a specific commitment from every partner: once the
partnership is past it, moving or deleting a partner's only contribution is refused
(services.journey.gates_kept). Nothing new is added once the partnership has moved on.
A partner's report and its leaving lock the partner's row, so a report is never
recorded for an organisation that left in the meantime."""

from django.core.exceptions import ValidationError

from partnerships.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Partner,
    Partnership,
)
from partnerships.selectors.representation import represented_organisation_id
from partnerships.services.agreed_checks import (
    day_check,
    partner_check,
    partnership_check,
    text,
)
from partnerships.services.journey import gates_kept, kept_delete, kept_update
from platforms.models import Membership, Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import (
    actor_id,
    fields_check,
    instance_update,
    platform_check,
)

COMMITMENT_FIELDS = ("kind", "partner", "what", "due_on", "status", "evidence")
REPORT_FIELDS = ("status", "evidence")
STATUSES_IN_WORDS = ", ".join(f"{s.value} ({str(s.label).lower()})" for s in CommitmentStatus)
DONE_NEEDS_EVIDENCE = (
    "A commitment marked done needs evidence: say what shows it was done "
    "(a report, a link, a document)."
)
COMMON_NOT_REPORTED = (
    "This is a common commitment of all the partners: one partner cannot report on it alone. "
    "Ask the partnership's broker to update it."
)
NOT_YOURS = (
    "Only a representative of the partner organisation that owns this commitment can report on it."
)


def _clean(fields: dict) -> dict:
    for name in ("what", "evidence"):
        if name in fields:
            fields[name] = text(fields[name])
    return fields


def _status_check(status, errors: dict) -> None:
    if status not in CommitmentStatus.values:
        errors["status"] = [f"“{status}” is not a commitment status: choose {STATUSES_IN_WORDS}."]


def commitment_validate(
    commitment: Commitment, *, platform: Platform, partnership: Partnership, was: Partner | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not commitment.what:
        errors["what"] = ["Say what is committed, for example “Share the monitoring data”."]
    _status_check(commitment.status, errors)
    if commitment.status == CommitmentStatus.DONE and not commitment.evidence:
        errors["evidence"] = [DONE_NEEDS_EVIDENCE]
    if commitment.kind == CommitmentKind.COMMON:
        if commitment.partner_id is not None:
            errors["partner"] = [
                "A common commitment binds all the partners: leave the partner empty, "
                "or make it a specific commitment."
            ]
    elif commitment.kind == CommitmentKind.SPECIFIC:
        if commitment.partner_id is None:
            errors["partner"] = ["A specific commitment is one partner's: choose the partner."]
        else:
            try:
                partner_check(platform, partnership, commitment.partner, field="partner", was=was)
            except ValidationError as error:
                errors["partner"] = error.message_dict["partner"]
    else:
        errors["kind"] = [
            "Choose whether the commitment is common (all partners) or specific (one partner)."
        ]
    day_check(commitment.due_on, field="due_on", errors=errors)
    if errors:
        raise ValidationError(errors)


def commitment_create(
    *, platform: Platform, partnership: Partnership, actor, **fields
) -> Commitment:
    fields_check(fields, allowed=COMMITMENT_FIELDS, what="commitment")
    partnership_check(platform, partnership)
    fields = _clean(fields)
    fields.setdefault("status", CommitmentStatus.PLANNED)
    commitment = Commitment(platform=platform, partnership=partnership, **fields)
    if commitment.status != CommitmentStatus.PLANNED:
        commitment.status_changed_by_id = actor_id(actor)
    commitment_validate(commitment, platform=platform, partnership=partnership, was=None)
    with (
        platform_transaction(platform.pk, user_id=actor_id(actor)),
        gates_kept(platform=platform, partnership=partnership, adding="commitment"),
    ):
        commitment.save()
    return commitment


def _status_changed_by(actor):
    def also_changed(commitment: Commitment, changed: list[str]) -> list[str]:
        if "status" not in changed:
            return []
        commitment.status_changed_by_id = actor_id(actor)
        return ["status_changed_by"]

    return also_changed


def commitment_update(*, platform: Platform, commitment: Commitment, actor, **fields) -> Commitment:
    platform_check(platform, commitment)
    partnership = commitment.partnership
    was = commitment.partner
    return kept_update(
        commitment,
        platform=platform,
        partnership=partnership,
        actor=actor,
        fields=_clean(fields),
        allowed=COMMITMENT_FIELDS,
        validate=lambda instance: commitment_validate(
            instance, platform=platform, partnership=partnership, was=was
        ),
        also_changed=_status_changed_by(actor),
    )


def commitment_delete(*, platform: Platform, commitment: Commitment, actor) -> None:
    platform_check(platform, commitment)
    kept_delete(commitment, platform=platform, partnership=commitment.partnership, actor=actor)


def _represented_organisation_id(*, platform: Platform, actor) -> int | None:
    """The organisation the actor speaks for on this platform, if any: asked of
    partnerships.selectors.representation, like every other representative lookup."""
    user_id = actor_id(actor)
    if user_id is None:
        return None
    membership = Membership.objects.filter(platform=platform, user_id=user_id).first()
    return represented_organisation_id(platform=platform, membership=membership)


def commitment_report(
    *,
    platform: Platform,
    commitment: Commitment,
    actor,
    status: str | None = None,
    evidence: str | None = None,
) -> Commitment:
    """A partner organisation reports on its own specific commitment: its status, the
    evidence, or both (None leaves a value as it is). Refuses, writing nothing, when the
    actor does not represent the commitment's partner organisation, when the commitment
    is a common one, and when the status is not one of the list.

    The API checks ownership before calling; this checks again, so that no other caller
    can let one organisation report on another's commitments."""
    platform_check(platform, commitment)
    organisation_id = _represented_organisation_id(platform=platform, actor=actor)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Checked on the rows as stored, locked: a leaving (partner_leave locks the
        # partner's row too) or a broker's change committed since the caller read them
        # decides, and none can slip in between the check and the write.
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk, platform=platform)
        partner = (
            Partner.objects.select_for_update().get(pk=locked.partner_id, platform=platform)
            if locked.partner_id is not None
            else None
        )
        _report_check(locked, partner, organisation_id)
        fields: dict = {}
        if status is not None:
            errors: dict = {}
            _status_check(status, errors)
            if errors:
                raise ValidationError(errors)
            fields["status"] = status
        if evidence is not None:
            fields["evidence"] = evidence
        fields = _clean(fields)
        if not fields:
            return commitment
        partnership = locked.partnership
        instance_update(
            locked,
            platform=platform,
            actor=actor,
            fields=fields,
            allowed=REPORT_FIELDS,
            validate=lambda instance: commitment_validate(
                instance, platform=platform, partnership=partnership, was=partner
            ),
            also_changed=_status_changed_by(actor),
        )
    for name in (*REPORT_FIELDS, "status_changed_by_id", "updated_at"):
        setattr(commitment, name, getattr(locked, name))
    return commitment


def _report_check(
    commitment: Commitment, partner: Partner | None, organisation_id: int | None
) -> None:
    if commitment.kind == CommitmentKind.COMMON:
        raise ValidationError(COMMON_NOT_REPORTED)
    if organisation_id is None or partner is None or partner.organisation_id != organisation_id:
        raise ValidationError(NOT_YOURS)
    if partner.left_on is not None:
        raise ValidationError(
            "Your organisation has left this partnership, so it no longer reports on its "
            "commitments there."
        )
