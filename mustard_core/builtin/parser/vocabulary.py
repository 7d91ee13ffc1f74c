"""The skills vocabulary: loading data/skills.tsv once and finding skills in text quickly.

Matching is a dictionary lookup of token n-grams, not a regular expression per skill, so it
costs the same with three thousand skills as with thirty. Text and aliases go through the same
`tokens()` function (lower case, accents dropped, British and American spellings folded,
punctuation inside names such as C++, C#, .NET and Node.js kept meaningful), and the longest
alias wins at each position ("Spring Boot" before "Spring").

A *strict* alias is a common word (Go, R, Excel, Ada) that only counts where the text is a list
of skills; the caller says which text that is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "skills.tsv"

_TOKEN = re.compile(r"\.net\b|[a-z0-9]+(?:\+\+|\+|#)?|&")
# Strong punctuation ends a phrase: a skill never spans "sales. Force" or "Python, Java".
_PHRASE_BREAK = re.compile(r"[,;:()\[\]{}|•·●▪◦\u2022\n\t!?\"]|\.(?=\s|$)|\s[-\u2013—]\s")

_SPELLING = {
    "optimization": "optimisation", "optimizing": "optimising", "modeling": "modelling",
    "organization": "organisation", "organizational": "organisational",
    "color": "colour", "center": "centre", "centers": "centres", "behavior": "behaviour",
    "behavioral": "behavioural", "pediatric": "paediatric", "pediatrics": "paediatrics",
    "anesthesia": "anaesthesia", "hematology": "haematology", "orthopedics": "orthopaedics",
    "fulfillment": "fulfilment", "defense": "defence", "labor": "labour", "license": "licence",
    "program": "programme", "programs": "programmes", "analyze": "analyse",
    "analyzing": "analysing", "visualization": "visualisation", "catalog": "catalogue",
    "jewelry": "jewellery", "counseling": "counselling", "tire": "tyre", "fiber": "fibre",
    "molding": "moulding", "localization": "localisation", "virtualization": "virtualisation",
    "containerization": "containerisation", "prioritization": "prioritisation",
    "gynecology": "gynaecology", "estrogen": "oestrogen", "traveling": "travelling",
}


def tokens(text: str) -> list[str]:
    """The matching tokens of a phrase: lower case, unaccented, spellings folded."""
    return [_SPELLING.get(word, word) for word in _TOKEN.findall(_fold(text))]


def tokens_with_spans(text: str) -> list[tuple[str, int, int]]:
    """Tokens with their (start, end) offsets in `text`."""
    return [(_SPELLING.get(m.group(), m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(_fold(text))]


def _fold(text: str) -> str:
    """Lower case and unaccented, one character for one, so offsets map back onto `text`."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else " "


