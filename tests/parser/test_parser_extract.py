"""Text extraction per format: what the heuristics get to read, and what they never see."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from mustard_core import filetypes
from mustard_core.builtin.parser import docx as docx_reader
from mustard_core.builtin.parser.errors import Unreadable
from mustard_core.builtin.parser.extract import NO_TEXT, extract_text, normalise
from mustard_core.builtin.parser.pdf import Line, find_gutter, page_text
from tests.fixtures import cvs


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# --------------------------------------------------------------------------- PDF


def test_a_one_column_pdf_keeps_each_date_on_its_job_title_line():
    text = extract_text(cvs.pdf_cv(cvs.ADA), filetypes.PDF)
    lines = _lines(text)
    assert lines[0] == "Ada Lovelace"
    assert "Senior Software Engineer, Analytical Engines Ltd  Sep 2016 \u2013 Present" in lines
    assert "Software Engineer, Difference Works  Jan 2012 \u2013 Aug 2016" in lines


def test_a_two_column_pdf_reads_column_by_column():
    from pdfminer.high_level import extract_text as pdfminer_text
    from pdfminer.layout import LAParams

    data = cvs.pdf_two_column_cv(cvs.ADA)
    # Read box by box from the top (pdfminer alone), the two columns interleave...
    naive = _lines(pdfminer_text(io.BytesIO(data), laparams=LAParams(boxes_flow=None)))
    assert naive.index("CONTACT") > naive.index("SUMMARY")
    assert naive.index("SKILLS") > naive.index("EXPERIENCE")
    # ...while we read the whole left column, then the whole right one.
    text = extract_text(data, filetypes.PDF)
    lines = _lines(text)
    headings = [line for line in lines if line.isupper() and line.isalpha()]
    assert headings == ["CONTACT", "SKILLS", "LANGUAGES", "EDUCATION", "SUMMARY", "EXPERIENCE"]
    # The sidebar comes out whole: its skills one after the other, nothing from the main column
    # in between.
    start = lines.index("SKILLS")
    assert lines[start + 1:start + 1 + len(cvs.ADA.skills)] == list(cvs.ADA.skills)
    assert lines[start + 1 + len(cvs.ADA.skills)] == "LANGUAGES"
    # The main column too: each job's title, then its dates, then its description.
    job = lines.index("Senior Software Engineer, Analytical Engines Ltd")
    assert lines[job + 1] == "09/2016 - Present"
    assert lines[job + 2].startswith("Built Python and JavaScript services")
    assert lines.index("EXPERIENCE") > lines.index("EDUCATION")  # right column after left
    # And no line mixes the two columns: lines of each stand alone.
    for alone in ("ada.lovelace@example.com", "+44 20 7946 0958", "English (native)",
                  "University of London", "SUMMARY", "Led a team of four engineers."):
        assert alone in lines


def _line(x0, x1, y, text, height=10.0) -> Line:
    return Line(x0, y, x1, y + height, text)


def test_the_gutter_is_found_only_where_two_real_columns_stand_side_by_side():
    left = [_line(40, 180, 700 - 14 * i, f"sidebar item {i}") for i in range(10)]
    right = [_line(230, 560, 705 - 15 * i, f"main column sentence number {i}")
             for i in range(10)]
    assert find_gutter(left + right, 600) is not None
    # One column with a few right-aligned dates: no gutter.
    body = [_line(40, 330, 700 - 14 * i, f"a job title or a sentence {i}") for i in range(10)]
    dates = [_line(480, 560, 700 - 28 * i, "2019 - 2020") for i in range(4)]
    assert find_gutter(body + dates, 600) is None


def test_lines_spanning_the_gutter_are_read_where_they_stand():
    header = _line(40, 560, 760, "Ada Lovelace, Senior Software Engineer, London")
    left = [_line(40, 180, 700 - 14 * i, f"left column item {i}") for i in range(6)]
    right = [_line(230, 560, 700 - 14 * i, f"right column line {i}") for i in range(6)]
    footer = _line(40, 560, 100, "References available on request from the candidate")
    text = page_text([footer, *right, header, *left], 600)
    lines = _lines(text)
    assert lines[0] == header.text
    assert lines[1:7] == [f"left column item {i}" for i in range(6)]
    assert lines[7:13] == [f"right column line {i}" for i in range(6)]
    assert lines[-1] == footer.text


def test_an_image_only_pdf_has_no_text():
    with pytest.raises(Unreadable) as info:
        extract_text(cvs.image_only_pdf(), filetypes.PDF)
    assert info.value.reason == NO_TEXT


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(Unreadable) as info:
        extract_text(cvs.encrypted_pdf(), filetypes.PDF)
    assert "password" in info.value.reason


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n",
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n"
    b"%%EOF",
    cvs.pdf_cv()[:-400] + b"%%EOF\n",
], ids=["noise", "dangling-pages", "cut-xref"])
def test_a_damaged_pdf_is_unreadable_not_a_crash(data):
    with pytest.raises(Unreadable):
        extract_text(data, filetypes.PDF)


# --------------------------------------------------------------------------- DOCX


def test_docx_header_first_text_box_once_table_cells_on_their_own_lines():
    text = extract_text(cvs.docx_cv(cvs.GRACE), filetypes.DOCX)
    lines = _lines(text)
    assert lines[0] == "Grace Hopper"
    assert lines[1] == "grace.hopper@example.org  +1 212 555 0142  New York, NY"
    assert text.count("Compiler Engineer") == 2  # the text box once, the job title once
    job = lines.index("Compiler Engineer at Remington Rand")
    assert lines[job + 1] == "1949 \u2013 1971"


def test_docx_hyperlink_targets_are_added_to_the_text():
    text = extract_text(cvs.docx_cv(cvs.ADA), filetypes.DOCX)
    assert "LinkedIn  GitHub" in text  # what the reader sees
    for url in cvs.ADA.links:
        assert url in text  # what the links point to


def test_the_docx_fixture_is_a_real_word_document():
    import docx

    document = docx.Document(io.BytesIO(cvs.docx_cv(cvs.ADA)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Employment History" in paragraphs
    assert document.sections[0].header.paragraphs[0].text == "Ada Lovelace"


def test_an_entity_bomb_is_refused_before_any_expansion():
    with pytest.raises(Unreadable) as info:
        extract_text(cvs.entity_bomb_docx(), filetypes.DOCX)
    assert info.value.reason == docx_reader.UNSAFE


def _docx_with_document(document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def test_external_entities_are_refused_and_never_read():
    document = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<w:document xmlns:w="' + docx_reader.W.encode() + b'"><w:body><w:p><w:r>'
                b"<w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(Unreadable) as info:
        extract_text(_docx_with_document(document), filetypes.DOCX)
    assert info.value.reason == docx_reader.UNSAFE


def test_docx_inflation_is_bounded_whatever_the_directory_claims(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 1000)
    with pytest.raises(Unreadable) as info:
        extract_text(cvs.docx_cv(cvs.ADA), filetypes.DOCX)
    assert info.value.reason == docx_reader.TOO_BIG


def test_a_docx_that_lies_about_its_sizes_is_unreadable():
    data = cvs.docx_cv(cvs.ADA)
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:  # every entry claims to inflate to 10 bytes
        struct.pack_into("<I", out, position + 24, 10)
        position = out.find(b"PK\x01\x02", position + 4)
    with pytest.raises(Unreadable):
        extract_text(bytes(out), filetypes.DOCX)


def test_a_docx_with_broken_xml_is_unreadable():
    with pytest.raises(Unreadable) as info:
        extract_text(_docx_with_document(b"<w:document><w:body><w:p>"), filetypes.DOCX)
    assert info.value.reason == docx_reader.DAMAGED


# --------------------------------------------------------------------------- RTF, HTML, text


def test_rtf_control_words_never_reach_the_text():
    text = extract_text(cvs.rtf_cv(cvs.GRACE), filetypes.RTF)
    assert _lines(text)[:2] == ["Grace Hopper", "Compiler Engineer"]
    assert "Compiler Engineer \u2014 Remington Rand" in text
    assert "\\par" not in text and "fonttbl" not in text and "Helvetica" not in text


def test_html_drops_scripts_styles_and_the_head():
    text = extract_text(cvs.html_cv(cvs.ADA), filetypes.HTML)
    assert "Haskell" not in text and "Cobol" not in text and "font-family" not in text
    assert "Senior Software Engineer \u2013 Analytical Engines Ltd" in text  # &ndash; decoded
    assert "ada.lovelace@example.com" in text
    assert cvs.ADA.links[0] in text  # the href, though the page only shows "LinkedIn"


def test_html_declaring_its_charset_is_decoded_with_it():
    page = ('<html><head><meta charset="iso-8859-1"></head><body><p>Zoë Müller</p>'
            "<p>Ingénieure logiciel à Zürich</p></body></html>").encode("latin-1")
    assert "Zoë Müller" in extract_text(page, filetypes.HTML)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_text_in_any_common_encoding(encoding):
    source = "Zoë Müller\nIngénieure logiciel, Zürich\nPython, Django"
    data = source.encode(encoding)
    sniffed = filetypes.sniff(data, "cv.txt")
    assert extract_text(data, filetypes.TEXT, sniffed.encoding) == source


def test_normalise_folds_ligatures_spaces_and_blank_lines():
    raw = "Ada\u00a0Lovelace\r\n\r\n\r\n\r\nSoftware ﬁrst\tengineer      2016 - 2020\x00\x07"
    assert normalise(raw) == "Ada Lovelace\n\nSoftware first  engineer  2016 - 2020"


def test_too_little_text_is_no_text():
    with pytest.raises(Unreadable) as info:
        extract_text(b"   ...   \n  -- ", filetypes.TEXT)
    assert info.value.reason == NO_TEXT
