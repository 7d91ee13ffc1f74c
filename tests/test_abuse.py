"""Abuse: tenant isolation as a property, brute force, browser-facing headers, injection.

- Isolation: hypothesis builds two agencies with data of every kind, then every GET route of
  the API and of the console (found by enumerating the app, placeholders filled with ids of
  both agencies) is called as each agency's admin; no response may contain an id, e-mail
  address, name or word of the other agency.
- Brute force: the login limits (per account and per address) hold across API processes
  because they live in Redis, ignore case and spaces in the e-mail address, answer 429 with
  Retry-After, and bind the console's sign-in form too.
- Headers: downloads are attachments with nosniff (an uploaded HTML "CV" is never rendered);
  the console sends its policy headers.
- Injection: quotes, SQL, LIKE wildcards and the search engines' operator and filter syntax in
  every search and filter parameter are matched as text, for the SQL search on both databases
  and for Algolia (the plugin against its protocol-faithful fake).
"""

from __future__ import annotations

import html
import os
import re
import uuid
from dataclasses import dataclass, field, replace
from urllib.parse import quote, quote_plus

import pytest
import webtest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pyramid.interfaces import IRoutesMapper

from mustard_core.app import make_app
from mustard_core.platform import build_platform
from tests.admin.conftest import ConsoleClient
from tests.fixtures import cvs
from tests.helpers import TEST_PASSWORD, Client, remember_secret

# --------------------------------------------------------------------------- isolation


@dataclass
class Agency:
    """One tenant's data as created through the API, and the strings that identify it."""

    tenant: object
    admin: object
    api: Client
    console: ConsoleClient
    token: str
    ids: dict[str, list[str]] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)

    def add(self, kind: str, value: str) -> str:
        self.ids.setdefault(kind, []).append(value)
        self.secrets.add(value)
        return value


ISOLATION_EXAMPLES = int(os.environ.get("MUSTARD_ISOLATION_EXAMPLES", "2"))
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)
CANDIDATES = st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=3)


def build_agency(app, platform, factory, label: str, people: list[tuple[str, str]]) -> Agency:
    """An agency with users, candidates, a parsed CV, a synonym set, a template, a resume and
    its share link; every identifying string carries a token unique to this agency."""
    token = f"{label}{uuid.uuid4().hex[:10]}"
    tenant = factory.tenant(slug=f"iso-{token}")
    admin = factory.user(tenant, "admin", password=TEST_PASSWORD,
                         email=f"admin.{token}@{token}.example")
    recruiter = factory.user(tenant, "recruiter", email=f"recruiter.{token}@{token}.example")
    api = Client(app, factory.token(admin))
    console = ConsoleClient(app.app, admin)
    console.login(admin.email)
    agency = Agency(tenant, admin, api, console, token)
    agency.add("tenants", tenant.id)
    agency.secrets |= {tenant.slug, admin.email, recruiter.email, token}
    agency.add("users", admin.id)
    agency.add("users", recruiter.id)
    for first, last in people:
        name = f"{first.title()} {last.title()}{token}"
        body = api.post("/api/v1/candidates", {"name": name,
                                               "email": f"{first}.{last}@{token}.example"}).json
        agency.add("candidates", body["id"])
        agency.secrets |= {name, body["email"]}
    person = replace(cvs.ADA, name=f"Ada {token.title()}",
                         email=f"ada@{token}.example", phone="+44 20 7946 0001",
                         links=(f"https://www.linkedin.com/in/{token}",))
    remember_secret(person.email)
    accepted = api.upload("/api/v1/uploads", f"cv-{token}.txt", cvs.txt_cv(person)).json
    agency.add("documents", accepted["document"]["id"])
    agency.add("jobs", accepted["job"]["id"])
    agency.secrets |= {person.email, f"cv-{token}.txt"}
    synonym = api.post("/api/v1/synonyms", {"type": "synonym",
                                            "synonyms": [f"syn{token}", "javascript"]}).json
    agency.add("synonyms", synonym["id"])
    template = api.post("/api/v1/templates", {
        "name": f"tpl-{token}"[:60], "source": "<p>{{ candidate.display_name }}</p>"}).json
    agency.add("templates", template["id"])
    agency.secrets.add(template["name"])
    platform.dispatcher.drain(timeout=60)
    parsed = api.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert parsed["state"] == "succeeded", parsed
    candidate_id = agency.add("candidates", parsed["result"]["candidate_id"])
    resume = api.post(f"/api/v1/candidates/{candidate_id}/resumes", {}, status=202).json
    agency.add("resumes", resume["resume"]["id"])
    agency.add("jobs", resume["job"]["id"])
    platform.dispatcher.drain(timeout=60)
    share = api.post(f"/api/v1/resumes/{resume['resume']['id']}/shares", {}).json
    agency.add("shares", share["id"])
    for job in api.get("/api/v1/jobs?limit=200").json["items"]:
        agency.add("jobs", job["id"])
    return agency


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def get_routes(app) -> list[str]:
    """Every route pattern of the app that answers GET (API, console, share links)."""
    registry = app.app.registry
    routes = {r.name: r.pattern for r in registry.queryUtility(IRoutesMapper).get_routes()}
    patterns = set()
    for intr in registry.introspector.get_category("views"):
        view = intr["introspectable"]
        methods = view["request_methods"] or ("GET",)
        methods = (methods,) if isinstance(methods, str) else methods
        if view["route_name"] in routes and "GET" in methods:
            patterns.add(routes[view["route_name"]])
    return sorted(patterns)


