"""Text out of a DOCX without trusting it: bounded inflation, no DTDs, no entities.

A DOCX is a ZIP of XML parts. Two classic attacks live there: a zip bomb (a few kB that inflate
to gigabytes) and an XML entity bomb ("billion laughs"). We refuse archives whose directory
declares absurd sizes (`mustard_core.filetypes.zip_refusal`), inflate each part through a
bounded read whatever the directory claims, and parse with expat set to reject any document
type declaration, so no entity can be defined at all.

Headers come first (CVs often put the name and contact line there), then the body, then the
footers; text boxes are read once (Word stores a second, fallback copy for old readers, which we
skip); hyperlink targets are added at the end so "LinkedIn" shown as a link still yields its URL.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.parsers import expat

from mustard_core.builtin.parser.errors import Unreadable
from mustard_core.filetypes import zip_refusal

MAX_PART_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink")

DAMAGED = "the Word document is damaged and cannot be read"
UNSAFE = "the Word document contains XML features that are not allowed (DTD or entities)"
TOO_BIG = "compressed content too large (possible zip bomb)"


class UnsafeXML(Exception):
    """The part declared a DTD or an entity: refused, never expanded."""


def docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise Unreadable(DAMAGED) from exc
    with archive:
        refusal = zip_refusal(archive)
        if refusal:
            raise Unreadable(refusal)
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise Unreadable(DAMAGED)
        budget = [MAX_TOTAL_BYTES]
        headers = sorted(n for n in names if re.fullmatch(r"word/header\d*\.xml", n))
        footers = sorted(n for n in names if re.fullmatch(r"word/footer\d*\.xml", n))
        parts: list[str] = []
        for name in [*headers, "word/document.xml", *footers]:
            text = _part_text(_read(archive, name, budget))
            if text.strip() and text.strip() not in parts:
                parts.append(text.strip())
        links = []
        if "word/_rels/document.xml.rels" in names:
            links = _hyperlinks(_read(archive, "word/_rels/document.xml.rels", budget))
    text = "\n\n".join(parts)
    extra = [url for url in links if url not in text]
    if extra:
        text += "\n\n" + "\n".join(extra)
    return text


def _read(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """Inflate one part, never more than the per-part and whole-document budgets."""
    limit = min(MAX_PART_BYTES, budget[0])
    try:
        with archive.open(name) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise Unreadable(DAMAGED) from exc
    except Exception as exc:  # zlib.error and friends on a hostile stream
        raise Unreadable(DAMAGED) from exc
    if len(data) > limit:
        raise Unreadable(TOO_BIG)
    budget[0] -= len(data)
    return data


def _safe_parser(start, end, chars) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_args):
        raise UnsafeXML()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.buffer_text = True
    return parser


def _parse(data: bytes, start, end, chars) -> None:
    parser = _safe_parser(start, end, chars)
    try:
        parser.Parse(data, True)
    except UnsafeXML as exc:
        raise Unreadable(UNSAFE) from exc
    except expat.ExpatError as exc:
        raise Unreadable(DAMAGED) from exc


def _part_text(data: bytes) -> str:
    """Paragraphs of one WordprocessingML part, one a line; tabs and breaks kept."""
    out: list[str] = []
    state = {"in_text": False, "skip": 0}

    def start(tag: str, _attrs) -> None:
        if state["skip"]:  # inside a fallback copy: count depth, read nothing
            state["skip"] += 1
            return
        if tag == f"{MC}}}Fallback":
            state["skip"] = 1
        elif tag == f"{W}}}t":
            state["in_text"] = True
        elif tag in (f"{W}}}tab", f"{W}}}ptab"):
            out.append("\t")
        elif tag in (f"{W}}}br", f"{W}}}cr"):
            out.append("\n")
        elif tag == f"{W}}}noBreakHyphen":
            out.append("-")

    def end(tag: str) -> None:
        if state["skip"]:
            state["skip"] -= 1
            return
        if tag == f"{W}}}t":
            state["in_text"] = False
        elif tag == f"{W}}}p" or tag == f"{W}}}tc":
            out.append("\n")

    def chars(text: str) -> None:
        if state["in_text"] and not state["skip"]:
            out.append(text)

    _parse(data, start, end, chars)
    return "".join(out)


def _hyperlinks(data: bytes) -> list[str]:
    """External hyperlink targets (web and mailto) listed in a relationships part."""
    links: list[str] = []

    def start(tag: str, attrs) -> None:
        if tag == f"{REL}}}Relationship" and attrs.get("Type") == HYPERLINK:
            target = (attrs.get("Target") or "").strip()
            if target.lower().startswith(("http://", "https://", "mailto:")):
                links.append(target.removeprefix("mailto:"))

    _parse(data, start, lambda _tag: None, lambda _text: None)
    return list(dict.fromkeys(links))
