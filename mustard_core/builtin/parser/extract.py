"""Plain text out of each accepted CV format, normalised for the heuristics.

Every reader returns text with one line per visual line and blank lines between blocks; the
heuristics never see the format. Readers raise Unreadable with a reason a recruiter can act on.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from mustard_core import filetypes
from mustard_core.builtin.parser.errors import Unreadable

MAX_TEXT_CHARS = 400_000
NO_TEXT = ("no text found in the file; if it is a scanned image, upload a PDF with selectable "
           "text or a Word document")


def extract_text(data: bytes, media_type: str, encoding: str | None = None) -> str:
    """The normalised text of a file already sniffed as `media_type`."""
    if media_type == filetypes.PDF:
        from mustard_core.builtin.parser.pdf import pdf_text

        raw = pdf_text(data)
    elif media_type == filetypes.DOCX:
        from mustard_core.builtin.parser.docx import docx_text

        raw = docx_text(data)
    elif media_type == filetypes.RTF:
        raw = rtf_text(data)
    elif media_type == filetypes.HTML:
        raw = html_text(data, encoding)
    elif media_type == filetypes.TEXT:
        raw = decode_text(data, encoding)
    else:
        raise Unreadable(filetypes.REFUSE_UNKNOWN)
    text = normalise(raw)
    if len(re.sub(r"\W", "", text)) < 20:
        raise Unreadable(NO_TEXT)
    return text


def decode_text(data: bytes, encoding: str | None = None) -> str:
    encoding = encoding or filetypes.text_encoding(data)
    if encoding is None:
        raise Unreadable(filetypes.REFUSE_UNKNOWN)
    return data.decode(encoding, errors="replace")


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    try:
        return rtf_to_text(decode_text(data), errors="ignore")
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # striprtf on a malformed file
        raise Unreadable("the RTF file is damaged and cannot be read") from exc


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def html_text(data: bytes, encoding: str | None = None) -> str:
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii", "ignore").lower()
        try:
            markup = data.decode(name, errors="replace")
        except LookupError:
            markup = decode_text(data, encoding)
    else:
        markup = decode_text(data, encoding)
    reader = _HTMLText()
    reader.feed(markup)
    reader.close()
    text = "".join(reader.out)
    extra = [url for url in dict.fromkeys(reader.links) if url not in text]
    return text + ("\n\n" + "\n".join(extra) if extra else "")


class _HTMLText(HTMLParser):
    """Visible text of a page; scripts, styles and the head dropped, blocks on their own
    lines, link targets collected."""

    SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "object",
                      "iframe"})
    BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                       "tr", "table", "section", "article", "header", "footer", "aside", "nav",
                       "dd", "dt", "dl", "blockquote", "pre", "address", "hr", "main", "figure",
                       "figcaption", "form", "body", "html", "title"})
    CELL = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.out.append("\n")
        elif tag in self.CELL:
            self.out.append("\t")
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(("http://", "https://", "mailto:")):
                self.links.append(href.removeprefix("mailto:"))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(re.sub(r"\s+", " ", data))


_SPACE = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
_GAP = re.compile(rf"\t{_SPACE}*|{_SPACE}{{2,}}")  # alignment: kept as a field separator
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\ufffe]")
_BLANKS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFKC (ligatures, full-width forms), one kind of line break, at most one blank line in a
    row, and a length cap. A single space stays a space; a tab or a run of spaces (alignment)
    becomes exactly two spaces, which the heuristics read as a field separator."""
    text = unicodedata.normalize("NFKC", text[: MAX_TEXT_CHARS * 2])
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROLS.sub("", text)
    lines = [_SPACES.sub(" ", _GAP.sub("\t", line)).replace("\t", "  ").strip()
             for line in text.split("\n")]
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip()
    return text[:MAX_TEXT_CHARS]
