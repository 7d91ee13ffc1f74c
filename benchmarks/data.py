"""Synthetic candidates for the benchmarks: realistic in shape, invented in every detail.

Why synthetic: the figures must be reproducible on any machine and no real CV may ever leave a
client database. Why realistic: search and ranking costs depend on the data's shape, so names
come from several cultures (some written in their own script), skills come from the parser's own
vocabulary with a long tail (a few skills are everywhere, most are rare), careers have employers,
titles and dates that follow each other, and people live where people live.

Every candidate is a pure function of (seed, index): `CandidateGenerator(seed).candidate(i)` is
the same on every run and does not depend on the candidates before it, so a benchmark can load
the first 10,000, measure, then add the next 90,000 and get exactly the 100,000 a direct load
gives. Contact details are fake by construction: e-mail addresses on the reserved example
domains, phone numbers from the ranges regulators keep for drama.

`load_candidates` writes rows straight into the `candidates` table of a migrated PostgreSQL
database with COPY, in batches, the derived columns (normalised e-mail and phone, skill keys...)
computed by the core's own `apply_fields`, so the rows are what the service would write.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import multiprocessing
import os
import random
import time
import unicodedata
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import Engine

import mustard_core.builtin.parser as parser_package
from mustard_core.models import Candidate
from mustard_core.services.candidates import apply_fields

SEED = 20_250_601
TODAY = date(2025, 6, 1)
"""'Today' for generated careers: fixed, so the data does not change with the calendar."""
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
VOCABULARY = Path(parser_package.__file__).parent / "data" / "skills.tsv"
T = TypeVar("T")


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]


def load_vocabulary(path: Path = VOCABULARY) -> list[Skill]:
    """The parser's skills vocabulary (name, category, aliases), in file order."""
    skills = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        aliases = tuple(a for a in fields[2].split(";") if a) if len(fields) > 2 else ()
        skills.append(Skill(fields[0], fields[1], aliases))
    return skills


HEAD_SKILLS = (
    "Python", "JavaScript", "SQL", "Java", "Microsoft Excel", "AWS", "Docker", "Kubernetes",
    "React", "TypeScript", "PostgreSQL", "Git", "Linux", "Agile", "Scrum", "Customer service",
    "Project management", "Stakeholder management", "Communication", "Leadership", "C#",
    "Azure", "Terraform", "Node.js", "Salesforce", "SAP", "Power BI", "Tableau", "Go",
)
"""Skills put at the head of the popularity ranking (those present in the vocabulary), so the
most frequent skills are the ones recruiters really search for most."""


# --------------------------------------------------------------------------- word banks

CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # culture: (given names, family names, cities)
    "english": (
        ("Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Charlie", "Emily",
         "Thomas", "Sophie", "James", "Grace", "William", "Chloe", "Daniel", "Lucy", "Samuel",
         "Hannah"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
         "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
         "Hall", "Wood", "Jackson", "Clarke"),
        ("London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh", "Glasgow",
         "Cardiff", "Liverpool", "Newcastle upon Tyne", "Sheffield", "Nottingham")),
    "spanish": (
        ("Lucía", "Hugo", "Sofía", "Martín", "María", "Pablo", "Paula", "Alejandro", "Carmen",
         "Javier", "Elena", "Diego", "Valeria", "Mateo", "Julia", "José"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
         "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno",
         "Álvarez"),
        ("Madrid", "Barcelona", "Valencia", "Seville", "Bilbao", "Málaga", "Mexico City",
         "Buenos Aires", "Bogotá")),
    "indian": (
        ("Aarav", "Ananya", "Vihaan", "Diya", "Arjun", "Saanvi", "Rohan", "Priya", "Karthik",
         "Lakshmi", "Rahul", "Kavya", "Aditya", "Meera", "Sanjay", "Neha"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kumar", "Rao", "Mehta",
         "Joshi", "Chatterjee", "Menon", "Desai", "Pillai", "Bose"),
        ("Bengaluru", "Mumbai", "Pune", "Hyderabad", "Chennai", "New Delhi", "Kolkata",
         "London", "Leicester")),
    "chinese": (
        ("Wei", "Jing", "Hao", "Xin", "Lei", "Yan", "Jun", "Mei", "Chen", "Ling", "Tao", "Hui",
         "Yu", "Fang"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
         "Sun", "Ma", "Zhu"),
        ("Shanghai", "Beijing", "Shenzhen", "Hong Kong", "Singapore", "London", "Vancouver")),
    "chinese_script": (
        ("伟", "静", "浩", "欣", "磊", "燕", "军", "梅"),
        ("王", "李", "张", "刘", "陈", "杨", "黄", "赵"),
        ("Shanghai", "Beijing", "Shenzhen", "Hong Kong")),
    "arabic": (
        ("Omar", "Layla", "Yusuf", "Fatima", "Ahmed", "Mariam", "Khalid", "Noor", "Hassan",
         "Aisha", "Karim", "Salma", "Tariq", "Huda"),
        ("Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Hamdan", "Aziz", "Rahman",
         "El-Amin", "Qureshi", "Sabbagh"),
        ("Dubai", "Abu Dhabi", "Riyadh", "Doha", "Amman", "Cairo", "Casablanca", "London")),
    "arabic_script": (
        ("عمر", "ليلى", "يوسف", "فاطمة", "أحمد", "مريم"),
        ("حداد", "خليل", "منصور", "ناصر", "صالح"),
        ("Dubai", "Riyadh", "Amman", "Cairo")),
    "nigerian": (
        ("Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Funmilayo", "Tunde", "Chiamaka",
         "Ifeanyi", "Yetunde", "Obinna", "Temitope"),
        ("Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Oyelaran", "Nwosu", "Adebayo",
         "Obi", "Afolabi", "Chukwu", "Bello"),
        ("Lagos", "Abuja", "Port Harcourt", "Ibadan", "London", "Manchester")),
    "polish": (
        ("Łukasz", "Zofia", "Jakub", "Małgorzata", "Piotr", "Agnieszka", "Krzysztof", "Katarzyna",
         "Tomasz", "Ewa", "Michał", "Joanna"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
         "Szymański", "Woźniak", "Dąbrowski"),
        ("Warsaw", "Kraków", "Wrocław", "Gdańsk", "Poznań", "London")),
    "german": (
        ("Lukas", "Hannah", "Felix", "Lea", "Jonas", "Anna", "Maximilian", "Lena", "Paul",
         "Marie", "Jürgen", "Sabine"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Schäfer", "Koch"),
        ("Berlin", "Munich", "Hamburg", "Frankfurt am Main", "Cologne", "Stuttgart", "Zurich",
         "Vienna")),
    "french": (
        ("Camille", "Louis", "Chloé", "Gabriel", "Léa", "Raphaël", "Manon", "Arthur", "Inès",
         "Jules", "Céline", "François"),
        ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
         "Leroy", "Moreau", "Lefèvre", "Girard"),
        ("Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Brussels",
         "Montreal")),
    "japanese": (
        ("Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Yuto", "Sakura", "Kenji", "Akiko"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
         "Kobayashi", "Kato"),
        ("Tokyo", "Osaka", "Yokohama", "Nagoya", "Fukuoka", "London")),
    "vietnamese": (
        ("Anh", "Linh", "Minh", "Trang", "Duc", "Huong", "Quang", "Thu"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"),
        ("Ho Chi Minh City", "Hanoi", "Da Nang", "Singapore")),
    "brazilian": (
        ("João", "Ana", "Gabriel", "Beatriz", "Lucas", "Larissa", "Rafael", "Camila", "Thiago",
         "Fernanda"),
        ("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira", "Costa",
         "Rodrigues", "Almeida"),
        ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Porto Alegre", "Lisbon", "Porto")),
    "turkish": (
        ("Mehmet", "Elif", "Mustafa", "Zeynep", "Emre", "Ayşe", "Burak", "Selin"),
        ("Y\u0131lmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Ayd\u0131n", "Arslan"),
        ("Istanbul", "Ankara", "Izmir", "Berlin", "London")),
}
CULTURE_WEIGHTS = {
    "english": 30, "spanish": 8, "indian": 12, "chinese": 7, "chinese_script": 1, "arabic": 5,
    "arabic_script": 1, "nigerian": 6, "polish": 5, "german": 6, "french": 6, "japanese": 3,
    "vietnamese": 3, "brazilian": 4, "turkish": 3,
}
COUNTRIES = {
    "London": "United Kingdom", "Manchester": "United Kingdom", "Birmingham": "United Kingdom",
    "Leeds": "United Kingdom", "Bristol": "United Kingdom", "Edinburgh": "United Kingdom",
    "Glasgow": "United Kingdom", "Cardiff": "United Kingdom", "Liverpool": "United Kingdom",
    "Newcastle upon Tyne": "United Kingdom", "Sheffield": "United Kingdom",
    "Nottingham": "United Kingdom", "Leicester": "United Kingdom", "Madrid": "Spain",
    "Barcelona": "Spain", "Valencia": "Spain", "Seville": "Spain", "Bilbao": "Spain",
    "Málaga": "Spain", "Mexico City": "Mexico", "Buenos Aires": "Argentina",
    "Bogotá": "Colombia", "Bengaluru": "India", "Mumbai": "India", "Pune": "India",
    "Hyderabad": "India", "Chennai": "India", "New Delhi": "India", "Kolkata": "India",
    "Shanghai": "China", "Beijing": "China", "Shenzhen": "China", "Hong Kong": "Hong Kong",
    "Singapore": "Singapore", "Vancouver": "Canada", "Dubai": "United Arab Emirates",
    "Abu Dhabi": "United Arab Emirates", "Riyadh": "Saudi Arabia", "Doha": "Qatar",
    "Amman": "Jordan", "Cairo": "Egypt", "Casablanca": "Morocco", "Lagos": "Nigeria",
    "Abuja": "Nigeria", "Port Harcourt": "Nigeria", "Ibadan": "Nigeria", "Warsaw": "Poland",
    "Kraków": "Poland", "Wrocław": "Poland", "Gdańsk": "Poland", "Poznań": "Poland",
    "Berlin": "Germany", "Munich": "Germany", "Hamburg": "Germany",
    "Frankfurt am Main": "Germany", "Cologne": "Germany", "Stuttgart": "Germany",
    "Zurich": "Switzerland", "Vienna": "Austria", "Paris": "France", "Lyon": "France",
    "Marseille": "France", "Toulouse": "France", "Lille": "France", "Bordeaux": "France",
    "Brussels": "Belgium", "Montreal": "Canada", "Tokyo": "Japan", "Osaka": "Japan",
    "Yokohama": "Japan", "Nagoya": "Japan", "Fukuoka": "Japan", "Ho Chi Minh City": "Vietnam",
    "Hanoi": "Vietnam", "Da Nang": "Vietnam", "São Paulo": "Brazil",
    "Rio de Janeiro": "Brazil", "Belo Horizonte": "Brazil", "Porto Alegre": "Brazil",
    "Lisbon": "Portugal", "Porto": "Portugal", "Istanbul": "Turkey", "Ankara": "Turkey",
    "Izmir": "Turkey",
}
CITIES = tuple(COUNTRIES)


@dataclass(frozen=True)
class Profession:
    titles: tuple[str, ...]
    categories: tuple[str, ...]
    weight: int
    verbs: tuple[str, ...]
    objects: tuple[str, ...]


PROFESSIONS = (
    Profession(("Software Engineer", "Senior Software Engineer", "Backend Developer",
                "Full Stack Developer", "Lead Developer", "Principal Engineer"),
               ("Programming language", "Web and software development", "Database", "Testing",
                "Cloud"), 18,
               ("Built", "Designed", "Maintained", "Rewrote", "Scaled"),
               ("payment services", "a booking platform", "internal APIs", "the customer portal",
                "a search service", "billing integrations")),
    Profession(("Data Scientist", "Data Engineer", "Machine Learning Engineer", "Data Analyst",
                "Analytics Engineer"),
               ("Data and AI", "Programming language", "Database", "Cloud"), 9,
               ("Modelled", "Built", "Automated", "Analysed", "Deployed"),
               ("churn prediction models", "data pipelines", "demand forecasts",
                "recommendation features", "the reporting warehouse")),
    Profession(("DevOps Engineer", "Site Reliability Engineer", "Platform Engineer",
                "Cloud Architect", "Systems Administrator"),
               ("DevOps", "Cloud", "Operating system", "Networking", "Security"), 7,
               ("Automated", "Migrated", "Hardened", "Monitored", "Operated"),
               ("the Kubernetes estate", "CI/CD pipelines", "the on-call rotation",
                "cloud infrastructure", "the observability stack")),
    Profession(("Accountant", "Financial Analyst", "Finance Manager", "Management Accountant",
                "Payroll Specialist"),
               ("Finance", "Office and productivity", "ERP and CRM", "Certification"), 8,
               ("Prepared", "Reconciled", "Audited", "Forecast", "Reported"),
               ("month-end accounts", "group budgets", "VAT returns", "cash flow forecasts",
                "management reports")),
    Profession(("Staff Nurse", "Registered Nurse", "Healthcare Assistant", "Clinical Lead",
                "Ward Manager"),
               ("Healthcare", "Certification", "Soft skill"), 7,
               ("Cared for", "Coordinated", "Trained", "Supported", "Assessed"),
               ("patients on a surgical ward", "discharge planning", "new starters",
                "medication rounds", "community visits")),
    Profession(("Marketing Manager", "Digital Marketing Executive", "Content Strategist",
                "SEO Specialist", "Brand Manager"),
               ("Marketing", "Design and media", "Office and productivity"), 6,
               ("Launched", "Grew", "Planned", "Ran", "Measured"),
               ("paid social campaigns", "the brand refresh", "email journeys",
                "organic traffic", "product launches")),
    Profession(("Account Executive", "Sales Manager", "Business Development Manager",
                "Key Account Manager", "Sales Representative"),
               ("Sales", "ERP and CRM", "Soft skill"), 7,
               ("Closed", "Grew", "Negotiated", "Managed", "Opened"),
               ("enterprise accounts", "new territories", "renewal contracts",
                "the partner channel", "a regional pipeline")),
    Profession(("HR Business Partner", "Recruiter", "HR Manager", "Talent Acquisition Lead",
                "People Advisor"),
               ("Human resources", "Office and productivity", "Legal", "Soft skill"), 4,
               ("Hired", "Advised", "Introduced", "Ran", "Reduced"),
               ("graduate intakes", "employee relations cases", "a new HRIS",
                "engagement surveys", "time to hire")),
    Profession(("Project Manager", "Programme Manager", "Scrum Master", "Delivery Manager",
                "PMO Analyst"),
               ("Project management", "Certification", "Soft skill", "Office and productivity"),
               6, ("Delivered", "Led", "Planned", "Coordinated", "Rescued"),
               ("an ERP rollout", "a data centre move", "a regulatory programme",
                "three agile teams", "the office relocation")),
    Profession(("Civil Engineer", "Mechanical Engineer", "Electrical Engineer",
                "Structural Engineer", "Quality Engineer"),
               ("Engineering", "Certification", "Project management"), 6,
               ("Designed", "Inspected", "Commissioned", "Specified", "Tested"),
               ("bridge refurbishments", "HVAC systems", "substation upgrades",
                "production lines", "steel frames")),
    Profession(("Electrician", "Plumber", "Site Supervisor", "Carpenter",
                "Maintenance Technician"),
               ("Trades", "Certification", "Logistics"), 5,
               ("Installed", "Repaired", "Maintained", "Supervised", "Fitted"),
               ("commercial wiring", "heating systems", "site crews", "kitchen refits",
                "plant machinery")),
    Profession(("Logistics Coordinator", "Warehouse Manager", "Supply Chain Analyst",
                "Transport Planner", "Buyer"),
               ("Logistics", "ERP and CRM", "Office and productivity"), 4,
               ("Planned", "Cut", "Ran", "Sourced", "Scheduled"),
               ("outbound deliveries", "stock losses", "a 40,000 m2 warehouse",
                "packaging suppliers", "the fleet")),
    Profession(("Store Manager", "Hotel Receptionist", "Restaurant Manager", "Sous Chef",
                "Retail Assistant"),
               ("Hospitality and retail", "Soft skill", "Office and productivity"), 4,
               ("Managed", "Trained", "Served", "Improved", "Ran"),
               ("a team of twelve", "guest satisfaction scores", "the evening service",
                "stock rotation", "seasonal promotions")),
    Profession(("Solicitor", "Paralegal", "Legal Counsel", "Compliance Officer",
                "Contracts Manager"),
               ("Legal", "Office and productivity", "Finance"), 3,
               ("Drafted", "Advised on", "Negotiated", "Reviewed", "Managed"),
               ("commercial contracts", "GDPR compliance", "employment disputes",
                "property transactions", "supplier terms")),
    Profession(("Teacher", "Lecturer", "Teaching Assistant", "Head of Department",
                "Learning Designer"),
               ("Education", "Soft skill", "Office and productivity"), 3,
               ("Taught", "Designed", "Mentored", "Led", "Assessed"),
               ("GCSE mathematics", "an online course", "newly qualified teachers",
                "the science department", "coursework")),
    Profession(("UX Designer", "Graphic Designer", "Product Designer", "Motion Designer",
                "Art Director"),
               ("Design and media", "Web and software development", "Marketing"), 3,
               ("Designed", "Prototyped", "Researched", "Illustrated", "Directed"),
               ("the checkout flow", "a design system", "user interviews",
                "campaign visuals", "the mobile app")),
    Profession(("Security Analyst", "Penetration Tester", "Security Engineer", "SOC Analyst"),
               ("Security", "Networking", "Cloud", "Certification"), 3,
               ("Investigated", "Tested", "Hardened", "Monitored", "Responded to"),
               ("phishing incidents", "web applications", "identity systems", "SIEM alerts",
                "ransomware drills")),
    Profession(("iOS Developer", "Android Developer", "Mobile Engineer"),
               ("Mobile development", "Programming language", "Web and software development"),
               2, ("Shipped", "Built", "Optimised", "Maintained"),
               ("a banking app", "offline sync", "app start-up time", "push notifications")),
    Profession(("Research Scientist", "Laboratory Technician", "Chemist", "Biologist"),
               ("Science", "Data and AI", "Certification"), 2,
               ("Ran", "Published", "Validated", "Developed"),
               ("assay development", "stability studies", "field trials", "a new method")),
    Profession(("Office Manager", "Executive Assistant", "Administrator", "Receptionist"),
               ("Administration", "Office and productivity", "Soft skill"), 3,
               ("Organised", "Managed", "Supported", "Coordinated"),
               ("board meetings", "the directors' diaries", "office moves", "supplier invoices")),
)

COMPANY_FIRST = (
    "Harbour", "Northgate", "Blue Ridge", "Quay", "Summit", "Copper", "Meridian", "Oakfield",
    "Pennine", "Silverline", "Granite", "Beacon", "Riverside", "Lumen", "Atlas", "Kestrel",
    "Brightwater", "Corvid", "Evergreen", "Redwood", "Northbridge", "Ironbark", "Falcon",
    "Saffron", "Tidewater", "Horizon", "Mosaic", "Juniper", "Cobalt", "Larch", "Vantage",
    "Orchid", "Westbrook", "Highland", "Stellar", "Anchor", "Keystone", "Marlow", "Fenwick",
    "Ashby",
)
COMPANY_SECOND = (
    "Logistics", "Health", "Analytics", "Systems", "Retail", "Engineering", "Financial",
    "Digital", "Foods", "Energy", "Labs", "Software", "Partners", "Capital", "Media",
    "Construction", "Pharma", "Telecom", "Insurance", "Consulting", "Motors", "Hotels",
    "Security", "Education",
)
COMPANY_SUFFIX = ("Ltd", "plc", "Group", "GmbH", "Inc.", "LLP", "S.A.", "", "", "")
UNIVERSITY_CITIES = (
    "London", "Manchester", "Leeds", "Edinburgh", "Warwick", "Bristol", "York", "Madrid",
    "Mumbai", "Delhi", "Lagos", "Warsaw", "Munich", "Lyon", "Tokyo", "São Paulo", "Cairo",
    "Shanghai", "Istanbul", "Hanoi",
)
DEGREES = (("BSc", 30), ("BA", 20), ("MSc", 15), ("MA", 6), ("BEng", 8), ("MEng", 4),
           ("PhD", 3), ("HND", 5), ("Diploma", 6), ("MBA", 3))
FIELDS = ("Computer Science", "Mathematics", "Business Administration", "Economics",
          "Nursing", "Mechanical Engineering", "Civil Engineering", "Accounting and Finance",
          "Marketing", "Psychology", "Law", "Physics", "Chemistry", "English Literature",
          "Graphic Design", "Education", "History", "Electrical Engineering")
LANGUAGES = ("English", "Spanish", "French", "German", "Mandarin", "Arabic", "Hindi",
             "Portuguese", "Polish", "Japanese", "Italian", "Turkish", "Vietnamese", "Yoruba")
JOB_COUNT_CUM = [10.0, 30.0, 58.0, 80.0, 92.0, 100.0]
STUDY_COUNT_CUM = [10.0, 75.0, 100.0]
LEVELS = ("Native", "Fluent", "Professional", "Conversational", "Basic")
SUMMARY_OPENERS = (
    "{title} with {years} years of experience in {area}.",
    "Results-driven {title_lower} who has spent {years} years working on {area}.",
    "Experienced {title_lower} ({years} years) focused on {area}.",
    "{title} known for calm delivery under pressure; {years} years in {area}.",
)
SUMMARY_CLOSERS = (
    "Looking for a hybrid role with a growing team.",
    "Open to relocation for the right opportunity.",
    "Keen to mentor others and keep learning.",
    "Happiest where quality and people both matter.",
    "",
)
DESCRIPTION_EXTRAS = (
    "Worked closely with stakeholders across {n} departments.",
    "Reduced costs by {pct}% in the first year.",
    "Led a team of {n} and reported to the director.",
    "Introduced {skill} to the team and ran the training.",
    "Improved turnaround times by {pct}% using {skill}.",
    "Handled escalations and wrote the runbooks.",
    "Took part in the on-call rotation and the hiring panel.",
)


# --------------------------------------------------------------------------- the generator


def _cumulative(weights: list[float]) -> list[float]:
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


def _zipf(count: int, exponent: float = 1.07) -> list[float]:
    return [1.0 / (rank ** exponent) for rank in range(1, count + 1)]


# Small, fast stand-ins for random.choice/choices/randint (about 10x cheaper each): generating
# 100,000 candidates makes millions of draws, and the load must stay well under a minute.


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def weighted(rng: random.Random, items: Sequence[T], cumulative: list[float]) -> T:
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], both included."""
    return low + int(rng.random() * (high - low + 1))


def ascii_slug(text: str) -> str:
    """Letters and digits for e-mail addresses and link slugs (José -> jose, Łukasz -> lukasz);
    names in other scripts give '' and the caller falls back to a neutral word."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("\u0131", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in " -"))
    return "-".join(kept.lower().split())