def phrases(text: str) -> Iterator[tuple[int, str]]:
    """Split text where a skill name cannot continue; yields (offset, phrase)."""
    start = 0
    for match in _PHRASE_BREAK.finditer(text):
        if match.start() > start:
            yield start, text[start:match.start()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


def alias_keys(alias: str) -> list[tuple[str, ...]]:
    """Every lookup key an alias is known by: its tokens, and its words run together
    ("Node.js" is also "nodejs", "Power BI" also "powerbi") when that is long enough."""
    return _keys(tokens(alias))


def _keys(parts: list[str]) -> list[tuple[str, ...]]:
    if not parts:
        return []
    keys = [tuple(parts)]
    if len(parts) > 1 and all(p.isalnum() for p in parts) and len("".join(parts)) >= 5:
        keys.append(("".join(parts),))
    if "&" in parts:
        keys.append(tuple("and" if p == "&" else p for p in parts))
    elif "and" in parts:
        keys.append(tuple("&" if p == "and" else p for p in parts))
    return keys


@dataclass(frozen=True)
class Skill:
    name: str
    category: str | None


@dataclass(frozen=True)
class Found:
    """One skill found in text: which, the words as written, and where."""

    skill: Skill
    surface: str
    offset: int


Key = tuple[str, ...]
KeyInfo = tuple[Key, bool, bool]
"""A lookup key, whether it is strict, and whether it was generated (run-together words)."""


def entry_keys(name: str, aliases: list[str], strict: list[str]) -> list[KeyInfo]:
    """Every key one skill is found by, written aliases before generated variants."""
    strict_set = set(strict)
    keys: list[KeyInfo] = []
    for alias in dict.fromkeys([name, *aliases, *strict]):
        for position, key in enumerate(_keys(tokens(alias))):
            keys.append((key, alias in strict_set, position > 0))
    return keys


def format_keys(keys: list[KeyInfo]) -> str:
    """Keys as stored in the TSV's last column: `!` strict, `~` generated, words by spaces."""
    return ";".join(("!" if strict else "") + ("~" if generated else "") + " ".join(key)
                    for key, strict, generated in dict.fromkeys(keys))


def parse_keys(column: str) -> list[KeyInfo]:
    keys = []
    for text in column.split(";"):
        strict = text.startswith("!")
        text = text.removeprefix("!")
        generated = text.startswith("~")
        keys.append((tuple(text.removeprefix("~").split(" ")), strict, generated))
    return keys


class Vocabulary:
    """An n-gram index over every alias; built once per process by `load_vocabulary`.

    A written alias always wins over a generated variant of another skill's alias; between
    two written aliases the first skill wins (build_vocabulary refuses such clashes).
    """

    def __init__(self, skills: list[Skill], keys: list[list[KeyInfo]]):
        self.skills = skills
        self._index: dict[Key, tuple[int, bool]] = {}
        generated: dict[Key, tuple[int, bool]] = {}
        for number, skill_keys in enumerate(keys):
            for key, strict, is_generated in skill_keys:
                target = generated if is_generated else self._index
                target.setdefault(key, (number, strict))
        for key, value in generated.items():
            self._index.setdefault(key, value)
        self._starts = {key[0] for key in self._index}
        self._longest = max((len(key) for key in self._index), default=1)

    @classmethod
    def from_entries(cls, entries: list[tuple[str, str | None, list[str], list[str]]]
                     ) -> Vocabulary:
        """Build from (name, category, aliases, strict aliases), computing the keys."""
        skills = [Skill(name, category or None) for name, category, _, _ in entries]
        keys = [entry_keys(name, aliases, strict) for name, _, aliases, strict in entries]
        return cls(skills, keys)

    def __len__(self) -> int:
        return len(self.skills)

    def lookup(self, phrase: str) -> Skill | None:
        """The skill a whole phrase names, if any (strict aliases included)."""
        hit = self._index.get(tuple(tokens(phrase)))
        return self.skills[hit[0]] if hit else None

    def find(self, text: str, *, allow_strict: bool) -> list[Found]:
        """Every skill mentioned in text, in order, longest alias first at each position."""
        found: list[Found] = []
        for offset, phrase in phrases(text):
            spans = tokens_with_spans(phrase)
            words = [word for word, _, _ in spans]
            i = 0
            while i < len(words):
                if words[i] not in self._starts:
                    i += 1
                    continue
                for n in range(min(self._longest, len(words) - i), 0, -1):
                    hit = self._index.get(tuple(words[i:i + n]))
                    if hit and (allow_strict or not hit[1]):
                        start, end = spans[i][1], spans[i + n - 1][2]
                        found.append(Found(self.skills[hit[0]], phrase[start:end],
                                           offset + start))
                        i += n
                        break
                else:
                    i += 1
        return found


@functools.lru_cache(maxsize=4)
def load_vocabulary(path: Path = DATA_FILE) -> Vocabulary:
    """The vocabulary in `path`, read once per process.

    The TSV carries each skill's lookup keys already tokenised (its last column), so loading
    is a split per line rather than a tokenisation per alias.
    """
    skills: list[Skill] = []
    keys: list[list[KeyInfo]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, category, _aliases, _strict, key_column = line.split("\t")
        skills.append(Skill(name, category or None))
        keys.append(parse_keys(key_column))
    return Vocabulary(skills, keys)