def kind_of(pattern: str, placeholder: str) -> str | None:
    """Which ids a placeholder takes: `{id}` takes the ids of the collection before it."""
    named = {"document_id": "documents", "resume_id": "resumes", "share_id": "shares"}
    if placeholder in named:
        return named[placeholder]
    if placeholder != "id":
        return None  # invite tokens and share tokens: secrets, not ids
    collection = pattern.split("/{id}")[0].rsplit("/", 1)[-1]
    return {"duplicates": None, "erasures": None}.get(collection, collection)


def urls_for(pattern: str, ids: dict[str, list[str]]) -> list[str]:
    """The pattern with every placeholder filled by each known id of its kind."""
    urls = [pattern]
    for placeholder in PLACEHOLDER.findall(pattern):
        kind = kind_of(pattern, placeholder)
        values = ids.get(kind, []) if kind else []
        values = values or ["00000000-0000-0000-0000-000000000000"]
        urls = [url.replace("{" + placeholder + "}", value, 1) for url in urls
                for value in values]
    return urls


def leaks(response, secrets: set[str], echoed: list[str]) -> list[str]:
    """The other agency's strings in this response, once what the viewer itself sent (its
    search text, shown back in a search box or a next-page link) is taken out."""
    text = response.body.decode("utf-8", "replace") + " " + " ".join(
        f"{k}: {v}" for k, v in response.headers.items())
    for sent in echoed:
        for form in (sent, quote(sent), quote_plus(sent), html.escape(sent)):
            text = text.replace(form, " ")
    return sorted(secret for secret in secrets if secret and secret in text)


def visit_everything(viewer: Agency, other: Agency, routes: list[str]) -> tuple[int, list]:
    """Call every GET route as `viewer` (the API with its token, the console with its
    session) with ids of both agencies and searches for the other's strings."""
    ids = {kind: viewer.ids.get(kind, []) + other.ids.get(kind, [])
           for kind in set(viewer.ids) | set(other.ids)}
    probes = sorted(secret for secret in other.secrets if "@" in secret)[:1]
    probes += sorted(secret for secret in other.secrets if secret.startswith("syn"))[:1]
    found, calls = [], 0
    for pattern in routes:
        if not pattern.startswith("/") or "*" in pattern:
            continue  # static assets
        if pattern.startswith(("/admin/invite", "/share/")):
            continue  # token-addressed pages: a guessed token is a 404, tested elsewhere
        client = viewer.console.app if pattern.startswith("/admin") else viewer.api.app
        headers = {} if pattern.startswith("/admin") else viewer.api.headers
        queries = [{}] if PLACEHOLDER.search(pattern) else [{}, {
            "q": probes[0], "skills": probes[-1], "skill": probes[-1], "kind": probes[0]}]
        for url in urls_for(pattern, ids):
            for query in queries:
                response = client.get(url, params=query, headers=headers, expect_errors=True)
                calls += 1
                if response.status_int >= 500:
                    found.append((url, query, f"HTTP {response.status_int}"))
                leaked = leaks(response, other.secrets, list(query.values()))
                if leaked:
                    found.append((url, query, leaked))
    return calls, found


