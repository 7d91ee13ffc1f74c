"""Splitting a CV's text into its sections by their headings.

A heading is a short line that, once decorations, numbering and a trailing colon are removed,
is one of the names below ("Work History", "TECHNICAL SKILLS:", "E X P E R I E N C E"). A line
such as "Skills: Python, Java" is a heading with its first content on the same line. The text
before the first heading is the *header*: name, contact details, headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "personal profile",
        "career summary", "career profile", "about", "about me", "objective", "career objective",
        "objectives", "personal statement", "overview", "executive summary", "introduction",
        "summary of qualifications", "professional overview", "executive profile",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "professional background", "career", "positions held", "working experience",
        "industry experience", "professional history", "employment experience",
        "experience and employment", "career experience", "work", "employment record",
        "relevant work experience", "previous experience", "experience history",
    ),
    "education": (
        "education", "education and training", "academic background", "academic qualifications",
        "qualifications", "educational background", "academic history", "studies",
        "education and qualifications", "training and education", "academic profile",
        "academic record", "education history", "educational qualifications", "academics",
    ),
    "skills": (
        "skills", "technical skills", "key skills", "core skills", "core competencies",
        "competencies", "skills and competencies", "areas of expertise", "expertise",
        "technologies", "tools", "tools and technologies", "technical expertise", "it skills",
        "computer skills", "programming languages", "skills summary", "skill set", "skillset",
        "tech stack", "technical proficiencies", "key competencies", "professional skills",
        "relevant skills", "skills and abilities", "abilities", "technical competencies",
        "software", "software skills", "additional skills", "core strengths", "strengths",
        "skills and expertise", "technical summary", "key skills and competencies",
    ),
    "languages": (
        "languages", "language skills", "spoken languages", "language proficiency",
        "languages spoken", "foreign languages", "language", "linguistic skills",
    ),
    "certifications": (
        "certifications", "certificates", "licences", "licenses", "certifications and licences",
        "certifications and licenses", "accreditations", "professional certifications",
        "courses", "training", "professional development", "licences and certifications",
        "licenses and certifications", "certification", "professional qualifications",
        "training and certifications", "courses and certifications",
    ),
    "projects": ("projects", "key projects", "personal projects", "selected projects",
                 "side projects", "portfolio", "project experience", "open source"),
    "interests": ("interests", "hobbies", "hobbies and interests", "personal interests",
                  "activities", "extracurricular activities", "outside interests"),
    "references": ("references", "referees", "references available on request"),
    "awards": ("awards", "honours", "honors", "achievements", "awards and honours",
               "awards and honors", "key achievements", "accomplishments"),
    "publications": ("publications", "papers", "selected publications", "research"),
    "contact": ("contact", "contact details", "contact information", "personal details",
                "personal information", "contact info"),
    "volunteering": ("volunteering", "volunteer experience", "voluntary work",
                     "volunteer work", "community involvement"),
}

_BY_NAME = {name: kind for kind, names in HEADINGS.items() for name in names}
_DECORATION = re.compile(r"^[\W\d_]*(?:[ivx]+[.)]\s*)?|[\W_]*$", re.IGNORECASE)
_SPACED_LETTERS = re.compile(r"^(?:[A-Za-z] ){3,}[A-Za-z]$")
_INLINE = re.compile(r"^\s*([A-Za-z][A-Za-z &/]{1,40}?)\s*:\s*(\S.*)$")


@dataclass
class Section:
    kind: str  # "header", one of HEADINGS, or "other"
    heading: str | None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def heading_kind(line: str) -> str | None:
    """The section a line names, or None when it is not a heading."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return None
    if _SPACED_LETTERS.match(stripped):
        stripped = stripped.replace(" ", "")
    key = _key(stripped)
    return _BY_NAME.get(key)


def _key(text: str) -> str:
    text = _DECORATION.sub("", text.strip()).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z ]", " ", text).split())


def inline_heading(line: str) -> tuple[str, str] | None:
    """("skills", "Python, Java") for "Skills: Python, Java"; None otherwise."""
    match = _INLINE.match(line)
    if not match:
        return None
    kind = _BY_NAME.get(_key(match.group(1)))
    if kind is None or kind in ("contact",):
        return None
    return kind, match.group(2).strip()


_BLOCKS = frozenset({"experience", "projects", "education", "volunteering"})


def split_sections(text: str) -> list[Section]:
    """The header, then each section in order (a kind may appear twice: both are kept).

    An inline heading ("Skills: Python, Java") starts a section of its own, except where it is
    a detail line: in the header, or right under a job in a block section ("Technologies: ..."
    below a job's description). There its content becomes an extra one-line section at the end
    and the line stays where it is.
    """
    sections = [Section("header", None)]
    extras: list[Section] = []
    previous_blank = True
    for line in text.split("\n"):
        kind = heading_kind(line)
        if kind:
            sections.append(Section(kind, line.strip()))
            previous_blank = True
            continue
        inline = inline_heading(line)
        current = sections[-1].kind
        if inline and inline[0] != current:
            detail = current == "header" or (current in _BLOCKS and not previous_blank)
            if detail:
                extras.append(Section(inline[0], line.strip(), [inline[1]]))
            else:
                sections.append(Section(inline[0], line.strip(), [inline[1]]))
                previous_blank = False
                continue
        sections[-1].lines.append(line)
        previous_blank = not line.strip()
    return sections + extras
