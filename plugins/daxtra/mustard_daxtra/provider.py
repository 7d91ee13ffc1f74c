"""The Daxtra `Parser` provider: picks the tenant's account, guards the size limit, calls Daxtra,
maps its answer, and hands over to a fallback parser when Daxtra cannot help right now."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mustard_core.plugins import build_provider, provider_factories
from mustard_core.profile import ParsedCandidate
from mustard_core.roles import Health, ParseError, Parser, ProviderContext, TenantRef
from mustard_core.settings import SettingsError
from mustard_daxtra.client import DaxtraClient
from mustard_daxtra.config import CREDENTIAL_NAME, PREFIX, DaxtraConfig
from mustard_daxtra.mapping import parsed_candidate

log = logging.getLogger(__name__)

Credentials = Callable[[TenantRef, str], "str | None"]


class DaxtraParser:
    """Parses CVs with Daxtra CVX; stateless: it keeps no copy of a file or of its result."""

    def __init__(self, config: DaxtraConfig, *, credentials: Credentials | None = None,
                 fallback: Parser | None = None, client: DaxtraClient | None = None):
        self.config = config
        self.client = client or DaxtraClient(config)
        self._credentials = credentials
        self._fallback = fallback

    def parse(self, data: bytes, *, media_type: str, filename: str,
              tenant: TenantRef) -> ParsedCandidate:
        if len(data) > self.config.max_bytes:
            if self._fallback is not None:
                log.info("daxtra: file over max_bytes; parsing with the fallback parser")
                return self._fallback.parse(data, media_type=media_type, filename=filename,
                                            tenant=tenant)
            raise ParseError(f"The file is {_megabytes(len(data))}; Daxtra accepts files up to "
                             f"{_megabytes(self.config.max_bytes)}.")
        account = self.account_for(tenant)
        try:
            document = self.client.parse(data, filename=filename, account=account)
        except ParseError as exc:
            if exc.transient and self._fallback is not None:
                log.warning("daxtra unavailable for tenant %s; parsing with the fallback parser",
                            tenant.id)
                return self._fallback.parse(data, media_type=media_type, filename=filename,
                                            tenant=tenant)
            raise
        candidate = parsed_candidate(document)
        if not candidate.name and not (candidate.email or candidate.phone):
            raise ParseError("Daxtra found no name and no contact details in this CV.")
        return candidate

    def account_for(self, tenant: TenantRef) -> str:
        """The tenant's own Daxtra account (credential `daxtra_account`), else the platform's."""
        if self._credentials is not None:
            own = self._credentials(tenant, CREDENTIAL_NAME)
            if own and own.strip():
                return own.strip()
        if self.config.account.strip():
            return self.config.account.strip()
        raise ParseError("No Daxtra account is set for this client database (integration "
                         f"credential '{CREDENTIAL_NAME}') and there is no platform default.")

    def health(self) -> Health:
        return self.client.health()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def build_parser(ctx: ProviderContext) -> DaxtraParser:
    """The factory behind `mustard.parser = daxtra`: checks settings only when selected.

    A fallback parser is built through the platform's plugin manager by name, so this plugin
    never imports another provider; that needs `ctx.plugin_manager` (read with getattr because
    the field is newer than the `ProviderContext` contract).
    """
    config = DaxtraConfig.from_settings(ctx.settings)
    if ctx.credentials is None and not config.account.strip():
        raise SettingsError(
            f"missing setting {PREFIX}account (environment variable DAXTRA_ACCOUNT)")
    return DaxtraParser(config, credentials=ctx.credentials,
                        fallback=_fallback_parser(config, ctx))


def _fallback_parser(config: DaxtraConfig, ctx: ProviderContext) -> Any:
    name = config.fallback.strip()
    if not name:
        return None
    plugin_manager = getattr(ctx, "plugin_manager", None)
    if plugin_manager is None:
        raise SettingsError(f"malformed setting {PREFIX}fallback: the provider context has no "
                            f"plugin manager to build parser {name!r} with")
    offered = provider_factories(plugin_manager, "parser")
    if name not in offered:
        choices = ", ".join(sorted(set(offered) - {"daxtra"})) or "none"
        raise SettingsError(f"malformed setting {PREFIX}fallback: no parser provider {name!r} "
                            f"(installed: {choices})")
    return build_provider(plugin_manager, "parser", name, ctx)
