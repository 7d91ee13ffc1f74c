"""From a CV's text to the fields of a ParsedCandidate: sections, jobs, studies, skills.

Pure functions of a string, no I/O, so they are unit-tested directly and run inside the
sandboxed child for real uploads. Every list is capped to what the profile schema allows and
every string to its maximum length, so the profile always validates against PROFILE_SCHEMA
whatever the input. `analyse` returns the ParsedCandidate fields as a dict (JSON-ready for
the child, which does not import mustard_core.profile; see errors.py for why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mustard_core.builtin.parser import contact, lexicon
from mustard_core.builtin.parser.dates import DateRange, find_ranges, find_single, without
from mustard_core.builtin.parser.sections import Section, split_sections
from mustard_core.builtin.parser.vocabulary import Vocabulary, load_vocabulary

PARSER_VERSION = 1
SHORT = 500
LONG = 20000

_BULLET = re.compile(r"^\s*(?:[-*•●▪◦‣○✓✔➢➤►·\u2013—]|\d{1,2}[.)])\s*")


def analyse(text: str, *, vocabulary: Vocabulary | None = None,
            kind: str | None = None) -> dict[str, Any]:
    """Everything the heuristics find in `text` (already extracted and normalised), as the
    keyword arguments of a ParsedCandidate."""
    vocabulary = vocabulary or load_vocabulary()
    sections = split_sections(text)
    header = sections[0].lines
    by_kind: dict[str, list[Section]] = {}
    for section in sections:
        by_kind.setdefault(section.kind, []).append(section)

    # Contact details sit in the header, or in a "Contact" section (a sidebar, say).
    contact_lines = header + _lines(by_kind, "contact")
    email = contact.find_email("\n".join(contact_lines))
    if not email.value:
        email = contact.find_email(text)
    name, name_line = contact.find_name(header, email.value)
    phone = contact.find_phone(contact_lines, text)
    location = contact.find_location(contact_lines, name.value)
    headline = contact.find_headline(contact_lines, name.value)
    links = contact.find_links(text)

    experience = parse_experience(_lines(by_kind, "experience"))
    education = parse_education(_lines(by_kind, "education"))
    languages = parse_languages(_lines(by_kind, "languages"))
    summary, summary_confidence = find_summary(by_kind, header, name_line)
    # From the header only the headline and a summary paragraph are searched for skills: the
    # rest is the name, contact details and link labels ("GitHub" there is not a skill).
    header_texts = [headline.value or ""]
    if summary and "summary" not in by_kind:
        header_texts.append(summary)
    skills, skills_from_section = find_skills(sections, vocabulary, header_texts)
    if not headline.value and experience:
        current = next((job for job in experience if job.get("current")), experience[0])
        if current.get("title"):
            headline = contact.Guess(current["title"], 0.5)

    profile = {"summary": summary, "experience": experience[:200], "education": education[:100],
               "skills": skills[:500], "languages": languages[:50], "links": links[:50]}
    confidence = {
        "name": name.confidence, "email": email.confidence, "phone": phone.confidence,
        "location": location.confidence, "headline": headline.confidence,
        "summary": summary_confidence,
        "experience": _entries_confidence(experience, ("title", "company", "start")),
        "education": _entries_confidence(education, ("institution", "degree", "end")),
        "skills": (0.9 if skills_from_section else 0.7) if skills else 0.0,
        "languages": (0.85 if "languages" in by_kind else 0.6) if languages else 0.0,
        "links": 0.95 if links else 0.0,
    }
    return {
        "name": _cap(name.value), "email": _cap(email.value, 320),
        "phone": _cap(phone.value, 50), "location": _cap(location.value),
        "headline": _cap(headline.value), "profile": profile,
        "confidence": {key: round(value, 2) for key, value in confidence.items()},
        "raw": {"parser": "builtin", "version": PARSER_VERSION, "format": kind,
                "sections": [s.kind for s in sections if s.kind != "header"][:50]},
        "text": text,
    }


def _lines(by_kind: dict[str, list[Section]], kind: str) -> list[str]:
    lines: list[str] = []
    for section in by_kind.get(kind, []):
        lines.extend(section.lines)
        lines.append("")
    return lines


def _cap(value: str | None, limit: int = SHORT) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value[:limit] or None


def _entries_confidence(entries: list[dict], keys: tuple[str, ...]) -> float:
    """How complete the entries are: the share of the key fields found, at most 0.95."""
    if not entries:
        return 0.0
    filled = sum(sum(1 for key in keys if entry.get(key)) / len(keys) for entry in entries)
    return (filled / len(entries)) * 0.95


# --------------------------------------------------------------------------- experience


@dataclass
class _Anchor:
    line: int
    dates: DateRange
    rest: str


def _header_like(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 120 or _BULLET.match(line):
        return False
    if stripped.endswith(".") and not re.search(r"\b(?:ltd|inc|co|corp|plc|llc)\.$", stripped,
                                                re.I):
        return False
    return len(stripped.split()) <= 14


def parse_experience(lines: list[str]) -> list[dict[str, Any]]:
    """Jobs anchored on their date ranges; the title and company are read from the short
    lines around each range, the description is what follows until the next job."""
    anchors = []
    for number, line in enumerate(lines):
        ranges = find_ranges(line)
        if ranges:
            rest = without(line, [ranges[0].span])
            anchors.append(_Anchor(number, ranges[0], _strip_separators(rest)))
    if not anchors:
        return _undated_jobs(lines)
    jobs = []
    starts = []  # first line of each job's header block
    for index, anchor in enumerate(anchors):
        floor = anchors[index - 1].line + 1 if index else 0
        above: list[str] = []
        cursor = anchor.line - 1
        while cursor >= floor and not lines[cursor].strip():  # blank lines between title
            cursor -= 1                                       # and dates (HTML, tables)
        if cursor < floor or not _header_like(lines[cursor]):
            cursor = anchor.line - 1
        while cursor >= floor and len(above) < 2 and _header_like(lines[cursor]):
            above.insert(0, lines[cursor].strip())
            cursor -= 1
        starts.append(cursor + 1)
        anchor_header = [*above, anchor.rest] if anchor.rest else above
        jobs.append(anchor_header)
    results = []
    for index, anchor in enumerate(anchors):
        end = starts[index + 1] if index + 1 < len(anchors) else len(lines)
        body = lines[anchor.line + 1:end]
        header = jobs[index]
        if not header:  # dates first, then the title and company below them
            while body and len(header) < 2 and _header_like(body[0]):
                header.append(body.pop(0).strip())
        elif body and _header_like(body[0]) and _classify(body[0].strip()) == "title" and \
                not any(_classify(piece) == "title" for line in header
                        for piece in _split_fields(line)):
            header.append(body.pop(0).strip())  # "Company - Place  Dates" then "Title"
        title, company, location = _title_company(header)
        job: dict[str, Any] = {
            "title": _cap(title), "company": _cap(company), "location": _cap(location),
            "start": anchor.dates.start, "end": anchor.dates.end,
            "current": anchor.dates.current, "months": anchor.dates.months(),
            "description": _description(body),
        }
        results.append(job)
    return results


def _undated_jobs(lines: list[str]) -> list[dict[str, Any]]:
    """Without dates, each block (separated by blank lines) whose first line reads like a
    title or company is one job."""
    jobs = []
    for block in _blocks(lines):
        if not _header_like(block[0]):
            continue
        title, company, location = _title_company([block[0].strip()])
        if not (title or company):
            continue
        jobs.append({"title": _cap(title), "company": _cap(company), "location": _cap(location),
                     "start": None, "end": None, "current": False, "months": None,
                     "description": _description(block[1:])})
    return jobs


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _description(body: list[str]) -> str | None:
    text = "\n".join(_BULLET.sub("", line).strip() for line in body if line.strip())
    return text[:LONG] or None


def _strip_separators(text: str) -> str:
    text = re.sub(r"^(?:dates?|period)\s*:\s*", "", text, flags=re.I)
    return text.strip(" |,;:-\u2013—()[]•·\t")


_AT = re.compile(r"\s+(?:at|@)\s+", re.IGNORECASE)


def _title_company(header: list[str]) -> tuple[str | None, str | None, str | None]:
    """Tell the title, the company and the place apart in a job's header lines."""
    parts: list[tuple[str, str | None]] = []  # (text, known role)
    for line in header:
        at = _AT.split(line, maxsplit=1)
        if len(at) == 2 and at[0].strip() and at[1].strip():
            parts.append((at[0].strip(" ,|"), "title"))
            for piece in _split_fields(at[1]):
                parts.append((piece, None))
            continue
        for piece in _split_fields(line):
            parts.append((piece, None))
    title = company = location = None
    unknown: list[str] = []
    for text, role in parts:
        kind = role or _classify(text)
        if kind == "title" and not title:
            title = text
        elif kind == "company" and not company:
            company = text
        elif kind == "location" and not location:
            location = text
        elif kind not in ("title", "company", "location"):
            unknown.append(text)
    if not title and unknown:
        title = unknown.pop(0)
    if not company and unknown:  # a name without digits before a grade such as "Band 5"
        unknown.sort(key=lambda text: any(ch.isdigit() for ch in text))
        company = unknown[0]
    return title, company, location


