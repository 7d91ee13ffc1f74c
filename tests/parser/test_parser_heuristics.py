"""The heuristics, in process: dates, sections, jobs, studies, skills, languages, contact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mustard_core.builtin.parser import heuristics
from mustard_core.builtin.parser.core import parse_in_process
from mustard_core.builtin.parser.dates import find_ranges
from mustard_core.builtin.parser.sections import heading_kind, split_sections
from mustard_core.profile import ParsedCandidate, profile_errors
from mustard_core.roles import ParseError


def analyse(text: str) -> ParsedCandidate:
    return ParsedCandidate(**heuristics.analyse(text))


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "start", "end", "current", "months"), [
    ("2016-09 - Present", "2016-09", None, True, None),
    ("Sep 2016 \u2013 Current", "2016-09", None, True, None),
    ("September 2016 to Now", "2016-09", None, True, None),
    ("Jun 2020 - to date", "2020-06", None, True, None),
    ("since 2019", "2019", None, True, None),
    ("2012-01 - 2016-08", "2012-01", "2016-08", False, 56),
    ("09/2016 - 03/2019", "2016-09", "2019-03", False, 31),
    ("Jan. 2019 \u2014 Dec. 2020", "2019-01", "2020-12", False, 24),
    ("2012-2016", "2012", "2016", False, 48),
    ("1944 until 1949", "1944", "1949", False, 60),
    ("Engineer | Acme | May 2018 \u2013 Present", "2018-05", None, True, None),
])
def test_date_ranges(text, start, end, current, months):
    [found] = find_ranges(text)
    assert (found.start, found.end, found.current, found.months()) == (start, end, current,
                                                                        months)


@pytest.mark.parametrize("text", ["2016 - 2012", "Room 2016-2", "call 020 7946 0958",
                                  "ISO 9001 and ISO 27001", "version 3.12 - 4.0"])
def test_things_that_are_not_date_ranges(text):
    assert find_ranges(text) == []


# --------------------------------------------------------------------------- sections


@pytest.mark.parametrize(("line", "kind"), [
    ("EXPERIENCE", "experience"), ("Work History", "experience"),
    ("Employment History:", "experience"), ("PROFESSIONAL EXPERIENCE", "experience"),
    ("E X P E R I E N C E", "experience"), ("— Career History —", "experience"),
    ("Education & Training", "education"), ("Technical Skills:", "skills"),
    ("Core Competencies", "skills"), ("Languages", "languages"), ("Profile", "summary"),
    ("About Me", "summary"), ("Summary", "summary"), ("1. Education", "education"),
])
def test_heading_variants(line, kind):
    assert heading_kind(line) == kind


@pytest.mark.parametrize("line", ["Senior Software Engineer", "Experience with Kubernetes",
                                  "I have skills in many areas of engineering", ""])
def test_lines_that_are_not_headings(line):
    assert heading_kind(line) is None


def test_inline_headings_start_a_section_or_stay_a_detail():
    text = ("Ada Lovelace\nLanguages: English, French\n\nEXPERIENCE\nEngineer, Acme Ltd\n"
            "2019 - Present\nTechnologies: Python, Go\n\nSkills: Rust, Go\nDocker")
    sections = split_sections(text)
    kinds = [s.kind for s in sections]
    assert kinds == ["header", "experience", "skills", "languages", "skills"]
    experience = sections[1]
    assert "Technologies: Python, Go" in experience.lines  # a detail of the job
    assert sections[2].lines == ["Rust, Go", "Docker"]  # a section of its own, continuing


# --------------------------------------------------------------------------- experience


def _jobs(block: str) -> list[tuple]:
    return [(j["title"], j["company"], j["start"], j["end"], j["current"])
            for j in heuristics.parse_experience(block.split("\n"))]


@pytest.mark.parametrize("block", [
    "Senior Engineer, Acme Ltd\n2019-03 - Present\nBuilt things.",
    "Senior Engineer | Acme Ltd | Mar 2019 \u2013 Present\n\u2022 Built things",
    "Acme Ltd\nSenior Engineer\n03/2019 - Current\nBuilt things.",
    "Senior Engineer at Acme Ltd\n\nMarch 2019 to now\n\nBuilt things.",
    "2019-03 - Present\nSenior Engineer, Acme Ltd\n- Built things",
    "Senior Engineer  Acme Ltd  2019-03 - Present",
], ids=["title-company/dates", "one-line", "company/title/dates", "blank-lines", "dates-first",
        "aligned"])
def test_job_layouts(block):
    assert _jobs(block) == [("Senior Engineer", "Acme Ltd", "2019-03", None, True)]


def test_several_jobs_keep_their_own_descriptions():
    block = ("Lead Developer, Babbage Analytics\nJan 2020 - Present\n\u2022 Led the platform.\n"
             "\u2022 Hired four engineers.\n\nDeveloper, Difference Works\nJun 2015 - Dec 2019\n"
             "Wrote Java services.\n")
    jobs = heuristics.parse_experience(block.split("\n"))
    assert [(j["title"], j["company"]) for j in jobs] == [
        ("Lead Developer", "Babbage Analytics"), ("Developer", "Difference Works")]
    assert jobs[0]["description"] == "Led the platform.\nHired four engineers."
    assert jobs[1]["description"] == "Wrote Java services."
    assert (jobs[1]["months"], jobs[0]["months"]) == (55, None)


def test_jobs_without_dates_are_still_jobs():
    block = "Software Engineer, Acme Ltd\nBuilt things.\n\nIntern, Example Corp\nMade tea."
    assert _jobs(block) == [("Software Engineer", "Acme Ltd", None, None, False),
                            ("Intern", "Example Corp", None, None, False)]


# --------------------------------------------------------------------------- education


def _studies(block: str) -> list[tuple]:
    return [(e["institution"], e["degree"], e["field"], e["start"], e["end"])
            for e in heuristics.parse_education(block.split("\n"))]


def test_education_layouts():
    block = ("University of London, BSc Mathematics, 2008 - 2011\n\n"
             "Bachelor of Science in Computer Science\nImperial College London\n2004 - 2007\n\n"
             "MSc (Hons) Data Science, University of Edinburgh, 2012\n"
             "A-Levels: Mathematics, Physics \u2013 Hills Road Sixth Form School, 2004")
    assert _studies(block) == [
        ("University of London", "BSc", "Mathematics", "2008", "2011"),
        ("Imperial College London", "Bachelor of Science", "Computer Science", "2004", "2007"),
        ("University of Edinburgh", "MSc (Hons)", "Data Science", None, "2012"),
        ("Hills Road Sixth Form School", "A-Levels", "Mathematics", None, "2004"),
    ]


# --------------------------------------------------------------------------- skills


def _skills(text: str) -> dict[str, dict]:
    return {skill["name"]: skill for skill in analyse(text).profile["skills"]}


def test_skills_are_found_by_their_aliases_and_named_canonically():
    skills = _skills("Jo Bloggs\n\nSKILLS\nJS, k8s, Postgres, Golang, scikit learn, MS Excel, "
                     "C#, C++, .NET, ASP.NET Core, nodejs")
    assert {"JavaScript", "Kubernetes", "PostgreSQL", "Go", "scikit-learn", "Microsoft Excel",
            "C#", "C++", ".NET", "ASP.NET Core", "Node.js"} == set(skills)
    assert skills["JavaScript"]["aliases"] == ["JS"]
    assert skills["Kubernetes"]["category"] == "DevOps"
    assert "aliases" not in skills["C#"]


def test_common_words_count_as_skills_only_in_a_skills_section():
    text = ("Ada Lovelace\n\nSUMMARY\nReady to go the extra mile; I excel at R and D.\n\n"
            "SKILLS\nGo, R, Excel")
    skills = _skills(text)
    assert {"Go", "R", "Microsoft Excel"} <= set(skills)
    assert all(alias not in {"go", "excel"} for s in skills.values()
               for alias in s.get("aliases", []))
    running = _skills("Ada Lovelace\n\nSUMMARY\nReady to go the extra mile; I excel at R and D.")
    assert not {"Go", "R", "Microsoft Excel", "Ada"} & set(running)


def test_the_name_links_and_email_are_not_skills():
    skills = _skills("Ada Ruby\nada.ruby@scala.io | github.com/ada-ruby | GitHub\n\n"
                     "EXPERIENCE\nEngineer, Acme Ltd\n2019 - Present\nWrote Python.")
    assert set(skills) == {"Python"}


def test_longest_alias_wins_and_spellings_fold():
    skills = _skills("Jo Bloggs\n\nSKILLS\nSpring Boot; data visualization; Weights and Biases")
    assert {"Spring Boot", "Data visualisation", "Weights & Biases"} == set(skills)


# --------------------------------------------------------------------------- languages


def test_languages_with_levels_and_codes():
    languages = heuristics.parse_languages(
        ["English (native), French - fluent; German: B2", "Mandarin Chinese",
         "\u2022 Python (expert)", "Spanish \u2013 Professional working proficiency"])
    assert [(lang["name"], lang["code"], lang["level"]) for lang in languages] == [
        ("English", "en", "native"), ("French", "fr", "fluent"), ("German", "de", "B2"),
        ("Mandarin Chinese", "zh", None), ("Spanish", "es", "Professional working proficiency"),
    ]


# --------------------------------------------------------------------------- contact


def test_links_get_a_kind_and_a_scheme():
    parsed = analyse("Ada Lovelace\nlinkedin.com/in/ada | https://github.com/ada/ | "
                     "www.ada.dev | ada@ada.dev\nhttps://linkedin.com/in/ada\n\nSKILLS\nPython")
    assert parsed.profile["links"] == [
        {"url": "https://linkedin.com/in/ada", "kind": "linkedin"},
        {"url": "https://github.com/ada/", "kind": "github"},
        {"url": "https://www.ada.dev", "kind": "website"},
    ]


def test_name_variants():
    assert analyse("ADA LOVELACE\nada@example.com\n\nSKILLS\nPython").name == "Ada Lovelace"
    assert analyse("Tom Cook\nHead Chef\ntom@example.com").name == "Tom Cook"
    assert analyse("Senior Engineer\nTom Baker\ntom@example.com").name == "Tom Baker"
    labelled = analyse("Curriculum Vitae\nName: José María de la Cruz\nEmail: jm@example.com")
    assert labelled.name == "José María de la Cruz"
    assert labelled.confidence["name"] >= 0.9
    guessed = analyse("ada.lovelace@example.com\n\nSKILLS\nPython, Java, Go")
    assert guessed.name == "Ada Lovelace"
    assert guessed.confidence["name"] < 0.5


def test_phones_but_not_dates():
    assert analyse("Grace Hopper\n(212) 555-0142 \u2022 New York, NY\n\nSKILLS\nCOBOL").phone \
        == "(212) 555-0142"
    parsed = analyse("Grace Hopper\n\nEXPERIENCE\nProgrammer, Harvard\n1944-1949\n2016-09 - "
                     "2020-01\n\nContact\nMobile: 07700 900123")
    assert parsed.phone == "07700 900123"


def test_location_and_headline_from_the_header():
    parsed = analyse("Ada Lovelace | Senior Data Engineer\nada@example.com \u2022 Manchester, UK"
                     "\n\nSKILLS\nPython")
    assert (parsed.location, parsed.headline) == ("Manchester, UK", "Senior Data Engineer")
    assert parsed.confidence["headline"] == 0.8


def test_confidence_for_every_field_and_zero_for_what_is_missing():
    parsed = analyse("Ada Lovelace\nada@example.com\n\nSKILLS\nPython")
    assert set(parsed.confidence) == {"name", "email", "phone", "location", "headline",
                                      "summary", "experience", "education", "skills",
                                      "languages", "links"}
    assert all(0 <= value <= 1 for value in parsed.confidence.values())
    assert parsed.confidence["email"] > 0.9
    assert parsed.confidence["phone"] == parsed.confidence["experience"] == 0.0


def test_the_text_is_kept_and_the_raw_record_names_no_person():
    parsed = parse_in_process(b"Ada Lovelace\nada@example.com\n\nSKILLS\nPython, Java\n")
    assert parsed.text.startswith("Ada Lovelace")
    assert "Ada" not in str(parsed.raw) and "ada@" not in str(parsed.raw)
    assert parsed.raw["sections"] == ["skills"]


# --------------------------------------------------------------------------- whole CVs

WAREHOUSE_CV = """JOHN SMITH
Warehouse Operative
12 High Street, Leeds, LS1 4AB | 07700 900456 | john.smith82@example.com

