"""The public contract for plugins: every hook Mustard calls, documented where it is declared.

A plugin is a module (usually found through the `mustard.plugins` entry point group) with
functions decorated by `mustard_core.hookimpl` and named like the specs below. An implementation
may accept any subset of a hook's arguments. docs/plugins.md explains each hook with an example;
tests/test_plugin_contract.py fails if a hook here is undocumented or untested.

Event hooks fire after the transaction that caused the event has committed, so a plugin sees
committed data and a plugin's failure never undoes a recruiter's change (it is logged and
counted). They may also fire more than once for one change (jobs are retried): handle them
idempotently.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("mustard")


# --------------------------------------------------------------------------- providers


@hookspec
def mustard_storage_providers():
    """Return {name: factory}; `mustard.storage = name` selects one, factory(ctx) builds it."""


@hookspec
def mustard_search_providers():
    """Return {name: factory} of search engines (`mustard.search`)."""


@hookspec
def mustard_parser_providers():
    """Return {name: factory} of CV parsers (`mustard.parser`)."""


@hookspec
def mustard_metrics_providers():
    """Return {name: factory} of metrics sinks (`mustard.metrics`, several may be selected)."""


# --------------------------------------------------------------------------- wiring


@hookspec
def mustard_settings():
    """Return a list of `mustard_core.settings.Setting` the plugin reads (prefix the keys with
    the plugin's name); they are validated at start-up and secret ones masked wherever shown."""


@hookspec
def mustard_pyramid_config(config):
    """Add routes and views to the Pyramid `config` (called inside the app factory)."""


@hookspec
def mustard_openapi(settings):
    """Return an OpenAPI fragment ({"paths": {...}, "components": {"schemas": {...}}}) for the
    routes this plugin adds under /api/v1; merged into the one served, validating document."""


@hookspec
def mustard_admin_panels():
    """Return a list of `mustard_core.plugins.AdminPanel` shown in the console's navigation."""


@hookspec
def mustard_celery_tasks(celery_app):
    """Register Celery tasks on `celery_app` (use `mustard_core.tasks.job_task` for tasks that
    are jobs: recorded, retried and idempotent)."""


@hookspec
def mustard_job_handlers():
    """Return {kind: handler or mustard_core.jobs.JobKind}; handler(ctx: JobContext) runs it."""


@hookspec
def mustard_health_checks(settings):
    """Return a list of `mustard_core.plugins.HealthCheck`; shown in the console and /readyz."""


@hookspec
def mustard_cli(cli):
    """Add click commands to the `mustard` command group."""


# --------------------------------------------------------------------------- events


@hookspec
def mustard_candidate_created(event):
    """A candidate was created (`event`: CandidateEvent with tenant, candidate_id, source)."""


@hookspec
def mustard_candidate_updated(event):
    """A candidate's fields or profile changed (CandidateEvent)."""


@hookspec
def mustard_candidate_deleted(event):
    """A candidate was erased: remove every copy you keep (CandidateEvent; no PII in it)."""


@hookspec
def mustard_document_stored(event):
    """A file was accepted and stored (DocumentEvent with tenant, document_id, kind)."""


@hookspec
def mustard_document_parsed(event):
    """A CV was parsed into a candidate (DocumentEvent with candidate_id and parser name)."""


@hookspec
def mustard_resume_rendered(event):
    """A PDF resume was rendered and stored (ResumeEvent with tenant, resume_id, candidate_id)."""
