"""Daxtra `Resume` JSON -> ParsedCandidate: documented fields, and tolerance where unverified."""

from __future__ import annotations

import copy
from datetime import date

import daxtra_cvs
import pytest

from mustard_core.profile import profile_errors
from mustard_daxtra.mapping import CONFIDENCE, date_value, parsed_candidate

TODAY = date(2026, 3, 15)


def _ada() -> dict:
    return {"Resume": daxtra_cvs.ada_resume(daxtra_cvs.ADA_CV.decode())}


def _skills(candidate) -> dict[str, dict]:
    return {skill["name"]: skill for skill in candidate.profile["skills"]}


def test_contact_fields_and_raw_answer_kept():
    document = _ada()
    candidate = parsed_candidate(document, today=TODAY)
    assert candidate.name == "Ada Lovelace"
    assert candidate.email == "ada.lovelace@example.com"
    assert candidate.phone == "+44 20 7946 0958"
    assert candidate.location == "London, GB"
    assert candidate.raw == document
    assert candidate.text == daxtra_cvs.ADA_CV.decode()
    assert profile_errors(candidate.profile) == []


def test_present_end_date_marks_the_job_current_and_sets_the_headline():
    candidate = parsed_candidate(_ada(), today=TODAY)
    current, previous = candidate.profile["experience"]
    assert current == {
        "title": "Senior Software Engineer", "company": "Analytical Engines Ltd",
        "location": None, "start": "2016-09", "end": None, "current": True,
        "months": _ada()["Resume"]["StructuredResume"]["EmploymentHistory"][0]["MonthsOfWork"],
        "description": "Built Python and JavaScript services on PostgreSQL and Kubernetes.",
    }
    assert previous["end"] == "2016-08" and previous["current"] is False
    assert previous["months"] == 56
    assert candidate.headline == "Senior Software Engineer"


def test_headline_is_the_latest_started_title_when_none_is_current():
    document = _ada()
    jobs = document["Resume"]["StructuredResume"]["EmploymentHistory"]
    jobs[0]["EndDate"] = "2024-01"
    jobs.reverse()  # order in the answer must not matter
    assert parsed_candidate(document, today=TODAY).headline == "Senior Software Engineer"


def test_skills_aliases_months_category_and_last_used():
    skills = _skills(parsed_candidate(_ada(), today=TODAY))
    assert skills["JavaScript"]["aliases"] == ["JS", "ECMAScript"]
    assert skills["JavaScript"]["category"] == "IT > Programming Language"
    assert skills["Kubernetes"]["category"] == "IT"
    assert skills["Java"]["months"] == 56
    assert skills["Java"]["last_used"] == "2016-08"
    assert skills["Python"]["last_used"] == "2026-03"  # "Present" = the parse date's month
    assert skills["Python"]["level"] == "advanced"


def test_held_positions_are_not_skills():
    skills = _skills(parsed_candidate(_ada(), today=TODAY))
    assert "Senior Software Engineer" not in skills
    assert "Software Engineer" not in skills
    assert set(skills) == {"Python", "JavaScript", "PostgreSQL", "Kubernetes", "Java", "React"}


def test_education_languages_links_and_summary():
    candidate = parsed_candidate(_ada(), today=TODAY)
    assert candidate.profile["education"] == [{
        "institution": "University of London", "degree": "BSc Mathematics",
        "field": "Mathematics", "start": "2008", "end": "2011", "description": "BSc Mathematics",
    }]
    assert candidate.profile["languages"] == [
        {"name": "English", "code": "en", "level": "native"},
        {"name": "French", "code": "fr", "level": "fluent"},
    ]
    assert candidate.profile["links"] == [
        {"url": "https://linkedin.com/in/ada-lovelace-example", "kind": "linkedin"}]
    assert candidate.profile["summary"].startswith("Software engineer with ten years")


def test_confidence_covers_exactly_the_fields_returned():
    candidate = parsed_candidate({"Resume": daxtra_cvs.alan_resume("Alan Turing")}, today=TODAY)
    assert candidate.confidence == {"name": CONFIDENCE, "email": CONFIDENCE}
    full = parsed_candidate(_ada(), today=TODAY)
    assert {"name", "email", "phone", "location", "headline", "experience", "education",
            "skills", "languages", "links", "summary"} <= set(full.confidence)