def _split_fields(line: str) -> list[str]:
    pieces = []
    for field in contact.fields(line):
        pieces.extend(p.strip() for p in field.split(",") if p.strip())
    return [p.strip(" ()") for p in pieces if p.strip(" ()")]


def _classify(text: str) -> str | None:
    words = [w.lower().strip(".,()") for w in text.split()]
    if not words:
        return None
    if text.lower() in lexicon.PLACES:
        return "location"
    last = words[-1]
    if last in lexicon.COMPANY_WORDS or lexicon.INSTITUTION.search(text):
        return "company"
    if last in lexicon.ROLE_WORDS:
        return "title"
    if set(words) & lexicon.ROLE_WORDS and not set(words) & lexicon.COMPANY_WORDS:
        return "title"
    if set(words) & lexicon.COMPANY_WORDS:
        return "company"
    return None


# --------------------------------------------------------------------------- education


def parse_education(lines: list[str]) -> list[dict[str, Any]]:
    """Studies by filling slots (institution, degree, dates) line by line; a slot that is
    already filled, or a blank line after a filled entry, starts the next one."""
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] = {}

    def flush() -> None:
        if current.get("institution") or current.get("degree"):
            entries.append(_education_entry(current))
        current.clear()

    for line in lines:
        if not line.strip():
            if current.get("institution") and current.get("degree"):
                flush()
            continue
        ranges = find_ranges(line)
        singles = [] if ranges else find_single(line)
        spans = [r.span for r in ranges[:1]] + [s.span for s in singles[-1:]]
        rest = _strip_separators(without(line, spans))
        institution = degree = field = None
        extra: list[str] = []
        for piece in _split_fields(rest) if rest else []:
            match = lexicon.DEGREE.search(piece)
            if lexicon.INSTITUTION.search(piece) and not institution:
                institution = piece
            elif match and match.start() == 0 and not degree:
                degree = match.group().strip()
                remainder = piece[match.end():].strip(" ,-\u2013:")
                remainder = re.sub(r"^(?:in|of)\s+", "", remainder, flags=re.I)
                field = remainder or None
            elif degree and not field and not current.get("field"):
                field = piece
            else:
                extra.append(piece)
        if (institution and current.get("institution")) or (degree and current.get("degree")):
            flush()
        if institution:
            current["institution"] = institution
        if degree:
            current["degree"] = degree
            if field:
                current["field"] = field
        elif field and not current.get("field"):
            current["field"] = field
        if ranges and not current.get("end"):
            current["start"], current["end"] = ranges[0].start, ranges[0].end
        elif singles and not current.get("end"):
            current["end"] = singles[-1].end
        if extra and (institution or degree or current):
            current.setdefault("notes", []).extend(extra)
    flush()
    return entries


