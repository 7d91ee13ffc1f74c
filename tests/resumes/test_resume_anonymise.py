"""Anonymised resumes: identifying data is removed from the data itself, not hidden by CSS."""

from __future__ import annotations

import pytest

from mustard_core.resumes import BUILTIN_TEMPLATES, Branding, ResumeOptions
from mustard_core.resumes.anonymise import Redactor
from mustard_core.resumes.samples import sample_branding, sample_candidate

EMPLOYERS = ["Harbourline Logistics", "Corvid Health Analytics", "Pennine Retail Group",
             "Brightwater Systems"]


def identifying(candidate: dict) -> list[str]:
    return [candidate["name"], *candidate["name"].split(), candidate["email"],
            candidate["phone"], "7946", candidate["location"], "linkedin.com", "github.com"]


def leaks(text: str, needles: list[str]) -> list[str]:
    return [needle for needle in needles if needle.lower() in text.lower()]


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_anonymised_pdf_shows_no_name_contact_links_or_employers(renderer, pdf_reader, png,
                                                                 template):
    candidate = sample_candidate()
    options = ResumeOptions(template=template, anonymised=True, hide_employers=True, photo=True)
    pdf = renderer.render_pdf(candidate, options, Branding(company_name="Northbridge Talent"),
                              photo=png())
    read = pdf_reader(pdf.data)

    assert leaks(read.text, identifying(candidate) + EMPLOYERS) == []
    assert leaks(read.title or "", identifying(candidate)) == []
    assert read.images == 0  # no photo
    assert "Candidate" in read.text
    assert candidate["headline"] in read.text
    assert "Confidential employer" in read.text
    assert "Lead Data Platform Engineer" in read.text  # the career itself stays
    assert "University of Manchester" in read.text


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_anonymised_keeps_employers_unless_asked_to_hide_them(renderer, pdf_reader, template):
    candidate = sample_candidate()
    options = ResumeOptions(template=template, anonymised=True)
    read = pdf_reader(renderer.render_pdf(candidate, options).data)

    assert leaks(read.text, identifying(candidate)) == []
    assert leaks(read.flat, EMPLOYERS) == EMPLOYERS
    assert "Confidential employer" not in read.text


def test_anonymised_still_shows_the_company_contact_block(renderer, pdf_reader):
    candidate = sample_candidate()
    options = ResumeOptions(anonymised=True, hide_employers=True)
    read = pdf_reader(renderer.render_pdf(candidate, options, sample_branding()).data)

    assert "Daniel Okafor" in read.text
    assert leaks(read.text, identifying(candidate) + EMPLOYERS) == []


def test_hide_employers_without_anonymised_changes_nothing(renderer, pdf_reader):
    candidate = sample_candidate()
    read = pdf_reader(renderer.render_pdf(candidate, ResumeOptions(hide_employers=True)).data)

    assert candidate["name"] in read.text
    assert leaks(read.flat, EMPLOYERS) == EMPLOYERS


TENANT_DUMP = """<html><body>
{{ candidate }} {{ contact }} {{ summary }} {{ experience }} {{ education }} {{ skills }}
{{ skill_groups }} {{ languages }} {{ links }} {{ sections }} {{ document }} {{ branding }}
</body></html>"""


def test_a_tenant_template_cannot_reach_what_anonymisation_removed(renderer, png):
    candidate = sample_candidate()
    options = ResumeOptions(template="acme", anonymised=True, hide_employers=True, photo=True)
    html = renderer.render_html(candidate, options, photo=png(), tenant_template=TENANT_DUMP)

    assert leaks(html, identifying(candidate) + EMPLOYERS) == []
    assert "data:image/png" not in html  # no photo either
    assert "Lead Data Platform Engineer" in html


def test_free_text_is_redacted():
    redact = Redactor("Amelia Hartley", "amelia@example.com", "+44 20 7946 0958",
                      ["Harbourline Logistics Ltd"], "Confidential employer")
    text = ("Amelia Hartley (amelia@example.com, 020 7946 0958, +44 (0)20 7946 0958) joined "
            "Harbourline Logistics in 2021; see https://example.com/amelia or "
            "linkedin.com/in/amelia. Reach AMELIA at other@mail.example.")

    result = redact(text)

    assert result == (
        "The candidate ([email removed], [phone removed], [phone removed]) joined "
        "Confidential employer in 2021; see [link removed] or "
        "[link removed] Reach the candidate at [email removed].")
    assert redact("Hired by Amelia's team. Amelia then left.") == (
        "Hired by the candidate's team. The candidate then left.")


def test_redaction_keeps_dates_numbers_and_ordinary_words():
    redact = Redactor("Will Stone", None, None, [], "Confidential employer")

    text = "In 2016 - 2020 I will grow revenue 10,000,000 and set stone-age records; 12 people."
    assert redact(text) == text
    assert redact("Will led the team") == "The candidate led the team"


def test_redaction_handles_names_in_scripts_without_spaces():
    redact = Redactor("张伟", None, None, ["华为技术有限公司"], "某公司")

    assert redact("张伟在华为技术有限公司工作") == "The candidate在某公司工作"
