"""Writes for the organisation registry: organisations and their contacts."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from platforms.models import Platform
from platforms.services import invitation_revoke
from platforms.tenancy import platform_transaction
from stakeholders.csvio import THEME_SEPARATOR
from stakeholders.models import (
    SUB_TYPE_SECTOR,
    Contact,
    Organisation,
    RepresentativeInvitation,
    Sector,
    SubType,
)
from stakeholders.services.common import (
    actor_id,
    fields_check,
    instance_update,
    platform_check,
)

ORGANISATION_FIELDS = (
    "name",
    "acronym",
    "sector",
    "sub_type",
    "country",
    "website",
    "mandate",
    "constituencies",
    "themes",
)
CONTACT_FIELDS = ("name", "role", "email", "phone")


def themes_clean(themes) -> list[str]:
    """Themes as a list of distinct, trimmed names, in the order given. Accepts a list or
    a string separated by semicolons. Only semicolons separate themes, everywhere (web
    form, CSV, API): a theme may hold commas ("Water, sanitation and hygiene")."""
    if isinstance(themes, str):
        themes = [themes]
    seen: dict[str, str] = {}
    for theme in (part for item in themes or [] for part in str(item).split(THEME_SEPARATOR)):
        name = " ".join(theme.split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name[:80]
    return list(seen.values())


def organisation_validate(organisation: Organisation, *, validate_unique: bool = True) -> None:
    """Field checks plus the rules between fields; raises ValidationError by field.

    ``validate_unique=False`` skips the uniqueness queries (public_id): the CSV import
    checks thousands of new rows and must not ask the database once per row."""
    errors: dict[str, list[str]] = {}
    if organisation.sector not in Sector.values:
        errors.setdefault("sector", []).append(
            "Choose one of the eight sectors: " + ", ".join(str(s.label) for s in Sector) + "."
        )
    elif (
        organisation.sub_type and SUB_TYPE_SECTOR.get(organisation.sub_type) != organisation.sector
    ):
        sub_type = (
            SubType(organisation.sub_type).label
            if organisation.sub_type in SubType.values
            else organisation.sub_type
        )
        errors.setdefault("sub_type", []).append(
            f"“{sub_type}” is not a kind of {Sector(organisation.sector).label.lower()} organisation."
        )
    try:
        organisation.full_clean(
            exclude=["platform", "search", *errors], validate_unique=validate_unique
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def organisation_create(*, platform: Platform, actor, **fields) -> Organisation:
    fields_check(fields, allowed=ORGANISATION_FIELDS, what="organisation")
    fields["themes"] = themes_clean(fields.get("themes"))
    organisation = Organisation(platform=platform, **fields)
    organisation.name = " ".join(organisation.name.split())
    organisation_validate(organisation)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        organisation.save()
    return organisation


def _organisation_tidy(fields: dict) -> dict:
    if "themes" in fields:
        fields["themes"] = themes_clean(fields["themes"])
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
    return fields


def organisation_update(
    *, platform: Platform, organisation: Organisation, actor, **fields
) -> Organisation:
    return instance_update(
        organisation,
        platform=platform,
        actor=actor,
        fields=_organisation_tidy(fields),
        allowed=ORGANISATION_FIELDS,
        validate=organisation_validate,
    )


def _archived_at_set(
    organisation: Organisation, *, platform: Platform, actor, archived: bool
) -> Organisation:
    platform_check(platform, organisation)
    if organisation.is_archived == archived:
        state = "already archived" if archived else "not archived"
        raise ValidationError(f"{organisation.name} is {state}.")
    organisation.archived_at = timezone.now() if archived else None
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        organisation.save(update_fields=["archived_at", "updated_at"])
    return organisation


def organisation_archive(*, platform: Platform, organisation: Organisation, actor) -> Organisation:
    """Archived organisations leave the lists and pickers; their history stays."""
    return _archived_at_set(organisation, platform=platform, actor=actor, archived=True)


def organisation_restore(*, platform: Platform, organisation: Organisation, actor) -> Organisation:
    return _archived_at_set(organisation, platform=platform, actor=actor, archived=False)


def _contact_validate(contact: Contact) -> None:
    contact.name = " ".join(contact.name.split())
    contact.email = contact.email.strip().lower()
    contact.full_clean(exclude=["platform", "organisation"])


def contact_create(*, platform: Platform, organisation: Organisation, actor, **fields) -> Contact:
    fields_check(fields, allowed=CONTACT_FIELDS, what="contact")
    platform_check(platform, organisation)
    contact = Contact(platform=platform, organisation=organisation, **fields)
    _contact_validate(contact)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        contact.save()
    return contact


def contact_update(*, platform: Platform, contact: Contact, actor, **fields) -> Contact:
    return instance_update(
        contact,
        platform=platform,
        actor=actor,
        fields=fields,
        allowed=CONTACT_FIELDS,
        validate=_contact_validate,
    )


def contact_delete(*, platform: Platform, contact: Contact, actor) -> None:
    """Delete the contact, and revoke the invitations still waiting for them: deleting the
    contact removes the invitation's tie to the organisation, so accepting it afterwards
    would make a partner representative of no organisation."""
    platform_check(platform, contact)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        waiting = RepresentativeInvitation.objects.filter(
            platform=platform,
            contact=contact,
            invitation__accepted_at__isnull=True,
            invitation__revoked_at__isnull=True,
        ).select_related("invitation")
        for link in waiting:
            invitation_revoke(platform=platform, invitation=link.invitation, actor=actor)
        contact.delete()
