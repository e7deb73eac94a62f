"""The CSV shape of the registry, shared by the import and the export.

One row per organisation and contact: an organisation with three contacts takes three
rows that repeat its details; one without contacts takes one row with the contact
columns empty. Themes are separated by semicolons.
"""

ORGANISATION_COLUMNS = [
    "name",
    "acronym",
    "sector",
    "sub_type",
    "country",
    "website",
    "mandate",
    "constituencies",
    "themes",
]
CONTACT_COLUMNS = ["contact_name", "contact_role", "contact_email", "contact_phone"]
COLUMNS = ORGANISATION_COLUMNS + CONTACT_COLUMNS
REQUIRED = ["name", "sector"]
THEME_SEPARATOR = ";"

# A spreadsheet treats a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value) -> str:
    """A cell a spreadsheet shows as text: formula starts get a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def organisation_rows(organisation) -> list[list[str]]:
    """The export's rows for one organisation (its contacts must be prefetched): codes as
    stored (sector, sub-type, country), so a file exported here imports back unchanged.
    Every cell goes through cell_safe."""
    details = [
        organisation.name,
        organisation.acronym,
        organisation.sector,
        organisation.sub_type,
        organisation.country.code or "",
        organisation.website,
        organisation.mandate,
        organisation.constituencies,
        f"{THEME_SEPARATOR} ".join(organisation.themes),
    ]
    contacts = [[c.name, c.role, c.email, c.phone] for c in organisation.contacts.all()]
    return [[cell_safe(v) for v in details + contact] for contact in contacts or [[""] * 4]]


def cell_restore(text: str) -> str:
    """Undo cell_safe, so an exported file imports back as it was: "'+94 11 2" → "+94 11 2"."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
