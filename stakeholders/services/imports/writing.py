"""Writing a checked import: every organisation and contact in a few bulk statements.

Runs inside the import job's one transaction, so the whole file is written or nothing
is. bulk_create skips save() and per-row validation; the rows were validated by the
check (rows.py) that ran just before, in the same transaction.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from platforms.jobs import JobError
from platforms.models import Platform
from stakeholders.models import Contact, DuplicateChoice, Organisation
from stakeholders.selectors.imports import contacts_known
from stakeholders.services.organisations import ORGANISATION_FIELDS, organisation_validate

from .checked import CheckedFile, OrganisationRows

BATCH = 1000


def _batched(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def organisations_write(
    *,
    platform: Platform,
    checked: CheckedFile,
    duplicates: str,
    progress: Callable[[int, str], None],
) -> dict[str, Any]:
    """Create the new organisations and their contacts; skip or update the duplicates."""
    new = [rows for rows in checked.organisations if rows.existing is None]
    matched = [rows for rows in checked.organisations if rows.existing is not None]
    organisations = [Organisation(platform=platform, **rows.fields) for rows in new]
    done = 0
    for batch in _batched(organisations):
        Organisation.objects.bulk_create(batch)
        done += len(batch)
        progress(50 + 30 * done // max(len(organisations), 1), f"Created {done:,} organisations.")
    contacts = [
        Contact(platform=platform, organisation=organisation, **contact)
        for organisation, rows in zip(organisations, new, strict=True)
        for contact in rows.contacts
    ]
    updated = 0
    if matched and duplicates == DuplicateChoice.UPDATE:
        contacts += _update(platform, matched)
        updated = len(matched)
    contacts_create(contacts)
    progress(95, f"Added {len(contacts):,} contacts.")
    return {
        "created": len(organisations),
        "updated": updated,
        "skipped": len(matched) - updated,
        "contacts": len(contacts),
    }


def contacts_create(contacts: list[Contact]) -> None:
    for batch in _batched(contacts):
        Contact.objects.bulk_create(batch)


def _update(platform: Platform, matched: list[OrganisationRows]) -> list[Contact]:
    """Overwrite the existing organisations' fields the file gives a value for; return
    the contacts to add (those whose email, or name when there is no email, is new)."""
    now = timezone.now()
    existing: list[Organisation] = []
    for rows in matched:
        organisation = rows.existing
        assert organisation is not None
        for column in rows.given:
            setattr(organisation, column, rows.fields[column])
        try:
            organisation_validate(organisation, validate_unique=False)
        except ValidationError as error:
            # Only possible when a column the file leaves empty keeps a value that no
            # longer fits, such as a sub-type of the organisation's former sector.
            raise JobError(
                f"Row {rows.row} would leave “{organisation}” invalid once updated "
                f"({' '.join(error.messages)}) Fill in that column in the file, upload it "
                "again, or choose to skip the existing organisations. Nothing was imported."
            ) from None
        organisation.updated_at = now
        existing.append(organisation)
    Organisation.objects.bulk_update(
        existing, [*ORGANISATION_FIELDS, "updated_at"], batch_size=BATCH
    )
    known = contacts_known(platform=platform, organisation_ids=[o.pk for o in existing])
    contacts = []
    for rows in matched:
        organisation = rows.existing
        assert organisation is not None
        emails, names = known[organisation.pk]
        for contact in rows.contacts:
            is_known = (
                contact["email"] in emails if contact["email"] else contact["name"].lower() in names
            )
            if not is_known:
                contacts.append(Contact(platform=platform, organisation=organisation, **contact))
    return contacts