def _education_entry(slots: dict[str, Any]) -> dict[str, Any]:
    notes = " ".join(slots.get("notes", []))
    return {"institution": _cap(slots.get("institution")), "degree": _cap(slots.get("degree")),
            "field": _cap(slots.get("field")), "start": slots.get("start"),
            "end": slots.get("end"), "description": notes[:LONG] or None}


# --------------------------------------------------------------------------- skills


def find_skills(sections: list[Section], vocabulary: Vocabulary,
                header_texts: list[str]) -> tuple[list[dict[str, Any]], bool]:
    """Skills from the vocabulary: the skills sections first (where common words such as "Go"
    count), then the rest of the text (where they do not). The header is represented by
    `header_texts` (its headline, say); contact details, e-mail addresses, links and
    references are never searched."""
    ordered: list[tuple[str, bool]] = []
    for section in sections:
        if section.kind in ("skills", "certifications", "languages"):
            ordered.append((section.text, True))
    ordered.extend((text, False) for text in header_texts if text)
    for section in sections:
        if section.kind in ("header", "skills", "certifications", "references", "contact",
                            "languages"):
            continue
        ordered.append((section.text, False))
    found: dict[str, dict[str, Any]] = {}
    from_section = False
    for text, allow_strict in ordered:
        cleaned = contact.EMAIL.sub(" ", contact.URL.sub(" ", text))
        for hit in vocabulary.find(cleaned, allow_strict=allow_strict):
            entry = found.get(hit.skill.name)
            if entry is None:
                entry = {"name": hit.skill.name, "category": hit.skill.category}
                found[hit.skill.name] = entry
                from_section = from_section or allow_strict
            surface = " ".join(hit.surface.split())
            if surface.lower() != hit.skill.name.lower():
                aliases = entry.setdefault("aliases", [])
                if surface not in aliases and len(aliases) < 50:
                    aliases.append(surface[:200])
    return list(found.values()), from_section


