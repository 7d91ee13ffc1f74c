"""Remove what identifies a candidate before any template sees the data.

Anonymisation happens on the data, not in the templates: the fields are dropped and free text
is redacted here, so no template (built-in or a tenant's) can show what it never receives.
Free text is redacted too because CVs repeat the name, contact details and employers in prose
("Ada led ...", "At Analytical Engines Ltd I built ...").
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

NAME_PHRASE = "the candidate"
EMAIL_PHRASE = "[email removed]"
PHONE_PHRASE = "[phone removed]"
LINK_PHRASE = "[link removed]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+"
    r"|\b(?:linkedin|github|gitlab|twitter|x|facebook|instagram|xing)\.com/\S*",
    re.IGNORECASE)
# Nine digits or more with the usual separators: phone numbers, but not "2016 - 2020".
_PHONE = re.compile(r"(?<!\w)\+?\(?\d(?:[\s().\-/]{0,3}\d){8,}(?!\w)")
_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:ltd|limited|inc|incorporated|llc|llp|plc|gmbh|ag|sa|sas|sarl|bv|nv|srl|spa|"
    r"corp|corporation|co|company|pty|oy|ab|as)\.?$",
    re.IGNORECASE)


def _spaced_script(term: str) -> bool:
    """False for scripts written without spaces (Chinese, Japanese), where \\b means nothing."""
    for char in term:
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
                return False
    return True


def _term_pattern(terms: list[str], flags: int = 0) -> re.Pattern | None:
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    parts = [rf"(?<!\w){re.escape(t)}(?!\w)" if _spaced_script(t) else re.escape(t)
             for t in terms]
    return re.compile("|".join(parts), flags)


def _employer_variants(company: str) -> list[str]:
    company = company.strip()
    stripped = _LEGAL_SUFFIX.sub("", company).strip()
    return [v for v in (company, stripped) if len(v) >= 2]


class Redactor:
    """Replaces a candidate's name, contact details and (optionally) employers in free text."""

    def __init__(self, name: str | None, email: str | None, phone: str | None,
                 employers: list[str], employer_phrase: str) -> None:
        name = (name or "").strip()
        tokens = [t for t in re.split(r"[\s,]+", name) if len(t) >= 2 and t[0].isupper()]
        cjk_name = [name] if name and not _spaced_script(name) and len(name) >= 2 else []
        self._full_name = _term_pattern([name], re.IGNORECASE)
        # Single name parts match as written or in capitals: "Will" the name, not "will" the verb.
        self._name_parts = _term_pattern(tokens + [t.upper() for t in tokens] + cjk_name)
        self._email = _term_pattern([(email or "").strip()], re.IGNORECASE)
        digits = re.sub(r"\D", "", phone or "")
        self._phone = (re.compile(r"[\s().\-/]{0,3}".join(digits)) if len(digits) >= 5
                       else None)
        variants = [v for company in employers for v in _employer_variants(company)]
        self._employers = _term_pattern(variants, re.IGNORECASE)
        self._employer_phrase = employer_phrase

    def __call__(self, text: Any) -> str | None:
        if text is None:
            return None
        text = str(text)
        for pattern, phrase in ((self._email, EMAIL_PHRASE), (self._phone, PHONE_PHRASE)):
            if pattern is not None:
                text = pattern.sub(phrase, text)
        text = _EMAIL.sub(EMAIL_PHRASE, text)
        text = _URL.sub(LINK_PHRASE, text)
        text = _PHONE.sub(PHONE_PHRASE, text)
        if self._employers is not None:
            text = self._employers.sub(self._employer_phrase, text)
        for pattern in (self._full_name, self._name_parts):
            if pattern is not None:
                text = pattern.sub(_name_phrase, text)
        return text


def _name_phrase(match: re.Match) -> str:
    """"the candidate", capitalised where a sentence starts."""
    before = match.string[:match.start()].rstrip()
    return NAME_PHRASE.capitalize() if not before or before[-1] in ".!?:\n" else NAME_PHRASE


def anonymise(candidate: dict[str, Any], profile: dict[str, Any], *, hide_employers: bool,
              employer_phrase: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A copy of the contact fields and the profile with identifying data removed.

    Drops the name, email, phone, location and links; redacts free text; when `hide_employers`
    replaces every employer (and the location of each job, which would point at it) too.
    """
    profile = copy.deepcopy(profile)
    employers = [str(job.get("company") or "") for job in profile["experience"]]
    redact = Redactor(candidate.get("name"), candidate.get("email"), candidate.get("phone"),
                      employers if hide_employers else [], employer_phrase)
    contact = {"name": None, "email": None, "phone": None, "location": None,
               "headline": redact(candidate.get("headline"))}
    profile["summary"] = redact(profile.get("summary"))
    for job in profile["experience"]:
        job["title"] = redact(job.get("title"))
        job["description"] = redact(job.get("description"))
        if hide_employers:
            job["company"] = employer_phrase if job.get("company") else None
            job["location"] = None
    for school in profile["education"]:
        school["description"] = redact(school.get("description"))
    profile["links"] = []
    return contact, profile
