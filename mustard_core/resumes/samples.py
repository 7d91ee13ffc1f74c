"""A realistic, fictional candidate and agency brand for template previews and tests.

Everything here is invented: example.com addresses and numbers from the UK drama range.
"""

from __future__ import annotations

from typing import Any

from mustard_core.resumes.options import Branding, CompanyContact

LOGO_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">
<circle cx="20" cy="20" r="19" fill="#d4a017"/>
<path d="M10.5 27.5 L10.5 13 L20 22.5 L29.5 13 L29.5 27.5" fill="none" stroke="#ffffff"
 stroke-width="3.4" stroke-linejoin="round" stroke-linecap="round"/>
</svg>"""


def sample_candidate() -> dict[str, Any]:
    """A senior engineer whose full profile fills two pages."""
    return {
        "name": "Amelia Hartley",
        "email": "amelia.hartley@example.com",
        "phone": "+44 20 7946 0958",
        "location": "Manchester, United Kingdom",
        "headline": "Senior Data Platform Engineer",
        "profile": {
            "summary": (
                "Data platform engineer with eleven years of experience designing reliable "
                "pipelines and the teams that run them. Amelia has led migrations from nightly "
                "batch jobs to streaming architectures, cut cloud spend by a third at two "
                "companies, and mentors engineers through their first on-call rotations.\n\n"
                "Looking for a hands-on lead role in a product company that treats data as a "
                "product, with a hybrid arrangement in the North West."),
            "experience": [
                {"title": "Lead Data Platform Engineer", "company": "Harbourline Logistics Ltd",
                 "location": "Manchester", "start": "2021-03", "end": None, "current": True,
                 "description": (
                     "Leads a team of six building the company's event streaming platform.\n"
                     "- Replaced 140 nightly batch jobs with Kafka and Flink pipelines; "
                     "delivery ETAs now update within 30 seconds instead of the next morning\n"
                     "- Introduced data contracts and schema review, reducing broken "
                     "dashboards from weekly to twice a year\n"
                     "- Cut the AWS data bill by 34% through storage tiering and right-sizing\n"
                     "- Hired and mentored four engineers, two since promoted")},
                {"title": "Senior Data Engineer", "company": "Corvid Health Analytics",
                 "location": "Leeds", "start": "2017-06", "end": "2021-02",
                 "description": (
                     "Owned the ingestion layer for clinical trial data from 40 partner sites.\n"
                     "- Built an Airflow platform running 2,000 daily tasks with 99.95% "
                     "on-time completion\n"
                     "- Designed the pseudonymisation service that passed NHS DSPT audit\n"
                     "- Moved the warehouse from on-premise PostgreSQL to Snowflake with no "
                     "reporting downtime")},
                {"title": "Data Engineer", "company": "Pennine Retail Group plc",
                 "location": "Sheffield", "start": "2014-09", "end": "2017-05",
                 "description": (
                     "Built the first customer data warehouse for a 300-store retailer.\n"
                     "- Wrote Python ETL feeding loyalty and pricing analytics\n"
                     "- Automated weekly trading reports previously assembled by hand")},
                {"title": "Graduate Software Developer", "company": "Brightwater Systems",
                 "location": "Manchester", "start": "2013-09", "end": "2014-08",
                 "description": "Java and SQL development on a billing platform for utilities."},
            ],
            "education": [
                {"institution": "University of Manchester", "degree": "MSc",
                 "field": "Advanced Computer Science", "start": "2012", "end": "2013",
                 "description": "Dissertation on incremental view maintenance in column stores."},
                {"institution": "University of York", "degree": "BSc (Hons)",
                 "field": "Mathematics", "start": "2009", "end": "2012"},
            ],
            "skills": [
                {"name": "Python", "category": "Programming"},
                {"name": "SQL", "category": "Programming"},
                {"name": "Scala", "category": "Programming"},
                {"name": "Kafka", "category": "Data"},
                {"name": "Flink", "category": "Data"},
                {"name": "Airflow", "category": "Data"},
                {"name": "Snowflake", "category": "Data"},
                {"name": "dbt", "category": "Data"},
                {"name": "PostgreSQL", "category": "Data"},
                {"name": "AWS", "category": "Cloud"},
                {"name": "Terraform", "category": "Cloud"},
                {"name": "Kubernetes", "category": "Cloud"},
                {"name": "Team leadership", "category": "Leadership"},
                {"name": "Mentoring", "category": "Leadership"},
            ],
            "languages": [
                {"name": "English", "code": "en", "level": "Native"},
                {"name": "German", "code": "de", "level": "Professional"},
                {"name": "Spanish", "code": "es", "level": "Conversational"},
            ],
            "links": [
                {"url": "https://www.linkedin.com/in/amelia-hartley-example", "kind": "linkedin"},
                {"url": "https://github.com/amelia-hartley-example", "kind": "github"},
            ],
        },
    }


def sample_branding() -> Branding:
    """A fictional agency with a logo, colours and a recruiter contact block."""
    return Branding(
        company_name="Northbridge Talent",
        logo=LOGO_SVG,
        logo_media_type="image/svg+xml",
        primary_color="#1f3a5f",
        accent_color="#d4a017",
        font_family="Noto Sans",
        contact=CompanyContact(recruiter_name="Daniel Okafor",
                               email="daniel.okafor@northbridge.example",
                               phone="+44 161 496 0321",
                               address_lines=["12 Quay Street", "Manchester M3 3JE"]),
        header_text="Candidate profile",
        footer_text="Presented by Northbridge Talent \u2013 confidential",
    )
