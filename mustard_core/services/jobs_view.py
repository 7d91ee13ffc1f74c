"""The API's shape of a job."""

from __future__ import annotations

from typing import Any

from mustard_core.models import Job


def serialize_job(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state.value,
        "progress": job.progress,
        "attempts": job.attempts,
        "error": job.error,
        "result": job.result or {},
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
