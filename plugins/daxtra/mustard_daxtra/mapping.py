"""Daxtra's `Resume` JSON -> Mustard's `ParsedCandidate` (contact fields + profile document).

Several of Daxtra's fields are documented by no primary source (marked "unverified" in
EXTERNAL_APIS.md), and even documented ones arrive as a list where a string was expected or as
null. Every reader here therefore accepts missing keys, null, a string instead of a list, a list
instead of a string and a dict wrapping a value, and drops what it cannot read rather than fail:
a partial profile is worth more to a recruiter than a failed parse. Everything written is cut to
the lengths `mustard_core.profile.PROFILE_SCHEMA` allows, so the result always validates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from mustard_core.profile import ParsedCandidate, empty_profile

CONFIDENCE = 0.9
"""Confidence given to a field Daxtra returned (Daxtra reports no per-field score)."""

_SHORT = 500
_TEXT = 20000
_PRESENT = {"present", "current", "now", "today", "ongoing", "to date", "till date"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")

# Just enough ISO 639-1 names for a language Daxtra reports only by its code.
_LANGUAGE_NAMES = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hu": "Hungarian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}


# --------------------------------------------------------------------------- tolerant readers


def as_list(value: Any) -> list[Any]:
    """A list from a list, a single value, or nothing."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [item for item in value if item is not None]
    return [value]


def text(value: Any, limit: int = _SHORT) -> str | None:
    """A clean string from a string, number, first list item or a dict wrapping a value."""
    if isinstance(value, list | tuple):
        for item in value:
            found = text(item, limit)
            if found:
                return found
        return None
    if isinstance(value, Mapping):
        for key in ("value", "#text", "Value", "content", "name", "Name"):
            if key in value:
                return text(value[key], limit)
        return None
    if isinstance(value, bool) or value is None:
        return None
    cleaned = str(value).strip()
    if not cleaned:
        return None
    return cleaned if len(cleaned) <= limit else cleaned[:limit]


def integer(value: Any, maximum: int = 1200) -> int | None:
    """A non-negative whole number within the schema's range, or None."""
    found = text(value)
    if found is None:
        return None
    try:
        number = round(float(found))
    except (ValueError, OverflowError):
        return None
    return number if 0 <= number <= maximum else None


def is_present(value: Any) -> bool:
    found = text(value)
    return found is not None and found.lower() in _PRESENT


def date_value(value: Any) -> str | None:
    """A schema date (YYYY, YYYY-MM or YYYY-MM-DD) from Daxtra's forms, or None."""
    if isinstance(value, Mapping):
        for key in ("AnyDate", "YearMonth", "Year", "StringDate", "Date", "value"):
            if key in value:
                return date_value(value[key])
        return None
    found = text(value)
    if found is None:
        return None
    match = _MONTH_YEAR.match(found)
    if match:
        month, year = int(match.group(1)), match.group(2)
        return f"{year}-{month:02d}" if 1 <= month <= 12 else year
    match = _ISO_DATE.match(found)
    if not match:
        return None
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def mapping(value: Any) -> Mapping[str, Any]:
    """A dict from a dict, the first dict of a list, or an empty dict."""
    for item in as_list(value):
        if isinstance(item, Mapping):
            return item
    return {}


def _merged(value: Any) -> dict[str, Any]:
    """One dict from a dict or a list of dicts (earlier keys win)."""
    result: dict[str, Any] = {}
    for item in as_list(value):
        if isinstance(item, Mapping):
            for key, inner in item.items():
                result.setdefault(key, inner)
    return result


# --------------------------------------------------------------------------- sections


def person_name(structured: Mapping[str, Any]) -> str | None:
    person = mapping(structured.get("PersonName"))
    formatted = text(person.get("FormattedName"))
    if formatted:
        return formatted
    parts = [text(person.get(key)) for key in ("GivenName", "MiddleName", "FamilyName")]
    joined = " ".join(part for part in parts if part)
    return joined or None


def email(contact: Mapping[str, Any]) -> str | None:
    found = text(contact.get("InternetEmailAddress_main"))
    if found:
        return found
    for key in sorted(contact):
        if key.startswith("InternetEmailAddress"):
            found = text(contact[key])
            if found:
                return found
    return None


