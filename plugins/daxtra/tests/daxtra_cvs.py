"""Fixture CVs and the `Resume` JSON the fake Daxtra answers for each.

The fake does not parse: it recognises a fixture by a marker in the file's text (the e-mail
address) and answers the profile built here, shaped like Daxtra's documented answer. Ada is the
conformance suite's sample CV with a tidy profile; Grace exercises every tolerated irregularity
(lists for strings, strings for lists, missing unverified fields, a duplicate skill, a
"Held Position" competency); Alan is nearly empty (nulls everywhere).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from mustard_core.testing.samples import PLAIN_TEXT_CV

ADA_CV = PLAIN_TEXT_CV
ADA_MARKER = "ada.lovelace@example.com"

GRACE_MARKER = "grace.hopper@example.org"
GRACE_CV = f"""Grace Brewster Hopper
Work: +1 212 555 0100 | {GRACE_MARKER}
www.example.org/grace  github.com/ghopper-example
New York, NY, USA

EXPERIENCE
Compiler Engineer, Remington Rand, Philadelphia (1949-06 to 1971)
Research Fellow / Lecturer, Harvard University, Cambridge, MA (1944 to 1949-05)

EDUCATION
PhD Mathematics, 1934
Vassar College, BA, 1928

SKILLS
COBOL (20 years), FORTRAN, Mathematics
""".encode()

ALAN_MARKER = "alan.turing@example.net"
ALAN_CV = f"""Alan Turing
{ALAN_MARKER}
""".encode()

NO_CONTACT_CV = b"""Curriculum vitae

SKILLS
Welding, forklift operation, first aid