# --------------------------------------------------------------------------- languages

_LANGUAGE_NAME = re.compile(
    "(?:" + "|".join(re.escape(name) for name in sorted(lexicon.LANGUAGES, key=len,
                                                         reverse=True)) + r")\b",
    re.IGNORECASE)


def parse_languages(lines: list[str]) -> list[dict[str, Any]]:
    """"English (native), French - fluent, German: B2" -> name, ISO code, level."""
    results: list[dict[str, Any]] = []
    seen: set[str] = set()
    text = "\n".join(lines)
    for item in re.split(r"[,;\n|•·]|\s{2,}", text):
        item = _BULLET.sub("", item).strip()
        if not item:
            continue
        match = _LANGUAGE_NAME.match(item)
        name = match.group().lower() if match else None
        if name is None or name in seen:
            continue
        seen.add(name)
        display = item[:len(name)]
        after = item[len(name):]
        rest = after.strip(" :-\u2013\u2014()/")
        if rest and after.lstrip()[:1] not in tuple(":-\u2013\u2014(/") and \
                not lexicon.LANGUAGE_LEVELS.match(rest) and len(rest.split()) <= 2:
            display, rest = item, ""  # "Mandarin Chinese": all of it is the name
        level = None
        if rest:
            found = lexicon.LANGUAGE_LEVELS.search(rest)
            level = rest if len(rest) <= 60 else (found.group() if found else None)
        results.append({"name": " ".join(w[:1].upper() + w[1:] for w in display.split())[:100],
                        "code": lexicon.LANGUAGES[name], "level": _cap(level)})
        if len(results) == 50:
            break
    return results


# --------------------------------------------------------------------------- summary


def find_summary(by_kind: dict[str, list[Section]], header: list[str],
                 name_line: int | None) -> tuple[str | None, float]:
    """The summary section as paragraphs; failing that, a long sentence in the header."""
    sections = by_kind.get("summary", [])
    if sections:
        paragraphs = [" ".join(line.strip() for line in block)
                      for section in sections for block in _blocks(section.lines)]
        text = "\n\n".join(paragraphs).strip()
        if text:
            return text[:LONG], 0.85
    for number, line in enumerate(header):
        if number == name_line:
            continue
        stripped = line.strip()
        if len(stripped) >= 80 and stripped.count(" ") >= 10 and "@" not in stripped:
            return stripped[:LONG], 0.5
    return None, 0.0
