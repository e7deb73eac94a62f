"""The file-level checks of a CSV import, cheap enough to run in the request.

They refuse a file that cannot be an import at all (empty, too big, not UTF-8 text, a
header that is not ours) before anything is stored. Checking the rows is the job's part
(rows.py), because a big file takes a while.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from stakeholders.csvio import COLUMNS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
LIMITS = "An import can be at most 5 MB and 20,000 rows"
SAVE_AS_UTF8 = (
    "Save it as CSV UTF-8: in Excel, File › Save As › “CSV UTF-8 (Comma delimited)”; in "
    "LibreOffice, Save As › Text CSV with the character set “Unicode (UTF-8)”."
)
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvText:
    """A decoded file whose header is exactly our columns (in any order)."""

    text: str
    delimiter: str
    header: list[str]
    row_count: int


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise _refuse(f"The file is saved as UTF-16 (“Unicode text”), not UTF-8. {SAVE_AS_UTF8}")
    if content.startswith(b"PK\x03\x04"):
        raise _refuse(f"This is a spreadsheet workbook (.xlsx), not a CSV file. {SAVE_AS_UTF8}")
    if b"\x00" in content:
        # Text never holds NUL characters (and the database refuses them).
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        raise _refuse(
            f"The file is not a valid CSV file (near line {line}: it holds a NUL character, "
            f"as binary files do). {SAVE_AS_UTF8}"
        )
    try:
        # utf-8-sig drops the byte-order mark Excel writes at the start of "CSV UTF-8".
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise _refuse(
            f"The file is not UTF-8 text (line {line} has characters in another encoding, "
            f"such as Latin-1 or Windows-1252). {SAVE_AS_UTF8}"
        ) from None


def column_name(cell: str) -> str:
    """Header cells match our column names whatever their case and spacing."""
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _delimiter(first_line: str) -> str:
    # Excel in many European locales saves "CSV" with semicolons; take whichever
    # separator the header line uses most.
    return max(DELIMITERS, key=first_line.count)


def csv_rows(text: str, delimiter: str) -> Any:
    """A csv reader (it has ``line_num``, which the typing of csv.reader does not show)."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def _check_header(cells: list[str]) -> list[str]:
    header = [column_name(cell) for cell in cells]
    expected = ", ".join(COLUMNS)
    known = set(header) & set(COLUMNS)
    if not known:
        raise _refuse(
            "The first row must be the header with the column names, and it is not. "
            f"The columns are: {expected}. Download the template to start from."
        )
    problems = []
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        problems.append(f"Missing columns: {', '.join(missing)}.")
    unknown = [
        cells[i].strip() or f"(empty, column {i + 1})"
        for i, c in enumerate(header)
        if c not in COLUMNS
    ]
    if unknown:
        problems.append(f"Unknown columns: {', '.join(unknown)}.")
    repeated = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if repeated:
        problems.append(f"Columns given twice: {', '.join(repeated)}.")
    if problems:
        raise _refuse(
            " ".join(problems) + f" The header must have exactly these columns: {expected}."
        )
    return header


def csv_read(content: bytes) -> CsvText:
    """Decode the file and check its header and size; raises ValidationError on "file"."""
    if not content.strip():
        raise _refuse("The file is empty. Choose a CSV file with a header and at least one row.")
    if len(content) > MAX_BYTES:
        raise _refuse(
            f"The file is {len(content) / 1024 / 1024:.1f} MB. {LIMITS}: split it into "
            "smaller files and import them one after the other."
        )
    text = _decode(content)
    if not text.strip():
        raise _refuse("The file is empty. Choose a CSV file with a header and at least one row.")
    delimiter = _delimiter(text.split("\n", 1)[0])
    rows = csv_rows(text, delimiter)
    try:
        header = _check_header(next(rows))
        row_count = sum(1 for row in rows if any(cell.strip() for cell in row))
    except csv.Error as error:
        raise _refuse(
            f"The file is not a valid CSV file (near line {rows.line_num}: {error}). "
            "Save it again as CSV from your spreadsheet."
        ) from None
    if row_count == 0:
        raise _refuse("The file has a header but no rows under it: there is nothing to import.")
    if row_count > MAX_ROWS:
        raise _refuse(
            f"The file has {row_count:,} rows. {LIMITS}: split it into smaller files and "
            "import them one after the other."
        )
    return CsvText(text=text, delimiter=delimiter, header=header, row_count=row_count)