class CandidateGenerator:
    """Reproducible candidates: `candidate(i)` depends only on the seed and `i`."""

    def __init__(self, seed: int = SEED):
        self.seed = seed
        setup = random.Random(f"mustard-bench-setup:{seed}")
        self.vocabulary = load_vocabulary()
        by_category: dict[str, list[Skill]] = {}
        for skill in self.vocabulary:
            by_category.setdefault(skill.category, []).append(skill)
        # Each category's skills in a popularity order: the known head first, the rest shuffled.
        head = {name: rank for rank, name in enumerate(HEAD_SKILLS)}
        self.ranked: dict[str, list[Skill]] = {}
        for category, skills in by_category.items():
            famous = sorted((s for s in skills if s.name in head), key=lambda s: head[s.name])
            rest = [s for s in skills if s.name not in head]
            setup.shuffle(rest)
            self.ranked[category] = famous + rest
        self._category_cum = {c: _cumulative(_zipf(len(s))) for c, s in self.ranked.items()}
        everything = [s for s in self.vocabulary if s.name in head]
        everything.sort(key=lambda s: head[s.name])
        rest = [s for s in self.vocabulary if s.name not in head]
        setup.shuffle(rest)
        self.global_ranked = everything + rest
        self._global_cum = _cumulative(_zipf(len(self.global_ranked), 1.0))
        self.companies = self._companies(setup, 6000)
        self._company_cum = _cumulative(_zipf(len(self.companies), 0.9))
        self._professions_cum = _cumulative([p.weight for p in PROFESSIONS])
        self._cultures = list(CULTURE_WEIGHTS)
        self._cultures_cum = _cumulative([CULTURE_WEIGHTS[c] for c in self._cultures])
        self._degrees_cum = _cumulative([w for _, w in DEGREES])

    @staticmethod
    def _companies(rng: random.Random, count: int) -> list[str]:
        names: dict[str, None] = {}
        while len(names) < count:
            name = f"{rng.choice(COMPANY_FIRST)} {rng.choice(COMPANY_SECOND)}"
            suffix = rng.choice(COMPANY_SUFFIX)
            if len(names) > count // 3:  # the long tail: smaller firms with a place name
                name = f"{rng.choice(COMPANY_FIRST)} {rng.choice(list(COUNTRIES))} " \
                       f"{rng.choice(COMPANY_SECOND)}"
            names[f"{name} {suffix}".strip()] = None
        return list(names)

    def popular_skills(self, count: int = 10) -> list[str]:
        """The most frequent skill names overall (for benchmark queries)."""
        return [skill.name for skill in self.global_ranked[:count]]

    def rare_skills(self, count: int = 10) -> list[str]:
        """Skills from the long tail (for benchmark queries that match few candidates)."""
        rng = random.Random(f"mustard-bench-rare:{self.seed}")
        tail = self.global_ranked[len(self.global_ranked) // 2:]
        return [skill.name for skill in rng.sample(tail, count)]

    def popular_companies(self, count: int = 10) -> list[str]:
        return self.companies[:count]

    def candidate(self, index: int) -> dict[str, Any]:
        """One candidate as the API would serve it (without tenant): contact fields, profile,
        timestamps and a stable id."""
        rng = random.Random(f"mustard-bench:{self.seed}:{index}")
        culture = weighted(rng, self._cultures, self._cultures_cum)
        given, family, cities = CULTURES[culture]
        first, last = pick(rng, given), pick(rng, family)
        native_script = culture.endswith("_script")
        if native_script and culture.startswith("chinese"):
            name = f"{last}{first}"
        else:
            name = f"{first} {last}"
        city = pick(rng, cities) if rng.random() < 0.85 else pick(rng, CITIES)
        location = f"{city}, {COUNTRIES[city]}"
        profession = weighted(rng, PROFESSIONS, self._professions_cum)
        skills = self._skills(rng, profession)
        experience = self._experience(rng, profession, skills)
        slug = ascii_slug(name) or f"candidate-{index}"
        email = f"{slug.replace('-', '.')}.{index}@example.{pick(rng, ('com', 'org', 'net'))}"
        updated = NOW - timedelta(seconds=int(rng.random() * 3 * 365 * 86400))
        created = updated - timedelta(seconds=int(rng.random() * 2 * 365 * 86400))
        years = max(1, TODAY.year - int(experience[-1]["start"][:4])) if experience else 1
        area = ", ".join(s["name"] for s in skills[:2]) or profession.objects[0]
        headline = experience[0]["title"] if experience else profession.titles[0]
        summary = " ".join(filter(None, (
            pick(rng, SUMMARY_OPENERS).format(title=headline, title_lower=headline.lower(),
                                               years=years, area=area),
            pick(rng, SUMMARY_CLOSERS))))
        links = [{"url": f"https://www.linkedin.com/in/{slug}-{index}-example",
                  "kind": "linkedin"}]
        if "Programming language" in profession.categories and rng.random() < 0.5:
            links.append({"url": f"https://github.com/{slug}-{index}-example", "kind": "github"})
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": name,
            "email": email,
            "phone": self._phone(rng),
            "location": location,
            "headline": headline,
            "profile": {
                "summary": summary,
                "experience": experience,
                "education": self._education(rng, experience),
                "skills": skills,
                "languages": self._languages(rng, culture),
                "links": links,
            },
            "created_at": created,
            "updated_at": updated,
        }

    def candidates(self, start: int, stop: int) -> Iterator[dict[str, Any]]:
        for index in range(start, stop):
            yield self.candidate(index)

    # ------------------------------------------------------------------ parts

    def _skills(self, rng: random.Random, profession: Profession) -> list[dict[str, Any]]:
        wanted = between(rng, 5, 18)
        chosen: dict[str, Skill] = {}
        for _ in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            if rng.random() < 0.85:
                category = pick(rng, profession.categories)
                ranked = self.ranked.get(category)
                if not ranked:
                    continue
                skill = weighted(rng, ranked, self._category_cum[category])
            else:
                skill = weighted(rng, self.global_ranked, self._global_cum)
            chosen.setdefault(skill.name, skill)
        return [{"name": s.name, "category": s.category,
                 **({"aliases": list(s.aliases[:3])} if s.aliases and rng.random() < 0.3 else {})}
                for s in chosen.values()]

    def _experience(self, rng: random.Random, profession: Profession,
                    skills: list[dict[str, Any]]) -> list[dict[str, Any]]:
        jobs = []
        end: date | None = None  # the newest job is usually current
        cursor = TODAY
        for position in range(weighted(rng, (1, 2, 3, 4, 5, 6), JOB_COUNT_CUM)):
            months = between(rng, 8, 84)
            if position == 0 and rng.random() < 0.2:  # between jobs
                cursor = cursor - timedelta(days=30 * between(rng, 1, 8))
                end = cursor
            start = cursor - timedelta(days=30 * months)
            if start.year < 1975:
                break
            company = weighted(rng, self.companies, self._company_cum)
            title = profession.titles[min(len(profession.titles) - 1,
                                          max(0, between(rng, 0, 3) - position // 2))]
            skill = pick(rng, skills)["name"] if skills else "planning"
            extras = rng.sample(DESCRIPTION_EXTRAS, between(rng, 1, 3))
            description = " ".join([
                f"{pick(rng, profession.verbs)} {pick(rng, profession.objects)} "
                f"using {skill}.",
                *(extra.format(n=between(rng, 2, 15), pct=between(rng, 5, 45), skill=skill)
                  for extra in extras)])
            jobs.append({
                "title": title, "company": company,
                "location": None if rng.random() < 0.5 else pick(rng, CITIES),
                "start": f"{start.year}-{start.month:02d}",
                "end": None if end is None else f"{end.year}-{end.month:02d}",
                "current": end is None,
                "months": months,
                "description": description,
            })
            end = start - timedelta(days=30 * between(rng, 0, 3))
            cursor = end
        return jobs

    def _education(self, rng: random.Random,
                   experience: list[dict[str, Any]]) -> list[dict[str, Any]]:
        first_job = int(experience[-1]["start"][:4]) if experience else TODAY.year - 3
        studies = []
        for number in range(weighted(rng, (0, 1, 2), STUDY_COUNT_CUM)):
            end = first_job - number * between(rng, 1, 3)
            degree = weighted(rng, DEGREES, self._degrees_cum)[0]
            studies.append({
                "institution": f"University of {pick(rng, UNIVERSITY_CITIES)}",
                "degree": degree, "field": pick(rng, FIELDS),
                "start": str(end - between(rng, 1, 4)), "end": str(end),
            })
        return studies

    @staticmethod
    def _languages(rng: random.Random, culture: str) -> list[dict[str, Any]]:
        native = {"spanish": "Spanish", "chinese": "Mandarin", "chinese_script": "Mandarin",
                  "arabic": "Arabic", "arabic_script": "Arabic", "indian": "Hindi",
                  "nigerian": "Yoruba", "polish": "Polish", "german": "German",
                  "french": "French", "japanese": "Japanese", "vietnamese": "Vietnamese",
                  "brazilian": "Portuguese", "turkish": "Turkish"}.get(culture, "English")
        names = [native] + [n for n in rng.sample(LANGUAGES, between(rng, 0, 2)) if n != native]
        if "English" not in names and rng.random() < 0.9:
            names.append("English")
        return [{"name": name, "level": "Native" if name == native else pick(rng, LEVELS[1:])}
                for name in names]

    @staticmethod
    def _phone(rng: random.Random) -> str | None:
        """Numbers from ranges reserved for fiction: UK Ofcom drama ranges, US 555-01xx."""
        kind = rng.random()
        if kind < 0.45:
            return f"+44 20 7946 0{between(rng, 0, 999):03d}"
        if kind < 0.65:
            return f"07700 900{between(rng, 0, 999):03d}"
        if kind < 0.8:
            return f"+1 212 555 01{between(rng, 0, 99):02d}"
        if kind < 0.95:
            return f"0161 496 0{between(rng, 0, 999):03d}"
        return None


# --------------------------------------------------------------------------- loading

CONTACT = ("name", "email", "phone", "location", "headline")


def columns() -> list[str]:
    """Every column of the `candidates` table, as the model declares it today."""
    return [column.name for column in Candidate.__table__.columns]


def row_values(candidate: dict[str, Any], tenant_id: str, names: list[str]) -> list[Any]:
    """The candidate as a `candidates` row (values in the order of `names`).

    The row is what the service writes: its fields are set by the core's own `apply_fields`,
    so every derived column (normalised e-mail and phone, skill and link keys...) is computed
    by the code that computes it for real, whatever columns the model has by then. It is set on
    a plain namespace rather than a mapped Candidate, which costs a third of the time; unset
    columns take their declared default."""
    row = SimpleNamespace(**dict.fromkeys(names))
    row.id, row.tenant_id, row.source, row.version = candidate["id"], tenant_id, "import", 1
    row.created_at, row.updated_at = candidate["created_at"], candidate["updated_at"]
    apply_fields(row, {**{key: candidate[key] for key in CONTACT},  # type: ignore[arg-type]
                       "profile": candidate["profile"]})
    table = Candidate.__table__.columns
    values = []
    for name in names:
        value = getattr(row, name)
        if value is None and table[name].default is not None and table[name].default.is_scalar:
            value = table[name].default.arg
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, datetime):
            value = value.isoformat()
        values.append(value)
    return values


@dataclass
class LoadReport:
    count: int
    seconds: float
    processes: int
    """Generator processes used (0: generated in the loading process)."""


def csv_batch(generator: CandidateGenerator, tenant_id: str, low: int, high: int,
              names: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for candidate in generator.candidates(low, high):
        writer.writerow(["\\N" if value is None else value
                         for value in row_values(candidate, tenant_id, names)])
    return buffer.getvalue()


_worker_generator: CandidateGenerator | None = None


def _start_worker(seed: int) -> None:
    global _worker_generator
    _worker_generator = CandidateGenerator(seed)


def _worker_batch(tenant_id: str, low: int, high: int, names: list[str]) -> str:
    assert _worker_generator is not None
    return csv_batch(_worker_generator, tenant_id, low, high, names)


PARALLEL_FROM = 20_000
"""Loads of at least this many candidates generate in worker processes (one per core): starting
them costs about a second, generating 100,000 in one process about 45."""


def load_candidates(engine: Engine, tenant_id: str, generator: CandidateGenerator, start: int,
                    stop: int, *, batch: int = 5_000, processes: int | None = None) -> LoadReport:
    """COPY candidates `start..stop-1` of the generator into the tenant, `batch` rows per COPY
    (each its own transaction), then ANALYZE. PostgreSQL only.

    Generating is Python work and COPY is the server's, so they overlap: batches are generated
    ahead (by worker processes for large loads, else in this process) while the previous one
    is copied. At most a few batches are held at once."""
    if engine.dialect.name != "postgresql":
        raise ValueError("load_candidates writes with COPY: PostgreSQL only")
    if processes is None:
        processes = (os.cpu_count() or 1) if stop - start >= PARALLEL_FROM else 0
    names = columns()
    statement = (f"COPY candidates ({', '.join(names)}) FROM STDIN "
                 "WITH (FORMAT csv, NULL '\\N')")
    ranges = [(low, min(stop, low + batch)) for low in range(start, stop, batch)]
    began = time.perf_counter()
    raw = engine.raw_connection()

    def copy(future: Future) -> None:
        with raw.cursor() as cursor:
            cursor.copy_expert(statement, io.StringIO(future.result()), size=1 << 20)
        raw.commit()

    try:
        with ExitStack() as stack:
            if processes:
                pool = stack.enter_context(ProcessPoolExecutor(
                    processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker, initargs=(generator.seed,)))
                ahead = processes + 1
            else:
                pool = stack.enter_context(ThreadPoolExecutor(1, thread_name_prefix="bench-gen"))
                ahead = 1
            pending: deque[Future] = deque()
            for low, high in ranges:
                if processes:
                    pending.append(pool.submit(_worker_batch, tenant_id, low, high, names))
                else:
                    pending.append(pool.submit(csv_batch, generator, tenant_id, low, high,
                                               names))
                if len(pending) > ahead:
                    copy(pending.popleft())
            while pending:
                copy(pending.popleft())
        with raw.cursor() as cursor:
            cursor.execute("ANALYZE candidates")
        raw.commit()
    finally:
        raw.close()
    return LoadReport(count=stop - start, seconds=time.perf_counter() - began,
                      processes=processes)
