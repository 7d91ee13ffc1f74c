"""Duplicates: finding records that may be one person, and merging or keeping them apart.

A CV whose email address is already known merges into that candidate on its own
(candidates.find_match): an address belongs to one person. Anything weaker is a guess, so it is
queued for a recruiter instead of merged:
- `same_name_and_phone`: the same name and the same phone number (E.164, read with the
  tenant's default country), but not the same email;
- `similar_name_same_employer`: a similar name (spelling, initials, order) and an employer in
  common;
- `same_profile_url`: the same LinkedIn/GitHub/... profile link under another email address.

Merging keeps everything: the merged-away record's documents, generated resumes, export
archives and revisions move to the survivor, its fields fill the survivor's empty ones (lists
are united, nothing typed is overwritten), and a `merge` revision records what came from which
record. The merged-away record is then deleted (its search entry follows through the index
job), and plugins hear `candidate_updated` for the survivor and `candidate_deleted` for it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from mustard_core import audit, cache
from mustard_core.errors import ApiError
from mustard_core.jobs import enqueue
from mustard_core.models import (
    Candidate,
    CandidateRevision,
    Document,
    DuplicateReview,
    ExportArchive,
    GeneratedResume,
    Tenant,
    utcnow,
)
from mustard_core.platform import Platform
from mustard_core.plugins import CandidateEvent
from mustard_core.services import candidates as candidate_service

LABELS = {"same_name_and_phone": "Same name and phone number",
          "similar_name_same_employer": "Similar name and an employer in common",
          "same_profile_url": "Same profile link, another email address"}
OPEN, KEPT_APART = "open", "kept_apart"
MAX_CANDIDATES = 500
"""Rows looked at per new candidate: the name prefilter can match common names."""
SHARED_LINK_LIMIT = 3
"""A profile link already on more records than this is a shared page (a company's LinkedIn
page, an organisation on GitHub), not one person's: it raises no reviews. Without this, N CVs
linking one company page would queue N x N reviews."""
NAME_SIMILARITY = 0.85
_COMPANY_SUFFIXES = frozenset({"ltd", "limited", "inc", "incorporated", "plc", "llc", "llp",
                               "gmbh", "ag", "sa", "sas", "bv", "nv", "co", "corp",
                               "corporation", "company", "group", "the"})


# --------------------------------------------------------------------------- comparing


def name_tokens(name: str | None) -> tuple[str, ...]:
    """Lower-case words without accents or punctuation: 'Zoë  O'Brien' -> ('zoe', 'obrien')."""
    if not name:
        return ()
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return tuple(re.sub(r"[^\w\s]", "", plain).split())


def same_name(a: str | None, b: str | None) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta) and sorted(ta) == sorted(tb)


