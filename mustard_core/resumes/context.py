"""The template context: the candidate, already anonymised when asked, as plain dicts and lists.

Built-in and tenant templates get exactly this context. It holds only plain data (str, int,
bool, None, dict, list), so the sandbox has no object whose methods could be abused, and
anything the options say to withhold is simply absent.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mustard_core.profile import normalised
from mustard_core.resumes.anonymise import anonymise
from mustard_core.resumes.assets import EmbeddedImages
from mustard_core.resumes.fonts import font_stack
from mustard_core.resumes.options import SECTION_TITLES, Branding, ResumeOptions, sniff_image

ANONYMOUS_NAME = "Candidate"
PHOTO_MEDIA_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2023\u25aa\u25cf\u2013]|\d+[.)])\s+")
_LINK_LABELS = {"linkedin": "LinkedIn", "github": "GitHub", "gitlab": "GitLab",
                "website": "Website", "portfolio": "Portfolio", "twitter": "Twitter"}
# Sections the sidebar template puts in its coloured column (the rest go in the main column).
SIDE_SECTIONS = ("skills", "languages", "links")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def blocks(text: str | None) -> list[dict[str, Any]]:
    """Free text as paragraphs and bullet lists, so templates need no text processing."""
    result: list[dict[str, Any]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append({"kind": "paragraph", "text": " ".join(paragraph)})
            paragraph.clear()

    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            flush()
        elif _BULLET.match(line):
            flush()
            item = _BULLET.sub("", line)
            if result and result[-1]["kind"] == "list":
                result[-1]["items"].append(item)
            else:
                result.append({"kind": "list", "items": [item]})
        elif result and result[-1]["kind"] == "list" and not paragraph:
            result[-1]["items"][-1] += " " + line  # a wrapped bullet line
        else:
            paragraph.append(line)
    flush()
    return result


def format_date(value: str | None) -> str | None:
    """"2016-09" -> "Sep 2016"; "2016" stays; anything unexpected is shown as given."""
    value = _text(value)
    if value is None:
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2}))?", value)
    if not match:
        return value
    year, month = match.groups()
    if month and 1 <= int(month) <= 12:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return year


def period(start: str | None, end: str | None, current: bool = False) -> str | None:
    start_text, end_text = format_date(start), format_date(end)
    if current:
        end_text = "Present"
    if start_text and end_text:
        return start_text if start_text == end_text else f"{start_text} \u2013 {end_text}"
    return start_text or end_text


def _experience(job: dict[str, Any]) -> dict[str, Any]:
    return {"title": _text(job.get("title")), "company": _text(job.get("company")),
            "location": _text(job.get("location")),
            "period": period(job.get("start"), job.get("end"), bool(job.get("current"))),
            "current": bool(job.get("current")), "blocks": blocks(job.get("description"))}


def _education(school: dict[str, Any]) -> dict[str, Any]:
    degree, subject = _text(school.get("degree")), _text(school.get("field"))
    qualification = ", ".join(part for part in (degree, subject) if part) or None
    return {"qualification": qualification, "degree": degree, "field": subject,
            "institution": _text(school.get("institution")),
            "period": period(school.get("start"), school.get("end")),
            "blocks": blocks(school.get("description"))}


def _skills(skills: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    items = [{"name": str(s["name"]), "level": _text(s.get("level")),
              "category": _text(s.get("category"))} for s in skills if _text(s.get("name"))]
    groups: dict[str | None, list[dict]] = {}
    for item in items:
        groups.setdefault(item["category"], []).append(item)
    return items, [{"category": category, "skills": members}
                   for category, members in groups.items()]


def _link(link: dict[str, Any]) -> dict[str, Any] | None:
    url = _text(link.get("url"))
    if url is None:
        return None
    kind = _text(link.get("kind"))
    shown = re.sub(r"^[a-z]+://(www\.)?", "", url, flags=re.IGNORECASE).rstrip("/")
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    # Only web links become clickable; "javascript:" or "file:" stays inert text.
    href = url if scheme in ("http", "https") else None
    label = _LINK_LABELS.get((kind or "").lower(), kind.title() if kind else None)
    return {"url": url, "kind": kind, "label": label, "text": shown, "href": href}


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def tint(colour: str, amount: float) -> str:
    """The colour mixed with white (amount 0 = unchanged, 1 = white)."""
    r, g, b = (round(c + (255 - c) * amount) for c in _hex_rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def _luminance(colour: str) -> float:
    """WCAG relative luminance."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_on(colour: str) -> str:
    """White or near-black, whichever reads better on the colour."""
    return "#ffffff" if _luminance(colour) < 0.4 else "#1c1c1c"


