"""The plugin's settings: declared once (for start-up validation and masking) and read once.

Every key is prefixed `mustard_daxtra.`. None is `required` in the declaration because the
platform validates declared settings at start-up whether or not this parser is selected; the
provider factory checks what it needs only when `mustard.parser = daxtra` builds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mustard_core.settings import Setting, SettingsError, as_bool, as_int, read_settings

PREFIX = "mustard_daxtra."
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
CREDENTIAL_NAME = "daxtra_account"
"""The per-tenant integration credential holding that tenant's Daxtra account name."""


def as_float(value: Any) -> float:
    return float(str(value).strip())


SETTINGS: tuple[Setting, ...] = (
    Setting(PREFIX + "base_url", "DAXTRA_URL", default="",
            help="Daxtra CVX REST base, e.g. https://host/cvx/rest/api/v1/ (required when "
                 "mustard.parser = daxtra)."),
    Setting(PREFIX + "account", "DAXTRA_ACCOUNT", default="", secret=True,
            help="Platform default Daxtra account, used for tenants without their own "
                 f"'{CREDENTIAL_NAME}' credential."),
    Setting(PREFIX + "account_options", "DAXTRA_ACCOUNT_OPTIONS", default="",
            help="Options appended to the account field after ';', e.g. '-OUT_SCHEMA json'."),
    Setting(PREFIX + "use_access_token", "DAXTRA_USE_ACCESS_TOKEN", default=False,
            parse=as_bool,
            help="Exchange the account for an access token (auth/v1/access_token) and send that."),
    Setting(PREFIX + "timeout", "DAXTRA_TIMEOUT", default=30.0, parse=as_float,
            help="Seconds to wait for Daxtra (connect and read)."),
    Setting(PREFIX + "two_step", "DAXTRA_TWO_STEP", default=False, parse=as_bool,
            help="Use profile/personal/json then data?token=... instead of profile/full/json."),
    Setting(PREFIX + "max_bytes", "DAXTRA_MAX_BYTES", default=DEFAULT_MAX_BYTES, parse=as_int,
            help="Largest file sent to Daxtra (Daxtra refuses files over 8 MB)."),
    Setting(PREFIX + "fallback", "DAXTRA_FALLBACK", default="",
            help="Parser provider used when Daxtra is unavailable or the file is too large "
                 "(e.g. 'builtin'); empty for none."),
    Setting(PREFIX + "retries", "DAXTRA_RETRIES", default=1, parse=as_int,
            help="Immediate retries of a call after a timeout, connection error or 5xx, before "
                 "the job's own retry with backoff takes over."),
    Setting(PREFIX + "retry_backoff", "DAXTRA_RETRY_BACKOFF", default=0.5, parse=as_float,
            help="Seconds before the first immediate retry (doubled for each next one)."),
)


@dataclass(frozen=True)
class DaxtraConfig:
    """The plugin's settings, parsed and checked, as the client and provider use them."""

    base_url: str
    account: str = ""
    account_options: str = ""
    use_access_token: bool = False
    timeout: float = 30.0
    two_step: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    fallback: str = ""
    retries: int = 1
    retry_backoff: float = 0.5

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> DaxtraConfig:
        """Read and check every `mustard_daxtra.*` setting; SettingsError names a bad one.

        Values may arrive already parsed (the platform resolved them) or raw (a test's dict):
        each is parsed again, which is harmless for parsed values.
        """
        values = read_settings(settings, SETTINGS, PREFIX)
        config = cls(**values)
        config.check()
        return config

    def check(self) -> None:
        if not self.base_url.strip():
            raise SettingsError(
                f"missing setting {PREFIX}base_url (environment variable DAXTRA_URL)")
        parts = urlsplit(self.base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise SettingsError(f"malformed setting {PREFIX}base_url: expected an http(s) URL")
        if self.timeout <= 0:
            raise SettingsError(f"malformed setting {PREFIX}timeout: must be positive")
        if self.max_bytes <= 0:
            raise SettingsError(f"malformed setting {PREFIX}max_bytes: must be positive")
        if self.retries < 0:
            raise SettingsError(f"malformed setting {PREFIX}retries: must be 0 or more")
        if self.retry_backoff < 0:
            raise SettingsError(f"malformed setting {PREFIX}retry_backoff: must be 0 or more")
        if self.fallback.strip() == "daxtra":
            raise SettingsError(f"malformed setting {PREFIX}fallback: cannot be daxtra itself")