@settings(max_examples=ISOLATION_EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate], print_blob=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(first=CANDIDATES, second=CANDIDATES, both_ways=st.booleans())
def test_no_response_of_one_agency_shows_anything_of_another(app, platform, factory, first,
                                                              second, both_ways):
    one = build_agency(app, platform, factory, "one", first)
    two = build_agency(app, platform, factory, "two", second)
    routes = get_routes(app)
    assert any(r.startswith("/admin/") for r in routes) and any(
        r.startswith("/api/v1/") for r in routes)
    for viewer, other in ((one, two), (two, one))[:2 if both_ways else 1]:
        calls, found = visit_everything(viewer, other, routes)
        assert calls > 100
        assert not found, found[:10]
        # the viewer's own data does show: a leak would have been visible to the check
        own = viewer.api.get("/api/v1/candidates").json["items"]
        assert {c["id"] for c in own} == set(viewer.ids["candidates"])
        page = viewer.console.get("/admin/candidates")
        assert all(name in page.text for name in viewer.secrets
                   if name.endswith(viewer.token) and " " in name)


# --------------------------------------------------------------------------- brute force


@pytest.fixture
def second_app(platform):
    """Another API process on the same database and Redis (a second container)."""
    raw = dict(platform.settings)
    raw["_explicit"] = list(raw)
    other = build_platform(raw)
    yield webtest.TestApp(make_app(None, platform=other))
    other.dispatcher.stop()
    other.engine.dispose()


def login(app, email, password, address, status):
    return app.post_json("/api/v1/auth/token", {"email": email, "password": password},
                         extra_environ={"REMOTE_ADDR": address}, status=status)


def forget(platform, email: str, *addresses: str) -> None:
    platform.rate_limiter.reset(f"login:acct:{email}")
    for address in addresses:
        platform.rate_limiter.reset(f"login:addr:{address}")


def test_account_limit_holds_across_processes_and_spellings(app, second_app, platform,
                                                            factory, tenant):
    user = factory.user(tenant, "recruiter", password=TEST_PASSWORD,
                        email=f"brute.{uuid.uuid4().hex[:8]}@agency.example")
    limit = platform.settings["mustard.login.max_attempts"]
    window = platform.settings["mustard.login.window_seconds"]
    spellings = [user.email, user.email.upper(), f"  {user.email}  ", user.email.title()]
    addresses = [f"198.51.100.{n}" for n in range(limit)]  # one per attempt: only the account
    try:
        for attempt in range(limit):
            target = app if attempt % 2 else second_app
            login(target, spellings[attempt % len(spellings)], "wrong", addresses[attempt], 401)
        for target in (app, second_app):
            refused = login(target, user.email, TEST_PASSWORD, "198.51.100.250", 429)
            assert 0 < int(refused.headers["Retry-After"]) <= window
            assert refused.json["error"]["code"] == "rate_limited"
        # the console's sign-in form shares the limit
        console = ConsoleClient(app.app)
        page = console.login(user.email, status=429)
        assert "Too many" in page.text or "too many" in page.text
    finally:
        forget(platform, user.email, "198.51.100.250", *addresses)


def test_address_limit_stops_credential_stuffing(app, second_app, platform):
    limit = platform.settings["mustard.login.max_attempts"] * 5
    address = "203.0.113.77"
    emails = [f"stuffed.{n}.{uuid.uuid4().hex[:6]}@x.example" for n in range(limit + 1)]
    try:
        for n, email in enumerate(emails[:limit]):
            login(app if n % 2 else second_app, email, "hunter2", address, 401)
        refused = login(app, emails[limit], "hunter2", address, 429)
        assert int(refused.headers["Retry-After"]) > 0
        login(second_app, emails[limit], "hunter2", "203.0.113.78", 401)  # others unaffected
    finally:
        for email in emails:
            forget(platform, email)
        forget(platform, "", address, "203.0.113.78")


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("filename, data, media_type", [
    ("cv.html", cvs.html_cv(cvs.ADA), "text/html"),
    ("cv.pdf", cvs.pdf_cv(cvs.ADA), "application/pdf"),
    ('evil"; filename=x.exe.txt', cvs.txt_cv(cvs.ADA), "text/plain"),
])
def test_downloads_are_attachments_never_sniffed(app, recruiter, platform, filename, data,
                                                 media_type):
    remember_secret(cvs.ADA.email)
    accepted = recruiter.upload("/api/v1/uploads", filename, data).json
    response = recruiter.get(f"/api/v1/documents/{accepted['document']['id']}/download")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.content_type == media_type
    assert "no-store" in response.headers["Cache-Control"]
    assert response.body == data
    disposition = response.headers["Content-Disposition"]
    assert disposition.count('filename="') == 1 and "x.exe" not in disposition.split('"')[0]
    platform.dispatcher.drain(timeout=60)


