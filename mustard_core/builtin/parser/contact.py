"""Contact details: email, phone, links, and from the header lines the name, location and
headline.

Each finder returns the value and a confidence between 0 and 1 so the recruiter can see which
fields to check. The patterns are bounded (no nested repetition) so a hostile line cannot make
them backtrack for long.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mustard_core.builtin.parser import lexicon
from mustard_core.builtin.parser.dates import find_ranges, find_single
from mustard_core.builtin.parser.sections import heading_kind

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}"
    r"[A-Za-z]{2,24}(?![\w-])"
)
PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)?\(?\d{1,4}\)?(?:[ .\-\u2010-\u2013/]?\(?\d{1,5}\)?){2,6}(?!\w)"
)
_PHONE_LABEL = re.compile(r"\b(?:phone|tel|telephone|mobile|mob|cell)\b|(?<!\w)[mt]\s*:", re.I)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"'|,;]{2,300}"
    r"|(?<![\w@./-])(?:[a-z0-9-]{1,63}\.)?(?:linkedin\.com|github\.com|gitlab\.com|bitbucket\.org"
    r"|stackoverflow\.com|twitter\.com|x\.com|behance\.net|dribbble\.com|medium\.com"
    r"|kaggle\.com)/[^\s<>()\"'|,;]{1,300}",
    re.IGNORECASE,
)
LINK_KINDS = (
    ("linkedin.com", "linkedin"), ("github.com", "github"), ("gitlab.com", "gitlab"),
    ("bitbucket.org", "bitbucket"), ("stackoverflow.com", "stackoverflow"),
    ("twitter.com", "twitter"), ("x.com", "twitter"), ("behance.net", "behance"),
    ("dribbble.com", "dribbble"), ("medium.com", "medium"), ("kaggle.com", "kaggle"),
)
FIELD_SEPARATOR = re.compile(r"\s{2,}|\s*[|•·●▪◦\u2022]\s*|\s+[-\u2013—]\s+|\s*;\s*|\t")
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "del", "della", "di", "la", "le",
                        "bin", "binti", "al", "el", "ibn", "du", "dos", "das", "ter", "ten",
                        "y", "st"})
# Job words that are also common surnames: "Tom Cook" is a name, "Tom Engineer" is not.
_SURNAMES = frozenset({"cook", "porter", "carpenter", "clerk", "guard", "driver", "steward",
                       "chef", "captain", "fellow", "partner", "owner", "head", "lead", "agent",
                       "coach", "admiral", "commander", "fitter", "builder", "mason", "baker",
                       "principal", "chief", "planner", "buyer", "broker", "writer", "editor",
                       "producer", "worker", "tutor", "fisher", "turner", "butler", "dean",
                       "marshal", "warden", "social", "crew", "member", "handler", "packer"})
_NOT_NAMES = frozenset({"curriculum vitae", "resume", "résumé", "cv", "curriculum", "vitae",
                        "personal details", "contact", "page"})


@dataclass(frozen=True)
class Guess:
    value: str | None
    confidence: float = 0.0


def find_email(text: str) -> Guess:
    match = EMAIL.search(text)
    if not match:
        return Guess(None)
    return Guess(match.group().rstrip("."), 0.97)


def find_phone(header: list[str], text: str) -> Guess:
    """A phone number: on a header line, else on a labelled line; dates are not phones."""
    labelled = (line for line in text.split("\n") if _PHONE_LABEL.search(line[:200]))
    for lines, confidence in ((header[:30], 0.9), (labelled, 0.85)):
        for line in lines:
            for candidate in _phone_candidates(line[:1000]):
                return Guess(candidate, confidence)
    return Guess(None)


def _phone_candidates(line: str) -> Iterator[str]:
    cleaned = EMAIL.sub(" ", URL.sub(" ", line))
    busy = sorted([r.span for r in find_ranges(cleaned)] + [r.span for r in find_single(cleaned)])
    starts = [start for start, _ in busy]
    for match in PHONE.finditer(cleaned):
        value = match.group().strip(" .-/")
        digits = re.sub(r"\D", "", value)
        if not 7 <= len(digits) <= 15:
            continue
        if not value.startswith(("+", "0", "(")) and _overlaps(busy, starts, match.span()):
            continue
        yield " ".join(value.split())


def _overlaps(busy: list[tuple[int, int]], starts: list[int], span: tuple[int, int]) -> bool:
    """Whether span overlaps any of the sorted spans in busy (starts: their starts)."""
    index = bisect.bisect_left(starts, span[1])
    return any(s < span[1] and span[0] < e for s, e in busy[max(index - 2, 0):index])


def find_links(text: str) -> list[dict[str, str]]:
    """Web links with a kind (linkedin, github, ..., website), deduplicated, https added."""
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    for match in URL.finditer(EMAIL.sub(" ", text)):
        url = match.group().rstrip(".,;:)]}>!?'\"")
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        host = re.sub(r"^https?://", "", url.lower()).split("/")[0]
        if "." not in host or len(url) > 2000:
            continue
        key = url.lower().rstrip("/").replace("http://", "https://").replace("://www.", "://")
        if key in seen:
            continue
        seen.add(key)
        kind = next((k for domain, k in LINK_KINDS
                     if host == domain or host.endswith("." + domain)), "website")
        links.append({"url": url, "kind": kind})
        if len(links) == 50:
            break
    return links


def fields(line: str) -> list[str]:
    """The parts of a contact line: "a | b • c" -> ["a", "b", "c"]."""
    return [part.strip(" ,") for part in FIELD_SEPARATOR.split(line) if part.strip(" ,")]


def name_like(text: str) -> bool:
    """Two to five capitalised words of letters: "Ada Lovelace", "José María de la Cruz"."""
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 5 or len(text) > 60 or text.lower() in _NOT_NAMES:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".'\u2019-")
        if word.lower() in _PARTICLES:
            continue
        if not bare or not all(ch.isalpha() or ch in ".'\u2019-" for ch in word):
            return False
        if not bare[0].isupper():
            return False
        capitalised += 1
    if capitalised < 2:
        return False
    lowered = {w.lower().strip(".,") for w in words}
    if lowered & (lexicon.ROLE_WORDS - _SURNAMES) or lowered & lexicon.COMPANY_WORDS:
        return False
    return text.lower() not in lexicon.PLACES and not heading_kind(text)


def tidy_name(text: str) -> str:
    """Title-case a name written in capitals ("ADA LOVELACE" -> "Ada Lovelace")."""
    if text.isupper():
        return " ".join(w if w.lower() in _PARTICLES else w.capitalize() for w in text.split())
    return " ".join(text.split())


_NAME_LABEL = re.compile(r"^\s*(?:full\s+)?name\s*:\s*(.+)$", re.IGNORECASE)


def find_name(header: list[str], email: str | None) -> tuple[Guess, int | None]:
    """The candidate's name and the header line it is on."""
    for number, line in enumerate(header):
        labelled = _NAME_LABEL.match(line)
        if labelled and name_like(labelled.group(1).strip()):
            return Guess(tidy_name(labelled.group(1).strip()), 0.95), number
    seen = 0
    for number, line in enumerate(header):
        if not line.strip():
            continue
        seen += 1
        if seen > 8:
            break
        parts = fields(line)
        first = parts[0].split(",")[0].strip() if parts else ""  # "Priya Patel, RN"
        if first and name_like(first):
            name = tidy_name(first)
            confidence = 0.9 if seen <= 2 else 0.75
            if email and _matches_email(name, email):
                confidence = min(confidence + 0.06, 0.97)
            return Guess(name, confidence), number
    if email:
        local = re.split(r"[._-]", email.split("@")[0])
        words = [w for w in local if w.isalpha() and len(w) > 1]
        if 2 <= len(words) <= 3:
            return Guess(" ".join(w.capitalize() for w in words), 0.3), None
    return Guess(None), None


