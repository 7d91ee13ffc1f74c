"""Dates and date ranges as CVs write them, turned into `YYYY` or `YYYY-MM`.

Accepted: "2016", "2016-09", "09/2016", "Sep 2016", "September 2016", "Sept. '16", and ranges
joined by a dash, "to", "until" or an arrow, ending in a date or in Present / Current / Now /
Today / To date / Ongoing. "Since 2019" is a range that is still current. Years run 1900-2099
(some candidates have long careers; Grace Hopper's starts in the 1940s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}

_MONTH_NAME = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_YEAR = r"(?:19|20)\d{2}"
_NOW = r"present|current(?:ly)?|now|today|to\s+date|ongoing|till\s+date|date"


def _date(p: str) -> str:
    """One date, its parts in groups named with prefix p (Python needs unique names)."""
    return (
        rf"(?:(?P<{p}mon>{_MONTH_NAME})\.?,?\s*(?:(?P<{p}y1>{_YEAR})|'(?P<{p}yy>\d{{2}}))"
        rf"|(?P<{p}m2>0?[1-9]|1[0-2])\s*[/.]\s*(?P<{p}y2>{_YEAR})"
        rf"|(?P<{p}y3>{_YEAR})\s*[-/.]\s*(?P<{p}m3>0[1-9]|1[0-2])(?![\d])"
        rf"|(?P<{p}y4>{_YEAR}))"
    )


_SEP = r"\s*(?:-{1,2}|\u2013|—|to|until|till|through|→|->|>|~)\s*"
RANGE = re.compile(
    rf"(?<![\w/.-])(?:from\s+)?{_date('s_')}{_SEP}(?:(?P<now>{_NOW})|{_date('e_')})(?![\w/])",
    re.IGNORECASE,
)
SINCE = re.compile(rf"(?<!\w)(?:since|from)\s+{_date('s_')}(?![\w/])", re.IGNORECASE)
SINGLE = re.compile(rf"(?<![\w/.-]){_date('s_')}(?![\w/])", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    start: str | None
    end: str | None
    current: bool
    span: tuple[int, int]

    def months(self) -> int | None:
        """Whole months from start to end inclusive; None when open-ended or unknown."""
        if self.current or not self.start or not self.end:
            return None
        sy, sm = _split(self.start)
        ey, em = _split(self.end)
        months = (ey - sy) * 12 + ((em - sm + 1) if sm and em else 0)
        return months if 0 <= months <= 1200 else None


def _split(value: str) -> tuple[int, int | None]:
    year, _, month = value.partition("-")
    return int(year), int(month) if month else None


def _value(match: re.Match, p: str) -> str | None:
    group = match.groupdict()
    if group.get(f"{p}mon"):
        month = MONTHS.get(group[f"{p}mon"].lower().rstrip("."), 0)
        if group.get(f"{p}y1"):
            year = int(group[f"{p}y1"])
        else:
            short = int(group[f"{p}yy"])
            year = 2000 + short if short < 50 else 1900 + short
        return f"{year:04d}-{month:02d}" if month else f"{year:04d}"
    if group.get(f"{p}m2"):
        return f"{int(group[f'{p}y2']):04d}-{int(group[f'{p}m2']):02d}"
    if group.get(f"{p}y3"):
        return f"{int(group[f'{p}y3']):04d}-{int(group[f'{p}m3']):02d}"
    if group.get(f"{p}y4"):
        return f"{int(group[f'{p}y4']):04d}"
    return None


def find_ranges(line: str) -> list[DateRange]:
    """Every date range in a line, in order; "since X" counts as X to now."""
    found = []
    for match in RANGE.finditer(line):
        start = _value(match, "s_")
        current = bool(match.group("now"))
        end = None if current else _value(match, "e_")
        if start and end and (end[:4] < start[:4] or (len(end) == len(start) and end < start)):
            continue
        found.append(DateRange(start, end, current, match.span()))
    if not found:
        for match in SINCE.finditer(line):
            found.append(DateRange(_value(match, "s_"), None, True, match.span()))
    return found


def find_single(line: str) -> list[DateRange]:
    """Lone dates ("Graduated 2011"), each as a range ending then."""
    return [DateRange(None, _value(m, "s_"), False, m.span()) for m in SINGLE.finditer(line)]


def without(line: str, spans: list[tuple[int, int]]) -> str:
    """The line with the given spans cut out (to read what surrounds a date); each cut
    becomes a field separator (two spaces)."""
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(line[last:start])
        last = end
    out.append(line[last:])
    return "  ".join(part.strip() for part in out if part.strip())