PERSONAL PROFILE
Reliable warehouse operative with 8 years in distribution centres.

KEY SKILLS
\u2022 Forklift (counterbalance and reach truck)
\u2022 Pick and pack, goods in, despatch

EMPLOYMENT HISTORY
Amazon UK \u2013 Leeds                                     March 2019 \u2013 Present
Warehouse Operative
\u2022 Picking and packing up to 200 orders per hour

Tesco Distribution \u2013 Wakefield                        June 2014 \u2013 February 2019
Warehouse Assistant
\u2022 Goods in and despatch

REFERENCES
Available on request from Mr Jenkins.
"""

NURSE_CV = """Priya Patel, RN
Registered Nurse | Manchester, United Kingdom
priya.patel@example.org | +44 161 496 0000 | linkedin.com/in/priyapatel

Experience
Staff Nurse, Band 5 \u2014 Manchester Royal Infirmary (Jan 2018 - Present)
- Patient assessment, triage, medication administration, wound care

Healthcare Assistant \u2014 Salford Care Homes (Sep 2015 - Dec 2017)
- Personal care and dementia care

Education
BSc (Hons) Adult Nursing \u2014 University of Salford, 2015 \u2013 2018

Languages
English (fluent), Gujarati (native), Hindi (conversational)
"""

ITALIAN_CV = """Curriculum Vitae

