"""The plugin's settings: declared once (validated at start-up), read into one typed value.

Credentials are deliberately not settings: boto3 finds them through the standard AWS chain
(environment, shared config, container or instance role), so no key ever sits in an ini file
or in the console's settings page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mustard_core.settings import Setting, SettingsError, as_int, read_settings
from mustard_storage_s3.keys import validate_prefix

PREFIX = "mustard_storage_s3."
MIB = 1024 * 1024
MIN_PART_SIZE = 5 * MIB
"""S3 refuses multipart parts smaller than this (all but the last)."""
MAX_PRESIGN_SECONDS = 7 * 24 * 3600
"""The longest a SigV4 presigned URL may live."""
SSE_MODES = ("AES256", "aws:kms")


def parse_sse(value: Any) -> str:
    text = str(value).strip()
    if text not in SSE_MODES:
        raise ValueError(f"expected AES256 or aws:kms, got {value!r}")
    return text


def parse_presign_seconds(value: Any) -> int:
    seconds = as_int(value)
    if not 1 <= seconds <= MAX_PRESIGN_SECONDS:
        raise ValueError(f"expected 1 to {MAX_PRESIGN_SECONDS} seconds, got {seconds}")
    return seconds


def parse_threshold(value: Any) -> int:
    size = as_int(value)
    if size < 1:
        raise ValueError(f"expected a positive number of bytes, got {size}")
    return size


def parse_object_prefix(value: Any) -> str:
    """The settings prefix uses the key alphabet too: it is part of every object name."""
    return validate_prefix(str(value).strip())


def _optional(value: Any) -> str:
    return "" if value is None else str(value).strip()


SETTINGS: tuple[Setting, ...] = (
    Setting(PREFIX + "bucket", "MUSTARD_S3_BUCKET", default="", parse=_optional,
            help="Bucket for uploads and generated PDFs (required when mustard.storage = s3)."),
    Setting(PREFIX + "prefix", "MUSTARD_S3_PREFIX", default="", parse=parse_object_prefix,
            help="Prepended to every object key, e.g. 'mustard/' (end it with '/')."),
    Setting(PREFIX + "region", "AWS_REGION", default="", parse=_optional,
            help="The bucket's region; empty lets boto3 find it (AWS_DEFAULT_REGION, config)."),
    Setting(PREFIX + "endpoint_url", "MUSTARD_S3_ENDPOINT_URL", default="", parse=_optional,
            help="Another S3 endpoint (tests: moto; MinIO); uses path-style addressing."),
    Setting(PREFIX + "sse", "MUSTARD_S3_SSE", default="AES256", parse=parse_sse,
            help="Server-side encryption of every object: AES256 (SSE-S3) or aws:kms."),
    Setting(PREFIX + "kms_key_id", "MUSTARD_S3_KMS_KEY_ID", default="", parse=_optional,
            help="KMS key id/ARN/alias with sse = aws:kms; empty uses the account's aws/s3 key."),
    Setting(PREFIX + "presign_seconds", "MUSTARD_S3_PRESIGN_SECONDS", default=300,
            parse=parse_presign_seconds,
            help="Longest life of a presigned download URL (shorter requests are honoured)."),
    Setting(PREFIX + "multipart_threshold", "MUSTARD_S3_MULTIPART_THRESHOLD", default=8 * MIB,
            parse=parse_threshold,
            help="Files of at least this many bytes go up as multipart uploads."),
)


@dataclass(frozen=True)
class S3Config:
    """The validated settings the provider needs."""

    bucket: str
    prefix: str = ""
    region: str = ""
    endpoint_url: str = ""
    sse: str = "AES256"
    kms_key_id: str = ""
    presign_seconds: int = 300
    multipart_threshold: int = 8 * MIB

    @property
    def multipart_chunksize(self) -> int:
        """Part size: the threshold, but never below S3's minimum part size."""
        return max(self.multipart_threshold, MIN_PART_SIZE)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> S3Config:
        """Read (and re-check) the plugin's settings; a missing bucket is a SettingsError.

        The values normally arrive parsed by start-up validation; parsing again is harmless and
        lets a test or a script pass a plain dict.
        """
        values = read_settings(settings, SETTINGS, PREFIX)
        if not values["bucket"]:
            raise SettingsError(
                f"missing setting {PREFIX}bucket (environment variable MUSTARD_S3_BUCKET)")
        if values["kms_key_id"] and values["sse"] != "aws:kms":
            raise SettingsError(f"malformed setting {PREFIX}kms_key_id: needs sse = aws:kms")
        return cls(**values)
