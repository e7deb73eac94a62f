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
