"""Deciding what an uploaded file is from its bytes, never from its name or the client's word.

A CV upload claims a file name and a content type; both are typed by someone we do not trust
(a renamed `.exe` is a `.docx` as far as the browser knows). `sniff` looks at magic numbers and
at the structure behind them (a DOCX is a ZIP *with* a Word document inside, a plain ZIP is not)
and says, in words a recruiter can read, why a file is refused. It is cheap: it never decompresses
or parses a document, it only reads headers and the ZIP central directory.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RTF = "application/rtf"
HTML = "text/html"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"

EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",), DOCX: (".docx",), RTF: (".rtf",), HTML: (".html", ".htm"),
    TEXT: (".txt", ".text"), PNG: (".png",), JPEG: (".jpg", ".jpeg"), GIF: (".gif",),
    WEBP: (".webp",),
}
"""The file name endings of each accepted media type, the usual one first."""

CV_MEDIA_TYPES: frozenset[str] = frozenset({PDF, DOCX, RTF, HTML, TEXT})
"""Media types the built-in parser reads as CVs."""

PHOTO_MEDIA_TYPES: frozenset[str] = frozenset({PNG, JPEG, GIF, WEBP})
"""Media types accepted as a candidate's photo."""

# Limits for the ZIP check: a real DOCX is a few MB at most once inflated.
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 5000
_RATIO_APPLIES_ABOVE = 1024 * 1024  # tiny files may compress well without being a danger

REFUSE_LEGACY_DOC = "legacy Word .doc is not supported; save as .docx or PDF"
REFUSE_EMPTY = "the file is empty"
REFUSE_EXECUTABLE = "the file is a program, not a document"
REFUSE_ZIP_BOMB = "compressed content too large (possible zip bomb)"
REFUSE_UNKNOWN = (
    "the file is not a format we can read; upload a PDF, Word (.docx), RTF, HTML or text file"
)


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are.

    `media_type` is the type we would store and parse as (None when we could not tell), `kind` a
    short word for logs and metrics (`pdf`, `docx`, `doc`, `rtf`, `html`, `text`, `image`,
    `executable`, `archive`, `empty`, `unknown`, ...) and `reason` a readable refusal that holds
    whatever the file is for; None means "a well-formed file of this type".
    """

    media_type: str | None
    kind: str
    reason: str | None = None
    encoding: str | None = None
    """For text and HTML: the encoding the bytes decode with."""

    @property
    def ok(self) -> bool:
        return self.reason is None

    def refusal_for_cv(self) -> str | None:
        """Why this file cannot be accepted as a CV, or None when it can."""
        if self.reason:
            return self.reason
        if self.media_type in CV_MEDIA_TYPES:
            return None
        if self.kind == "image":
            return ("the file is an image; upload the CV as a PDF, Word (.docx), RTF, HTML or "
                    "text file")
        return REFUSE_UNKNOWN

    def refusal_for_photo(self) -> str | None:
        """Why this file cannot be accepted as a photo, or None when it can."""
        if self.reason:
            return self.reason
        if self.media_type in PHOTO_MEDIA_TYPES:
            return None
        return "the file is not an image; upload a PNG, JPEG, GIF or WEBP photo"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACHO = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
          b"\xca\xfe\xba\xbe")
_ARCHIVES = (
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_ANYWHERE = re.compile(
    rb"<(?:html|body)\b[^>]{0,200}>|</(?:p|div|h[1-6]|li|ul|ol|table|span|section|article)>",
    re.IGNORECASE)
_XML_PROLOGUE = re.compile(
    rb"^\s*(?:<\?xml[^>]{0,500}\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]{0,500}>\s*)*",
    re.IGNORECASE | re.DOTALL)
_UTF8_BOM = b"\xef\xbb\xbf"


def sniff(data: bytes, filename: str = "") -> Sniffed:
    """Decide what `data` is from its bytes.

    `filename` is accepted because every caller has one, and deliberately not used to decide:
    names and client content types are whatever the uploader typed.
    """
    del filename  # see docstring: the name never decides the type
    if not data or not data.strip(b"\x00\t\n\r\f\v "):
        if data and b"\x00" in data:
            return Sniffed(None, "unknown", REFUSE_UNKNOWN)
        return Sniffed(None, "empty", REFUSE_EMPTY)
    head = data[:1024]
    if _looks_like_pdf(head):
        return _sniff_pdf(data)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data)
    if head.startswith(_OLE2):
        return _sniff_ole2(data)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in _MACHO:
        return Sniffed(None, "executable", REFUSE_EXECUTABLE)
    image = _image_type(head)
    if image:
        return Sniffed(image, "image")
    for magic, name in _ARCHIVES:
        if head.startswith(magic):
            return Sniffed(None, "archive",
                           f"the file is a compressed {name} archive; upload the CV itself")
    return _sniff_text(data)


def _looks_like_pdf(head: bytes) -> bool:
    # Readers accept a PDF header anywhere in the first KiB (some mail gateways prepend junk).
    return head.startswith(b"%PDF-") or b"%PDF-" in head


def _sniff_pdf(data: bytes) -> Sniffed:
    if b"%%EOF" not in data[-8192:]:
        return Sniffed(PDF, "pdf", "the PDF is incomplete (truncated); upload the file again")
    return Sniffed(PDF, "pdf")


def _image_type(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    return None


def _sniff_ole2(data: bytes) -> Sniffed:
    """OLE2 compound files: legacy Office documents and password-protected OOXML ones."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return Sniffed(None, "encrypted",
                       "the document is password-protected; remove the password and upload it "
                       "again")
    if "WordDocument".encode("utf-16-le") in data:
        return Sniffed("application/msword", "doc", REFUSE_LEGACY_DOC)
    return Sniffed(None, "ole2",
                   "legacy Office files (.doc, .xls, .ppt, .msg) are not supported; save the CV "
                   "as .docx or PDF")