def similar_name(a: str | None, b: str | None) -> bool:
    """The same name; or the same family name with the same first initial ('A. Lovelace',
    'Ada King Lovelace'); or nearly the same spelling ('Ada Lovelase')."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if sorted(ta) == sorted(tb):
        return True
    if len(ta) > 1 and len(tb) > 1 and ta[-1] == tb[-1] and ta[0][:1] == tb[0][:1]:
        return True
    return difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio() >= NAME_SIMILARITY


def employers(profile: dict[str, Any] | None) -> set[str]:
    """Normalised company names of a profile's experience ('Analytical Engines Ltd.' ->
    'analytical engines')."""
    found = set()
    for item in (profile or {}).get("experience") or []:
        words = [w for w in re.sub(r"[^\w\s]", " ", (item.get("company") or "").casefold())
                 .split() if w not in _COMPANY_SUFFIXES]
        if words:
            found.add(" ".join(words))
    return found


def _urls(candidate: Candidate) -> set[str]:
    return {url for url in (candidate.profile_urls or "").split("|") if url}


def match_reasons(new: Candidate, existing: Candidate, *,
                  shared_urls: frozenset[str] = frozenset()) -> list[str]:
    """Why `existing` may be the same person as `new` (empty: no reason to think so).

    A shared email address is not a reason here: it is certain, and merges on its own; nor is
    a link in `shared_urls` (see SHARED_LINK_LIMIT)."""
    if new.email_normalized and new.email_normalized == existing.email_normalized:
        return []
    reasons = []
    if (new.phone_normalized and new.phone_normalized == existing.phone_normalized
            and same_name(new.name, existing.name)):
        reasons.append("same_name_and_phone")
    if similar_name(new.name, existing.name) and (
            employers(new.profile) & employers(existing.profile)):
        reasons.append("similar_name_same_employer")
    if (_urls(new) & _urls(existing)) - shared_urls:
        reasons.append("same_profile_url")
    return reasons


def pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


# --------------------------------------------------------------------------- finding


def _possible_matches(session: Session, candidate: Candidate) -> list[Candidate]:
    """Rows sharing a phone number, a profile link or a name word with `candidate`; the rules
    in match_reasons decide which of them are worth a review."""
    conditions = []
    if candidate.phone_normalized:
        conditions.append(Candidate.phone_normalized == candidate.phone_normalized)
    for url in sorted(_urls(candidate))[:10]:
        conditions.append(Candidate.profile_urls.contains(f"|{url}|", autoescape=True))
    tokens = name_tokens(candidate.name)
    if tokens:
        for token in {tokens[0], tokens[-1]}:
            if len(token) >= 2:
                conditions.append(func.lower(Candidate.name).contains(token, autoescape=True))
    if not conditions:
        return []
    return list(session.scalars(
        select(Candidate).where(Candidate.id != candidate.id, or_(*conditions))
        .order_by(Candidate.created_at, Candidate.id).limit(MAX_CANDIDATES)))


def flag_possible_duplicates(session: Session, candidate: Candidate, *,
                             document_id: str | None = None) -> list[DuplicateReview]:
    """Queue a review for every existing candidate that may be this one (once per pair: a
    pair already queued, or kept apart, is left as it is)."""
    matches = _possible_matches(session, candidate)
    own_urls = _urls(candidate)
    link_counts = Counter(url for existing in matches for url in _urls(existing) & own_urls)
    shared_urls = frozenset(url for url, count in link_counts.items()
                            if count > SHARED_LINK_LIMIT)
    reasons_by_match = {existing.id: reasons for existing in matches
                        if (reasons := match_reasons(candidate, existing,
                                                     shared_urls=shared_urls))}
    keys = {pair_key(candidate.id, match_id): match_id for match_id in reasons_by_match}
    if not keys:
        return []
    decided = set(session.scalars(select(DuplicateReview.pair_key)
                                  .where(DuplicateReview.pair_key.in_(list(keys)))))
    flagged = []
    for key, match_id in keys.items():
        if key in decided:
            continue
        review = DuplicateReview(tenant_id=candidate.tenant_id, candidate_id=candidate.id,
                                 match_id=match_id, pair_key=key,
                                 reasons=reasons_by_match[match_id], state=OPEN,
                                 document_id=document_id, created_at=utcnow())
        session.add(review)
        flagged.append(review)
    if flagged:
        session.flush()
    return flagged


# --------------------------------------------------------------------------- deciding


def _open_review(review: DuplicateReview) -> None:
    if review.state != OPEN:
        raise ApiError(409, f"This pair was already decided ({review.state}).", code="conflict")


def keep_apart(request_or_session: Any, review: DuplicateReview, *,
               actor_id: str | None) -> DuplicateReview:
    """Record that the two are different people; the pair is never raised again."""
    _open_review(review)
    review.state = KEPT_APART
    review.resolved_by = actor_id
    review.resolved_at = utcnow()
    audit.record(request_or_session, "candidate.duplicate.kept_apart", f"review:{review.id}",
                 {"candidates": sorted((review.candidate_id, review.match_id))},
                 tenant_id=review.tenant_id, actor_id=actor_id)
    return review


def merge(platform: Platform, session: Session, tenant: Tenant, review: DuplicateReview, *,
          keep_id: str | None = None, actor_id: str | None = None,
          request_id: str | None = None, audit_target: Any = None) -> Candidate:
    """Merge the pair into `keep_id` (default: the existing record, `match_id`).

    Everything the other record had moves to the survivor in this transaction; the index job,
    cache invalidation and plugin events follow its commit. `audit_target` is the request
    (the audit row then names the caller and their address), else the session."""
    _open_review(review)
    pair = {review.candidate_id, review.match_id}
    keep_id = keep_id or review.match_id
    if keep_id not in pair:
        raise ApiError(422, "Keep one of the two candidates of this pair.",
                       code="validation_failed",
                       details=[{"field": "keep", "message": "is not one of the pair"}])
    (gone_id,) = pair - {keep_id}
    survivor = session.get(Candidate, keep_id)
    gone = session.get(Candidate, gone_id)
    if survivor is None or gone is None:
        raise ApiError(404, "No such candidate.")
    moved = _move_belongings(session, gone.id, survivor.id)
    changed = _fold_fields(session, survivor, gone)
    session.add(CandidateRevision(
        tenant_id=survivor.tenant_id, candidate_id=survivor.id, document_id=None,
        source="merge", created_at=utcnow(),
        fields={"merged_from": gone.id, "review_id": review.id, "reasons": list(review.reasons),
                "contact": {key: getattr(gone, key) for key in candidate_service.CONTACT_FIELDS},
                "profile": gone.profile or {}, "consent": {
                    "obtained_via": gone.obtained_via,
                    "obtained_at": gone.obtained_at.isoformat() if gone.obtained_at else None,
                    "consent_at": gone.consent_at.isoformat() if gone.consent_at else None},
                "source": gone.source, "created_at": gone.created_at.isoformat(),
                "moved": moved, "changed": changed}))
    _repoint_reviews(session, review, gone.id, survivor.id)
    session.delete(review)
    session.flush()
    session.delete(gone)
    survivor.updated_at = utcnow()
    session.flush()
    audit.record(audit_target if audit_target is not None else session,
                 "candidate.merge", f"candidate:{survivor.id}",
                 {"merged": gone.id, "review": review.id, "reasons": list(review.reasons),
                  "moved": moved}, tenant_id=tenant.id, actor_id=actor_id)
    enqueue(session, tenant_id=tenant.id, kind="index",
            payload={"candidate_ids": [survivor.id, gone.id]}, created_by=actor_id,
            request_id=request_id)
    cache.candidate_changed(session, tenant.id, survivor.id)
    cache.candidate_changed(session, tenant.id, gone.id)
    ref = tenant.ref()
    platform.emit_after_commit(session, "mustard_candidate_updated", CandidateEvent(
        tenant=ref, candidate_id=survivor.id, source="merge", changed=tuple(changed)))
    platform.emit_after_commit(session, "mustard_candidate_deleted", CandidateEvent(
        tenant=ref, candidate_id=gone.id, source="merge"))
    return survivor


def _move_belongings(session: Session, from_id: str, to_id: str) -> dict[str, int]:
    """Re-point every row of the merged-away record; returns how many of each moved."""
    moved = {}
    for name, model in (("documents", Document), ("resumes", GeneratedResume),
                        ("exports", ExportArchive), ("revisions", CandidateRevision)):
        result = session.execute(update(model).where(model.candidate_id == from_id)
                                 .values(candidate_id=to_id)
                                 .execution_options(synchronize_session="fetch"))
        moved[name] = result.rowcount or 0
    return moved


def _fold_fields(session: Session, survivor: Candidate, gone: Candidate) -> list[str]:
    values: dict[str, Any] = {key: getattr(gone, key)
                              for key in candidate_service.CONTACT_FIELDS
                              if getattr(gone, key) and not getattr(survivor, key)}
    values["profile"] = candidate_service.merge_profiles(survivor.profile or {},
                                                         gone.profile or {})
    changed = candidate_service.apply_fields(
        survivor, values, region=candidate_service.tenant_region(session, survivor))
    # The earliest time the person's data was held, and a consent date if only one had it.
    if gone.obtained_at and (survivor.obtained_at is None
                             or gone.obtained_at < survivor.obtained_at):
        survivor.obtained_at = gone.obtained_at
        survivor.obtained_via = gone.obtained_via or survivor.obtained_via
        changed.append("obtained_at")
    if survivor.consent_at is None and gone.consent_at is not None:
        survivor.consent_at = gone.consent_at
        changed.append("consent_at")
    return changed


def _repoint_reviews(session: Session, merged: DuplicateReview, from_id: str,
                     to_id: str) -> None:
    """Other reviews of the merged-away record now concern the survivor; a pair that would be
    the survivor with itself, or is already queued for the survivor, is dropped."""
    others = session.scalars(select(DuplicateReview).where(
        DuplicateReview.id != merged.id,
        or_(DuplicateReview.candidate_id == from_id, DuplicateReview.match_id == from_id)))
    for review in list(others):
        first = to_id if review.candidate_id == from_id else review.candidate_id
        second = to_id if review.match_id == from_id else review.match_id
        key = pair_key(first, second)
        taken = session.scalar(select(DuplicateReview.id).where(
            DuplicateReview.pair_key == key, DuplicateReview.id != review.id))
        if first == second or taken:
            session.delete(review)
        else:
            review.candidate_id, review.match_id, review.pair_key = first, second, key
    session.flush()


# --------------------------------------------------------------------------- reading


def list_query(state: str = OPEN):
    return (select(DuplicateReview).where(DuplicateReview.state == state)
            .order_by(DuplicateReview.created_at.desc(), DuplicateReview.id.desc()))


def candidate_summary(candidate: Candidate | None) -> dict[str, Any] | None:
    """What a recruiter needs to tell two records apart."""
    if candidate is None:
        return None
    profile = candidate.profile or {}
    return {"id": candidate.id, "name": candidate.name, "email": candidate.email,
            "phone": candidate.phone, "headline": candidate.headline,
            "location": candidate.location, "source": candidate.source,
            "employers": sorted({e.get("company") for e in profile.get("experience") or []
                                 if e.get("company")}),
            "links": [link.get("url") for link in profile.get("links") or []],
            "created_at": candidate.created_at.isoformat(),
            "updated_at": candidate.updated_at.isoformat()}


def with_candidates(session: Session, reviews: list[DuplicateReview],
                    ) -> list[tuple[DuplicateReview, Candidate | None, Candidate | None]]:
    """Each review with its two records, all read in one query (a page, not 2 per row)."""
    ids = {i for review in reviews for i in (review.candidate_id, review.match_id)}
    found = {c.id: c for c in session.scalars(select(Candidate).where(Candidate.id.in_(ids)))
             } if ids else {}
    return [(review, found.get(review.candidate_id), found.get(review.match_id))
            for review in reviews]


def serialize_all(session: Session, reviews: list[DuplicateReview]) -> list[dict[str, Any]]:
    return [_serialize(*row) for row in with_candidates(session, reviews)]


def serialize(session: Session, review: DuplicateReview) -> dict[str, Any]:
    return serialize_all(session, [review])[0]


def _serialize(review: DuplicateReview, candidate: Candidate | None,
               match: Candidate | None) -> dict[str, Any]:
    return {
        "id": review.id,
        "state": review.state,
        "reasons": list(review.reasons or []),
        "candidate": candidate_summary(candidate),
        "match": candidate_summary(match),
        "document_id": review.document_id,
        "created_at": review.created_at.isoformat(),
        "resolved_by": review.resolved_by,
        "resolved_at": review.resolved_at.isoformat() if review.resolved_at else None,
    }
