"""Mustard plugin: storage on Amazon S3, and `mustard deploy-frontend`.

Registered through the `mustard.plugins` entry point (`storage_s3 = mustard_storage_s3`); select
it with `mustard.storage = s3`. The hooks below are the whole integration: the core knows this
plugin only through them. boto3 is imported when a provider or check is built, not at load time,
so listing plugins stays quick.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mustard_core import hookimpl
from mustard_core.plugins import HealthCheck
from mustard_core.roles import Health, ProviderContext
from mustard_storage_s3.config import SETTINGS, S3Config

PROVIDER_NAME = "s3"


def build_storage(ctx: ProviderContext):
    """The provider factory: `mustard.storage = s3` calls it once per process."""
    from mustard_storage_s3.storage import S3Storage

    return S3Storage(S3Config.from_settings(ctx.settings))


@hookimpl
def mustard_storage_providers():
    return {PROVIDER_NAME: build_storage}


@hookimpl
def mustard_settings():
    return list(SETTINGS)


@hookimpl
def mustard_health_checks(settings: Mapping[str, Any]):
    """HEAD the bucket, only when S3 is the storage in use (an idle plugin is not unhealthy)."""
    if settings.get("mustard.storage") != PROVIDER_NAME:
        return []
    built: list = []

    def check() -> Health:
        # Built on first use and kept: /readyz is polled, clients are costly to build.
        if not built:
            try:
                built.append(build_storage(ProviderContext(settings=settings)))
            except Exception as exc:
                return Health(ok=False, detail=f"S3 storage not configured: {exc}")
        return built[0].health()

    return [HealthCheck(name="storage_s3", check=check)]


@hookimpl
def mustard_cli(cli):
    from mustard_storage_s3.cli import deploy_frontend

    cli.add_command(deploy_frontend)