def text_shade(colour: str) -> str:
    """The colour darkened just enough to be readable as text on white (contrast 4.5:1).

    Brand accents are often light (mustard, sky blue); used as-is for text they fade.
    """
    r, g, b = _hex_rgb(colour)
    for step in range(21):
        factor = 1 - step * 0.05
        shade = f"#{round(r * factor):02x}{round(g * factor):02x}{round(b * factor):02x}"
        if 1.05 / (_luminance(shade) + 0.05) >= 4.5:
            return shade
    return "#000000"


def _contact(candidate: dict[str, Any], branding: Branding) -> dict[str, Any]:
    """The company's contact block when the brand has one, else the candidate's own details."""
    company = branding.contact
    if company is not None and company.is_set():
        lines = [{"kind": "name", "text": company.recruiter_name, "href": None},
                 {"kind": "company", "text": branding.company_name, "href": None},
                 {"kind": "email", "text": company.email,
                  "href": f"mailto:{company.email}" if company.email else None},
                 {"kind": "phone", "text": company.phone,
                  "href": "tel:" + re.sub(r"[^\d+]", "", company.phone) if company.phone
                  else None},
                 *({"kind": "address", "text": line, "href": None}
                   for line in company.address_lines)]
        return {"source": "company", "heading": "Your contact",
                "lines": [line for line in lines if _text(line["text"])]}
    lines = [{"kind": "email", "text": _text(candidate["email"]),
              "href": f"mailto:{candidate['email']}" if _text(candidate["email"]) else None},
             {"kind": "phone", "text": _text(candidate["phone"]), "href": None},
             {"kind": "location", "text": _text(candidate["location"]), "href": None}]
    lines = [line for line in lines if line["text"]]
    return {"source": "candidate" if lines else None, "heading": "Contact", "lines": lines}


def build_context(candidate: dict[str, Any], options: ResumeOptions, branding: Branding,
                  photo: bytes | None, images: EmbeddedImages) -> dict[str, Any]:
    """Everything a template may show, already filtered by the options."""
    profile = normalised(candidate.get("profile"))
    contact_fields = {key: _text(candidate.get(key))
                      for key in ("name", "email", "phone", "location", "headline")}
    if options.anonymised:
        contact_fields, profile = anonymise(
            contact_fields, profile, hide_employers=options.hide_employers,
            employer_phrase=options.employer_phrase)
        photo = None
    display_name = contact_fields["name"] or ANONYMOUS_NAME

    # A photo that is not a known image type is left out rather than failing the resume.
    photo_type = sniff_image(photo) if photo and options.photo else None
    photo_uri = images.data_uri(photo, photo_type) if photo and photo_type in PHOTO_MEDIA_TYPES \
        else None
    logo_uri = (images.data_uri(branding.logo, branding.logo_media_type or "")
                if branding.logo else None)

    skills, skill_groups = _skills(profile["skills"])
    data = {
        "summary": blocks(_text(profile.get("summary"))),
        "experience": [_experience(job) for job in profile["experience"]],
        "education": [_education(school) for school in profile["education"]],
        "skills": skills,
        "languages": [{"name": str(lang["name"]), "level": _text(lang.get("level"))}
                      for lang in profile["languages"] if _text(lang.get("name"))],
        "links": [link for link in map(_link, profile["links"]) if link],
    }
    sections = [{"key": key, "title": SECTION_TITLES[key]}
                for key in options.sections if data[key]]
    headline = contact_fields["headline"]
    return {
        **data,
        "skill_groups": skill_groups,
        "candidate": {
            "name": contact_fields["name"],
            "display_name": display_name,
            "headline": headline,
            "email": contact_fields["email"],
            "phone": contact_fields["phone"],
            "location": contact_fields["location"],
            "photo": photo_uri,
            "anonymised": options.anonymised,
        },
        "contact": _contact(contact_fields, branding),
        "sections": sections,
        "main_sections": [s for s in sections if s["key"] not in SIDE_SECTIONS],
        "side_sections": [s for s in sections if s["key"] in SIDE_SECTIONS],
        "branding": {
            "company_name": _text(branding.company_name),
            "logo": logo_uri,
            "primary": branding.primary_color.lower(),
            "accent": branding.accent_color.lower(),
            "primary_tint": tint(branding.primary_color, 0.9),
            "accent_tint": tint(branding.accent_color, 0.82),
            "accent_text": text_shade(branding.accent_color),
            "on_primary": readable_on(branding.primary_color),
            "on_primary_muted": tint(branding.primary_color, 0.72)
            if readable_on(branding.primary_color) == "#ffffff" else "#3a3a3a",
            "font_family": branding.font_family,
            "font_stack": font_stack(branding.font_family),
            "header_text": _text(branding.header_text),
            "footer_text": _text(branding.footer_text),
        },
        "document": {
            "title": " \u2013 ".join(part for part in (display_name, headline) if part),
            "page_size": options.page_size,
            "template": options.template,
            "anonymised": options.anonymised,
            "hide_employers": options.anonymised and options.hide_employers,
        },
    }
