"""Build data/skills.tsv from the hand-written seeds in vocabulary_seeds.py.

Run `python -m mustard_core.builtin.parser.build_vocabulary` after editing the seeds; the test
suite fails when the committed TSV differs from what this script writes, and when two skills
claim the same alias (a recruiter searching "EMR" must get one meaning, not whichever loaded
first).

The TSV has one skill a line: name, category, aliases and strict aliases (both `;`-separated).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mustard_core.builtin.parser import vocabulary_seeds as seeds
from mustard_core.builtin.parser.vocabulary import DATA_FILE, entry_keys, format_keys, tokens

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("Programming language", seeds.PROGRAMMING_LANGUAGES),
    ("Web and software development", seeds.WEB_FRAMEWORKS),
    ("Mobile development", seeds.MOBILE),
    ("Database", seeds.DATABASES),
    ("DevOps", seeds.DEVOPS),
    ("Operating system", seeds.OPERATING_SYSTEMS),
    ("Data and AI", seeds.DATA_ML),
    ("Cloud", seeds.CLOUD_PLATFORMS),
    ("Security", seeds.SECURITY),
    ("Networking", seeds.NETWORKING),
    ("Testing", seeds.TESTING),
    ("Office and productivity", seeds.OFFICE),
    ("Design and media", seeds.DESIGN),
    ("Finance", seeds.FINANCE),
    ("Sales", seeds.SALES),
    ("Marketing", seeds.MARKETING),
    ("Human resources", seeds.HR),
    ("Healthcare", seeds.HEALTHCARE),
    ("Engineering", seeds.ENGINEERING),
    ("Trades", seeds.TRADES),
    ("Logistics", seeds.LOGISTICS),
    ("Hospitality and retail", seeds.HOSPITALITY),
    ("Project management", seeds.PROJECT_MANAGEMENT),
    ("ERP and CRM", seeds.ERP),
    ("Soft skill", seeds.SOFT_SKILLS),
    ("Legal", seeds.LEGAL),
    ("Education", seeds.EDUCATION),
    ("Science", seeds.SCIENCE),
    ("Administration", seeds.ADMIN),
    ("Certification", seeds.CERTIFICATIONS),
)

Entry = tuple[str, str, list[str], list[str]]


def parse_seed(text: str, category: str) -> list[Entry]:
    """`Name | alias, !strict alias` lines into (name, category, aliases, strict)."""
    entries = []
    for line in text.strip().splitlines():
        name, _, rest = line.partition("|")
        name = name.strip()
        aliases, strict = [], []
        if name.startswith("!"):
            name = name[1:]
            strict.append(name)
        for alias in (a.strip() for a in rest.split(",")):
            if alias.startswith("!"):
                strict.append(alias[1:])
            elif alias:
                aliases.append(alias)
        entries.append((name, category, aliases, strict))
    return entries


def cloud_services() -> list[Entry]:
    """AWS, Azure and Google Cloud services, each also known by its other common prefix."""
    entries = []
    for name, category, aliases, strict in parse_seed(seeds.AWS_SERVICES, "Cloud"):
        if name.startswith("Amazon "):
            aliases.append("AWS " + name.removeprefix("Amazon "))
        elif name.startswith("AWS "):
            aliases.append("Amazon " + name.removeprefix("AWS "))
        entries.append((name, category, aliases, strict))
    for name, category, aliases, strict in parse_seed(seeds.AZURE_SERVICES, "Cloud"):
        if name.startswith("Azure "):
            aliases.append("Microsoft " + name)
        entries.append((name, category, aliases, strict))
    for name, category, aliases, strict in parse_seed(seeds.GCP_SERVICES, "Cloud"):
        if name.startswith("Google Cloud "):
            aliases.append("GCP " + name.removeprefix("Google Cloud "))
        elif name.startswith("Google "):
            aliases.append("GCP " + name.removeprefix("Google "))
        entries.append((name, category, aliases, strict))
    return entries


def sap_modules() -> list[Entry]:
    """SAP modules by code ("SAP FI") and by name ("SAP Financial Accounting")."""
    entries = []
    for line in seeds.SAP_MODULES.strip().splitlines():
        code, _, title = (part.strip() for part in line.partition("|"))
        entries.append((f"SAP {code}", "ERP and CRM", [f"SAP {title}"], []))
    return entries


def all_entries() -> list[Entry]:
    entries: list[Entry] = []
    for category, text in CATEGORIES:
        entries.extend(parse_seed(text, category))
    entries.extend(cloud_services())
    entries.extend(sap_modules())
    return entries


def check(entries: list[Entry]) -> list[str]:
    """Problems that would make matching ambiguous: duplicate names, shared aliases."""
    problems = []
    names: dict[tuple[str, ...], str] = {}
    owners: dict[tuple[str, ...], str] = {}
    for name, _, aliases, strict in entries:
        key = tuple(tokens(name))
        if not key:
            problems.append(f"{name!r} has no matchable words")
        if key in names:
            problems.append(f"{name!r} duplicates {names[key]!r}")
        names[key] = name
        for alias in {name, *aliases, *strict}:
            main = tuple(tokens(alias))
            owner = owners.setdefault(main, name)
            if owner != name:
                problems.append(f"alias {alias!r} of {name!r} is already {owner!r}")
    for name, _, aliases, strict in entries:
        for alias in [*aliases, *strict]:
            if alias not in strict and alias.lower() in _SHORT_WORDS:
                problems.append(f"alias {alias!r} of {name!r} is an English word; mark it !")
    return problems


_SHORT_WORDS = {"a", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
                "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we"}


def render(entries: list[Entry]) -> str:
    lines = ["# Skills vocabulary: name, category, aliases, strict aliases (;-separated) and the",
             "# lookup keys they tokenise to (! strict, ~ generated), so loading needs no",
             "# tokenising. Generated by mustard_core/builtin/parser/build_vocabulary.py."]
    for name, category, aliases, strict in sorted(entries, key=lambda e: (e[1], e[0].lower())):
        unique = [a for a in dict.fromkeys(aliases) if a != name]
        keys = format_keys(entry_keys(name, aliases, strict))
        lines.append("\t".join([name, category, ";".join(unique),
                                ";".join(dict.fromkeys(strict)), keys]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    entries = all_entries()
    problems = check(entries)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    target = Path(argv[0]) if argv else DATA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(entries), encoding="utf-8")
    print(f"{len(entries)} skills -> {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
