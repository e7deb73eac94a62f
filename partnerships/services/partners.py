"""Writes for a partnership's partners: adding an organisation (cleared by a current
screening, or by a broker's recorded override), editing what it brings and wants, and
its leaving. Access follows in the same transaction: the organisation's representatives
get the partnership when it is added and lose it when it leaves.

Stage 5 agrees a role for every partner: once the partnership is past it, a partner is
added with a role and no role is cleared (services.journey.gates_kept). A partner
leaving is never refused (people leave); the journey page flags what its leaving
undid. Nothing new is added once the partnership has moved on."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import format_html

from partnerships.models import Anchoring, Partner, PartnerRole, Partnership
from partnerships.services.access import partner_access_grant, partner_access_revoke
from partnerships.services.agreed_checks import day, day_check
from partnerships.services.gates import no_contribution
from partnerships.services.journey import gates_kept, kept_update
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import CLEARANCES, Organisation
from stakeholders.services.common import actor_id, fields_check, platform_check

PARTNER_FIELDS = (
    "role",
    "aims",
    "interests",
    "positions",
    "anchoring",
    "opt_outs",
    "joined_on",
)


def screening_current(organisation: Organisation, *, today: date) -> bool:
    """Cleared (with or without conditions) and not past its renew-by date."""
    return organisation.screening_status in CLEARANCES and not organisation.screening_expired(today)


def _screening_refusal(organisation: Organisation, *, platform: Platform) -> str:
    renew_by = organisation.screening_renew_by
    if renew_by is not None and organisation.screening_expired(platform.today()):
        status = f"expired on {day(renew_by)}"
    else:
        status = str(organisation.get_screening_status_display()).lower()
    link = reverse("screening_create", args=[platform.slug, organisation.public_id])
    return format_html(
        "{} has no current clearance (its screening: {}). "
        '<a href="{}">Screen it</a> first, or tick “Override” and give the reason.',
        organisation,
        status,
        link,
    )


def _partner_check(partner: Partner, errors: dict[str, list[str]]) -> None:
    """The rules every add and edit shares; tidies the texts."""
    for name in ("aims", "interests", "positions", "opt_outs"):
        setattr(partner, name, (getattr(partner, name) or "").strip())
    if partner.role not in ("", *PartnerRole.values):
        errors.setdefault("role", []).append("Choose a role from the list.")
    if partner.anchoring not in ("", *Anchoring.values):
        errors.setdefault("anchoring", []).append("Choose how it is anchored from the list.")
    if partner.joined_on is None:
        errors.setdefault("joined_on", []).append("Give the date it joined.")
    elif not day_check(partner.joined_on, field="joined_on", errors=errors):
        pass
    elif partner.left_on is not None and partner.joined_on > partner.left_on:
        errors.setdefault("joined_on", []).append(
            f"It left on {day(partner.left_on)}: it cannot have joined after that."
        )


def partner_add(
    *,
    platform: Platform,
    partnership: Partnership,
    organisation: Organisation,
    actor,
    role: str = "",
    joined_on: date | None = None,
    override: bool = False,
    override_reason: str = "",
    **fields,
) -> Partner:
    """Add the organisation as a partner and give its representatives the partnership.

    The organisation needs a current clearance, unless a broker overrides it with a
    reason (recorded, with who overrode it). A former partner can be added again: it
    becomes a new Partner row, the old one stays as history."""
    fields_check(fields, allowed=PARTNER_FIELDS, what="partner")
    platform_check(platform, partnership, organisation)
    errors: dict[str, list[str]] = {}
    override_reason = (override_reason or "").strip()
    overridden = False
    if organisation.is_archived:
        errors.setdefault("organisation", []).append(
            f"{organisation} is archived: restore it in the registry before adding it."
        )
    elif Partner.objects.filter(
        platform=platform, partnership=partnership, organisation=organisation, left_on=None
    ).exists():
        errors.setdefault("organisation", []).append(
            f"{organisation} is already a partner of this partnership."
        )
    elif not screening_current(organisation, today=platform.today()):
        if not override:
            errors.setdefault("organisation", []).append(
                _screening_refusal(organisation, platform=platform)
            )
        elif not override_reason:
            errors.setdefault("override_reason", []).append(
                "Give the reason for adding it without a current clearance."
            )
        overridden = True
    # A cleared organisation needs no override, so none is recorded.
    if not overridden:
        override_reason = ""
    partner = Partner(
        platform=platform,
        partnership=partnership,
        organisation=organisation,
        role=role,
        joined_on=joined_on or platform.today(),
        override_reason=override_reason,
        override_by_id=actor_id(actor) if overridden else None,
        **fields,
    )
    _partner_check(partner, errors)
    if errors:
        raise ValidationError(errors)
    # A new partner has brought nothing yet: it may join a partnership past stage 5, and
    # the journey page says what it still has to bring. Its role it needs at once.
    excused = [no_contribution(partner.public_id, organisation.name)]
    try:
        with (
            platform_transaction(platform.pk, user_id=actor_id(actor)),
            gates_kept(
                platform=platform,
                partnership=partnership,
                field="role",
                excused=excused,
                adding="partner",
            ),
        ):
            partner.save()
            partner_access_grant(platform=platform, partner=partner)
    except IntegrityError:
        # Another request added it between the check and the save.
        raise ValidationError(
            {"organisation": [f"{organisation} is already a partner of this partnership."]}
        ) from None
    return partner


def partner_update(*, platform: Platform, partner: Partner, actor, **fields) -> Partner:
    """Change what the partner brings and wants (not its leaving: see partner_leave)."""

    def validate(instance: Partner) -> None:
        errors: dict[str, list[str]] = {}
        _partner_check(instance, errors)
        if errors:
            raise ValidationError(errors)

    return kept_update(
        partner,
        platform=platform,
        partnership=partner.partnership,
        actor=actor,
        fields=fields,
        allowed=PARTNER_FIELDS,
        field="role",
        validate=validate,
    )


def partner_leave(
    *, platform: Platform, partner: Partner, actor, left_on: date, note: str = ""
) -> Partner:
    """The organisation leaves: the partner stays in the history with its leaving date,
    and its representatives lose the partnership (unless it is an active partner there
    again under another row).

    Never refused for what it undoes (people leave): the journey page flags it. The
    partner's row is locked and checked as stored, so that two leavings at once record
    one, and a report on its commitments waits for it."""
    platform_check(platform, partner)
    note = (note or "").strip()
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        locked = Partner.objects.select_for_update().get(pk=partner.pk, platform=platform)
        _leave_check(locked, left_on, today=platform.today())
        locked.left_on, locked.left_note = left_on, note
        locked.save(update_fields=["left_on", "left_note", "updated_at"])
        partner_access_revoke(platform=platform, partner=locked)
    for name in ("left_on", "left_note", "updated_at"):
        setattr(partner, name, getattr(locked, name))
    return partner


def _leave_check(partner: Partner, left_on, *, today: date) -> None:
    errors: dict[str, list[str]] = {}
    if partner.left_on is not None:
        errors["left_on"] = [f"{partner.organisation} already left on {day(partner.left_on)}."]
    elif left_on is None:
        errors["left_on"] = ["Give the date it left."]
    elif not day_check(left_on, field="left_on", errors=errors):
        pass
    elif partner.joined_on is not None and left_on < partner.joined_on:
        errors["left_on"] = [f"It joined on {day(partner.joined_on)}: it cannot leave before that."]
    elif left_on > today:
        errors["left_on"] = ["It cannot leave on a date still to come: record it on the day."]
    if errors:
        raise ValidationError(errors)