@pytest.mark.parametrize("filename, data, download_as", [
    ("cv.pdf\x00.exe", cvs.pdf_cv(cvs.ADA), "cv.pdf.exe.pdf"),
    ("resume.PDF", cvs.pdf_cv(cvs.ADA), "resume.PDF"),
    ("cv.txt", cvs.html_cv(cvs.ADA), "cv.txt.html"),
    ("notes", cvs.txt_cv(cvs.ADA), "notes.txt"),
])
def test_download_names_end_in_what_the_file_really_is(app, recruiter, platform, filename,
                                                       data, download_as):
    remember_secret(cvs.ADA.email)
    accepted = recruiter.upload("/api/v1/uploads", filename, data).json
    response = recruiter.get(f"/api/v1/documents/{accepted['document']['id']}/download")
    assert f'filename="{download_as}"' in response.headers["Content-Disposition"]
    platform.dispatcher.drain(timeout=60)


def test_resume_pdf_is_sent_with_nosniff(app, recruiter, platform):
    remember_secret(cvs.ADA.email)
    accepted = recruiter.upload("/api/v1/uploads", "ada.txt", cvs.txt_cv(cvs.ADA)).json
    platform.dispatcher.drain(timeout=60)
    candidate_id = recruiter.get(f"/api/v1/jobs/{accepted['job']['id']}").json["result"][
        "candidate_id"]
    resume = recruiter.post(f"/api/v1/candidates/{candidate_id}/resumes", {}, status=202).json
    platform.dispatcher.drain(timeout=60)
    pdf = recruiter.get(f"/api/v1/resumes/{resume['resume']['id']}/pdf")
    assert pdf.content_type == "application/pdf"
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert pdf.body.startswith(b"%PDF")


def test_console_sends_its_policy_headers(app):
    page = app.get("/admin/login")
    csp = page.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src([^;]*)", csp) or re.search(r"default-src([^;]*)", csp)
    assert script_src and "'unsafe-inline'" not in script_src.group(1), csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"]
    assert page.headers.get("X-Frame-Options") == "DENY" or "frame-ancestors 'none'" in csp


# --------------------------------------------------------------------------- injection

HOSTILE_TEXT = [
    "' OR '1'='1", "\" OR \"\"=\"", "'; DROP TABLE candidates; --", "%", "_", "%%", "*",
    "\\", "\\%", "a%", "%a", "_____", "python OR 1=1", "python' --", "NEAR(python cobol)",
    "python AND cobol", "python OR cobol", "-python", "NOT python", "python*", "name:ada",
    "skills:COBOL OR skills:Python", "^python", "(python", "python)", "{python}", "[python]",
    "~python", "\"python", "python\"", "1; SELECT pg_sleep(10)", "$1", ":name", "?",
    "ada' UNION SELECT email FROM users --", "*:*", "\u2119ython",  # a look-alike P
]


@pytest.fixture
def searchable(recruiter, platform):
    """Three candidates whose names hold the characters the hostile text plays with."""
    people = [
        ("Ada Lovelace", "ada.lovelace@example.com", "Python, JavaScript"),
        ("Grace O'Hopper", "grace@example.org", "COBOL"),
        ("Percy 100% Under_Score", "percy@example.net", "Rust"),
    ]
    ids = {}
    for name, email, skills in people:
        remember_secret(email)
        body = recruiter.post("/api/v1/candidates", {
            "name": name, "email": email,
            "profile": {"skills": [{"name": s.strip()} for s in skills.split(",")]}}).json
        ids[name] = body["id"]
    platform.dispatcher.drain(timeout=60)
    return ids


def names(response) -> set[str]:
    body = response.json
    return {item["name"] for item in body.get("items", body.get("hits", []))}


def test_search_and_filters_take_hostile_text_literally(recruiter, searchable):
    for text in HOSTILE_TEXT:
        check_hostile_text(recruiter, set(searchable), text)
    assert len(recruiter.get("/api/v1/candidates").json["items"]) == 3  # nothing dropped


