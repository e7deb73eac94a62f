"""Twins: an import must not create two organisations that the registry would call the
same one, neither from two organisations of one file nor as a copy of one it has.

"The same one" is what stakeholders.selectors.organisations.organisation_duplicates
says for the organisation form: the same name (spaces collapsed) or the same non-empty
acronym (trimmed), whatever the case. That selector has no normalising function to
share (it inlines ``" ".join(name.split())``, ``acronym.strip()`` and ``iexact``), so the
keys below repeat it, and organisations_matching compares in the database as ``iexact``
does.
"""

from platforms.models import Platform
from stakeholders.models import Organisation
from stakeholders.selectors.imports import organisations_matching

from .checked import CheckedFile, OrganisationRows


def _upper(text: str) -> str:
    # One character at a time, as PostgreSQL's UPPER (``iexact``) does: Python alone
    # would turn "ß" into "SS" and call "Straße" and "Strasse" one name.
    return "".join(upper if len(upper := char.upper()) == 1 else char for char in text)


def name_key(name: str) -> str:
    return _upper(" ".join(name.split()))


def acronym_key(acronym: str) -> str:
    return _upper(acronym.strip())


def _acronym(rows: OrganisationRows) -> str:
    return f"“{rows.fields['acronym']}”" if rows.fields["acronym"] else "none"


def file_twins_remove(checked: CheckedFile) -> None:
    """Make every row of an organisation that has the name, or the acronym, of an earlier
    organisation of the file a bad row (rows with the same name and acronym were grouped
    into one organisation already), and leave it out of the organisations."""
    names: dict[str, OrganisationRows] = {}
    acronyms: dict[str, OrganisationRows] = {}
    kept = []
    for rows in checked.organisations:
        reasons = []
        first = names.setdefault(name_key(rows.fields["name"]), rows)
        if first is not rows:
            reasons.append(
                f"Same name as the organisation in row {first.row} but another acronym "
                f"({_acronym(first)} there, {_acronym(rows)} here): the registry would have "
                "two organisations of one name. Give an organisation the same acronym on "
                "every row, or rename one of the two."
            )
        if rows.fields["acronym"]:
            first = acronyms.setdefault(acronym_key(rows.fields["acronym"]), rows)
            if first is not rows:
                reasons.append(
                    f"Same acronym “{rows.fields['acronym']}” as “{first.fields['name']}” in "
                    f"row {first.row}, another organisation of this file: the registry would "
                    "have two organisations of one acronym. Correct the acronym of one of them."
                )
        if reasons:
            checked.bad_rows.extend((row, reasons) for row in rows.rows)
        else:
            kept.append(rows)
    checked.organisations = kept


def existing_match(platform: Platform, checked: CheckedFile) -> None:
    """Mark each organisation of the file that matches one of the platform's by name, else
    by acronym (two queries for the whole file). Two organisations of the file that match
    the same existing one are an error: an update could not know which to keep."""
    organisations = checked.organisations
    if not organisations:
        return
    by_name, by_acronym = organisations_matching(
        platform=platform,
        names=[o.fields["name"] for o in organisations],
        acronyms=[o.fields["acronym"] for o in organisations],
    )
    claimed: dict[int, int] = {}
    for rows in organisations:
        match: Organisation | None = by_name.get(rows.fields["name"])
        rows.matched_on = "name"
        if match is None and rows.fields["acronym"]:
            match = by_acronym.get(rows.fields["acronym"])
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