def zip_refusal(archive: zipfile.ZipFile) -> str | None:
    """Why a ZIP must not be opened further (too many entries, a likely zip bomb), or None.

    Only the central directory is read; the parser still bounds what it actually inflates,
    since a hostile archive can lie about its sizes.
    """
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"the archive has too many entries ({len(infos)})"
    declared = sum(max(info.file_size, 0) for info in infos)
    if declared > MAX_ZIP_UNCOMPRESSED:
        return REFUSE_ZIP_BOMB
    packed = max(sum(info.compress_size for info in infos), 1)
    if declared > _RATIO_APPLIES_ABOVE and declared / packed > MAX_ZIP_RATIO:
        return REFUSE_ZIP_BOMB
    return None


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return Sniffed(None, "zip", "the file is a damaged ZIP or Office document")
    with archive:
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            refusal = zip_refusal(archive)
            if refusal:
                return Sniffed(DOCX, "docx", refusal)
            if "word/vbaProject.bin" in names:
                return Sniffed(None, "docm", "Word documents with macros (.docm) are not "
                               "accepted; save as .docx or PDF")
            return Sniffed(DOCX, "docx")
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return Sniffed(None, "xlsx", "the file is a spreadsheet, not a CV")
        if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
            return Sniffed(None, "pptx", "the file is a presentation, not a CV")
        if "mimetype" in names and "content.xml" in names:
            return Sniffed(None, "odf", "OpenDocument files (.odt) are not supported; save as "
                           ".docx or PDF")
    return Sniffed(None, "archive", "the file is a ZIP archive; upload the CV itself")


def _sniff_text(data: bytes) -> Sniffed:
    encoding = text_encoding(data)
    if encoding is None:
        return Sniffed(None, "unknown", REFUSE_UNKNOWN)
    head = data[:4096]
    if encoding.startswith("utf-16"):
        head = data[:8192].decode(encoding, errors="ignore").encode("utf-8")
    elif head.startswith(_UTF8_BOM):
        head = head[3:]
    if head.lstrip().startswith(b"{\\rtf"):
        return Sniffed(RTF, "rtf", encoding=encoding)
    if _HTML_START.match(head) or (head.lstrip().startswith(b"<") and _HTML_ANYWHERE.search(head)):
        return Sniffed(HTML, "html", encoding=encoding)
    body = head[_XML_PROLOGUE.match(head).end():]
    if body[:4].lower() == b"<svg":
        return Sniffed("image/svg+xml", "svg", "SVG images are not accepted (they can carry "
                       "scripts); upload a PNG or JPEG")
    if head.lstrip().startswith(b"<?xml"):
        if body[:5].lower() == b"<html":
            return Sniffed(HTML, "html", encoding=encoding)
        return Sniffed(None, "xml", "XML data files are not accepted; upload the CV as a PDF, "
                       "Word (.docx), RTF, HTML or text file")
    return Sniffed(TEXT, "text", encoding=encoding)


def text_encoding(data: bytes) -> str | None:
    """The encoding `data` reads as plain text in, or None when it is binary.

    A BOM decides; otherwise valid UTF-8 wins; otherwise the bytes are taken as Windows-1252
    (a superset of Latin-1 in its printable range) when they contain no NUL and few control
    characters, which is what old Windows editors write.
    """
    if data.startswith(_UTF8_BOM):
        return "utf-8-sig" if _decodes(data, "utf-8-sig") else None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16" if _decodes(data, "utf-16") else None
    if b"\x00" in data:
        return None
    if _decodes(data, "utf-8"):
        return "utf-8" if _few_controls(data) else None
    if not _few_controls(data):
        return None
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, ValueError):
        return False
    return True


_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b") + b"\x7f"


def _few_controls(data: bytes) -> bool:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls <= max(2, len(sample) // 100)
