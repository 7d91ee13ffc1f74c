"""Content-Disposition values built from untrusted file names."""

from __future__ import annotations

import pytest

from mustard_storage_s3.disposition import attachment, safe_filename


def test_plain_ascii_name():
    assert attachment("cv.pdf") == 'attachment; filename="cv.pdf"'


def test_non_ascii_name_gets_an_encoded_copy():
    assert attachment("Łukasz CV.docx") == (
        "attachment; filename=\"ukasz CV.docx\"; filename*=UTF-8''%C5%81ukasz%20CV.docx")


def test_no_name_is_a_bare_attachment():
    assert attachment(None) == "attachment"
    assert attachment("  ..  ") == "attachment"


@pytest.mark.parametrize("name", [
    'a"; filename="evil.html', "line\r\nSet-Cookie: x=1", "tab\there", "nul\x00byte.pdf",
])
def test_header_breaking_characters_never_reach_the_header(name):
    value = attachment(name)
    assert "\r" not in value and "\n" not in value and "\x00" not in value and "\t" not in value
    assert value.count('"') == 2  # only the quotes around the ASCII fallback
    assert all(" " <= ch <= "~" for ch in value)


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ada\\cv.pdf", "cv.pdf"),
    ("\u202ereversed.pdf", "reversed.pdf"),  # right-to-left override is a format character
    ("a\u00a0b.pdf", "a b.pdf"),
])
def test_safe_filename_keeps_only_the_base_name(name, expected):
    assert safe_filename(name) == expected


def test_long_names_are_cut_but_keep_their_extension():
    name = safe_filename("x" * 400 + ".pdf")
    assert len(name) == 150
    assert name.endswith(".pdf")


def test_a_name_with_no_ascii_letters_falls_back_to_download():
    assert attachment("履歴書.pdf").startswith('attachment; filename="download.pdf"; filename*=')
