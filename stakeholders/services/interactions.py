"""Writes for the engagement log: interactions with organisations and their follow-ups."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import Interaction, InteractionKind, Organisation
from stakeholders.services.common import (
    actor_id,
    fields_check,
    instance_update,
    platform_check,
)

INTERACTION_FIELDS = ("kind", "occurred_on", "subject", "participants", "notes", "follow_up_on")


def _day(value: date) -> str:
    return formats.date_format(value, "j M Y")


def interaction_archived_message(organisation: Organisation) -> str:
    return (
        f"{organisation.name} is archived, so its engagement log is closed. "
        "Restore the organisation to log new interactions with it."
    )


def interaction_validate(interaction: Interaction, *, today: date) -> None:
    """Field checks plus the rules between dates; raises ValidationError by field."""
    errors: dict[str, list[str]] = {}
    if interaction.kind not in InteractionKind.values:
        errors["kind"] = [
            "Choose one of: " + ", ".join(str(k.label).lower() for k in InteractionKind) + "."
        ]
    if not interaction.subject:
        errors["subject"] = ["Give the interaction a subject, for example “Planning workshop”."]
    if not isinstance(interaction.occurred_on, date):
        errors["occurred_on"] = ["Enter the date of the interaction."]
    elif interaction.occurred_on > today:
        errors["occurred_on"] = [
            f"{_day(interaction.occurred_on)} is in the future (today is {_day(today)} on this "
            "platform). Log the interaction once it has happened; to plan one, set a follow-up "
            "date on the last interaction instead."
        ]
    follow_up = interaction.follow_up_on
    if follow_up is not None and not isinstance(follow_up, date):
        errors["follow_up_on"] = ["Enter the follow-up date as YYYY-MM-DD."]
    elif (
        follow_up is not None
        and isinstance(interaction.occurred_on, date)
        and follow_up < interaction.occurred_on
    ):
        errors["follow_up_on"] = [
            f"The follow-up date ({_day(follow_up)}) is before the interaction "
            f"({_day(interaction.occurred_on)}). Choose a date on or after the interaction."
        ]
    try:
        interaction.full_clean(
            exclude=["platform", "organisation", "recorded_by", "follow_up_done_at", *errors]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _clean_text(fields: dict) -> dict:
    if "subject" in fields:
        fields["subject"] = " ".join(str(fields["subject"] or "").split())
    for name in ("participants", "notes"):
        if name in fields:
            fields[name] = str(fields[name] or "").strip()
    return fields


def interaction_create(
    *, platform: Platform, organisation: Organisation, actor, **fields
) -> Interaction:
    fields_check(fields, allowed=INTERACTION_FIELDS, what="interaction")
    platform_check(platform, organisation)
    if organisation.is_archived:
        raise ValidationError(interaction_archived_message(organisation))
    fields = _clean_text(fields)
    interaction = Interaction(
        platform=platform, organisation=organisation, recorded_by=actor, **fields
    )
    interaction_validate(interaction, today=platform.today())
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        interaction.save()
    return interaction


def _follow_up_reopen(interaction: Interaction, changed: list[str]) -> list[str]:
    # "Done" answered the old follow-up date, not the new one.
    if "follow_up_on" in changed and interaction.follow_up_done_at is not None:
        interaction.follow_up_done_at = None
        return ["follow_up_done_at"]
    return []


def interaction_update(
    *, platform: Platform, interaction: Interaction, actor, **fields
) -> Interaction:
    """Correct an entry of the log. A new or removed follow-up date reopens the follow-up."""
    today = platform.today()
    return instance_update(
        interaction,
        platform=platform,
        actor=actor,
        fields=_clean_text(fields),
        allowed=INTERACTION_FIELDS,
        validate=lambda instance: interaction_validate(instance, today=today),
        also_changed=_follow_up_reopen,
    )


def interaction_follow_up_complete(
    *, platform: Platform, interaction: Interaction, actor
) -> Interaction:
    """Mark the interaction's follow-up as done."""
    platform_check(platform, interaction)
    if interaction.follow_up_on is None:
        raise ValidationError(f"“{interaction.subject}” has no follow-up to mark as done.")
    now = timezone.now()
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # A conditional UPDATE: two people pressing "Mark done" at once record it once,
        # and the second is told it was already done.
        done = Interaction.objects.filter(
            platform=platform,
            pk=interaction.pk,
            follow_up_on__isnull=False,
            follow_up_done_at__isnull=True,
        ).update(follow_up_done_at=now, updated_at=now)
    if not done:
        raise ValidationError(
            f"The follow-up of “{interaction.subject}” was already marked as done."
        )
    interaction.follow_up_done_at = now
    interaction.updated_at = now
    return interaction
