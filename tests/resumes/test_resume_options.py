"""Options and branding are validated up front with errors an API can return as they are."""

from __future__ import annotations

import pytest

from mustard_core.resumes import Branding, CompanyContact, InvalidResumeOptions, ResumeOptions
from mustard_core.resumes.samples import LOGO_SVG


def test_defaults_are_valid():
    assert ResumeOptions().errors() == []
    assert Branding().errors() == []


def test_unknown_template_page_size_and_sections_are_reported_together():
    options = ResumeOptions(template="fancy", page_size="A5",
                            sections=["summary", "hobbies", "summary"])

    assert options.errors() == [
        {"field": "template",
         "message": "unknown template: 'fancy' is not one of: classic, sidebar"},
        {"field": "page_size", "message": "unknown page size: 'A5' is not one of: A4, Letter"},
        {"field": "sections[1]", "message": "unknown section: 'hobbies' is not one of: "
                                            "summary, experience, education, skills, "
                                            "languages, links"},
        {"field": "sections[2]", "message": "section 'summary' is listed twice"},
    ]


def test_extra_templates_are_accepted_by_name():
    assert ResumeOptions(template="acme").errors(extra_templates=("acme",)) == []


@pytest.mark.parametrize("branding, field", [
    (Branding(primary_color="red"), "branding.primary_color"),
    (Branding(accent_color="#12345"), "branding.accent_color"),
    (Branding(font_family="Comic Sans MS"), "branding.font_family"),
    (Branding(logo=b"GIF89a...", logo_media_type="image/bmp"), "branding.logo_media_type"),
    (Branding(logo=LOGO_SVG, logo_media_type="image/png"), "branding.logo"),
    (Branding(header_text="x" * 301), "branding.header_text"),
    (Branding(contact=CompanyContact(address_lines=["line"] * 7)),
     "branding.contact.address_lines"),
])
def test_branding_errors_name_the_field(branding, field):
    errors = branding.errors()

    assert [error["field"] for error in errors] == [field]
    assert errors[0]["message"]


def test_render_refuses_invalid_options_with_every_error(renderer):
    with pytest.raises(InvalidResumeOptions) as raised:
        renderer.render_pdf({"name": "Ada"}, ResumeOptions(template="fancy", page_size="A3"),
                            Branding(primary_color="blue"))

    assert [e["field"] for e in raised.value.errors] == ["template", "page_size",
                                                        "branding.primary_color"]
