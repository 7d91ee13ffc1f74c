"""Text out of a PDF, in reading order, including two-column CVs.

pdfminer.six finds the text lines and where they sit on the page; the order is ours. A CV with
a sidebar is two columns side by side, and reading it line by line across the page interleaves
"Python" from the sidebar with "Senior Engineer" from the main column. So each page is checked
for a vertical gutter (an empty strip that splits the narrow lines into two substantial columns)
and read column by column; lines spanning the gutter (a header, a footer) are read where they
sit. Lines on one baseline within a column are joined, so a right-aligned date stays with its
job title.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from mustard_core.builtin.parser.errors import Unreadable

MAX_PAGES = 30

DAMAGED = "the PDF is damaged and cannot be read"
ENCRYPTED = "the PDF is password-protected; remove the password and upload it again"


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def pdf_text(data: bytes) -> str:
    """The text of every page (up to MAX_PAGES), pages separated by a blank line."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise Unreadable(ENCRYPTED) from exc
    except PDFEncryptionError as exc:
        raise Unreadable(ENCRYPTED) from exc
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # pdfminer raises anything on a hostile file
        raise Unreadable(DAMAGED) from exc

    resources = PDFResourceManager(caching=True)
    laparams = LAParams(char_margin=2.0, line_margin=0.5, word_margin=0.1, boxes_flow=None)
    device = PDFPageAggregator(resources, laparams=laparams)
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[str] = []
    try:
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= MAX_PAGES:
                break
            interpreter.process_page(page)
            layout = device.get_result()
            pages.append(page_text(_lines(layout), layout.width))
    except PDFEncryptionError as exc:
        raise Unreadable(ENCRYPTED) from exc
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:
        if not pages:
            raise Unreadable(DAMAGED) from exc
        # A damaged later page: keep what was read, a CV's first pages matter most.
    return "\n\n".join(page for page in pages if page.strip())


_CID = re.compile(r"\(cid:\d+\)")


def _lines(layout) -> list[Line]:
    from pdfminer.layout import LTContainer, LTTextLineHorizontal

    found: list[Line] = []
    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLineHorizontal):
            text = _CID.sub("", item.get_text()).strip()
            if text:
                found.append(Line(item.x0, item.y0, item.x1, item.y1, " ".join(text.split())))
        elif isinstance(item, LTContainer):
            stack.extend(item)
    return found


def page_text(lines: list[Line], width: float) -> str:
    """One page's lines in reading order (see the module docstring)."""
    if not lines:
        return ""
    gutter = find_gutter(lines, width)
    if gutter is None:
        return _rows_text(lines)
    left_edge, right_edge = gutter
    spanning = sorted((ln for ln in lines if ln.x0 < left_edge and ln.x1 > right_edge),
                      key=lambda ln: -ln.y1)
    parts: list[str] = []
    top = float("inf")
    for cut in [*spanning, None]:
        bottom = cut.y1 if cut is not None else float("-inf")
        band = [ln for ln in lines if ln not in spanning and bottom < _middle(ln) <= top]
        left = [ln for ln in band if _middle_x(ln) < left_edge]
        right = [ln for ln in band if _middle_x(ln) >= left_edge]
        for column in (left, right):
            if column:
                parts.append(_rows_text(column))
        if cut is not None:
            parts.append(cut.text)
            top = cut.y0
    return "\n\n".join(part for part in parts if part)


def find_gutter(lines: list[Line], width: float) -> tuple[float, float] | None:
    """The empty vertical strip splitting this page into two real columns, or None.

    Only lines narrower than 70% of the page count (a full-width line is a header that may
    cross the gutter; a main column beside a sidebar is still narrower than that). A strip
    qualifies when both sides hold a fair share of the text over a shared height, so a column
    of right-aligned dates in a one-column CV is not mistaken for a second column.
    """
    narrow = [ln for ln in lines if ln.x1 - ln.x0 < 0.7 * width]
    if len(narrow) < 6:
        return None
    total = sum(len(ln.text) for ln in lines)
    best: tuple[float, float] | None = None
    best_score = 0
    for start, end in _gaps(narrow):
        if end - start < 6 or not 0.15 * width < (start + end) / 2 < 0.85 * width:
            continue
        left = [ln for ln in narrow if ln.x1 <= start]
        right = [ln for ln in narrow if ln.x0 >= end]
        if len(left) < 3 or len(right) < 3:
            continue
        left_chars = sum(len(ln.text) for ln in left)
        right_chars = sum(len(ln.text) for ln in right)
        if min(left_chars, right_chars) < 0.15 * total:
            continue
        if _overlap(left, right) < 0.5:
            continue
        if min(left_chars, right_chars) > best_score:
            best, best_score = (start, end), min(left_chars, right_chars)
    return best


def _gaps(lines: list[Line]) -> list[tuple[float, float]]:
    """Horizontal stretches covered by no line, between the leftmost and rightmost line."""
    spans = sorted((ln.x0, ln.x1) for ln in lines)
    gaps = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > reach:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _overlap(left: list[Line], right: list[Line]) -> float:
    """How much of the shorter column's height the other column also covers (0..1)."""
    low_l, high_l = min(ln.y0 for ln in left), max(ln.y1 for ln in left)
    low_r, high_r = min(ln.y0 for ln in right), max(ln.y1 for ln in right)
    shared = min(high_l, high_r) - max(low_l, low_r)
    shorter = min(high_l - low_l, high_r - low_r) or 1.0
    return max(shared, 0.0) / shorter


def _middle(line: Line) -> float:
    return (line.y0 + line.y1) / 2


def _middle_x(line: Line) -> float:
    return (line.x0 + line.x1) / 2


def _rows_text(lines: list[Line]) -> str:
    """Lines top to bottom; lines sharing a baseline joined left to right; a blank line where
    the vertical space says a new paragraph starts."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (-_middle(ln), ln.x0)):
        if rows and abs(_middle(rows[-1][0]) - _middle(line)) < 0.5 * min(
                rows[-1][0].height, line.height):
            rows[-1].append(line)
        else:
            rows.append([line])
    heights = sorted(ln.height for ln in lines)
    typical = heights[len(heights) // 2]
    out: list[str] = []
    previous_bottom: float | None = None
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        top = max(ln.y1 for ln in row)
        if previous_bottom is not None and previous_bottom - top > 0.9 * typical:
            out.append("")
        out.append("   ".join(ln.text for ln in row))
        previous_bottom = min(ln.y0 for ln in row)
    return "\n".join(out)
