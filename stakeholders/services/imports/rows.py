"""Checking every row of an import: what each row says, what is wrong with it, and which
organisations of the platform it probably duplicates.

Rows are numbered as a spreadsheet numbers them: the header is row 1. The checks are
the registry's own (organisation_validate and the Contact fields), so a row the import
accepts is one the organisation form would accept too.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django_countries import countries

from platforms.models import Platform
from stakeholders.csvio import (
    COLUMNS,
    CONTACT_COLUMNS,
    ORGANISATION_COLUMNS,
    REQUIRED,
    cell_restore,
)
from stakeholders.models import Contact, Organisation, Sector, SubType
from stakeholders.selectors.imports import organisations_matching
from stakeholders.services.organisations import organisation_validate, themes_clean

from .reading import CsvText, csv_rows

PROGRESS_EVERY = 1000
# The report keeps this many bad rows and duplicates to show; the counts cover them all.
REPORT_CAP = 500


@dataclass
class OrganisationRows:
    """One organisation of the file: its first row, its details and its contacts."""

    row: int
    fields: dict[str, Any]
    given: list[str]  # the columns with a value: what "update" overwrites
    contacts: list[dict[str, str]] = field(default_factory=list)
    contact_rows: dict[str, int] = field(default_factory=dict)  # email → row
    existing: Organisation | None = None
    matched_on: str = ""


@dataclass
class CheckedFile:
    rows: int = 0
    organisations: list[OrganisationRows] = field(default_factory=list)
    bad_rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.bad_rows

    @property
    def duplicates(self) -> list[OrganisationRows]:
        return [o for o in self.organisations if o.existing is not None]

    def report(self) -> dict[str, Any]:
        duplicates = self.duplicates
        return {
            "rows": self.rows,
            "organisations": len(self.organisations),
            "new": len(self.organisations) - len(duplicates),
            "contacts": sum(len(o.contacts) for o in self.organisations),
            "bad_row_count": len(self.bad_rows),
            "bad_rows": [{"row": row, "reasons": reasons} for row, reasons in self.bad_rows][
                :REPORT_CAP
            ],
            "duplicate_count": len(duplicates),
            "duplicates": [
                {
                    "row": o.row,
                    "name": o.fields["name"],
                    "acronym": o.fields["acronym"],
                    "contacts": len(o.contacts),
                    "matched_on": o.matched_on,
                    "existing_id": str(o.existing.public_id),
                    "existing_name": str(o.existing),
                    "existing_archived": o.existing.is_archived,
                }
                for o in duplicates[:REPORT_CAP]
                if o.existing is not None
            ],
        }


def _choices(choices) -> dict[str, str]:
    """Accept a choice by its value or its label, whatever the case."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[value.replace("_", " ").lower()] = value
        lookup[str(label).lower()] = value
    return lookup


SECTORS = _choices(Sector.choices)
SUB_TYPES = _choices(SubType.choices)
SECTOR_NAMES = ", ".join(str(label) for label in Sector.labels)
SUB_TYPE_NAMES = ", ".join(str(label) for label in SubType.labels)


@cache
def _countries() -> dict[str, str]:
    with translation.override("en"):
        names = {str(name).lower(): code for code, name in countries}
    return {**names, **{code.lower(): code for code in countries.countries}}