INTERESTS
Hill walking
"""

JUNK = b"\x00" * 2048


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _parser_info() -> dict[str, Any]:
    return {"ParserVersion": "fake-daxtra 1.0", "ParserSchema": "CVX JSON", "Language": "en"}


def ada_resume(text: str) -> dict[str, Any]:
    current_months = months_between(date(2016, 9, 1), date.today())
    return {
        "StructuredResume": {
            "PersonName": {"FormattedName": "Ada Lovelace", "GivenName": "Ada",
                           "FamilyName": "Lovelace"},
            "ContactMethod": {
                "InternetEmailAddress_main": ADA_MARKER,
                "Telephone_mobile": "+44 20 7946 0958",
                "PostalAddress_main": {"Municipality": "London", "CountryCode": "GB"},
                "InternetWebAddress": ["linkedin.com/in/ada-lovelace-example"],
            },
            "EmploymentHistory": [
                {"EmployerOrgName": "Analytical Engines Ltd",
                 "Title": ["Senior Software Engineer"], "StartDate": "2016-09",
                 "EndDate": "Present", "MonthsOfWork": current_months,
                 "Description": "Built Python and JavaScript services on PostgreSQL and "
                                "Kubernetes."},
                {"EmployerOrgName": "Difference Works", "Title": ["Software Engineer"],
                 "StartDate": "2012-01", "EndDate": "2016-08", "MonthsOfWork": 56,
                 "Description": "Wrote Java back ends and React front ends."},
            ],
            "EducationHistory": [
                {"SchoolName": "University of London", "schoolType": "university",
                 "Degree": {"DegreeName": "BSc Mathematics", "degreeType": "bachelors",
                            "DegreeDate": "2011"},
                 "Major": "Mathematics", "StartDate": "2008", "EndDate": "2011",
                 "Comments": "BSc Mathematics"},
            ],
            "Competency": [
                {"skillName": "Python", "description": "Skill > IT > Programming Language",
                 "skillAliasArray": ["Python 3"], "skillLevel": "advanced",
                 "skillUsed": {"value": str(current_months), "type": "Months"},
                 "lastUsed": "Present"},
                {"skillName": "JavaScript", "description": "Skill > IT > Programming Language",
                 "skillAliasArray": ["JS", "ECMAScript"],
                 "skillUsed": {"value": str(current_months), "type": "Months"},
                 "lastUsed": "Present"},
                {"skillName": "PostgreSQL", "description": "Skill > IT > Database",
                 "skillAliasArray": ["Postgres"],
                 "skillUsed": {"value": str(current_months), "type": "Months"},
                 "lastUsed": "Present"},
                {"skillName": "Kubernetes", "description": "Skill > IT",
                 "skillUsed": {"value": str(current_months), "type": "Months"},
                 "lastUsed": "Present"},
                {"skillName": "Java", "description": "Skill > IT > Programming Language",
                 "skillUsed": {"value": "56", "type": "Months"}, "lastUsed": "2016-08"},
                {"skillName": "React", "description": "Skill > IT",
                 "skillAliasArray": ["React.js", "ReactJS"],
                 "skillUsed": {"value": "56", "type": "Months"}, "lastUsed": "2016-08"},
                {"skillName": "Senior Software Engineer", "description": "Held Position",
                 "skillUsed": {"value": str(current_months), "type": "Months"}},
                {"skillName": "Software Engineer", "description": "Held Position",
                 "skillUsed": {"value": "56", "type": "Months"}},
            ],
            "Languages": [{"LanguageCode": "en", "Proficiency": "native"},
                          {"LanguageCode": "fr", "Proficiency": "fluent"}],
        },
        "ExperienceSummary": {
            "ExecutiveBrief": "Software engineer with ten years of experience building data "
                              "platforms.",
            "TotalYearsOfWorkExperience": (56 + current_months) // 12,
            "HighestEducationalLevel": "bachelors",
        },
        "TextResume": text,
        "ParserInfo": _parser_info(),
    }


def grace_resume(text: str) -> dict[str, Any]:
    return {
        "StructuredResume": {
            "PersonName": {"GivenName": ["Grace", "Brewster"], "FamilyName": "Hopper"},
            "ContactMethod": [
                {"InternetEmailAddress_main": GRACE_MARKER},
                {"Telephone_work": "+1 212 555 0100", "Telephone_mobile": None,
                 "PostalAddress_main": {"Municipality": "New York", "Region": ["NY"],
                                        "CountryCode": "US"},
                 "InternetWebAddress": [{"value": "github.com/ghopper-example"},
                                        "www.example.org/grace"]},
            ],
            "EmploymentHistory": [
                {"EmployerOrgName": "Remington Rand", "Title": "Compiler Engineer",
                 "StartDate": "1949-06", "EndDate": "1971", "MonthsOfWork": "270",
                 "LocationSummary": {"Municipality": "Philadelphia", "CountryCode": "US"},
                 "Description": None},
                {"EmployerOrgName": "Harvard University",
                 "Title": ["Research Fellow", "Lecturer"], "StartDate": "1944",
                 "EndDate": "1949-05", "LocationSummary": "Cambridge, MA"},
            ],
            "EducationHistory": [
                {"Degree": [{"DegreeName": "PhD", "degreeType": "doctorate",
                             "DegreeDate": "1934"}],
                 "Major": ["Mathematics"], "schoolType": "university"},
                {"SchoolName": "Vassar College", "Degree": "BA", "EndDate": "1928",
                 "Comments": None},
            ],
            "Competency": [
                {"skillName": "COBOL", "description": "Skill > IT > Programming Language",
                 "skillAliasArray": "Common Business-Oriented Language",
                 "skillUsed": {"value": 20, "type": "Years"}, "lastUsed": "1971"},
                {"skillName": "FORTRAN", "description": "Skill > IT", "skillAliasArray": None,
                 "skillUsed": None},
                {"skillName": "Compiler Engineer", "description": "Held Position",
                 "skillUsed": {"value": "270", "type": "Months"}},
                {"skillName": "Mathematics", "skillLevel": "expert"},
                {"skillName": "cobol", "description": "Skill > IT",
                 "skillAliasArray": ["COBOL-60"],
                 "skillUsed": {"value": "60", "type": "Months"}},
            ],
        },
        "ExperienceSummary": {"ExecutiveBrief": None, "TotalYearsOfWorkExperience": "27"},
        "TextResume": text,
        "ParserInfo": _parser_info(),
    }


def alan_resume(text: str) -> dict[str, Any]:
    return {
        "StructuredResume": {
            "PersonName": {"FormattedName": "Alan Turing"},
            "ContactMethod": {"InternetEmailAddress_main": ALAN_MARKER},
            "EmploymentHistory": None,
            "EducationHistory": [],
            "Competency": None,
            "Languages": None,
        },
        "ExperienceSummary": None,
        "TextResume": text,
    }


RESUMES: dict[str, Callable[[str], dict[str, Any]]] = {
    ADA_MARKER: ada_resume,
    GRACE_MARKER: grace_resume,
    ALAN_MARKER: alan_resume,
}
"""Marker found in a file's text -> the `Resume` the fake answers for it."""