def check_hostile_text(recruiter, everyone: set[str], text: str) -> None:
    for param in ("q", "skills", "company", "title", "location"):
        response = recruiter.get("/api/v1/search", params={param: text}, status="*")
        assert response.status_int in {200, 422}, (param, text, response.text)
        if response.status_int == 200 and (param != "q" or any(c.isalnum() for c in text)):
            # (a q without a single word is no query at all: every candidate, as for q="")
            assert names(response) != everyone, (param, text)
    for param in ("q", "skill"):
        response = recruiter.get("/api/v1/candidates", params={param: text}, status="*")
        assert response.status_int in {200, 422}, (param, text, response.text)
        if response.status_int == 200:
            assert names(response) != everyone, (param, text)
    for url, params in (("/api/v1/synonyms", {"q": text}), ("/api/v1/jobs", {"kind": text})):
        response = recruiter.get(url, params=params, status="*")
        assert response.status_int in {200, 422}, (url, text, response.text)


def test_wildcards_and_quotes_match_only_themselves(recruiter, searchable):
    assert names(recruiter.get("/api/v1/candidates", params={"q": "%"})) == {
        "Percy 100% Under_Score"}
    assert names(recruiter.get("/api/v1/candidates", params={"q": "_"})) == {
        "Percy 100% Under_Score"}
    assert names(recruiter.get("/api/v1/candidates", params={"q": "O'Hopper"})) == {
        "Grace O'Hopper"}
    assert names(recruiter.get("/api/v1/search", params={"q": "O'Hopper"})) == {
        "Grace O'Hopper"}
    assert names(recruiter.get("/api/v1/search", params={"skills": "COBOL"})) == {
        "Grace O'Hopper"}
    assert names(recruiter.get("/api/v1/search", params={"skills": "-COBOL"})) == set()
    assert names(recruiter.get("/api/v1/search", params={"skills": "Python' OR '1'='1"})) == \
        set()


@pytest.fixture
def algolia_client(tmp_path, request):
    """An app searching through the Algolia plugin and its fake (SQLite, in-process jobs)."""
    from mustard_core.migrate import upgrade
    from tests import processes
    from tests.conftest import Factory, base_settings

    fake = processes.fake_algolia().FakeAlgolia().start()
    platform = build_platform(base_settings(
        f"sqlite:///{tmp_path}/algolia.sqlite", str(tmp_path), **{
            "mustard.search": "algolia", "mustard_algolia.app_id": fake.app_id,
            "mustard_algolia.api_key": fake.admin_key,
            "mustard_algolia.search_api_key": fake.search_key,
            "mustard_algolia.hosts": fake.url, "mustard_algolia.retry_backoff_ms": "10"}))
    upgrade(platform.engine)
    factory = Factory(platform)
    client = Client(webtest.TestApp(make_app(None, platform=platform)),
                    factory.token(factory.user(factory.tenant(), "recruiter")))
    yield client, platform
    platform.dispatcher.stop()
    platform.engine.dispose()
    fake.stop()
    assert fake.errors == [], fake.errors


def test_algolia_filters_take_hostile_text_literally(algolia_client):
    client, platform = algolia_client
    everyone = set()
    for name, skills, company in (("Ada Lovelace", ["Python", "-COBOL"], "Analytical Engines"),
                                  ("Grace Hopper", ["COBOL"], "Remington Rand"),
                                  ("Percy Filters", ["Rust"], "skills:COBOL OR 1=1")):
        remember_secret(f"{name.split()[0].lower()}@filters.example")
        client.post("/api/v1/candidates", {
            "name": name, "email": f"{name.split()[0].lower()}@filters.example",
            "profile": {"skills": [{"name": s} for s in skills],
                        "experience": [{"title": "Engineer", "company": company}]}})
        everyone.add(name)
    platform.dispatcher.drain(timeout=60)
    assert names(client.get("/api/v1/search")) == everyone
    # a leading "-" would negate a facet filter: it is matched as text
    assert names(client.get("/api/v1/search", params={"skills": "-COBOL"})) == {"Ada Lovelace"}
    assert names(client.get("/api/v1/search", params={"skills": "COBOL"})) == {"Grace Hopper"}
    assert names(client.get("/api/v1/search", params={"company": "skills:COBOL OR 1=1"})) == {
        "Percy Filters"}
    for text in HOSTILE_TEXT:
        for param in ("skills", "company", "title", "location"):
            response = client.get("/api/v1/search", params={param: text}, status="*")
            assert response.status_int in {200, 422}, (param, text, response.text)
            if response.status_int == 200:
                assert names(response) != everyone, (param, text)
        response = client.get("/api/v1/search", params={"q": text}, status="*")
        assert response.status_int in {200, 422}, ("q", text, response.text)
