"""All models, importable from one place (Alembic's autogenerate reads Base.metadata)."""

from mustard_core.models.base import Base, new_id, utcnow
from mustard_core.models.lifecycle import DuplicateReview, Erasure, ExportArchive
from mustard_core.models.owned import (
    AuditEvent,
    Candidate,
    CandidateRevision,
    Document,
    DocumentKind,
    GeneratedResume,
    IntegrationCredential,
    Job,
    JobState,
    Synonym,
    TenantOwned,
)
from mustard_core.models.resumes import ResumeShare, ResumeTemplate
from mustard_core.models.tenancy import ApiToken, Role, Tenant, User

__all__ = [
    "ApiToken", "AuditEvent", "Base", "Candidate", "CandidateRevision", "Document",
    "DocumentKind", "DuplicateReview", "Erasure", "ExportArchive", "GeneratedResume",
    "IntegrationCredential", "Job", "JobState", "ResumeShare", "ResumeTemplate", "Role",
    "Synonym", "Tenant", "TenantOwned",
    "User", "new_id", "utcnow",
]