def test_irregular_shapes_are_tolerated():
    """Grace's answer: lists for strings, strings for lists, dicts wrapping values."""
    candidate = parsed_candidate({"Resume": daxtra_cvs.grace_resume("")}, today=TODAY)
    assert profile_errors(candidate.profile) == []
    assert candidate.name == "Grace Hopper"  # GivenName list + FamilyName, no FormattedName
    assert candidate.email == "grace.hopper@example.org"  # ContactMethod given as a list
    assert candidate.phone == "+1 212 555 0100"  # null mobile -> work number
    assert candidate.location == "New York, NY, US"
    assert [link["url"] for link in candidate.profile["links"]] == [
        "https://github.com/ghopper-example", "https://www.example.org/grace"]
    assert [link["kind"] for link in candidate.profile["links"]] == ["github", "website"]

    rand, harvard = candidate.profile["experience"]
    assert (rand["title"], rand["months"], rand["location"], rand["end"]) == (
        "Compiler Engineer", 270, "Philadelphia, US", "1971")
    assert (harvard["title"], harvard["location"], harvard["months"]) == (
        "Research Fellow", "Cambridge, MA", None)
    assert candidate.headline == "Compiler Engineer"

    phd, vassar = candidate.profile["education"]
    assert phd == {"institution": None, "degree": "PhD", "field": "Mathematics",
                   "start": None, "end": "1934", "description": None}
    assert (vassar["institution"], vassar["degree"], vassar["end"]) == (
        "Vassar College", "BA", "1928")

    skills = _skills(candidate)
    assert set(skills) == {"COBOL", "FORTRAN", "Mathematics"}
    assert skills["COBOL"]["aliases"] == ["Common Business-Oriented Language", "COBOL-60"]
    assert skills["COBOL"]["months"] == 240  # 20 years; the duplicate's 60 months is less
    assert skills["COBOL"]["last_used"] == "1971"
    assert skills["FORTRAN"] == {"name": "FORTRAN", "aliases": [], "category": "IT",
                                 "level": None, "months": None, "last_used": None}
    assert skills["Mathematics"]["category"] is None
    assert skills["Mathematics"]["level"] == "expert"
    assert candidate.profile["languages"] == []
    assert candidate.profile["summary"] is None


@pytest.mark.parametrize("document", [
    {},
    {"Resume": None},
    {"Resume": {"StructuredResume": None}},
    {"Resume": {"StructuredResume": {"PersonName": None, "ContactMethod": None,
                                     "EmploymentHistory": None, "EducationHistory": None,
                                     "Competency": None, "Languages": None},
                "ExperienceSummary": None, "TextResume": None}},
    {"Resume": {"StructuredResume": {"PersonName": "not a dict", "ContactMethod": "nor this",
                                     "EmploymentHistory": ["junk", 3, None],
                                     "EducationHistory": "junk", "Competency": [{}, "x"],
                                     "Languages": {"Language": ["German", {"LanguageCode":
                                                                           "xx"}]}}}},
])
def test_missing_or_malformed_sections_give_an_empty_but_valid_profile(document):
    candidate = parsed_candidate(document, today=TODAY)
    assert profile_errors(candidate.profile) == []
    assert candidate.name is None
    assert candidate.profile["experience"] == []


def test_languages_by_name_or_unknown_code():
    structured = {"Languages": {"Language": ["German", {"LanguageCode": "xx"},
                                             {"LanguageName": "Welsh", "Level": "basic"}]}}
    candidate = parsed_candidate({"Resume": {"StructuredResume": structured}}, today=TODAY)
    assert candidate.profile["languages"] == [
        {"name": "German", "code": None, "level": None},
        {"name": "XX", "code": "xx", "level": None},
        {"name": "Welsh", "code": None, "level": "basic"},
    ]


def test_overlong_values_are_cut_to_the_schema():
    document = _ada()
    structured = document["Resume"]["StructuredResume"]
    structured["EmploymentHistory"][0]["Title"] = ["T" * 900]
    structured["EmploymentHistory"][0]["MonthsOfWork"] = 99999
    structured["Competency"][0]["skillAliasArray"] = [f"alias {n}" for n in range(80)]
    candidate = parsed_candidate(document, today=TODAY)
    assert profile_errors(candidate.profile) == []
    job = candidate.profile["experience"][0]
    assert len(job["title"]) == 500
    assert job["months"] is None
    assert len(_skills(candidate)["Python"]["aliases"]) == 50


def test_mapping_does_not_change_the_answer():
    document = _ada()
    before = copy.deepcopy(document)
    parsed_candidate(document, today=TODAY)
    assert document == before


@pytest.mark.parametrize(("value", "expected"), [
    ("2016-09", "2016-09"), ("2016", "2016"), ("2016-9", "2016-09"),
    ("2016-09-03", "2016-09-03"), ("09/2016", "2016-09"), ("2016-13", "2016"),
    ({"AnyDate": "2011-06"}, "2011-06"), ("Present", None), ("", None), (None, None),
    ("sometime", None), (["2010-01"], "2010-01"),
])
def test_dates(value, expected):
    assert date_value(value) == expected


def test_tolerant_fixtures_parse_end_to_end(make_parser, tenant):
    """Through the fake over HTTP: the irregular and the sparse answers both map cleanly."""
    parser = make_parser()
    grace = parser.parse(daxtra_cvs.GRACE_CV, media_type="text/plain", filename="g.txt",
                         tenant=tenant)
    alan = parser.parse(daxtra_cvs.ALAN_CV, media_type="text/plain", filename="a.txt",
                        tenant=tenant)
    assert grace.name == "Grace Hopper" and profile_errors(grace.profile) == []
    assert alan.name == "Alan Turing" and profile_errors(alan.profile) == []
    assert alan.profile["skills"] == [] and alan.headline is None
    assert grace.raw["Resume"]["TextResume"] == daxtra_cvs.GRACE_CV.decode()
