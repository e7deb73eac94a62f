"""Checking every row of an import: what each row says and what is wrong with it; then
(matching.py) which organisations would be twins, in the file or with the registry's.

Rows are numbered as a spreadsheet numbers them: the header is row 1. The checks are
the registry's own (organisation_validate and every Contact field, lengths included), so
a row the import accepts is one the organisation form would accept too, and one the
import's write can store.
"""

import csv
from collections.abc import Callable
from functools import cache
from typing import Any, cast

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
from stakeholders.services.organisations import organisation_validate, themes_clean

from .checked import CheckedFile, OrganisationRows
from .matching import acronym_key, existing_match, file_twins_remove, name_key
from .reading import CsvText, csv_rows

PROGRESS_EVERY = 1000
THEME_MAX = cast(int, Organisation._meta.get_field("themes").base_field.max_length)  # type: ignore[attr-defined]


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
    for theme in cells["themes"].replace(",", ";").split(";"):
        # themes_clean would cut a longer theme short: say so rather than lose its end.
        theme = " ".join(theme.split())
        if len(theme) > THEME_MAX:
            refuse(
                "themes",
                f"“{theme[:40]}…” has {len(theme)} characters; a theme can have at most "
                f"{THEME_MAX}.",
            )
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
        # Every field, the name included: its length is checked here or the write fails.
        contact.full_clean(exclude=["platform", "organisation"], validate_unique=False)
    except ValidationError as error:
        for name, errors in error.error_dict.items():
            for problem in errors:
                if name == "name" and problem.code == "blank":
                    continue  # said above, in words that fit a row of contact details
                reasons.extend(f"contact_{name}: {message}" for message in problem.messages)
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
    file_twins_remove(checked)
    progress(85, "Looking for organisations that are already in the registry.")
    existing_match(platform, checked)
    checked.bad_rows.sort(key=lambda bad: bad[0])
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
    key = (name_key(fields["name"]), acronym_key(fields["acronym"]))
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
    group.rows.append(number)
    return []