def phone(contact: Mapping[str, Any]) -> str | None:
    """Mobile first (recruiters call it), then home, then work, then any other number."""
    for key in ("Telephone_mobile", "Telephone_home", "Telephone_work"):
        found = text(_phone_value(contact.get(key)))
        if found:
            return found
    for key in sorted(contact):
        if key.startswith(("Telephone", "Mobile")):
            found = text(_phone_value(contact[key]))
            if found:
                return found
    return None


def _phone_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get("FormattedNumber") or value.get("value") or value.get("Number")
    return value


def location(contact: Mapping[str, Any]) -> str | None:
    address = mapping(contact.get("PostalAddress_main") or contact.get("PostalAddress"))
    return place(address)


def place(value: Any) -> str | None:
    """"Town, Region, CC" from an address dict; a string is taken as it is."""
    if isinstance(value, Mapping):
        parts = [text(value.get(key)) for key in ("Municipality", "Region", "CountryCode")]
        unique: list[str] = []
        for part in parts:
            if part and part not in unique:
                unique.append(part)
        return ", ".join(unique)[:_SHORT] or None
    return text(value)


def links(contact: Mapping[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for key in sorted(contact):
        if not key.startswith("InternetWebAddress"):
            continue
        for item in as_list(contact[key]):
            url = text(item, 2000)
            if isinstance(item, Mapping):
                url = text(item.get("url") or item.get("URL") or item.get("InternetWebAddress")
                           or item.get("value") or item.get("#text"), 2000)
            if not url:
                continue
            if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
                url = "https://" + url
            url = url[:2000]
            if url.lower() in seen:
                continue
            seen.add(url.lower())
            found.append({"url": url, "kind": link_kind(url)})
    return found[:50]


def link_kind(url: str) -> str:
    lowered = url.lower()
    for marker, kind in (("linkedin.", "linkedin"), ("github.", "github"),
                         ("gitlab.", "gitlab"), ("stackoverflow.", "stackoverflow"),
                         ("twitter.", "twitter"), ("x.com/", "twitter")):
        if marker in lowered:
            return kind
    return "website"


def experience(structured: Mapping[str, Any]) -> list[dict[str, Any]]:
    jobs = []
    for item in as_list(structured.get("EmploymentHistory")):
        if not isinstance(item, Mapping):
            continue
        current = is_present(item.get("EndDate"))
        job = {
            "title": text(item.get("Title")),
            "company": text(item.get("EmployerOrgName")),
            "location": place(item.get("LocationSummary")),
            "start": date_value(item.get("StartDate")),
            "end": None if current else date_value(item.get("EndDate")),
            "current": current,
            "months": integer(item.get("MonthsOfWork")),
            "description": text(item.get("Description"), _TEXT),
        }
        if job["title"] or job["company"]:
            jobs.append(job)
    return jobs[:200]


def education(structured: Mapping[str, Any]) -> list[dict[str, Any]]:
    schools = []
    for item in as_list(structured.get("EducationHistory")):
        if not isinstance(item, Mapping):
            continue
        degree = mapping(item.get("Degree"))
        degree_name = text(degree.get("DegreeName")) if degree else text(item.get("Degree"))
        end = date_value(item.get("EndDate")) or date_value(degree.get("DegreeDate"))
        entry = {
            "institution": text(item.get("SchoolName") or item.get("School")),
            "degree": degree_name,
            "field": text(item.get("Major")),
            "start": date_value(item.get("StartDate")),
            "end": None if is_present(item.get("EndDate")) else end,
            "description": text(item.get("Comments"), _TEXT),
        }
        if any(entry[key] for key in ("institution", "degree", "field", "description")):
            schools.append(entry)
    return schools[:100]


def skill_category(description: Any) -> tuple[bool, str | None]:
    """(is it a skill, its category) from Daxtra's "Skill > IT > ..." path.

    Competency also lists things that are not skills ("Held Position", and other top-level
    kinds): only entries under "Skill", or with no description at all, are skills.
    """
    found = text(description)
    if not found:
        return True, None
    path = [part.strip() for part in found.split(">") if part.strip()]
    if not path or path[0].lower() != "skill":
        return False, None
    return True, (" > ".join(path[1:])[:_SHORT] or None)


def skills(structured: Mapping[str, Any], today: date) -> list[dict[str, Any]]:
    by_name: dict[str, dict[str, Any]] = {}
    for item in as_list(structured.get("Competency")):
        if not isinstance(item, Mapping):
            continue
        name = text(item.get("skillName"), 200)
        is_skill, category = skill_category(item.get("description"))
        if not name or not is_skill:
            continue
        aliases = []
        for alias in as_list(item.get("skillAliasArray")):
            alias_text = text(alias, 200)
            if alias_text and alias_text.lower() != name.lower() and alias_text not in aliases:
                aliases.append(alias_text)
        last_used = (f"{today.year:04d}-{today.month:02d}" if is_present(item.get("lastUsed"))
                     else date_value(item.get("lastUsed")))
        skill = {
            "name": name,
            "aliases": aliases[:50],
            "category": category,
            "level": text(item.get("skillLevel")),
            "months": _skill_months(item.get("skillUsed")),
            "last_used": last_used,
        }
        key = name.lower()
        if key in by_name:
            _merge_skill(by_name[key], skill)
        else:
            by_name[key] = skill
    return list(by_name.values())[:500]


def _skill_months(value: Any) -> int | None:
    """`{"value": "60", "type": "Months"}`; years are turned into months, bare numbers are
    taken as months."""
    if isinstance(value, Mapping):
        unit = (text(value.get("type")) or "months").lower()
        amount = integer(value.get("value"), maximum=100000)
        if amount is None:
            return None
        months = amount * 12 if unit.startswith("year") else amount
        return months if months <= 1200 else None
    return integer(value)


def _merge_skill(kept: dict[str, Any], other: dict[str, Any]) -> None:
    """Daxtra may list one skill twice (under two categories): keep one, lose nothing useful."""
    for alias in other["aliases"]:
        if alias not in kept["aliases"] and len(kept["aliases"]) < 50:
            kept["aliases"].append(alias)
    for key in ("category", "level", "last_used"):
        kept[key] = kept[key] or other[key]
    if other["months"] is not None:
        kept["months"] = max(kept["months"] or 0, other["months"])


def languages(structured: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = []
    raw = structured.get("Languages")
    if isinstance(raw, Mapping) and "Language" in raw:
        raw = raw["Language"]
    for item in as_list(raw):
        if isinstance(item, Mapping):
            code = text(item.get("LanguageCode") or item.get("languageCode"), 10)
            name = text(item.get("LanguageName") or item.get("Name") or item.get("Language"),
                        100)
            level = text(item.get("Proficiency") or item.get("Level") or item.get("Fluency"))
        else:
            code, name, level = None, text(item, 100), None
        if not name and code:
            name = _LANGUAGE_NAMES.get(code.lower().split("-")[0], code.upper())
        if name:
            found.append({"name": name, "code": code, "level": level})
    return found[:50]


def headline(jobs: list[dict[str, Any]]) -> str | None:
    """The latest title: a current job's first, else the one that started last."""
    titled = [job for job in jobs if job["title"]]
    if not titled:
        return None
    current = [job for job in titled if job["current"]]
    if current:
        return current[0]["title"]
    dated = [job for job in titled if job["start"]]
    if dated:
        return max(dated, key=lambda job: job["start"])["title"]
    return titled[0]["title"]


# --------------------------------------------------------------------------- the whole


def _plain_text(value: Any) -> str:
    """Daxtra's `TextResume`, unchanged (the search index reads it)."""
    if isinstance(value, str):
        return value
    return "\n".join(item for item in as_list(value) if isinstance(item, str))


def parsed_candidate(document: Mapping[str, Any], today: date | None = None) -> ParsedCandidate:
    """Map one Daxtra answer (`{"Resume": {...}}`) to a ParsedCandidate; keeps it as `raw`."""
    today = today or date.today()
    resume = mapping(document.get("Resume"))
    structured = mapping(resume.get("StructuredResume"))
    contact = _merged(structured.get("ContactMethod"))
    summary_holder = mapping(resume.get("ExperienceSummary")
                             or structured.get("ExperienceSummary"))

    profile = empty_profile()
    profile["summary"] = text(summary_holder.get("ExecutiveBrief"), _TEXT)
    profile["experience"] = experience(structured)
    profile["education"] = education(structured)
    profile["skills"] = skills(structured, today)
    profile["languages"] = languages(structured)
    profile["links"] = links(contact)

    candidate = ParsedCandidate(
        name=person_name(structured),
        email=email(contact),
        phone=phone(contact),
        location=location(contact),
        headline=headline(profile["experience"]),
        profile=profile,
        raw=dict(document),
        text=_plain_text(resume.get("TextResume")),
    )
    present = {**candidate.contact(), **{key: profile[key] for key in profile}}
    candidate.confidence = {field: CONFIDENCE for field, value in present.items() if value}
    return candidate
