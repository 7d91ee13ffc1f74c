"""Sniffing: the bytes decide what a file is, never its name."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mustard_core import filetypes
from mustard_core.filetypes import sniff
from tests.fixtures import cvs


def _image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "media_type", "kind"), [
    (cvs.pdf_cv(), filetypes.PDF, "pdf"),
    (cvs.pdf_two_column_cv(), filetypes.PDF, "pdf"),
    (cvs.docx_cv(), filetypes.DOCX, "docx"),
    (cvs.rtf_cv(), filetypes.RTF, "rtf"),
    (cvs.html_cv(), filetypes.HTML, "html"),
    (cvs.txt_cv(), filetypes.TEXT, "text"),
    (_image("PNG"), filetypes.PNG, "image"),
    (_image("JPEG"), filetypes.JPEG, "image"),
    (_image("GIF"), filetypes.GIF, "image"),
    (_image("WEBP"), filetypes.WEBP, "image"),
], ids=["pdf", "pdf-2col", "docx", "rtf", "html", "txt", "png", "jpeg", "gif", "webp"])
def test_each_format_is_recognised_from_its_bytes(data, media_type, kind):
    sniffed = sniff(data, "upload.bin")
    assert (sniffed.media_type, sniffed.kind, sniffed.reason) == (media_type, kind, None)
    assert sniffed.ok


def test_the_file_name_never_decides():
    assert sniff(cvs.pdf_cv(), "cv.docx").media_type == filetypes.PDF
    assert sniff(cvs.txt_cv(), "cv.pdf").media_type == filetypes.TEXT
    assert sniff(cvs.docx_cv(), "photo.png").media_type == filetypes.DOCX


def test_accepted_type_sets():
    assert {filetypes.PDF, filetypes.DOCX, filetypes.RTF, filetypes.HTML,
            filetypes.TEXT} == filetypes.CV_MEDIA_TYPES
    assert {filetypes.PNG, filetypes.JPEG, filetypes.GIF,
            filetypes.WEBP} == filetypes.PHOTO_MEDIA_TYPES
    assert not filetypes.CV_MEDIA_TYPES & filetypes.PHOTO_MEDIA_TYPES


def test_a_docx_is_a_zip_with_a_word_document_inside_a_plain_zip_is_not():
    assert sniff(cvs.docx_cv(), "cv.docx").kind == "docx"
    plain = sniff(cvs.plain_zip(), "cv.docx")
    assert plain.media_type is None
    assert plain.reason == "the file is a ZIP archive; upload the CV itself"


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("names", "words"), [
    (["[Content_Types].xml", "xl/workbook.xml"], "spreadsheet"),
    (["[Content_Types].xml", "ppt/presentation.xml"], "presentation"),
    (["mimetype", "content.xml"], "OpenDocument"),
    (["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"], "macros"),
])
def test_other_office_packages_are_refused_by_name(names, words):
    sniffed = sniff(_zip(names), "cv.docx")
    assert sniffed.reason and words in sniffed.reason


def test_a_damaged_zip_is_refused():
    data = cvs.docx_cv()
    sniffed = sniff(data[:200], "cv.docx")
    assert sniffed.reason == "the file is a damaged ZIP or Office document"


def test_an_executable_renamed_docx_is_refused():
    sniffed = sniff(cvs.exe_as_docx(), "cv.docx")
    assert sniffed.kind == "executable"
    assert sniffed.reason == filetypes.REFUSE_EXECUTABLE


@pytest.mark.parametrize("head", [b"\x7fELF\x02\x01\x01", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01",
                                  b"\xfe\xed\xfa\xce\x00", b"\xca\xfe\xba\xbe\x00"],
                         ids=["elf", "macho-64", "macho-32", "macho-fat"])
def test_other_executables_are_refused(head):
    assert sniff(head + bytes(200), "cv.pdf").reason == filetypes.REFUSE_EXECUTABLE


def test_a_pdf_full_of_nul_bytes_is_not_a_pdf():
    sniffed = sniff(cvs.zero_pdf(), "cv.pdf")
    assert sniffed.media_type is None
    assert sniffed.reason == filetypes.REFUSE_UNKNOWN


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_an_empty_file_is_refused(data):
    sniffed = sniff(data, "cv.pdf")
    assert (sniffed.kind, sniffed.reason) == ("empty", "the file is empty")


def test_a_truncated_pdf_is_refused_but_trailing_junk_is_tolerated():
    truncated = sniff(cvs.truncated_pdf(), "cv.pdf")
    assert truncated.media_type == filetypes.PDF
    assert truncated.reason and "truncated" in truncated.reason
    assert sniff(cvs.pdf_cv() + b"\r\n" * 50, "cv.pdf").ok
    assert sniff(b"junk from a mail gateway\n" + cvs.pdf_cv(), "cv.pdf").media_type == \
        filetypes.PDF


def test_a_zip_bomb_docx_is_refused_by_ratio():
    sniffed = sniff(cvs.zip_bomb_docx(), "cv.docx")
    assert sniffed.reason == "compressed content too large (possible zip bomb)"


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size the central directory declares for `name`."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46:position + 46 + name_length] == name.encode():
            struct.pack_into("<I", out, position + 24, size)
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


def test_a_docx_declaring_an_absurd_size_is_refused():
    bomb = _declare_size(cvs.docx_cv(), "word/document.xml", 200 * 1024 * 1024)
    assert sniff(bomb, "cv.docx").reason == "compressed content too large (possible zip bomb)"


def test_an_entity_bomb_docx_sniffs_as_docx_sniffing_never_parses_xml():
    # Refused by the parser, which is the one that reads the XML (see the parser tests).
    assert sniff(cvs.entity_bomb_docx(), "cv.docx").media_type == filetypes.DOCX


def test_a_legacy_word_doc_is_recognised_and_refused():
    sniffed = sniff(cvs.legacy_doc(), "cv.doc")
    assert sniffed.kind == "doc"
    assert sniffed.reason == "legacy Word .doc is not supported; save as .docx or PDF"


def test_a_password_protected_office_file_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode(
        "utf-16-le") + bytes(1000)
    assert "password" in sniff(data, "cv.docx").reason


def test_compressed_archives_are_refused():
    import gzip

    assert "archive" in sniff(gzip.compress(cvs.txt_cv()), "cv.txt").reason


@pytest.mark.parametrize(("data", "encoding"), [
    ("Zoë Ångström\nCV".encode(), "utf-8"),
    (b"\xef\xbb\xbf" + "Zoë".encode() + b" CV", "utf-8-sig"),
    ("Zoë Ångström\nCV".encode("utf-16"), "utf-16"),
    ("Zoë Müller \u2013 CV".encode("cp1252"), "cp1252"),
    ("Zoë Müller".encode("latin-1") + b"\x81", "latin-1"),
])
def test_text_encodings(data, encoding):
    sniffed = sniff(data, "cv.txt")
    assert (sniffed.media_type, sniffed.encoding) == (filetypes.TEXT, encoding)
    assert "Zo" in data.decode(sniffed.encoding)


def test_binary_noise_is_not_text():
    noise = random.Random(7).randbytes(4096)
    assert sniff(noise, "cv.txt").reason == filetypes.REFUSE_UNKNOWN
    controls = bytes(range(1, 9)) * 100 + b"hello"
    assert sniff(controls, "cv.txt").reason == filetypes.REFUSE_UNKNOWN


@pytest.mark.parametrize("markup", [
    b"<!DOCTYPE html><title>x</title>", b"  <html><body>Ada</body></html>",
    b"<!-- saved from url --><html>", b"<h1>Ada Lovelace</h1><p>Engineer</p>",
    b"\xef\xbb\xbf<HTML><BODY>Ada</BODY></HTML>",
])
def test_html_is_recognised(markup):
    assert sniff(markup, "cv.txt").media_type == filetypes.HTML


@pytest.mark.parametrize("data", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg width="10"></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>',
])
def test_svg_is_refused_for_cvs_and_photos_alike(data):
    sniffed = sniff(data, "me.png")
    assert sniffed.kind == "svg"
    assert "SVG" in sniffed.refusal_for_photo() and "SVG" in sniffed.refusal_for_cv()


def test_xml_is_refused_unless_it_is_xhtml():
    assert "XML" in sniff(b'<?xml version="1.0"?><candidate><name>Ada</name></candidate>',
                          "cv.xml").reason
    assert sniff(b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                 b"Ada</body></html>", "cv.xhtml").media_type == filetypes.HTML


def test_text_that_mentions_html_is_still_text():
    assert sniff(b"Ada Lovelace\nWrote <html> templates for the web team.", "cv.txt") \
        .media_type == filetypes.TEXT


def test_rtf_in_utf16_is_still_rtf():
    assert sniff("{\\rtf1\\ansi Ada\\par}".encode("utf-16"), "cv.rtf").media_type == \
        filetypes.RTF


def test_refusals_depend_on_what_the_file_is_for():
    png = sniff(_image("PNG"), "me.png")
    assert png.refusal_for_photo() is None
    assert "image" in png.refusal_for_cv()
    pdf = sniff(cvs.pdf_cv(), "cv.pdf")
    assert pdf.refusal_for_cv() is None
    assert "not an image" in pdf.refusal_for_photo()
    exe = sniff(cvs.exe_as_docx(), "cv.docx")
    assert exe.refusal_for_cv() == exe.refusal_for_photo() == filetypes.REFUSE_EXECUTABLE


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048), st.text(max_size=30))
def test_sniffing_never_raises_and_always_says_why(data, filename):
    sniffed = sniff(data, filename)
    assert sniffed.ok == (sniffed.reason is None)
    if sniffed.ok:
        assert sniffed.media_type in filetypes.CV_MEDIA_TYPES | filetypes.PHOTO_MEDIA_TYPES
    else:
        assert isinstance(sniffed.reason, str) and sniffed.reason
