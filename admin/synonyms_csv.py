"""Synonym sets as CSV, for ops to edit in bulk: `type,input,synonyms` with words joined by '|'.

Export neutralises spreadsheet formulas (a cell starting with = + - @ gets a leading quote, as
OWASP advises against CSV injection) and import removes exactly that quote again, so a file
round-trips unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from mustard_core.models import Synonym

HEADER = ("type", "input", "synonyms")
SEPARATOR = "|"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000


class CsvError(ValueError):
    """The file as a whole cannot be read (header, size, encoding)."""


@dataclass(frozen=True)
class Row:
    line: int
    body: dict


def _protect(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def export(rows: Iterable[Synonym]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.type, _protect(row.input or ""),
                         _protect(SEPARATOR.join(row.synonyms))])
    return out.getvalue()


def parse(data: bytes) -> list[Row]:
    if len(data) > MAX_BYTES:
        raise CsvError(f"The file is larger than {MAX_BYTES // 1024} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("The file is not UTF-8 text.") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != HEADER:
        raise CsvError("The first line must be the header: type,input,synonyms")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvError(f"At most {MAX_ROWS} synonym sets per file.")
        cells = [_unprotect(cell) for cell in cells] + ["", "", ""]
        kind, source, words = cells[0].strip(), cells[1].strip(), cells[2]
        rows.append(Row(line=number, body={
            "type": kind, "input": source or None,
            "synonyms": [w.strip() for w in words.split(SEPARATOR) if w.strip()]}))
    return rows
