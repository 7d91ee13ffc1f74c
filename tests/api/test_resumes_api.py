"""The resumes API end to end: render jobs, stored PDFs, defaults, branding, tenant templates,
previews and share links, on SQLite and PostgreSQL (the `platform` fixture runs both)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from mustard_core import hookimpl
from mustard_core.models import GeneratedResume, utcnow
from mustard_core.models.resumes import ResumeShare
from mustard_core.resumes import BUILTIN_TEMPLATES
from mustard_core.resumes.samples import sample_candidate
from tests.helpers import remember_secret

NAME = "Amelia Hartley"
EMAIL = "amelia.hartley@example.com"
A4 = (595.0, 842.0)
LETTER = (612.0, 792.0)


# --------------------------------------------------------------------------- helpers


def make_candidate(client, **overrides) -> dict:
    remember_secret(EMAIL)  # candidate PII must never reach a log line
    return client.post("/api/v1/candidates", {**sample_candidate(), **overrides}).json


def request_render(client, candidate_id: str, body: dict | None = None, status: int = 202):
    url = f"/api/v1/candidates/{candidate_id}/resumes"
    if body is None:
        return client.app.post(url, headers=client.headers, status=status)
    return client.app.post_json(url, body, headers=client.headers, status=status)


def render(client, platform, candidate_id: str, body: dict | None = None) -> tuple[dict, dict]:
    """Ask for a resume, run the job; returns (resume, job) as the API shows them after."""
    accepted = request_render(client, candidate_id, body).json
    platform.dispatcher.drain(timeout=60)
    resume = client.get(f"/api/v1/resumes/{accepted['resume']['id']}").json
    job = client.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    return resume, job


def download(client, resume_id: str) -> bytes:
    return client.get(f"/api/v1/resumes/{resume_id}/pdf").body


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pdf_page_size(data: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def pdf_images(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def stored_pdf(platform, tenant_id: str, resume_id: str) -> bytes:
    with platform.storage.open(f"{tenant_id}/resumes/{resume_id}.pdf") as handle:
        return handle.read()


def png_bytes(size=(1000, 400), mode="RGBA", colour=(212, 160, 23, 255)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGBA" else colour[:3]).save(out, format="PNG")
    return out.getvalue()


def put_logo(client, data: bytes, filename: str = "logo.png", status: int = 200):
    return client.app.put("/api/v1/branding/logo", upload_files=[("file", filename, data)],
                          headers=client.headers, status=status)


@pytest.fixture
def admin(as_role):
    return as_role("admin")


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_each_builtin_template_renders_through_the_api(recruiter, platform, tenant, template):
    candidate = make_candidate(recruiter)

    response = request_render(recruiter, candidate["id"], {"template": template})
    accepted = response.json
    assert accepted["resume"]["state"] == "pending"
    assert accepted["resume"]["template"] == template
    assert accepted["job"]["kind"] == "render_resume"
    assert response.headers["Location"].endswith(f"/api/v1/resumes/{accepted['resume']['id']}")
    platform.dispatcher.drain(timeout=60)

    resume_id = accepted["resume"]["id"]
    job = recruiter.get(f"/api/v1/jobs/{accepted['job']['id']}").json
    assert job["state"] == "succeeded", job["error"]
    assert job["result"]["resume_id"] == resume_id
    resume = recruiter.get(f"/api/v1/resumes/{resume_id}").json
    data = stored_pdf(platform, tenant.id, resume_id)
    assert resume["state"] == "ready"
    assert resume["size"] == len(data)
    assert resume["sha256"] == hashlib.sha256(data).hexdigest()
    assert resume["pages"] == len(PdfReader(io.BytesIO(data)).pages) >= 1
    text = pdf_text(data)
    assert NAME in text
    assert "Senior Data Platform Engineer" in text
    assert pdf_page_size(data) == A4


def test_anonymised_resume_has_no_name_email_or_phone(recruiter, platform, tenant):
    candidate = make_candidate(recruiter)

    resume, job = render(recruiter, platform, candidate["id"], {"anonymised": True})

    assert job["state"] == "succeeded", job["error"]
    assert resume["options"]["anonymised"] is True
    text = pdf_text(stored_pdf(platform, tenant.id, resume["id"]))
    for identifying in ("Amelia", "Hartley", EMAIL, "7946", "0958", "linkedin"):
        assert identifying not in text
    assert "Candidate" in text
    assert "Harbourline Logistics" in text  # employers stay unless hidden


def test_resumes_are_listed_newest_first_and_downloaded(recruiter, platform):
    candidate = make_candidate(recruiter)
    first, _ = render(recruiter, platform, candidate["id"], {"template": "classic"})
    second, _ = render(recruiter, platform, candidate["id"], {"template": "sidebar"})
    url = f"/api/v1/candidates/{candidate['id']}/resumes"

    listed = recruiter.get(url).json
    page1 = recruiter.get(url, params={"limit": 1}).json
    page2 = recruiter.get(url, params={"limit": 1, "cursor": page1["next_cursor"]}).json
    response = recruiter.get(f"/api/v1/resumes/{first['id']}/pdf")

    assert [item["id"] for item in listed["items"]] == [second["id"], first["id"]]
    assert listed["next_cursor"] is None
    assert [item["id"] for item in page1["items"] + page2["items"]] == [second["id"],
                                                                        first["id"]]
    assert page2["next_cursor"] is None
    assert response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.body.startswith(b"%PDF-")
    assert hashlib.sha256(response.body).hexdigest() == first["sha256"]


def test_every_rendered_pdf_is_kept(recruiter, platform, tenant):
    candidate = make_candidate(recruiter)
    first, _ = render(recruiter, platform, candidate["id"])
    first_bytes = stored_pdf(platform, tenant.id, first["id"])

    second, _ = render(recruiter, platform, candidate["id"])

    assert second["id"] != first["id"]
    assert stored_pdf(platform, tenant.id, first["id"]) == first_bytes
    assert hashlib.sha256(first_bytes).hexdigest() == first["sha256"]
    assert len(recruiter.get(f"/api/v1/candidates/{candidate['id']}/resumes").json["items"]) == 2


def test_invalid_options_are_422_naming_the_fields(recruiter):
    candidate = make_candidate(recruiter)

    unknown = request_render(recruiter, candidate["id"],
                             {"template": "nope", "sections": ["summary", "summary"]},
                             status=422).json
    bad_size = request_render(recruiter, candidate["id"], {"page_size": "B5"}, status=422).json
    extra = request_render(recruiter, candidate["id"], {"colour": "red"}, status=422).json

    assert {d["field"] for d in unknown["error"]["details"]} == {"template", "sections[1]"}
    assert [d["field"] for d in bad_size["error"]["details"]] == ["page_size"]
    assert [d["field"] for d in extra["error"]["details"]] == ["colour"]
    assert recruiter.get(f"/api/v1/candidates/{candidate['id']}/resumes").json["items"] == []


def test_photo_comes_from_the_latest_photo_document(recruiter, platform, tenant):
    candidate = make_candidate(recruiter)
    for colour in ((200, 30, 30, 255), (30, 90, 200, 255)):  # red, then blue: the latest
        photo = png_bytes(size=(200, 200), mode="RGB", colour=colour)
        recruiter.upload(f"/api/v1/candidates/{candidate['id']}/documents", "me.png", photo,
                         kind="photo")

    with_photo, _ = render(recruiter, platform, candidate["id"], {"photo": True})
    without, _ = render(recruiter, platform, candidate["id"], {"photo": False})

    images = PdfReader(io.BytesIO(stored_pdf(platform, tenant.id, with_photo["id"]))).pages[0]\
        .images
    red, _green, blue = images[0].image.convert("RGB").getpixel((100, 100))
    assert blue > 150 and red < 80
    assert pdf_images(stored_pdf(platform, tenant.id, without["id"])) == 0


def test_rendering_emits_the_event_and_counts_it(recruiter, platform, tenant):
    events, counted = [], []

    class Listener:
        @hookimpl
        def mustard_resume_rendered(self, event):
            events.append(event)

    class Recorder:
        def increment(self, name, value=1):
            counted.append(name)

        def timing(self, name, milliseconds):
            counted.append(name)

        def gauge(self, name, value):
            pass

    listener, recorder = Listener(), Recorder()
    platform.pm.register(listener, name="test-resume-listener")
    platform.metrics.sinks.append(recorder)
    try:
        candidate = make_candidate(recruiter)
        resume, _ = render(recruiter, platform, candidate["id"])
    finally:
        platform.pm.unregister(listener)
        platform.metrics.sinks.remove(recorder)

    assert [(e.resume_id, e.candidate_id, e.tenant.id) for e in events] == [
        (resume["id"], candidate["id"], tenant.id)]
    assert counted.count("resumes.rendered") == 1
    assert "resumes.render" in counted


# --------------------------------------------------------------------------- defaults and branding


def test_tenant_defaults_and_branding_apply(admin, recruiter, platform, tenant):
    admin.put("/api/v1/branding", {
        "company_name": "Northbridge Talent",
        "contact": {"recruiter_name": "Daniel Okafor", "email": "daniel@northbridge.example"},
        "footer_text": "Presented by Northbridge",
        "default_template": "sidebar",
        "default_options": {"page_size": "Letter", "sections": ["experience", "skills"]},
    })
    candidate = make_candidate(recruiter)

    defaulted, job = render(recruiter, platform, candidate["id"])
    overridden, _ = render(recruiter, platform, candidate["id"], {"page_size": "A4"})

    assert job["state"] == "succeeded", job["error"]
    assert defaulted["template"] == "sidebar"
    assert defaulted["options"]["page_size"] == "Letter"
    assert defaulted["options"]["sections"] == ["experience", "skills"]
    data = stored_pdf(platform, tenant.id, defaulted["id"])
    text = pdf_text(data)
    assert pdf_page_size(data) == LETTER
    assert "Daniel Okafor" in text and "YOUR CONTACT" in text.upper()
    assert "Northbridge Talent" in text
    assert EMAIL not in text  # the company's contact block replaces the candidate's
    assert "University of Manchester" not in text  # education was not asked for
    assert overridden["template"] == "sidebar"
    assert pdf_page_size(stored_pdf(platform, tenant.id, overridden["id"])) == A4


def test_branding_round_trip_validation_and_roles(admin, recruiter):
    before = recruiter.get("/api/v1/branding").json
    saved = admin.put("/api/v1/branding", {"company_name": "Acme", "primary_color": "#003366",
                                           "font_family": "Noto Serif"}).json

    bad_colour = admin.put("/api/v1/branding", {"primary_color": "blue"}, status=422).json
    bad_default = admin.put("/api/v1/branding", {"default_template": "missing"},
                            status=422).json
    bad_section = admin.put("/api/v1/branding", {"default_options": {"sections": ["hobbies"]}},
                            status=422).json
    recruiter.put("/api/v1/branding", {"company_name": "Mine"}, status=403)

    assert before["default_template"] == "classic" and before["logo"] is None
    assert recruiter.get("/api/v1/branding").json == saved
    assert saved["company_name"] == "Acme" and saved["font_family"] == "Noto Serif"
    assert [d["field"] for d in bad_colour["error"]["details"]] == ["primary_color"]
    assert [d["field"] for d in bad_default["error"]["details"]] == ["default_template"]
    assert bad_section["error"]["details"][0]["field"].startswith("default_options.sections")
    assert recruiter.get("/api/v1/branding").json == saved


def test_logo_upload_is_reencoded_and_rendered(admin, recruiter, platform, tenant):
    branding = put_logo(admin, png_bytes()).json
    with platform.storage.open(f"{tenant.id}/branding/logo") as handle:
        stored = handle.read()
    candidate = make_candidate(recruiter)

    resume, _ = render(recruiter, platform, candidate["id"])

    assert branding["logo"]["media_type"] == "image/png"
    assert branding["logo"]["sha256"] == hashlib.sha256(stored).hexdigest()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.mode == "RGBA"
        assert image.size == (600, 240)  # bounded, proportions kept
    assert pdf_images(stored_pdf(platform, tenant.id, resume["id"])) >= 1
    assert recruiter.get("/api/v1/branding").json["logo"] == branding["logo"]


@pytest.mark.parametrize("filename, data", [
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ("logo.png", b"\x89PNG\r\n\x1a\nthis is not really a png"),
    ("logo.png", b"just some text"),
])
def test_svg_and_junk_logos_are_refused(admin, platform, tenant, filename, data):
    error = put_logo(admin, data, filename, status=422).json["error"]

    assert error["details"][0]["field"] == "file"
    assert not platform.storage.exists(f"{tenant.id}/branding/logo")
    assert admin.get("/api/v1/branding").json["logo"] is None


def test_logo_can_be_removed_and_only_by_admins(admin, recruiter, platform, tenant):
    put_logo(admin, png_bytes())
    put_logo(recruiter, png_bytes(), status=403)

    admin.delete("/api/v1/branding/logo")

    assert admin.get("/api/v1/branding").json["logo"] is None
    assert not platform.storage.exists(f"{tenant.id}/branding/logo")


# --------------------------------------------------------------------------- tenant templates

ACME = """{% extends "classic.html" %}
{% block content %}
<h1>ACME PROFILE</h1>
<p class="who">{{ candidate.display_name }}</p>
{% for job in experience %}<p>{{ job.title }}</p>{% endfor %}
{% endblock %}
"""


def test_tenant_template_with_a_syntax_error_is_422_naming_the_line(admin):
    source = "<html>\n<body>\n<h1>{{ candidate.display_name }</h1>\n</body>\n</html>"

    error = admin.post("/api/v1/templates", {"name": "broken", "source": source},
                       status=422).json["error"]
    unknown_variable = admin.post("/api/v1/templates",
                                  {"name": "broken", "source": "ok\n{{ candidat.name }}"},
                                  status=422).json["error"]

    assert error["details"] == [{"field": "source",
                                 "message": "line 3: syntax error: unexpected '}'"}]
    assert unknown_variable["details"][0]["message"].startswith("line 2: ")
    assert admin.get("/api/v1/templates").json["items"] == []


def test_tenant_template_is_saved_listed_and_rendered(admin, recruiter, platform, tenant):
    created = admin.post("/api/v1/templates", {"name": "acme", "source": ACME,
                                               "description": "Our house style"}).json
    candidate = make_candidate(recruiter)

    resume, job = render(recruiter, platform, candidate["id"], {"template": "acme"})

    listed = recruiter.get("/api/v1/templates").json
    assert [item["name"] for item in listed["items"]] == ["acme"]
    assert "source" not in listed["items"][0]
    assert listed["builtin"] == list(BUILTIN_TEMPLATES)
    assert recruiter.get(f"/api/v1/templates/{created['id']}").json["source"] == ACME
    assert job["state"] == "succeeded", job["error"]
    assert resume["template"] == "acme"
    text = pdf_text(stored_pdf(platform, tenant.id, resume["id"]))
    assert "ACME PROFILE" in text and NAME in text and "Lead Data Platform Engineer" in text


def test_tenant_template_names_updates_and_deletion(admin, recruiter):
    created = admin.post("/api/v1/templates", {"name": "acme", "source": ACME}).json
    admin.post("/api/v1/templates", {"name": "other", "source": "<p>x</p>"})
    url = f"/api/v1/templates/{created['id']}"

    builtin = admin.post("/api/v1/templates", {"name": "classic", "source": "<p></p>"},
                         status=422).json
    duplicate = admin.post("/api/v1/templates", {"name": "acme", "source": "<p></p>"},
                           status=409).json
    renamed_onto = admin.put(url, {"name": "other", "source": ACME}, status=409).json
    updated = admin.put(url, {"name": "acme", "source": "<p>{{ candidate.display_name }}</p>"})
    recruiter.post("/api/v1/templates", {"name": "mine", "source": "<p></p>"}, status=403)
    admin.put("/api/v1/branding", {"default_template": "acme"})
    in_use = admin.delete(url, status=409).json
    admin.put("/api/v1/branding", {})
    admin.delete(url)

    assert builtin["error"]["details"][0]["field"] == "name"
    assert duplicate["error"]["details"][0]["field"] == "name"
    assert renamed_onto["error"]["code"] == "conflict"
    assert updated.json["sha256"] != created["sha256"]
    assert "default" in in_use["error"]["message"]
    admin.get(url, status=404)


def test_a_template_that_fails_at_render_fails_the_job_readably(admin, recruiter, platform):
    # Fine for the sample check at save time (not anonymised), fails for anonymised resumes.
    source = "<p>{{ candidate.display_name }}</p>\n" \
             "{% if candidate.anonymised %}{{ candidate.nickname }}{% endif %}"
    admin.post("/api/v1/templates", {"name": "fragile", "source": source})
    candidate = make_candidate(recruiter)

    resume, job = render(recruiter, platform, candidate["id"],
                         {"template": "fragile", "anonymised": True})

    assert job["state"] == "failed"
    assert job["error"].startswith("the resume could not be rendered: line 2: ")
    assert "nickname" in job["error"]
    assert resume["state"] == "failed"
    assert resume["sha256"] is None
    error = recruiter.get(f"/api/v1/resumes/{resume['id']}/pdf", status=409).json["error"]
    assert error["code"] == "conflict"


# --------------------------------------------------------------------------- preview


def test_preview_is_escaped_html_without_scripts(recruiter):
    candidate = make_candidate(recruiter, name='<script>alert("x")</script> Ada Lovelace',
                               headline="<img src=x onerror=alert(1)>")

    response = recruiter.get(f"/api/v1/candidates/{candidate['id']}/resumes/preview",
                             params={"template": "sidebar", "sections": "skills,experience"})
    anonymised = recruiter.get(f"/api/v1/candidates/{candidate['id']}/resumes/preview",
                               params={"anonymised": "true"}).text

    html = response.text
    assert response.content_type == "text/html"
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "Ada Lovelace" in html
    assert 'rel="stylesheet"' not in html and "--primary" in html  # bundled CSS inlined
    assert html.index("Skills") < html.index("Experience")
    assert "Lovelace" not in anonymised and EMAIL not in anonymised


def test_preview_rejects_bad_options(recruiter):
    candidate = make_candidate(recruiter)
    url = f"/api/v1/candidates/{candidate['id']}/resumes/preview"

    unknown = recruiter.get(url, params={"template": "nope"}, status=422).json
    sections = recruiter.get(url, params={"sections": "summary,hobbies"}, status=422).json

    assert unknown["error"]["details"][0]["field"] == "template"
    assert sections["error"]["details"][0]["field"] == "sections[1]"


# --------------------------------------------------------------------------- share links


def share(client, resume_id: str, body: dict | None = None, status: int = 201):
    url = f"/api/v1/resumes/{resume_id}/shares"
    response = client.app.post_json(url, body or {}, headers=client.headers, status=status)
    if status == 201:
        remember_secret(urlsplit(response.json["url"]).path.rsplit("/", 1)[-1])
    return response.json


def test_share_link_opens_the_pdf_without_an_account(recruiter, anonymous, platform, tenant):
    candidate = make_candidate(recruiter)
    resume, _ = render(recruiter, platform, candidate["id"])
    before = utcnow()

    created = share(recruiter, resume["id"])
    path = urlsplit(created["url"]).path
    opened = anonymous.get(path)

    token = path.rsplit("/", 1)[-1]
    assert path.startswith("/share/resumes/")
    expires = datetime.fromisoformat(created["expires_at"])
    assert before + timedelta(hours=72) <= expires <= utcnow() + timedelta(hours=72)
    assert opened.content_type == "application/pdf"
    assert opened.headers["Content-Disposition"].startswith("inline")
    assert opened.headers["X-Content-Type-Options"] == "nosniff"
    assert opened.body == download(recruiter, resume["id"])
    with platform.session(tenant.id, write=False) as session:
        row = session.get(ResumeShare, created["id"])
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (row.token_hash, row.id)
    listed = recruiter.get(f"/api/v1/resumes/{resume['id']}/shares").json["items"]
    assert [(s["id"], s["view_count"], s["active"]) for s in listed] == [
        (created["id"], 1, True)]
    assert "url" not in listed[0]


def test_forged_expired_and_revoked_links_are_404(recruiter, anonymous, platform, tenant):
    candidate = make_candidate(recruiter)
    resume, _ = render(recruiter, platform, candidate["id"])
    expiring = share(recruiter, resume["id"], {"expires_in_hours": 1})
    revoked = share(recruiter, resume["id"])
    with platform.session(tenant.id) as session:
        session.get(ResumeShare, expiring["id"]).expires_at = utcnow() - timedelta(seconds=1)
    recruiter.delete(f"/api/v1/resumes/{resume['id']}/shares/{revoked['id']}")

    token = urlsplit(revoked["url"]).path.rsplit("/", 1)[-1]
    nonce, _, signature = token.partition(".")
    forged = f"/share/resumes/{nonce}.{'A' * len(signature)}"
    for path in (urlsplit(expiring["url"]).path, urlsplit(revoked["url"]).path, forged,
                 "/share/resumes/nothing"):
        error = anonymous.get(path, status=404).json["error"]
        assert error["code"] == "not_found", path
    listed = {s["id"]: s for s in
              recruiter.get(f"/api/v1/resumes/{resume['id']}/shares").json["items"]}
    assert listed[revoked["id"]]["revoked_at"] is not None
    assert not listed[expiring["id"]]["active"] and not listed[revoked["id"]]["active"]


def test_share_lifetime_is_bounded_and_needs_a_ready_resume(recruiter, platform, tenant):
    candidate = make_candidate(recruiter)
    resume, _ = render(recruiter, platform, candidate["id"])
    with platform.session(tenant.id) as session:
        pending = GeneratedResume(tenant_id=tenant.id, candidate_id=candidate["id"],
                                  template="classic", options={}, state="pending")
        session.add(pending)
        session.flush()
        pending_id = pending.id

    too_long = share(recruiter, resume["id"], {"expires_in_hours": 721}, status=422)
    thirty_days = share(recruiter, resume["id"], {"expires_in_hours": 720})
    not_ready = share(recruiter, pending_id, status=409)

    assert too_long["error"]["details"][0]["field"] == "expires_in_hours"
    assert datetime.fromisoformat(thirty_days["expires_at"]) > datetime.now(UTC) + timedelta(
        days=29)
    assert not_ready["error"]["code"] == "conflict"
    recruiter.get(f"/api/v1/resumes/{pending_id}/pdf", status=409)


def test_revoking_needs_the_share_of_that_resume(recruiter, platform):
    candidate = make_candidate(recruiter)
    first, _ = render(recruiter, platform, candidate["id"])
    second, _ = render(recruiter, platform, candidate["id"])
    link = share(recruiter, first["id"])

    recruiter.delete(f"/api/v1/resumes/{second['id']}/shares/{link['id']}", status=404)
    recruiter.delete(f"/api/v1/resumes/{first['id']}/shares/nope", status=404)

    assert recruiter.get(f"/api/v1/resumes/{first['id']}/shares").json["items"][0]["active"]


def test_erasing_the_candidate_removes_resumes_files_and_links(recruiter, anonymous, platform,
                                                                tenant):
    candidate = make_candidate(recruiter)
    resume, _ = render(recruiter, platform, candidate["id"])
    link = share(recruiter, resume["id"])
    key = f"{tenant.id}/resumes/{resume['id']}.pdf"
    assert platform.storage.exists(key)

    recruiter.delete(f"/api/v1/candidates/{candidate['id']}")
    platform.dispatcher.drain(timeout=60)

    assert not platform.storage.exists(key)
    recruiter.get(f"/api/v1/resumes/{resume['id']}", status=404)
    anonymous.get(urlsplit(link["url"]).path, status=404)
    with platform.session(tenant.id, write=False) as session:
        assert session.scalars(select(ResumeShare)).all() == []
