"""Recruiter text to search terms, with no database in sight: words, synonyms, typos, highlights.

User text is reduced to words (runs of letters and digits) before it reaches any query, and the
words are handed to the database as bound parameters inside quoted phrases, so no tsquery or FTS5
operator (`&`, `!`, `:*`, `"`, `*`, `AND`, `NEAR(`...) can be formed from what someone typed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mustard_core.roles import SynonymSet

_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKS = re.compile("(\x02|\x03)")

MARK_START = "\x02"
MARK_END = "\x03"
"""Highlight markers the database puts around matched words; `clean` strips them from indexed
text so only the database can produce them, and `render_highlight` turns them into <em>."""

MAX_QUERY_WORDS = 32
MAX_TERM_LENGTH = 64
MAX_ALTERNATIVES = 16

STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "not", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "were", "will", "with",
))
"""Dropped from queries with other words in them. PostgreSQL's english configuration drops these
(and more) itself; doing it here gives SQLite, which does not, the same AND semantics."""


def clean(value: str | None) -> str:
    """Text as it may be stored: control characters (NUL, the highlight markers) become spaces."""
    return _CONTROL.sub(" ", value or "")


def words(value: str | None) -> list[str]:
    """The lower-cased words of a text, as queries and the vocabulary see them."""
    return [word[:MAX_TERM_LENGTH] for word in _WORD.findall((value or "").lower())]


def normalise_value(value: str | None) -> str:
    """A list value's key: lower-cased, whitespace collapsed (skill `Machine  Learning`)."""
    return " ".join(clean(value).lower().split())


def like_escape(value: str) -> str:
    """Text for a LIKE pattern with ESCAPE '\\': its %, _ and backslashes taken literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """One part of a query: a document must contain at least one of the alternatives (phrases).

    `word` is set for a plain word the typo step may widen with corrections."""

    alternatives: tuple[Phrase, ...]
    word: str | None = None


class SynonymTable:
    """Whole-word, case-insensitive synonym lookup: which phrases a query phrase also matches.

    A multi-way set makes every member match every other; a one-way set makes `input` match its
    `synonyms` and not the reverse. Members are compared as word sequences, so `js` expands in
    "js developer" but never inside "json".
    """

    def __init__(self, sets: Iterable[SynonymSet]):
        self.expansions: dict[Phrase, set[Phrase]] = {}
        for synonym_set in sets:
            members = [tuple(words(member)) for member in synonym_set.synonyms]
            members = [member for member in members if member]
            if synonym_set.type == "onewaysynonym":
                source = tuple(words(synonym_set.input))
                if source:
                    self.expansions.setdefault(source, {source}).update(members)
            else:
                for member in members:
                    self.expansions.setdefault(member, {member}).update(members)
        self.longest = max((len(phrase) for phrase in self.expansions), default=0)


def validate_synonyms(sets: Iterable[SynonymSet]) -> None:
    """Refuse malformed sets before anything is written (the API validates too)."""
    for synonym_set in sets:
        if synonym_set.type not in ("synonym", "onewaysynonym"):
            raise ValueError(f"unknown synonym type {synonym_set.type!r}")
        if synonym_set.type == "onewaysynonym" and not (synonym_set.input or "").strip():
            raise ValueError("a one-way synonym needs an input")
        if not isinstance(synonym_set.synonyms, list | tuple):
            raise ValueError("synonyms must be a list of strings")


def parse_query(q: str | None, synonyms: SynonymTable) -> list[Clause]:
    """Split a query into AND-ed clauses, each the OR of a word (or phrase) and its synonyms.

    The longest synonym phrase starting at each word wins ("machine learning" before "machine").
    """
    query_words = words(q)[:MAX_QUERY_WORDS]
    content = [word for word in query_words if word not in STOP_WORDS]
    if content:
        query_words = content
    clauses: list[Clause] = []
    position = 0
    while position < len(query_words):
        for length in range(min(synonyms.longest, len(query_words) - position), 0, -1):
            phrase = tuple(query_words[position:position + length])
            if phrase in synonyms.expansions:
                alternatives = sorted(synonyms.expansions[phrase], key=lambda p: (p != phrase, p))
                clauses.append(Clause(tuple(alternatives[:MAX_ALTERNATIVES])))
                position += length
                break
        else:
            word = query_words[position]
            clauses.append(Clause(((word,),), word=word))
            position += 1
    return clauses


def with_corrections(clauses: list[Clause], corrections: dict[str, list[str]]) -> list[Clause]:
    """Widen each plain word with its typo corrections (the word itself stays an alternative)."""
    widened = []
    for clause in clauses:
        extra = corrections.get(clause.word or "", [])
        if extra:
            clause = Clause(clause.alternatives + tuple((word,) for word in extra), clause.word)
        widened.append(clause)
    return widened


def allowed_typos(word: str) -> int:
    """Typos tolerated in a word, as Algolia counts them: none under 4 letters, 2 from 8."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one typo), or limit + 1 when
    it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def swapped_neighbours(word: str) -> set[str]:
    """The word with two neighbouring letters swapped, every way: one typo each."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)
            if word[i] != word[i + 1]}


def best_corrections(word: str, candidates: Iterable[str], keep: int = 3) -> list[str]:
    """The closest vocabulary words within the word's typo allowance."""
    limit = allowed_typos(word)
    if not limit:
        return []
    scored = sorted((distance, candidate) for candidate in set(candidates)
                    if candidate != word
                    and (distance := edit_distance(word, candidate, limit)) <= limit)
    return [candidate for _distance, candidate in scored[:keep]]


def fts5_match(clauses: list[Clause]) -> str:
    """An FTS5 MATCH expression: every alternative a quoted phrase, so FTS5 syntax in the user's
    words (AND, NEAR, *, ^, column:) is only ever text."""
    def quoted(phrase: Phrase) -> str:
        return '"' + " ".join(phrase).replace('"', '""') + '"'

    return " AND ".join(
        "(" + " OR ".join(quoted(phrase) for phrase in clause.alternatives) + ")"
        for clause in clauses
    )


def render_highlight(marked: str | None, *, list_field: bool = False) -> str | None:
    """HTML for a field the database marked up: matches in <em>, everything else escaped.
    None when nothing in the field matched."""
    if not marked or MARK_START not in marked:
        return None
    if list_field:
        marked = ", ".join(line.strip() for line in marked.split("\n") if line.strip())
    parts: list[str] = []
    open_mark = False
    for piece in _MARKS.split(marked):
        if piece == MARK_START and not open_mark:
            parts.append("<em>")
            open_mark = True
        elif piece == MARK_END and open_mark:
            parts.append("</em>")
            open_mark = False
        elif piece not in (MARK_START, MARK_END):
            parts.append(html.escape(piece, quote=True))
    if open_mark:
        parts.append("</em>")
    return "".join(parts)
