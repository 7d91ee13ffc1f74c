"""Rendering the built-in templates: content, page sizes, page counts, branding, fonts, reuse."""

from __future__ import annotations

import pytest

from mustard_core.resumes import (
    BUILTIN_TEMPLATES,
    Branding,
    CompanyContact,
    ResumeOptions,
    ResumeRenderer,
)
from mustard_core.resumes.fonts import FONT_FACES
from mustard_core.resumes.samples import sample_branding, sample_candidate

# PDF points (1/72 in): A4 is 210 x 297 mm, US Letter 8.5 x 11 in.
PAGE_POINTS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}
ALL_HEADINGS = ("Profile", "Experience", "Education", "Skills", "Languages", "Links")

# The names WeasyPrint gives embedded fonts: the family, hyphenated, plus the style.
BUNDLED_FONT_PREFIXES = tuple({face.family.replace(" ", "-") for face in FONT_FACES})


def bundled(font_name: str) -> bool:
    return font_name.startswith(BUNDLED_FONT_PREFIXES)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_full_profile_fills_two_pages_with_every_section(renderer, pdf_reader, template,
                                                         page_size):
    candidate = sample_candidate()
    pdf = renderer.render_pdf(candidate, ResumeOptions(template=template, page_size=page_size),
                              sample_branding())
    read = pdf_reader(pdf.data)

    assert pdf.pages >= 2 and len(read.pages) == pdf.pages
    assert read.media_box == pytest.approx(PAGE_POINTS[page_size], abs=0.5)
    assert candidate["name"] in read.text
    assert candidate["headline"] in read.text
    for heading in ALL_HEADINGS:
        assert heading.upper() in read.text, heading
    for job in candidate["profile"]["experience"]:
        assert job["company"] in read.flat
        assert job["title"] in read.flat
    for number in range(1, pdf.pages + 1):
        assert f"Page {number} of {pdf.pages}" in read.pages[number - 1]
    assert read.title == f"{candidate['name']} \u2013 {candidate['headline']}"
    assert all(bundled(font) for font in read.fonts), read.fonts


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_name_only_profile_is_one_page_without_empty_sections(renderer, pdf_reader, template,
                                                              page_size):
    pdf = renderer.render_pdf({"name": "Grace Hopper"},
                              ResumeOptions(template=template, page_size=page_size))
    read = pdf_reader(pdf.data)

    assert pdf.pages == 1
    assert read.media_box == pytest.approx(PAGE_POINTS[page_size], abs=0.5)
    assert "Grace Hopper" in read.text
    assert "Page 1 of 1" in read.text
    for heading in ALL_HEADINGS:
        assert heading.upper() not in read.text


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_company_contact_replaces_the_candidates_details(renderer, pdf_reader, template):
    candidate = sample_candidate()
    branding = sample_branding()
    read = pdf_reader(renderer.render_pdf(candidate, ResumeOptions(template=template),
                                          branding).data)

    contact = branding.contact
    for value in (contact.recruiter_name, contact.email, contact.phone, *contact.address_lines):
        assert value in read.text
    assert "YOUR CONTACT" in read.text
    for value in (candidate["email"], candidate["phone"], candidate["location"]):
        assert value not in read.text


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_without_company_contact_the_candidates_details_show(renderer, pdf_reader, template):
    candidate = sample_candidate()
    branding = Branding(company_name="Northbridge Talent")
    read = pdf_reader(renderer.render_pdf(candidate, ResumeOptions(template=template),
                                          branding).data)

    for value in (candidate["email"], candidate["phone"], candidate["location"]):
        assert value in read.text
    assert "YOUR CONTACT" not in read.text


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_branding_header_footer_and_logo_on_every_page(renderer, pdf_reader, png, template):
    branding = Branding(company_name="Harbour Recruitment", logo=png(),
                        logo_media_type="image/png", header_text="Shortlist March",
                        footer_text="Call us on 0161 496 0000",
                        contact=CompanyContact(recruiter_name="Priya Shah"))
    pdf = renderer.render_pdf(sample_candidate(), ResumeOptions(template=template), branding)
    read = pdf_reader(pdf.data)

    for page in read.pages:
        assert "Harbour Recruitment" in page
        assert "SHORTLIST MARCH" in page  # the header text is set in capitals
        assert "Call us on 0161 496 0000" in page
    assert read.images == pdf.pages  # the logo, once per page header


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_photo_only_when_asked_for(renderer, pdf_reader, png, template):
    photo = png("#336699", (200, 240))
    with_photo = renderer.render_pdf({"name": "Ada"}, ResumeOptions(template=template, photo=True),
                                     photo=photo)
    without = renderer.render_pdf({"name": "Ada"}, ResumeOptions(template=template), photo=photo)

    assert pdf_reader(with_photo.data).images == 1
    assert pdf_reader(without.data).images == 0


def test_sections_follow_the_requested_subset_and_order(renderer, pdf_reader):
    options = ResumeOptions(sections=["skills", "summary"])
    text = pdf_reader(renderer.render_pdf(sample_candidate(), options).data).text

    assert text.index("SKILLS") < text.index("PROFILE")
    for absent in ("EXPERIENCE", "EDUCATION", "LANGUAGES", "LINKS"):
        assert absent not in text
    assert "Harbourline Logistics" not in text


@pytest.mark.parametrize("name", ["张伟", "محمد", "Иван", "Zoë", "Δημήτρης", "अनन्या", "דנה"])
@pytest.mark.parametrize("family", ["Noto Sans", "Noto Serif", "Open Sans"])
def test_non_latin_names_render_with_bundled_fonts(renderer, pdf_reader, name, family):
    pdf = renderer.render_pdf({"name": name, "headline": "Engineer"}, ResumeOptions(),
                              Branding(font_family=family))
    read = pdf_reader(pdf.data)

    assert name in read.text
    assert all(bundled(font) for font in read.fonts), read.fonts
    assert any(font.startswith(family.replace(" ", "-")) for font in read.fonts)


def test_each_script_is_drawn_by_the_bundled_font_that_covers_it(renderer, pdf_reader):
    candidate = {"name": "张伟 محمد Иван Zoë", "headline": "Engineer"}
    read = pdf_reader(renderer.render_pdf(candidate, ResumeOptions()).data)

    assert "张伟 محمد Иван Zoë" in read.text
    families = {font.removesuffix("-Bold") for font in read.fonts}
    # The system has other fonts with Arabic and Cyrillic (DejaVu); none of them may be used.
    assert {"Noto-Sans", "Noto-Sans-Arabic", "Droid-Sans-Fallback"} <= families
    assert all(bundled(font) for font in read.fonts), read.fonts


def test_renders_reuse_what_the_renderer_loaded_once():
    renderer = ResumeRenderer()
    after_start = dict(renderer.loads)
    assert after_start["fonts"] == len(FONT_FACES)  # each bundled font registered once
    assert after_start["templates"] >= len(BUILTIN_TEMPLATES)

    for template in BUILTIN_TEMPLATES:
        for page_size in ("A4", "Letter"):
            renderer.render_pdf(sample_candidate(),
                                ResumeOptions(template=template, page_size=page_size),
                                sample_branding())

    assert renderer.loads == after_start


def test_render_html_is_self_contained_and_matches_the_pdf(renderer, png):
    html = renderer.render_html(sample_candidate(), ResumeOptions(),
                                Branding(logo=png(), logo_media_type="image/png"))

    assert "<h1 class=\"name\">Amelia Hartley</h1>" in html
    assert 'src="data:image/png;base64,' in html
    assert "file:" not in html
