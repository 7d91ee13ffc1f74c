"""The shipped skills vocabulary: in sync with its build script, large, unambiguous, fast."""

from __future__ import annotations

from collections import Counter

import pytest

from mustard_core.builtin.parser import build_vocabulary
from mustard_core.builtin.parser.vocabulary import (
    DATA_FILE,
    Vocabulary,
    load_vocabulary,
    phrases,
    tokens,
)


def test_the_committed_tsv_is_what_the_build_script_writes():
    entries = build_vocabulary.all_entries()
    assert build_vocabulary.check(entries) == []
    assert DATA_FILE.read_text(encoding="utf-8") == build_vocabulary.render(entries), (
        "data/skills.tsv is stale: run python -m mustard_core.builtin.parser.build_vocabulary")


def test_the_build_script_refuses_clashing_aliases():
    entries = [("Amazon EMR", "Cloud", ["EMR"], []),
               ("Electronic health records", "Healthcare", ["EMR"], []),
               ("Go", "Programming language", ["go"], [])]
    problems = build_vocabulary.check(entries)
    assert any("EMR" in p for p in problems)
    assert any("'go'" in p and "mark it !" in p for p in problems)


def test_thousands_of_categorised_skills():
    vocabulary = load_vocabulary()
    assert len(vocabulary) >= 2000
    categories = Counter(skill.category for skill in vocabulary.skills)
    assert None not in categories
    assert len(categories) >= 25
    assert min(categories.values()) >= 15
    names = [skill.name.lower() for skill in vocabulary.skills]
    assert len(names) == len(set(names))


def test_it_loads_once_per_process():
    assert load_vocabulary() is load_vocabulary()


@pytest.mark.parametrize(("alias", "name"), [
    ("JS", "JavaScript"), ("k8s", "Kubernetes"), ("Postgres", "PostgreSQL"),
    ("golang", "Go"), ("Node.js", "Node.js"), ("NodeJS", "Node.js"), ("node js", "Node.js"),
    ("c#", "C#"), ("C++", "C++"), ("F#", "F#"), (".NET", ".NET"), ("dot net", ".NET"),
    ("ASP.NET", "ASP.NET"), ("sklearn", "scikit-learn"), ("Power BI", "Microsoft Power BI"),
    ("powerbi", "Microsoft Power BI"), ("AWS Lambda", "AWS Lambda"),
    ("Amazon Lambda", "AWS Lambda"), ("AWS S3", "Amazon S3"),
    ("Azure Functions", "Azure Functions"), ("SAP FI", "SAP FI"),
    ("SAP Financial Accounting", "SAP FI"), ("CKA", "Certified Kubernetes Administrator"),
    ("data visualization", "Data visualisation"), ("Weights and Biases", "Weights & Biases"),
    ("Résumé writing", None), ("Ruby on Rails", "Ruby on Rails"), ("RoR", "Ruby on Rails"),
])
def test_aliases(alias, name):
    skill = load_vocabulary().lookup(alias)
    assert (skill.name if skill else None) == name


def _found(text: str, strict: bool) -> list[str]:
    return [hit.skill.name for hit in load_vocabulary().find(text, allow_strict=strict)]


def test_longest_match_first_and_never_across_punctuation():
    assert _found("Spring Boot, Apache Spark and Microsoft Excel", strict=False) == [
        "Spring Boot", "Apache Spark", "Microsoft Excel"]
    assert _found("Google, Analytics", strict=True) == []
    assert _found("Google Analytics", strict=True) == ["Google Analytics"]
    assert _found("Power. BI", strict=False) == ["Business intelligence"]


def test_strict_aliases_need_a_skills_context():
    text = "Go to market; excel in R and D; Ada Lovelace; React quickly; Swift decisions"
    assert _found(text, strict=False) == ["Go-to-market strategy"]
    assert set(_found("Go, R, Excel, Ada, React, Swift", strict=True)) == {
        "Go", "R", "Microsoft Excel", "Ada", "React", "Swift"}


def test_offsets_and_surface_forms_point_into_the_text():
    text = "Skills: Pÿthon? no: Python, k8s & Postgres"
    for hit in load_vocabulary().find(text, allow_strict=True):
        assert text[hit.offset:hit.offset + len(hit.surface)] == hit.surface


def test_tokens_and_phrases():
    assert tokens("Node.js, C++ & C#; ASP.NET Core") == ["node", "js", "c++", "&", "c#", "asp",
                                                         ".net", "core"]
    assert tokens("Müller\u2019s Optimization") == ["muller", "s", "optimisation"]
    assert [p for _, p in phrases("Python, Java. Go | Rust - C")] == [
        "Python", " Java", " Go ", " Rust", "C"]


def test_a_written_alias_beats_a_generated_variant():
    vocabulary = Vocabulary.from_entries([
        ("Data Entry", "Admin", [], []), ("DataEntry Pro", "Software", ["dataentry"], [])])
    assert vocabulary.lookup("dataentry").name == "DataEntry Pro"
    assert vocabulary.lookup("data entry").name == "Data Entry"
