"""Small sample CVs and search records the conformance suites share."""

from __future__ import annotations

from datetime import UTC, datetime

from mustard_core.roles import SearchRecord

PLAIN_TEXT_CV = b"""Ada Lovelace
ada.lovelace@example.com | +44 20 7946 0958 | London, United Kingdom
linkedin.com/in/ada-lovelace-example

SUMMARY
Software engineer with ten years of experience building data platforms.

EXPERIENCE
Senior Software Engineer, Analytical Engines Ltd
2016-09 - Present
Built Python and JavaScript services on PostgreSQL and Kubernetes.

Software Engineer, Difference Works
2012-01 - 2016-08
Wrote Java back ends and React front ends.

EDUCATION
University of London, BSc Mathematics, 2008 - 2011

SKILLS
Python, JavaScript, PostgreSQL, Kubernetes, Java, React

LANGUAGES
English (native), French (fluent)
"""


def records(tenant_id: str) -> list[SearchRecord]:
    """Three candidates with distinct skills, titles, companies and locations."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        SearchRecord(id="c-ada", tenant_id=tenant_id, name="Ada Lovelace",
                     headline="Senior Software Engineer", location="London",
                     skills=["Python", "JavaScript", "PostgreSQL"],
                     titles=["Senior Software Engineer"], companies=["Analytical Engines"],
                     summary="Builds data platforms", text="python javascript data platforms",
                     updated_at=now),
        SearchRecord(id="c-grace", tenant_id=tenant_id, name="Grace Hopper",
                     headline="Compiler Engineer", location="New York",
                     skills=["COBOL", "Fortran"], titles=["Compiler Engineer"],
                     companies=["Remington Rand"], summary="Wrote the first compiler",
                     text="cobol compilers", updated_at=now),
        SearchRecord(id="c-alan", tenant_id=tenant_id, name="Alan Turing",
                     headline="Research Scientist", location="Manchester",
                     skills=["Mathematics", "Python"], titles=["Research Scientist"],
                     companies=["University of Manchester"], summary="Computability",
                     text="mathematics machine intelligence", updated_at=now),
    ]
