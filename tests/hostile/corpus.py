"""A corpus of hostile uploads, generated in memory (nothing is committed but this generator).

    python -m tests.hostile.corpus DIR     writes every file into DIR (names made safe for disk)

Each `Hostile` says what it is, which upload field it goes to (`cv` or `photo`), the file name
the client claims (itself hostile for the names group) and what the platform must do with it:

- `REFUSED`: a 4xx at upload, with the error shape and a readable message;
- `FAILS`: accepted, then its parse job fails with a readable reason (the sandbox's limits or a
  parser refusal);
- `REFUSED_OR_FAILS`: either of those (when both are sound: e.g. a PDF that a cheap check may
  or may not see through before the parser does);
- `HANDLED`: accepted and parsed or failed readably: the content is an ordinary CV and the
  hostility is elsewhere (its name, a script the parser must ignore, an external entity that
  must not be fetched). Extra checks say what must hold (a safe stored name, no fetched data).

Every generator is deterministic and quick (the 512 MB flate bomb is built from one compressed
megabyte repeated, not by compressing 512 MB).
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tests.fixtures import cvs

REFUSED = "refused at upload (4xx)"
FAILS = "parse fails readably"
REFUSED_OR_FAILS = "refused or parse fails"
HANDLED = "handled safely"

MB = 1024 * 1024
PASSWD_CANARY = "root:x:0:0"


@dataclass(frozen=True)
class Hostile:
    label: str
    what: str
    filename: str
    data: bytes
    expect: str
    kind: str = "cv"
    checks: tuple[str, ...] = field(default_factory=tuple)
    """Extra properties: `safe-name` (the stored name is clean), `no-passwd` (nothing of
    /etc/passwd reached the candidate), `no-fetch` (the canary server saw no request)."""


# --------------------------------------------------------------------------- building blocks


def pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"",
        header: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") -> bytes:
    """A PDF from object bodies (object n is objects[n-1]) with a correct xref table."""
    out = io.BytesIO()
    out.write(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer_extra, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: list[str], *, catalog_extra: bytes = b"", extra_objects: list[bytes] = (),
             content_filter: bytes | None = None, content: bytes | None = None) -> bytes:
    """A one-page PDF showing `lines` in Helvetica (pdfminer reads it), with hooks to add
    hostile parts to the catalog or replace the content stream."""
    if content is None:
        shown = b"".join(b"(%s) Tj T* " % line.replace("(", "[").replace(")", "]").encode("latin-1")
                         for line in lines)
        content = b"BT /F1 11 Tf 14 TL 72 760 Td " + shown + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content, b"/Filter /FlateDecode " if content_filter else b""),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    return pdf(objects)


def ada_lines(tag: str) -> list[str]:
    """A short CV of a distinct person (own e-mail and phone) as text lines."""
    return ["Ada Lovelace", f"ada.{tag}@example.com | +44 20 7946 0958", "", "EXPERIENCE",
            "Senior Software Engineer, Analytical Engines Ltd", "2016-09 - Present",
            "Built Python and JavaScript services.", "", "SKILLS", "Python, JavaScript, SQL"]


def txt(tag: str) -> bytes:
    return cvs.txt_cv(replace(cvs.ADA, email=f"ada.{tag}@example.com"))


def deflate_repeated(chunk: bytes, times: int) -> bytes:
    """zlib data that inflates to `chunk * times`, built in a fraction of a second: after a
    full flush the compressor forgets its history, so one compressed chunk can be repeated;
    only the trailing Adler-32 must cover the whole."""
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    steady = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = bytearray(compressor.flush())
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(chunk, adler)
    tail[-4:] = adler.to_bytes(4, "big")
    return first + steady * (times - 1) + bytes(tail)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx(document_xml: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    body = document_xml.encode() if isinstance(document_xml, str) else document_xml
    parts = {"[Content_Types].xml": _CT.encode(), "word/document.xml": body, **(extra or {})}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


def document_xml(paragraphs: list[str], doctype: str = "") -> str:
    runs = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{_W}">'
            f"<w:body>{runs}</w:body></w:document>")


def lying_zip_bomb() -> bytes:
    """A DOCX whose directory says document.xml is 2 kB while its data inflates to 512 MB."""
    inflated = 512 * MB
    compressed = deflate_repeated(b" " * MB, inflated // MB)[2:-4]  # raw deflate for ZIP
    name = b"word/document.xml"
    crc, fake_size = 0, 2048
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc,
                        len(compressed), fake_size, len(name), 0) + name + compressed
    ct_name = b"[Content_Types].xml"
    ct_data = _CT.encode()
    ct_offset = len(local)
    ct_local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0x21,
                           zlib.crc32(ct_data), len(ct_data), len(ct_data), len(ct_name),
                           0) + ct_name + ct_data
    central = b""
    for entry_name, method, crc_value, size_c, size_u, offset in (
            (name, 8, crc, len(compressed), fake_size, 0),
            (ct_name, 0, zlib.crc32(ct_data), len(ct_data), len(ct_data), ct_offset)):
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0,
                               0x21, crc_value, size_c, size_u, len(entry_name), 0, 0, 0, 0, 0,
                               offset) + entry_name
    directory_offset = ct_offset + len(ct_local)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 2, 2, len(central), directory_offset, 0)
    return local + ct_local + central + end


def png(width: int, height: int) -> bytes:
    """A 1-bit greyscale PNG of this size: a few hundred kB however large it claims to be."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    pixels = deflate_repeated(row * 1000, height // 1000)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


