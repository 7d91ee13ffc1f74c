"""The console in a real browser: headless Chromium (Debian's) driven by Playwright, against the
app served by waitress on 127.0.0.1 with the SQLite test platform (jobs run in-process).

These show what webtest cannot: the page's own script polls a progress bar to 100% without a
reload, the Content-Security-Policy holds (no inline script or style is needed), and a candidate
named like a script stays text. They also save screenshots
(into docs/screenshots/ with MUSTARD_SCREENSHOTS=1).
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from mustard_core.models import Document, Job, JobState, utcnow
from mustard_core.tenancy import ALL_TENANTS
from mustard_core.testing.samples import PLAIN_TEXT_CV
from tests.admin.browser import chromium, served
from tests.helpers import TEST_PASSWORD, Client

# The committed screenshots are refreshed only on request (MUSTARD_SCREENSHOTS=1), so a test run
# leaves the work tree clean; otherwise they go to a temporary folder and are still taken.
SCREENSHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots"
               if os.environ.get("MUSTARD_SCREENSHOTS") == "1"
               else Path(tempfile.gettempdir()) / "mustard-screenshots")
JUNK = b"lorem ipsum dolor sit amet\n" * 20


@pytest.fixture(scope="session")
def backend() -> str:
    return "sqlite"  # one backend is enough for the browser; webtest covers both


@pytest.fixture
def site(wsgi):
    with served(wsgi) as url:
        yield url


@pytest.fixture
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1360, "height": 860})
    page = context.new_page()
    page.csp_errors = []
    page.dialogs = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            page.csp_errors.append(message.text)

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.accept()

    page.on("console", on_console)
    page.on("dialog", on_dialog)
    yield page
    context.close()
    assert not page.csp_errors, f"Content-Security-Policy violations: {page.csp_errors}"


def sign_in(page, site: str, email: str) -> None:
    page.goto(site + "/admin/login")
    page.fill("#f-email", email)
    page.fill("#f-password", TEST_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/login" not in page.url, "sign-in failed"


def cv(name: str, skill: str = "Kubernetes") -> bytes:
    slug = name.lower().replace(" ", ".")
    return (PLAIN_TEXT_CV.replace(b"Ada Lovelace", name.encode())
            .replace(b"ada.lovelace@example.com", f"{slug}@example.com".encode())
            .replace(b"+44 20 7946 0958", b"")
            .replace(b"Kubernetes", skill.encode()))


def api_client(app, factory, tenant, role: str = "ops") -> Client:
    return Client(app, factory.token(factory.user(tenant, role)))


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


# --------------------------------------------------------------------------- tests


def test_sign_in_and_the_dashboard(page, site, app, factory, tenant, platform):
    ops = factory.user(tenant, "ops", password=TEST_PASSWORD)
    api = api_client(app, factory, tenant)
    names = ["Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
             "Barbara Liskov", "Donald Knuth", "Frances Allen", "John Backus", "Radia Perlman",
             "Ken Thompson", "Margaret Hamilton"]
    for name in names:
        api.upload("/api/v1/uploads", f"{name}.txt", cv(name))
    api.upload("/api/v1/uploads", "notes.txt", JUNK)  # parses to nothing: a failed job
    assert platform.dispatcher.drain(timeout=60)
    spread_over_days(platform)

    sign_in(page, site, ops.email)
    assert page.url.rstrip("/").endswith("/admin")
    assert page.inner_text("h1") == "Dashboard"
    assert page.inner_text("[data-count=candidates]") == str(len(names))
    assert page.inner_text("[data-count=documents]") == str(len(names) + 1)
    assert page.inner_text("[data-jobs-state=failed]") == "1"
    assert "no name, email or phone" in page.inner_text("#failures-heading + ul")
    assert page.locator("svg.chart rect").count() == 28  # 14 days x 2 series
    shot(page, "dashboard.png")

    page.click("text=Sign out")
    page.wait_for_url("**/admin/login**")
    page.goto(site + "/admin/")
    assert "/admin/login" in page.url  # the session is gone


def spread_over_days(platform) -> None:
    """Move uploads and parses to earlier days, so the chart has a history to show."""
    days_ago = [0, 0, 0, 1, 3, 3, 5, 6, 6, 8, 11, 12]
    with platform.session(ALL_TENANTS) as session:
        documents = session.scalars(sa.select(Document).order_by(Document.id)).all()
        jobs = session.scalars(sa.select(Job).where(Job.kind == "parse",
                                                    Job.state == JobState.succeeded)
                               .order_by(Job.id)).all()
        for i, row in enumerate(documents):
            row.created_at = utcnow() - timedelta(days=days_ago[i % len(days_ago)])
        for i, row in enumerate(jobs):
            row.finished_at = utcnow() - timedelta(days=days_ago[(i + 1) % len(days_ago)])


def test_a_new_synonym_is_used_by_search(page, site, app, factory, tenant, platform):
    ops = factory.user(tenant, "ops", password=TEST_PASSWORD)
    api = api_client(app, factory, tenant)
    created = api.post("/api/v1/candidates", {
        "name": "Linus Container", "headline": "Platform engineer",
        "profile": {"skills": [{"name": "Kubernetes"}]}}).json
    api.post("/api/v1/synonyms", {"type": "synonym", "synonyms": ["golang", "go language"]})
    assert platform.dispatcher.drain(timeout=60)
    assert api.get("/api/v1/search?q=k8s").json["total"] == 0  # not yet a synonym

    sign_in(page, site, ops.email)
    page.click("nav >> text=Synonyms")
    page.click("text=New synonym set")
    page.select_option("#f-type", "synonym")
    page.fill("#f-synonyms", "k8s\nkubernetes")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/admin/synonyms")
    assert "Synonym set created" in page.inner_text("[role=status]")
    row = page.locator("tr", has_text="k8s")
    assert row.count() == 1 and "kubernetes" in row.inner_text()
    shot(page, "synonyms.png")

    assert platform.dispatcher.drain(timeout=60)  # the push job
    page.goto(site + "/admin/candidates?q=k8s")
    hit = page.locator(f"tr[data-candidate-id='{created['id']}']")
    assert hit.count() == 1, page.inner_text("main")
    assert "Linus Container" in hit.inner_text()
    assert api.get("/api/v1/search?q=k8s").json["hits"][0]["id"] == created["id"]


def test_reindex_progress_bar_reaches_100_without_a_reload(page, site, app, factory, tenant,
                                                          platform):
    ops = factory.user(tenant, "ops", password=TEST_PASSWORD)
    api = api_client(app, factory, tenant)
    for i in range(40):
        api.post("/api/v1/candidates", {"name": f"Candidate {i:02d}", "headline": "Engineer"})
    assert platform.dispatcher.drain(timeout=60)

    sign_in(page, site, ops.email)
    page.goto(site + "/admin/reindex")
    page.evaluate("window.__sameDocument = true")  # lost if the page reloads
    page.click("[data-start-reindex]")
    page.wait_for_url("**/admin/reindex?job=*")
    page.evaluate("window.__sameDocument = true")
    widget = page.locator("[data-job-status-url]")
    assert widget.count() == 1
    page.wait_for_selector("[data-job-done=true]", timeout=60000)
    assert page.evaluate("window.__sameDocument") is True  # updated in place, by polling
    assert page.eval_on_selector("#reindex-progress", "el => el.value") == 100
    assert page.inner_text("[data-job-percent]") == "100%"
    assert page.inner_text("[data-job-state]") == "succeeded"
    job_id = widget.get_attribute("data-job-id")
    history = f"[data-live-job='{job_id}']"
    assert page.inner_text(f"{history}[data-live=state]") == "succeeded"  # the row too
    assert page.inner_text(f"{history}[data-live=indexed]") == "40"
    shot(page, "reindex.png")
    with platform.session(tenant.id) as session:
        job = session.scalar(sa.select(Job).where(Job.kind == "reindex"))
        assert job.state == JobState.succeeded and job.result["indexed"] == 40


def test_retry_a_failed_parse_job(page, site, app, factory, tenant, platform):
    ops = factory.user(tenant, "ops", password=TEST_PASSWORD)
    api = api_client(app, factory, tenant)
    accepted = api.upload("/api/v1/uploads", "junk.txt", JUNK).json
    assert platform.dispatcher.drain(timeout=60)
    job_id = accepted["job"]["id"]
    assert api.get(f"/api/v1/jobs/{job_id}").json["state"] == "failed"

    sign_in(page, site, ops.email)
    page.goto(site + "/admin/jobs?state=failed")
    page.click(f"tr[data-job-row='{job_id}'] >> text=parse")
    assert "no name, email or phone" in page.inner_text("[data-job-error]")
    shot(page, "job-failed.png")
    # the cause is fixed (the stored file replaced by a real CV), then ops retries the job
    with platform.session(tenant.id) as session:
        key = session.get(Document, accepted["document"]["id"]).storage_key
    platform.storage.put(key, cv("Margaret Hamilton"), content_type="text/plain",
                         filename="junk.txt")
    page.click("text=Retry job")
    page.wait_for_selector("text=Job queued again")
    page.wait_for_selector("[data-job-done=true]", timeout=60000)
    assert page.inner_text("[data-job-state]") == "succeeded"
    job = api.get(f"/api/v1/jobs/{job_id}").json
    assert job["state"] == "succeeded" and job["result"]["candidate_id"]


def test_a_script_for_a_name_is_shown_as_text(page, site, app, factory, tenant, platform):
    recruiter = factory.user(tenant, "recruiter", password=TEST_PASSWORD)
    api = api_client(app, factory, tenant, "recruiter")
    hostile = "<script>alert(1)</script>"
    created = api.post("/api/v1/candidates", {
        "name": hostile, "headline": '"><img src=x onerror=alert(2)>',
        "profile": {"links": [{"url": "javascript:alert(3)"}],
                    "skills": [{"name": "<b>bold</b>"}]}}).json
    assert platform.dispatcher.drain(timeout=60)

    sign_in(page, site, recruiter.email)
    assert page.url.endswith("/admin/candidates")  # a recruiter's home
    assert hostile in page.inner_text(f"tr[data-candidate-id='{created['id']}']")
    page.click(f"tr[data-candidate-id='{created['id']}'] a")
    page.wait_for_selector("[data-candidate-name]")
    assert page.inner_text("[data-candidate-name]") == hostile
    assert page.locator("main script").count() == 0
    assert page.locator("main img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.goto(site + "/admin/candidates?q=script")
    page.wait_for_timeout(300)  # give any injected handler a chance to fire
    assert page.dialogs == []
