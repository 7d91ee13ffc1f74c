"""candidate data lifecycle: duplicate reviews, erasures, exports, consent, E.164 phones

New tenant-owned tables `duplicate_reviews`, `erasures` and `export_archives` (see
mustard_core/models/lifecycle.py); on `candidates`, the consent columns (`obtained_via`,
`obtained_at`, `consent_at`) and `profile_urls` (normalised profile links for duplicate
detection).

Existing rows are brought in line with what the code now writes: consent from their source and
creation time, `profile_urls` from their profile's links, and `phone_normalized` in E.164 read
with the tenant's `default_country_code` (it held the last ten digits). The helpers below are a
frozen copy of mustard_core.services.candidates' normalisers as of this revision: a revision
imports nothing of the app, so it keeps doing the same thing when the app moves on.

Revision ID: 0005_lifecycle
Revises: 0004_search_terms_gin_fastupdate
"""

import json
import re
from urllib.parse import unquote, urlsplit

import phonenumbers
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_lifecycle"
down_revision = "0004_search_terms_gin_fastupdate"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_urls", sa.Text(), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("obtained_via", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("obtained_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "duplicate_reviews",
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("match_id", sa.String(length=36), nullable=False),
        sa.Column("pair_key", sa.String(length=73), nullable=False),
        sa.Column("reasons", JSON_TYPE, nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(length=36), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"],
                                name=op.f("fk_duplicate_reviews_candidate_id_candidates"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["match_id"], ["candidates.id"],
                                name=op.f("fk_duplicate_reviews_match_id_candidates"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_duplicate_reviews_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_reviews")),
        sa.UniqueConstraint("tenant_id", "pair_key", name=op.f("uq_duplicate_reviews_tenant_id")),
    )
    op.create_index(op.f("ix_duplicate_reviews_candidate_id"), "duplicate_reviews",
                    ["candidate_id"])
    op.create_index(op.f("ix_duplicate_reviews_match_id"), "duplicate_reviews", ["match_id"])
    op.create_index(op.f("ix_duplicate_reviews_tenant_id"), "duplicate_reviews", ["tenant_id"])
    op.create_index("ix_duplicate_reviews_tenant_state", "duplicate_reviews",
                    ["tenant_id", "state", "created_at"])

    op.create_table(
        "erasures",
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("email_sha256", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("steps", JSON_TYPE, nullable=False),
        sa.Column("storage_keys", JSON_TYPE, nullable=False),
        sa.Column("plugin_failures", JSON_TYPE, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("requested_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_erasures_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
    )
    op.create_index(op.f("ix_erasures_candidate_id"), "erasures", ["candidate_id"])
    op.create_index(op.f("ix_erasures_tenant_id"), "erasures", ["tenant_id"])
    op.create_index("ix_erasures_tenant_state", "erasures", ["tenant_id", "state", "created_at"])

    op.create_table(
        "export_archives",
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("files", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("link_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("requested_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"],
                                name=op.f("fk_export_archives_candidate_id_candidates"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_export_archives_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_archives")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_export_archives_token_hash")),
    )
    op.create_index(op.f("ix_export_archives_candidate_id"), "export_archives",
                    ["candidate_id"])
    op.create_index(op.f("ix_export_archives_tenant_id"), "export_archives", ["tenant_id"])

    _backfill_candidates(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_export_archives_tenant_id"), table_name="export_archives")
    op.drop_index(op.f("ix_export_archives_candidate_id"), table_name="export_archives")
    op.drop_table("export_archives")
    op.drop_index("ix_erasures_tenant_state", table_name="erasures")
    op.drop_index(op.f("ix_erasures_tenant_id"), table_name="erasures")
    op.drop_index(op.f("ix_erasures_candidate_id"), table_name="erasures")
    op.drop_table("erasures")
    op.drop_index("ix_duplicate_reviews_tenant_state", table_name="duplicate_reviews")
    op.drop_index(op.f("ix_duplicate_reviews_tenant_id"), table_name="duplicate_reviews")
    op.drop_index(op.f("ix_duplicate_reviews_match_id"), table_name="duplicate_reviews")
    op.drop_index(op.f("ix_duplicate_reviews_candidate_id"), table_name="duplicate_reviews")
    op.drop_table("duplicate_reviews")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("consent_at")
        batch_op.drop_column("obtained_at")
        batch_op.drop_column("obtained_via")
        batch_op.drop_column("profile_urls")


# --------------------------------------------------------------------------- data (frozen)

PROFILE_HOSTS = frozenset({
    "linkedin.com", "github.com", "gitlab.com", "bitbucket.org", "xing.com",
    "stackoverflow.com", "behance.net", "dribbble.com", "twitter.com", "x.com", "medium.com"})


def _region(settings) -> str | None:
    if isinstance(settings, str):
        settings = json.loads(settings or "{}")
    code = str((settings or {}).get("default_country_code") or "GB").strip().upper().lstrip("+")
    if code.isdigit():
        region = phonenumbers.region_code_for_country_code(int(code))
        return None if region == phonenumbers.UNKNOWN_REGION else region
    return code if re.fullmatch(r"[A-Z]{2}", code) else None


def _phone(phone: str | None, region: str | None) -> str | None:
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return None
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(number):
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _profile_url(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    site = ".".join(host.split(".")[-2:])
    path = re.sub(r"/+", "/", unquote(parts.path)).rstrip("/").lower()
    return site + path if site in PROFILE_HOSTS and path else None


def _profile_urls(profile) -> str:
    if isinstance(profile, str):
        profile = json.loads(profile or "{}")
    urls = sorted({url for link in (profile or {}).get("links") or []
                   if isinstance(link, dict) and (url := _profile_url(link.get("url")))})
    return "|" + "|".join(urls) + "|" if urls else ""


def _backfill_candidates(bind) -> None:
    bind.execute(sa.text(
        "UPDATE candidates SET obtained_via = CASE WHEN source = 'import' THEN 'import' "
        "ELSE 'recruiter_upload' END, obtained_at = created_at WHERE obtained_via IS NULL"))
    regions = {row.id: _region(row.settings)
               for row in bind.execute(sa.text("SELECT id, settings FROM tenants"))}
    update = sa.text("UPDATE candidates SET phone_normalized = :phone, profile_urls = :urls "
                     "WHERE id = :id")
    last_id = ""
    while True:
        rows = bind.execute(sa.text(
            "SELECT id, tenant_id, phone, profile FROM candidates WHERE id > :last "
            "ORDER BY id LIMIT :n"), {"last": last_id, "n": BATCH}).all()
        if not rows:
            return
        changes = [{"id": row.id, "phone": _phone(row.phone, regions.get(row.tenant_id)),
                    "urls": _profile_urls(row.profile)} for row in rows]
        bind.execute(update, changes)
        last_id = rows[-1].id
