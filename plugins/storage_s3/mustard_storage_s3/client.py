"""Building boto3 S3 clients: one place for addressing, signatures, retries and timeouts."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config


def make_client(region: str = "", endpoint_url: str = "", *, connect_timeout: float = 5,
                read_timeout: float = 60, max_attempts: int = 3) -> Any:
    """An S3 client using the standard AWS credential chain (never credentials from settings).

    Each client gets its own session: boto3's default session is a module global, and sessions
    are not thread-safe (clients are). SigV4 is required for presigned URLs on every region and
    KMS-encrypted objects. A custom endpoint (moto, MinIO) is addressed path-style because
    bucket-name subdomains do not resolve there.
    """
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        retries={"mode": "standard", "max_attempts": max_attempts},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
    )
    session = boto3.session.Session()
    return session.client("s3", region_name=region or None, endpoint_url=endpoint_url or None,
                          config=config)