def _matches_email(name: str, email: str) -> bool:
    local = email.split("@")[0].lower()
    return sum(1 for word in name.lower().split() if len(word) > 1 and word in local) >= 1


_LOCATION_LABEL = re.compile(r"^\s*(?:location|address|based\s+in|city|residence)\s*:\s*(.+)$",
                             re.IGNORECASE)
_PLACE_LIKE = re.compile(r"^[^\W\d_][\w .'\u2019-]{1,40}(?:,\s*[^\W\d_][\w .'\u2019-]{1,40}){1,2}$")


def find_location(header: list[str], name: str | None) -> Guess:
    """Where the candidate lives, from a labelled line or a "City, Country" header field that
    names a known place."""
    for line in header:
        labelled = _LOCATION_LABEL.match(line)
        if labelled:
            return Guess(labelled.group(1).strip()[:200], 0.9)
    for line in header[:12]:
        for part in fields(line):
            if _is_name(part, name) or "@" in part or URL.search(part):
                continue
            words = [w.strip().lower() for w in part.split(",")]
            if any(c.isdigit() for c in part):  # a postal address: keep its town
                town = next((w for w in part.split(",") if w.strip().lower() in lexicon.PLACES
                             and len(w.strip()) > 2), None)
                if town:
                    return Guess(town.strip(), 0.6)
                continue
            if not any(w in lexicon.PLACES for w in words) or _has_role(part):
                continue
            if _PLACE_LIKE.match(part):
                return Guess(part, 0.85)
            if part.lower() in lexicon.PLACES and part.lower() != "remote":
                return Guess(part, 0.75)
    return Guess(None)


def _is_name(part: str, name: str | None) -> bool:
    return bool(name) and part.lower() == name.lower()


def _has_role(text: str) -> bool:
    words = {w.lower().strip(".,()") for w in text.split()}
    return bool(words & lexicon.ROLE_WORDS) or bool(words & lexicon.COMPANY_WORDS)


def find_headline(header: list[str], name: str | None) -> Guess:
    """A job title line under the name ("Senior Software Engineer")."""
    for line in header[:12]:
        for part in fields(line):
            if _is_name(part, name) or "@" in part or URL.search(part) or sum(
                    ch.isdigit() for ch in part) > 3:
                continue
            if len(part) <= 100 and _has_role(part) and not part.rstrip().endswith("."):
                words = {w.lower().strip(".,()") for w in part.split()}
                if words & lexicon.ROLE_WORDS:
                    return Guess(part, 0.8)
    return Guess(None)
