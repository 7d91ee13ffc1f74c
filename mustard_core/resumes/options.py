"""What a recruiter chooses for one resume (ResumeOptions) and what a tenant's brand looks like
(Branding), each with validation that reports readable {"field", "message"} errors for the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mustard_core.resumes.fonts import BRAND_FAMILIES, DEFAULT_FAMILY

BUILTIN_TEMPLATES: tuple[str, ...] = ("classic", "sidebar")
PAGE_SIZES: tuple[str, ...] = ("A4", "Letter")
SECTIONS: tuple[str, ...] = ("summary", "experience", "education", "skills", "languages", "links")
SECTION_TITLES: dict[str, str] = {
    "summary": "Profile",
    "experience": "Experience",
    "education": "Education",
    "skills": "Skills",
    "languages": "Languages",
    "links": "Links",
}
DEFAULT_EMPLOYER_PHRASE = "Confidential employer"

LOGO_MEDIA_TYPES: tuple[str, ...] = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
MAX_LOGO_BYTES = 2 * 1024 * 1024
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MAX_TEXT = 300


class InvalidResumeOptions(ValueError):
    """Options or branding that cannot be rendered; `errors` is a list of {"field", "message"}."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def _one_of(value: object, choices: tuple[str, ...]) -> str:
    return f"{value!r} is not one of: {', '.join(choices)}"


@dataclass
class ResumeOptions:
    """The recruiter's choices for one resume.

    `hide_employers` only applies to anonymised resumes. `photo` shows the candidate's photo
    when one is given and the resume is not anonymised.
    """

    template: str = "classic"
    page_size: str = "A4"
    anonymised: bool = False
    hide_employers: bool = False
    sections: list[str] = field(default_factory=lambda: list(SECTIONS))
    photo: bool = False
    employer_phrase: str = DEFAULT_EMPLOYER_PHRASE

    def errors(self, extra_templates: tuple[str, ...] = ()) -> list[dict[str, str]]:
        """Every problem found; `extra_templates` names tenant templates that also exist."""
        errors = []
        templates = (*BUILTIN_TEMPLATES, *extra_templates)
        if self.template not in templates:
            errors.append({"field": "template",
                           "message": f"unknown template: {_one_of(self.template, templates)}"})
        if self.page_size not in PAGE_SIZES:
            errors.append({"field": "page_size",
                           "message": f"unknown page size: {_one_of(self.page_size, PAGE_SIZES)}"})
        if not isinstance(self.sections, list | tuple):
            errors.append({"field": "sections", "message": "must be a list of section names"})
        else:
            seen = set()
            for index, section in enumerate(self.sections):
                if section not in SECTIONS:
                    errors.append({"field": f"sections[{index}]",
                                   "message": f"unknown section: {_one_of(section, SECTIONS)}"})
                elif section in seen:
                    errors.append({"field": f"sections[{index}]",
                                   "message": f"section {section!r} is listed twice"})
                seen.add(section)
        for name in ("anonymised", "hide_employers", "photo"):
            if not isinstance(getattr(self, name), bool):
                errors.append({"field": name, "message": "must be true or false"})
        if not isinstance(self.employer_phrase, str) or not 0 < len(self.employer_phrase) <= 100:
            errors.append({"field": "employer_phrase",
                           "message": "must be text of 1 to 100 characters"})
        return errors


@dataclass
class CompanyContact:
    """The recruiter to contact, shown instead of the candidate's own contact details."""

    recruiter_name: str = ""
    email: str = ""
    phone: str = ""
    address_lines: list[str] = field(default_factory=list)

    def is_set(self) -> bool:
        return any([self.recruiter_name, self.email, self.phone, *self.address_lines])


@dataclass
class Branding:
    """A tenant's look: company name, logo, colours, font, contact block, header and footer."""

    company_name: str = ""
    logo: bytes | None = None
    logo_media_type: str | None = None
    primary_color: str = "#1f3a5f"
    accent_color: str = "#d4a017"
    font_family: str = DEFAULT_FAMILY
    contact: CompanyContact | None = None
    header_text: str = ""
    footer_text: str = ""

    def errors(self) -> list[dict[str, str]]:
        errors = []
        for name in ("primary_color", "accent_color"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _COLOUR.match(value):
                errors.append({"field": f"branding.{name}",
                               "message": f"{value!r} is not a colour like #1f3a5f"})
        if self.font_family not in BRAND_FAMILIES:
            errors.append({"field": "branding.font_family",
                           "message": f"unknown font: {_one_of(self.font_family, BRAND_FAMILIES)}"})
        if self.logo is not None:
            errors.extend(_logo_errors(self.logo, self.logo_media_type))
        for name in ("company_name", "header_text", "footer_text"):
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > _MAX_TEXT:
                errors.append({"field": f"branding.{name}",
                               "message": f"must be text of at most {_MAX_TEXT} characters"})
        if self.contact is not None:
            contact = self.contact
            for name in ("recruiter_name", "email", "phone"):
                value = getattr(contact, name)
                if not isinstance(value, str) or len(value) > _MAX_TEXT:
                    errors.append({"field": f"branding.contact.{name}",
                                   "message": f"must be text of at most {_MAX_TEXT} characters"})
            if len(contact.address_lines) > 6 or any(
                    not isinstance(line, str) or len(line) > _MAX_TEXT
                    for line in contact.address_lines):
                errors.append({"field": "branding.contact.address_lines",
                               "message": f"at most 6 lines of {_MAX_TEXT} characters"})
        return errors


def sniff_image(data: bytes) -> str | None:
    """The media type the bytes really are (PNG, JPEG, GIF, WebP or SVG), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def _logo_errors(logo: bytes, media_type: str | None) -> list[dict[str, str]]:
    if media_type not in LOGO_MEDIA_TYPES:
        return [{"field": "branding.logo_media_type",
                 "message": f"unsupported logo type: {_one_of(media_type, LOGO_MEDIA_TYPES)}"}]
    if len(logo) > MAX_LOGO_BYTES:
        return [{"field": "branding.logo", "message": "the logo is larger than 2 MB"}]
    if sniff_image(logo) != media_type:
        return [{"field": "branding.logo", "message": f"the logo is not a valid {media_type}"}]
    return []


def validate(options: ResumeOptions, branding: Branding,
             extra_templates: tuple[str, ...] = ()) -> None:
    """Raise InvalidResumeOptions listing every problem in the options and the branding."""
    errors = options.errors(extra_templates) + branding.errors()
    if errors:
        raise InvalidResumeOptions(errors)
