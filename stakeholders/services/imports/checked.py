"""What the check of a file found: its organisations (rows grouped), its bad rows, and
the report the import's page shows."""

from dataclasses import dataclass, field
from typing import Any

from stakeholders.models import Organisation

# The report keeps this many bad rows and duplicates to show; the counts cover them all.
REPORT_CAP = 500


@dataclass
class OrganisationRows:
    """One organisation of the file: its first row, its details and its contacts."""

    row: int
    fields: dict[str, Any]
    given: list[str]  # the columns with a value: what "update" overwrites
    rows: list[int] = field(default_factory=list)  # every row that passed, the first included
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