def _organisation(cells: dict[str, str], reasons: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The organisation's fields from one row, with what is wrong added to reasons."""
    reported: set[str] = set()

    def refuse(column: str, message: str) -> None:
        reported.add(column)
        reasons.append(f"{column}: {message}")

    for column in REQUIRED:
        if not cells[column]:
            refuse(column, "required, but empty.")
    fields: dict[str, Any] = {column: cells[column] for column in ORGANISATION_COLUMNS}
    fields["name"] = " ".join(fields["name"].split())
    if cells["sector"]:
        fields["sector"] = SECTORS.get(cells["sector"].lower(), cells["sector"])
        if fields["sector"] not in Sector.values:
            refuse("sector", f"unknown sector “{cells['sector']}”. Use one of: {SECTOR_NAMES}.")
    if cells["sub_type"]:
        fields["sub_type"] = SUB_TYPES.get(cells["sub_type"].lower(), "")
        if not fields["sub_type"]:
            refuse(
                "sub_type", f"unknown sub-type “{cells['sub_type']}”. Use one of: {SUB_TYPE_NAMES}."
            )
    if cells["country"]:
        fields["country"] = _countries().get(cells["country"].lower(), "")
        if not fields["country"]:
            refuse(
                "country",
                f"unknown country “{cells['country']}”. Give its English name or its "
                "two-letter code (LK for Sri Lanka).",
            )
    if cells["website"] and "://" not in cells["website"]:
        fields["website"] = "https://" + cells["website"]
    fields["themes"] = themes_clean(cells["themes"])
    try:
        # The country was checked above against the same list; left to the field, its
        # check would walk all 250 choices on every row (most of the time of a check).
        organisation_validate(Organisation(**{**fields, "country": ""}), validate_unique=False)
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            if column not in reported:
                for message in messages:
                    refuse(column, message)
    given = [column for column in ORGANISATION_COLUMNS if cells[column]]
    return fields, given


def _contact(cells: dict[str, str], reasons: list[str]) -> dict[str, str] | None:
    if not any(cells[column] for column in CONTACT_COLUMNS):
        return None
    contact = Contact(
        name=" ".join(cells["contact_name"].split()),
        role=cells["contact_role"],
        email=cells["contact_email"].lower(),
        phone=cells["contact_phone"],
    )
    if not contact.name:
        reasons.append("contact_name: required when a row has contact details, but empty.")
    try:
        contact.full_clean(exclude=["platform", "organisation", "name"], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            reasons.extend(f"contact_{name}: {message}" for message in messages)
    return {
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
    }


def _differences(first: dict[str, Any], other: dict[str, Any]) -> list[str]:
    # Name and acronym already match, whatever their case: the first row's spelling wins.
    return [
        column
        for column in ORGANISATION_COLUMNS
        if column not in ("name", "acronym") and first[column] != other[column]
    ]


def file_check(
    *, platform: Platform, csv_text: CsvText, progress: Callable[[int, str], None]
) -> CheckedFile:
    """Check every row and find the likely duplicates; reads only."""
    checked = CheckedFile()
    groups: dict[tuple[str, str], OrganisationRows] = {}
    seen_rows: dict[tuple[str, ...], int] = {}
    width = len(csv_text.header)
    rows = csv_rows(csv_text.text, csv_text.delimiter)
    next(rows)  # the header, checked already
    try:
        for number, raw in enumerate(rows, start=2):
            if not any(cell.strip() for cell in raw):
                continue  # spreadsheets leave blank rows at the end
            checked.rows += 1
            if checked.rows % PROGRESS_EVERY == 0:
                progress(
                    80 * checked.rows // csv_text.row_count,
                    f"Checked {checked.rows:,} of {csv_text.row_count:,} rows.",
                )
            reasons = _row_check(number, raw, width, csv_text.header, groups, seen_rows)
            if reasons:
                checked.bad_rows.append((number, reasons))
    except csv.Error as error:
        checked.bad_rows.append(
            (rows.line_num, [f"The file stops being valid CSV here ({error})."])
        )
    checked.organisations = list(groups.values())
    progress(85, "Looking for organisations that are already in the registry.")
    _match_existing(platform, checked)
    return checked


def _row_check(
    number: int,
    raw: list[str],
    width: int,
    header: list[str],
    groups: dict[tuple[str, str], OrganisationRows],
    seen_rows: dict[tuple[str, ...], int],
) -> list[str]:
    """Check one row and add it to its organisation; returns what is wrong with it."""
    if len(raw) != width:
        return [f"This row has {len(raw)} cells; the header has {width} columns."]
    cells = {column: cell_restore(cell.strip()) for column, cell in zip(header, raw, strict=True)}
    exact = tuple(cells[column] for column in COLUMNS)
    if exact in seen_rows:
        return [f"This row repeats row {seen_rows[exact]} exactly (a duplicate row)."]
    seen_rows[exact] = number
    reasons: list[str] = []
    fields, given = _organisation(cells, reasons)
    contact = _contact(cells, reasons)
    if reasons:
        return reasons
    key = (fields["name"].lower(), fields["acronym"].lower())
    group = groups.get(key)
    if group is None:
        group = groups[key] = OrganisationRows(row=number, fields=fields, given=given)
    else:
        different = _differences(group.fields, fields)
        if different:
            return [
                f"Same organisation as row {group.row} (name and acronym) but with different "
                f"{', '.join(different)}. Give the same details on every row of an organisation."
            ]
    if contact is not None:
        if contact["email"] and contact["email"] in group.contact_rows:
            first = group.contact_rows[contact["email"]]
            return [
                f"contact_email: {contact['email']} is already a contact of this organisation in row {first}."
            ]
        if contact["email"]:
            group.contact_rows[contact["email"]] = number
        group.contacts.append(contact)
    return []


def _match_existing(platform: Platform, checked: CheckedFile) -> None:
    """Mark each organisation of the file that matches one of the platform's by name or
    acronym (one query for the whole file). Two organisations of the file that match the
    same existing one are an error: an update could not know which to keep."""
    organisations = checked.organisations
    if not organisations:
        return
    existing = organisations_matching(
        platform=platform,
        names={o.fields["name"].lower() for o in organisations},
        acronyms={o.fields["acronym"].lower() for o in organisations if o.fields["acronym"]},
    )
    by_name: dict[str, Organisation] = {}
    by_acronym: dict[str, Organisation] = {}
    for organisation in existing:
        by_name.setdefault(organisation.name.lower(), organisation)
        if organisation.acronym:
            by_acronym.setdefault(organisation.acronym.lower(), organisation)
    claimed: dict[int, int] = {}
    for rows in organisations:
        match = by_name.get(rows.fields["name"].lower())
        rows.matched_on = "name"
        if match is None and rows.fields["acronym"]:
            match = by_acronym.get(rows.fields["acronym"].lower())
            rows.matched_on = "acronym"
        if match is None:
            rows.matched_on = ""
            continue
        if match.pk in claimed:
            checked.bad_rows.append(
                (
                    rows.row,
                    [
                        f"Matches the existing organisation “{match}”, as row {claimed[match.pk]} "
                        "does. Give it once, or rename one of them.",
                    ],
                )
            )
            continue
        claimed[match.pk] = rows.row
        rows.existing = match
    checked.bad_rows.sort(key=lambda bad: bad[0])
