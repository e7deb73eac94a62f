"""Writes for the organisation registry: organisations and their contacts."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import SUB_TYPE_SECTOR, Contact, Organisation, Sector, SubType

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
    a string separated by semicolons or commas."""
    if isinstance(themes, str):
        themes = themes.replace(",", ";").split(";")
    seen: dict[str, str] = {}
    for theme in themes or []:
        name = " ".join(str(theme).split())
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
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    fields["themes"] = themes_clean(fields.get("themes"))
    organisation = Organisation(platform=platform, **fields)
    organisation.name = " ".join(organisation.name.split())
    organisation_validate(organisation)
    with platform_transaction(platform.pk, user_id=actor.pk if actor else None):
        organisation.save()
    return organisation


def organisation_update(
    *, platform: Platform, organisation: Organisation, actor, **fields
) -> Organisation:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    if "themes" in fields:
        fields["themes"] = themes_clean(fields["themes"])
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation_validate(organisation)
    with platform_transaction(platform.pk, user_id=actor.pk if actor else None):
        organisation.save(update_fields=[*fields, "updated_at"])
    return organisation


def organisation_archive(*, platform: Platform, organisation: Organisation, actor) -> Organisation:
    """Archived organisations leave the lists and pickers; their history stays."""
    if organisation.is_archived:
        raise ValidationError(f"{organisation.name} is already archived.")
    organisation.archived_at = timezone.now()
    with platform_transaction(platform.pk, user_id=actor.pk):
        organisation.save(update_fields=["archived_at", "updated_at"])
    return organisation


def organisation_restore(*, platform: Platform, organisation: Organisation, actor) -> Organisation:
    if not organisation.is_archived:
        raise ValidationError(f"{organisation.name} is not archived.")
    organisation.archived_at = None
    with platform_transaction(platform.pk, user_id=actor.pk):
        organisation.save(update_fields=["archived_at", "updated_at"])
    return organisation


def _contact_validate(contact: Contact) -> None:
    contact.name = " ".join(contact.name.split())
    contact.email = contact.email.strip().lower()
    contact.full_clean(exclude=["platform", "organisation"])


def contact_create(*, platform: Platform, organisation: Organisation, actor, **fields) -> Contact:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    contact = Contact(platform=platform, organisation=organisation, **fields)
    _contact_validate(contact)
    with platform_transaction(platform.pk, user_id=actor.pk if actor else None):
        contact.save()
    return contact


def contact_update(*, platform: Platform, contact: Contact, actor, **fields) -> Contact:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(contact, field, value)
    _contact_validate(contact)
    with platform_transaction(platform.pk, user_id=actor.pk if actor else None):
        contact.save(update_fields=[*fields, "updated_at"])
    return contact


def contact_delete(*, platform: Platform, contact: Contact, actor) -> None:
    with platform_transaction(platform.pk, user_id=actor.pk):
        contact.delete()
