"""resume templates and share links

Tenant templates (`resume_templates`) and share links (`resume_shares`, token hashes only),
both tenant-owned; see mustard_core/models/resumes.py.

Revision ID: 0003_resumes
Revises: 0002_sql_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_resumes"
down_revision = "0002_sql_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resume_templates",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_resume_templates_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_templates")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_resume_templates_tenant_id")),
    )
    op.create_index(op.f("ix_resume_templates_tenant_id"), "resume_templates", ["tenant_id"])

    op.create_table(
        "resume_shares",
        sa.Column("resume_id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("last_viewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["resume_id"], ["generated_resumes.id"],
                                name=op.f("fk_resume_shares_resume_id_generated_resumes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_resume_shares_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_shares")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_resume_shares_token_hash")),
    )
    op.create_index(op.f("ix_resume_shares_resume_id"), "resume_shares", ["resume_id"])
    op.create_index(op.f("ix_resume_shares_tenant_id"), "resume_shares", ["tenant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_resume_shares_tenant_id"), table_name="resume_shares")
    op.drop_index(op.f("ix_resume_shares_resume_id"), table_name="resume_shares")
    op.drop_table("resume_shares")
    op.drop_index(op.f("ix_resume_templates_tenant_id"), table_name="resume_templates")
    op.drop_table("resume_templates")