SVG_SCRIPT = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
              b'height="10" onload="alert(document.cookie)"><script>alert(1)</script>'
              b'<text>Ada Lovelace ada.svg@example.com</text></svg>')


# --------------------------------------------------------------------------- the corpus


def corpus(canary_url: str = "http://127.0.0.1:9/canary") -> list[Hostile]:
    """Every hostile file. `canary_url` is where external entities point (a server the test
    runs, to prove nothing is ever fetched)."""
    lazy: list[Callable[[], Hostile]] = [
        # ---- empty, truncated, not what they claim
        lambda: Hostile("empty", "zero-length file", "cv.pdf", b"", REFUSED),
        lambda: Hostile("zeros", "4 kB of NUL bytes", "cv.pdf", b"\x00" * 4096, REFUSED),
        lambda: Hostile("truncated-pdf", "a PDF cut in half", "cv.pdf", cvs.truncated_pdf(),
                        REFUSED),
        lambda: Hostile("pdf-header-only", "just a PDF header and %%EOF", "cv.pdf",
                        b"%PDF-1.7\n%%EOF\n", REFUSED_OR_FAILS),
        lambda: Hostile("elf-as-pdf", "a Linux executable renamed .pdf", "cv.pdf",
                        b"\x7fELF\x02\x01\x01" + b"\x00" * 1000, REFUSED),
        lambda: Hostile("exe-as-pdf", "a Windows executable renamed .pdf", "cv.pdf",
                        cvs.exe_as_docx(), REFUSED),
        lambda: Hostile("macho-as-docx", "a macOS executable renamed .docx", "cv.docx",
                        b"\xcf\xfa\xed\xfe" + b"\x00" * 1000, REFUSED),
        lambda: Hostile("legacy-doc", "a Word 97 .doc", "cv.doc", cvs.legacy_doc(), REFUSED),
        lambda: Hostile("plain-zip", "a ZIP of text files renamed .docx", "cv.docx",
                        cvs.plain_zip(), REFUSED),
        lambda: Hostile("gzip-as-docx", "a gzip archive renamed .docx", "cv.docx",
                        b"\x1f\x8b\x08\x00" + zlib.compress(txt("gzip")), REFUSED),
        lambda: Hostile("binary-garbage", "random-looking binary named .txt", "cv.txt",
                        bytes((i * 131 + 7) % 256 for i in range(8192)), REFUSED),
        lambda: Hostile("docm-macro", "a Word document with a VBA macro", "cv.docx",
                        docx(document_xml(["Ada Lovelace"]),
                             {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512}),
                        REFUSED),
        # ---- bombs in Word documents
        lambda: Hostile("zip-bomb", "DOCX whose directory declares 20 MB from 20 kB",
                        "cv.docx", cvs.zip_bomb_docx(), REFUSED),
        lambda: Hostile("zip-bomb-lying", "DOCX whose directory says 2 kB but inflates to "
                        "512 MB", "cv.docx", lying_zip_bomb(), REFUSED_OR_FAILS),
        lambda: Hostile("many-entries", "DOCX with 6000 entries", "cv.docx",
                        docx(document_xml(["Ada"]),
                             {f"word/media/x{i}.bin": b"" for i in range(6000)}),
                        REFUSED_OR_FAILS),
        lambda: Hostile("entity-bomb", "DOCX with a billion-laughs entity bomb", "cv.docx",
                        cvs.entity_bomb_docx(), REFUSED_OR_FAILS),
        lambda: Hostile("quadratic-blowup", "DOCX with one 50 kB entity used 20000 times",
                        "cv.docx", docx(document_xml(
                            ["&big;" * 20000],
                            f'<!DOCTYPE w:document [<!ENTITY big "{"x" * 50000}">]>')),
                        REFUSED_OR_FAILS),
        lambda: Hostile("xxe-file", "DOCX with an external entity reading /etc/passwd",
                        "cv.docx", docx(document_xml(
                            ["Ada Lovelace", "ada.xxe@example.com", "&xxe;"],
                            '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')),
                        REFUSED_OR_FAILS, checks=("no-passwd",)),
        lambda: Hostile("xxe-url", "DOCX with an external DTD and entity on a URL", "cv.docx",
                        docx(document_xml(
                            ["Ada Lovelace", "ada.ssrf@example.com", "&remote;"],
                            f'<!DOCTYPE w:document SYSTEM "{canary_url}/dtd" [<!ENTITY remote '
                            f'SYSTEM "{canary_url}/entity">]>')),
                        REFUSED_OR_FAILS, checks=("no-fetch",)),
        lambda: Hostile("zip-slip", "DOCX with ../../ entry names", "cv.docx",
                        docx(document_xml(["Ada Lovelace", "ada.slip@example.com"]),
                             {"../../../../tmp/mustard-zip-slip": b"pwned",
                              "/etc/cron.d/mustard": b"* * * * * root id"}),
                        HANDLED),
        lambda: Hostile("nested-zip-bomb", "DOCX embedding a 512 MB zip bomb", "cv.docx",
                        docx(document_xml(["Ada Lovelace", "ada.nested@example.com"]),
                             {"word/embeddings/bomb.docx": lying_zip_bomb()}),
                        HANDLED),
        # ---- hostile PDFs
        lambda: Hostile("pdf-javascript", "PDF CV with /OpenAction JavaScript", "cv.pdf",
                        text_pdf(ada_lines("pdfjs"),
                                 catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << "
                                               b"/Names [(x) 6 0 R] >> >> ",
                                 extra_objects=[b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"]),
                        HANDLED),
        lambda: Hostile("pdf-launch", "PDF CV with a /Launch action", "cv.pdf",
                        text_pdf(ada_lines("launch"), catalog_extra=b"/OpenAction << /S /Launch "
                                 b"/F (/bin/sh) /Win << /F (cmd.exe) >> >> "), HANDLED),
        lambda: Hostile("pdf-flate-bomb", "PDF whose page stream inflates to 512 MB",
                        "cv.pdf", text_pdf([], content_filter=b"Flate",
                                           content=deflate_repeated(b" " * MB, 512)),
                        FAILS),
        lambda: Hostile("pdf-page-tree-loop", "PDF whose page tree contains itself", "cv.pdf",
                        pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                             b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"]),
                        REFUSED_OR_FAILS),
        lambda: Hostile("pdf-recursive-objstm", "PDF whose object stream extends itself",
                        "cv.pdf", pdf([
                            b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                            stream(b"4 0 << /Type /Page /Parent 2 0 R /Contents 3 0 R >>",
                                   b"/Type /ObjStm /N 1 /First 4 /Extends 3 0 R "),
                        ], trailer_extra=b"/Prev 0 "), REFUSED_OR_FAILS),
        lambda: Hostile("pdf-deep-nesting", "PDF with 200000 nested arrays", "cv.pdf",
                        pdf([b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 200000
                             + b"]" * 200000 + b" >>",
                             b"<< /Type /Pages /Kids [] /Count 0 >>"]), REFUSED_OR_FAILS),
        lambda: Hostile("pdf-glyph-flood", "PDF drawing 200000 glyphs (CPU-bound layout)",
                        "cv.pdf", text_pdf([], content_filter=b"Flate", content=zlib.compress(
                            b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET " % ((i * 37) % 600,
                                                                        (i * 91) % 780)
                                     for i in range(200000)), 9)),
                        FAILS),
        lambda: Hostile("pdf-encrypted", "a password-protected PDF CV", "cv.pdf",
                        cvs.encrypted_pdf(), FAILS),
        lambda: Hostile("pdf-image-only", "a scanned PDF (no text)", "cv.pdf",
                        cvs.image_only_pdf(), FAILS),
        # ---- polyglots
        lambda: Hostile("polyglot-pdf-zip", "a PDF CV with a DOCX appended", "cv.pdf",
                        text_pdf(ada_lines("polyzip")) + docx(document_xml(["Grace Hopper"])),
                        HANDLED),
        lambda: Hostile("polyglot-html-pdf", "an HTML page with a script that is also a PDF",
                        "cv.pdf", b"<html><script>alert(1)</script><!--\n"
                        + text_pdf(ada_lines("polyhtml")) + b"\n--></html>", HANDLED),
        lambda: Hostile("polyglot-gif-js", "a GIF that is also JavaScript", "cv.pdf",
                        b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1)//;", REFUSED),
        # ---- other formats pushed to their limits
        lambda: Hostile("html-script", "HTML CV full of scripts and handlers", "cv.html",
                        b"<!DOCTYPE html><html><body onload=alert(1)><script>document.write("
                        b"'<img src=x onerror=alert(2)>')</script><h1>Ada Lovelace</h1><p>"
                        b"ada.html@example.com</p><img src=x onerror=alert(3)></body></html>",
                        HANDLED),
        lambda: Hostile("html-deep-nesting", "HTML with 100000 nested elements", "cv.html",
                        b"<html><body>" + b"<div>" * 100000 + b"Ada Lovelace ada.deep@"
                        b"example.com" + b"</div>" * 100000 + b"</body></html>",
                        HANDLED),
        lambda: Hostile("rtf-deep-groups", "RTF with 100000 nested groups", "cv.rtf",
                        b"{\\rtf1\\ansi " + b"{" * 100000 + b"Ada Lovelace ada.rtf@example.com"
                        + b"}" * 100000 + b"}", HANDLED),
        lambda: Hostile("oversize", "11 MB text file (over the 10 MB limit)", "cv.txt",
                        txt("big") + b"x" * (11 * MB), REFUSED),
        # ---- images
        lambda: Hostile("photo-20000px", "a 20000x20000 PNG sent as a photo", "photo.png",
                        png(20000, 20000), REFUSED, kind="photo"),
        lambda: Hostile("cv-20000px", "a 20000x20000 PNG sent as a CV", "cv.png",
                        png(20000, 20000), REFUSED),
        lambda: Hostile("svg-script-photo", "an SVG with script sent as a photo", "photo.svg",
                        SVG_SCRIPT, REFUSED, kind="photo"),
        lambda: Hostile("svg-script-cv", "an SVG with script sent as a CV", "cv.pdf",
                        SVG_SCRIPT, REFUSED),
        # ---- hostile names on an ordinary CV
        lambda: Hostile("name-traversal", "name with ../", "../../../../etc/passwd",
                        txt("traversal"), HANDLED, checks=("safe-name",)),
        lambda: Hostile("name-nul", "name with a NUL byte", "cv.pdf\x00.exe", txt("nul"),
                        HANDLED, checks=("safe-name",)),
        lambda: Hostile("name-rtl-override", "name with a right-to-left override",
                        "cv\u202etxt.exe", txt("rlo"), HANDLED, checks=("safe-name",)),
        lambda: Hostile("name-very-long", "a 5000-character name", "c" * 5000 + ".txt",
                        txt("long"), HANDLED, checks=("safe-name",)),
        lambda: Hostile("name-lookalike", "name in Cyrillic and full-width look-alikes",
                        "\u0430d\u0430-cv\uff0etxt", txt("lookalike"), HANDLED,
                        checks=("safe-name",)),
        lambda: Hostile("name-header-injection", "name with quotes and CR LF",
                        'cv"; filename=evil.exe\r\nX-Injected: yes.txt', txt("crlf"), HANDLED,
                        checks=("safe-name",)),
    ]
    return [make() for make in lazy]


def disk_name(item: Hostile) -> str:
    suffix = Path(item.filename.replace("\x00", "")).suffix
    suffix = suffix if suffix.isascii() and len(suffix) <= 6 and "/" not in suffix else ".bin"
    return f"{item.label}{suffix}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    target = Path(argv[0])
    target.mkdir(parents=True, exist_ok=True)
    items = corpus()
    for item in items:
        (target / disk_name(item)).write_bytes(item.data)
    print(f"{len(items)} hostile files written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
