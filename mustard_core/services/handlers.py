"""The core's job kinds: parse a CV, index candidates, erase, reindex, push synonyms.

Each handler runs inside `execute_job`'s transaction (ctx.session, scoped to the job's tenant);
whatever it writes commits together with the job's success. Calls to providers are idempotent
(put by key, index by id, delete missing is fine), so a rerun after a crash is harmless.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mustard_core import cache
from mustard_core.jobs import JobContext, JobFailed, JobKind, enqueue
from mustard_core.models import Candidate, Document, Job, Synonym
from mustard_core.platform import Platform
from mustard_core.plugins import CandidateEvent, DocumentEvent
from mustard_core.roles import ParseError, StorageNotFound, SynonymSet
from mustard_core.services import candidates as candidate_service
from mustard_core.services import duplicates
from mustard_core.services import erasure as erasure_service
from mustard_core.services.export import EXPORT_KINDS
from mustard_core.services.resumes import RESUME_KINDS
from mustard_core.services.retention import RETENTION_KINDS

log = logging.getLogger(__name__)


def parse_document(ctx: JobContext) -> dict[str, Any]:
    platform = ctx.platform
    document_id = ctx.payload.get("document_id")
    with platform.session(ctx.tenant.id, write=False) as reader:  # none held while parsing
        stored = reader.get(Document, document_id)
        if stored is None:
            raise JobFailed("the document no longer exists (erased?)")
        key, media_type, filename = stored.storage_key, stored.media_type, stored.filename
    try:
        with platform.storage.open(key) as handle:
            data = handle.read()
    except StorageNotFound:
        raise JobFailed("the stored file is missing") from None
    parser_name = platform.settings["mustard.parser"]
    try:
        parsed = platform.parser.parse(data, media_type=media_type, filename=filename,
                                       tenant=ctx.tenant.ref())
    except ParseError as exc:
        platform.metrics.increment(
            f"parses.{parser_name}.{'retried' if exc.transient else 'failed'}")
        raise
    session = ctx.session
    document = session.get(Document, document_id)
    if document is None:
        raise JobFailed("the document was erased while it was being parsed")
    problems = candidate_service.validate_fields(
        session, ctx.tenant.id, {"email": parsed.email, "phone": parsed.phone,
                                 "profile": parsed.profile})
    if any(p["field"].startswith("profile") for p in problems):
        raise JobFailed("the parser produced an invalid profile: " + problems[0]["message"])
    if any(p["field"] == "email" for p in problems):
        parsed.email = None
    if any(p["field"] == "phone" for p in problems):
        parsed.phone = None
    if not (parsed.name or parsed.email or parsed.phone):
        raise JobFailed("no name, email or phone number was found in the CV")
    candidate = None
    if document.candidate_id:
        candidate = session.get(Candidate, document.candidate_id)
    if candidate is None:
        candidate_service.lock_identity(
            session, ctx.tenant.id, candidate_service.normalise_email(parsed.email))
        candidate = candidate_service.find_match(session, parsed)
    created = candidate is None
    if created:
        candidate = candidate_service.create_candidate(
            session, ctx.tenant, {k: v for k, v in parsed.contact().items() if v},
            source="upload", owner_id=document.uploaded_by)
    changed = candidate_service.merge_parsed(session, candidate, parsed,
                                             document_id=document.id, source=parser_name)
    if created:  # only an email merges on its own; weaker matches go to the review queue
        duplicates.flag_possible_duplicates(session, candidate, document_id=document.id)
    cache.candidate_changed(session, ctx.tenant.id, candidate.id)
    document.candidate_id = candidate.id
    document.parse_state = "parsed"
    document.parse_error = None
    document.parser = parser_name
    document.parsed = parsed.raw
    tenant_ref = ctx.tenant.ref()
    enqueue(session, tenant_id=ctx.tenant.id, kind="index",
            payload={"candidate_ids": [candidate.id]}, request_id=ctx.job.request_id)
    hook = "mustard_candidate_created" if created else "mustard_candidate_updated"
    platform.emit_after_commit(session, hook, CandidateEvent(
        tenant=tenant_ref, candidate_id=candidate.id, source="upload", changed=tuple(changed)))
    platform.emit_after_commit(session, "mustard_document_parsed", DocumentEvent(
        tenant=tenant_ref, document_id=document.id, candidate_id=candidate.id,
        parser=parser_name))
    platform.metrics.increment(f"parses.{parser_name}.succeeded")
    return {"candidate_id": candidate.id, "document_id": document.id, "created": created,
            "merged": not created, "confidence": parsed.confidence}


def _parse_failed(platform: Platform, session: Session, job: Job, error: str) -> None:
    document = session.get(Document, (job.payload or {}).get("document_id"))
    if document is not None:
        document.parse_state = "failed"
        document.parse_error = error


def index_candidates(ctx: JobContext) -> dict[str, Any]:
    """Push the current state of these candidates; ones that no longer exist are removed."""
    ids = list(ctx.payload.get("candidate_ids") or [])
    with ctx.platform.session(ctx.tenant.id, write=False) as reader:
        rows = reader.scalars(select(Candidate).where(Candidate.id.in_(ids))).all()
        records = [candidate_service.search_record(row) for row in rows]
    gone = sorted(set(ids) - {record.id for record in records})
    tenant = ctx.tenant.ref()
    if records:
        ctx.platform.search.index(tenant, records)
    if gone:
        ctx.platform.search.delete(tenant, gone)
    cache.search_changed(ctx.platform, ctx.tenant.id)
    ctx.platform.metrics.increment("index.update.succeeded")
    return {"indexed": len(records), "removed": len(gone)}


def erase_candidate_data(ctx: JobContext) -> dict[str, Any]:
    """The part of an erasure outside the database: stored files and the index entry."""
    if "erasure_id" in ctx.payload:  # an Erasure record tracks every store: services/erasure
        return erasure_service.run_erasure(ctx)
    # Erase jobs queued by the release before Erasure records existed carry the file keys
    # themselves; nothing enqueues this payload any more. Kept so an upgrade drains them.
    keys = list(ctx.payload.get("storage_keys") or [])
    for key in keys:
        ctx.platform.storage.delete(key)
    ctx.platform.search.delete(ctx.tenant.ref(), [ctx.payload["candidate_id"]])
    cache.search_changed(ctx.platform, ctx.tenant.id)
    return {"files_deleted": len(keys), "candidate_id": ctx.payload["candidate_id"]}


def reindex_tenant(ctx: JobContext) -> dict[str, Any]:
    platform = ctx.platform
    tenant = ctx.tenant.ref()
    with platform.session(ctx.tenant.id, write=False) as reader:
        total = candidate_service.count(reader) or 1
        synonyms = synonym_sets(reader)
    done = {"n": 0}

    def progress(n: int) -> None:
        done["n"] = n
        ctx.progress(min(99, n * 100 // total))

    with platform.session(ctx.tenant.id, write=False) as reader:
        platform.search.reindex(tenant, candidate_service.iter_search_records(reader),
                                synonyms, progress)
    cache.search_changed(platform, ctx.tenant.id)
    platform.metrics.increment("index.reindex.succeeded")
    return {"indexed": done["n"]}


def push_synonyms(ctx: JobContext) -> dict[str, Any]:
    with ctx.platform.session(ctx.tenant.id, write=False) as reader:
        sets = synonym_sets(reader)
    ctx.platform.search.set_synonyms(ctx.tenant.ref(), sets)
    cache.search_changed(ctx.platform, ctx.tenant.id)
    return {"synonyms": len(sets)}


def synonym_sets(session: Session) -> list[SynonymSet]:
    rows = session.scalars(select(Synonym).order_by(Synonym.created_at, Synonym.id)).all()
    return [SynonymSet(id=row.id, type=row.type, synonyms=list(row.synonyms), input=row.input)
            for row in rows]


CORE_KINDS: dict[str, JobKind] = {
    "parse": JobKind("parse", parse_document, on_failure=_parse_failed),
    # Index work waits out a search outage: about a day of doubling delays capped at 10 min.
    "index": JobKind("index", index_candidates, max_attempts=150),
    "erase": JobKind("erase", erase_candidate_data, max_attempts=150,
                     on_failure=erasure_service.erasure_failed),
    "reindex": JobKind("reindex", reindex_tenant, max_attempts=5),
    "push_synonyms": JobKind("push_synonyms", push_synonyms, max_attempts=150),
    **RESUME_KINDS,
    # The candidate data lifecycle (subject-access export, retention).
    **EXPORT_KINDS,
    **RETENTION_KINDS,
}