Name: Marco Rossi
Email: marco.rossi@example.it
Phone: +39 02 1234 5678
Address: Via Roma 1, Milan, Italy

Work Experience
2020 \u2013 present   Data Scientist at Fintech SpA, Milan
Built credit risk models in Python (pandas, scikit-learn) on AWS SageMaker.
2017 \u2013 2020   Data Analyst at Banca Example
SQL reporting and Tableau dashboards.

Education
2015 \u2013 2017   MSc Statistics, Universit\u00e0 di Bologna

Skills: Python, R, SQL, Spark, Docker, Git
Languages: Italian (mother tongue), English (C1)
"""


@pytest.mark.parametrize(("text", "contact", "jobs", "skills", "languages"), [
    (WAREHOUSE_CV,
     ("John Smith", "07700 900456", "Leeds", "Warehouse Operative"),
     [("Warehouse Operative", "Amazon UK", "2019-03", None),
      ("Warehouse Assistant", "Tesco Distribution", "2014-06", "2019-02")],
     {"Forklift operation", "Reach truck operation", "Pick and pack", "Goods in", "Despatch"},
     []),
    (NURSE_CV,
     ("Priya Patel", "+44 161 496 0000", "Manchester, United Kingdom", "Registered Nurse"),
     [("Staff Nurse", "Manchester Royal Infirmary", "2018-01", None),
      ("Healthcare Assistant", "Salford Care Homes", "2015-09", "2017-12")],
     {"Triage", "Medication administration", "Wound care", "Dementia care"},
     [("Hindi", "conversational"), ("English", "fluent"), ("Gujarati", "native")]),
    (ITALIAN_CV,
     ("Marco Rossi", "+39 02 1234 5678", "Via Roma 1, Milan, Italy", "Data Scientist"),
     [("Data Scientist", "Fintech SpA", "2020", None),
      ("Data Analyst", "Banca Example", "2017", "2020")],
     {"Python", "R", "SQL", "Apache Spark", "Docker", "Git", "pandas", "scikit-learn",
      "Amazon SageMaker", "Tableau"},
     [("English", "C1"), ("Italian", "mother tongue")]),
], ids=["warehouse", "nurse", "italian"])
def test_whole_cvs(text, contact, jobs, skills, languages):
    parsed = analyse(text)
    assert (parsed.name, parsed.phone, parsed.location, parsed.headline) == contact
    assert [(j["title"], j["company"], j["start"], j["end"])
            for j in parsed.profile["experience"]] == jobs
    names = {skill["name"] for skill in parsed.profile["skills"]}
    assert skills <= names
    assert "Jenkins" not in names  # a referee, not the CI server
    assert sorted((lang["name"], lang["level"]) for lang in parsed.profile["languages"]) == \
        sorted(languages)


# --------------------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "EXPERIENCE", "Education", "SKILLS", "Languages:", "Senior Engineer, Acme Ltd", "2019 -",
    "Present", "Jan 2020", "09/2016", "•", "|", "  ", "\n", "\n\n", "ada@example.com",
    "+44 20 7946 0958", "https://github.com/x", "BSc", "University of", "(native)", "Go", "C++",
    "English", "—", ":", ",", "Ada Lovelace", "x" * 300, "é", "\t", "1900-2099",
])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=60))
def test_any_text_gives_a_valid_profile(pieces):
    parsed = analyse("".join(pieces))
    assert profile_errors(parsed.profile) == []
    assert all(0 <= value <= 1 for value in parsed.confidence.values())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_parse_or_fail_with_a_reason(data):
    try:
        parsed = parse_in_process(data)
    except ParseError as exc:
        assert exc.reason
    else:
        assert profile_errors(parsed.profile) == []
